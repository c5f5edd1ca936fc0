/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-bulk.h: changes of many members at once.
 *
 * Each call is one transaction through the move engine, so the rules of
 * movement, the outbox and the trigger rules apply exactly as they do to
 * any other change.
 */
#pragma once

#include "turnout-db.h"

G_BEGIN_DECLS

/* A batch selection; NULL / -1 fields do not filter. */
typedef struct
{
  const char *status;
  const char *search;
  int         success;       /* -1 any, 0 not reached, 1 reached */
  const char *acquired_by;   /* key, e.g. "import" */
} TurnoutMemberFilter;

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

/* The core of the calls above and of turnout_waitlist_promote(): each of
 * @person_ids (or, with @filter, each member it selects in the same
 * transaction) moved to @to_status; with @only_from, those in any other
 * status are left alone and reported refused with @not_from_reason. */
GPtrArray  *turnout_members_move          (TurnoutDb            *db,
                                           gint64                program_id,
                                           const gint64         *person_ids,
                                           guint                 n_person_ids,
                                           const TurnoutMemberFilter *filter,
                                           const char           *only_from,
                                           const char           *not_from_reason,
                                           const char           *to_status,
                                           const char           *reason,
                                           TurnoutSource         source,
                                           GError              **error);
/* What a person typed as @reason for the calls above: a code of Turnout's
 * own (turnout-reason.h) in it is refused. */
gboolean    turnout_members_check_typed_reason (const char  *reason,
                                                GError     **error);

G_END_DECLS
