/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-db.c: the SQLite connection and what every part of the store
 * shares.
 *
 * One connection, owned by one thread. Statements are prepared once, cached
 * and always bound, never formatted. Every change that belongs together runs
 * in one BEGIN IMMEDIATE transaction, so a crash or a full disk leaves either
 * all of it or none of it. Here: opening the file, errors, the statement
 * cache, transactions, the checks of input, settings, the outbox count and
 * the integrity check. The schema is turnout-migrations.c's, programs
 * turnout-programs.c's, people turnout-people.c's, and moves
 * turnout-moves.c's; turnout_db_open() (turnout-db-open.c) puts them
 * together.
 */
#define G_LOG_DOMAIN "turnout-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "turnout-channel.h"
#include "turnout-checkpointer.h"
#include "turnout-db-private.h"
#include "turnout-reason.h"

/* SQLite's own automatic checkpoint threshold, in WAL pages. */
#define CHECKPOINT_PAGES 1000

G_DEFINE_QUARK (turnout-db-error-quark, turnout_db_error)

char *
turnout_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
turnout_db_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "turnout", "turnout.db", NULL);
}

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return TURNOUT_DB_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return TURNOUT_DB_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return TURNOUT_DB_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return TURNOUT_DB_ERROR_OPEN;
    case SQLITE_CONSTRAINT:
      return TURNOUT_DB_ERROR_EXISTS;
    default:
      return TURNOUT_DB_ERROR_FAILED;
    }
}

static void
set_conflict_error (const char  *who,
                    GError     **error)
{
  if (who != NULL && *who != '\0')
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CONFLICT,
                 _("Someone else changed %s at the same moment. Nothing was changed; "
                   "look at the member again and retry."), who);
  else
    g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CONFLICT,
                         _("Someone else changed these members at the same moment. Nothing was changed; "
                           "look at them again and retry."));
}

gboolean
turnout_db_set_error (TurnoutDb  *db,
                      int         rc,
                      GError    **error)
{
  int code = error_code_for_sqlite (rc);

  if (rc == TURNOUT_PG_CONFLICT && db != NULL && db->pg != NULL)
    {
      set_conflict_error (turnout_pg_conflict_who (db->pg), error);
      return FALSE;
    }
  /* The server restarted, or the network dropped: the next operation
   * connects again by itself. */
  if ((rc & 0xff) == SQLITE_IOERR && db != NULL && db->pg != NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_FAILED,
                   _("The team database cannot be reached (%s). Nothing was changed; try again in a moment."),
                   turnout_pg_errmsg (db->pg));
      return FALSE;
    }

  switch (code)
    {
    case TURNOUT_DB_ERROR_FULL:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("The disk is full. Nothing was changed; free some space and try again."));
      break;
    case TURNOUT_DB_ERROR_BUSY:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("The database is in use by another program. Nothing was changed; try again."));
      break;
    case TURNOUT_DB_ERROR_CORRUPT:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("The database file is damaged (%s)."), sqlite3_errstr (rc));
      break;
    default:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("Database error: %s"),
                   db && db->pg ? turnout_pg_errmsg (db->pg) :
                   db && db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      break;
    }

  return FALSE;
}

sqlite3 *
turnout_db_get_handle (TurnoutDb *db)
{
  return db->handle;
}

/* A program's enabled trigger rules per status, remembered for one
 * transaction: a refresh or bulk change moves thousands of members to the
 * same status, and asking each time was a look-up per move (a tenth of a
 * bulk change that fires a rule on every member). Forgotten at every
 * transaction's start and end and whenever a rule is written. */
GPtrArray *
turnout_db_get_known_rules (TurnoutDb  *db,
                            gint64      program_id,
                            const char *status)
{
  if (db->rules_program != program_id)
    return NULL;
  return g_hash_table_lookup (db->rules, status);
}

void
turnout_db_keep_rules (TurnoutDb  *db,
                       gint64      program_id,
                       const char *status,
                       GPtrArray  *rules)
{
  if (!db->in_transaction)
    return;
  if (db->rules_program != program_id)
    {
      g_hash_table_remove_all (db->rules);
      db->rules_program = program_id;
    }
  g_hash_table_replace (db->rules, g_strdup (status), g_ptr_array_ref (rules));
}

void
turnout_db_note_rules_absent (TurnoutDb  *db,
                              gint64      program_id,
                              const char *status)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  turnout_db_keep_rules (db, program_id, status, none);
}

void
turnout_db_forget_rules (TurnoutDb *db)
{
  db->rules_program = 0;
  if (db->rules != NULL)
    g_hash_table_remove_all (db->rules);
}

TurnoutStmt *
turnout_db_prepare (TurnoutDb   *db,
                    const char  *sql,
                    GError     **error)
{
  TurnoutStmt *stmt;

  if (G_UNLIKELY (db->held.active) && !turnout_db_flush_held (db, error))
    return NULL;

  stmt = g_hash_table_lookup (db->statements, sql);
  if (stmt != NULL)
    {
      turnout_stmt_reset (stmt);
      turnout_stmt_clear_bindings (stmt);
      return stmt;
    }

  stmt = turnout_db_prepare_own (db, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

TurnoutStmt *
turnout_db_prepare_own (TurnoutDb   *db,
                        const char  *sql,
                        GError     **error)
{
  TurnoutStmt *stmt;
  int rc;

  if (G_UNLIKELY (db->held.active) && !turnout_db_flush_held (db, error))
    return NULL;

  stmt = g_new0 (TurnoutStmt, 1);
  if (db->pg != NULL)
    stmt->pg = turnout_pg_prepare (db->pg, sql, &rc);
  else
    rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt->lite, NULL);
  if (rc != SQLITE_OK)
    {
      turnout_db_set_error (db, rc, error);
      turnout_stmt_free (stmt);
      return NULL;
    }
  /* what reads or writes the history, the rules' events or the outbox
   * sees the rows gathered for that table before it; what names the
   * memberships, or the programs whose removal removes theirs, sees the
   * members' moves gathered (turnout-moves.c) */
  if (stmt->lite != NULL)
    {
      if (strstr (sql, "memberships") != NULL || strstr (sql, "programs") != NULL)
        stmt->gathered_tables |= TURNOUT_GATHERED_MEMBERSHIPS;
      if (strstr (sql, "status_history") != NULL)
        stmt->gathered_tables |= TURNOUT_GATHERED_HISTORY;
      if (strstr (sql, "rule_events") != NULL)
        stmt->gathered_tables |= TURNOUT_GATHERED_RULE_EVENTS;
      if (strstr (sql, "outbox") != NULL)
        stmt->gathered_tables |= TURNOUT_GATHERED_OUTBOX;
      if (stmt->gathered_tables != 0)
        stmt->gathered_db = db;
    }
  return stmt;
}

void
turnout_stmt_free (TurnoutStmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_finalize (stmt->lite);
  turnout_pg_stmt_free (stmt->pg);
  g_free (stmt);
}

gint64
turnout_db_changes (TurnoutDb *db)
{
  return db->pg != NULL ? turnout_pg_changes (db->pg) : sqlite3_changes64 (db->handle);
}

gint64
turnout_db_last_insert_id (TurnoutDb *db)
{
  return db->pg != NULL ? turnout_pg_last_insert_id (db->pg) : sqlite3_last_insert_rowid (db->handle);
}

int
turnout_db_errcode (TurnoutDb *db)
{
  return db->pg != NULL ? turnout_pg_errcode (db->pg) : sqlite3_errcode (db->handle);
}

gboolean
turnout_db_is_postgres (TurnoutDb *db)
{
  return db->pg != NULL;
}

gboolean
turnout_db_check_moved (TurnoutDb   *db,
                        const char  *email,
                        GError     **error)
{
  if (turnout_db_changes (db) == 1)
    return TRUE;
  set_conflict_error (email, error);
  return FALSE;
}

/* FALSE and TURNOUT_DB_ERROR_CONFLICT unless the last statement changed
 * @rows rows. */
static gboolean
check_rows_moved (TurnoutDb  *db,
                  gint64      rows,
                  GError    **error)
{
  if (turnout_db_changes (db) == rows)
    return TRUE;
  set_conflict_error (NULL, error);
  return FALSE;
}

/* A write whose outcome nothing waits for (a member's row, a history
 * row): SQLite steps it now; on a team database it goes into libpq's
 * pipeline and its outcome, like the @expect_one check of
 * turnout_db_check_moved (), is read with the next statement waited for
 * or at the commit, which then fails instead. */
gboolean
turnout_db_step_later (TurnoutDb    *db,
                       TurnoutStmt  *stmt,
                       gboolean      expect_one,
                       const char   *who,
                       GError      **error)
{
  int rc;

  if (db->pg == NULL)
    return turnout_db_step_done (db, stmt, error) &&
           (!expect_one || turnout_db_check_moved (db, who, error));

  rc = turnout_pg_stmt_send (stmt->pg, expect_one, who);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* turnout_db_prepare () of a write that bulk changes run once per member,
 * with its batch forms for a team database (see turnout_pg_stmt_set_batch ()
 * for @batch_sql, @compact_sql, @compact_arrays and @key_param); SQLite runs
 * it row by row. */
TurnoutStmt *
turnout_db_prepare_batched (TurnoutDb   *db,
                            const char  *sql,
                            const char  *batch_sql,
                            const char  *compact_sql,
                            guint64      compact_arrays,
                            int          key_param,
                            GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL || stmt->pg == NULL || turnout_pg_stmt_has_batch (stmt->pg))
    return stmt;
  rc = turnout_pg_stmt_set_batch (stmt->pg, batch_sql, compact_sql, compact_arrays, key_param);
  if (rc != SQLITE_OK)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  return stmt;
}

/* turnout_db_step_later (), gathered with the statement's other rows on
 * a team database when it was prepared with a batch form. */
gboolean
turnout_db_step_gathered (TurnoutDb    *db,
                          TurnoutStmt  *stmt,
                          gboolean      expect_one,
                          const char   *who,
                          GError      **error)
{
  int rc;

  if (db->pg == NULL)
    return turnout_db_step_later (db, stmt, expect_one, who, error);

  rc = turnout_pg_stmt_gather (stmt->pg, expect_one, who);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* History rows gathered
 *
 * A bulk change writes one history row per member moved, and on SQLite a
 * statement per row cost twice what the rows did. In a transaction the
 * move engine's rows are gathered here and written HISTORY_BATCH per
 * statement: when that many are waiting, before any statement that names
 * status_history steps (see turnout_stmt_step ()), before any SQL run
 * with turnout_db_exec () (the COMMIT among them), and never after a
 * rollback. Nothing else reads the history, so everything sees the rows in
 * the order they were asked for; an error writing them (a full disk) fails
 * the statement or the commit that sent them, and the transaction with it. */

/* A write the store put off (gathered rows or moves) failed: the error
 * is kept, so that the transaction's commit fails with it even when the
 * statement that set the write off was one whose caller did not look at
 * its error, and handed to @error. Returns FALSE. */
static gboolean
keep_write_error (TurnoutDb  *db,
                  GError    **local_error,
                  GError    **error)
{
  if (db->in_transaction && db->history_error == NULL)
    db->history_error = g_error_copy (*local_error);
  g_propagate_error (error, g_steal_pointer (local_error));
  return FALSE;
}

/* Rows of one INSERT, gathered: their integers (first in the INSERT's
 * columns) and texts (after them, each a NUL-ended run of texts).
 *
 * Each INSERT is INSERT OR FAIL, as the outbox's batches below are: a
 * gathered row's error fails the whole transaction (keep_write_error ()),
 * so no statement needs undoing on its own, which is what SQLite's
 * default (ABORT) copies every page a statement touches to a statement
 * journal for. In a transaction that checks foreign keys a checked key
 * keeps that journal anyway; see turnout_db_begin_bulk (). */
struct _TurnoutGathered
{
  guint       n_ints;
  guint       n_texts;
  char       *one_sql;     /* one row */
  char       *batch_sql;   /* GATHER_BATCH rows */
  GArray     *ints;        /* gint64, n_ints a row */
  GArray     *text_at;     /* gsize, n_texts a row: offsets into texts */
  GString    *texts;
  guint       n_rows;
  gboolean    flushing;
};

#define GATHER_BATCH 64

static TurnoutGathered *
gathered_new (const char *head,
              guint       n_ints,
              guint       n_texts)
{
  TurnoutGathered *g = g_new0 (TurnoutGathered, 1);
  g_autoptr(GString) row = g_string_new ("(");
  GString *batch = g_string_new (head);

  for (guint i = 0; i < n_ints + n_texts; i++)
    g_string_append (row, i ? ", ?" : "?");
  g_string_append_c (row, ')');
  for (guint i = 0; i < GATHER_BATCH; i++)
    {
      if (i > 0)
        g_string_append_c (batch, ',');
      g_string_append (batch, row->str);
    }
  g_assert ((n_ints + n_texts) * GATHER_BATCH <= 999);  /* SQLite's least limit of parameters */
  g->n_ints = n_ints;
  g->n_texts = n_texts;
  g->one_sql = g_strconcat (head, row->str, NULL);
  g->batch_sql = g_string_free (batch, FALSE);
  g->ints = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ints * GATHER_BATCH);
  g->text_at = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n_texts * GATHER_BATCH);
  g->texts = g_string_sized_new (GATHER_BATCH * 64);
  return g;
}

/* The rows gathered are not written: rolled back, or written already. */
static void
gathered_drop (TurnoutGathered *g)
{
  if (g == NULL)
    return;
  g_array_set_size (g->ints, 0);
  g_array_set_size (g->text_at, 0);
  g_string_truncate (g->texts, 0);
  g->n_rows = 0;
}

static void
gathered_free (TurnoutGathered *g)
{
  if (g == NULL)
    return;
  g_free (g->one_sql);
  g_free (g->batch_sql);
  g_array_unref (g->ints);
  g_array_unref (g->text_at);
  g_string_free (g->texts, TRUE);
  g_free (g);
}

/* Rows @first to @first + @n - 1, @n being 1 or GATHER_BATCH. */
static gboolean
gathered_write (TurnoutDb        *db,
                TurnoutGathered  *g,
                guint             first,
                guint             n,
                GError          **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, n == GATHER_BATCH ? g->batch_sql : g->one_sql, error);
  guint width = g->n_ints + g->n_texts;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const gint64 *ints = &g_array_index (g->ints, gint64, (first + i) * g->n_ints);
      const gsize *text_at = &g_array_index (g->text_at, gsize, (first + i) * g->n_texts);
      int at = (int) (i * width);

      for (guint k = 0; k < g->n_ints; k++)
        sqlite3_bind_int64 (stmt->lite, at + 1 + (int) k, ints[k]);
      for (guint k = 0; k < g->n_texts; k++)
        sqlite3_bind_text (stmt->lite, at + 1 + (int) (g->n_ints + k), g->texts->str + text_at[k], -1,
                           SQLITE_STATIC);
    }
  return turnout_db_step_done (db, stmt, error);
}

/* Writes the rows gathered. On an error the rows are dropped and the
 * error is kept too: the transaction's commit fails with it, even when
 * the statement that sent them was one whose outcome its caller did not
 * look at. */
static gboolean
gathered_flush (TurnoutDb        *db,
                TurnoutGathered  *g,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  guint done = 0;
  gboolean ok = TRUE;

  if (g == NULL || g->n_rows == 0 || g->flushing)
    return TRUE;

  g->flushing = TRUE;
  while (ok && g->n_rows - done >= GATHER_BATCH)
    {
      ok = gathered_write (db, g, done, GATHER_BATCH, &local_error);
      done += GATHER_BATCH;
    }
  for (; ok && done < g->n_rows; done++)
    ok = gathered_write (db, g, done, 1, &local_error);
  gathered_drop (g);
  g->flushing = FALSE;
  return ok || keep_write_error (db, &local_error, error);
}

/* One row into @g (made with gathered_new () on first use, in *@slot);
 * written at once outside a transaction, else when GATHER_BATCH wait. */
static gboolean
gathered_add (TurnoutDb         *db,
              TurnoutGathered  **slot,
              const char        *head,
              const gint64      *ints,
              guint              n_ints,
              const char *const *texts,
              guint              n_texts,
              GError           **error)
{
  TurnoutGathered *g = *slot;

  if (g == NULL)
    g = *slot = gathered_new (head, n_ints, n_texts);
  g_assert (g->n_ints == n_ints && g->n_texts == n_texts);
  g_array_append_vals (g->ints, ints, n_ints);
  for (guint k = 0; k < n_texts; k++)
    {
      gsize at = g->texts->len;

      g_array_append_val (g->text_at, at);
      g_string_append_len (g->texts, texts[k], strlen (texts[k]) + 1);
    }
  g->n_rows++;
  if (!db->in_transaction || g->n_rows >= GATHER_BATCH)
    return gathered_flush (db, g, error);
  return TRUE;
}

/* Writes every row gathered: the history's and the rules' events. */
gboolean
turnout_db_flush_history (TurnoutDb  *db,
                          GError    **error)
{
  return gathered_flush (db, db->history, error) && gathered_flush (db, db->rule_events, error);
}

/* Pushes gathered
 *
 * Retry Registration Errors, approving or registering many members of a
 * program linked to ON24 queues a push for each: any push of theirs not
 * sent yet is superseded, and a new one is queued. Per member that was
 * two statements, a fifth of the change's time. On SQLite, in a
 * transaction, the members are gathered here, one program and time at a
 * time, and each member once, and written PUSH_BATCH per pair of
 * statements (the UPDATE before the INSERT, as for one member), under the
 * same rules as the history's rows: before any statement that names the
 * outbox steps, before turnout_db_exec (), never after a rollback. */

#define PUSH_BATCH 64

/* ?1 program, ?2 time, ?3 .. ?(PUSH_BATCH + 2) the members */
static const char *
push_batch_sql (gboolean supersede)
{
  static gsize sql[2];
  gsize *slot = &sql[supersede ? 1 : 0];

  if (g_once_init_enter (slot))
    {
      GString *text = g_string_new (supersede
                                    ? "UPDATE OR FAIL outbox SET state = 'superseded', updated_at = ?2"
                                      " WHERE program_id = ?1 AND state = 'pending' AND person_id IN ("
                                    : "INSERT OR FAIL INTO outbox (kind, program_id, person_id, state,"
                                      " created_at, updated_at) VALUES ");

      for (guint i = 0; i < PUSH_BATCH; i++)
        g_string_append_printf (text, supersede ? "%s?%u" : "%s('register', ?1, ?%u, 'pending', ?2, ?2)",
                                i > 0 ? ", " : "", i + 3);
      if (supersede)
        g_string_append_c (text, ')');
      g_once_init_leave (slot, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) *slot;
}

static const char push_supersede_sql[] =
  "UPDATE outbox SET state = 'superseded', updated_at = ?2"
  " WHERE program_id = ?1 AND person_id = ?3 AND state = 'pending'";
static const char push_insert_sql[] =
  "INSERT INTO outbox (kind, program_id, person_id, state,"
  " created_at, updated_at) VALUES ('register', ?1, ?3, 'pending', ?2, ?2)";

static gboolean
write_pushes (TurnoutDb   *db,
              const char  *sql,
              guint        first,
              guint        n,
              GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt->lite, 1, db->push_program);
  sqlite3_bind_text (stmt->lite, 2, db->push_now, -1, SQLITE_STATIC);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_int64 (stmt->lite, 3 + i, g_array_index (db->push_people, gint64, first + i));
  return turnout_db_step_done (db, stmt, error);
}

gboolean
turnout_db_flush_pushes (TurnoutDb  *db,
                         GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n, done = 0;
  gboolean ok = TRUE;

  if (db->push_people == NULL || db->push_people->len == 0 || db->flushing_pushes)
    return TRUE;

  db->flushing_pushes = TRUE;
  n = db->push_people->len;
  /* Each member once in the lot: the UPDATE of them all, then the INSERT,
   * leaves what the two statements did member by member. */
  if (n == PUSH_BATCH)
    {
      ok = write_pushes (db, push_batch_sql (TRUE), 0, n, &local_error) &&
           write_pushes (db, push_batch_sql (FALSE), 0, n, &local_error);
      done = n;
    }
  for (; ok && done < n; done++)
    ok = write_pushes (db, push_supersede_sql, done, 1, &local_error) &&
         write_pushes (db, push_insert_sql, done, 1, &local_error);
  g_array_set_size (db->push_people, 0);
  db->flushing_pushes = FALSE;
  return ok || keep_write_error (db, &local_error, error);
}

/* A member's push queued by a move, superseding any of theirs not sent:
 * gathered in a transaction on SQLite (see above), else written now. */
gboolean
turnout_db_gather_push (TurnoutDb   *db,
                        gint64       program_id,
                        gint64       person_id,
                        const char  *now,
                        GError     **error)
{
  g_return_val_if_fail (db->pg == NULL, FALSE);

  if (db->push_people == NULL)
    db->push_people = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PUSH_BATCH);

  /* Another program or time, or the same member again, starts a new lot. */
  if (db->push_people->len > 0)
    {
      gboolean again = db->push_program != program_id || g_strcmp0 (db->push_now, now) != 0;

      for (guint i = 0; i < db->push_people->len && !again; i++)
        again = g_array_index (db->push_people, gint64, i) == person_id;
      if (again && !turnout_db_flush_pushes (db, error))
        return FALSE;
    }
  if (db->push_people->len == 0)
    {
      db->push_program = program_id;
      if (g_strcmp0 (db->push_now, now) != 0)
        {
          g_free (db->push_now);
          db->push_now = g_strdup (now);
        }
    }
  g_array_append_val (db->push_people, person_id);
  if (!db->in_transaction || db->push_people->len >= PUSH_BATCH)
    return turnout_db_flush_pushes (db, error);
  return TRUE;
}

/* Moves gathered
 *
 * A bulk change on SQLite moved each member with an UPDATE of their row
 * (update_membership in turnout-moves.c): at 100k members 0.32-0.38 s
 * of a 0.74 s change, a third more than SQLite's own UPDATE of the same
 * rows in one statement. In a transaction, the move engine's moves to
 * one status (not Wait Listed, whose place each row takes from the rows
 * before it) with one reason at one time are gathered here and written
 * MOVED_BATCH per statement, under the same rules as the history's rows:
 * before any statement that names the memberships (or the programs,
 * whose removal removes them) steps, before turnout_db_exec () and the
 * commit, never after a rollback. A member moved again is read again
 * first, and so written first; a lot holds each membership once.
 *
 * The rows are update_membership's: on SQLite the row a move was decided
 * from is the row it writes (one writer; a gathered row is written before
 * anything reads it), so what that statement binds per member is the
 * row's own and is taken from it: success reached (its ?5, the status's
 * success unless reached before) and the push state (kept, unless the
 * move queued a push). */

#define MOVED_BATCH 64
#define MOVED_FIRST_ID 8

/* ?1 status, ?2 .. ?4 the reason's text, key and values, ?5 time, ?6 the
 * status is a success, ?7 'pending' or NULL (kept); then @rows
 * memberships, @rows a power of two up to MOVED_BATCH. */
static const char *
moved_sql (guint rows)
{
  static gsize sql[7];  /* 1, 2, 4 .. 64 rows */
  guint shape = (guint) g_bit_nth_msf (rows, -1);
  gsize *slot;

  g_assert (shape < G_N_ELEMENTS (sql) && rows == 1u << shape);
  slot = &sql[shape];
  if (g_once_init_enter (slot))
    {
      GString *text = g_string_new ("UPDATE OR FAIL memberships SET status = ?1, status_reason = ?2,"
                                    " status_reason_key = ?3, status_reason_args = ?4,"
                                    " status_changed_at = ?5,"
                                    " reached_success = reached_success OR ?6,"
                                    " success_at = CASE WHEN reached_success THEN success_at"
                                    "   WHEN ?6 THEN ?5 ELSE NULL END,"
                                    " waitlist_priority = 0, waitlist_at = NULL,"
                                    " push_state = coalesce (?7, push_state) WHERE id IN (");

      for (guint i = 0; i < rows; i++)
        g_string_append_printf (text, "%s?%u", i > 0 ? ", " : "", MOVED_FIRST_ID + i);
      g_string_append_c (text, ')');
      g_once_init_leave (slot, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) *slot;
}

/* Memberships @first to @first + @rows - 1 of the lot. */
static gboolean
write_moved (TurnoutDb  *db,
             guint       first,
             guint       rows,
             GError    **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, moved_sql (rows), error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt->lite, 1, db->moved.status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt->lite, 2, db->moved.reason_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt->lite, 3, db->moved.reason_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt->lite, 4, db->moved.reason_args, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt->lite, 5, db->moved.now, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt->lite, 6, db->moved.success);
  if (db->moved.push)
    sqlite3_bind_text (stmt->lite, 7, turnout_push_state_to_key (TURNOUT_PUSH_PENDING), -1, SQLITE_STATIC);
  for (guint i = 0; i < rows; i++)
    sqlite3_bind_int64 (stmt->lite, MOVED_FIRST_ID + (int) i, g_array_index (db->moved.ids, gint64, first + i));
  /* each row still there: nothing else writes them meanwhile */
  return turnout_db_step_done (db, stmt, error) && check_rows_moved (db, rows, error);
}

/* Writes the moves gathered, the most per statement. On an error they
 * are dropped and the error kept: the commit fails with it. */
static gboolean
flush_moved (TurnoutDb  *db,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  GArray *ids = db->moved.ids;
  guint done = 0;
  gboolean ok = TRUE;

  if (ids == NULL || ids->len == 0 || db->moved.flushing)
    return TRUE;

  db->moved.flushing = TRUE;
  while (ok && done < ids->len)
    {
      guint rows = MOVED_BATCH;

      while (rows > ids->len - done)
        rows /= 2;
      ok = write_moved (db, done, rows, &local_error);
      done += rows;
    }
  g_array_set_size (ids, 0);
  db->moved.flushing = FALSE;
  return ok || keep_write_error (db, &local_error, error);
}

/* The moves gathered are not written: the transaction is rolled back. */
static void
drop_moved (TurnoutDb *db)
{
  if (db->moved.ids != NULL)
    g_array_set_size (db->moved.ids, 0);
}

static void
free_moved (TurnoutDb *db)
{
  g_clear_pointer (&db->moved.ids, g_array_unref);
  g_clear_pointer (&db->moved.status, g_free);
  g_clear_pointer (&db->moved.reason, g_free);
  g_clear_pointer (&db->moved.reason_text, g_free);
  g_clear_pointer (&db->moved.reason_key, g_free);
  g_clear_pointer (&db->moved.reason_args, g_free);
  g_clear_pointer (&db->moved.now, g_free);
}

/**
 * turnout_db_gather_moved:
 * @membership_id: the member's row, as read in this transaction
 * @status: the key of the status moved to, not Wait Listed
 * @success: success reached by the move (or @status is a success)
 * @push: the row's push state is pending: queued by the move, or before
 * @reason: (nullable): as the move was given it
 *
 * SQLite, in a transaction: the member's move gathered, to be written
 * with the lot (see above). Another status, reason or time, or the same
 * membership again, starts a new lot.
 */
gboolean
turnout_db_gather_moved (TurnoutDb   *db,
                         gint64       membership_id,
                         const char  *status,
                         gboolean     success,
                         gboolean     push,
                         const char  *reason,
                         const char  *now,
                         GError     **error)
{
  GArray *ids = db->moved.ids;

  g_assert (db->pg == NULL && db->in_transaction);
  g_assert (!g_str_equal (status, TURNOUT_STATUS_WAIT_LISTED));

  if (ids == NULL)
    ids = db->moved.ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MOVED_BATCH);

  if (ids->len > 0)
    {
      gboolean again = g_strcmp0 (db->moved.status, status) != 0 || db->moved.success != success ||
                       db->moved.push != push || g_strcmp0 (db->moved.reason, reason) != 0 ||
                       g_strcmp0 (db->moved.now, now) != 0;

      for (guint i = 0; i < ids->len && !again; i++)
        again = g_array_index (ids, gint64, i) == membership_id;
      if (again && !flush_moved (db, error))
        return FALSE;
    }

  if (ids->len == 0)
    {
      if (g_strcmp0 (db->moved.status, status) != 0)
        {
          g_free (db->moved.status);
          db->moved.status = g_strdup (status);
        }
      db->moved.success = success;
      db->moved.push = push;
      if (g_strcmp0 (db->moved.reason, reason) != 0 || db->moved.reason_text == NULL)
        {
          g_free (db->moved.reason);
          g_free (db->moved.reason_text);
          g_free (db->moved.reason_key);
          g_free (db->moved.reason_args);
          db->moved.reason = g_strdup (reason);
          turnout_reason_split (reason, &db->moved.reason_text, &db->moved.reason_key,
                                &db->moved.reason_args);
        }
      if (g_strcmp0 (db->moved.now, now) != 0)
        {
          g_free (db->moved.now);
          db->moved.now = g_strdup (now);
        }
    }

  g_array_append_val (ids, membership_id);
  if (ids->len >= MOVED_BATCH)
    return flush_moved (db, error);
  return TRUE;
}

/* Before a statement naming status_history, rule_events, the outbox or
 * the memberships steps, the rows gathered for the tables it names
 * (@tables), the members' moves first. An error writing them is kept,
 * and fails the transaction's commit (see above). Each table's rows are
 * written only before what names that table: a member's history row and
 * push used to go out together whenever either lot was written (the
 * push's statements name the outbox, the history's status_history), so
 * neither lot stayed whole and most rows went one statement each, and
 * removing members (a statement on the outbox each) wrote every history
 * row alone. Nothing reads one of these tables to write another, and
 * their ids are counted per table (Undo's ranges). A lot being written is
 * not written again by its own statements. */
void
turnout_db_before_gathered (TurnoutDb *db,
                            guint      tables)
{
  if ((tables & TURNOUT_GATHERED_MEMBERSHIPS) != 0)
    flush_moved (db, NULL);
  if ((tables & TURNOUT_GATHERED_HISTORY) != 0)
    gathered_flush (db, db->history, NULL);
  if ((tables & TURNOUT_GATHERED_RULE_EVENTS) != 0)
    gathered_flush (db, db->rule_events, NULL);
  if ((tables & TURNOUT_GATHERED_OUTBOX) != 0 && db->push_people != NULL && db->push_people->len > 0 &&
      !db->flushing_pushes)
    turnout_db_flush_pushes (db, NULL);
}

/* A member's row held by the move engine (see its struct in
 * turnout-db-private.h) joins the moves gathered, to be written with
 * them. Like the history's rows, an error writing them is kept and fails
 * the commit, even when it was met preparing a statement whose caller
 * did not look at the error. */
gboolean
turnout_db_flush_held (TurnoutDb  *db,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (G_LIKELY (!db->held.active))
    return TRUE;
  db->held.active = FALSE;
  return turnout_db_gather_moved (db, db->held.membership_id, db->held.status, db->held.success,
                                  db->held.push, db->held.reason, db->held.now, &local_error) ||
         keep_write_error (db, &local_error, error);
}

/* The held row is not written: its move failed, or the transaction is
 * rolled back. */
void
turnout_db_drop_held (TurnoutDb *db)
{
  db->held.active = FALSE;
}

/* One history row of a move: gathered in a transaction on SQLite (see
 * above), else written now. */
gboolean
turnout_db_gather_history (TurnoutDb   *db,
                           gint64       program_id,
                           gint64       person_id,
                           const char  *old_status,
                           const char  *new_status,
                           const char  *reason,
                           const char  *source,
                           const char  *at,
                           const char  *reason_key,
                           const char  *reason_args,
                           GError     **error)
{
  const char *texts[7] = { old_status, new_status, reason, source, at, reason_key, reason_args };
  const gint64 ints[2] = { program_id, person_id };

  g_return_val_if_fail (db->pg == NULL, FALSE);
  return gathered_add (db, &db->history,
                       "INSERT OR FAIL INTO status_history (program_id, person_id, old_status, new_status,"
                       " reason, source, at, reason_key, reason_args) VALUES ",
                       ints, G_N_ELEMENTS (ints), texts, G_N_ELEMENTS (texts), error);
}

/* A trigger rule's event (a notification, a loop stopped): on SQLite
 * gathered like the history's rows (a rule that notifies on every change
 * wrote a statement per member), on a team database written now. */
gboolean
turnout_db_add_rule_event (TurnoutDb   *db,
                           gint64       program_id,
                           gint64       person_id,
                           gint64       rule_id,
                           const char  *kind,
                           const char  *message,
                           const char  *created_at,
                           GError     **error)
{
#define RULE_EVENT_INSERT \
  "INSERT OR FAIL INTO rule_events (program_id, person_id, rule_id, kind, message, created_at) VALUES "
  const char *texts[3] = { kind, message, created_at };
  const gint64 ints[3] = { program_id, person_id, rule_id };
  TurnoutStmt *stmt;

  if (db->pg == NULL)
    return gathered_add (db, &db->rule_events, RULE_EVENT_INSERT,
                         ints, G_N_ELEMENTS (ints), texts, G_N_ELEMENTS (texts), error);

  stmt = turnout_db_prepare (db, RULE_EVENT_INSERT "(?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (ints); k++)
    turnout_stmt_bind_int64 (stmt, (int) k + 1, ints[k]);
  /* Not copied: they outlive the step, and turnout_db_prepare () clears
   * the bindings before the statement is used again. */
  for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
    turnout_stmt_bind_text (stmt, (int) (G_N_ELEMENTS (ints) + k) + 1, texts[k], -1, SQLITE_STATIC);
  return turnout_db_step_done (db, stmt, error);
#undef RULE_EVENT_INSERT
}

gboolean
turnout_db_exec (TurnoutDb   *db,
                 const char  *sql,
                 GError     **error)
{
  int rc;

  if (!turnout_db_flush_held (db, error) || !flush_moved (db, error) ||
      !turnout_db_flush_history (db, error) || !turnout_db_flush_pushes (db, error))
    return FALSE;
  rc = db->pg != NULL ? turnout_pg_exec (db->pg, sql) : sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);

  return TRUE;
}

/* Defines an SQL function of the store's own on the connection, the first
 * time it is asked for (defining it again would expire every cached
 * statement). It may be called only from the application's own
 * statements, never from the schema: a trigger or view in a file someone
 * hands us cannot reach it.
 */
gboolean
turnout_db_define_function (TurnoutDb           *db,
                            const char          *name,
                            int                  n_args,
                            TurnoutDbFunction    func,
                            GError             **error)
{
  int rc;

  if (g_hash_table_contains (db->functions, name))
    return TRUE;
  g_return_val_if_fail (db->pg == NULL, FALSE);  /* callers take another way there */

  rc = sqlite3_create_function_v2 (db->handle, name, n_args, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                   NULL, func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  g_hash_table_add (db->functions, g_strdup (name));
  return TRUE;
}

/* Steps a statement that returns no rows, and resets it for the next use. */
gboolean
turnout_db_step_done (TurnoutDb     *db,
                      TurnoutStmt  *stmt,
                      GError       **error)
{
  int rc = turnout_stmt_step (stmt);

  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* Recording changes for Undo.
 *
 * A change is one transaction. Its history rows and outbox rows are the
 * ones it added, so they are known by where they start and end (one
 * writer at a time: BEGIN IMMEDIATE). Each membership it changed or
 * removed is kept in change_members as it was, the first time the engine
 * touches it (turnout_db_keep_before ()), its rows a range of rowids
 * like the history's; a membership it created has no
 * row there, and its Undo removes it. Only the last UNDO_KEPT changes
 * keep their rows: Undo is for a short while, not a second history.
 */
#define UNDO_KEPT 20

void
turnout_db_set_recording (TurnoutDb *db,
                          gboolean   recording)
{
  g_return_if_fail (!db->in_transaction);
  db->recording = !!recording;
  if (recording)
    db->last_change = 0;
}

gint64
turnout_db_get_last_change (TurnoutDb *db)
{
  return db->last_change;
}

gint64
turnout_db_take_last_change (TurnoutDb *db)
{
  gint64 change = db->last_change;

  db->last_change = 0;
  return change;
}

static gboolean
query_int64 (TurnoutDb   *db,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = turnout_stmt_step (stmt);
  *value = rc == SQLITE_ROW ? turnout_stmt_column_int64 (stmt, 0) : 0;
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

static gboolean
start_change (TurnoutDb  *db,
              GError    **error)
{
  gint64 last_id;

  if (!query_int64 (db, "SELECT coalesce(max(id), 0) FROM changes", &last_id, error) ||
      !query_int64 (db, "SELECT coalesce(max(id), 0) + 1 FROM status_history", &db->change_first_history, error) ||
      !query_int64 (db, "SELECT coalesce(max(id), 0) + 1 FROM outbox", &db->change_first_outbox, error) ||
      !query_int64 (db, "SELECT coalesce(max(rowid), 0) + 1 FROM change_members", &db->change_first_member, error))
    return FALSE;
  db->change_id = last_id + 1;
  return TRUE;
}

/* At the commit: a change that moved somebody is kept, with its program
 * (the first row's) and where its rows end; older changes let go of their
 * rows. A transaction that moved nobody leaves nothing. */
static gboolean
finish_change (TurnoutDb  *db,
               GError    **error)
{
  g_autofree char *now = NULL;
  TurnoutStmt *stmt;
  gint64 last_history, last_outbox, last_member;

  if (!query_int64 (db, "SELECT coalesce(max(id), 0) FROM status_history", &last_history, error) ||
      !query_int64 (db, "SELECT coalesce(max(id), 0) FROM outbox", &last_outbox, error) ||
      !query_int64 (db, "SELECT coalesce(max(rowid), 0) FROM change_members", &last_member, error))
    return FALSE;

  if (last_history < db->change_first_history)
    {
      stmt = turnout_db_prepare (db, "DELETE FROM change_members WHERE rowid >= ?1", error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, db->change_first_member);
      db->change_id = 0;
      return turnout_db_step_done (db, stmt, error);
    }

  now = turnout_now_iso8601 ();
  stmt = turnout_db_prepare (db,
                             "INSERT INTO changes (id, program_id, made_at, first_history, last_history,"
                             " first_outbox, last_outbox, first_member, last_member)"
                             " SELECT ?1, program_id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM status_history WHERE id = ?3",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, db->change_id);
  turnout_stmt_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_int64 (stmt, 3, db->change_first_history);
  turnout_stmt_bind_int64 (stmt, 4, last_history);
  turnout_stmt_bind_int64 (stmt, 5, db->change_first_outbox);
  turnout_stmt_bind_int64 (stmt, 6, last_outbox);
  turnout_stmt_bind_int64 (stmt, 7, db->change_first_member);
  turnout_stmt_bind_int64 (stmt, 8, last_member);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;

  /* The rows of changes older than the last UNDO_KEPT go, by rowid. */
  stmt = turnout_db_prepare (db,
                             "DELETE FROM change_members WHERE rowid <="
                             " (SELECT coalesce(max(last_member), 0) FROM changes WHERE id <= ?1 AND kept)",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, db->change_id - UNDO_KEPT);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;
  stmt = turnout_db_prepare (db, "UPDATE changes SET kept = FALSE WHERE kept AND id <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, db->change_id - UNDO_KEPT);
  return turnout_db_step_done (db, stmt, error);
}

gboolean
turnout_db_keep_before (TurnoutDb  *db,
                        gint64      membership_id,
                        GError    **error)
{
  TurnoutStmt *stmt;

  /* A member moved twice in a row (a rule moving them on) is kept once:
   * Undo takes the first copy of each, the one from before the change,
   * and copying the row again would write a row held since the first
   * move first (turnout-moves.c, "Held rows"). Moved twice with others
   * moved in between, they are kept twice, to the same effect. */
  if (db->change_id == 0 || membership_id == db->last_kept)
    return TRUE;
  db->last_kept = membership_id;

  stmt = turnout_db_prepare_batched (db, "INSERT INTO change_members SELECT ?1, * FROM memberships WHERE id = ?2",
                                     "INSERT INTO change_members SELECT v.change_id, m.*"
                                     " FROM unnest (CAST (?1 AS bigint[]), CAST (?2 AS bigint[]))"
                                     "   WITH ORDINALITY AS v (change_id, id, n)"
                                     " JOIN memberships m ON m.id = v.id ORDER BY v.n",
                                     NULL, 0, 2, error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, db->change_id);
  turnout_stmt_bind_int64 (stmt, 2, membership_id);
  return turnout_db_step_gathered (db, stmt, FALSE, NULL, error);
}

gboolean
turnout_db_begin (TurnoutDb  *db,
                  GError    **error)
{
  g_assert (!db->in_transaction);

  /* On PostgreSQL, BEGIN: what each operation locks, it locks itself
   * (the program's row for its seats, the outbox's rows it claims). */
  if (!turnout_db_exec (db, db->pg != NULL ? "BEGIN" : "BEGIN IMMEDIATE", error))
    return FALSE;

  db->in_transaction = TRUE;
  turnout_db_forget_rules (db);
  db->seats_program = 0;
  db->last_move.program_id = 0;
  db->last_kept = 0;
  db->change_id = 0;
  if (db->recording && !db->dry_run && !start_change (db, error))
    {
      turnout_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* The foreign keys checked again after a transaction begun without. */
static void
check_keys_again (TurnoutDb *db)
{
  if (!db->keys_unchecked)
    return;
  db->keys_unchecked = FALSE;
  sqlite3_exec (db->handle, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

/* From this many members on, a change's transaction does without checking
 * foreign keys: switching them off and on again makes SQLite prepare each
 * statement again (a few milliseconds), which a change of one member
 * would feel. */
#define BULK_MEMBERS 256

/**
 * turnout_db_begin_bulk:
 * @n_members: how many members the transaction changes, or %G_MAXUINT when
 *   many and not known yet
 *
 * turnout_db_begin () for a change of many members. On SQLite, from
 * BULK_MEMBERS on, without foreign key checks, which only a transaction's
 * start can switch off and turnout_db_commit () and turnout_db_rollback ()
 * switch on again. Every row such a change writes names the program it
 * read and people whose memberships it read or people it inserted, in
 * this transaction, which holds the database's write lock from its start
 * (BEGIN IMMEDIATE): no key it writes can be missing. Each history,
 * outbox or rule event row checked its program and person (two B-tree
 * searches), and a statement writing many of them with a checked key kept
 * a statement journal: a copy of every page it touched, to undo itself
 * alone. At 100k members, a change took 8-15% less time without. (A team
 * database's server always checks them.)
 */
gboolean
turnout_db_begin_bulk (TurnoutDb  *db,
                       guint       n_members,
                       GError    **error)
{
  g_assert (!db->in_transaction);

  if (db->pg == NULL && n_members >= BULK_MEMBERS)
    {
      if (!turnout_db_exec (db, "PRAGMA foreign_keys = OFF", error))
        return FALSE;
      db->keys_unchecked = TRUE;
    }
  if (!turnout_db_begin (db, error))
    {
      check_keys_again (db);
      return FALSE;
    }
  return TRUE;
}

void
turnout_db_set_dry_run (TurnoutDb *db,
                        gboolean   dry_run)
{
  g_return_if_fail (!db->in_transaction);
  db->dry_run = !!dry_run;
}

gboolean
turnout_db_get_dry_run (TurnoutDb *db)
{
  return db->dry_run;
}

gboolean
turnout_db_commit (TurnoutDb  *db,
                   GError    **error)
{
  g_assert (db->in_transaction);

  /* What was done is counted; none of it is kept. */
  if (db->dry_run)
    {
      turnout_db_rollback (db);
      return TRUE;
    }

  if (!flush_moved (db, error) || !turnout_db_flush_history (db, error) ||
      !turnout_db_flush_pushes (db, error))
    {
      turnout_db_rollback (db);
      return FALSE;
    }
  if (db->history_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&db->history_error));
      turnout_db_rollback (db);
      return FALSE;
    }
  if (db->change_id != 0 && !finish_change (db, error))
    {
      turnout_db_rollback (db);
      return FALSE;
    }

  if (!turnout_db_exec (db, "COMMIT", error))
    {
      turnout_db_rollback (db);
      return FALSE;
    }

  db->in_transaction = FALSE;
  check_keys_again (db);
  turnout_db_forget_rules (db);
  db->seats_program = 0;
  db->last_change = db->change_id;
  db->change_id = 0;
  return TRUE;
}

void
turnout_db_rollback (TurnoutDb *db)
{
  if (!db->in_transaction)
    return;

  /* A failed COMMIT (SQLITE_FULL) may already have rolled back. */
  if (db->pg != NULL)
    {
      if (turnout_pg_in_transaction (db->pg))
        turnout_pg_exec (db->pg, "ROLLBACK");
    }
  else if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);

  turnout_db_drop_held (db);
  drop_moved (db);
  gathered_drop (db->history);
  gathered_drop (db->rule_events);
  if (db->push_people != NULL)
    g_array_set_size (db->push_people, 0);
  g_clear_error (&db->history_error);
  db->in_transaction = FALSE;
  check_keys_again (db);
  turnout_db_forget_rules (db);
  db->seats_program = 0;
  db->change_id = 0;
}

char *
turnout_db_column_dup (TurnoutStmt *stmt,
                       int           column)
{
  const unsigned char *text;

  if (turnout_stmt_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  text = turnout_stmt_column_text (stmt, column);
  return g_strdup ((const char *) text);
}

void
turnout_db_bind_text (TurnoutStmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    turnout_stmt_bind_null (stmt, index);
  else
    turnout_stmt_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}


/* Moves a damaged database and its journal files aside, never over anything. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  static const char *const suffixes[] = { "-wal", "-shm" };

  for (guint n = 1; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  if (g_rename (path, target) != 0)
    {
      int saved = errno;
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                   _("The database file %s is damaged and could not be moved aside: %s"),
                   path, g_strerror (saved));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  return g_steal_pointer (&target);
}

/* The schema version in PRAGMA user_version, read on a connection of
 * its own before a TurnoutDb wraps it. */
int
turnout_db_read_user_version (sqlite3 *handle,
                              int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

void
turnout_db_set_too_new_error (const char  *path,
                              int          version,
                              GError     **error)
{
  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_TOO_NEW,
               _("The database %s was written by a newer version of Turnout "
                 "(schema %d; this version knows up to %d). "
                 "Update Turnout to open it; nothing was changed."),
               path, version, TURNOUT_DB_SCHEMA_VERSION);
}

/* A team database at an older schema, opened by a role that may not
 * change its tables: only their owner can bring it up to date. */
void
turnout_db_set_needs_owner_error (const char  *name,
                                  int          version,
                                  GError     **error)
{
  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
               _("The team database %s was made by an earlier version of Turnout (schema %d; this "
                 "version needs %d), and only the role that owns its tables may update it. "
                 "Open it once as that role; nothing was changed."),
               name, version, TURNOUT_DB_SCHEMA_VERSION);
}

static sqlite3 *
open_handle (const char  *path,
             int         *version,
             int         *rc_out)
{
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (handle, TRUE);
      sqlite3_busy_timeout (handle, 5000);
      rc = turnout_db_read_user_version (handle, version);
    }

  *rc_out = rc;
  return handle;
}

/* After every commit, with the WAL's size in pages. */
static int
on_wal_commit (void       *data,
               sqlite3    *handle,
               const char *schema,
               int         n_pages)
{
  TurnoutDb *db = data;

  if (n_pages >= CHECKPOINT_PAGES)
    turnout_checkpointer_request (db->checkpointer);
  return SQLITE_OK;
}

/* Whether PATH is a URI with a scheme of its own (postgresql://...). */
static gboolean
has_uri_scheme (const char *path)
{
  const char *p = path;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return g_str_has_prefix (p, "://");
}

/* Whether a file: URI names an in-memory database, as SQLite reads it:
 * "file::memory:" or a mode=memory parameter, percent escapes and all. */
static gboolean
is_memory_uri (const char *uri)
{
  g_autofree char *unescaped = NULL;
  g_auto(GStrv) params = NULL;
  const char *rest;
  const char *query;

  if (g_ascii_strncasecmp (uri, "file:", 5) != 0)
    return FALSE;

  unescaped = g_uri_unescape_string (uri + 5, NULL);
  rest = unescaped ? unescaped : uri + 5;
  if (g_str_has_prefix (rest, ":memory:") && strchr ("?#", rest[8]) != NULL)
    return TRUE;

  query = strchr (rest, '?');
  if (query == NULL)
    return FALSE;
  params = g_strsplit_set (query + 1, "&#", -1);
  for (guint i = 0; params[i] != NULL; i++)
    if (g_str_equal (params[i], "mode=memory"))
      return TRUE;
  return FALSE;
}

/* Which locations Turnout opens, in one place. "" and ":memory:" are
 * SQLite's temporary and in-memory databases, and a file: URI can name
 * one too: every change made there would be gone when Turnout quits,
 * after it said it was saved. Other URIs name no database Turnout can
 * open yet, and would otherwise become folders and a file. */
static gboolean
check_location (const char  *path,
                GError     **error)
{
  if (path[0] == '\0')
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                           _("No database file was given: the path is empty"));
      return FALSE;
    }

  if (g_str_equal (path, ":memory:") || is_memory_uri (path))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("“%s” is a database in memory: everything written to it would be lost. "
                     "Give the path of a database file."), path);
      return FALSE;
    }

  if (g_ascii_strncasecmp (path, "file:", 5) == 0 || has_uri_scheme (path))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("“%s” is a URI; Turnout opens a database file by its path, "
                     "or a team database by a postgresql:// URI."), path);
      return FALSE;
    }

  return TRUE;
}

typedef enum
{
  FILE_ABSENT,
  FILE_EMPTY,
  FILE_SQLITE,
} FileKind;

/* What is at PATH: nothing, an empty file (a new database may start in
 * it) or an SQLite file, by the 16 bytes every SQLite file starts with.
 * Anything else (a CSV, a PDF, a folder, a FIFO) is somebody's file, not
 * a damaged database: it is refused, never moved aside or written to. */
static gboolean
check_file (const char  *path,
            FileKind    *kind,
            GError     **error)
{
  static const char header[16] = "SQLite format 3";
  char head[sizeof header];
  struct stat buf = { 0 };
  gboolean regular;
  gsize n = 0;
  int fd;

  G_STATIC_ASSERT (sizeof header == 16);

  /* Not blocking on a FIFO nor taking a terminal. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        {
          *kind = FILE_ABSENT;
          return TRUE;
        }
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  regular = fstat (fd, &buf) == 0 && S_ISREG (buf.st_mode);
  if (!regular && S_ISDIR (buf.st_mode))
    {
      close (fd);
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (EISDIR));
      return FALSE;
    }
  if (regular && buf.st_size == 0)
    {
      close (fd);
      *kind = FILE_EMPTY;
      return TRUE;
    }

  while (regular && n < sizeof head)
    {
      gssize got = read (fd, head + n, sizeof head - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      n += got;
    }
  close (fd);

  if (!regular || n != sizeof head || memcmp (head, header, sizeof header) != 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("%s is not a Turnout database; nothing was changed"), path);
      return FALSE;
    }

  *kind = FILE_SQLITE;
  return TRUE;
}

/* People's data is its owner's only. SQLite would make a new database
 * 0644; made here first, 0600, it gives its -wal and -shm files the same
 * mode. Another process making it first is fine. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        return TRUE;
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* Exactly 0600, whatever the umask took off. */
  fchmod (fd, 0600);
  close (fd);
  return TRUE;
}

/* Switching a new file to WAL needs it alone, and while another process
 * opens the same new file SQLite answers busy at once, without waiting in
 * its busy handler: retried here for as long as the busy timeout. */
static gboolean
set_wal (TurnoutDb  *db,
         GError    **error)
{
  gint64 deadline = g_get_monotonic_time () + 5000 * G_TIME_SPAN_MILLISECOND;
  int rc;

  while ((rc = sqlite3_exec (db->handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK &&
         (rc & 0xff) == SQLITE_BUSY && g_get_monotonic_time () < deadline)
    g_usleep (g_random_int_range (2, 20) * G_TIME_SPAN_MILLISECOND);

  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

static TurnoutDb *
db_new (const char *path)
{
  TurnoutDb *db = g_new0 (TurnoutDb, 1);

  db->path = g_strdup (path);
  /* Keyed by the SQL literal's address (the key was never copied, so SQL is
   * always a static string): hashing the text of every statement on every
   * call was a fifth of a 100k-attendee refresh. */
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) turnout_stmt_free);
  db->rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  db->last_move.email = g_string_new (NULL);
  db->functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  db->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) turnout_channel_unref);
  return db;
}

/* A team database: the server's connection; its schema is read (and
 * made) by turnout_db_migrate (). */
static TurnoutDb *
connect_pg (const char  *uri,
            const char  *password,
            GError     **error)
{
  g_autofree char *why = NULL;
  TurnoutPg *pg = turnout_pg_connect (uri, password, &why);
  TurnoutDb *db;

  if (pg == NULL)
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN, why);
      return NULL;
    }
  db = db_new (uri);
  db->pg = pg;
  return db;
}

/**
 * turnout_db_connect:
 *
 * The connection alone: the file checked, made or moved aside when
 * damaged, and set up, but its schema not brought up to date and its move
 * engine given no effects; turnout_db_open() does both.
 */
TurnoutDb *
turnout_db_connect (const char  *path,
                    const char  *password,
                    GError     **error)
{
  g_autofree char *default_path = turnout_db_default_path ();
  g_autofree char *dir = NULL;
  g_autofree char *moved_aside = NULL;
  TurnoutDb *db;
  sqlite3 *handle;
  FileKind kind;
  gboolean made_dir;
  int version = 0;
  int rc;

  if (path == NULL)
    path = default_path;

  if (turnout_pg_is_uri (path))
    return connect_pg (path, password, error);

  if (!check_location (path, error))
    return NULL;

  dir = g_path_get_dirname (path);
  made_dir = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  /* The data folder is its owner's only, whoever made it; so is a folder
   * made here for a database. A folder the user chose keeps its mode. */
  if ((made_dir || g_str_equal (path, default_path)) && g_chmod (dir, 0700) != 0)
    g_message ("Cannot make the folder %s private: %s", dir, g_strerror (errno));

  if (!check_file (path, &kind, error))
    return NULL;
  if (kind == FILE_ABSENT && !create_private (path, error))
    return NULL;

  handle = open_handle (path, &version, &rc);

  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    {
      sqlite3_close_v2 (handle);

      /* Only a file that is SQLite's by its header, damaged after it, is
       * moved aside: checked again, as it may have been replaced since. */
      if (!check_file (path, &kind, error))
        return NULL;
      if (kind != FILE_SQLITE)
        {
          g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                       _("%s is not a Turnout database; nothing was changed"), path);
          return NULL;
        }

      /* Never overwrite a damaged file: it may still be salvaged. */
      moved_aside = move_aside (path, error);
      if (moved_aside == NULL || !create_private (path, error))
        return NULL;
      g_message ("Damaged database moved aside to %s", moved_aside);
      handle = open_handle (path, &version, &rc);
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"),
                   path, handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      sqlite3_close_v2 (handle);
      return NULL;
    }

  if (version > TURNOUT_DB_SCHEMA_VERSION)
    {
      turnout_db_set_too_new_error (path, version, error);
      sqlite3_close_v2 (handle);
      return NULL;
    }

  db = db_new (path);
  db->handle = handle;
  db->moved_aside = g_steal_pointer (&moved_aside);
  db->schema_version = version;

  /* Checkpoints run on a thread of their own, not inside the commit that
   * crosses the threshold (this hook replaces SQLite's automatic one). */
  db->checkpointer = turnout_checkpointer_new (path);
  sqlite3_wal_hook (handle, on_wal_commit, db);

  /* A new database gets 16 KiB pages (an existing one keeps its own: the
   * setting does nothing once the file has tables). Members, people and
   * history rows are many and small: bigger pages mean fewer page splits
   * and WAL frames, about a tenth off a large import, and shallower trees
   * to read a large program from. Deleted and overwritten content is
   * zeroed (secure_delete, Debian's default, not every build's), so what
   * Forget Person erases leaves no copy in free space (turnout-forget.c). */
  if (!turnout_db_exec (db, "PRAGMA page_size = 16384", error) ||
      !set_wal (db, error) ||
      !turnout_db_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !turnout_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !turnout_db_exec (db, "PRAGMA secure_delete = ON", error))
    {
      turnout_db_close (db);
      return NULL;
    }

  return db;
}

void
turnout_db_close (TurnoutDb *db)
{
  if (db == NULL)
    return;

  turnout_db_rollback (db);
  g_clear_pointer (&db->statements, g_hash_table_unref);
  g_clear_pointer (&db->channels, g_hash_table_unref);
  g_clear_pointer (&db->rules, g_hash_table_unref);
  if (db->last_move.email != NULL)
    g_string_free (g_steal_pointer (&db->last_move.email), TRUE);
  g_clear_pointer (&db->functions, g_hash_table_unref);
  g_clear_pointer (&db->history, gathered_free);
  g_clear_pointer (&db->rule_events, gathered_free);
  g_clear_pointer (&db->push_people, g_array_unref);
  g_clear_pointer (&db->push_now, g_free);
  free_moved (db);
  g_clear_error (&db->history_error);
  g_clear_object (&db->bulk_cancellable);
  /* A checkpoint under way finishes first; closing the last connection
   * then checkpoints the rest. */
  g_clear_pointer (&db->checkpointer, turnout_checkpointer_free);
  sqlite3_close_v2 (db->handle);
  turnout_pg_close (db->pg);
  g_free (db->path);
  g_free (db->moved_aside);
  g_free (db);
}

/* Waits for the background checkpoint asked for by the last commits, if
 * any; returns how many have run on this connection's behalf. */
guint
turnout_db_wait_checkpoint (TurnoutDb *db)
{
  if (db->checkpointer == NULL)
    return 0;  /* the server checkpoints its own */
  return turnout_checkpointer_wait (db->checkpointer);
}

gboolean
turnout_db_is_team_location (const char *path)
{
  return turnout_pg_is_uri (path);
}

gboolean
turnout_db_read_team_location (const char  *uri,
                               gboolean    *has_password,
                               char       **why)
{
  return turnout_pg_read_uri (uri, has_password, why);
}

char *
turnout_db_describe_location (const char *path)
{
  if (path != NULL && turnout_pg_is_uri (path))
    return turnout_pg_describe (path);
  return g_strdup (path);
}

const char *
turnout_db_get_path (TurnoutDb *db)
{
  return db->path;
}

/* Non-NULL when opening found a damaged file and moved it here. */
const char *
turnout_db_get_moved_aside (TurnoutDb *db)
{
  return db->moved_aside;
}

int
turnout_db_get_schema_version (TurnoutDb *db)
{
  return db->schema_version;
}

TurnoutChannel *
turnout_db_get_channel (TurnoutDb  *db,
                        const char *key)
{
  TurnoutChannel *channel = g_hash_table_lookup (db->channels, key);
  TurnoutStmt *stmt;

  if (channel != NULL)
    return turnout_channel_ref (channel);

  stmt = turnout_db_prepare (db,
                             "SELECT c.name, s.key, s.name, s.step, s.success, s.holds_seat"
                             " FROM channels c JOIN channel_statuses s ON s.channel_id = c.id"
                             " WHERE c.key = ?1 ORDER BY s.position",
                             NULL);
  if (stmt == NULL)
    return NULL;

  turnout_stmt_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  while (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      if (channel == NULL)
        channel = turnout_channel_new (key, (const char *) turnout_stmt_column_text (stmt, 0));
      turnout_channel_add_status (channel,
                                  (const char *) turnout_stmt_column_text (stmt, 1),
                                  (const char *) turnout_stmt_column_text (stmt, 2),
                                  turnout_stmt_column_int (stmt, 3),
                                  turnout_stmt_column_int (stmt, 4),
                                  turnout_stmt_column_int (stmt, 5));
    }
  turnout_stmt_reset (stmt);

  if (channel == NULL)
    return NULL;

  g_hash_table_insert (db->channels, g_strdup (key), channel);
  return turnout_channel_ref (channel);
}

/* Checks of input, before anything is written */

gboolean
turnout_db_check_text (const char        *text,
                       TurnoutTextField   field,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (turnout_text_check (text, field, &local_error))
    return TRUE;
  /* Callers tell bad input by the store's own code. */
  g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID, local_error->message);
  return FALSE;
}

/* Settings */

char *
turnout_db_get_setting (TurnoutDb   *db,
                        const char  *key,
                        GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, "SELECT value FROM settings WHERE key = ?1", error);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    value = turnout_db_column_dup (stmt, 0);
  turnout_stmt_reset (stmt);
  return value;
}

gboolean
turnout_db_set_setting (TurnoutDb   *db,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  TurnoutStmt *stmt;

  if (value == NULL)
    stmt = turnout_db_prepare (db, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = turnout_db_prepare (db,
                               "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                               " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    turnout_stmt_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

guint
turnout_db_count_outbox (TurnoutDb   *db,
                         gint64       program_id,
                         const char  *state,
                         GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "SELECT count(*) FROM outbox WHERE (?1 = 0 OR program_id = ?1)"
                                           " AND (CAST (?2 AS TEXT) IS NULL OR state = ?2)",
                                           error);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, state);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    n = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  return n;
}

/* One of the integrity check's invariants: @sql counts the rows that
 * break it; when any do, *@problem says how many and @what. FALSE then,
 * or when the count fails (@error). */
static gboolean
count_problems (TurnoutDb   *db,
                const char  *sql,
                const char  *what,
                char       **problem,
                GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);
  int n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    n = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW)
    return turnout_db_set_error (db, rc, error);
  if (n > 0)
    {
      *problem = g_strdup_printf ("%d %s", n, what);
      return FALSE;
    }
  return TRUE;
}

/**
 * turnout_db_check_integrity:
 * @problem: (out): what is wrong, when the answer is %FALSE
 *
 * SQLite's own integrity check, plus the project's invariants: each
 * member's current status is the new status of their last history row, and
 * each pending push has its outbox entry.
 */
gboolean
turnout_db_check_integrity (TurnoutDb   *db,
                            char       **problem,
                            GError     **error)
{
  TurnoutStmt *stmt;
  g_autofree char *answer = NULL;

  *problem = NULL;

  /* (A server checks its own storage: only the invariants there.) */
  stmt = turnout_db_prepare (db, db->pg != NULL ? "SELECT 'ok'" : "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    answer = turnout_db_column_dup (stmt, 0);
  turnout_stmt_reset (stmt);

  if (g_strcmp0 (answer, "ok") != 0)
    {
      *problem = g_strdup_printf ("integrity_check: %s", answer ? answer : "no answer");
      return FALSE;
    }

  /* A team database's memberships have no foreign keys (its schema 11):
   * that each names a program and a person that are there is checked
   * here. */
  if (db->pg != NULL &&
      !count_problems (db,
                       "SELECT count(*) FROM memberships m"
                       " WHERE NOT EXISTS (SELECT 1 FROM programs p WHERE p.id = m.program_id)"
                       " OR NOT EXISTS (SELECT 1 FROM people pe WHERE pe.id = m.person_id)",
                       "memberships name a program or person that is not there", problem, error))
    return FALSE;

  if (!count_problems (db,
                       "SELECT count(*) FROM memberships m WHERE m.status IS DISTINCT FROM"
                       " (SELECT h.new_status FROM status_history h"
                       "  WHERE h.program_id = m.program_id AND h.person_id = m.person_id"
                       "  ORDER BY h.id DESC LIMIT 1)",
                       "memberships disagree with their history", problem, error))
    return FALSE;

  /* A push marked pending is never without the outbox entry that sends it. */
  if (!count_problems (db,
                       "SELECT count(*) FROM memberships m WHERE m.push_state = 'pending'"
                       " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.program_id = m.program_id"
                       "  AND o.person_id = m.person_id AND o.state = 'pending')",
                       "pending pushes have no outbox entry", problem, error))
    return FALSE;

  return TRUE;
}
