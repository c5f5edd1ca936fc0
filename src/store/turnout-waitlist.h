/* turnout-waitlist.h: seats, the wait list, approvals and batch changes.
 *
 * Everything here runs in one transaction per call, through
 * turnout_db_apply_move(), so the rules of movement, the outbox and the
 * trigger rules apply exactly as they do to any other change.
 */
#pragma once

#include "turnout-db.h"
#include "turnout-store.h"

G_BEGIN_DECLS

/* A batch selection; NULL / -1 fields do not filter. */
typedef struct
{
  const char *status;
  const char *search;
  int         success;       /* -1 any, 0 not reached, 1 reached */
  const char *acquired_by;   /* key, e.g. "import" */
} TurnoutMemberFilter;

gboolean    turnout_waitlist_count_seats  (TurnoutDb            *db,
                                           gint64                program_id,
                                           TurnoutSeats         *seats,
                                           GError              **error);
GPtrArray  *turnout_waitlist_list         (TurnoutDb            *db,
                                           gint64                program_id,
                                           GError              **error);
gboolean    turnout_waitlist_move         (TurnoutDb            *db,
                                           gint64                program_id,
                                           gint64                person_id,
                                           guint                 position,
                                           const char           *reason,
                                           GError              **error);
GPtrArray  *turnout_waitlist_promote      (TurnoutDb            *db,
                                           gint64                program_id,
                                           const gint64         *person_ids,
                                           guint                 n_person_ids,
                                           const char           *reason,
                                           GError              **error);

/* Inside the caller's transaction: promotes the first waiting member when a
 * seat is free. @promoted is FALSE when nobody was (no seat, nobody waiting). */
gboolean    turnout_waitlist_promote_first (TurnoutDb            *db,
                                            const TurnoutProgram *program,
                                            TurnoutChannel       *channel,
                                            TurnoutSource         source,
                                            const char           *reason,
                                            const char           *now,
                                            gboolean             *promoted,
                                            GError              **error);

GPtrArray  *turnout_members_decide        (TurnoutDb            *db,
                                           gint64                program_id,
                                           const gint64         *person_ids,
                                           guint                 n_person_ids,
                                           gboolean              approve,
                                           const char           *reason,
                                           GError              **error);
GArray     *turnout_members_select        (TurnoutDb            *db,
                                           gint64                program_id,
                                           const TurnoutMemberFilter *filter,
                                           GError              **error);
GPtrArray  *turnout_members_batch_change  (TurnoutDb            *db,
                                           gint64                program_id,
                                           const TurnoutMemberFilter *filter,
                                           const char           *to_status,
                                           const char           *reason,
                                           GError              **error);

gboolean    turnout_waitlist_set_auto_promote (TurnoutDb        *db,
                                               gint64            program_id,
                                               gboolean          auto_promote,
                                               GPtrArray       **promoted,
                                               GError          **error);

/* For the window: seats taken against the limit, on the store's worker. */
void        turnout_waitlist_count_seats_async  (TurnoutStore        *store,
                                                 gint64               program_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    turnout_waitlist_count_seats_finish (TurnoutStore        *store,
                                                 GAsyncResult        *result,
                                                 TurnoutSeats        *seats,
                                                 GError             **error);

G_END_DECLS
