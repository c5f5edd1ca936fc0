/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-bulk.c: changes of many members at once.
 *
 * Approving or rejecting those Pending Approval, a batch campaign over the
 * members a filter selects, and the wait list's promotion all move people
 * through the move engine in one transaction per call, in the engine's
 * order, watched by the bulk monitor (turnout_db_set_bulk_monitor()).
 */
#define G_LOG_DOMAIN "turnout-bulk"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-bulk.h"
#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-reason.h"

/* A person's membership of @program_id as the move engine reads it, for
 * turnout_db_apply_move_full(); membership_id 0 when they are no member
 * (or no person: then *@email stays NULL). */
static gboolean
read_member_state (TurnoutDb           *db,
                   gint64               program_id,
                   gint64               person_id,
                   TurnoutMemberState  *state,
                   char               **email,
                   char               **status,
                   GError             **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "SELECT p.email, m.id, m.status, m.reached_success, m.push_state"
                                           " FROM people p JOIN memberships m"
                                           "  ON m.program_id = ?1 AND m.person_id = p.id"
                                           " WHERE p.id = ?2",
                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *email = turnout_db_column_dup (stmt, 0);
      *status = turnout_db_column_dup (stmt, 2);
      state->email = *email;
      state->membership_id = turnout_stmt_column_int64 (stmt, 1);
      state->status = *status;
      state->reached_success = turnout_stmt_column_int (stmt, 3);
      state->push_state = turnout_push_state_from_key ((const char *) turnout_stmt_column_text (stmt, 4));
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* A reason a person typed that holds a code of Turnout's own
 * (turnout-reason.h) is refused as the control characters it holds:
 * turnout_members_move() takes codes from Turnout alone. */
gboolean
turnout_members_check_typed_reason (const char  *reason,
                                    GError     **error)
{
  g_autofree char *clean = reason ? g_strstrip (g_strdup (reason)) : NULL;

  return !turnout_reason_is_code (clean) || turnout_db_check_text (clean, TURNOUT_TEXT_REASON, error);
}

/* Shared by the wait list's promotion, approve/reject and batch: each
 * person moved in one transaction, but only when @only_from (if given) is their status. A
 * batch passes a @filter instead of ids, so that what it selects and what
 * it changes are read and written in that same transaction. */
GPtrArray *
turnout_members_move (TurnoutDb                 *db,
                      gint64                     program_id,
                      const gint64              *person_ids,
                      guint                      n_person_ids,
                      const TurnoutMemberFilter *filter,
                      const char                *only_from,
                      const char                *not_from_reason,
                      const char                *to_status,
                      const char                *reason,
                      TurnoutSource              source,
                      GError                   **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GArray) selected = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  g_autofree char *clean_reason = reason ? g_strstrip (g_strdup (reason)) : NULL;
  g_autofree guint *order = NULL;
  g_autoptr(TurnoutReadAhead) read_ahead = NULL;

  /* A reason of Turnout's own (turnout-reason.h) is no typed text. */
  if (!turnout_reason_is_code (clean_reason) && !turnout_db_check_text (clean_reason, TURNOUT_TEXT_REASON, error))
    return NULL;
  if (clean_reason != NULL && clean_reason[0] == '\0')
    g_clear_pointer (&clean_reason, g_free);

  /* A batch's filter may select many. */
  if (!turnout_db_begin_bulk (db, filter != NULL ? G_MAXUINT : n_person_ids, error))
    return NULL;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;
  channel = turnout_db_get_channel (db, program->channel_key);
  if (turnout_channel_lookup (channel, to_status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"), to_status,
                   turnout_channel_get_name (channel));
      goto failed;
    }

  if (filter != NULL)
    {
      selected = turnout_members_select (db, program_id, filter, error);
      if (selected == NULL)
        goto failed;
      person_ids = (const gint64 *) (gpointer) selected->data;
      n_person_ids = selected->len;
    }

  if (!turnout_db_move_order (db, program, channel, person_ids, n_person_ids, &order, error))
    goto failed;

  read_ahead = turnout_read_ahead_new (db, program_id, person_ids, order, n_person_ids, error);
  if (read_ahead == NULL)
    goto failed;
  turnout_read_ahead_keep_for_undo (read_ahead, channel, only_from, to_status);

  for (guint i = 0; i < n_person_ids; i++)
    {
      gint64 person_id = person_ids[order ? order[i] : i];
      const TurnoutMemberState *ahead = turnout_read_ahead_get (read_ahead, person_id);

      if (!turnout_db_bulk_step (db, i, n_person_ids, error))
        goto failed;

      if (only_from != NULL)
        {
          g_autofree char *email = NULL;
          g_autofree char *status = NULL;
          TurnoutMemberState known = { 0 };

          /* Read once, for the check and for the move: a second look-up
           * per member was a third of an approval's time. */
          if (ahead != NULL)
            {
              known = *ahead;
              email = g_strdup (ahead->email);
              status = g_strdup (ahead->status);
              known.email = email;
              known.status = status;
            }
          else if (!read_member_state (db, program_id, person_id, &known, &email, &status, error))
            goto failed;
          if (known.membership_id == 0 || !g_str_equal (status, only_from))
            {
              TurnoutChangeResult *result = g_new0 (TurnoutChangeResult, 1);

              result->person_id = person_id;
              result->email = g_steal_pointer (&email);
              result->outcome = TURNOUT_MOVE_REFUSED;
              result->old_status = g_strdup (status ? status : TURNOUT_STATUS_NOT_IN_PROGRAM);
              result->new_status = g_strdup (to_status);
              result->reason = g_strdup (not_from_reason);
              g_ptr_array_add (results, result);
              continue;
            }
          if (!turnout_db_apply_move_full (db, program, channel, person_id, &known, NULL, to_status,
                                           clean_reason, source, now, results, error))
            goto failed;
        }
      else if (!turnout_db_apply_move_full (db, program, channel, person_id, ahead, NULL,
                                            to_status, clean_reason, source, now, results, error))
        goto failed;

      turnout_read_ahead_moved (read_ahead, person_id);
    }
  turnout_db_bulk_step (db, n_person_ids, n_person_ids, NULL);
  g_assert (results->len == n_person_ids);
  turnout_db_results_in_order (results, order);

  if (!turnout_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&results);

failed:
  turnout_db_rollback (db);
  return NULL;
}

/**
 * turnout_members_decide:
 * @approve: %TRUE: Pending Approval -> Registered; %FALSE: -> Rejected
 *
 * Members who are not Pending Approval are left alone and reported refused.
 */
GPtrArray *
turnout_members_decide (TurnoutDb     *db,
                        gint64         program_id,
                        const gint64  *person_ids,
                        guint          n_person_ids,
                        gboolean       approve,
                        const char    *reason,
                        GError       **error)
{
  if (!turnout_members_check_typed_reason (reason, error))
    return NULL;
  return turnout_members_move (db, program_id, person_ids, n_person_ids, NULL,
                               TURNOUT_STATUS_PENDING_APPROVAL, _("Not pending approval"),
                               approve ? TURNOUT_STATUS_REGISTERED : TURNOUT_STATUS_REJECTED,
                               reason, TURNOUT_SOURCE_MANUAL, error);
}

/* The person ids a filter selects, in the order they joined the program:
 * a batch that runs out of seats seats the first to have joined, and the
 * order costs nothing (sorting a million members by name cost the batch
 * seconds before a single move). */
GArray *
turnout_members_select (TurnoutDb                 *db,
                        gint64                     program_id,
                        const TurnoutMemberFilter *filter,
                        GError                   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *needle = NULL;
  TurnoutStmt *stmt;
  int rc;

  if (filter->search != NULL && filter->search[0] != '\0')
    needle = g_utf8_casefold (filter->search, -1);

  stmt = turnout_db_prepare (db,
                             "SELECT m.person_id FROM memberships m JOIN people pe ON pe.id = m.person_id"
                             " WHERE m.program_id = ?1 AND (CAST (?2 AS TEXT) IS NULL OR m.status = ?2)"
                             " AND (CAST (?3 AS TEXT) IS NULL OR instr (pe.email_key, ?3) > 0"
                             "   OR instr (lower (pe.first_name || ' ' || pe.last_name), ?3) > 0"
                             "   OR instr (lower (pe.company), ?3) > 0 OR instr (lower (pe.job_title), ?3) > 0)"
                             " AND (?4 < 0 OR m.reached_success = (?4 > 0))"
                             " AND (CAST (?5 AS TEXT) IS NULL OR m.acquired_by = ?5)"
                             " ORDER BY m.id",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, filter->status);
  turnout_db_bind_text (stmt, 3, needle);
  turnout_stmt_bind_int (stmt, 4, filter->success);
  turnout_db_bind_text (stmt, 5, filter->acquired_by);
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

/**
 * turnout_members_batch_change:
 *
 * A batch campaign: every member the filter selects moves to @to_status in
 * one transaction. Count the outcome with turnout_change_summary_count().
 */
GPtrArray *
turnout_members_batch_change (TurnoutDb                 *db,
                              gint64                     program_id,
                              const TurnoutMemberFilter *filter,
                              const char                *to_status,
                              const char                *reason,
                              GError                   **error)
{
  g_return_val_if_fail (filter != NULL, NULL);

  if (!turnout_members_check_typed_reason (reason, error))
    return NULL;
  return turnout_members_move (db, program_id, NULL, 0, filter, NULL, NULL,
                               to_status, reason, TURNOUT_SOURCE_BULK, error);
}
