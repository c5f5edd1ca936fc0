/* SPDX-License-Identifier: GPL-3.0-or-later */
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

  g_assert_true (turnout_on24_credentials_store_sync (NULL, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET, NULL, &error));
  g_assert_no_error (error);

  turnout_on24_credentials_lookup_async (NULL, TEST_CLIENT_ID, NULL, turnout_test_store_result, &result);
  g_assert_true (turnout_on24_credentials_lookup_finish (turnout_test_wait_result (&result), &key, &secret, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  g_assert_cmpstr (secret, ==, TEST_SECRET);
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&secret, g_free);

  /* Another account has none. */
  g_assert_true (turnout_on24_credentials_lookup_sync (NULL, "777", &key, &secret, NULL, &error));
  g_assert_null (key);
  g_assert_null (secret);

  /* The environment wins, for automation. */
  g_setenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY, "envkey", TRUE);
  g_setenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET, "envsecret", TRUE);
  g_assert_true (turnout_on24_credentials_lookup_sync (NULL, TEST_CLIENT_ID, &key, &secret, NULL, &error));
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

  turnout_on24_credentials_store_sync (turnout_on24_sim_get_base_url (sim), TEST_CLIENT_ID, TEST_KEY, TEST_SECRET,
                                       NULL, &error);
  g_assert_no_error (error);
  turnout_test_set_account (db, turnout_on24_sim_get_base_url (sim));
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

  g_assert_true (turnout_on24_credentials_lookup_sync (NULL, "5150", &key, &secret, NULL, &error));
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

/* The tokens belong to an address and a client id: another address with
 * the same client id (another host, another port, another scheme) has
 * none, and two spellings of one address share them. */
static void
test_keyed_by_address (void)
{
  g_autoptr(GError) error = NULL;
  const char *elsewhere[] = {
    "https://evil.example/v2", "https://api.on24.com:8443/v2", "http://127.0.0.1:8080/v2",
    "https://api.eu.on24.com/v2", "http://api.on24.com/v2",
  };

  g_assert_true (turnout_on24_credentials_store_sync ("https://api.on24.com/v2", "4242", TEST_KEY, TEST_SECRET,
                                                      NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *secret = NULL;

      g_assert_true (turnout_on24_credentials_lookup_sync (elsewhere[i], "4242", &key, &secret, NULL, &error));
      g_assert_no_error (error);
      g_assert_null (key);
      g_assert_null (secret);
    }

  {
    g_autofree char *key = NULL;
    g_autofree char *secret = NULL;

    g_assert_true (turnout_on24_credentials_lookup_sync (" HTTPS://API.on24.com:443/v2/ ", "4242", &key, &secret,
                                                         NULL, &error));
    g_assert_cmpstr (key, ==, TEST_KEY);
    g_assert_cmpstr (secret, ==, TEST_SECRET);
  }

  /* Nothing is stored for an address that may never receive them. */
  g_assert_false (turnout_on24_credentials_store_sync ("http://example.com/v2", "4242", TEST_KEY, TEST_SECRET,
                                                       NULL, &error));
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
}

/* A database from elsewhere, naming another address with the same client
 * id: the app's account loading finds no tokens for it. */
static void
test_database_elsewhere (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *other = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;

  g_assert_true (turnout_on24_credentials_store_sync (turnout_on24_sim_get_base_url (sim), TEST_CLIENT_ID,
                                                      TEST_KEY, TEST_SECRET, NULL, &error));
  other = g_strdup_printf ("http://127.0.0.1:%u/v2", turnout_on24_sim_get_port (sim) + 1);
  turnout_test_set_account (db, other);

  client = turnout_on24_account_client_sync (db, &error);
  g_assert_null (client);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "access token"));
  g_clear_error (&error);

  /* Its own address has them. */
  g_assert_true (turnout_db_set_setting (db, TURNOUT_ON24_SETTING_BASE_URL, turnout_on24_sim_get_base_url (sim), NULL));
  client = turnout_on24_account_client_sync (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
  turnout_db_close (db);
}

/* How an older Turnout stored them: by client id alone. */
static const SecretSchema *
legacy_schema (void)
{
  static const SecretSchema schema = {
    "io.github.turnoutapp.Turnout.On24Token", SECRET_SCHEMA_NONE,
    {
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "token", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Old items were made for ON24 itself: read for the default address only,
 * and gone once new tokens are stored there. */
static void
test_legacy_items (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;

  g_assert_true (secret_password_store_sync (legacy_schema (), SECRET_COLLECTION_DEFAULT, "old key", "oldkey",
                                             NULL, &error, "client-id", "6060", "token", "key", NULL));
  g_assert_true (secret_password_store_sync (legacy_schema (), SECRET_COLLECTION_DEFAULT, "old secret", "oldsecret",
                                             NULL, &error, "client-id", "6060", "token", "secret", NULL));
  g_assert_no_error (error);

  g_assert_true (turnout_on24_credentials_lookup_sync ("https://elsewhere.example/v2", "6060", &key, &secret,
                                                       NULL, &error));
  g_assert_null (key);
  g_assert_null (secret);
  g_assert_true (turnout_on24_credentials_lookup_sync ("http://127.0.0.1:9/v2", "6060", &key, &secret, NULL, &error));
  g_assert_null (key);

  g_assert_true (turnout_on24_credentials_lookup_sync (NULL, "6060", &key, &secret, NULL, &error));
  g_assert_cmpstr (key, ==, "oldkey");
  g_assert_cmpstr (secret, ==, "oldsecret");
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&secret, g_free);

  /* New tokens for the default address replace them; cleared, nothing
   * old comes back. */
  g_assert_true (turnout_on24_credentials_store_sync (TURNOUT_ON24_DEFAULT_BASE_URL, "6060", TEST_KEY, TEST_SECRET,
                                                      NULL, &error));
  g_assert_true (turnout_on24_credentials_lookup_sync (NULL, "6060", &key, &secret, NULL, &error));
  g_assert_cmpstr (key, ==, TEST_KEY);
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&secret, g_free);
  g_assert_true (turnout_on24_credentials_store_sync (NULL, "6060", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (turnout_on24_credentials_lookup_sync (NULL, "6060", &key, &secret, NULL, &error));
  g_assert_null (key);
  g_assert_null (secret);
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
  g_test_add_func ("/on24/keyring/keyed-by-address", test_keyed_by_address);
  g_test_add_func ("/on24/keyring/database-elsewhere", test_database_elsewhere);
  g_test_add_func ("/on24/keyring/legacy-items", test_legacy_items);

  return g_test_run ();
}
