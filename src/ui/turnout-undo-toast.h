/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-undo-toast.h: a toast that can take its change back. */
#pragma once

#include <adwaita.h>

#include "turnout-store.h"
#include "turnout-undo.h"

G_BEGIN_DECLS

/* Called once the change is undone, with what it did; @owner is the
 * widget the toast was for. */
typedef void (*TurnoutUndoneFunc) (GtkWidget                *owner,
                                   const TurnoutUndoSummary *summary);

char     *turnout_undo_describe  (const TurnoutUndoSummary *summary);
AdwToast *turnout_undo_toast_new (const char               *title,
                                  TurnoutStore             *store,
                                  gint64                    change_id,
                                  AdwToastOverlay          *overlay,
                                  GtkWidget                *owner,
                                  TurnoutUndoneFunc         undone);

G_END_DECLS
