/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-change-preview.h: what a bulk change would do, in words. */
#pragma once

#include <gtk/gtk.h>

#include "turnout-db.h"
#include "turnout-records.h"

G_BEGIN_DECLS

/* What a change did (@done) or would do, in words: "12 → Attended ·
 * 3 skipped". @channel NULL: the webinar channel; @refusal (nullable):
 * the first refused member's reason. */
char     *turnout_change_describe              (TurnoutChannel             *channel,
                                                const TurnoutChangeSummary *summary,
                                                const char                 *to_status,
                                                const char                 *refusal,
                                                gboolean                    done);
char     *turnout_change_preview_describe      (const TurnoutChangeSummary *summary,
                                                const char                 *to_status);
char     *turnout_change_preview_reasons       (GPtrArray                  *results);
gboolean  turnout_change_preview_show_progress (const TurnoutProgress      *progress,
                                                gint64                      started,
                                                GtkLabel                   *label,
                                                GtkProgressBar             *bar,
                                                GtkRevealer                *revealer);

G_END_DECLS
