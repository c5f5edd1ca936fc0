/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-batch.c: batch campaigns, as store jobs.
 *
 * What the Batch dialog asks of the store: which members a filter selects
 * (the count it shows as the filter is edited) and the change of them all
 * in one transaction, through turnout_members_select() and
 * turnout_members_batch_change(), as the command-line tool calls them;
 * and that change as a dry run, for the preview the dialog shows first.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-batch.h"

typedef struct
{
  gint64    program_id;
  char     *status;
  char     *search;
  int       success;
  char     *acquired_by;
  char     *to_status;
  char     *reason;
  gboolean  dry_run;   /* a preview: run, counted, rolled back */
} Batch;

/* The job outlives the caller's filter: it keeps copies. */
static Batch *
batch_new (gint64                     program_id,
           const TurnoutMemberFilter *filter)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->program_id = program_id;
  batch->status = g_strdup (filter->status);
  batch->search = g_strdup (filter->search);
  batch->success = filter->success;
  batch->acquired_by = g_strdup (filter->acquired_by);
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_free (batch->status);
  g_free (batch->search);
  g_free (batch->acquired_by);
  g_free (batch->to_status);
  g_free (batch->reason);
  g_free (batch);
}

static TurnoutMemberFilter
batch_filter (const Batch *batch)
{
  TurnoutMemberFilter filter = { batch->status, batch->search, batch->success, batch->acquired_by };

  return filter;
}

static gpointer
select_job (TurnoutDb     *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Batch *batch = data;
  TurnoutMemberFilter filter = batch_filter (batch);

  return turnout_members_select (db, batch->program_id, &filter, error);
}

/* The members @filter selects, as turnout_members_batch_change() would. */
void
turnout_store_batch_select_async (TurnoutStore              *self,
                                  gint64                     program_id,
                                  const TurnoutMemberFilter *filter,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (filter != NULL);

  turnout_store_run_async (self, select_job, batch_new (program_id, filter), (GDestroyNotify) batch_free,
                           (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type gint64): the person ids, or %NULL
 * with @error set */
GArray *
turnout_store_batch_select_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
change_job (TurnoutDb     *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Batch *batch = data;
  TurnoutMemberFilter filter = batch_filter (batch);
  GPtrArray *results;

  /* A preview is the very change, rolled back at its end: its counts are
   * the ones the change then makes. Never left on for the next job. */
  turnout_db_set_dry_run (db, batch->dry_run);
  results = turnout_members_batch_change (db, batch->program_id, &filter, batch->to_status, batch->reason, error);
  turnout_db_set_dry_run (db, FALSE);
  return results;
}

static void
change_start (TurnoutStore              *self,
              gint64                     program_id,
              const TurnoutMemberFilter *filter,
              const char                *to_status,
              const char                *reason,
              gboolean                   dry_run,
              TurnoutProgress           *progress,
              GCancellable              *cancellable,
              GAsyncReadyCallback        callback,
              gpointer                   user_data)
{
  Batch *batch = batch_new (program_id, filter);

  batch->to_status = g_strdup (to_status);
  batch->reason = g_strdup (reason);
  batch->dry_run = dry_run;
  turnout_store_run_bulk_async (self, change_job, batch, (GDestroyNotify) batch_free,
                                (GDestroyNotify) g_ptr_array_unref, progress, cancellable, callback, user_data);
}

/**
 * turnout_store_batch_change_async:
 * @reason: (nullable): kept in each member's history
 * @progress: (nullable): counted into while the change runs; must outlive
 *   it (until @callback)
 *
 * Moves every member @filter selects to @to_status. A bulk change:
 * @cancellable stops it before it commits, writing nothing.
 */
void
turnout_store_batch_change_async (TurnoutStore              *self,
                                  gint64                     program_id,
                                  const TurnoutMemberFilter *filter,
                                  const char                *to_status,
                                  const char                *reason,
                                  TurnoutProgress           *progress,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (filter != NULL);
  g_return_if_fail (to_status != NULL);

  change_start (self, program_id, filter, to_status, reason, FALSE, progress, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutChangeResult): what became
 * of each member, or %NULL with @error set */
GPtrArray *
turnout_store_batch_change_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

/**
 * turnout_store_batch_change_dry_run_async:
 *
 * What turnout_store_batch_change_async() would do with the same
 * arguments, writing nothing: the change runs to the end of its
 * transaction and is rolled back. It takes as long as the change, so it
 * counts into @progress and @cancellable stops it the same way.
 */
void
turnout_store_batch_change_dry_run_async (TurnoutStore              *self,
                                          gint64                     program_id,
                                          const TurnoutMemberFilter *filter,
                                          const char                *to_status,
                                          const char                *reason,
                                          TurnoutProgress           *progress,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (filter != NULL);
  g_return_if_fail (to_status != NULL);

  change_start (self, program_id, filter, to_status, reason, TRUE, progress, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutChangeResult): what would
 * become of each member, or %NULL with @error set */
GPtrArray *
turnout_store_batch_change_dry_run_finish (TurnoutStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}
