/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-cli.c: turnout-cli's ON24 commands as a user runs them, against
 * the simulator over loopback; a push queued before a SIGKILL is sent after
 * restart; the tokens never show in output or in the database file. */

#include "config.h"

#include <signal.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "turnout-channel.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

typedef struct
{
  GSubprocess *process;
  char        *out;
  char        *err;
  gboolean     done;
} Run;

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, NULL);
  run->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

static GSubprocess *
spawn_cli (const char  *db,
           const char  *stdin_text,
           const char **args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       (stdin_text ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "TURNOUT_ON24_ACCESS_TOKEN_KEY", TEST_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "TURNOUT_ON24_ACCESS_TOKEN_SECRET", TEST_SECRET, TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("TURNOUT_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs the CLI while this process's main loop serves the simulator. */
static int
cli (const char  *db,
     char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  Run run = { 0 };
  va_list ap;
  int status;

  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run.process = spawn_cli (db, NULL, (const char **) args->pdata);
  g_subprocess_communicate_utf8_async (run.process, NULL, NULL, on_communicated, &run);
  turnout_test_spin_until (run_done, &run, 60000);
  status = g_subprocess_get_exit_status (run.process);

  /* Never, in any output. */
  g_assert_null (strstr (run.out, TEST_KEY));
  g_assert_null (strstr (run.out, TEST_SECRET));
  g_assert_null (strstr (run.err, TEST_KEY));
  g_assert_null (strstr (run.err, TEST_SECRET));

  if (out)
    *out = g_steal_pointer (&run.out);
  if (err)
    *err = g_steal_pointer (&run.err);
  g_free (run.out);
  g_free (run.err);
  g_object_unref (run.process);
  return status;
}

static void
assert_file_has_no_tokens (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  g_assert_null (g_strstr_len (contents, length, TEST_KEY));
  g_assert_null (g_strstr_len (contents, length, TEST_SECRET));
}

static char *
setup_db (TurnoutOn24Sim *sim)
{
  char *db = turnout_test_temp_db_path ();
  g_autofree char *url = g_strdup (turnout_on24_sim_get_base_url (sim));
  g_autofree char *end = turnout_test_iso_from_now (-3 * 3600);
  g_autofree char *start = turnout_test_iso_from_now (-5 * 3600);
  g_autofree char *out = NULL;

  g_assert_cmpint (cli (db, NULL, NULL, "program", "add", "Launch", "--on24-event", "311512",
                        "--live-start", start, "--live-end", end, NULL), ==, 0);
  g_assert_cmpint (cli (db, &out, NULL, "account", "set", "--url", url, "--client-id", TEST_CLIENT_ID, NULL), ==, 0);
  g_assert_cmpint (cli (db, NULL, NULL, "member", "add", "Launch", "anna@example.com",
                        "--first-name", "Anna", "--last-name", "Jansen", "--status", "registered", NULL), ==, 0);
  g_assert_cmpint (cli (db, NULL, NULL, "member", "add", "Launch", "bram@example.com",
                        "--first-name", "Bram", "--status", "registered", NULL), ==, 0);
  g_assert_cmpint (cli (db, NULL, NULL, "member", "add", "Launch", "absent@example.com",
                        "--first-name", "Ab", "--last-name", "Sent", "--status", "registered", NULL), ==, 0);
  return db;
}

static void
test_account_validation (void)
{
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (cli (db, NULL, &err, "account", "set", "--url", "http://api.on24.com/v2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "https://"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, NULL, &err, "account", "set", "--client-id", "abc", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "must be a number"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, NULL, NULL, "account", "set", NULL), ==, 2);
  g_assert_cmpint (cli (db, NULL, NULL, "account", "set", "--url", "https://api.eu.on24.com/v2",
                        "--client-id", "22921", NULL), ==, 0);
  g_assert_cmpint (cli (db, &out, NULL, "account", "show", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"base_url\" : \"https://api.eu.on24.com/v2\""));
  g_assert_nonnull (strstr (out, "from the environment"));
}

static void
test_sync_and_refresh (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL,
    "[{\"email\":\"anna@example.com\",\"liveminutes\":40},{\"email\":\"newcomer@example.com\",\"archiveminutes\":9}]");
  g_autofree char *db = setup_db (sim);
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *json = NULL;
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  /* Bram has no last name, which the event requires. */
  g_assert_cmpint (cli (db, &out, NULL, "sync", "Launch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "anna@example.com: confirmed (eventuserid"));
  g_assert_nonnull (strstr (out, "bram@example.com: Registration Error: ON24 refused: Required field 'lastname' is missing"));
  g_assert_nonnull (strstr (out, "2 confirmed, 1 refused, 0 waiting"));

  g_assert_cmpint (cli (db, &json, NULL, "refresh", "Launch", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "attended"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "attended_on_demand"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "no_show"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "added"), ==, 1);

  g_assert_cmpint (cli (db, &out2, NULL, "refresh", "Launch", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "0 Attended, 0 Attended On-demand, 0 No Show, 0 added, 2 unchanged"));

  assert_file_has_no_tokens (db);
  assert_file_has_no_tokens (wal);
}

/* refresh --dry-run fetches from ON24 and counts what the refresh would
 * do, exactly as the refresh after it does, and writes nothing. */
static void
test_refresh_dry_run (void)
{
  static const char *keys[] = { "attended", "attended_on_demand", "no_show", "added", "unchanged", "blocked",
                                "ignored_removed", "no_show_pending" };
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL,
    "[{\"email\":\"anna@example.com\",\"liveminutes\":40},{\"email\":\"newcomer@example.com\",\"archiveminutes\":9}]");
  g_autofree char *db = setup_db (sim);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dry_json = NULL;
  g_autofree char *real_json = NULL;
  g_autofree char *real_out = NULL;
  g_autoptr(JsonParser) dry_parser = json_parser_new ();
  g_autoptr(JsonParser) real_parser = json_parser_new ();
  JsonObject *dry, *real;

  g_assert_cmpint (cli (db, NULL, NULL, "sync", "Launch", NULL), ==, 0);
  before = turnout_test_dump_db (db);

  g_assert_cmpint (cli (db, &out, NULL, "refresh", "Launch", "--dry-run", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Dry run, nothing was written; a refresh now would give: "
                            "1 Attended, 1 Attended On-demand, 1 No Show, 1 added, 0 unchanged\n");
  after = turnout_test_dump_db (db);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  g_assert_cmpint (cli (db, &dry_json, NULL, "refresh", "Launch", "--dry-run", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (dry_parser, dry_json, -1, NULL));
  dry = json_node_get_object (json_parser_get_root (dry_parser));
  g_assert_true (json_object_get_boolean_member (dry, "dry_run"));
  after = turnout_test_dump_db (db);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* The refresh itself: the same counts, now written. */
  g_assert_cmpint (cli (db, &real_json, NULL, "refresh", "Launch", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (real_parser, real_json, -1, NULL));
  real = json_node_get_object (json_parser_get_root (real_parser));
  g_assert_false (json_object_has_member (real, "dry_run"));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpint (json_object_get_int_member (dry, keys[i]), ==, json_object_get_int_member (real, keys[i]));
  g_assert_cmpint (json_object_get_int_member (real, "attended"), ==, 1);
  after = turnout_test_dump_db (db);
  g_assert_cmpstr (after, !=, before);

  /* Once refreshed, a dry run finds nothing left to do. */
  g_assert_cmpint (cli (db, &real_out, NULL, "refresh", "Launch", "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (real_out, "would give: 0 Attended, 0 Attended On-demand, 0 No Show, 0 added, 2 unchanged"));
}

/* Rows of people ON24 has removed are counted in the text and the JSON. */
static void
test_refresh_removed (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL,
    "[{\"email\":\"anna@example.com\",\"liveminutes\":40},"
    " {\"email\":\"soft@example.com\",\"userstatus\":\"deleted\",\"liveminutes\":30},"
    " {\"email\":\"erased@example.com\",\"userstatus\":\"forgotten\",\"archiveminutes\":9}]");
  g_autofree char *db = setup_db (sim);
  g_autofree char *dry = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_cmpint (cli (db, &dry, NULL, "refresh", "Launch", "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (dry, ", 2 ignored: removed at ON24"));

  g_assert_cmpint (cli (db, &json, NULL, "refresh", "Launch", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "ignored_removed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "added"), ==, 0);
}

static void
test_refresh_fault_message (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, "[]");
  g_autofree char *db = setup_db (sim);
  g_autofree char *err = NULL;

  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"truncated\",\"path\":\"attendee\"}", NULL);
  g_assert_cmpint (cli (db, NULL, &err, "refresh", "Launch", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "turnout-cli: ON24’s answer for the attendees was cut off before its end"));
  g_assert_null (strchr (err, '\n') == err + strlen (err) - 1 ? NULL : strchr (err, '\n'));
  g_clear_pointer (&err, g_free);

  /* A dry run fails as the refresh does. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"truncated\",\"path\":\"attendee\"}", NULL);
  g_assert_cmpint (cli (db, NULL, &err, "refresh", "Launch", "--dry-run", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "turnout-cli: ON24’s answer for the attendees was cut off before its end"));
}

static gboolean
request_arrived (gpointer data)
{
  return turnout_on24_sim_get_n_requests (data) > 0;
}

static void
test_sigkill_then_sync (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *db = setup_db (sim);
  g_autofree char *out = NULL;
  const char *args[] = { "sync", "Launch", NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutDb *handle;
  g_autofree char *problem = NULL;

  /* The first push hangs; the sender is killed while waiting for ON24. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"hang\"}", NULL);
  child = spawn_cli (db, NULL, args);
  turnout_test_spin_until (request_arrived, sim, 20000);
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  handle = turnout_test_open_db (db);
  g_assert_true (turnout_db_check_integrity (handle, &problem, &error));
  g_assert_cmpuint (turnout_db_count_outbox (handle, 0, "pending", NULL), ==, 3);
  turnout_db_close (handle);

  /* After the restart the pushes go out. */
  g_assert_cmpint (cli (db, &out, NULL, "sync", "Launch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "anna@example.com: confirmed"));
  g_assert_nonnull (strstr (out, "2 confirmed, 1 refused, 0 waiting"));
  g_assert_cmpuint (turnout_on24_sim_count_posts (sim, TEST_EVENT_ID, "anna@example.com"), ==, 1);
}

static void
test_sync_waits_for_retry_after (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *db = setup_db (sim);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"throttle\",\"retry_after\":1}", NULL);
  g_assert_cmpint (cli (db, &out, &err, "sync", "Launch", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Waiting"));
  g_assert_nonnull (strstr (out, "2 confirmed, 1 refused, 0 waiting"));
}

static void
test_sync_not_configured (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *err = NULL;

  g_assert_cmpint (cli (db, NULL, NULL, "program", "add", "Launch", "--on24-event", "311512", NULL), ==, 0);
  g_assert_cmpint (cli (db, NULL, &err, "sync", "Launch", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "client id"));
}

/* --tokens-stdin reads whole lines, however long: a key cut at a buffer's
 * size would be stored wrong without a word. Stored in a real keyring (a
 * D-Bus session of its own, as run-with-keyring.sh makes it), then used
 * by `event link` against a simulator that wants exactly those tokens. */
static void
test_tokens_stdin_long_lines (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "run-with-keyring.sh", NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) secret = g_string_new (NULL);
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(TurnoutOn24Sim) sim = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *session = g_find_program_in_path ("dbus-run-session");
  Run run = { 0 };

  if (keyring == NULL || session == NULL)
    {
      g_test_skip ("needs gnome-keyring-daemon and dbus-run-session");
      return;
    }

  for (guint i = 0; i < 3000; i++)
    g_string_append_c (key, "0123456789abcdef"[i % 16]);
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (secret, "fedcba9876543210"[i % 16]);
  scenario = g_strdup_printf ("{\"client_id\": \"" TEST_CLIENT_ID "\", \"access_token_key\": \"%s\","
                              " \"access_token_secret\": \"%s\", \"events\": [{\"eventid\": %d,"
                              " \"eventname\": \"Long tokens\"}]}", key->str, secret->str, TEST_EVENT_ID);
  sim = turnout_on24_sim_new_from_data (scenario, -1, &error);
  g_assert_no_error (error);
  g_assert_true (turnout_on24_sim_listen (sim, 0, &error));
  g_assert_cmpint (cli (db, NULL, NULL, "program", "add", "Launch", NULL), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "TURNOUT_ON24_ACCESS_TOKEN_KEY");
  g_subprocess_launcher_unsetenv (launcher, "TURNOUT_ON24_ACCESS_TOKEN_SECRET");
  run.process = g_subprocess_launcher_spawn (launcher, &error, "sh", script, "sh", "-c",
                                             "\"$0\" --db \"$1\" account set --url \"$2\" --client-id \"$3\" --tokens-stdin &&"
                                             " \"$0\" --db \"$1\" event link Launch \"$4\"",
                                             g_getenv ("TURNOUT_CLI"), db, turnout_on24_sim_get_base_url (sim),
                                             TEST_CLIENT_ID, G_STRINGIFY (TEST_EVENT_ID), NULL);
  g_assert_no_error (error);
  g_string_append_printf (input, "%s\n%s\n", key->str, secret->str);
  g_subprocess_communicate_utf8_async (run.process, input->str, NULL, on_communicated, &run);
  turnout_test_spin_until (run_done, &run, 60000);

  g_test_message ("out: %s\nerr: %s", run.out, run.err);
  g_assert_true (g_subprocess_get_if_exited (run.process));
  g_assert_cmpint (g_subprocess_get_exit_status (run.process), ==, 0);
  g_assert_nonnull (strstr (run.out, "Linked “Launch” to ON24 event 311512 “Long tokens”"));
  g_assert_null (strstr (run.out, key->str + 2000));
  g_assert_null (strstr (run.err, secret->str + 4000));
  g_free (run.out);
  g_free (run.err);
  g_object_unref (run.process);
}

/* The region is the base URL seen as ON24's data center: --region writes
 * its address, `account show` reads it back; a bad one changes nothing. */
static void
test_account_region (void)
{
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_cmpint (cli (db, NULL, NULL, "account", "set", "--region", "eu", "--client-id", "22921", NULL), ==, 0);
  g_assert_cmpint (cli (db, &out, NULL, "account", "show", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "region"), ==, "eu");
  g_assert_cmpstr (json_object_get_string_member (o, "base_url"), ==, "https://api.eu.on24.com/v2");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (db, &out, NULL, "account", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Region: Europe\n"));
  g_assert_nonnull (strstr (out, "Base URL: https://api.eu.on24.com/v2\n"));
  g_clear_pointer (&out, g_free);

  /* Not a region, or a region and an address: a clear error, nothing
   * written. */
  before = turnout_test_dump_db (db);
  g_assert_cmpint (cli (db, NULL, &err, "account", "set", "--region", "xx", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“xx” is not an ON24 region; use na (North America) or eu (Europe)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, NULL, &err, "account", "set", "--region", "custom", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is not an ON24 region"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (db, NULL, &err, "account", "set", "--region", "na", "--url", "https://api.on24.com/v2",
                        NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--region and --url exclude each other"));
  g_clear_pointer (&err, g_free);
  after = turnout_test_dump_db (db);
  g_assert_cmpstr (after, ==, before);

  /* North America, and an address of its own (as the simulator's). */
  g_assert_cmpint (cli (db, NULL, NULL, "account", "set", "--region", "NA", NULL), ==, 0);
  g_assert_cmpint (cli (db, &out, NULL, "account", "show", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"region\" : \"na\""));
  g_assert_nonnull (strstr (out, "\"base_url\" : \"https://api.on24.com/v2\""));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (db, NULL, NULL, "account", "set", "--url", "http://127.0.0.1:9/v2", NULL), ==, 0);
  g_assert_cmpint (cli (db, &out, NULL, "account", "show", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"region\" : \"custom\""));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (db, &out, NULL, "account", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Region: Custom\n"));
}

/* Tokens stay bound to their address: stored for North America, they are
 * not there for Europe, and `account set --region eu` says so; back in
 * North America they are found again. In a real keyring, as above. */
static void
test_account_region_tokens (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "run-with-keyring.sh", NULL);
  g_autofree char *db = turnout_test_temp_db_path ();
  g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *session = g_find_program_in_path ("dbus-run-session");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *eu, *na, *warning;
  Run run = { 0 };

  if (keyring == NULL || session == NULL)
    {
      g_test_skip ("needs gnome-keyring-daemon and dbus-run-session");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "TURNOUT_ON24_ACCESS_TOKEN_KEY");
  g_subprocess_launcher_unsetenv (launcher, "TURNOUT_ON24_ACCESS_TOKEN_SECRET");
  run.process = g_subprocess_launcher_spawn (launcher, &error, "sh", script, "sh", "-c",
                                             "\"$0\" --db \"$1\" account set --region na --client-id 22921 --tokens-stdin &&"
                                             " \"$0\" --db \"$1\" account set --region eu &&"
                                             " \"$0\" --db \"$1\" account show && echo ---"
                                             " && \"$0\" --db \"$1\" account set --region na &&"
                                             " \"$0\" --db \"$1\" account show",
                                             g_getenv ("TURNOUT_CLI"), db, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (run.process, TEST_KEY "\n" TEST_SECRET "\n", NULL, on_communicated, &run);
  turnout_test_spin_until (run_done, &run, 60000);

  g_test_message ("out: %s\nerr: %s", run.out, run.err);
  g_assert_cmpint (g_subprocess_get_exit_status (run.process), ==, 0);
  /* Once: back in North America the tokens are there. (The D-Bus session
   * may say things of its own on stderr.) */
  warning = strstr (run.err, "No access tokens stored for Europe; give this account’s tokens with --tokens-stdin\n");
  g_assert_nonnull (warning);
  g_assert_null (strstr (warning + 1, "No access tokens"));
  eu = run.out;
  na = strstr (run.out, "---\n");
  g_assert_nonnull (na);
  g_assert_nonnull (g_strstr_len (eu, na - eu, "Region: Europe\nBase URL: https://api.eu.on24.com/v2\n"));
  g_assert_nonnull (g_strstr_len (eu, na - eu, "Access tokens: not set\n"));
  g_assert_nonnull (strstr (na, "Region: North America\n"));
  g_assert_nonnull (strstr (na, "Access tokens: in the keyring\n"));
  g_assert_null (strstr (run.out, TEST_KEY));
  g_assert_null (strstr (run.out, TEST_SECRET));
  g_free (run.out);
  g_free (run.err);
  g_object_unref (run.process);
}

/* person forget: erased here (not a byte left in the file), kept out by
 * the next refresh while ON24 still lists them, asked of ON24 with
 * --on24; if ON24 cannot be asked, nothing is erased. */
static void
test_person_forget (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, "[{\"email\":\"anna@example.com\",\"liveminutes\":40}]");
  g_autofree char *db = setup_db (sim);
  g_autofree char *out = NULL, *err = NULL, *json = NULL, *list = NULL, *refresh = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) refresh_parser = json_parser_new ();
  JsonObject *o;

  g_assert_cmpint (cli (db, NULL, NULL, "sync", "Launch", NULL), ==, 0);
  g_assert_true (turnout_test_db_holds (db, "anna@example.com"));

  g_assert_cmpint (cli (db, &out, NULL, "person", "forget", "ANNA@example.com", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Forgotten: their personal data is erased from 1 program"));
  g_assert_nonnull (strstr (out, "run again with --on24"));
  g_assert_nonnull (strstr (out, "Exports made before"));
  g_assert_null (turnout_on24_sim_get_forget_form (sim));
  g_assert_false (turnout_test_db_holds (db, "anna@example.com"));
  g_assert_false (turnout_test_db_holds (db, "Jansen"));

  /* ON24 still lists her as an attendee: the refresh skips her. */
  g_assert_cmpint (cli (db, &refresh, NULL, "refresh", "Launch", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (refresh_parser, refresh, -1, NULL));
  o = json_node_get_object (json_parser_get_root (refresh_parser));
  g_assert_cmpint (json_object_get_int_member (o, "ignored_forgotten"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "added"), ==, 0);
  g_assert_cmpint (cli (db, &list, NULL, "member", "list", "Launch", NULL), ==, 0);
  g_assert_null (strstr (list, "anna@example.com"));
  g_assert_nonnull (strstr (list, "Forgotten person"));
  g_assert_false (turnout_test_db_holds (db, "anna@example.com"));

  g_assert_cmpint (cli (db, NULL, &err, "person", "forget", "anna@example.com", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "forgotten already"));
  g_clear_pointer (&err, g_free);

  /* ON24 cannot be asked: nothing is erased, the address is kept to ask again. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"status\",\"status\":503,\"path\":\"forget\",\"count\":10}", NULL);
  g_assert_cmpint (cli (db, NULL, &err, "person", "forget", "absent@example.com", "--on24", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "ON24 had a problem answering; try again later; nothing was erased"));
  g_assert_null (strstr (err, "absent@example.com"));
  g_assert_true (turnout_test_db_holds (db, "absent@example.com"));
  turnout_on24_sim_clear_faults (sim);

  /* ON24 had registered her (the sync above): it erases one registration. */
  g_assert_cmpint (cli (db, &json, NULL, "person", "forget", "absent@example.com", "--on24", "--json", NULL), ==, 0);
  g_assert_cmpstr (turnout_on24_sim_get_forget_form (sim), ==, "email=absent%40example.com&eventid=311512");
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (o, "on24_asked"));
  g_assert_cmpint (json_object_get_int_member (o, "on24_registrations_erased"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "programs"), ==, 1);
  g_assert_false (turnout_test_db_holds (db, "absent@example.com"));
  g_clear_pointer (&out, g_free);

  /* Bram was refused by ON24: it has nobody to forget, which is fine. */
  g_assert_cmpint (cli (db, &out, NULL, "person", "forget", "bram@example.com", "--on24", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ON24 was asked to forget them at 1 event; it erased 0 registrations"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/on24/cli/account-validation", test_account_validation);
  g_test_add_func ("/on24/cli/sync-and-refresh", test_sync_and_refresh);
  g_test_add_func ("/on24/cli/refresh-dry-run", test_refresh_dry_run);
  g_test_add_func ("/on24/cli/refresh-removed", test_refresh_removed);
  g_test_add_func ("/on24/cli/refresh-fault-message", test_refresh_fault_message);
  g_test_add_func ("/on24/cli/sigkill-then-sync", test_sigkill_then_sync);
  g_test_add_func ("/on24/cli/sync-waits-for-retry-after", test_sync_waits_for_retry_after);
  g_test_add_func ("/on24/cli/sync-not-configured", test_sync_not_configured);
  g_test_add_func ("/on24/cli/tokens-stdin-long-lines", test_tokens_stdin_long_lines);
  g_test_add_func ("/on24/cli/account-region", test_account_region);
  g_test_add_func ("/on24/cli/account-region-tokens", test_account_region_tokens);
  g_test_add_func ("/on24/cli/person-forget", test_person_forget);

  return g_test_run ();
}
