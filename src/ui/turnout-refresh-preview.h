/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-refresh-preview.h: "Refresh from Webinar Provider" started by
 * hand. Fetches once and counts with a dry run, shows what would happen
 * (AdwMessageDialog), and on Apply applies that same fetch; Cancel writes
 * nothing.
 */
#pragma once

#include <adwaita.h>

#include "turnout-on24-service.h"

G_BEGIN_DECLS

/* The preview's body: one line per outcome ("12 → Attended"), people
 * added, unchanged, and No Show still to come. */
char                  *turnout_refresh_preview_describe     (const TurnoutRefreshSummary *summary);
/* Whether applying would move or add anyone. */
gboolean               turnout_refresh_preview_has_changes  (const TurnoutRefreshSummary *summary);

/* @busy is shown while ON24 or the store works and hidden while the
 * person decides. */
void                   turnout_refresh_preview_run_async    (GtkWindow           *parent,
                                                             TurnoutOn24Service  *service,
                                                             gint64               program_id,
                                                             const char          *program_name,
                                                             GtkSpinner          *busy,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
/* What was applied; NULL without an error when the person cancelled, or
 * closed a preview with nothing to apply. */
TurnoutRefreshSummary *turnout_refresh_preview_run_finish   (GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
