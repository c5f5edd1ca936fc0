/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fault-campaign.c: every fault the simulator can throw, at every step
 * of a registration push, of a refresh and of a forget request.
 *
 * For each combination: nothing is lost (every outbox entry ends pending,
 * done or failed, and the member's push state agrees), nothing is half
 * applied (a failed refresh, or a failed forget request, leaves the
 * database byte for byte as it was), the error code fits the fault, and
 * every message is worded for a person (and never names the person being
 * forgotten). Back-off runs on an injected clock, a forget request's
 * waits on a shortened second; only the timeouts are real (1 s).
 */
#include "config.h"

#include <string.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-forget.h"
#include "turnout-on24-refresh.h"
#include "turnout-on24-sender.h"
#include "turnout-outbox.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

typedef enum
{
  STEP_PUSH,         /* POST .../registrant */
  STEP_EVENT,        /* GET .../event/{id} */
  STEP_ATTENDEES,    /* GET .../attendee */
  STEP_REGISTRANTS,  /* GET .../registrant */
  STEP_FORGET,       /* POST /client/{clientId}/forget */
  N_STEPS
} Step;

static const char *step_names[] = { "push", "refresh-event", "refresh-attendees", "refresh-registrants",
                                    "forget" };

/* What the sender does with a push that met the fault. */
typedef enum
{
  PUSH_RETRIED,   /* postponed with back-off, then confirmed */
  PUSH_STOPPED,   /* refused, not retried, and the pass stops (401/404) */
  PUSH_REFUSED,   /* refused; the others go on */
} PushExpect;

typedef struct
{
  const char *name;
  const char *json;          /* the fault without method, path and count */
  int         code;          /* TURNOUT_ON24_ERROR code a refresh must fail with */
  PushExpect  push;
  guint       retry_after;   /* the back-off must be exactly this */
  const char *fix_hint;      /* a refused member's reason says what to fix */
  gboolean    timed;         /* costs a real timeout */
} Fault;

static const Fault faults[] = {
  { "delay>timeout", "\"kind\":\"delay\",\"delay_ms\":2500", TURNOUT_ON24_ERROR_TIMED_OUT, PUSH_RETRIED, 0, NULL, TRUE },
  { "hang", "\"kind\":\"hang\"", TURNOUT_ON24_ERROR_TIMED_OUT, PUSH_RETRIED, 0, NULL, TRUE },
  { "500", "\"kind\":\"status\",\"status\":500", TURNOUT_ON24_ERROR_SERVER, PUSH_RETRIED, 0, NULL, FALSE },
  { "502", "\"kind\":\"status\",\"status\":502", TURNOUT_ON24_ERROR_SERVER, PUSH_RETRIED, 0, NULL, FALSE },
  { "503", "\"kind\":\"status\",\"status\":503", TURNOUT_ON24_ERROR_SERVER, PUSH_RETRIED, 0, NULL, FALSE },
  { "429+Retry-After", "\"kind\":\"throttle\",\"retry_after\":17", TURNOUT_ON24_ERROR_THROTTLED, PUSH_RETRIED, 17, NULL, FALSE },
  { "429", "\"kind\":\"throttle\"", TURNOUT_ON24_ERROR_THROTTLED, PUSH_RETRIED, 0, NULL, FALSE },
  { "403-limit", "\"kind\":\"limit\"", TURNOUT_ON24_ERROR_THROTTLED, PUSH_RETRIED, 0, NULL, FALSE },
  { "401", "\"kind\":\"unauthorized\"", TURNOUT_ON24_ERROR_CREDENTIALS, PUSH_STOPPED, 0, "Preferences", FALSE },
  { "404", "\"kind\":\"status\",\"status\":404", TURNOUT_ON24_ERROR_NOT_FOUND, PUSH_STOPPED, 0, "Event Settings", FALSE },
  { "400", "\"kind\":\"status\",\"status\":400", TURNOUT_ON24_ERROR_REFUSED, PUSH_REFUSED, 0, NULL, FALSE },
  { "403", "\"kind\":\"status\",\"status\":403", TURNOUT_ON24_ERROR_REFUSED, PUSH_REFUSED, 0, NULL, FALSE },
  { "412", "\"kind\":\"status\",\"status\":412", TURNOUT_ON24_ERROR_REFUSED, PUSH_REFUSED, 0, NULL, FALSE },
  { "malformed", "\"kind\":\"malformed\"", TURNOUT_ON24_ERROR_BAD_ANSWER, PUSH_RETRIED, 0, NULL, FALSE },
  { "truncated", "\"kind\":\"truncated\"", TURNOUT_ON24_ERROR_BAD_ANSWER, PUSH_RETRIED, 0, NULL, FALSE },
  /* Hostile servers. A byte every 200 ms is never silence: the deadline
   * (1 s here) ends it. A redirect elsewhere is not followed; the push
   * waits, and the pass stops, until the account is fixed. */
  { "trickle", "\"kind\":\"trickle\",\"delay_ms\":200", TURNOUT_ON24_ERROR_TIMED_OUT, PUSH_RETRIED, 0, NULL, TRUE },
  { "deep", "\"kind\":\"deep\"", TURNOUT_ON24_ERROR_BAD_ANSWER, PUSH_RETRIED, 0, NULL, FALSE },
  { "redirect-elsewhere", "\"kind\":\"redirect\"", TURNOUT_ON24_ERROR_NOT_CONFIGURED, PUSH_RETRIED, 0,
    "redirected to another address", FALSE },
  { "307-elsewhere", "\"kind\":\"redirect\",\"status\":307", TURNOUT_ON24_ERROR_NOT_CONFIGURED, PUSH_RETRIED, 0,
    "redirected to another address", FALSE },
};

static const char *code_names[] = {
  "FAILED", "OFFLINE", "TIMED_OUT", "THROTTLED", "SERVER", "CREDENTIALS", "NOT_FOUND", "REFUSED",
  "BAD_ANSWER", "NOT_CONFIGURED",
};

typedef struct
{
  Step         step;
  const Fault *fault;
  int          count;     /* 1: transient, -1: persistent */
} Combination;

/* The summary table, printed last. */
static GString *table;
/* Simulators that may still owe a delayed answer: freed once it is due. */
static GPtrArray *graveyard;
static gint64 graveyard_until;

static const char *attendees =
  "[{\"email\":\"live@example.com\",\"liveminutes\":40,\"engagementscore\":8.5},"
  " {\"email\":\"od@example.com\",\"archiveminutes\":25},"
  " {\"email\":\"newcomer@example.com\",\"liveminutes\":0.5},"
  " {\"email\":\"blocked@example.com\",\"isblocked\":\"Y\",\"liveminutes\":30}]";

typedef struct
{
  char              *path;
  TurnoutDb         *db;
  TurnoutStore      *store;
  TurnoutOn24Sim    *sim;
  TurnoutOn24Client *client;
  TurnoutOn24Sender *sender;
  gint64             program_id;
  gint64             now;
} Fixture;

static gint64
fixture_clock (gpointer data)
{
  return ((Fixture *) data)->now;
}

static void
fixture_set_up (Fixture    *f,
                const char *feed)
{
  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->program_id = turnout_test_add_linked_program (f->db, "Product Launch Webinar", NULL);
  f->store = turnout_test_store_open (f->path);
  f->sim = turnout_test_sim_new (NULL, feed);
  f->client = turnout_test_client_new (f->sim);
  f->sender = turnout_on24_sender_new (f->store);
  f->now = 1800000000;
  turnout_on24_sender_set_client (f->sender, f->client);
  turnout_on24_sender_set_clock (f->sender, fixture_clock, f);
  turnout_on24_sender_set_seed (f->sender, 7);
}

static void
fixture_tear_down (Fixture     *f,
                   const Fault *fault)
{
  g_clear_object (&f->sender);
  g_clear_object (&f->client);
  if (fault->timed)
    {
      /* A delayed answer is still on its way: keep its server until then. */
      g_ptr_array_add (graveyard, g_steal_pointer (&f->sim));
      graveyard_until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    }
  g_clear_object (&f->sim);
  g_clear_object (&f->store);
  turnout_db_close (f->db);
  g_free (f->path);
}

/* Worded for a person */

static void
assert_for_a_person (const char *message,
                     const char *where)
{
  static const char *forbidden[] = {
    TEST_KEY, TEST_SECRET, "(null)", "-quark", "g-io-error", "g-tls-error", "json-parser",
    "json-glib", "soup-", "G_IO_ERROR", "JSON_PARSER", "GLib-", "CRITICAL", "assertion",
    "Backtrace", "backtrace", "#0 ", " at 0x", "<data>", "sqlite",
  };

  g_test_message ("  %s: %s", where, message ? message : "NULL");
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_true (g_utf8_validate (message, -1, NULL));
  if (!g_unichar_isupper (g_utf8_get_char (message)))
    g_error ("%s does not start with a capital letter: %s", where, message);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (message, forbidden[i]) != NULL)
      g_error ("%s contains “%s”: %s", where, forbidden[i], message);
  /* file.c:123 is a stack trace's, not a person's. */
  if (g_regex_match_simple ("\\.[ch]:[0-9]+", message, 0, 0))
    g_error ("%s looks like a trace: %s", where, message);
  if (strstr (message, "ON24") == NULL)
    g_error ("%s does not say it is about ON24: %s", where, message);
}

/* The database, byte for byte */

/* A dump of every table, in a stable order. @skip_refresh_stamps leaves out
 * the columns a refresh that changes nothing still writes (its time and
 * summary), for the "second refresh changes nothing" check. */
static char *
signature (Fixture  *f,
           gboolean  skip_refresh_stamps)
{
  static const char * const stamps[] = { "programs.last_refresh_at", "programs.last_refresh_summary", NULL };
  sqlite3 *handle;
  GString *out;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (turnout_test_engine_is_postgres ())
    return turnout_test_dump_pg_skipping (f->path, skip_refresh_stamps ? stamps : NULL);
  handle = turnout_db_get_handle (f->db);
  out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (handle,
                                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *name = g_ptr_array_index (tables, t);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", name);

      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", name);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *column = sqlite3_column_name (stmt, c);

              if (skip_refresh_stamps && g_str_equal (name, "programs") &&
                  (g_str_equal (column, "last_refresh_at") || g_str_equal (column, "last_refresh_summary")))
                continue;
              if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
                g_string_append (out, "NULL|");
              else
                g_string_append_printf (out, "%d:%s|", sqlite3_column_type (stmt, c),
                                        (const char *) sqlite3_column_text (stmt, c));
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }

  return g_string_free (out, FALSE);
}

/* The store's own check, and ours: each member's push state is what its
 * latest outbox entry says, and no entry is in a state of its own. */
static void
assert_consistent (Fixture *f)
{
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;

  if (!turnout_db_check_integrity (f->db, &problem, &error))
    g_error ("integrity: %s", problem ? problem : error->message);

  g_assert_cmpint (turnout_test_query_int (f->db,
                                           "SELECT count(*) FROM memberships m"
                                           " JOIN outbox o ON o.id = (SELECT max (id) FROM outbox"
                                           "   WHERE program_id = m.program_id AND person_id = m.person_id)"
                                           " WHERE m.push_state IS DISTINCT FROM (CASE o.state WHEN 'pending' THEN 'pending'"
                                           "   WHEN 'done' THEN 'confirmed' WHEN 'failed' THEN 'failed' END)"
                                           "  OR o.state NOT IN ('pending', 'done', 'failed')"), ==, 0);
}

static void
add_fault (Fixture           *f,
           const Combination *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  if (c->step == STEP_EVENT)
    {
      /* "path" is a substring of the whole path, and every path has
       * /event/ in it: faults that do nothing, matched first, keep the
       * other calls out of this one's way. */
      const char *shields[] = { "/attendee", "/registrant", "/regfield" };

      for (guint i = 0; i < G_N_ELEMENTS (shields); i++)
        {
          g_autofree char *shield = g_strdup_printf ("{\"kind\":\"delay\",\"delay_ms\":0,\"count\":-1,\"path\":\"%s\"}",
                                                     shields[i]);

          g_assert_true (turnout_on24_sim_add_fault_json (f->sim, shield, &error));
        }
    }

  json = g_strdup_printf ("{%s,\"count\":%d,\"method\":\"%s\",\"path\":\"%s\"}",
                          c->fault->json, c->count,
                          c->step == STEP_PUSH || c->step == STEP_FORGET ? "POST" : "GET",
                          c->step == STEP_PUSH ? "/registrant"
                          : c->step == STEP_EVENT ? "/event/"
                          : c->step == STEP_ATTENDEES ? "/attendee"
                          : c->step == STEP_FORGET ? "/forget" : "/registrant");
  g_assert_true (turnout_on24_sim_add_fault_json (f->sim, json, &error));
  g_assert_no_error (error);
}

static void
record (const Combination *c,
        const char        *outcome)
{
  g_string_append_printf (table, "%-20s %-16s %-10s -> %s\n", step_names[c->step], c->fault->name,
                          c->count == 1 ? "transient" : "persistent", outcome);
}

/* Push */

static gint64
add_registered (Fixture    *f,
                const char *email,
                const char *first,
                const char *last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  TurnoutPersonSpec spec = { .email = email, .first_name = first, .last_name = last,
                             .company = "Acme BV", .job_title = "CTO" };

  result = turnout_db_add_member (f->db, f->program_id, &spec, TURNOUT_STATUS_REGISTERED, TURNOUT_SOURCE_MANUAL, &error);
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
  g_assert_nonnull (outcomes);
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
assert_member (Fixture    *f,
               gint64      person_id,
               const char *status,
               const char *push_state)
{
  g_autoptr(TurnoutMember) member = get_member (f, person_id);

  g_assert_cmpstr (member->status, ==, status);
  g_assert_cmpstr (turnout_push_state_to_key (member->push_state), ==, push_state);
}

static void
assert_outbox_messages_for_a_person (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TurnoutStmt *stmt;

  /* Errors only: the reasons of other moves need not name ON24. */
  stmt = turnout_db_prepare (f->db, "SELECT last_error FROM outbox WHERE last_error != ''"
                             " UNION ALL SELECT status_reason FROM memberships"
                             "  WHERE status = ?1 AND status_reason != ''"
                             " UNION ALL SELECT reason FROM status_history WHERE new_status = ?1",
                             &error);
  g_assert_no_error (error);
  turnout_stmt_bind_text (stmt, 1, TURNOUT_STATUS_REGISTRATION_ERROR, -1, SQLITE_STATIC);
  while (turnout_stmt_step (stmt) == SQLITE_ROW)
    assert_for_a_person ((const char *) turnout_stmt_column_text (stmt, 0), "stored reason");
  turnout_stmt_reset (stmt);
}

static void
test_push (gconstpointer data)
{
  const Combination *c = data;
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GString) outcome = g_string_new (NULL);
  gint64 anna, bert;
  guint passes = 0;
  guint n_entries = 2;

  fixture_set_up (f, NULL);
  anna = add_registered (f, "anna@example.com", "Anna", "Jansen");
  bert = add_registered (f, "bert@example.com", "Bert", "Bakker");
  add_fault (f, c);

  if (c->fault->push == PUSH_RETRIED)
    {
      /* Transient: one failed pass. Persistent: a few, each waiting longer. */
      guint n_failing = c->count == 1 ? 1 : (c->fault->timed ? 2 : 3);
      g_autoptr(GHashTable) previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < n_failing; i++)
        {
          g_autoptr(GPtrArray) outcomes = NULL;
          g_autoptr(GError) stopped_by = NULL;
          g_autofree char *email = NULL;
          TurnoutPushOutcome *o;
          gint64 delay, next;

          outcomes = flush (f, &stopped_by);
          passes++;
          /* Whatever met the fault ends the pass. */
          g_assert_cmpuint (outcomes->len, >=, 1);
          o = g_ptr_array_index (outcomes, outcomes->len - 1);
          g_assert_cmpint (o->kind, ==, TURNOUT_PUSH_OUTCOME_POSTPONED);
          g_assert_error (stopped_by, TURNOUT_ON24_ERROR, c->fault->code);
          g_assert_true (turnout_on24_error_is_transient (stopped_by) ||
                         c->fault->code == TURNOUT_ON24_ERROR_BAD_ANSWER ||
                         c->fault->code == TURNOUT_ON24_ERROR_NOT_CONFIGURED);
          if (c->fault->fix_hint)
            g_assert_nonnull (strstr (stopped_by->message, c->fault->fix_hint));
          assert_for_a_person (o->message, "postponed");
          assert_for_a_person (stopped_by->message, "stopped by");

          /* Back-off: Retry-After when given, else growing per entry. */
          delay = o->next_attempt_at - f->now;
          if (c->fault->retry_after > 0)
            g_assert_cmpint (delay, ==, c->fault->retry_after);
          else
            {
              g_assert_cmpint (delay, >=, 15);
              g_assert_cmpint (delay, <=, 3600);
              g_assert_cmpint (delay, >, GPOINTER_TO_INT (g_hash_table_lookup (previous, o->email)));
              g_hash_table_insert (previous, g_strdup (o->email), GINT_TO_POINTER ((int) delay));
            }

          /* Waiting, not lost, still Registered. */
          assert_member (f, anna, TURNOUT_STATUS_REGISTERED, "pending");
          assert_member (f, bert, TURNOUT_STATUS_REGISTERED, "pending");
          g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 2);
          assert_consistent (f);

          /* Nothing is sent again before it is due. */
          email = g_strdup (o->email);
          next = o->next_attempt_at;
          {
            g_autoptr(GPtrArray) early = NULL;

            f->now = next - 1;
            early = flush (f, NULL);
            passes++;
            for (guint k = 0; k < early->len; k++)
              g_assert_cmpstr (((TurnoutPushOutcome *) early->pdata[k])->email, !=, email);
          }
          f->now = next + 3600;
          if (c->count == 1)
            break;
        }

      g_string_append_printf (outcome, "postponed %ux, ", n_failing);
      turnout_on24_sim_clear_faults (f->sim);
      f->now += 3600 * 2;
    }
  else
    {
      g_autoptr(GPtrArray) outcomes = NULL;
      g_autoptr(GError) stopped_by = NULL;
      g_autoptr(TurnoutMember) member = NULL;
      TurnoutPushOutcome *o;

      outcomes = flush (f, &stopped_by);
      passes++;
      o = g_ptr_array_index (outcomes, 0);
      g_assert_cmpint (o->kind, ==, TURNOUT_PUSH_OUTCOME_REFUSED);
      assert_for_a_person (o->message, "refused");

      member = get_member (f, anna);
      g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTRATION_ERROR);
      g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_FAILED);
      assert_for_a_person (member->status_reason, "status reason");
      if (c->fault->fix_hint)
        g_assert_nonnull (strstr (member->status_reason, c->fault->fix_hint));

      if (c->fault->push == PUSH_STOPPED)
        {
          /* Not retried, and the pass stops: Bert waits for a fixed account. */
          g_assert_error (stopped_by, TURNOUT_ON24_ERROR, c->fault->code);
          assert_for_a_person (stopped_by->message, "stopped by");
          g_assert_cmpuint (outcomes->len, ==, 1);
          assert_member (f, bert, TURNOUT_STATUS_REGISTERED, "pending");
          g_string_append (outcome, "refused, pass stopped, ");
        }
      else
        {
          /* A refusal is about this person: the pass goes on. */
          g_assert_null (stopped_by);
          g_assert_cmpuint (outcomes->len, ==, 2);
          if (c->count == 1)
            assert_member (f, bert, TURNOUT_STATUS_REGISTERED, "confirmed");
          else
            assert_member (f, bert, TURNOUT_STATUS_REGISTRATION_ERROR, "failed");
          g_string_append (outcome, c->count == 1 ? "refused, next confirmed, " : "both refused, ");
        }
      assert_consistent (f);

      /* Much later, still not retried. */
      f->now += 24 * 3600;
      {
        g_autoptr(GPtrArray) later = flush (f, NULL);

        passes++;
        for (guint k = 0; k < later->len; k++)
          g_assert_cmpstr (((TurnoutPushOutcome *) later->pdata[k])->email, !=, "anna@example.com");
      }
      g_assert_cmpuint (turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "anna@example.com"), ==, 0);
      assert_consistent (f);

      /* Fixed: change them back to Registered, which pushes again. */
      turnout_on24_sim_clear_faults (f->sim);
      {
        g_autoptr(GPtrArray) members = turnout_db_list_members (f->db, f->program_id,
                                                                TURNOUT_STATUS_REGISTRATION_ERROR, NULL, NULL);
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GPtrArray) changes = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_nonnull (members);
        for (guint k = 0; k < members->len; k++)
          g_array_append_val (ids, ((TurnoutMember *) members->pdata[k])->person.id);
        changes = turnout_db_change_status (f->db, f->program_id, TURNOUT_STATUS_REGISTERED,
                                            (gint64 *) ids->data, ids->len, NULL, TURNOUT_SOURCE_MANUAL, &error);
        g_assert_no_error (error);
        n_entries += ids->len;
      }
      assert_consistent (f);
    }

  /* The fault is gone: everything goes through. */
  {
    g_autoptr(GPtrArray) outcomes = flush (f, NULL);

    passes++;
    for (guint k = 0; k < outcomes->len; k++)
      g_assert_cmpint (((TurnoutPushOutcome *) outcomes->pdata[k])->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);
  }
  assert_member (f, anna, TURNOUT_STATUS_REGISTERED, "confirmed");
  assert_member (f, bert, TURNOUT_STATUS_REGISTERED, "confirmed");
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "pending", NULL), ==, 0);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, NULL, NULL), ==, n_entries);
  g_assert_cmpuint (turnout_db_count_outbox (f->db, f->program_id, "done", NULL) +
                    turnout_db_count_outbox (f->db, f->program_id, "failed", NULL), ==, n_entries);
  /* ON24 holds each once, however often they were posted. */
  g_assert_nonnull (turnout_on24_sim_get_registrant_form (f->sim, TEST_EVENT_ID, "anna@example.com"));
  g_assert_nonnull (turnout_on24_sim_get_registrant_form (f->sim, TEST_EVENT_ID, "bert@example.com"));
  g_assert_cmpuint (turnout_on24_sim_count_registrants (f->sim, TEST_EVENT_ID), ==, 4);
  assert_consistent (f);
  assert_outbox_messages_for_a_person (f);

  g_string_append_printf (outcome, "confirmed (%u passes, %u posts for anna)", passes,
                          turnout_on24_sim_count_posts (f->sim, TEST_EVENT_ID, "anna@example.com"));
  record (c, outcome->str);
  fixture_tear_down (f, c->fault);
}

/* Refresh */

static TurnoutRefreshSummary *
refresh (Fixture  *f,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  turnout_on24_refresh_async (f->store, f->client, f->program_id, NULL, turnout_test_store_result, &result);
  return turnout_on24_refresh_finish (turnout_test_wait_result (&result), error);
}

static void
refresh_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;

  fixture_set_up (f, attendees);
  turnout_test_add_person (f->db, f->program_id, "live@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_test_add_person (f->db, f->program_id, "od@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_test_add_person (f->db, f->program_id, "absent@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_test_add_person (f->db, f->program_id, "invited@example.com", TURNOUT_STATUS_INVITED);

  /* Registered here: pushed and confirmed. */
  due = turnout_outbox_take_due (f->db, f->program_id, G_MAXINT64 / 2, "test", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    {
      TurnoutOutboxEntry *entry = g_ptr_array_index (due, i);

      g_assert_true (turnout_outbox_confirm (f->db, entry->id, 1000 + entry->id, &error));
    }
}

static char *
status_of (Fixture    *f,
           const char *email)
{
  g_autoptr(TurnoutPerson) person = turnout_db_find_person (f->db, email, NULL);
  g_autoptr(TurnoutMember) member = NULL;

  if (person == NULL)
    return g_strdup ("(no person)");
  member = turnout_db_get_member (f->db, f->program_id, person->id, NULL);
  return g_strdup (member ? member->status : TURNOUT_STATUS_NOT_IN_PROGRAM);
}

#define assert_status(f, email, status) \
  G_STMT_START { g_autofree char *s_ = status_of (f, email); g_assert_cmpstr (s_, ==, status); } G_STMT_END

static void
assert_applied (Fixture                     *f,
                const TurnoutRefreshSummary *summary)
{
  assert_status (f, "live@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "od@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  assert_status (f, "newcomer@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "absent@example.com", TURNOUT_STATUS_NO_SHOW);
  assert_status (f, "invited@example.com", TURNOUT_STATUS_INVITED);
  assert_status (f, "blocked@example.com", "(no person)");
  g_assert_cmpuint (summary->attended, ==, 2);
  g_assert_cmpuint (summary->attended_on_demand, ==, 1);
  g_assert_cmpuint (summary->no_show, ==, 1);
  g_assert_cmpuint (summary->added, ==, 1);
  g_assert_cmpuint (summary->blocked, ==, 1);

  /* The newcomer's name came from the registrant list. */
  {
    g_autoptr(TurnoutPerson) nina = turnout_db_find_person (f->db, "newcomer@example.com", NULL);

    g_assert_cmpstr (nina->first_name, ==, "Nina");
  }
}

static void
test_refresh (gconstpointer data)
{
  const Combination *c = data;
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *before = NULL;
  g_autoptr(GString) outcome = g_string_new (NULL);
  guint n_failing = c->count == 1 ? 1 : 2;

  refresh_set_up (f);
  before = signature (f, FALSE);
  add_fault (f, c);

  for (guint i = 0; i < n_failing; i++)
    {
      g_autoptr(TurnoutRefreshSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      summary = refresh (f, &error);
      g_assert_null (summary);
      if (!g_error_matches (error, TURNOUT_ON24_ERROR, c->fault->code))
        g_error ("%s × %s: expected code %d, got %s %d: %s", step_names[c->step], c->fault->name,
                 c->fault->code, g_quark_to_string (error->domain), error->code, error->message);
      assert_for_a_person (error->message, "refresh error");
      /* What to fix, or that nothing changed and it is worth another go
       * (a refresh, unlike a push, is not retried by itself). */
      if (c->fault->fix_hint)
        g_assert_nonnull (strstr (error->message, c->fault->fix_hint));
      if (turnout_on24_error_is_transient (error))
        g_assert_nonnull (strstr (error->message, "nothing was refreshed"));

      /* Nothing half-applied: not a byte changed. */
      after = signature (f, FALSE);
      g_assert_cmpstr (after, ==, before);
      assert_consistent (f);
      if (i == 0)
        g_string_append_printf (outcome, "failed %s, database unchanged", code_names[error->code]);
    }
  if (n_failing > 1)
    g_string_append_printf (outcome, " (%ux)", n_failing);

  /* Transient: the very next refresh works. Persistent: once it clears. */
  if (c->count != 1)
    turnout_on24_sim_clear_faults (f->sim);
  {
    g_autoptr(TurnoutRefreshSummary) first = NULL;
    g_autoptr(TurnoutRefreshSummary) second = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *applied = NULL;
    g_autofree char *again = NULL;

    first = refresh (f, &error);
    g_assert_no_error (error);
    assert_applied (f, first);
    applied = signature (f, TRUE);

    second = refresh (f, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (second->attended + second->attended_on_demand + second->no_show + second->added, ==, 0);
    again = signature (f, TRUE);
    g_assert_cmpstr (again, ==, applied);
    assert_consistent (f);
  }
  assert_outbox_messages_for_a_person (f);

  g_string_append (outcome, "; then applied, again: no change");
  record (c, outcome->str);
  fixture_tear_down (f, c->fault);
}

/* Forget */

/* The flow of `turnout-cli person forget --on24` and of the window's
 * Forget Person: ON24 is asked first, for each linked event the person is
 * in, and only once it answered is the person erased here. */
static gboolean
forget_person (Fixture  *f,
               gint64    person_id,
               guint    *n_erased,
               GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TurnoutMember) member = get_member (f, person_id);
  g_autoptr(GArray) events = turnout_db_list_person_on24_events (f->db, person_id, &local_error);
  TurnoutForgetReport report;
  gboolean forgotten;

  g_assert_no_error (local_error);
  g_assert_cmpuint (events->len, ==, 1);
  turnout_on24_client_forget_async (f->client, member->person.email, (const gint64 *) events->data, events->len,
                                    NULL, turnout_test_store_result, &result);
  if (!turnout_on24_client_forget_finish (f->client, turnout_test_wait_result (&result), n_erased, error))
    return FALSE;

  forgotten = turnout_db_forget_person (f->db, person_id, "coordinator", TRUE, &report, &local_error);
  g_assert_no_error (local_error);
  g_assert_true (forgotten);
  g_assert_cmpuint (report.n_programs, ==, 1);
  return TRUE;
}

/* Whether ON24 still finds @email at the event: it no longer does once it
 * forgot them. */
static gboolean
on24_has (Fixture    *f,
          const char *email)
{
  return turnout_on24_sim_get_registrant_form (f->sim, TEST_EVENT_ID, email) != NULL;
}

/* The error is shown and may be logged: not the address, in any case or
 * spelling, even when ON24 quotes it. */
static void
assert_without_address (const char *message,
                        const char *email)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *lower_escaped = g_ascii_strdown (escaped, -1);

  if (strstr (lower, email) != NULL || strstr (lower, lower_escaped) != NULL)
    g_error ("the forget error names the address: %s", message);
}

static void
test_forget (gconstpointer data)
{
  const Combination *c = data;
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *before = NULL;
  g_autoptr(GString) outcome = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  /* Someone is waiting for the answer: the client waits out throttling
   * itself, a few times; any other fault reaches the person at once. */
  gboolean waited_out = c->fault->code == TURNOUT_ON24_ERROR_THROTTLED;
  guint n_failing = c->count == 1 ? 1 : 2;
  guint n_erased = G_MAXUINT;
  guint requests;
  gint64 anna;

  fixture_set_up (f, NULL);
  anna = add_registered (f, "anna@example.com", "Anna", "Jansen");
  /* ON24 has her: pushed and confirmed. */
  {
    g_autoptr(GPtrArray) outcomes = flush (f, NULL);

    g_assert_cmpuint (outcomes->len, ==, 1);
  }
  assert_member (f, anna, TURNOUT_STATUS_REGISTERED, "confirmed");
  before = signature (f, FALSE);
  add_fault (f, c);

  if (waited_out && c->count == 1)
    {
      /* Throttled once, asked again, answered: as if nothing happened. */
      requests = turnout_on24_sim_get_n_requests (f->sim);
      g_assert_true (forget_person (f, anna, &n_erased, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (turnout_on24_sim_get_n_requests (f->sim), ==, requests + 2);
      g_string_append (outcome, "waited out, ");
    }
  else
    {
      g_autoptr(GString) codes = g_string_new (NULL);

      for (guint i = 0; i < n_failing; i++)
        {
          g_autofree char *after = NULL;
          int code = c->fault->code;

          /* A truncated answer is ON24's own, cut in half. Once an earlier
           * request erased her there, ON24 answers 404 "No registrant was
           * found", and that, cut, is still a bad answer, not an unknown
           * event. */

          requests = turnout_on24_sim_get_n_requests (f->sim);
          g_assert_false (forget_person (f, anna, NULL, &error));
          if (!g_error_matches (error, TURNOUT_ON24_ERROR, code))
            g_error ("%s × %s: expected code %d, got %s %d: %s", step_names[c->step], c->fault->name,
                     code, g_quark_to_string (error->domain), error->code, error->message);
          assert_for_a_person (error->message, "forget error");
          assert_without_address (error->message, "anna@example.com");
          if (c->fault->fix_hint && code == c->fault->code)
            g_assert_nonnull (strstr (error->message, c->fault->fix_hint));
          /* A throttle that does not end was waited out a few times first. */
          if (waited_out)
            g_assert_cmpuint (turnout_on24_sim_get_n_requests (f->sim), >, requests + 1);

          /* Nothing erased here: the address is still there to ask again with. */
          after = signature (f, FALSE);
          g_assert_cmpstr (after, ==, before);
          g_assert_false (turnout_db_email_is_forgotten (f->db, "anna@example.com", NULL));
          assert_consistent (f);
          if (i == 0 || code != c->fault->code)
            g_string_append_printf (codes, "%s%s", i == 0 ? "" : " then ", code_names[error->code]);
          g_clear_error (&error);
        }
      g_string_append_printf (outcome, "failed %s, database unchanged", codes->str);
      if (n_failing > 1)
        g_string_append_printf (outcome, " (%ux)", n_failing);
      g_string_append (outcome, "; then ");

      /* Transient: asking again works. Persistent: once it clears. ON24
       * may have erased her already, past a lost answer: it then finds
       * nobody, which is what was asked. */
      if (c->count != 1)
        turnout_on24_sim_clear_faults (f->sim);
      g_assert_true (forget_person (f, anna, &n_erased, &error));
      g_assert_no_error (error);
    }

  /* Forgotten, there and here: known by no address, the membership kept. */
  g_assert_false (on24_has (f, "anna@example.com"));
  g_assert_cmpuint (n_erased, <=, 1);
  member = get_member (f, anna);
  g_assert_cmpstr (member->person.email, ==, "");
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_true (turnout_db_email_is_forgotten (f->db, "anna@example.com", &error));
  g_assert_no_error (error);
  assert_consistent (f);

  g_string_append_printf (outcome, "forgotten (ON24 erased %u)", n_erased);
  record (c, outcome->str);
  fixture_tear_down (f, c->fault);
}

static void
test_summary (void)
{
  g_test_message ("Fault campaign: %s", "combination -> outcome");
  g_test_message ("\n%s", table->str);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) combinations = g_ptr_array_new_with_free_func (g_free);
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* The timeout, hang and trickle faults cost a real second or two each. */
  turnout_on24_set_timeout (1);
  turnout_on24_set_deadline (1);
  /* A forget request waits out throttling itself, Retry-After included:
   * in milliseconds here, not seconds. */
  turnout_on24_set_retry_unit (1);
  table = g_string_new (NULL);
  graveyard = g_ptr_array_new_with_free_func (g_object_unref);

  for (Step step = 0; step < N_STEPS; step++)
    for (guint k = 0; k < G_N_ELEMENTS (faults); k++)
      for (guint n = 0; n < 2; n++)
        {
          Combination *c = g_new0 (Combination, 1);
          g_autofree char *path = NULL;

          c->step = step;
          c->fault = &faults[k];
          c->count = n == 0 ? 1 : -1;
          g_ptr_array_add (combinations, c);
          path = g_strdup_printf ("/fault-campaign/%s/%s/%s", step_names[step], faults[k].name,
                                  n == 0 ? "transient" : "persistent");
          g_test_add_data_func (path, c, step == STEP_PUSH ? test_push
                                         : step == STEP_FORGET ? test_forget : test_refresh);
        }
  g_test_add_func ("/fault-campaign/summary/table", test_summary);

  ret = g_test_run ();

  /* Let delayed answers arrive before their servers go. */
  while (graveyard->len > 0 && g_get_monotonic_time () < graveyard_until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_ptr_array_unref (graveyard);
  g_string_free (table, TRUE);
  return ret;
}
