/* bench-bulk.c: bulk status changes, with and without a seat limit, beside
 * SQLite alone changing the same rows.
 *
 * A seat limit once made every bulk change quadratic (the seats were
 * counted again for each member moved) and no benchmark measured it. This
 * one does: for N members of one program (made once per run from an
 * in-memory CSV), each operation runs on a fresh copy of the database,
 * without a seat limit and with one that every member fits in, and its
 * reference is the same rows changed by SQLite alone (one INSERT into the
 * history and one UPDATE or DELETE, as a shell script would).
 *
 *   build/tests/bench-bulk [N] [DIR]
 *
 * Targets (issue 16): with a limit at most 1.5x without; at most 3x
 * SQLite alone; 100k within 1 s and 1M within 10 s. With
 * TURNOUT_BENCH_ROWS=1 it prints result rows for build-aux/bench.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "turnout-db-private.h"
#include "turnout-import.h"
#include "turnout-waitlist.h"

#include "bench-rows.h"

typedef enum
{
  OP_BATCH,     /* turnout_members_batch_change from Invited */
  OP_APPROVE,   /* turnout_members_decide, every Pending Approval member */
  OP_PROMOTE,   /* turnout_waitlist_promote, every Wait Listed member */
} OpKind;

typedef struct
{
  const char *measure;
  OpKind      kind;
  const char *from;        /* everyone's status before */
  const char *to;
  gboolean    removes;
} Op;

static const Op ops[] = {
  { "batch to Registered (a seat)", OP_BATCH, "invited", "registered", FALSE },
  { "batch to Attended (a success)", OP_BATCH, "invited", "attended", FALSE },
  { "batch to Not in Program", OP_BATCH, "invited", "not-in-program", TRUE },
  { "approve all", OP_APPROVE, "pending-approval", "registered", FALSE },
  { "wait list: promote all", OP_PROMOTE, "wait-listed", "registered", FALSE },
};

static double
now_seconds (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
exec_sql (sqlite3    *handle,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
make_base (const char *dir,
           guint       n)
{
  g_autofree char *path = g_strdup_printf ("%s/bulk-base-%u.db", dir, n);
  g_autoptr(GString) csv = g_string_new ("Email,First Name,Last Name,Company\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = { .name = "Bulk", .capacity = -1 };
  TurnoutImportOptions options = { .has_header = -1, .status = "invited" };
  TurnoutImportReport *report;
  TurnoutDb *db;
  gint64 program_id;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "person%u@example%u.com,First%u,Last%u,Company %u\n", i, i % 50, i, i, i % 97);
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));

  g_unlink (path);
  db = turnout_db_open (path, &error);
  g_assert_no_error (error);
  program_id = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);
  report = turnout_import_apply (db, program_id, bytes, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, n);
  turnout_import_report_free (report);
  turnout_db_close (db);
  return g_steal_pointer (&path);
}

/* A copy of the base with everyone in @op's status and, when @limit, a
 * seat limit every member fits in. Set by SQL: the setting up is not what
 * is measured. */
static char *
make_copy (const char *dir,
           const char *base,
           const Op   *op,
           gboolean    limit,
           guint       n)
{
  g_autofree char *path = g_strdup_printf ("%s/bulk-work.db", dir);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (base);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  sqlite3 *handle = NULL;

  /* Copied as a file (streamed), so the copy adds nothing to the peak. */
  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE memberships SET status = '%s',"
                         " waitlist_priority = CASE WHEN '%s' = 'wait-listed' THEN id ELSE 0 END,"
                         " waitlist_at = CASE WHEN '%s' = 'wait-listed' THEN member_date END;"
                         "UPDATE programs SET capacity = %s;",
                         op->from, op->from, op->from, limit ? "(SELECT count(*) FROM memberships)" : "NULL");
  exec_sql (handle, sql);
  exec_sql (handle, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (handle);
  (void) n;
  return g_steal_pointer (&path);
}

static double
time_turnout (const char *path,
              const Op   *op,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  TurnoutMemberFilter filter = { .status = op->from, .success = -1 };
  TurnoutDb *db = turnout_db_open (path, &error);
  double start;
  double took;

  g_assert_no_error (error);
  start = now_seconds ();
  switch (op->kind)
    {
    case OP_BATCH:
      results = turnout_members_batch_change (db, 1, &filter, op->to, NULL, &error);
      break;
    case OP_APPROVE:
      {
        g_autoptr(GArray) ids = turnout_members_select (db, 1, &filter, &error);

        g_assert_no_error (error);
        results = turnout_members_decide (db, 1, (const gint64 *) (gpointer) ids->data, ids->len, TRUE, NULL, &error);
      }
      break;
    case OP_PROMOTE:
      results = turnout_waitlist_promote (db, 1, NULL, 0, NULL, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  took = now_seconds () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, n);
  for (guint i = 0; i < results->len; i++)
    {
      TurnoutChangeResult *r = g_ptr_array_index (results, i);

      if (r->outcome != TURNOUT_MOVE_CHANGED && r->outcome != TURNOUT_MOVE_REMOVED)
        g_error ("%s: %s was not moved (%s)", op->measure, r->email, r->reason);
    }
  turnout_db_close (db);
  return took;
}

/* The same rows changed by SQLite alone, on the same kind of connection. */
static double
time_reference (const char *path,
                const Op   *op)
{
  g_autofree char *history = g_strdup_printf ("INSERT INTO status_history (program_id, person_id, old_status,"
                                              " new_status, reason, source, at)"
                                              " SELECT program_id, person_id, status, '%s', '', 'bulk',"
                                              " '2026-12-05T12:00:00Z' FROM memberships"
                                              " WHERE program_id = 1 AND status = '%s'",
                                              op->removes ? "not-in-program" : op->to, op->from);
  g_autofree char *change = op->removes
    ? g_strdup_printf ("DELETE FROM memberships WHERE program_id = 1 AND status = '%s'", op->from)
    : g_strdup_printf ("UPDATE memberships SET status = '%s', status_changed_at = '2026-12-05T12:00:00Z'"
                       " WHERE program_id = 1 AND status = '%s'", op->to, op->from);
  sqlite3 *handle = NULL;
  double start;
  double took;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  exec_sql (handle, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
  start = now_seconds ();
  exec_sql (handle, "BEGIN IMMEDIATE");
  exec_sql (handle, history);
  exec_sql (handle, change);
  exec_sql (handle, "COMMIT");
  took = now_seconds () - start;
  sqlite3_close (handle);
  return took;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : g_dir_make_tmp ("turnout-bench-bulk-XXXXXX", NULL);
  g_autofree char *base = NULL;
  double limit_s = n >= 1000000 ? 10.0 : 1.0;
  g_autofree char *limit_target = g_strdup_printf ("<= 3x ref, <= %.0f s", limit_s);

  g_mkdir_with_parents (dir, 0700);
  printf ("Bulk changes of %u members of one program (%s)\n", n, dir);
  base = make_base (dir, n);

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      const Op *op = &ops[i];
      g_autofree char *copy = NULL;
      g_autofree char *with_limit = NULL;
      double plain, limited, reference;
      gboolean met;

      copy = make_copy (dir, base, op, FALSE, n);
      plain = time_turnout (copy, op, n);
      g_clear_pointer (&copy, g_free);
      copy = make_copy (dir, base, op, TRUE, n);
      limited = time_turnout (copy, op, n);
      g_clear_pointer (&copy, g_free);
      copy = make_copy (dir, base, op, FALSE, n);
      reference = time_reference (copy, op);

      printf ("  %-32s %8.3f s, with a seat limit %8.3f s (%.2fx); SQLite alone %.3f s (%.2fx)\n",
              op->measure, plain, limited, limited / plain, reference, plain / reference);

      met = plain <= 3 * reference && plain <= limit_s;
      bench_row ("bulk", op->measure, n, plain, "s", reference, "SQLite alone", limit_target,
                 bench_met (TRUE, met));
      with_limit = g_strdup_printf ("%s, seat limit", op->measure);
      bench_row ("bulk", with_limit, n, limited, "s", plain, "no limit", "<= 1.5x no limit",
                 bench_met (TRUE, limited <= 1.5 * plain));
    }

  printf ("  peak memory %.0f MB\n", bench_peak_rss_mb ());
  bench_row ("memory", "bulk changes, process peak", n, bench_peak_rss_mb (), "MB", -1, NULL,
             n >= 1000000 ? "<= 400 MB" : NULL, bench_met (n >= 1000000, bench_peak_rss_mb () <= 400));

  {
    g_autofree char *work = g_strdup_printf ("%s/bulk-work.db", dir);
    g_autofree char *wal = g_strdup_printf ("%s-wal", work);
    g_autofree char *shm = g_strdup_printf ("%s-shm", work);

    g_unlink (work);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (base);
  }
  return 0;
}
