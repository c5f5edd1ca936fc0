/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-approve-dialog.c: Approve Pending...
 *
 * Lists the program's Pending Approval members; the selection is approved
 * (-> Registered, which queues the ON24 push) or rejected (-> Rejected),
 * with an optional reason kept in the history. The list scrolls on its
 * own; the select-all check, the reason and the buttons, which say how
 * many they decide, stay in view. Approve or Reject first shows what
 * the decision would do (run dry on the store and rolled back: how many
 * get a seat, go to the wait list, are refused); the decision is made
 * only from there, and Back returns without writing. A change of the
 * selection meanwhile previews again. A decision or preview that takes a
 * while shows how far it has come and can be cancelled (a decision until
 * it commits, writing nothing). The dialog emits ::changed after each
 * decision so the window can reload its table.
 */
#define G_LOG_DOMAIN "turnout-approve-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk-progress.h"
#include "turnout-change-preview.h"
#include "turnout-channel.h"
#include "turnout-application.h"
#include "turnout-approve-dialog.h"
#include "turnout-clip-bin.h"
#include "turnout-store-undo.h"
#include "turnout-undo-toast.h"
#include "turnout-store-waitlist.h"

/* How long the selection rests before a decision is previewed again. */
#define PREVIEW_DELAY_MS 300

typedef enum
{
  DECISION_NONE,      /* choosing: Reject and Approve */
  DECISION_APPROVE,   /* its preview, Back and the decision */
  DECISION_REJECT,
} Decision;

struct _TurnoutApproveDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *members_group;
  AdwEntryRow         *reason_row;
  GtkCheckButton      *select_all_check;
  GtkLabel            *count_label;
  GtkButton           *approve_button;
  GtkButton           *reject_button;
  GtkStack            *buttons_stack;
  GtkButton           *confirm_button;
  GtkWidget           *preview_box;
  GtkLabel            *preview_label;
  GtkLabel            *preview_details_label;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;

  TurnoutStore        *store;
  gint64               program_id;
  GCancellable        *cancellable;         /* the dialog's life */
  GCancellable        *decide_cancellable;  /* the decision in flight */
  GCancellable        *preview_cancellable; /* its dry run in flight */
  TurnoutProgress      progress;            /* written by the store's worker */
  TurnoutProgressStrip strip;
  guint                preview_id;  /* the preview waits for the selection to rest */
  GPtrArray           *rows;       /* AdwActionRow */
  GHashTable          *checks;     /* person id (gint64 *) -> GtkCheckButton */
  guint                busy;
  Decision             decision;   /* previewed, or in flight */
  gboolean             previewed;  /* the preview is of the selection as it is */
  gint64               undo_change_id;  /* the change its toast's Undo takes back */
  TurnoutChangeSummary preview;
};

G_DEFINE_FINAL_TYPE (TurnoutApproveDialog, turnout_approve_dialog, ADW_TYPE_WINDOW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static guint
count_selected (TurnoutApproveDialog *self)
{
  GHashTableIter iter;
  gpointer check;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, NULL, &check))
    n += gtk_check_button_get_active (check);
  return n;
}

/* "_Approve 2": what a click decides is on the button, so a long list
 * needs no scrolling to count it. @counted has one %u, for @n. */
static void
set_button_label (GtkButton  *button,
                  const char *none,
                  const char *counted,
                  guint       n)
{
  g_autofree char *label = n == 0 ? g_strdup (none) : g_strdup_printf (counted, n);

  gtk_button_set_label (button, label);
}

static void
actions_update (TurnoutApproveDialog *self)
{
  guint n = count_selected (self);
  guint total = g_hash_table_size (self->checks);
  gboolean any = self->busy == 0 && n > 0;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u pending", "%'u pending", total), total);

  set_button_label (self->approve_button, _("_Approve"),
                    g_dngettext (GETTEXT_PACKAGE, "_Approve %'u", "_Approve %'u", n), n);
  set_button_label (self->reject_button, _("_Reject"),
                    g_dngettext (GETTEXT_PACKAGE, "_Reject %'u", "_Reject %'u", n), n);
  if (self->decision == DECISION_REJECT)
    set_button_label (self->confirm_button, _("_Reject"),
                      g_dngettext (GETTEXT_PACKAGE, "_Reject %'u", "_Reject %'u", n), n);
  else
    set_button_label (self->confirm_button, _("_Approve"),
                      g_dngettext (GETTEXT_PACKAGE, "_Approve %'u", "_Approve %'u", n), n);
  gtk_label_set_text (self->count_label, count);
  /* The check says whether all, some or none are selected, however they
   * were. */
  gtk_check_button_set_active (self->select_all_check, total > 0 && n == total);
  gtk_check_button_set_inconsistent (self->select_all_check, n > 0 && n < total);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approve.approve", any && self->decision == DECISION_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approve.reject", any && self->decision == DECISION_NONE);
  /* Never beside a preview of another selection, or none. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approve.confirm",
                                 any && self->decision != DECISION_NONE && self->previewed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approve.select-all",
                                 self->busy == 0 && g_hash_table_size (self->checks) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approve.cancel",
                                 self->preview_cancellable != NULL ||
                                 (self->decide_cancellable != NULL &&
                                  !turnout_store_progress_is_committing (&self->progress)));
}

static GArray *
selected_ids (TurnoutApproveDialog *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, check;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &key, &check))
    if (gtk_check_button_get_active (check))
      g_array_append_val (ids, *(gint64 *) key);
  return ids;
}

/* The progress strip, shared by the preview and the decision: one runs at
 * a time. */

static void
progress_start (TurnoutApproveDialog *self,
                guint                total)
{
  turnout_progress_strip_start (&self->strip, total, self->preview_cancellable != NULL);
}

static void
progress_stop (TurnoutApproveDialog *self)
{
  turnout_progress_strip_stop (&self->strip);
}

/* Previewing a decision: run dry */

static void
forget_preview (TurnoutApproveDialog *self)
{
  self->previewed = FALSE;
  g_clear_handle_id (&self->preview_id, g_source_remove);
  /* Its strip goes with it: its end, now stale, will not take it away. */
  if (self->preview_cancellable != NULL)
    progress_stop (self);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
}

/* Back to choosing, or on to previewing @decision: the buttons, and what
 * Enter presses, follow. */
static void
set_decision (TurnoutApproveDialog *self,
              Decision              decision)
{
  gboolean confirming = decision != DECISION_NONE;

  forget_preview (self);
  self->decision = decision;
  gtk_widget_set_visible (self->preview_box, confirming);
  gtk_label_set_text (self->preview_label, "");
  gtk_label_set_text (self->preview_details_label, "");
  gtk_stack_set_visible_child_name (self->buttons_stack, confirming ? "confirm" : "decide");
  if (decision == DECISION_REJECT)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
    }
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (confirming ? self->confirm_button
                                                                           : self->approve_button));
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutApproveDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_store_decide_dry_run_finish (TURNOUT_STORE (object), result, &error);
  g_autofree char *text = NULL;
  g_autofree char *reasons = NULL;

  self->busy--;
  /* A preview the selection has left behind says nothing about it, even
   * when it ran to its end. */
  if (g_task_get_cancellable (G_TASK (result)) != self->preview_cancellable)
    {
      actions_update (self);
      return;
    }

  progress_stop (self);
  g_clear_object (&self->preview_cancellable);
  if (results == NULL)
    {
      /* Stopped, or failed: back to choosing, nothing was changed. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      set_decision (self, DECISION_NONE);
      actions_update (self);
      return;
    }

  memset (&self->preview, 0, sizeof self->preview);
  turnout_change_summary_count (&self->preview, results);
  self->previewed = TRUE;
  text = turnout_change_preview_describe (&self->preview, self->decision == DECISION_APPROVE
                                                          ? TURNOUT_STATUS_REGISTERED : TURNOUT_STATUS_REJECTED);
  reasons = turnout_change_preview_reasons (results);
  gtk_label_set_text (self->preview_label, text);
  gtk_label_set_text (self->preview_details_label, reasons);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_details_label), *reasons != '\0');
  actions_update (self);
}

static void
start_preview (TurnoutApproveDialog *self)
{
  g_autoptr(GArray) ids = selected_ids (self);

  forget_preview (self);
  gtk_label_set_text (self->preview_label, _("Checking what would change…"));
  gtk_label_set_text (self->preview_details_label, "");
  if (ids->len == 0)
    {
      gtk_label_set_text (self->preview_label, _("Nobody is selected"));
      actions_update (self);
      return;
    }

  self->busy++;
  self->preview_cancellable = g_cancellable_new ();
  progress_start (self, ids->len);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it. */
  turnout_store_decide_dry_run_async (self->store, self->program_id, ids, self->decision == DECISION_APPROVE,
                                      gtk_editable_get_text (GTK_EDITABLE (self->reason_row)), &self->progress,
                                      self->preview_cancellable, preview_cb, g_object_ref (self));
  actions_update (self);
}

static gboolean
preview_timeout (gpointer data)
{
  TurnoutApproveDialog *self = data;

  self->preview_id = 0;
  start_preview (self);
  return G_SOURCE_REMOVE;
}

/* While a decision is previewed, the preview follows the selection once
 * it rests (Select All toggles every check at once). */
static void
check_toggled_cb (GtkCheckButton       *check,
                  TurnoutApproveDialog *self)
{
  /* The decision in flight keeps the selection it was given; if it is
   * stopped, the preview is run again for this one. */
  if (self->decide_cancellable != NULL)
    self->previewed = FALSE;
  else if (self->decision != DECISION_NONE)
    {
      forget_preview (self);
      gtk_label_set_text (self->preview_label, _("Checking what would change…"));
      gtk_label_set_text (self->preview_details_label, "");
      self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout, self);
    }
  actions_update (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutApproveDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = turnout_store_list_pending_finish (TURNOUT_STORE (object), result, &error);

  self->busy--;
  if (members == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      actions_update (self);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->members_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->checks);

  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (members, i);
      g_autofree char *name = turnout_person_dup_display_name (&m->person);
      g_autofree char *subtitle = m->person.company && *m->person.company
                                  ? g_strdup_printf ("%s · %s", m->person.email, m->person.company)
                                  : g_strdup (m->person.email);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->checks, g_memdup2 (&m->person.id, sizeof (gint64)), check);
    }

  gtk_stack_set_visible_child_name (self->stack, members->len > 0 ? "list" : "empty");
  actions_update (self);
}

static void
reload (TurnoutApproveDialog *self)
{
  self->busy++;
  turnout_store_list_pending_async (self->store, self->program_id, self->cancellable, list_cb, g_object_ref (self));
  actions_update (self);
}

static void
decide_finished (TurnoutApproveDialog *self)
{
  progress_stop (self);
  g_clear_object (&self->decide_cancellable);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutApproveDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree TurnoutUndoSummary *summary = turnout_store_undo_change_finish (TURNOUT_STORE (object), result, &error);

  self->busy--;
  decide_finished (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               turnout_undo_result_toast (summary, error, self->undo_change_id, "approve.undo-change"));
  if (summary == NULL)
    {
      actions_update (self);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

/* The toast's Undo: a bulk change like the decision, with its progress
 * and Cancel. */
static void
undo_change_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);

  if (self->decide_cancellable != NULL)
    return;
  /* Back to choosing: a preview of the selection before would be stale. */
  set_decision (self, DECISION_NONE);
  self->undo_change_id = g_variant_get_int64 (parameter);
  self->busy++;
  self->decide_cancellable = g_cancellable_new ();
  turnout_progress_strip_start_undo (&self->strip);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it. */
  turnout_store_undo_change_async (self->store, self->undo_change_id, &self->progress, self->decide_cancellable,
                                   undo_cb, g_object_ref (self));
  actions_update (self);
}

static void
decide_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TurnoutApproveDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_store_decide_finish (TURNOUT_STORE (object), result, &error);
  g_autofree char *text = NULL;
  TurnoutChangeSummary summary;
  gboolean approved;

  self->busy--;
  decide_finished (self);
  if (results == NULL)
    {
      /* Nothing was written: the preview stays, if the selection did. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Change cancelled; nothing was changed")));
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      if (!self->previewed)
        start_preview (self);
      actions_update (self);
      return;
    }

  approved = self->decision == DECISION_APPROVE;
  set_decision (self, DECISION_NONE);
  turnout_change_summary_count (&summary, results);
  if (approved && summary.wait_listed > 0)
    text = g_strdup_printf (_("%'u approved, %'u wait listed: no seat was free"),
                            summary.changed - summary.wait_listed, summary.wait_listed);
  else if (approved)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u approved", "%'u approved", summary.changed),
                            summary.changed);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u rejected", "%'u rejected", summary.changed),
                            summary.changed);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               turnout_undo_toast_new (text, turnout_store_result_get_change (result),
                                                       "approve.undo-change"));
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");

  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

/* The decision previewed, made. */
static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  self->busy++;
  self->decide_cancellable = g_cancellable_new ();
  progress_start (self, ids->len);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it, even once the dialog is closed. */
  turnout_store_decide_async (self->store, self->program_id, ids, self->decision == DECISION_APPROVE,
                              gtk_editable_get_text (GTK_EDITABLE (self->reason_row)), &self->progress,
                              self->decide_cancellable, decide_cb, g_object_ref (self));
  actions_update (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);

  g_cancellable_cancel (self->decide_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
}

/* Escape, and the Back button: from a preview back to choosing, writing
 * nothing; from choosing, the dialog closes. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);

  if (self->decision != DECISION_NONE && self->decide_cancellable == NULL)
    {
      set_decision (self, DECISION_NONE);
      actions_update (self);
    }
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);

  set_decision (self, DECISION_APPROVE);
  start_preview (self);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);

  set_decision (self, DECISION_REJECT);
  start_preview (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (widget);
  gboolean all = count_selected (self) < g_hash_table_size (self->checks);
  GHashTableIter iter;
  gpointer check;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, NULL, &check))
    gtk_check_button_set_active (check, all);
  actions_update (self);
}

void
turnout_approve_dialog_select (TurnoutApproveDialog *self,
                               gint64                person_id,
                               gboolean              selected)
{
  GtkCheckButton *check;

  g_return_if_fail (TURNOUT_IS_APPROVE_DIALOG (self));

  check = g_hash_table_lookup (self->checks, &person_id);
  if (check != NULL)
    gtk_check_button_set_active (check, selected);
}

void
turnout_approve_dialog_set_reason (TurnoutApproveDialog *self,
                                   const char           *reason)
{
  g_return_if_fail (TURNOUT_IS_APPROVE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason ? reason : "");
}

guint
turnout_approve_dialog_get_n_pending (TurnoutApproveDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_APPROVE_DIALOG (self), 0);
  return g_hash_table_size (self->checks);
}

/**
 * turnout_approve_dialog_get_preview:
 * @summary: (out) (optional): the counts the preview shows
 *
 * Returns: whether a preview of a decision on the selection as it is is
 *   shown, Approve or Reject beside it
 */
gboolean
turnout_approve_dialog_get_preview (TurnoutApproveDialog *self,
                                    TurnoutChangeSummary *summary)
{
  g_return_val_if_fail (TURNOUT_IS_APPROVE_DIALOG (self), FALSE);

  if (summary != NULL)
    *summary = self->preview;
  return self->previewed;
}

/* TRUE while the list, a preview or a decision loads or runs, or a
 * preview waits for the selection to rest; tests spin on it. */
gboolean
turnout_approve_dialog_get_busy (TurnoutApproveDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_APPROVE_DIALOG (self), FALSE);
  return self->busy > 0 || self->preview_id != 0;
}

/* Closing mid-change cancels it: nothing is left half done. (The change's
 * callback holds the dialog, so dispose would come only after it.) */
static gboolean
close_request (GtkWindow *window)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (window);

  g_cancellable_cancel (self->decide_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  return GTK_WINDOW_CLASS (turnout_approve_dialog_parent_class)->close_request (window);
}

static void
turnout_approve_dialog_dispose (GObject *object)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->decide_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_handle_id (&self->strip.timeout_id, g_source_remove);
  g_clear_handle_id (&self->preview_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_APPROVE_DIALOG);

  G_OBJECT_CLASS (turnout_approve_dialog_parent_class)->dispose (object);
}

static void
turnout_approve_dialog_finalize (GObject *object)
{
  TurnoutApproveDialog *self = TURNOUT_APPROVE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->decide_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (turnout_approve_dialog_parent_class)->finalize (object);
}

static void
turnout_approve_dialog_class_init (TurnoutApproveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = turnout_approve_dialog_dispose;
  object_class->finalize = turnout_approve_dialog_finalize;
  window_class->close_request = close_request;

  /* Emitted after members were approved or rejected. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  turnout_ensure_resources ();
  g_type_ensure (TURNOUT_TYPE_CLIP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-approve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, members_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, select_all_check);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, approve_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, reject_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, buttons_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, preview_box);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, preview_details_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutApproveDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "approve.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "approve.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "approve.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "approve.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "approve.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "approve.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "approve.undo-change", "x", undo_change_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "approve.back", NULL);
}

static void
turnout_approve_dialog_init (TurnoutApproveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->strip = (TurnoutProgressStrip) { &self->progress, self->progress_label, self->progress_bar,
                                         self->progress_revealer, (void (*) (gpointer)) actions_update, self };

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->checks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  set_decision (self, DECISION_NONE);
  actions_update (self);
}

/**
 * turnout_approve_dialog_present:
 *
 * Returns: (transfer none): the dialog; connect to ::changed to reload
 */
TurnoutApproveDialog *
turnout_approve_dialog_present (GtkWindow    *parent,
                                TurnoutStore *store,
                                gint64        program_id)
{
  TurnoutApproveDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_APPROVE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->program_id = program_id;
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
