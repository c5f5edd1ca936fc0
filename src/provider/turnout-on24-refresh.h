/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-refresh.h: "Refresh from Webinar Provider", end to end.
 *
 * Fetches the event (its schedule), the attendee list and the registrant
 * list (names for people the feed adds) from ON24, then applies them in
 * one transaction on the store's thread. Any failure before the apply
 * changes nothing.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-on24-client.h"
#include "turnout-refresh.h"
#include "turnout-store.h"

G_BEGIN_DECLS

/* Unix seconds; NULL for the real time. */
typedef gint64 (*TurnoutOn24NowFunc) (gpointer user_data);

void                   turnout_on24_refresh_async  (TurnoutStore         *store,
                                                    TurnoutOn24Client    *client,
                                                    gint64                program_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TurnoutRefreshSummary *turnout_on24_refresh_finish (GAsyncResult         *result,
                                                    GError              **error);

/* When the app refreshes by itself: about +30 min, +2 h and +3 h after the
 * live end, then nightly (every 24 h after the third) for two weeks.
 * Returns the first such moment strictly after @after (unix seconds), or
 * 0 when there is none left. */
gint64                 turnout_on24_next_auto_refresh (gint64 live_end,
                                                       gint64 after);

G_END_DECLS
