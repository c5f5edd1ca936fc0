/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-programs.c: programs, their settings and their deletion.
 *
 * A program's name is unique among the programs not deleted, and its live
 * start and end are ISO 8601 with a time zone, the end not before the
 * start; both are checked here before anything is written. Deleting hides
 * a program and can be undone.
 */
#define G_LOG_DOMAIN "turnout-programs"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "turnout-db-private.h"

#define PROGRAM_COLUMNS \
  "p.id, p.name, c.key, p.capacity, p.on24_event_id, p.live_start, p.live_end," \
  " p.time_zone, p.description, p.auto_promote, p.on24_event_email, p.created_at," \
  " p.last_refresh_at, p.last_refresh_summary"

static TurnoutProgram *
program_from_row (TurnoutStmt *stmt)
{
  TurnoutProgram *program = g_new0 (TurnoutProgram, 1);

  program->id = turnout_stmt_column_int64 (stmt, 0);
  program->name = turnout_db_column_dup (stmt, 1);
  program->channel_key = turnout_db_column_dup (stmt, 2);
  program->capacity = turnout_stmt_column_type (stmt, 3) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, 3);
  program->on24_event_id = turnout_stmt_column_int64 (stmt, 4);
  program->live_start = turnout_db_column_dup (stmt, 5);
  program->live_end = turnout_db_column_dup (stmt, 6);
  program->time_zone = turnout_db_column_dup (stmt, 7);
  program->description = turnout_db_column_dup (stmt, 8);
  program->auto_promote = turnout_stmt_column_int (stmt, 9);
  program->on24_event_email = turnout_stmt_column_int (stmt, 10);
  program->created_at = turnout_db_column_dup (stmt, 11);
  program->last_refresh_at = turnout_db_column_dup (stmt, 12);
  program->last_refresh_summary = turnout_db_column_dup (stmt, 13);
  return program;
}

static gboolean
validate_program_name (const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    goto invalid;

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    goto invalid;

  return turnout_db_check_text (trimmed, TURNOUT_TEXT_PROGRAM_NAME, error);

invalid:
  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID, _("A program needs a name"));
  return FALSE;
}

static gboolean
validate_iso8601 (const char  *text,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   /* Translators: the first %s is "live start" or "live end" */
                   _("The %s “%s” is not a date and time in ISO 8601 form with a time zone, "
                     "such as 2026-03-01T15:00:00+01:00"),
                   what, text);
      return FALSE;
    }

  return TRUE;
}

/* Both given and valid ISO 8601 (validate_iso8601() first): the end may
 * not come before the start. */
static gboolean
validate_schedule (const char  *live_start,
                   const char  *live_end,
                   GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (!validate_iso8601 (live_start, _("live start"), error) ||
      !validate_iso8601 (live_end, _("live end"), error))
    return FALSE;
  if (live_start == NULL || *live_start == '\0' || live_end == NULL || *live_end == '\0')
    return TRUE;

  start = g_date_time_new_from_iso8601 (live_start, NULL);
  end = g_date_time_new_from_iso8601 (live_end, NULL);
  if (g_date_time_compare (end, start) < 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("The live end (%s) is before the live start (%s)"), live_end, live_start);
      return FALSE;
    }
  return TRUE;
}

static gboolean
program_name_taken (TurnoutDb   *db,
                    const char  *name,
                    gint64       except_id,
                    gboolean    *taken,
                    GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "SELECT 1 FROM programs WHERE name = ?1 AND id != ?2"
                                           " AND deleted_at IS NULL",
                                           error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_int64 (stmt, 2, except_id);
  *taken = turnout_stmt_step (stmt) == SQLITE_ROW;
  turnout_stmt_reset (stmt);
  return TRUE;
}

gint64
turnout_db_add_program (TurnoutDb                *db,
                        const TurnoutProgramSpec *spec,
                        GError                  **error)
{
  g_autofree char *name = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  TurnoutStmt *stmt;
  gboolean taken;
  gint64 id;

  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (spec != NULL, 0);

  if (!validate_program_name (spec->name, error) ||
      !validate_schedule (spec->live_start, spec->live_end, error))
    return 0;

  if (spec->capacity < -1)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("The capacity must be a number of seats, 0 or more"));
      return 0;
    }

  name = g_strstrip (g_strdup (spec->name));

  if (!program_name_taken (db, name, 0, &taken, error))
    return 0;
  if (taken)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                   _("A program named “%s” already exists"), name);
      return 0;
    }

  stmt = turnout_db_prepare (db,
                             "INSERT INTO programs (name, channel_id, capacity, on24_event_id,"
                             " live_start, live_end, time_zone, description, created_at)"
                             " VALUES (?1, (SELECT id FROM channels WHERE key = 'webinar'),"
                             " ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             error);
  if (stmt == NULL)
    return 0;

  turnout_stmt_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (spec->capacity >= 0)
    turnout_stmt_bind_int (stmt, 2, spec->capacity);
  if (spec->on24_event_id > 0)
    turnout_stmt_bind_int64 (stmt, 3, spec->on24_event_id);
  turnout_db_bind_text (stmt, 4, spec->live_start && *spec->live_start ? spec->live_start : NULL);
  turnout_db_bind_text (stmt, 5, spec->live_end && *spec->live_end ? spec->live_end : NULL);
  turnout_db_bind_text (stmt, 6, spec->time_zone ? spec->time_zone : "");
  turnout_db_bind_text (stmt, 7, spec->description ? spec->description : "");
  turnout_db_bind_text (stmt, 8, now);

  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, turnout_db_errcode (db), error);
      turnout_stmt_reset (stmt);
      return 0;
    }

  id = turnout_db_last_insert_id (db);
  turnout_stmt_reset (stmt);
  return id;
}

GPtrArray *
turnout_db_list_programs (TurnoutDb  *db,
                          GError    **error)
{
  g_autoptr(GPtrArray) programs = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_program_free);
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT " PROGRAM_COLUMNS ","
                             " (SELECT count(*) FROM memberships m WHERE m.program_id = p.id),"
                             " (SELECT count(*) FROM memberships m WHERE m.program_id = p.id"
                             "   AND m.status IN (SELECT key FROM channel_statuses s"
                             "     WHERE s.channel_id = p.channel_id AND s.holds_seat)),"
                             " (SELECT count(*) FROM memberships m WHERE m.program_id = p.id"
                             "   AND m.reached_success)"
                             " FROM programs p JOIN channels c ON c.id = p.channel_id"
                             " WHERE p.deleted_at IS NULL"
                             " ORDER BY coalesce (p.live_start, p.created_at) DESC, p.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      TurnoutProgram *program = program_from_row (stmt);

      program->n_members = turnout_stmt_column_int (stmt, 14);
      program->n_registered = turnout_stmt_column_int (stmt, 15);
      program->n_attended = turnout_stmt_column_int (stmt, 16);
      g_ptr_array_add (programs, program);
    }
  turnout_stmt_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&programs);
}

TurnoutProgram *
turnout_db_get_program (TurnoutDb  *db,
                        gint64      program_id,
                        GError    **error)
{
  TurnoutProgram *program = NULL;
  TurnoutStmt *stmt;

  stmt = turnout_db_prepare (db,
                             "SELECT " PROGRAM_COLUMNS
                             " FROM programs p JOIN channels c ON c.id = p.channel_id"
                             " WHERE p.id = ?1 AND p.deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return NULL;

  turnout_stmt_bind_int64 (stmt, 1, program_id);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    program = program_from_row (stmt);
  turnout_stmt_reset (stmt);

  if (program == NULL)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("There is no program with id %" PRId64), program_id);

  return program;
}

/* PROGRAM on the command line is an id or an exact name; a name wins
 * over an id when a program is literally named "12".
 */
TurnoutProgram *
turnout_db_find_program (TurnoutDb   *db,
                         const char  *id_or_name,
                         GError     **error)
{
  TurnoutStmt *stmt;
  gint64 id = 0;
  guint64 parsed;

  g_return_val_if_fail (id_or_name != NULL, NULL);

  stmt = turnout_db_prepare (db,
                             "SELECT id FROM programs WHERE name = ?1 AND deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_text (stmt, 1, id_or_name, -1, SQLITE_TRANSIENT);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    id = turnout_stmt_column_int64 (stmt, 0);
  turnout_stmt_reset (stmt);

  if (id == 0 && g_ascii_string_to_unsigned (id_or_name, 10, 1, G_MAXINT64, &parsed, NULL))
    id = (gint64) parsed;

  if (id != 0)
    {
      g_autoptr(GError) local_error = NULL;
      TurnoutProgram *program = turnout_db_get_program (db, id, &local_error);

      if (program != NULL)
        return program;
      if (!g_error_matches (local_error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
               _("There is no program “%s”"), id_or_name);
  return NULL;
}

gboolean
turnout_db_update_program (TurnoutDb            *db,
                           const TurnoutProgram *program,
                           GError              **error)
{
  TurnoutStmt *stmt;
  gboolean taken;
  g_autofree char *name = NULL;

  g_return_val_if_fail (program != NULL, FALSE);

  if (!validate_program_name (program->name, error) ||
      !validate_schedule (program->live_start, program->live_end, error))
    return FALSE;

  name = g_strstrip (g_strdup (program->name));
  if (!program_name_taken (db, name, program->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                   _("A program named “%s” already exists"), name);
      return FALSE;
    }

  stmt = turnout_db_prepare (db,
                             "UPDATE programs SET name = ?2, capacity = ?3, on24_event_id = ?4,"
                             " live_start = ?5, live_end = ?6, time_zone = ?7, description = ?8,"
                             " auto_promote = ?9, on24_event_email = ?10"
                             " WHERE id = ?1 AND deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;

  turnout_stmt_bind_int64 (stmt, 1, program->id);
  turnout_stmt_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (program->capacity >= 0)
    turnout_stmt_bind_int (stmt, 3, program->capacity);
  if (program->on24_event_id > 0)
    turnout_stmt_bind_int64 (stmt, 4, program->on24_event_id);
  turnout_db_bind_text (stmt, 5, program->live_start && *program->live_start ? program->live_start : NULL);
  turnout_db_bind_text (stmt, 6, program->live_end && *program->live_end ? program->live_end : NULL);
  turnout_db_bind_text (stmt, 7, program->time_zone ? program->time_zone : "");
  turnout_db_bind_text (stmt, 8, program->description ? program->description : "");
  turnout_stmt_bind_int (stmt, 9, !!program->auto_promote);
  turnout_stmt_bind_int (stmt, 10, !!program->on24_event_email);

  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, turnout_db_errcode (db), error);
      turnout_stmt_reset (stmt);
      return FALSE;
    }
  turnout_stmt_reset (stmt);

  if (turnout_db_changes (db) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                   _("There is no program with id %" PRId64), program->id);
      return FALSE;
    }

  return TRUE;
}

gboolean
turnout_db_rename_program (TurnoutDb   *db,
                           gint64       program_id,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, program_id, error);

  if (program == NULL)
    return FALSE;

  g_free (program->name);
  program->name = g_strdup (name);
  return turnout_db_update_program (db, program, error);
}

/* Deleting a program is undoable: it is hidden, and its members and
 * history stay until it is restored.
 */
gboolean
turnout_db_set_program_deleted (TurnoutDb  *db,
                                gint64      program_id,
                                gboolean    deleted,
                                GError    **error)
{
  g_autofree char *now = turnout_now_iso8601 ();
  TurnoutStmt *stmt;

  if (!deleted)
    {
      gboolean taken = FALSE;

      stmt = turnout_db_prepare (db, "SELECT name FROM programs WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, program_id);
      if (turnout_stmt_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *name = turnout_db_column_dup (stmt, 0);

          turnout_stmt_reset (stmt);
          if (!program_name_taken (db, name, program_id, &taken, error))
            return FALSE;
          if (taken)
            {
              g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                           _("A program named “%s” already exists"), name);
              return FALSE;
            }
        }
      turnout_stmt_reset (stmt);
    }

  stmt = turnout_db_prepare (db, "UPDATE programs SET deleted_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, deleted ? now : NULL);
  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, turnout_db_errcode (db), error);
      turnout_stmt_reset (stmt);
      return FALSE;
    }
  turnout_stmt_reset (stmt);

  if (turnout_db_changes (db) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                   _("There is no program with id %" PRId64), program_id);
      return FALSE;
    }

  return TRUE;
}
