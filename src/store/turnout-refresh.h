/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-refresh.h: "Refresh from Webinar Provider", applied to the store.
 *
 * Takes what the provider reported (a TurnoutFeed) and applies the spec's
 * rules in ONE transaction: blocked rows and rows of people ON24 has
 * removed (deleted, forgotten) ignored, live wins over on-demand,
 * attendees matched by e-mail or added (created from the registrant list,
 * acquired by "provider feed"), No Show only for members registered here
 * with a confirmed push, only when the feed has a live attendee and the
 * event ended at least two hours ago, forward moves only. Running it twice
 * changes nothing the second time.
 */
#pragma once

#include "turnout-db.h"
#include "turnout-feed.h"

G_BEGIN_DECLS

/* ON24 finishes its attendance data up to three hours after the end; it
 * advises no earlier than two. */
#define TURNOUT_REFRESH_NO_SHOW_DELAY (2 * G_TIME_SPAN_HOUR)

typedef struct
{
  guint     attended;            /* moved to Attended */
  guint     attended_on_demand;  /* moved to Attended On-demand */
  guint     no_show;             /* moved to No Show */
  guint     added;               /* people added to the program by the feed */
  guint     unchanged;           /* attendees whose status did not change */
  guint     blocked;             /* blocked rows ignored */
  guint     ignored_removed;     /* rows of people removed at ON24 ignored */
  guint     ignored_forgotten;   /* rows of people forgotten here (turnout-forget.h) ignored */
  guint     no_show_pending;     /* members who will become No Show later */
  char     *no_show_at;          /* when (ISO 8601, UTC), or NULL */
  gboolean  no_show_needs_live;  /* no live attendee in the feed yet */
  char     *refreshed_at;
} TurnoutRefreshSummary;

void                   turnout_refresh_summary_free     (TurnoutRefreshSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutRefreshSummary, turnout_refresh_summary_free)

TurnoutRefreshSummary *turnout_refresh_apply            (TurnoutDb         *db,
                                                         gint64             program_id,
                                                         const TurnoutFeed *feed,
                                                         GDateTime         *now,
                                                         GError           **error);

/* The summary as kept in programs.last_refresh_summary (compact JSON). */
char                  *turnout_refresh_summary_to_json  (const TurnoutRefreshSummary *summary);
TurnoutRefreshSummary *turnout_refresh_summary_from_json (const char                 *json);
/* "3 Attended, 1 Attended On-demand, 2 No Show, 1 added, 4 unchanged", how
 * many rows of people removed at ON24 were ignored, and, when No Show
 * waits, when it will be set. For toasts and the CLI. */
char                  *turnout_refresh_summary_format   (const TurnoutRefreshSummary *summary);

G_END_DECLS
