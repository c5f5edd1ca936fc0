/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-members.c: capacity and the wait list, approvals, batch changes and
 * trigger rules on a real database; the command-line tool's import, export,
 * rule and wait list commands as a user runs them. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "turnout-channel.h"
#include "turnout-db.h"
#include "turnout-db-private.h"
#include "turnout-rules.h"
#include "turnout-test-utils.h"
#include "turnout-waitlist.h"

typedef struct
{
  char      *path;
  TurnoutDb *db;
  gint64     program_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = { .name = "Capped", .capacity = GPOINTER_TO_INT (data) };

  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->program_id = turnout_db_add_program (f->db, &spec, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;

  /* Whatever a test did, every member agrees with their history. */
  g_assert_true (turnout_db_check_integrity (f->db, &problem, &error));
  turnout_db_close (f->db);
  g_free (f->path);
}

static char *
status_of (Fixture    *f,
           gint64      person_id)
{
  g_autoptr(TurnoutMember) member = turnout_db_get_member (f->db, f->program_id, person_id, NULL);

  return member ? g_strdup (member->status) : g_strdup (TURNOUT_STATUS_NOT_IN_PROGRAM);
}

#define assert_status(f, id, key) \
  G_STMT_START { g_autofree char *_s = status_of (f, id); g_assert_cmpstr (_s, ==, key); } G_STMT_END

static void
change (Fixture    *f,
        gint64      person_id,
        const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_db_change_status (f->db, f->program_id, to, &person_id, 1,
                                                           NULL, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
}

static void
set_auto_promote (Fixture  *f,
                  gboolean  on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (f->db, f->program_id, &error);

  program->auto_promote = on;
  g_assert_true (turnout_db_update_program (f->db, program, &error));
  g_assert_no_error (error);
}

static char *
waitlist_emails (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = turnout_waitlist_list (f->db, f->program_id, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < waiting->len; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "",
                            ((TurnoutMember *) g_ptr_array_index (waiting, i))->person.email);
  return g_string_free (out, FALSE);
}

static void
test_capacity_waitlist (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  TurnoutSeats seats;
  gint64 a = turnout_test_add_person (f->db, f->program_id, "a@example.com", "registered");
  gint64 b = turnout_test_add_person (f->db, f->program_id, "b@example.com", "registered");
  gint64 c = turnout_test_add_person (f->db, f->program_id, "c@example.com", "registered");
  gint64 d = turnout_test_add_person (f->db, f->program_id, "d@example.com", "registered");

  assert_status (f, a, "registered");
  assert_status (f, b, "registered");
  assert_status (f, c, "wait-listed");
  assert_status (f, d, "wait-listed");

  g_assert_true (turnout_waitlist_count_seats (f->db, f->program_id, &seats, &error));
  g_assert_cmpuint (seats.taken, ==, 2);
  g_assert_cmpint (seats.capacity, ==, 2);
  g_assert_cmpuint (seats.waiting, ==, 2);

  order = waitlist_emails (f);
  g_assert_cmpstr (order, ==, "c@example.com d@example.com");
  g_clear_pointer (&order, g_free);

  /* Reordered with a reason: d first. */
  g_assert_true (turnout_waitlist_move (f->db, f->program_id, d, 1, "Speaker's colleague", &error));
  g_assert_no_error (error);
  order = waitlist_emails (f);
  g_assert_cmpstr (order, ==, "d@example.com c@example.com");

  /* Someone not waiting cannot be moved. */
  g_assert_false (turnout_waitlist_move (f->db, f->program_id, a, 1, NULL, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No automatic promotion: a freed seat stays free until someone promotes. */
  change (f, a, TURNOUT_STATUS_NOT_IN_PROGRAM);
  assert_status (f, d, "wait-listed");

  {
    g_autoptr(GPtrArray) results = turnout_waitlist_promote (f->db, f->program_id, NULL, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (results->len, ==, 1);  /* one free seat, one promoted */
  }
  assert_status (f, d, "registered");
  assert_status (f, c, "wait-listed");
}

static void
test_auto_promote (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 a = turnout_test_add_person (f->db, f->program_id, "a@example.com", "registered");
  gint64 b = turnout_test_add_person (f->db, f->program_id, "b@example.com", "registered");
  gint64 c = turnout_test_add_person (f->db, f->program_id, "c@example.com", "registered");

  set_auto_promote (f, TRUE);
  assert_status (f, c, "wait-listed");

  /* The seat a leaves goes to c in the same transaction. */
  change (f, a, TURNOUT_STATUS_NOT_IN_PROGRAM);
  assert_status (f, c, "registered");
  assert_status (f, b, "registered");

  history = turnout_db_get_history (f->db, f->program_id, c, &error);
  g_assert_cmpuint (history->len, ==, 2);  /* joined wait listed, then promoted */
  g_assert_cmpstr (((TurnoutHistoryEntry *) g_ptr_array_index (history, 1))->source, ==, "rule");
}

/* Turning automatic promotion on fills the free seats in the wait list's
 * order, reading the list once; a promotion whose rule promotes someone
 * else too makes it ask for the first in line again, seat by seat. Either
 * way the seats are filled exactly, in order. */
static void
test_auto_promote_in_line (Fixture       *f,
                           gconstpointer  data)
{
  gboolean with_rule = g_str_has_suffix (g_test_get_path (), "/rule");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) promoted = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  gint64 waiting[6];

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("seated%u@example.com", i);
      turnout_test_add_person (f->db, f->program_id, email, "registered");
    }
  for (guint i = 0; i < G_N_ELEMENTS (waiting); i++)
    {
      g_autofree char *email = g_strdup_printf ("waiting%u@example.com", i);
      waiting[i] = turnout_test_add_person (f->db, f->program_id, email, "registered");
      assert_status (f, waiting[i], "wait-listed");
    }
  if (with_rule)
    {
      turnout_rules_add (f->db, f->program_id, "registered", TURNOUT_RULE_PROMOTE, NULL, "next too", &error);
      g_assert_no_error (error);
    }

  /* Four more seats. */
  program = turnout_db_get_program (f->db, f->program_id, &error);
  program->capacity = 7;
  g_assert_true (turnout_db_update_program (f->db, program, &error));
  g_assert_true (turnout_waitlist_set_auto_promote (f->db, f->program_id, TRUE, &promoted, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (waiting); i++)
    assert_status (f, waiting[i], i < 4 ? "registered" : "wait-listed");
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM memberships WHERE status = 'registered'"),
                   ==, 7);
  /* With the rule, the first promotion's rule promotes the next, whose
   * rule promotes the next: the seats fill in one cascade. */
  g_assert_cmpuint (promoted->len, ==, with_rule ? 1 : 4);
  for (guint i = 0; i < promoted->len; i++)
    {
      TurnoutChangeResult *r = g_ptr_array_index (promoted, i);

      g_assert_cmpint (r->outcome, ==, TURNOUT_MOVE_CHANGED);
      g_assert_cmpint (r->person_id, ==, waiting[i]);
    }
}

static void
test_approvals (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) approved = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 a = turnout_test_add_person (f->db, f->program_id, "a@example.com", "pending-approval");
  gint64 b = turnout_test_add_person (f->db, f->program_id, "b@example.com", "pending-approval");
  gint64 c = turnout_test_add_person (f->db, f->program_id, "c@example.com", "invited");
  gint64 yes[] = { a, c };
  gint64 no[] = { b };
  TurnoutChangeSummary summary;

  approved = turnout_members_decide (f->db, f->program_id, yes, 2, TRUE, "Known customer", &error);
  g_assert_no_error (error);
  turnout_change_summary_count (&summary, approved);
  g_assert_cmpuint (summary.changed, ==, 1);
  g_assert_cmpuint (summary.refused, ==, 1);   /* c is not pending approval */
  assert_status (f, a, "registered");
  assert_status (f, c, "invited");

  rejected = turnout_members_decide (f->db, f->program_id, no, 1, FALSE, "  Competitor  ", &error);
  g_assert_no_error (error);
  assert_status (f, b, "rejected");

  history = turnout_db_get_history (f->db, f->program_id, b, &error);
  g_assert_cmpstr (((TurnoutHistoryEntry *) g_ptr_array_index (history, history->len - 1))->reason, ==, "Competitor");
}


/* Approving into a program linked to ON24 queues the push; rejecting does not. */
static void
test_approvals_push (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) approved = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  TurnoutProgramSpec spec = { .name = "Linked", .capacity = -1, .on24_event_id = 4242 };
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_db_add_program (db, &spec, &error);
  gint64 a = turnout_test_add_person (db, program, "a@example.com", "pending-approval");
  gint64 b = turnout_test_add_person (db, program, "b@example.com", "pending-approval");

  g_assert_no_error (error);
  g_assert_cmpuint (turnout_db_count_outbox (db, program, "pending", &error), ==, 0);

  approved = turnout_members_decide (db, program, &a, 1, TRUE, NULL, &error);
  g_assert_no_error (error);
  rejected = turnout_members_decide (db, program, &b, 1, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_db_count_outbox (db, program, "pending", &error), ==, 1);

  turnout_db_close (db);
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  TurnoutMemberFilter filter = { .status = "invited", .search = "example.org", .success = -1 };
  TurnoutChangeSummary summary;
  gint64 a = turnout_test_add_person (f->db, f->program_id, "a@example.org", "invited");
  gint64 b = turnout_test_add_person (f->db, f->program_id, "b@example.org", "invited");
  gint64 c = turnout_test_add_person (f->db, f->program_id, "c@example.com", "invited");
  gint64 d = turnout_test_add_person (f->db, f->program_id, "d@example.org", "attended");

  results = turnout_members_batch_change (f->db, f->program_id, &filter, "pending-approval", NULL, &error);
  g_assert_no_error (error);
  turnout_change_summary_count (&summary, results);
  g_assert_cmpuint (summary.changed, ==, 2);
  assert_status (f, a, "pending-approval");
  assert_status (f, b, "pending-approval");
  assert_status (f, c, "invited");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Everyone who has not reached success, to No Show: d is not selected. */
  filter = (TurnoutMemberFilter) { .success = 0 };
  results = turnout_members_batch_change (f->db, f->program_id, &filter, "no-show", "Batch", &error);
  g_assert_no_error (error);
  turnout_change_summary_count (&summary, results);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpuint (summary.changed, ==, 3);
  assert_status (f, d, "attended");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Everyone, back to Invited: all refused, counted, nothing half-applied. */
  filter = (TurnoutMemberFilter) { .success = -1 };
  results = turnout_members_batch_change (f->db, f->program_id, &filter, "invited", NULL, &error);
  turnout_change_summary_count (&summary, results);
  g_assert_cmpuint (summary.refused, ==, 4);
  g_assert_cmpuint (summary.changed, ==, 0);
}

static gint64
count_history (Fixture *f)
{
  return turnout_test_query_int (f->db, "SELECT count(*) FROM status_history");
}

/* On SQLite the history rows of a bulk change are written many per
 * statement, after the moves they record: a row the database refuses,
 * whether its batch is written during the change (200 members) or at its
 * commit (10), fails the whole change and writes nothing; once it is
 * accepted, every member has their row, in the order they were moved. */
static void
test_batch_history_refused (Fixture       *f,
                            gconstpointer  data)
{
  const guint sizes[] = { 200, 10 };

  if (turnout_db_is_postgres (f->db))
    {
      g_test_skip ("history rows are gathered on SQLite only");
      return;
    }

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_autofree gint64 *ids = g_new (gint64, sizes[s]);
      g_autofree char *trigger = NULL;
      TurnoutMemberFilter filter = { .status = "invited", .success = -1 };
      gint64 before, last_person = 0;
      sqlite3_stmt *stmt = NULL;

      for (guint i = 0; i < sizes[s]; i++)
        {
          g_autofree char *email = g_strdup_printf ("p%u-%u@example.org", s, i);

          ids[i] = turnout_test_add_person (f->db, f->program_id, email, "invited");
        }
      trigger = g_strdup_printf ("CREATE TEMP TRIGGER refuse_history BEFORE INSERT ON main.status_history"
                                 " WHEN NEW.person_id = %" G_GINT64_FORMAT " AND NEW.new_status = 'registered'"
                                 " BEGIN SELECT RAISE (ABORT, 'history refused'); END",
                                 ids[sizes[s] * 3 / 4]);
      g_assert_true (turnout_db_exec (f->db, trigger, &error));
      g_assert_no_error (error);
      before = count_history (f);

      results = turnout_members_batch_change (f->db, f->program_id, &filter, "registered", NULL, &error);
      g_assert_null (results);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "history refused"));
      g_clear_error (&error);
      for (guint i = 0; i < sizes[s]; i++)
        assert_status (f, ids[i], "invited");
      g_assert_cmpint (count_history (f), ==, before);

      g_assert_true (turnout_db_exec (f->db, "DROP TRIGGER temp.refuse_history", &error));
      results = turnout_members_batch_change (f->db, f->program_id, &filter, "registered", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (results->len, ==, sizes[s]);
      for (guint i = 0; i < sizes[s]; i++)
        assert_status (f, ids[i], "registered");
      g_assert_cmpint (count_history (f), ==, before + sizes[s]);

      /* In the order of the moves: these members' rows follow their ids. */
      g_assert_cmpint (sqlite3_prepare_v2 (turnout_db_get_handle (f->db),
                                           "SELECT person_id FROM status_history WHERE id > ?1 ORDER BY id",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, before);
      for (guint i = 0; i < sizes[s]; i++)
        {
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >, last_person);
          last_person = sqlite3_column_int64 (stmt, 0);
        }
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  /* Refused when a statement that reads the history sends it, whose
   * caller looks only at its rows: the commit still fails. */
  {
    g_autoptr(GError) error = NULL;
    gint64 person = turnout_test_add_person (f->db, f->program_id, "last@example.org", "invited");
    gint64 before = count_history (f);
    TurnoutStmt *stmt;

    g_assert_true (turnout_db_exec (f->db, "CREATE TEMP TRIGGER refuse_history BEFORE INSERT ON main.status_history"
                                    " BEGIN SELECT RAISE (ABORT, 'history refused'); END", &error));
    g_assert_true (turnout_db_begin (f->db, &error));
    g_assert_true (turnout_db_gather_history (f->db, f->program_id, person, "invited", "registered", "", "manual",
                                              "2026-12-06T12:00:00Z", "", "", &error));
    g_assert_no_error (error);
    stmt = turnout_db_prepare (f->db, "SELECT count(*) FROM status_history", &error);
    g_assert_nonnull (stmt);
    g_assert_cmpint (turnout_stmt_step (stmt), ==, SQLITE_ROW);
    turnout_stmt_reset (stmt);
    g_assert_false (turnout_db_commit (f->db, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "history refused"));
    g_assert_true (turnout_db_exec (f->db, "DROP TRIGGER temp.refuse_history", NULL));
    g_assert_cmpint (count_history (f), ==, before);
  }
}

/* Removing many members in one batch (Not in Program) runs a statement
 * on the outbox for each (their pushes not sent are cancelled): their
 * history rows are still written many per statement, and each member's
 * row is there, in the order of the moves. */
static void
test_batch_remove_gathered (Fixture       *f,
                            gconstpointer  data)
{
  const guint n = 200;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree gint64 *ids = g_new (gint64, n);
  TurnoutMemberFilter filter = { .status = "invited", .success = -1 };
  guint history_runs, outbox_runs;
  gint64 before;
  int last_id;

  if (turnout_db_is_postgres (f->db))
    {
      g_test_skip ("history rows are gathered on SQLite only");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("gone%u@example.org", i);

      ids[i] = turnout_test_add_person (f->db, f->program_id, email, "invited");
    }
  before = count_history (f);

  turnout_test_count_runs (f->db, "INSERT OR FAIL INTO status_history", &history_runs);
  turnout_test_count_runs (f->db, "UPDATE outbox SET state = 'cancelled'", &outbox_runs);
  results = turnout_members_batch_change (f->db, f->program_id, &filter, "not-in-program", NULL, &error);
  turnout_test_count_runs_stop (f->db);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, n);

  /* one cancel a member; the history in 64s, the rest one by one */
  g_assert_cmpuint (outbox_runs, ==, n);
  g_assert_cmpuint (history_runs, ==, n / 64 + n % 64);
  g_assert_cmpint (count_history (f), ==, before + n);
  last_id = turnout_test_query_int (f->db, "SELECT max(id) FROM status_history");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *row = g_strdup_printf ("SELECT person_id FROM status_history WHERE id = %d"
                                              " AND old_status = 'invited' AND new_status = 'not-in-program'",
                                              last_id - (int) (n - 1 - i));

      g_assert_cmpint (turnout_test_query_int (f->db, row), ==, ids[i]);
    }
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM memberships"
                                                  " WHERE status = 'invited'"), ==, 0);
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  TurnoutRuleEvent *event;
  gint64 notify, promote;
  gint64 a, b, c;

  notify = turnout_rules_add (f->db, f->program_id, "registered", TURNOUT_RULE_NOTIFY, NULL, NULL, &error);
  g_assert_no_error (error);
  promote = turnout_rules_add (f->db, f->program_id, "not-in-program", TURNOUT_RULE_PROMOTE, NULL, NULL, &error);
  g_assert_no_error (error);
  turnout_rules_add (f->db, f->program_id, "attended", TURNOUT_RULE_CHANGE_STATUS, "attended-on-demand",
                     NULL, &error);
  g_assert_no_error (error);

  rules = turnout_rules_list (f->db, f->program_id, &error);
  g_assert_cmpuint (rules->len, ==, 3);

  /* Bad rules are refused with a reason. */
  g_assert_cmpint (turnout_rules_add (f->db, f->program_id, "nope", TURNOUT_RULE_NOTIFY, NULL, NULL, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (turnout_rules_add (f->db, f->program_id, "invited", TURNOUT_RULE_CHANGE_STATUS, "invited",
                                      NULL, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_clear_error (&error);

  a = turnout_test_add_person (f->db, f->program_id, "a@example.com", "registered");
  b = turnout_test_add_person (f->db, f->program_id, "b@example.com", "registered");
  c = turnout_test_add_person (f->db, f->program_id, "c@example.com", "registered");
  assert_status (f, c, "wait-listed");

  /* Notify: recorded for the app to show after the commit, taken once. */
  events = turnout_rules_take_events (f->db, f->program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->kind, ==, TURNOUT_RULE_EVENT_NOTIFY);
  g_assert_cmpint (event->rule_id, ==, notify);
  g_assert_cmpstr (event->message, ==, "a@example.com is now Registered");
  g_clear_pointer (&events, g_ptr_array_unref);
  events = turnout_rules_take_events (f->db, f->program_id, &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Promote: a No Show keeps the seat, so nothing moves... */
  change (f, a, "no-show");
  assert_status (f, c, "wait-listed");

  /* ...but someone leaving fires the rule and frees a seat for c. */
  change (f, b, TURNOUT_STATUS_NOT_IN_PROGRAM);
  assert_status (f, c, "registered");

  /* The promotion to Registered fired the notify rule too, in the same change. */
  events = turnout_rules_take_events (f->db, f->program_id, &error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((TurnoutRuleEvent *) g_ptr_array_index (events, 0))->message, ==, "c@example.com is now Registered");
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Change status: Attended becomes Attended On-demand in the same change. */
  change (f, a, "attended");
  assert_status (f, a, "attended-on-demand");

  /* Removed rules no longer run. */
  g_assert_true (turnout_rules_remove (f->db, f->program_id, promote, &error));
  g_assert_false (turnout_rules_remove (f->db, f->program_id, promote, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
}

static void
test_rule_loop (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) history = NULL;
  TurnoutRuleEvent *event;
  gint64 to_rejected, a;

  to_rejected = turnout_rules_add (f->db, f->program_id, "wait-listed", TURNOUT_RULE_CHANGE_STATUS, "rejected",
                                   NULL, &error);
  turnout_rules_add (f->db, f->program_id, "rejected", TURNOUT_RULE_CHANGE_STATUS, "wait-listed", NULL, &error);
  g_assert_no_error (error);

  a = turnout_test_add_person (f->db, f->program_id, "a@example.com", "invited");
  change (f, a, "wait-listed");

  /* wait-listed -> rejected -> wait-listed, then the first rule is stopped. */
  history = turnout_db_get_history (f->db, f->program_id, a, &error);
  g_assert_cmpuint (history->len, ==, 4);
  assert_status (f, a, "wait-listed");

  events = turnout_rules_take_events (f->db, f->program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->kind, ==, TURNOUT_RULE_EVENT_LOOP);
  g_assert_cmpint (event->rule_id, ==, to_rejected);
  g_assert_nonnull (strstr (event->message, "loop"));
  g_assert_nonnull (strstr (event->message, "a@example.com"));
}

/* The command-line tool */

static int
run_cli (const char  *db_path,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("TURNOUT_CLI");
  int wait_status = 0;
  va_list ap;
  const char *arg;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "--db");
  g_ptr_array_add (args, (char *) db_path);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static char *
corpus (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static void
test_cli_import_export (void)
{
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *dir = turnout_test_files_dir (db);
  g_autofree char *export_path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *invalid = corpus ("invalid-emails.csv");
  g_autofree char *dutch = corpus ("semicolon-dutch.csv");
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  JsonObject *report;

  g_assert_cmpint (run_cli (db, &out, &err, "program", "add", "Web", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", invalid, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "2 imported, 0 updated, 5 skipped\n"
                   "line 3: “not-an-email” is not a valid e-mail address\n"
                   "line 4: There is no e-mail address\n"
                   "line 5: The row has 2 fields; it should have 3\n"
                   "line 6: The row has 4 fields; it should have 3\n"
                   "line 7: “dave@example” is not a valid e-mail address\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", dutch, "--status", "registered", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (report, "imported"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "skipped"), ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (report, "problems")), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Failures: a missing file (1), an unknown status (1), no file at all (2). */
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", "/nonexistent.csv", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "turnout-cli: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", dutch, "--status", "bogus", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "export", "Web", export_path, "--status", "registered",
                            "--columns", "email,first-name,status", NULL), ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("Exported 2 members to %s\n", export_path);
    g_assert_cmpstr (out, ==, expected);
  }
  g_file_get_contents (export_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==,
                   "\xEF\xBB\xBF" "Email,First Name,Status\r\n"
                   "jan@voorbeeld.nl,Jan,Registered\r\n"     /* by last name: Jansen, */
                   "Els@Voorbeeld.NL,Els,Registered\r\n");  /* van Dijk */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "export", "Web", export_path, "--columns", "nope", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

static void
test_cli_rules_waitlist (void)
{
  g_autofree char *db = turnout_test_temp_db_path ();
  char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (db, &out, &err, "program", "add", "Web", "--capacity", "1", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "rule", "add", "Web", "registered", "notify", "--message", "Seat taken", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Added rule 1\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "rule", "add", "Web", "registered", "change-status", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "rule", "list", "Web", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "   1  When a member becomes Registered, notify the desktop: Seat taken\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);

      g_assert_cmpint (run_cli (db, &out, &err, "member", "add", "Web", email, "--status", "registered", NULL), ==, 0);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  g_assert_cmpint (run_cli (db, &out, &err, "waitlist", "reorder", "Web", "p2@example.com", "1", "--reason", "VIP", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "waitlist", "Web", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"seats_taken\" : 1"));
  g_assert_nonnull (strstr (out, "\"capacity\" : 1"));
  g_assert_true (strstr (out, "p2@example.com") < strstr (out, "p1@example.com"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "status", "set", "Web", "not-in-program", "p0@example.com", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "waitlist", "promote", "Web", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "1 changed, 0 skipped, 0 refused\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "rule", "events", "Web", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "p0@example.com: Seat taken"));
  g_assert_nonnull (strstr (out, "p2@example.com: Seat taken"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "member", "add", "Web", "q@example.com", "--status", "pending-approval", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "reject", "Web", "--all", "--reason", "Full", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "1 changed, 0 skipped, 0 refused\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "approve", "Web", "nobody@example.com", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}


static void
test_cli_auto_promote_dry_run (void)
{
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *dutch = corpus ("semicolon-dutch.csv");
  char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (db, &out, &err, "program", "add", "Web", "--capacity", "1", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A dry run shows the mapping and what the import would do, with its
   * own counts (the seat limit included), and writes nothing. */
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", dutch, "--status", "registered", "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "column 1 “E-mailadres”: Email\n"));
  g_assert_nonnull (strstr (out, "Dry run, nothing was written: 2 would be imported, 0 updated, 0 skipped\n"
                                 "1 was wait listed: no seat was free\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", dutch, "--dry-run", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"dry_run\" : true"));
  g_assert_nonnull (strstr (out, "\"imported\" : 2"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "member", "list", "Web", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Both registered: one seat, one waits. */
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", dutch, "--status", "registered", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2 imported, 0 updated, 0 skipped\n1 was wait listed: no seat was free\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The seat frees; nobody is promoted until automatic promotion is on,
   * which fills the free seat at once. */
  g_assert_cmpint (run_cli (db, &out, &err, "status", "set", "Web", "not-in-program", "jan@voorbeeld.nl", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "waitlist", "auto", "Web", "on", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "promoted Els@Voorbeeld.NL"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "waitlist", "auto", "Web", "maybe", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

static void
test_cli_import_map (void)
{
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *dir = turnout_test_files_dir (db);
  g_autofree char *csv = g_build_filename (dir, "odd.csv", NULL);
  char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (csv, "Naam;Adres\nAnn;ann@example.com\nBob;bob@example.com\n", -1, NULL));
  g_assert_cmpint (run_cli (db, &out, &err, "program", "add", "Web", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Headers it does not know: it says so, and how to fix it. */
  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", csv, NULL), ==, 1);
  g_assert_cmpstr (err, ==, "turnout-cli: No column is chosen as the e-mail address; "
                            "say which column holds it with --map N=email\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", csv, "--map", "2=email", "--map", "1=first-name", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2 imported, 0 updated, 0 skipped\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "member", "list", "Web", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"first_name\" : \"Ann\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (db, &out, &err, "import", "Web", csv, "--map", "two=email", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/members/capacity/waitlist", Fixture, GINT_TO_POINTER (2), fixture_set_up, test_capacity_waitlist, fixture_tear_down);
  g_test_add ("/members/capacity/auto-promote", Fixture, GINT_TO_POINTER (2), fixture_set_up, test_auto_promote, fixture_tear_down);
  g_test_add ("/members/capacity/auto-promote-in-line", Fixture, GINT_TO_POINTER (3), fixture_set_up,
              test_auto_promote_in_line, fixture_tear_down);
  g_test_add ("/members/capacity/auto-promote-in-line/rule", Fixture, GINT_TO_POINTER (3), fixture_set_up,
              test_auto_promote_in_line, fixture_tear_down);
  g_test_add ("/members/approvals", Fixture, GINT_TO_POINTER (-1), fixture_set_up, test_approvals, fixture_tear_down);
  g_test_add_func ("/members/approvals/push", test_approvals_push);
  g_test_add ("/members/batch", Fixture, GINT_TO_POINTER (-1), fixture_set_up, test_batch, fixture_tear_down);
  g_test_add ("/members/batch/history-refused", Fixture, GINT_TO_POINTER (-1), fixture_set_up,
              test_batch_history_refused, fixture_tear_down);
  g_test_add ("/members/batch/remove-gathered", Fixture, GINT_TO_POINTER (-1), fixture_set_up,
              test_batch_remove_gathered, fixture_tear_down);
  g_test_add ("/members/rules", Fixture, GINT_TO_POINTER (2), fixture_set_up, test_rules, fixture_tear_down);
  g_test_add ("/members/rules/loop", Fixture, GINT_TO_POINTER (-1), fixture_set_up, test_rule_loop, fixture_tear_down);
  g_test_add_func ("/members/cli/import-export", test_cli_import_export);
  g_test_add_func ("/members/cli/rules-waitlist", test_cli_rules_waitlist);
  g_test_add_func ("/members/cli/auto-promote-dry-run", test_cli_auto_promote_dry_run);
  g_test_add_func ("/members/cli/import-map", test_cli_import_map);

  return g_test_run ();
}
