/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-waitlist-dialog.c: the wait list, in order.
 *
 * Shows seats taken against the limit and the Wait Listed members in the
 * order they get a free seat. A member can be moved up or down (the reason
 * above the list is kept with the move) or promoted to Registered; Promote
 * First gives the next free seat to the first in line. A promotion that
 * takes a while (the database busy with another writer) shows its progress
 * and can be cancelled until it commits. Emits ::changed after each change
 * so the window can reload.
 */
#define G_LOG_DOMAIN "turnout-waitlist-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk-progress.h"
#include "turnout-application.h"
#include "turnout-clip-bin.h"
#include "turnout-store-undo.h"
#include "turnout-store-waitlist.h"
#include "turnout-undo-toast.h"
#include "turnout-waitlist-dialog.h"

struct _TurnoutWaitlistDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkLabel            *seats_label;
  AdwEntryRow         *reason_row;
  AdwPreferencesGroup *members_group;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;

  TurnoutStore        *store;
  gint64               program_id;
  GCancellable        *cancellable;         /* the dialog's life */
  GCancellable        *change_cancellable;  /* the promotion in flight */
  TurnoutProgress      progress;            /* written by the store's worker */
  gint64               change_started;
  gboolean             undoing;             /* the change in flight is an Undo */
  gint64               undo_change_id;      /* the change that Undo takes back */
  guint                progress_id;
  GPtrArray           *rows;
  GArray              *order;       /* person ids, first in line first */
  TurnoutSeats         seats;
  guint                busy;
  /* The last move in the line, which its toast can take back */
  gint64               moved_person;
  guint                moved_from;
  guint                moved_to;
};

G_DEFINE_FINAL_TYPE (TurnoutWaitlistDialog, turnout_waitlist_dialog, ADW_TYPE_WINDOW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
actions_update (TurnoutWaitlistDialog *self)
{
  gboolean idle = self->busy == 0;
  gboolean seat_free = self->seats.capacity < 0 || self->seats.taken < (guint) self->seats.capacity;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "waitlist.promote-first",
                                 idle && seat_free && self->order->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "waitlist.promote", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "waitlist.move-up", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "waitlist.move-down", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "waitlist.reload", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "waitlist.cancel",
                                 self->change_cancellable != NULL &&
                                 !turnout_store_progress_is_committing (&self->progress));
}

static void
show_error (TurnoutWaitlistDialog *self,
            const GError          *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             gint64      person_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (person_id));
  return button;
}

/* "28 Nov 2026, 12:46" in local time, or the stored text if it does not parse. */
static char *
format_when (const char *iso8601)
{
  g_autoptr(GDateTime) when = iso8601 ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup (iso8601 ? iso8601 : "");
  local = g_date_time_to_local (when);
  /* Translators: when a member joined the wait list; see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y, %H:%M"));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutWaitlistDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutWaitlistSnapshot) snapshot = turnout_store_load_waitlist_finish (TURNOUT_STORE (object),
                                                                                     result, &error);
  g_autofree char *seats = NULL;

  self->busy--;
  if (snapshot == NULL)
    {
      show_error (self, error);
      actions_update (self);
      return;
    }

  self->seats = snapshot->seats;
  if (snapshot->seats.capacity >= 0)
    seats = g_strdup_printf (_("%'u of %'d seats taken, %'u waiting"),
                             snapshot->seats.taken, snapshot->seats.capacity, snapshot->members->len);
  else
    seats = g_strdup_printf (_("%'u seats taken (no limit), %'u waiting"),
                             snapshot->seats.taken, snapshot->members->len);
  gtk_label_set_text (self->seats_label, seats);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->members_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->order, 0);

  for (guint i = 0; i < snapshot->members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (snapshot->members, i);
      g_autofree char *name = turnout_person_dup_display_name (&m->person);
      g_autofree char *position = g_strdup_printf ("%'u", i + 1);
      g_autofree char *when = format_when (m->waitlist_at);
      g_autofree char *since = g_strdup_printf (_("%s · waiting since %s"), m->person.email, g_strstrip (when));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *number = gtk_label_new (position);

      gtk_widget_add_css_class (number, "numeric");
      gtk_widget_add_css_class (number, "dim-label");
      gtk_label_set_width_chars (GTK_LABEL (number), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), since);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-up-symbolic", _("Move Up"), "waitlist.move-up", m->person.id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-down-symbolic", _("Move Down"), "waitlist.move-down", m->person.id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("object-select-symbolic", _("Promote to Registered"),
                                              "waitlist.promote", m->person.id));
      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->rows, row);
      g_array_append_val (self->order, m->person.id);
    }

  actions_update (self);
}

static void
reload (TurnoutWaitlistDialog *self)
{
  self->busy++;
  turnout_store_load_waitlist_async (self->store, self->program_id, self->cancellable, load_cb,
                                     g_object_ref (self));
  actions_update (self);
}

/* Moving and promoting */

static gboolean
progress_tick (gpointer data)
{
  TurnoutWaitlistDialog *self = data;

  if (turnout_bulk_progress_show (&self->progress, self->change_started, self->undoing,
                                  self->progress_label, self->progress_bar, self->progress_revealer))
    actions_update (self);  /* once all are counted, only the commit is left: no Cancel */
  return G_SOURCE_CONTINUE;
}

static void
change_finished (TurnoutWaitlistDialog *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->change_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

/* @results: (nullable): what became of each promoted member; %NULL after a
 * move or when @error is set */
static void
change_done (TurnoutWaitlistDialog *self,
             GPtrArray             *results,
             gint64                 change_id,
             const GError          *error)
{
  guint promoted = 0;

  self->busy--;
  change_finished (self);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Change cancelled; nothing was changed")));
      else
        show_error (self, error);
      reload (self);
      return;
    }

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      TurnoutChangeResult *r = g_ptr_array_index (results, i);

      if (r->outcome == TURNOUT_MOVE_CHANGED && g_strcmp0 (r->new_status, "registered") == 0)
        promoted++;
      else
        {
          g_autofree char *text = g_strdup_printf (_("%s was not promoted: %s"), r->email ? r->email : "",
                                                   r->reason ? r->reason : _("no seat is free"));
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
    }
  if (promoted > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u promoted to Registered",
                                                            "%'u promoted to Registered", promoted),
                                               promoted);

      adw_toast_overlay_add_toast (self->toast_overlay,
                                   turnout_undo_toast_new (text, change_id, "waitlist.undo-change"));
    }

  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

static void
move_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutWaitlistDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (turnout_store_move_waiting_finish (TURNOUT_STORE (object), result, &error) && self->moved_person != 0)
    {
      /* A move in the line has no status to undo: its Undo is the move
       * back, kept in the line's history like any other. */
      g_autofree char *text = g_strdup_printf (_("Moved from place %'u to %'u"), self->moved_from, self->moved_to);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "waitlist.undo-move");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  change_done (self, NULL, 0, error);
}

static void
promote_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutWaitlistDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_store_promote_finish (TURNOUT_STORE (object), result, &error);

  change_done (self, results, turnout_store_result_get_change (result), error);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutWaitlistDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree TurnoutUndoSummary *summary = turnout_store_undo_change_finish (TURNOUT_STORE (object), result, &error);

  self->busy--;
  self->undoing = FALSE;
  change_finished (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               turnout_undo_result_toast (summary, error, self->undo_change_id, "waitlist.undo-change"));
  if (summary == NULL)
    {
      actions_update (self);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  reload (self);
}

/* A promotion's toast's Undo: a bulk change like the promotion, with its
 * progress and Cancel. */
static void
undo_change_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (widget);

  if (self->change_cancellable != NULL)
    return;
  self->undo_change_id = g_variant_get_int64 (parameter);
  self->busy++;
  self->undoing = TRUE;
  self->change_cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->progress.done, 0);
  g_atomic_int_set (&self->progress.total, 0);
  self->change_started = g_get_monotonic_time ();
  self->progress_id = g_timeout_add (100, progress_tick, self);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it. */
  turnout_store_undo_change_async (self->store, self->undo_change_id, &self->progress, self->change_cancellable,
                                   undo_cb, g_object_ref (self));
  actions_update (self);
}

static void
run_change (TurnoutWaitlistDialog *self,
            gint64                 person_id,
            guint                  position)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  self->busy++;
  if (position > 0)
    {
      turnout_store_move_waiting_async (self->store, self->program_id, person_id, position, reason,
                                        self->cancellable, move_cb, g_object_ref (self));
      actions_update (self);
      return;
    }

  self->change_cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->progress.done, 0);
  g_atomic_int_set (&self->progress.total, 1);
  self->change_started = g_get_monotonic_time ();
  self->progress_id = g_timeout_add (100, progress_tick, self);
  /* The callback's reference keeps self->progress alive while the worker
   * writes to it, even once the dialog is closed. The reason is the
   * move's, not the promotion's. */
  turnout_store_promote_async (self->store, self->program_id, person_id, NULL, &self->progress,
                               self->change_cancellable, promote_cb, g_object_ref (self));
  actions_update (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (widget);

  g_cancellable_cancel (self->change_cancellable);
}

static guint
position_of (TurnoutWaitlistDialog *self,
             gint64                 person_id)
{
  for (guint i = 0; i < self->order->len; i++)
    if (g_array_index (self->order, gint64, i) == person_id)
      return i + 1;
  return 0;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (widget);
  gint64 person_id = g_variant_get_int64 (parameter);
  guint position = position_of (self, person_id);
  gboolean up = g_str_equal (action_name, "waitlist.move-up");

  if (position == 0 || (up && position == 1) || (!up && position == self->order->len))
    return;
  self->moved_person = person_id;
  self->moved_from = position;
  self->moved_to = up ? position - 1 : position + 1;
  run_change (self, person_id, self->moved_to);
}

static void
undo_move_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (widget);
  gint64 person_id = self->moved_person;

  if (person_id == 0 || self->busy > 0 || position_of (self, person_id) == 0)
    return;
  /* Once: the move back is not offered for undoing in turn. */
  self->moved_person = 0;
  run_change (self, person_id, self->moved_from);
}

static void
promote_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_change (TURNOUT_WAITLIST_DIALOG (widget), g_variant_get_int64 (parameter), 0);
}

static void
promote_first_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (widget);

  if (self->order->len > 0)
    run_change (self, g_array_index (self->order, gint64, 0), 0);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (TURNOUT_WAITLIST_DIALOG (widget));
}

void
turnout_waitlist_dialog_set_reason (TurnoutWaitlistDialog *self,
                                    const char            *reason)
{
  g_return_if_fail (TURNOUT_IS_WAITLIST_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason ? reason : "");
}

const char *
turnout_waitlist_dialog_get_seats_text (TurnoutWaitlistDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_WAITLIST_DIALOG (self), NULL);
  return gtk_label_get_text (self->seats_label);
}

gboolean
turnout_waitlist_dialog_get_busy (TurnoutWaitlistDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_WAITLIST_DIALOG (self), FALSE);
  return self->busy > 0;
}

/* Closing mid-change cancels it: nothing is left half done. (The change's
 * callback holds the dialog, so dispose would come only after it.) */
static gboolean
close_request (GtkWindow *window)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (window);

  g_cancellable_cancel (self->change_cancellable);
  return GTK_WINDOW_CLASS (turnout_waitlist_dialog_parent_class)->close_request (window);
}

static void
turnout_waitlist_dialog_dispose (GObject *object)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->change_cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_WAITLIST_DIALOG);

  G_OBJECT_CLASS (turnout_waitlist_dialog_parent_class)->dispose (object);
}

static void
turnout_waitlist_dialog_finalize (GObject *object)
{
  TurnoutWaitlistDialog *self = TURNOUT_WAITLIST_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->change_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_array_unref);

  G_OBJECT_CLASS (turnout_waitlist_dialog_parent_class)->finalize (object);
}

static void
turnout_waitlist_dialog_class_init (TurnoutWaitlistDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = turnout_waitlist_dialog_dispose;
  object_class->finalize = turnout_waitlist_dialog_finalize;
  window_class->close_request = close_request;

  /* Emitted after a reorder or a promotion. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  turnout_ensure_resources ();
  g_type_ensure (TURNOUT_TYPE_CLIP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-waitlist-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, seats_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, members_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWaitlistDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "waitlist.move-up", "x", move_action);
  gtk_widget_class_install_action (widget_class, "waitlist.move-down", "x", move_action);
  gtk_widget_class_install_action (widget_class, "waitlist.promote", "x", promote_action);
  gtk_widget_class_install_action (widget_class, "waitlist.promote-first", NULL, promote_first_action);
  gtk_widget_class_install_action (widget_class, "waitlist.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "waitlist.undo-move", NULL, undo_move_action);
  gtk_widget_class_install_action (widget_class, "waitlist.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "waitlist.undo-change", "x", undo_change_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
turnout_waitlist_dialog_init (TurnoutWaitlistDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->order = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->seats.capacity = -1;
  actions_update (self);
}

/**
 * turnout_waitlist_dialog_present:
 *
 * Returns: (transfer none): the dialog; connect to ::changed to reload
 */
TurnoutWaitlistDialog *
turnout_waitlist_dialog_present (GtkWindow    *parent,
                                 TurnoutStore *store,
                                 gint64        program_id)
{
  TurnoutWaitlistDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_WAITLIST_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->program_id = program_id;
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
