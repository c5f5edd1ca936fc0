/* turnout-db-private.h: what the store's own files share.
 *
 * Other parts of the store (the outbox, refresh, import) add their queries
 * in files of their own and use these helpers to reach the connection, the
 * statement cache and the transaction wrappers.
 */
#pragma once

#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-db.h"

G_BEGIN_DECLS

sqlite3      *turnout_db_get_handle   (TurnoutDb   *db);
sqlite3_stmt *turnout_db_prepare      (TurnoutDb   *db,
                                       const char  *sql,
                                       GError     **error);
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
                                       sqlite3_stmt  *stmt,
                                       GError       **error);
gboolean      turnout_db_begin        (TurnoutDb   *db,
                                       GError     **error);
gboolean      turnout_db_commit       (TurnoutDb   *db,
                                       GError     **error);
void          turnout_db_rollback     (TurnoutDb   *db);
gboolean      turnout_db_set_error    (TurnoutDb   *db,
                                       int          rc,
                                       GError     **error);
char         *turnout_db_column_dup   (sqlite3_stmt *stmt,
                                       int           column);
void          turnout_db_bind_text    (sqlite3_stmt *stmt,
                                       int           index,
                                       const char   *text);
guint         turnout_db_wait_checkpoint (TurnoutDb *db);

/* A person and their membership of one program, as read in the current
 * transaction. */
typedef struct
{
  const char       *email;
  gint64            membership_id;     /* 0: not a member */
  const char       *status;            /* NULL when not a member */
  gboolean          reached_success;
  TurnoutPushState  push_state;
} TurnoutMemberState;

/* A member's engagement; negative figures are stored as NULL. */
typedef struct
{
  int      live_minutes;
  int      ondemand_minutes;
  double   engagement_score;
  gboolean written;                    /* out: written with the move */
} TurnoutEngagement;

/* Moves written so far; see turnout-db.c. */
guint64       turnout_db_get_move_count     (TurnoutDb    *db);
/* Statuses known to fire no rule, for the current transaction. */
gboolean      turnout_db_rules_known_absent (TurnoutDb    *db,
                                             gint64        program_id,
                                             const char   *status);
void          turnout_db_note_rules_absent  (TurnoutDb    *db,
                                             gint64        program_id,
                                             const char   *status);
void          turnout_db_forget_rules       (TurnoutDb    *db);
void          turnout_db_bind_engagement    (sqlite3_stmt *stmt,
                                             int           first,
                                             const TurnoutEngagement *engagement);

/* The core of a status change, inside a transaction the caller holds.
 * Appends a TurnoutChangeResult to @results.
 */
gboolean      turnout_db_apply_move   (TurnoutDb      *db,
                                       const TurnoutProgram *program,
                                       TurnoutChannel *channel,
                                       gint64          person_id,
                                       const char     *to_status,
                                       const char     *reason,
                                       TurnoutSource   source,
                                       const char     *now,
                                       GPtrArray      *results,
                                       GError        **error);
gboolean      turnout_db_apply_move_full (TurnoutDb                *db,
                                          const TurnoutProgram     *program,
                                          TurnoutChannel           *channel,
                                          gint64                    person_id,
                                          const TurnoutMemberState *known,
                                          TurnoutEngagement        *engagement,
                                          const char               *to_status,
                                          const char               *reason,
                                          TurnoutSource             source,
                                          const char               *now,
                                          GPtrArray                *results,
                                          GError                  **error);

/* Plain moves written many per statement; see turnout-db.c. */
typedef struct _TurnoutPlainMoves TurnoutPlainMoves;

TurnoutPlainMoves *turnout_plain_moves_new   (TurnoutDb                *db,
                                              const TurnoutProgram     *program,
                                              TurnoutChannel           *channel,
                                              const char               *reason,
                                              TurnoutSource             source,
                                              const char               *now);
gboolean           turnout_plain_moves_add   (TurnoutPlainMoves        *moves,
                                              gint64                    person_id,
                                              const TurnoutMemberState *state,
                                              const char               *to_status,
                                              const TurnoutEngagement  *engagement);
gboolean           turnout_plain_moves_flush (TurnoutPlainMoves        *moves,
                                              GError                  **error);
void               turnout_plain_moves_free  (TurnoutPlainMoves        *moves);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutPlainMoves, turnout_plain_moves_free)

/* Migration 5: e-mail keys made again in NFC and case-folded, and the
 * people that this makes one merged, keeping every history row. Inside the
 * migration's transaction. */
gboolean      turnout_db_merge_email_duplicates (TurnoutDb  *db,
                                                 GError    **error);

/* Seats taken in @program, counted once per transaction and kept by
 * turnout_db_seats_moved() as the transaction moves people. Every write
 * of a membership's status inside a transaction reports its move there. */
gboolean      turnout_db_seats_taken  (TurnoutDb             *db,
                                       const TurnoutProgram  *program,
                                       TurnoutChannel        *channel,
                                       guint                 *taken,
                                       GError               **error);
void          turnout_db_seats_moved  (TurnoutDb             *db,
                                       gint64                 program_id,
                                       const TurnoutStatus   *from,
                                       const TurnoutStatus   *to);

/* Inside a transaction about to move @n_members: a page cache to fit, when
 * they are many, until the transaction ends. */
void          turnout_db_bulk_cache   (TurnoutDb             *db,
                                       guint                  n_members);
/* The order to move people in (by id, unless the order decides who gets a
 * seat), and the results put back in the order asked for. */
gboolean      turnout_db_move_order   (TurnoutDb             *db,
                                       const TurnoutProgram  *program,
                                       TurnoutChannel        *channel,
                                       const gint64          *person_ids,
                                       guint                  n_person_ids,
                                       guint                **order,
                                       GError               **error);
void          turnout_db_results_in_order (GPtrArray         *results,
                                           const guint       *order);

/* A bulk loop's step @done of @total: FALSE with G_IO_ERROR_CANCELLED
 * when the monitor's cancellable was cancelled (the caller rolls back). */
gboolean      turnout_db_bulk_step    (TurnoutDb             *db,
                                       guint                  done,
                                       guint                  total,
                                       GError               **error);

G_END_DECLS
