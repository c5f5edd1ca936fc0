/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-undo.h: Undo of the window's last changes, as a store job. */
#pragma once

#include "turnout-store.h"
#include "turnout-undo.h"

G_BEGIN_DECLS

void                turnout_store_undo_change_async  (TurnoutStore         *self,
                                                      gint64                change_id,
                                                      TurnoutProgress      *progress,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
TurnoutUndoSummary *turnout_store_undo_change_finish (TurnoutStore         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
