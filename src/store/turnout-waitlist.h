/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-waitlist.h: seats and the wait list.
 *
 * Everything here runs in one transaction per call, through
 * turnout_db_apply_move(), so the rules of movement, the outbox and the
 * trigger rules apply exactly as they do to any other change. The changes
 * of many members (turnout-bulk.h) come with it: the wait list's callers
 * approve and change members in bulk too.
 */
#pragma once

#include "turnout-bulk.h"
#include "turnout-db.h"

G_BEGIN_DECLS

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

gboolean    turnout_waitlist_set_auto_promote (TurnoutDb        *db,
                                               gint64            program_id,
                                               gboolean          auto_promote,
                                               GPtrArray       **promoted,
                                               GError          **error);

G_END_DECLS
