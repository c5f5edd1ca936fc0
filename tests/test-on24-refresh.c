/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-refresh.c: "Refresh from Webinar Provider", every rule of the
 * spec, with the attendee feed served by the simulator over loopback. */
#include "config.h"

#include <string.h>

#include "turnout-channel.h"
#include "turnout-forget.h"
#include "turnout-db-private.h"
#include "turnout-on24-json.h"
#include "turnout-on24-refresh.h"
#include "turnout-rules.h"
#include "turnout-outbox.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

static const char *attendees =
  "[{\"email\":\"live@example.com\",\"liveminutes\":40,\"engagementscore\":8.5},"
  " {\"email\":\"od@example.com\",\"archiveminutes\":25,\"engagementscore\":3.0},"
  " {\"email\":\"both@example.com\",\"liveminutes\":10,\"archiveminutes\":50},"
  " {\"email\":\"noshow.od@example.com\",\"archiveminutes\":12},"
  " {\"email\":\"attended.od@example.com\",\"archiveminutes\":5},"
  " {\"email\":\"od.then.live@example.com\",\"liveminutes\":7},"
  " {\"email\":\"Known@Example.com\",\"liveminutes\":3},"
  " {\"email\":\"newcomer@example.com\",\"liveminutes\":0.5},"
  " {\"email\":\"blocked@example.com\",\"isblocked\":\"Y\",\"liveminutes\":30},"
  " {\"email\":\"blocked.member@example.com\",\"isblocked\":\"Y\",\"liveminutes\":30}]";

typedef struct
{
  char           *path;
  TurnoutDb      *db;
  TurnoutStore   *store;
  TurnoutOn24Sim *sim;
  TurnoutOn24Client *client;
  gint64          program_id;
  gint64          other_program_id;
} Fixture;

static gint64
add (Fixture    *f,
     const char *email,
     const char *status)
{
  return turnout_test_add_person (f->db, f->program_id, email, status);
}

/* Registered here: pushed and confirmed through the outbox. */
static void
confirm_pushes (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = turnout_outbox_take_due (f->db, f->program_id, G_MAXINT64 / 2, "test", 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    {
      TurnoutOutboxEntry *entry = g_ptr_array_index (due, i);

      g_assert_true (turnout_outbox_confirm (f->db, entry->id, 1000 + entry->id, &error));
    }
}

static void
set_up (Fixture    *f,
        const char *liveend,
        const char *feed)
{
  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->program_id = turnout_test_add_linked_program (f->db, "Product Launch Webinar", liveend);
  f->sim = turnout_test_sim_new (liveend, feed);
  f->client = turnout_test_client_new (f->sim);
}

static void
tear_down (Fixture *f)
{
  g_clear_object (&f->client);
  g_clear_object (&f->sim);
  g_clear_object (&f->store);
  turnout_db_close (f->db);
  g_free (f->path);
}

static TurnoutRefreshSummary *
refresh (Fixture  *f,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (f->store == NULL)
    f->store = turnout_test_store_open (f->path);
  turnout_on24_refresh_async (f->store, f->client, f->program_id, NULL, turnout_test_store_result, &result);
  return turnout_on24_refresh_finish (turnout_test_wait_result (&result), error);
}

static char *
status_of (Fixture    *f,
           const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) person = turnout_db_find_person (f->db, email, &error);
  g_autoptr(TurnoutMember) member = NULL;

  if (person == NULL)
    {
      g_test_message ("%s: %s", email, error->message);
      return g_strdup ("(no person)");
    }
  member = turnout_db_get_member (f->db, f->program_id, person->id, NULL);
  return g_strdup (member ? member->status : TURNOUT_STATUS_NOT_IN_PROGRAM);
}

#define assert_status(f, email, status) \
  G_STMT_START { g_autofree char *s_ = status_of (f, email); g_assert_cmpstr (s_, ==, status); } G_STMT_END

static guint
count_history (Fixture *f)
{
  guint n = 0;
  const char *emails[] = { "live@example.com", "od@example.com", "both@example.com", "absent@example.com",
                           "unconfirmed@example.com", "noshow.od@example.com", "attended.od@example.com",
                           "od.then.live@example.com", "known@example.com", "newcomer@example.com", "blocked.member@example.com" };

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      g_autoptr(TurnoutPerson) person = turnout_db_find_person (f->db, emails[i], NULL);
      g_autoptr(GPtrArray) history = NULL;

      if (person == NULL)
        continue;
      history = turnout_db_get_history (f->db, f->program_id, person->id, NULL);
      n += history ? history->len : 0;
    }
  return n;
}

static void
add_spec_members (Fixture *f)
{
  add (f, "live@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "od@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "both@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "absent@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "blocked.member@example.com", TURNOUT_STATUS_REGISTERED);
  confirm_pushes (f);
  /* Registered, but the push was never confirmed: not "registered here". */
  add (f, "unconfirmed@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "noshow.od@example.com", TURNOUT_STATUS_NO_SHOW);
  add (f, "attended.od@example.com", TURNOUT_STATUS_ATTENDED);
  add (f, "od.then.live@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  /* Known person, member of another program only. */
  f->other_program_id = turnout_test_add_program (f->db, "Other");
  turnout_test_add_person (f->db, f->other_program_id, "known@example.com", TURNOUT_STATUS_INVITED);
}

static void
test_rules (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(TurnoutRefreshSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) newcomer = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutRefreshSummary) kept = NULL;
  guint history_before;

  set_up (f, NULL, attendees);
  add_spec_members (f);

  summary = refresh (f, &error);
  g_assert_no_error (error);

  assert_status (f, "live@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "od@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  assert_status (f, "both@example.com", TURNOUT_STATUS_ATTENDED);              /* live wins */
  assert_status (f, "absent@example.com", TURNOUT_STATUS_NO_SHOW);
  assert_status (f, "blocked.member@example.com", TURNOUT_STATUS_NO_SHOW);     /* blocked row ignored */
  assert_status (f, "unconfirmed@example.com", TURNOUT_STATUS_REGISTERED);     /* not registered here */
  assert_status (f, "noshow.od@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  /* Forward by the channel's steps (70 -> 75), never back (75 -> 70). */
  assert_status (f, "attended.od@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  assert_status (f, "od.then.live@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  assert_status (f, "known@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "newcomer@example.com", TURNOUT_STATUS_ATTENDED);          /* 0.5 min counts as 1 */
  assert_status (f, "blocked@example.com", "(no person)");
  assert_status (f, "only.in.on24@example.com", "(no person)");

  g_assert_cmpuint (summary->attended, ==, 4);
  g_assert_cmpuint (summary->attended_on_demand, ==, 3);
  g_assert_cmpuint (summary->no_show, ==, 2);
  g_assert_cmpuint (summary->added, ==, 2);
  g_assert_cmpuint (summary->unchanged, ==, 1);
  g_assert_cmpuint (summary->blocked, ==, 2);
  g_assert_null (summary->no_show_at);

  /* Created from the feed, names from the registrant list. */
  newcomer = turnout_db_find_person (f->db, "newcomer@example.com", NULL);
  g_assert_cmpstr (newcomer->first_name, ==, "Nina");
  g_assert_cmpstr (newcomer->last_name, ==, "Nieuw");
  g_assert_cmpstr (newcomer->company, ==, "Feed BV");
  member = turnout_db_get_member (f->db, f->program_id, newcomer->id, NULL);
  g_assert_cmpstr (member->acquired_by, ==, turnout_acquired_by_to_key (TURNOUT_ACQUIRED_PROVIDER_FEED));
  g_assert_true (member->reached_success);
  g_assert_cmpint (member->live_minutes, ==, 1);
  g_assert_cmpint (member->ondemand_minutes, ==, -1);
  g_clear_pointer (&member, turnout_member_free);

  /* Engagement columns. */
  {
    g_autoptr(TurnoutPerson) live = turnout_db_find_person (f->db, "live@example.com", NULL);

    member = turnout_db_get_member (f->db, f->program_id, live->id, NULL);
    g_assert_cmpint (member->live_minutes, ==, 40);
    g_assert_cmpint (member->ondemand_minutes, ==, -1);
    g_assert_cmpfloat (member->engagement_score, ==, 8.5);
  }

  /* Kept with the program. */
  program = turnout_db_get_program (f->db, f->program_id, NULL);
  g_assert_nonnull (program->last_refresh_at);
  kept = turnout_refresh_summary_from_json (program->last_refresh_summary);
  g_assert_cmpuint (kept->attended, ==, 4);
  g_assert_cmpuint (kept->no_show, ==, 2);

  /* Twice: nothing changes the second time. */
  history_before = count_history (f);
  again = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->attended + again->attended_on_demand + again->no_show + again->added, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, 8);
  g_assert_cmpuint (count_history (f), ==, history_before);

  tear_down (f);
}

static void
test_no_show_waits_for_end (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *end = turnout_test_iso_from_now (-3600);
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) expected = NULL;

  set_up (f, end, "[{\"email\":\"live@example.com\",\"liveminutes\":40}]");
  add (f, "live@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "absent@example.com", TURNOUT_STATUS_REGISTERED);
  confirm_pushes (f);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  assert_status (f, "absent@example.com", TURNOUT_STATUS_REGISTERED);
  assert_status (f, "live@example.com", TURNOUT_STATUS_ATTENDED);
  g_assert_cmpuint (summary->no_show, ==, 0);
  g_assert_cmpuint (summary->no_show_pending, ==, 1);
  g_assert_nonnull (summary->no_show_at);
  at = g_date_time_new_from_iso8601 (summary->no_show_at, NULL);
  expected = g_date_time_new_from_iso8601 (end, NULL);
  g_assert_cmpint (g_date_time_difference (at, expected), ==, 2 * G_TIME_SPAN_HOUR);
  text = turnout_refresh_summary_format (summary);
  g_assert_nonnull (strstr (text, "No Show will be set for 1 member from"));

  /* Two hours after the end, the same feed sets it. */
  g_clear_pointer (&summary, turnout_refresh_summary_free);
  {
    g_autofree char *start = turnout_test_iso_from_now (-5 * 3600);
    g_autofree char *late_end = turnout_test_iso_from_now (-2 * 3600 - 60);

    turnout_on24_sim_set_schedule (f->sim, TEST_EVENT_ID, start, late_end);
  }
  summary = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->no_show, ==, 1);
  assert_status (f, "absent@example.com", TURNOUT_STATUS_NO_SHOW);

  tear_down (f);
}

/* A feed much smaller than the program: only the members it names are
 * looked up, and the others who could become No Show are read after the
 * moves. The outcome is the same as reading every member: attendees
 * moved, a newcomer added, every confirmed registrant who is not in the
 * feed No Show once the data is final, the unconfirmed, the invited, a
 * forgotten member and one the feed lists without minutes left as they
 * are. */
static void
test_small_feed_of_large_program (void)
{
  for (guint final = 0; final < 2; final++)
    {
      Fixture fixture = { 0 }, *f = &fixture;
      g_autofree char *end = turnout_test_iso_from_now (final ? -3 * 3600 : -3600);
      g_autoptr(TurnoutRefreshSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      gint64 forgotten_id;
      const char *absent = final ? TURNOUT_STATUS_NO_SHOW : TURNOUT_STATUS_REGISTERED;

      set_up (f, end,
              "[{\"email\":\"member.3@example.com\",\"liveminutes\":40},"
              " {\"email\":\"MEMBER.3@example.com\",\"archiveminutes\":4},"
              " {\"email\":\"member.7@example.com\",\"archiveminutes\":12},"
              " {\"email\":\"member.9@example.com\",\"liveminutes\":0},"
              " {\"email\":\"newcomer@example.com\",\"liveminutes\":5}]");
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *email = g_strdup_printf ("member.%u@example.com", i);

          add (f, email, TURNOUT_STATUS_REGISTERED);
        }
      forgotten_id = add (f, "forgotten@example.com", TURNOUT_STATUS_REGISTERED);
      confirm_pushes (f);
      add (f, "unconfirmed@example.com", TURNOUT_STATUS_REGISTERED);
      add (f, "invited@example.com", TURNOUT_STATUS_INVITED);
      g_assert_true (turnout_db_forget_person (f->db, forgotten_id, "test", FALSE, NULL, &error));
      g_assert_no_error (error);

      summary = refresh (f, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (summary->attended, ==, 2);
      g_assert_cmpuint (summary->attended_on_demand, ==, 1);
      g_assert_cmpuint (summary->added, ==, 1);
      g_assert_cmpuint (summary->no_show, ==, final ? 17 : 0);
      g_assert_cmpuint (summary->no_show_pending, ==, final ? 0 : 17);
      assert_status (f, "member.3@example.com", TURNOUT_STATUS_ATTENDED);
      assert_status (f, "member.7@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
      assert_status (f, "newcomer@example.com", TURNOUT_STATUS_ATTENDED);
      assert_status (f, "member.0@example.com", absent);
      assert_status (f, "member.19@example.com", absent);
      assert_status (f, "member.9@example.com", TURNOUT_STATUS_REGISTERED);
      assert_status (f, "unconfirmed@example.com", TURNOUT_STATUS_REGISTERED);
      assert_status (f, "invited@example.com", TURNOUT_STATUS_INVITED);
      {
        g_autoptr(TurnoutMember) member = turnout_db_get_member (f->db, f->program_id, forgotten_id, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (member->status, ==, TURNOUT_STATUS_REGISTERED);
      }
      tear_down (f);
    }
}

/* The named members are looked up and written down many addresses a
 * statement: a feed longer than one batch (256), and not a multiple of
 * it, names each of its members once, in a program over four times its
 * size. */
static void
test_feed_of_many_batches (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *end = turnout_test_iso_from_now (-3600);
  g_autoptr(GString) feed = g_string_new ("[");
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const guint members = 1250, listed = 300;

  /* Everyone listed watched, but member 5, listed without minutes. */
  for (guint i = 0; i < listed; i++)
    g_string_append_printf (feed, "%s{\"email\":\"member.%u@example.com\",\"liveminutes\":%u}",
                            i > 0 ? "," : "", i, i == 5 ? 0 : 30);
  g_string_append_c (feed, ']');
  set_up (f, end, feed->str);
  for (guint i = 0; i < members; i++)
    {
      g_autofree char *email = g_strdup_printf ("member.%u@example.com", i);

      add (f, email, TURNOUT_STATUS_REGISTERED);
    }
  confirm_pushes (f);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->attended, ==, listed - 1);
  g_assert_cmpuint (summary->unchanged, ==, 1);
  g_assert_cmpuint (summary->added, ==, 0);
  g_assert_cmpuint (summary->no_show_pending, ==, members - listed);
  assert_status (f, "member.0@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "member.255@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "member.256@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "member.5@example.com", TURNOUT_STATUS_REGISTERED);
  assert_status (f, "member.299@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "member.300@example.com", TURNOUT_STATUS_REGISTERED);
  tear_down (f);
}

static void
test_no_show_needs_live (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  set_up (f, NULL, "[{\"email\":\"od@example.com\",\"archiveminutes\":40}]");
  add (f, "od@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "absent@example.com", TURNOUT_STATUS_REGISTERED);
  confirm_pushes (f);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  assert_status (f, "absent@example.com", TURNOUT_STATUS_REGISTERED);
  assert_status (f, "od@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  g_assert_true (summary->no_show_needs_live);
  text = turnout_refresh_summary_format (summary);
  g_assert_nonnull (strstr (text, "once ON24 reports live attendees"));

  tear_down (f);
}

/* Every fault: a clear error, and nothing applied. */
static void
test_faults_change_nothing (void)
{
  const struct { const char *fault; int code; } cases[] = {
    { "{\"kind\":\"malformed\",\"path\":\"attendee\"}", TURNOUT_ON24_ERROR_BAD_ANSWER },
    { "{\"kind\":\"truncated\",\"path\":\"attendee\"}", TURNOUT_ON24_ERROR_BAD_ANSWER },
    { "{\"kind\":\"truncated\",\"path\":\"registrant\"}", TURNOUT_ON24_ERROR_BAD_ANSWER },
    { "{\"kind\":\"status\",\"status\":500,\"path\":\"attendee\"}", TURNOUT_ON24_ERROR_SERVER },
    { "{\"kind\":\"throttle\",\"retry_after\":5}", TURNOUT_ON24_ERROR_THROTTLED },
    { "{\"kind\":\"limit\",\"path\":\"registrant\"}", TURNOUT_ON24_ERROR_THROTTLED },
    { "{\"kind\":\"unauthorized\"}", TURNOUT_ON24_ERROR_CREDENTIALS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture fixture = { 0 }, *f = &fixture;
      g_autoptr(TurnoutRefreshSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TurnoutProgram) program = NULL;
      guint history_before;

      set_up (f, NULL, attendees);
      add_spec_members (f);
      history_before = count_history (f);
      g_assert_true (turnout_on24_sim_add_fault_json (f->sim, cases[i].fault, NULL));

      summary = refresh (f, &error);
      g_test_message ("%s: %s", cases[i].fault, error ? error->message : "(none)");
      g_assert_null (summary);
      g_assert_error (error, TURNOUT_ON24_ERROR, cases[i].code);
      g_assert_cmpuint (count_history (f), ==, history_before);
      assert_status (f, "absent@example.com", TURNOUT_STATUS_REGISTERED);
      assert_status (f, "newcomer@example.com", "(no person)");
      program = turnout_db_get_program (f->db, f->program_id, NULL);
      g_assert_null (program->last_refresh_at);
      tear_down (f);
    }
}

static void
test_not_linked (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  set_up (f, NULL, attendees);
  f->program_id = turnout_test_add_program (f->db, "Not linked");
  summary = refresh (f, &error);
  g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "Event Settings"));
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (f->sim), ==, 0);
  tear_down (f);
}

/* Enough members that the moves are written in batches and what is left
 * over one by one, with newcomers between them, through the simulator. */
#define MANY 200

static char *
many_email (const char *kind,
            guint       i)
{
  return g_strdup_printf ("%s%03u@example.com", kind, i);
}

static char *
many_feed (void)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *email = many_email ("m", i);

      if (i % 3 == 2)
        g_string_append_printf (s, "%s{\"email\":\"%s\",\"archiveminutes\":%u,\"engagementscore\":%u.5}",
                                i ? "," : "", email, 1 + i, i % 10);
      else
        g_string_append_printf (s, "%s{\"email\":\"%s\",\"liveminutes\":%u,\"archiveminutes\":%u}",
                                i ? "," : "", email, 1 + i, i % 4);
      if (i % 100 == 99)
        {
          g_autofree char *newcomer = many_email ("new", i);

          g_string_append_printf (s, ",{\"email\":\"%s\",\"liveminutes\":2}", newcomer);
        }
    }
  /* The same people again, merged with their first rows. */
  g_string_append (s, ",{\"email\":\" M005@Example.com\",\"archiveminutes\":77},"
                      "{\"email\":\"new099@example.com\",\"liveminutes\":9}]");
  return g_string_free (s, FALSE);
}

static void
add_many_members (Fixture *f)
{
  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *email = many_email ("m", i);

      add (f, email, TURNOUT_STATUS_REGISTERED);
    }
  confirm_pushes (f);
}

static void
test_many (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *feed = many_feed ();
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(TurnoutRefreshSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  set_up (f, NULL, feed);
  add_many_members (f);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->attended, ==, MANY - MANY / 3 + MANY / 100);
  g_assert_cmpuint (summary->attended_on_demand, ==, MANY / 3);
  g_assert_cmpuint (summary->added, ==, MANY / 100);
  g_assert_cmpuint (summary->unchanged, ==, 0);

  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *email = many_email ("m", i);
      g_autoptr(TurnoutPerson) person = turnout_db_find_person (f->db, email, NULL);
      g_autoptr(TurnoutMember) member = turnout_db_get_member (f->db, f->program_id, person->id, NULL);
      g_autoptr(GPtrArray) history = turnout_db_get_history (f->db, f->program_id, person->id, &error);
      TurnoutHistoryEntry *last;

      g_assert_no_error (error);
      g_assert_cmpstr (member->status, ==, i % 3 == 2 ? TURNOUT_STATUS_ATTENDED_ON_DEMAND : TURNOUT_STATUS_ATTENDED);
      g_assert_true (member->reached_success);
      g_assert_nonnull (member->success_at);
      g_assert_cmpint (member->push_state, ==, TURNOUT_PUSH_CONFIRMED);
      if (i % 3 == 2)
        {
          g_assert_cmpint (member->live_minutes, ==, -1);
          g_assert_cmpint (member->ondemand_minutes, ==, i == 5 ? 77 : 1 + i);
          g_assert_cmpfloat (member->engagement_score, ==, i % 10 + 0.5);
        }
      else
        {
          g_assert_cmpint (member->live_minutes, ==, 1 + i);
          g_assert_cmpint (member->ondemand_minutes, ==, i % 4);
          g_assert_cmpfloat (member->engagement_score, <, 0);
        }

      g_assert_cmpuint (history->len, ==, 2);
      last = g_ptr_array_index (history, history->len - 1);
      g_assert_cmpstr (last->old_status, ==, TURNOUT_STATUS_REGISTERED);
      g_assert_cmpstr (last->new_status, ==, member->status);
      g_assert_cmpstr (last->source, ==, turnout_source_to_key (TURNOUT_SOURCE_PROVIDER_REFRESH));
      g_assert_cmpstr (last->reason, ==, "");
    }
  for (guint i = 99; i < MANY; i += 100)
    {
      g_autofree char *email = many_email ("new", i);

      assert_status (f, email, TURNOUT_STATUS_ATTENDED);
    }
  g_assert_true (turnout_db_check_integrity (f->db, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);

  /* Twice: nothing changes the second time. */
  again = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->attended + again->attended_on_demand + again->no_show + again->added, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, MANY + MANY / 100);

  tear_down (f);
}

static char *
dump (TurnoutDb  *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  TurnoutStmt *stmt = turnout_db_prepare_own (db, sql, &error);

  g_assert_no_error (error);
  while (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < turnout_stmt_column_count (stmt); i++)
        g_string_append_printf (out, "%s|", turnout_stmt_column_type (stmt, i) == SQLITE_NULL
                                              ? "NULL" : (const char *) turnout_stmt_column_text (stmt, i));
      g_string_append_c (out, '\n');
    }
  turnout_stmt_free (stmt);
  return g_string_free (out, FALSE);
}

/* A rule on the new statuses makes every move run the rules one by one;
 * without one they are written in batches. Both write the same rows. */
static void
test_batched_same_as_one_by_one (void)
{
  g_autofree char *feed_json = many_feed ();
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2030-01-02T03:04:05Z", NULL);
  g_autoptr(GError) error = NULL;
  char *memberships[2] = { NULL };
  char *history[2] = { NULL };
  guint events = 0;

  g_autofree char *body = g_strdup_printf ("{\"attendees\":%s}", feed_json);

  g_assert_true (turnout_on24_parse_attendees (body, strlen (body), feed, &error));
  g_assert_no_error (error);

  for (guint run = 0; run < 2; run++)
    {
      Fixture fixture = { 0 }, *f = &fixture;
      g_autoptr(TurnoutRefreshSummary) summary = NULL;
      g_autoptr(GPtrArray) taken = NULL;

      set_up (f, NULL, "[]");
      add_many_members (f);
      add (f, "waiting@example.com", TURNOUT_STATUS_WAIT_LISTED);
      /* The two set-ups may fall in different seconds: give what they
       * wrote one time, so only what the refresh writes can differ. */
      g_assert_true (turnout_db_exec (f->db,
                                      "UPDATE memberships SET member_date = '2029-01-01T00:00:00Z',"
                                      " status_changed_at = '2029-01-01T00:00:00Z',"
                                      " waitlist_at = CASE WHEN waitlist_at IS NULL THEN NULL"
                                      " ELSE '2029-01-01T00:00:00Z' END;"
                                      "UPDATE status_history SET at = '2029-01-01T00:00:00Z';",
                                      &error));
      g_assert_no_error (error);
      if (run == 1)
        {
          g_assert_cmpint (turnout_rules_add (f->db, f->program_id, TURNOUT_STATUS_ATTENDED, TURNOUT_RULE_NOTIFY,
                                              NULL, NULL, &error), >, 0);
          g_assert_cmpint (turnout_rules_add (f->db, f->program_id, TURNOUT_STATUS_ATTENDED_ON_DEMAND,
                                              TURNOUT_RULE_NOTIFY, NULL, NULL, &error), >, 0);
          g_assert_no_error (error);
        }

      summary = turnout_refresh_apply (f->db, f->program_id, feed, now, &error);
      g_assert_no_error (error);
      g_assert_nonnull (summary);

      memberships[run] = dump (f->db, "SELECT * FROM memberships ORDER BY id");
      history[run] = dump (f->db, "SELECT * FROM status_history ORDER BY id");
      taken = turnout_rules_take_events (f->db, f->program_id, &error);
      g_assert_no_error (error);
      if (run == 1)
        events = taken->len;
      else
        g_assert_cmpuint (taken->len, ==, 0);
      tear_down (f);
    }

  g_assert_cmpstr (memberships[0], ==, memberships[1]);
  g_assert_cmpstr (history[0], ==, history[1]);
  g_assert_cmpuint (events, ==, MANY + MANY / 100);
  for (guint run = 0; run < 2; run++)
    {
      g_free (memberships[run]);
      g_free (history[run]);
    }
}

/* A rule's move changes a member the refresh has not reached yet: the
 * refresh moves that member from the status the rule left. */
static void
test_rule_moves_a_later_member (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) waiting = NULL;
  g_autoptr(GPtrArray) history = NULL;
  TurnoutHistoryEntry *entry;

  set_up (f, NULL,
          "[{\"email\":\"first@example.com\",\"liveminutes\":4},"
          " {\"email\":\"od@example.com\",\"archiveminutes\":9},"
          " {\"email\":\"waiting@example.com\",\"liveminutes\":3}]");
  add (f, "first@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "od@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "waiting@example.com", TURNOUT_STATUS_WAIT_LISTED);
  confirm_pushes (f);
  g_assert_cmpint (turnout_rules_add (f->db, f->program_id, TURNOUT_STATUS_ATTENDED_ON_DEMAND, TURNOUT_RULE_PROMOTE,
                                      NULL, NULL, &error), >, 0);
  g_assert_no_error (error);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  assert_status (f, "first@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "od@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  assert_status (f, "waiting@example.com", TURNOUT_STATUS_ATTENDED);

  /* Promoted by the rule first, then attended from Registered. */
  waiting = turnout_db_find_person (f->db, "waiting@example.com", NULL);
  history = turnout_db_get_history (f->db, f->program_id, waiting->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  entry = g_ptr_array_index (history, 1);
  g_assert_cmpstr (entry->old_status, ==, TURNOUT_STATUS_WAIT_LISTED);
  g_assert_cmpstr (entry->new_status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpstr (entry->source, ==, turnout_source_to_key (TURNOUT_SOURCE_RULE));
  entry = g_ptr_array_index (history, 2);
  g_assert_cmpstr (entry->old_status, ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpstr (entry->new_status, ==, TURNOUT_STATUS_ATTENDED);

  tear_down (f);
}

static void
test_store_apply_direct (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_linked_program (db, "P", NULL);
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  TurnoutFeedAttendee a = { .email = g_strdup ("x@example.com"), .liveminutes = 5, .liveviewed = -1,
                            .archiveminutes = -1, .archiveviewed = -1, .engagementscore = -1 };

  /* A feed for another event is refused whole. */
  g_array_append_val (feed->attendees, a);
  feed->eventid = 42;
  summary = turnout_refresh_apply (db, program_id, feed, now, &error);
  g_assert_null (summary);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_null (turnout_db_find_person (db, "x@example.com", NULL));
  turnout_db_close (db);
}

static void
test_auto_refresh_schedule (void)
{
  const gint64 end = 1800000000;

  g_assert_cmpint (turnout_on24_next_auto_refresh (end, end - 100), ==, end + 1800);
  g_assert_cmpint (turnout_on24_next_auto_refresh (end, end + 1800), ==, end + 7200);
  g_assert_cmpint (turnout_on24_next_auto_refresh (end, end + 7200), ==, end + 10800);
  g_assert_cmpint (turnout_on24_next_auto_refresh (end, end + 10800), ==, end + 10800 + 86400);
  g_assert_cmpint (turnout_on24_next_auto_refresh (end, end + 10800 + 86400 + 5), ==, end + 10800 + 2 * 86400);
  g_assert_cmpint (turnout_on24_next_auto_refresh (end, end + 30 * 86400), ==, 0);
}

/* A member stored as "josé" with a combining accent (NFD, as some forms
 * and CSV files give it) and ON24's attendee "josé" precomposed (NFC) are
 * one person: the member is Attended, nobody is added, nobody heads for
 * No Show, as comparing bytes once made a second person of them. */
static void
test_unicode_forms_one_person (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  set_up (f, NULL, "[{\"email\":\"JOS\xc3\x89@example.com\",\"liveminutes\":30}]");
  add (f, "jose\xcc\x81@example.com", TURNOUT_STATUS_REGISTERED);
  confirm_pushes (f);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->added, ==, 0);
  assert_status (f, "jos\xc3\xa9@example.com", TURNOUT_STATUS_ATTENDED);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people"), ==, 1);

  tear_down (f);
}

/* People ON24 has removed: a soft-deleted row with a real address, a
 * forgotten one ("{eventuserid}-deleted", named "deleted") and an anonymous
 * viewer, whom excludeanonymous=Y keeps out of the list. Nobody is created,
 * no member changes, and the summary says how many rows were ignored. */
static void
test_removed_at_on24 (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(TurnoutRefreshSummary) again = NULL;
  g_autoptr(TurnoutRefreshSummary) kept = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTable *query;
  int people;

  set_up (f, NULL,
          "[{\"email\":\"live@example.com\",\"liveminutes\":40},"
          " {\"email\":\"soft@example.com\",\"userstatus\":\"deleted\",\"liveminutes\":30},"
          " {\"email\":\"erased@example.com\",\"eventuserid\":7002,\"userstatus\":\"forgotten\","
          "  \"liveminutes\":20},"
          " {\"email\":\"viewer-5d1e@anonymous.on24.invalid\",\"anonymous\":true,\"liveminutes\":15}]");
  add (f, "live@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "invited@example.com", TURNOUT_STATUS_INVITED);
  confirm_pushes (f);
  people = turnout_test_query_int (f->db, "SELECT count(*) FROM people");

  summary = refresh (f, &error);
  g_assert_no_error (error);

  query = turnout_on24_sim_get_attendee_query (f->sim, TEST_EVENT_ID);
  g_assert_nonnull (query);
  g_assert_cmpstr (g_hash_table_lookup (query, "excludeanonymous"), ==, "Y");

  assert_status (f, "live@example.com", TURNOUT_STATUS_ATTENDED);
  assert_status (f, "invited@example.com", TURNOUT_STATUS_INVITED);
  assert_status (f, "soft@example.com", "(no person)");
  assert_status (f, "erased@example.com", "(no person)");
  assert_status (f, "7002-deleted", "(no person)");
  assert_status (f, "viewer-5d1e@anonymous.on24.invalid", "(no person)");
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people"), ==, people);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people WHERE first_name = 'deleted'"
                                                  " OR last_name = 'deleted' OR email LIKE '%-deleted'"), ==, 0);

  g_assert_cmpuint (summary->attended, ==, 1);
  g_assert_cmpuint (summary->added, ==, 0);
  g_assert_cmpuint (summary->blocked, ==, 0);
  g_assert_cmpuint (summary->ignored_removed, ==, 2);
  text = turnout_refresh_summary_format (summary);
  g_assert_nonnull (strstr (text, ", 2 ignored: removed at ON24"));

  program = turnout_db_get_program (f->db, f->program_id, NULL);
  kept = turnout_refresh_summary_from_json (program->last_refresh_summary);
  g_assert_cmpuint (kept->ignored_removed, ==, 2);

  /* A member soft-deleted at ON24 after they watched: the row changes
   * nobody, not the Invited member and not the Attended one. */
  g_assert_true (turnout_on24_sim_add_attendees_json (f->sim, TEST_EVENT_ID,
                                                      "[{\"email\":\"Invited@example.com\",\"userstatus\":\"deleted\","
                                                      "  \"liveminutes\":25}]",
                                                      &error));
  g_assert_no_error (error);
  g_assert_true (turnout_on24_sim_set_userstatus (f->sim, TEST_EVENT_ID, "live@example.com", "deleted"));
  again = refresh (f, &error);
  g_assert_no_error (error);
  assert_status (f, "invited@example.com", TURNOUT_STATUS_INVITED);
  assert_status (f, "live@example.com", TURNOUT_STATUS_ATTENDED);
  g_assert_cmpuint (again->ignored_removed, ==, 4);
  g_assert_cmpuint (again->attended + again->attended_on_demand + again->added + again->unchanged, ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people"), ==, people);

  tear_down (f);
}

/* A registrant row that is not active names nobody, even when the same
 * address registered again. */
static void
test_removed_registrant_names_nobody (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(TurnoutPerson) renamed = NULL;
  g_autoptr(TurnoutPerson) again = NULL;
  g_autoptr(GError) error = NULL;

  set_up (f, NULL,
          "[{\"email\":\"renamed@example.com\",\"liveminutes\":40},"
          " {\"email\":\"again@example.com\",\"archiveminutes\":12}]");
  g_assert_true (turnout_on24_sim_add_registrants_json (f->sim, TEST_EVENT_ID,
    "[{\"email\":\"renamed@example.com\",\"firstname\":\"Stale\",\"lastname\":\"Name\","
    "  \"company\":\"Old Co\",\"userstatus\":\"deleted\"},"
    " {\"email\":\"again@example.com\",\"firstname\":\"Fresh\",\"lastname\":\"Start\"},"
    " {\"email\":\"again@example.com\",\"firstname\":\"Stale\",\"lastname\":\"Row\","
    "  \"userstatus\":\"deleted\"}]", &error));
  g_assert_no_error (error);

  summary = refresh (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->added, ==, 2);
  g_assert_cmpuint (summary->ignored_removed, ==, 0);

  renamed = turnout_db_find_person (f->db, "renamed@example.com", &error);
  g_assert_no_error (error);
  g_assert_true (renamed->first_name == NULL || *renamed->first_name == '\0');
  g_assert_true (renamed->last_name == NULL || *renamed->last_name == '\0');
  g_assert_true (renamed->company == NULL || *renamed->company == '\0');
  again = turnout_db_find_person (f->db, "again@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->first_name, ==, "Fresh");
  g_assert_cmpstr (again->last_name, ==, "Start");

  tear_down (f);
}

/* Summaries kept before the count existed still read, as none ignored. */
static void
test_old_summary_reads (void)
{
  g_autoptr(TurnoutRefreshSummary) old = turnout_refresh_summary_from_json (
    "{\"attended\":3,\"attended_on_demand\":1,\"no_show\":0,\"added\":1,\"unchanged\":2,\"blocked\":1,"
    "\"no_show_pending\":0,\"no_show_at\":null,\"no_show_needs_live\":false,"
    "\"refreshed_at\":\"2026-11-20T10:00:00Z\"}");
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  g_assert_nonnull (old);
  g_assert_cmpuint (old->attended, ==, 3);
  g_assert_cmpuint (old->ignored_removed, ==, 0);
  text = turnout_refresh_summary_format (old);
  g_assert_null (strstr (text, "ignored"));
  json = turnout_refresh_summary_to_json (old);
  g_assert_nonnull (strstr (json, "\"ignored_removed\":0"));
}

/* What an attendee did besides watching: the counts, the launch mode and
 * the questions with the presenter's answer are kept per member; ON24's
 * text is cleaned; a second refresh replaces the questions rather than
 * adding them again, and the same person listed twice asks each question
 * once. */
static void
test_engagement_beyond_minutes (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) person = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  TurnoutMemberQuestion *q;

  set_up (f, NULL,
          "[{\"email\":\"live@example.com\",\"liveminutes\":40,\"askedquestions\":2,\"answeredpolls\":\"3\","
          "  \"answeredsurveys\":1,\"resourcesdownloaded\":4,\"launchmode\":\"Web\","
          "  \"questions\":[{\"questionid\":11,\"createtimestamp\":\"2026-11-20T06:20:00-08:00\","
          "                 \"content\":\"Will the slides\\u0007 be shared?\","
          "                 \"answer\":{\"content\":\"Yes, tomorrow.\",\"presentername\":\"Ada Host\",\"privacy\":\"public\"}},"
          "                {\"questionid\":12,\"content\":\"Is there a recording?\"},"
          "                {\"questionid\":13,\"content\":\"\"}]},"
          " {\"email\":\"quiet@example.com\",\"liveminutes\":5}]");
  add (f, "live@example.com", TURNOUT_STATUS_REGISTERED);
  add (f, "quiet@example.com", TURNOUT_STATUS_REGISTERED);

  for (guint round = 0; round < 2; round++)
    {
      g_clear_pointer (&summary, turnout_refresh_summary_free);
      summary = refresh (f, &error);
      g_assert_no_error (error);
    }

  person = turnout_db_find_person (f->db, "live@example.com", &error);
  g_assert_no_error (error);
  member = turnout_db_get_member (f->db, f->program_id, person->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (member->asked_questions, ==, 2);
  g_assert_cmpint (member->answered_polls, ==, 3);
  g_assert_cmpint (member->answered_surveys, ==, 1);
  g_assert_cmpint (member->resources_downloaded, ==, 4);
  g_assert_cmpstr (member->launch_mode, ==, "Web");

  /* Two questions (the empty one is nothing), not four after two refreshes. */
  questions = turnout_db_get_member_questions (f->db, f->program_id, person->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (questions->len, ==, 2);
  q = g_ptr_array_index (questions, 0);
  g_assert_cmpstr (q->content, ==, "Will the slides be shared?");
  g_assert_cmpstr (q->answer, ==, "Yes, tomorrow.");
  g_assert_cmpstr (q->presenter, ==, "Ada Host");
  g_assert_cmpstr (q->asked_at, ==, "2026-11-20T06:20:00-08:00");
  q = g_ptr_array_index (questions, 1);
  g_assert_cmpstr (q->content, ==, "Is there a recording?");
  g_assert_null (q->answer);
  g_assert_null (q->presenter);

  /* Left out is not zero. */
  {
    g_autoptr(TurnoutPerson) quiet = turnout_db_find_person (f->db, "quiet@example.com", NULL);
    g_autoptr(TurnoutMember) m = turnout_db_get_member (f->db, f->program_id, quiet->id, NULL);

    g_assert_cmpint (m->asked_questions, ==, -1);
    g_assert_cmpint (m->resources_downloaded, ==, -1);
    g_assert_null (m->launch_mode);
  }

  /* The same person again in the list, with one question already known
   * and a new one: three in all. */
  g_assert_true (turnout_on24_sim_add_attendees_json (f->sim, TEST_EVENT_ID,
                 "[{\"email\":\"LIVE@example.com\",\"liveminutes\":2,\"askedquestions\":3,"
                 "  \"questions\":[{\"questionid\":12,\"content\":\"Is there a recording?\"},"
                 "                 {\"questionid\":14,\"content\":\"Where is the survey?\"}]}]",
                 &error));
  g_assert_no_error (error);
  g_clear_pointer (&summary, turnout_refresh_summary_free);
  summary = refresh (f, &error);
  g_assert_no_error (error);
  g_clear_pointer (&questions, g_ptr_array_unref);
  questions = turnout_db_get_member_questions (f->db, f->program_id, person->id, &error);
  g_assert_cmpuint (questions->len, ==, 3);
  g_assert_cmpstr (((TurnoutMemberQuestion *) g_ptr_array_index (questions, 2))->content, ==, "Where is the survey?");
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM member_questions"), ==, 3);
  g_clear_pointer (&member, turnout_member_free);
  member = turnout_db_get_member (f->db, f->program_id, person->id, &error);
  g_assert_cmpint (member->asked_questions, ==, 3);

  tear_down (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/on24/refresh/rules", test_rules);
  g_test_add_func ("/on24/refresh/no-show-waits-for-end", test_no_show_waits_for_end);
  g_test_add_func ("/on24/refresh/small-feed-of-large-program", test_small_feed_of_large_program);
  g_test_add_func ("/on24/refresh/feed-of-many-batches", test_feed_of_many_batches);
  g_test_add_func ("/on24/refresh/no-show-needs-live", test_no_show_needs_live);
  g_test_add_func ("/on24/refresh/faults-change-nothing", test_faults_change_nothing);
  g_test_add_func ("/on24/refresh/not-linked", test_not_linked);
  g_test_add_func ("/on24/refresh/other-event", test_store_apply_direct);
  g_test_add_func ("/on24/refresh/auto-schedule", test_auto_refresh_schedule);
  g_test_add_func ("/on24/refresh/many", test_many);
  g_test_add_func ("/on24/refresh/batched-same-as-one-by-one", test_batched_same_as_one_by_one);
  g_test_add_func ("/on24/refresh/rule-moves-a-later-member", test_rule_moves_a_later_member);
  g_test_add_func ("/on24/refresh/unicode-forms-one-person", test_unicode_forms_one_person);
  g_test_add_func ("/on24/refresh/removed-at-on24", test_removed_at_on24);
  g_test_add_func ("/on24/refresh/removed-registrant-names-nobody", test_removed_registrant_names_nobody);
  g_test_add_func ("/on24/refresh/old-summary-reads", test_old_summary_reads);
  g_test_add_func ("/on24/refresh/engagement-beyond-minutes", test_engagement_beyond_minutes);

  return g_test_run ();
}
