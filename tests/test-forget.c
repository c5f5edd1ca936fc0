/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-forget.c: Forget Person in the store. What is erased and what is
 * kept, the database file's bytes afterwards, and a refresh or an import
 * that must not bring the person back. */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-forget.h"
#include "turnout-import.h"
#include "turnout-reason.h"
#include "turnout-refresh.h"
#include "turnout-rules.h"
#include "turnout-test-utils.h"
#include "turnout-undo.h"

#define ADDRESS "Jan.Forget-Me@Example.org"

typedef struct
{
  char      *path;
  TurnoutDb *db;
  gint64     linked;     /* a program linked to ON24 event 77 */
  gint64     other;
  gint64     person_id;
  gint64     keep_id;
} Fixture;

static void
exec_sql (TurnoutDb  *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (turnout_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static gint64
add_member (TurnoutDb  *db,
            gint64      program_id,
            const char *email,
            const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  TurnoutPersonSpec spec = { .email = email, .first_name = "Jantje", .last_name = "Vergeetmij",
                             .company = "Geheimhouding BV", .job_title = "Stille Vennoot" };

  result = turnout_db_add_member (db, program_id, &spec, status, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result->person_id;
}

static void
change (TurnoutDb  *db,
        gint64      program_id,
        gint64      person_id,
        const char *to_status,
        const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  results = turnout_db_change_status (db, program_id, to_status, &person_id, 1, reason, TURNOUT_SOURCE_MANUAL,
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
}

/* Someone in two programs, with every kind of trace: a typed reason that
 * names them, ON24's refusal quoting their address, a question they asked,
 * a rule message, a push not yet sent; and someone else who stays. */
static void
set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = { .name = "Linked", .capacity = -1, .on24_event_id = 77 };

  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->linked = turnout_db_add_program (f->db, &spec, &error);
  g_assert_no_error (error);
  f->other = turnout_test_add_program (f->db, "Other");

  g_assert_cmpint (turnout_rules_add (f->db, f->linked, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_NOTIFY, NULL,
                                      "Send the joining link", &error), >, 0);
  g_assert_no_error (error);

  f->person_id = add_member (f->db, f->linked, ADDRESS, TURNOUT_STATUS_INVITED);
  f->keep_id = turnout_test_add_person (f->db, f->linked, "keep.me@example.org", TURNOUT_STATUS_INVITED);
  change (f->db, f->linked, f->person_id, TURNOUT_STATUS_REGISTERED, "Phoned " ADDRESS " about the invoice");
  add_member (f->db, f->other, ADDRESS, TURNOUT_STATUS_INVITED);
  /* As the sender writes ON24's refusal: a key and ON24's words (the
   * values apart by U+001F, as a byte both engines read in quotes). */
  change (f->db, f->other, f->person_id, TURNOUT_STATUS_REGISTRATION_ERROR, NULL);
  exec_sql (f->db,
            "UPDATE memberships SET status_reason_key = '" TURNOUT_REASON_ON24_REFUSED "',"
            " status_reason_args = 'Duplicate registrant " ADDRESS "\037" "400',"
            " status_reason = 'ON24 refused: Duplicate registrant " ADDRESS " (HTTP 400)'"
            " WHERE program_id = 2;"
            "UPDATE status_history SET reason_key = '" TURNOUT_REASON_ON24_REFUSED "',"
            " reason_args = 'Duplicate registrant " ADDRESS "\037" "400',"
            " reason = 'ON24 refused: Duplicate registrant " ADDRESS " (HTTP 400)'"
            " WHERE program_id = 2 AND new_status = '" TURNOUT_STATUS_REGISTRATION_ERROR "';");
  exec_sql (f->db,
            "INSERT INTO member_questions (program_id, person_id, position, content, answer)"
            " SELECT 1, id, 0, 'Please write to " ADDRESS "', 'Will do' FROM people WHERE email = '" ADDRESS "'");
  g_assert_true (turnout_test_db_holds (f->path, ADDRESS));
}

static void
tear_down (Fixture *f)
{
  g_clear_pointer (&f->db, turnout_db_close);
  g_free (f->path);
}

static void
forget (Fixture             *f,
        TurnoutForgetReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (turnout_db_forget_person (f->db, f->person_id, "coordinator", FALSE, report, &error));
  g_assert_no_error (error);
}

static void
test_erases_and_keeps (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL, after = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autofree char *name = NULL;
  TurnoutForgetReport report;
  guint n_history;
  const TurnoutHistoryEntry *last;
  const char *traces[] = { ADDRESS, "Jantje", "Vergeetmij", "Geheimhouding", "Stille Vennoot", "invoice",
                           "Please write" };

  set_up (f);
  before = turnout_db_count_statuses (f->db, f->linked, &error);
  g_assert_no_error (error);
  n_history = turnout_test_query_int (f->db, "SELECT count(*) FROM status_history WHERE person_id = 1");
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 1);

  forget (f, &report);
  g_assert_cmpuint (report.n_programs, ==, 2);
  g_assert_cmpuint (report.n_history, ==, n_history);
  g_assert_cmpuint (report.n_questions, ==, 1);
  g_assert_cmpuint (report.n_outbox, ==, 1);

  /* Counts and statuses as they were; the person known by no address. */
  after = turnout_db_count_statuses (f->db, f->linked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (after, TURNOUT_STATUS_REGISTERED)), ==,
                   GPOINTER_TO_INT (g_hash_table_lookup (before, TURNOUT_STATUS_REGISTERED)));
  member = turnout_db_get_member (f->db, f->other, f->person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTRATION_ERROR);
  g_assert_cmpstr (member->status_reason, ==, "");
  g_assert_cmpstr (member->person.email, ==, "");
  g_assert_cmpstr (member->person.company, ==, "");
  name = turnout_person_dup_display_name (&member->person);
  g_assert_cmpstr (name, ==, "Forgotten person");
  g_assert_null (turnout_db_find_person (f->db, ADDRESS, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (turnout_db_email_is_forgotten (f->db, "jan.forget-me@EXAMPLE.org", &error));
  g_assert_false (turnout_db_email_is_forgotten (f->db, "keep.me@example.org", &error));
  g_assert_no_error (error);
  members = turnout_db_list_members (f->db, f->linked, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);

  /* The history keeps every row, and says once who forgot them. */
  history = turnout_db_get_history (f->db, f->linked, f->person_id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (last->source, ==, "forget");
  g_assert_cmpstr (last->reason_key, ==, TURNOUT_REASON_PERSON_FORGOTTEN);
  g_assert_cmpstr (last->reason, ==, "Personal data erased on request, by coordinator");
  g_assert_cmpstr (last->old_status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpstr (last->new_status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM status_history WHERE source = 'forget'"), ==, 2);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM rule_events WHERE delivered_at IS NULL"), ==, 0);

  /* Nothing of them in the file's bytes (a team database's rows), while
   * the others' data is. */
  g_assert_false (report.vacuumed);
  for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
    if (turnout_test_db_holds (f->path, traces[i]))
      g_error ("“%s” is still in the database file", traces[i]);
  g_assert_true (turnout_test_db_holds (f->path, "keep.me@example.org"));

  /* Again: nobody left to forget. */
  g_assert_false (turnout_db_forget_person (f->db, f->person_id, NULL, FALSE, NULL, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (turnout_db_forget_person (f->db, 4242, NULL, FALSE, NULL, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
  tear_down (f);
}

/* A feed and a file that name them again add nobody; someone new in the
 * same feed or file still comes in. */
static void
test_not_brought_back (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(TurnoutChangeResult) added = NULL;
  TurnoutPersonSpec spec = { .email = ADDRESS };
  const char *emails[] = { "JAN.FORGET-ME@example.org", "new.attendee@example.org" };
  const TurnoutImportProblem *problem;
  int people;

  set_up (f);
  forget (f, NULL);
  people = turnout_test_query_int (f->db, "SELECT count(*) FROM people");

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      TurnoutFeedAttendee a = { .email = g_strdup (emails[i]), .liveminutes = 30, .liveviewed = -1,
                                .archiveminutes = -1, .archiveviewed = -1, .engagementscore = -1,
                                .askedquestions = -1, .answeredpolls = -1, .answeredsurveys = -1,
                                .resourcesdownloaded = -1 };

      g_array_append_val (feed->attendees, a);
    }
  summary = turnout_refresh_apply (f->db, f->linked, feed, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->ignored_forgotten, ==, 1);
  g_assert_cmpuint (summary->added, ==, 1);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people"), ==, people + 1);
  g_assert_null (turnout_db_find_person (f->db, ADDRESS, NULL));
  /* Kept in the summary the window shows. */
  {
    g_autofree char *text = turnout_refresh_summary_format (summary);

    g_assert_nonnull (strstr (text, "1 ignored: forgotten on request"));
  }

  {
    static const char text[] = "email,first_name\njan.forget-me@example.org,Jan\nnew.import@example.org,New\n";

    csv = g_bytes_new_static (text, strlen (text));
  }
  report = turnout_import_apply (f->db, f->other, csv, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_forgotten, ==, 1);
  g_assert_cmpuint (report->n_added, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpint (problem->kind, ==, TURNOUT_IMPORT_PROBLEM_FORGOTTEN);
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_null (problem->email);
  g_assert_null (turnout_db_find_person (f->db, ADDRESS, NULL));

  /* Typed in by hand, they are back, and no longer skipped. */
  added = turnout_db_add_member (f->db, f->other, &spec, TURNOUT_STATUS_INVITED, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_false (turnout_db_email_is_forgotten (f->db, ADDRESS, &error));
  g_assert_no_error (error);
  tear_down (f);
}

/* A file written without secure_delete holds an old copy of the row in
 * free space: the forget finds it and rebuilds the file. */
static void
test_old_copy_rebuilt (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "P");
  gint64 person = turnout_test_add_person (db, program, "stale.copy@example.org", TURNOUT_STATUS_INVITED);
  TurnoutForgetReport report;
  sqlite3 *raw = NULL;

  turnout_test_add_person (db, program, "stays@example.org", TURNOUT_STATUS_INVITED);
  turnout_db_close (db);

  /* As another SQLite build would: the row moves and its old cell stays. */
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
                                 "PRAGMA secure_delete = OFF;"
                                 "UPDATE people SET first_name = 'A first name much longer than the one before it'"
                                 " WHERE email = 'stale.copy@example.org';"
                                 "UPDATE people SET email = 'Stale.Copy@Example.org' WHERE email = 'stale.copy@example.org';"
                                 "PRAGMA wal_checkpoint(TRUNCATE);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = turnout_test_open_db (path);
  g_assert_true (turnout_db_forget_person (db, person, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report.vacuumed);
  g_assert_false (turnout_test_db_holds (path, "stale.copy@example.org"));
  g_assert_true (turnout_test_db_holds (path, "stays@example.org"));
  turnout_db_close (db);
  g_assert_false (turnout_test_db_holds (path, "stale.copy@example.org"));
}

/* Undo of a change made before cannot restore what was erased. */
static void
test_undo_restores_nothing_erased (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  TurnoutUndoSummary summary = { 0 };
  gint64 change_id;

  set_up (f);
  turnout_db_set_recording (f->db, TRUE);
  change (f->db, f->linked, f->person_id, TURNOUT_STATUS_ATTENDED, "Saw " ADDRESS " in the room");
  change_id = turnout_db_get_last_change (f->db);
  turnout_db_set_recording (f->db, FALSE);
  g_assert_cmpint (change_id, >, 0);

  forget (f, NULL);
  g_assert_true (turnout_db_undo_change (f->db, change_id, &summary, &error));
  g_assert_no_error (error);
  member = turnout_db_get_member (f->db, f->linked, f->person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpstr (member->status_reason, ==, "");
  g_assert_cmpstr (member->person.email, ==, "");
  g_assert_false (turnout_test_db_holds (f->path, ADDRESS));
  tear_down (f);
}

/* Among many members, the forget reads the person's own rows, found
 * through the few programs they can be in, and not every membership,
 * history row, push and question in the file. */
static void
test_reads_only_their_rows (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) events = NULL;
  const guint n = 1000;
  guint steps[4];
  const char *tables[] = { "memberships", "status_history", "outbox", "member_questions" };
  TurnoutForgetReport report;

  set_up (f);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("member%u@example.org", i);

      turnout_test_add_person (f->db, i % 2 ? f->linked : f->other, email, TURNOUT_STATUS_INVITED);
    }
  exec_sql (f->db, "INSERT INTO member_questions (program_id, person_id, position, content)"
                   " SELECT program_id, person_id, 0, 'A question' FROM memberships WHERE person_id > 2");

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    turnout_test_count_scan_steps (f->db, tables[t], &steps[t]);
  events = turnout_db_list_person_on24_events (f->db, f->person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (g_array_index (events, gint64, 0), ==, 77);
  forget (f, &report);
  turnout_test_count_runs_stop (f->db);

  g_assert_cmpuint (report.n_programs, ==, 2);
  g_assert_cmpuint (report.n_questions, ==, 1);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_test_message ("%s: %u rows read in full scans", tables[t], steps[t]);
      g_assert_cmpuint (steps[t], <, 50);
    }
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM member_questions"), ==, (int) n);
  g_assert_false (turnout_test_db_holds (f->path, ADDRESS));
  tear_down (f);
}

/* A dry run counts and writes nothing. */
static void
test_dry_run (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  TurnoutForgetReport report;

  set_up (f);
  turnout_db_close (f->db);
  before = turnout_test_dump_db (f->path);
  f->db = turnout_test_open_db (f->path);
  turnout_db_set_dry_run (f->db, TRUE);
  g_assert_true (turnout_db_forget_person (f->db, f->person_id, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_programs, ==, 2);
  turnout_db_close (f->db);
  f->db = NULL;
  after = turnout_test_dump_db (f->path);
  g_assert_cmpstr (before, ==, after);
  tear_down (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forget/erases-and-keeps", test_erases_and_keeps);
  g_test_add_func ("/forget/not-brought-back", test_not_brought_back);
  turnout_test_add_sqlite_only ("/forget/old-copy-rebuilt", test_old_copy_rebuilt);
  g_test_add_func ("/forget/undo-restores-nothing-erased", test_undo_restores_nothing_erased);
  g_test_add_func ("/forget/dry-run", test_dry_run);
  turnout_test_add_sqlite_only ("/forget/reads-only-their-rows", test_reads_only_their_rows);

  return g_test_run ();
}
