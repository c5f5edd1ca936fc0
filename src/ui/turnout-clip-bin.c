/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-clip-bin.c: a bin that always clips its child to its area,
 * so that the child's picture is one render node in every frame.
 *
 * GTK finds what to repaint by comparing each frame's render nodes with
 * the last frame's; two pictures that differ in shape are repainted
 * whole. Two places made them differ:
 *
 * - Around a toast overlay. It clips what it draws to its area (a toast
 *   slides in from below it), but GTK leaves a clip out of a frame when
 *   nothing drawn goes past it: a toast sliding in put a clip around the
 *   whole window's picture, one settled in place took it away, and GTK
 *   painted the whole window (8-17 ms in software at 1280x800, twice for
 *   every toast). The overlay's own clip is turned off and this bin
 *   clips it in every frame: a transparent pixel just past its corner
 *   keeps the clip there.
 * - Under an overlay, holding its main child. With nothing floating over
 *   it an overlay's picture is its child's; with a toast or a progress
 *   strip over it, the list [child's, floating one's]. A child whose own
 *   picture is a list (a GtkStack's is) was then compared item by item
 *   with a list of another shape: the progress strip fading in over the
 *   members table repainted all of the table's rows. In this bin the
 *   child's picture is one clip node, which GTK finds again in the
 *   longer list.
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
