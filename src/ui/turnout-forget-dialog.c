/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-forget-dialog.c: Forget Person, the right to erasure.
 *
 * Says what is erased and what stays before anything is, because nothing
 * of it can be undone. When the person is in a program linked to an ON24
 * event, ON24 can be asked to forget them too; it is asked first, so a
 * refusal there leaves everything here as it was and the coordinator can
 * try again or go on without it. The dialog stays open while the work
 * runs, with its answers disabled, and shows a problem in place.
 */
#define G_LOG_DOMAIN "turnout-forget-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-forget-dialog.h"
#include "turnout-store-members.h"

struct _TurnoutForgetDialog
{
  AdwMessageDialog   parent_instance;

  GtkWidget         *on24_list;
  AdwActionRow      *on24_row;
  GtkSwitch         *on24_switch;
  GtkWidget         *progress_box;
  GtkSpinner        *progress_spinner;
  GtkLabel          *problem_label;

  GtkWindow         *parent;    /* the window it is shown over; NULL once gone */
  TurnoutStore      *store;
  TurnoutOn24Client *client;    /* the account's, or NULL: none set up */
  GCancellable      *cancellable;
  gint64             person_id;
  char              *email;
  GArray            *events;    /* of gint64: their programs' ON24 events; NULL until known */
  gboolean           busy;
  char              *problem;
};

G_DEFINE_FINAL_TYPE (TurnoutForgetDialog, turnout_forget_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum
{
  FORGOTTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The window it was to be shown over went before it showed (it asks the
 * store first): let go of it while it is still there to let go of. */
static void
parent_gone (gpointer  data,
             GObject  *parent)
{
  TurnoutForgetDialog *self = data;

  self->parent = NULL;
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
}

static gboolean
on24_offered (TurnoutForgetDialog *self)
{
  return self->events != NULL && self->events->len > 0;
}

static gboolean
on24_possible (TurnoutForgetDialog *self)
{
  return on24_offered (self) && self->client != NULL;
}

static void
set_busy (TurnoutForgetDialog *self,
          gboolean             busy)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->busy = busy;
  adw_message_dialog_set_response_enabled (dialog, "cancel", !busy);
  adw_message_dialog_set_response_enabled (dialog, "forget", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->on24_row), !busy && on24_possible (self));
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_spinner_set_spinning (self->progress_spinner, busy);
  if (busy)
    gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
}

/* Nothing was erased: say why, and let them try again. */
static void
show_problem (TurnoutForgetDialog *self,
              char                *problem)
{
  g_free (self->problem);
  self->problem = problem;
  set_busy (self, FALSE);
  gtk_label_set_text (self->problem_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
}

/* The ON24 events of their programs, to offer "Also ask ON24" */

static void
list_events_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TurnoutForgetDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->events = turnout_store_list_person_on24_events_finish (TURNOUT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Its window closed while it asked: nothing to show it over. */
  if (self->parent == NULL || !gtk_widget_get_realized (GTK_WIDGET (self->parent)))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  /* Forgetting here still works; ON24 is just not offered. */
  if (error != NULL)
    g_debug ("Could not list the person's ON24 events: %s", error->message);

  if (on24_offered (self) && self->client != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Their registration for %'u event is erased at ON24 first",
                                                                "Their registrations for %'u events are erased at ON24 first",
                                                                self->events->len),
                                                   self->events->len);

      adw_action_row_set_subtitle (self->on24_row, subtitle);
      gtk_switch_set_active (self->on24_switch, TRUE);
    }
  else if (on24_offered (self))
    adw_action_row_set_subtitle (self->on24_row, _("No ON24 account is set up; set one up in Preferences"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->on24_row), on24_possible (self));
  gtk_widget_set_visible (self->on24_list, on24_offered (self));

  /* Shown once it knows what to offer: a message dialog keeps the size
   * of what it held when it was first shown. */
  gtk_window_present (GTK_WINDOW (self));
}

/* Forget: ON24 first when asked, then here */

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TurnoutForgetDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree TurnoutForgetReport *report = NULL;

  report = turnout_store_forget_person_finish (TURNOUT_STORE (object), result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: %s says what went wrong */
        show_problem (self, g_strdup_printf (_("Could not forget them: %s"), error->message));
      return;
    }

  g_debug ("Forgot person %" G_GINT64_FORMAT " in %u programs (%u history rows, %u questions)",
           self->person_id, report->n_programs, report->n_history, report->n_questions);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[FORGOTTEN], 0, self->person_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
forget_here (TurnoutForgetDialog *self,
             gboolean             on24)
{
  turnout_store_forget_person_async (self->store, self->person_id, g_get_user_name (), on24, self->cancellable,
                                     forget_cb, g_object_ref (self));
}

static void
on24_forget_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TurnoutForgetDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_forgotten = 0;

  if (!turnout_on24_client_forget_finish (TURNOUT_ON24_CLIENT (object), result, &n_forgotten, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: %s is ON24's problem, e.g. "ON24 did not answer in time" */
        show_problem (self, g_strdup_printf (_("ON24 could not forget them: %s. Nothing was erased."),
                                             error->message));
      return;
    }
  g_debug ("ON24 forgot them in %u of %u events", n_forgotten, self->events->len);
  forget_here (self, TRUE);
}

static void
forget (TurnoutForgetDialog *self)
{
  set_busy (self, TRUE);
  g_clear_pointer (&self->problem, g_free);
  if (on24_possible (self) && gtk_switch_get_active (self->on24_switch))
    turnout_on24_client_forget_async (self->client, self->email,
                                      (const gint64 *) (gpointer) self->events->data, self->events->len,
                                      self->cancellable, on24_forget_cb, g_object_ref (self));
  else
    forget_here (self, FALSE);
}

/* A message dialog closes on every answer, before it is told which. This
 * one stays open on Forget while the work runs, so it closes itself:
 * here it only lets the message dialog turn Escape into Cancel. */
static gboolean
turnout_forget_dialog_close_request (GtkWindow *window)
{
  g_autoptr(GtkWindow) hold = g_object_ref (window);

  GTK_WINDOW_CLASS (turnout_forget_dialog_parent_class)->close_request (window);
  return TRUE;
}

static void
turnout_forget_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  TurnoutForgetDialog *self = TURNOUT_FORGET_DIALOG (dialog);

  /* Once started it runs to its end: ON24 may have forgotten them already. */
  if (self->busy)
    return;
  if (g_str_equal (response, "forget"))
    forget (self);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
turnout_forget_dialog_get_busy (TurnoutForgetDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_FORGET_DIALOG (self), FALSE);
  return self->busy;
}

gboolean
turnout_forget_dialog_get_on24_shown (TurnoutForgetDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_FORGET_DIALOG (self), FALSE);
  return gtk_widget_get_visible (self->on24_list);
}

gboolean
turnout_forget_dialog_get_ask_on24 (TurnoutForgetDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_FORGET_DIALOG (self), FALSE);
  return on24_possible (self) && gtk_switch_get_active (self->on24_switch);
}

const char *
turnout_forget_dialog_get_problem (TurnoutForgetDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_FORGET_DIALOG (self), NULL);
  return self->problem;
}

static void
turnout_forget_dialog_dispose (GObject *object)
{
  TurnoutForgetDialog *self = (TurnoutForgetDialog *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->parent != NULL)
    g_object_weak_unref (G_OBJECT (self->parent), parent_gone, self);
  self->parent = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), TURNOUT_TYPE_FORGET_DIALOG);
  G_OBJECT_CLASS (turnout_forget_dialog_parent_class)->dispose (object);
}

static void
turnout_forget_dialog_finalize (GObject *object)
{
  TurnoutForgetDialog *self = (TurnoutForgetDialog *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->events, g_array_unref);
  g_free (self->email);
  g_free (self->problem);
  G_OBJECT_CLASS (turnout_forget_dialog_parent_class)->finalize (object);
}

static void
turnout_forget_dialog_class_init (TurnoutForgetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = turnout_forget_dialog_dispose;
  object_class->finalize = turnout_forget_dialog_finalize;
  window_class->close_request = turnout_forget_dialog_close_request;
  dialog_class->response = turnout_forget_dialog_response;

  /**
   * TurnoutForgetDialog::forgotten:
   * @person_id: the person whose personal data was erased
   *
   * Emitted once the person is forgotten, just before the dialog closes.
   */
  signals[FORGOTTEN] = g_signal_new ("forgotten", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  turnout_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-forget-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutForgetDialog, on24_list);
  gtk_widget_class_bind_template_child (widget_class, TurnoutForgetDialog, on24_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutForgetDialog, on24_switch);
  gtk_widget_class_bind_template_child (widget_class, TurnoutForgetDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, TurnoutForgetDialog, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutForgetDialog, problem_label);
}

static void
turnout_forget_dialog_init (TurnoutForgetDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * turnout_forget_dialog_present:
 * @on24: (nullable): the window's ON24 service
 * @member: the member whose person is to be forgotten, not yet forgotten
 */
TurnoutForgetDialog *
turnout_forget_dialog_present (GtkWindow           *parent,
                               TurnoutStore        *store,
                               TurnoutOn24Service  *on24,
                               const TurnoutMember *member)
{
  TurnoutForgetDialog *self;
  TurnoutOn24Client *client = on24 ? turnout_on24_service_get_client (on24) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);
  g_return_val_if_fail (member != NULL && member->person.email != NULL, NULL);

  name = turnout_person_dup_display_name (&member->person);
  /* Translators: %s is a person's name, or their e-mail address when no name is known */
  heading = g_strdup_printf (_("Forget %s?"), name);
  body = g_strdup_printf ("%s\n\n%s",
                          _("Their e-mail address, names, company, job title, the reasons typed about them "
                            "and the questions they asked are erased from every program. Their memberships "
                            "and history stay, as “Forgotten person”, so counts do not change, and a later "
                            "refresh or import does not bring them back."),
                          _("This cannot be undone. Exports made before are not changed: delete those "
                            "yourself."));
  self = g_object_new (TURNOUT_TYPE_FORGET_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);
  self->parent = parent;
  g_object_weak_ref (G_OBJECT (parent), parent_gone, self);
  self->store = g_object_ref (store);
  self->client = client ? g_object_ref (client) : NULL;
  self->person_id = member->person.id;
  self->email = g_strdup (member->person.email);

  turnout_store_list_person_on24_events_async (store, self->person_id, self->cancellable, list_events_cb,
                                               g_object_ref (self));
  return self;
}
