/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-migrations.c: the schema's versions, one step each.
 *
 * The schema version lives in PRAGMA user_version; each step of
 * turnout_migrations (turnout-schema.h) runs in order, in the one
 * transaction that also sets the new version. A new database gets the
 * webinar channel's statuses; migration 5 merges the people whose e-mail
 * keys turn out to be one (turnout-email-merge.c).
 */
#define G_LOG_DOMAIN "turnout-migrations"

#include "config.h"

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-migrations-private.h"
#include "turnout-schema.h"

static gboolean
seed_channel (TurnoutDb       *db,
              TurnoutChannel  *channel,
              GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 channel_id;

  stmt = turnout_db_prepare (db, "INSERT INTO channels (key, name) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, turnout_channel_get_key (channel), -1, SQLITE_STATIC);
  /* The untranslated name is stored; it is translated when shown. */
  sqlite3_bind_text (stmt, 2, "Webinar", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
  channel_id = sqlite3_last_insert_rowid (db->handle);

  for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      stmt = turnout_db_prepare (db,
                                 "INSERT INTO channel_statuses"
                                 " (channel_id, position, key, name, step, success, holds_seat)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, channel_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, status->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, status->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, status->step);
      sqlite3_bind_int (stmt, 6, status->success);
      sqlite3_bind_int (stmt, 7, status->holds_seat);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
    }

  return TRUE;
}

/* Brings the schema to TURNOUT_DB_SCHEMA_VERSION, every step in one
 * transaction. */
gboolean
turnout_db_migrate (TurnoutDb  *db,
                    GError    **error)
{
  int target = G_N_ELEMENTS (turnout_migrations);
  int rc;

  G_STATIC_ASSERT (G_N_ELEMENTS (turnout_migrations) == TURNOUT_DB_SCHEMA_VERSION);

  if (db->schema_version >= target)
    return TRUE;

  if (!turnout_db_begin (db, error))
    return FALSE;

  /* Another process may have created or migrated the file since the
   * version was read: go on from the one read under the write lock, or two
   * processes starting on a new file would both create its tables. */
  rc = turnout_db_read_user_version (db->handle, &db->schema_version);
  if (rc != SQLITE_OK)
    {
      turnout_db_set_error (db, rc, error);
      goto failed;
    }
  if (db->schema_version > target)
    {
      turnout_db_set_too_new_error (db->path, db->schema_version, error);
      goto failed;
    }

  for (int version = db->schema_version; version < target; version++)
    {
      g_autofree char *set_version = NULL;

      if (!turnout_db_exec (db, turnout_migrations[version], error))
        goto failed;

      if (version == 0)
        {
          g_autoptr(TurnoutChannel) webinar = turnout_channel_get_webinar ();

          if (!seed_channel (db, webinar, error))
            goto failed;
        }
      else if (version == 4 && !turnout_db_merge_email_duplicates (db, error))
        goto failed;

      /* PRAGMA takes no bound parameters; the value is our own integer. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!turnout_db_exec (db, set_version, error))
        goto failed;
    }

  if (!turnout_db_commit (db, error))
    return FALSE;

  db->schema_version = target;
  return TRUE;

failed:
  turnout_db_rollback (db);
  return FALSE;
}
