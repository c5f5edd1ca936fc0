/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-person-dialog.c: Add Member and Edit Person.
 *
 * One form for both: a new person joins the program (as Invited, by
 * hand), an edited one changes in every program they are in. Save is
 * offered only for a valid e-mail address. The dialog closes on its
 * answer, so the save is an _async ()/_finish () pair the window starts
 * from ::response::save: its result outlives the dialog's widgets.
 */
#define G_LOG_DOMAIN "turnout-person-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-person.h"
#include "turnout-person-dialog.h"
#include "turnout-store-members.h"

struct _TurnoutPersonDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *first_name_row;
  AdwEntryRow      *last_name_row;
  AdwEntryRow      *email_row;
  AdwEntryRow      *company_row;
  AdwEntryRow      *job_title_row;

  TurnoutStore     *store;
  gint64            program_id;
  gint64            person_id;   /* 0: a new member */
  gboolean          filling;
};

G_DEFINE_FINAL_TYPE (TurnoutPersonDialog, turnout_person_dialog, ADW_TYPE_MESSAGE_DIALOG)

typedef struct
{
  gboolean  is_new;
  char     *name;
  char     *message;   /* once saved */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->name);
  g_free (data->message);
  g_free (data);
}

static void
on_email_changed (GtkEditable         *editable,
                  TurnoutPersonDialog *self)
{
  const char *text = gtk_editable_get_text (editable);
  gboolean valid = turnout_email_is_valid (text);

  /* What the person had is not marked wrong before it is touched. */
  if (self->filling)
    return;
  if (valid || *text == '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", valid);
}

static char *
dup_field (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) change = NULL;

  change = turnout_store_save_person_finish (TURNOUT_STORE (object), result, &error);
  if (change == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!data->is_new)
    data->message = g_strdup_printf (_("%s saved"), data->name);
  else if (change->outcome == TURNOUT_MOVE_CHANGED)
    data->message = g_strdup_printf (_("%s added"), data->name);
  else
    data->message = g_strdup_printf (_("%s is already a member"), data->name);
  g_task_return_int (task, change->person_id);
}

/**
 * turnout_person_dialog_save_async:
 *
 * Saves what the form holds: a new member of the program, or the person
 * edited. Call it from ::response::save; it needs nothing of the dialog
 * once started.
 */
void
turnout_person_dialog_save_async (TurnoutPersonDialog *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TurnoutPerson person = { 0 };
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (TURNOUT_IS_PERSON_DIALOG (self));

  person.id = self->person_id;
  person.first_name = dup_field (self->first_name_row);
  person.last_name = dup_field (self->last_name_row);
  person.email = dup_field (self->email_row);
  person.company = dup_field (self->company_row);
  person.job_title = dup_field (self->job_title_row);

  data = g_new0 (SaveData, 1);
  data->is_new = person.id == 0;
  data->name = turnout_person_dup_display_name (&person);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_person_dialog_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  turnout_store_save_person_async (self->store, self->program_id, &person, cancellable,
                                   save_cb, g_steal_pointer (&task));
  turnout_person_clear (&person);
}

/**
 * turnout_person_dialog_save_finish:
 * @message: (out) (optional): what to tell the coordinator ("Anna added")
 *
 * Returns: the person saved, or 0 with @error set
 */
gint64
turnout_person_dialog_save_finish (TurnoutPersonDialog  *self,
                                   GAsyncResult         *result,
                                   char                **message,
                                   GError              **error)
{
  SaveData *data;
  gint64 person_id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  data = g_task_get_task_data (G_TASK (result));
  person_id = g_task_propagate_int (G_TASK (result), error);
  if (person_id <= 0)
    return 0;
  if (message != NULL)
    *message = g_strdup (data->message);
  return person_id;
}

static void
set_field (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/**
 * turnout_person_dialog_present:
 * @member: (nullable): the person to edit; NULL adds a member to @program_id
 */
TurnoutPersonDialog *
turnout_person_dialog_present (GtkWindow           *parent,
                               TurnoutStore        *store,
                               gint64               program_id,
                               const TurnoutMember *member)
{
  TurnoutPersonDialog *self;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_PERSON_DIALOG,
                       "transient-for", parent,
                       "heading", member ? _("Edit Person") : _("Add Member"),
                       "body", member ? _("Changes apply to this person in every program.")
                                      : _("The person joins this program as Invited."),
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->store = g_object_ref (store);
  self->program_id = program_id;

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", member ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "save",
                                           member != NULL && turnout_email_is_valid (member->person.email));

  if (member != NULL)
    {
      self->person_id = member->person.id;
      self->filling = TRUE;
      set_field (self->first_name_row, member->person.first_name);
      set_field (self->last_name_row, member->person.last_name);
      set_field (self->email_row, member->person.email);
      set_field (self->company_row, member->person.company);
      set_field (self->job_title_row, member->person.job_title);
      self->filling = FALSE;
    }

  gtk_window_present (GTK_WINDOW (self));
  return self;
}

static void
turnout_person_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TURNOUT_TYPE_PERSON_DIALOG);
  G_OBJECT_CLASS (turnout_person_dialog_parent_class)->dispose (object);
}

static void
turnout_person_dialog_finalize (GObject *object)
{
  TurnoutPersonDialog *self = (TurnoutPersonDialog *) object;

  g_clear_object (&self->store);
  G_OBJECT_CLASS (turnout_person_dialog_parent_class)->finalize (object);
}

static void
turnout_person_dialog_class_init (TurnoutPersonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_person_dialog_dispose;
  object_class->finalize = turnout_person_dialog_finalize;

  turnout_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-person-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutPersonDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPersonDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPersonDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPersonDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPersonDialog, job_title_row);
  gtk_widget_class_bind_template_callback (widget_class, on_email_changed);
}

static void
turnout_person_dialog_init (TurnoutPersonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
