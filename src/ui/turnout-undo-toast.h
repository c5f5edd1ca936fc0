/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-undo-toast.h: a toast that can take its change back. */
#pragma once

#include <adwaita.h>

#include "turnout-store.h"
#include "turnout-undo.h"

G_BEGIN_DECLS

char     *turnout_undo_describe  (const TurnoutUndoSummary *summary);
void      turnout_undo_toast_offer (AdwToast               *toast,
                                    gint64                  change_id,
                                    const char             *action_name);
AdwToast *turnout_undo_toast_new (const char               *title,
                                  gint64                    change_id,
                                  const char               *action_name);
AdwToast *turnout_undo_result_toast (const TurnoutUndoSummary *summary,
                                     const GError             *error,
                                     gint64                    change_id,
                                     const char               *action_name);

G_END_DECLS
