/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-list.h: the members table's model.
 *
 * A GListModel over a TurnoutMemberTable: searching, the status filter and
 * sorting work on row indices, and a TurnoutMemberRow object is made only
 * when a row is asked for, which in practice means when it is on screen.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-member-table.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_MEMBER_ROW (turnout_member_row_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutMemberRow, turnout_member_row, TURNOUT, MEMBER_ROW, GObject)

/* The row of a blank position, on its way out of the list. */
#define TURNOUT_MEMBER_ROW_NONE G_MAXUINT

gboolean            turnout_member_row_is_member      (TurnoutMemberRow *self);
TurnoutMemberTable *turnout_member_row_get_table      (TurnoutMemberRow *self);
guint               turnout_member_row_get_index      (TurnoutMemberRow *self);
gint64              turnout_member_row_get_person_id  (TurnoutMemberRow *self);
char               *turnout_member_row_dup_name       (TurnoutMemberRow *self);
const char         *turnout_member_row_get_text       (TurnoutMemberRow  *self,
                                                       TurnoutMemberText  text);
const char         *turnout_member_row_get_status_key (TurnoutMemberRow *self);

#define TURNOUT_TYPE_MEMBER_LIST (turnout_member_list_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutMemberList, turnout_member_list, TURNOUT, MEMBER_LIST, GObject)

TurnoutMemberList  *turnout_member_list_new               (void);
void                turnout_member_list_set_table         (TurnoutMemberList  *self,
                                                           TurnoutMemberTable *table);
TurnoutMemberTable *turnout_member_list_get_table         (TurnoutMemberList  *self);
void                turnout_member_list_set_search        (TurnoutMemberList  *self,
                                                           const char         *text);
const char         *turnout_member_list_get_search        (TurnoutMemberList  *self);
void                turnout_member_list_set_status_filter (TurnoutMemberList  *self,
                                                           int                 status);
int                 turnout_member_list_get_status_filter (TurnoutMemberList  *self);
void                turnout_member_list_set_sort          (TurnoutMemberList  *self,
                                                           int                 column,
                                                           gboolean            descending);
int                 turnout_member_list_get_sort_column   (TurnoutMemberList  *self);
gboolean            turnout_member_list_get_sort_descending (TurnoutMemberList *self);
gboolean            turnout_member_list_is_sorting        (TurnoutMemberList  *self);
guint               turnout_member_list_get_row           (TurnoutMemberList  *self,
                                                           guint               position);
guint               turnout_member_list_get_n_matching    (TurnoutMemberList  *self);
const guint32      *turnout_member_list_peek_rows         (TurnoutMemberList  *self,
                                                           guint              *n_rows);
gboolean            turnout_member_list_get_range         (TurnoutMemberList  *self,
                                                           guint               first,
                                                           guint               n,
                                                           TurnoutMemberRange *range);
int                 turnout_member_list_find_person       (TurnoutMemberList  *self,
                                                           gint64              person_id);
void                turnout_member_list_show_all          (TurnoutMemberList  *self);
void                turnout_member_list_set_reloading     (TurnoutMemberList  *self,
                                                           gboolean            reloading);
void                turnout_member_list_set_view_range    (TurnoutMemberList  *self,
                                                           guint               first,
                                                           guint               n);
gboolean            turnout_member_list_has_stale         (TurnoutMemberList  *self);
gboolean            turnout_member_list_update_stale      (TurnoutMemberList  *self);

G_END_DECLS
