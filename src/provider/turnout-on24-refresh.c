/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-refresh.c: fetch from ON24, then apply in one transaction,
 * or count it first with a dry run and apply the same data after. */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-on24-refresh.h"

/* What one refresh read from ON24 for one program. Shared (and so
 * counted) because a preview's dry run and the Apply after it both read
 * it, one on the store's thread while the window holds it. */
struct _TurnoutOn24Fetch
{
  TurnoutStore          *store;
  TurnoutOn24Client     *client;
  gint64                 program_id;
  gint64                 event_id;
  TurnoutFeed           *feed;
  /* The moment the refresh is decided at: the first apply's, kept so
   * that Apply decides No Show exactly as its preview did. */
  GDateTime             *now;
  TurnoutRefreshSummary *preview;
  gboolean               applied;
};

typedef enum
{
  STEP_PREVIEW,  /* apply it dry, and return the fetch */
  STEP_APPLY,    /* apply it, and return the summary */
} Step;

/* A task's data: the fetch, and how far to go with it. */
typedef struct
{
  TurnoutOn24Fetch *fetch;
  Step              step;
} Refresh;

typedef struct
{
  TurnoutOn24Fetch *fetch;
  gboolean          dry_run;
} ApplyJob;

static void
fetch_clear (TurnoutOn24Fetch *fetch)
{
  g_clear_object (&fetch->store);
  g_clear_object (&fetch->client);
  g_clear_pointer (&fetch->feed, turnout_feed_free);
  g_clear_pointer (&fetch->now, g_date_time_unref);
  g_clear_pointer (&fetch->preview, turnout_refresh_summary_free);
}

TurnoutOn24Fetch *
turnout_on24_fetch_ref (TurnoutOn24Fetch *fetch)
{
  g_return_val_if_fail (fetch != NULL, NULL);
  return g_atomic_rc_box_acquire (fetch);
}

void
turnout_on24_fetch_unref (TurnoutOn24Fetch *fetch)
{
  g_atomic_rc_box_release_full (fetch, (GDestroyNotify) fetch_clear);
}

gint64
turnout_on24_fetch_get_program_id (TurnoutOn24Fetch *fetch)
{
  g_return_val_if_fail (fetch != NULL, 0);
  return fetch->program_id;
}

const TurnoutRefreshSummary *
turnout_on24_fetch_get_preview (TurnoutOn24Fetch *fetch)
{
  g_return_val_if_fail (fetch != NULL, NULL);
  return fetch->preview;
}

static Refresh *
refresh_new (TurnoutOn24Fetch *fetch,
             Step              step)
{
  Refresh *r = g_new0 (Refresh, 1);

  r->fetch = turnout_on24_fetch_ref (fetch);
  r->step = step;
  return r;
}

static void
refresh_free (Refresh *r)
{
  g_clear_pointer (&r->fetch, turnout_on24_fetch_unref);
  g_free (r);
}

static void
apply_job_free (ApplyJob *job)
{
  g_clear_pointer (&job->fetch, turnout_on24_fetch_unref);
  g_free (job);
}

static gpointer
get_program_on_worker (TurnoutDb     *db,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return turnout_db_get_program (db, *(gint64 *) data, error);
}

static gpointer
apply_on_worker (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ApplyJob *job = data;
  TurnoutRefreshSummary *summary;

  /* A dry run goes to the end of the transaction and rolls it back, so
   * its counts are the apply's own. */
  turnout_db_set_dry_run (db, job->dry_run);
  summary = turnout_refresh_apply (db, job->fetch->program_id, job->fetch->feed, job->fetch->now, error);
  turnout_db_set_dry_run (db, FALSE);
  return summary;
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *r = g_task_get_task_data (task);
  TurnoutOn24Fetch *fetch = r->fetch;
  Step step = r->step;
  GError *error = NULL;
  TurnoutRefreshSummary *summary = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);

  if (summary == NULL)
    {
      /* A failed apply wrote nothing: it may be tried again. */
      if (step == STEP_APPLY)
        fetch->applied = FALSE;
      g_task_return_error (task, error);
    }
  else if (step == STEP_PREVIEW)
    {
      g_clear_pointer (&fetch->preview, turnout_refresh_summary_free);
      fetch->preview = summary;
      g_task_return_pointer (task, turnout_on24_fetch_ref (fetch), (GDestroyNotify) turnout_on24_fetch_unref);
    }
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) turnout_refresh_summary_free);
}

/* Applies the task's fetch on the store's thread, dry for a preview. */
static void
apply_fetch (GTask *task)
{
  Refresh *r = g_task_get_task_data (task);
  TurnoutOn24Fetch *fetch = r->fetch;
  Step step = r->step;
  ApplyJob *job;

  if (fetch->now == NULL)
    fetch->now = g_date_time_new_now_utc ();

  job = g_new0 (ApplyJob, 1);
  job->fetch = turnout_on24_fetch_ref (fetch);
  job->dry_run = step == STEP_PREVIEW;
  /* The apply must not be cancelled half-way: it is one transaction that
   * runs to its end or not at all, so it gets no cancellable. */
  turnout_store_run_async (fetch->store, apply_on_worker, job, (GDestroyNotify) apply_job_free,
                           (GDestroyNotify) turnout_refresh_summary_free, NULL, on_applied, task);
}

/* The client words a transient failure for the sender, which does try
 * again by itself; a refresh does not, so it says what happened to the
 * data and what the person can do. Takes @error. */
static GError *
refresh_error (GError *error)
{
  return turnout_on24_error_reword_transient (
    error,
    _("Cannot reach ON24, so nothing was refreshed; check the connection and refresh again"),
    _("ON24 did not answer in time, so nothing was refreshed; refresh again later"),
    _("ON24 asked Turnout to slow down, so nothing was refreshed; refresh again in a few minutes"),
    _("ON24 had a problem answering, so nothing was refreshed; refresh again later"));
}

static void
on_registrants (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Fetch *fetch = ((Refresh *) g_task_get_task_data (task))->fetch;
  GError *error = NULL;

  fetch->feed->registrants = turnout_on24_client_get_registrants_finish (fetch->client, result, &error);
  if (fetch->feed->registrants == NULL)
    {
      g_task_return_error (task, refresh_error (error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  apply_fetch (g_steal_pointer (&task));
}

static void
on_attendees (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (user_data);
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Fetch *fetch = ((Refresh *) g_task_get_task_data (task))->fetch;
  GError *error = NULL;
  TurnoutFeedEvent *event = g_steal_pointer (&fetch->feed->event);
  TurnoutFeed *feed = turnout_on24_client_get_attendees_finish (fetch->client, result, &error);

  if (feed == NULL)
    {
      turnout_feed_event_free (event);
      g_task_return_error (task, refresh_error (error));
      return;
    }

  turnout_feed_free (fetch->feed);
  fetch->feed = feed;
  fetch->feed->event = event;
  turnout_on24_client_get_registrants_async (fetch->client, fetch->event_id, cancellable,
                                             on_registrants, g_steal_pointer (&task));
}

static void
on_event (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (user_data);
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Fetch *fetch = ((Refresh *) g_task_get_task_data (task))->fetch;
  GError *error = NULL;

  fetch->feed = turnout_feed_new ();
  fetch->feed->event = turnout_on24_client_get_event_finish (fetch->client, result, &error);
  if (fetch->feed->event == NULL)
    {
      g_task_return_error (task, refresh_error (error));
      return;
    }

  turnout_on24_client_get_attendees_async (fetch->client, fetch->event_id, cancellable,
                                           on_attendees, g_steal_pointer (&task));
}

static void
on_program (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (user_data);
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Fetch *fetch = ((Refresh *) g_task_get_task_data (task))->fetch;
  g_autoptr(TurnoutProgram) program = NULL;
  GError *error = NULL;

  program = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (program == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (program->on24_event_id <= 0)
    {
      g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                               _("“%s” is not linked to an ON24 event; set the event id in Event Settings"),
                               program->name);
      return;
    }

  fetch->event_id = program->on24_event_id;
  turnout_on24_client_get_event_async (fetch->client, fetch->event_id, cancellable,
                                       on_event, g_steal_pointer (&task));
}

/* Reads the program's event, attendees and registrants, then applies
 * them as @step says. */
static void
fetch_async (TurnoutStore        *store,
             TurnoutOn24Client   *client,
             gint64               program_id,
             Step                 step,
             GCancellable        *cancellable,
             gpointer             source_tag,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  TurnoutOn24Fetch *fetch;
  gint64 *id;

  g_task_set_source_tag (task, source_tag);
  fetch = g_atomic_rc_box_new0 (TurnoutOn24Fetch);
  fetch->store = g_object_ref (store);
  fetch->client = client ? g_object_ref (client) : NULL;
  fetch->program_id = program_id;
  g_task_set_task_data (task, refresh_new (fetch, step), (GDestroyNotify) refresh_free);
  turnout_on24_fetch_unref (fetch);

  if (client == NULL)
    {
      g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                               _("No ON24 account is set up; set it in Preferences"));
      return;
    }
  if (!turnout_on24_client_check_configured (client, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = g_new (gint64, 1);
  *id = program_id;
  turnout_store_run_async (store, get_program_on_worker, id, g_free, (GDestroyNotify) turnout_program_free,
                           cancellable, on_program, g_steal_pointer (&task));
}

void
turnout_on24_refresh_async (TurnoutStore        *store,
                            TurnoutOn24Client   *client,
                            gint64               program_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (store));
  fetch_async (store, client, program_id, STEP_APPLY, cancellable, turnout_on24_refresh_async,
               callback, user_data);
}

TurnoutRefreshSummary *
turnout_on24_refresh_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
turnout_on24_refresh_preview_async (TurnoutStore        *store,
                                    TurnoutOn24Client   *client,
                                    gint64               program_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (store));
  fetch_async (store, client, program_id, STEP_PREVIEW, cancellable, turnout_on24_refresh_preview_async,
               callback, user_data);
}

TurnoutOn24Fetch *
turnout_on24_refresh_preview_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
turnout_on24_refresh_apply_async (TurnoutOn24Fetch    *fetch,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (fetch != NULL);
  g_return_if_fail (fetch->feed != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_on24_refresh_apply_async);
  g_task_set_task_data (task, refresh_new (fetch, STEP_APPLY), (GDestroyNotify) refresh_free);

  /* Applying the same data twice (Apply pressed twice) must not count
   * or announce it twice. */
  if (fetch->applied)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, _("This refresh is already applied"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  fetch->applied = TRUE;
  apply_fetch (g_steal_pointer (&task));
}

TurnoutRefreshSummary *
turnout_on24_refresh_apply_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
turnout_on24_next_auto_refresh (gint64 live_end,
                                gint64 after)
{
  static const gint64 offsets[] = { 30 * 60, 2 * 3600, 3 * 3600 };
  const gint64 day = 24 * 3600;
  const gint64 last = live_end + 3 * 3600 + 14 * day;
  gint64 slot;

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    if (live_end + offsets[i] > after)
      return live_end + offsets[i];

  /* Nightly after the third: every 24 h from end + 3 h. */
  slot = live_end + 3 * 3600 + ((after - (live_end + 3 * 3600)) / day + 1) * day;
  return slot <= last ? slot : 0;
}
