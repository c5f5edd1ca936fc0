/* test-on24-keyring.c: the ON24 tokens in a real Secret Service (run by
 * run-with-keyring.sh inside its own D-Bus session): stored, found, used
 * for a push, overridden by the environment, and never in the database. */
#include "config.h"

#include <string.h>

#include "turnout-on24-credentials.h"
#include "turnout-on24-service.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

static void
test_store_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (turnout_on24_credentials_store_sync (TEST_CLIENT_ID, TEST_KEY, TEST_SECRET, NULL, &error));
  g_assert_no_error (error);

  turnout_on24_credentials_lookup_async (TEST_CLIENT_ID, NULL, turnout_test_store_result, &result);
  g_assert_true (turnout_on24_credentials_lookup_finish (turnout_test_wait_result (&result), &key, &secret, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  g_assert_cmpstr (secret, ==, TEST_SECRET);
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&secret, g_free);

  /* Another account has none. */
  g_assert_true (turnout_on24_credentials_lookup_sync ("777", &key, &secret, NULL, &error));
  g_assert_null (key);
  g_assert_null (secret);

  /* The environment wins, for automation. */
  g_setenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY, "envkey", TRUE);
  g_setenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET, "envsecret", TRUE);
  g_assert_true (turnout_on24_credentials_lookup_sync (TEST_CLIENT_ID, &key, &secret, NULL, &error));
  g_assert_cmpstr (key, ==, "envkey");
  g_unsetenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY);
  g_unsetenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET);
}

static void
test_push_with_keyring_tokens (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutOn24Sender) sender = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 program_id;

  turnout_on24_credentials_store_sync (TEST_CLIENT_ID, TEST_KEY, TEST_SECRET, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (turnout_db_set_setting (db, TURNOUT_ON24_SETTING_BASE_URL, turnout_on24_sim_get_base_url (sim), NULL));
  g_assert_true (turnout_db_set_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, TEST_CLIENT_ID, NULL));
  program_id = turnout_test_add_linked_program (db, "Launch", NULL);
  turnout_test_add_person (db, program_id, "kim@example.com", "registered");

  /* The account as the app loads it: settings from the store, tokens from
   * the keyring, on the store's thread. */
  store = turnout_test_store_open (path);
  turnout_on24_account_client_async (store, NULL, turnout_test_store_result, &result);
  client = turnout_on24_account_client_finish (turnout_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  sender = turnout_on24_sender_new (store);
  turnout_on24_sender_set_client (sender, client);
  turnout_on24_sender_flush_async (sender, 0, NULL, turnout_test_store_result, &result);
  outcomes = turnout_on24_sender_flush_finish (sender, turnout_test_wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);
  g_assert_cmpint (((TurnoutPushOutcome *) outcomes->pdata[0])->kind, ==, TURNOUT_PUSH_OUTCOME_CONFIRMED);

  turnout_db_close (db);
  g_clear_object (&sender);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, TEST_KEY));
  g_assert_null (g_strstr_len (contents, length, TEST_SECRET));
  g_clear_pointer (&contents, g_free);
  if (g_file_get_contents (wal, &contents, &length, NULL))
    {
      g_assert_null (g_strstr_len (contents, length, TEST_KEY));
      g_assert_null (g_strstr_len (contents, length, TEST_SECRET));
    }
}

static void
test_cli_tokens_stdin (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  const char *cli = g_getenv ("TURNOUT_CLI");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY);
  g_subprocess_launcher_unsetenv (launcher, TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", path, "account", "set",
                                         "--client-id", "5150", "--tokens-stdin", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, TEST_KEY "\n" TEST_SECRET "\n", NULL, &out, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_null (strstr (out, TEST_KEY));
  g_assert_null (strstr (err, TEST_SECRET));

  g_assert_true (turnout_on24_credentials_lookup_sync ("5150", &key, &secret, NULL, &error));
  g_assert_cmpstr (key, ==, TEST_KEY);
  g_assert_cmpstr (secret, ==, TEST_SECRET);

  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", path, "account", "show", NULL);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_nonnull (strstr (out, "Access tokens: in the keyring"));
  g_assert_null (strstr (out, TEST_KEY));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Only inside run-with-keyring.sh. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a D-Bus session with a keyring (run through run-with-keyring.sh)");
      return g_test_run ();
    }

  g_test_add_func ("/on24/keyring/store-and-lookup", test_store_and_lookup);
  g_test_add_func ("/on24/keyring/push-with-keyring-tokens", test_push_with_keyring_tokens);
  g_test_add_func ("/on24/keyring/cli-tokens-stdin", test_cli_tokens_stdin);

  return g_test_run ();
}
