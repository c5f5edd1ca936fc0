/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-waitlist.c: the wait list and approvals, as store jobs.
 *
 * The UI's way to the wait list: each job calls what turnout-waitlist.c
 * offers the command-line tool, on the store's thread. Promotions and
 * decisions are bulk changes, so they count into a TurnoutProgress and a
 * cancel before the commit writes nothing. A decision also runs dry, for
 * the preview Approve Pending shows before it decides.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-channel.h"
#include "turnout-store-waitlist.h"
#include "turnout-waitlist.h"

typedef struct
{
  gint64    program_id;
  gint64    person_id;
  guint     position;
  gboolean  approve;
  GArray   *person_ids;
  char     *reason;
  gboolean  dry_run;   /* a preview: run, counted, rolled back */
} Request;

static Request *
request_new (gint64 program_id)
{
  Request *request = g_new0 (Request, 1);

  request->program_id = program_id;
  return request;
}

static void
request_free (Request *request)
{
  g_clear_pointer (&request->person_ids, g_array_unref);
  g_free (request->reason);
  g_free (request);
}

void
turnout_waitlist_snapshot_free (TurnoutWaitlistSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->members, g_ptr_array_unref);
  g_free (snapshot);
}

/* Loading */

static gpointer
load_waitlist_job (TurnoutDb     *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Request *request = data;
  g_autoptr(TurnoutWaitlistSnapshot) snapshot = g_new0 (TurnoutWaitlistSnapshot, 1);

  if (!turnout_waitlist_count_seats (db, request->program_id, &snapshot->seats, error))
    return NULL;
  snapshot->members = turnout_waitlist_list (db, request->program_id, error);
  if (snapshot->members == NULL)
    return NULL;
  return g_steal_pointer (&snapshot);
}

void
turnout_store_load_waitlist_async (TurnoutStore        *self,
                                   gint64               program_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));

  turnout_store_run_async (self, load_waitlist_job, request_new (program_id), (GDestroyNotify) request_free,
                           (GDestroyNotify) turnout_waitlist_snapshot_free, cancellable, callback, user_data);
}

/* Returns: (transfer full): the seats and the wait list, or %NULL with @error set */
TurnoutWaitlistSnapshot *
turnout_store_load_waitlist_finish (TurnoutStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
count_seats_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Request *request = data;
  g_autofree TurnoutSeats *seats = g_new0 (TurnoutSeats, 1);

  if (!turnout_waitlist_count_seats (db, request->program_id, seats, error))
    return NULL;
  return g_steal_pointer (&seats);
}

void
turnout_store_count_seats_async (TurnoutStore        *self,
                                 gint64               program_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));

  turnout_store_run_async (self, count_seats_job, request_new (program_id), (GDestroyNotify) request_free,
                           g_free, cancellable, callback, user_data);
}

gboolean
turnout_store_count_seats_finish (TurnoutStore  *self,
                                  GAsyncResult  *result,
                                  TurnoutSeats  *seats,
                                  GError       **error)
{
  g_autofree TurnoutSeats *counted = turnout_store_run_finish (self, result, error);

  if (counted == NULL)
    return FALSE;
  *seats = *counted;
  return TRUE;
}

/* Moving */

static gpointer
move_waiting_job (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Request *r = data;

  if (!turnout_waitlist_move (db, r->program_id, r->person_id, r->position, r->reason, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/**
 * turnout_store_move_waiting_async:
 * @position: where in line @person_id goes, from 1
 * @reason: (nullable): kept in the member's history
 *
 * Not a bulk change: a move has no count to show, nor a point to stop at.
 */
void
turnout_store_move_waiting_async (TurnoutStore        *self,
                                  gint64               program_id,
                                  gint64               person_id,
                                  guint                position,
                                  const char          *reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (position > 0);

  request = request_new (program_id);
  request->person_id = person_id;
  request->position = position;
  request->reason = g_strdup (reason);
  turnout_store_run_async (self, move_waiting_job, request, (GDestroyNotify) request_free, NULL,
                           cancellable, callback, user_data);
}

gboolean
turnout_store_move_waiting_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error) != NULL;
}

/* Promoting */

static gpointer
promote_job (TurnoutDb     *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Request *r = data;
  GPtrArray *results;

  /* Made in the window: kept for Undo (turnout_store_result_get_change ()). */
  turnout_db_set_recording (db, TRUE);
  results = turnout_waitlist_promote (db, r->program_id, r->person_id ? &r->person_id : NULL,
                                      r->person_id ? 1 : 0, r->reason, error);
  turnout_db_set_recording (db, FALSE);
  return results;
}

/**
 * turnout_store_promote_async:
 * @person_id: who is promoted; 0: the first in line
 * @reason: (nullable): kept in the member's history
 * @progress: (nullable): counted into while the change runs; must outlive
 *   it (until @callback)
 *
 * A bulk change: @cancellable stops it before it commits, writing nothing.
 */
void
turnout_store_promote_async (TurnoutStore        *self,
                             gint64               program_id,
                             gint64               person_id,
                             const char          *reason,
                             TurnoutProgress     *progress,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  request = request_new (program_id);
  request->person_id = person_id;
  request->reason = g_strdup (reason);
  turnout_store_run_bulk_async (self, promote_job, request, (GDestroyNotify) request_free,
                                (GDestroyNotify) g_ptr_array_unref, progress, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutChangeResult): what became
 * of each member, or %NULL with @error set */
GPtrArray *
turnout_store_promote_finish (TurnoutStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

/* Approvals */

static gpointer
list_pending_job (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Request *r = data;

  return turnout_db_list_members (db, r->program_id, TURNOUT_STATUS_PENDING_APPROVAL, NULL, error);
}

/* The members waiting for approval. */
void
turnout_store_list_pending_async (TurnoutStore        *self,
                                  gint64               program_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));

  turnout_store_run_async (self, list_pending_job, request_new (program_id), (GDestroyNotify) request_free,
                           (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutMember): or %NULL with @error set */
GPtrArray *
turnout_store_list_pending_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
decide_job (TurnoutDb     *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Request *r = data;
  GPtrArray *results;

  /* A preview is the very decision, rolled back at its end: its counts
   * are the ones the decision then makes. Never left on for the next job. */
  turnout_db_set_dry_run (db, r->dry_run);
  turnout_db_set_recording (db, !r->dry_run);
  results = turnout_members_decide (db, r->program_id, (const gint64 *) (gpointer) r->person_ids->data,
                                    r->person_ids->len, r->approve, r->reason, error);
  turnout_db_set_recording (db, FALSE);
  turnout_db_set_dry_run (db, FALSE);
  return results;
}

static void
decide_start (TurnoutStore        *self,
              gint64               program_id,
              GArray              *person_ids,
              gboolean             approve,
              const char          *reason,
              gboolean             dry_run,
              TurnoutProgress     *progress,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  Request *request = request_new (program_id);

  request->person_ids = g_array_ref (person_ids);
  request->approve = approve;
  request->reason = g_strdup (reason);
  request->dry_run = dry_run;
  turnout_store_run_bulk_async (self, decide_job, request, (GDestroyNotify) request_free,
                                (GDestroyNotify) g_ptr_array_unref, progress, cancellable, callback, user_data);
}

/**
 * turnout_store_decide_async:
 * @person_ids: (element-type gint64): the members decided on
 * @approve: %TRUE: to Registered; %FALSE: to Rejected
 * @reason: (nullable): kept in the history
 * @progress: (nullable): counted into while the change runs; must outlive
 *   it (until @callback)
 *
 * A bulk change: @cancellable stops it before it commits, writing nothing.
 */
void
turnout_store_decide_async (TurnoutStore        *self,
                            gint64               program_id,
                            GArray              *person_ids,
                            gboolean             approve,
                            const char          *reason,
                            TurnoutProgress     *progress,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (person_ids != NULL);

  decide_start (self, program_id, person_ids, approve, reason, FALSE, progress, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutChangeResult): or %NULL with @error set */
GPtrArray *
turnout_store_decide_finish (TurnoutStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

/**
 * turnout_store_decide_dry_run_async:
 *
 * What turnout_store_decide_async() would do with the same arguments,
 * writing nothing: the decision runs to the end of its transaction and is
 * rolled back. It counts into @progress and @cancellable stops it as the
 * decision's would.
 */
void
turnout_store_decide_dry_run_async (TurnoutStore        *self,
                                    gint64               program_id,
                                    GArray              *person_ids,
                                    gboolean             approve,
                                    const char          *reason,
                                    TurnoutProgress     *progress,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (person_ids != NULL);

  decide_start (self, program_id, person_ids, approve, reason, TRUE, progress, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutChangeResult): what would
 * become of each member, or %NULL with @error set */
GPtrArray *
turnout_store_decide_dry_run_finish (TurnoutStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}
