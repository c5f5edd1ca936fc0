/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-sender.c: delivers the registration pushes in the outbox.
 *
 * Each outcome is recorded in its own transaction right after ON24
 * answers. A crash in between means the push is sent again after restart;
 * ON24 answers a second push of the same e-mail with the same registrant,
 * and the store never creates a second member.
 */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "turnout-on24-sender.h"
#include "turnout-outbox.h"

#define BACKOFF_BASE     30
#define BACKOFF_MAX      3600
#define IDLE_INTERVAL    300   /* look for new entries this often anyway */
/* Entries claimed at a time: a claim outlasts its batch's sends by far. */
#define BATCH_SIZE       100
/* A batch whose lease ends sooner than this is taken again first, so that
 * no push starts on a claim that may run out while ON24 answers. */
#define LEASE_MARGIN     (TURNOUT_OUTBOX_LEASE / 2)

struct _TurnoutOn24Sender
{
  GObject               parent_instance;
  TurnoutStore         *store;
  TurnoutOn24Client    *client;
  TurnoutOn24ClockFunc  clock;
  gpointer              clock_data;
  GRand                *rand;
  GCancellable         *cancellable;   /* of the background passes */
  guint                 timeout_id;
  gboolean              running;
  gboolean              busy;
  gboolean              again;         /* poked during a pass */
  gboolean              paused;        /* 401/404: wait for a new account */
  char                 *claimant;      /* the outbox claims of this sender */
};

G_DEFINE_FINAL_TYPE (TurnoutOn24Sender, turnout_on24_sender, G_TYPE_OBJECT)

enum { SIGNAL_OUTCOME, SIGNAL_STOPPED, SIGNAL_PASS_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
turnout_push_outcome_free_ (TurnoutPushOutcome *outcome)
{
  g_free (outcome->email);
  g_free (outcome->message);
  g_free (outcome);
}

void
turnout_push_outcome_free (TurnoutPushOutcome *outcome)
{
  if (outcome != NULL)
    turnout_push_outcome_free_ (outcome);
}

static TurnoutPushOutcome *
turnout_push_outcome_copy (const TurnoutPushOutcome *outcome)
{
  TurnoutPushOutcome *copy = g_memdup2 (outcome, sizeof *outcome);

  copy->email = g_strdup (outcome->email);
  copy->message = g_strdup (outcome->message);
  return copy;
}

G_DEFINE_BOXED_TYPE (TurnoutPushOutcome, turnout_push_outcome, turnout_push_outcome_copy, turnout_push_outcome_free)

gint64
turnout_on24_backoff_delay (int    attempts,
                            guint  retry_after,
                            double random01)
{
  double delay;

  if (retry_after > 0)
    return retry_after;

  delay = BACKOFF_BASE * pow (2, CLAMP (attempts, 0, 16));
  if (delay > BACKOFF_MAX)
    delay = BACKOFF_MAX;
  delay *= 0.5 + 0.5 * CLAMP (random01, 0.0, 1.0);
  return MAX (1, (gint64) delay);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
now_seconds (TurnoutOn24Sender *self)
{
  return self->clock (self->clock_data);
}

static void
turnout_on24_sender_dispose (GObject *object)
{
  TurnoutOn24Sender *self = TURNOUT_ON24_SENDER (object);

  turnout_on24_sender_stop (self);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->claimant, g_free);

  G_OBJECT_CLASS (turnout_on24_sender_parent_class)->dispose (object);
}

static void
turnout_on24_sender_class_init (TurnoutOn24SenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = turnout_on24_sender_dispose;

  signals[SIGNAL_OUTCOME] = g_signal_new ("outcome", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          turnout_push_outcome_get_type () | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_PASS_FINISHED] = g_signal_new ("pass-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
turnout_on24_sender_init (TurnoutOn24Sender *self)
{
  self->clock = real_clock;
  self->rand = g_rand_new ();
  self->claimant = turnout_outbox_new_claimant ();
}

TurnoutOn24Sender *
turnout_on24_sender_new (TurnoutStore *store)
{
  TurnoutOn24Sender *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_ON24_SENDER, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
turnout_on24_sender_set_client (TurnoutOn24Sender *self,
                                TurnoutOn24Client *client)
{
  g_return_if_fail (TURNOUT_IS_ON24_SENDER (self));

  g_set_object (&self->client, client);
  self->paused = FALSE;
  if (self->running)
    turnout_on24_sender_poke (self);
}

void
turnout_on24_sender_set_clock (TurnoutOn24Sender    *self,
                               TurnoutOn24ClockFunc  clock,
                               gpointer              user_data)
{
  g_return_if_fail (TURNOUT_IS_ON24_SENDER (self));

  self->clock = clock ? clock : real_clock;
  self->clock_data = user_data;
}

void
turnout_on24_sender_set_seed (TurnoutOn24Sender *self,
                              guint32            seed)
{
  g_rand_set_seed (self->rand, seed);
}

/* One pass */

typedef struct
{
  gint64      program_id;
  GPtrArray  *entries;     /* of TurnoutOutboxEntry */
  guint       next;
  GPtrArray  *outcomes;    /* of TurnoutPushOutcome */
  GError     *stopped_by;
  TurnoutOn24Client *client;
  /* the outcome being recorded */
  TurnoutPushOutcome *current;
} Pass;

static void
pass_free (Pass *pass)
{
  g_clear_pointer (&pass->entries, g_ptr_array_unref);
  g_clear_pointer (&pass->outcomes, g_ptr_array_unref);
  g_clear_error (&pass->stopped_by);
  g_clear_object (&pass->client);
  g_clear_pointer (&pass->current, turnout_push_outcome_free);
  g_free (pass);
}

typedef struct
{
  gint64  program_id;
  gint64  now;
  char   *claimant;
} TakeJob;

static void
take_job_free (TakeJob *job)
{
  g_free (job->claimant);
  g_free (job);
}

static gpointer
take_due_on_worker (TurnoutDb     *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  TakeJob *job = data;

  return turnout_outbox_take_due (db, job->program_id, job->now, job->claimant, BATCH_SIZE, error);
}

static gpointer
release_on_worker (TurnoutDb     *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  if (!turnout_outbox_release (db, data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

typedef struct
{
  gint64                 entry_id;
  TurnoutPushOutcomeKind kind;
  gint64                 eventuserid;
  gint64                 next_attempt_at;
  char                  *message;
} RecordJob;

static void
record_job_free (RecordJob *job)
{
  g_free (job->message);
  g_free (job);
}

static gpointer
record_on_worker (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  RecordJob *job = data;

  switch (job->kind)
    {
    case TURNOUT_PUSH_OUTCOME_CONFIRMED:
      if (!turnout_outbox_confirm (db, job->entry_id, job->eventuserid, error))
        return NULL;
      break;
    case TURNOUT_PUSH_OUTCOME_POSTPONED:
      if (!turnout_outbox_postpone (db, job->entry_id, job->next_attempt_at, job->message, error))
        return NULL;
      break;
    case TURNOUT_PUSH_OUTCOME_REFUSED:
      {
        TurnoutChangeResult *result = turnout_outbox_refuse (db, job->entry_id, job->message, error);

        if (result == NULL)
          return NULL;
        turnout_change_result_free (result);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return GINT_TO_POINTER (1);
}

static void send_next (GTask *task);
static void take_batch (GTask *task);

static void
on_released (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pass *pass = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Claims not given back run out by themselves: nothing to report. */
  if (turnout_store_run_finish (TURNOUT_STORE (object), result, &error) == NULL)
    g_debug ("Could not give back the outbox claims: %s", error->message);
  g_task_return_pointer (task, g_ptr_array_ref (pass->outcomes), (GDestroyNotify) g_ptr_array_unref);
}

/* The pass is over: entries it claimed and did not send are given back,
 * so another sender need not wait for their lease to run out. */
static void
finish_pass (GTask *task)
{
  TurnoutOn24Sender *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);

  if (pass->entries == NULL || pass->next >= pass->entries->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (pass->outcomes), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  turnout_store_run_async (self->store, release_on_worker, g_strdup (self->claimant), g_free, NULL,
                           NULL, on_released, task);
}

static void
on_recorded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Sender *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  TurnoutPushOutcome *outcome;

  if (turnout_store_run_finish (TURNOUT_STORE (object), result, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  outcome = g_steal_pointer (&pass->current);
  g_ptr_array_add (pass->outcomes, outcome);
  g_signal_emit (self, signals[SIGNAL_OUTCOME], 0, outcome);

  if (pass->stopped_by != NULL)
    {
      finish_pass (g_steal_pointer (&task));
      return;
    }

  send_next (g_steal_pointer (&task));
}

static void
on_registered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Sender *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);
  TurnoutOutboxEntry *entry = g_ptr_array_index (pass->entries, pass->next - 1);
  g_autoptr(TurnoutFeedRegistrant) registrant = NULL;
  g_autoptr(GError) error = NULL;
  RecordJob *job;
  guint retry_after = 0;

  registrant = turnout_on24_client_register_finish (TURNOUT_ON24_CLIENT (object), result, &retry_after, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (RecordJob, 1);
  job->entry_id = entry->id;
  pass->current = g_new0 (TurnoutPushOutcome, 1);
  pass->current->program_id = entry->program_id;
  pass->current->person_id = entry->person_id;
  pass->current->email = g_strdup (entry->person.email);

  if (registrant != NULL)
    {
      job->kind = TURNOUT_PUSH_OUTCOME_CONFIRMED;
      job->eventuserid = registrant->eventuserid;
    }
  else if (turnout_on24_error_is_transient (error) || error->domain != TURNOUT_ON24_ERROR ||
           error->code == TURNOUT_ON24_ERROR_NOT_CONFIGURED ||
           /* A 2xx with a body we cannot read is no refusal: ON24 may well
            * have registered the person, and a second push is harmless. */
           error->code == TURNOUT_ON24_ERROR_BAD_ANSWER)
    {
      job->kind = TURNOUT_PUSH_OUTCOME_POSTPONED;
      job->next_attempt_at = now_seconds (self) +
        turnout_on24_backoff_delay (entry->attempts, retry_after, g_rand_double (self->rand));
      job->message = g_strdup (error->message);
      /* The others wait too: whatever stopped this one stops them. */
      pass->stopped_by = g_error_copy (error);
    }
  else
    {
      job->kind = TURNOUT_PUSH_OUTCOME_REFUSED;
      job->message = g_strdup (error->message);
      if (error->code == TURNOUT_ON24_ERROR_CREDENTIALS || error->code == TURNOUT_ON24_ERROR_NOT_FOUND)
        pass->stopped_by = g_error_copy (error);
    }

  pass->current->kind = job->kind;
  pass->current->eventuserid = job->eventuserid;
  pass->current->message = g_strdup (job->message);
  pass->current->next_attempt_at = job->next_attempt_at;

  turnout_store_run_async (self->store, record_on_worker, job, (GDestroyNotify) record_job_free, NULL,
                           NULL /* an answer from ON24 is always recorded */, on_recorded,
                           g_steal_pointer (&task));
}

static void
send_next (GTask *task)
{
  Pass *pass = g_task_get_task_data (task);
  TurnoutOutboxEntry *entry;
  TurnoutOn24RegistrantSpec spec = { 0 };

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (pass->next >= pass->entries->len)
    {
      /* A full batch: more may be due. */
      if (pass->entries->len >= BATCH_SIZE)
        take_batch (task);
      else
        finish_pass (task);
      return;
    }

  entry = g_ptr_array_index (pass->entries, pass->next);
  /* Claimed long ago (a slow ON24): claim again before sending, so the
   * claim cannot run out while this push is on its way. */
  if (entry->claimed_until - now_seconds (g_task_get_source_object (task)) < LEASE_MARGIN)
    {
      take_batch (task);
      return;
    }
  pass->next++;
  spec.email = entry->person.email;
  spec.firstname = entry->person.first_name;
  spec.lastname = entry->person.last_name;
  spec.company = entry->person.company;
  spec.jobtitle = entry->person.job_title;
  spec.eventemail = entry->on24_event_email;

  turnout_on24_client_register_async (pass->client, entry->on24_event_id, &spec,
                                      g_task_get_cancellable (task), on_registered, task);
}

static void
on_taken (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pass *pass = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&pass->entries, g_ptr_array_unref);
  pass->next = 0;
  pass->entries = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (pass->entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_next (g_steal_pointer (&task));
}

static void
take_batch (GTask *task)
{
  TurnoutOn24Sender *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);
  TakeJob *job = g_new0 (TakeJob, 1);

  job->program_id = pass->program_id;
  job->now = now_seconds (self);
  job->claimant = g_strdup (self->claimant);
  turnout_store_run_async (self->store, take_due_on_worker, job, (GDestroyNotify) take_job_free,
                           (GDestroyNotify) g_ptr_array_unref, g_task_get_cancellable (task), on_taken,
                           task);
}

void
turnout_on24_sender_flush_async (TurnoutOn24Sender   *self,
                                 gint64               program_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Pass *pass;

  g_return_if_fail (TURNOUT_IS_ON24_SENDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_on24_sender_flush_async);

  pass = g_new0 (Pass, 1);
  pass->program_id = program_id;
  pass->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_push_outcome_free);
  g_task_set_task_data (task, pass, (GDestroyNotify) pass_free);

  /* Without an account nothing is sent and nothing changes: the entries
   * stay pending until one is set up. */
  if (self->client == NULL)
    {
      g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                               _("No ON24 account is set up; set it in Preferences"));
      return;
    }
  if (!turnout_on24_client_check_configured (self->client, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pass->client = g_object_ref (self->client);

  take_batch (g_steal_pointer (&task));
}

GPtrArray *
turnout_on24_sender_flush_finish (TurnoutOn24Sender  *self,
                                  GAsyncResult       *result,
                                  GError            **stopped_by,
                                  GError            **error)
{
  GPtrArray *outcomes;
  Pass *pass;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  outcomes = g_task_propagate_pointer (G_TASK (result), error);
  pass = g_task_get_task_data (G_TASK (result));
  if (outcomes != NULL && stopped_by != NULL && pass->stopped_by != NULL)
    *stopped_by = g_error_copy (pass->stopped_by);
  return outcomes;
}

/* In the background */

static void schedule (TurnoutOn24Sender *self,
                      gint64             delay);
static void run_pass (TurnoutOn24Sender *self);

static gboolean
on_timeout (gpointer data)
{
  TurnoutOn24Sender *self = data;

  self->timeout_id = 0;
  run_pass (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (TurnoutOn24Sender *self,
          gint64             delay)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->running)
    return;
  delay = CLAMP (delay, 0, IDLE_INTERVAL);
  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, (guint) delay, on_timeout, self, NULL);
}

static gpointer
next_due_on_worker (TurnoutDb     *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gint64 *when = g_new0 (gint64, 1);

  if (!turnout_outbox_next_due (db, 0, when, error))
    *when = G_MAXINT64;
  return when;
}

static void
on_next_due (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TurnoutOn24Sender) self = user_data;
  g_autofree gint64 *when = turnout_store_run_finish (TURNOUT_STORE (object), result, NULL);

  self->busy = FALSE;
  if (!self->running)
    return;
  if (self->again)
    {
      self->again = FALSE;
      schedule (self, 0);
    }
  else if (when != NULL && *when != G_MAXINT64)
    schedule (self, MAX (1, *when - now_seconds (self)));
  else
    schedule (self, IDLE_INTERVAL);
}

static void
on_pass_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TurnoutOn24Sender) self = user_data;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) stopped_by = NULL;
  g_autoptr(GError) error = NULL;

  outcomes = turnout_on24_sender_flush_finish (self, result, &stopped_by, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->busy = FALSE;
      return;
    }

  if (error != NULL)
    stopped_by = g_steal_pointer (&error);

  g_signal_emit (self, signals[SIGNAL_PASS_FINISHED], 0);

  if (stopped_by != NULL && !turnout_on24_error_is_transient (stopped_by))
    {
      /* Needs the user: say so once, and wait for a new account. */
      if (!self->paused)
        g_signal_emit (self, signals[SIGNAL_STOPPED], 0, stopped_by);
      self->paused = TRUE;
      self->busy = FALSE;
      return;
    }

  turnout_store_run_async (self->store, next_due_on_worker, NULL, NULL, g_free,
                           self->cancellable, on_next_due, g_object_ref (self));
}

static void
run_pass (TurnoutOn24Sender *self)
{
  if (!self->running || self->paused)
    return;
  if (self->busy)
    {
      self->again = TRUE;
      return;
    }
  self->busy = TRUE;
  turnout_on24_sender_flush_async (self, 0, self->cancellable, on_pass_done, g_object_ref (self));
}

void
turnout_on24_sender_start (TurnoutOn24Sender *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SENDER (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  run_pass (self);
}

void
turnout_on24_sender_stop (TurnoutOn24Sender *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SENDER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

void
turnout_on24_sender_poke (TurnoutOn24Sender *self)
{
  g_return_if_fail (TURNOUT_IS_ON24_SENDER (self));

  if (!self->running)
    return;
  self->paused = FALSE;
  run_pass (self);
}
