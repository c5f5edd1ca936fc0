/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-client.c: the ON24 readers and client, against the simulator
 * over real HTTP on loopback, every fault ending in a clear error code. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
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

/* userstatus in both lists: only "active" (or none, as older answers
 * send) is active; anything else ON24 may add is not. */
static void
test_parse_userstatus (void)
{
  const char *attendees =
    "{\"attendees\":["
    "{\"email\":\"a@example.com\",\"userstatus\":\"active\",\"liveminutes\":1},"
    "{\"email\":\"d@example.com\",\"userstatus\":\"deleted\",\"liveminutes\":1},"
    "{\"email\":\"7-deleted\",\"userstatus\":\"forgotten\",\"liveminutes\":1},"
    "{\"email\":\"old@example.com\",\"liveminutes\":1},"
    "{\"email\":\"up@example.com\",\"userstatus\":\"ACTIVE\"},"
    "{\"email\":\"odd@example.com\",\"userstatus\":\"pending\"},"
    "{\"email\":\"nul@example.com\",\"userstatus\":\"active\\u0000x\"},"
    "{\"email\":\"null@example.com\",\"userstatus\":null}]}";
  const TurnoutFeedUserStatus expected[] = {
    TURNOUT_FEED_USER_ACTIVE, TURNOUT_FEED_USER_DELETED, TURNOUT_FEED_USER_FORGOTTEN, TURNOUT_FEED_USER_ACTIVE,
    TURNOUT_FEED_USER_ACTIVE, TURNOUT_FEED_USER_OTHER, TURNOUT_FEED_USER_OTHER, TURNOUT_FEED_USER_ACTIVE,
  };
  const char *registrants =
    "{\"registrants\":["
    "{\"eventuserid\":1,\"email\":\"a@example.com\",\"userstatus\":\"active\"},"
    "{\"eventuserid\":2,\"email\":\"d@example.com\",\"userstatus\":\"deleted\"},"
    "{\"eventuserid\":3,\"email\":\"3-deleted\",\"firstname\":\"deleted\",\"userstatus\":\"forgotten\"},"
    "{\"eventuserid\":4,\"email\":\"old@example.com\"}]}";
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  g_autoptr(GPtrArray) regs = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (turnout_on24_parse_attendees (attendees, strlen (attendees), feed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (feed->attendees->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (feed->attendees, TurnoutFeedAttendee, i).userstatus, ==, expected[i]);

  regs = turnout_on24_parse_registrants (registrants, strlen (registrants), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (regs->len, ==, 4);
  g_assert_cmpint (((TurnoutFeedRegistrant *) regs->pdata[0])->userstatus, ==, TURNOUT_FEED_USER_ACTIVE);
  g_assert_cmpint (((TurnoutFeedRegistrant *) regs->pdata[1])->userstatus, ==, TURNOUT_FEED_USER_DELETED);
  g_assert_cmpint (((TurnoutFeedRegistrant *) regs->pdata[2])->userstatus, ==, TURNOUT_FEED_USER_FORGOTTEN);
  g_assert_cmpint (((TurnoutFeedRegistrant *) regs->pdata[3])->userstatus, ==, TURNOUT_FEED_USER_ACTIVE);
}

/* The attendee list is asked for without anonymous viewers; the
 * simulator serves removed people as ON24 does. */
static void
test_attendees_exclude_anonymous (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL,
    "[{\"email\":\"a@example.com\",\"liveminutes\":12},"
    " {\"email\":\"viewer-8f2c@anonymous.on24.invalid\",\"anonymous\":true,\"liveminutes\":20},"
    " {\"email\":\"gone@example.com\",\"eventuserid\":7001,\"userstatus\":\"forgotten\",\"liveminutes\":5},"
    " {\"email\":\"soft@example.com\",\"userstatus\":\"deleted\",\"archiveminutes\":5}]");
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeed) feed = NULL;
  g_autoptr(GPtrArray) registrants = NULL;
  GHashTable *query;
  const TurnoutFeedAttendee *a;

  g_assert_null (turnout_on24_sim_get_attendee_query (sim, TEST_EVENT_ID));
  turnout_on24_client_get_attendees_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r1);
  feed = turnout_on24_client_get_attendees_finish (client, turnout_test_wait_result (&r1), &error);
  g_assert_no_error (error);

  query = turnout_on24_sim_get_attendee_query (sim, TEST_EVENT_ID);
  g_assert_nonnull (query);
  g_assert_cmpstr (g_hash_table_lookup (query, "excludeanonymous"), ==, "Y");

  g_assert_cmpuint (feed->attendees->len, ==, 3);
  for (guint i = 0; i < feed->attendees->len; i++)
    g_assert_null (strstr (g_array_index (feed->attendees, TurnoutFeedAttendee, i).email, "anonymous"));
  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 0);
  g_assert_cmpint (a->userstatus, ==, TURNOUT_FEED_USER_ACTIVE);
  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 1);
  g_assert_cmpstr (a->email, ==, "7001-deleted");
  g_assert_cmpint (a->userstatus, ==, TURNOUT_FEED_USER_FORGOTTEN);
  a = &g_array_index (feed->attendees, TurnoutFeedAttendee, 2);
  g_assert_cmpstr (a->email, ==, "soft@example.com");
  g_assert_cmpint (a->userstatus, ==, TURNOUT_FEED_USER_DELETED);

  /* Without the parameter ON24 lists the anonymous viewer. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strdup_printf ("%s/client/" TEST_CLIENT_ID "/event/%d/attendee",
                                            turnout_on24_sim_get_base_url (sim), TEST_EVENT_ID);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) answer = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(TurnoutFeed) all = turnout_feed_new ();

    soup_message_headers_replace (soup_message_get_request_headers (msg), "accessTokenKey", TEST_KEY);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "accessTokenSecret", TEST_SECRET);
    /* Asynchronous: the simulator answers on this thread's main context. */
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, turnout_test_store_result, &result);
    answer = soup_session_send_and_read_finish (session, turnout_test_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_true (turnout_on24_parse_attendees (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                                 all, &error));
    g_assert_cmpuint (all->attendees->len, ==, 4);
    g_assert_cmpstr (g_array_index (all->attendees, TurnoutFeedAttendee, 1).email, ==,
                     "viewer-8f2c@anonymous.on24.invalid");
    g_assert_null (g_hash_table_lookup (turnout_on24_sim_get_attendee_query (sim, TEST_EVENT_ID),
                                        "excludeanonymous"));
  }

  /* Forgotten as a registrant too: no address, names "deleted". */
  g_assert_true (turnout_on24_sim_set_userstatus (sim, TEST_EVENT_ID, "newcomer@example.com", "forgotten"));
  turnout_on24_client_get_registrants_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r2);
  registrants = turnout_on24_client_get_registrants_finish (client, turnout_test_wait_result (&r2), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < registrants->len; i++)
    {
      TurnoutFeedRegistrant *r = registrants->pdata[i];

      g_assert_cmpstr (r->email, !=, "newcomer@example.com");
      if (r->userstatus == TURNOUT_FEED_USER_FORGOTTEN)
        {
          g_autofree char *erased = g_strdup_printf ("%" G_GINT64_FORMAT "-deleted", r->eventuserid);

          g_assert_cmpstr (r->email, ==, erased);
          g_assert_cmpstr (r->firstname, ==, "deleted");
          g_assert_cmpstr (r->lastname, ==, "deleted");
          g_assert_null (r->company);
        }
    }
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

/* Hostile servers on loopback: each records what reached it. */

typedef struct
{
  SoupServer *server;
  guint       port;
  char       *url;          /* http://HOST:PORT/v2 */
  guint       n_requests;
  gboolean    got_tokens;
  /* What it answers. */
  guint       status;
  char       *location;     /* for a redirect */
  char       *body;
  guint       trickle_ms;   /* > 0: a byte of the body every so often */
  gboolean    moved;        /* /old/... answers 301 to /v2/... */
  gboolean    chunked;      /* the body without a Content-Length */
  guint       trickle_id;
  guint       trickled;
} Hostile;

static void
hostile_free (Hostile *h)
{
  /* The trickle ends with the server. */
  g_clear_handle_id (&h->trickle_id, g_source_remove);
  soup_server_disconnect (h->server);
  g_object_unref (h->server);
  g_free (h->url);
  g_free (h->location);
  g_free (h->body);
  g_free (h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Hostile, hostile_free)

typedef struct
{
  Hostile           *hostile;
  SoupServerMessage *msg;
  gboolean           finished;
} Trickle;

static void
on_trickle_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  ((Trickle *) user_data)->finished = TRUE;
}

static void
trickle_free (gpointer user_data)
{
  Trickle *t = user_data;

  g_signal_handlers_disconnect_by_func (t->msg, on_trickle_finished, t);
  g_object_unref (t->msg);
  g_free (t);
}

static gboolean
trickle_next (gpointer user_data)
{
  Trickle *t = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (t->msg);

  /* Stops by itself after a minute, or when the client has gone. */
  if (t->finished || t->hostile->trickled >= 300)
    {
      if (!t->finished)
        {
          soup_message_body_complete (body);
          soup_server_message_unpause (t->msg);
        }
      t->hostile->trickle_id = 0;
      return G_SOURCE_REMOVE;
    }
  t->hostile->trickled++;
  soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (t->msg);
  return G_SOURCE_CONTINUE;
}

static void
hostile_handle (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Hostile *h = user_data;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);

  h->n_requests++;
  if (soup_message_headers_get_one (in, "accessTokenKey") != NULL ||
      soup_message_headers_get_one (in, "accessTokenSecret") != NULL)
    h->got_tokens = TRUE;

  if (h->moved && g_str_has_prefix (path, "/old/"))
    {
      g_autofree char *to = g_strconcat ("/v2/", path + strlen ("/old/"), NULL);

      soup_server_message_set_status (msg, 301, NULL);
      soup_message_headers_replace (out, "Location", to);
      return;
    }

  soup_server_message_set_status (msg, h->status, NULL);
  if (h->location != NULL)
    soup_message_headers_replace (out, "Location", h->location);
  if (h->trickle_ms > 0)
    {
      Trickle *t = g_new0 (Trickle, 1);

      t->hostile = h;
      t->msg = g_object_ref (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (on_trickle_finished), t);
      soup_message_headers_set_encoding (out, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (out, "application/json", NULL);
      soup_server_message_pause (msg);
      h->trickle_id = g_timeout_add_full (G_PRIORITY_DEFAULT, h->trickle_ms, trickle_next, t, trickle_free);
      return;
    }
  if (h->body != NULL && h->chunked)
    {
      /* No Content-Length: the client cannot size its buffer up front. */
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (out, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (out, "application/json", NULL);
      for (gsize at = 0, length = strlen (h->body); at < length; at += 1024 * 1024)
        soup_message_body_append (body, SOUP_MEMORY_STATIC, h->body + at, MIN (length - at, 1024 * 1024));
      soup_message_body_complete (body);
    }
  else if (h->body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, h->body, strlen (h->body));
}

/* A server on @host (a loopback address) answering @status. */
static Hostile *
hostile_new (const char *host,
             guint       status)
{
  Hostile *h = g_new0 (Hostile, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (host, 0);
  GSList *uris;

  h->status = status;
  h->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (h->server, NULL, hostile_handle, h, NULL);
  soup_server_listen (h->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (h->server);
  h->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  h->url = g_strdup_printf ("http://%s:%u/v2", host, h->port);
  return h;
}

static TurnoutFeedEvent *
get_event (TurnoutOn24Client  *client,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  turnout_on24_client_get_event_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &result);
  return turnout_on24_client_get_event_finish (client, turnout_test_wait_result (&result), error);
}

/* A redirect to another port (another server) is not followed: that
 * server never hears of us, let alone sees the tokens. */
static void
test_redirect_elsewhere (void)
{
  const guint statuses[] = { 301, 302, 303, 307, 308 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(Hostile) other = hostile_new ("127.0.0.1", 200);
      g_autoptr(Hostile) on24 = hostile_new ("127.0.0.1", statuses[i]);
      g_autoptr(TurnoutOn24Client) client = NULL;
      g_autoptr(TurnoutFeedEvent) event = NULL;
      g_autoptr(TurnoutFeedRegistrant) r = NULL;
      g_autoptr(GError) error = NULL;

      other->body = g_strdup_printf ("{\"eventid\": %d}", TEST_EVENT_ID);
      on24->location = g_strdup_printf ("%s/client/" TEST_CLIENT_ID "/event/%d", other->url, TEST_EVENT_ID);
      client = turnout_on24_client_new (on24->url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);

      event = get_event (client, &error);
      g_test_message ("HTTP %u: %s", statuses[i], error ? error->message : "(no error)");
      g_assert_null (event);
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
      g_assert_cmpstr (error->message, ==, "ON24 redirected to another address; not followed");
      g_assert_false (turnout_on24_error_is_transient (error));
      g_clear_error (&error);

      r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);

      g_assert_cmpuint (on24->n_requests, ==, 2);
      g_assert_cmpuint (other->n_requests, ==, 0);
      g_assert_false (other->got_tokens);
    }
}

/* One with the same scheme, host and port is followed, a few times. */
static void
test_redirect_same_address (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(Hostile) loop = hostile_new ("127.0.0.1", 302);
  g_autoptr(Hostile) moved = hostile_new ("127.0.0.1", 200);
  g_autoptr(Hostile) hop = hostile_new ("127.0.0.1", 307);
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutFeedEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_url = NULL;

  /* /old/... answers 301 to /v2/... on the same server, which answers. */
  moved->body = g_strdup_printf ("{\"eventid\": %d, \"eventname\": \"Moved\"}", TEST_EVENT_ID);
  moved->moved = TRUE;
  old_url = g_strdup_printf ("http://127.0.0.1:%u/old", moved->port);
  client = turnout_on24_client_new (old_url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  event = get_event (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->eventname, ==, "Moved");
  g_assert_cmpuint (moved->n_requests, ==, 2);
  g_assert_true (moved->got_tokens);
  g_clear_pointer (&event, turnout_feed_event_free);
  g_clear_object (&client);

  /* Round in circles: given up after three hops, to be tried later. */
  loop->location = g_strdup_printf ("/v2/client/" TEST_CLIENT_ID "/event/%d", TEST_EVENT_ID);
  client = turnout_on24_client_new (loop->url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  event = get_event (client, &error);
  g_assert_null (event);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_SERVER);
  g_assert_cmpuint (loop->n_requests, ==, 4);
  g_clear_error (&error);
  g_clear_object (&client);

  /* Same scheme and host, another port: elsewhere. */
  hop->location = g_strdup_printf ("http://127.0.0.1:%u/v2/client/" TEST_CLIENT_ID "/event/%d",
                                   turnout_on24_sim_get_port (sim), TEST_EVENT_ID);
  client = turnout_on24_client_new (hop->url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  event = get_event (client, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, 0);
}

/* A stored address over plain http to another computer never gets the
 * tokens, however the client came to be made (a database from
 * elsewhere): 127.0.0.2 is loopback to the kernel, "another host" to
 * the rule, which allows plain http on 127.0.0.1, ::1 and localhost only. */
static void
test_http_elsewhere_refused (void)
{
  g_autoptr(Hostile) other = hostile_new ("127.0.0.2", 200);
  g_autoptr(TurnoutOn24Client) client = turnout_on24_client_new (other->url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  g_autoptr(TurnoutFeedEvent) event = NULL;
  g_autoptr(TurnoutFeedRegistrant) r = NULL;
  g_autoptr(GError) error = NULL;

  other->body = g_strdup_printf ("{\"eventid\": %d}", TEST_EVENT_ID);
  event = get_event (client, &error);
  g_assert_null (event);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);
  r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_false (turnout_on24_client_check_configured (client, NULL));
  g_assert_cmpuint (other->n_requests, ==, 0);
  g_assert_false (other->got_tokens);
}

/* A server that keeps the connection busy with a byte every 200 ms is
 * never silent long enough for the session timeout; the deadline ends it. */
static void
test_deadline (void)
{
  g_autoptr(Hostile) slow = hostile_new ("127.0.0.1", 200);
  g_autoptr(TurnoutOn24Client) client = turnout_on24_client_new (slow->url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  g_autoptr(TurnoutFeed) feed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  slow->trickle_ms = 200;
  turnout_on24_set_deadline (1);
  turnout_on24_client_get_attendees_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &result);
  feed = turnout_on24_client_get_attendees_finish (client, turnout_test_wait_result (&result), &error);
  turnout_on24_set_deadline (300);

  g_assert_null (feed);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "within 1 second"));
  g_assert_true (turnout_on24_error_is_transient (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (slow->trickled, >, 0);
}

/* Deeper than any ON24 answer, deep enough to overflow a recursive parser. */
static char *
deep_body (const char *prefix,
           gsize       depth)
{
  GString *s = g_string_new (prefix);

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
assert_too_deep (GError *error)
{
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

static void
test_parse_deep (void)
{
  g_autofree char *event_body = deep_body ("{\"eventid\": 311512, \"x\": ", 200000);
  g_autofree char *fields_body = deep_body ("{\"registrationfields\": ", 200000);
  g_autofree char *registrants_body = deep_body ("{\"registrants\": ", 200000);
  g_autofree char *registrant_body = deep_body ("{\"eventuserid\": 5, \"x\": ", 200000);
  g_autofree char *attendees_body = deep_body ("{\"attendees\": [], \"x\": ", 200000);
  g_autofree char *message_body = deep_body ("{\"message\": \"no\", \"x\": ", 30000);
  g_autofree char *fine = deep_body ("{\"eventid\": 311512, \"x\": ", 60);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeedEvent) event = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) registrants = NULL;
  g_autoptr(TurnoutFeedRegistrant) registrant = NULL;
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();

  event = turnout_on24_parse_event (event_body, strlen (event_body), &error);
  g_assert_null (event);
  assert_too_deep (error);
  g_clear_error (&error);

  fields = turnout_on24_parse_regfields (fields_body, strlen (fields_body), &error);
  g_assert_null (fields);
  assert_too_deep (error);
  g_clear_error (&error);

  registrants = turnout_on24_parse_registrants (registrants_body, strlen (registrants_body), &error);
  g_assert_null (registrants);
  assert_too_deep (error);
  g_clear_error (&error);

  registrant = turnout_on24_parse_registrant (registrant_body, strlen (registrant_body), &error);
  g_assert_null (registrant);
  assert_too_deep (error);
  g_clear_error (&error);

  g_assert_false (turnout_on24_parse_attendees (attendees_body, strlen (attendees_body), feed, &error));
  assert_too_deep (error);
  g_clear_error (&error);

  g_assert_null (turnout_on24_parse_message (message_body, strlen (message_body)));

  /* Brackets inside strings are text, and a few levels are fine. */
  event = turnout_on24_parse_event (fine, strlen (fine), &error);
  g_assert_no_error (error);
  g_clear_pointer (&event, turnout_feed_event_free);
  {
    g_autofree char *quoted = g_strdup_printf ("{\"eventid\": 311512, \"eventname\": \"%s\"}",
                                               event_body + strlen ("{\"eventid\": 311512, \"x\": "));

    quoted[strlen (quoted) - 3] = '"';
    quoted[strlen (quoted) - 2] = '}';
    quoted[strlen (quoted) - 1] = '\0';
    event = turnout_on24_parse_event (quoted, strlen (quoted), &error);
    g_assert_no_error (error);
    g_assert_nonnull (event);
  }
}

/* The same body through the client: the worker thread does not crash
 * either, and an error answer that deep is just an error. */
static void
test_client_deep (void)
{
  g_autoptr(Hostile) deep = hostile_new ("127.0.0.1", 200);
  g_autoptr(TurnoutOn24Client) client = turnout_on24_client_new (deep->url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  g_autoptr(TurnoutFeedEvent) event = NULL;
  g_autoptr(TurnoutFeedRegistrant) r = NULL;
  g_autoptr(GError) error = NULL;

  deep->body = deep_body ("{\"eventid\": 311512, \"x\": ", 200000);
  event = get_event (client, &error);
  g_assert_null (event);
  assert_too_deep (error);
  g_clear_error (&error);

  g_free (deep->body);
  deep->body = deep_body ("{\"message\": \"no\", \"x\": ", 30000);
  deep->status = 400;
  r = do_register (client, TEST_EVENT_ID, "x@example.com", "X", NULL, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_REFUSED);
}

/* The simulator's control endpoint reads JSON from anyone on loopback. */
static void
test_sim_deep_fault (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *body = deep_body ("{\"kind\": \"status\", \"x\": ", 200000);
  g_autofree char *control = g_strdup_printf ("http://127.0.0.1:%u/_sim/faults", turnout_on24_sim_get_port (sim));
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", control);
  g_autoptr(GBytes) sent = g_bytes_new_static (body, strlen (body));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (turnout_on24_sim_add_fault_json (sim, body, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (turnout_on24_sim_add_attendees_json (sim, TEST_EVENT_ID, body + strlen ("{\"kind\": \"status\", \"x\": "),
                                                       &error));
  g_clear_error (&error);

  soup_message_set_request_body_from_bytes (msg, "application/json", sent);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, turnout_test_store_result, &result);
  answer = soup_session_send_and_read_finish (session, turnout_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
}

/* Peak memory for a large attendee list. A process of its own (this
 * program, run with TURNOUT_TEST_FETCH_URL) fetches it and reports its
 * peak resident size before and after; the body is 64 MB of attendee rows
 * padded with what ON24 sends and Turnout does not keep (questions,
 * polls), so the body itself is what counts. Reading it into one buffer,
 * parsing that in place and freeing it early keeps the rise near one
 * body; chunks plus a joined copy made it two. */

typedef struct
{
  GSubprocess *process;
  char        *out;
  gboolean     done;
} Run;

static void
on_fetch_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, NULL, NULL);
  run->done = TRUE;
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static int
fetch_and_report (const char *url)
{
  g_autoptr(TurnoutOn24Client) client = turnout_on24_client_new (url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TurnoutFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  long before = peak_rss_kb ();

  turnout_on24_client_get_attendees_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &result);
  feed = turnout_on24_client_get_attendees_finish (client, turnout_test_wait_result (&result), &error);
  if (feed == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%u %ld %ld\n", feed->attendees->len, before, peak_rss_kb ());
  return 0;
}

static char *
padded_attendees (gsize  size,
                  guint *n_rows)
{
  GString *s = g_string_sized_new (size + 4096);
  guint i = 0;

  g_string_append_printf (s, "{\"eventid\":%d,\"attendees\":[", TEST_EVENT_ID);
  for (; s->len < size; i++)
    g_string_append_printf (s, "%s{\"eventuserid\":%u,\"email\":\"a%07u@example.com\",\"liveminutes\":40,"
                            "\"questions\":[{\"questionid\":%u,\"content\":\"What does the roadmap for the next "
                            "release look like, and when will it ship? Will the slides be sent afterwards?\","
                            "\"answer\":{\"content\":\"Soon; yes, by e-mail.\",\"presentername\":\"Presenter\"}}],"
                            "\"polls\":[{\"pollquestion\":\"How did you hear about us?\","
                            "\"pollanswers\":[\"Newsletter\"]}]}",
                            i ? "," : "", i, i, i);
  g_string_append (s, "]}");
  *n_rows = i;
  return g_string_free (s, FALSE);
}

static void
test_peak_memory (void)
{
  g_autoptr(Hostile) server = hostile_new ("127.0.0.1", 200);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const gsize size = 64 * 1024 * 1024;
  guint n_rows = 0;

#if defined(__SANITIZE_ADDRESS__)
  /* Redzones and the quarantine would be measured, not the client. */
  g_test_skip ("peak memory is not measured under AddressSanitizer");
  return;
#endif
  if (self_exe == NULL)
    {
      g_test_skip ("needs /proc");
      return;
    }
  server->body = padded_attendees (size, &n_rows);

  for (guint chunked = 0; chunked < 2; chunked++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) figures = NULL;
      Run run = { 0 };
      long before, after;

      server->chunked = chunked;
      g_subprocess_launcher_setenv (launcher, "TURNOUT_TEST_FETCH_URL", server->url, TRUE);
      run.process = g_subprocess_launcher_spawn (launcher, &error, self_exe, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8_async (run.process, NULL, NULL, on_fetch_done, &run);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);

      g_assert_true (g_subprocess_get_successful (run.process));
      figures = g_strsplit (g_strstrip (run.out), " ", -1);
      g_assert_cmpuint (g_strv_length (figures), ==, 3);
      g_assert_cmpuint (g_ascii_strtoull (figures[0], NULL, 10), ==, n_rows);
      before = g_ascii_strtoll (figures[1], NULL, 10);
      after = g_ascii_strtoll (figures[2], NULL, 10);
      g_test_message ("%s: %u attendees, %zu MB body: peak %ld MB before the fetch, %ld MB after",
                      chunked ? "chunked" : "with Content-Length", n_rows, size >> 20, before >> 10, after >> 10);
      /* One body, the records kept from it, and slack for the rest; and
       * the questions, which are kept (every padded row asked one, with
       * its answer: about 325 bytes a question kept, held to 400). */
      g_assert_cmpint (after - before, <, (long) (size / 1024) * 3 / 2 + (long) n_rows * 400 / 1024);
      g_free (run.out);
      g_object_unref (run.process);
    }
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

/* Whether @text holds @needle in any case. */
static gboolean
contains_caseless (const char *text,
                   const char *needle)
{
  g_autofree char *lower_text = g_utf8_strdown (text, -1);
  g_autofree char *lower_needle = g_utf8_strdown (needle, -1);

  return strstr (lower_text, lower_needle) != NULL;
}

static gboolean
do_forget (TurnoutOn24Client *client,
           const char        *email,
           const gint64      *event_ids,
           guint              n_event_ids,
           guint             *n_forgotten,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  turnout_on24_client_forget_async (client, email, event_ids, n_event_ids, NULL, turnout_test_store_result,
                                    &result);
  return turnout_on24_client_forget_finish (client, turnout_test_wait_result (&result), n_forgotten, error);
}

/* The forget answer's reader: ids as numbers or digit strings, and
 * nothing else passes for an answer. */
static void
test_parse_forgotten (void)
{
  const char *good = "{\"deletedregistrants\":{\"eventuserids\":[49502149,\"49502150\"]}}";
  const char *empty = "{\"deletedregistrants\":{\"eventuserids\":[]}}";
  const char *bad[] = {
    "",
    "<html>Service Unavailable</html>",
    "{}",
    "{\"deletedregistrants\":[]}",
    "{\"deletedregistrants\":{}}",
    "{\"deletedregistrants\":{\"eventuserids\":{}}}",
    "{\"deletedregistrants\":{\"eventuserids\":[\"someone@example.com\"]}}",
    "{\"deletedregistrants\":{\"eventuserids\":[0]}}",
    "{\"deletedregistrants\":{\"eventuserids\":[1,",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) none = NULL;

  ids = turnout_on24_parse_forgotten (good, strlen (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 49502149);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 49502150);

  none = turnout_on24_parse_forgotten (empty, strlen (empty), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GArray) wrong = turnout_on24_parse_forgotten (bad[i], strlen (bad[i]), &error);

      g_test_message ("bad %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (wrong);
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
      g_assert_null (strstr (error->message, "someone@example.com"));
      g_clear_error (&error);
    }
}

/* The request as ON24 documents it, one per event, ON24's 404 for nobody
 * as done, and the person afterwards as ON24 reports them. */
static void
test_forget (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL;
  g_autoptr(TurnoutFeed) feed = NULL;
  g_autoptr(GPtrArray) registrants = NULL;
  const gint64 one[] = { TEST_EVENT_ID };
  const gint64 both[] = { TEST_EVENT_ID, 400400 };
  const char *email = "Anna+webinar@example.com";
  guint requests;
  guint n = 99;
  gboolean found = FALSE;

  turnout_on24_sim_add_registrants_json (sim, TEST_EVENT_ID,
    "[{\"email\":\"anna+webinar@example.com\",\"firstname\":\"Anna\",\"lastname\":\"Jansen\",\"eventuserid\":7101}]",
    &error);
  g_assert_no_error (error);
  turnout_on24_sim_add_registrants_json (sim, 400400,
    "[{\"email\":\"anna+webinar@example.com\",\"firstname\":\"Anna\",\"lastname\":\"Jansen\",\"eventuserid\":7102}]",
    &error);
  g_assert_no_error (error);
  turnout_on24_sim_add_attendees_json (sim, TEST_EVENT_ID,
    "[{\"email\":\"anna+webinar@example.com\",\"liveminutes\":30},"
    " {\"email\":\"b@example.com\",\"liveminutes\":12}]", &error);
  g_assert_no_error (error);

  /* No events: nothing to ask. */
  requests = turnout_on24_sim_get_n_requests (sim);
  g_assert_true (do_forget (client, email, NULL, 0, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, requests);

  /* The attendee row is the registrant's: one eventuserid. */
  g_assert_true (do_forget (client, email, one, G_N_ELEMENTS (one), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (turnout_on24_sim_count_forgets (sim), ==, 1);
  g_assert_cmpstr (turnout_on24_sim_get_forget_form (sim), ==,
                   "email=Anna%2Bwebinar%40example.com&eventid=" G_STRINGIFY (TEST_EVENT_ID));

  /* The first event has nobody by that address any more (ON24's 404),
   * the second is asked all the same. */
  g_assert_true (do_forget (client, email, both, G_N_ELEMENTS (both), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (turnout_on24_sim_count_forgets (sim), ==, 3);
  g_assert_cmpstr (turnout_on24_sim_get_forget_form (sim), ==,
                   "email=Anna%2Bwebinar%40example.com&eventid=400400");

  /* Nobody anywhere: done, nothing erased. */
  n = 99;
  g_assert_true (do_forget (client, "nobody@example.com", both, G_N_ELEMENTS (both), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (turnout_on24_sim_count_forgets (sim), ==, 5);

  /* ON24 then lists the person erased: "{eventuserid}-deleted", names
   * "deleted", userstatus forgotten; the others as they were. */
  turnout_on24_client_get_attendees_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r1);
  feed = turnout_on24_client_get_attendees_finish (client, turnout_test_wait_result (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->attendees->len, ==, 2);
  g_assert_cmpstr (g_array_index (feed->attendees, TurnoutFeedAttendee, 0).email, ==, "7101-deleted");
  g_assert_cmpint (g_array_index (feed->attendees, TurnoutFeedAttendee, 0).userstatus, ==,
                   TURNOUT_FEED_USER_FORGOTTEN);
  g_assert_cmpstr (g_array_index (feed->attendees, TurnoutFeedAttendee, 1).email, ==, "b@example.com");
  g_assert_cmpint (g_array_index (feed->attendees, TurnoutFeedAttendee, 1).userstatus, ==,
                   TURNOUT_FEED_USER_ACTIVE);

  turnout_on24_client_get_registrants_async (client, TEST_EVENT_ID, NULL, turnout_test_store_result, &r2);
  registrants = turnout_on24_client_get_registrants_finish (client, turnout_test_wait_result (&r2), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < registrants->len; i++)
    {
      TurnoutFeedRegistrant *r = registrants->pdata[i];

      g_assert_false (contains_caseless (r->email, "anna+webinar"));
      if (r->eventuserid == 7101)
        {
          found = TRUE;
          g_assert_cmpstr (r->email, ==, "7101-deleted");
          g_assert_cmpstr (r->firstname, ==, "deleted");
          g_assert_cmpstr (r->lastname, ==, "deleted");
          g_assert_cmpint (r->userstatus, ==, TURNOUT_FEED_USER_FORGOTTEN);
        }
      else
        g_assert_cmpint (r->userstatus, ==, TURNOUT_FEED_USER_ACTIVE);
    }
  g_assert_true (found);
}

/* Errors stop the list where they happen, and never name the address. */
static void
test_forget_errors (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(TurnoutOn24Client) wrong = turnout_on24_client_new (turnout_on24_sim_get_base_url (sim),
                                                               TEST_CLIENT_ID, TEST_KEY, "00ff");
  g_autoptr(GError) error = NULL;
  const gint64 both[] = { TEST_EVENT_ID, 400400 };
  const gint64 then_unknown[] = { TEST_EVENT_ID, 999 };
  const char *email = "newcomer@example.com";
  guint requests;
  guint n = 99;

  /* 401: an error about the tokens; the second event is not asked. */
  requests = turnout_on24_sim_get_n_requests (sim);
  g_assert_false (do_forget (wrong, email, both, G_N_ELEMENTS (both), &n, &error));
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_CREDENTIALS);
  g_assert_null (strstr (error->message, email));
  assert_no_secret (error->message);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, requests + 1);
  g_clear_error (&error);

  /* ON24 quoting the address in a refusal: kept out, in any case. */
  g_assert_false (do_forget (client, "Anna Smith@Example.com", both, G_N_ELEMENTS (both), NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Invalid parameter"));
  g_assert_false (contains_caseless (error->message, "Anna Smith"));
  g_assert_false (contains_caseless (error->message, "example.com"));
  g_clear_error (&error);

  /* A comma would make it a list of addresses: nothing is sent. */
  requests = turnout_on24_sim_get_n_requests (sim);
  g_assert_false (do_forget (client, "a@example.com,newcomer@example.com", both, G_N_ELEMENTS (both), NULL,
                             &error));
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_FAILED);
  g_assert_null (strstr (error->message, "example.com"));
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, requests);
  g_clear_error (&error);

  /* A 200 that is not the documented answer. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"malformed\",\"path\":\"forget\"}", &error);
  g_assert_no_error (error);
  g_assert_false (do_forget (client, email, both, G_N_ELEMENTS (both), NULL, &error));
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
  g_assert_nonnull (strstr (error->message, "not JSON"));
  g_assert_nonnull (strstr (error->message, "forget"));
  g_clear_error (&error);

  /* An event ON24 does not know is not "nobody by that address": the
   * events before it were asked and counted. */
  g_assert_false (do_forget (client, email, then_unknown, G_N_ELEMENTS (then_unknown), &n, &error));
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND);
  g_assert_null (strstr (error->message, email));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (turnout_on24_sim_get_forget_form (sim), ==, "email=newcomer%40example.com&eventid=999");
}

static void
cancel_when_answered (GCancellable   *cancellable,
                      TurnoutOn24Sim *sim,
                      guint           requests)
{
  while (turnout_on24_sim_get_n_requests (sim) < requests)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
}

/* Throttling (429 with or without Retry-After, the 403 call limit) is
 * waited out and the request sent again; a wait too long, or the caller
 * cancelling, ends it. */
static void
test_forget_throttled (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autoptr(TurnoutOn24Client) client = turnout_test_client_new (sim);
  g_autoptr(GError) error = NULL;
  const gint64 one[] = { TEST_EVENT_ID };
  const char *faults[] = {
    "{\"kind\":\"throttle\",\"retry_after\":1,\"path\":\"forget\"}",
    "{\"kind\":\"limit\",\"path\":\"forget\"}",
  };
  guint requests;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      const char *email = i == 0 ? "newcomer@example.com" : "only.in.on24@example.com";

      turnout_on24_sim_add_fault_json (sim, faults[i], &error);
      g_assert_no_error (error);
      requests = turnout_on24_sim_get_n_requests (sim);
      g_assert_true (do_forget (client, email, one, G_N_ELEMENTS (one), &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, requests + 2);
    }

  /* Asked to wait an hour: not here; the caller hears THROTTLED. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"throttle\",\"retry_after\":3600,\"path\":\"forget\"}", &error);
  g_assert_no_error (error);
  requests = turnout_on24_sim_get_n_requests (sim);
  g_assert_false (do_forget (client, "newcomer@example.com", one, G_N_ELEMENTS (one), NULL, &error));
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_THROTTLED);
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, requests + 1);
  g_clear_error (&error);

  /* Cancelled while it waits out a throttle: over at once. */
  turnout_on24_sim_add_fault_json (sim, "{\"kind\":\"throttle\",\"retry_after\":50,\"count\":-1,\"path\":\"forget\"}",
                                   &error);
  g_assert_no_error (error);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    requests = turnout_on24_sim_get_n_requests (sim);
    turnout_on24_client_forget_async (client, "newcomer@example.com", one, G_N_ELEMENTS (one), cancellable,
                                      turnout_test_store_result, &result);
    cancel_when_answered (cancellable, sim, requests + 1);
    g_assert_false (turnout_on24_client_forget_finish (client, turnout_test_wait_result (&result), NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (turnout_on24_sim_get_n_requests (sim), ==, requests + 1);
  }
}

int
main (int    argc,
      char **argv)
{
  /* The fetching half of /on24/client/peak-memory. */
  if (g_getenv ("TURNOUT_TEST_FETCH_URL") != NULL)
    return fetch_and_report (g_getenv ("TURNOUT_TEST_FETCH_URL"));

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/on24/json/attendees-left-out", test_parse_attendees_left_out);
  g_test_add_func ("/on24/json/bad-bodies", test_parse_bad_bodies);
  g_test_add_func ("/on24/json/attendees-grammar", test_parse_attendees_grammar);
  g_test_add_func ("/on24/json/userstatus", test_parse_userstatus);
  g_test_add_func ("/on24/client/event-and-lists", test_event_and_lists);
  g_test_add_func ("/on24/client/attendees-exclude-anonymous", test_attendees_exclude_anonymous);
  g_test_add_func ("/on24/client/register-form", test_register_form);
  g_test_add_func ("/on24/client/faults", test_faults);
  g_test_add_func ("/on24/client/wrong-tokens-and-config", test_wrong_tokens_and_config);
  g_test_add_func ("/on24/client/offline-timeout-cancel", test_offline_timeout_cancel);
  g_test_add_func ("/on24/sim/executable", test_simulator_executable);
  g_test_add_func ("/on24/client/redirect-elsewhere", test_redirect_elsewhere);
  g_test_add_func ("/on24/client/redirect-same-address", test_redirect_same_address);
  g_test_add_func ("/on24/client/http-elsewhere-refused", test_http_elsewhere_refused);
  g_test_add_func ("/on24/client/deadline", test_deadline);
  g_test_add_func ("/on24/json/deep", test_parse_deep);
  g_test_add_func ("/on24/client/deep", test_client_deep);
  g_test_add_func ("/on24/sim/deep-fault", test_sim_deep_fault);
  g_test_add_func ("/on24/client/peak-memory", test_peak_memory);
  g_test_add_func ("/on24/json/forgotten", test_parse_forgotten);
  g_test_add_func ("/on24/client/forget", test_forget);
  g_test_add_func ("/on24/client/forget-errors", test_forget_errors);
  g_test_add_func ("/on24/client/forget-throttled", test_forget_throttled);

  return g_test_run ();
}
