/* test-on24-client.c: the ON24 readers and client, against the simulator
 * over real HTTP on loopback, every fault ending in a clear error code. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "turnout-on24-json.h"
#include "turnout-test-on24.h"

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, TEST_KEY));
  g_assert_null (strstr (text, TEST_SECRET));
}

static void
test_parse_attendees_left_out (void)
{
  const char *body =
    "{\"eventid\":311512,\"totalattendees\":3,\"attendees\":["
    "{\"eventuserid\":1,\"email\":\"live@example.com\",\"isblocked\":\"N\",\"liveminutes\":40,\"liveviewed\":1,\"engagementscore\":8.5},"
    "{\"eventuserid\":2,\"email\":\"od@example.com\",\"isblocked\":\"N\",\"archiveminutes\":0.4,\"archiveviewed\":1},"
    "{\"eventuserid\":\"3\",\"email\":\"blocked@example.com\",\"isblocked\":\"Y\",\"liveminutes\":5},"
    "{\"eventuserid\":4},"
    "42]}";
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  g_autoptr(GError) error = NULL;
  TurnoutFeedAttendee *a;

  g_assert_true (turnout_on24_parse_attendees (body, strlen (body), feed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (feed->eventid, ==, 311512);
  g_assert_cmpuint (feed->attendees->len, ==, 3);

  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 0);
  g_assert_cmpint (a->liveminutes, ==, 40);
  g_assert_cmpint (a->archiveminutes, ==, -1);   /* left out, not zero */
  g_assert_cmpfloat (a->engagementscore, ==, 8.5);

  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 1);
  g_assert_cmpint (a->liveminutes, ==, -1);
  g_assert_cmpint (a->archiveminutes, ==, 1);    /* above 0, below 1 */
  g_assert_cmpfloat (a->engagementscore, <, 0);

  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 2);
  g_assert_true (a->isblocked);
  g_assert_cmpint (a->eventuserid, ==, 3);
}

/* The streaming attendee reader, on what JSON allows and ON24 may send. */
static void
test_parse_attendees_grammar (void)
{
  const char *good =
    " {\"totalattendees\": 2, \"extra\": {\"a\": [1, 2.5e3, -0.5, true, false, null, {\"b\": \"\\\"\"}]},"
    "  \"attendees\": [ {\"email\": \"\\u0041nna\\u00e9@example.com\", \"liveminutes\": \"12\","
    "    \"nested\": {\"x\": [[]]}, \"isblocked\": false, \"engagementscore\": \"7.25\"},"
    "   {\"email\": \"b@example.com\", \"archiveviewed\": 2, \"eventuserid\": \"49502149\"} ],"
    "  \"eventid\": \"311512\" } \n";
  const char *bad[] = {
    "{\"attendees\": []} x",
    "{\"attendees\": [{\"email\": \"a@example.com\",}]}",
    "{\"attendees\": [{\"email\": \"a\tb@example.com\"}]}",
    "{\"attendees\": [{\"email\": \"\\ud800@example.com\"}]}",
    "{\"attendees\": [{\"liveminutes\": 01}]}",
    "{\"attendees\": [{\"liveminutes\": tru}]}",
    "{\"attendees\": [], \"deep\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "{\"attendees\": [{\"email\": \"a@example.com\"}]",
  };
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  g_autoptr(GError) error = NULL;
  TurnoutFeedAttendee *a;

  g_assert_true (turnout_on24_parse_attendees (good, strlen (good), feed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (feed->eventid, ==, 311512);
  g_assert_cmpuint (feed->attendees->len, ==, 2);
  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 0);
  g_assert_cmpstr (a->email, ==, "Anna\u00e9@example.com");
  g_assert_cmpint (a->liveminutes, ==, 12);
  g_assert_cmpfloat (a->engagementscore, ==, 7.25);
  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 1);
  g_assert_cmpint (a->archiveviewed, ==, 2);
  g_assert_cmpint (a->eventuserid, ==, 49502149);
  g_assert_cmpint (a->liveminutes, ==, -1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (turnout_on24_parse_attendees (bad[i], strlen (bad[i]), feed, &error));
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
      g_assert_cmpuint (feed->attendees->len, ==, 0);
    }
}

static void
test_parse_bad_bodies (void)
{
  const char *bodies[] = { "", "[]", "{\"attendees\": 3}", "{\"attendees\": [", "<html>", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TurnoutFeedEvent) event = NULL;
      g_autoptr(GPtrArray) regs = NULL;

      g_assert_false (turnout_on24_parse_attendees (bodies[i], strlen (bodies[i]), feed, &error));
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
      g_clear_error (&error);
      event = turnout_on24_parse_event (bodies[i], strlen (bodies[i]), &error);
      g_assert_null (event);
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
      g_clear_error (&error);
      regs = turnout_on24_parse_registrants (bodies[i], strlen (bodies[i]), &error);
      g_assert_null (regs);
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
    }

  g_assert_cmpuint (turnout_on24_parse_retry_after ("7", NULL), ==, 7);
  g_assert_cmpuint (turnout_on24_parse_retry_after ("soon", NULL), ==, 0);
}

static void
test_event_and_lists (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL,
    "[{\"email\":\"a@example.com\",\"liveminutes\":12,\"engagementscore\":4.5},"
    " {\"email\":\"b@example.com\",\"archiveminutes\":30}]");
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeedEvent) event = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) registrants = NULL;
  g_autoptr(TurnoutFeed) feed = NULL;

  turnout_on24_client_get_event_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r1);
  event = turnout_on24_client_get_event_finish (client, turnout_test_wait_result (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->eventname, ==, "Product Launch Webinar");
  g_assert_nonnull (event->liveend);
  g_assert_cmpint (event->liveattendees, ==, 1);
  g_assert_cmpint (event->ondemandattendees, ==, 1);

  turnout_on24_client_get_regfields_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r2);
  fields = turnout_on24_client_get_regfields_finish (client, turnout_test_wait_result (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 4);
  g_assert_true (((TurnoutFeedRegfield *) fields->pdata[0])->required);
  g_assert_false (((TurnoutFeedRegfield *) fields->pdata[3])->required);

  turnout_on24_client_get_registrants_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r3);
  registrants = turnout_on24_client_get_registrants_finish (client, turnout_test_wait_result (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (registrants->len, ==, 2);
  g_assert_cmpstr (((TurnoutFeedRegistrant *) registrants->pdata[1])->firstname, ==, "Nina");

  turnout_on24_client_get_attendees_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r4);
  feed = turnout_on24_client_get_attendees_finish (client, turnout_test_wait_result (&r4), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->attendees->len, ==, 2);
  g_assert_cmpint (g_array_index (feed->attendees, TurnoutFeedAttendee, 0).liveminutes, ==, 12);
  g_assert_cmpint (g_array_index (feed->attendees, TurnoutFeedAttendee, 0).archiveminutes, ==, -1);
  g_assert_cmpint (g_array_index (feed->attendees, TurnoutFeedAttendee, 1).liveminutes, ==, -1);
}

static TurnoutFeedRegistrant *
do_register (TurnoutOn24Client *client,
             gint64             event_id,
             const char        *email,
             const char        *lastname,
             guint             *retry_after,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  TurnoutOn24RegistrantSpec spec = {
    .email = email, .firstname = "Anna", .lastname = lastname,
    .company = "Acme BV", .jobtitle = "CTO", .eventemail = TRUE,
  };

  turnout_on24_client_register_async (client, event_id, &spec, NULL, turnout_test_store_result, &result);
  return turnout_on24_client_register_finish (client, turnout_test_wait_result (&result), retry_after, error);
}

static void
test_register_form (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeedRegistrant) first = NULL;
  g_autoptr(TurnoutFeedRegistrant) again = NULL;
  GHashTable *form;

  first = do_register (client, TEST_EVENT_ID, "anna@example.com", "Jansen & Zn", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->eventuserid, >, 0);

  form = turnout_on24_sim_get_registrant_form (sim, TEST_EVENT_ID, "anna@example.com");
  g_assert_nonnull (form);
  g_assert_cmpstr (g_hash_table_lookup (form, "email"), ==, "anna@example.com");
  g_assert_cmpstr (g_hash_table_lookup (form, "firstname"), ==, "Anna");
  g_assert_cmpstr (g_hash_table_lookup (form, "lastname"), ==, "Jansen & Zn");
  g_assert_cmpstr (g_hash_table_lookup (form, "company"), ==, "Acme BV");
  g_assert_cmpstr (g_hash_table_lookup (form, "jobtitle"), ==, "CTO");
  g_assert_cmpstr (g_hash_table_lookup (form, "eventemail"), ==, "Y");
  g_assert_false (g_hash_table_contains (form, "firstName"));

  /* A second push of the same person is answered with the same registrant. */
  again = do_register (client, TEST_EVENT_ID, "ANNA@example.com", "Jansen & Zn", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->eventuserid, ==, first->eventuserid);
  g_assert_cmpuint (turnout_on24_sim_count_registrants (sim, TEST_EVENT_ID), ==, 3);
}

typedef struct
{
  const char *fault;     /* NULL: no fault */
  gint64      event_id;
  const char *lastname;
  int         code;
  guint       retry_after;
} FaultCase;

static void
test_faults (void)
{
  const FaultCase cases[] = {
    { "{\"kind\":\"status\",\"status\":503}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_SERVER, 0 },
    { "{\"kind\":\"throttle\",\"retry_after\":17}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_THROTTLED, 17 },
    { "{\"kind\":\"throttle\"}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_THROTTLED, 0 },
    { "{\"kind\":\"limit\"}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_THROTTLED, 0 },
    { "{\"kind\":\"unauthorized\"}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_CREDENTIALS, 0 },
    { "{\"kind\":\"malformed\"}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_BAD_ANSWER, 0 },
    { "{\"kind\":\"truncated\"}", TEST_EVENT_ID, "X", TURNOUT_ON24_ERROR_BAD_ANSWER, 0 },
    { NULL, 999, "X", TURNOUT_ON24_ERROR_NOT_FOUND, 0 },
    { NULL, 400400, "X", TURNOUT_ON24_ERROR_REFUSED, 0 },
    { NULL, TEST_EVENT_ID, NULL, TURNOUT_ON24_ERROR_REFUSED, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
      g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
      g_autoptr(GError) error = NULL;
      g_autoptr(TurnoutFeedRegistrant) r = NULL;
      guint retry_after = 99;

      if (cases[i].fault)
        {
          turnout_on24_sim_add_fault_json (sim, cases[i].fault, &error);
          g_assert_no_error (error);
        }
      r = do_register (client, cases[i].event_id, "case@example.com", cases[i].lastname, &retry_after, &error);
      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (r);
      g_assert_error (error, TURNOUT_ON24_ERROR, cases[i].code);
      g_assert_cmpuint (retry_after, ==, cases[i].retry_after);
      assert_no_secret (error->message);
      if (cases[i].lastname == NULL)
        g_assert_nonnull (strstr (error->message, "Required field 'lastname' is missing"));

      /* The fault was for one request: the next push goes through. */
      if (cases[i].fault)
        {
          g_clear_error (&error);
          r = do_register (client, cases[i].event_id, "case@example.com", "X", NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (r);
        }
    }
}

static void
test_wrong_tokens_and_config (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(TurnoutOn24Client) wrong = turnout_on24_client_new (turnout_on24_sim_get_base_url (sim),
                                                               TEST_CLIENT_ID, TEST_KEY, "00ff");
  g_autoptr(TurnoutOn24Client) other = turnout_on24_client_new (turnout_on24_sim_get_base_url (sim),
                                                               "777", TEST_KEY, TEST_SECRET);
  g_autoptr(TurnoutOn24Client) empty = turnout_on24_client_new (NULL, TEST_CLIENT_ID, "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeedRegistrant) r = NULL;

  r = do_register (wrong, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_error (&error);

  r = do_register (other, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND);
  g_clear_error (&error);

  r = do_register (empty, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_cmpstr (turnout_on24_client_get_base_url (empty), ==, TURNOUT_ON24_DEFAULT_BASE_URL);
  g_assert_cmpuint (turnout_on24_sim_count_registrants (sim, TEST_EVENT_ID), ==, 2);
}

static void
test_offline_timeout_cancel (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeedRegistrant) r = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dead_url = NULL;
  g_autoptr(TurnoutOn24Client) dead = NULL;

  /* The one real timeout. */
  turnout_on24_set_timeout (1);
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"hang\"}", &error);
  g_assert_no_error (error);
  r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_TIMED_OUT);
  g_clear_error (&error);
  turnout_on24_set_timeout (30);

  /* A delay shorter than the timeout is just slow. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"delay\",\"delay_ms\":200}", &error);
  r = do_register (client, TEST_EVENT_ID, "slow@example.com", "X", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, turnout_feed_registrant_free);

  /* Cancelled in flight. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"hang\"}", &error);
  {
    TurnoutOn24RegistrantSpec spec = { .email = "c@example.com", .firstname = "C", .lastname = "C" };

    turnout_on24_client_register_async (client, TEST_EVENT_ID, &spec, cancellable, turnout_test_store_result, &result);
    g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
    r = turnout_on24_client_register_finish (client, turnout_test_wait_result (&result), NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* Nobody listening. */
  dead_url = g_strdup_printf ("http://127.0.0.1:%u/v2", turnout_on24_sim_get_port (sim));
  g_clear_object (&sim);
  dead = turnout_on24_client_new (dead_url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  r = do_register (dead, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_OFFLINE);
  g_assert_true (turnout_on24_error_is_transient (error));
  assert_no_secret (error->message);
}

/* The executable, as `dev run` starts it: scenario file, a fault from the
 * command line, another through the control endpoint. */
static void
test_simulator_executable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("turnout-sim-XXXXXX", NULL);
  g_autofree char *scenario = g_build_filename (dir, "scenario.json", NULL);
  g_autofree char *portfile = g_build_filename (dir, "port", NULL);
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;
  g_autofree char *control = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutFeedRegistrant) r = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (g_file_set_contents (scenario,
    "{\"client_id\": \"" TEST_CLIENT_ID "\", \"access_token_key\": \"" TEST_KEY "\","
    " \"access_token_secret\": \"" TEST_SECRET "\", \"events\": [{\"eventid\": 311512}]}", -1, NULL));
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("TURNOUT_ON24_SIM"),
                          "--scenario", scenario, "--port-file", portfile,
                          "--fault", "{\"kind\":\"status\",\"status\":502}", NULL);
  g_assert_no_error (error);
  while (!g_file_get_contents (portfile, &port, NULL, NULL) || *port == '\0')
    {
      g_clear_pointer (&port, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  g_strstrip (port);
  url = g_strdup_printf ("http://127.0.0.1:%s/v2", port);
  client = turnout_on24_client_new (url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);

  r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_SERVER);
  g_clear_error (&error);

  control = g_strdup_printf ("http://127.0.0.1:%s/_sim/faults", port);
  msg = soup_message_new ("POST", control);
  {
    g_autoptr(GBytes) fault = g_bytes_new_static ("{\"kind\":\"limit\"}", 16);

    soup_message_set_request_body_from_bytes (msg, "application/json", fault);
  }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_THROTTLED);
  g_clear_error (&error);
  r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (sim));
  g_remove (scenario);
  g_remove (portfile);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/on24/json/attendees-left-out", test_parse_attendees_left_out);
  g_test_add_func ("/on24/json/bad-bodies", test_parse_bad_bodies);
  g_test_add_func ("/on24/json/attendees-grammar", test_parse_attendees_grammar);
  g_test_add_func ("/on24/client/event-and-lists", test_event_and_lists);
  g_test_add_func ("/on24/client/register-form", test_register_form);
  g_test_add_func ("/on24/client/faults", test_faults);
  g_test_add_func ("/on24/client/wrong-tokens-and-config", test_wrong_tokens_and_config);
  g_test_add_func ("/on24/client/offline-timeout-cancel", test_offline_timeout_cancel);
  g_test_add_func ("/on24/sim/executable", test_simulator_executable);

  return g_test_run ();
}
