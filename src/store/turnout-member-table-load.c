/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-table-load.c: a program's members table read from the
 * database.
 *
 * The only part of the members table that knows the database: SQLite's
 * statement, or a team database's COPY. Rows go to the builder in
 * batches, on a second thread: reading the rows and building the table
 * take about as long each. The table is in membership order.
 */
#define G_LOG_DOMAIN "turnout-member-table"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-dates.h"
#include "turnout-db-private.h"
#include "turnout-member-table-private.h"
#include "turnout-reason.h"

/* The columns a row of the table is made from, and where they come from.
 * A reason of Turnout's own comes as its code followed by its stored
 * words (turnout-reason.c), to be put into the reader's words once per
 * distinct reason, not per row. (The separators, U+001E, U+001F and
 * U+001D, are in the SQL's own quotes: both engines read them so.) */
#define MEMBER_TABLE_COLUMNS \
  "m.person_id, pe.first_name, pe.last_name, pe.email, pe.company," \
  " pe.job_title, CASE m.status_reason_key WHEN '' THEN m.status_reason" \
  "   ELSE '\036' || m.status_reason_key || '\037' || m.status_reason_args || '\035' || m.status_reason" \
  "   END," \
  " m.status, m.member_date," \
  " m.status_changed_at, m.success_at, coalesce (m.live_minutes, -1), coalesce (m.ondemand_minutes, -1)," \
  " m.push_state, coalesce (m.engagement_score, -1), coalesce (m.asked_questions, -1)," \
  " coalesce (m.answered_polls, -1), coalesce (m.answered_surveys, -1), coalesce (m.resources_downloaded, -1)"
#define MEMBER_TABLE_FROM \
  " FROM memberships m JOIN people pe ON pe.id = m.person_id"

/* Loading: rows travel from the statement to the builder in batches. */

#define LOAD_BATCH_ROWS 4096
#define LOAD_BATCHES    4

/* Text columns of MEMBER_TABLE_COLUMNS, in order, from column 1. */
enum
{
  LOAD_TEXT_STATUS = TURNOUT_MEMBER_N_TEXTS,
  LOAD_TEXT_MEMBER_DATE,
  LOAD_TEXT_STATUS_CHANGED,
  LOAD_TEXT_SUCCESS_AT,
  LOAD_N_TEXTS
};

/* Columns of MEMBER_TABLE_COLUMNS: per text slot (the last is the push
 * state), and the others.
 */
static const int load_text_columns[LOAD_N_TEXTS + 1] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13 };
enum
{
  LOAD_PERSON_ID = 0,
  LOAD_LIVE_MINUTES = 11,
  LOAD_ONDEMAND_MINUTES = 12,
  LOAD_ENGAGEMENT_SCORE = 14,
  LOAD_ACTIVITY,              /* TURNOUT_MEMBER_N_ACTIVITIES of them */
  LOAD_N_COLUMNS = LOAD_ACTIVITY + TURNOUT_MEMBER_N_ACTIVITIES
};

typedef struct
{
  guint       n;
  gint64      person_id[LOAD_BATCH_ROWS];
  gint32      live_minutes[LOAD_BATCH_ROWS];
  gint32      ondemand_minutes[LOAD_BATCH_ROWS];
  double      engagement_score[LOAD_BATCH_ROWS];
  gint32      activity[LOAD_BATCH_ROWS][TURNOUT_MEMBER_N_ACTIVITIES];
  guint32     text_at[LOAD_BATCH_ROWS][LOAD_N_TEXTS + 1];  /* offset in text + 1; 0: NULL */
  guint8     *text;
  gsize       text_len;
  gsize       text_size;
} LoadBatch;

typedef struct
{
  GAsyncQueue               *full;    /* batches to add, then end_of_rows */
  GAsyncQueue               *empty;   /* batches to fill */
  TurnoutMemberTableBuilder *builder;
  LoadBatch                 *filling; /* the statement's thread's own */
  TurnoutReasonCache        *reasons; /* the builder's thread's own */
} LoadPipe;

static LoadBatch end_of_rows;

static void
batch_free (LoadBatch *batch)
{
  g_free (batch->text);
  g_free (batch);
}

/* Copies a row into the batch being filled, since its texts live only
 * until the statement's next step; @sizes are the texts' lengths (a text
 * may lack its NUL; NULL is NULL). A full batch goes to the builder.
 */
static void
pipe_take_row (LoadPipe            *pipe,
               gint64               person_id,
               const guint8 *const *texts,
               const gsize         *sizes,
               gint32               live_minutes,
               gint32               ondemand_minutes,
               double               engagement_score,
               const gint32        *activity)
{
  LoadBatch *batch = pipe->filling;
  guint i = batch->n++;
  gsize need = 0;
  guint8 *out;

  if (i == 0)
    batch->text_len = 0;

  batch->person_id[i] = person_id;
  batch->live_minutes[i] = live_minutes;
  batch->ondemand_minutes[i] = ondemand_minutes;
  batch->engagement_score[i] = engagement_score;
  memcpy (batch->activity[i], activity, sizeof batch->activity[i]);

  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    need += texts[t] != NULL ? sizes[t] + 1 : 0;
  if (batch->text_len + need > batch->text_size)
    {
      batch->text_size = MAX (batch->text_size * 2, batch->text_len + need + LOAD_BATCH_ROWS * 128);
      batch->text = g_realloc (batch->text, batch->text_size);
    }
  out = batch->text + batch->text_len;
  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      if (texts[t] == NULL)
        {
          batch->text_at[i][t] = 0;
          continue;
        }
      batch->text_at[i][t] = (guint32) (out - batch->text) + 1;
      memcpy (out, texts[t], sizes[t]);
      out[sizes[t]] = '\0';
      out += sizes[t] + 1;
    }
  batch->text_len += need;

  if (batch->n == LOAD_BATCH_ROWS)
    {
      g_async_queue_push (pipe->full, batch);
      pipe->filling = g_async_queue_pop (pipe->empty);
    }
}

/* Takes the row @stmt, a SELECT of MEMBER_TABLE_COLUMNS, is on. */
static void
pipe_take_columns (LoadPipe     *pipe,
                   TurnoutStmt *stmt)
{
  const guint8 *texts[LOAD_N_TEXTS + 1];
  gsize sizes[LOAD_N_TEXTS + 1];
  gint32 activity[TURNOUT_MEMBER_N_ACTIVITIES];

  for (guint a = 0; a < TURNOUT_MEMBER_N_ACTIVITIES; a++)
    activity[a] = turnout_stmt_column_int (stmt, LOAD_ACTIVITY + a);
  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      texts[t] = turnout_stmt_column_text (stmt, load_text_columns[t]);
      sizes[t] = texts[t] ? strlen ((const char *) texts[t]) : 0;
    }
  pipe_take_row (pipe, turnout_stmt_column_int64 (stmt, LOAD_PERSON_ID), texts, sizes,
                 turnout_stmt_column_int (stmt, LOAD_LIVE_MINUTES),
                 turnout_stmt_column_int (stmt, LOAD_ONDEMAND_MINUTES),
                 turnout_stmt_column_double (stmt, LOAD_ENGAGEMENT_SCORE), activity);
}

#define LOAD_PIPE_POINTER "turnout-member-load-pipe"

/* The SQL function turnout_take_member (pipe, MEMBER_TABLE_COLUMNS...)
 * takes each row as SQLite reads it. Reading a function's arguments costs
 * less than reading a statement's columns (each of those calls checks the
 * statement and the connection again): at a million rows this is a sixth
 * of the statement's thread.
 */
static void
take_member_func (sqlite3_context  *context,
                  int               n_args,
                  sqlite3_value   **args)
{
  LoadPipe *pipe = sqlite3_value_pointer (args[0], LOAD_PIPE_POINTER);
  const guint8 *texts[LOAD_N_TEXTS + 1];
  gsize sizes[LOAD_N_TEXTS + 1];
  gint32 activity[TURNOUT_MEMBER_N_ACTIVITIES];

  /* SQLite itself refuses a call with another number of arguments. */
  if (pipe == NULL)
    {
      sqlite3_result_error (context, "turnout_take_member: not loading a member table", -1);
      return;
    }

  args++;
  for (guint a = 0; a < TURNOUT_MEMBER_N_ACTIVITIES; a++)
    activity[a] = sqlite3_value_int (args[LOAD_ACTIVITY + a]);
  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      texts[t] = sqlite3_value_text (args[load_text_columns[t]]);
      sizes[t] = texts[t] ? (gsize) sqlite3_value_bytes (args[load_text_columns[t]]) : 0;
    }
  pipe_take_row (pipe, sqlite3_value_int64 (args[LOAD_PERSON_ID]), texts, sizes,
                 sqlite3_value_int (args[LOAD_LIVE_MINUTES]),
                 sqlite3_value_int (args[LOAD_ONDEMAND_MINUTES]),
                 sqlite3_value_double (args[LOAD_ENGAGEMENT_SCORE]), activity);
}

static const char *
batch_text (LoadBatch *batch,
            guint      i,
            guint      t)
{
  guint32 at = batch->text_at[i][t];

  return at == 0 ? NULL : (const char *) batch->text + at - 1;
}

static gpointer
add_batches_thread (gpointer data)
{
  LoadPipe *pipe = data;
  LoadBatch *batch;

  while ((batch = g_async_queue_pop (pipe->full)) != &end_of_rows)
    {
      guint at = pipe->builder->person_ids->len;

      _turnout_member_table_builder_grow (pipe->builder, batch->n);
      for (guint i = 0; i < batch->n; i++)
        {
          TurnoutMemberTableRow row;
          const char *reason;

          row.person_id = batch->person_id[i];
          for (guint t = 0; t < TURNOUT_MEMBER_N_TEXTS; t++)
            row.texts[t] = batch_text (batch, i, t);
          reason = row.texts[TURNOUT_MEMBER_TEXT_STATUS_REASON];
          if (reason != NULL && reason[0] == TURNOUT_REASON_MARK)
            row.texts[TURNOUT_MEMBER_TEXT_STATUS_REASON] = turnout_reason_cache_render_code (pipe->reasons, reason);
          row.status = batch_text (batch, i, LOAD_TEXT_STATUS);
          row.member_date = turnout_dates_parse_iso8601 (batch_text (batch, i, LOAD_TEXT_MEMBER_DATE));
          row.status_changed = turnout_dates_parse_iso8601 (batch_text (batch, i, LOAD_TEXT_STATUS_CHANGED));
          row.success_at = turnout_dates_parse_iso8601 (batch_text (batch, i, LOAD_TEXT_SUCCESS_AT));
          row.live_minutes = batch->live_minutes[i];
          row.ondemand_minutes = batch->ondemand_minutes[i];
          row.push_state = turnout_push_state_from_key (batch_text (batch, i, LOAD_N_TEXTS));
          row.engagement_score = batch->engagement_score[i];
          memcpy (row.activity, batch->activity[i], sizeof row.activity);
          _turnout_member_table_builder_set_row (pipe->builder, at + i, &row);
        }
      batch->n = 0;
      g_async_queue_push (pipe->empty, batch);
    }
  return NULL;
}

/* A team database's rows come by COPY, in the order the server reads
 * them (sorting a million wide rows on the server took longer than
 * reading them): each row brings its membership's id, and the table is put
 * in membership order once all are in (pipe_end ()). */
typedef struct
{
  LoadPipe     *pipe;
  GArray       *ids;          /* membership id per row, in arrival order */
  GCancellable *cancellable;
} CopyLoad;

static gboolean
take_copied_row (const TurnoutPgField *fields,
                 int                   n_fields,
                 gpointer              data)
{
  CopyLoad *load = data;
  const TurnoutPgField *columns = fields + 1;  /* after m.id */
  const guint8 *texts[LOAD_N_TEXTS + 1];
  gsize sizes[LOAD_N_TEXTS + 1];
  gint32 activity[TURNOUT_MEMBER_N_ACTIVITIES];
  gint64 id = turnout_pg_field_int (&fields[0]);

  g_array_append_val (load->ids, id);
  for (guint a = 0; a < TURNOUT_MEMBER_N_ACTIVITIES; a++)
    activity[a] = (gint32) turnout_pg_field_int (&columns[LOAD_ACTIVITY + a]);
  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      const TurnoutPgField *field = &columns[load_text_columns[t]];

      texts[t] = field->len >= 0 ? (const guint8 *) field->data : NULL;
      sizes[t] = MAX (field->len, 0);
    }
  pipe_take_row (load->pipe, turnout_pg_field_int (&columns[LOAD_PERSON_ID]), texts, sizes,
                 (gint32) turnout_pg_field_int (&columns[LOAD_LIVE_MINUTES]),
                 (gint32) turnout_pg_field_int (&columns[LOAD_ONDEMAND_MINUTES]),
                 turnout_pg_field_double (&columns[LOAD_ENGAGEMENT_SCORE]), activity);

  return load->ids->len % 4096 != 0 || !g_cancellable_is_cancelled (load->cancellable);
}

/* The order that puts rows with membership ids @ids (n of them, in
 * arrival order) in ascending order: order[k] is the row that goes k-th.
 * NULL when they already are, as after an import. A radix sort: at a
 * million rows a comparison sort took 120 ms, this 15.
 */
static guint32 *
membership_order (const gint64 *ids,
                  guint         n)
{
  g_autofree guint64 *keys = NULL;
  g_autofree guint64 *keys_out = NULL;
  g_autofree guint32 *rows_out = NULL;
  guint32 *rows;
  gint64 least = G_MAXINT64;
  guint64 span;
  gboolean sorted = TRUE;

  for (guint i = 0; i < n; i++)
    {
      least = MIN (least, ids[i]);
      if (i > 0 && ids[i] < ids[i - 1])
        sorted = FALSE;
    }
  if (sorted)
    return NULL;

  keys = g_new (guint64, n);
  keys_out = g_new (guint64, n);
  rows = g_new (guint32, n);
  rows_out = g_new (guint32, n);
  span = 0;
  for (guint i = 0; i < n; i++)
    {
      keys[i] = (guint64) ids[i] - (guint64) least;
      span |= keys[i];
      rows[i] = i;
    }
  for (guint shift = 0; shift < 64 && (span >> shift) != 0; shift += 8)
    {
      guint counts[256] = { 0 };
      guint at = 0;

      for (guint i = 0; i < n; i++)
        counts[(keys[i] >> shift) & 0xff]++;
      for (guint d = 0; d < 256; d++)
        {
          guint count = counts[d];

          counts[d] = at;
          at += count;
        }
      for (guint i = 0; i < n; i++)
        {
          guint to = counts[(keys[i] >> shift) & 0xff]++;

          keys_out[to] = keys[i];
          rows_out[to] = rows[i];
        }
      { guint64 *swap = keys; keys = keys_out; keys_out = swap; }
      { guint32 *swap = rows; rows = rows_out; rows_out = swap; }
    }
  return rows;
}

/* Starts the builder's thread: the caller's thread copies rows into
 * batches (pipe_take_row ()), a second one adds them to the builder. */
static GThread *
pipe_start (LoadPipe                  *pipe,
            TurnoutMemberTableBuilder *builder)
{
  GThread *adder;

  pipe->full = g_async_queue_new ();
  pipe->empty = g_async_queue_new ();
  pipe->builder = builder;
  pipe->reasons = turnout_reason_cache_new ();
  for (guint i = 0; i < LOAD_BATCHES; i++)
    g_async_queue_push (pipe->empty, g_new0 (LoadBatch, 1));
  adder = g_thread_new ("turnout-members", add_batches_thread, pipe);
  pipe->filling = g_async_queue_pop (pipe->empty);
  return adder;
}

/* Hands over the last batch and waits for the builder's thread. */
static void
pipe_end (LoadPipe *pipe,
          GThread  *adder)
{
  LoadBatch *batch = g_steal_pointer (&pipe->filling);

  if (batch->n > 0)
    {
      g_async_queue_push (pipe->full, batch);
      batch = g_async_queue_pop (pipe->empty);
    }
  g_async_queue_push (pipe->full, &end_of_rows);
  g_thread_join (adder);
  batch_free (batch);
  while ((batch = g_async_queue_try_pop (pipe->empty)) != NULL)
    batch_free (batch);
  g_async_queue_unref (pipe->full);
  g_async_queue_unref (pipe->empty);
  turnout_reason_cache_free (pipe->reasons);
}

/* A team database's members, by COPY (see take_copied_row ()). */
static gboolean
load_copied (TurnoutDb                 *db,
             gint64                     program_id,
             TurnoutMemberTableBuilder *builder,
             GCancellable              *cancellable,
             GError                   **error)
{
  /* In the order of the person: a program of a million members then
   * comes by a merge join along the two tables' indexes (1.5 s), not a
   * hash of every person that spills to disk (2.2-2.8 s); for 100k members
   * of a larger database the server still picks the hash. */
  g_autofree char *select = g_strdup_printf ("SELECT m.id, " MEMBER_TABLE_COLUMNS MEMBER_TABLE_FROM
                                             " WHERE m.program_id = %" G_GINT64_FORMAT " ORDER BY m.person_id",
                                             program_id);
  g_autofree guint32 *order = NULL;
  CopyLoad load = { NULL, g_array_new (FALSE, FALSE, sizeof (gint64)), cancellable };
  LoadPipe pipe;
  GThread *adder;
  TurnoutStmt *stmt;
  int rc;

  /* Room for as many rows as the server's statistics say the whole table
   * has (room not used costs address space only): grown by doubling
   * instead, a million rows were copied twenty times. Before the table's
   * first ANALYZE the server does not know. */
  stmt = turnout_db_prepare (db, "SELECT CAST (greatest (reltuples, 0) AS bigint) FROM pg_class"
                             " WHERE oid = CAST ('memberships' AS regclass)", error);
  if (stmt == NULL)
    return FALSE;
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      gint64 estimate = turnout_stmt_column_int64 (stmt, 0);

      _turnout_member_table_builder_reserve (builder, (guint) CLAMP (estimate, 0, G_MAXUINT32 / 2));
      g_array_set_size (load.ids, MIN (estimate, G_MAXUINT32 / 2));
      g_array_set_size (load.ids, 0);
    }
  turnout_stmt_reset (stmt);

  adder = pipe_start (&pipe, builder);
  load.pipe = &pipe;
  rc = turnout_pg_copy_out (db->pg, select, LOAD_N_COLUMNS + 1, take_copied_row, &load);
  pipe_end (&pipe, adder);

  if (rc == SQLITE_OK)
    order = membership_order ((const gint64 *) (gpointer) load.ids->data, load.ids->len);
  if (order != NULL)
    _turnout_member_table_builder_reorder (builder, order);
  g_array_unref (load.ids);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

TurnoutMemberTable *
turnout_member_table_load (TurnoutDb     *db,
                           gint64         program_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GError) step_error = NULL;
  TurnoutMemberTableBuilder *builder;
  LoadPipe pipe;
  GThread *adder;
  TurnoutStmt *stmt;
  gboolean whole_scan = FALSE;
  gint64 count = 0;
  gint64 total = 0;
  guint n = 0;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return NULL;

  channel = turnout_db_get_channel (db, program->channel_key);
  if (channel == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                   _("The program’s channel “%s” is missing"), program->channel_key);
      return NULL;
    }

  builder = turnout_member_table_builder_new (program_id, channel);
  if (turnout_db_is_postgres (db))
    {
      if (!load_copied (db, program_id, builder, cancellable, error))
        {
          _turnout_member_table_builder_free (builder);
          return NULL;
        }
      return turnout_member_table_builder_end (builder);
    }

  /* A program that holds most of the database's memberships reads fastest
   * by one pass over the table in rowid order; a small one through the
   * index. Either way rows come in membership order. Counting stops once
   * the program is a quarter of the table (counting a million takes
   * 35 ms), so the count is exact only for a small program; a large one
   * has room for the whole table.
   */
  stmt = turnout_db_prepare (db,
                             "SELECT (SELECT count(*) FROM (SELECT 1 FROM memberships WHERE program_id = ?1"
                             " LIMIT coalesce ((SELECT max(id) FROM memberships), 0) / 4 + 1) AS first_quarter),"
                             " (SELECT max(id) FROM memberships)",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      count = turnout_stmt_column_int64 (stmt, 0);
      total = turnout_stmt_column_int64 (stmt, 1);
      whole_scan = count > 0 && count * 4 > total;
    }
  turnout_stmt_reset (stmt);

  /* The whole scan reads rows in membership order, and takes them as it
   * reads them. Through the index, SQLite sorts the rows after computing
   * their columns: they are taken as they come out.
   */
  if (whole_scan)
    stmt = turnout_db_define_function (db, "turnout_take_member", LOAD_N_COLUMNS + 1, take_member_func, error)
           ? turnout_db_prepare (db, "SELECT turnout_take_member (?2, " MEMBER_TABLE_COLUMNS ")" MEMBER_TABLE_FROM
                                 " WHERE +m.program_id = ?1 ORDER BY m.id", error)
           : NULL;
  else
    stmt = turnout_db_prepare (db, "SELECT " MEMBER_TABLE_COLUMNS MEMBER_TABLE_FROM
                               " WHERE m.program_id = ?1 ORDER BY m.id", error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  if (whole_scan)
    sqlite3_bind_pointer (stmt->lite, 2, &pipe, LOAD_PIPE_POINTER, NULL);

  _turnout_member_table_builder_reserve (builder, (guint) CLAMP (whole_scan ? total : count, 0, G_MAXUINT32 / 2));

  /* Stepping the statement and building the table take about as long
   * each: this thread steps and copies the rows into batches, a second
   * one adds them to the builder.
   */
  adder = pipe_start (&pipe, builder);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      if (++n % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if (!whole_scan)
        pipe_take_columns (&pipe, stmt);
    }
  /* read now: resetting and binding clear the connection's message */
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    turnout_db_set_error (db, rc, &step_error);
  turnout_stmt_reset (stmt);
  if (whole_scan)
    turnout_stmt_bind_null (stmt, 2);   /* the pipe is this function's own */
  pipe_end (&pipe, adder);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;
  if (step_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&step_error));
      goto failed;
    }

  return turnout_member_table_builder_end (builder);

failed:
  _turnout_member_table_builder_free (builder);
  return NULL;
}
