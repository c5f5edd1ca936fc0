/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-team-dialog.c: Open Team Database.
 *
 * Several coordinators work on one PostgreSQL database. The dialog takes
 * its address (a libpq URI) and, apart from it, its password; Connect
 * tries the database on a thread, so a slow or absent server never
 * freezes the window. What goes wrong is said in the dialog, and nothing
 * is kept. Once it connects, the password goes to the keyring, the
 * address (never with a password in it) to the team-database setting,
 * and the application switches to the database.
 */
#define G_LOG_DOMAIN "turnout-team"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-db.h"
#include "turnout-team-credentials.h"
#include "turnout-team-dialog.h"

typedef struct
{
  char *uri;
  char *password;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_free (attempt->uri);
  if (attempt->password != NULL)
    memset (attempt->password, 0, strlen (attempt->password));
  g_free (attempt->password);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_free)

static Attempt *
attempt_copy (const Attempt *attempt)
{
  Attempt *copy = g_new0 (Attempt, 1);

  copy->uri = g_strdup (attempt->uri);
  copy->password = g_strdup (attempt->password);
  return copy;
}

struct _TurnoutTeamDialog
{
  AdwWindow           parent_instance;

  AdwEntryRow        *uri_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel           *problem_label;
  GtkSpinner         *spinner;

  TurnoutApplication *application;
  GCancellable       *cancellable;
  Attempt            *pending;  /* connecting to, then keeping the password of */
  char               *problem;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (TurnoutTeamDialog, turnout_team_dialog, ADW_TYPE_WINDOW)


static void
set_busy (TurnoutTeamDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "team.connect", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/* @row: the row to fix, or NULL. */
static void
show_problem (TurnoutTeamDialog *self,
              const char        *problem,
              GtkWidget         *row)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  if (row == GTK_WIDGET (self->uri_row))
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->uri_row), "error");
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

const char *
turnout_team_dialog_get_problem (TurnoutTeamDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_TEAM_DIALOG (self), NULL);
  return self->problem;
}

gboolean
turnout_team_dialog_is_busy (TurnoutTeamDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_TEAM_DIALOG (self), FALSE);
  return self->busy;
}

/* What is wrong with @uri before any connection is tried, or NULL. A
 * password in the address is refused: the address is saved in the
 * settings, where no secret may go. libpq reads it, so a password in a
 * query parameter (?password=) is found as surely as in user:pass@. */
static char *
check_uri (const char *uri)
{
  g_autofree char *why = NULL;
  gboolean has_password = FALSE;

  if (*uri == '\0')
    return g_strdup (_("Enter the team database’s address"));
  if (!turnout_db_is_team_location (uri))
    return g_strdup (_("A team database’s address starts with postgresql:// or postgres://"));

  if (!turnout_db_read_team_location (uri, &has_password, &why))
    {
      /* Translators: %s is libpq's reason, in English */
      return g_strdup_printf (_("The address cannot be read: %s"), why);
    }

  if (has_password)
    return g_strdup (_("Put the password in the password field, not in the address"));
  return NULL;
}

/* Connect */

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Attempt *attempt = task_data;
  GError *error = NULL;
  TurnoutDb *db;

  /* Only a try: the application's store opens its own connection. */
  db = turnout_db_open_with_password (attempt->uri, attempt->password, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  turnout_db_close (db);
  g_task_return_boolean (task, TRUE);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TurnoutTeamDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Attempt) attempt = NULL;
  g_autoptr(TurnoutApplication) application = NULL;
  GSettings *settings;

  if (!turnout_team_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A password the keyring did not take would be gone at the next
       * start: nothing is kept, as for any other failure. With no
       * password there was only an old one to remove, and no keyring
       * at all is no reason to stop. */
      if (self->pending->password != NULL)
        {
          g_clear_pointer (&self->pending, attempt_free);
          set_busy (self, FALSE);
          show_problem (self, error->message, NULL);
          return;
        }
      g_message ("No password kept for the team database: %s", error->message);
    }

  attempt = g_steal_pointer (&self->pending);
  application = g_object_ref (self->application);
  settings = turnout_application_get_settings (application);
  if (settings != NULL)
    g_settings_set_string (settings, "team-database", attempt->uri);
  /* The switch closes the windows this dialog belongs to. */
  gtk_window_close (GTK_WINDOW (self));
  turnout_application_switch_database (application, attempt->uri, attempt->password);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TurnoutTeamDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_pointer (&self->pending, attempt_free);
      set_busy (self, FALSE);
      show_problem (self, error->message, GTK_WIDGET (self->uri_row));
      return;
    }

  turnout_team_credentials_store_async (self->pending->uri, self->pending->password,
                                        self->cancellable, stored_cb, self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TurnoutTeamDialog *self = TURNOUT_TEAM_DIALOG (widget);
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uri_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *problem = check_uri (uri);
  g_autoptr(GTask) task = NULL;
  Attempt *attempt;

  if (self->busy)
    return;
  if (problem != NULL)
    {
      show_problem (self, problem, GTK_WIDGET (self->uri_row));
      return;
    }

  show_problem (self, NULL, NULL);
  set_busy (self, TRUE);
  attempt = g_new0 (Attempt, 1);
  attempt->uri = g_steal_pointer (&uri);
  attempt->password = *password != '\0' ? g_strdup (password) : NULL;
  self->pending = attempt;

  task = g_task_new (NULL, self->cancellable, connected_cb, self);
  g_task_set_source_tag (task, connect_action);
  /* The thread reads its own copy: the dialog's may go first. */
  g_task_set_task_data (task, attempt_copy (attempt), (GDestroyNotify) attempt_free);
  g_task_run_in_thread (task, connect_thread);
}

static void
changed_cb (TurnoutTeamDialog *self)
{
  /* What was said was about what is being corrected. */
  if (self->problem != NULL && !self->busy)
    show_problem (self, NULL, NULL);
}

static void
activated_cb (TurnoutTeamDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "team.connect", NULL);
}

static void
turnout_team_dialog_dispose (GObject *object)
{
  TurnoutTeamDialog *self = TURNOUT_TEAM_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);
  g_clear_pointer (&self->pending, attempt_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (turnout_team_dialog_parent_class)->dispose (object);
}

static void
turnout_team_dialog_class_init (TurnoutTeamDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  turnout_ensure_resources ();

  object_class->dispose = turnout_team_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-team-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutTeamDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutTeamDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutTeamDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutTeamDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);

  gtk_widget_class_install_action (widget_class, "team.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
turnout_team_dialog_init (TurnoutTeamDialog *self)
{
  GtkEditable *text;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* AdwEntryRow (1.2) has no placeholder of its own; its text does, and
   * shows it once the row has the focus, the title moved above. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->uri_row));
  if (GTK_IS_TEXT (text))
    gtk_text_set_placeholder_text (GTK_TEXT (text), "postgresql://coordinator@db.example.org/turnout");
}

TurnoutTeamDialog *
turnout_team_dialog_present (GtkWindow          *parent,
                             TurnoutApplication *application)
{
  TurnoutTeamDialog *self;

  g_return_val_if_fail (TURNOUT_IS_APPLICATION (application), NULL);

  self = g_object_new (TURNOUT_TYPE_TEAM_DIALOG, "transient-for", parent, NULL);
  self->application = g_object_ref (application);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->uri_row));
  return self;
}
