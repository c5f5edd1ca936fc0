/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-utils.c: helpers the tests share. */
#define _GNU_SOURCE   /* memmem () */

#include "config.h"

#include <string.h>

#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "turnout-db-private.h"
#include "turnout-test-utils.h"

static GPtrArray *temp_dirs;
static GPtrArray *temp_databases;  /* names on the test server */

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
remove_temp_dirs (void)
{
  for (guint i = 0; temp_dirs && i < temp_dirs->len; i++)
    remove_tree (g_ptr_array_index (temp_dirs, i));
  g_clear_pointer (&temp_dirs, g_ptr_array_unref);
}

/* TURNOUT_TEST_ENGINE=postgres runs a test on the team database engine,
 * on the server in TURNOUT_TEST_PG_URI (./build-aux/dev test starts one). */
gboolean
turnout_test_engine_is_postgres (void)
{
  return g_strcmp0 (g_getenv ("TURNOUT_TEST_ENGINE"), "postgres") == 0;
}

static void
skip_sqlite_only (void)
{
  g_test_skip ("about the SQLite file, which a team database has none of");
}

/* Whether a PostgreSQL server is there for team mode's window tests;
 * without one the test is skipped, and says why. */
gboolean
turnout_test_have_server (void)
{
  const char *uri = g_getenv ("TURNOUT_TEST_PG_URI");

  if (uri != NULL && *uri != '\0')
    return TRUE;
  g_test_skip ("no PostgreSQL server in TURNOUT_TEST_PG_URI (./build-aux/dev test starts one)");
  return FALSE;
}

/* A test of the SQLite file itself (its journal, its bytes, its older
 * schemas): skipped, and said so, on the PostgreSQL engine. */
void
turnout_test_add_sqlite_only (const char *path,
                              GTestFunc   func)
{
  g_test_add_func (path, turnout_test_engine_is_postgres () ? skip_sqlite_only : func);
}

/* The same for a test added otherwise (with a fixture): TRUE when the
 * caller is to add it; on PostgreSQL a skip is added in its place. */
gboolean
turnout_test_sqlite_only (const char *path)
{
  if (!turnout_test_engine_is_postgres ())
    return TRUE;
  g_test_add_func (path, skip_sqlite_only);
  return FALSE;
}

static const char *
server_uri (void)
{
  const char *uri = g_getenv ("TURNOUT_TEST_PG_URI");

  if (uri == NULL || *uri == '\0')
    g_error ("TURNOUT_TEST_ENGINE=postgres needs a server in TURNOUT_TEST_PG_URI "
             "(./build-aux/dev pg starts one)");
  return uri;
}

static void
server_run (const char *sql)
{
  PGconn *conn = PQconnectdb (server_uri ());
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot reach the test server: %s", PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

static void
drop_temp_databases (void)
{
  for (guint i = 0; temp_databases && i < temp_databases->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)",
                                              (const char *) g_ptr_array_index (temp_databases, i));
      server_run (sql);
    }
  g_clear_pointer (&temp_databases, g_ptr_array_unref);
}

/* A new, empty database on the test server, dropped when the test program
 * exits; its URI is the server's with this database's name. */
static char *
temp_pg_database (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("turnout_test_%d_%u", (int) getpid (), ++n);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  const char *uri = server_uri ();

  server_run (sql);
  if (temp_databases == NULL)
    {
      temp_databases = g_ptr_array_new_with_free_func (g_free);
      atexit (drop_temp_databases);
    }
  g_ptr_array_add (temp_databases, g_strdup (name));
  /* A connection URI's parameters may name the database too; the last wins. */
  return g_strdup_printf ("%s%sdbname=%s", uri, strchr (uri, '?') ? "&" : "?", name);
}

/* A new, empty database on the test server (TURNOUT_TEST_PG_URI),
 * whatever the engine under test; dropped when the test program exits.
 * For the tests of team mode itself. */
char *
turnout_test_temp_pg_database (void)
{
  return temp_pg_database ();
}

/* build-aux/pg-throwaway @command @dir, in the source tree; with @tls,
 * the server listens on the loopback for TLS too (tests/data/tls). */
static gboolean
throwaway_with (const char  *command,
                const char  *dir,
                gboolean     tls,
                char       **out)
{
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "build-aux", "pg-throwaway", NULL);
  g_autofree char *certs = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "tls", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { script, command, dir, NULL };
  int status;

  envp = tls ? g_environ_setenv (envp, "PG_THROWAWAY_TLS", certs, TRUE) : g_environ_unsetenv (envp, "PG_THROWAWAY_TLS");
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("pg-throwaway %s: %s %s", command, error ? error->message : "", err ? err : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
throwaway (const char  *command,
           const char  *dir,
           char       **out)
{
  return throwaway_with (command, dir, FALSE, out);
}

/* A PostgreSQL server of the test's own, in a new folder under /tmp (a
 * socket's path must be short), for what the shared one must not see (a
 * restart): its database's URI, and the folder in @dir; NULL, with the
 * test skipped, where no server can be started. Stopped and removed by
 * turnout_test_private_server_stop (). */
static char *
private_server (char     **dir,
                gboolean   tls)
{
  g_autofree char *out = NULL;

  *dir = g_dir_make_tmp ("turnout-pg-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  if (!throwaway_with ("start", *dir, tls, &out))
    {
      g_rmdir (*dir);
      g_clear_pointer (dir, g_free);
      g_test_skip ("no PostgreSQL server could be started here (build-aux/pg-throwaway)");
      return NULL;
    }
  return g_strdup (g_strstrip (out));
}

char *
turnout_test_private_server (char **dir)
{
  return private_server (dir, FALSE);
}

/* The same, also listening for TLS on 127.0.0.1 and 127.0.0.2 at the
 * socket's port, with the certificate of tests/data/tls (for
 * db.turnout.test, signed by its ca.crt) and passwords required there. */
char *
turnout_test_private_tls_server (char **dir)
{
  return private_server (dir, TRUE);
}

/* Stops the server as a restart would (pause), or starts it again (resume). */
void
turnout_test_private_server_do (const char *dir,
                                const char *what)
{
  g_assert_true (throwaway (what, dir, NULL));
}

void
turnout_test_private_server_stop (char *dir)
{
  if (dir == NULL)
    return;
  g_assert_true (throwaway ("stop", dir, NULL));
  g_free (dir);
}

/* The role a connection to @uri logs in as: what the history records. */
char *
turnout_test_pg_user (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);
  char *user;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  user = g_strdup (PQuser (conn));
  PQfinish (conn);
  return user;
}

/* Runs one query on the team database @uri over a plain libpq
 * connection of the test's own (as its administrator would); returns
 * how many rows it gave. */
int
turnout_test_pg_rows (const char *uri,
                      const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;
  int n;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  n = PQntuples (result);
  PQclear (result);
  PQfinish (conn);
  return n;
}

/* A fresh database path in a temporary folder of its own, removed when the
 * test program exits. Never under the user's real data directory. On the
 * PostgreSQL engine, a fresh database's URI instead. */
char *
turnout_test_temp_db_path (void)
{
  if (turnout_test_engine_is_postgres ())
    return temp_pg_database ();
  return turnout_test_temp_db_path_sqlite ();
}

/* A fresh SQLite file's path, whatever the engine under test. */
char *
turnout_test_temp_db_path_sqlite (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("turnout-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (temp_dirs == NULL)
    {
      temp_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_temp_dirs);
    }
  g_ptr_array_add (temp_dirs, dir);
  return g_build_filename (dir, "turnout.db", NULL);
}

/* Where a test of @db_path puts its own files (exports, CSVs): the
 * database's folder, or a temporary one for a team database. */
char *
turnout_test_files_dir (const char *db_path)
{
  g_autofree char *path = NULL;

  if (!g_str_has_prefix (db_path, "postgresql:"))
    return g_path_get_dirname (db_path);
  path = turnout_test_temp_db_path_sqlite ();
  return g_path_get_dirname (path);
}

TurnoutDb *
turnout_test_open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

gint64
turnout_test_add_program (TurnoutDb  *db,
                          const char *name)
{
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = { .name = name, .capacity = -1 };
  gint64 id = turnout_db_add_program (db, &spec, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
turnout_test_add_person (TurnoutDb  *db,
                         gint64      program_id,
                         const char *email,
                         const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  TurnoutPersonSpec spec = { .email = email, .first_name = "Test", .last_name = email };

  result = turnout_db_add_member (db, program_id, &spec, status, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result->person_id;
}

void
turnout_test_spin_until (gboolean (*condition) (gpointer),
                         gpointer   data,
                         guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms waiting for a condition", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The first column of the first row @sql gives, as an int; -1 without a
 * row.
 */
int
turnout_test_query_int (TurnoutDb  *db,
                        const char *sql)
{
  g_autoptr(GError) error = NULL;
  TurnoutStmt *stmt = turnout_db_prepare_own (db, sql, &error);
  int value = -1;

  g_assert_no_error (error);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    value = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_free (stmt);
  return value;
}

static struct
{
  const char *text;
  gboolean    anywhere;     /* @text anywhere in the SQL, not only at its start */
  guint      *runs;         /* or NULL */
  guint      *scan_steps;   /* or NULL */
} counted[4];

static int
count_run (unsigned int  type,
           void         *data,
           void         *stmt,
           void         *x)
{
  const char *sql = sqlite3_sql (stmt);
  /* this run's, once: a statement naming two tables counts for both */
  guint steps = sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (counted) && counted[i].text != NULL; i++)
    if (counted[i].anywhere ? strstr (sql, counted[i].text) != NULL : g_str_has_prefix (sql, counted[i].text))
      {
        if (counted[i].runs != NULL)
          (*counted[i].runs)++;
        if (counted[i].scan_steps != NULL)
          *counted[i].scan_steps += steps;
      }
  return 0;
}

static void
count_start (TurnoutDb  *db,
             const char *text,
             gboolean    anywhere,
             guint      *runs,
             guint      *scan_steps)
{
  sqlite3 *handle = turnout_db_get_handle (db);
  guint i = 0;

  g_assert_false (turnout_db_is_postgres (db));
  while (counted[i].text != NULL)
    g_assert_cmpuint (++i, <, G_N_ELEMENTS (counted));
  counted[i].text = text;
  counted[i].anywhere = anywhere;
  counted[i].runs = runs;
  counted[i].scan_steps = scan_steps;
  if (runs != NULL)
    *runs = 0;
  if (scan_steps != NULL)
    {
      *scan_steps = 0;
      /* what the statements prepared already stepped before is not counted */
      for (sqlite3_stmt *stmt = sqlite3_next_stmt (handle, NULL); stmt != NULL; stmt = sqlite3_next_stmt (handle, stmt))
        sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, TRUE);
    }
  sqlite3_trace_v2 (handle, SQLITE_TRACE_PROFILE, count_run, NULL);
}

void
turnout_test_count_runs (TurnoutDb  *db,
                         const char *prefix,
                         guint      *runs)
{
  count_start (db, prefix, FALSE, runs, NULL);
}

void
turnout_test_count_scan_steps (TurnoutDb  *db,
                               const char *needle,
                               guint      *steps)
{
  count_start (db, needle, TRUE, NULL, steps);
}

void
turnout_test_count_runs_stop (TurnoutDb *db)
{
  sqlite3_trace_v2 (turnout_db_get_handle (db), 0, NULL, NULL);
  memset (counted, 0, sizeof counted);
}

double
turnout_test_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *rss;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  rss = strstr (status, "VmRSS:");
  g_assert_nonnull (rss);
  return g_ascii_strtoull (rss + 6, NULL, 10) / 1024.0;
}

/* Every row of every table of the database file at @path, as one text:
 * two dumps are equal when nothing in the file was written. Read through
 * a plain SQLite connection, not Turnout's, so the dump opens nothing the
 * code under test would; a team database's through plain libpq, each
 * table's rows in the order of their text. */
static char *
dump_pg (const char         *uri,
         const char * const *skip)
{
  GString *text = g_string_new (NULL);
  PGconn *conn = PQconnectdb (uri);
  PGresult *tables;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  tables = PQexec (conn, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema () ORDER BY tablename");
  g_assert_cmpint (PQresultStatus (tables), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (tables); i++)
    {
      const char *table = PQgetvalue (tables, i, 0);
      g_autoptr(GString) minus = g_string_new (NULL);
      g_autofree char *sql = NULL;
      PGresult *rows;

      for (guint k = 0; skip != NULL && skip[k] != NULL; k++)
        {
          const char *dot = strchr (skip[k], '.');

          if (dot != NULL && strncmp (skip[k], table, dot - skip[k]) == 0 && table[dot - skip[k]] == '\0')
            g_string_append_printf (minus, " - '%s'", dot + 1);
        }
      sql = g_strdup_printf ("SELECT (to_jsonb (t)%s)::text FROM \"%s\" t ORDER BY 1", minus->str, table);
      rows = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
      g_string_append_printf (text, "[%s]\n", table);
      for (int r = 0; r < PQntuples (rows); r++)
        g_string_append_printf (text, "%s\n", PQgetvalue (rows, r, 0));
      PQclear (rows);
    }
  PQclear (tables);
  PQfinish (conn);
  return g_string_free (text, FALSE);
}

/* Whether the database holds @needle, in any ASCII case: an SQLite
 * file's bytes, its WAL's or journal's (free space and old pages included); on a team
 * database, any row of any table (the server's files keep old row versions
 * until VACUUM, which the README says). */
gboolean
turnout_test_db_holds (const char *path,
                       const char *needle)
{
  const char *suffixes[] = { "", "-wal", "-journal" };
  g_autofree char *lower_needle = g_ascii_strdown (needle, -1);

  if (g_str_has_prefix (path, "postgresql:"))
    {
      g_autofree char *dump = dump_pg (path, NULL);
      g_autofree char *lower_dump = g_ascii_strdown (dump, -1);

      return strstr (lower_dump, lower_needle) != NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (name, &contents, &length, NULL))
        continue;
      for (gsize j = 0; j < length; j++)
        contents[j] = g_ascii_tolower (contents[j]);
      if (memmem (contents, length, lower_needle, strlen (lower_needle)) != NULL)
        {
          g_test_message ("“%s” found in %s", needle, name);
          return TRUE;
        }
    }
  return FALSE;
}

/* turnout_test_dump_db () without the columns @skip names, as
 * "table.column"; on a team database only. */
char *
turnout_test_dump_pg_skipping (const char         *uri,
                               const char * const *skip)
{
  return dump_pg (uri, skip);
}

char *
turnout_test_dump_db (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;

  if (g_str_has_prefix (path, "postgresql:"))
    return dump_pg (path, NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\"", table);

      g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      g_string_append_printf (text, "[%s]\n", table);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *value = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (text, "%s%s", c ? "|" : "", value ? value : "NULL");
            }
          g_string_append_c (text, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (raw);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
