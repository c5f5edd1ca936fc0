/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-clip-bin.h: a bin that always clips its child to its area. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TURNOUT_TYPE_CLIP_BIN (turnout_clip_bin_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutClipBin, turnout_clip_bin, TURNOUT, CLIP_BIN, AdwBin)

G_END_DECLS
