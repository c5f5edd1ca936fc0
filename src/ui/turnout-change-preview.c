/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-change-preview.c: what a bulk change would do, in words.
 *
 * Batch Change and Approve Pending run their change dry first (the store
 * rolls it back at its end) and show its counts before anything is
 * written: "12 → Registered · 3 → Wait Listed (no seat free) · 2 skipped
 * (already in or past this status) · 1 refused", and why, grouped.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk-progress.h"
#include "turnout-channel.h"
#include "turnout-change-preview.h"

/**
 * turnout_change_describe:
 * @to_status: the status key the change moves to
 *
 * The window's toast after a change and the previews before one use
 * these words, so that what is shown first reads as what is said after.
 *
 * Returns: (transfer full): the counts of @summary as one line, parts
 *   joined by " · ", or "Nothing changed" / "Nothing would change"
 */
char *
turnout_change_describe (TurnoutChannel             *channel,
                         const TurnoutChangeSummary *summary,
                         const char                 *to_status,
                         const char                 *refusal,
                         gboolean                    done)
{
  g_autoptr(TurnoutChannel) webinar = channel ? NULL : turnout_channel_get_webinar ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gboolean to_wait_list;
  guint wait_listed, moved;

  g_return_val_if_fail (summary != NULL, NULL);

  if (channel == NULL)
    channel = webinar;
  /* Moved to the wait list instead of @to_status, for want of a seat. */
  to_wait_list = g_strcmp0 (to_status, TURNOUT_STATUS_WAIT_LISTED) == 0;
  wait_listed = to_wait_list ? 0 : summary->wait_listed;
  moved = summary->changed - wait_listed;

  if (moved > 0)
    /* Translators: how many moved to which status, "12 → Attended" */
    g_ptr_array_add (parts, g_strdup_printf (_("%'u → %s"), moved,
                                             turnout_status_display_name_for_key (channel, to_status)));
  if (wait_listed > 0)
    /* Translators: "3 → Wait Listed (no seat free)" */
    g_ptr_array_add (parts, g_strdup_printf (_("%'u → %s (no seat free)"), wait_listed,
                                             turnout_status_display_name_for_key (channel,
                                                                                  TURNOUT_STATUS_WAIT_LISTED)));
  if (summary->removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u removed from the program",
                                                          "%'u removed from the program", summary->removed),
                                             summary->removed));
  if (summary->skipped > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%'u skipped (already in or past this status)",
                                                          "%'u skipped (already in or past this status)",
                                                          summary->skipped),
                                             summary->skipped));
  if (summary->refused > 0 && refusal != NULL)
    /* Translators: "3 refused: Attended cannot go back to Registered" */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u refused: %s", "%'u refused: %s",
                                                          summary->refused),
                                             summary->refused, refusal));
  else if (summary->refused > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u refused", "%'u refused",
                                                          summary->refused),
                                             summary->refused));
  if (parts->len == 0)
    return g_strdup (done ? _("Nothing changed") : _("Nothing would change"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* A preview in the words the change's toast will use. */
char *
turnout_change_preview_describe (const TurnoutChangeSummary *summary,
                                 const char                 *to_status)
{
  return turnout_change_describe (NULL, summary, to_status, NULL, FALSE);
}

typedef struct
{
  const char *why;
  guint       n;
} Reason;

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const Reason *ra = a, *rb = b;

  if (ra->n != rb->n)
    return ra->n > rb->n ? -1 : 1;
  return g_strcmp0 (ra->why, rb->why);
}

/**
 * turnout_change_preview_reasons:
 * @results: (element-type TurnoutChangeResult): what became, or would
 *   become, of each member
 *
 * Returns: (transfer full): why members were skipped, refused or sent to
 *   the wait list, a line per reason, most frequent first: "12 × Attended
 *   cannot go back to Invited"; "" when there is none
 */
char *
turnout_change_preview_reasons (GPtrArray *results)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (Reason));
  GString *text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < results->len; i++)
    {
      TurnoutChangeResult *r = g_ptr_array_index (results, i);

      if (r->outcome == TURNOUT_MOVE_SKIPPED || r->outcome == TURNOUT_MOVE_REFUSED ||
          (r->outcome == TURNOUT_MOVE_CHANGED && r->reason && *r->reason &&
           g_strcmp0 (r->new_status, TURNOUT_STATUS_WAIT_LISTED) == 0))
        {
          const char *why = r->reason && *r->reason ? r->reason : _("No reason given");
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, why));

          /* The results outlive the table: their reasons are its keys. */
          g_hash_table_replace (counts, (gpointer) why, GUINT_TO_POINTER (n + 1));
        }
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Reason reason = { key, GPOINTER_TO_UINT (value) };

      g_array_append_val (reasons, reason);
    }
  g_array_sort (reasons, compare_reasons);
  for (guint i = 0; i < reasons->len; i++)
    {
      const Reason *reason = &g_array_index (reasons, Reason, i);

      g_string_append_printf (text, "%s%u × %s", i > 0 ? "\n" : "", reason->n, reason->why);
    }
  return g_string_free (text, FALSE);
}

/**
 * turnout_change_preview_show_progress:
 *
 * turnout_bulk_progress_show(), worded for a preview: "Checking N of M
 * members…", so a long one is not read as a change under way.
 */
gboolean
turnout_change_preview_show_progress (const TurnoutProgress *progress,
                                      gint64                 started,
                                      GtkLabel              *label,
                                      GtkProgressBar        *bar,
                                      GtkRevealer           *revealer)
{
  g_autofree char *text = NULL;
  gint done, total;

  if (!turnout_bulk_progress_show (progress, started, FALSE, label, bar, revealer))
    return FALSE;

  done = g_atomic_int_get (&progress->done);
  total = g_atomic_int_get (&progress->total);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Checking what would change: %'d of %'d member…",
                                       "Checking what would change: %'d of %'d members…", total),
                          done, total);
  gtk_label_set_text (label, text);
  return TRUE;
}
