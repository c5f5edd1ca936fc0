/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-bulk-progress.c: the progress strip every bulk change shows (the
 * window's Change Status and Retry, Batch Change, Approve or Reject, the
 * wait list's Promote), read from the TurnoutProgress the store's thread
 * counts into. Each owner polls it from a timeout and keeps its own
 * widgets and Cancel. */
#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk-progress.h"
#include "turnout-change-preview.h"

/* Shown only once the change has taken 200 ms: most finish sooner, and a
 * bar that flashes up and away reads as a glitch. */
#define SHOW_AFTER_US (200 * G_TIME_SPAN_MILLISECOND)

/**
 * turnout_bulk_progress_show:
 * @started: when the change began (g_get_monotonic_time ())
 * @undo: the change is an Undo, whose count the store gives
 *
 * Shows "Changing the status of N of M members…" and the bar in
 * @revealer, once the change has run 200 ms; for an Undo "Undoing the
 * change of N members…", the bar pulsing (it writes each table's rows in
 * one statement: there is no count of members done) until only the
 * commit is left. Returns whether it is shown.
 */
gboolean
turnout_bulk_progress_show (const TurnoutProgress *progress,
                            gint64                 started,
                            gboolean               undo,
                            GtkLabel              *label,
                            GtkProgressBar        *bar,
                            GtkRevealer           *revealer)
{
  gint done = g_atomic_int_get (&progress->done);
  gint total = g_atomic_int_get (&progress->total);
  g_autofree char *text = NULL;

  if (g_get_monotonic_time () - started < SHOW_AFTER_US)
    return FALSE;

  if (!undo)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Changing the status of %'d of %'d member…",
                                           "Changing the status of %'d of %'d members…", total),
                              done, total);
      gtk_progress_bar_set_fraction (bar, total > 0 ? (double) done / total : 0);
    }
  else
    {
      /* The count once the store has it. */
      text = total > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undoing the change of %'d member…",
                                                       "Undoing the change of %'d members…", total),
                                          total)
                       : g_strdup (_("Undoing the change…"));
      if (total > 0 && done >= total)
        gtk_progress_bar_set_fraction (bar, 1.0);
      else
        gtk_progress_bar_pulse (bar);
    }
  gtk_label_set_text (label, text);
  gtk_revealer_set_reveal_child (revealer, TRUE);
  return TRUE;
}

static gboolean
strip_tick (gpointer data)
{
  TurnoutProgressStrip *strip = data;
  gboolean shown;

  if (strip->preview)
    shown = turnout_change_preview_show_progress (strip->progress, strip->started, strip->label, strip->bar,
                                                  strip->revealer);
  else
    shown = turnout_bulk_progress_show (strip->progress, strip->started, strip->undo, strip->label, strip->bar,
                                        strip->revealer);
  if (shown && strip->shown != NULL)
    strip->shown (strip->data);
  return G_SOURCE_CONTINUE;
}

/**
 * turnout_progress_strip_start:
 * @total: how many members the change or its preview goes through
 * @preview: whether it is a preview ("Checking what would change…")
 *
 * Counts from nought; the strip shows once it has taken 200 ms.
 */
void
turnout_progress_strip_start (TurnoutProgressStrip *strip,
                              guint                 total,
                              gboolean              preview)
{
  g_atomic_int_set (&strip->progress->done, 0);
  g_atomic_int_set (&strip->progress->total, (gint) total);
  strip->started = g_get_monotonic_time ();
  strip->preview = preview;
  strip->undo = FALSE;
  if (strip->timeout_id == 0)
    strip->timeout_id = g_timeout_add (100, strip_tick, strip);
}

/**
 * turnout_progress_strip_start_undo:
 *
 * The same for an Undo ("Undoing the change of N members…"), whose count
 * the store gives.
 */
void
turnout_progress_strip_start_undo (TurnoutProgressStrip *strip)
{
  turnout_progress_strip_start (strip, 0, FALSE);
  strip->undo = TRUE;
}

void
turnout_progress_strip_stop (TurnoutProgressStrip *strip)
{
  g_clear_handle_id (&strip->timeout_id, g_source_remove);
  gtk_revealer_set_reveal_child (strip->revealer, FALSE);
}
