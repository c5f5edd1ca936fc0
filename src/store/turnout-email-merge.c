/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-email-merge.c: migration 5, one person per e-mail address
 * whatever its Unicode form.
 *
 * Before it, "josé" typed with a combining accent (NFD) and "josé" from
 * ON24 (NFC) had two keys, so they were two people and the member headed
 * for No Show. Keys are now NFC and case-folded (turnout_email_key()); this
 * makes the stored ones so and merges the people who turn out to be one.
 */
#define G_LOG_DOMAIN "turnout-db"

#include "config.h"

#include "turnout-db-private.h"
#include "turnout-migrations-private.h"
#include "turnout-person.h"

typedef struct
{
  gint64  id;
  char   *email;
  char   *key;
} Rekeyed;

static void
rekeyed_clear (gpointer data)
{
  Rekeyed *r = data;

  g_free (r->email);
  g_free (r->key);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
exec_ids (TurnoutDb   *db,
          const char  *sql,
          gint64       a,
          gint64       b,
          GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, a);
  /* Statements of one parameter refuse the second (SQLITE_RANGE): fine. */
  turnout_stmt_bind_int64 (stmt, 2, b);
  return turnout_db_step_done (db, stmt, error);
}

/* The step of a membership's status in its program's channel, -1 if none. */
static gboolean
membership_of (TurnoutDb   *db,
               gint64       program_id,
               gint64       person_id,
               gint64      *membership_id,
               int         *step,
               GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "SELECT m.id, coalesce (s.step, 0) FROM memberships m"
                                           " JOIN programs p ON p.id = m.program_id"
                                           " LEFT JOIN channel_statuses s ON s.channel_id = p.channel_id"
                                           "  AND s.key = m.status"
                                           " WHERE m.program_id = ?1 AND m.person_id = ?2",
                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  *membership_id = 0;
  *step = -1;
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *membership_id = turnout_stmt_column_int64 (stmt, 0);
      *step = turnout_stmt_column_int (stmt, 1);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* Everything of @dup becomes @keep's. Where both are members of one
 * program, the membership further along the channel stays; the other's
 * history rows stay too, now under @keep. */
static gboolean
merge_person (TurnoutDb   *db,
              gint64       dup,
              gint64       keep,
              GError     **error)
{
  g_autoptr(GArray) programs = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const char *const repoint[] = {
    "UPDATE status_history SET person_id = ?2 WHERE person_id = ?1",
    "UPDATE outbox SET person_id = ?2 WHERE person_id = ?1",
    "UPDATE rule_events SET person_id = ?2 WHERE person_id = ?1",
    "UPDATE waitlist_moves SET person_id = ?2 WHERE person_id = ?1",
  };
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db, "SELECT program_id FROM memberships WHERE person_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, dup);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      gint64 program_id = turnout_stmt_column_int64 (stmt, 0);

      g_array_append_val (programs, program_id);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  for (guint i = 0; i < programs->len; i++)
    {
      gint64 program_id = g_array_index (programs, gint64, i);
      gint64 dup_membership, keep_membership;
      int dup_step, keep_step;

      if (!membership_of (db, program_id, dup, &dup_membership, &dup_step, error) ||
          !membership_of (db, program_id, keep, &keep_membership, &keep_step, error))
        return FALSE;

      if (keep_membership != 0 && dup_step > keep_step)
        {
          if (!exec_ids (db, "DELETE FROM memberships WHERE id = ?1", keep_membership, 0, error))
            return FALSE;
          keep_membership = 0;
        }
      if (keep_membership == 0)
        {
          if (!exec_ids (db, "UPDATE memberships SET person_id = ?2 WHERE id = ?1", dup_membership, keep, error))
            return FALSE;
        }
      else if (!exec_ids (db, "DELETE FROM memberships WHERE id = ?1", dup_membership, 0, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (repoint); i++)
    if (!exec_ids (db, repoint[i], dup, keep, error))
      return FALSE;

  return exec_ids (db, "DELETE FROM people WHERE id = ?1", dup, 0, error);
}

gboolean
turnout_db_merge_email_duplicates (TurnoutDb  *db,
                                   GError    **error)
{
  g_autoptr(GArray) rekeyed = g_array_new (FALSE, TRUE, sizeof (Rekeyed));
  TurnoutStmt *stmt;
  int rc;

  g_array_set_clear_func (rekeyed, rekeyed_clear);

  /* ASCII addresses had their final key already: only the others can
   * change. Collected first, so that the updates below do not move under
   * the scan. */
  stmt = turnout_db_prepare (db, "SELECT id, email, email_key FROM people", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      const char *email = (const char *) turnout_stmt_column_text (stmt, 1);
      const char *old_key = (const char *) turnout_stmt_column_text (stmt, 2);
      Rekeyed r;

      if (email == NULL || is_ascii (email))
        continue;
      r.key = turnout_email_key (email);
      if (g_strcmp0 (r.key, old_key) == 0)
        {
          g_free (r.key);
          continue;
        }
      r.id = turnout_stmt_column_int64 (stmt, 0);
      r.email = turnout_email_normalize (email);
      g_array_append_val (rekeyed, r);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  for (guint i = 0; i < rekeyed->len; i++)
    {
      Rekeyed *r = &g_array_index (rekeyed, Rekeyed, i);
      gint64 other = 0;

      stmt = turnout_db_prepare (db, "SELECT id FROM people WHERE email_key = ?1 AND id != ?2", error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_text (stmt, 1, r->key, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_int64 (stmt, 2, r->id);
      if (turnout_stmt_step (stmt) == SQLITE_ROW)
        other = turnout_stmt_column_int64 (stmt, 0);
      turnout_stmt_reset (stmt);

      if (other != 0)
        {
          /* The older person stays: their id is the one others know. */
          gint64 keep = MIN (other, r->id), dup = MAX (other, r->id);

          if (!merge_person (db, dup, keep, error))
            return FALSE;
          if (keep == other)
            continue;
        }

      stmt = turnout_db_prepare (db, "UPDATE people SET email = ?2, email_key = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, r->id);
      turnout_stmt_bind_text (stmt, 2, r->email, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (stmt, 3, r->key, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}
