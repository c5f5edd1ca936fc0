/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-pg.h: the store's connection to a team's PostgreSQL database.
 *
 * What turnout-db.c needs to run its statements on libpq instead of
 * SQLite (turnout-stmt.h has the statements' own calls). Results are
 * SQLite's codes, so the store's callers handle both engines alike;
 * PostgreSQL's own message is kept for the error shown.
 */
#pragma once

#include <glib.h>

#include "turnout-stmt.h"

G_BEGIN_DECLS

/* A result code of our own, SQLite's ABORT extended: a write guarded by
 * what it was decided from changed nothing, someone else was first. */
#define TURNOUT_PG_CONFLICT (SQLITE_ABORT | (64 << 8))

typedef struct _TurnoutPg TurnoutPg;

gboolean       turnout_pg_is_uri          (const char  *location);
/* NULL and a message worded for a person in WHY when it cannot. */
TurnoutPg     *turnout_pg_connect         (const char  *uri,
                                           const char  *password,
                                           char       **why);
/* The same connection as libpq's own, for a caller that talks to libpq
 * itself (turnout-team-watch.c's LISTEN); it blocks while connecting. */
struct pg_conn *turnout_pg_connect_conn   (const char  *uri,
                                           const char  *password,
                                           char       **why);
void           turnout_pg_close           (TurnoutPg   *pg);
/* Whether libpq reads @uri, and whether it carries a password (in
 * user:pass@ or ?password=); @why: libpq's reason when it cannot. */
gboolean       turnout_pg_read_uri        (const char  *uri,
                                           gboolean    *has_password,
                                           char       **why);
/* The URI without any password, for titles and messages. */
char          *turnout_pg_describe        (const char  *uri);

TurnoutPgStmt *turnout_pg_prepare         (TurnoutPg   *pg,
                                           const char  *sql,
                                           int         *rc);
void           turnout_pg_stmt_free       (TurnoutPgStmt *stmt);
/* One or more statements without parameters. */
int            turnout_pg_exec            (TurnoutPg   *pg,
                                           const char  *sql);
gint64         turnout_pg_changes         (TurnoutPg   *pg);
/* A write whose outcome is not needed now: sent at once, but read with
 * the next statement that is waited for (or the commit), many in one
 * round trip (libpq's pipeline mode). @expect_one: it must change exactly
 * one row, or that later statement fails with TURNOUT_PG_CONFLICT and
 * turnout_pg_conflict_who () names @who. */
int            turnout_pg_stmt_send       (TurnoutPgStmt *stmt,
                                           gboolean       expect_one,
                                           const char    *who);
const char    *turnout_pg_conflict_who    (TurnoutPg   *pg);
/* Gives @stmt a batch form: @batch_sql, the same write over arrays of its
 * values, each parameter ?N an array of the rows' values of ?N (given as
 * text: cast it), and ?(N+1) the rows' `who`s. A guarded batch (gathered
 * with expect_one) returns the `who` of the first row that changed
 * nothing, or no row. @compact_sql (maybe NULL), used when the rows agree
 * on every other parameter it takes: arrays only for the parameters
 * whose bits (1 << N) are in @compact_arrays, the others once, as the
 * single statement takes them. @key_param (0: none) names the row
 * written: a second row with the same key sends what was gathered
 * first. */
gboolean       turnout_pg_stmt_has_batch  (TurnoutPgStmt *stmt);
int            turnout_pg_stmt_set_batch  (TurnoutPgStmt *stmt,
                                           const char    *batch_sql,
                                           const char    *compact_sql,
                                           guint64        compact_arrays,
                                           int            key_param);
/* turnout_pg_stmt_send (), gathered into @stmt's batch form when it has
 * one: sent with the rest of the batch before anything else is sent or
 * waited for. */
int            turnout_pg_stmt_gather     (TurnoutPgStmt *stmt,
                                           gboolean       expect_one,
                                           const char    *who);
gint64         turnout_pg_last_insert_id  (TurnoutPg   *pg);
int            turnout_pg_errcode         (TurnoutPg   *pg);
const char    *turnout_pg_errmsg          (TurnoutPg   *pg);
gboolean       turnout_pg_in_transaction  (TurnoutPg   *pg);
/* A field of a row in COPY's binary format: the value's bytes as the
 * server sends them (numbers in network order), @len -1 for NULL. */
typedef struct
{
  const char *data;
  int         len;
} TurnoutPgField;

/* Takes one row of @n_fields; FALSE stops the copy (it was cancelled). */
typedef gboolean (*TurnoutPgRowFunc) (const TurnoutPgField *fields,
                                      int                   n_fields,
                                      gpointer              user_data);

/* Runs `COPY (@select) TO STDOUT (FORMAT binary)` and hands each row to
 * @func as it arrives: a large result is never held whole, and is read
 * while the server still produces it. @select takes no parameters (COPY
 * cannot), and each of its rows has @n_fields columns. SQLITE_INTERRUPT
 * when @func stopped it. */
int            turnout_pg_copy_out        (TurnoutPg        *pg,
                                           const char       *select,
                                           int               n_fields,
                                           TurnoutPgRowFunc  func,
                                           gpointer          user_data);

/* A whole number field (int2, int4 or int8), 0 for NULL. */
static inline gint64
turnout_pg_field_int (const TurnoutPgField *field)
{
  const guint8 *at = (const guint8 *) field->data;
  guint64 value = 0;

  if (field->len <= 0 || field->len > 8)
    return 0;
  for (int i = 0; i < field->len; i++)
    value = value << 8 | at[i];
  /* sign-extend the shorter ones */
  if (field->len < 8 && (at[0] & 0x80))
    value |= G_MAXUINT64 << (8 * field->len);
  return (gint64) value;
}

/* A float8 field, 0 for NULL. */
static inline double
turnout_pg_field_double (const TurnoutPgField *field)
{
  union { guint64 bits; double value; } both;

  if (field->len != 8)
    return 0;
  both.bits = (guint64) turnout_pg_field_int (field);
  return both.value;
}

/* Who makes the changes, as the history records it: the database role. */
const char    *turnout_pg_user            (TurnoutPg   *pg);

G_END_DECLS
