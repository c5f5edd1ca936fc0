/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the SQLite store through its real API on real files. */
#include "config.h"

#include <libpq-fe.h>

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "turnout-bulk.h"
#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-import.h"
#include "turnout-moves-private.h"
#include "turnout-outbox.h"
#include "turnout-reason.h"
#include "turnout-rules.h"
#include "turnout-store.h"
#include "turnout-test-utils.h"
#include "turnout-waitlist.h"

static char *
query_text (TurnoutDb  *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  TurnoutStmt *stmt = turnout_db_prepare_own (db, sql, &error);
  char *value = NULL;

  g_assert_no_error (error);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    value = turnout_db_column_dup (stmt, 0);
  turnout_stmt_free (stmt);
  return value;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static GPtrArray *
change (TurnoutDb    *db,
        gint64        program_id,
        const char   *to,
        const gint64 *ids,
        guint         n,
        const char   *reason)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = turnout_db_change_status (db, program_id, to, ids, n, reason, TURNOUT_SOURCE_MANUAL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, n);
  return results;
}

static TurnoutChangeResult *
result_at (GPtrArray *results,
           guint      i)
{
  return g_ptr_array_index (results, i);
}

static void
test_open_new (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutChannel) channel = turnout_db_get_channel (db, "webinar");

  g_assert_cmpint (turnout_db_get_schema_version (db), ==, TURNOUT_DB_SCHEMA_VERSION);
  if (turnout_test_engine_is_postgres ())
    {
      g_assert_true (turnout_db_is_postgres (db));
      g_assert_cmpint (turnout_test_query_int (db, "SELECT version FROM turnout_schema"), ==,
                       TURNOUT_DB_SCHEMA_VERSION);
    }
  else
    {
      g_autofree char *journal = query_text (db, "PRAGMA journal_mode");

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (turnout_test_query_int (db, "PRAGMA user_version"), ==, TURNOUT_DB_SCHEMA_VERSION);
      g_assert_cmpstr (journal, ==, "wal");
      g_assert_cmpint (turnout_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
      g_assert_cmpint (turnout_test_query_int (db, "PRAGMA page_size"), ==, 16384);
    }
  g_assert_null (turnout_db_get_moved_aside (db));

  /* The channel comes back from the tables, as data. */
  g_assert_nonnull (channel);
  g_assert_cmpuint (turnout_channel_get_n_statuses (channel), ==, 10);
  g_assert_cmpint (turnout_channel_lookup (channel, "attended-on-demand")->step, ==, 75);
  g_assert_true (turnout_channel_lookup (channel, "attended")->success);
  turnout_db_close (db);

  /* Reopening migrates nothing and keeps the data. */
  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM channel_statuses"), ==, 10);
  turnout_db_close (db);
}

/* A database at schema 10, on either engine: its wait list's index by
 * status, a wait-listed member without a place in time and a registered
 * one with a stale one (a team database also with foreign keys on
 * memberships and full pages). Migration 11 makes the rows agree, indexes
 * the places, and on PostgreSQL leaves room on the pages and drops the
 * keys; the wait list reads the same afterwards, and `check` finds what
 * the keys prevented. */
static void
test_migrate_from_10 (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  gboolean pg = turnout_test_engine_is_postgres ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "Older");

  turnout_test_add_person (db, program_id, "ann@example.com", "invited");
  turnout_test_add_person (db, program_id, "bob@example.com", "wait-listed");
  turnout_test_add_person (db, program_id, "cat@example.com", "wait-listed");
  turnout_test_add_person (db, program_id, "dan@example.com", "registered");
  g_assert_true (turnout_db_exec (db,
                                  "DROP INDEX memberships_waiting;"
                                  "CREATE INDEX memberships_waiting ON memberships"
                                  " (program_id, waitlist_priority, waitlist_at) WHERE status = 'wait-listed';"
                                  "UPDATE memberships SET waitlist_at = NULL WHERE person_id ="
                                  " (SELECT id FROM people WHERE email = 'bob@example.com');"
                                  "UPDATE memberships SET waitlist_at = 'stale', waitlist_priority = 7 WHERE status = 'registered';",
                                  &error));
  g_assert_no_error (error);
  if (pg)
    g_assert_true (turnout_db_exec (db,
                                    "ALTER TABLE memberships RESET (fillfactor);"
                                    "ALTER TABLE memberships ADD CONSTRAINT memberships_program_id_fkey"
                                    " FOREIGN KEY (program_id) REFERENCES programs (id) ON DELETE CASCADE,"
                                    " ADD CONSTRAINT memberships_person_id_fkey"
                                    " FOREIGN KEY (person_id) REFERENCES people (id);"
                                    "UPDATE turnout_schema SET version = 10",
                                    &error));
  else
    g_assert_true (turnout_db_exec (db, "PRAGMA user_version = 10", &error));
  g_assert_no_error (error);
  turnout_db_close (db);

  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_db_get_schema_version (db), ==, TURNOUT_DB_SCHEMA_VERSION);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE waitlist_at IS NOT NULL"), ==, 2);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"
                                               " AND waitlist_at IS NULL AND waitlist_priority = 0"), ==, 1);
  if (pg)
    {
      g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'memberships_waiting'"
                                                   " AND indexdef LIKE '%WHERE (waitlist_at IS NOT NULL)'"), ==, 1);
      g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM pg_constraint"
                                                   " WHERE conrelid = 'memberships'::regclass AND contype = 'f'"), ==, 0);
      g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM pg_class WHERE relname = 'memberships'"
                                                   " AND 'fillfactor=50' = ANY (reloptions)"), ==, 1);
    }
  else
    g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'memberships_waiting'"
                                                 " AND sql LIKE '%WHERE waitlist_at IS NOT NULL'"), ==, 1);

  /* Both wait, in the order they came. */
  waiting = turnout_waitlist_list (db, program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 2);
  g_assert_cmpstr (((TurnoutMember *) g_ptr_array_index (waiting, 0))->person.email, ==, "bob@example.com");
  g_assert_cmpstr (((TurnoutMember *) g_ptr_array_index (waiting, 1))->person.email, ==, "cat@example.com");

  /* Without foreign keys on a team database, `check` finds a membership
   * whose person is not there. */
  {
    g_autofree char *problem = NULL;

    g_assert_true (turnout_db_check_integrity (db, &problem, &error));
    g_assert_no_error (error);
    g_assert_null (problem);
    if (pg)
      {
        g_assert_true (turnout_db_exec (db,
                                        "INSERT INTO memberships (program_id, person_id, status, member_date,"
                                        " status_changed_at, acquired_by)"
                                        " VALUES (1, 999999, 'invited', 'x', 'x', 'manual')",
                                        &error));
        g_assert_no_error (error);
        g_assert_false (turnout_db_check_integrity (db, &problem, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (problem, ==, "1 memberships name a program or person that is not there");
      }
  }
  turnout_db_close (db);
}

static void
test_migrate_existing_empty (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  sqlite3 *raw = NULL;
  TurnoutDb *db;

  /* A database another tool created, at version 0, with a table of its own. */
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('kept');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA user_version"), ==, TURNOUT_DB_SCHEMA_VERSION);
  /* A file with tables keeps the page size it was made with. */
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA page_size"), ==, 4096);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM notes"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM channels"), ==, 1);
  turnout_db_close (db);
}

/* Schema 2 had an index on memberships.person_id (dropped by migration 3)
 * and none of the members who reached success (made by migration 4): a
 * database left at 2 is made that way, with members, and must come through
 * both with every row, the program list's counts and a clean integrity
 * check. */
static void
test_migrate_from_2 (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  sqlite3 *raw = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "Older");

  turnout_test_add_person (db, program_id, "ann@example.com", "invited");
  turnout_test_add_person (db, program_id, "bob@example.com", "registered");
  turnout_test_add_person (db, program_id, "cat@example.com", "attended");
  turnout_db_close (db);

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, TURNOUT_TEST_DROP_SCHEMA_9 "DROP TABLE change_members; DROP TABLE changes;"
                                 " CREATE INDEX memberships_person ON memberships (person_id);"
                                 " DROP INDEX memberships_success;"
                                 " ALTER TABLE outbox DROP COLUMN claimed_by;"
                                 " ALTER TABLE outbox DROP COLUMN claimed_until;"
                                 " DROP INDEX memberships_waiting;"
                                 " ALTER TABLE memberships DROP COLUMN status_reason_key;"
                                 " ALTER TABLE memberships DROP COLUMN status_reason_args;"
                                 " ALTER TABLE status_history DROP COLUMN reason_key;"
                                 " ALTER TABLE status_history DROP COLUMN reason_args;"
                                 " PRAGMA user_version = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA user_version"), ==, TURNOUT_DB_SCHEMA_VERSION);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM pragma_table_info ('outbox') WHERE name = 'claimed_by'"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'memberships_waiting'"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'memberships_person'"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'memberships_success'"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"), ==, 3);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"), ==, 3);
  programs = turnout_db_list_programs (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (programs->len, ==, 1);
  g_assert_cmpint (((TurnoutProgram *) g_ptr_array_index (programs, 0))->n_members, ==, 3);
  g_assert_cmpint (((TurnoutProgram *) g_ptr_array_index (programs, 0))->n_attended, ==, 1);
  g_assert_true (turnout_db_check_integrity (db, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  turnout_db_close (db);
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_size;
}

/* A commit that leaves the WAL past SQLite's threshold gets its pages
 * copied into the database file by the checkpoint thread, not by the
 * commit; small commits ask for nothing. */
static void
test_background_checkpoint (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  guint before = turnout_db_wait_checkpoint (db);
  gint64 size_before = file_size (path);
  turnout_test_add_program (db, "Small");
  g_assert_cmpuint (turnout_db_wait_checkpoint (db), ==, before);

  g_assert_true (turnout_db_begin (db, &error));
  g_assert_true (turnout_db_exec (db, "CREATE TABLE bulk (x BLOB);"
                                  " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
                                  " INSERT INTO bulk SELECT randomblob (2000) FROM n", &error));
  g_assert_true (turnout_db_commit (db, &error));
  g_assert_no_error (error);
  /* The commit itself copied nothing into the database file. */
  g_assert_cmpint (file_size (path), <, size_before + 1024 * 1024);

  g_assert_cmpuint (turnout_db_wait_checkpoint (db), ==, before + 1);
  g_assert_cmpint (file_size (path), >, size_before + 5 * 1024 * 1024);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM bulk"), ==, 10000);
  turnout_db_close (db);

  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM bulk"), ==, 10000);
  turnout_db_close (db);
}

static void
test_newer_refused (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;
  TurnoutDb *db = turnout_test_open_db (path);

  turnout_test_add_program (db, "Kept");

  /* A team database a newer Turnout migrated: refused, and left alone. */
  if (turnout_test_engine_is_postgres ())
    {
      g_assert_true (turnout_db_exec (db, "UPDATE turnout_schema SET version = 99", &error));
      turnout_db_close (db);
      db = turnout_db_open (path, &error);
      g_assert_null (db);
      g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_TOO_NEW);
      g_assert_nonnull (strstr (error->message, "99"));
      g_assert_null (strstr (error->message, "postgresql://"));  /* named, not spelled out */
      return;
    }
  turnout_db_close (db);

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;"
                                 " PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  before = file_checksum (path);

  db = turnout_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Turnout"));
  g_assert_nonnull (strstr (error->message, "99"));

  /* Refusing changed nothing, not even the journal mode. */
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* A file that is no SQLite database (a CSV, a PDF, notes) given as the
 * database is somebody's file: refused, named, and left byte for byte as
 * it was, with nothing made beside it. */
static void
test_not_a_database_refused (void)
{
  static const char *const contents[] = {
    "email,first name\r\nann@example.com,Ann\r\n",
    "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "This is not a database, but somebody's precious notes.\n",
    "SQLite",                    /* shorter than the header */
    "SQLite format 2\0 and more",
  };
  static const char *const memory[] = {
    ":memory:", "file::memory:", "file:x?mode=memory", "file:x.db?cache=shared&mode=memory",
    "FILE::memory:?cache=shared", "file:x?mode=%6demory",
  };
  static const char *const uris[] = { "file:x.db", "file:///tmp/x.db", "mysql://host/turnout" };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *path = turnout_test_temp_db_path ();
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = i == G_N_ELEMENTS (contents) - 1 ? 25 : strlen (contents[i]);

      g_assert_true (g_file_set_contents (path, contents[i], length, NULL));
      before = file_checksum (path);

      g_assert_null (turnout_db_open (path, &error));
      g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "is not a Turnout database"));

      after = file_checksum (path);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (count_files (dir), ==, 1);
    }

  /* A FIFO is refused at once, not waited on. */
  {
    g_autofree char *path = turnout_test_temp_db_path ();
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (mkfifo (path, 0600), ==, 0);
    g_assert_null (turnout_db_open (path, &error));
    g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
    g_assert_nonnull (strstr (error->message, "is not a Turnout database"));
  }

  /* An empty file is a new database. */
  {
    g_autofree char *path = turnout_test_temp_db_path ();
    TurnoutDb *db;

    g_assert_true (g_file_set_contents (path, "", 0, NULL));
    db = turnout_test_open_db (path);
    g_assert_cmpint (turnout_db_get_schema_version (db), ==, TURNOUT_DB_SCHEMA_VERSION);
    g_assert_null (turnout_db_get_moved_aside (db));
    turnout_db_close (db);
  }

  /* Where every change would be lost, or no file is: refused. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (turnout_db_open ("", &error));
    g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
    g_assert_nonnull (strstr (error->message, "path is empty"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (memory); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (turnout_db_open (memory[i], &error));
      g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, "in memory"));
      g_assert_nonnull (strstr (error->message, memory[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (turnout_db_open (uris[i], &error));
      g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, "is a URI"));
    }
}

/* A team database that cannot be reached is an error that names it, and
 * makes nothing: no folder called "postgresql:" appears, and a password
 * in the URI is never repeated. */
static void
test_team_unreachable (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *socket_dir = g_dir_make_tmp ("turnout-no-server-XXXXXX", NULL);
  g_autofree char *uri = g_strdup_printf ("postgresql://ann:s3cret-word@/teamdb?host=%s&port=5999&connect_timeout=2",
                                          socket_dir);
  g_autofree char *made = g_build_filename (cwd, "postgresql:", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (turnout_db_open (uri, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "Cannot connect to the team database teamdb"));
  g_assert_null (strstr (error->message, "s3cret"));
  g_assert_false (g_file_test (made, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Not a URI libpq reads: said so, nothing repeated */
  g_assert_null (turnout_db_open ("postgresql://ann:s3cret-word@host:notaport/db", &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
  g_assert_null (strstr (error->message, "s3cret"));
  g_rmdir (socket_dir);
}

/* Ends every other connection to the team database @uri, as a server
 * restart or a dropped network would. */
static void
cut_connections (const char *uri)
{
  g_assert_cmpint (turnout_test_pg_rows (uri, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                                              " WHERE datname = current_database () AND pid <> pg_backend_pid ()"),
                   >=, 1);
}

/* A team database's connection lost between operations is made again by
 * the next one; lost inside a change, that change fails whole and the
 * next one works. */
static void
test_team_reconnects (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  TurnoutDb *db;
  gint64 program;

  if (!turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about a team database's connection");
      return;
    }
  path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (path);
  program = turnout_test_add_program (db, "Before");
  turnout_test_add_person (db, program, "ann@example.com", "invited");

  cut_connections (path);
  programs = turnout_db_list_programs (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (programs->len, ==, 1);

  /* lost in the middle of a transaction: nothing of it is kept */
  g_assert_true (turnout_db_begin (db, &error));
  g_assert_true (turnout_db_exec (db, "UPDATE programs SET name = 'Half' WHERE id = 1", &error));
  cut_connections (path);
  g_assert_false (turnout_db_exec (db, "UPDATE programs SET description = 'x' WHERE id = 1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  turnout_db_rollback (db);

  turnout_test_add_person (db, program, "bob@example.com", "invited");
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM programs WHERE name = 'Before'"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"), ==, 2);
  turnout_db_close (db);
}

typedef struct
{
  TurnoutDb  *db;
  gint64      program;
  gint64     *ids;
  guint       n;
  GError     *error;
  gboolean    done;
} BulkInThread;

static gpointer
bulk_in_thread (gpointer data)
{
  BulkInThread *bulk = data;
  TurnoutChangeSummary summary;

  turnout_db_change_status_counted (bulk->db, bulk->program, TURNOUT_STATUS_REGISTERED, bulk->ids, bulk->n,
                                    NULL, TURNOUT_SOURCE_BULK, &summary, NULL, &bulk->error);
  g_atomic_int_set (&bulk->done, TRUE);
  return NULL;
}

/* Another desktop moves one member of a bulk change between the change
 * reading them and writing them (its transaction holds the row until it
 * commits): the whole change is refused, naming that member, and nothing
 * of it is written. The members' writes go as gathered batches; the
 * member is in the middle of one. */
/* A coordinator's role with exactly the grants the README gives (not the
 * tables' owner): told that only the owner may bring a database from an
 * earlier Turnout up to date; then it imports a list, imports it again,
 * changes everyone and checks the database (the import's id check reads
 * the people sequence, which such a role may use but not SELECT from as
 * a table). */
static void
test_team_coordinator_role (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *coordinator_uri = NULL;
  g_autofree char *role = g_strdup_printf ("turnout_test_coordinator_%d", (int) getpid ());
  g_autofree char *grants = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("Email,First Name\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(TurnoutImportReport) again = NULL;
  g_autoptr(GArray) invited = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *refusal = NULL;
  TurnoutChangeSummary summary = { 0 };
  PGconn *conn;
  TurnoutDb *db;
  gint64 program;

  if (!turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about a team database's roles");
      return;
    }
  uri = turnout_test_temp_pg_database ();
  db = turnout_test_open_db (uri);  /* the owner makes the tables */
  turnout_db_close (db);

  conn = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  grants = g_strdup_printf ("DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN;"
                            "DO $$ BEGIN EXECUTE format ('GRANT CONNECT, TEMPORARY ON DATABASE %%I TO %s',"
                            " current_database ()); END $$;"
                            "GRANT USAGE ON SCHEMA public TO %s;"
                            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %s;"
                            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %s;",
                            role, role, role, role, role, role);
  {
    PGresult *result = PQexec (conn, grants);

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
    PQclear (result);
  }
  coordinator_uri = g_strdup_printf ("%s&user=%s", uri, role);

  /* A database from an earlier Turnout: only the owner may update it,
   * and the coordinator is told so, with nothing changed. */
  {
    PGresult *result = PQexec (conn, "UPDATE turnout_schema SET version = 10");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
    PQclear (result);
    db = turnout_db_open (coordinator_uri, &error);
    g_assert_null (db);
    g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
    g_assert_nonnull (strstr (error->message, "only the role that owns its tables may update it"));
    g_assert_nonnull (strstr (error->message, "schema 10"));
    g_clear_error (&error);
    g_assert_cmpint (turnout_test_pg_rows (uri, "SELECT 1 FROM turnout_schema WHERE version = 10"), ==, 1);
    db = turnout_test_open_db (uri);
    turnout_db_close (db);
    g_assert_cmpint (turnout_test_pg_rows (uri, "SELECT 1 FROM turnout_schema WHERE version = 11"), ==, 1);
  }

  db = turnout_test_open_db (coordinator_uri);
  program = turnout_test_add_program (db, "Shared");
  for (guint i = 0; i < 600; i++)
    g_string_append_printf (csv, "c%u@example.com,Name %u\n", i, i);
  bytes = g_bytes_new (csv->str, csv->len);
  report = turnout_import_apply (db, program, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 600);
  again = turnout_import_apply (db, program, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n_unchanged, ==, 600);

  invited = turnout_db_list_person_ids_with_status (db, program, "invited", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invited->len, ==, 600);
  g_assert_true (turnout_db_change_status_counted (db, program, "registered", (const gint64 *) (gpointer) invited->data,
                                                   invited->len, NULL, TURNOUT_SOURCE_MANUAL, &summary, &refusal,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.changed, ==, 600);
  history = turnout_db_get_history (db, program, g_array_index (invited, gint64, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((TurnoutHistoryEntry *) g_ptr_array_index (history, 1))->made_by, ==, role);
  g_assert_true (turnout_db_check_integrity (db, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  turnout_db_close (db);

  g_free (grants);
  grants = g_strdup_printf ("DROP OWNED BY %s", role);
  PQclear (PQexec (conn, grants));
  g_free (grants);
  grants = g_strdup_printf ("DROP ROLE %s", role);
  PQclear (PQexec (conn, grants));
  PQfinish (conn);
}

static void
test_team_conflict_in_batch (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *move = NULL;
  BulkInThread bulk = { 0 };
  TurnoutDb *db, *other;
  GThread *thread;
  guint waited = 0;

  if (!turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about two desktops on a team database");
      return;
    }
  path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (path);
  other = turnout_test_open_db (path);
  bulk.db = db;
  bulk.program = turnout_test_add_program (db, "Busy");
  bulk.n = 300;
  bulk.ids = g_new (gint64, bulk.n);
  for (guint i = 0; i < bulk.n; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%03u@example.com", i);

      bulk.ids[i] = turnout_test_add_person (db, bulk.program, email, TURNOUT_STATUS_INVITED);
    }

  g_assert_true (turnout_db_exec (other, "BEGIN", &error));
  move = g_strdup_printf ("UPDATE memberships SET status = 'attended' WHERE person_id = %" G_GINT64_FORMAT,
                          bulk.ids[150]);
  g_assert_true (turnout_db_exec (other, move, &error));
  g_assert_no_error (error);

  thread = g_thread_new ("bulk", bulk_in_thread, &bulk);
  /* the bulk change waits for the other's row; then the other commits */
  while (turnout_test_query_int (other, "SELECT count(*) FROM pg_stat_activity"
                                        " WHERE wait_event_type = 'Lock'") == 0 && waited++ < 200)
    g_usleep (20000);
  g_assert_cmpuint (waited, <, 200);
  g_assert_false (g_atomic_int_get (&bulk.done));
  g_assert_true (turnout_db_exec (other, "COMMIT", &error));
  g_thread_join (thread);

  g_assert_error (bulk.error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CONFLICT);
  g_assert_nonnull (strstr (bulk.error->message, "m150@example.com"));
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'attended'"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history WHERE new_status = 'registered'"), ==, 0);

  /* and the next change goes through, on the same connection */
  bulk.ids[150] = bulk.ids[0];
  g_clear_error (&bulk.error);
  bulk_in_thread (&bulk);
  g_assert_no_error (bulk.error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"), ==, 299);

  g_free (bulk.ids);
  turnout_db_close (other);
  turnout_db_close (db);
}

static const char *
conninfo_value (PGconn     *conn,
                const char *keyword)
{
  static char value[64];
  PQconninfoOption *options = PQconninfo (conn);

  value[0] = '\0';
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL)
      g_strlcpy (value, o->val, sizeof value);
  PQconninfoFree (options);
  return value;
}

/* A team database's connections give up on a silent server in 10 s and
 * notice a quiet network's end within a minute; an address's own
 * settings win over these. */
static void
test_team_connection_settings (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *own = NULL;
  g_autofree char *why = NULL;
  PGconn *conn;

  if (!turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about a team database's connection");
      return;
    }
  uri = turnout_test_temp_db_path ();
  conn = turnout_pg_connect_conn (uri, NULL, &why);
  g_assert_nonnull (conn);
  g_assert_cmpstr (conninfo_value (conn, "connect_timeout"), ==, "10");
  g_assert_cmpstr (conninfo_value (conn, "keepalives_idle"), ==, "30");
  g_assert_cmpstr (conninfo_value (conn, "keepalives_count"), ==, "3");
  g_assert_cmpstr (conninfo_value (conn, "application_name"), ==, "turnout");
  PQfinish (conn);

  own = g_strconcat (uri, "&connect_timeout=3&keepalives_idle=5", NULL);
  conn = turnout_pg_connect_conn (own, NULL, &why);
  g_assert_nonnull (conn);
  g_assert_cmpstr (conninfo_value (conn, "connect_timeout"), ==, "3");
  g_assert_cmpstr (conninfo_value (conn, "keepalives_idle"), ==, "5");
  PQfinish (conn);
}

/* Connects as the TLS test's coordinator to the server at @port, with
 * @query after the database's name; NULL and the reason in @why when
 * refused. */
static PGconn *
tls_connect (const char  *host,
             const char  *port,
             const char  *query,
             char       **why)
{
  g_autofree char *uri = g_strdup_printf ("postgresql://coordinator@%s:%s/turnout?%s", host, port, query);

  g_clear_pointer (why, g_free);
  return turnout_pg_connect_conn (uri, "tls-test-Secret", why);
}

/* @conn (NULL: refused, for @why) came in with TLS and the server's
 * certificate checked against its name; closes it. */
static void
assert_verified (PGconn     *conn,
                 const char *why)
{
  if (conn == NULL)
    g_error ("refused: %s", why);
  g_assert_cmpint (PQsslInUse (conn), ==, 1);
  g_assert_cmpstr (conninfo_value (conn, "sslmode"), ==, "verify-full");
  PQfinish (conn);
}

/* A server on another computer is reached with TLS and its certificate
 * checked against its name, whatever the address or the environment
 * say; one on this computer as the address says. On a server of the
 * test's own with a real certificate (tests/data/tls: for
 * db.turnout.test, from ca.crt), reached through the loopback under that
 * name (hostaddr). */
static void
test_team_tls (void)
{
  g_autofree char *socket_uri = NULL;
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "tls", "ca.crt", NULL);
  g_autofree char *other_ca = g_test_build_filename (G_TEST_DIST, "data", "tls", "other-ca.crt", NULL);
  g_autofree char *port = NULL;
  g_autofree char *why = NULL;
  g_autofree char *query = NULL;
  char *dir = NULL;
  const char *at;
  PGconn *conn;

  if (!turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about a team database's connection");
      return;
    }
  socket_uri = turnout_test_private_tls_server (&dir);
  if (socket_uri == NULL)
    return;
  at = strstr (socket_uri, "port=");
  g_assert_nonnull (at);
  port = g_strndup (at + 5, strspn (at + 5, "0123456789"));
  conn = PQconnectdb (socket_uri);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "CREATE ROLE coordinator LOGIN PASSWORD 'tls-test-Secret'"));
  PQclear (PQexec (conn, "GRANT CREATE, USAGE ON SCHEMA public TO coordinator"));
  PQfinish (conn);
  g_unsetenv ("PGSSLROOTCERT");
  g_unsetenv ("PGHOST");
  g_unsetenv ("PGHOSTADDR");

  /* The right name, from a trusted CA: TLS, checked, though the address
   * and the environment ask for none. */
  g_setenv ("PGSSLMODE", "disable", TRUE);
  query = g_strdup_printf ("hostaddr=127.0.0.1&sslrootcert=%s&sslmode=disable", ca);
  conn = tls_connect ("db.turnout.test", port, query, &why);
  assert_verified (conn, why);
  g_unsetenv ("PGSSLMODE");

  /* The same through the store, as the app and the CLI open it. */
  {
    g_autofree char *uri = g_strdup_printf ("postgresql://coordinator@db.turnout.test:%s/turnout?hostaddr=127.0.0.1"
                                            "&sslrootcert=%s", port, ca);
    g_autofree char *wrong = g_strdup_printf ("postgresql://coordinator@other.turnout.test:%s/turnout?hostaddr=127.0.0.1"
                                              "&sslrootcert=%s", port, ca);
    g_autoptr(GError) error = NULL;
    TurnoutDb *db = turnout_db_open_with_password (uri, "tls-test-Secret", &error);

    g_assert_no_error (error);
    g_assert_nonnull (db);
    turnout_db_close (db);

    /* Refused: says which database and why, never the password. */
    db = turnout_db_open_with_password (wrong, "tls-test-Secret", &error);
    g_assert_null (db);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "other.turnout.test"));
    g_assert_nonnull (strstr (error->message, "does not match host name"));
    g_assert_null (strstr (error->message, "tls-test-Secret"));
  }

  /* Another name than the certificate's: refused. */
  g_free (query);
  query = g_strdup_printf ("hostaddr=127.0.0.1&sslrootcert=%s", ca);
  g_assert_null (tls_connect ("other.turnout.test", port, query, &why));
  g_assert_nonnull (strstr (why, "does not match host name \"other.turnout.test\""));
  g_assert_null (strstr (why, "tls-test-Secret"));

  /* A certificate from a CA not trusted here: refused. */
  g_free (query);
  query = g_strdup_printf ("hostaddr=127.0.0.1&sslrootcert=%s", other_ca);
  g_assert_null (tls_connect ("db.turnout.test", port, query, &why));
  g_assert_nonnull (strstr (why, "certificate verify failed"));

  /* No CA at all (none in the test's home): refused, not taken on trust. */
  g_assert_null (tls_connect ("db.turnout.test", port, "hostaddr=127.0.0.1", &why));
  g_assert_nonnull (strstr (why, "root certificate file"));

  /* "localhost" at another address is another computer: checked, and
   * this certificate is not localhost's. */
  g_free (query);
  query = g_strdup_printf ("hostaddr=127.0.0.2&sslrootcert=%s", ca);
  g_assert_null (tls_connect ("localhost", port, query, &why));
  g_assert_nonnull (strstr (why, "does not match host name \"localhost\""));

  /* This computer, as the address says: TLS if the server offers it,
   * with no CA asked for. */
  conn = tls_connect ("localhost", port, "hostaddr=127.0.0.1", &why);
  g_assert_nonnull (conn);
  g_assert_cmpstr (conninfo_value (conn, "sslmode"), ==, "prefer");
  PQfinish (conn);

  /* The server named by PGHOST and PGHOSTADDR, not in the address: the
   * same checks. */
  g_setenv ("PGHOST", "db.turnout.test", TRUE);
  g_setenv ("PGHOSTADDR", "127.0.0.1", TRUE);
  {
    g_autofree char *uri = g_strdup_printf ("postgresql:///turnout?port=%s&user=coordinator&sslrootcert=%s",
                                            port, ca);

    g_clear_pointer (&why, g_free);
    conn = turnout_pg_connect_conn (uri, "tls-test-Secret", &why);
    assert_verified (conn, why);
  }
  g_unsetenv ("PGHOST");
  g_unsetenv ("PGHOSTADDR");

  turnout_test_private_server_stop (dir);
}

/* The server itself restarts (a fast shutdown, as an update or a reboot
 * does), on a server of the test's own: while it is down, an operation
 * fails with a clear error and changes nothing; a change under way when
 * it goes is not half kept; once it is back, the same connection works
 * again without being opened anew. */
static void
test_team_server_restart (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  g_autoptr(GPtrArray) results = NULL;
  char *dir = NULL;
  TurnoutDb *db;
  gint64 program, ann;

  if (!turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about a team database's server");
      return;
    }
  uri = turnout_test_private_server (&dir);
  if (uri == NULL)
    return;
  db = turnout_test_open_db (uri);
  program = turnout_test_add_program (db, "Restarted");
  ann = turnout_test_add_person (db, program, "ann@example.com", TURNOUT_STATUS_INVITED);

  /* down */
  turnout_test_private_server_do (dir, "pause");
  programs = turnout_db_list_programs (db, &error);
  g_assert_null (programs);
  g_assert_nonnull (error);
  g_test_message ("while down: %s", error->message);
  g_assert_null (strstr (error->message, "(null)"));
  g_clear_error (&error);

  /* back: the same connection, made again */
  turnout_test_private_server_do (dir, "resume");
  programs = turnout_db_list_programs (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (programs->len, ==, 1);

  /* gone in the middle of a change: none of it is kept */
  g_assert_true (turnout_db_begin (db, &error));
  g_assert_true (turnout_db_exec (db, "UPDATE programs SET name = 'Half' WHERE id = 1", &error));
  turnout_test_private_server_do (dir, "pause");
  turnout_test_private_server_do (dir, "resume");
  g_assert_false (turnout_db_commit (db, &error));
  g_assert_nonnull (error);
  g_test_message ("lost before the commit: %s", error->message);
  g_assert_nonnull (strstr (error->message, "kept none of it"));
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_clear_error (&error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM programs WHERE name = 'Restarted'"), ==, 1);

  results = turnout_db_change_status (db, program, TURNOUT_STATUS_REGISTERED, &ann, 1, NULL,
                                      TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((TurnoutChangeResult *) g_ptr_array_index (results, 0))->outcome, ==, TURNOUT_MOVE_CHANGED);

  turnout_db_close (db);
  turnout_test_private_server_stop (dir);
}

/* An SQLite file damaged after its header is moved aside, never
 * overwritten, and a new database takes its place. */
static void
test_damaged_moved_aside (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *moved_contents = NULL;
  static const char garbage[] = "SQLite format 3\0"
                                "but the rest is somebody's precious, damaged notes.\n"
                                "They must never be overwritten.\n";
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint corrupt_files = 0;
  gsize length;
  TurnoutDb *db;

  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));

  db = turnout_test_open_db (path);
  g_assert_nonnull (turnout_db_get_moved_aside (db));
  g_assert_true (g_str_has_prefix (turnout_db_get_moved_aside (db), path));
  g_assert_nonnull (strstr (turnout_db_get_moved_aside (db), ".corrupt-"));
  g_assert_true (g_file_get_contents (turnout_db_get_moved_aside (db), &moved_contents, &length, NULL));
  g_assert_cmpmem (moved_contents, length, garbage, sizeof garbage);

  /* And the new database works. */
  turnout_test_add_program (db, "Fresh start");
  turnout_db_close (db);

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, ".corrupt-") != NULL)
      corrupt_files++;
  g_assert_cmpuint (corrupt_files, ==, 1);
}

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 07777;
}

/* People's data is its owner's only: a new database, its -wal and -shm
 * files and a folder made for it are, with the usual umask; a folder the
 * user chose keeps its own mode. */
static void
test_private_files (void)
{
  g_autofree char *base = turnout_test_temp_db_path ();
  g_autofree char *top = g_path_get_dirname (base);
  g_autofree char *made = g_build_filename (top, "made", "here", NULL);
  g_autofree char *path = g_build_filename (made, "turnout.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *chosen = g_build_filename (top, "chosen", NULL);
  g_autofree char *chosen_db = g_build_filename (chosen, "turnout.db", NULL);
  g_autofree char *damaged = g_build_filename (chosen, "damaged.db", NULL);
  mode_t saved = umask (022);
  TurnoutDb *db;

  db = turnout_test_open_db (path);
  turnout_test_add_program (db, "Private");
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);
  g_assert_cmpuint (file_mode (made), ==, 0700);
  turnout_db_close (db);

  g_assert_cmpint (g_mkdir (chosen, 0755), ==, 0);
  db = turnout_test_open_db (chosen_db);
  g_assert_cmpuint (file_mode (chosen_db), ==, 0600);
  g_assert_cmpuint (file_mode (chosen), ==, 0755);
  turnout_db_close (db);

  /* The new database that takes a damaged one's place too. */
  g_assert_true (g_file_set_contents (damaged, "SQLite format 3\0damaged", 23, NULL));
  db = turnout_test_open_db (damaged);
  g_assert_nonnull (turnout_db_get_moved_aside (db));
  g_assert_cmpuint (file_mode (damaged), ==, 0600);
  turnout_db_close (db);

  umask (saved);
}

static void
test_programs (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  g_autoptr(TurnoutProgram) found = NULL;
  g_autoptr(TurnoutProgram) by_name = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "  Spring Webinar  ", .capacity = 50, .on24_event_id = 311512,
                              .live_start = "2026-03-01T15:00:00+01:00",
                              .live_end = "2026-03-01T16:00:00+01:00" };
  gint64 id, other;

  id = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);

  found = turnout_db_get_program (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "Spring Webinar");
  g_assert_cmpint (found->capacity, ==, 50);
  g_assert_cmpint (found->on24_event_id, ==, 311512);
  g_assert_cmpstr (found->live_start, ==, "2026-03-01T15:00:00+01:00");
  g_assert_cmpstr (found->channel_key, ==, "webinar");
  g_assert_true (found->on24_event_email);

  /* Same name again, a bad date, no name: refused, nothing added. */
  spec.name = "Spring Webinar";
  g_assert_cmpint (turnout_db_add_program (db, &spec, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS);
  g_clear_error (&error);
  spec.name = "Other";
  spec.live_start = "next tuesday";
  g_assert_cmpint (turnout_db_add_program (db, &spec, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "next tuesday"));
  g_clear_error (&error);
  spec.name = "   ";
  spec.live_start = NULL;
  g_assert_cmpint (turnout_db_add_program (db, &spec, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM programs"), ==, 1);

  other = turnout_test_add_program (db, "12");
  by_name = turnout_db_find_program (db, "12", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_name->id, ==, other);
  g_clear_pointer (&by_name, turnout_program_free);
  by_name = turnout_db_find_program (db, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_name->id, ==, id);
  g_assert_null (turnout_db_find_program (db, "Nope", &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Rename, refusing a taken name. */
  g_assert_false (turnout_db_rename_program (db, other, "Spring Webinar", &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (turnout_db_rename_program (db, other, "Autumn Webinar", &error));
  g_assert_no_error (error);

  /* Delete is undoable. */
  g_assert_true (turnout_db_set_program_deleted (db, other, TRUE, &error));
  programs = turnout_db_list_programs (db, &error);
  g_assert_cmpuint (programs->len, ==, 1);
  g_clear_pointer (&programs, g_ptr_array_unref);
  g_assert_true (turnout_db_set_program_deleted (db, other, FALSE, &error));
  programs = turnout_db_list_programs (db, &error);
  g_assert_cmpuint (programs->len, ==, 2);

  turnout_db_close (db);
}

static void
test_people (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) person = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutPersonSpec spec = { .email = "  Ann.Lee@Example.COM ", .first_name = "Ann" };
  static const char *invalid[] = { "", "ann", "ann@", "@example.com", "ann@example", "ann lee@example.com",
                                   "ann@@example.com", "ann@example..com", "ann@example.com.", NULL };
  gint64 id, again;

  id = turnout_db_upsert_person (db, &spec, TRUE, &error);
  g_assert_no_error (error);
  spec.email = "ann.lee@example.com";
  spec.first_name = NULL;
  spec.company = "Acme";
  again = turnout_db_upsert_person (db, &spec, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, again);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM people"), ==, 1);

  person = turnout_db_find_person (db, "ANN.LEE@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->email, ==, "Ann.Lee@Example.COM");
  g_assert_cmpstr (person->first_name, ==, "Ann");   /* not wiped by an empty field */
  g_assert_cmpstr (person->company, ==, "Acme");

  for (guint i = 0; invalid[i]; i++)
    {
      spec.email = invalid[i];
      g_assert_cmpint (turnout_db_upsert_person (db, &spec, TRUE, &error), ==, 0);
      g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM people"), ==, 1);

  /* Editing to someone else's address is refused. */
  spec.email = "bob@example.com";
  turnout_db_upsert_person (db, &spec, TRUE, &error);
  g_assert_no_error (error);
  g_free (person->email);
  person->email = g_strdup ("BOB@example.com");
  g_assert_false (turnout_db_update_person (db, person, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS);

  turnout_db_close (db);
}

static void
test_change_status_flow (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autofree char *changed_before = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Flow");
  gint64 ann = turnout_test_add_person (db, program, "ann@example.com", NULL);
  int history_before;

  member = turnout_db_get_member (db, program, ann, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member->status, ==, "invited");   /* rule 5 */
  g_assert_cmpstr (member->acquired_by, ==, "manual");
  g_clear_pointer (&member, turnout_member_free);

  r = change (db, program, "registered", &ann, 1, NULL);
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_CHANGED);
  g_clear_pointer (&r, g_ptr_array_unref);
  r = change (db, program, "attended", &ann, 1, "Live 40 minutes");
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_CHANGED);
  g_clear_pointer (&r, g_ptr_array_unref);

  member = turnout_db_get_member (db, program, ann, &error);
  g_assert_cmpstr (member->status, ==, "attended");
  g_assert_cmpstr (member->status_reason, ==, "Live 40 minutes");
  g_assert_true (member->reached_success);
  g_assert_nonnull (member->success_at);
  changed_before = g_strdup (member->status_changed_at);
  g_clear_pointer (&member, turnout_member_free);

  /* Backward: refused with its reason, and nothing written. */
  history_before = turnout_test_query_int (db, "SELECT count(*) FROM status_history");
  r = change (db, program, "registered", &ann, 1, NULL);
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_REFUSED);
  g_assert_cmpstr (result_at (r, 0)->reason, ==, "Attended cannot go back to Registered");
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"), ==, history_before);
  member = turnout_db_get_member (db, program, ann, &error);
  g_assert_cmpstr (member->status, ==, "attended");
  g_assert_cmpstr (member->status_changed_at, ==, changed_before);
  g_clear_pointer (&member, turnout_member_free);

  /* Same status: a skip. */
  r = change (db, program, "attended", &ann, 1, NULL);
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_SKIPPED);
  g_clear_pointer (&r, g_ptr_array_unref);

  /* Success is set once: a later success status keeps the first date. */
  r = change (db, program, "attended-on-demand", &ann, 1, NULL);
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(DISTINCT success_at) FROM memberships"), ==, 1);

  /* Not in Program removes the membership; the history stays. */
  r = change (db, program, "not-in-program", &ann, 1, "Asked to be removed");
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_REMOVED);
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_null (turnout_db_get_member (db, program, ann, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  history = turnout_db_get_history (db, program, ann, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 5);
  {
    static const char *expected[][2] = {
      { "not-in-program", "invited" }, { "invited", "registered" }, { "registered", "attended" },
      { "attended", "attended-on-demand" }, { "attended-on-demand", "not-in-program" },
    };
    for (guint i = 0; i < history->len; i++)
      {
        TurnoutHistoryEntry *e = g_ptr_array_index (history, i);
        g_assert_cmpstr (e->old_status, ==, expected[i][0]);
        g_assert_cmpstr (e->new_status, ==, expected[i][1]);
        g_assert_cmpstr (e->source, ==, "manual");
      }
    g_assert_cmpstr (((TurnoutHistoryEntry *) g_ptr_array_index (history, 4))->reason, ==, "Asked to be removed");
  }

  /* Adding again starts a new membership, at any status. */
  r = change (db, program, "registered", &ann, 1, NULL);
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_CHANGED);
  g_assert_cmpstr (result_at (r, 0)->old_status, ==, "not-in-program");
  g_clear_pointer (&r, g_ptr_array_unref);
  member = turnout_db_get_member (db, program, ann, &error);
  g_assert_false (member->reached_success);

  /* An unknown status is an error and changes nothing. */
  g_assert_null (turnout_db_change_status (db, program, "vip", &ann, 1, NULL, TURNOUT_SOURCE_MANUAL, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);

  turnout_db_close (db);
}

static void
test_bulk_mixed (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GPtrArray) r = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Bulk");
  gint64 ids[4];
  TurnoutChangeSummary summary;

  ids[0] = turnout_test_add_person (db, program, "a@example.com", "invited");
  ids[1] = turnout_test_add_person (db, program, "b@example.com", "registered");
  ids[2] = turnout_test_add_person (db, program, "c@example.com", "attended");
  ids[3] = 999999; /* no such person */

  r = turnout_db_change_status (db, program, "registered", ids, 4, NULL, TURNOUT_SOURCE_BULK, NULL);
  g_assert_nonnull (r);
  turnout_change_summary_count (&summary, r);
  g_assert_cmpuint (summary.changed, ==, 1);
  g_assert_cmpuint (summary.skipped, ==, 1);
  g_assert_cmpuint (summary.refused, ==, 2);
  g_assert_cmpstr (result_at (r, 0)->email, ==, "a@example.com");
  g_assert_cmpint (result_at (r, 2)->outcome, ==, TURNOUT_MOVE_REFUSED);
  g_assert_cmpint (result_at (r, 3)->outcome, ==, TURNOUT_MOVE_REFUSED);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history WHERE source = 'bulk'"), ==, 1);

  turnout_db_close (db);
}

/* A bulk change writes its members' rows many per statement on SQLite
 * (turnout-db.c, "Moves gathered"): each row as one move writes it,
 * whatever the size of the last lot, with what the row had of its own
 * (success reached before, the push state) kept, and a member listed
 * twice decided from their first move. A team database writes them its
 * own way, to the same rows. */
static void
test_bulk_rows_gathered (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "Gathered", .capacity = -1, .on24_event_id = 4242 };
  gint64 program = turnout_db_add_program (db, &spec, &error);
  const gint64 *id;
  TurnoutChangeSummary summary;

  g_assert_no_error (error);
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *email = g_strdup_printf ("g%u@example.com", i);
      gint64 person = turnout_test_add_person (db, program, email, "invited");

      g_array_append_val (ids, person);
    }
  id = (const gint64 *) (gpointer) ids->data;

  /* 150 rows: two lots of 64, then 16, 4 and 2 */
  r = turnout_db_change_status (db, program, "registered", id, 150, "Signed up at the booth",
                                TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  turnout_change_summary_count (&summary, r);
  g_assert_cmpuint (summary.changed, ==, 150);
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"
                                               " AND status_reason = 'Signed up at the booth'"
                                               " AND status_reason_key = '' AND push_state = 'pending'"
                                               " AND NOT reached_success AND success_at IS NULL"
                                               " AND waitlist_priority = 0 AND waitlist_at IS NULL"
                                               " AND status_changed_at >= member_date"), ==, 150);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 150);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"
                                               " WHERE old_status = 'invited' AND new_status = 'registered'"
                                               " AND reason = 'Signed up at the booth'"), ==, 150);

  /* ON24 took the first hundred; ten of them reached success before */
  g_assert_true (turnout_db_exec (db, "UPDATE memberships SET push_state = 'confirmed'"
                                      " WHERE id IN (SELECT id FROM memberships ORDER BY id LIMIT 100);"
                                      "UPDATE memberships SET reached_success = TRUE, success_at = '2020-01-01T00:00:00Z'"
                                      " WHERE id IN (SELECT id FROM memberships ORDER BY id LIMIT 10);"
                                      "UPDATE outbox SET state = 'done'", &error));
  g_assert_no_error (error);

  /* the hundred to Attended, the first listed again last */
  {
    g_autoptr(GArray) some = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_array_append_vals (some, id, 100);
    g_array_append_val (some, id[0]);
    r = turnout_db_change_status (db, program, "attended", (const gint64 *) (gpointer) some->data, some->len,
                                  NULL, TURNOUT_SOURCE_BULK, &error);
    g_assert_no_error (error);
  }
  turnout_change_summary_count (&summary, r);
  g_assert_cmpuint (summary.changed, ==, 100);
  g_assert_cmpuint (summary.skipped, ==, 1);
  g_assert_cmpstr (result_at (r, 100)->old_status, ==, "attended");
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'attended'"
                                               " AND status_reason = '' AND reached_success"
                                               " AND push_state = 'confirmed'"), ==, 100);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"
                                               " WHERE success_at = '2020-01-01T00:00:00Z'"), ==, 10);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"
                                               " WHERE success_at = status_changed_at"), ==, 90);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 0);

  /* ON24 refused the other fifty; Retry Registration Errors queues them again */
  g_assert_true (turnout_db_exec (db, "UPDATE memberships SET status = 'registration-error', push_state = 'failed'"
                                      " WHERE status = 'registered'", &error));
  g_assert_no_error (error);
  r = turnout_db_change_status (db, program, "registered", id + 100, 50, NULL, TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  turnout_change_summary_count (&summary, r);
  g_assert_cmpuint (summary.changed, ==, 50);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"
                                               " AND push_state = 'pending' AND NOT reached_success"), ==, 50);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 50);

  turnout_db_close (db);
}

/* A bulk change reads its members ahead (on SQLite, thousands at a time).
 * What it read must never be stale: a member listed twice is decided the
 * second time from their first move, and a move whose effect moved a
 * member further down the list (a freed seat filled from the wait list)
 * has that member decided from where the effect put them. */
static void
test_bulk_read_ahead (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GArray) fillers = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GString) moves = g_string_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) csv = g_string_new ("Email\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "Read ahead", .capacity = 1 };
  TurnoutImportOptions options = { .has_header = -1 };
  TurnoutImportReport *report;
  gint64 program_id = turnout_db_add_program (db, &spec, &error);
  gint64 a, w, none = 999999;
  guint w_at, twice_near, twice_far;

  g_assert_no_error (error);
  program = turnout_db_get_program (db, program_id, &error);
  program->auto_promote = TRUE;
  g_assert_true (turnout_db_update_program (db, program, &error));
  a = turnout_test_add_person (db, program_id, "a@example.com", "registered");
  w = turnout_test_add_person (db, program_id, "w@example.com", "registered");
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'wait-listed'"), ==, 1);

  for (guint i = 0; i < 4200; i++)
    g_string_append_printf (csv, "f%u@example.com\n", i);
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
  report = turnout_import_apply (db, program_id, bytes, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 4200);
  turnout_import_report_free (report);
  fillers = turnout_db_list_person_ids_with_status (db, program_id, "invited", &error);
  g_assert_no_error (error);

  /* a (holding the seat), ten others, w (waiting), f3 again; the rest,
   * f5 again far down (another chunk), no such person */
  g_array_append_val (ids, a);
  g_array_append_vals (ids, fillers->data, 10);
  w_at = ids->len;
  g_array_append_val (ids, w);
  twice_near = ids->len;
  g_array_append_val (ids, g_array_index (fillers, gint64, 3));
  g_array_append_vals (ids, &g_array_index (fillers, gint64, 10), fillers->len - 10);
  twice_far = ids->len;
  g_array_append_val (ids, g_array_index (fillers, gint64, 5));
  g_array_append_val (ids, none);

  r = turnout_db_change_status (db, program_id, "not-in-program", (const gint64 *) (gpointer) ids->data, ids->len,
                                NULL, TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, ids->len);
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_REMOVED);

  /* Promoted when a's seat was freed, then removed from that seat. */
  g_assert_cmpint (result_at (r, w_at)->outcome, ==, TURNOUT_MOVE_REMOVED);
  g_assert_cmpstr (result_at (r, w_at)->old_status, ==, "registered");
  history = turnout_db_get_history (db, program_id, w, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      TurnoutHistoryEntry *e = g_ptr_array_index (history, i);

      g_string_append_printf (moves, "%s%s>%s", i ? " " : "", e->old_status, e->new_status);
    }
  g_assert_cmpstr (moves->str, ==, "not-in-program>wait-listed wait-listed>registered registered>not-in-program");

  g_assert_cmpint (result_at (r, twice_near)->outcome, ==, TURNOUT_MOVE_SKIPPED);
  g_assert_cmpstr (result_at (r, twice_near)->old_status, ==, "not-in-program");
  g_assert_cmpint (result_at (r, twice_far)->outcome, ==, TURNOUT_MOVE_SKIPPED);
  g_assert_cmpint (result_at (r, ids->len - 1)->outcome, ==, TURNOUT_MOVE_REFUSED);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"
                                               " WHERE new_status = 'not-in-program'"), ==, 4202);

  turnout_db_close (db);
}

static void
test_capacity (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "Small room", .capacity = 2 };
  gint64 program = turnout_db_add_program (db, &spec, &error);
  gint64 ids[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      ids[i] = turnout_test_add_person (db, program, email, NULL);
    }

  r = change (db, program, "registered", ids, 4, NULL);
  g_assert_cmpstr (result_at (r, 0)->new_status, ==, "registered");
  g_assert_cmpstr (result_at (r, 1)->new_status, ==, "registered");
  g_assert_cmpstr (result_at (r, 2)->new_status, ==, "wait-listed");
  g_assert_cmpstr (result_at (r, 3)->new_status, ==, "wait-listed");
  g_assert_nonnull (strstr (result_at (r, 2)->reason, "2 of 2"));
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"), ==, 2);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT waitlist_priority FROM memberships WHERE person_id = 3"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT waitlist_priority FROM memberships WHERE person_id = 4"), ==, 2);
  g_clear_pointer (&r, g_ptr_array_unref);

  /* Registration Error holds its seat: moving back to Registered is lateral. */
  r = change (db, program, "registration-error", ids, 1, "Refused");
  g_clear_pointer (&r, g_ptr_array_unref);
  r = change (db, program, "registered", ids, 1, NULL);
  g_assert_cmpstr (result_at (r, 0)->new_status, ==, "registered");
  g_clear_pointer (&r, g_ptr_array_unref);

  /* Still full: asking again for a waiting member skips, with the reason. */
  r = change (db, program, "registered", &ids[2], 1, NULL);
  g_assert_cmpint (result_at (r, 0)->outcome, ==, TURNOUT_MOVE_SKIPPED);
  g_assert_nonnull (strstr (result_at (r, 0)->reason, "No seat"));

  turnout_db_close (db);
}

static void
test_outbox_in_same_transaction (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "Linked", .capacity = -1, .on24_event_id = 311512 };
  gint64 program = turnout_db_add_program (db, &spec, &error);
  gint64 ids[2];

  ids[0] = turnout_test_add_person (db, program, "a@example.com", NULL);
  ids[1] = turnout_test_add_person (db, program, "b@example.com", "pending-approval");

  /* Only a change to Registered pushes; Pending Approval never does. */
  g_assert_cmpuint (turnout_db_count_outbox (db, program, NULL, NULL), ==, 0);
  r = change (db, program, "registered", ids, 1, NULL);
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_cmpuint (turnout_db_count_outbox (db, program, "pending", NULL), ==, 1);
  member = turnout_db_get_member (db, program, ids[0], &error);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_PENDING);

  /* Leaving the program before the push went out cancels it. */
  r = change (db, program, "not-in-program", ids, 1, NULL);
  g_clear_pointer (&r, g_ptr_array_unref);
  g_assert_cmpuint (turnout_db_count_outbox (db, program, "pending", NULL), ==, 0);
  g_assert_cmpuint (turnout_db_count_outbox (db, program, "cancelled", NULL), ==, 1);

  turnout_db_close (db);
}

static void
test_full_disk_changes_nothing (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *pragma = NULL;
  g_autoptr(GPtrArray) results = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Full");
  int pages;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%u@example.com", i);
      gint64 id = turnout_test_add_person (db, program, email, NULL);
      g_array_append_val (ids, id);
    }

  /* Cap the file at its current size: the next growth is SQLITE_FULL, as
   * on a full disk. */
  g_assert_true (turnout_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  pages = turnout_test_query_int (db, "PRAGMA page_count");
  pragma = g_strdup_printf ("PRAGMA max_page_count = %d", pages);
  g_assert_true (turnout_db_exec (db, pragma, NULL));

  g_assert_null (turnout_db_change_status (db, program, "registered", (gint64 *) (gpointer) ids->data,
                                           ids->len, "A long reason to make the rows grow a lot more",
                                           TURNOUT_SOURCE_BULK, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "Nothing was changed"));

  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history WHERE new_status = 'registered'"), ==, 0);
  /* A change of this many runs without foreign key checks
   * (turnout_db_begin_bulk ()): they are on again after its rollback... */
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);

  /* ...and after its commit, the disk no longer full. */
  g_clear_error (&error);
  g_assert_true (turnout_db_exec (db, "PRAGMA max_page_count = 1073741823", NULL));
  results = turnout_db_change_status (db, program, "registered", (gint64 *) (gpointer) ids->data, ids->len,
                                      NULL, TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"), ==, 300);
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_false (turnout_db_exec (db, "INSERT INTO status_history (program_id, person_id, old_status, new_status,"
                                       " source, at) VALUES (1, 999999, 'invited', 'registered', 'manual', 'now')",
                                   &error));
  g_assert_nonnull (error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  turnout_db_close (db);
}

/* A child process runs a bulk change of many members and is killed with
 * SIGKILL at a random moment. Whatever the moment, the database afterwards
 * is intact and the change is there entirely or not at all.
 */
static void
test_sigkill_mid_bulk_change (void)
{
  const guint n_members = 20000;
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Crash");
  const guint n_rounds = 10;
  guint all = 0, none = 0;
  gint64 duration_us = 0;
  GRand *rand = g_rand_new_with_seed (42);

  g_assert_true (turnout_db_exec (db, "BEGIN", NULL));
  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO people (id, email, email_key, created_at)"
                                              " VALUES (%u, 'm%u@example.com', 'm%u@example.com', 'now');"
                                              "INSERT INTO memberships (program_id, person_id, status, member_date,"
                                              " status_changed_at, acquired_by) VALUES (%" G_GINT64_FORMAT
                                              ", %u, 'invited', 'now', 'now', 'manual');"
                                              "INSERT INTO status_history (program_id, person_id, old_status, new_status,"
                                              " source, at) VALUES (%" G_GINT64_FORMAT ", %u,"
                                              " 'not-in-program', 'invited', 'manual', 'now');",
                                              i + 1, i, i, program, i + 1, program, i + 1);
      /* Set-up only: written directly, so that it takes a moment, not minutes. */
      g_assert_true (turnout_db_exec (db, sql, NULL));
    }
  g_assert_true (turnout_db_exec (db, "COMMIT", NULL));
  turnout_db_close (db);

  /* Round 0 is not killed: it measures how long the change takes, so that
   * the kills of the later rounds are spread across the whole transaction. */
  for (guint round = 0; round <= n_rounds; round++)
    {
      int ready[2];
      pid_t pid;
      char byte;
      int status;
      guint delay_us = 0;
      gint64 started;
      const char *target = (round % 2 == 0) ? "registered" : "pending-approval";

      g_assert_cmpint (pipe (ready), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);

      if (pid == 0)
        {
          g_autoptr(GArray) ids = NULL;
          TurnoutDb *child_db;

          close (ready[0]);
          child_db = turnout_db_open (path, NULL);
          if (child_db == NULL)
            _exit (3);
          ids = turnout_db_list_person_ids_with_status (child_db, program, "invited", NULL);
          if (ids == NULL || write (ready[1], "r", 1) != 1)
            _exit (4);
          turnout_db_change_status (child_db, program, target, (gint64 *) (gpointer) ids->data, ids->len,
                                    "crash test", TURNOUT_SOURCE_BULK, NULL);
          if (write (ready[1], "d", 1) != 1)
            _exit (5);
          /* Wait to be killed: a clean exit would hide nothing. */
          pause ();
          _exit (0);
        }

      close (ready[1]);
      g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
      started = g_get_monotonic_time ();
      if (round == 0)
        {
          g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
          duration_us = g_get_monotonic_time () - started;
          g_test_message ("the bulk change of %u members takes %" G_GINT64_FORMAT " us", n_members, duration_us);
        }
      else
        {
          /* Spread over the change, with jitter, and a little past its end. */
          delay_us = (guint) (duration_us * 1.2 * (round - 1 + g_rand_double (rand)) / n_rounds);
          g_usleep (delay_us);
        }
      close (ready[0]);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));

      db = turnout_test_open_db (path);
      {
        g_autofree char *problem = NULL;
        g_autoptr(GError) error = NULL;
        int changed = turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status != 'invited'");
        int history = turnout_test_query_int (db, "SELECT count(*) FROM status_history WHERE reason = 'crash test'");

        g_assert_true (turnout_db_check_integrity (db, &problem, &error));
        g_assert_no_error (error);
        g_assert_null (problem);
        g_assert_true (changed == 0 || changed == (int) n_members);
        g_assert_cmpint (history, ==, changed);
        if (round > 0)
          {
            if (changed == 0)
              none++;
            else
              all++;
          }
        if (changed != 0)
          /* Put everyone back for the next round (test set-up, not the API). */
          g_assert_true (turnout_db_exec (db, "DELETE FROM status_history WHERE reason = 'crash test';"
                                              "UPDATE memberships SET status = 'invited'", NULL));
        g_test_message ("round %u: killed after %u us: %s", round, delay_us, changed ? "all applied" : "nothing applied");
      }
      turnout_db_close (db);
    }

  g_rand_free (rand);
  g_test_message ("%u rounds applied entirely, %u not at all", all, none);
  g_assert_cmpuint (all + none, ==, n_rounds);
  /* Kills landed both inside and after the transaction. */
  g_assert_cmpuint (none, >, 0);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *programs;
  TurnoutChangeCount *count;
  GError    *error;
  gboolean   done;
} AsyncData;

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  data->done = turnout_store_open_finish (TURNOUT_STORE (object), result, NULL, &data->error);
  g_main_loop_quit (data->loop);
}

/* A store on @path, open. */
static TurnoutStore *
open_store (const char *path)
{
  TurnoutStore *store = turnout_store_new (path);
  AsyncData data = { 0 };

  data.loop = g_main_loop_new (NULL, FALSE);
  turnout_store_open_async (store, NULL, open_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_main_loop_unref (data.loop);
  return store;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  data->programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;

  data->count = turnout_store_change_status_finish (TURNOUT_STORE (object), result, &data->error);
  g_main_loop_quit (data->loop);
}

/* A job that works through many rows and frees them as it goes: a
 * hundred megabytes in small pieces, one in a hundred kept (its answer),
 * so the freed memory is in holes glibc does not give back by itself. */
static gpointer
fragmenting_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *all = g_ptr_array_new ();

  for (guint i = 0; i < 100000; i++)
    {
      char *piece = g_malloc (1000);

      memset (piece, 1, 1000);
      g_ptr_array_add (all, piece);
    }
  for (guint i = 0; i < all->len; i++)
    if (i % 100 == 99)
      g_ptr_array_add (kept, all->pdata[i]);
    else
      g_free (all->pdata[i]);
  g_ptr_array_unref (all);
  /* Long enough to count as a large job (or, asked for, a huge one),
   * however fast the machine. */
  g_usleep ((data != NULL ? GPOINTER_TO_UINT (data) : 150) * G_TIME_SPAN_MILLISECOND);
  return kept;
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gpointer *answer = user_data;

  *answer = turnout_store_run_finish (TURNOUT_STORE (object), result, NULL);
}

static gboolean
second_passed (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

#ifdef __linux__
/* The calling thread's nice value (Linux keeps one per thread). */
static int
own_nice (void)
{
  errno = 0;
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
}

static gpointer
nice_of_thread (gpointer data)
{
  return GINT_TO_POINTER (own_nice ());
}

/* The worker's nice value, and that of a thread it starts (as it does
 * to read a table or an import). */
static gpointer
nice_job (TurnoutDb     *db,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  int *nice = g_new (int, 2);

  nice[0] = own_nice ();
  nice[1] = GPOINTER_TO_INT (g_thread_join (g_thread_new ("nice", nice_of_thread, NULL)));
  return nice;
}
#endif

/* The store's thread gives way to the window's: while it read a reloaded
 * table of 100k members, at the same priority, the window's frames
 * waited for a core of the two. Its nice value is the caller's plus 10,
 * and the threads it starts inherit it. */
static void
test_worker_yields (void)
{
#ifdef __linux__
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(TurnoutStore) store = NULL;
  g_autofree int *nice = NULL;
  int caller = own_nice ();

  g_assert_cmpint (errno, ==, 0);
  store = open_store (path);

  turnout_store_run_async (store, nice_job, NULL, NULL, g_free, NULL, run_cb, &nice);
  while (nice == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("nice: the caller %d, the store's thread %d, a thread it starts %d", caller, nice[0], nice[1]);
  g_assert_cmpint (nice[0], ==, MIN (caller + 10, 19));
  g_assert_cmpint (nice[1], ==, nice[0]);
  /* The caller's own is as it was. */
  g_assert_cmpint (own_nice (), ==, caller);
#else
  g_test_skip ("nice values per thread are Linux's");
#endif
}

/* The memory in use as a job starts. */
static gpointer
rss_job (TurnoutDb     *db,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  double rss = turnout_test_rss_mb ();

  return g_memdup2 (&rss, sizeof rss);
}

/* After a large job the store's worker gives what it freed back to the
 * system once idle: the window does not stay hundreds of megabytes
 * larger after a million members were changed or read. */
static void
test_worker_gives_memory_back (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  gboolean idle = FALSE;
  double before, done, settled;

#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
  g_test_skip ("about glibc's allocator (a sanitizer brings its own)");
  return;
#endif
  if (turnout_test_engine_is_postgres ())
    {
      g_test_skip ("about the store's worker, the same for either engine");
      return;
    }
  store = open_store (path);

  before = turnout_test_rss_mb ();
  turnout_store_run_async (store, fragmenting_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, NULL,
                           run_cb, &kept);
  while (kept == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = turnout_test_rss_mb ();
  g_timeout_add (2000, second_passed, &idle);
  while (!idle)
    g_main_context_iteration (NULL, TRUE);
  settled = turnout_test_rss_mb ();
  g_test_message ("memory in use: %.0f MB before the job, %.0f MB when it is done, %.0f MB two seconds on",
                  before, done, settled);
  g_assert_cmpuint (kept->len, ==, 1000);
  g_assert_cmpfloat (done - before, >, 80);
  g_assert_cmpfloat (settled, <, before + 30);

  /* A job right after a huge one (the reload after a bulk change of a
   * million members) starts with that memory given back, not on top of
   * it; after a merely large one, it does not wait for that. */
  for (guint huge = 0; huge < 2; huge++)
    {
      g_autoptr(GPtrArray) kept_again = NULL;
      g_autofree double *next = NULL;
      gboolean waited = FALSE;

      turnout_store_run_async (store, fragmenting_job, GUINT_TO_POINTER (huge ? 1100 : 150), NULL,
                               (GDestroyNotify) g_ptr_array_unref, NULL, run_cb, &kept_again);
      turnout_store_run_async (store, rss_job, NULL, NULL, g_free, NULL, run_cb, &next);
      while (next == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_test_message ("memory in use as the next job starts, after a %s job: %.0f MB",
                      huge ? "huge" : "large", *next);
      if (huge)
        g_assert_cmpfloat (*next, <, settled + 30);
      else
        g_assert_cmpfloat (*next, >, settled + 60);
      g_timeout_add (2000, second_passed, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_async_store (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncData data = { 0 };
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Async");
  gint64 id = turnout_test_add_person (db, program, "a@example.com", NULL);

  turnout_db_close (db);
  g_array_append_val (ids, id);

  data.loop = g_main_loop_new (NULL, FALSE);
  store = turnout_store_new (path);
  turnout_store_open_async (store, NULL, open_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_true (data.done);

  turnout_store_list_programs_async (store, NULL, list_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.programs->len, ==, 1);
  g_assert_cmpuint (((TurnoutProgram *) g_ptr_array_index (data.programs, 0))->n_members, ==, 1);

  /* A cancelled request is not run. */
  g_cancellable_cancel (cancelled);
  turnout_store_change_status_async (store, program, "registered", ids, NULL, TURNOUT_SOURCE_MANUAL, NULL,
                                     cancelled, change_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);

  turnout_store_change_status_async (store, program, "registered", ids, NULL, TURNOUT_SOURCE_MANUAL, NULL,
                                     NULL, change_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.count->summary.changed, ==, 1);
  g_assert_cmpuint (data.count->summary.refused + data.count->summary.skipped, ==, 0);
  g_assert_null (data.count->refusal);
  g_clear_pointer (&data.count, turnout_change_count_free);

  /* Counted where it ran: a refusal comes back with its reason. */
  turnout_store_change_status_async (store, program, "invited", ids, NULL, TURNOUT_SOURCE_MANUAL, NULL,
                                     NULL, change_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.count->summary.refused, ==, 1);
  g_assert_cmpuint (data.count->summary.changed, ==, 0);
  g_assert_nonnull (data.count->refusal);

  g_ptr_array_unref (data.programs);
  g_clear_pointer (&data.count, turnout_change_count_free);
  g_main_loop_unref (data.loop);
}

/* Which statuses have no rule is remembered for a transaction; a rule
 * added within it is seen by the very next move. */
/* The window opens its database through the store: a file that is not a
 * database comes back as the open's error, to show, and later requests
 * fail cleanly; the file is left as it was. */
static void
test_async_store_refused (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  AsyncData data = { 0 };

  g_assert_true (g_file_set_contents (path, "email\nann@example.com\n", -1, NULL));
  before = file_checksum (path);

  data.loop = g_main_loop_new (NULL, FALSE);
  store = turnout_store_new (path);
  turnout_store_open_async (store, NULL, open_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_false (data.done);
  g_assert_error (data.error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
  g_assert_nonnull (strstr (data.error->message, "is not a Turnout database"));
  g_clear_error (&data.error);

  turnout_store_list_programs_async (store, NULL, list_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_error (data.error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN);
  g_assert_null (data.programs);
  g_clear_error (&data.error);

  g_clear_object (&store);
  after = file_checksum (path);
  g_assert_cmpstr (after, ==, before);
  g_main_loop_unref (data.loop);
}

static void
test_rule_added_mid_transaction (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "P");
  gint64 a = turnout_test_add_person (db, program_id, "a@example.com", TURNOUT_STATUS_INVITED);
  gint64 b = turnout_test_add_person (db, program_id, "b@example.com", TURNOUT_STATUS_INVITED);
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, program_id, NULL);
  g_autoptr(TurnoutChannel) channel = turnout_db_get_channel (db, program->channel_key);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = turnout_now_iso8601 ();

  g_assert_true (turnout_db_begin (db, &error));
  g_assert_true (turnout_db_apply_move (db, program, channel, a, TURNOUT_STATUS_REGISTERED, NULL,
                                        TURNOUT_SOURCE_MANUAL, now, results, &error));
  g_assert_false (turnout_rules_fire_on (db, program_id, TURNOUT_STATUS_REJECTED));
  g_assert_false (turnout_rules_fire_on (db, program_id, TURNOUT_STATUS_REGISTERED));
  g_assert_cmpint (turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_NOTIFY, NULL, "hello",
                                      &error), >, 0);
  g_assert_true (turnout_rules_fire_on (db, program_id, TURNOUT_STATUS_REGISTERED));
  g_assert_true (turnout_db_apply_move (db, program, channel, b, TURNOUT_STATUS_REGISTERED, NULL,
                                        TURNOUT_SOURCE_MANUAL, now, results, &error));
  g_assert_true (turnout_db_commit (db, &error));
  g_assert_no_error (error);

  events = turnout_rules_take_events (db, program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (((TurnoutRuleEvent *) g_ptr_array_index (events, 0))->person_id, ==, b);
  turnout_db_close (db);
}

/* The rules a status fires are read once per transaction and kept: a
 * rule added, disabled, enabled or removed, inside a transaction or
 * between two, is honoured by the very next move. */
static void
expect_events (TurnoutDb    *db,
               gint64        program_id,
               const gint64 *expected,
               guint         n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = turnout_rules_take_events (db, program_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, n_expected / 2);
  for (guint i = 0; i < events->len; i++)
    {
      TurnoutRuleEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpint (event->person_id, ==, expected[2 * i]);
      g_assert_cmpint (event->rule_id, ==, expected[2 * i + 1]);
    }
}

static void
move_one (TurnoutDb  *db,
          gint64      program_id,
          gint64      person_id,
          const char *to_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = turnout_db_change_status (db, program_id, to_status, &person_id, 1, NULL,
                                                           TURNOUT_SOURCE_MANUAL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (((TurnoutChangeResult *) g_ptr_array_index (results, 0))->outcome, ==, TURNOUT_MOVE_CHANGED);
}

static void
test_rules_kept_then_changed (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "P");
  gint64 a = turnout_test_add_person (db, program_id, "a@example.com", TURNOUT_STATUS_INVITED);
  gint64 b = turnout_test_add_person (db, program_id, "b@example.com", TURNOUT_STATUS_INVITED);
  gint64 c = turnout_test_add_person (db, program_id, "c@example.com", TURNOUT_STATUS_INVITED);
  gint64 d = turnout_test_add_person (db, program_id, "d@example.com", TURNOUT_STATUS_INVITED);
  gint64 e = turnout_test_add_person (db, program_id, "e@example.com", TURNOUT_STATUS_INVITED);
  gint64 f = turnout_test_add_person (db, program_id, "f@example.com", TURNOUT_STATUS_INVITED);
  gint64 g = turnout_test_add_person (db, program_id, "g@example.com", TURNOUT_STATUS_INVITED);
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, program_id, NULL);
  g_autoptr(TurnoutChannel) channel = turnout_db_get_channel (db, program->channel_key);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  gint64 one, two, to_attended;

  one = turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_NOTIFY, NULL, "one", &error);
  g_assert_no_error (error);

  /* Inside one transaction: a kept, then b after a second rule is added,
   * c after the first is disabled, d after the second is removed. */
  g_assert_true (turnout_db_begin (db, &error));
  g_assert_true (turnout_db_apply_move (db, program, channel, a, TURNOUT_STATUS_REGISTERED, NULL,
                                        TURNOUT_SOURCE_MANUAL, now, results, &error));
  two = turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_NOTIFY, NULL, "two", &error);
  g_assert_no_error (error);
  g_assert_true (turnout_db_apply_move (db, program, channel, b, TURNOUT_STATUS_REGISTERED, NULL,
                                        TURNOUT_SOURCE_MANUAL, now, results, &error));
  g_assert_true (turnout_rules_set_enabled (db, program_id, one, FALSE, &error));
  g_assert_true (turnout_db_apply_move (db, program, channel, c, TURNOUT_STATUS_REGISTERED, NULL,
                                        TURNOUT_SOURCE_MANUAL, now, results, &error));
  g_assert_true (turnout_rules_remove (db, program_id, two, &error));
  g_assert_true (turnout_db_apply_move (db, program, channel, d, TURNOUT_STATUS_REGISTERED, NULL,
                                        TURNOUT_SOURCE_MANUAL, now, results, &error));
  g_assert_true (turnout_db_commit (db, &error));
  g_assert_no_error (error);
  expect_events (db, program_id, (gint64[]) { a, one, b, one, b, two, c, two }, 8);

  /* Between transactions: enabled again, then a rule that changes the
   * status added, then disabled. */
  g_assert_true (turnout_rules_set_enabled (db, program_id, one, TRUE, &error));
  move_one (db, program_id, e, TURNOUT_STATUS_REGISTERED);
  expect_events (db, program_id, (gint64[]) { e, one }, 2);
  to_attended = turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_CHANGE_STATUS,
                                   TURNOUT_STATUS_ATTENDED, NULL, &error);
  g_assert_no_error (error);
  move_one (db, program_id, f, TURNOUT_STATUS_REGISTERED);
  expect_events (db, program_id, (gint64[]) { f, one }, 2);
  g_assert_true (turnout_rules_set_enabled (db, program_id, to_attended, FALSE, &error));
  g_assert_true (turnout_rules_set_enabled (db, program_id, one, FALSE, &error));
  move_one (db, program_id, g, TURNOUT_STATUS_REGISTERED);
  expect_events (db, program_id, NULL, 0);

  {
    g_autoptr(TurnoutMember) moved = turnout_db_get_member (db, program_id, f, &error);
    g_autoptr(TurnoutMember) left = turnout_db_get_member (db, program_id, g, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (moved->status, ==, TURNOUT_STATUS_ATTENDED);
    g_assert_true (moved->reached_success);
    g_assert_cmpstr (left->status, ==, TURNOUT_STATUS_REGISTERED);
  }
  turnout_db_close (db);
}

/* A promotion rule that promotes the next in line runs down the wait list
 * as a cascade of nested rules, within one original change, until the
 * nesting limit stops it (a "loop" event). What ran is forgotten at the
 * next original change: the same rule runs again for the same member. */
static void
test_rule_cascade (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "P");
  gint64 x = turnout_test_add_person (db, program_id, "x@example.com", TURNOUT_STATUS_INVITED);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 waiting[20];
  gint64 promote;

  for (guint i = 0; i < G_N_ELEMENTS (waiting); i++)
    {
      g_autofree char *email = g_strdup_printf ("w%02u@example.com", i);

      waiting[i] = turnout_test_add_person (db, program_id, email, TURNOUT_STATUS_WAIT_LISTED);
    }
  promote = turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_PROMOTE, NULL, NULL, &error);
  g_assert_no_error (error);

  /* x, then 15 promoted, each nested one deeper: the 16th is stopped. */
  move_one (db, program_id, x, TURNOUT_STATUS_REGISTERED);
  events = turnout_rules_take_events (db, program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((TurnoutRuleEvent *) g_ptr_array_index (events, 0))->kind, ==, TURNOUT_RULE_EVENT_LOOP);
  g_assert_cmpint (((TurnoutRuleEvent *) g_ptr_array_index (events, 0))->person_id, ==, waiting[14]);
  g_assert_cmpint (((TurnoutRuleEvent *) g_ptr_array_index (events, 0))->rule_id, ==, promote);
  for (guint i = 0; i < G_N_ELEMENTS (waiting); i++)
    {
      g_autoptr(TurnoutMember) member = turnout_db_get_member (db, program_id, waiting[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (member->status, ==, i < 15 ? TURNOUT_STATUS_REGISTERED : TURNOUT_STATUS_WAIT_LISTED);
    }

  /* The 11th ran its rule in that cascade, beyond the first few: taken
   * out and registered again, it runs it again (promoting the next) and
   * nothing is stopped. */
  {
    g_autoptr(GPtrArray) results = turnout_db_change_status (db, program_id, TURNOUT_STATUS_NOT_IN_PROGRAM,
                                                             &waiting[10], 1, NULL, TURNOUT_SOURCE_MANUAL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (((TurnoutChangeResult *) g_ptr_array_index (results, 0))->outcome, ==, TURNOUT_MOVE_REMOVED);
  }
  move_one (db, program_id, waiting[10], TURNOUT_STATUS_REGISTERED);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = turnout_rules_take_events (db, program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  {
    g_autoptr(TurnoutMember) next = turnout_db_get_member (db, program_id, waiting[15], &error);

    g_assert_no_error (error);
    g_assert_cmpstr (next->status, ==, TURNOUT_STATUS_REGISTERED);
  }
  turnout_db_close (db);
}

/* Two rules that change the status fire on the same status: the second
 * moves the member on from where the first left them, not from the status
 * that fired both. */
static void
test_rules_change_in_turn (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "P");
  gint64 a = turnout_test_add_person (db, program_id, "a@example.com", TURNOUT_STATUS_INVITED);
  const char *expected[][2] = {
    { TURNOUT_STATUS_NOT_IN_PROGRAM, TURNOUT_STATUS_INVITED },
    { TURNOUT_STATUS_INVITED, TURNOUT_STATUS_REGISTERED },
    { TURNOUT_STATUS_REGISTERED, TURNOUT_STATUS_NO_SHOW },
    { TURNOUT_STATUS_NO_SHOW, TURNOUT_STATUS_ATTENDED },
  };
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autoptr(GError) error = NULL;

  turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_CHANGE_STATUS,
                     TURNOUT_STATUS_NO_SHOW, NULL, &error);
  g_assert_no_error (error);
  turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_CHANGE_STATUS,
                     TURNOUT_STATUS_ATTENDED, NULL, &error);
  g_assert_no_error (error);

  move_one (db, program_id, a, TURNOUT_STATUS_REGISTERED);
  history = turnout_db_get_history (db, program_id, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < history->len; i++)
    {
      TurnoutHistoryEntry *entry = g_ptr_array_index (history, i);

      g_assert_cmpstr (entry->old_status, ==, expected[i][0]);
      g_assert_cmpstr (entry->new_status, ==, expected[i][1]);
    }
  member = turnout_db_get_member (db, program_id, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_ATTENDED);
  g_assert_true (member->reached_success);
  turnout_db_close (db);
}

/* Rules that move each member on at once, in a bulk change: two moves
 * of one member write its row once on SQLite (turnout-moves.c, "Held
 * rows"), and the row is the one the moves leave, one after the other:
 * the last status and reason, success reached in the middle move kept
 * with its time, each move in the history. Then a member the second rule
 * cannot move (already beyond it) keeps the first move's row. */
static void
test_rules_move_on_in_bulk (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "P");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  guint n = 300;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%03u@example.com", i);
      gint64 id = turnout_test_add_person (db, program_id, email, TURNOUT_STATUS_INVITED);

      g_array_append_val (ids, id);
    }
  turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_CHANGE_STATUS,
                     TURNOUT_STATUS_ATTENDED, NULL, &error);
  g_assert_no_error (error);
  turnout_rules_add (db, program_id, TURNOUT_STATUS_ATTENDED, TURNOUT_RULE_CHANGE_STATUS,
                     TURNOUT_STATUS_ATTENDED_ON_DEMAND, "Watched later", &error);
  g_assert_no_error (error);

  results = turnout_db_change_status (db, program_id, TURNOUT_STATUS_REGISTERED, (gint64 *) ids->data,
                                      ids->len, "Signed up", TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(TurnoutMember) member = turnout_db_get_member (db, program_id, id, &error);
      g_autoptr(GPtrArray) history = turnout_db_get_history (db, program_id, id, &error);
      const char *expected[] = { TURNOUT_STATUS_INVITED, TURNOUT_STATUS_REGISTERED,
                                 TURNOUT_STATUS_ATTENDED, TURNOUT_STATUS_ATTENDED_ON_DEMAND };

      g_assert_no_error (error);
      g_assert_cmpint (((TurnoutChangeResult *) g_ptr_array_index (results, i))->outcome, ==,
                       TURNOUT_MOVE_CHANGED);
      g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_ATTENDED_ON_DEMAND);
      g_assert_cmpstr (member->status_reason, ==, "Watched later");
      g_assert_true (member->reached_success);
      g_assert_nonnull (member->success_at);
      g_assert_cmpstr (member->success_at, ==, member->status_changed_at);
      g_assert_cmpint (member->waitlist_priority, ==, 0);
      g_assert_null (member->waitlist_at);
      g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
      for (guint h = 1; h < history->len; h++)
        {
          TurnoutHistoryEntry *entry = g_ptr_array_index (history, h);

          g_assert_cmpstr (entry->old_status, ==, expected[h - 1]);
          g_assert_cmpstr (entry->new_status, ==, expected[h]);
        }
    }
  g_assert_true (turnout_db_check_integrity (db, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  turnout_db_close (db);
}

/* A notify rule firing for every member of a bulk change: an event each,
 * in the members' order, also when the file writes them many per
 * statement (150: two full batches and some); a statement reading the
 * events inside the transaction sees those before it, and a transaction
 * rolled back leaves none. */
static void
test_rule_events_in_bulk (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "P");
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, program_id, NULL);
  g_autoptr(TurnoutChannel) channel = turnout_db_get_channel (db, program->channel_key);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  TurnoutStmt *stmt;
  guint n = 150;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%03u@example.com", i);
      gint64 id = turnout_test_add_person (db, program_id, email, TURNOUT_STATUS_INVITED);

      g_array_append_val (ids, id);
    }
  g_assert_cmpint (turnout_rules_add (db, program_id, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_NOTIFY, NULL, NULL,
                                      &error), >, 0);
  g_assert_cmpint (turnout_rules_add (db, program_id, TURNOUT_STATUS_ATTENDED, TURNOUT_RULE_NOTIFY, NULL, "came",
                                      &error), >, 0);
  g_assert_no_error (error);

  results = turnout_db_change_status (db, program_id, TURNOUT_STATUS_REGISTERED, (gint64 *) ids->data, n, NULL,
                                      TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, n);
  events = turnout_rules_take_events (db, program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      TurnoutRuleEvent *event = g_ptr_array_index (events, i);
      g_autofree char *message = g_strdup_printf ("m%03u@example.com is now Registered", i);

      g_assert_cmpint (event->person_id, ==, g_array_index (ids, gint64, i));
      g_assert_cmpstr (event->kind, ==, TURNOUT_RULE_EVENT_NOTIFY);
      g_assert_cmpstr (event->message, ==, message);
    }

  /* 70 moves in one transaction: a read of the events sees all 70, and
   * the rollback takes them all away. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_assert_true (turnout_db_begin (db, &error));
  for (guint i = 0; i < 70; i++)
    g_assert_true (turnout_db_apply_move (db, program, channel, g_array_index (ids, gint64, i),
                                          TURNOUT_STATUS_ATTENDED, NULL, TURNOUT_SOURCE_MANUAL, now, results,
                                          &error));
  g_assert_no_error (error);
  stmt = turnout_db_prepare (db, "SELECT count(*) FROM rule_events WHERE delivered_at IS NULL AND message LIKE"
                             " '%: came'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (turnout_stmt_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (turnout_stmt_column_int64 (stmt, 0), ==, 70);
  turnout_stmt_reset (stmt);
  turnout_db_rollback (db);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = turnout_rules_take_events (db, program_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  turnout_db_close (db);
}

/* A bulk change counts its members into the monitor's progress, and one
 * whose cancellable is cancelled writes nothing and says so. */
static void
test_bulk_monitor (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "Launch");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutProgress progress = { 0 };

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      gint64 id = turnout_test_add_person (db, program_id, email, "invited");

      g_array_append_val (ids, id);
    }

  turnout_db_set_bulk_monitor (db, &progress, cancellable);
  g_cancellable_cancel (cancellable);
  results = turnout_db_change_status (db, program_id, "registered", (const gint64 *) (gpointer) ids->data,
                                      ids->len, NULL, TURNOUT_SOURCE_BULK, &error);
  g_assert_null (results);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'registered'"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"), ==, 600);

  g_cancellable_reset (cancellable);
  results = turnout_db_change_status (db, program_id, "registered", (const gint64 *) (gpointer) ids->data,
                                      ids->len, NULL, TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 600);
  g_assert_cmpint (progress.done, ==, 600);
  g_assert_cmpint (progress.total, ==, 600);
  turnout_db_set_bulk_monitor (db, NULL, NULL);
  turnout_db_close (db);
}

/* The stored key, values and text of a member's status reason and of
 * their last history row, joined by '|'. */
static char *
stored_reason (TurnoutDb *db,
               gint64     program,
               gint64     person)
{
  /* the values' separator, U+001F, as each engine's SQL writes it */
  const char *sep = turnout_test_engine_is_postgres () ? "chr (31)" : "char (31)";
  g_autofree char *sql = g_strdup_printf ("SELECT m.status_reason_key || '|' || replace (m.status_reason_args, %s, ',')"
                                          " || '|' || m.status_reason || '|' || h.reason_key || '|'"
                                          " || replace (h.reason_args, %s, ',') || '|' || h.reason"
                                          " FROM memberships m, status_history h"
                                          " WHERE m.program_id = %" G_GINT64_FORMAT " AND m.person_id = %" G_GINT64_FORMAT
                                          " AND h.id = (SELECT max (id) FROM status_history"
                                          "  WHERE program_id = m.program_id AND person_id = m.person_id)",
                                          sep, sep, program, person);

  return query_text (db, sql);
}

/* Reasons Turnout writes itself are stored as a key, its values and the
 * English words, in the membership and its history; a reason a person
 * typed keeps an empty key; ON24's words inside a refusal are values. */
static void
test_reasons_keyed (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(TurnoutChangeResult) refused = NULL;
  g_autofree char *stored = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  TurnoutProgramSpec spec = { .name = "Keyed", .capacity = 1, .on24_event_id = 311512 };
  gint64 program = turnout_db_add_program (db, &spec, &error);
  gint64 ann = turnout_test_add_person (db, program, "ann@example.com", "registered");
  gint64 bob = turnout_test_add_person (db, program, "bob@example.com", "invited");
  gint64 cho = turnout_test_add_person (db, program, "cho@example.com", "invited");

  r = change (db, program, "registered", &bob, 1, NULL);
  g_assert_cmpstr (((TurnoutChangeResult *) g_ptr_array_index (r, 0))->reason, ==,
                   "No seat is free (1 of 1 taken): wait listed");
  g_clear_pointer (&r, g_ptr_array_unref);
  stored = stored_reason (db, program, bob);
  g_assert_cmpstr (stored, ==, "no-seat-wait-listed|1,1|No seat is free (1 of 1 taken): wait listed|"
                               "no-seat-wait-listed|1,1|No seat is free (1 of 1 taken): wait listed");
  g_clear_pointer (&stored, g_free);

  /* Typed, even in the words of one of Turnout's own: kept as written. */
  r = change (db, program, "rejected", &cho, 1, "Promoted from the wait list");
  g_clear_pointer (&r, g_ptr_array_unref);
  stored = stored_reason (db, program, cho);
  g_assert_cmpstr (stored, ==, "||Promoted from the wait list|||Promoted from the wait list");
  g_clear_pointer (&stored, g_free);

  /* A seat frees; the promotion without a typed reason is Turnout's. */
  r = change (db, program, "not-in-program", &ann, 1, NULL);
  g_clear_pointer (&r, g_ptr_array_unref);
  r = turnout_waitlist_promote (db, program, &bob, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((TurnoutChangeResult *) g_ptr_array_index (r, 0))->reason, ==, "Promoted from the wait list");
  g_clear_pointer (&r, g_ptr_array_unref);
  stored = stored_reason (db, program, bob);
  g_assert_cmpstr (stored, ==, "promoted-from-wait-list||Promoted from the wait list|"
                               "promoted-from-wait-list||Promoted from the wait list");
  g_clear_pointer (&stored, g_free);

  /* ON24 refuses bob's push: Turnout's words around ON24's. */
  due = turnout_outbox_take_due (db, program, G_MAXINT64 / 2, "test", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  refused = turnout_outbox_refuse (db, ((TurnoutOutboxEntry *) g_ptr_array_index (due, 0))->id,
                                   "ON24 refused: Email domain is blocked (HTTP 400)", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (refused->reason, ==, "ON24 refused: Email domain is blocked (HTTP 400)");
  stored = stored_reason (db, program, bob);
  g_assert_cmpstr (stored, ==, "on24-refused|Email domain is blocked,400|ON24 refused: Email domain is blocked (HTTP 400)|"
                               "on24-refused|Email domain is blocked,400|ON24 refused: Email domain is blocked (HTTP 400)");
  g_clear_pointer (&stored, g_free);

  /* Damaged values, or a key this version does not know, read as the
   * stored words. */
  {
    g_autofree char *damaged = turnout_reason_render_stored ("no-seat-wait-listed", "1", "As stored");
    g_autofree char *unknown = turnout_reason_render_stored ("from-a-newer-turnout", "", "As stored");
    g_autofree char *plain = turnout_reason_render_stored ("", "", "Typed");

    g_assert_cmpstr (damaged, ==, "As stored");
    g_assert_cmpstr (unknown, ==, "As stored");
    g_assert_cmpstr (plain, ==, "Typed");
  }

  /* Text that only looks like a code is refused, and nothing changes. */
  g_assert_null (turnout_db_change_status (db, program, "invited", &cho, 1, "\036no-such-key\037",
                                           TURNOUT_SOURCE_MANUAL, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_clear_error (&error);
  /* So is a well-formed code typed as a reason: only Turnout writes one. */
  g_assert_null (turnout_members_decide (db, program, &cho, 1, FALSE, " \036promoted-from-wait-list\037 ", &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships WHERE status = 'rejected'"), ==, 1);

  turnout_db_close (db);
}

/* Migration 7 gives the reasons an older version stored in English words
 * their keys and values, in memberships and history; other text keeps an
 * empty key. */
static void
test_migrate_reasons (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *stored = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Older");
  gint64 ann = turnout_test_add_person (db, program, "ann@example.com", "wait-listed");
  gint64 bob = turnout_test_add_person (db, program, "bob@example.com", "registered");
  gint64 cho = turnout_test_add_person (db, program, "cho@example.com", "registration-error");
  gint64 dan = turnout_test_add_person (db, program, "dan@example.com", "rejected");
  sqlite3 *raw = NULL;

  turnout_db_close (db);
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
                                 TURNOUT_TEST_DROP_SCHEMA_9
                                 "DROP TABLE IF EXISTS change_members;"
                                 "DROP TABLE IF EXISTS changes;"
                                 "ALTER TABLE memberships DROP COLUMN status_reason_key;"
                                 "ALTER TABLE memberships DROP COLUMN status_reason_args;"
                                 "ALTER TABLE status_history DROP COLUMN reason_key;"
                                 "ALTER TABLE status_history DROP COLUMN reason_args;"
                                 "CREATE TEMP TABLE old (status TEXT, reason TEXT);"
                                 "INSERT INTO old VALUES"
                                 " ('wait-listed', 'No seat is free (40 of 40 taken): wait listed'),"
                                 " ('registered', 'Promoted from the wait list'),"
                                 " ('registration-error', 'ON24 refused: Bad email (HTTP 422)'),"
                                 " ('rejected', 'No seat is free (lots): wait listed');"
                                 "UPDATE memberships SET status_reason = (SELECT reason FROM old WHERE old.status = memberships.status);"
                                 "UPDATE status_history SET reason = (SELECT reason FROM old WHERE old.status = new_status);"
                                 "PRAGMA user_version = 6;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA user_version"), ==, TURNOUT_DB_SCHEMA_VERSION);
  stored = stored_reason (db, program, ann);
  g_assert_cmpstr (stored, ==, "no-seat-wait-listed|40,40|No seat is free (40 of 40 taken): wait listed|"
                               "no-seat-wait-listed|40,40|No seat is free (40 of 40 taken): wait listed");
  g_clear_pointer (&stored, g_free);
  stored = stored_reason (db, program, bob);
  g_assert_cmpstr (stored, ==, "promoted-from-wait-list||Promoted from the wait list|"
                               "promoted-from-wait-list||Promoted from the wait list");
  g_clear_pointer (&stored, g_free);
  stored = stored_reason (db, program, cho);
  g_assert_cmpstr (stored, ==, "on24-refused|Bad email,422|ON24 refused: Bad email (HTTP 422)|"
                               "on24-refused|Bad email,422|ON24 refused: Bad email (HTTP 422)");
  g_clear_pointer (&stored, g_free);
  stored = stored_reason (db, program, dan);
  g_assert_cmpstr (stored, ==, "||No seat is free (lots): wait listed|||No seat is free (lots): wait listed");
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA integrity_check"), ==, 0);
  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open-new", test_open_new);
  g_test_add_func ("/store/worker-yields", test_worker_yields);
  g_test_add_func ("/store/migrate-from-10", test_migrate_from_10);
  turnout_test_add_sqlite_only ("/store/migrate-existing-empty", test_migrate_existing_empty);
  turnout_test_add_sqlite_only ("/store/migrate-from-2", test_migrate_from_2);
  g_test_add_func ("/store/newer-refused", test_newer_refused);
  turnout_test_add_sqlite_only ("/store/background-checkpoint", test_background_checkpoint);
  turnout_test_add_sqlite_only ("/store/not-a-database-refused", test_not_a_database_refused);
  g_test_add_func ("/store/team-unreachable", test_team_unreachable);
  g_test_add_func ("/store/team-reconnects", test_team_reconnects);
  g_test_add_func ("/store/team-conflict-in-batch", test_team_conflict_in_batch);
  g_test_add_func ("/store/team-coordinator-role", test_team_coordinator_role);
  g_test_add_func ("/store/team-server-restart", test_team_server_restart);
  g_test_add_func ("/store/team-connection-settings", test_team_connection_settings);
  g_test_add_func ("/store/team-tls", test_team_tls);
  g_test_add_func ("/store/worker-gives-memory-back", test_worker_gives_memory_back);
  turnout_test_add_sqlite_only ("/store/damaged-moved-aside", test_damaged_moved_aside);
  turnout_test_add_sqlite_only ("/store/private-files", test_private_files);
  g_test_add_func ("/store/programs", test_programs);
  g_test_add_func ("/store/people", test_people);
  g_test_add_func ("/store/change-status-flow", test_change_status_flow);
  g_test_add_func ("/store/bulk-mixed", test_bulk_mixed);
  g_test_add_func ("/store/bulk-read-ahead", test_bulk_read_ahead);
  g_test_add_func ("/store/bulk-rows-gathered", test_bulk_rows_gathered);
  g_test_add_func ("/store/capacity", test_capacity);
  g_test_add_func ("/store/outbox-in-same-transaction", test_outbox_in_same_transaction);
  turnout_test_add_sqlite_only ("/store/full-disk-changes-nothing", test_full_disk_changes_nothing);
  turnout_test_add_sqlite_only ("/store/sigkill-mid-bulk-change", test_sigkill_mid_bulk_change);
  g_test_add_func ("/store/async", test_async_store);
  g_test_add_func ("/store/bulk-monitor", test_bulk_monitor);
  turnout_test_add_sqlite_only ("/store/async-refused", test_async_store_refused);
  g_test_add_func ("/store/rule-added-mid-transaction", test_rule_added_mid_transaction);
  g_test_add_func ("/store/rules-kept-then-changed", test_rules_kept_then_changed);
  g_test_add_func ("/store/rule-cascade", test_rule_cascade);
  g_test_add_func ("/store/rules-change-in-turn", test_rules_change_in_turn);
  g_test_add_func ("/store/rules-move-on-in-bulk", test_rules_move_on_in_bulk);
  g_test_add_func ("/store/rule-events-in-bulk", test_rule_events_in_bulk);
  g_test_add_func ("/store/reasons-keyed", test_reasons_keyed);
  turnout_test_add_sqlite_only ("/store/migrate-reasons", test_migrate_reasons);

  return g_test_run ();
}
