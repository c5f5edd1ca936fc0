/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-db-private.h: what the store's own files share.
 *
 * The connection itself, which only the store's files reach: its struct,
 * the statement cache, the transaction wrappers and the errors. Other parts
 * of the store (programs, people, the move engine, the outbox, refresh,
 * import) add their queries in files of their own through these. The move
 * engine's own internals are in turnout-moves-private.h.
 */
#pragma once

#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-checkpointer.h"
#include "turnout-db.h"
#include "turnout-pg.h"
#include "turnout-stmt.h"

G_BEGIN_DECLS

/* Rows of one INSERT gathered in a transaction (turnout-db.c). */
typedef struct _TurnoutGathered TurnoutGathered;

struct _TurnoutDb
{
  sqlite3    *handle;     /* NULL on a team database */
  TurnoutPg  *pg;         /* NULL on an SQLite file */
  char       *path;
  char       *moved_aside;
  GHashTable *statements;  /* SQL text -> TurnoutStmt */
  GHashTable *channels;    /* key -> TurnoutChannel */
  int         schema_version;
  guint64     moves;       /* applied moves, to tell a caller's own from a rule's */
  gint64      moving_person;    /* the member a bulk change's loop is moving (turnout_read_ahead_get ()) */
  guint64     moves_of_others;  /* applied moves of anyone else */
  gint64      rules_program;  /* the program whose rules are kept */
  GHashTable *rules;          /* status -> GPtrArray of its enabled rules (maybe none), this transaction */
  GHashTable *functions;      /* names of the SQL functions defined */
  TurnoutProgress *bulk_progress;      /* see turnout_db_set_bulk_monitor() */
  GCancellable    *bulk_cancellable;
  gint64      seats_program;  /* whose seats_taken is known, this transaction; 0: none */
  guint       seats_taken;
  /* The membership as the engine's last move left it, current while
   * moves is still last_move.count (see turnout_db_last_move_state()). */
  struct {
    guint64          count;
    gint64           program_id;   /* 0: none */
    gint64           person_id;
    gint64           membership_id;
    GString         *email;        /* kept from move to move, not reallocated */
    char             status[32];   /* its key; "" when too long to keep */
    gboolean         reached_success;
    TurnoutPushState push_state;
  } last_move;
  TurnoutCheckpointer *checkpointer;
  const struct _TurnoutMoveEffects *effects;  /* see turnout_db_set_move_effects() */
  guint       in_transaction : 1;
  guint       dry_run : 1;          /* see turnout_db_set_dry_run() */
  guint       recording : 1;        /* see turnout_db_set_recording() */
  guint       keys_unchecked : 1;   /* see turnout_db_begin_bulk() */
  /* The change being recorded in this transaction (0: none), where its
   * history and outbox rows start, and the last one committed. */
  gint64      change_id;
  gint64      change_first_history;
  gint64      change_first_outbox;
  gint64      change_first_member;
  gint64      last_kept;       /* the membership turnout_db_keep_before () kept last, this transaction */
  gint64      last_change;
  /* History rows of moves and rules' events on SQLite, gathered in a
   * transaction and written many per statement (see
   * turnout_db_gather_history ()). */
  TurnoutGathered *history;
  TurnoutGathered *rule_events;
  GError     *history_error;  /* writing them (or pushes, or moves) failed: the commit fails */
  /* Pushes to ON24 queued by moves on SQLite, gathered the same way: one
   * program and time, each member once (see turnout_db_gather_push ()). */
  GArray     *push_people;    /* gint64: the members, in the order queued */
  gint64      push_program;
  char       *push_now;
  gboolean    flushing_pushes;
  /* Members' rows moved on SQLite in a transaction, to one status with
   * one reason at one time, gathered and written many per statement (see
   * turnout_db_gather_moved ()). */
  struct {
    GArray      *ids;            /* gint64: the memberships, in the order moved */
    char        *status;         /* the lot's status key */
    gboolean     success;        /* success reached by the moves */
    gboolean     push;           /* their push state is pending */
    char        *reason;         /* as the moves were given it; NULL: none */
    char        *reason_text;    /* and as stored: text, key and values */
    char        *reason_key;
    char        *reason_args;
    char        *now;
    gboolean     flushing;
  } moved;
  /* A member's row that a move on SQLite did not write yet, because a
   * rule may move them on at once: the two moves then write the row once
   * (see turnout-moves.c, "Held rows"). Let go into the moves gathered
   * (above) before any other statement is prepared or run
   * (turnout_db_flush_held ()), and at the latest as its move ends. */
  struct {
    gboolean     active;         /* FALSE: nothing held */
    gint64       membership_id;
    const char  *status;         /* the key of the status it moves to */
    const char  *reason;         /* as the move was given it; NULL: none */
    gboolean     success;        /* success reached by that move */
    gboolean     push;           /* its push state is pending */
    const char  *now;            /* its time, the move's own */
  } held;
};

/* The connection alone; turnout_db_open() is this, migrated, with the
 * effects of a move given to the engine. */
TurnoutDb    *turnout_db_connect      (const char  *path,
                                       const char  *password,
                                       GError     **error);
int           turnout_db_read_user_version (sqlite3 *handle,
                                            int     *version);
void          turnout_db_set_too_new_error (const char  *path,
                                            int          version,
                                            GError     **error);
void          turnout_db_set_needs_owner_error (const char  *name,
                                                int          version,
                                                GError     **error);

sqlite3      *turnout_db_get_handle   (TurnoutDb   *db);
TurnoutStmt  *turnout_db_prepare      (TurnoutDb   *db,
                                       const char  *sql,
                                       GError     **error);
/* A statement of the caller's own, not cached: SQL built at run time.
 * Free it with turnout_stmt_free(). */
TurnoutStmt  *turnout_db_prepare_own  (TurnoutDb   *db,
                                       const char  *sql,
                                       GError     **error);
void          turnout_stmt_free       (TurnoutStmt *stmt);
/* Rows changed by the last statement, the id it inserted last, and the
 * code of the last error, on either engine. */
gint64        turnout_db_changes      (TurnoutDb   *db);
gint64        turnout_db_last_insert_id (TurnoutDb *db);
int           turnout_db_errcode      (TurnoutDb   *db);
gboolean      turnout_db_is_postgres  (TurnoutDb   *db);
/* After an UPDATE of one member guarded by the status it was decided
 * from: FALSE and TURNOUT_DB_ERROR_CONFLICT when it changed no row,
 * because someone else moved @email (maybe NULL) first. */
gboolean      turnout_db_check_moved  (TurnoutDb   *db,
                                       const char  *email,
                                       GError     **error);
gboolean      turnout_db_step_later   (TurnoutDb    *db,
                                       TurnoutStmt  *stmt,
                                       gboolean      expect_one,
                                       const char   *who,
                                       GError      **error);
TurnoutStmt  *turnout_db_prepare_batched (TurnoutDb   *db,
                                          const char  *sql,
                                          const char  *batch_sql,
                                          const char  *compact_sql,
                                          guint64      compact_arrays,
                                          int          key_param,
                                          GError     **error);
/* The bit of parameter ?N in a compact form's arrays. */
#define TURNOUT_BATCH_ARRAY(n) (G_GUINT64_CONSTANT (1) << (n))
gboolean      turnout_db_step_gathered (TurnoutDb    *db,
                                        TurnoutStmt  *stmt,
                                        gboolean      expect_one,
                                        const char   *who,
                                        GError      **error);
gboolean      turnout_db_gather_history (TurnoutDb   *db,
                                         gint64       program_id,
                                         gint64       person_id,
                                         const char  *old_status,
                                         const char  *new_status,
                                         const char  *reason,
                                         const char  *source,
                                         const char  *at,
                                         const char  *reason_key,
                                         const char  *reason_args,
                                         GError     **error);
gboolean      turnout_db_add_rule_event (TurnoutDb   *db,
                                         gint64       program_id,
                                         gint64       person_id,
                                         gint64       rule_id,
                                         const char  *kind,
                                         const char  *message,
                                         const char  *created_at,
                                         GError     **error);
gboolean      turnout_db_flush_history (TurnoutDb  *db,
                                        GError    **error);
gboolean      turnout_db_gather_push  (TurnoutDb   *db,
                                       gint64       program_id,
                                       gint64       person_id,
                                       const char  *now,
                                       GError     **error);
gboolean      turnout_db_flush_pushes (TurnoutDb  *db,
                                       GError    **error);
gboolean      turnout_db_flush_held   (TurnoutDb  *db,
                                       GError    **error);
gboolean      turnout_db_gather_moved (TurnoutDb   *db,
                                       gint64       membership_id,
                                       const char  *status,
                                       gboolean     success,
                                       gboolean     push,
                                       const char  *reason,
                                       const char  *now,
                                       GError     **error);
void          turnout_db_drop_held    (TurnoutDb  *db);
gboolean      turnout_db_exec         (TurnoutDb   *db,
                                       const char  *sql,
                                       GError     **error);
typedef void (*TurnoutDbFunction) (sqlite3_context  *context,
                                   int               n_args,
                                   sqlite3_value   **args);

gboolean      turnout_db_define_function (TurnoutDb          *db,
                                          const char         *name,
                                          int                 n_args,
                                          TurnoutDbFunction   func,
                                          GError            **error);
gboolean      turnout_db_step_done    (TurnoutDb     *db,
                                       TurnoutStmt   *stmt,
                                       GError       **error);
gboolean      turnout_db_begin        (TurnoutDb   *db,
                                       GError     **error);
gboolean      turnout_db_begin_bulk   (TurnoutDb   *db,
                                       guint        n_members,
                                       GError     **error);
gboolean      turnout_db_commit       (TurnoutDb   *db,
                                       GError     **error);
void          turnout_db_rollback     (TurnoutDb   *db);
/* Before the engine changes or deletes a membership: its row as it was,
 * kept for the change's Undo when one is being recorded. */
gboolean      turnout_db_keep_before  (TurnoutDb   *db,
                                       gint64       membership_id,
                                       GError     **error);
gboolean      turnout_db_set_error    (TurnoutDb   *db,
                                       int          rc,
                                       GError     **error);
char         *turnout_db_column_dup   (TurnoutStmt *stmt,
                                       int           column);
void          turnout_db_bind_text    (TurnoutStmt *stmt,
                                       int           index,
                                       const char   *text);
guint         turnout_db_wait_checkpoint (TurnoutDb *db);

/* A program's enabled rules per status, read once in the current
 * transaction: the GPtrArray's items are the rules layer's own. */
GPtrArray    *turnout_db_get_known_rules    (TurnoutDb    *db,
                                             gint64        program_id,
                                             const char   *status);
void          turnout_db_keep_rules         (TurnoutDb    *db,
                                             gint64        program_id,
                                             const char   *status,
                                             GPtrArray    *rules);
/* A status known to fire no rule, for the current transaction. */
void          turnout_db_note_rules_absent  (TurnoutDb    *db,
                                             gint64        program_id,
                                             const char   *status);
void          turnout_db_forget_rules       (TurnoutDb    *db);

G_END_DECLS
