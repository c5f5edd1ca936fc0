/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-members.h: programs and their members, as store jobs.
 *
 * What the main window reads and writes about programs and the people in
 * them, each an _async ()/_finish () pair that runs on the store's thread
 * and returns on the caller's context.
 */
#pragma once

#include "turnout-forget.h"
#include "turnout-member-table.h"
#include "turnout-store.h"

G_BEGIN_DECLS

/* Programs */

void                 turnout_store_add_program_async          (TurnoutStore         *self,
                                                               const char           *name,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gint64               turnout_store_add_program_finish         (TurnoutStore         *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                 turnout_store_rename_program_async       (TurnoutStore         *self,
                                                               gint64                program_id,
                                                               const char           *name,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             turnout_store_rename_program_finish      (TurnoutStore         *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* Deleted programs leave the list and come back with @deleted FALSE. */
void                 turnout_store_set_program_deleted_async  (TurnoutStore         *self,
                                                               gint64                program_id,
                                                               gboolean              deleted,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             turnout_store_set_program_deleted_finish (TurnoutStore         *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* Members */

/* @sort_column (a TurnoutMemberColumn, or -1): an order to compute with
 * the table on the store's thread, so that a reload of a sorted table
 * shows in that order at once. */
void                 turnout_store_load_members_async         (TurnoutStore         *self,
                                                               gint64                program_id,
                                                               int                   sort_column,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
TurnoutMemberTable  *turnout_store_load_members_finish        (TurnoutStore         *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* One member, and with @history (nullable) their status history too. */
void                 turnout_store_get_member_async           (TurnoutStore         *self,
                                                               gint64                program_id,
                                                               gint64                person_id,
                                                               gboolean              with_history,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
TurnoutMember       *turnout_store_get_member_finish          (TurnoutStore         *self,
                                                               GAsyncResult         *result,
                                                               GPtrArray           **history,
                                                               GError              **error);
/* @person with id 0 joins @program_id as a new member (by hand); with an
 * id, that person is updated, in every program. */
void                 turnout_store_save_person_async          (TurnoutStore         *self,
                                                               gint64                program_id,
                                                               const TurnoutPerson  *person,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
TurnoutChangeResult *turnout_store_save_person_finish         (TurnoutStore         *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* The person ids of @program_id's members in @status_key. */
void                 turnout_store_list_members_with_status_async  (TurnoutStore    *self,
                                                                    gint64           program_id,
                                                                    const char      *status_key,
                                                                    GCancellable    *cancellable,
                                                                    GAsyncReadyCallback callback,
                                                                    gpointer         user_data);
GArray              *turnout_store_list_members_with_status_finish (TurnoutStore    *self,
                                                                    GAsyncResult    *result,
                                                                    GError         **error);

/* Forget Person (turnout-forget.h): the ON24 events to ask first (of
 * gint64), and the erase, which finishes with its report. */
void                 turnout_store_list_person_on24_events_async  (TurnoutStore        *self,
                                                                   gint64               person_id,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
GArray              *turnout_store_list_person_on24_events_finish (TurnoutStore        *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);
void                 turnout_store_forget_person_async  (TurnoutStore        *self,
                                                         gint64               person_id,
                                                         const char          *by,
                                                         gboolean             on24,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
TurnoutForgetReport *turnout_store_forget_person_finish (TurnoutStore        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
