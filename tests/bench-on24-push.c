/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-on24-push: how fast the outbox's registrations reach ON24 (the
 * simulator over loopback), with the outbox's bookkeeping, and whether the
 * pushing process's memory stays flat.
 *
 *   build/tests/bench-on24-push [N]          (default 10000)
 *
 * A real SQLite file with a program linked to the simulator's event; N
 * members imported as Invited and then moved to Registered in one bulk
 * change, which queues N outbox entries. The sender then pushes them all,
 * timed until the outbox has no pending entry left. The simulator runs in
 * a child process of its own, as ON24 is another machine: its registrants
 * would otherwise count as this process's memory. Memory is the growth of
 * this process's RSS high-water mark (VmHWM) during the push, after the
 * first 2,000 pushes and after all of them: flat when the second is about
 * the first.
 *
 * Target, so a large import reaches ON24 in minutes and a long push
 * cannot exhaust memory: >= 500 pushes a second, memory flat. Prints figures;
 * asserts nothing about time. With TURNOUT_BENCH_ROWS=1 it also prints
 * result rows for build-aux/bench (bench-rows.h).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "turnout-db-private.h"
#include "turnout-import.h"
#include "turnout-on24-sender.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"
#include "turnout-waitlist.h"

#include "bench-rows.h"

/* Memory is read after this many pushes, and again at the end. */
#define EARLY 2000

/* The child: a simulator on loopback. It writes its port on @out, then
 * serves until a byte arrives on @in, answers with its counters and
 * exits. */
typedef struct
{
  TurnoutOn24Sim *sim;
  GMainLoop      *loop;
  int             out;
} Child;

static gboolean
child_asked (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  Child *c = data;
  g_autofree char *answer = g_strdup_printf ("%u %u %u\n", turnout_on24_sim_get_n_connections (c->sim),
                                             turnout_on24_sim_get_n_requests (c->sim),
                                             turnout_on24_sim_count_registrants (c->sim, TEST_EVENT_ID));

  if (write (c->out, answer, strlen (answer)) < 0)
    g_printerr ("bench-on24-push: the simulator could not answer: %s\n", g_strerror (errno));
  g_main_loop_quit (c->loop);
  return G_SOURCE_REMOVE;
}

static G_GNUC_NORETURN void
run_child (int in,
           int out)
{
  Child c = { 0 };
  char port[64];

  c.sim = turnout_test_sim_new (NULL, NULL);
  c.loop = g_main_loop_new (NULL, FALSE);
  c.out = out;
  /* The port, and the registrants the scenario starts with. */
  g_snprintf (port, sizeof port, "%u %u\n", turnout_on24_sim_get_port (c.sim),
              turnout_on24_sim_count_registrants (c.sim, TEST_EVENT_ID));
  if (write (out, port, strlen (port)) < 0)
    _exit (1);
  g_unix_fd_add (in, G_IO_IN | G_IO_HUP, child_asked, &c);
  g_main_loop_run (c.loop);
  _exit (0);
}

/* Reads one line (up to @size - 1 bytes) from @fd. */
static gboolean
read_line (int    fd,
           char  *buf,
           gsize  size)
{
  gsize n = 0;

  while (n + 1 < size)
    {
      ssize_t got = read (fd, buf + n, 1);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      if (buf[n] == '\n')
        break;
      n++;
    }
  buf[n] = '\0';
  return n > 0;
}

typedef struct
{
  guint   n_outcomes;
  guint   n_confirmed;
  double  hwm_early;
  gint64  early_at;
} Progress;

static void
on_outcome (TurnoutOn24Sender  *sender,
            TurnoutPushOutcome *outcome,
            gpointer            data)
{
  Progress *p = data;

  p->n_outcomes++;
  if (outcome->kind == TURNOUT_PUSH_OUTCOME_CONFIRMED)
    p->n_confirmed++;
  if (p->n_outcomes == EARLY)
    {
      p->hwm_early = bench_peak_rss_mb ();
      p->early_at = g_get_monotonic_time ();
    }
}

/* N members of one program linked to the simulator's event, imported as
 * Invited and moved to Registered in one bulk change (which queues the
 * pushes, as the window's Change Status does). */
static gint64
make_program (const char *path,
              guint       n)
{
  g_autoptr(GString) csv = g_string_new ("Email,First Name,Last Name,Company,Job Title\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  TurnoutImportOptions options = { .has_header = -1, .status = "invited" };
  TurnoutMemberFilter filter = { .status = "invited", .success = -1 };
  TurnoutImportReport *report;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_linked_program (db, "Push Benchmark", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "person%u@example%u.com,First%u,Last%u,Company %u,Title %u\n",
                            i, i % 50, i, i, i % 97, i % 13);
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
  report = turnout_import_apply (db, program_id, bytes, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, n);
  turnout_import_report_free (report);

  results = turnout_members_batch_change (db, program_id, &filter, TURNOUT_STATUS_REGISTERED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, n);
  g_assert_cmpuint (turnout_db_count_outbox (db, program_id, "pending", NULL), ==, n);
  turnout_db_close (db);
  return program_id;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  int to_child[2], from_child[2];
  pid_t child;
  char line[128];
  g_autofree char *path = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutOn24Sender) sender = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) stopped_by = NULL;
  Progress progress = { 0 };
  guint connections = 0, requests = 0, registrants = 0, pending, done, port = 0, registrants_before = 0;
  gint64 program_id, start, end;
  double hwm_before, hwm_after, seconds, rate, grow_early, grow_all;
  int status;

  g_assert_cmpuint (n, >, EARLY);

  /* The simulator first, before this process has threads of its own. */
  if (pipe (to_child) != 0 || pipe (from_child) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  child = fork ();
  if (child < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (child == 0)
    {
      close (to_child[1]);
      close (from_child[0]);
      run_child (to_child[0], from_child[1]);
    }
  close (to_child[0]);
  close (from_child[1]);
  if (!read_line (from_child[0], line, sizeof line) || sscanf (line, "%u %u", &port, &registrants_before) != 2)
    g_error ("bench-on24-push: the simulator did not start");
  base_url = g_strdup_printf ("http://127.0.0.1:%u/v2", port);

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_print ("Preparing %u members moved to Registered (%s)...\n", n, base_url);
  path = turnout_test_temp_db_path ();
  program_id = make_program (path, n);

  /* As the application sets it up, with the tokens given directly
   * rather than read from the keyring. */
  store = turnout_test_store_open (path);
  client = turnout_on24_client_new (base_url, TEST_CLIENT_ID, TEST_KEY, TEST_SECRET);
  sender = turnout_on24_sender_new (store);
  turnout_on24_sender_set_client (sender, client);
  g_signal_connect (sender, "outcome", G_CALLBACK (on_outcome), &progress);

  hwm_before = bench_peak_rss_mb ();
  start = g_get_monotonic_time ();
  turnout_on24_sender_flush_async (sender, program_id, NULL, turnout_test_store_result, &result);
  /* Not turnout_test_wait_result (): its 30 s deadline is for tests. */
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  outcomes = turnout_on24_sender_flush_finish (sender, result, &stopped_by, &error);
  g_assert_no_error (error);
  g_assert_no_error (stopped_by);
  end = g_get_monotonic_time ();
  hwm_after = bench_peak_rss_mb ();

  {
    TurnoutDb *db = turnout_test_open_db (path);

    pending = turnout_db_count_outbox (db, program_id, "pending", NULL);
    done = turnout_db_count_outbox (db, program_id, "done", NULL);
    turnout_db_close (db);
  }

  if (write (to_child[1], "q", 1) != 1 || !read_line (from_child[0], line, sizeof line) ||
      sscanf (line, "%u %u %u", &connections, &requests, &registrants) != 3)
    g_error ("bench-on24-push: no answer from the simulator");
  waitpid (child, &status, 0);

  if (outcomes->len != n || progress.n_confirmed != n || pending != 0 || done != n || registrants != registrants_before + n)
    g_error ("bench-on24-push: %u outcomes, %u confirmed, %u pending and %u done in the outbox,"
             " %u registrants in ON24; expected %u", outcomes->len, progress.n_confirmed, pending, done,
             registrants - registrants_before, n);

  seconds = (end - start) / (double) G_USEC_PER_SEC;
  rate = n / seconds;
  grow_early = progress.hwm_early - hwm_before;
  grow_all = hwm_after - hwm_before;

  g_print ("\n");
  g_print ("%-58s %10u\n", "registrations pushed (all confirmed, outbox empty)", n);
  g_print ("%-58s %8.3f s\n", "until the outbox is empty", seconds);
  g_print ("%-58s %8.0f /s\n", "pushes per second (target >= 500)", rate);
  g_print ("%-58s %8.0f /s\n", "pushes per second, the first 2,000",
           EARLY / ((progress.early_at - start) / (double) G_USEC_PER_SEC));
  g_print ("%-58s %10u\n", "connections the simulator saw", connections);
  g_print ("%-58s %10u\n", "requests the simulator saw", requests);
  g_print ("%-58s %7.1f MB\n", "VmHWM before the push", hwm_before);
  g_print ("%-58s %7.1f MB\n", "VmHWM growth after 2,000 pushes", grow_early);
  g_print ("%-58s %7.1f MB\n", "VmHWM growth after all pushes", grow_all);

  {
    g_autofree char *early_measure = g_strdup_printf ("push: VmHWM growth after the first %s pushes", "2,000");
    gboolean flat = grow_all <= 2 * grow_early || grow_all <= 20;

    bench_row ("on24 push", "registrations pushed per second, outbox bookkeeping included", n, rate, "/s",
               -1, NULL, ">= 500/s", bench_met (TRUE, rate >= 500));
    bench_row ("on24 push", "connections used", n, connections, "connections",
               -1, NULL, "1", bench_met (TRUE, connections == 1));
    bench_row ("on24 push", early_measure, n, grow_early, "MB", -1, NULL, NULL, bench_met (FALSE, FALSE));
    bench_row ("on24 push", "push: VmHWM growth after all pushes (memory flat)", n, grow_all, "MB",
               grow_early, "growth after the first 2,000", "<= 2x at 2k or <= 20 MB", bench_met (TRUE, flat));
  }

  close (to_child[1]);
  close (from_child[0]);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_clear_object (&sender);
    g_clear_object (&client);
    g_clear_object (&store);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  bench_row ("memory", "bench-on24-push process (VmHWM)", n, bench_peak_rss_mb (), "MB",
             -1, NULL, NULL, bench_met (FALSE, FALSE));
  return 0;
}
