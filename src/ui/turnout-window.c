/* turnout-window.c: the main window.
 *
 * A leaflet with the program list in the sidebar and the selected program
 * beside it. Everything it shows comes from the store asynchronously; the
 * window keeps one GCancellable for what it has in flight and cancels it
 * when it goes away.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-window.h"

struct _TurnoutWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkStack             *sidebar_stack;
  GtkListBox           *program_list;
  GtkWidget            *content;
  GtkStack             *content_stack;
  AdwWindowTitle       *content_title;
  AdwStatusPage        *program_page;
  AdwStatusPage        *error_page;

  TurnoutStore         *store;
  GCancellable         *cancellable;
  GPtrArray            *programs;       /* of TurnoutProgram */
  gint64                program_id;     /* selected, or 0 */
  gint64                select_after_load;
  guint                 loading;
};

G_DEFINE_FINAL_TYPE (TurnoutWindow, turnout_window, ADW_TYPE_APPLICATION_WINDOW)

static void reload_programs (TurnoutWindow *self);

static void
show_error (TurnoutWindow *self,
            const GError  *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static char *
format_program_date (const TurnoutProgram *program)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (program->live_start == NULL)
    return g_strdup (_("No date set"));

  when = g_date_time_new_from_iso8601 (program->live_start, NULL);
  if (when == NULL)
    return g_strdup (program->live_start);

  local = g_date_time_to_local (when);
  /* Translators: a program's date in the sidebar; see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static GtkWidget *
create_program_row (const TurnoutProgram *program)
{
  g_autofree char *date = format_program_date (program);
  g_autofree char *counts = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (program->name);
  GtkWidget *when = gtk_label_new (date);
  GtkWidget *numbers;

  counts = g_strdup_printf (_("%u members · %u registered · %u attended"),
                            program->n_members, program->n_registered, program->n_attended);
  numbers = gtk_label_new (counts);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (numbers), 0);
  gtk_label_set_ellipsize (GTK_LABEL (numbers), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (numbers, "caption");
  gtk_widget_add_css_class (numbers, "program-counts");

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), numbers);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, program->name,
                                  -1);
  g_object_set_data (G_OBJECT (row), "program-id", GINT_TO_POINTER ((int) program->id));

  return row;
}

static const TurnoutProgram *
find_program (TurnoutWindow *self,
              gint64         program_id)
{
  for (guint i = 0; self->programs && i < self->programs->len; i++)
    {
      const TurnoutProgram *program = g_ptr_array_index (self->programs, i);

      if (program->id == program_id)
        return program;
    }
  return NULL;
}

static void
show_program (TurnoutWindow *self,
              gint64         program_id)
{
  const TurnoutProgram *program = find_program (self, program_id);
  g_autofree char *description = NULL;

  self->program_id = program ? program_id : 0;

  if (program == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack,
                                        self->programs && self->programs->len ? "program" : "empty");
      adw_window_title_set_title (self->content_title, _("Turnout"));
      adw_window_title_set_subtitle (self->content_title, NULL);
      adw_status_page_set_title (self->program_page, _("No Program Selected"));
      adw_status_page_set_description (self->program_page, _("Choose a program from the list."));
      return;
    }

  description = g_strdup_printf (_("%u members · %u registered · %u attended"),
                                 program->n_members, program->n_registered, program->n_attended);
  adw_window_title_set_title (self->content_title, program->name);
  adw_window_title_set_subtitle (self->content_title, NULL);
  adw_status_page_set_title (self->program_page, program->name);
  adw_status_page_set_description (self->program_page, description);
  gtk_stack_set_visible_child_name (self->content_stack, "program");
}

static void
on_row_selected (GtkListBox    *box,
                 GtkListBoxRow *row,
                 TurnoutWindow *self)
{
  if (row == NULL)
    return;

  show_program (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "program-id")));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
populate_programs (TurnoutWindow *self)
{
  GtkWidget *child;
  gint64 select = self->select_after_load ? self->select_after_load : self->program_id;

  self->select_after_load = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->program_list))) != NULL)
    gtk_list_box_remove (self->program_list, child);

  for (guint i = 0; i < self->programs->len; i++)
    {
      const TurnoutProgram *program = g_ptr_array_index (self->programs, i);
      GtkWidget *row = create_program_row (program);

      gtk_list_box_append (self->program_list, row);
      if (program->id == select)
        gtk_list_box_select_row (self->program_list, GTK_LIST_BOX_ROW (row));
    }

  gtk_stack_set_visible_child_name (self->sidebar_stack, "programs");
  show_program (self, select);
}

static void
list_programs_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;

  self->loading--;
  programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, &error);
  if (programs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  g_clear_pointer (&self->programs, g_ptr_array_unref);
  self->programs = g_steal_pointer (&programs);
  populate_programs (self);
}

static void
reload_programs (TurnoutWindow *self)
{
  self->loading++;
  turnout_store_list_programs_async (self->store, self->cancellable, list_programs_cb, g_object_ref (self));
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_aside = NULL;

  self->loading--;
  if (!turnout_store_open_finish (TURNOUT_STORE (object), result, &moved_aside, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      gtk_stack_set_visible_child_name (self->sidebar_stack, "programs");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-program", FALSE);
      return;
    }

  if (moved_aside != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The database was damaged. It was kept as %s and a new one was started."),
                                                  moved_aside);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  reload_programs (self);
}

typedef struct
{
  TurnoutProgramSpec  spec;
  char               *name;
} NewProgram;

static void
new_program_free (NewProgram *np)
{
  g_free (np->name);
  g_free (np);
}

static gpointer
add_program_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  NewProgram *np = data;
  gint64 id = turnout_db_add_program (db, &np->spec, error);

  return id ? g_memdup2 (&id, sizeof id) : NULL;
}

static void
add_program_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = NULL;

  self->loading--;
  id = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  self->select_after_load = *id;
  reload_programs (self);
}

static void
create_program (TurnoutWindow *self,
                const char    *name)
{
  NewProgram *np = g_new0 (NewProgram, 1);

  np->name = g_strdup (name);
  np->spec.name = np->name;
  np->spec.capacity = -1;
  self->loading++;
  turnout_store_run_async (self->store, add_program_job, np, (GDestroyNotify) new_program_free,
                           g_free, self->cancellable, add_program_cb, g_object_ref (self));
}

static void
new_program_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         TurnoutWindow    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "create"))
    create_program (self, gtk_editable_get_text (entry));
}

static void
new_program_entry_changed (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "create", *name != '\0');
}

static void
new_program_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("New Program"),
                                   _("One program holds one webinar."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Program name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Program name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (new_program_entry_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (new_program_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_programs_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
turnout_window_dispose (GObject *object)
{
  TurnoutWindow *self = (TurnoutWindow *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_WINDOW);

  G_OBJECT_CLASS (turnout_window_parent_class)->dispose (object);
}

static void
turnout_window_finalize (GObject *object)
{
  TurnoutWindow *self = (TurnoutWindow *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->programs, g_ptr_array_unref);

  G_OBJECT_CLASS (turnout_window_parent_class)->finalize (object);
}

static void
turnout_window_class_init (TurnoutWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  turnout_ensure_resources ();

  object_class->dispose = turnout_window_dispose;
  object_class->finalize = turnout_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, program_list);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, program_page);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, error_page);

  gtk_widget_class_install_action (widget_class, "win.new-program", NULL, new_program_action);
  gtk_widget_class_install_action (widget_class, "win.show-programs", NULL, show_programs_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-program", NULL);
}

static void
turnout_window_init (TurnoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->program_list, "row-selected", G_CALLBACK (on_row_selected), self);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

TurnoutWindow *
turnout_window_new (TurnoutApplication *application,
                    TurnoutStore       *store)
{
  TurnoutWindow *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_WINDOW, "application", application, NULL);
  self->store = g_object_ref (store);
  self->loading++;
  turnout_store_open_async (store, self->cancellable, open_cb, g_object_ref (self));

  return self;
}

GPtrArray *
turnout_window_get_programs (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return self->programs;
}

gint64
turnout_window_get_program_id (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), 0);
  return self->program_id;
}

void
turnout_window_select_program (TurnoutWindow *self,
                               gint64         program_id)
{
  GtkListBoxRow *row;

  g_return_if_fail (TURNOUT_IS_WINDOW (self));

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->program_list, i)) != NULL; i++)
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "program-id")) == program_id)
      {
        gtk_list_box_select_row (self->program_list, row);
        return;
      }
}

/* TRUE while the window waits for the store; tests spin until it is FALSE. */
gboolean
turnout_window_is_loading (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), FALSE);
  return self->loading > 0;
}
