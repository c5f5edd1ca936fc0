/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dry-run.c: a dry run counts what the operation would do, exactly
 * as doing it then does, and leaves the database file as it was. */
#include "config.h"

#include <sqlite3.h>

#include "turnout-bulk.h"
#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-records.h"
#include "turnout-test-utils.h"
#include "turnout-waitlist.h"

/* Everything an operation could write, as one text. */
static char *
snapshot (TurnoutDb *db)
{
  static const char *queries[] = {
    "SELECT group_concat(person_id || ':' || status || ':' || status_reason || ':' || push_state, ';')"
    " FROM (SELECT * FROM memberships ORDER BY id)",
    "SELECT count(*) || '/' || coalesce(max(id), 0) FROM status_history",
    "SELECT count(*) || '/' || coalesce(group_concat(state), '') FROM outbox",
    "SELECT count(*) FROM waitlist_moves",
    "SELECT count(*) FROM rule_events",
  };
  /* the same on a team database, whose aggregate of text is string_agg */
  static const char *pg_queries[] = {
    "SELECT string_agg(person_id || ':' || status || ':' || status_reason || ':' || push_state, ';' ORDER BY id)"
    " FROM memberships",
    "SELECT count(*) || '/' || coalesce(max(id), 0) FROM status_history",
    "SELECT count(*) || '/' || coalesce(string_agg(state, ','), '') FROM outbox",
    "SELECT count(*) FROM waitlist_moves",
    "SELECT count(*) FROM rule_events",
  };
  const char **sql = turnout_test_engine_is_postgres () ? pg_queries : queries;
  GString *text = g_string_new (NULL);

  G_STATIC_ASSERT (G_N_ELEMENTS (queries) == G_N_ELEMENTS (pg_queries));
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      TurnoutStmt *stmt = turnout_db_prepare_own (db, sql[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (turnout_stmt_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (text, "%s\n", (const char *) turnout_stmt_column_text (stmt, 0));
      turnout_stmt_free (stmt);
    }
  return g_string_free (text, FALSE);
}

static void
summarise (GPtrArray            *results,
           TurnoutChangeSummary *summary)
{
  memset (summary, 0, sizeof *summary);
  g_assert_nonnull (results);
  turnout_change_summary_count (summary, results);
}

static void
assert_same_summary (const TurnoutChangeSummary *a,
                     const TurnoutChangeSummary *b)
{
  g_assert_cmpuint (a->changed, ==, b->changed);
  g_assert_cmpuint (a->skipped, ==, b->skipped);
  g_assert_cmpuint (a->refused, ==, b->refused);
  g_assert_cmpuint (a->removed, ==, b->removed);
  g_assert_cmpuint (a->wait_listed, ==, b->wait_listed);
}

typedef GPtrArray *(*Operation) (TurnoutDb *db,
                                 gint64     program,
                                 gpointer   data);

/* Runs @op dry, checks nothing changed, runs it for real, checks it did
 * what the dry run said. Returns the real run's summary. */
static void
dry_then_real (TurnoutDb            *db,
               gint64                program,
               Operation             op,
               gpointer              data,
               TurnoutChangeSummary *summary)
{
  g_autofree char *before = snapshot (db);
  g_autofree char *after_dry = NULL;
  g_autofree char *after_real = NULL;
  g_autoptr(GPtrArray) dry = NULL;
  g_autoptr(GPtrArray) real = NULL;
  TurnoutChangeSummary dry_summary;

  turnout_db_set_dry_run (db, TRUE);
  dry = op (db, program, data);
  turnout_db_set_dry_run (db, FALSE);
  summarise (dry, &dry_summary);
  after_dry = snapshot (db);
  g_assert_cmpstr (after_dry, ==, before);

  real = op (db, program, data);
  summarise (real, summary);
  assert_same_summary (&dry_summary, summary);
  after_real = snapshot (db);
  if (summary->changed + summary->removed > 0)
    g_assert_cmpstr (after_real, !=, before);
}

static GPtrArray *
batch_to_registered (TurnoutDb *db,
                     gint64     program,
                     gpointer   data)
{
  TurnoutMemberFilter filter = { .status = data, .success = -1 };

  return turnout_members_batch_change (db, program, &filter, TURNOUT_STATUS_REGISTERED, "dry run test", NULL);
}

static GPtrArray *
approve_all (TurnoutDb *db,
             gint64     program,
             gpointer   data)
{
  GArray *ids = data;

  return turnout_members_decide (db, program, (const gint64 *) ids->data, ids->len, TRUE, NULL, NULL);
}

static GPtrArray *
remove_all (TurnoutDb *db,
            gint64     program,
            gpointer   data)
{
  GArray *ids = data;

  return turnout_members_move (db, program, (const gint64 *) ids->data, ids->len, NULL, NULL, NULL,
                               TURNOUT_STATUS_NOT_IN_PROGRAM, NULL, TURNOUT_SOURCE_MANUAL, NULL);
}

static GPtrArray *
promote_all (TurnoutDb *db,
             gint64     program,
             gpointer   data)
{
  return turnout_waitlist_promote (db, program, NULL, 0, NULL, NULL);
}

static void
test_dry_run (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) everyone = g_array_new (FALSE, FALSE, sizeof (gint64));
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "Small room", .capacity = 4 };
  gint64 program = turnout_db_add_program (db, &spec, &error);
  TurnoutChangeSummary summary;

  g_assert_no_error (error);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      const char *status = i < 6 ? TURNOUT_STATUS_INVITED
                         : i < 9 ? TURNOUT_STATUS_PENDING_APPROVAL
                         : i < 10 ? TURNOUT_STATUS_REGISTERED
                         : TURNOUT_STATUS_ATTENDED;
      gint64 id = turnout_test_add_person (db, program, email, status);

      g_array_append_val (everyone, id);
      if (g_str_equal (status, TURNOUT_STATUS_PENDING_APPROVAL))
        g_array_append_val (pending, id);
    }

  /* Six invited into four seats, three taken (one Registered, two
   * Attended): one gets the seat, five wait. */
  dry_then_real (db, program, batch_to_registered, (gpointer) TURNOUT_STATUS_INVITED, &summary);
  g_assert_cmpuint (summary.changed, ==, 6);
  g_assert_cmpuint (summary.wait_listed, ==, 5);

  /* Approving with no seat left: all three wait. */
  dry_then_real (db, program, approve_all, pending, &summary);
  g_assert_cmpuint (summary.changed, ==, 3);
  g_assert_cmpuint (summary.wait_listed, ==, 3);

  /* No seat: nobody is promoted, and nothing is written either way. */
  dry_then_real (db, program, promote_all, NULL, &summary);
  g_assert_cmpuint (summary.changed, ==, 0);

  /* Everyone removed, the outbox and the wait list with them. */
  dry_then_real (db, program, remove_all, everyone, &summary);
  g_assert_cmpuint (summary.removed, ==, 12);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"), ==, 0);

  /* Not left on: the next operation writes. */
  g_assert_false (turnout_db_get_dry_run (db));
  turnout_db_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dry-run/bulk", test_dry_run);
  return g_test_run ();
}
