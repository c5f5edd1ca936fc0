/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-waitlist.c: seats and the wait list.
 *
 * The wait list's order is waitlist_priority, then waitlist_at, then the
 * membership id: turnout_db_apply_move() gives a newcomer the next priority,
 * and reordering renumbers the whole list 1..n so positions stay plain.
 * Each reorder is kept in waitlist_moves with its reason.
 */
#define G_LOG_DOMAIN "turnout-waitlist"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk.h"
#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-reason.h"
#include "turnout-waitlist.h"

/**
 * turnout_waitlist_count_seats:
 *
 * Seats taken against the limit, and how many wait or await approval:
 * what the table and the funnel show.
 */
gboolean
turnout_waitlist_count_seats (TurnoutDb     *db,
                              gint64         program_id,
                              TurnoutSeats  *seats,
                              GError       **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;

  g_return_val_if_fail (seats != NULL, FALSE);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return FALSE;
  channel = turnout_db_get_channel (db, program->channel_key);
  seats->capacity = program->capacity;
  return turnout_db_count_seats (db, program_id, channel, seats, error);
}

/* The first @limit waiting (all of them when negative), in order. */
static GArray *
waiting_ids_up_to (TurnoutDb  *db,
                   gint64      program_id,
                   gint64      limit,
                   GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TurnoutStmt *stmt;
  int rc;

  stmt = limit < 0
    ? turnout_db_prepare (db,
                          "SELECT person_id FROM memberships WHERE program_id = ?1 AND status = 'wait-listed'"
                          " AND waitlist_at IS NOT NULL"
                          " ORDER BY waitlist_priority, waitlist_at, id",
                          error)
    : turnout_db_prepare (db,
                          "SELECT person_id FROM memberships WHERE program_id = ?1 AND status = 'wait-listed'"
                          " AND waitlist_at IS NOT NULL"
                          " ORDER BY waitlist_priority, waitlist_at, id LIMIT ?2",
                          error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  if (limit >= 0)
    turnout_stmt_bind_int64 (stmt, 2, limit);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = turnout_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static GArray *
waiting_ids (TurnoutDb  *db,
             gint64      program_id,
             GError    **error)
{
  return waiting_ids_up_to (db, program_id, -1, error);
}

/* How many seats are free: G_MAXUINT without a seat limit. */
static gboolean
seats_free (TurnoutDb            *db,
            const TurnoutProgram *program,
            TurnoutChannel       *channel,
            guint                *free,
            GError              **error)
{
  guint taken;

  *free = G_MAXUINT;
  if (program->capacity < 0)
    return TRUE;
  if (!turnout_db_seats_taken (db, program, channel, &taken, error))
    return FALSE;
  *free = taken >= (guint) program->capacity ? 0 : (guint) program->capacity - taken;
  return TRUE;
}

/* The person first on the wait list, 0 when nobody waits; the partial
 * index memberships_waiting (migrations 6 and 11) holds the order, and
 * the query names its condition, waitlist_at set, for PostgreSQL to use
 * it. */
static gboolean
first_waiting_id (TurnoutDb  *db,
                  gint64      program_id,
                  gint64     *person_id,
                  GError    **error)
{
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT person_id FROM memberships WHERE program_id = ?1 AND status = 'wait-listed'"
                             " AND waitlist_at IS NOT NULL"
                             " ORDER BY waitlist_priority, waitlist_at, id LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  *person_id = 0;
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    *person_id = turnout_stmt_column_int64 (stmt, 0);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* The Wait Listed members in order: position i + 1 is index i. */
GPtrArray *
turnout_waitlist_list (TurnoutDb  *db,
                       gint64      program_id,
                       GError    **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_member_free);
  g_autoptr(GArray) ids = waiting_ids (db, program_id, error);

  if (ids == NULL)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      TurnoutMember *member = turnout_db_get_member (db, program_id, g_array_index (ids, gint64, i), error);

      if (member == NULL)
        return NULL;
      g_ptr_array_add (members, member);
    }
  return g_steal_pointer (&members);
}

/**
 * turnout_waitlist_move:
 * @position: the new 1-based position; beyond the end means last
 * @reason: (nullable): why, kept with the move
 */
gboolean
turnout_waitlist_move (TurnoutDb   *db,
                       gint64       program_id,
                       gint64       person_id,
                       guint        position,
                       const char  *reason,
                       GError     **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  g_autofree char *clean_reason = g_strstrip (g_strdup (reason ? reason : ""));
  TurnoutStmt *stmt;
  guint old_index = G_MAXUINT;
  guint new_index;

  g_return_val_if_fail (position >= 1, FALSE);

  if (!turnout_db_check_text (clean_reason, TURNOUT_TEXT_REASON, error))
    return FALSE;

  if (!turnout_db_begin (db, error))
    return FALSE;

  ids = waiting_ids (db, program_id, error);
  if (ids == NULL)
    goto failed;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == person_id)
      old_index = i;

  if (old_index == G_MAXUINT)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                   _("That person is not on the wait list"));
      goto failed;
    }

  new_index = MIN (position - 1, ids->len - 1);
  g_array_remove_index (ids, old_index);
  g_array_insert_val (ids, new_index, person_id);

  stmt = turnout_db_prepare (db,
                             "UPDATE memberships SET waitlist_priority = ?3 WHERE program_id = ?1 AND person_id = ?2",
                             error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < ids->len; i++)
    {
      turnout_stmt_bind_int64 (stmt, 1, program_id);
      turnout_stmt_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      turnout_stmt_bind_int (stmt, 3, i + 1);
      if (!turnout_db_step_done (db, stmt, error))
        goto failed;
    }

  stmt = turnout_db_prepare (db,
                             "INSERT INTO waitlist_moves (program_id, person_id, old_position, new_position,"
                             " reason, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  turnout_stmt_bind_int (stmt, 3, old_index + 1);
  turnout_stmt_bind_int (stmt, 4, new_index + 1);
  turnout_stmt_bind_text (stmt, 5, clean_reason, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;

  return turnout_db_commit (db, error);

failed:
  turnout_db_rollback (db);
  return FALSE;
}

gboolean
turnout_waitlist_promote_first (TurnoutDb            *db,
                                const TurnoutProgram *program,
                                TurnoutChannel       *channel,
                                TurnoutSource         source,
                                const char           *reason,
                                const char           *now,
                                gboolean             *promoted,
                                GError              **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  gint64 first;
  guint free;

  *promoted = FALSE;

  if (!seats_free (db, program, channel, &free, error))
    return FALSE;
  if (free == 0)
    return TRUE;

  /* Only the first in line: reading the whole list for each freed seat
   * made promotion quadratic. */
  if (!first_waiting_id (db, program->id, &first, error))
    return FALSE;
  if (first == 0)
    return TRUE;

  if (!turnout_db_apply_move (db, program, channel, first,
                              TURNOUT_STATUS_REGISTERED, reason, source, now, results, error))
    return FALSE;

  *promoted = ((TurnoutChangeResult *) g_ptr_array_index (results, 0))->outcome == TURNOUT_MOVE_CHANGED;
  return TRUE;
}

/**
 * turnout_waitlist_promote:
 * @person_ids: (nullable): whom to promote; %NULL: the first waiting ones,
 *   as many as there are free seats (all of them without a limit)
 *
 * Moves Wait Listed members to Registered in one transaction. A member
 * promoted while no seat is free stays on the wait list (skipped).
 */
GPtrArray *
turnout_waitlist_promote (TurnoutDb     *db,
                          gint64         program_id,
                          const gint64  *person_ids,
                          guint          n_person_ids,
                          const char    *reason,
                          GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *promoted = reason ? NULL : turnout_reason_code (TURNOUT_REASON_PROMOTED_FROM_WAIT_LIST);

  if (!turnout_members_check_typed_reason (reason, error))
    return NULL;
  if (person_ids == NULL)
    {
      TurnoutSeats seats;
      guint n;

      if (!turnout_waitlist_count_seats (db, program_id, &seats, error))
        return NULL;
      ids = waiting_ids (db, program_id, error);
      if (ids == NULL)
        return NULL;
      n = ids->len;
      if (seats.capacity >= 0)
        n = MIN (n, seats.taken >= (guint) seats.capacity ? 0 : seats.capacity - seats.taken);
      g_array_set_size (ids, n);
      person_ids = (const gint64 *) ids->data;
      n_person_ids = n;
    }

  return turnout_members_move (db, program_id, person_ids, n_person_ids, NULL,
                               TURNOUT_STATUS_WAIT_LISTED, _("Not on the wait list"),
                               TURNOUT_STATUS_REGISTERED, reason ? reason : promoted,
                               TURNOUT_SOURCE_MANUAL, error);
}

/* Promotes the members in the wait list's order into the free seats, as
 * turnout_waitlist_set_auto_promote () does one seat at a time. @done is
 * set when no more can be promoted; left unset when a promotion's effect
 * moved someone else, and the first in line must be asked for again. */
static gboolean
promote_in_line (TurnoutDb            *db,
                 TurnoutProgram       *program,
                 TurnoutChannel       *channel,
                 const char           *reason,
                 const char           *now,
                 GPtrArray            *results,
                 gboolean             *done,
                 GError              **error)
{
  g_autoptr(GArray) line = NULL;
  g_autoptr(TurnoutReadAhead) ahead = NULL;
  guint free;

  /* No more of the list than there are seats to fill. */
  if (!seats_free (db, program, channel, &free, error))
    return FALSE;
  line = waiting_ids_up_to (db, program->id, free == G_MAXUINT ? -1 : (gint64) free, error);
  if (line == NULL)
    return FALSE;
  ahead = turnout_read_ahead_new (db, program->id, (const gint64 *) (gpointer) line->data, NULL, line->len, error);
  if (ahead == NULL)
    return FALSE;

  for (guint i = 0; i < line->len; i++)
    {
      gint64 person_id = g_array_index (line, gint64, i);
      guint64 others = db->moves_of_others;
      TurnoutChangeResult *last;

      if (!seats_free (db, program, channel, &free, error))
        return FALSE;
      if (free == 0)
        break;

      if (!turnout_db_apply_move_full (db, program, channel, person_id, turnout_read_ahead_get (ahead, person_id),
                                       NULL, TURNOUT_STATUS_REGISTERED, reason, TURNOUT_SOURCE_RULE, now, results,
                                       error))
        return FALSE;
      turnout_read_ahead_moved (ahead, person_id);
      last = g_ptr_array_index (results, results->len - 1);
      if (last->outcome != TURNOUT_MOVE_CHANGED)
        {
          /* Refused by the channel: it would stay first in line forever. */
          g_ptr_array_remove_index (results, results->len - 1);
          break;
        }
      if (db->moves_of_others != others)
        return TRUE;
    }
  *done = TRUE;
  return TRUE;
}

/**
 * turnout_waitlist_set_auto_promote:
 * @promoted: (out) (optional): who took a seat that was already free
 *
 * Turns automatic promotion on or off. Turning it on also fills the seats
 * that are free right now, in the wait list's order, in the same
 * transaction: "automatically" should not wait for the next change.
 */
gboolean
turnout_waitlist_set_auto_promote (TurnoutDb   *db,
                                   gint64       program_id,
                                   gboolean     auto_promote,
                                   GPtrArray  **promoted,
                                   GError     **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  g_autofree char *seat_was_free = turnout_reason_code (TURNOUT_REASON_SEAT_WAS_FREE);
  gboolean done = FALSE;
  TurnoutStmt *stmt;

  /* Switched on, it promotes as many as there are free seats. */
  if (!turnout_db_begin_bulk (db, auto_promote ? G_MAXUINT : 0, error))
    return FALSE;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;
  channel = turnout_db_get_channel (db, program->channel_key);

  stmt = turnout_db_prepare (db, "UPDATE programs SET auto_promote = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int (stmt, 2, auto_promote ? 1 : 0);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;
  program->auto_promote = auto_promote;

  /* The wait list read once, in its order, its members read ahead: the
   * first in line is the next one in the list for as long as no
   * promotion's effect (a rule) moves anyone else. Asking for the first in
   * line for each seat (below) was a third of promoting a million. */
  if (auto_promote && !promote_in_line (db, program, channel, seat_was_free, now, results, &done, error))
    goto failed;

  /* The first in line, not the whole list, for each seat; each promoted
   * member's result is the move's own. */
  while (auto_promote && !done)
    {
      TurnoutChangeResult *last;
      gint64 first;
      guint free;

      if (!seats_free (db, program, channel, &free, error))
        goto failed;
      if (free == 0)
        break;

      if (!first_waiting_id (db, program_id, &first, error))
        goto failed;
      if (first == 0)
        break;
      if (!turnout_db_apply_move (db, program, channel, first, TURNOUT_STATUS_REGISTERED,
                                  seat_was_free, TURNOUT_SOURCE_RULE, now, results, error))
        goto failed;
      last = g_ptr_array_index (results, results->len - 1);
      if (last->outcome != TURNOUT_MOVE_CHANGED)
        {
          /* Refused by the channel: it would stay first in line forever. */
          g_ptr_array_remove_index (results, results->len - 1);
          break;
        }
    }

  if (!turnout_db_commit (db, error))
    return FALSE;

  if (promoted != NULL)
    *promoted = g_steal_pointer (&results);
  return TRUE;

failed:
  turnout_db_rollback (db);
  return FALSE;
}
