/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-migrations.c: the schema's versions, one step each.
 *
 * The schema version lives in PRAGMA user_version; each step of
 * turnout_migrations (turnout-schema.h) runs in order, in the one
 * transaction that also sets the new version. A new database gets the
 * webinar channel's statuses; migration 5 merges the people whose e-mail
 * keys turn out to be one (turnout-email-merge.c); migration 7 gives the
 * reasons older versions wrote their keys.
 */
#define G_LOG_DOMAIN "turnout-migrations"

#include "config.h"

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-migrations-private.h"
#include "turnout-reason.h"
#include "turnout-schema.h"
#include "turnout-schema-pg.h"

static gboolean
seed_channel (TurnoutDb       *db,
              TurnoutChannel  *channel,
              GError         **error)
{
  TurnoutStmt *stmt;
  gint64 channel_id;

  stmt = turnout_db_prepare (db, "INSERT INTO channels (key, name) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_text (stmt, 1, turnout_channel_get_key (channel), -1, SQLITE_STATIC);
  /* The untranslated name is stored; it is translated when shown. */
  turnout_stmt_bind_text (stmt, 2, "Webinar", -1, SQLITE_STATIC);
  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    return turnout_db_set_error (db, turnout_db_errcode (db), error);
  channel_id = turnout_db_last_insert_id (db);

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
      turnout_stmt_bind_int64 (stmt, 1, channel_id);
      turnout_stmt_bind_int (stmt, 2, i);
      turnout_stmt_bind_text (stmt, 3, status->key, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, 4, status->name, -1, SQLITE_STATIC);
      turnout_stmt_bind_int (stmt, 5, status->step);
      turnout_stmt_bind_int (stmt, 6, status->success);
      turnout_stmt_bind_int (stmt, 7, status->holds_seat);
      if (turnout_stmt_step (stmt) != SQLITE_DONE)
        return turnout_db_set_error (db, turnout_db_errcode (db), error);
    }

  return TRUE;
}

/* Migration 7: the reasons an older Turnout wrote in words get the key
 * and values they now have, so that they too are read in the reader's
 * language. Each distinct text is recognised once (a million members share
 * a handful of reasons), then one UPDATE per table sets the keys of every
 * row with a recognised text: one pass over each table. At a million
 * members and a million history rows, a fifth of them Turnout's own
 * reasons, the step takes about two seconds, half of it writing the
 * changed pages. Text that is not recognised (typed by a person, or
 * ON24's) keeps its empty key. */
gboolean
turnout_db_recognise_reasons (TurnoutDb  *db,
                              GError    **error)
{
  TurnoutStmt *texts, *insert;
  guint n_known = 0;
  int rc;

  if (!turnout_db_exec (db,
                        "CREATE TEMP TABLE known_reasons (text TEXT PRIMARY KEY, key TEXT NOT NULL,"
                        " args TEXT NOT NULL) WITHOUT ROWID",
                        error))
    return FALSE;

  texts = turnout_db_prepare (db,
                              "SELECT status_reason FROM memberships WHERE status_reason != ''"
                              " UNION SELECT reason FROM status_history WHERE reason != ''",
                              error);
  insert = texts == NULL ? NULL : turnout_db_prepare (db, "INSERT INTO known_reasons VALUES (?1, ?2, ?3)", error);
  if (insert == NULL)
    return FALSE;
  while ((rc = turnout_stmt_step (texts)) == SQLITE_ROW)
    {
      const char *text = (const char *) turnout_stmt_column_text (texts, 0);
      g_autofree char *code = turnout_reason_recognise (text);
      g_autofree char *english = NULL, *key = NULL, *args = NULL;

      if (code == NULL)
        continue;
      turnout_reason_split (code, &english, &key, &args);
      turnout_stmt_bind_text (insert, 1, text, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (insert, 2, key, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (insert, 3, args, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, insert, NULL))
        {
          rc = turnout_db_errcode (db);
          break;
        }
      n_known++;
    }
  turnout_stmt_reset (texts);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  if (n_known > 0 &&
      !turnout_db_exec (db,
                        "UPDATE memberships SET status_reason_key = r.key, status_reason_args = r.args"
                        " FROM temp.known_reasons r WHERE r.text = memberships.status_reason;"
                        "UPDATE status_history SET reason_key = r.key, reason_args = r.args"
                        " FROM temp.known_reasons r WHERE r.text = status_history.reason;",
                        error))
    return FALSE;

  return turnout_db_exec (db, "DROP TABLE temp.known_reasons", error);
}

/* A team database: created at TURNOUT_PG_FIRST_VERSION, in one
 * transaction that holds an advisory lock, so that two desktops opening
 * a new database at once create it once. */
G_STATIC_ASSERT (TURNOUT_PG_FIRST_VERSION + G_N_ELEMENTS (turnout_pg_migrations) == TURNOUT_DB_SCHEMA_VERSION);

static gboolean
migrate_pg (TurnoutDb  *db,
            GError    **error)
{
  TurnoutStmt *stmt;
  int version = 0;
  int rc;

  if (!turnout_db_begin (db, error))
    return FALSE;
  /* The key is Turnout's own: "TRNT" */
  if (!turnout_db_exec (db, "SELECT pg_advisory_xact_lock (1414680148)", error))
    goto failed;
  /* Its version, or 0 for a database without Turnout's tables. */
  for (guint i = 0; i < 2; i++)
    {
      stmt = turnout_db_prepare_own (db,
                                     i == 0 ? "SELECT to_regclass ('turnout_schema') IS NOT NULL"
                                            : "SELECT coalesce (max (version), 0) FROM turnout_schema",
                                     error);
      if (stmt == NULL)
        goto failed;
      rc = turnout_stmt_step (stmt);
      if (rc == SQLITE_ROW)
        version = turnout_stmt_column_int (stmt, 0);
      turnout_stmt_free (stmt);
      if (rc != SQLITE_ROW)
        {
          turnout_db_set_error (db, rc, error);
          goto failed;
        }
      if (version == 0)
        break;
    }

  if (version > TURNOUT_DB_SCHEMA_VERSION)
    {
      /* named, never spelled out: the URI may hold a password */
      g_autofree char *name = turnout_pg_describe (db->path);

      turnout_db_set_too_new_error (name, version, error);
      goto failed;
    }
  if (version == 0)
    {
      g_autoptr(TurnoutChannel) webinar = turnout_channel_get_webinar ();
      g_autofree char *set_version =
        g_strdup_printf ("INSERT INTO turnout_schema (version) VALUES (%d)", TURNOUT_PG_FIRST_VERSION);

      if (!turnout_db_exec (db, turnout_pg_schema, error) ||
          !seed_channel (db, webinar, error) ||
          !turnout_db_exec (db, set_version, error))
        goto failed;
      version = TURNOUT_PG_FIRST_VERSION;
    }
  for (; version < TURNOUT_DB_SCHEMA_VERSION; version++)
    {
      /* our own integer */
      g_autofree char *set_version = g_strdup_printf ("UPDATE turnout_schema SET version = %d", version + 1);
      g_autoptr(GError) step_error = NULL;

      if (!turnout_db_exec (db, turnout_pg_migrations[version - TURNOUT_PG_FIRST_VERSION], &step_error) ||
          !turnout_db_exec (db, set_version, &step_error))
        {
          /* a coordinator's role, not the tables' owner */
          if ((turnout_db_errcode (db) & 0xff) == SQLITE_PERM)
            {
              g_autofree char *name = turnout_pg_describe (db->path);

              turnout_db_set_needs_owner_error (name, version, error);
            }
          else
            g_propagate_error (error, g_steal_pointer (&step_error));
          goto failed;
        }
    }

  if (!turnout_db_commit (db, error))
    return FALSE;
  db->schema_version = version;
  return TRUE;

failed:
  turnout_db_rollback (db);
  return FALSE;
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

  if (db->pg != NULL)
    return migrate_pg (db, error);

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
      else if (version == 6 && !turnout_db_recognise_reasons (db, error))
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
