/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-team.c: team mode beside the SQLite file, at N members.
 *
 *   bench-team N
 *
 * On the PostgreSQL server in TURNOUT_TEST_PG_URI (build-aux/bench starts
 * a throwaway one) and on a new SQLite file, the same steps through the
 * store's API: import N invited members from a CSV, open the program's
 * members table (what the window loads), and change all N to Registered
 * in one bulk change; then the same file into a second program (every
 * person known) and the same change there, with a seat limit they all
 * fit in. Each PostgreSQL figure is printed beside SQLite's;
 * issue 20's targets: open 100k within 300 ms and 1M within 1.5 s, bulk
 * changes within 2x SQLite's time; and issue 16's, a seat limit costing at
 * most 1.5x the change without one. Prints figures; asserts nothing.
 */
#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "bench-rows.h"
#include "turnout-db.h"
#include "turnout-import.h"
#include "turnout-member-table.h"
#include "turnout-db-private.h"
#include "turnout-test-utils.h"

typedef struct
{
  double import_s;
  double import_known_s;  /* the same file into a second program: every person known */
  double open_s;
  double change_s;
  double change_limit_s;  /* the same, in a second program with a seat limit they all fit in */
} Figures;

static GBytes *
invited_csv (guint n)
{
  GString *csv = g_string_sized_new (48 * (gsize) n);

  g_string_append (csv, "email,first name,last name,company\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "p%u@example.com,First%u,Last%u,Company %u\n", i, i, i, i % 500);
  return g_string_free_to_bytes (csv);
}

/* Each step from a heap given back, on both engines alike: what one step
 * freed and glibc kept made the next one's allocations cheaper, and the
 * engine measured second gained by it. */
static void
trim_heap (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

static void
measure (const char *location,
         GBytes     *csv,
         guint       n,
         Figures    *figures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autofree gint64 *ids = NULL;
  g_autofree char *refusal = NULL;
  TurnoutImportOptions options = { .has_header = -1, .status = "invited" };
  TurnoutProgramSpec spec = { .name = "Bench", .capacity = -1 };
  TurnoutChangeSummary summary;
  TurnoutDb *db = turnout_db_open (location, &error);
  gint64 program;
  gint64 start;

  g_assert_no_error (error);
  program = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);

  trim_heap ();
  start = g_get_monotonic_time ();
  report = turnout_import_apply (db, program, csv, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  figures->import_s = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpuint (report->n_added, ==, n);

  trim_heap ();
  start = g_get_monotonic_time ();
  table = turnout_member_table_load (db, program, NULL, &error);
  g_assert_no_error (error);
  figures->open_s = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpuint (turnout_member_table_get_n_rows (table), ==, n);

  ids = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    ids[i] = turnout_member_table_get_person_id (table, i);
  trim_heap ();
  start = g_get_monotonic_time ();
  g_assert_true (turnout_db_change_status_counted (db, program, "registered", ids, n, NULL, TURNOUT_SOURCE_MANUAL,
                                                   &summary, &refusal, &error));
  g_assert_no_error (error);
  figures->change_s = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpuint (summary.changed, ==, n);

  /* The seats counted once and kept as members take them, on a team
   * database under the program's lock: no slower than without a limit. */
  {
    TurnoutProgramSpec limited_spec = { .name = "Bench, seat limit", .capacity = (int) n };
    g_autoptr(TurnoutImportReport) second = NULL;
    g_autoptr(GArray) invited = NULL;
    gint64 limited = turnout_db_add_program (db, &limited_spec, &error);

    g_assert_no_error (error);
    trim_heap ();
    start = g_get_monotonic_time ();
    second = turnout_import_apply (db, limited, csv, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    figures->import_known_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_cmpuint (second->n_new_people, ==, 0);
    invited = turnout_db_list_person_ids_with_status (db, limited, "invited", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (invited->len, ==, n);
    g_clear_pointer (&refusal, g_free);
    trim_heap ();
    start = g_get_monotonic_time ();
    g_assert_true (turnout_db_change_status_counted (db, limited, "registered", (const gint64 *) (gpointer) invited->data,
                                                     n, NULL, TURNOUT_SOURCE_MANUAL, &summary, &refusal, &error));
    g_assert_no_error (error);
    figures->change_limit_s = (g_get_monotonic_time () - start) / 1e6;
    g_assert_cmpuint (summary.changed, ==, n);
  }

  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  const char *server = g_getenv ("TURNOUT_TEST_PG_URI");
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *file = NULL;
  Figures pg = { 0 }, lite = { 0 };
  gboolean open_met;
  guint n;

  if (argc != 2 || (n = (guint) g_ascii_strtoull (argv[1], NULL, 10)) == 0)
    {
      g_printerr ("usage: %s N (with TURNOUT_TEST_PG_URI: a PostgreSQL server, ./build-aux/dev pg)\n", argv[0]);
      return 2;
    }
  if (server == NULL || *server == '\0')
    {
      g_printerr ("bench-team: TURNOUT_TEST_PG_URI names no server; ./build-aux/dev pg starts one\n");
      return 1;
    }

  csv = invited_csv (n);
  uri = turnout_test_temp_pg_database ();  /* dropped at exit */
  file = turnout_test_temp_db_path_sqlite ();

  measure (file, csv, n, &lite);
  measure (uri, csv, n, &pg);

  g_print ("team mode at %u members (PostgreSQL on this machine, beside the SQLite file):\n", n);
  g_print ("  import          %8.3f s   SQLite %8.3f s  (%.2fx)\n", pg.import_s, lite.import_s, pg.import_s / lite.import_s);
  g_print ("  import, known   %8.3f s   SQLite %8.3f s  (%.2fx)\n", pg.import_known_s, lite.import_known_s,
           pg.import_known_s / lite.import_known_s);
  g_print ("  open members    %8.3f s   SQLite %8.3f s\n", pg.open_s, lite.open_s);
  g_print ("  bulk change     %8.3f s   SQLite %8.3f s  (%.2fx)\n", pg.change_s, lite.change_s, pg.change_s / lite.change_s);
  g_print ("  with seat limit %8.3f s   SQLite %8.3f s  (%.2fx and %.2fx without)\n", pg.change_limit_s,
           lite.change_limit_s, pg.change_limit_s / lite.change_limit_s, pg.change_limit_s / pg.change_s);

  open_met = n >= 1000000 ? pg.open_s <= 1.5 : n >= 100000 ? pg.open_s <= 0.3 : TRUE;
  bench_row ("team", "import (PostgreSQL; ref. the SQLite file)", n, pg.import_s * 1000, "ms",
             lite.import_s * 1000, "SQLite", "<= 2x", bench_met (TRUE, pg.import_s <= 2 * lite.import_s));
  bench_row ("team", "import of known people into a second program (PostgreSQL; ref. SQLite)", n,
             pg.import_known_s * 1000, "ms", lite.import_known_s * 1000, "SQLite", "<= 2x",
             bench_met (TRUE, pg.import_known_s <= 2 * lite.import_known_s));
  bench_row ("team", "open a program's members (PostgreSQL; ref. SQLite)", n, pg.open_s * 1000, "ms",
             lite.open_s * 1000, "SQLite", n >= 1000000 ? "<= 1500 ms" : n >= 100000 ? "<= 300 ms" : "-",
             bench_met (n >= 100000, open_met));
  bench_row ("team", "bulk change to Registered (PostgreSQL; ref. SQLite)", n, pg.change_s * 1000, "ms",
             lite.change_s * 1000, "SQLite", "<= 2x", bench_met (TRUE, pg.change_s <= 2 * lite.change_s));
  bench_row ("team", "bulk change to Registered, seat limit (PostgreSQL; ref. no limit)", n,
             pg.change_limit_s * 1000, "ms", pg.change_s * 1000, "no limit", "<= 1.5x no limit",
             bench_met (TRUE, pg.change_limit_s <= 1.5 * pg.change_s));
  bench_row ("memory", "team mode benchmark (both engines)", n, bench_peak_rss_mb (), "MB", -1, NULL, NULL, "-");

  return 0;
}
