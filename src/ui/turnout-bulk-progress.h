/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-bulk-progress.h: the progress strip every bulk change shows. */
#pragma once

#include <gtk/gtk.h>

#include "turnout-db.h"

G_BEGIN_DECLS

gboolean turnout_bulk_progress_show (const TurnoutProgress *progress,
                                     gint64                 started,
                                     gboolean               undo,
                                     GtkLabel              *label,
                                     GtkProgressBar        *bar,
                                     GtkRevealer           *revealer);

/* A dialog's strip for one change or its preview at a time: the store's
 * worker counts into @progress; a timeout shows it. @shown (nullable) is
 * called with @data whenever the strip is shown or updated, for the
 * owner's Cancel (no Cancel once only the commit is left). */
typedef struct
{
  TurnoutProgress *progress;
  GtkLabel        *label;
  GtkProgressBar  *bar;
  GtkRevealer     *revealer;
  void           (*shown) (gpointer data);
  gpointer         data;
  gint64           started;
  guint            timeout_id;
  gboolean         preview;
  gboolean         undo;
} TurnoutProgressStrip;

void turnout_progress_strip_start (TurnoutProgressStrip *strip,
                                   guint                 total,
                                   gboolean              preview);
void turnout_progress_strip_start_undo (TurnoutProgressStrip *strip);
void turnout_progress_strip_stop  (TurnoutProgressStrip *strip);

G_END_DECLS
