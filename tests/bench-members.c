/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-members.c: the members table's speed targets, measured.
 *
 *   bench-members N [DIR]
 *
 * Builds (once, cached in DIR) a database with one program of N members in
 * every status, then times what a coordinator waits for: opening the
 * program (load from SQLite and the first rows ready), each keystroke of a
 * search, the status filter, and a sort by every column. The same run
 * measures the stock GtkFilterListModel + GtkStringFilter and
 * GtkSortListModel + GtkStringSorter over one GObject per member, as the
 * reference. Prints one line of "key=value" figures; build-aux/bench-members
 * runs it at 10k, 100k and 1M and prints a table. With TURNOUT_BENCH_ROWS=1
 * it also prints result rows for build-aux/bench (bench-rows.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>
#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-member-list.h"
#include "turnout-member-table.h"

#include "bench-rows.h"

static const char *first_names[] = {
  "Anna", "Bram", "Chantal", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ilse", "Jeroen",
  "Kim", "Lars", "Maaike", "Niels", "Olga", "Pieter", "Quinten", "Roos", "Sanne", "Thijs",
  "Umar", "Vera", "Willem", "Yara", "Zoë", "Lotte", "Ruben", "Sofie", "Tim", "Noor",
  "Émile", "Søren", "Ingrid", "Mateo", "Aisha", "Chen", "Priya", "Olivia", "Lucas", "Mila",
};
static const char *last_names[] = {
  "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
  "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
  "Smits", "de Graaf", "Müller", "García", "Nowak", "O'Brien", "Rossi", "Kowalski", "Andersson",
  "Dubois", "Nguyen", "Okafor", "Schmidt", "Fischer", "Weber", "Lambert", "Novák",
};
static const char *companies[] = {
  "Acme BV", "Noordzee Logistiek", "Polder Software", "Tulp & Co", "Grachten Media",
  "Windmolen Energie", "Delta Zorg", "Kaas Export NL", "Rijnmond Bouw", "Zuidas Capital",
  "Fietsfabriek", "Havenbedrijf", "Duinwater", "Brabant Bakkerij", "Utrecht Analytics",
};
static const char *titles[] = {
  "Marketing Manager", "Event Coordinator", "CTO", "Sales Director", "Data Analyst",
  "Office Manager", "HR Business Partner", "Product Owner", "Software Engineer",
  "Customer Success Lead", "Finance Controller", "Head of Operations",
};
static const char *statuses[] = {
  "invited", "pending-approval", "rejected", "wait-listed", "registered",
  "registration-error", "no-show", "attended", "attended-on-demand",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
person_for (guint  i,
            char  *email,
            gsize  size,
            const char **first,
            const char **last,
            const char **company,
            const char **title)
{
  *first = first_names[(i * 7) % G_N_ELEMENTS (first_names)];
  *last = last_names[(i / 3) % G_N_ELEMENTS (last_names)];
  *company = companies[(i * 13 / 5) % G_N_ELEMENTS (companies)];
  *title = titles[(i * 11 / 7) % G_N_ELEMENTS (titles)];
  g_snprintf (email, size, "person%u.%c%c@mail%u.example.com", i,
              'a' + (i % 26), 'a' + ((i / 26) % 26), i % 97);
}

static void
check (int rc, sqlite3 *handle)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    g_error ("SQLite: %s", sqlite3_errmsg (handle));
}

static int
page_size_of (const char *path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  int size = 0;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (handle, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return size;
}

/* A kept database made before the store changed how it makes new ones
 * (its page size) would measure the old layout, not what a coordinator
 * gets: it is made again.
 */
static gboolean
kept_database_is_current (const char *path)
{
  g_autofree char *probe = g_strdup_printf ("%s.layout", path);
  g_autoptr(GError) error = NULL;
  TurnoutDb *db;
  gboolean current;

  remove (probe);
  db = turnout_db_open (probe, &error);
  g_assert_no_error (error);
  turnout_db_close (db);
  current = page_size_of (probe) == page_size_of (path);
  remove (probe);
  return current;
}

/* Raw inserts in one transaction: the store's per-member API would take
 * minutes for a million rows, and the benchmark is about reading.
 */
static gint64
make_database (const char *path,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_db_open (path, &error);
  TurnoutProgramSpec spec = { .name = "Benchmark Webinar", .capacity = -1 };
  sqlite3 *handle;
  sqlite3_stmt *person;
  sqlite3_stmt *member;
  gint64 program_id;

  if (db == NULL)
    g_error ("%s", error->message);
  program_id = turnout_db_add_program (db, &spec, &error);
  if (program_id == 0)
    g_error ("%s", error->message);

  handle = turnout_db_get_handle (db);
  check (sqlite3_exec (handle, "BEGIN", NULL, NULL, NULL), handle);
  check (sqlite3_prepare_v2 (handle,
                             "INSERT INTO people (email, email_key, first_name, last_name, company,"
                             " job_title, created_at) VALUES (?1, ?1, ?2, ?3, ?4, ?5, '2026-10-01T09:00:00Z')",
                             -1, &person, NULL), handle);
  check (sqlite3_prepare_v2 (handle,
                             "INSERT INTO memberships (program_id, person_id, status, status_reason,"
                             " member_date, status_changed_at, reached_success, success_at, acquired_by,"
                             " live_minutes, ondemand_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                             " 'import', ?9, ?10)",
                             -1, &member, NULL), handle);

  for (guint i = 0; i < n; i++)
    {
      const char *first, *last, *company, *title;
      const char *status = statuses[(i * 31 / 17) % G_N_ELEMENTS (statuses)];
      gboolean success = g_str_has_prefix (status, "attended");
      char email[96], date[32], changed[32];

      person_for (i, email, sizeof email, &first, &last, &company, &title);
      g_snprintf (date, sizeof date, "2026-%02u-%02uT%02u:%02u:%02uZ", 9 + i % 2, 1 + i % 28,
                  i % 24, (i / 24) % 60, (i / 7) % 60);
      g_snprintf (changed, sizeof changed, "2026-11-%02uT%02u:%02u:%02uZ", 1 + i % 27,
                  (i / 3) % 24, (i / 5) % 60, i % 60);

      sqlite3_bind_text (person, 1, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (person, 2, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 3, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 4, company, -1, SQLITE_STATIC);
      sqlite3_bind_text (person, 5, title, -1, SQLITE_STATIC);
      check (sqlite3_step (person), handle);
      sqlite3_reset (person);

      sqlite3_bind_int64 (member, 1, program_id);
      sqlite3_bind_int64 (member, 2, sqlite3_last_insert_rowid (handle));
      sqlite3_bind_text (member, 3, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 4, g_str_equal (status, "registration-error")
                                      ? "Required field 'company' is missing" : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 5, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (member, 6, changed, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (member, 7, success);
      if (success)
        sqlite3_bind_text (member, 8, changed, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (member, 8);
      if (success)
        {
          sqlite3_bind_int (member, 9, g_str_equal (status, "attended") ? (int) (5 + i % 55) : 0);
          sqlite3_bind_int (member, 10, g_str_equal (status, "attended") ? 0 : (int) (3 + i % 40));
        }
      else
        {
          sqlite3_bind_null (member, 9);
          sqlite3_bind_null (member, 10);
        }
      check (sqlite3_step (member), handle);
      sqlite3_reset (member);
    }

  sqlite3_finalize (person);
  sqlite3_finalize (member);
  check (sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL), handle);
  /* Measure reading the database file, not the write-ahead log. */
  check (sqlite3_exec (handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), handle);
  turnout_db_close (db);
  return program_id;
}

static const char *keystrokes[] = { "j", "ja", "jan", "jans", "jansen", "jansen ", "a", "an", "ann", "anna" };

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(TurnoutMemberList) list = NULL;
  TurnoutDb *db;
  guint n;
  gint64 program_id = 1;
  double sorted_ms, t0, sql_ms, load_ms, first_rows_ms, key_max = 0, key_sum = 0, filter_ms, sort_max = 0, cold_sort_max = 0;
  double stock_key_max = 0, stock_key_sum = 0, stock_sort_max = 0;
  guint peak_mb;
  double model_peak_mb, process_peak_mb;
  guint hits = 0;

  turnout_member_table_tune_allocator ();   /* as the application's main () does */

  if (argc < 2)
    {
      g_printerr ("usage: %s N [DIR]\n", argv[0]);
      return 2;
    }
  n = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  dir = g_strdup (argc > 2 ? argv[2] : "bench-data");
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/bench-%u.db", dir, n);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || !kept_database_is_current (path))
    {
      g_autofree char *tmp = g_strdup_printf ("%s.tmp", path);

      t0 = now_ms ();
      remove (tmp);
      program_id = make_database (tmp, n);
      /* A kept database's WAL would be replayed into the new one. */
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *side = g_strconcat (path, i ? "-shm" : "-wal", NULL);

          remove (side);
        }
      if (rename (tmp, path) != 0)
        g_error ("cannot rename %s", tmp);
      g_printerr ("made %s in %.0f ms\n", path, now_ms () - t0);
    }

  db = turnout_db_open (path, &error);
  g_assert_no_error (error);

  /* The floor: SQLite alone stepping through the same rows. */
  {
    sqlite3 *handle = turnout_db_get_handle (db);
    sqlite3_stmt *stmt;
    gsize bytes = 0;

    check (sqlite3_prepare_v2 (handle,
                               "SELECT m.person_id, pe.first_name, pe.last_name, pe.email, pe.company,"
                               " pe.job_title, m.status_reason, m.status, m.member_date,"
                               " m.status_changed_at, m.success_at, m.live_minutes, m.ondemand_minutes"
                               " FROM memberships m JOIN people pe ON pe.id = m.person_id"
                               " WHERE +m.program_id = ?1 ORDER BY m.id", -1, &stmt, NULL), handle);
    sqlite3_bind_int64 (stmt, 1, program_id);
    t0 = now_ms ();
    while (sqlite3_step (stmt) == SQLITE_ROW)
      for (int c = 1; c < 11; c++)
        bytes += sqlite3_column_bytes (stmt, c);
    sql_ms = now_ms () - t0;
    sqlite3_finalize (stmt);
    g_assert_cmpuint (bytes, >, 0);
  }

  /* Opening the program. The machine is shared: the median of three. */
  {
    double runs[3];

    for (int i = 0; i < 3; i++)
      {
        g_clear_pointer (&table, turnout_member_table_unref);
        t0 = now_ms ();
        table = turnout_member_table_load (db, program_id, NULL, &error);
        g_assert_no_error (error);
        runs[i] = now_ms () - t0;
      }
    load_ms = MAX (MIN (runs[0], runs[1]), MIN (MAX (runs[0], runs[1]), runs[2]));
  }
  if (g_getenv ("BENCH_LOAD_ONLY"))
    return 0;

  /* First rows: the model shows the first rows by name at once, found
   * without sorting, and the rest when the background thread has the
   * order.
   */
  t0 = now_ms ();
  list = turnout_member_list_new ();
  turnout_member_list_set_table (list, table);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 0));
  first_rows_ms = load_ms + now_ms () - t0;
  while (turnout_member_list_is_sorting (list))
    g_main_context_iteration (NULL, TRUE);
  sorted_ms = load_ms + now_ms () - t0;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  /* Let the background thread finish the other columns before the table
   * goes, so the next measurements do not share the CPU with it.
   */
  turnout_member_table_prepare_orders (table);
  g_clear_object (&list);
  g_clear_pointer (&table, turnout_member_table_unref);
  for (int i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);   /* the tasks' own references */
      g_usleep (1000);
    }

  /* Cold sorts on a fresh load: each column's order computed from
   * nothing, which is what a header click costs before the background
   * thread has prepared it (the table keeps showing the old order).
   */
  table = turnout_member_table_load (db, program_id, NULL, &error);
  g_assert_no_error (error);
  turnout_db_close (db);
  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    {
      t0 = now_ms ();
      turnout_member_table_get_order (table, column);
      cold_sort_max = MAX (cold_sort_max, now_ms () - t0);
    }

  list = turnout_member_list_new ();
  turnout_member_list_set_table (list, table);
  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    {
      t0 = now_ms ();
      turnout_member_list_set_sort (list, column, column % 2);
      sort_max = MAX (sort_max, now_ms () - t0);
    }
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_NAME, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
    {
      double ms;

      t0 = now_ms ();
      turnout_member_list_set_search (list, keystrokes[i]);
      ms = now_ms () - t0;
      key_max = MAX (key_max, ms);
      key_sum += ms;
      hits = g_list_model_get_n_items (G_LIST_MODEL (list));
    }
  turnout_member_list_set_search (list, NULL);

  t0 = now_ms ();
  turnout_member_list_set_status_filter (list, 7);
  filter_ms = now_ms () - t0;
  turnout_member_list_set_status_filter (list, -1);

  peak_mb = (guint) bench_peak_rss_mb ();
  model_peak_mb = bench_peak_rss_mb ();

  /* The stock reference: one GtkStringObject per member holding its
   * searchable text, filtered and sorted by GTK's own models.
   */
  {
    g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
    g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
    GtkStringFilter *filter;
    GtkStringSorter *sorter;
    g_autoptr(GtkFilterListModel) filtered = NULL;
    g_autoptr(GtkSortListModel) sorted = NULL;
    guint stock_n = MIN (n, 1000000);

    for (guint row = 0; row < stock_n; row++)
      {
        g_autofree char *text = g_strdup_printf ("%s %s %s %s %s",
                                                 turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_FIRST_NAME),
                                                 turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_LAST_NAME),
                                                 turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_EMAIL),
                                                 turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_COMPANY),
                                                 turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_JOB_TITLE));

        g_ptr_array_add (objects, gtk_string_object_new (text));
      }
    g_list_store_splice (store, 0, 0, objects->pdata, objects->len);

    filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
    filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (store)), GTK_FILTER (filter));
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        double ms;

        t0 = now_ms ();
        gtk_string_filter_set_search (filter, keystrokes[i]);
        g_list_model_get_n_items (G_LIST_MODEL (filtered));
        ms = now_ms () - t0;
        stock_key_max = MAX (stock_key_max, ms);
        stock_key_sum += ms;
      }

    sorter = gtk_string_sorter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
    t0 = now_ms ();
    sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)), GTK_SORTER (sorter));
    g_list_model_get_n_items (G_LIST_MODEL (sorted));
    stock_sort_max = now_ms () - t0;
  }

  process_peak_mb = bench_peak_rss_mb ();

  g_print ("members=%u sql_ms=%.1f load_ms=%.1f first_rows_ms=%.1f key_avg_ms=%.2f key_max_ms=%.2f"
           " sorted_ms=%.1f filter_ms=%.2f sort_ms=%.2f cold_sort_ms=%.1f peak_mb=%u hits=%u"
           " stock_key_avg_ms=%.1f stock_key_max_ms=%.1f stock_sort_ms=%.1f\n",
           n, sql_ms, load_ms, first_rows_ms, key_sum / G_N_ELEMENTS (keystrokes), key_max,
           sorted_ms, filter_ms, sort_max, cold_sort_max, peak_mb, hits,
           stock_key_sum / G_N_ELEMENTS (keystrokes), stock_key_max, stock_sort_max);

  /* The targets that keep the table fluid (a keystroke within one frame):
   * at 100k (and so below), and at 1M. */
  {
    gboolean big = n > 100000;
    double open_target = big ? 1000 : 300;
    double key_target = big ? 100 : 16;
    g_autofree char *open_t = g_strdup_printf ("<= %.0f ms", open_target);
    g_autofree char *key_t = g_strdup_printf ("<= %.0f ms", key_target);
    const char *stock = "stock GtkStringFilter/Sorter";

    bench_row ("members", "open program: first rows", n, first_rows_ms, "ms",
               sql_ms, "SQLite alone, same query", open_t, bench_met (TRUE, first_rows_ms <= open_target));
    bench_row ("members", "open program: sorted by name", n, sorted_ms, "ms",
               -1, NULL, NULL, bench_met (FALSE, FALSE));
    bench_row ("members", "search keystroke, worst of 10", n, key_max, "ms",
               stock_key_max, stock, key_t, bench_met (TRUE, key_max <= key_target));
    bench_row ("members", "search keystroke, average", n, key_sum / G_N_ELEMENTS (keystrokes), "ms",
               stock_key_sum / G_N_ELEMENTS (keystrokes), stock, NULL, bench_met (FALSE, FALSE));
    bench_row ("members", "status filter", n, filter_ms, "ms",
               -1, NULL, big ? NULL : "<= 50 ms", bench_met (!big, filter_ms <= 50));
    bench_row ("members", "sort by a column, worst", n, sort_max, "ms",
               stock_sort_max, stock, big ? NULL : "<= 50 ms", bench_met (!big, sort_max <= 50));
    bench_row ("members", "sort, column's first time, worst", n, cold_sort_max, "ms",
               stock_sort_max, stock, big ? NULL : "<= 50 ms", bench_met (!big, cold_sort_max <= 50));
    bench_row ("members", "peak memory, model (VmHWM)", n, model_peak_mb, "MB",
               process_peak_mb - model_peak_mb, "stock chain's VmHWM growth",
               big ? "<= 400 MB" : NULL, bench_met (big, model_peak_mb <= 400));
    bench_row ("memory", "bench-members process (VmHWM)", n, process_peak_mb, "MB",
               -1, NULL, NULL, bench_met (FALSE, FALSE));
  }
  return 0;
}
