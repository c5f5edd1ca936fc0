/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-details.h: the selected member, their status and history. */
#pragma once

#include <adwaita.h>

#include "turnout-records.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_MEMBER_DETAILS (turnout_member_details_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutMemberDetails, turnout_member_details, TURNOUT, MEMBER_DETAILS, GtkWidget)

void  turnout_member_details_show   (TurnoutMemberDetails *self,
                                     TurnoutChannel       *channel,
                                     const TurnoutMember  *member,
                                     GPtrArray            *history);
gboolean turnout_member_details_is_forgotten (TurnoutMemberDetails *self);
guint turnout_member_details_get_n_history (TurnoutMemberDetails *self);
const char *turnout_member_details_get_history_title (TurnoutMemberDetails *self,
                                                     guint                 index);
guint turnout_member_details_get_n_questions (TurnoutMemberDetails *self);
const char *turnout_member_details_get_question_answer (TurnoutMemberDetails *self,
                                                       guint                 index);

G_END_DECLS
