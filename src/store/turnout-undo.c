/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-undo.c: taking back a change made a moment ago.
 *
 * Statuses only move forward; Undo is the one sanctioned step back, for a
 * change recorded while turnout_db_set_recording () was on (the window's
 * changes). It returns every member the change moved to the membership
 * they had before it, row for row from change_members (reason, dates,
 * wait list place, push state), in one transaction, set-based so that it
 * costs about what the change did. The history keeps both: the change's
 * rows stay, and each member gets a row of its own with source "undo".
 *
 * A member moved again since (a later history row, or a status that is
 * no longer what the change left) is left alone and counted. An ON24
 * registration the change queued and that was not sent yet is withdrawn;
 * one ON24 already confirmed stays registered there, and is counted so
 * the window can say so.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-undo.h"

/* The members a change moved, as they were before and after it, and the
 * first copy of each membership the change kept. (WITHOUT ROWID is
 * SQLite's; a team database's tables are all keyed alike.) */
#define UNDO_TABLES(without_rowid) \
  "CREATE TEMP TABLE IF NOT EXISTS undo_people (" \
  "  program_id BIGINT NOT NULL, person_id BIGINT NOT NULL," \
  "  first_id BIGINT NOT NULL, last_id BIGINT NOT NULL," \
  "  before TEXT, after TEXT," \
  "  PRIMARY KEY (program_id, person_id))" without_rowid ";" \
  "CREATE TEMP TABLE IF NOT EXISTS undo_images (" \
  "  program_id BIGINT NOT NULL, person_id BIGINT NOT NULL, image BIGINT NOT NULL," \
  "  PRIMARY KEY (program_id, person_id))" without_rowid

/* memberships' columns by name, for copying a kept row back. */
static char *
membership_columns (TurnoutDb  *db,
                    GError    **error)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                          turnout_db_is_postgres (db)
                                          ? "SELECT column_name FROM information_schema.columns"
                                            " WHERE table_schema = current_schema () AND table_name = 'memberships'"
                                            " ORDER BY ordinal_position"
                                          : "SELECT name FROM pragma_table_info('memberships')",
                                          error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (columns, "%s\"%s\"", columns->len ? ", " : "",
                            (const char *) turnout_stmt_column_text (stmt, 0));
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&columns), FALSE);
}

/* Runs @sql with ?1..?n bound to @values; the rows it changed in @changes. */
static gboolean
run (TurnoutDb     *db,
     const char    *sql,
     const gint64  *values,
     guint          n_values,
     const char    *now,
     guint         *changes,
     GError       **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_values; i++)
    turnout_stmt_bind_int64 (stmt, (int) i + 1, values[i]);
  if (now != NULL)
    turnout_stmt_bind_text (stmt, (int) n_values + 1, now, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;
  if (changes != NULL)
    *changes = (guint) turnout_db_changes (db);
  return TRUE;
}

static gboolean
undo_in_transaction (TurnoutDb          *db,
                     gint64              change_id,
                     TurnoutUndoSummary *summary,
                     GError            **error)
{
  g_autofree char *now = turnout_now_iso8601 ();
  g_autofree char *columns = NULL;
  g_autofree char *restore = NULL;
  TurnoutStmt *stmt;
  gint64 range[7];   /* change, first and last history row, outbox row, change_members row */
  guint moved = 0;
  gboolean undone, kept;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT first_history, last_history, first_outbox, last_outbox,"
                             " first_member, last_member, undone_at IS NOT NULL, kept FROM changes WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, change_id);
  rc = turnout_stmt_step (stmt);
  if (rc != SQLITE_ROW)
    {
      turnout_stmt_reset (stmt);
      if (rc != SQLITE_DONE)
        return turnout_db_set_error (db, rc, error);
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                           _("There is no such change to undo; nothing was changed"));
      return FALSE;
    }
  range[0] = change_id;
  for (guint i = 0; i < 6; i++)
    range[i + 1] = turnout_stmt_column_int64 (stmt, (int) i);
  undone = turnout_stmt_column_int (stmt, 6);
  kept = turnout_stmt_column_int (stmt, 7);
  turnout_stmt_reset (stmt);

  if (undone)
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                           _("This change was undone already; nothing was changed"));
      return FALSE;
    }
  if (!kept)
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                           _("This change is too old to undo; nothing was changed"));
      return FALSE;
    }

  /* Who the change moved, from their first row in it to their last. */
  if (!turnout_db_exec (db, turnout_db_is_postgres (db) ? UNDO_TABLES ("") : UNDO_TABLES (" WITHOUT ROWID"), error) ||
      !turnout_db_exec (db, "DELETE FROM undo_people; DELETE FROM undo_images", error) ||
      !run (db,
            "INSERT OR FAIL INTO undo_images SELECT program_id, person_id, min(rowid) FROM change_members"
            " WHERE rowid BETWEEN ?6 AND ?7 GROUP BY program_id, person_id",
            range, 7, NULL, NULL, error) ||
      !run (db,
            "INSERT OR FAIL INTO undo_people (program_id, person_id, first_id, last_id)"
            " SELECT program_id, person_id, min(id), max(id) FROM status_history"
            " WHERE id BETWEEN ?2 AND ?3 GROUP BY program_id, person_id",
            range, 3, NULL, &moved, error) ||
      /* The window's progress: how many members, then the commit. */
      !turnout_db_bulk_step (db, 0, moved, error) ||
      !run (db,
            "UPDATE OR FAIL undo_people SET"
            " before = (SELECT old_status FROM status_history WHERE id = first_id),"
            " after = (SELECT new_status FROM status_history WHERE id = last_id)",
            NULL, 0, NULL, NULL, error))
    return FALSE;

  /* Moved again since, by anyone: theirs is the newer word. And nobody is
   * taken out whose row from before was not kept. Being forgotten is no
   * move (the copies kept for Undo were erased with the rest). */
  if (!run (db,
            "DELETE FROM undo_people WHERE"
            " EXISTS (SELECT 1 FROM status_history s WHERE s.program_id = undo_people.program_id"
            "         AND s.person_id = undo_people.person_id AND s.id > ?3 AND s.source != 'forget')"
            " OR coalesce ((SELECT status FROM memberships m WHERE m.program_id = undo_people.program_id"
            "               AND m.person_id = undo_people.person_id), '" TURNOUT_STATUS_NOT_IN_PROGRAM "')"
            "    != after"
            " OR (before != '" TURNOUT_STATUS_NOT_IN_PROGRAM "' AND NOT EXISTS"
            "     (SELECT 1 FROM undo_images i"
            "      WHERE i.program_id = undo_people.program_id AND i.person_id = undo_people.person_id))",
            range, 3, NULL, &summary->changed_since, error))
    return FALSE;

  /* ON24: what was queued and not sent is withdrawn; what ON24
   * confirmed stays registered there. */
  stmt = turnout_db_prepare (db,
                             "SELECT count(*) FROM outbox WHERE id BETWEEN ?1 AND ?2 AND state = 'done'"
                             " AND (program_id, person_id) IN (SELECT program_id, person_id FROM undo_people)",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, range[3]);
  turnout_stmt_bind_int64 (stmt, 2, range[4]);
  rc = turnout_stmt_step (stmt);
  summary->stay_at_on24 = rc == SQLITE_ROW ? (guint) turnout_stmt_column_int64 (stmt, 0) : 0;
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW)
    return turnout_db_set_error (db, rc, error);
  if (!run (db,
            "UPDATE OR FAIL outbox SET state = 'cancelled', updated_at = ?6, claimed_by = '', claimed_until = 0"
            " WHERE id BETWEEN ?4 AND ?5 AND state = 'pending'"
            " AND (program_id, person_id) IN (SELECT program_id, person_id FROM undo_people)",
            range, 5, now, &summary->withdrawn, error))
    return FALSE;

  /* The memberships as they were: the change's rows out, the kept ones
   * back in (none for whom the change made them members). */
  columns = membership_columns (db, error);
  if (columns == NULL)
    return FALSE;
  restore = g_strdup_printf ("INSERT OR FAIL INTO memberships (%s) SELECT %s FROM change_members"
                             " WHERE rowid IN (SELECT i.image FROM undo_images i JOIN undo_people u"
                             "  ON u.program_id = i.program_id AND u.person_id = i.person_id"
                             "  WHERE u.before != '" TURNOUT_STATUS_NOT_IN_PROGRAM "')",
                             columns, columns);
  if (!run (db,
            "DELETE FROM memberships WHERE (program_id, person_id) IN"
            " (SELECT program_id, person_id FROM undo_people)",
            NULL, 0, NULL, NULL, error))
    return FALSE;
  stmt = turnout_db_prepare_own (db, restore, error);
  if (stmt == NULL)
    return FALSE;
  rc = turnout_stmt_step (stmt);
  turnout_stmt_free (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  /* Both in the history: the change's rows stay, the undo adds its own. */
  if (!run (db,
            "INSERT OR FAIL INTO status_history (program_id, person_id, old_status, new_status, reason, source, at)"
            " SELECT program_id, person_id, after, before, '', 'undo', ?1 FROM undo_people",
            NULL, 0, now, &summary->restored, error) ||
      !run (db, "UPDATE changes SET undone_at = ?2 WHERE id = ?1", range, 1, now, NULL, error))
    return FALSE;

  /* Only the commit is left: a Cancel after this comes too late. */
  return turnout_db_bulk_step (db, moved, moved, error);
}

/* SQLite's statements here are each the whole change's rows at once (a
 * million members' rows: seconds): a Cancel stops the one running. */
static int
undo_interrupted (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/**
 * turnout_db_undo_change:
 * @change_id: as turnout_db_get_last_change () gave it
 * @summary: (out caller-allocates): what it did
 *
 * Takes the change back in one transaction; see the top of this file.
 * Fails, changing nothing, for a change undone already or too old to
 * undo.
 */
gboolean
turnout_db_undo_change (TurnoutDb          *db,
                        gint64              change_id,
                        TurnoutUndoSummary *summary,
                        GError            **error)
{
  gboolean recording = db->recording;
  gboolean ok;

  g_return_val_if_fail (summary != NULL, FALSE);
  memset (summary, 0, sizeof *summary);

  /* An undo is not itself a change to undo. Its statements each write
   * every member the change moved, OR FAIL: the transaction fails as a
   * whole (turnout_db_begin_bulk ()). */
  db->recording = FALSE;
  ok = turnout_db_begin_bulk (db, G_MAXUINT, error);
  db->recording = recording;
  if (!ok)
    return FALSE;

  if (db->handle != NULL && db->bulk_cancellable != NULL)
    sqlite3_progress_handler (db->handle, 4096, undo_interrupted, db->bulk_cancellable);
  ok = undo_in_transaction (db, change_id, summary, error);
  if (db->handle != NULL)
    sqlite3_progress_handler (db->handle, 0, NULL, NULL);
  if (!ok)
    {
      turnout_db_rollback (db);
      memset (summary, 0, sizeof *summary);
      /* Interrupted: the transaction is rolled back, nothing changed. */
      if (g_cancellable_is_cancelled (db->bulk_cancellable))
        {
          g_clear_error (error);
          g_cancellable_set_error_if_cancelled (db->bulk_cancellable, error);
        }
      return FALSE;
    }
  if (!turnout_db_commit (db, error))
    {
      memset (summary, 0, sizeof *summary);
      return FALSE;
    }
  return TRUE;
}
