/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store.h: asynchronous access to the database for the UI.
 *
 * A TurnoutStore owns a worker thread, and that thread alone owns the
 * TurnoutDb. Work is queued as a function run on the worker; its result
 * comes back on the caller's main context through the usual async/finish
 * pair. The main thread never waits on SQLite.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-db.h"
#include "turnout-member-table.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_STORE (turnout_store_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutStore, turnout_store, TURNOUT, STORE, GObject)

/* Runs on the store's thread; returns a result owned by the caller of
 * _finish (), or NULL with @error set.
 */
typedef gpointer (*TurnoutStoreFunc) (TurnoutDb     *db,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

TurnoutStore *turnout_store_new               (const char           *path);
const char   *turnout_store_get_path          (TurnoutStore         *self);
void          turnout_store_set_password      (TurnoutStore         *self,
                                               const char           *password);
const char   *turnout_store_get_password      (TurnoutStore         *self);
void          turnout_store_open_async        (TurnoutStore         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      turnout_store_open_finish       (TurnoutStore         *self,
                                               GAsyncResult         *result,
                                               char                **moved_aside,
                                               GError              **error);
void          turnout_store_run_async         (TurnoutStore         *self,
                                               TurnoutStoreFunc      func,
                                               gpointer              data,
                                               GDestroyNotify        data_destroy,
                                               GDestroyNotify        result_destroy,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* A bulk change (see turnout_db_set_bulk_monitor()): @progress (nullable)
 * is counted into and must outlive the job; @cancellable stops it before
 * it commits, writing nothing. Finish with turnout_store_run_finish (). */
void          turnout_store_run_bulk_async    (TurnoutStore         *self,
                                               TurnoutStoreFunc      func,
                                               gpointer              data,
                                               GDestroyNotify        data_destroy,
                                               GDestroyNotify        result_destroy,
                                               TurnoutProgress      *progress,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* TRUE once a bulk change has counted every member: only its commit is
 * left, which a cancel no longer stops. */
gboolean      turnout_store_progress_is_committing (const TurnoutProgress *progress);
gpointer      turnout_store_run_finish        (TurnoutStore         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gint64        turnout_store_result_get_change (GAsyncResult         *result);

/* Typed operations for the common cases. */
void          turnout_store_list_programs_async  (TurnoutStore        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray    *turnout_store_list_programs_finish (TurnoutStore        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* @progress (nullable) is counted into while the change runs, and must
 * outlive it; @cancellable stops it before it commits, writing nothing.
 * It finishes with the counts (turnout_db_change_status_counted()). */
void          turnout_store_change_status_async  (TurnoutStore        *self,
                                                  gint64               program_id,
                                                  const char          *to_status,
                                                  GArray              *person_ids,
                                                  const char          *reason,
                                                  TurnoutSource        source,
                                                  TurnoutProgress     *progress,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
void          turnout_store_change_status_range_async (TurnoutStore             *self,
                                                       gint64                    program_id,
                                                       const char               *to_status,
                                                       const TurnoutMemberRange *range,
                                                       const char               *reason,
                                                       TurnoutSource             source,
                                                       TurnoutProgress          *progress,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
TurnoutChangeCount *turnout_store_change_status_finish (TurnoutStore  *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void          turnout_store_get_history_async    (TurnoutStore        *self,
                                                  gint64               program_id,
                                                  gint64               person_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray    *turnout_store_get_history_finish   (TurnoutStore        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
