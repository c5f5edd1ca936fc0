/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-stmt.h: a prepared statement of either engine.
 *
 * The store's files write SQL once and run it on the embedded SQLite file
 * or on a team's PostgreSQL database. A TurnoutStmt is one or the other;
 * its calls are SQLite's, by the same names and with SQLite's result
 * codes (SQLITE_ROW, SQLITE_DONE, SQLITE_CONSTRAINT...), so the store's
 * loops read as they always did. The SQLite branch is a direct call; the
 * PostgreSQL one is turnout-pg.c's.
 *
 * Placeholders are SQLite's `?1`, `?2`...; the PostgreSQL side turns them
 * into `$1`, `$2`. Only the store's own files include this.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _TurnoutPgStmt TurnoutPgStmt;

typedef struct _TurnoutStmt
{
  sqlite3_stmt  *lite;  /* exactly one of the two is set */
  TurnoutPgStmt *pg;
  struct _TurnoutDb *gathered_db;  /* SQLite, and its SQL names a table rows are gathered for */
  guint          gathered_tables;   /* which: TurnoutGatheredTable bits */
} TurnoutStmt;

typedef enum
{
  TURNOUT_GATHERED_HISTORY     = 1 << 0,  /* status_history */
  TURNOUT_GATHERED_RULE_EVENTS = 1 << 1,  /* rule_events */
  TURNOUT_GATHERED_OUTBOX      = 1 << 2,  /* outbox */
  TURNOUT_GATHERED_MEMBERSHIPS = 1 << 3,  /* memberships (and programs, which remove theirs) */
} TurnoutGatheredTable;

/* Writes the rows gathered on @db for @tables before a statement that
 * reads or writes those tables runs (turnout-db.c). */
void                 turnout_db_before_gathered (struct _TurnoutDb *db,
                                                 guint              tables);

int                  turnout_pg_stmt_bind_int64   (TurnoutPgStmt *stmt, int index, gint64 value);
int                  turnout_pg_stmt_bind_double  (TurnoutPgStmt *stmt, int index, double value);
int                  turnout_pg_stmt_bind_text    (TurnoutPgStmt *stmt, int index, const char *text, int n);
int                  turnout_pg_stmt_bind_blob    (TurnoutPgStmt *stmt, int index, const void *data, int n);
int                  turnout_pg_stmt_bind_null    (TurnoutPgStmt *stmt, int index);
/* PostgreSQL only: @n ids as one bigint[] parameter. */
int                  turnout_pg_stmt_bind_int64_array (TurnoutPgStmt *stmt, int index, const gint64 *values, guint n);
int                  turnout_pg_stmt_clear_bindings (TurnoutPgStmt *stmt);
int                  turnout_pg_stmt_step         (TurnoutPgStmt *stmt);
int                  turnout_pg_stmt_reset        (TurnoutPgStmt *stmt);
int                  turnout_pg_stmt_column_type  (TurnoutPgStmt *stmt, int column);
gint64               turnout_pg_stmt_column_int64 (TurnoutPgStmt *stmt, int column);
double               turnout_pg_stmt_column_double (TurnoutPgStmt *stmt, int column);
const unsigned char *turnout_pg_stmt_column_text  (TurnoutPgStmt *stmt, int column);
const void          *turnout_pg_stmt_column_blob  (TurnoutPgStmt *stmt, int column);
int                  turnout_pg_stmt_column_bytes (TurnoutPgStmt *stmt, int column);
int                  turnout_pg_stmt_column_count (TurnoutPgStmt *stmt);

static inline int
turnout_stmt_bind_int64 (TurnoutStmt *stmt, int index, gint64 value)
{
  return G_LIKELY (stmt->lite) ? sqlite3_bind_int64 (stmt->lite, index, value)
                               : turnout_pg_stmt_bind_int64 (stmt->pg, index, value);
}

static inline int
turnout_stmt_bind_int (TurnoutStmt *stmt, int index, int value)
{
  return G_LIKELY (stmt->lite) ? sqlite3_bind_int (stmt->lite, index, value)
                               : turnout_pg_stmt_bind_int64 (stmt->pg, index, value);
}

static inline int
turnout_stmt_bind_double (TurnoutStmt *stmt, int index, double value)
{
  return G_LIKELY (stmt->lite) ? sqlite3_bind_double (stmt->lite, index, value)
                               : turnout_pg_stmt_bind_double (stmt->pg, index, value);
}

/* PostgreSQL always copies; a value handed over with its destroy
 * function (not SQLITE_STATIC or SQLITE_TRANSIENT) is freed once copied. */
static inline void
turnout_stmt_release (const void *value, void (*destroy) (void *))
{
  if (destroy != SQLITE_STATIC && destroy != SQLITE_TRANSIENT && value != NULL)
    destroy ((void *) value);
}

static inline int
turnout_stmt_bind_text (TurnoutStmt *stmt, int index, const char *text, int n, void (*destroy) (void *))
{
  int rc;

  if (G_LIKELY (stmt->lite))
    return sqlite3_bind_text (stmt->lite, index, text, n, destroy);
  rc = turnout_pg_stmt_bind_text (stmt->pg, index, text, n);
  turnout_stmt_release (text, destroy);
  return rc;
}

static inline int
turnout_stmt_bind_blob (TurnoutStmt *stmt, int index, const void *data, int n, void (*destroy) (void *))
{
  int rc;

  if (G_LIKELY (stmt->lite))
    return sqlite3_bind_blob (stmt->lite, index, data, n, destroy);
  rc = turnout_pg_stmt_bind_blob (stmt->pg, index, data, n);
  turnout_stmt_release (data, destroy);
  return rc;
}

static inline int
turnout_stmt_bind_null (TurnoutStmt *stmt, int index)
{
  return G_LIKELY (stmt->lite) ? sqlite3_bind_null (stmt->lite, index)
                               : turnout_pg_stmt_bind_null (stmt->pg, index);
}

static inline int
turnout_stmt_clear_bindings (TurnoutStmt *stmt)
{
  return G_LIKELY (stmt->lite) ? sqlite3_clear_bindings (stmt->lite)
                               : turnout_pg_stmt_clear_bindings (stmt->pg);
}

static inline int
turnout_stmt_step (TurnoutStmt *stmt)
{
  if (G_UNLIKELY (stmt->gathered_db != NULL))
    turnout_db_before_gathered (stmt->gathered_db, stmt->gathered_tables);
  return G_LIKELY (stmt->lite) ? sqlite3_step (stmt->lite) : turnout_pg_stmt_step (stmt->pg);
}

static inline int
turnout_stmt_reset (TurnoutStmt *stmt)
{
  return G_LIKELY (stmt->lite) ? sqlite3_reset (stmt->lite) : turnout_pg_stmt_reset (stmt->pg);
}

static inline int
turnout_stmt_column_type (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_type (stmt->lite, column)
                               : turnout_pg_stmt_column_type (stmt->pg, column);
}

static inline gint64
turnout_stmt_column_int64 (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_int64 (stmt->lite, column)
                               : turnout_pg_stmt_column_int64 (stmt->pg, column);
}

static inline int
turnout_stmt_column_int (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_int (stmt->lite, column)
                               : (int) turnout_pg_stmt_column_int64 (stmt->pg, column);
}

static inline double
turnout_stmt_column_double (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_double (stmt->lite, column)
                               : turnout_pg_stmt_column_double (stmt->pg, column);
}

static inline const unsigned char *
turnout_stmt_column_text (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_text (stmt->lite, column)
                               : turnout_pg_stmt_column_text (stmt->pg, column);
}

static inline const void *
turnout_stmt_column_blob (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_blob (stmt->lite, column)
                               : turnout_pg_stmt_column_blob (stmt->pg, column);
}

static inline int
turnout_stmt_column_bytes (TurnoutStmt *stmt, int column)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_bytes (stmt->lite, column)
                               : turnout_pg_stmt_column_bytes (stmt->pg, column);
}

/* On PostgreSQL, known once the statement has been stepped. */
static inline int
turnout_stmt_column_count (TurnoutStmt *stmt)
{
  return G_LIKELY (stmt->lite) ? sqlite3_column_count (stmt->lite) : turnout_pg_stmt_column_count (stmt->pg);
}

G_END_DECLS
