/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-members-view.h: the members table. */
#pragma once

#include <adwaita.h>

#include "turnout-member-list.h"
#include "turnout-member-table.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_MEMBERS_VIEW (turnout_members_view_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutMembersView, turnout_members_view, TURNOUT, MEMBERS_VIEW, GtkWidget)

TurnoutMemberList   *turnout_members_view_get_list                (TurnoutMembersView  *self);
GtkSelectionModel   *turnout_members_view_get_selection           (TurnoutMembersView  *self);
void                 turnout_members_view_set_settings            (TurnoutMembersView  *self,
                                                                   GSettings           *settings);
GtkColumnViewColumn *turnout_members_view_get_column              (TurnoutMembersView  *self,
                                                                   TurnoutMemberColumn  column);
GArray              *turnout_members_view_dup_shown_columns       (TurnoutMembersView  *self);
GArray              *turnout_members_view_dup_selected_person_ids (TurnoutMembersView  *self);
gboolean             turnout_members_view_get_selected_range      (TurnoutMembersView  *self,
                                                                   TurnoutMemberRange  *range);
guint                turnout_members_view_count_selected_statuses (TurnoutMembersView *self,
                                                                   guint              *counts);
void                 turnout_members_view_forget_selection        (TurnoutMembersView  *self);
void                 turnout_members_view_select_person           (TurnoutMembersView  *self,
                                                                   gint64               person_id);
void                 turnout_members_view_scroll_to_top           (TurnoutMembersView  *self);

G_END_DECLS
