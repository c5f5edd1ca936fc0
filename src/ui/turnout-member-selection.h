/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-selection.h: which members of the table are selected.
 *
 * A GtkSelectionModel over a TurnoutMemberList that keeps the selected
 * positions as one GtkBitset and nothing else.
 */
#pragma once

#include <gtk/gtk.h>

#include "turnout-member-list.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_MEMBER_SELECTION (turnout_member_selection_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutMemberSelection, turnout_member_selection, TURNOUT, MEMBER_SELECTION, GObject)

TurnoutMemberSelection *turnout_member_selection_new      (TurnoutMemberList      *list);
TurnoutMemberList      *turnout_member_selection_get_list (TurnoutMemberSelection *self);

G_END_DECLS
