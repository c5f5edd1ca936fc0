/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-service.c: what the window starts: the account loaded from the
 * settings and the environment, the background sender, the automatic
 * refresh after the event's end, and the refresh entry point. */
#include "config.h"

#include <string.h>

#include "turnout-channel.h"
#include "turnout-on24-service.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

typedef struct
{
  TurnoutDb *db;
  gint64     program_id;
  gint64     person_id;
  guint      outcomes;
  guint      refreshed;
  char      *refreshed_text;
} State;

static void
on_push_outcome (TurnoutOn24Service *service,
                 TurnoutPushOutcome *outcome,
                 State              *state)
{
  if (outcome->kind == TURNOUT_PUSH_OUTCOME_CONFIRMED)
    state->outcomes++;
}

static void
on_refreshed (TurnoutOn24Service *service,
              gint64              program_id,
              const char         *text,
              State              *state)
{
  g_assert_cmpint (program_id, ==, state->program_id);
  state->refreshed++;
  g_free (state->refreshed_text);
  state->refreshed_text = g_strdup (text);
}

static gboolean
pushed_and_refreshed (gpointer data)
{
  State *state = data;

  return state->outcomes == 1 && state->refreshed >= 1;
}

static void
test_service (void)
{
  g_autoptr(TurnoutOn24Sim) sim = NULL;
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *end = turnout_test_iso_from_now (-35 * 60);
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutOn24Service) service = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  State state = { 0 };

  sim = turnout_test_sim_new (end, "[{\"email\":\"lars@example.com\",\"liveminutes\":22}]");
  state.db = turnout_test_open_db (path);
  turnout_test_set_account (state.db, turnout_on24_sim_get_base_url (sim));
  state.program_id = turnout_test_add_linked_program (state.db, "Launch", end);
  state.person_id = turnout_test_add_person (state.db, state.program_id, "lars@example.com", TURNOUT_STATUS_REGISTERED);

  store = turnout_test_store_open (path);
  service = turnout_on24_service_new (store);
  g_signal_connect (service, "push-outcome", G_CALLBACK (on_push_outcome), &state);
  g_signal_connect (service, "refreshed", G_CALLBACK (on_refreshed), &state);

  /* Started: the pending push goes out, and the event ended 35 minutes ago
   * (past the +30 min slot), so it refreshes by itself. */
  turnout_on24_service_start (service);
  turnout_test_spin_until (pushed_and_refreshed, &state, 20000);
  g_assert_nonnull (turnout_on24_service_get_client (service));

  member = turnout_db_get_member (state.db, state.program_id, state.person_id, NULL);
  g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_ATTENDED);
  g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
  g_assert_cmpint (member->live_minutes, ==, 22);
  program = turnout_db_get_program (state.db, state.program_id, NULL);
  g_assert_nonnull (program->last_refresh_at);
  g_assert_nonnull (strstr (state.refreshed_text, "1 Attended"));

  /* "Refresh from Webinar Provider" on demand: nothing new. */
  turnout_on24_service_refresh_async (service, state.program_id, NULL, turnout_test_store_result, &result);
  summary = turnout_on24_service_refresh_finish (service, turnout_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->attended, ==, 0);
  g_assert_cmpuint (summary->unchanged, ==, 1);

  turnout_on24_service_stop (service);
  turnout_db_close (state.db);
  g_free (state.refreshed_text);
}

static void
test_service_without_account (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutOn24Service) service = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 program_id = turnout_test_add_linked_program (db, "Launch", NULL);

  store = turnout_test_store_open (path);
  service = turnout_on24_service_new (store);
  turnout_on24_service_start (service);
  turnout_on24_service_refresh_async (service, program_id, NULL, turnout_test_store_result, &result);
  summary = turnout_on24_service_refresh_finish (service, turnout_test_wait_result (&result), &error);
  g_assert_null (summary);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  turnout_on24_service_stop (service);
  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  turnout_test_use_env_tokens ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/on24/service/push-and-auto-refresh", test_service);
  g_test_add_func ("/on24/service/without-account", test_service_without_account);

  return g_test_run ();
}
