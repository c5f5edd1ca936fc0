/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-on24-refresh: how long "Refresh from Webinar Provider" takes on an
 * event with 100 000 attendees, next to json-glib alone parsing the same
 * body, measured in the same run; and the longest main-loop gap while the
 * whole refresh runs over loopback against the simulator.
 *
 *   meson test -C build --benchmark --verbose on24-refresh
 *   build/tests/bench-on24-refresh [N]
 *   build/tests/bench-on24-refresh --refresh-only [N]
 *
 * --refresh-only runs Turnout's refresh alone (over loopback, read and
 * apply) and reports this process's peak memory: the simulator, the
 * feed's making and the members' filling run in a child process, and
 * json-glib's reference parse does not run at all (the target, at most
 * 200 MB at 100k attendees, lets a cron refresh run on a small machine).
 *
 * Prints figures; asserts nothing about time. With TURNOUT_BENCH_ROWS=1 it
 * also prints result rows for build-aux/bench (bench-rows.h).
 */
#include "config.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-on24-json.h"
#include "turnout-on24-refresh.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"

#include "bench-rows.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static char *
email_for (guint i)
{
  return g_strdup_printf ("attendee.%06u@example.com", i);
}

/* 100k members registered here (pushed, confirmed), in one transaction. */
static void
fill_program (TurnoutDb *db,
              gint64     program_id,
              guint      n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, program_id, &error);
  g_autoptr(TurnoutChannel) channel = turnout_db_get_channel (db, TURNOUT_CHANNEL_WEBINAR);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autofree char *now = turnout_now_iso8601 ();

  g_assert_true (turnout_db_begin (db, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = email_for (i);
      TurnoutPersonSpec spec = { .email = email, .first_name = "A", .last_name = "B", .company = "C" };
      gint64 person_id = turnout_db_upsert_person (db, &spec, FALSE, &error);

      g_assert_cmpint (person_id, >, 0);
      g_assert_true (turnout_db_apply_move (db, program, channel, person_id, TURNOUT_STATUS_REGISTERED, NULL,
                                            TURNOUT_SOURCE_IMPORT, now, results, &error));
      g_ptr_array_set_size (results, 0);
    }
  g_assert_true (turnout_db_exec (db, "UPDATE memberships SET push_state = 'confirmed';"
                                      "UPDATE outbox SET state = 'done'", &error));
  g_assert_true (turnout_db_commit (db, &error));
}

static char *
attendees_json (guint n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = email_for (i);

      /* Most live, some on-demand only, a few blocked. */
      if (i % 10 == 9)
        g_string_append_printf (s, "%s{\"email\":\"%s\",\"archiveminutes\":%u,\"engagementscore\":%.1f}",
                                i ? "," : "", email, 5 + i % 50, (i % 100) / 10.0);
      else if (i % 1000 == 999)
        g_string_append_printf (s, "%s{\"email\":\"%s\",\"isblocked\":\"Y\",\"liveminutes\":3}", i ? "," : "", email);
      else
        {
          g_string_append_printf (s, "%s{\"email\":\"%s\",\"liveminutes\":%u,\"archiveminutes\":%u,\"engagementscore\":%.1f",
                                  i ? "," : "", email, 1 + i % 60, i % 7, (i % 100) / 10.0);
          /* What else ON24 counts of a viewer; one in twenty asks a
           * question, half of those get an answer. */
          g_string_append_printf (s, ",\"askedquestions\":%u,\"answeredpolls\":%u,\"answeredsurveys\":%u,"
                                  "\"resourcesdownloaded\":%u,\"launchmode\":\"%s\"",
                                  i % 20 == 0 ? 1 : 0, i % 4, i % 3 == 0, i % 5, i % 2 ? "Web" : "Mobile");
          if (i % 20 == 0)
            g_string_append_printf (s, ",\"questions\":[{\"questionid\":%u,\"createtimestamp\":"
                                    "\"2026-11-20T06:20:00-08:00\",\"content\":\"Will the slides of part %u be shared?\"%s}]",
                                    1000 + i, i % 7,
                                    i % 40 == 0 ? ",\"answer\":{\"content\":\"Yes, after the event.\","
                                                  "\"presentername\":\"Ada Host\",\"privacy\":\"public\"}" : "");
          g_string_append_c (s, '}');
        }
    }
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

/* The simulator serves from a thread of its own: in real use ON24 is
 * another machine, and its work must not count as the app's main loop. */
typedef struct
{
  const char     *attendees;
  GMainContext   *context;
  GMainLoop      *loop;
  TurnoutOn24Sim *sim;
  GMutex          lock;
  GCond           ready;
} SimThread;

static gpointer
sim_thread (gpointer data)
{
  SimThread *t = data;

  t->context = g_main_context_new ();
  g_main_context_push_thread_default (t->context);
  t->loop = g_main_loop_new (t->context, FALSE);
  g_mutex_lock (&t->lock);
  t->sim = turnout_test_sim_new (NULL, t->attendees);
  g_cond_signal (&t->ready);
  g_mutex_unlock (&t->lock);
  g_main_loop_run (t->loop);
  g_clear_object (&t->sim);
  g_main_context_pop_thread_default (t->context);
  g_main_loop_unref (t->loop);
  g_main_context_unref (t->context);
  return NULL;
}

typedef struct
{
  gint64   last;
  gint64   longest;
  gboolean done;
} Gap;

static gboolean
tick (gpointer data)
{
  Gap *gap = data;
  gint64 now = g_get_monotonic_time ();

  if (gap->last != 0 && now - gap->last > gap->longest)
    gap->longest = now - gap->last;
  gap->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Gap *gap = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = turnout_on24_refresh_finish (result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  gap->done = TRUE;
}

/* --refresh-only: the child makes the database and the feed and serves
 * them; it answers a byte on @in by exiting. */
static gboolean
child_quit (int          fd,
            GIOCondition condition,
            gpointer     data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static G_GNUC_NORETURN void
refresh_only_child (const char *path,
                    guint       n,
                    int         in,
                    int         out)
{
  g_autofree char *attendees = attendees_json (n);
  TurnoutOn24Sim *sim;
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_linked_program (db, "Big Event", NULL);
  char port[64];

  fill_program (db, program_id, n);
  turnout_db_close (db);
  sim = turnout_test_sim_new (NULL, attendees);
  g_snprintf (port, sizeof port, "%u %" G_GINT64_FORMAT "\n", turnout_on24_sim_get_port (sim), program_id);
  if (write (out, port, strlen (port)) < 0)
    _exit (1);
  g_unix_fd_add (in, G_IO_IN | G_IO_HUP, child_quit, loop);
  g_main_loop_run (loop);
  _exit (0);
}

static int
refresh_only (guint n)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *base_url = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  int to_child[2], from_child[2], status;
  char port[64] = "";
  gsize got = 0;
  guint port_number = 0;
  gint64 program_id = 0;
  pid_t child;
  Gap gap = { 0 };
  guint id;
  gint64 start;
  double t_total, before, peak;

  /* Before this process has threads of its own. */
  if (pipe (to_child) != 0 || pipe (from_child) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  child = fork ();
  if (child < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (child == 0)
    {
      close (to_child[1]);
      close (from_child[0]);
      refresh_only_child (path, n, to_child[0], from_child[1]);
    }
  close (to_child[0]);
  close (from_child[1]);
  g_print ("Preparing %u attendees and a program with %u members (in a child process)...\n", n, n);
  while (got + 1 < sizeof port)
    {
      ssize_t r = read (from_child[0], port + got, 1);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0 || port[got] == '\n')
        break;
      got++;
    }
  port[got] = '\0';
  if (sscanf (port, "%u %" G_GINT64_FORMAT, &port_number, &program_id) != 2)
    g_error ("bench-on24-refresh: the simulator did not start");
  base_url = g_strdup_printf ("http://127.0.0.1:%u/v2", port_number);

  before = bench_peak_rss_mb ();
  client = turnout_on24_client_new (base_url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  store = turnout_test_store_open (path);
  id = g_timeout_add (1, tick, &gap);
  start = g_get_monotonic_time ();
  turnout_on24_refresh_async (store, client, program_id, NULL, on_refreshed, &gap);
  while (!gap.done)
    g_main_context_iteration (NULL, TRUE);
  t_total = seconds_since (start);
  g_source_remove (id);
  peak = bench_peak_rss_mb ();

  if (write (to_child[1], "q", 1) != 1)
    g_printerr ("bench-on24-refresh: could not stop the simulator\n");
  waitpid (child, &status, 0);
  close (to_child[1]);
  close (from_child[0]);

  g_print ("\n");
  g_print ("%-58s %10u\n", "ON24 refresh alone: attendees in the feed", n);
  g_print ("%-58s %8.3f s\n", "end to end over loopback (3 calls + parse + apply)", t_total);
  g_print ("%-58s %7.1f ms\n", "longest main-loop gap meanwhile (one frame = 16.7 ms)", gap.longest / 1000.0);
  g_print ("%-58s %7.1f MB\n", "process peak before the refresh (VmHWM)", before);
  g_print ("%-58s %7.1f MB\n", "process peak, the refresh alone (VmHWM, target <= 200)", peak);

  bench_row ("on24 refresh", "refresh alone, process peak (VmHWM)", n, peak, "MB", -1, NULL, "<= 200 MB",
             bench_met (TRUE, peak <= 200));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  gboolean only = argc > 1 && g_str_equal (argv[1], "--refresh-only");
  guint n = argc > 1 + only ? (guint) g_ascii_strtoull (argv[1 + only], NULL, 10) : 100000;
  SimThread t = { 0 };
  GThread *thread;
  TurnoutOn24Sim *sim;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *attendees = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  TurnoutDb *db;
  gint64 program_id, start;
  double t_jsonglib = G_MAXDOUBLE, t_parse, t_apply, t_total;
  guint attended;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (only)
    return refresh_only (n);

  g_print ("Preparing %u attendees and a program with %u members…\n", n, n);
  attendees = attendees_json (n);
  t.attendees = attendees;
  g_mutex_init (&t.lock);
  g_cond_init (&t.ready);
  g_mutex_lock (&t.lock);
  thread = g_thread_new ("sim", sim_thread, &t);
  while (t.sim == NULL)
    g_cond_wait (&t.ready, &t.lock);
  g_mutex_unlock (&t.lock);
  sim = t.sim;
  client = turnout_test_client_new (sim);

  /* The body exactly as the simulator serves it. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(TurnoutFeed) feed = NULL;
    g_autofree char *uri = g_strdup_printf ("%s/client/%s/event/%d/attendee",
                                            turnout_on24_sim_get_base_url (sim), TEST_CLIENT_ID, TEST_EVENT_ID);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "accessTokenKey", TEST_KEY);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "accessTokenSecret", TEST_SECRET);
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, turnout_test_store_result, &result);
    body = soup_session_send_and_read_finish (session, turnout_test_wait_result (&result), &error);
    g_assert_no_error (error);
  }

  path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (path);
  program_id = turnout_test_add_linked_program (db, "Big Event", NULL);
  fill_program (db, program_id, n);
  turnout_db_close (db);
  /* A copy for the end-to-end run, so both start from the same state. */
  path2 = g_strconcat (path, ".2", NULL);
  {
    g_autoptr(GFile) from = g_file_new_for_path (path);
    g_autoptr(GFile) to = g_file_new_for_path (path2);

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  }

  /* 1. json-glib alone, best of three. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      start = g_get_monotonic_time ();
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
      t_jsonglib = MIN (t_jsonglib, seconds_since (start));
    }

  /* 2. Turnout's reader and the apply, in one transaction. */
  {
    g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
    g_autoptr(TurnoutRefreshSummary) summary = NULL;

    db = turnout_test_open_db (path);
    t_parse = G_MAXDOUBLE;
    for (int i = 0; i < 3; i++)
      {
        g_clear_pointer (&feed, turnout_feed_free);
        feed = turnout_feed_new ();
        start = g_get_monotonic_time ();
        g_assert_true (turnout_on24_parse_attendees (g_bytes_get_data (body, NULL), g_bytes_get_size (body), feed, &error));
        t_parse = MIN (t_parse, seconds_since (start));
      }
    start = g_get_monotonic_time ();
    summary = turnout_refresh_apply (db, program_id, feed, now, &error);
    t_apply = seconds_since (start);
    g_assert_no_error (error);
    attended = summary->attended + summary->attended_on_demand;
    turnout_db_close (db);
  }

  /* 3. The whole refresh over loopback (event, attendees, registrants,
   *    apply), with a 1 ms ticker on the main loop to catch stalls. */
  {
    g_autoptr(TurnoutStore) store = turnout_test_store_open (path2);
    Gap gap = { 0 };
    guint id = g_timeout_add (1, tick, &gap);

    start = g_get_monotonic_time ();
    turnout_on24_refresh_async (store, client, program_id, NULL, on_refreshed, &gap);
    while (!gap.done)
      g_main_context_iteration (NULL, TRUE);
    t_total = seconds_since (start);
    g_source_remove (id);

    g_print ("\n");
    g_print ("%-58s %10s\n", "ON24 refresh, 100k-attendee benchmark", "");
    g_print ("%-58s %10u\n", "attendees in the feed", n);
    g_print ("%-58s %7.1f MB\n", "attendee body", g_bytes_get_size (body) / 1e6);
    g_print ("%-58s %8.3f s\n", "json-glib alone: parse the body (best of 3)", t_jsonglib);
    g_print ("%-58s %8.3f s\n", "Turnout: read the body into records (best of 3)", t_parse);
    g_print ("%-58s %8.3f s\n", "Turnout: apply in one transaction", t_apply);
    g_print ("%-58s %8.3f s\n", "Turnout: read + apply", t_parse + t_apply);
    g_print ("%-58s %8.2f x\n", "ratio (read + apply) / json-glib alone (target <= 1.5)",
             (t_parse + t_apply) / t_jsonglib);
    g_print ("%-58s %10u\n", "members moved to Attended / On-demand", attended);
    g_print ("%-58s %8.3f s\n", "end to end over loopback (3 calls + parse + apply)", t_total);
    g_print ("%-58s %7.1f ms\n", "longest main-loop gap meanwhile (one frame = 16.7 ms)", gap.longest / 1000.0);

    /* The targets: reading and applying ON24's body costs at most 1.5x
     * json-glib's bare parse, so a refresh is bound by the data, not us. */
    {
      double ours_ms = (t_parse + t_apply) * 1000, theirs_ms = t_jsonglib * 1000;
      g_autofree char *ratio = g_strdup_printf ("<= 1.5x ref (is %.2fx)", ours_ms / theirs_ms);

      bench_row ("on24 refresh", "read + apply the attendees", n, ours_ms, "ms",
                 theirs_ms, "json-glib parse alone", ratio, bench_met (TRUE, ours_ms <= 1.5 * theirs_ms));
      bench_row ("on24 refresh", "read the body into records", n, t_parse * 1000, "ms",
                 theirs_ms, "json-glib parse alone", NULL, bench_met (FALSE, FALSE));
      bench_row ("on24 refresh", "apply in one transaction", n, t_apply * 1000, "ms",
                 -1, NULL, NULL, bench_met (FALSE, FALSE));
      bench_row ("on24 refresh", "end to end over loopback", n, t_total * 1000, "ms",
                 -1, NULL, NULL, bench_met (FALSE, FALSE));
      bench_row ("on24 refresh", "longest main-loop gap meanwhile", n, gap.longest / 1000.0, "ms",
                 1000.0 / 60, "one frame at 60 Hz", "< 16.7 ms", bench_met (TRUE, gap.longest / 1000.0 < 1000.0 / 60));
    }
  }

  g_main_loop_quit (t.loop);
  g_thread_join (thread);
  bench_row ("memory", "bench-on24-refresh process (VmHWM)", n, bench_peak_rss_mb (), "MB",
             -1, NULL, NULL, bench_met (FALSE, FALSE));
  return 0;
}
