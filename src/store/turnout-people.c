/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-people.c: people, their memberships and their history.
 *
 * A person is one e-mail address, found case-insensitively by its key
 * (turnout_email_key()); a membership is a person's status in one
 * program. Reads here are plain queries; a change of status is the move
 * engine's (turnout-moves.c), which turnout_db_add_member() goes through.
 */
#define G_LOG_DOMAIN "turnout-people"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-forget.h"
#include "turnout-moves-private.h"
#include "turnout-person.h"
#include "turnout-reason.h"

/* People */

gboolean
turnout_db_check_person_spec (const TurnoutPersonSpec  *spec,
                              GError                  **error)
{
  return turnout_db_check_text (spec->first_name, TURNOUT_TEXT_FIRST_NAME, error) &&
         turnout_db_check_text (spec->last_name, TURNOUT_TEXT_LAST_NAME, error) &&
         turnout_db_check_text (spec->company, TURNOUT_TEXT_COMPANY, error) &&
         turnout_db_check_text (spec->job_title, TURNOUT_TEXT_JOB_TITLE, error);
}

static gboolean
check_email (const char  *email,
             GError     **error)
{
  g_autofree char *trimmed = email ? g_strstrip (g_strdup (email)) : NULL;

  /* Length and control characters first: the message below quotes the
   * address, which must then be short and harmless. */
  if (!turnout_db_check_text (trimmed, TURNOUT_TEXT_EMAIL, error))
    return FALSE;
  if (!turnout_email_is_valid (email))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a valid e-mail address"), email ? email : "");
      return FALSE;
    }
  return TRUE;
}

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

/**
 * turnout_db_upsert_person:
 * @overwrite: whether given non-empty fields replace the stored ones
 *
 * Finds the person by e-mail (case-insensitively) or creates them. Returns
 * the person's id, or 0 with @error set.
 */
gint64
turnout_db_upsert_person (TurnoutDb               *db,
                          const TurnoutPersonSpec *spec,
                          gboolean                 overwrite,
                          GError                 **error)
{
  g_autofree char *email = NULL;
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  TurnoutStmt *stmt;
  gint64 id = 0;

  if (!check_email (spec->email, error) || !turnout_db_check_person_spec (spec, error))
    return 0;

  email = turnout_email_normalize (spec->email);
  key = turnout_email_key (email);

  stmt = turnout_db_prepare (db, "SELECT id FROM people WHERE email_key = ?1", error);
  if (stmt == NULL)
    return 0;
  turnout_stmt_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    id = turnout_stmt_column_int64 (stmt, 0);
  turnout_stmt_reset (stmt);

  if (id != 0)
    {
      if (!overwrite)
        return id;

      /* Only fields that were given replace what is stored. */
      stmt = turnout_db_prepare (db,
                                 "UPDATE people SET"
                                 " first_name = CASE WHEN ?2 != '' THEN ?2 ELSE first_name END,"
                                 " last_name = CASE WHEN ?3 != '' THEN ?3 ELSE last_name END,"
                                 " company = CASE WHEN ?4 != '' THEN ?4 ELSE company END,"
                                 " job_title = CASE WHEN ?5 != '' THEN ?5 ELSE job_title END"
                                 " WHERE id = ?1",
                                 error);
      if (stmt == NULL)
        return 0;
      turnout_stmt_bind_int64 (stmt, 1, id);
    }
  else
    {
      now = turnout_now_iso8601 ();
      stmt = turnout_db_prepare (db,
                                 "INSERT INTO people (first_name, last_name, company, job_title,"
                                 " email, email_key, created_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                 error);
      if (stmt == NULL)
        return 0;
      turnout_stmt_bind_text (stmt, 6, email, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (stmt, 7, key, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
    }

  turnout_stmt_bind_text (stmt, 2, or_empty (spec->first_name), -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 3, or_empty (spec->last_name), -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 4, or_empty (spec->company), -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 5, or_empty (spec->job_title), -1, SQLITE_TRANSIENT);

  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, turnout_db_errcode (db), error);
      turnout_stmt_reset (stmt);
      return 0;
    }
  turnout_stmt_reset (stmt);

  return id != 0 ? id : turnout_db_last_insert_id (db);
}

/* Replaces every field of a person, the e-mail address included. */
gboolean
turnout_db_update_person (TurnoutDb           *db,
                          const TurnoutPerson *person,
                          GError             **error)
{
  g_autofree char *email = NULL;
  g_autofree char *key = NULL;
  TurnoutStmt *stmt;
  int rc;

  if (!check_email (person->email, error))
    return FALSE;
  {
    TurnoutPersonSpec spec = { person->email, person->first_name, person->last_name,
                               person->company, person->job_title };

    if (!turnout_db_check_person_spec (&spec, error))
      return FALSE;
  }

  email = turnout_email_normalize (person->email);
  key = turnout_email_key (email);

  stmt = turnout_db_prepare (db,
                             "UPDATE people SET email = ?2, email_key = ?3, first_name = ?4,"
                             " last_name = ?5, company = ?6, job_title = ?7 WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, person->id);
  turnout_stmt_bind_text (stmt, 2, email, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 4, or_empty (person->first_name), -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 5, or_empty (person->last_name), -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 6, or_empty (person->company), -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 7, or_empty (person->job_title), -1, SQLITE_TRANSIENT);
  rc = turnout_stmt_step (stmt);
  turnout_stmt_reset (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                   _("Another person already has the e-mail address %s"), email);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  if (turnout_db_changes (db) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND, _("That person no longer exists"));
      return FALSE;
    }

  return TRUE;
}

#define PERSON_COLUMNS "pe.id, pe.email, pe.first_name, pe.last_name, pe.company, pe.job_title"

static void
person_from_row (TurnoutPerson *person,
                 TurnoutStmt  *stmt,
                 int            first)
{
  person->id = turnout_stmt_column_int64 (stmt, first);
  person->email = turnout_db_column_dup (stmt, first + 1);
  person->first_name = turnout_db_column_dup (stmt, first + 2);
  person->last_name = turnout_db_column_dup (stmt, first + 3);
  person->company = turnout_db_column_dup (stmt, first + 4);
  person->job_title = turnout_db_column_dup (stmt, first + 5);
}

TurnoutPerson *
turnout_db_find_person (TurnoutDb   *db,
                        const char  *email,
                        GError     **error)
{
  g_autofree char *key = NULL;
  TurnoutPerson *person = NULL;
  TurnoutStmt *stmt;

  if (!check_email (email, error))
    return NULL;

  key = turnout_email_key (email);
  stmt = turnout_db_prepare (db, "SELECT " PERSON_COLUMNS " FROM people pe WHERE pe.email_key = ?1", error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      person = g_new0 (TurnoutPerson, 1);
      person_from_row (person, stmt, 0);
    }
  turnout_stmt_reset (stmt);

  if (person == NULL)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("There is no person with the e-mail address %s"), email);

  return person;
}

/* Members */

#define MEMBER_COLUMNS \
  "m.id, m.program_id, " PERSON_COLUMNS ", m.status, m.status_reason, m.member_date," \
  " m.status_changed_at, m.reached_success, m.success_at, m.acquired_by, m.waitlist_priority," \
  " m.waitlist_at, m.on24_eventuserid, m.push_state, m.live_minutes, m.ondemand_minutes," \
  " m.engagement_score, m.status_reason_key, m.status_reason_args, m.asked_questions, m.answered_polls," \
  " m.answered_surveys, m.resources_downloaded, m.launch_mode"

/* @reasons: (nullable): for a reader of many members */
static TurnoutMember *
member_from_row (TurnoutStmt       *stmt,
                 TurnoutReasonCache *reasons)
{
  TurnoutMember *member = g_new0 (TurnoutMember, 1);
  g_autofree char *push = NULL;

  member->membership_id = turnout_stmt_column_int64 (stmt, 0);
  member->program_id = turnout_stmt_column_int64 (stmt, 1);
  person_from_row (&member->person, stmt, 2);
  member->status = turnout_db_column_dup (stmt, 8);
  member->status_reason_key = turnout_db_column_dup (stmt, 22);
  if (reasons != NULL)
    member->status_reason = g_strdup (turnout_reason_cache_render (reasons, member->status_reason_key,
                                                                   (const char *) turnout_stmt_column_text (stmt, 23),
                                                                   (const char *) turnout_stmt_column_text (stmt, 9)));
  else
    member->status_reason = turnout_reason_render_stored (member->status_reason_key,
                                                          (const char *) turnout_stmt_column_text (stmt, 23),
                                                          (const char *) turnout_stmt_column_text (stmt, 9));
  member->member_date = turnout_db_column_dup (stmt, 10);
  member->status_changed_at = turnout_db_column_dup (stmt, 11);
  member->reached_success = turnout_stmt_column_int (stmt, 12);
  member->success_at = turnout_db_column_dup (stmt, 13);
  member->acquired_by = turnout_db_column_dup (stmt, 14);
  member->waitlist_priority = turnout_stmt_column_int (stmt, 15);
  member->waitlist_at = turnout_db_column_dup (stmt, 16);
  member->on24_eventuserid = turnout_stmt_column_int64 (stmt, 17);
  push = turnout_db_column_dup (stmt, 18);
  member->push_state = turnout_push_state_from_key (push);
  member->live_minutes = turnout_stmt_column_type (stmt, 19) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, 19);
  member->ondemand_minutes = turnout_stmt_column_type (stmt, 20) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, 20);
  member->engagement_score = turnout_stmt_column_type (stmt, 21) == SQLITE_NULL ? -1.0 : turnout_stmt_column_double (stmt, 21);
  for (int i = 0; i < 4; i++)
    {
      int *count[] = { &member->asked_questions, &member->answered_polls, &member->answered_surveys,
                       &member->resources_downloaded };

      *count[i] = turnout_stmt_column_type (stmt, 24 + i) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, 24 + i);
    }
  member->launch_mode = g_strdup ((const char *) turnout_stmt_column_text (stmt, 28));
  return member;
}

TurnoutMember *
turnout_db_get_member (TurnoutDb  *db,
                       gint64      program_id,
                       gint64      person_id,
                       GError    **error)
{
  TurnoutMember *member = NULL;
  TurnoutStmt *stmt;

  stmt = turnout_db_prepare (db,
                             "SELECT " MEMBER_COLUMNS " FROM memberships m"
                             " JOIN people pe ON pe.id = m.person_id"
                             " WHERE m.program_id = ?1 AND m.person_id = ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    member = member_from_row (stmt, NULL);
  turnout_stmt_reset (stmt);

  if (member == NULL)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("That person is not a member of this program"));

  return member;
}

/* The questions a member asked, in the order ON24 listed them (the last
 * refresh's), each with the presenter's answer if any. */
GPtrArray *
turnout_db_get_member_questions (TurnoutDb  *db,
                                 gint64      program_id,
                                 gint64      person_id,
                                 GError    **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_member_question_free);
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT asked_at, content, answer, presenter FROM member_questions"
                             " WHERE program_id = ?1 AND person_id = ?2 ORDER BY position",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      TurnoutMemberQuestion *q = g_new0 (TurnoutMemberQuestion, 1);

      q->asked_at = g_strdup ((const char *) turnout_stmt_column_text (stmt, 0));
      q->content = g_strdup ((const char *) turnout_stmt_column_text (stmt, 1));
      q->answer = g_strdup ((const char *) turnout_stmt_column_text (stmt, 2));
      q->presenter = g_strdup ((const char *) turnout_stmt_column_text (stmt, 3));
      g_ptr_array_add (questions, q);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&questions);
}

/* Members of a program, optionally of one status and matching a search
 * over name, e-mail, company and job title (case-insensitive).
 */
/**
 * turnout_db_foreach_member:
 * @func: called with each member in the table's order, which it then owns;
 *   %FALSE with @error set stops the walk
 *
 * The members of a program, one at a time: an export of a million
 * members does not hold a million of them.
 */
gboolean
turnout_db_foreach_member (TurnoutDb         *db,
                           gint64             program_id,
                           const char        *status,
                           const char        *search,
                           TurnoutMemberFunc  func,
                           gpointer           user_data,
                           GError           **error)
{
  g_autofree char *needle = NULL;
  g_autoptr(TurnoutReasonCache) reasons = turnout_reason_cache_new ();
  TurnoutStmt *stmt;
  int rc;

  if (search != NULL && *search != '\0')
    needle = g_utf8_casefold (search, -1);

  stmt = turnout_db_prepare (db,
                             "SELECT " MEMBER_COLUMNS " FROM memberships m"
                             " JOIN people pe ON pe.id = m.person_id"
                             " WHERE m.program_id = ?1 AND (CAST (?2 AS TEXT) IS NULL OR m.status = ?2)"
                             " AND (CAST (?3 AS TEXT) IS NULL OR instr (pe.email_key, ?3) > 0"
                             "   OR instr (lower (pe.first_name || ' ' || pe.last_name), ?3) > 0"
                             "   OR instr (lower (pe.company), ?3) > 0 OR instr (lower (pe.job_title), ?3) > 0)"
                             " ORDER BY lower (pe.last_name), lower (pe.first_name),"
                             " pe.email_key",
                             error);
  if (stmt == NULL)
    return FALSE;

  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, status);
  turnout_db_bind_text (stmt, 3, needle);

  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      if (!func (member_from_row (stmt, reasons), user_data, error))
        {
          turnout_stmt_reset (stmt);
          return FALSE;
        }
    }
  turnout_stmt_reset (stmt);

  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

static gboolean
collect_member (TurnoutMember  *member,
                gpointer        user_data,
                GError        **error)
{
  g_ptr_array_add (user_data, member);
  return TRUE;
}

GPtrArray *
turnout_db_list_members (TurnoutDb   *db,
                         gint64       program_id,
                         const char  *status,
                         const char  *search,
                         GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_member_free);

  if (!turnout_db_foreach_member (db, program_id, status, search, collect_member, members, error))
    return NULL;
  return g_steal_pointer (&members);
}

GArray *
turnout_db_list_person_ids_with_status (TurnoutDb   *db,
                                        gint64       program_id,
                                        const char  *status,
                                        GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT person_id FROM memberships WHERE program_id = ?1 AND status = ?2"
                             " ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);

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

/* The history outlives the membership: it is read by program and person. */
GPtrArray *
turnout_db_get_history (TurnoutDb  *db,
                        gint64      program_id,
                        gint64      person_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_history_entry_free);
  TurnoutStmt *stmt;
  int rc;

  /* Who made each change: a team database's history says (made_by);
   * a file has one coordinator. */
  stmt = turnout_db_prepare (db,
                             turnout_db_is_postgres (db)
                             ? "SELECT id, old_status, new_status, reason, source, at, reason_key, reason_args, made_by"
                               " FROM status_history"
                               " WHERE program_id = ?1 AND person_id = ?2 ORDER BY id"
                             : "SELECT id, old_status, new_status, reason, source, at, reason_key, reason_args, NULL"
                               " FROM status_history"
                               " WHERE program_id = ?1 AND person_id = ?2 ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);

  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      TurnoutHistoryEntry *entry = g_new0 (TurnoutHistoryEntry, 1);

      entry->id = turnout_stmt_column_int64 (stmt, 0);
      entry->old_status = turnout_db_column_dup (stmt, 1);
      entry->new_status = turnout_db_column_dup (stmt, 2);
      entry->reason_key = turnout_db_column_dup (stmt, 6);
      entry->reason = turnout_reason_render_stored (entry->reason_key,
                                                    (const char *) turnout_stmt_column_text (stmt, 7),
                                                    (const char *) turnout_stmt_column_text (stmt, 3));
      entry->source = turnout_db_column_dup (stmt, 4);
      entry->at = turnout_db_column_dup (stmt, 5);
      entry->made_by = turnout_db_column_dup (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  turnout_stmt_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

GHashTable *
turnout_db_count_statuses (TurnoutDb  *db,
                           gint64      program_id,
                           GError    **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT status, count(*) FROM memberships WHERE program_id = ?1"
                             " GROUP BY status",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);

  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, turnout_db_column_dup (stmt, 0),
                         GUINT_TO_POINTER (turnout_stmt_column_int (stmt, 1)));
  turnout_stmt_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/**
 * turnout_db_add_member:
 * @status: (nullable): the status to give, or %NULL for the channel's first
 *
 * Finds or creates the person and moves them into the program, in one
 * transaction. An existing member follows the rules of movement.
 */
TurnoutChangeResult *
turnout_db_add_member (TurnoutDb               *db,
                       gint64                   program_id,
                       const TurnoutPersonSpec *spec,
                       const char              *status,
                       TurnoutSource            source,
                       GError                 **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  gint64 person_id;

  if (!check_email (spec->email, error))
    return NULL;

  if (!turnout_db_begin (db, error))
    return NULL;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;

  channel = turnout_db_get_channel (db, program->channel_key);
  g_assert (channel != NULL);

  if (status == NULL)
    status = turnout_channel_get_default_status (channel);

  if (turnout_channel_lookup (channel, status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"),
                   status, turnout_channel_get_name (channel));
      goto failed;
    }

  if (!turnout_db_unforget_email (db, spec->email, error))
    goto failed;
  person_id = turnout_db_upsert_person (db, spec, TRUE, error);
  if (person_id == 0)
    goto failed;

  if (!turnout_db_apply_move (db, program, channel, person_id, status, NULL, source, now, results, error))
    goto failed;

  if (!turnout_db_commit (db, error))
    return NULL;

  return g_ptr_array_steal_index (results, 0);

failed:
  turnout_db_rollback (db);
  return NULL;
}
