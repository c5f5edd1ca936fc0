/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-on24.c: the simulator and client set-up the ON24 tests share. */
#include "config.h"

#include "turnout-on24-credentials.h"
#include "turnout-test-on24.h"

char *
turnout_test_iso_from_now (gint64 offset_seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, offset_seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

TurnoutOn24Sim *
turnout_test_sim_new (const char *liveend,
                      const char *attendees_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *end = liveend ? g_strdup (liveend) : turnout_test_iso_from_now (-3 * 3600);
  g_autofree char *start = turnout_test_iso_from_now (-5 * 3600);
  g_autofree char *scenario = NULL;
  TurnoutOn24Sim *sim;

  scenario = g_strdup_printf (
    "{\"client_id\": \"" TEST_CLIENT_ID "\","
    " \"access_token_key\": \"" TEST_KEY "\", \"access_token_secret\": \"" TEST_SECRET "\","
    " \"events\": [{\"eventid\": %d, \"eventname\": \"Product Launch Webinar\","
    "   \"livestart\": \"%s\", \"liveend\": \"%s\", \"displaytimezonecd\": \"Europe/Amsterdam\","
    "   \"registrationfields\": ["
    "     {\"fieldid\": \"email\", \"fieldcaption\": \"Email\", \"fieldtype\": \"textbox\", \"required\": \"Y\"},"
    "     {\"fieldid\": \"firstname\", \"fieldcaption\": \"First Name\", \"fieldtype\": \"textbox\", \"required\": \"Y\"},"
    "     {\"fieldid\": \"lastname\", \"fieldcaption\": \"Last Name\", \"fieldtype\": \"textbox\", \"required\": \"Y\"},"
    "     {\"fieldid\": \"job_title\", \"fieldcaption\": \"Job Title\", \"fieldtype\": \"listbox\", \"required\": \"N\"}],"
    "   \"registrants\": [{\"email\": \"only.in.on24@example.com\", \"firstname\": \"Otto\", \"lastname\": \"Onder\"},"
    "                     {\"email\": \"newcomer@example.com\", \"firstname\": \"Nina\", \"lastname\": \"Nieuw\","
    "                      \"company\": \"Feed BV\", \"jobtitle\": \"CTO\"}],"
    "   \"attendees\": %s},"
    "  {\"eventid\": 400400, \"eventname\": \"Inactive\", \"isactive\": false}]}",
    TEST_EVENT_ID, start, end, attendees_json ? attendees_json : "[]");

  sim = turnout_on24_sim_new_from_data (scenario, -1, &error);
  g_assert_no_error (error);
  turnout_on24_sim_listen (sim, 0, &error);
  g_assert_no_error (error);
  return sim;
}

TurnoutOn24Client *
turnout_test_client_new (TurnoutOn24Sim *sim)
{
  return turnout_on24_client_new (turnout_on24_sim_get_base_url (sim), TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
}

void
turnout_test_use_env_tokens (void)
{
  g_setenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY, TEST_KEY, TRUE);
  g_setenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET, TEST_SECRET, TRUE);
}

void
turnout_test_store_result (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
turnout_test_wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for an async result");
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

void
turnout_test_set_account (TurnoutDb  *db,
                          const char *base_url)
{
  g_assert_true (turnout_db_set_setting (db, TURNOUT_ON24_SETTING_BASE_URL, base_url, NULL));
  g_assert_true (turnout_db_set_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, TEST_CLIENT_ID, NULL));
}

TurnoutStore *
turnout_test_store_open (const char *path)
{
  TurnoutStore *store = turnout_store_new (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gboolean opened;

  turnout_store_open_async (store, NULL, turnout_test_store_result, &result);
  opened = turnout_store_open_finish (store, turnout_test_wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (opened);
  return store;
}

gint64
turnout_test_add_linked_program (TurnoutDb  *db,
                                 const char *name,
                                 const char *live_end)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *end = live_end ? g_strdup (live_end) : turnout_test_iso_from_now (-3 * 3600);
  g_autofree char *start = turnout_test_iso_from_now (-5 * 3600);
  TurnoutProgramSpec spec = {
    .name = name, .capacity = -1, .on24_event_id = TEST_EVENT_ID,
    .live_start = start, .live_end = end, .time_zone = "Europe/Amsterdam",
  };
  gint64 id = turnout_db_add_program (db, &spec, &error);

  g_assert_no_error (error);
  return id;
}
