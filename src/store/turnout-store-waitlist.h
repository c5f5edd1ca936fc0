/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-waitlist.h: the wait list and approvals, as store jobs.
 *
 * Each operation runs its turnout-waitlist.h counterpart (the functions
 * the command-line tool calls) on the store's thread and returns on the
 * caller's context.
 */
#pragma once

#include "turnout-store.h"

G_BEGIN_DECLS

/* Seats against the limit and who waits for one, read together. */
typedef struct
{
  TurnoutSeats  seats;
  GPtrArray    *members;  /* of TurnoutMember, first in line first */
} TurnoutWaitlistSnapshot;

void                     turnout_waitlist_snapshot_free      (TurnoutWaitlistSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutWaitlistSnapshot, turnout_waitlist_snapshot_free)

void                     turnout_store_load_waitlist_async   (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
TurnoutWaitlistSnapshot *turnout_store_load_waitlist_finish  (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Seats taken against the limit alone, for the window's header. */
void                     turnout_store_count_seats_async     (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean                 turnout_store_count_seats_finish    (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              TurnoutSeats         *seats,
                                                              GError              **error);
void                     turnout_store_move_waiting_async    (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              gint64                person_id,
                                                              guint                 position,
                                                              const char           *reason,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean                 turnout_store_move_waiting_finish   (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                     turnout_store_promote_async         (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              gint64                person_id,
                                                              const char           *reason,
                                                              TurnoutProgress      *progress,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray               *turnout_store_promote_finish        (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                     turnout_store_list_pending_async    (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray               *turnout_store_list_pending_finish   (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                     turnout_store_decide_async          (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              GArray               *person_ids,
                                                              gboolean              approve,
                                                              const char           *reason,
                                                              TurnoutProgress      *progress,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray               *turnout_store_decide_finish         (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                     turnout_store_decide_dry_run_async  (TurnoutStore         *self,
                                                              gint64                program_id,
                                                              GArray               *person_ids,
                                                              gboolean              approve,
                                                              const char           *reason,
                                                              TurnoutProgress      *progress,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray               *turnout_store_decide_dry_run_finish (TurnoutStore         *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
