/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-forget.c: Forget Person, the right to erasure.
 *
 * The person's row stays, for the memberships and history that point at
 * it, with its e-mail address, names, company and job title emptied and
 * its key replaced by "forgotten:ID" (no address has that form). What
 * else could name them goes too: the reasons typed about them and ON24's
 * words (which may quote the address), in the memberships, the history,
 * the copies kept for Undo and the wait list's moves; the rule messages
 * about them (they start with the address); the questions they asked; and
 * their pushes to ON24 not yet sent, which can no longer be sent.
 *
 * SQLite keeps deleted content in free space unless secure_delete is on
 * (turnout_db_open() switches it on), and the WAL keeps earlier versions
 * of the pages until a checkpoint. So after the commit the WAL is
 * checkpointed and truncated, and the database file is searched for the
 * address: a copy left from before secure_delete (a file written by
 * another SQLite build) makes it rebuild the file with VACUUM, which
 * writes only live rows.
 *
 * The forgotten address is kept only as HMAC-SHA256 under a random key
 * of this database's, so a later refresh or import can skip it without
 * the address being anywhere in the file.
 */
#define G_LOG_DOMAIN "turnout-forget"
#define _GNU_SOURCE   /* memmem () */

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-forget.h"
#include "turnout-person.h"
#include "turnout-reason.h"

#define HASH_KEY_SETTING "forget-hash-key"
#define HASH_LENGTH      32

/* The person's rows in a table keyed by (program_id, person_id):
 * memberships, the history, the outbox, the questions. Their indexes
 * lead with the program, as every other lookup names one (schema
 * migration 3 dropped the index on person_id alone), so a condition on
 * the person alone read each table whole: 0.3-0.5 s of a Forget Person
 * in a database of a million members. Every program the person can be
 * in, a deleted one too (programs are only marked deleted), is a row of
 * programs, and there are few: the index is searched once per program. */
#define OF_PERSON "program_id IN (SELECT id FROM programs) AND person_id = ?1"

struct _TurnoutForgotten
{
  GHmac      *hmac;     /* keyed, nothing hashed yet: copied per address */
  GHashTable *hashes;   /* of HASH_LENGTH-byte digests */
};

static guint
digest_hash (gconstpointer key)
{
  guint hash;

  /* A digest is uniform already. */
  memcpy (&hash, key, sizeof hash);
  return hash;
}

static gboolean
digest_equal (gconstpointer a,
              gconstpointer b)
{
  return memcmp (a, b, HASH_LENGTH) == 0;
}

static GHmac *
new_hmac (const char *key)
{
  return g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key));
}

static void
digest_of (GHmac      *keyed,
           const char *email_key,
           guint8      digest[HASH_LENGTH])
{
  GHmac *hmac = g_hmac_copy (keyed);
  gsize length = HASH_LENGTH;

  g_hmac_update (hmac, (const guchar *) email_key, strlen (email_key));
  g_hmac_get_digest (hmac, digest, &length);
  g_hmac_unref (hmac);
}

/* 32 bytes from the system's randomness, in hex; NULL if it has none. */
static char *
random_key (void)
{
  guint8 bytes[32];
  GString *key;
  gsize got = 0;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0)
        return NULL;
      got += (gsize) n;
    }
  key = g_string_sized_new (2 * sizeof bytes);
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (key, "%02x", bytes[i]);
  return g_string_free (key, FALSE);
}

/* The database's hash key; made on first use when @create. */
static char *
hash_key (TurnoutDb  *db,
          gboolean    create,
          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key = turnout_db_get_setting (db, HASH_KEY_SETTING, &local_error);

  if (key != NULL || local_error != NULL || !create)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return key;
    }

  key = random_key ();
  if (key == NULL || !turnout_db_set_setting (db, HASH_KEY_SETTING, key, error))
    {
      if (key == NULL)
        g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_FAILED,
                             _("Could not make a key for the forgotten addresses"));
      g_clear_pointer (&key, g_free);
    }
  return key;
}

TurnoutForgotten *
turnout_forgotten_load (TurnoutDb  *db,
                        GError    **error)
{
  g_autoptr(TurnoutForgotten) forgotten = NULL;
  g_autofree char *key = NULL;
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db, "SELECT hash FROM forgotten_addresses", error);
  if (stmt == NULL)
    return NULL;

  forgotten = g_new0 (TurnoutForgotten, 1);
  forgotten->hashes = g_hash_table_new_full (digest_hash, digest_equal, g_free, NULL);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    if (turnout_stmt_column_bytes (stmt, 0) == HASH_LENGTH)
      g_hash_table_add (forgotten->hashes, g_memdup2 (turnout_stmt_column_blob (stmt, 0), HASH_LENGTH));
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  if (g_hash_table_size (forgotten->hashes) == 0)
    return NULL;

  key = hash_key (db, FALSE, error);
  if (key == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                             _("The key of the forgotten addresses is missing from the database"));
      return NULL;
    }
  forgotten->hmac = new_hmac (key);
  return g_steal_pointer (&forgotten);
}

gboolean
turnout_forgotten_contains (TurnoutForgotten *forgotten,
                            const char       *key)
{
  guint8 digest[HASH_LENGTH];

  if (forgotten == NULL || key == NULL)
    return FALSE;
  digest_of (forgotten->hmac, key, digest);
  return g_hash_table_contains (forgotten->hashes, digest);
}

void
turnout_forgotten_free (TurnoutForgotten *forgotten)
{
  if (forgotten == NULL)
    return;
  g_clear_pointer (&forgotten->hmac, g_hmac_unref);
  g_clear_pointer (&forgotten->hashes, g_hash_table_unref);
  g_free (forgotten);
}

gboolean
turnout_db_email_is_forgotten (TurnoutDb   *db,
                               const char  *email,
                               GError     **error)
{
  g_autoptr(TurnoutForgotten) forgotten = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) local_error = NULL;

  forgotten = turnout_forgotten_load (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  key = turnout_email_key (email);
  return turnout_forgotten_contains (forgotten, key);
}

gboolean
turnout_db_unforget_email (TurnoutDb   *db,
                           const char  *email,
                           GError     **error)
{
  g_autoptr(TurnoutForgotten) forgotten = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  guint8 digest[HASH_LENGTH];
  TurnoutStmt *stmt;

  forgotten = turnout_forgotten_load (db, &local_error);
  if (forgotten == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return local_error == NULL;
    }
  key = turnout_email_key (email);
  digest_of (forgotten->hmac, key, digest);
  if (!g_hash_table_contains (forgotten->hashes, digest))
    return TRUE;

  stmt = turnout_db_prepare (db, "DELETE FROM forgotten_addresses WHERE hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_blob (stmt, 1, digest, HASH_LENGTH, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

GArray *
turnout_db_list_person_on24_events (TurnoutDb  *db,
                                    gint64      person_id,
                                    GError    **error)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gint64));
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT DISTINCT p.on24_event_id FROM programs p"
                             " WHERE p.on24_event_id > 0"
                             " AND (EXISTS (SELECT 1 FROM memberships m WHERE m.program_id = p.id AND m.person_id = ?1)"
                             " OR EXISTS (SELECT 1 FROM status_history h"
                             "            WHERE h.program_id = p.id AND h.person_id = ?1))",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, person_id);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = turnout_stmt_column_int64 (stmt, 0);

      g_array_append_val (events, id);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  g_array_sort (events, compare_int64);
  return g_steal_pointer (&events);
}

/* Runs @sql with ?1 = @person_id; the rows it changed in @n_changed. */
static gboolean
exec_for_person (TurnoutDb   *db,
                 const char  *sql,
                 gint64       person_id,
                 guint       *n_changed,
                 GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, person_id);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;
  if (n_changed != NULL)
    *n_changed = turnout_db_changes (db);
  return TRUE;
}

static gboolean
count_for_person (TurnoutDb   *db,
                  const char  *sql,
                  gint64       person_id,
                  guint       *count,
                  GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, person_id);
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    *count = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  return rc == SQLITE_ROW || turnout_db_set_error (db, rc, error);
}

/* What could name the person, besides their row in people. A reason is
 * erased when a person typed it (no key) or it carries ON24's words.
 * Each runs with ?1 the person and ?2 the time of the erasure. */
static const char *const erasures[] = {
  "UPDATE memberships SET on24_eventuserid = NULL,"
  " status_reason = CASE WHEN status_reason_key IN ('', '" TURNOUT_REASON_ON24_REFUSED "')"
  "   THEN '' ELSE status_reason END,"
  " status_reason_args = CASE WHEN status_reason_key IN ('', '" TURNOUT_REASON_ON24_REFUSED "')"
  "   THEN '' ELSE status_reason_args END,"
  " status_reason_key = CASE WHEN status_reason_key = '" TURNOUT_REASON_ON24_REFUSED "'"
  "   THEN '' ELSE status_reason_key END,"
  " push_state = CASE WHEN push_state = 'pending' THEN '' ELSE push_state END"
  " WHERE " OF_PERSON,
  "UPDATE change_members SET on24_eventuserid = NULL,"
  " status_reason = CASE WHEN status_reason_key IN ('', '" TURNOUT_REASON_ON24_REFUSED "')"
  "   THEN '' ELSE status_reason END,"
  " status_reason_args = CASE WHEN status_reason_key IN ('', '" TURNOUT_REASON_ON24_REFUSED "')"
  "   THEN '' ELSE status_reason_args END,"
  " status_reason_key = CASE WHEN status_reason_key = '" TURNOUT_REASON_ON24_REFUSED "'"
  "   THEN '' ELSE status_reason_key END,"
  " push_state = CASE WHEN push_state = 'pending' THEN '' ELSE push_state END"
  " WHERE person_id = ?1",
  "UPDATE status_history SET reason = '', reason_args = '', reason_key = ''"
  " WHERE " OF_PERSON " AND reason_key IN ('', '" TURNOUT_REASON_ON24_REFUSED "') AND reason != ''",
  "UPDATE waitlist_moves SET reason = '' WHERE person_id = ?1 AND reason != ''",
  "UPDATE rule_events SET message = '',"
  " delivered_at = coalesce (delivered_at, ?2)"
  " WHERE person_id = ?1",
};

/* One row per program, in the history, saying who forgot the person and
 * when; the status is the member's, unchanged. */
static gboolean
write_history (TurnoutDb   *db,
               gint64       person_id,
               const char  *by,
               gboolean     on24,
               const char  *now,
               guint       *n_programs,
               GError     **error)
{
  g_autofree char *code = NULL, *text = NULL, *key = NULL, *args = NULL;
  TurnoutStmt *stmt;

  code = turnout_reason_code (on24 ? TURNOUT_REASON_PERSON_FORGOTTEN_ON24 : TURNOUT_REASON_PERSON_FORGOTTEN, by);
  turnout_reason_split (code, &text, &key, &args);

  stmt = turnout_db_prepare (db,
                             "INSERT INTO status_history (program_id, person_id, old_status, new_status,"
                             " reason, reason_key, reason_args, source, at)"
                             " SELECT x.program_id, ?1, coalesce (m.status, '" TURNOUT_STATUS_NOT_IN_PROGRAM "'),"
                             " coalesce (m.status, '" TURNOUT_STATUS_NOT_IN_PROGRAM "'), ?2, ?3, ?4, ?5, ?6"
                             " FROM (SELECT program_id FROM memberships WHERE " OF_PERSON
                             "       UNION SELECT program_id FROM status_history WHERE " OF_PERSON ") x"
                             " LEFT JOIN memberships m ON m.program_id = x.program_id AND m.person_id = ?1"
                             " ORDER BY x.program_id",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, person_id);
  turnout_stmt_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 4, args, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 5, turnout_source_to_key (TURNOUT_SOURCE_FORGET), -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;
  *n_programs = turnout_db_changes (db);
  return TRUE;
}

/* Whether the file at @path holds any of @needles. Read a block at a time,
 * each overlapping the last by the longest needle, not mapped: a mapping
 * of a large file would count towards the process's memory. */
static gboolean
file_contains (const char         *path,
               const char * const *needles,
               gboolean           *found,
               GError            **error)
{
  enum { BLOCK = 1 << 20 };
  g_autofree char *buffer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  gsize longest = 0;
  gsize kept = 0;

  *found = FALSE;
  for (guint i = 0; needles[i] != NULL; i++)
    longest = MAX (longest, strlen (needles[i]));
  if (longest == 0)
    return TRUE;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  buffer = g_malloc (BLOCK + longest);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer + kept, BLOCK, NULL, error);
      gsize length;

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
      length = kept + n;
      for (guint i = 0; needles[i] != NULL; i++)
        if (*needles[i] != '\0' && memmem (buffer, length, needles[i], strlen (needles[i])) != NULL)
          {
            *found = TRUE;
            return TRUE;
          }
      /* A needle across the boundary is found in the next block. */
      kept = MIN (length, longest - 1);
      memmove (buffer, buffer + length - kept, kept);
    }
}

/* Copies the WAL into the database file and empties it, waiting for
 * readers (the busy timeout): until then its frames hold the pages as
 * they were before the erasure. */
static gboolean
checkpoint_truncate (TurnoutDb  *db,
                     GError    **error)
{
  int rc;

  turnout_db_wait_checkpoint (db);
  rc = sqlite3_wal_checkpoint_v2 (turnout_db_get_handle (db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc == SQLITE_BUSY)
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_BUSY,
                           _("The person was forgotten, but another program kept the database busy, so "
                             "older copies of their data may remain in its write-ahead log until it closes"));
      return FALSE;
    }
  return rc == SQLITE_OK || turnout_db_set_error (db, rc, error);
}

/* After the commit: nothing of the address left in the file's bytes.
 * A team database has no file of ours: the server keeps old row versions
 * until its VACUUM, and its WAL and backups are its administrator's
 * (README, "Working as a team"). */
static gboolean
erase_from_file (TurnoutDb           *db,
                 const char          *email,
                 const char          *email_key,
                 TurnoutForgetReport *report,
                 GError             **error)
{
  sqlite3 *handle = turnout_db_get_handle (db);
  const char *path = handle != NULL ? sqlite3_db_filename (handle, "main") : NULL;
  g_autofree char *lower = g_ascii_strdown (email, -1);
  const char *needles[] = { email, email_key, lower, NULL };
  gboolean found = FALSE;

  /* An in-memory database has no file. */
  if (path == NULL || *path == '\0')
    return TRUE;

  if (!checkpoint_truncate (db, error) ||
      !file_contains (path, needles, &found, error))
    return FALSE;
  if (!found)
    return TRUE;

  /* A copy from before: the file is rebuilt from its live rows. The
   * address may also be part of someone else's (a@x.org of ja@x.org),
   * which this cannot tell apart; the rebuild is right either way. */
  g_debug ("An older copy is in the file: rebuilding it");
  if (!turnout_db_exec (db, "VACUUM", error))
    return FALSE;
  report->vacuumed = TRUE;
  return checkpoint_truncate (db, error);
}

gboolean
turnout_db_forget_person (TurnoutDb           *db,
                          gint64               person_id,
                          const char          *by,
                          gboolean             on24,
                          TurnoutForgetReport *report,
                          GError             **error)
{
  TurnoutForgetReport local_report;
  g_autofree char *email = NULL, *email_key = NULL, *key = NULL, *now = turnout_now_iso8601 ();
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[HASH_LENGTH];
  TurnoutStmt *stmt;

  g_return_val_if_fail (db != NULL, FALSE);

  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  if (by == NULL || *by == '\0')
    by = g_get_user_name ();

  if (!turnout_db_begin (db, error))
    return FALSE;

  stmt = turnout_db_prepare (db, "SELECT email, email_key FROM people WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, person_id);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      email = turnout_db_column_dup (stmt, 0);
      email_key = turnout_db_column_dup (stmt, 1);
    }
  turnout_stmt_reset (stmt);
  if (email == NULL || *email == '\0')
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                           email == NULL ? _("No such person") : _("This person was forgotten already"));
      goto failed;
    }

  key = hash_key (db, TRUE, error);
  if (key == NULL)
    goto failed;
  hmac = new_hmac (key);
  digest_of (hmac, email_key, digest);
  stmt = turnout_db_prepare (db,
                             "INSERT INTO forgotten_addresses (hash, forgotten_at) VALUES (?1, ?2)"
                             " ON CONFLICT (hash) DO NOTHING",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_blob (stmt, 1, digest, HASH_LENGTH, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;

  if (!count_for_person (db, "SELECT count(*) FROM status_history WHERE " OF_PERSON, person_id,
                         &report->n_history, error) ||
      !count_for_person (db, "SELECT count(*) FROM outbox WHERE " OF_PERSON " AND state = 'pending'", person_id,
                         &report->n_outbox, error) ||
      !exec_for_person (db,
                        "UPDATE people SET email = '', email_key = 'forgotten:' || id, first_name = '',"
                        " last_name = '', company = '', job_title = '' WHERE id = ?1",
                        person_id, NULL, error) ||
      !exec_for_person (db, "DELETE FROM member_questions WHERE " OF_PERSON, person_id,
                        &report->n_questions, error) ||
      !exec_for_person (db, "DELETE FROM outbox WHERE " OF_PERSON, person_id, NULL, error))
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (erasures); i++)
    {
      TurnoutStmt *erase = turnout_db_prepare (db, erasures[i], error);

      if (erase == NULL)
        goto failed;
      turnout_stmt_bind_int64 (erase, 1, person_id);
      if (strstr (erasures[i], "?2") != NULL)
        turnout_stmt_bind_text (erase, 2, now, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, erase, error))
        goto failed;
    }
  if (!write_history (db, person_id, by, on24, now, &report->n_programs, error))
    goto failed;

  if (!turnout_db_commit (db, error))
    return FALSE;
  if (turnout_db_get_dry_run (db))
    return TRUE;

  g_debug ("Person %" G_GINT64_FORMAT " forgotten: %u programs, %u history rows kept",
             person_id, report->n_programs, report->n_history);
  return erase_from_file (db, email, email_key, report, error);

failed:
  turnout_db_rollback (db);
  return FALSE;
}
