/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: turnout-cli as a script would use it: the real binary, its
 * output, its JSON and its exit codes, on a real database file.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "turnout-db-private.h"
#include "turnout-test-utils.h"

typedef struct
{
  char *db;
} Fixture;

/* Writes to the database behind the commands' back, on either engine. */
static void
exec_on (const char *path,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_test_open_db (path);

  g_assert_true (turnout_db_exec (db, sql, &error));
  g_assert_no_error (error);
  turnout_db_close (db);
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs turnout-cli --db DB ARGS (a NULL-terminated array). */
static Run
cli_strv (Fixture           *fixture,
          const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("TURNOUT_CLI");
  Run run = { 0 };
  int wait_status;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  if (fixture != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, fixture->db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run.out, &run.err, &wait_status, &error));
  g_assert_no_error (error);
  run.status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return run;
}

/* Runs turnout-cli --db DB ARGS... (NULL-terminated). */
static Run
cli (Fixture    *fixture,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return cli_strv (fixture, (const char *const *) args->pdata);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* Starts turnout-cli ARGS (NULL-terminated, no --db added) in CWD (NULL:
 * here) with ENVP (NULL: ours), its output piped. */
static GSubprocess *
start_cli (const char         *cwd,
           char              **envp,
           const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TURNOUT_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, envp);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Communicated;

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicated *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &c->out, &c->err, NULL);
  c->done = TRUE;
}

/* Its output and exit status; a process still running after TIMEOUT_S
 * seconds is killed and the test fails, rather than hang. */
static Run
finish_cli (GSubprocess *proc,
            guint        timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  Communicated c = { 0 };
  Run run = { 0 };

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, &c);
  while (!c.done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (!c.done)
    {
      g_subprocess_force_exit (proc);
      while (!c.done)
        g_main_context_iteration (NULL, TRUE);
      g_free (c.out);
      g_free (c.err);
      g_error ("turnout-cli did not finish within %u s", timeout_s);
    }

  run.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  run.out = c.out;
  run.err = c.err;
  return run;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
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

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 07777;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->db = turnout_test_temp_db_path ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->db);
}

static void
assert_failure_line (const Run  *run,
                     const char *needle)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "turnout-cli: "));
  if (strstr (run->err, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, run->err);
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  {
    g_auto(Run) run = cli (fixture, NULL, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "Usage"));
  }
  {
    g_auto(Run) run = cli (fixture, "dance", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "dance"));
  }
  {
    g_auto(Run) run = cli (fixture, "program", "add", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = cli (fixture, "program", "add", "X", "--capacity", "many", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "X", "registered", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run = cli (fixture, "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "status set PROGRAM KEY"));
  }
  /* None of that created a database. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_programs (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *program;

  {
    g_auto(Run) run = cli (fixture, "program", "list", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "No programs yet"));
  }
  {
    g_auto(Run) run = cli (fixture, "program", "add", "Spring Webinar", "--capacity", "100",
                           "--on24-event", "311512", "--live-start", "2026-03-01T15:00:00+01:00",
                           "--live-end", "2026-03-01T16:00:00+01:00", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Spring Webinar"));
  }
  {
    g_auto(Run) run = cli (fixture, "program", "add", "Spring Webinar", NULL);
    assert_failure_line (&run, "already exists");
  }
  {
    g_auto(Run) run = cli (fixture, "program", "add", "Bad date", "--live-start", "tomorrow", NULL);
    assert_failure_line (&run, "tomorrow");
  }
  {
    g_auto(Run) run = cli (fixture, "program", "list", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    root = parse_json (run.out);
  }

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  program = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (program, "name"), ==, "Spring Webinar");
  g_assert_cmpint (json_object_get_int_member (program, "capacity"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (program, "on24_event_id"), ==, 311512);
  g_assert_cmpstr (json_object_get_string_member (program, "live_start"), ==, "2026-03-01T15:00:00+01:00");
  g_assert_cmpint (json_object_get_int_member (program, "members"), ==, 0);
}

static JsonArray *
history_json (Fixture    *fixture,
              const char *program,
              const char *email)
{
  g_auto(Run) run = cli (fixture, "history", program, email, "--json", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  return json_array_ref (json_node_get_array (root));
}

/* The "done when": a person with turnout-cli alone. */
static void
test_whole_flow (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonNode) members = NULL;
  JsonObject *member;

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Flow", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "add", "Flow", "Ann.Lee@Example.com", "--first-name", "Ann",
                           "--last-name", "Lee", "--company", "Acme", "--job-title", "CTO", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Invited"));
  }
  {
    g_auto(Run) run = cli (fixture, "member", "add", "Flow", "not-an-address", NULL);
    assert_failure_line (&run, "not a valid e-mail address");
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Flow", "registered", "ann.lee@example.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "1 changed, 0 skipped, 0 refused"));
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Flow", "attended", "ANN.LEE@EXAMPLE.COM", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "1 changed"));
  }

  history = history_json (fixture, "Flow", "ann.lee@example.com");
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  /* Who made each change: the database role on a team database, nobody
   * to name on a file. */
  {
    g_autofree char *role = turnout_test_engine_is_postgres () ? turnout_test_pg_user (fixture->db) : NULL;
    g_autofree char *by = role != NULL ? g_strdup_printf (", by %s)", role) : NULL;
    g_auto(Run) run = cli (fixture, "history", "Flow", "ann.lee@example.com", NULL);

    for (guint i = 0; i < 3; i++)
      {
        JsonObject *entry = json_array_get_object_element (history, i);

        g_assert_true (json_object_has_member (entry, "made_by"));
        if (role != NULL)
          g_assert_cmpstr (json_object_get_string_member (entry, "made_by"), ==, role);
        else
          g_assert_true (json_object_get_null_member (entry, "made_by"));
      }
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (role != NULL ? strstr (run.out, by) != NULL : strstr (run.out, ", by ") == NULL);
  }
  g_clear_pointer (&history, json_array_unref);

  /* Attended -> Registered: refused with its reason, nothing written. */
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Flow", "registered", "ann.lee@example.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "0 changed, 0 skipped, 1 refused"));
    g_assert_nonnull (strstr (run.out, "Attended cannot go back to Registered"));
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Flow", "registered", "ann.lee@example.com", "--json", NULL);
    g_autoptr(JsonNode) root = parse_json (run.out);
    JsonObject *outcome = json_array_get_object_element (json_node_get_array (root), 0);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (json_object_get_string_member (outcome, "outcome"), ==, "refused");
    g_assert_cmpstr (json_object_get_string_member (outcome, "old_status"), ==, "attended");
    g_assert_cmpstr (json_object_get_string_member (outcome, "new_status"), ==, "attended");
    g_assert_cmpstr (json_object_get_string_member (outcome, "reason"), ==, "Attended cannot go back to Registered");
  }
  history = history_json (fixture, "Flow", "ann.lee@example.com");
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  g_clear_pointer (&history, json_array_unref);

  {
    g_auto(Run) run = cli (fixture, "member", "list", "Flow", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    members = parse_json (run.out);
  }
  member = json_array_get_object_element (json_node_get_array (members), 0);
  g_assert_cmpstr (json_object_get_string_member (member, "email"), ==, "Ann.Lee@Example.com");
  g_assert_cmpstr (json_object_get_string_member (member, "first_name"), ==, "Ann");
  g_assert_cmpstr (json_object_get_string_member (member, "job_title"), ==, "CTO");
  g_assert_cmpstr (json_object_get_string_member (member, "status"), ==, "attended");
  g_assert_true (json_object_get_boolean_member (member, "reached_success"));
  g_assert_cmpstr (json_object_get_string_member (member, "acquired_by"), ==, "manual");
  g_assert_nonnull (json_object_get_string_member (member, "member_date"));
  g_assert_nonnull (json_object_get_string_member (member, "status_changed_at"));
  g_assert_true (json_object_has_member (member, "status_reason"));

  /* Remove; the history stays readable. */
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Flow", "not-in-program", "ann.lee@example.com",
                           "--reason", "Asked to be removed", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "1 removed"));
  }
  {
    g_auto(Run) run = cli (fixture, "member", "list", "Flow", NULL);
    g_assert_nonnull (strstr (run.out, "0 members"));
  }
  history = history_json (fixture, "Flow", "ann.lee@example.com");
  g_assert_cmpuint (json_array_get_length (history), ==, 4);
  {
    JsonObject *last = json_array_get_object_element (history, 3);

    g_assert_cmpstr (json_object_get_string_member (last, "old_status"), ==, "attended");
    g_assert_cmpstr (json_object_get_string_member (last, "new_status"), ==, "not-in-program");
    g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==, "Asked to be removed");
    g_assert_cmpstr (json_object_get_string_member (last, "source"), ==, "manual");
    g_assert_nonnull (json_object_get_string_member (last, "at"));
  }
}

static void
test_bulk_from_and_filters (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Bulk", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      g_auto(Run) run = cli (fixture, "member", "add", "1", email, "--company", i < 2 ? "Acme" : "Other",
                             "--status", i < 3 ? "pending-approval" : "attended", NULL);
      g_assert_cmpint (run.status, ==, 0);
    }

  {
    g_auto(Run) run = cli (fixture, "member", "list", "Bulk", "--status", "pending-approval", "--search", "acme", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    root = parse_json (run.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "list", "Bulk", "--status", "bogus", NULL);
    assert_failure_line (&run, "Unknown status");
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Bulk", "registered", "--from", "pending-approval",
                           "--reason", "Approved by Kim", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "3 changed, 0 skipped, 0 refused"));
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Bulk", "registered", "p0@example.com", "p4@example.com",
                           "nobody@example.com", "--json", NULL);
    g_autoptr(JsonNode) outcomes = parse_json (run.out);
    JsonArray *array = json_node_get_array (outcomes);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "outcome"), ==, "skipped");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "outcome"), ==, "refused");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "outcome"), ==, "refused");
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (array, 2), "reason"),
                              "no person"));
  }
  {
    g_auto(Run) run = cli (fixture, "history", "Bulk", "p1@example.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Pending Approval -> Registered"));
    g_assert_nonnull (strstr (run.out, "Approved by Kim"));
    g_assert_nonnull (strstr (run.out, "Bulk change"));
  }
}

static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  {
    g_auto(Run) run = cli (fixture, "member", "list", "Nope", NULL);
    assert_failure_line (&run, "There is no program “Nope”");
  }
  {
    g_auto(Run) run = cli (fixture, "history", "Nope", "a@example.com", NULL);
    assert_failure_line (&run, "Nope");
  }
  {
    g_auto(Run) run = cli (fixture, "program", "add", "P", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "P", "vip", "a@example.com", NULL);
    assert_failure_line (&run, "Unknown status “vip”");
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "P", "registered", "bad address", NULL);
    assert_failure_line (&run, "not a valid e-mail address");
  }
  {
    g_auto(Run) run = cli (fixture, "history", "P", "a@example.com", NULL);
    assert_failure_line (&run, "no person");
  }

  /* A database from a newer Turnout: refused, one line, exit 1. */
  exec_on (fixture->db, turnout_test_engine_is_postgres () ? "UPDATE turnout_schema SET version = 42"
                                                          : "PRAGMA user_version = 42");
  {
    g_auto(Run) run = cli (fixture, "program", "list", NULL);
    assert_failure_line (&run, "newer version of Turnout");
  }

  /* An unreadable path. */
  {
    g_autofree char *dir = turnout_test_files_dir (fixture->db);
    g_autofree char *folder_as_db = g_build_filename (dir, "a-folder", NULL);
    const char *argv_db = folder_as_db;
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int wait_status;
    const char *argv[] = { g_getenv ("TURNOUT_CLI"), "--db", argv_db, "program", "list", NULL };

    g_assert_cmpint (g_mkdir_with_parents (folder_as_db, 0700), ==, 0);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error));
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
    g_assert_true (g_str_has_prefix (err, "turnout-cli: Cannot open the database"));
  }
}

/* Typed text with control characters is refused, naming the field; text
 * that got into the file another way (another tool, an older Turnout) is
 * printed with its escape sequences as text, never raw to the terminal. */
static void
test_unprintable_text (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *member;

  run = cli (fixture, "program", "add", "Launch", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  run = cli (fixture, "member", "add", "Launch", "bob@example.com", "--first-name", "Bob\x1b[2J", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "First name"));
  g_assert_null (strchr (run.err, '\x1b'));
  run_clear (&run);

  run = cli (fixture, "member", "add", "Launch", "ann@example.com", "--first-name", "Ann", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* ESC ] 0;owned BEL, U+202E and U+009B (CSI), written past the store's checks */
  exec_on (fixture->db, "UPDATE people SET first_name = 'Ann\x1b]0;owned\x07\xe2\x80\xae\xc2\x9b' || 'x'");

  run = cli (fixture, "member", "list", "Launch", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strchr (run.out, '\x1b'));
  g_assert_null (strchr (run.out, '\x07'));
  g_assert_null (strstr (run.out, "\xe2\x80\xae"));
  g_assert_null (strstr (run.out, "\xc2\x9b"));
  g_assert_nonnull (strstr (run.out, "Ann\\u001b]0;owned\\u0007\\u202e\\u009bx"));
  run_clear (&run);

  /* JSON stays JSON, and reads back as what is stored. */
  run = cli (fixture, "member", "list", "Launch", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strchr (run.out, '\x1b'));
  g_assert_null (strstr (run.out, "\xe2\x80\xae"));
  root = parse_json (run.out);
  member = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (member, "first_name"), ==,
                   "Ann\x1b]0;owned\x07\xe2\x80\xae\xc2\x9bx");
}

/* A file that is not a Turnout database, given by --db or TURNOUT_DB, is
 * refused by name and left byte for byte as it was, with nothing made
 * beside it. */
static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char csv[] = "email,first name\r\nann@example.com,Ann\r\n";
  static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  g_autofree char *dir = turnout_test_files_dir (fixture->db);
  g_autofree char *csv_path = g_build_filename (dir, "people.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *csv_before = NULL;
  g_autofree char *pdf_before = NULL;
  g_autofree char *csv_after = NULL;
  g_autofree char *pdf_after = NULL;

  g_assert_true (g_file_set_contents (csv_path, csv, -1, NULL));
  g_assert_true (g_file_set_contents (pdf_path, pdf, -1, NULL));
  csv_before = file_checksum (csv_path);
  pdf_before = file_checksum (pdf_path);

  {
    const char *args[] = { "--db", csv_path, "program", "add", "P", NULL };
    g_autoptr(GSubprocess) proc = start_cli (NULL, NULL, args);
    g_auto(Run) run = finish_cli (proc, 30);
    g_autofree char *expected = g_strdup_printf ("%s is not a Turnout database", csv_path);

    assert_failure_line (&run, expected);
  }
  {
    const char *args[] = { "program", "list", NULL };
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "TURNOUT_DB", pdf_path, TRUE);
    g_autoptr(GSubprocess) proc = start_cli (NULL, env, args);
    g_auto(Run) run = finish_cli (proc, 30);
    g_autofree char *expected = g_strdup_printf ("%s is not a Turnout database", pdf_path);

    assert_failure_line (&run, expected);
  }

  csv_after = file_checksum (csv_path);
  pdf_after = file_checksum (pdf_path);
  g_assert_cmpstr (csv_after, ==, csv_before);
  g_assert_cmpstr (pdf_after, ==, pdf_before);
  g_assert_cmpuint (count_files (dir), ==, 2);
}

/* Where every write would be lost ("Added program", exit 0, gone on the
 * next run): refused, and nothing is made in the working folder. */
static void
test_memory_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *arg;
    const char *needle;
  } cases[] = {
    { "--db=", "path is empty" },
    { ":memory:", "in memory" },
    { "file::memory:", "in memory" },
    { "file:x?mode=memory", "in memory" },
    { "file:shared.db?cache=shared&mode=memory", "in memory" },
    { "file:turnout.db", "is a URI" },
    { "mysql://localhost/turnout", "is a URI" },
    /* a team database that is not there: said so, and no folder
     * "postgresql:" appears where the command ran */
    { "postgresql://localhost:1/turnout", "Cannot connect to the team database turnout on localhost:1" },
  };
  g_autofree char *dir = turnout_test_files_dir (fixture->db);

  {
    const char *args[] = { "--db", "", "program", "add", "P", NULL };
    g_autoptr(GSubprocess) proc = start_cli (dir, NULL, args);
    g_auto(Run) run = finish_cli (proc, 30);

    assert_failure_line (&run, "path is empty");
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *with_db[] = { "--db", cases[i].arg, "program", "add", "P", NULL };
      const char *alone[] = { cases[i].arg, "program", "add", "P", NULL };
      gboolean joined = g_str_has_prefix (cases[i].arg, "--db=");
      g_autoptr(GSubprocess) proc = start_cli (dir, NULL, joined ? alone : with_db);
      g_auto(Run) run = finish_cli (proc, 30);

      assert_failure_line (&run, cases[i].needle);
    }

  g_assert_cmpuint (count_files (dir), ==, 0);
}

/* Two coordinators fill one program under a seat limit at the same
 * moment, each from their own process: together they never take more
 * seats than the limit, and whoever found no seat is wait listed. On a
 * team database the program's row is locked while seats are counted;
 * without that both counted the same free seats (tried: 200 of 100). */
static guint
json_array_length_of (const char *text,
                      const char *member)
{
  g_autoptr(JsonNode) root = parse_json (text);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (root), member));
}

static void
import_invited (Fixture *fixture,
                guint    n)
{
  g_autofree char *dir = turnout_test_files_dir (fixture->db);
  g_autofree char *csv = g_build_filename (dir, "invited.csv", NULL);
  g_autoptr(GString) text = g_string_new ("email\n");
  g_auto(Run) run = { 0 };

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%c%u@example.com\n", i % 2 ? 'b' : 'a', i / 2);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  run = cli (fixture, "import", "Team", csv, "--status", "invited", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_remove (csv);
}

static void
test_two_processes_one_seat_limit (Fixture       *fixture,
                                   gconstpointer  data)
{
  enum { EACH = 300, SEATS = 100 };
  g_autoptr(GPtrArray) args_a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) args_b = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *args[2] = { args_a, args_b };
  GSubprocess *procs[2];

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Team", "--capacity", "100", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  import_invited (fixture, 2 * EACH);

  for (guint p = 0; p < 2; p++)
    {
      const char *fixed[] = { "--db", fixture->db, "status", "set", "Team", "registered" };

      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        g_ptr_array_add (args[p], g_strdup (fixed[i]));
      for (guint i = 0; i < EACH; i++)
        g_ptr_array_add (args[p], g_strdup_printf ("%c%u@example.com", p ? 'b' : 'a', i));
      g_ptr_array_add (args[p], NULL);
    }
  for (guint p = 0; p < 2; p++)
    procs[p] = start_cli (NULL, NULL, (const char *const *) args[p]->pdata);
  for (guint p = 0; p < 2; p++)
    {
      g_auto(Run) run = finish_cli (procs[p], 120);

      if (run.status != 0)
        g_error ("process %u: exit %d: %s", p, run.status, run.err);
      g_object_unref (procs[p]);
    }

  {
    g_auto(Run) run = cli (fixture, "member", "list", "Team", "--status", "registered", "--json", NULL);
    g_autoptr(JsonNode) root = parse_json (run.out);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, SEATS);
  }
  {
    g_auto(Run) run = cli (fixture, "waitlist", "Team", "--json", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpuint (json_array_length_of (run.out, "waiting"), ==, 2 * EACH - SEATS);
  }
  {
    g_auto(Run) run = cli (fixture, "check", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
}

/* Two coordinators move the same members at once: one does it; the other
 * either finds them moved already (nothing to do) or, having read them
 * before the first one wrote, is refused as a conflict with nothing
 * written, and says so. Never a member moved twice or half a change. */
static void
test_two_processes_same_members (Fixture       *fixture,
                                 gconstpointer  data)
{
  enum { MEMBERS = 400 };
  const char *approve[] = { "--db", fixture->db, "status", "set", "Team", "registered", "--from", "invited", NULL };
  const char *reject[] = { "--db", fixture->db, "status", "set", "Team", "rejected", "--from", "invited", NULL };
  GSubprocess *procs[2];
  guint refused = 0;

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Team", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  import_invited (fixture, MEMBERS);

  procs[0] = start_cli (NULL, NULL, approve);
  procs[1] = start_cli (NULL, NULL, reject);
  for (guint p = 0; p < 2; p++)
    {
      g_auto(Run) run = finish_cli (procs[p], 120);

      if (run.status != 0)
        {
          g_assert_cmpint (run.status, ==, 1);
          g_assert_nonnull (strstr (run.err, "Someone else changed"));
          refused++;
        }
      g_object_unref (procs[p]);
    }
  g_assert_cmpuint (refused, <=, 1);

  /* Everyone moved once, all by one of the two. */
  {
    g_auto(Run) reg = cli (fixture, "member", "list", "Team", "--status", "registered", "--json", NULL);
    g_auto(Run) rej = cli (fixture, "member", "list", "Team", "--status", "rejected", "--json", NULL);
    g_autoptr(JsonNode) a = parse_json (reg.out);
    g_autoptr(JsonNode) b = parse_json (rej.out);
    guint n_reg = json_array_get_length (json_node_get_array (a));
    guint n_rej = json_array_get_length (json_node_get_array (b));

    g_assert_cmpuint (n_reg + n_rej, ==, MEMBERS);
    g_assert_true (n_reg == 0 || n_rej == 0);
  }
  {
    g_auto(Run) run = cli (fixture, "check", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
}

/* Several processes creating the same new database at once all succeed
 * (one used to fail with "table channels already exists"), and the file
 * has each one's program and one channel. */
static void
test_concurrent_create (Fixture       *fixture,
                        gconstpointer  data)
{
  enum { ROUNDS = 20, PROCESSES = 3 };

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *path = turnout_test_temp_db_path ();
      g_autofree char *problem = NULL;
      g_autoptr(GError) error = NULL;
      GSubprocess *procs[PROCESSES];
      TurnoutDb *db;

      for (guint i = 0; i < PROCESSES; i++)
        {
          g_autofree char *name = g_strdup_printf ("Program %u", i);
          const char *args[] = { "--db", path, "program", "add", name, NULL };

          procs[i] = start_cli (NULL, NULL, args);
        }
      for (guint i = 0; i < PROCESSES; i++)
        {
          g_auto(Run) run = finish_cli (procs[i], 60);

          if (run.status != 0)
            g_error ("round %u, process %u: exit %d: %s", round, i, run.status, run.err);
          g_object_unref (procs[i]);
        }

      db = turnout_test_open_db (path);
      g_assert_true (turnout_db_check_integrity (db, &problem, &error));
      g_assert_no_error (error);
      g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM programs"), ==, PROCESSES);
      g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM channels"), ==, 1);
      g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM channel_statuses"), ==, 10);
      turnout_db_close (db);
    }
}

/* People's data is private, with the usual umask 022: the default data
 * folder is made 0700 even when someone else made it, a folder Turnout
 * makes for --db is 0700, the database 0600; a folder the user chose
 * keeps its mode. */
static void
test_private_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = turnout_test_files_dir (fixture->db);
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *data_dir = g_build_filename (data_home, "turnout", NULL);
  g_autofree char *default_db = g_build_filename (data_dir, "turnout.db", NULL);
  g_autofree char *made = g_build_filename (dir, "made", "for-it", NULL);
  g_autofree char *made_db = g_build_filename (made, "turnout.db", NULL);
  g_autofree char *chosen = g_build_filename (dir, "chosen", NULL);
  g_autofree char *chosen_db = g_build_filename (chosen, "turnout.db", NULL);
  g_auto(GStrv) env = g_environ_unsetenv (g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", data_home, TRUE),
                                          "TURNOUT_DB");
  mode_t saved = umask (022);

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (chosen, 0755), ==, 0);
  {
    const char *args[] = { "program", "add", "P", NULL };
    g_autoptr(GSubprocess) proc = start_cli (NULL, env, args);
    g_auto(Run) run = finish_cli (proc, 30);

    g_assert_cmpint (run.status, ==, 0);
  }
  {
    const char *args[] = { "--db", made_db, "program", "add", "P", NULL };
    g_autoptr(GSubprocess) proc = start_cli (NULL, NULL, args);
    g_auto(Run) run = finish_cli (proc, 30);

    g_assert_cmpint (run.status, ==, 0);
  }
  {
    const char *args[] = { "--db", chosen_db, "program", "add", "P", NULL };
    g_autoptr(GSubprocess) proc = start_cli (NULL, NULL, args);
    g_auto(Run) run = finish_cli (proc, 30);

    g_assert_cmpint (run.status, ==, 0);
  }
  umask (saved);

  g_assert_cmpuint (file_mode (data_dir), ==, 0700);
  g_assert_cmpuint (file_mode (default_db), ==, 0600);
  g_assert_cmpuint (file_mode (made), ==, 0700);
  g_assert_cmpuint (file_mode (made_db), ==, 0600);
  g_assert_cmpuint (file_mode (chosen), ==, 0755);
  g_assert_cmpuint (file_mode (chosen_db), ==, 0600);
}

/* The import reads only a regular file: a FIFO is refused at once (it
 * used to wait for a writer for ever) and so is a folder, by name. */
static void
test_import_not_regular (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *dir = turnout_test_files_dir (fixture->db);
  g_autofree char *fifo = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.csv", NULL);
  const char *paths[] = { fifo, folder };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  {
    g_auto(Run) run = cli (fixture, "program", "add", "P", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *args[] = { "--db", fixture->db, "import", "P", paths[i], NULL };
      g_autoptr(GSubprocess) proc = start_cli (NULL, NULL, args);
      g_auto(Run) run = finish_cli (proc, 10);
      g_autofree char *expected = g_strdup_printf ("%s is not a regular file", paths[i]);

      assert_failure_line (&run, expected);
    }
}

/* An exported file's mode is the user's umask's, not a forced 0644. */
static void
test_export_umask (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = turnout_test_files_dir (fixture->db);
  g_autofree char *csv = g_build_filename (dir, "export.csv", NULL);
  mode_t saved;

  {
    g_auto(Run) run = cli (fixture, "program", "add", "P", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  saved = umask (002);
  {
    g_auto(Run) run = cli (fixture, "export", "P", csv, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  umask (saved);
  g_assert_cmpuint (file_mode (csv), ==, 0664);
}

/* What ON24 counted besides minutes comes in --json (null where it
 * reported nothing) and in the export's columns. */
static void
test_engagement_keys (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *dir = turnout_test_files_dir (fixture->db);
  g_autofree char *csv = g_build_filename (dir, "engagement.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Launch", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "add", "Launch", "ann@example.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "add", "Launch", "bob@example.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  exec_on (fixture->db, "UPDATE memberships SET asked_questions = 2, answered_polls = 1,"
           " answered_surveys = 0, resources_downloaded = 3, launch_mode = 'Web'"
           " WHERE person_id = (SELECT id FROM people WHERE email = 'ann@example.com')");

  {
    g_auto(Run) run = cli (fixture, "member", "list", "Launch", "--json", NULL);
    JsonArray *members;

    g_assert_cmpint (run.status, ==, 0);
    root = parse_json (run.out);
    members = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (members), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *member = json_array_get_object_element (members, i);
        gboolean ann = g_str_equal (json_object_get_string_member (member, "email"), "ann@example.com");
        const char *keys[] = { "asked_questions", "answered_polls", "answered_surveys", "resources_downloaded" };
        const gint64 counts[] = { 2, 1, 0, 3 };

        for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
          {
            g_assert_true (json_object_has_member (member, keys[k]));
            if (ann)
              g_assert_cmpint (json_object_get_int_member (member, keys[k]), ==, counts[k]);
            else
              g_assert_true (json_object_get_null_member (member, keys[k]));
          }
        if (ann)
          g_assert_cmpstr (json_object_get_string_member (member, "launch_mode"), ==, "Web");
      }
  }

  {
    g_auto(Run) run = cli (fixture, "export", "Launch", csv, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents,
                            "Questions Asked,Polls Answered,Surveys Answered,Resources Downloaded,Launch Mode"));
  g_assert_nonnull (strstr (contents, ",2,1,0,3,Web"));
}

/* A reason of Turnout's own comes in --json as its words (status_reason)
 * and its key (status_reason_key); a typed reason has no key. */
static void
test_reason_keys (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonNode) members = NULL;
  JsonArray *list;

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Room", "--capacity", "1", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "add", "Room", "ann@example.com", "--status", "registered", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "add", "Room", "bob@example.com", "--status", "invited", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Room", "registered", "bob@example.com", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "status", "set", "Room", "attended", "ann@example.com",
                           "--reason", "Came in person", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "member", "list", "Room", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    members = parse_json (run.out);
  }
  list = json_node_get_array (members);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *member = json_array_get_object_element (list, i);
      const char *email = json_object_get_string_member (member, "email");

      if (g_str_equal (email, "bob@example.com"))
        {
          g_assert_cmpstr (json_object_get_string_member (member, "status"), ==, "wait-listed");
          g_assert_cmpstr (json_object_get_string_member (member, "status_reason"), ==,
                           "No seat is free (1 of 1 taken): wait listed");
          g_assert_cmpstr (json_object_get_string_member (member, "status_reason_key"), ==, "no-seat-wait-listed");
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (member, "status_reason"), ==, "Came in person");
          g_assert_false (json_object_has_member (member, "status_reason_key"));
        }
    }

  history = history_json (fixture, "Room", "bob@example.com");
  {
    JsonObject *last = json_array_get_object_element (history, json_array_get_length (history) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==,
                     "No seat is free (1 of 1 taken): wait listed");
    g_assert_cmpstr (json_object_get_string_member (last, "reason_key"), ==, "no-seat-wait-listed");
  }
}

/* ARGS with more arguments after them, as a NULL-terminated array. */
static GPtrArray *
args_with (const char *const *args,
           const char        *more,
           ...)
{
  GPtrArray *all = g_ptr_array_new ();
  va_list ap;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) args[i]);
  va_start (ap, more);
  for (const char *arg = more; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (all, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (all, NULL);
  return all;
}

static guint
count_member (JsonObject *object,
              const char *key)
{
  g_assert_true (json_object_has_member (object, key));
  return json_object_get_int_member (object, key);
}

/* Runs ARGS with --dry-run, plain and with --json: both write nothing and
 * say so; then runs ARGS for real, which reports the same counts and the
 * same members. Returns the number that would change. */
static guint
dry_then_real (Fixture           *fixture,
               const char *const *args,
               guint              wait_listed)
{
  g_autoptr(GPtrArray) dry_args = args_with (args, "--dry-run", NULL);
  g_autoptr(GPtrArray) json_args = args_with (args, "--dry-run", "--json", NULL);
  g_autofree char *before = turnout_test_dump_db (fixture->db);
  g_autofree char *after = NULL;
  g_autofree char *dry_counts = NULL;
  g_autofree char *real_counts = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) dry = cli_strv (fixture, (const char *const *) dry_args->pdata);
  g_auto(Run) dry_json = { 0 };
  g_auto(Run) real = { 0 };
  JsonObject *object;
  guint changed, removed, skipped, refused;

  g_assert_cmpint (dry.status, ==, 0);
  g_assert_true (g_str_has_prefix (dry.out, "Dry run, nothing was written: "));
  after = turnout_test_dump_db (fixture->db);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  dry_json = cli_strv (fixture, (const char *const *) json_args->pdata);
  g_assert_cmpint (dry_json.status, ==, 0);
  root = parse_json (dry_json.out);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "dry_run"));
  changed = count_member (object, "changed");
  removed = count_member (object, "removed");
  skipped = count_member (object, "skipped");
  refused = count_member (object, "refused");
  g_assert_cmpuint (count_member (object, "wait_listed"), ==, wait_listed);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "members")), ==,
                    changed + removed + skipped + refused);
  after = turnout_test_dump_db (fixture->db);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* The plain dry run counts as the JSON does, and the real run then
   * reports the same, member by member. */
  dry_counts = g_strdup_printf ("%u would change", changed);
  g_assert_nonnull (strstr (dry.out, dry_counts));
  g_clear_pointer (&dry_counts, g_free);
  dry_counts = g_strdup_printf ("%u would be skipped, %u would be refused\n", skipped, refused);
  g_assert_nonnull (strstr (dry.out, dry_counts));

  real = cli_strv (fixture, args);
  g_assert_cmpint (real.status, ==, dry.status);
  if (removed > 0)
    real_counts = g_strdup_printf ("%u changed, %u removed, %u skipped, %u refused\n", changed, removed, skipped, refused);
  else
    real_counts = g_strdup_printf ("%u changed, %u skipped, %u refused\n", changed, skipped, refused);
  g_assert_true (g_str_has_prefix (real.out, real_counts));
  g_assert_cmpstr (strchr (real.out, '\n'), ==, strchr (dry.out, '\n'));

  after = turnout_test_dump_db (fixture->db);
  if (changed + removed > 0)
    g_assert_cmpstr (after, !=, before);
  return changed + removed;
}

/* --dry-run on every command that changes statuses: the counts of the
 * real run, and the database's contents unchanged. */
static void
test_dry_run (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct { const char *email, *status; } people[] = {
    { "r1@example.com", "registered" }, { "r2@example.com", "registered" },
    { "a1@example.com", "pending-approval" }, { "a2@example.com", "pending-approval" },
    { "a3@example.com", "pending-approval" }, { "i1@example.com", "invited" },
    { "i2@example.com", "invited" }, { "x1@example.com", "attended" },
  };
  const char *approve[] = { "approve", "Room", "a1@example.com", "a2@example.com", "--reason", "Approved", NULL };
  const char *reject[] = { "reject", "Room", "--all", NULL };
  const char *remove[] = { "status", "set", "Room", "not-in-program", "r1@example.com", NULL };
  const char *back[] = { "status", "set", "Room", "invited", "x1@example.com", "r2@example.com",
                         "nobody@example.com", NULL };
  const char *promote[] = { "waitlist", "promote", "Room", NULL };
  const char *batch[] = { "batch", "Room", "registered", "--status", "invited", NULL };

  {
    g_auto(Run) run = cli (fixture, "program", "add", "Room", "--capacity", "4", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = cli (fixture, "waitlist", "auto", "Room", "off", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_auto(Run) run = cli (fixture, "member", "add", "Room", people[i].email, "--status", people[i].status, NULL);
      g_assert_cmpint (run.status, ==, 0);
    }

  /* Three seats taken of four (r1, r2, x1): a1 gets the last, a2 waits. */
  g_assert_cmpuint (dry_then_real (fixture, approve, 1), ==, 2);
  g_assert_cmpuint (dry_then_real (fixture, reject, 0), ==, 1);
  g_assert_cmpuint (dry_then_real (fixture, remove, 0), ==, 1);
  /* Refusals and an unknown address are counted, not written. */
  dry_then_real (fixture, back, 0);
  /* r1's seat went free: a2 takes it. */
  g_assert_cmpuint (dry_then_real (fixture, promote, 0), ==, 1);
  /* No seat left: both invited wait. */
  g_assert_cmpuint (dry_then_real (fixture, batch, 2), ==, 2);

  /* A dry run fails as the real run would, writing nothing either. */
  {
    g_autofree char *before = turnout_test_dump_db (fixture->db);
    g_autofree char *after = NULL;
    g_auto(Run) run = cli (fixture, "approve", "Room", "nobody@example.com", "--dry-run", NULL);

    assert_failure_line (&run, "nobody@example.com");
    after = turnout_test_dump_db (fixture->db);
    g_assert_cmpstr (after, ==, before);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);
  g_test_add ("/cli/programs", Fixture, NULL, fixture_set_up, test_programs, fixture_tear_down);
  g_test_add ("/cli/whole-flow", Fixture, NULL, fixture_set_up, test_whole_flow, fixture_tear_down);
  g_test_add ("/cli/bulk-from-and-filters", Fixture, NULL, fixture_set_up, test_bulk_from_and_filters, fixture_tear_down);
  g_test_add ("/cli/failures", Fixture, NULL, fixture_set_up, test_failures, fixture_tear_down);
  g_test_add ("/cli/not-a-database", Fixture, NULL, fixture_set_up, test_not_a_database, fixture_tear_down);
  g_test_add ("/cli/memory-refused", Fixture, NULL, fixture_set_up, test_memory_refused, fixture_tear_down);
  g_test_add ("/cli/concurrent-create", Fixture, NULL, fixture_set_up, test_concurrent_create, fixture_tear_down);
  g_test_add ("/cli/two-processes-one-seat-limit", Fixture, NULL, fixture_set_up, test_two_processes_one_seat_limit,
              fixture_tear_down);
  g_test_add ("/cli/two-processes-same-members", Fixture, NULL, fixture_set_up, test_two_processes_same_members,
              fixture_tear_down);
  g_test_add ("/cli/private-files", Fixture, NULL, fixture_set_up, test_private_files, fixture_tear_down);
  g_test_add ("/cli/import-not-regular", Fixture, NULL, fixture_set_up, test_import_not_regular, fixture_tear_down);
  g_test_add ("/cli/export-umask", Fixture, NULL, fixture_set_up, test_export_umask, fixture_tear_down);
  g_test_add ("/cli/engagement-keys", Fixture, NULL, fixture_set_up, test_engagement_keys, fixture_tear_down);
  g_test_add ("/cli/unprintable-text", Fixture, NULL, fixture_set_up, test_unprintable_text, fixture_tear_down);
  g_test_add ("/cli/reason-keys", Fixture, NULL, fixture_set_up, test_reason_keys, fixture_tear_down);
  g_test_add ("/cli/dry-run", Fixture, NULL, fixture_set_up, test_dry_run, fixture_tear_down);

  return g_test_run ();
}
