/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-refresh.c: fetch from ON24, then apply in one transaction. */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-on24-refresh.h"

typedef struct
{
  TurnoutStore      *store;
  TurnoutOn24Client *client;
  gint64             program_id;
  gint64             event_id;
  TurnoutFeed       *feed;
} Refresh;

static void
refresh_free (Refresh *r)
{
  g_clear_object (&r->store);
  g_clear_object (&r->client);
  g_clear_pointer (&r->feed, turnout_feed_free);
  g_free (r);
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
  Refresh *r = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return turnout_refresh_apply (db, r->program_id, r->feed, now, error);
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TurnoutRefreshSummary *summary = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) turnout_refresh_summary_free);
}

/* The client words a transient failure for the sender, which does try
 * again by itself; a refresh does not, so it says what happened to the
 * data and what the person can do. Takes @error. */
static GError *
refresh_error (GError *error)
{
  const char *text;
  GError *worded;

  if (error->domain != TURNOUT_ON24_ERROR)
    return error;

  switch (error->code)
    {
    case TURNOUT_ON24_ERROR_OFFLINE:
      text = _("Cannot reach ON24, so nothing was refreshed; check the connection and refresh again");
      break;
    case TURNOUT_ON24_ERROR_TIMED_OUT:
      text = _("ON24 did not answer in time, so nothing was refreshed; refresh again later");
      break;
    case TURNOUT_ON24_ERROR_THROTTLED:
      text = _("ON24 asked Turnout to slow down, so nothing was refreshed; refresh again in a few minutes");
      break;
    case TURNOUT_ON24_ERROR_SERVER:
      text = _("ON24 had a problem answering, so nothing was refreshed; refresh again later");
      break;
    default:
      return error;
    }

  g_debug ("Refresh failed: %s", error->message);
  worded = g_error_new_literal (TURNOUT_ON24_ERROR, error->code, text);
  g_error_free (error);
  return worded;
}

static void
on_registrants (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *r = g_task_get_task_data (task);
  GError *error = NULL;

  r->feed->registrants = turnout_on24_client_get_registrants_finish (r->client, result, &error);
  if (r->feed->registrants == NULL)
    {
      g_task_return_error (task, refresh_error (error));
      return;
    }

  /* The apply must not be cancelled half-way: it is one transaction that
   * runs to its end or not at all, so it gets no cancellable. */
  if (g_task_return_error_if_cancelled (task))
    return;
  turnout_store_run_async (r->store, apply_on_worker, r, NULL, (GDestroyNotify) turnout_refresh_summary_free,
                           NULL, on_applied, g_steal_pointer (&task));
}

static void
on_attendees (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (user_data);
  g_autoptr(GTask) task = user_data;
  Refresh *r = g_task_get_task_data (task);
  GError *error = NULL;
  TurnoutFeedEvent *event = g_steal_pointer (&r->feed->event);
  TurnoutFeed *feed = turnout_on24_client_get_attendees_finish (r->client, result, &error);

  if (feed == NULL)
    {
      turnout_feed_event_free (event);
      g_task_return_error (task, refresh_error (error));
      return;
    }

  turnout_feed_free (r->feed);
  r->feed = feed;
  r->feed->event = event;
  turnout_on24_client_get_registrants_async (r->client, r->event_id, cancellable,
                                             on_registrants, g_steal_pointer (&task));
}

static void
on_event (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (user_data);
  g_autoptr(GTask) task = user_data;
  Refresh *r = g_task_get_task_data (task);
  GError *error = NULL;

  r->feed = turnout_feed_new ();
  r->feed->event = turnout_on24_client_get_event_finish (r->client, result, &error);
  if (r->feed->event == NULL)
    {
      g_task_return_error (task, refresh_error (error));
      return;
    }

  turnout_on24_client_get_attendees_async (r->client, r->event_id, cancellable,
                                           on_attendees, g_steal_pointer (&task));
}

static void
on_program (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (user_data);
  g_autoptr(GTask) task = user_data;
  Refresh *r = g_task_get_task_data (task);
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

  r->event_id = program->on24_event_id;
  turnout_on24_client_get_event_async (r->client, r->event_id, cancellable,
                                       on_event, g_steal_pointer (&task));
}

void
turnout_on24_refresh_async (TurnoutStore        *store,
                            TurnoutOn24Client   *client,
                            gint64               program_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  gint64 *id;
  Refresh *r;

  g_return_if_fail (TURNOUT_IS_STORE (store));

  g_task_set_source_tag (task, turnout_on24_refresh_async);
  r = g_new0 (Refresh, 1);
  r->store = g_object_ref (store);
  r->client = client ? g_object_ref (client) : NULL;
  r->program_id = program_id;
  g_task_set_task_data (task, r, (GDestroyNotify) refresh_free);

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

TurnoutRefreshSummary *
turnout_on24_refresh_finish (GAsyncResult  *result,
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
