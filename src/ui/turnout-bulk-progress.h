/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-bulk-progress.h: the progress strip every bulk change shows. */
#pragma once

#include <gtk/gtk.h>

#include "turnout-db.h"

G_BEGIN_DECLS

gboolean turnout_bulk_progress_show (const TurnoutProgress *progress,
                                     gint64                 started,
                                     GtkLabel              *label,
                                     GtkProgressBar        *bar,
                                     GtkRevealer           *revealer);

G_END_DECLS
