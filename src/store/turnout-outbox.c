/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-outbox.c: the registration pushes waiting to be sent.
 *
 * The sender (src/provider) never touches SQL: it takes due entries and
 * reports outcomes through these functions, on the store's thread.
 */
#define G_LOG_DOMAIN "turnout-outbox"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-outbox.h"
#include "turnout-reason.h"

void
turnout_outbox_entry_free (TurnoutOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  turnout_person_clear (&entry->person);
  g_free (entry);
}

static gboolean release_claims (TurnoutDb *db, const char *claimant, GError **error);

/* Whether @claimant names a process of this machine that is gone: its
 * claims need not wait for their lease. A pid used again by another
 * process only makes them wait, which is safe. */
static gboolean
claimant_is_dead (const char *claimant)
{
  g_auto(GStrv) parts = g_strsplit (claimant, ":", -1);
  guint n = g_strv_length (parts);
  gint64 pid;

  if (n < 3 || !g_str_equal (parts[0], g_get_host_name ()))
    return FALSE;
  pid = g_ascii_strtoll (parts[n - 2], NULL, 10);
  if (pid <= 0 || pid == getpid ())
    return FALSE;
  return kill ((pid_t) pid, 0) != 0 && errno == ESRCH;
}

/* A sender killed on this machine (a cron `sync` stopped by SIGKILL, a
 * crashed window) left claims: they are let go now rather than in ten
 * minutes. */
static gboolean
release_dead_claims (TurnoutDb   *db,
                     gint64       now,
                     const char  *claimant,
                     GError     **error)
{
  g_autoptr(GPtrArray) dead = g_ptr_array_new_with_free_func (g_free);
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT DISTINCT claimed_by FROM outbox WHERE state = 'pending'"
                             " AND claimed_until > ?1 AND claimed_by != ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, now);
  turnout_stmt_bind_text (stmt, 2, claimant, -1, SQLITE_TRANSIENT);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      const char *other = (const char *) turnout_stmt_column_text (stmt, 0);

      if (other != NULL && claimant_is_dead (other))
        g_ptr_array_add (dead, g_strdup (other));
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  for (guint i = 0; i < dead->len; i++)
    if (!release_claims (db, g_ptr_array_index (dead, i), error))
      return FALSE;
  return TRUE;
}

#define TAKE_DUE_SQL \
  "SELECT o.id, o.program_id, o.person_id, o.attempts, o.next_attempt_at," \
  " coalesce (p.on24_event_id, 0), p.on24_event_email, m.status," \
  " pe.email, pe.first_name, pe.last_name, pe.company, pe.job_title" \
  " FROM outbox o JOIN programs p ON p.id = o.program_id" \
  " JOIN people pe ON pe.id = o.person_id" \
  " LEFT JOIN memberships m ON m.program_id = o.program_id AND m.person_id = o.person_id" \
  /* A deleted program can be restored: its pushes wait. */ \
  " WHERE o.kind = 'register' AND o.state = 'pending' AND o.next_attempt_at <= ?2" \
  /* Claimed by another sender whose lease runs: theirs to send. */ \
  " AND (o.claimed_until <= ?2 OR o.claimed_by = ?3)" \
  " AND p.deleted_at IS NULL" \
  " AND (?1 = 0 OR o.program_id = ?1)" \
  " ORDER BY o.next_attempt_at, o.id LIMIT ?4"

GPtrArray *
turnout_outbox_take_due (TurnoutDb   *db,
                         gint64       program_id,
                         gint64       now,
                         const char  *claimant,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_outbox_entry_free);
  g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *stamp = turnout_now_iso8601 ();
  TurnoutStmt *stmt;
  int rc;

  if (!turnout_db_begin (db, error))
    return NULL;

  if (!release_dead_claims (db, now, claimant, error))
    goto failed;

  /* A team database's other desktops skip what this one is claiming
   * (and it theirs) instead of waiting for it: two never take one push. */
  stmt = turnout_db_prepare (db,
                             turnout_db_is_postgres (db) ? TAKE_DUE_SQL " FOR UPDATE OF o SKIP LOCKED"
                                                         : TAKE_DUE_SQL,
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, now);
  turnout_stmt_bind_text (stmt, 3, claimant, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : G_MAXINT64);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = turnout_stmt_column_int64 (stmt, 0);
      const char *status = (const char *) turnout_stmt_column_text (stmt, 7);
      TurnoutOutboxEntry *entry;

      if (turnout_stmt_column_int64 (stmt, 5) <= 0 || g_strcmp0 (status, TURNOUT_STATUS_REGISTERED) != 0)
        {
          g_array_append_val (stale, id);
          continue;
        }

      entry = g_new0 (TurnoutOutboxEntry, 1);
      entry->id = id;
      entry->program_id = turnout_stmt_column_int64 (stmt, 1);
      entry->person_id = turnout_stmt_column_int64 (stmt, 2);
      entry->attempts = turnout_stmt_column_int (stmt, 3);
      entry->next_attempt_at = turnout_stmt_column_int64 (stmt, 4);
      entry->on24_event_id = turnout_stmt_column_int64 (stmt, 5);
      entry->on24_event_email = turnout_stmt_column_int (stmt, 6);
      entry->person.id = entry->person_id;
      entry->person.email = turnout_db_column_dup (stmt, 8);
      entry->person.first_name = turnout_db_column_dup (stmt, 9);
      entry->person.last_name = turnout_db_column_dup (stmt, 10);
      entry->person.company = turnout_db_column_dup (stmt, 11);
      entry->person.job_title = turnout_db_column_dup (stmt, 12);
      entry->claimed_until = now + TURNOUT_OUTBOX_LEASE;
      g_ptr_array_add (entries, entry);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      goto failed;
    }

  /* The claim is written in the transaction that read the rows: another
   * sender's take waits for it (BEGIN IMMEDIATE; on PostgreSQL it skips
   * the rows locked) and then skips them. */
  for (guint i = 0; i < entries->len; i++)
    {
      TurnoutOutboxEntry *entry = g_ptr_array_index (entries, i);

      stmt = turnout_db_prepare (db,
                                 "UPDATE outbox SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1",
                                 error);
      if (stmt == NULL)
        goto failed;
      turnout_stmt_bind_int64 (stmt, 1, entry->id);
      turnout_stmt_bind_text (stmt, 2, claimant, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_int64 (stmt, 3, entry->claimed_until);
      if (!turnout_db_step_done (db, stmt, error))
        goto failed;
    }

  /* Nothing to push for someone who moved on or a program without event;
   * a push that was pending for them is no longer pending either. */
  for (guint i = 0; i < stale->len; i++)
    {
      stmt = turnout_db_prepare (db,
                                 "UPDATE outbox SET state = 'cancelled', updated_at = ?2,"
                                 " last_error = 'no longer registered' WHERE id = ?1",
                                 error);
      if (stmt == NULL)
        goto failed;
      turnout_stmt_bind_int64 (stmt, 1, g_array_index (stale, gint64, i));
      turnout_stmt_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        goto failed;

      stmt = turnout_db_prepare (db,
                                 "UPDATE memberships SET push_state = ''"
                                 " WHERE push_state = 'pending' AND (program_id, person_id) ="
                                 " (SELECT program_id, person_id FROM outbox WHERE id = ?1)"
                                 " AND NOT EXISTS (SELECT 1 FROM outbox o2, outbox o1 WHERE o1.id = ?1"
                                 "   AND o2.program_id = o1.program_id AND o2.person_id = o1.person_id"
                                 "   AND o2.state = 'pending')",
                                 error);
      if (stmt == NULL)
        goto failed;
      turnout_stmt_bind_int64 (stmt, 1, g_array_index (stale, gint64, i));
      if (!turnout_db_step_done (db, stmt, error))
        goto failed;
    }

  if (!turnout_db_commit (db, error))
    return NULL;

  return g_steal_pointer (&entries);

failed:
  turnout_db_rollback (db);
  return NULL;
}

gboolean
turnout_outbox_next_due (TurnoutDb  *db,
                         gint64      program_id,
                         gint64     *when,
                         GError    **error)
{
  TurnoutStmt *stmt;
  gboolean found = FALSE;

  stmt = turnout_db_prepare (db,
                             "SELECT min (next_attempt_at) FROM outbox WHERE kind = 'register'"
                             " AND state = 'pending' AND (?1 = 0 OR program_id = ?1)",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  if (turnout_stmt_step (stmt) == SQLITE_ROW && turnout_stmt_column_type (stmt, 0) != SQLITE_NULL)
    {
      *when = turnout_stmt_column_int64 (stmt, 0);
      found = TRUE;
    }
  turnout_stmt_reset (stmt);
  return found;
}

static gboolean
load_entry (TurnoutDb  *db,
            gint64      entry_id,
            gint64     *program_id,
            gint64     *person_id,
            GError    **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "SELECT program_id, person_id FROM outbox WHERE id = ?1",
                                           error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, entry_id);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      *program_id = turnout_stmt_column_int64 (stmt, 0);
      *person_id = turnout_stmt_column_int64 (stmt, 1);
      found = TRUE;
    }
  turnout_stmt_reset (stmt);

  if (!found)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("There is no outbox entry %" PRId64), entry_id);
  return found;
}

static gboolean
finish_entry (TurnoutDb   *db,
              gint64       entry_id,
              const char  *state,
              const char  *last_error,
              const char  *stamp,
              GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "UPDATE outbox SET state = ?2, attempts = attempts + 1,"
                                           " last_error = ?3, updated_at = ?4, claimed_by = '', claimed_until = 0"
                                           " WHERE id = ?1",
                                           error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, entry_id);
  turnout_stmt_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 3, last_error ? last_error : "", -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 4, stamp, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

gboolean
turnout_outbox_confirm (TurnoutDb  *db,
                        gint64      entry_id,
                        gint64      eventuserid,
                        GError    **error)
{
  g_autofree char *stamp = turnout_now_iso8601 ();
  gint64 program_id, person_id;
  TurnoutStmt *stmt;

  if (!turnout_db_begin (db, error))
    return FALSE;

  if (!load_entry (db, entry_id, &program_id, &person_id, error) ||
      !finish_entry (db, entry_id, "done", NULL, stamp, error))
    goto failed;

  stmt = turnout_db_prepare (db,
                             "UPDATE memberships SET on24_eventuserid = ?3, push_state = 'confirmed'"
                             " WHERE program_id = ?1 AND person_id = ?2",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  turnout_stmt_bind_int64 (stmt, 3, eventuserid);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;

  return turnout_db_commit (db, error);

failed:
  turnout_db_rollback (db);
  return FALSE;
}

gboolean
turnout_outbox_postpone (TurnoutDb   *db,
                         gint64       entry_id,
                         gint64       next_attempt_at,
                         const char  *last_error,
                         GError     **error)
{
  g_autofree char *stamp = turnout_now_iso8601 ();
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2,"
                                           " last_error = ?3, updated_at = ?4, claimed_by = '', claimed_until = 0"
                                           " WHERE id = ?1 AND state = 'pending'",
                                           error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, entry_id);
  turnout_stmt_bind_int64 (stmt, 2, next_attempt_at);
  turnout_stmt_bind_text (stmt, 3, last_error ? last_error : "", -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 4, stamp, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

TurnoutChangeResult *
turnout_outbox_refuse (TurnoutDb   *db,
                       gint64       entry_id,
                       const char  *message,
                       GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *stamp = turnout_now_iso8601 ();
  /* ON24's words become the status reason: shortened and cleaned, as any
   * text from ON24. Turnout's own words around them (“ON24 refused: …”)
   * are kept as a key, to be read in the reader's language; ON24's stay
   * as ON24 wrote them. */
  g_autofree char *reason = turnout_text_shorten (message, TURNOUT_TEXT_REASON);
  g_autofree char *code = turnout_reason_recognise (reason);
  gint64 program_id, person_id;
  TurnoutStmt *stmt;

  message = reason;
  if (!turnout_db_begin (db, error))
    return NULL;

  if (!load_entry (db, entry_id, &program_id, &person_id, error) ||
      !finish_entry (db, entry_id, "failed", message, stamp, error))
    goto failed;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;
  channel = turnout_db_get_channel (db, program->channel_key);
  g_assert (channel != NULL);

  if (!turnout_db_apply_move (db, program, channel, person_id, TURNOUT_STATUS_REGISTRATION_ERROR,
                              code ? code : message, TURNOUT_SOURCE_PROVIDER_REGISTRATION, stamp, results,
                              error))
    goto failed;

  stmt = turnout_db_prepare (db,
                             "UPDATE memberships SET push_state = 'failed'"
                             " WHERE program_id = ?1 AND person_id = ?2",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;

  if (!turnout_db_commit (db, error))
    return NULL;

  return g_ptr_array_steal_index (results, 0);

failed:
  turnout_db_rollback (db);
  return NULL;
}

static gboolean
release_claims (TurnoutDb   *db,
                const char  *claimant,
                GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "UPDATE outbox SET claimed_by = '', claimed_until = 0"
                                           " WHERE state = 'pending' AND claimed_by = ?1",
                                           error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_text (stmt, 1, claimant, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

char *
turnout_outbox_new_claimant (void)
{
  static gint counter;

  /* Unique across processes (host and pid) and senders in one process. */
  return g_strdup_printf ("%s:%d:%d", g_get_host_name (), (int) getpid (),
                          g_atomic_int_add (&counter, 1));
}

gboolean
turnout_outbox_release (TurnoutDb   *db,
                        const char  *claimant,
                        GError     **error)
{
  g_return_val_if_fail (claimant != NULL, FALSE);
  return release_claims (db, claimant, error);
}
