/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-search.h: a search over a members table's names, e-mails,
 * companies and job titles, as it is typed: one needle after another.
 * Needles come from turnout_fold_for_search () (turnout-fold.h).
 */
#pragma once

#include "turnout-member-table.h"

G_BEGIN_DECLS

typedef struct _TurnoutMemberSearch TurnoutMemberSearch;

TurnoutMemberSearch *turnout_member_search_new         (TurnoutMemberTable  *table);
void                 turnout_member_search_free        (TurnoutMemberSearch *self);
const guint8        *turnout_member_search_run         (TurnoutMemberSearch *self,
                                                        const char          *needle);

G_END_DECLS
