/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-window-actions.c: what the main window can do.
 *
 * Every win.* action's callback, the one function that installs them on
 * the class, and _turnout_window_actions_update (), the one place that
 * decides which are enabled. Change Status and Retry Registration Errors
 * run as bulk changes with a count and a Cancel; the program and person
 * dialogs are small and live here too; the other members dialogs are
 * their own widgets, opened with the store and the program.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk-progress.h"
#include "turnout-approve-dialog.h"
#include "turnout-batch-dialog.h"
#include "turnout-change-preview.h"
#include "turnout-change-status-popover.h"
#include "turnout-channel.h"
#include "turnout-columns.h"
#include "turnout-dates.h"
#include "turnout-event-settings-dialog.h"
#include "turnout-export-dialog.h"
#include "turnout-forget-dialog.h"
#include "turnout-import-dialog.h"
#include "turnout-on24-error.h"
#include "turnout-person-dialog.h"
#include "turnout-refresh-preview.h"
#include "turnout-rules-dialog.h"
#include "turnout-store-members.h"
#include "turnout-store-undo.h"
#include "turnout-undo-toast.h"
#include "turnout-waitlist-dialog.h"
#include "turnout-window-private.h"

/* Change Status */

typedef struct
{
  TurnoutWindow *self;
  char          *to_status;
  guint          asked;
} ChangeRequest;

static void bulk_started  (TurnoutWindow *self,
                           guint          total,
                           gboolean       undo);
static void bulk_finished (TurnoutWindow *self);

/* Undo: the toast's button, and Ctrl+Z for a while after. */

#define UNDO_SECONDS 60

static gboolean
undo_expired (gpointer data)
{
  TurnoutWindow *self = data;

  self->undo_timeout_id = 0;
  self->undo_change_id = 0;
  _turnout_window_actions_update (self);
  return G_SOURCE_REMOVE;
}

static void
offer_undo (TurnoutWindow *self,
            AdwToast      *toast,
            gint64         change_id)
{
  turnout_undo_toast_offer (toast, change_id, "win.undo-change");
  self->undo_change_id = change_id;
  g_clear_handle_id (&self->undo_timeout_id, g_source_remove);
  self->undo_timeout_id = g_timeout_add_seconds (UNDO_SECONDS, undo_expired, self);
  _turnout_window_actions_update (self);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree TurnoutUndoSummary *summary = NULL;
  g_autofree char *message = NULL;

  self->loading--;
  summary = turnout_store_undo_change_finish (TURNOUT_STORE (object), result, &error);
  bulk_finished (self);
  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancelled by its own button, not by the window closing: the
           * change stays, and can still be undone. */
          if (!g_cancellable_is_cancelled (self->cancellable))
            {
              AdwToast *toast = _turnout_window_show_toast (self, _("Undo cancelled; nothing was changed"));

              offer_undo (self, toast, self->undoing_change_id);
            }
        }
      else
        _turnout_window_show_error (self, error);
      return;
    }
  message = turnout_undo_describe (summary);
  _turnout_window_show_toast (self, message);
  _turnout_window_reload_all (self);
}

static void
undo_change (TurnoutWindow *self,
             gint64         change_id)
{
  /* One bulk change at a time: the one running has its Cancel. */
  if (change_id <= 0 || self->bulk_cancellable != NULL)
    return;
  /* One Undo per change: the toast's button and Ctrl+Z are the same. */
  if (change_id == self->undo_change_id)
    {
      self->undo_change_id = 0;
      g_clear_handle_id (&self->undo_timeout_id, g_source_remove);
      _turnout_window_actions_update (self);
    }
  self->loading++;
  self->undoing_change_id = change_id;
  bulk_started (self, 0, TRUE);
  turnout_store_undo_change_async (self->store, change_id, &self->bulk_progress, self->bulk_cancellable, undo_cb,
                                   g_object_ref (self));
}

static void
undo_change_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  undo_change (TURNOUT_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  undo_change (self, self->undo_change_id);
}

static gboolean
bulk_tick (gpointer data)
{
  TurnoutWindow *self = data;

  /* Every member counted: only the commit is left, which Cancel cannot stop. */
  if (turnout_bulk_progress_show (&self->bulk_progress, self->bulk_started, self->bulk_undo,
                                  self->bulk_label, self->bulk_progress_bar, self->bulk_revealer))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-bulk",
                                   !turnout_store_progress_is_committing (&self->bulk_progress));
  return G_SOURCE_CONTINUE;
}

/* @undo: an Undo, whose count comes from the store */
static void
bulk_started (TurnoutWindow *self,
              guint          total,
              gboolean       undo)
{
  self->bulk_undo = undo;
  /* Its progress shows where toasts do: the last one (the change's own,
   * when this is its Undo by Ctrl+Z) goes. */
  _turnout_window_dismiss_toast (self);
  self->bulk_cancellable = g_cancellable_new ();
  /* Cancelling the window's work (closing it) cancels this one too. */
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->bulk_cancellable, G_CONNECT_SWAPPED);
  g_atomic_int_set (&self->bulk_progress.done, 0);
  g_atomic_int_set (&self->bulk_progress.total, (gint) total);
  self->bulk_started = g_get_monotonic_time ();
  self->bulk_timeout_id = g_timeout_add (100, bulk_tick, self);
  _turnout_window_actions_update (self);
}

static void
bulk_finished (TurnoutWindow *self)
{
  g_clear_handle_id (&self->bulk_timeout_id, g_source_remove);
  g_clear_object (&self->bulk_cancellable);
  gtk_revealer_set_reveal_child (self->bulk_revealer, FALSE);
  _turnout_window_actions_update (self);
}

static void
change_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ChangeRequest *request = user_data;
  g_autoptr(TurnoutWindow) self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeCount) count = NULL;
  g_autofree char *to_status = request->to_status;
  TurnoutMemberTable *table;

  g_free (request);
  self->loading--;
  count = turnout_store_change_status_finish (TURNOUT_STORE (object), result, &error);
  bulk_finished (self);
  if (count == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancelled by its own button, not by the window closing. */
          if (!g_cancellable_is_cancelled (self->cancellable))
            _turnout_window_show_toast (self, _("Change cancelled; nothing was changed"));
        }
      else
        _turnout_window_show_error (self, error);
      return;
    }

  table = turnout_member_list_get_table (self->members);
  if (table != NULL)
    {
      g_autofree char *message = turnout_change_describe (turnout_member_table_get_channel (table), &count->summary,
                                                          to_status, count->refusal, TRUE);
      AdwToast *toast = _turnout_window_show_toast (self, message);

      if (count->change_id != 0)
        offer_undo (self, toast, count->change_id);
    }
  _turnout_window_reload_all (self);
}

/* Changes the selected members to @to_status, with @reason (or none) in
 * their history. A change chosen member by member is the coordinator's
 * own, however many: "Bulk change" is for Batch Change. */
static void
change_status (TurnoutWindow *self,
               const char    *to_status,
               const char    *reason)
{
  g_autoptr(GArray) ids = NULL;
  TurnoutMemberRange range;
  gboolean in_range;
  ChangeRequest *request;
  guint asked;

  if (self->program_id == 0 || self->bulk_cancellable != NULL)
    return;

  /* Select All's people are read on the store's thread: a million of
   * them here stalled the main loop for two frames. */
  in_range = turnout_members_view_get_selected_range (self->members_table, &range);
  if (!in_range)
    ids = turnout_members_view_dup_selected_person_ids (self->members_table);
  asked = in_range ? range.n : ids->len;
  if (asked == 0)
    return;

  request = g_new0 (ChangeRequest, 1);
  request->self = g_object_ref (self);
  request->to_status = g_strdup (to_status);
  request->asked = asked;
  self->loading++;
  bulk_started (self, asked, FALSE);
  if (in_range)
    turnout_store_change_status_range_async (self->store, self->program_id, to_status, &range, reason,
                                             TURNOUT_SOURCE_MANUAL, &self->bulk_progress, self->bulk_cancellable,
                                             change_status_cb, request);
  else
    turnout_store_change_status_async (self->store, self->program_id, to_status, ids, reason,
                                       TURNOUT_SOURCE_MANUAL, &self->bulk_progress, self->bulk_cancellable,
                                       change_status_cb, request);
}

static void
cancel_bulk_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  g_cancellable_cancel (self->bulk_cancellable);
}

static void
change_status_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const char *key = g_variant_get_string (parameter, NULL);

  if (g_str_equal (key, TURNOUT_STATUS_NOT_IN_PROGRAM))
    gtk_widget_activate_action (widget, "win.remove-members", NULL);
  else
    change_status (self, key, NULL);
}

/* The menu opens on what each target would do to this selection. */
static void
prepare_change_status (TurnoutChangeStatusPopover *popover,
                       TurnoutWindow              *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  TurnoutChannel *channel = table ? turnout_member_table_get_channel (table) : NULL;
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);
  g_autofree guint *counts = NULL;
  guint n_statuses, n, seats = 0;

  if (channel == NULL)
    {
      turnout_change_status_popover_set_selection (popover, NULL, NULL, 0, -1, 0);
      return;
    }

  n_statuses = turnout_channel_get_n_statuses (channel);
  counts = g_new0 (guint, n_statuses);
  n = turnout_members_view_count_selected_statuses (self->members_table, counts);
  for (guint i = 0; i < n_statuses; i++)
    if (turnout_channel_get_status (channel, i)->holds_seat)
      seats += turnout_member_table_count_status (table, i);
  turnout_change_status_popover_set_selection (popover, channel, counts, n,
                                               program ? program->capacity : -1, seats);
}

static void
on_change_status (TurnoutChangeStatusPopover *popover,
                  const char                 *to_status,
                  const char                 *reason,
                  TurnoutWindow              *self)
{
  if (g_str_equal (to_status, TURNOUT_STATUS_NOT_IN_PROGRAM))
    {
      g_free (self->remove_reason);
      self->remove_reason = g_strdup (reason);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.remove-members", NULL);
    }
  else
    change_status (self, to_status, reason);
}

void
_turnout_window_init_change_status (TurnoutWindow *self)
{
  GtkWidget *popover = turnout_change_status_popover_new ();

  g_signal_connect (popover, "prepare", G_CALLBACK (prepare_change_status), self);
  g_signal_connect (popover, "change-status", G_CALLBACK (on_change_status), self);
  gtk_menu_button_set_popover (self->change_status_button, popover);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TurnoutWindow    *self)
{
  g_autofree char *reason = g_steal_pointer (&self->remove_reason);

  if (g_str_equal (response, "remove"))
    change_status (self, TURNOUT_STATUS_NOT_IN_PROGRAM, reason);
}

static void
remove_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  g_autoptr(GArray) ids = turnout_members_view_dup_selected_person_ids (self->members_table);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (ids->len == 0)
    return;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %'u person from this program?",
                                          "Remove %'u people from this program?", ids->len),
                             ids->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("They are set to Not in Program. Their status history is kept, "
                                     "and adding them again starts a new membership."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Programs: new, rename, delete and its undo */

typedef enum
{
  PROGRAM_ADD,
  PROGRAM_RENAME,
  PROGRAM_DELETE,
  PROGRAM_RESTORE,
} ProgramChange;

typedef struct
{
  TurnoutWindow *self;
  ProgramChange  change;
  gint64         program_id;  /* none for PROGRAM_ADD */
  char          *message;     /* a toast once done, or NULL */
} ProgramDone;

static ProgramDone *
program_done_new (TurnoutWindow *self,
                  ProgramChange  change,
                  gint64         program_id,
                  char          *message)
{
  ProgramDone *done = g_new0 (ProgramDone, 1);

  done->self = g_object_ref (self);
  done->change = change;
  done->program_id = program_id;
  done->message = message;
  self->loading++;
  return done;
}

static void
program_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProgramDone *done = user_data;
  g_autoptr(TurnoutWindow) self = done->self;
  g_autofree char *message = done->message;
  TurnoutStore *store = TURNOUT_STORE (object);
  g_autoptr(GError) error = NULL;
  gint64 id = done->program_id;
  ProgramChange change = done->change;
  gboolean ok;

  g_free (done);
  self->loading--;
  switch (change)
    {
    case PROGRAM_ADD:
      id = turnout_store_add_program_finish (store, result, &error);
      ok = id != 0;
      break;
    case PROGRAM_RENAME:
      ok = turnout_store_rename_program_finish (store, result, &error);
      break;
    case PROGRAM_DELETE:
    case PROGRAM_RESTORE:
    default:
      ok = turnout_store_set_program_deleted_finish (store, result, &error);
      break;
    }
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_error (self, error);
      return;
    }

  if (change == PROGRAM_DELETE)
    {
      AdwToast *toast = _turnout_window_show_toast (self, message);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
      adw_toast_set_action_name (toast, "win.restore-program");
      if (self->program_id == id)
        self->program_id = 0;
    }
  else
    {
      self->select_after_load = id;
      if (message != NULL)
        _turnout_window_show_toast (self, message);
    }
  _turnout_window_reload_programs (self);
}

/* The program a name dialog names: 0 for a new one. */
typedef struct
{
  TurnoutWindow *self;
  GtkEditable   *entry;
  gint64         program_id;
} NameDialog;

static void
name_entry_changed (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", *name != '\0');
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  NameDialog       *data)
{
  TurnoutWindow *self = data->self;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (data->entry)));

  if (!g_str_equal (response, "ok") || *name == '\0')
    return;

  if (data->program_id != 0)
    turnout_store_rename_program_async (self->store, data->program_id, name, self->cancellable, program_done_cb,
                                        program_done_new (self, PROGRAM_RENAME, data->program_id, NULL));
  else
    turnout_store_add_program_async (self->store, name, self->cancellable, program_done_cb,
                                     program_done_new (self, PROGRAM_ADD, 0, NULL));
}

static void
ask_program_name (TurnoutWindow        *self,
                  const TurnoutProgram *program)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  NameDialog *data;

  if (program == NULL)
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("New Program"),
                                     _("One program holds one webinar."));
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Program"), NULL);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Program name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Program name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", program ? _("_Rename") : _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok", FALSE);
  if (program != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), program->name);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok", TRUE);
    }

  data = g_new0 (NameDialog, 1);
  data->self = self;
  data->entry = GTK_EDITABLE (entry);
  data->program_id = program ? program->id : 0;
  g_signal_connect (entry, "changed", G_CALLBACK (name_entry_changed), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (name_response_cb), data, (GClosureNotify) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_program_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ask_program_name (TURNOUT_WINDOW (widget), NULL);
}

static void
rename_program_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);

  if (program != NULL)
    ask_program_name (self, program);
}

/* The program a delete dialog asks about. */
typedef struct
{
  TurnoutWindow *self;
  gint64         program_id;
  char          *name;
} DeleteDialog;

static void
delete_dialog_free (DeleteDialog *data)
{
  g_free (data->name);
  g_free (data);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteDialog     *data)
{
  TurnoutWindow *self = data->self;

  if (!g_str_equal (response, "delete"))
    return;

  turnout_store_set_program_deleted_async (self->store, data->program_id, TRUE, self->cancellable, program_done_cb,
                                           program_done_new (self, PROGRAM_DELETE, data->program_id,
                                                             g_strdup_printf (_("“%s” deleted"), data->name)));
}

static void
delete_program_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  DeleteDialog *data;
  GtkWidget *dialog;

  if (program == NULL)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), program->name);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The program and its %'u member leave the list. You can undo this right after.",
                                       "The program and its %'u members leave the list. You can undo this right after.",
                                       program->n_members),
                          program->n_members);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data = g_new0 (DeleteDialog, 1);
  data->self = self;
  data->program_id = program->id;
  data->name = g_strdup (program->name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), data,
                         (GClosureNotify) delete_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_program_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  turnout_store_set_program_deleted_async (self->store, id, FALSE, self->cancellable, program_done_cb,
                                           program_done_new (self, PROGRAM_RESTORE, id,
                                                             g_strdup (_("Program restored"))));
}

/* People: add a member, edit or forget a person */

static void
person_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 person_id;

  self->loading--;
  person_id = turnout_person_dialog_save_finish (TURNOUT_PERSON_DIALOG (object), result, &message, &error);
  if (person_id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_error (self, error);
      return;
    }

  _turnout_window_show_toast (self, message);
  /* Show the person just added or edited. */
  turnout_members_view_select_person (self->members_table, person_id);
  _turnout_window_reload_all (self);
}

static void
on_person_save (TurnoutPersonDialog *dialog,
                const char          *response,
                TurnoutWindow       *self)
{
  self->loading++;
  turnout_person_dialog_save_async (dialog, self->cancellable, person_saved_cb, g_object_ref (self));
}

static void
show_person_dialog (TurnoutWindow       *self,
                    const TurnoutMember *member)
{
  TurnoutPersonDialog *dialog;

  dialog = turnout_person_dialog_present (GTK_WINDOW (self), self->store, self->program_id, member);
  g_signal_connect_object (dialog, "response::save", G_CALLBACK (on_person_save), self, 0);
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id != 0)
    show_person_dialog (self, NULL);
}

/* The person the details show, read again, for a dialog about them. */
typedef void (*PersonFunc) (TurnoutWindow       *self,
                            const TurnoutMember *member);

typedef struct
{
  TurnoutWindow *self;
  PersonFunc     func;
} PersonCall;

static void
details_member_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PersonCall *call = user_data;
  g_autoptr(TurnoutWindow) self = call->self;
  PersonFunc func = call->func;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMember) member = NULL;

  g_free (call);
  self->loading--;
  member = turnout_store_get_member_finish (TURNOUT_STORE (object), result, NULL, &error);
  if (member == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_error (self, error);
      return;
    }
  /* Forgotten meanwhile (the details were of someone else until now). */
  if (*member->person.email == '\0')
    return;
  func (self, member);
}

static void
with_details_member (TurnoutWindow *self,
                     PersonFunc     func)
{
  PersonCall *call;

  /* A forgotten person has nothing left to edit or forget. */
  if (self->details_person_id == 0 || turnout_member_details_is_forgotten (self->details))
    return;

  call = g_new0 (PersonCall, 1);
  call->self = g_object_ref (self);
  call->func = func;
  self->loading++;
  turnout_store_get_member_async (self->store, self->program_id, self->details_person_id, FALSE,
                                  self->cancellable, details_member_cb, call);
}

static void
edit_person_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  with_details_member (TURNOUT_WINDOW (widget), show_person_dialog);
}

static void
on_person_forgotten (TurnoutForgetDialog *dialog,
                     gint64               person_id,
                     TurnoutWindow       *self)
{
  /* No name or address: the toast must not bring back what was erased. */
  _turnout_window_show_toast (self, _("Personal data of one person erased"));
  _turnout_window_reload_all (self);
}

static void
show_forget_dialog (TurnoutWindow       *self,
                    const TurnoutMember *member)
{
  TurnoutForgetDialog *dialog;

  dialog = turnout_forget_dialog_present (GTK_WINDOW (self), self->store, self->on24, member);
  g_signal_connect_object (dialog, "forgotten", G_CALLBACK (on_person_forgotten), self, 0);
}

static void
forget_person_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  with_details_member (TURNOUT_WINDOW (widget), show_forget_dialog);
}

/* Event actions: the webinar provider and the members dialogs */

static guint
count_members_with (TurnoutWindow *self,
                    const char    *status_key)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  int index;

  if (table == NULL)
    return 0;
  index = turnout_channel_index_of (turnout_member_table_get_channel (table), status_key);
  return index < 0 ? 0 : turnout_member_table_count_status (table, index);
}


static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TurnoutProgramCall *call = user_data;
  g_autoptr(TurnoutWindow) self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  gint64 program_id = call->program_id;

  g_free (call);
  self->refreshing = FALSE;
  summary = turnout_refresh_preview_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _turnout_window_actions_update (self);

  /* A summary arrives through "refreshed", which also covers the
   * automatic refreshes; none (and no error) when the preview was
   * cancelled. Either way ON24 answered. */
  if (error == NULL)
    {
      turnout_problem_banner_resolve (self->problem_banner, program_id);
      return;
    }

  /* What the coordinator can fix gets the banner, with the fix (while
   * the program is still the one shown: the fix acts on that one); what
   * no button fixes (a refusal, an answer Turnout cannot read) a toast. */
  if (program_id != self->program_id ||
      !turnout_problem_banner_show_error (self->problem_banner, program_id, error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not refresh from ON24: %s"), error->message);

      _turnout_window_show_toast (self, message);
    }
}

/* By hand: fetch, show what would happen, apply only on Apply. */
static void
refresh_provider_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program;

  if (self->on24 == NULL || self->refreshing || !_turnout_window_program_is_linked (self))
    return;

  program = _turnout_window_find_program (self, self->program_id);
  self->refreshing = TRUE;
  _turnout_window_actions_update (self);
  turnout_refresh_preview_run_async (GTK_WINDOW (self), self->on24, self->program_id, program->name,
                                     self->refresh_spinner, self->cancellable, refresh_cb,
                                     _turnout_window_program_call_new (self));
}

/* F5 and Ctrl+R: ask the provider when the program has one, else read the
 * database again. */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->on24 != NULL && _turnout_window_program_is_linked (self))
    {
      if (!self->refreshing)
        gtk_widget_activate_action (widget, "win.refresh-provider", NULL);
    }
  else
    _turnout_window_reload_all (self);
}

static void
on_settings_closed (TurnoutWindow *self)
{
  /* The link to the event may have changed. */
  _turnout_window_reload_all (self);
}

static void
event_settings_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutEventSettingsDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_event_settings_dialog_present (GTK_WINDOW (self), self->store, self->on24, self->program_id);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_settings_closed), self, G_CONNECT_SWAPPED);
}

static void
on_imported (TurnoutImportDialog *dialog,
             guint                added,
             guint                updated,
             guint                skipped,
             TurnoutWindow       *self)
{
  _turnout_window_members_changed (self);
}

static void
import_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutImportDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_import_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  guint n_members = 0;

  file = turnout_export_dialog_run_finish (result, &n_members, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_error (self, error);
      return;
    }
  name = g_file_get_basename (file);
  /* Translators: "120 members exported to Launch.csv" */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u member exported to %s", "%'u members exported to %s",
                                          n_members),
                             n_members, name);
  _turnout_window_show_toast (self, message);
}

/* The table's columns as the export's, in the order shown: each shown
 * column's export columns (the name's are the first and the last name).
 */
static GArray *
visible_export_columns (TurnoutWindow *self)
{
  g_autoptr(GArray) shown = turnout_members_view_dup_shown_columns (self->members_table);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TurnoutExportColumn));

  for (guint i = 0; i < shown->len; i++)
    for (TurnoutExportColumn c = 0; c < TURNOUT_EXPORT_N_COLUMNS; c++)
      if (turnout_column_for_export (c)->view == g_array_index (shown, TurnoutMemberColumn, i))
        g_array_append_val (out, c);
  return out;
}

static const char *
view_status_key (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  int index = turnout_member_list_get_status_filter (self->members);

  if (table == NULL || index < 0)
    return NULL;
  return turnout_channel_get_status (turnout_member_table_get_channel (table), index)->key;
}

static void
export_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);
  g_autoptr(GArray) columns = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (program == NULL)
    return;
  columns = visible_export_columns (self);
  turnout_export_dialog_run (GTK_WINDOW (self), self->store, program->id, program->name,
                             view_status_key (self), *search ? search : NULL,
                             (const TurnoutExportColumn *) (gpointer) columns->data, columns->len,
                             self->cancellable, export_cb, g_object_ref (self));
}

static void
on_dialog_changed (GtkWidget     *dialog,
                   TurnoutWindow *self)
{
  _turnout_window_members_changed (self);
}

static void
approve_pending_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutApproveDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_approve_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_dialog_changed), self, 0);
}

static void
wait_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutWaitlistDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_waitlist_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_dialog_changed), self, 0);
}

static void
batch_change_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutBatchDialog *dialog;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  TurnoutMemberFilter view = {
    .status = view_status_key (self),
    .search = *search ? search : NULL,
    .success = -1,
    .acquired_by = NULL,
  };

  if (self->program_id == 0)
    return;
  dialog = turnout_batch_dialog_present (GTK_WINDOW (self), self->store, self->program_id, &view);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_dialog_changed), self, 0);
}

static void
trigger_rules_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id != 0)
    turnout_rules_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
}

/* Retry Registration Errors: every Registration Error member of the
 * program back to Registered, so the provider is asked again. */

static void
retry_changed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeCount) count = NULL;
  g_autofree char *message = NULL;
  TurnoutChangeSummary summary;

  self->loading--;
  count = turnout_store_change_status_finish (TURNOUT_STORE (object), result, &error);
  bulk_finished (self);
  if (count == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_toast (self, _("Change cancelled; nothing was changed"));
      else
        _turnout_window_show_error (self, error);
      return;
    }

  summary = count->summary;
  if (summary.changed == 0)
    message = g_strdup (_("No registration errors were retried"));
  else if (self->on24 != NULL && _turnout_window_program_is_linked (self))
    /* Translators: Registered is a status; the provider is ON24 */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u member set back to Registered and sent to ON24 again",
                                            "%'u members set back to Registered and sent to ON24 again",
                                            summary.changed),
                               summary.changed);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u member set back to Registered",
                                            "%'u members set back to Registered", summary.changed),
                               summary.changed);
  _turnout_window_show_toast (self, message);
  _turnout_window_members_changed (self);
}

static void
list_errors_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TurnoutProgramCall *call = user_data;
  g_autoptr(TurnoutWindow) self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 program_id = call->program_id;

  g_free (call);
  self->loading--;
  ids = turnout_store_list_members_with_status_finish (TURNOUT_STORE (object), result, &error);
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_error (self, error);
      return;
    }
  if (ids->len == 0 || program_id != self->program_id)
    {
      _turnout_window_show_toast (self, _("No members have a registration error"));
      return;
    }
  /* Another bulk change started meanwhile: one at a time. */
  if (self->bulk_cancellable != NULL)
    return;

  self->loading++;
  bulk_started (self, ids->len, FALSE);
  turnout_store_change_status_async (self->store, self->program_id, TURNOUT_STATUS_REGISTERED, ids, NULL,
                                     TURNOUT_SOURCE_BULK, &self->bulk_progress, self->bulk_cancellable,
                                     retry_changed_cb, g_object_ref (self));
}

static void
retry_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   TurnoutWindow    *self)
{
  if (!g_str_equal (response, "retry") || self->program_id == 0 || self->bulk_cancellable != NULL)
    return;
  self->loading++;
  turnout_store_list_members_with_status_async (self->store, self->program_id, TURNOUT_STATUS_REGISTRATION_ERROR,
                                                self->cancellable, list_errors_cb,
                                                _turnout_window_program_call_new (self));
}

/* When the live event is over, a retried registration can only watch the
 * recording, and the next refresh makes whoever does not a No Show:
 * "The live event ended on 20 Nov 2026 16:00 (Europe/Amsterdam)." */
static char *
describe_event_over (const TurnoutProgram *program)
{
  gint64 end = program ? turnout_dates_parse_iso8601 (program->live_end) : 0;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *when = NULL;

  if (end == 0 || end > g_get_real_time () / G_USEC_PER_SEC)
    return NULL;
  zone = turnout_dates_time_zone (program->time_zone);
  when = turnout_format_time_in (end, zone);
  if (zone != NULL)
    /* Translators: "20 Nov 2026 16:00 (Europe/Amsterdam)" */
    return g_strdup_printf (_("The live event ended on %s (%s). They can only watch the recording now, "
                              "and the next refresh makes anyone who does not watch it a No Show."),
                            when, program->time_zone);
  return g_strdup_printf (_("The live event ended on %s. They can only watch the recording now, "
                            "and the next refresh makes anyone who does not watch it a No Show."),
                          when);
}

/* Asks before retrying, saying what it will do: how many go back to
 * Registered (and to ON24), how many wait for a seat instead, and, after
 * the live end, that it is late. */
static void
retry_errors_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  TurnoutChannel *channel = table ? turnout_member_table_get_channel (table) : NULL;
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);
  g_autofree guint *counts = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *over = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  TurnoutMovePreview preview;
  guint n_statuses, seats = 0;
  int errors;
  GtkWidget *dialog;

  if (self->program_id == 0 || self->bulk_cancellable != NULL || channel == NULL)
    return;

  errors = turnout_channel_index_of (channel, TURNOUT_STATUS_REGISTRATION_ERROR);
  n_statuses = turnout_channel_get_n_statuses (channel);
  counts = g_new0 (guint, n_statuses);
  for (guint i = 0; i < n_statuses; i++)
    if (turnout_channel_get_status (channel, i)->holds_seat)
      seats += turnout_member_table_count_status (table, i);
  if (errors < 0 || (counts[errors] = turnout_member_table_count_status (table, errors)) == 0)
    {
      _turnout_window_show_toast (self, _("No members have a registration error"));
      return;
    }
  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_REGISTERED,
                                program ? program->capacity : -1, seats, &preview);

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Retry %'u Registration Error?",
                                          "Retry %'u Registration Errors?", counts[errors]),
                             counts[errors]);
  if (preview.changed > preview.wait_listed)
    {
      guint n = preview.changed - preview.wait_listed;

      if (self->on24 != NULL && _turnout_window_program_is_linked (self))
        g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                   "%'u goes back to Registered and is sent to ON24 again.",
                                                   "%'u go back to Registered and are sent to ON24 again.", n),
                                n);
      else
        g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%'u goes back to Registered.",
                                                   "%'u go back to Registered.", n),
                                n);
    }
  if (preview.wait_listed > 0)
    {
      if (body->len > 0)
        g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%'u waits for a seat on the wait list.",
                                                 "%'u wait for a seat on the wait list.", preview.wait_listed),
                              preview.wait_listed);
    }
  over = describe_event_over (program);
  if (over != NULL)
    g_string_append_printf (body, "\n\n%s", over);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "retry", _("_Retry"),
                                    NULL);
  /* Late, the careful answer is the default. */
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retry",
                                              over ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), over ? "cancel" : "retry");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (retry_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Other actions */

static void
show_programs_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id == 0)
    return;
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  /* All of them, also those not shown yet. */
  turnout_member_list_show_all (self->members);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _turnout_window_reload_all (TURNOUT_WINDOW (widget));
}

static void
show_status_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  const char *key = g_variant_get_string (parameter, NULL);
  int index = -1;

  if (table != NULL && *key != '\0')
    index = turnout_channel_index_of (turnout_member_table_get_channel (table), key);

  for (guint i = 0; i < self->n_filter_status; i++)
    if (self->filter_status[i] == index)
      gtk_drop_down_set_selected (self->status_filter, i);
}

void
_turnout_window_actions_update (TurnoutWindow *self)
{
  gboolean has_program = self->program_id != 0 && _turnout_window_find_program (self, self->program_id) != NULL;
  gboolean has_table = turnout_member_list_get_table (self->members) != NULL;
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean has_selection = has_table && !gtk_bitset_is_empty (set);
  /* One person shown, with personal data to edit or forget */
  gboolean has_person = self->details_person_id != 0 && !turnout_member_details_is_forgotten (self->details);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-program", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-provider",
                                 has_program && self->on24 != NULL && _turnout_window_program_is_linked (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.event-settings", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-members", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-members", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.approve-pending",
                                 has_program && count_members_with (self, TURNOUT_STATUS_PENDING_APPROVAL) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-registration-errors",
                                 has_program && self->bulk_cancellable == NULL &&
                                 count_members_with (self, TURNOUT_STATUS_REGISTRATION_ERROR) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.wait-list", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.batch-change", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.trigger-rules", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-program", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-member", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-all", has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-status",
                                 has_selection && self->bulk_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-members",
                                 has_selection && self->bulk_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-bulk", self->bulk_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 self->undo_change_id != 0 && self->bulk_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-person", has_person);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forget-person", has_person);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_status_button),
                            has_selection && self->bulk_cancellable == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->event_menu_button), has_program);
  gtk_widget_set_visible (self->details_button, has_program);
}

/* F11: full screen and back. The window manager may refuse; the window's
 * "fullscreened" property follows what it did. */
static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

void
_turnout_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-program", NULL, new_program_action);
  gtk_widget_class_install_action (widget_class, "win.rename-program", NULL, rename_program_action);
  gtk_widget_class_install_action (widget_class, "win.delete-program", NULL, delete_program_action);
  gtk_widget_class_install_action (widget_class, "win.restore-program", "x", restore_program_action);
  gtk_widget_class_install_action (widget_class, "win.undo-change", "x", undo_change_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.show-programs", NULL, show_programs_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.change-status", "s", change_status_action);
  gtk_widget_class_install_action (widget_class, "win.remove-members", NULL, remove_members_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-bulk", NULL, cancel_bulk_action);
  gtk_widget_class_install_action (widget_class, "win.show-status", "s", show_status_action);
  gtk_widget_class_install_action (widget_class, "win.add-member", NULL, add_member_action);
  gtk_widget_class_install_action (widget_class, "win.edit-person", NULL, edit_person_action);
  gtk_widget_class_install_action (widget_class, "win.forget-person", NULL, forget_person_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-provider", NULL, refresh_provider_action);
  gtk_widget_class_install_action (widget_class, "win.event-settings", NULL, event_settings_action);
  gtk_widget_class_install_action (widget_class, "win.import-members", NULL, import_members_action);
  gtk_widget_class_install_action (widget_class, "win.export-members", NULL, export_members_action);
  gtk_widget_class_install_action (widget_class, "win.approve-pending", NULL, approve_pending_action);
  gtk_widget_class_install_action (widget_class, "win.retry-registration-errors", NULL, retry_errors_action);
  gtk_widget_class_install_action (widget_class, "win.wait-list", NULL, wait_list_action);
  gtk_widget_class_install_action (widget_class, "win.batch-change", NULL, batch_change_action);
  gtk_widget_class_install_action (widget_class, "win.trigger-rules", NULL, trigger_rules_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-fullscreen", NULL, toggle_fullscreen_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-program", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove-members", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
}
