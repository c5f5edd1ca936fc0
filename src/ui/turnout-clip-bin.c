/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-clip-bin.c: a bin that always clips its child to its area.
 *
 * A toast overlay clips what it draws to its area: a toast slides in
 * from below it. GTK leaves a clip out of a frame when nothing drawn
 * goes past it, and finds what to paint by comparing the frame's render
 * nodes with the last frame's: a toast sliding in put a clip around the
 * whole window's picture, one settled in place took it away again, and
 * each time the two pictures no longer matched in shape, so GTK painted
 * the whole window (8-17 ms in software at 1280x800, twice for every
 * toast). TurnoutClipBin holds the overlay (whose own clip is turned
 * off) and clips it in every frame: a transparent pixel just past its
 * corner keeps the clip there, so a toast coming and going only changes
 * what is inside it, and only that is painted.
 */
#include "config.h"

#include "turnout-clip-bin.h"

struct _TurnoutClipBin
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TurnoutClipBin, turnout_clip_bin, ADW_TYPE_BIN)

static void
turnout_clip_bin_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GTK_WIDGET_CLASS (turnout_clip_bin_parent_class)->snapshot (widget, snapshot);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0 },
                             &GRAPHENE_RECT_INIT (width, height, 1, 1));
  gtk_snapshot_pop (snapshot);
}

static void
turnout_clip_bin_class_init (TurnoutClipBinClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = turnout_clip_bin_snapshot;
}

static void
turnout_clip_bin_init (TurnoutClipBin *self)
{
}
