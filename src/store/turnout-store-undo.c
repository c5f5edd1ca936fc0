/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-undo.c: Undo of the window's last changes, as a store
 * job (see turnout-undo.c). */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-undo.h"

static gpointer
undo_change_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree TurnoutUndoSummary *summary = g_new0 (TurnoutUndoSummary, 1);

  if (!turnout_db_undo_change (db, *(gint64 *) data, summary, error))
    return NULL;
  return g_steal_pointer (&summary);
}

/**
 * turnout_store_undo_change_async:
 * @progress: (nullable): gets the number of members the change moved, and
 *   all of them done once only the commit is left; must outlive the job
 * @cancellable: stops it, writing nothing, until it commits
 *   (%G_IO_ERROR_CANCELLED)
 */
void
turnout_store_undo_change_async (TurnoutStore        *self,
                                 gint64               change_id,
                                 TurnoutProgress     *progress,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (change_id > 0);

  turnout_store_run_bulk_async (self, undo_change_job, g_memdup2 (&change_id, sizeof change_id), g_free,
                                g_free, progress, cancellable, callback, user_data);
}

/* Returns: (transfer full): what the undo did, or %NULL with @error set */
TurnoutUndoSummary *
turnout_store_undo_change_finish (TurnoutStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}
