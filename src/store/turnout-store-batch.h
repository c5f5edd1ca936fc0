/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-batch.h: batch campaigns, as store jobs. */
#pragma once

#include "turnout-store.h"
#include "turnout-waitlist.h"

G_BEGIN_DECLS

void       turnout_store_batch_select_async  (TurnoutStore              *self,
                                              gint64                     program_id,
                                              const TurnoutMemberFilter *filter,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
GArray    *turnout_store_batch_select_finish (TurnoutStore              *self,
                                              GAsyncResult              *result,
                                              GError                   **error);
void       turnout_store_batch_change_async  (TurnoutStore              *self,
                                              gint64                     program_id,
                                              const TurnoutMemberFilter *filter,
                                              const char                *to_status,
                                              const char                *reason,
                                              TurnoutProgress           *progress,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
GPtrArray *turnout_store_batch_change_finish (TurnoutStore              *self,
                                              GAsyncResult              *result,
                                              GError                   **error);
void       turnout_store_batch_change_dry_run_async  (TurnoutStore              *self,
                                                      gint64                     program_id,
                                                      const TurnoutMemberFilter *filter,
                                                      const char                *to_status,
                                                      const char                *reason,
                                                      TurnoutProgress           *progress,
                                                      GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
GPtrArray *turnout_store_batch_change_dry_run_finish (TurnoutStore              *self,
                                                      GAsyncResult              *result,
                                                      GError                   **error);

G_END_DECLS
