/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-service.c: ON24 for a running app, in one object. */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-on24-credentials.h"
#include "turnout-on24-service.h"

struct _TurnoutOn24Service
{
  GObject            parent_instance;
  TurnoutStore      *store;
  TurnoutOn24Client *client;
  TurnoutOn24Sender *sender;
  GCancellable      *cancellable;
  guint              refresh_timeout_id;
  gint64             refused_program;  /* of the last push ON24 refused */
  gboolean           running;
  gboolean           refreshes_scheduled;
};

G_DEFINE_FINAL_TYPE (TurnoutOn24Service, turnout_on24_service, G_TYPE_OBJECT)

enum { SIGNAL_PUSH_OUTCOME, SIGNAL_REFRESHED, SIGNAL_PROBLEM, N_SIGNALS };
static guint signals[N_SIGNALS];
static GQuark automatic_quark;

/* One refresh the service runs: which program, and whether the schedule
 * started it rather than a person. */
typedef struct
{
  gint64   program_id;
  gboolean automatic;
} Call;

/* The account */

TurnoutOn24Client *
turnout_on24_account_client_sync (TurnoutDb  *db,
                                  GError    **error)
{
  g_autofree char *base_url = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  GError *local_error = NULL;

  base_url = turnout_db_get_setting (db, TURNOUT_ON24_SETTING_BASE_URL, &local_error);
  if (local_error == NULL)
    client_id = turnout_db_get_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  g_debug ("account from %s: %s", turnout_db_get_path (db), client_id ? client_id : "(none)");
  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                   _("No ON24 client id is set; set it in Preferences or with “turnout-cli account set --client-id ID”"));
      return NULL;
    }

  if (!turnout_on24_credentials_lookup_sync (base_url, client_id, &key, &secret, NULL, error))
    return NULL;

  client = turnout_on24_client_new (base_url, client_id, key, secret);
  if (!turnout_on24_client_check_configured (client, error))
    return NULL;
  return g_steal_pointer (&client);
}

static gpointer
account_on_worker (TurnoutDb     *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return turnout_on24_account_client_sync (db, error);
}

void
turnout_on24_account_client_async (TurnoutStore        *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  /* The keyring lookup runs on the store's thread too: it is D-Bus, and the
   * UI must not wait on it. */
  turnout_store_run_async (store, account_on_worker, NULL, NULL, g_object_unref,
                           cancellable, callback, user_data);
}

TurnoutOn24Client *
turnout_on24_account_client_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_autoptr(GObject) store = g_async_result_get_source_object (result);

  return turnout_store_run_finish (TURNOUT_STORE (store), result, error);
}

/* The service */

static void
turnout_on24_service_dispose (GObject *object)
{
  TurnoutOn24Service *self = TURNOUT_ON24_SERVICE (object);

  turnout_on24_service_stop (self);
  g_clear_object (&self->sender);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (turnout_on24_service_parent_class)->dispose (object);
}

static void
turnout_on24_service_class_init (TurnoutOn24ServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = turnout_on24_service_dispose;

  signals[SIGNAL_PUSH_OUTCOME] = g_signal_new ("push-outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                                          G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  automatic_quark = g_quark_from_static_string ("automatic");
}

static void
turnout_on24_service_init (TurnoutOn24Service *self)
{
}

static void
on_outcome (TurnoutOn24Sender  *sender,
            TurnoutPushOutcome *outcome,
            TurnoutOn24Service *self)
{
  if (outcome->kind == TURNOUT_PUSH_OUTCOME_REFUSED)
    self->refused_program = outcome->program_id;
  g_signal_emit (self, signals[SIGNAL_PUSH_OUTCOME], 0, outcome);
}

static void schedule_refreshes (TurnoutOn24Service *self);

/* The first automatic refresh waits for the first pass of pushes, so that
 * members registered here are confirmed before No Show is decided. */
static void
on_pass_finished (TurnoutOn24Sender  *sender,
                  TurnoutOn24Service *self)
{
  if (self->refreshes_scheduled || self->client == NULL)
    return;
  self->refreshes_scheduled = TRUE;
  schedule_refreshes (self);
}

/* The refusal that stopped the sender came just before, as an outcome:
 * an event ON24 does not know is that push's program's problem. */
static void
on_stopped (TurnoutOn24Sender  *sender,
            const GError       *error,
            TurnoutOn24Service *self)
{
  gint64 program_id = g_error_matches (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND)
                      ? self->refused_program : 0;

  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, program_id, error);
}

TurnoutOn24Service *
turnout_on24_service_new (TurnoutStore *store)
{
  TurnoutOn24Service *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_ON24_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->sender = turnout_on24_sender_new (store);
  g_signal_connect_object (self->sender, "outcome", G_CALLBACK (on_outcome), self, 0);
  g_signal_connect_object (self->sender, "stopped", G_CALLBACK (on_stopped), self, 0);
  g_signal_connect_object (self->sender, "pass-finished", G_CALLBACK (on_pass_finished), self, 0);
  return self;
}

TurnoutOn24Sender *
turnout_on24_service_get_sender (TurnoutOn24Service *self)
{
  g_return_val_if_fail (TURNOUT_IS_ON24_SERVICE (self), NULL);
  return self->sender;
}

TurnoutOn24Client *
turnout_on24_service_get_client (TurnoutOn24Service *self)
{
  g_return_val_if_fail (TURNOUT_IS_ON24_SERVICE (self), NULL);
  return self->client;
}

static void
on_account (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutOn24Service) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutOn24Client) client = turnout_on24_account_client_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;

  g_set_object (&self->client, client);
  turnout_on24_sender_set_client (self->sender, client);
  if (client == NULL)
    {
      /* Not an error worth a dialog: many users have no ON24 account. */
      g_debug ("No ON24 account: %s", error->message);
      turnout_on24_sender_stop (self->sender);
      return;
    }

  /* Started only with an account, so it never reports a missing one. */
  turnout_on24_sender_start (self->sender);
  if (self->refreshes_scheduled)
    schedule_refreshes (self);
}

void
turnout_on24_service_reload_account (TurnoutOn24Service *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));

  if (!self->running)
    return;
  turnout_on24_account_client_async (self->store, self->cancellable, on_account, g_object_ref (self));
}

void
turnout_on24_service_start (TurnoutOn24Service *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->refreshes_scheduled = FALSE;
  self->cancellable = g_cancellable_new ();
  turnout_on24_service_reload_account (self);
}

void
turnout_on24_service_stop (TurnoutOn24Service *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));

  self->running = FALSE;
  if (self->sender)
    turnout_on24_sender_stop (self->sender);
  g_clear_handle_id (&self->refresh_timeout_id, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
turnout_on24_service_push_now (TurnoutOn24Service *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));
  turnout_on24_sender_poke (self->sender);
}

/* A refresh was applied: say so, and return its summary. */
static void
return_applied (GTask                 *task,
                TurnoutRefreshSummary *summary)
{
  TurnoutOn24Service *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autofree char *text = turnout_refresh_summary_format (summary);

  g_signal_emit (self, signals[SIGNAL_REFRESHED], call->automatic ? automatic_quark : 0, call->program_id, text);
  g_task_return_pointer (task, summary, (GDestroyNotify) turnout_refresh_summary_free);
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TurnoutRefreshSummary *summary = turnout_on24_refresh_finish (result, &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    return_applied (task, summary);
}

static GTask *
call_task_new (TurnoutOn24Service  *self,
               gint64               program_id,
               gboolean             automatic,
               GCancellable        *cancellable,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->program_id = program_id;
  call->automatic = automatic;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, g_free);
  return task;
}

static void
refresh_program (TurnoutOn24Service  *self,
                 gint64               program_id,
                 gboolean             automatic,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = call_task_new (self, program_id, automatic, cancellable, turnout_on24_service_refresh_async,
                               callback, user_data);

  turnout_on24_refresh_async (self->store, self->client, program_id, cancellable, on_refreshed, task);
}

void
turnout_on24_service_refresh_async (TurnoutOn24Service  *self,
                                    gint64               program_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));
  refresh_program (self, program_id, FALSE, cancellable, callback, user_data);
}

TurnoutRefreshSummary *
turnout_on24_service_refresh_finish (TurnoutOn24Service  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_previewed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TurnoutOn24Fetch *fetch = turnout_on24_refresh_preview_finish (result, &error);

  if (fetch == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fetch, (GDestroyNotify) turnout_on24_fetch_unref);
}

void
turnout_on24_service_preview_async (TurnoutOn24Service  *self,
                                    gint64               program_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));

  task = call_task_new (self, program_id, FALSE, cancellable, turnout_on24_service_preview_async,
                        callback, user_data);
  turnout_on24_refresh_preview_async (self->store, self->client, program_id, cancellable, on_previewed, task);
}

TurnoutOn24Fetch *
turnout_on24_service_preview_finish (TurnoutOn24Service  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_fetch_applied (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  TurnoutRefreshSummary *summary = turnout_on24_refresh_apply_finish (result, &error);

  if (summary == NULL)
    g_task_return_error (task, error);
  else
    return_applied (task, summary);
}

void
turnout_on24_service_apply_async (TurnoutOn24Service  *self,
                                  TurnoutOn24Fetch    *fetch,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (self));
  g_return_if_fail (fetch != NULL);

  task = call_task_new (self, turnout_on24_fetch_get_program_id (fetch), FALSE, cancellable,
                        turnout_on24_service_apply_async, callback, user_data);
  turnout_on24_refresh_apply_async (fetch, cancellable, on_fetch_applied, task);
}

TurnoutRefreshSummary *
turnout_on24_service_apply_finish (TurnoutOn24Service  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The automatic refresh schedule */

static gint64
parse_unix (const char *iso)
{
  g_autoptr(GDateTime) dt = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return dt ? g_date_time_to_unix (dt) : 0;
}

static void
on_auto_refreshed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TurnoutOn24Service *self = TURNOUT_ON24_SERVICE (object);
  Call *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;

  summary = turnout_on24_service_refresh_finish (self, result, &error);
  if (summary != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Automatic refresh failed: %s", error->message);
  /* The next slot tries again by itself; what it cannot get past without
   * the user (tokens, the event) is worth telling. */
  if (error->domain == TURNOUT_ON24_ERROR && !turnout_on24_error_is_transient (error))
    g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, call->program_id, error);
}

static gboolean
on_refresh_timeout (gpointer data)
{
  TurnoutOn24Service *self = data;

  self->refresh_timeout_id = 0;
  schedule_refreshes (self);
  return G_SOURCE_REMOVE;
}

static void
on_programs (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TurnoutOn24Service) self = user_data;
  g_autoptr(GPtrArray) programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = 0;

  if (programs == NULL || !self->running || self->client == NULL)
    return;

  for (guint i = 0; i < programs->len; i++)
    {
      TurnoutProgram *program = g_ptr_array_index (programs, i);
      gint64 end = parse_unix (program->live_end);
      gint64 last = parse_unix (program->last_refresh_at);
      gint64 due, upcoming;

      if (program->on24_event_id <= 0 || end == 0)
        continue;

      /* A slot passed since the last refresh: refresh now. */
      due = turnout_on24_next_auto_refresh (end, MAX (last, end));
      if (due != 0 && due <= now)
        refresh_program (self, program->id, TRUE, self->cancellable, on_auto_refreshed, NULL);

      upcoming = turnout_on24_next_auto_refresh (end, now);
      if (upcoming != 0 && (next == 0 || upcoming < next))
        next = upcoming;
    }

  g_clear_handle_id (&self->refresh_timeout_id, g_source_remove);
  if (next != 0)
    self->refresh_timeout_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, (guint) MIN (next - now + 1, 6 * 3600),
                                                           on_refresh_timeout, self, NULL);
}

static void
schedule_refreshes (TurnoutOn24Service *self)
{
  if (!self->running)
    return;
  turnout_store_list_programs_async (self->store, self->cancellable, on_programs, g_object_ref (self));
}
