/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-moves-private.h: the move engine, for the store's own files.
 *
 * Every change of a membership's status goes through
 * turnout_db_apply_move_full() inside a transaction the caller holds (see
 * turnout-db-private.h). What follows a move is not the engine's: the
 * layer above gives it a TurnoutMoveEffects when the database is opened.
 */
#pragma once

#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-db.h"

G_BEGIN_DECLS

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

/* Members' states read ahead for a bulk change (turnout-moves.c). */
typedef struct _TurnoutReadAhead TurnoutReadAhead;

TurnoutReadAhead         *turnout_read_ahead_new   (TurnoutDb         *db,
                                                    gint64             program_id,
                                                    const gint64      *person_ids,
                                                    const guint       *order,
                                                    guint              n_person_ids,
                                                    GError           **error);
const TurnoutMemberState *turnout_read_ahead_get   (TurnoutReadAhead  *ahead,
                                                    gint64             person_id);
void                      turnout_read_ahead_moved (TurnoutReadAhead  *ahead,
                                                    gint64             person_id);
void                      turnout_read_ahead_keep_for_undo (TurnoutReadAhead *ahead,
                                                            TurnoutChannel   *channel,
                                                            const char       *from_status,
                                                            const char       *to_status);
void                      turnout_read_ahead_free  (TurnoutReadAhead  *ahead);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutReadAhead, turnout_read_ahead_free)

/* A member's engagement and what they did besides watching (ON24's
 * counts and launch mode); negative figures and NULL are stored as NULL.
 * A move writes them all with the member's row. */
typedef struct
{
  int         live_minutes;
  int         ondemand_minutes;
  double      engagement_score;
  int         asked_questions;
  int         answered_polls;
  int         answered_surveys;
  int         resources_downloaded;
  const char *launch_mode;             /* must outlive the move's write */
  gboolean    written;                 /* out: written with the move */
} TurnoutEngagement;

/* What follows an applied move, in its transaction: promotion from the
 * wait list when a seat frees, and the program's trigger rules. They move
 * members again through the engine. */
typedef struct _TurnoutMoveEffects
{
  gboolean (*after_move)      (TurnoutDb                 *db,
                               const TurnoutProgram      *program,
                               TurnoutChannel            *channel,
                               const TurnoutChangeResult *change,
                               TurnoutSource              source,
                               const char                *now,
                               GError                   **error);
  /* Whether a move into @status may have effects; TRUE when unsure. */
  gboolean (*fire_on)         (TurnoutDb                 *db,
                               gint64                     program_id,
                               const char                *status);
  /* Whether any move in the program may; FALSE with @error on failure. */
  gboolean (*program_has_any) (TurnoutDb                 *db,
                               gint64                     program_id,
                               GError                   **error);
} TurnoutMoveEffects;

void          turnout_db_set_move_effects    (TurnoutDb                 *db,
                                              const TurnoutMoveEffects  *effects);
gboolean      turnout_db_after_move          (TurnoutDb                 *db,
                                              const TurnoutProgram      *program,
                                              TurnoutChannel            *channel,
                                              const TurnoutChangeResult *change,
                                              TurnoutSource              source,
                                              const char                *now,
                                              GError                   **error);
gboolean      turnout_db_move_has_effects    (TurnoutDb                 *db,
                                              gint64                     program_id,
                                              const char                *status);
gboolean      turnout_db_program_has_effects (TurnoutDb                 *db,
                                              gint64                     program_id,
                                              GError                   **error);

/* Moves written so far; see turnout-moves.c. */
guint64       turnout_db_get_move_count     (TurnoutDb    *db);
void          turnout_db_bind_engagement    (TurnoutStmt *stmt,
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

gboolean      turnout_db_last_move_state (TurnoutDb          *db,
                                          gint64              program_id,
                                          TurnoutChannel     *channel,
                                          gint64              person_id,
                                          TurnoutMemberState *state);

/* Plain moves written many per statement; see turnout-moves.c. */
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

/* Members per status that the seat limit and the wait list count. */
gboolean    turnout_db_count_seats        (TurnoutDb       *db,
                                           gint64           program_id,
                                           TurnoutChannel  *channel,
                                           TurnoutSeats    *seats,
                                           GError         **error);

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
