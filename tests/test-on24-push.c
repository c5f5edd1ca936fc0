/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-push.c: the registration push, from the outbox to ON24 (the
 * simulator over loopback) and back into the store. */
#include "config.h"

#include <string.h>

#include "turnout-channel.h"
#include "turnout-on24-sender.h"
#include "turnout-outbox.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

typedef struct
{
  char              *path;
  TurnoutDb         *db;
  TurnoutStore      *store;
  TurnoutOn24Sim    *sim;
  TurnoutOn24Client *client;
  TurnoutOn24Sender *sender;
  gint64             program_id;
  gint64             now;        /* the injected clock */
} Fixture;

static gint64
fixture_clock (gpointer data)
{
  return ((Fixture *) data)->now;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->program_id = turnout_test_add_linked_program (f->db, "Product Launch Webinar", NULL);
  f->store = turnout_test_store_open (f->path);
  f->sim = turnout_test_sim_new (NULL, NULL);
  f->client = turnout_test_client_new (f->sim);
  f->sender = turnout_on24_sender_new (f->store);
  f->now = 1800000000;
  turnout_on24_sender_set_client (f->sender, f->client);
  turnout_on24_sender_set_clock (f->sender, fixture_clock, f);
  turnout_on24_sender_set_seed (f->sender, 42);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sender);
  g_clear_object (&f->client);
  g_clear_object (&f->sim);
  g_clear_object (&f->store);
  turnout_db_close (f->db);
  g_free (f->path);
}

static gint64
add_member (Fixture    *f,
            const char *email,
            const char *first,
            const char *last,
            const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  TurnoutPersonSpec spec = { .email = email, .first_name = first, .last_name = last,
                             .company = "Acme BV", .job_title = "CTO" };

  result = turnout_db_add_member (f->db, f->program_id, &spec, status, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  return result->person_id;
}

static GPtrArray *
flush (Fixture  *f,
       GError  **stopped_by)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  turnout_on24_sender_flush_async (f->sender, 0, NULL, turnout_test_store_result, &result);
  outcomes = turnout_on24_sender_flush_finish (f->sender, turnout_test_wait_result (&result), stopped_by, &error);
  g_assert_no_error (error);
  return outcomes;
}

static TurnoutMember *
get_member (Fixture *f,
            gint64   person_id)
{
  g_autoptr(GError) error = NULL;
  TurnoutMember *member = turnout_db_get_member (f->db, f->program_id, person_id, &error);

  g_assert_no_error (error);
  return member;
}

static void
test_confirmed (Fixture       *f,
                gconstpointer  data)
{
  gint64 anna = add_member (f, "anna@example.com", "Anna", "Jansen", TURNOUT_STATUS_REGISTERED);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  TurnoutPushOutcome *outcome;
  GHashTable *form;

  member = get_member (f, anna);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_PENDING);
  g_clear_pointer (&member, turnout_member_free);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 1);

  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_cmpint (outcome->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);
  g_assert_cmpint (outcome->eventuserid, >, 0);

  member = get_member (f, anna);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
  g_assert_cmpint (member->on24_eventuserid, ==, outcome->eventuserid);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 0);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "done", NULL), ==, 1);

  form = turnout_on24_sim_get_registrant_form (f->sim, TEST_EVENT_ID, "anna@example.com");
  g_assert_cmpstr (g_hash_table_lookup (form, "firstname"), ==, "Anna");
  g_assert_cmpstr (g_hash_table_lookup (form, "eventemail"), ==, "Y");

  /* Nothing left: a second pass sends nothing. */
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 0);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "anna@example.com"), ==, 1);
}

static void
test_event_email_setting (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (f->db, f->program_id, NULL);
  g_autoptr(GPtrArray) outcomes = NULL;

  program->on24_event_email = FALSE;
  g_assert_true (turnout_db_update_program (f->db, program, NULL));
  add_member (f, "quiet@example.com", "Q", "Quiet", TURNOUT_STATUS_REGISTERED);
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (turnout_on24_sim_get_registrant_form (f->sim, TEST_EVENT_ID, "quiet@example.com"),
                                        "eventemail"), ==, "N");
}

static void
test_held_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) outcomes = NULL;

  add_member (f, "pending@example.com", "P", "P", TURNOUT_STATUS_PENDING_APPROVAL);
  add_member (f, "waiting@example.com", "W", "W", TURNOUT_STATUS_WAIT_LISTED);
  add_member (f, "invited@example.com", "I", "I", TURNOUT_STATUS_INVITED);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, 0, NULL, NULL), ==, 0);
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 0);
  g_assert_cmpuint (turnout_on24_sim_count_registrants (f->sim, TEST_EVENT_ID), ==, 2);
}

static void
test_refused_then_retried (Fixture       *f,
                           gconstpointer  data)
{
  gint64 bram = add_member (f, "bram@example.com", "Bram", NULL, TURNOUT_STATUS_REGISTERED);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutHistoryEntry *last;

  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpint (((TurnoutPushOutcome *) outcomes->pdata[0])->kind, ==, TURNOUT_PUSH_OUTCOME_REFUSED);

  member = get_member (f, bram);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTRATION_ERROR);
  g_assert_nonnull (strstr (member->status_reason, "Required field 'lastname' is missing"));
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_FAILED);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "failed", NULL), ==, 1);

  history = turnout_db_get_history (f->db, f->program_id, bram, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (last->new_status, ==, TURNOUT_STATUS_REGISTRATION_ERROR);
  g_assert_cmpstr (last->source, ==, turnout_source_to_key (TURNOUT_SOURCE_PROVIDER_REGISTRATION));

  /* Fix the person, change back to Registered: that retries the push. */
  {
    TurnoutPersonSpec spec = { .email = "bram@example.com", .last_name = "de Vries" };

    g_assert_cmpint (turnout_db_upsert_person (f->db, &spec, TRUE, &error), ==, bram);
  }
  changes = turnout_db_change_status (f->db, f->program_id, TURNOUT_STATUS_REGISTERED, &bram, 1,
                                      NULL, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((TurnoutChangeResult *) changes->pdata[0])->outcome, ==, TURNOUT_MOVE_CHANGED);

  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpint (((TurnoutPushOutcome *) outcomes->pdata[0])->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);
  g_clear_pointer (&member, turnout_member_free);
  member = get_member (f, bram);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
}

/* Retry Registration Errors for more members than a move queues pushes
 * for at once on SQLite (turnout-db.c, "Pushes gathered"), some of them
 * with an older push still pending: each ends with exactly one pending
 * push, the older ones superseded, and every one is sent. */
static void
test_retry_many (Fixture       *f,
                 gconstpointer  data)
{
  guint n = 150;
  g_autofree gint64 *ids = g_new (gint64, n);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plant = NULL;
  g_autofree char *problem = NULL;
  int planted;
  guint history_runs = 0, push_batch_runs = 0, push_one_runs = 0;

  /* Refused for want of a last name: Registration Error, a failed push each. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%03u@example.com", i);

      ids[i] = add_member (f, email, "M", NULL, TURNOUT_STATUS_REGISTERED);
    }
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, n);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "failed", NULL), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%03u@example.com", i);
      TurnoutPersonSpec spec = { .email = email, .last_name = "Jansen" };

      g_assert_cmpint (turnout_db_upsert_person (f->db, &spec, TRUE, &error), ==, ids[i]);
    }

  /* An older push of every seventh still pending, as if never sent. */
  plant = g_strdup_printf ("INSERT INTO outbox (kind, program_id, person_id, state, created_at, updated_at)"
                           " SELECT 'register', program_id, person_id, 'pending', 'then', 'then'"
                           " FROM memberships WHERE program_id = %" G_GINT64_FORMAT " AND person_id %% 7 = 0"
                           " RETURNING 1", f->program_id);
  g_assert_cmpint (turnout_test_query_int (f->db, plant), ==, 1);
  planted = (int) turnout_db_count_outbox (f->db, f->program_id, "pending", NULL);
  g_assert_cmpint (planted, >, 15);

  if (!turnout_test_engine_is_postgres ())
    {
      turnout_test_count_runs (f->db, "INSERT OR FAIL INTO status_history", &history_runs);
      turnout_test_count_runs (f->db, "INSERT OR FAIL INTO outbox", &push_batch_runs);
      turnout_test_count_runs (f->db, "INSERT INTO outbox", &push_one_runs);
    }
  changes = turnout_db_change_status (f->db, f->program_id, TURNOUT_STATUS_REGISTERED, ids, n,
                                      NULL, TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (((TurnoutChangeResult *) changes->pdata[i])->outcome, ==, TURNOUT_MOVE_CHANGED);
  /* Each member's history row and push are written many per statement:
   * neither's lot is sent out early by the other's statements. */
  if (!turnout_test_engine_is_postgres ())
    {
      turnout_test_count_runs_stop (f->db);
      g_assert_cmpuint (history_runs, ==, n / 64 + n % 64);
      g_assert_cmpuint (push_batch_runs, ==, n / 64);
      g_assert_cmpuint (push_one_runs, ==, n % 64);
    }

  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, n);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "superseded", NULL), ==, (guint) planted);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM (SELECT person_id FROM outbox"
                                                  " WHERE state = 'pending' GROUP BY person_id"
                                                  " HAVING count(*) = 1) AS once"), ==, n);
  g_assert_true (turnout_db_check_integrity (f->db, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);

  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TurnoutMember) member = get_member (f, ids[i]);

      g_assert_cmpint (((TurnoutPushOutcome *) outcomes->pdata[i])->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);
      g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
      g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
    }
}

/* Transient faults: the entry waits, with the back-off asserted on the
 * injected clock, and goes through once the fault is gone. */
static void
test_transient_backoff (Fixture       *f,
                        gconstpointer  data)
{
  const char *faults[] = {
    "{\"kind\":\"status\",\"status\":503}",
    "{\"kind\":\"throttle\",\"retry_after\":17}",
    "{\"kind\":\"limit\"}",
    "{\"kind\":\"throttle\"}",
    "{\"kind\":\"malformed\"}",
  };
  gint64 carla = add_member (f, "carla@example.com", "Carla", "Bakker", TURNOUT_STATUS_REGISTERED);
  g_autoptr(TurnoutMember) member = NULL;
  gint64 previous_delay = 0;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GPtrArray) outcomes = NULL;
      g_autoptr(GPtrArray) early = NULL;
      g_autoptr(GError) stopped_by = NULL;
      TurnoutPushOutcome *outcome;
      gint64 delay;

      g_assert_true (turnout_on24_sim_add_fault_json (f->sim, faults[i], NULL));
      outcomes = flush (f, &stopped_by);
      g_assert_cmpuint (outcomes->len, ==, 1);
      outcome = g_ptr_array_index (outcomes, 0);
      g_test_message ("fault %u: %s", i, outcome->message);

      g_assert_cmpint (outcome->kind, ==, TURNOUT_PUSH_OUTCOME_POSTPONED);
      g_assert_nonnull (stopped_by);
      delay = outcome->next_attempt_at - f->now;
      if (i == 1)
        g_assert_cmpint (delay, ==, 17);          /* Retry-After honoured */
      else
        {
          gint64 full = 30 << i;                  /* 30 s doubling per attempt */

          g_assert_cmpint (delay, >=, full / 2);
          g_assert_cmpint (delay, <=, full);
          g_assert_cmpint (delay, >, previous_delay);
          previous_delay = delay;
        }

      /* Still pending, still Registered; nothing sent before it is due. */
      member = get_member (f, carla);
      g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
      g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_PENDING);
      g_clear_pointer (&member, turnout_member_free);
      early = flush (f, NULL);
      g_assert_cmpuint (early->len, ==, 0);

      f->now = outcome->next_attempt_at;
    }

  /* The fault is gone: the push goes through, exactly once. */
  {
    g_autoptr(GPtrArray) outcomes = flush (f, NULL);

    g_assert_cmpuint (outcomes->len, ==, 1);
    g_assert_cmpint (((TurnoutPushOutcome *) outcomes->pdata[0])->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);
  }
  member = get_member (f, carla);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
  g_assert_cmpuint (turnout_on24_sim_count_registrants (f->sim, TEST_EVENT_ID), ==, 3);
}

static void
test_transient_then_success (Fixture       *f,
                             gconstpointer  data)
{
  gint64 dirk = add_member (f, "dirk@example.com", "Dirk", "Smit", TURNOUT_STATUS_REGISTERED);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(TurnoutMember) member = NULL;

  turnout_on24_sim_add_fault_json (f->sim, "{\"kind\":\"status\",\"status\":502}", NULL);
  first = flush (f, NULL);
  g_assert_cmpint (((TurnoutPushOutcome *) first->pdata[0])->kind, ==, TURNOUT_PUSH_OUTCOME_POSTPONED);
  f->now += 3600;
  second = flush (f, NULL);
  g_assert_cmpint (((TurnoutPushOutcome *) second->pdata[0])->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);
  member = get_member (f, dirk);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
  g_assert_cmpuint (turnout_on24_sim_count_registrants (f->sim, TEST_EVENT_ID), ==, 3);
}

static void
test_credentials_stop (Fixture       *f,
                       gconstpointer  data)
{
  gint64 eva = add_member (f, "eva@example.com", "Eva", "Visser", TURNOUT_STATUS_REGISTERED);
  gint64 femke = add_member (f, "femke@example.com", "Femke", "Meijer", TURNOUT_STATUS_REGISTERED);
  g_autoptr(TurnoutOn24Client) wrong = turnout_on24_client_new (turnout_on24_sim_get_base_url (f->sim),
                                                               TEST_CLIENT_ID, TEST_KEY, "deadbeef");
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) stopped_by = NULL;
  g_autoptr(TurnoutMember) m1 = NULL;
  g_autoptr(TurnoutMember) m2 = NULL;

  turnout_on24_sender_set_client (f->sender, wrong);
  outcomes = flush (f, &stopped_by);
  g_assert_error (stopped_by, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_CREDENTIALS);
  g_assert_cmpuint (outcomes->len, ==, 1);

  /* The first says what to fix; the second waits for a corrected account. */
  m1 = get_member (f, eva);
  g_assert_cmpstr (m1->status, ==, TURNOUT_STATUS_REGISTRATION_ERROR);
  g_assert_nonnull (strstr (m1->status_reason, "Preferences"));
  g_assert_null (strstr (m1->status_reason, "deadbeef"));
  m2 = get_member (f, femke);
  g_assert_cmpstr (m2->status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (m2->push_state, ==, TURNOUT_PUSH_PENDING);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 1);
}

static void
test_not_configured (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  add_member (f, "gijs@example.com", "Gijs", "Bos", TURNOUT_STATUS_REGISTERED);
  turnout_on24_sender_set_client (f->sender, NULL);
  turnout_on24_sender_flush_async (f->sender, 0, NULL, turnout_test_store_result, &result);
  outcomes = turnout_on24_sender_flush_finish (f->sender, turnout_test_wait_result (&result), NULL, &error);
  g_assert_null (outcomes);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 1);
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (f->sim), ==, 0);
}

static void
test_moved_on_is_cancelled (Fixture       *f,
                            gconstpointer  data)
{
  gint64 hanna = add_member (f, "hanna@example.com", "Hanna", "Vos", TURNOUT_STATUS_REGISTERED);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  changes = turnout_db_change_status (f->db, f->program_id, TURNOUT_STATUS_NOT_IN_PROGRAM, &hanna, 1,
                                      NULL, TURNOUT_SOURCE_MANUAL, NULL);
  g_assert_nonnull (changes);
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 0);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "hanna@example.com"), ==, 0);
}

static gboolean
background_done (gpointer data)
{
  Fixture *f = data;

  return turnout_db_count_outbox (f->db, f->program_id, "done", NULL) == 2;
}

static void
test_background (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TurnoutMember) member = NULL;
  gint64 ilse;

  turnout_on24_sender_set_clock (f->sender, NULL, NULL);
  add_member (f, "jeroen@example.com", "Jeroen", "Peters", TURNOUT_STATUS_REGISTERED);
  turnout_on24_sender_start (f->sender);
  ilse = add_member (f, "ilse@example.com", "Ilse", "Dekker", TURNOUT_STATUS_REGISTERED);
  turnout_on24_sender_poke (f->sender);
  turnout_test_spin_until (background_done, f, 10000);
  turnout_on24_sender_stop (f->sender);
  member = get_member (f, ilse);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
}

/* Two senders at once on one database (the app's and a cron `turnout-cli
 * sync`, each with its own connection): every registration is pushed
 * once. Before claims, both took all three and ON24 got six POSTs. */
static void
test_two_senders (Fixture       *f,
                  gconstpointer  data)
{
  const char *emails[] = { "anna@example.com", "bram@example.com", "cees@example.com" };
  g_autoptr(TurnoutStore) other_store = turnout_test_store_open (f->path);
  g_autoptr(TurnoutOn24Sender) other = turnout_on24_sender_new (other_store);
  g_autoptr(GAsyncResult) result_a = NULL;
  g_autoptr(GAsyncResult) result_b = NULL;
  g_autoptr(GPtrArray) outcomes_a = NULL;
  g_autoptr(GPtrArray) outcomes_b = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    add_member (f, emails[i], "Test", "Person", TURNOUT_STATUS_REGISTERED);
  turnout_on24_sender_set_client (other, f->client);
  turnout_on24_sender_set_clock (other, fixture_clock, f);

  turnout_on24_sender_flush_async (f->sender, 0, NULL, turnout_test_store_result, &result_a);
  turnout_on24_sender_flush_async (other, 0, NULL, turnout_test_store_result, &result_b);
  outcomes_a = turnout_on24_sender_flush_finish (f->sender, turnout_test_wait_result (&result_a), NULL, &error);
  g_assert_no_error (error);
  outcomes_b = turnout_on24_sender_flush_finish (other, turnout_test_wait_result (&result_b), NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (outcomes_a->len + outcomes_b->len, ==, G_N_ELEMENTS (emails));
  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, emails[i]), ==, 1);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "done", NULL), ==, G_N_ELEMENTS (emails));
}

/* A sender that claimed an entry and died (never recorded an outcome):
 * another leaves it alone while the lease runs, and takes it over after. */
static void
test_claim_taken_over (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;

  add_member (f, "anna@example.com", "Anna", "Jansen", TURNOUT_STATUS_REGISTERED);
  add_member (f, "bram@example.com", "Bram", "Smit", TURNOUT_STATUS_REGISTERED);

  claimed = turnout_outbox_take_due (f->db, 0, f->now, "dead-process", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_cmpstr (((TurnoutOutboxEntry *) g_ptr_array_index (claimed, 0))->person.email, ==, "anna@example.com");

  /* Within the lease only Bram goes. */
  f->now += TURNOUT_OUTBOX_LEASE - 1;
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "anna@example.com"), ==, 0);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "bram@example.com"), ==, 1);

  /* The lease ran out: Anna is taken over, once. */
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  f->now += 2;
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "anna@example.com"), ==, 1);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 0);
}

/* A pass that stops (ON24 throttles) gives back what it claimed and did
 * not send, so another sender need not wait for the lease. */
static void
test_stopped_pass_releases (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GError) stopped_by = NULL;
  g_autoptr(GError) error = NULL;

  add_member (f, "anna@example.com", "Anna", "Jansen", TURNOUT_STATUS_REGISTERED);
  add_member (f, "bram@example.com", "Bram", "Smit", TURNOUT_STATUS_REGISTERED);
  g_assert_true (turnout_on24_sim_add_fault_json (f->sim, "{\"kind\": \"status\", \"status\": 429, \"count\": 1,"
                                                 " \"method\": \"POST\", \"path\": \"registrant\"}", NULL));
  outcomes = flush (f, &stopped_by);
  g_assert_nonnull (stopped_by);
  g_assert_cmpuint (outcomes->len, ==, 1);

  /* Bram was claimed and not sent: anyone may take him now. */
  taken = turnout_outbox_take_due (f->db, 0, f->now, "someone-else", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (taken->len, ==, 1);
  g_assert_cmpstr (((TurnoutOutboxEntry *) g_ptr_array_index (taken, 0))->person.email, ==, "bram@example.com");
}

/* A sender of this machine that was killed (its pid is gone) leaves its
 * claims to be taken over at once, not after the lease. */
static void
test_dead_claimant_released (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dead = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *pid_max = NULL;
  gint64 pid;

  add_member (f, "anna@example.com", "Anna", "Jansen", TURNOUT_STATUS_REGISTERED);
  add_member (f, "bram@example.com", "Bram", "Smit", TURNOUT_STATUS_REGISTERED);

  /* A pid no process can have: past the kernel's largest. (A child that
   * has exited was not enough: with tests running side by side its pid
   * can be given again, or not yet be reaped.) */
  g_assert_true (g_file_get_contents ("/proc/sys/kernel/pid_max", &pid_max, NULL, &error));
  pid = g_ascii_strtoll (pid_max, NULL, 10) + 1;
  dead = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":0", g_get_host_name (), pid);
  elsewhere = g_strdup_printf ("another-host.example:%" G_GINT64_FORMAT ":0", pid);

  /* Anna's claimant is on another machine, whose processes cannot be
   * seen; Bram's was of this one and is gone. */
  claimed = turnout_outbox_take_due (f->db, 0, f->now, elsewhere, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_clear_pointer (&claimed, g_ptr_array_unref);
  claimed = turnout_outbox_take_due (f->db, 0, f->now, dead, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 1);
  g_assert_cmpstr (((TurnoutOutboxEntry *) g_ptr_array_index (claimed, 0))->person.email, ==, "bram@example.com");

  /* Bram's claim is let go at once; Anna's holds. */
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "anna@example.com"), ==, 0);
  g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "bram@example.com"), ==, 1);
}

/* Pushes one after another share one connection: libsoup opens a new one
 * for every POST unless it is marked safe to send again, and then a push
 * costs a TCP (and TLS) handshake, and the simulator kept every socket:
 * 10,000 pushes ran at 475 a second and left 10,000 descriptors open. */
static void
test_one_connection (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) outcomes = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%u@example.com", i);

      add_member (f, email, "Test", "Person", TURNOUT_STATUS_REGISTERED);
    }
  outcomes = flush (f, NULL);
  g_assert_cmpuint (outcomes->len, ==, 6);
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (f->sim), ==, 6);
  g_assert_cmpuint (turnout_on24_sim_get_n_connections (f->sim), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/on24/push/confirmed", test_confirmed);
  ADD ("/on24/push/event-email-setting", test_event_email_setting);
  ADD ("/on24/push/held-back", test_held_back);
  ADD ("/on24/push/refused-then-retried", test_refused_then_retried);
  ADD ("/on24/push/retry-many", test_retry_many);
  ADD ("/on24/push/transient-backoff", test_transient_backoff);
  ADD ("/on24/push/transient-then-success", test_transient_then_success);
  ADD ("/on24/push/credentials-stop", test_credentials_stop);
  ADD ("/on24/push/not-configured", test_not_configured);
  ADD ("/on24/push/moved-on-is-cancelled", test_moved_on_is_cancelled);
  ADD ("/on24/push/background", test_background);
  ADD ("/on24/push/two-senders", test_two_senders);
  ADD ("/on24/push/claim-taken-over", test_claim_taken_over);
  ADD ("/on24/push/stopped-pass-releases", test_stopped_pass_releases);
  ADD ("/on24/push/dead-claimant-released", test_dead_claimant_released);
  ADD ("/on24/push/one-connection", test_one_connection);
#undef ADD

  return g_test_run ();
}
