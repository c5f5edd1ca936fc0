/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-batch-dialog.c: a batch campaign.
 *
 * Select members by status, search text, success and how they were
 * acquired (the count follows the filter as it is edited), choose the new
 * status and an optional reason, and change them all in one transaction.
 * Before anything is written the dialog shows what the change would do:
 * once the filter and the new status rest, the change runs dry on the
 * store (rolled back at its end) and its counts and reasons are shown;
 * Change is enabled only next to a preview of the filter and status as
 * they are. The result says how many changed, how many were skipped or
 * refused, and why, grouped by reason. A change or preview that takes a
 * while shows how far it has come and can be cancelled (a change until it
 * commits, writing nothing). Emits ::changed after a batch was applied.
 */
#define G_LOG_DOMAIN "turnout-batch-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk-progress.h"
#include "turnout-application.h"
#include "turnout-batch-dialog.h"
#include "turnout-change-preview.h"
#include "turnout-channel.h"
#include "turnout-clip-bin.h"
#include "turnout-store-batch.h"

/* How long the choices rest before the preview runs. */
#define PREVIEW_DELAY_MS 300

struct _TurnoutBatchDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwComboRow     *status_row;
  AdwEntryRow     *search_row;
  AdwComboRow     *success_row;
  AdwComboRow     *acquired_row;
  AdwComboRow     *to_row;
  AdwEntryRow     *reason_row;
  GtkWidget       *preview_box;
  GtkLabel        *preview_label;
  GtkLabel        *preview_details_label;
  GtkLabel        *summary_label;
  GtkLabel        *details_label;
  GtkButton       *apply_button;
  GtkRevealer     *progress_revealer;
  GtkLabel        *progress_label;
  GtkProgressBar  *progress_bar;

  TurnoutStore    *store;
  gint64           program_id;
  TurnoutChannel  *channel;
  GCancellable    *cancellable;       /* the dialog's life */
  GCancellable    *count_cancellable; /* the count in flight */
  GCancellable    *apply_cancellable; /* the change in flight */
  GCancellable    *preview_cancellable; /* the dry run in flight */
  TurnoutProgress  progress;          /* written by the store's worker */
  TurnoutProgressStrip strip;
  guint            preview_id;        /* the preview waits for the choices to rest */
  guint            n_selected;
  guint            busy;
  gboolean         counted;
  gboolean         previewed;         /* the preview is of the choices as they are */
  TurnoutChangeSummary preview;
};

G_DEFINE_FINAL_TYPE (TurnoutBatchDialog, turnout_batch_dialog, ADW_TYPE_WINDOW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const TurnoutAcquiredBy acquired_values[] = {
  TURNOUT_ACQUIRED_MANUAL, TURNOUT_ACQUIRED_IMPORT, TURNOUT_ACQUIRED_REGISTRATION_FORM,
  TURNOUT_ACQUIRED_PROVIDER_FEED,
};

/* The filter as the rows say. */
typedef struct
{
  char *status;
  char *search;
  int   success;
  char *acquired_by;
} Filter;

static void
filter_free (Filter *filter)
{
  g_free (filter->status);
  g_free (filter->search);
  g_free (filter->acquired_by);
  g_free (filter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Filter, filter_free)

static TurnoutMemberFilter
member_filter (const Filter *filter)
{
  TurnoutMemberFilter view = { filter->status, filter->search, filter->success, filter->acquired_by };

  return view;
}

static Filter *
read_filter (TurnoutBatchDialog *self)
{
  Filter *filter = g_new0 (Filter, 1);
  guint status = adw_combo_row_get_selected (self->status_row);
  guint success = adw_combo_row_get_selected (self->success_row);
  guint acquired = adw_combo_row_get_selected (self->acquired_row);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_row));

  /* Position 0 of each combo is "Any". */
  if (status > 0)
    filter->status = g_strdup (turnout_channel_get_status (self->channel, status - 1)->key);
  filter->search = *search ? g_strdup (search) : NULL;
  filter->success = success == 0 ? -1 : success == 1 ? 1 : 0;
  if (acquired > 0)
    filter->acquired_by = g_strdup (turnout_acquired_by_to_key (acquired_values[acquired - 1]));
  return filter;
}

static gboolean
has_target (TurnoutBatchDialog *self)
{
  return adw_combo_row_get_selected (self->to_row) != GTK_INVALID_LIST_POSITION;
}

static void
actions_update (TurnoutBatchDialog *self)
{
  g_autofree char *label = NULL;
  gboolean target = has_target (self);
  /* Nothing previewed and nothing on its way (a preview was stopped, or
   * the batch was just applied): the button asks for a preview. */
  gboolean ask_preview = !self->previewed && self->preview_id == 0 && self->preview_cancellable == NULL &&
                         self->apply_cancellable == NULL;

  if (ask_preview && target)
    label = g_strdup (_("_Preview"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Change %'u Member", "_Change %'u Members",
                                          self->n_selected), self->n_selected);
  gtk_button_set_label (self->apply_button, label);
  /* A change of many members is never one click away from opening the
   * dialog: the new status is a choice the user makes, and the change is
   * applied only beside its preview. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.apply",
                                 self->busy == 0 && self->counted && self->n_selected > 0 && target &&
                                 (self->previewed || ask_preview));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->to_row), target ? NULL : _("Choose the status to change to"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.cancel",
                                 self->preview_cancellable != NULL ||
                                 (self->apply_cancellable != NULL &&
                                  !turnout_store_progress_is_committing (&self->progress)));
}

/* The progress strip, shared by the preview and the change: one runs at a
 * time. */

static void
progress_start (TurnoutBatchDialog *self,
                guint              total)
{
  turnout_progress_strip_start (&self->strip, total, self->preview_cancellable != NULL);
}

static void
progress_stop (TurnoutBatchDialog *self)
{
  turnout_progress_strip_stop (&self->strip);
}

/* Counting what the filter selects */

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TurnoutBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = turnout_store_batch_select_finish (TURNOUT_STORE (object), result, &error);

  self->busy--;
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      actions_update (self);
      return;
    }

  self->n_selected = ids->len;
  self->counted = TRUE;
  actions_update (self);
}

static void
recount (TurnoutBatchDialog *self)
{
  g_autoptr(Filter) filter = read_filter (self);
  TurnoutMemberFilter view = member_filter (filter);

  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();

  self->counted = FALSE;
  self->busy++;
  turnout_store_batch_select_async (self->store, self->program_id, &view, self->count_cancellable, count_cb,
                                    g_object_ref (self));
  actions_update (self);
}

static void schedule_preview (TurnoutBatchDialog *self);

static void
filter_changed_cb (GObject            *object,
                   GParamSpec         *pspec,
                   TurnoutBatchDialog *self)
{
  recount (self);
  schedule_preview (self);
}

/* Previewing: the change, run dry */

static const char *
target_key (TurnoutBatchDialog *self)
{
  return turnout_channel_get_status (self->channel, adw_combo_row_get_selected (self->to_row))->key;
}

/* The preview shown is of other choices, or none: it goes, with the
 * running one. */
static void
forget_preview (TurnoutBatchDialog *self)
{
  self->previewed = FALSE;
  g_clear_handle_id (&self->preview_id, g_source_remove);
  /* Its strip goes with it: its end, now stale, will not take it away. */
  if (self->preview_cancellable != NULL)
    progress_stop (self);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  gtk_widget_set_visible (self->preview_box, FALSE);
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_store_batch_change_dry_run_finish (TURNOUT_STORE (object), result, &error);
  g_autofree char *text = NULL;
  g_autofree char *reasons = NULL;

  self->busy--;
  /* A preview the choices have left behind says nothing about them, even
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
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->preview_label, _("Preview stopped"));
          gtk_label_set_text (self->preview_details_label, "");
          gtk_widget_set_visible (self->preview_box, TRUE);
        }
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      actions_update (self);
      return;
    }

  memset (&self->preview, 0, sizeof self->preview);
  turnout_change_summary_count (&self->preview, results);
  self->previewed = TRUE;
  text = turnout_change_preview_describe (&self->preview, target_key (self));
  reasons = turnout_change_preview_reasons (results);
  gtk_label_set_text (self->preview_label, text);
  gtk_label_set_text (self->preview_details_label, reasons);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_details_label), *reasons != '\0');
  gtk_widget_set_visible (self->preview_box, TRUE);
  actions_update (self);
}

static void
start_preview (TurnoutBatchDialog *self)
{
  g_autoptr(Filter) filter = read_filter (self);
  TurnoutMemberFilter view = member_filter (filter);

  forget_preview (self);
  if (!has_target (self))
    {
      actions_update (self);
      return;
    }

  self->preview_cancellable = g_cancellable_new ();
  self->busy++;
  progress_start (self, self->n_selected);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it. */
  turnout_store_batch_change_dry_run_async (self->store, self->program_id, &view, target_key (self),
                                            gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                            &self->progress, self->preview_cancellable, preview_cb,
                                            g_object_ref (self));
  actions_update (self);
}

static gboolean
preview_timeout (gpointer data)
{
  TurnoutBatchDialog *self = data;

  self->preview_id = 0;
  start_preview (self);
  return G_SOURCE_REMOVE;
}

/* Typing a search or stepping through the statuses changes the choices
 * many times a second; the preview, as long as the change, runs once they
 * have rested. */
static void
schedule_preview (TurnoutBatchDialog *self)
{
  forget_preview (self);
  /* The outcome of the last change is not this one's. */
  gtk_label_set_text (self->summary_label, "");
  gtk_label_set_text (self->details_label, "");
  if (has_target (self))
    self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout, self);
  actions_update (self);
}

static void
target_changed_cb (GObject            *object,
                   GParamSpec         *pspec,
                   TurnoutBatchDialog *self)
{
  schedule_preview (self);
}

/* Applying */

static void
apply_finished (TurnoutBatchDialog *self)
{
  progress_stop (self);
  g_clear_object (&self->apply_cancellable);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TurnoutBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_store_batch_change_finish (TURNOUT_STORE (object), result, &error);
  g_autofree char *summary = NULL;
  g_autofree char *details = NULL;
  TurnoutChangeSummary counts;

  self->busy--;
  apply_finished (self);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->summary_label, _("Change cancelled; nothing was changed"));
          gtk_label_set_text (self->details_label, "");
        }
      else
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      actions_update (self);
      return;
    }

  turnout_change_summary_count (&counts, results);
  summary = g_strdup_printf (_("%'u changed, %'u skipped, %'u refused"),
                             counts.changed + counts.removed, counts.skipped, counts.refused);
  gtk_label_set_text (self->summary_label, summary);
  /* Why, grouped: "12 × Attended cannot go back to Invited". */
  details = turnout_change_preview_reasons (results);
  gtk_label_set_text (self->details_label, details);

  g_signal_emit (self, signals[CHANGED], 0);
  /* The members have moved: the count is recounted, and the preview, of
   * how they were, is gone until asked for again. */
  recount (self);
}

/* The primary button: the change, beside its preview; without one (it
 * was stopped, or the last change made it stale), the preview first. */
static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TurnoutBatchDialog *self = TURNOUT_BATCH_DIALOG (widget);
  g_autoptr(Filter) filter = read_filter (self);
  TurnoutMemberFilter view = member_filter (filter);

  if (!self->previewed)
    {
      gtk_label_set_text (self->summary_label, "");
      gtk_label_set_text (self->details_label, "");
      start_preview (self);
      return;
    }

  forget_preview (self);
  gtk_label_set_text (self->summary_label, "");
  gtk_label_set_text (self->details_label, "");
  self->busy++;
  self->apply_cancellable = g_cancellable_new ();
  progress_start (self, self->n_selected);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it, even once the dialog is closed. */
  turnout_store_batch_change_async (self->store, self->program_id, &view, target_key (self),
                                    gtk_editable_get_text (GTK_EDITABLE (self->reason_row)), &self->progress,
                                    self->apply_cancellable, apply_cb, g_object_ref (self));
  actions_update (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutBatchDialog *self = TURNOUT_BATCH_DIALOG (widget);

  g_cancellable_cancel (self->apply_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
}

static guint
status_position (TurnoutBatchDialog *self,
                 const char         *key)
{
  int index = key ? turnout_channel_index_of (self->channel, key) : -1;

  return index < 0 ? 0 : (guint) index;
}

void
turnout_batch_dialog_set_filter (TurnoutBatchDialog        *self,
                                 const TurnoutMemberFilter *filter)
{
  guint acquired = 0;
  TurnoutAcquiredBy by;

  g_return_if_fail (TURNOUT_IS_BATCH_DIALOG (self));
  g_return_if_fail (filter != NULL);

  if (filter->acquired_by != NULL && turnout_acquired_by_from_key (filter->acquired_by, &by))
    for (guint i = 0; i < G_N_ELEMENTS (acquired_values); i++)
      if (acquired_values[i] == by)
        acquired = i + 1;

  adw_combo_row_set_selected (self->status_row, filter->status ? status_position (self, filter->status) + 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_row), filter->search ? filter->search : "");
  adw_combo_row_set_selected (self->success_row, filter->success < 0 ? 0 : filter->success ? 1 : 2);
  adw_combo_row_set_selected (self->acquired_row, acquired);
  recount (self);
  schedule_preview (self);
}

void
turnout_batch_dialog_set_target (TurnoutBatchDialog *self,
                                 const char         *status_key,
                                 const char         *reason)
{
  g_return_if_fail (TURNOUT_IS_BATCH_DIALOG (self));

  adw_combo_row_set_selected (self->to_row, status_key ? status_position (self, status_key)
                                                      : GTK_INVALID_LIST_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason ? reason : "");
}

guint
turnout_batch_dialog_get_n_selected (TurnoutBatchDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_BATCH_DIALOG (self), 0);
  return self->n_selected;
}

const char *
turnout_batch_dialog_get_summary (TurnoutBatchDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_BATCH_DIALOG (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

/**
 * turnout_batch_dialog_get_preview:
 * @summary: (out) (optional): the counts the preview shows
 *
 * Returns: whether a preview of the choices as they are is shown
 */
gboolean
turnout_batch_dialog_get_preview (TurnoutBatchDialog   *self,
                                  TurnoutChangeSummary *summary)
{
  g_return_val_if_fail (TURNOUT_IS_BATCH_DIALOG (self), FALSE);

  if (summary != NULL)
    *summary = self->preview;
  return self->previewed;
}

/* TRUE while a count, preview or change runs, or a preview waits for the
 * choices to rest; tests spin on it. */
gboolean
turnout_batch_dialog_get_busy (TurnoutBatchDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_BATCH_DIALOG (self), FALSE);
  return self->busy > 0 || self->preview_id != 0;
}

/* Closing mid-change cancels it: nothing is left half done. (The change's
 * callback holds the dialog, so dispose would come only after it.) */
static gboolean
close_request (GtkWindow *window)
{
  TurnoutBatchDialog *self = TURNOUT_BATCH_DIALOG (window);

  g_cancellable_cancel (self->apply_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  return GTK_WINDOW_CLASS (turnout_batch_dialog_parent_class)->close_request (window);
}

static void
turnout_batch_dialog_dispose (GObject *object)
{
  TurnoutBatchDialog *self = TURNOUT_BATCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->count_cancellable);
  g_cancellable_cancel (self->apply_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_handle_id (&self->strip.timeout_id, g_source_remove);
  g_clear_handle_id (&self->preview_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_BATCH_DIALOG);

  G_OBJECT_CLASS (turnout_batch_dialog_parent_class)->dispose (object);
}

static void
turnout_batch_dialog_finalize (GObject *object)
{
  TurnoutBatchDialog *self = TURNOUT_BATCH_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->count_cancellable);
  g_clear_object (&self->apply_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->channel, turnout_channel_unref);

  G_OBJECT_CLASS (turnout_batch_dialog_parent_class)->finalize (object);
}

static void
turnout_batch_dialog_class_init (TurnoutBatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = turnout_batch_dialog_dispose;
  object_class->finalize = turnout_batch_dialog_finalize;
  window_class->close_request = close_request;

  /* Emitted after a batch was applied. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  turnout_ensure_resources ();
  g_type_ensure (TURNOUT_TYPE_CLIP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-batch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, search_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, success_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, acquired_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, preview_box);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, preview_details_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutBatchDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "batch.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "batch.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
turnout_batch_dialog_init (TurnoutBatchDialog *self)
{
  g_autoptr(GtkStringList) any_status = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) success = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) acquired = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->strip = (TurnoutProgressStrip) { &self->progress, self->progress_label, self->progress_bar,
                                         self->progress_revealer, (void (*) (gpointer)) actions_update, self };

  self->cancellable = g_cancellable_new ();
  self->channel = turnout_channel_get_webinar ();

  gtk_string_list_append (any_status, _("Any"));
  for (guint i = 0; i < turnout_channel_get_n_statuses (self->channel); i++)
    {
      const char *name = turnout_status_get_display_name (turnout_channel_get_status (self->channel, i));

      gtk_string_list_append (any_status, name);
      gtk_string_list_append (statuses, name);
    }
  gtk_string_list_append (success, _("Any"));
  gtk_string_list_append (success, _("Reached success"));
  gtk_string_list_append (success, _("Not reached success"));
  gtk_string_list_append (acquired, _("Any"));
  for (guint i = 0; i < G_N_ELEMENTS (acquired_values); i++)
    gtk_string_list_append (acquired, turnout_acquired_by_get_display_name (acquired_values[i]));

  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (any_status));
  adw_combo_row_set_model (self->to_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_model (self->success_row, G_LIST_MODEL (success));
  adw_combo_row_set_model (self->acquired_row, G_LIST_MODEL (acquired));
  adw_combo_row_set_selected (self->to_row, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->to_row, "notify::selected", G_CALLBACK (target_changed_cb), self);

  actions_update (self);
}

/**
 * turnout_batch_dialog_present:
 * @filter: (nullable): the window's current view, as the starting selection
 *
 * Returns: (transfer none): the dialog; connect to ::changed to reload
 */
TurnoutBatchDialog *
turnout_batch_dialog_present (GtkWindow                 *parent,
                              TurnoutStore              *store,
                              gint64                     program_id,
                              const TurnoutMemberFilter *filter)
{
  TurnoutMemberFilter all = { .success = -1 };
  TurnoutBatchDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_BATCH_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->program_id = program_id;
  turnout_batch_dialog_set_filter (self, filter ? filter : &all);

  /* Connected after the first filter is set, so that counts once. */
  g_signal_connect (self->status_row, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect (self->success_row, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect (self->acquired_row, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect (self->search_row, "notify::text", G_CALLBACK (filter_changed_cb), self);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
