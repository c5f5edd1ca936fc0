/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-refresh.h: "Refresh from Webinar Provider", end to end.
 *
 * Fetches the event (its schedule), the attendee list and the registrant
 * list (names for people the feed adds) from ON24, then applies them in
 * one transaction on the store's thread. Any failure before the apply
 * changes nothing. A preview reads the same, applies it dry (counted,
 * then rolled back) and keeps it, so Apply writes what the preview
 * showed without asking ON24 again.
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

/* What one refresh read from ON24 for one program, and what applying it
 * would do. Reference counted; applied once at most. */
typedef struct _TurnoutOn24Fetch TurnoutOn24Fetch;

TurnoutOn24Fetch      *turnout_on24_fetch_ref            (TurnoutOn24Fetch *fetch);
void                   turnout_on24_fetch_unref          (TurnoutOn24Fetch *fetch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutOn24Fetch, turnout_on24_fetch_unref)
gint64                 turnout_on24_fetch_get_program_id (TurnoutOn24Fetch *fetch);
/* The dry run's counts. */
const TurnoutRefreshSummary *
                       turnout_on24_fetch_get_preview    (TurnoutOn24Fetch *fetch);

/* Fetches and applies dry: nothing is written. */
void                   turnout_on24_refresh_preview_async  (TurnoutStore         *store,
                                                            TurnoutOn24Client    *client,
                                                            gint64                program_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
TurnoutOn24Fetch      *turnout_on24_refresh_preview_finish (GAsyncResult         *result,
                                                            GError              **error);
/* Applies what @fetch holds, deciding as its preview did (the same
 * moment). A second apply of the same fetch fails with G_IO_ERROR_EXISTS
 * and writes nothing. */
void                   turnout_on24_refresh_apply_async    (TurnoutOn24Fetch     *fetch,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
TurnoutRefreshSummary *turnout_on24_refresh_apply_finish   (GAsyncResult         *result,
                                                            GError              **error);

/* When the app refreshes by itself: about +30 min, +2 h and +3 h after the
 * live end, then nightly (every 24 h after the third) for two weeks.
 * Returns the first such moment strictly after @after (unix seconds), or
 * 0 when there is none left. */
gint64                 turnout_on24_next_auto_refresh (gint64 live_end,
                                                       gint64 after);

G_END_DECLS
