/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-moves.c: the move engine, the one way a membership's status
 * changes.
 *
 * turnout_db_apply_move_full() moves one person inside the caller's
 * transaction by the channel's rules of movement: the seat limit, the wait
 * list's place, the outbox's push and a history row, all written together.
 * Seats are counted once per transaction and then kept as people move.
 * What follows a move (promotion from the wait list, trigger rules) lives
 * above the engine: it reaches it only through the TurnoutMoveEffects it
 * was given when the database was opened, so the engine includes and calls
 * nothing of the rules or the wait list. Plain moves, written many per
 * statement, and the bulk changes' order and progress are here too.
 */
#define G_LOG_DOMAIN "turnout-moves"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-reason.h"

/* Counts every move written through turnout_db_apply_move_full(),
 * including those rules make: a caller that holds members' state sees from
 * it whether anything but its own move changed a membership. */
guint64
turnout_db_get_move_count (TurnoutDb *db)
{
  return db->moves;
}

/* Binds live minutes, on-demand minutes and score at @first .. @first + 2,
 * negative figures as NULL. */
void
turnout_db_bind_engagement (TurnoutStmt            *stmt,
                            int                      first,
                            const TurnoutEngagement *engagement)
{
  if (engagement->live_minutes >= 0)
    turnout_stmt_bind_int (stmt, first, engagement->live_minutes);
  else
    turnout_stmt_bind_null (stmt, first);
  if (engagement->ondemand_minutes >= 0)
    turnout_stmt_bind_int (stmt, first + 1, engagement->ondemand_minutes);
  else
    turnout_stmt_bind_null (stmt, first + 1);
  if (engagement->engagement_score >= 0)
    turnout_stmt_bind_double (stmt, first + 2, engagement->engagement_score);
  else
    turnout_stmt_bind_null (stmt, first + 2);
}

static void
bind_count (TurnoutStmt *stmt,
            int           index,
            int           count)
{
  if (count >= 0)
    turnout_stmt_bind_int (stmt, index, count);
  else
    turnout_stmt_bind_null (stmt, index);
}

/* The activity of @engagement at ?13 .. ?17 of a move's statement. */
static void
bind_activity (TurnoutStmt            *stmt,
               const TurnoutEngagement *engagement)
{
  bind_count (stmt, 13, engagement->asked_questions);
  bind_count (stmt, 14, engagement->answered_polls);
  bind_count (stmt, 15, engagement->answered_surveys);
  bind_count (stmt, 16, engagement->resources_downloaded);
  if (engagement->launch_mode != NULL)
    turnout_stmt_bind_text (stmt, 17, engagement->launch_mode, -1, SQLITE_STATIC);
  else
    turnout_stmt_bind_null (stmt, 17);
}

/* The effects of a move
 *
 * The layer above the engine hands it these once, when the database is
 * opened (turnout_db_open()). Without them a move has no effects. */

void
turnout_db_set_move_effects (TurnoutDb                *db,
                             const TurnoutMoveEffects *effects)
{
  db->effects = effects;
}

static gboolean
run_effects (TurnoutDb                 *db,
             const TurnoutProgram      *program,
             TurnoutChannel            *channel,
             const TurnoutChangeResult *change,
             TurnoutSource              source,
             const char                *now,
             GError                   **error)
{
  if (db->effects == NULL)
    return TRUE;
  return db->effects->after_move (db, program, channel, change, source, now, error);
}

/* After every applied move, inside its transaction. An import that writes
 * new members without the engine (turnout-import.c) calls it too: the
 * effects of a move are reached this one way. Such a write is not the
 * engine's, so what the engine last wrote is no longer known to be current
 * (turnout_db_last_move_state()). */
gboolean
turnout_db_after_move (TurnoutDb                 *db,
                       const TurnoutProgram      *program,
                       TurnoutChannel            *channel,
                       const TurnoutChangeResult *change,
                       TurnoutSource              source,
                       const char                *now,
                       GError                   **error)
{
  db->last_move.program_id = 0;
  return run_effects (db, program, channel, change, source, now, error);
}

gboolean
turnout_db_move_has_effects (TurnoutDb  *db,
                             gint64      program_id,
                             const char *status)
{
  return db->effects != NULL && db->effects->fire_on (db, program_id, status);
}

gboolean
turnout_db_program_has_effects (TurnoutDb  *db,
                                gint64      program_id,
                                GError    **error)
{
  return db->effects != NULL && db->effects->program_has_any (db, program_id, error);
}

/* Binds a reason (a code of turnout-reason.h, or text as written) as its
 * text at @first, its key at @key and its values at @key + 1. */
static void
bind_reason (TurnoutStmt *stmt,
             int           first,
             int           key,
             const char   *reason)
{
  char *text, *reason_key, *args;

  /* Text as written (or none) is stored as it is, with no key: bound in
   * place, without taking it apart and copying it for every member. */
  if (reason == NULL || reason[0] != TURNOUT_REASON_MARK)
    {
      turnout_stmt_bind_text (stmt, first, reason ? reason : "", -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, key, "", -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, key + 1, "", -1, SQLITE_STATIC);
      return;
    }

  turnout_reason_split (reason, &text, &reason_key, &args);
  turnout_stmt_bind_text (stmt, first, text, -1, g_free);
  turnout_stmt_bind_text (stmt, key, reason_key, -1, g_free);
  turnout_stmt_bind_text (stmt, key + 1, args, -1, g_free);
}

/* A member's row as update_membership and the INSERT of a new member
 * bind it: ?2 status, ?3, ?11 and ?12 the reason, ?4 time, ?5 success
 * reached now, ?6 program, ?7 push state. Not copied, as in
 * insert_history (). */
static void
bind_row (TurnoutStmt          *stmt,
          const TurnoutProgram *program,
          const TurnoutStatus  *status,
          const char           *reason,
          const char           *now,
          gboolean              success_now,
          TurnoutPushState      push_state)
{
  turnout_stmt_bind_text (stmt, 2, status->key, -1, SQLITE_STATIC);
  bind_reason (stmt, 3, 11, reason);
  turnout_stmt_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  turnout_stmt_bind_int (stmt, 5, success_now);
  turnout_stmt_bind_int64 (stmt, 6, program->id);
  turnout_stmt_bind_text (stmt, 7, turnout_push_state_to_key (push_state), -1, SQLITE_STATIC);
}

/* Status changes */

static TurnoutAcquiredBy
acquired_for_source (TurnoutSource source)
{
  switch (source)
    {
    case TURNOUT_SOURCE_IMPORT:
      return TURNOUT_ACQUIRED_IMPORT;
    case TURNOUT_SOURCE_PROVIDER_REFRESH:
      return TURNOUT_ACQUIRED_PROVIDER_FEED;
    case TURNOUT_SOURCE_PROVIDER_REGISTRATION:
      return TURNOUT_ACQUIRED_REGISTRATION_FORM;
    case TURNOUT_SOURCE_MANUAL:
    case TURNOUT_SOURCE_BULK:
    case TURNOUT_SOURCE_RULE:
    default:
      return TURNOUT_ACQUIRED_MANUAL;
    }
}

/* One history row: ?1 program, ?2 person, ?3 and ?4 old and new status,
 * ?5 the reason's text, ?6 source, ?7 time, ?8 and ?9 the reason's key and
 * values; on a team database gathered into batches. */
static TurnoutStmt *
prepare_history_row (TurnoutDb  *db,
                     GError    **error)
{
  return turnout_db_prepare_batched (db,
                                     "INSERT INTO status_history (program_id, person_id, old_status,"
                                     " new_status, reason, source, at, reason_key, reason_args)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                     "INSERT INTO status_history (program_id, person_id, old_status,"
                                     " new_status, reason, source, at, reason_key, reason_args)"
                                     " SELECT * FROM unnest (CAST (?1 AS bigint[]), CAST (?2 AS bigint[]),"
                                     " CAST (?3 AS text[]), CAST (?4 AS text[]), CAST (?5 AS text[]),"
                                     " CAST (?6 AS text[]), CAST (?7 AS text[]), CAST (?8 AS text[]),"
                                     " CAST (?9 AS text[]))",
                                     /* the same change's rows: one program, reason, source, time */
                                     "INSERT INTO status_history (program_id, person_id, old_status,"
                                     " new_status, reason, source, at, reason_key, reason_args)"
                                     " SELECT ?1, v.person_id, v.old_status, ?4, ?5, ?6, ?7, ?8, ?9"
                                     " FROM unnest (CAST (?2 AS bigint[]), CAST (?3 AS text[]))"
                                     "   WITH ORDINALITY AS v (person_id, old_status, n) ORDER BY v.n",
                                     TURNOUT_BATCH_ARRAY (2) | TURNOUT_BATCH_ARRAY (3),
                                     0, error);
}

static gboolean
insert_history (TurnoutDb     *db,
                gint64         program_id,
                gint64         person_id,
                const char    *old_status,
                const char    *new_status,
                const char    *reason,
                TurnoutSource  source,
                const char    *now,
                GError       **error)
{
  TurnoutStmt *stmt;

  if (!turnout_db_is_postgres (db))
    {
      g_autofree char *text = NULL, *reason_key = NULL, *args = NULL;

      if (reason != NULL && reason[0] == TURNOUT_REASON_MARK)
        turnout_reason_split (reason, &text, &reason_key, &args);
      return turnout_db_gather_history (db, program_id, person_id, old_status, new_status,
                                        text != NULL ? text : reason != NULL ? reason : "",
                                        turnout_source_to_key (source), now,
                                        reason_key != NULL ? reason_key : "",
                                        args != NULL ? args : "", error);
    }

  stmt = prepare_history_row (db, error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  /* Not copied (twice per member when a rule moves them on): the texts
   * outlive the step, and turnout_db_prepare() clears the bindings before
   * the statement's next use. */
  turnout_stmt_bind_text (stmt, 3, old_status, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, new_status, -1, SQLITE_STATIC);
  bind_reason (stmt, 5, 8, reason);
  turnout_stmt_bind_text (stmt, 6, turnout_source_to_key (source), -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  return turnout_db_step_gathered (db, stmt, FALSE, NULL, error);
}

/**
 * turnout_db_count_seats:
 *
 * Members of a program per status that the seat limit and the wait list
 * count, in one GROUP BY over the program. The move engine asks it once
 * per transaction at most (turnout_db_seats_taken()), never per member.
 * @seats->capacity is left as it is.
 */
gboolean
turnout_db_count_seats (TurnoutDb       *db,
                        gint64           program_id,
                        TurnoutChannel  *channel,
                        TurnoutSeats    *seats,
                        GError         **error)
{
  TurnoutStmt *stmt;
  int rc;

  seats->taken = seats->waiting = seats->pending = 0;
  stmt = turnout_db_prepare (db,
                             "SELECT status, count(*) FROM memberships WHERE program_id = ?1"
                             " GROUP BY status",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) turnout_stmt_column_text (stmt, 0);
      const TurnoutStatus *status = turnout_channel_lookup (channel, key);
      guint n = turnout_stmt_column_int (stmt, 1);

      if (status != NULL && status->holds_seat)
        seats->taken += n;
      if (g_strcmp0 (key, TURNOUT_STATUS_WAIT_LISTED) == 0)
        seats->waiting = n;
      if (g_strcmp0 (key, TURNOUT_STATUS_PENDING_APPROVAL) == 0)
        seats->pending = n;
    }
  turnout_stmt_reset (stmt);

  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  return TRUE;
}

/* Seats taken in @program: counted once in a transaction, then kept as the
 * transaction moves people (turnout_db_seats_moved()). Counting per move
 * made a bulk change under a seat limit quadratic: 36 s for 20,000. */
gboolean
turnout_db_seats_taken (TurnoutDb             *db,
                        const TurnoutProgram  *program,
                        TurnoutChannel        *channel,
                        guint                 *taken,
                        GError               **error)
{
  TurnoutSeats seats;

  if (db->in_transaction && db->seats_program == program->id)
    {
      *taken = db->seats_taken;
      return TRUE;
    }

  /* On a team database another desktop may be filling the same seats:
   * the program's row is locked until this transaction ends, so the
   * count stays true while it moves people (the other one waits here). */
  if (db->in_transaction && db->pg != NULL)
    {
      TurnoutStmt *lock = turnout_db_prepare (db, "SELECT 1 FROM programs WHERE id = ?1 FOR UPDATE", error);
      int rc;

      if (lock == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (lock, 1, program->id);
      rc = turnout_stmt_step (lock);
      turnout_stmt_reset (lock);
      if (rc != SQLITE_ROW)
        return turnout_db_set_error (db, rc, error);
    }

  if (!turnout_db_count_seats (db, program->id, channel, &seats, error))
    return FALSE;
  if (db->in_transaction)
    {
      db->seats_program = program->id;
      db->seats_taken = seats.taken;
    }
  *taken = seats.taken;
  return TRUE;
}

void
turnout_db_seats_moved (TurnoutDb           *db,
                        gint64               program_id,
                        const TurnoutStatus *from,
                        const TurnoutStatus *to)
{
  gboolean before = from != NULL && from->holds_seat;
  gboolean after = to != NULL && to->holds_seat;

  if (db->seats_program != program_id || before == after)
    return;
  if (after)
    db->seats_taken++;
  else if (db->seats_taken > 0)
    db->seats_taken--;
}

/**
 * turnout_db_last_move_state:
 * @channel: the program's channel, which @state->status is a key of
 * @state: (out): the membership; @state->email is valid until the next move
 *
 * The membership of @person_id as the last move applied left it, when that
 * move was theirs in @program_id and no move was written since (in this
 * transaction): what follows a move, a rule changing the status again,
 * moves on from there without reading the row back. That move may be a
 * later one than the caller's own (an earlier rule moved them on).
 */
gboolean
turnout_db_last_move_state (TurnoutDb          *db,
                            gint64              program_id,
                            TurnoutChannel     *channel,
                            gint64              person_id,
                            TurnoutMemberState *state)
{
  const TurnoutStatus *status;

  if (!db->in_transaction || db->last_move.program_id != program_id ||
      db->last_move.person_id != person_id || db->last_move.count != db->moves)
    return FALSE;
  status = turnout_channel_lookup (channel, db->last_move.status);
  if (status == NULL)
    return FALSE;
  state->email = db->last_move.email->str;
  state->membership_id = db->last_move.membership_id;
  state->status = status->key;
  state->reached_success = db->last_move.reached_success;
  state->push_state = db->last_move.push_state;
  return TRUE;
}

gboolean
turnout_db_apply_move (TurnoutDb            *db,
                       const TurnoutProgram *program,
                       TurnoutChannel       *channel,
                       gint64                person_id,
                       const char           *to_status,
                       const char           *reason,
                       TurnoutSource         source,
                       const char           *now,
                       GPtrArray            *results,
                       GError              **error)
{
  return turnout_db_apply_move_full (db, program, channel, person_id, NULL, NULL, to_status, reason,
                                     source, now, results, error);
}

/* A membership's move: ?1 membership, ?2 new status, ?3 reason's text,
 * ?11 and ?12 its key and values, ?4 time, ?5 success reached now,
 * ?6 program, ?7 push state; with engagement also ?8 live minutes,
 * ?9 on-demand minutes, ?10 score and ?13 .. ?17 the activity (asked
 * questions, answered polls and surveys, resources downloaded, launch
 * mode): a refresh's move writes its member's row once, not twice. One
 * text for the single path and the batched plain moves, so both write the
 * very same row. */
#define UPDATE_MEMBERSHIP_SET \
  "UPDATE memberships SET status = ?2, status_reason = ?3," \
  " status_reason_key = ?11, status_reason_args = ?12," \
  " status_changed_at = ?4," \
  " reached_success = reached_success OR ?5," \
  " success_at = CASE WHEN reached_success THEN success_at" \
  "   WHEN ?5 THEN ?4 ELSE NULL END," \
  " waitlist_priority = CASE WHEN ?2 != 'wait-listed' THEN 0" \
  "   WHEN waitlist_priority > 0 THEN waitlist_priority" \
  "   ELSE (SELECT coalesce (max (waitlist_priority), 0) + 1" \
  "     FROM memberships WHERE program_id = ?6 AND status = 'wait-listed'" \
  "       AND waitlist_at IS NOT NULL) END," \
  " waitlist_at = CASE WHEN ?2 = 'wait-listed'" \
  "   THEN coalesce (waitlist_at, ?4) ELSE NULL END," \
  " push_state = ?7"
/* ?18: the status the move was decided from. On SQLite, one writer at a
 * time, it is always still the member's; on a team database another
 * desktop may have moved them since it was read, and then no row is
 * changed: the move is refused as a conflict (turnout_db_check_moved ()). */
static const char update_membership[] = UPDATE_MEMBERSHIP_SET " WHERE id = ?1 AND status = ?18";
static const char update_membership_with_engagement[] =
  UPDATE_MEMBERSHIP_SET ", live_minutes = ?8, ondemand_minutes = ?9, engagement_score = ?10,"
  " asked_questions = ?13, answered_polls = ?14, answered_surveys = ?15, resources_downloaded = ?16,"
  " launch_mode = ?17 WHERE id = ?1 AND status = ?18";
#undef UPDATE_MEMBERSHIP_SET

/* The same, on a team database, for a batch of members (see
 * turnout_db_prepare_batched ()): each parameter an array of the rows'
 * values, ?19 who each is. Only for moves to a status other than Wait
 * Listed, whose place in the wait list each row would take from the
 * rows before it. Returns whoever someone else moved first. */
#define BATCH_MEMBERSHIP_ROWS(more_arrays, more_names) \
  "WITH v AS (SELECT * FROM unnest (CAST (?1 AS bigint[]), CAST (?2 AS text[]), CAST (?3 AS text[])," \
  "   CAST (?4 AS text[]), CAST (?5 AS boolean[]), CAST (?7 AS text[]), CAST (?11 AS text[])," \
  "   CAST (?12 AS text[]), CAST (?18 AS text[]), CAST (?19 AS text[])" more_arrays ") WITH ORDINALITY" \
  "   AS v (id, status, reason, at, success, push_state, reason_key, reason_args, old_status, who" \
  "   " more_names ", n)),"
#define BATCH_MEMBERSHIP_SET \
  " changed AS (UPDATE memberships m SET status = v.status, status_reason = v.reason," \
  "   status_reason_key = v.reason_key, status_reason_args = v.reason_args," \
  "   status_changed_at = v.at," \
  "   reached_success = m.reached_success OR v.success," \
  "   success_at = CASE WHEN m.reached_success THEN m.success_at WHEN v.success THEN v.at ELSE NULL END," \
  "   waitlist_priority = 0, waitlist_at = NULL, push_state = v.push_state"
#define BATCH_MEMBERSHIP_END \
  "   FROM v WHERE m.id = v.id AND m.status = v.old_status RETURNING m.id)" \
  " SELECT v.who FROM v WHERE v.id NOT IN (SELECT id FROM changed) ORDER BY v.n LIMIT 1"
static const char update_membership_batch[] =
  BATCH_MEMBERSHIP_ROWS ("", "") BATCH_MEMBERSHIP_SET BATCH_MEMBERSHIP_END;
static const char update_membership_with_engagement_batch[] =
  BATCH_MEMBERSHIP_ROWS (", CAST (?8 AS bigint[]), CAST (?9 AS bigint[]), CAST (?10 AS double precision[]),"
                         " CAST (?13 AS bigint[]), CAST (?14 AS bigint[]), CAST (?15 AS bigint[]),"
                         " CAST (?16 AS bigint[]), CAST (?17 AS text[])",
                         ", live, ondemand, score, asked, polls, surveys, downloads, launch")
  BATCH_MEMBERSHIP_SET ", live_minutes = v.live, ondemand_minutes = v.ondemand, engagement_score = v.score,"
  " asked_questions = v.asked, answered_polls = v.polls, answered_surveys = v.surveys,"
  " resources_downloaded = v.downloads, launch_mode = v.launch"
  BATCH_MEMBERSHIP_END;
/* Rows that agree on all but the member (a bulk change's): the new status,
 * reason, time, success and push state once. */
static const char update_membership_compact[] =
  "WITH v AS (SELECT * FROM unnest (CAST (?1 AS bigint[]), CAST (?18 AS text[]), CAST (?19 AS text[]))"
  "   WITH ORDINALITY AS v (id, old_status, who, n)),"
  " changed AS (UPDATE memberships m SET status = ?2, status_reason = ?3,"
  "   status_reason_key = ?11, status_reason_args = ?12, status_changed_at = ?4,"
  "   reached_success = m.reached_success OR CAST (?5 AS boolean),"
  "   success_at = CASE WHEN m.reached_success THEN m.success_at WHEN CAST (?5 AS boolean) THEN ?4 ELSE NULL END,"
  "   waitlist_priority = 0, waitlist_at = NULL, push_state = ?7"
  BATCH_MEMBERSHIP_END;
#undef BATCH_MEMBERSHIP_ROWS
#undef BATCH_MEMBERSHIP_SET
#undef BATCH_MEMBERSHIP_END

/* A member's state read ahead, with the texts it points to. */
typedef struct
{
  TurnoutMemberState state;      /* first: the table's values are these */
  gint64             person_id;  /* the key */
  char              *email;
  char              *status;
} Prefetched;

static void
prefetched_free (gpointer data)
{
  Prefetched *p = data;

  g_free (p->email);
  g_free (p->status);
  g_free (p);
}

/* SQLite: a member's state in the chunk read ahead. */
typedef struct
{
  gint64            person_id;
  gint64            membership_id;
  gsize             email;        /* offsets into the chunk's texts */
  gsize             status;
  gboolean          known;        /* FALSE: no such person, or listed before in the chunk */
  gboolean          kept;         /* their membership copied for Undo with the chunk's */
  gboolean          reached_success;
  TurnoutPushState  push_state;
} ChunkRow;

struct _TurnoutReadAhead
{
  TurnoutDb          *db;
  GHashTable         *states;       /* team database: person id -> Prefetched; NULL: none (any more) */
  guint64             moves_before; /* db->moves at the last turnout_read_ahead_get () */
  guint64             others_before; /* db->moves_of_others then */

  /* SQLite: the members in the order they are moved, READ_AHEAD_CHUNK of
   * them at a time, read as the loop comes to them */
  TurnoutStmt        *chunk_stmt;   /* NULL: none */
  const gint64       *person_ids;
  const guint        *order;
  guint               n_person_ids;
  guint               next;         /* the next get's index into the order */
  guint               chunk_start;
  guint               chunk_end;    /* the chunk read holds [chunk_start, chunk_end) */
  guint               quiet;        /* moves in a row without effects */
  gint64              program_id;
  GString            *ids;          /* the chunk's ids, as a JSON array */
  GArray             *rows;         /* ChunkRow, one per index of the chunk */
  GString            *texts;        /* their emails and statuses, each ending in NUL */
  TurnoutChannel     *keep_channel; /* copying the chunk's memberships for Undo: the program's channel */
  const char         *keep_to;      /* the change's status */
  const char         *keep_from;    /* and only those in this one; NULL: any */
  GString            *kept_ids;     /* the memberships copied, as a JSON array */
  TurnoutMemberState  current;
};

#define READ_AHEAD_CHUNK 4096
/* Moves in a row with no effects before reading ahead again: when every
 * move has one (a rule moving each member on), each member is read by
 * the engine, as without a read-ahead. */
#define QUIET_TO_READ_AHEAD 16

/* The members' states for a team database, in one query, so that the
 * moves need no round trip each to read it (their writes go in the
 * pipeline: turnout_db_step_later ()). */
static gboolean
read_ahead_all (TurnoutReadAhead  *ahead,
                gint64             program_id,
                const gint64      *person_ids,
                guint              n_person_ids,
                GError           **error)
{
  g_autoptr(GHashTable) states = NULL;
  TurnoutDb *db = ahead->db;
  TurnoutStmt *stmt;
  int rc;

  states = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, prefetched_free);

  stmt = turnout_db_prepare (db,
                             "SELECT p.id, p.email, m.id, m.status, m.reached_success, m.push_state"
                             " FROM unnest (CAST (?2 AS bigint[])) AS v (id) JOIN people p ON p.id = v.id"
                             " LEFT JOIN memberships m ON m.program_id = ?1 AND m.person_id = p.id",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  rc = turnout_pg_stmt_bind_int64_array (stmt->pg, 2, person_ids, n_person_ids);
  if (rc != SQLITE_OK)
    {
      turnout_stmt_reset (stmt);
      return turnout_db_set_error (db, rc, error);
    }
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      Prefetched *p = g_new0 (Prefetched, 1);

      p->person_id = turnout_stmt_column_int64 (stmt, 0);
      p->email = turnout_db_column_dup (stmt, 1);
      p->status = turnout_db_column_dup (stmt, 3);
      p->state.email = p->email;
      p->state.membership_id = turnout_stmt_column_int64 (stmt, 2);
      p->state.status = p->status;
      p->state.reached_success = turnout_stmt_column_int (stmt, 4);
      p->state.push_state = turnout_push_state_from_key ((const char *) turnout_stmt_column_text (stmt, 5));
      g_hash_table_insert (states, &p->person_id, p);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  ahead->states = g_steal_pointer (&states);
  return TRUE;
}

/* SQLite, a change recorded for Undo: the chunk's memberships that the
 * change will move (by the channel's rules, and only from the status it
 * moves from, if it names one) copied before it, in one statement instead
 * of one per member (turnout_db_keep_before (), which then skips them).
 * A copy taken here is from before the change, or a second one of a
 * member it moved already: Undo takes the first. At 100k members the
 * copies took 0.13 s one by one, 0.05 s this way. FALSE when they could
 * not be copied: then each move keeps its own. */
static gboolean
keep_chunk (TurnoutReadAhead *ahead)
{
  TurnoutDb *db = ahead->db;
  g_autoptr(GError) error = NULL;
  TurnoutStmt *stmt;
  guint n_kept = 0;

  if (db->change_id == 0)
    return TRUE;
  g_string_assign (ahead->kept_ids, "[");
  for (guint k = 0; k < ahead->rows->len; k++)
    {
      ChunkRow *row = &g_array_index (ahead->rows, ChunkRow, k);
      const char *status = ahead->texts->str + row->status;
      TurnoutMoveOutcome outcome;

      row->kept = FALSE;
      if (!row->known || row->membership_id == 0 ||
          (ahead->keep_from != NULL && !g_str_equal (status, ahead->keep_from)))
        continue;
      outcome = turnout_channel_decide_move (ahead->keep_channel, status, ahead->keep_to, NULL);
      row->kept = outcome == TURNOUT_MOVE_CHANGED || outcome == TURNOUT_MOVE_REMOVED;
      if (row->kept)
        g_string_append_printf (ahead->kept_ids, "%s%" G_GINT64_FORMAT, n_kept++ > 0 ? "," : "", row->membership_id);
    }
  g_string_append_c (ahead->kept_ids, ']');
  if (n_kept == 0)
    return TRUE;

  stmt = turnout_db_prepare (db, "INSERT INTO change_members SELECT ?1, m.* FROM json_each (?2) j"
                             " JOIN memberships m ON m.id = j.value", &error);
  if (stmt != NULL)
    {
      turnout_stmt_bind_int64 (stmt, 1, db->change_id);
      turnout_stmt_bind_text (stmt, 2, ahead->kept_ids->str, (int) ahead->kept_ids->len, SQLITE_STATIC);
      if (turnout_db_step_done (db, stmt, &error))
        return TRUE;
    }
  g_debug ("Copying the members read ahead for Undo: %s", error->message);
  for (guint k = 0; k < ahead->rows->len; k++)
    g_array_index (ahead->rows, ChunkRow, k).kept = FALSE;
  return FALSE;
}

/* SQLite: the members from @ahead->next on, up to READ_AHEAD_CHUNK of
 * them, read in one statement. A member listed twice in the chunk is
 * read by the engine the second time, after their first move. FALSE
 * when they could not be read: then the engine reads each itself. */
static gboolean
read_ahead_chunk (TurnoutReadAhead *ahead)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  TurnoutStmt *stmt = ahead->chunk_stmt;
  guint start = ahead->next;
  guint end;
  guint i = start;
  int rc;

  /* More at a time the longer moves have had no effects, up to
   * READ_AHEAD_CHUNK: what an effect makes the engine drop is read again. */
  end = start + MIN ((gsize) ahead->quiet * 4, READ_AHEAD_CHUNK);
  end = MIN (end, ahead->n_person_ids);

  g_string_assign (ahead->ids, "[");
  for (guint k = start; k < end; k++)
    g_string_append_printf (ahead->ids, "%s%" G_GINT64_FORMAT, k > start ? "," : "",
                            ahead->person_ids[ahead->order ? ahead->order[k] : k]);
  g_string_append_c (ahead->ids, ']');

  g_array_set_size (ahead->rows, 0);
  g_string_truncate (ahead->texts, 0);
  turnout_stmt_bind_int64 (stmt, 1, ahead->program_id);
  turnout_stmt_bind_text (stmt, 2, ahead->ids->str, (int) ahead->ids->len, SQLITE_STATIC);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      const gint64 *id = &ahead->person_ids[ahead->order ? ahead->order[i] : i];
      ChunkRow row = { .person_id = *id };

      /* json_each () gives the ids in their order, one row each */
      if (i >= end || turnout_stmt_column_int64 (stmt, 0) != *id)
        break;
      row.known = turnout_stmt_column_type (stmt, 1) != SQLITE_NULL && g_hash_table_add (seen, (gpointer) id);
      if (row.known)
        {
          row.email = ahead->texts->len;
          g_string_append (ahead->texts, (const char *) turnout_stmt_column_text (stmt, 1));
          g_string_append_c (ahead->texts, '\0');
          row.membership_id = turnout_stmt_column_int64 (stmt, 2);
          row.status = ahead->texts->len;
          if (row.membership_id != 0)
            g_string_append (ahead->texts, (const char *) turnout_stmt_column_text (stmt, 3));
          g_string_append_c (ahead->texts, '\0');
          row.reached_success = turnout_stmt_column_int (stmt, 4);
          row.push_state = turnout_push_state_from_key ((const char *) turnout_stmt_column_text (stmt, 5));
        }
      g_array_append_val (ahead->rows, row);
      i++;
    }
  turnout_stmt_reset (stmt);
  if (i != end)
    return FALSE;
  ahead->chunk_start = start;
  ahead->chunk_end = end;
  return ahead->keep_to == NULL || keep_chunk (ahead);
}

/* Read ahead of a bulk change that moves @n_person_ids members in @order
 * (NULL: as listed) for it, so that each move need not read its member
 * itself, with a statement of its own (a fifth of a bulk change's time).
 * A team database reads them all at once. SQLite reads a chunk at a time
 * as the loop comes to it (read_ahead_chunk ()), and reads again what a
 * move of someone else may have made stale (turnout_read_ahead_moved ()):
 * an open cursor would make every write save and restore its position.
 * For one member it holds nothing: every get misses and the engine reads
 * as it always did. NULL only on an error. */
TurnoutReadAhead *
turnout_read_ahead_new (TurnoutDb     *db,
                        gint64         program_id,
                        const gint64  *person_ids,
                        const guint   *order,
                        guint          n_person_ids,
                        GError       **error)
{
  g_autoptr(TurnoutReadAhead) ahead = g_new0 (TurnoutReadAhead, 1);

  ahead->db = db;
  if (n_person_ids < 2)
    return g_steal_pointer (&ahead);

  if (turnout_db_is_postgres (db))
    {
      if (!read_ahead_all (ahead, program_id, person_ids, n_person_ids, error))
        return NULL;
      return g_steal_pointer (&ahead);
    }

  /* No ORDER BY: it would need a sorter (read_ahead_chunk () checks the
   * rows come in order). */
  ahead->chunk_stmt = turnout_db_prepare_own (db,
                                              "SELECT j.value, p.email, m.id, m.status, m.reached_success, m.push_state"
                                              " FROM json_each (?2) j"
                                              " LEFT JOIN people p ON p.id = j.value"
                                              " LEFT JOIN memberships m ON m.program_id = ?1 AND m.person_id = p.id",
                                              error);
  if (ahead->chunk_stmt == NULL)
    return NULL;
  ahead->person_ids = person_ids;
  ahead->order = order;
  ahead->n_person_ids = n_person_ids;
  ahead->program_id = program_id;
  ahead->ids = g_string_new (NULL);
  ahead->rows = g_array_sized_new (FALSE, FALSE, sizeof (ChunkRow), READ_AHEAD_CHUNK);
  ahead->quiet = QUIET_TO_READ_AHEAD;
  ahead->texts = g_string_new (NULL);
  return g_steal_pointer (&ahead);
}

/* SQLite: the next member's state from the chunk, or NULL. */
static const TurnoutMemberState *
read_ahead_next (TurnoutReadAhead *ahead,
                 gint64            person_id)
{
  const ChunkRow *row;

  if (ahead->next >= ahead->n_person_ids)
    return NULL;
  if (ahead->next >= ahead->chunk_end && ahead->quiet < QUIET_TO_READ_AHEAD)
    {
      ahead->chunk_start = ahead->chunk_end = ++ahead->next;
      return NULL;
    }
  if (ahead->next >= ahead->chunk_end && !read_ahead_chunk (ahead))
    {
      g_clear_pointer (&ahead->chunk_stmt, turnout_stmt_free);
      return NULL;
    }
  row = &g_array_index (ahead->rows, ChunkRow, ahead->next - ahead->chunk_start);
  ahead->next++;

  if (row->person_id != person_id)
    {
      /* A caller out of step: each move then reads its own. */
      g_clear_pointer (&ahead->chunk_stmt, turnout_stmt_free);
      return NULL;
    }
  if (!row->known)
    return NULL;
  ahead->current.email = ahead->texts->str + row->email;
  ahead->current.membership_id = row->membership_id;
  ahead->current.status = row->membership_id != 0 ? ahead->texts->str + row->status : NULL;
  ahead->current.reached_success = row->reached_success;
  ahead->current.push_state = row->push_state;
  if (row->kept)
    ahead->db->last_kept = row->membership_id;
  return &ahead->current;
}

/* The member's state as read ahead, or NULL: then read it. Called once
 * for each member in the order given to turnout_read_ahead_new (); valid
 * until the next call. */
const TurnoutMemberState *
turnout_read_ahead_get (TurnoutReadAhead *ahead,
                        gint64            person_id)
{
  ahead->moves_before = ahead->db->moves;
  ahead->others_before = ahead->db->moves_of_others;
  ahead->db->moving_person = person_id;
  if (ahead->chunk_stmt != NULL)
    return read_ahead_next (ahead, person_id);
  return ahead->states != NULL ? g_hash_table_lookup (ahead->states, &person_id) : NULL;
}

/* After the member's move. What was read ahead holds while only the
 * caller's loop moves people: a move with effects (a rule, a promotion
 * from the wait list) may have moved someone further down the list, and
 * then the rest is read again (SQLite) or dropped (a team database); a
 * member moved is read again if listed twice. */
void
turnout_read_ahead_moved (TurnoutReadAhead *ahead,
                          gint64            person_id)
{
  /* On SQLite only a move of someone else makes what was read stale: the
   * member's own second move (a rule moving them on) is read again, if
   * they are listed again, as any member listed twice. */
  if (ahead->chunk_stmt != NULL)
    {
      if (ahead->db->moves_of_others > ahead->others_before)
        {
          ahead->chunk_end = MIN (ahead->chunk_end, ahead->next);
          ahead->quiet = 0;
        }
      else
        ahead->quiet++;
    }
  if (ahead->states == NULL)
    return;
  if (ahead->db->moves > ahead->moves_before + 1)
    g_clear_pointer (&ahead->states, g_hash_table_unref);
  else
    g_hash_table_remove (ahead->states, &person_id);
}

/* The change moves the members read ahead to @to_status (from
 * @from_status only, unless NULL) by @channel's rules; all three outlive
 * @ahead. While it is recorded for Undo, their memberships are copied a
 * chunk at a time (keep_chunk ()). */
void
turnout_read_ahead_keep_for_undo (TurnoutReadAhead *ahead,
                                  TurnoutChannel   *channel,
                                  const char       *from_status,
                                  const char       *to_status)
{
  if (ahead->chunk_stmt == NULL)
    return;
  ahead->keep_channel = channel;
  ahead->keep_to = to_status;
  ahead->keep_from = from_status;
  if (ahead->kept_ids == NULL)
    ahead->kept_ids = g_string_new (NULL);
}

void
turnout_read_ahead_free (TurnoutReadAhead *ahead)
{
  if (ahead == NULL)
    return;
  ahead->db->moving_person = 0;
  g_clear_pointer (&ahead->states, g_hash_table_unref);
  turnout_stmt_free (ahead->chunk_stmt);
  if (ahead->ids != NULL)
    {
      g_string_free (ahead->ids, TRUE);
      g_array_unref (ahead->rows);
      g_string_free (ahead->texts, TRUE);
    }
  if (ahead->kept_ids != NULL)
    g_string_free (ahead->kept_ids, TRUE);
  g_free (ahead);
}

/* A team database's push for a member (turnout_db_gather_push () on
 * SQLite): any of theirs not sent superseded, a new one queued, each
 * gathered into the pipeline's batches. */
static gboolean
queue_push_pg (TurnoutDb   *db,
               gint64       program_id,
               gint64       person_id,
               const char  *now,
               GError     **error)
{
  /* each a row's statement and its batch form: ?1 program, ?2 member, ?3 time */
  static const char *const steps[][2] = {
    { "UPDATE outbox SET state = 'superseded', updated_at = ?3"
      " WHERE program_id = ?1 AND person_id = ?2 AND state = 'pending'",
      "UPDATE outbox o SET state = 'superseded', updated_at = v.at"
      " FROM unnest (CAST (?1 AS bigint[]), CAST (?2 AS bigint[]),"
      "   CAST (?3 AS text[])) AS v (program_id, person_id, at)"
      " WHERE o.program_id = v.program_id AND o.person_id = v.person_id"
      "   AND o.state = 'pending'" },
    { "INSERT INTO outbox (kind, program_id, person_id, state,"
      " created_at, updated_at) VALUES ('register', ?1, ?2, 'pending', ?3, ?3)",
      "INSERT INTO outbox (kind, program_id, person_id, state,"
      " created_at, updated_at)"
      " SELECT 'register', v.program_id, v.person_id, 'pending', v.at, v.at"
      " FROM unnest (CAST (?1 AS bigint[]), CAST (?2 AS bigint[]),"
      "   CAST (?3 AS text[])) WITH ORDINALITY AS v (program_id, person_id, at, n)"
      " ORDER BY v.n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      TurnoutStmt *stmt = turnout_db_prepare_batched (db, steps[i][0], steps[i][1], NULL, 0, 2, error);

      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, program_id);
      turnout_stmt_bind_int64 (stmt, 2, person_id);
      turnout_stmt_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      if (!turnout_db_step_gathered (db, stmt, FALSE, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Held rows
 *
 * A rule that changes the status moves a member on inside the move that
 * fired it, so a bulk change under such a rule wrote each row twice, one
 * UPDATE right after the other: half of its time at 1M members. On
 * SQLite the first move's row is held (db->held) while the rules run;
 * when the next move is the same member's, it takes the held row over
 * with its own status, reason, push state and success reached by either,
 * and the row is written once: the row the two would have left, as every
 * column the move engine writes is set from the row as it was before the
 * first. Anything else prepared or run first lets the held row go into
 * the moves gathered (turnout_db_prepare ()), which are written before
 * any statement that names the memberships, so no statement ever sees
 * the member as they were. Neither move may be to Wait Listed (its place
 * is taken from the rows before it), nor carry engagement figures, and
 * both share the same time. A change kept for Undo copies the member
 * before the first move only. */
static gboolean
row_may_wait (const TurnoutStatus     *to,
              const TurnoutEngagement *engagement)
{
  return engagement == NULL && !g_str_equal (to->key, TURNOUT_STATUS_WAIT_LISTED);
}

static gboolean
may_hold (TurnoutDb               *db,
          const TurnoutProgram    *program,
          const TurnoutStatus     *to,
          const TurnoutEngagement *engagement)
{
  return db->pg == NULL && row_may_wait (to, engagement) &&
         turnout_db_move_has_effects (db, program->id, to->key);
}

static gboolean
continues_held (TurnoutDb               *db,
                gint64                   membership_id,
                const TurnoutStatus     *to,
                const TurnoutEngagement *engagement,
                const char              *now)
{
  return db->held.active && db->held.membership_id == membership_id &&
         row_may_wait (to, engagement) && g_strcmp0 (db->held.now, now) == 0;
}

/**
 * turnout_db_apply_move_full:
 * @known: (nullable): the person and their membership as the caller read
 *   them in this transaction, still current; %NULL to read them here
 * @engagement: (nullable): engagement figures to write with the move
 *
 * turnout_db_apply_move() for callers that move many members whose state
 * they already hold (a refresh), which saves a look-up per member and a
 * second write of the same row. The engagement figures are written only
 * when the move updates an existing membership; @engagement->written says
 * whether they were.
 */
gboolean
turnout_db_apply_move_full (TurnoutDb                *db,
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
                            GError                  **error)
{
  g_autoptr(TurnoutChangeResult) result = g_new0 (TurnoutChangeResult, 1);
  g_autofree char *why = NULL;
  g_autofree char *wait_listed = NULL;
  const TurnoutStatus *from_status;
  const TurnoutStatus *effective;
  TurnoutStmt *stmt;
  gint64 membership_id = 0;
  gboolean had_success = FALSE;
  gboolean hold = FALSE;
  gboolean merged = FALSE;  /* this move writes the held row of the move before */
  gboolean success_now;     /* success reached by this move (or the one merged) */
  TurnoutPushState push_state = TURNOUT_PUSH_NONE;

  g_assert (db->in_transaction);

  result->person_id = person_id;
  if (engagement != NULL)
    engagement->written = FALSE;

  if (known != NULL)
    {
      result->email = g_strdup (known->email);
      if (known->membership_id != 0)
        {
          membership_id = known->membership_id;
          result->old_status = g_strdup (known->status);
          had_success = known->reached_success;
          push_state = known->push_state;
        }
    }
  else
    {
      /* The person and their membership, if any, in one look-up: this runs
       * once per member of every bulk change and import. */
      stmt = turnout_db_prepare (db,
                                 "SELECT p.email, m.id, m.status, m.reached_success, m.push_state"
                                 " FROM people p LEFT JOIN memberships m"
                                 "  ON m.program_id = ?1 AND m.person_id = p.id"
                                 " WHERE p.id = ?2",
                                 error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, program->id);
      turnout_stmt_bind_int64 (stmt, 2, person_id);
      if (turnout_stmt_step (stmt) == SQLITE_ROW)
        {
          result->email = turnout_db_column_dup (stmt, 0);
          if (turnout_stmt_column_type (stmt, 1) != SQLITE_NULL)
            {
              membership_id = turnout_stmt_column_int64 (stmt, 1);
              result->old_status = turnout_db_column_dup (stmt, 2);
              had_success = turnout_stmt_column_int (stmt, 3);
              push_state = turnout_push_state_from_key ((const char *) turnout_stmt_column_text (stmt, 4));
            }
        }
      turnout_stmt_reset (stmt);
    }

  if (result->email == NULL)
    {
      result->outcome = TURNOUT_MOVE_REFUSED;
      result->reason = g_strdup (_("There is no such person"));
      result->new_status = g_strdup (to_status);
      g_ptr_array_add (results, g_steal_pointer (&result));
      return TRUE;
    }

  if (result->old_status == NULL)
    result->old_status = g_strdup (TURNOUT_STATUS_NOT_IN_PROGRAM);

  result->outcome = turnout_channel_decide_move (channel, result->old_status, to_status, &why);
  result->new_status = g_strdup (to_status);
  from_status = turnout_channel_lookup (channel, result->old_status);
  effective = turnout_channel_lookup (channel, to_status);

  if (result->outcome == TURNOUT_MOVE_SKIPPED || result->outcome == TURNOUT_MOVE_REFUSED)
    {
      result->reason = g_steal_pointer (&why);
      if (result->outcome == TURNOUT_MOVE_SKIPPED && result->reason == NULL)
        result->reason = g_strdup (_("Already in this status"));
      g_ptr_array_add (results, g_steal_pointer (&result));
      return TRUE;
    }

  if (result->outcome == TURNOUT_MOVE_REMOVED)
    {
      /* Kept for Undo, when the change is recorded. */
      if (!turnout_db_keep_before (db, membership_id, error))
        return FALSE;
      stmt = turnout_db_prepare (db, "DELETE FROM memberships WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, membership_id);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
      db->moves++;
      if (person_id != db->moving_person)
        db->moves_of_others++;
      turnout_db_seats_moved (db, program->id, from_status, NULL);

      /* A push not yet sent for someone who left is not sent at all. */
      stmt = turnout_db_prepare (db,
                                 "UPDATE outbox SET state = 'cancelled', updated_at = ?3"
                                 " WHERE program_id = ?1 AND person_id = ?2 AND state = 'pending'",
                                 error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, program->id);
      turnout_stmt_bind_int64 (stmt, 2, person_id);
      turnout_stmt_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;

      result->reason = turnout_reason_render (reason);
      if (!insert_history (db, program->id, person_id, result->old_status,
                           TURNOUT_STATUS_NOT_IN_PROGRAM, reason, source, now, error))
        return FALSE;

      if (!turnout_db_after_move (db, program, channel, result, source, now, error))
        return FALSE;

      g_ptr_array_add (results, g_steal_pointer (&result));
      return TRUE;
    }

  g_assert (result->outcome == TURNOUT_MOVE_CHANGED);
  /* The result is read now, by whoever moved: in their words. */
  result->reason = turnout_reason_render (reason);

  /* Capacity: a move to Registered beyond the seat limit waits instead. */
  if (program->capacity >= 0 && g_str_equal (to_status, TURNOUT_STATUS_REGISTERED) &&
      !(from_status && from_status->holds_seat))
    {
      guint seats;

      if (!turnout_db_seats_taken (db, program, channel, &seats, error))
        return FALSE;

      if (seats >= (guint) program->capacity)
        {
          const TurnoutStatus *waiting = turnout_channel_lookup (channel, TURNOUT_STATUS_WAIT_LISTED);
          TurnoutMoveOutcome outcome;

          g_clear_pointer (&result->reason, g_free);
          outcome = turnout_channel_decide_move (channel, result->old_status,
                                                 TURNOUT_STATUS_WAIT_LISTED, &result->reason);
          g_free (result->new_status);
          result->new_status = g_strdup (TURNOUT_STATUS_WAIT_LISTED);
          result->outcome = outcome;

          if (outcome != TURNOUT_MOVE_CHANGED)
            {
              g_free (result->reason);
              result->reason = g_strdup_printf (_("No seat is free (%d of %d taken)"),
                                                (int) seats, program->capacity);
              g_ptr_array_add (results, g_steal_pointer (&result));
              return TRUE;
            }

          effective = waiting;
          reason = wait_listed = turnout_reason_code (TURNOUT_REASON_NO_SEAT_WAIT_LISTED,
                                                      (int) seats, program->capacity);
          result->reason = turnout_reason_render (reason);
        }
    }

  if (g_str_equal (effective->key, TURNOUT_STATUS_REGISTERED) && program->on24_event_id > 0)
    {
      push_state = TURNOUT_PUSH_PENDING;

      /* One push per member is enough: a newer one replaces any not sent. */
      if (!turnout_db_is_postgres (db))
        {
          if (!turnout_db_gather_push (db, program->id, person_id, now, error))
            return FALSE;
        }
      else if (!queue_push_pg (db, program->id, person_id, now, error))
        return FALSE;
    }

  if (membership_id != 0)
    {
      if (!turnout_db_keep_before (db, membership_id, error))
        return FALSE;
      /* Whether the row may wait for the rules to move the member on:
       * asked first, as it may read the rules (and let a held row go). */
      hold = may_hold (db, program, effective, engagement);
      /* The member's row from the move before, which fired the rule
       * moving them now, not written yet: this move writes it once, with
       * success reached by either. */
      merged = continues_held (db, membership_id, effective, engagement, now);
      success_now = (effective->success && !had_success) || (merged && db->held.success);
      if (hold || merged)
        {
          /* Held until the rules have run (let go at the latest below). */
          db->held.active = TRUE;
          db->held.membership_id = membership_id;
          db->held.status = effective->key;
          db->held.reason = reason;
          db->held.success = success_now;
          db->held.push = push_state == TURNOUT_PUSH_PENDING;
          db->held.now = now;
        }
      else if (row_may_wait (effective, engagement) && !turnout_db_is_postgres (db))
        {
          /* Written with the next moves like it (turnout-db.c, "Moves gathered"). */
          if (!turnout_db_gather_moved (db, membership_id, effective->key, effective->success,
                                        push_state == TURNOUT_PUSH_PENDING, reason, now, error))
            return FALSE;
        }
      else
        {
          if (engagement != NULL)
            {
              /* The same row, one write: a refresh moves most members. */
              stmt = turnout_db_prepare_batched (db, update_membership_with_engagement,
                                                 update_membership_with_engagement_batch, NULL, 0, 1, error);
              if (stmt == NULL)
                return FALSE;
              turnout_db_bind_engagement (stmt, 8, engagement);
              bind_activity (stmt, engagement);
              engagement->written = TRUE;
            }
          else
            stmt = turnout_db_prepare_batched (db, update_membership, update_membership_batch,
                                               update_membership_compact,
                                               TURNOUT_BATCH_ARRAY (1) | TURNOUT_BATCH_ARRAY (18) |
                                               TURNOUT_BATCH_ARRAY (19),
                                               1, error);
          if (stmt == NULL)
            return FALSE;
          turnout_stmt_bind_int64 (stmt, 1, membership_id);
          /* not copied: the result, and its old status, outlive the step */
          turnout_stmt_bind_text (stmt, 18, result->old_status, -1, SQLITE_STATIC);
          bind_row (stmt, program, effective, reason, now, success_now, push_state);
          /* guarded by the status it was decided from: see update_membership;
           * a place in the wait list is taken one row at a time */
          if (!(g_str_equal (effective->key, TURNOUT_STATUS_WAIT_LISTED)
                ? turnout_db_step_later (db, stmt, TRUE, result->email, error)
                : turnout_db_step_gathered (db, stmt, TRUE, result->email, error)))
            return FALSE;
        }
    }
  else
    {
      stmt = turnout_db_prepare (db,
                                 "INSERT INTO memberships (person_id, status, status_reason,"
                                 " status_changed_at, reached_success, success_at, program_id,"
                                 " push_state, member_date, acquired_by, status_reason_key,"
                                 " status_reason_args, waitlist_priority, waitlist_at)"
                                 " VALUES (?8, ?2, ?3, ?4, ?5, CASE WHEN ?5 THEN ?4 END, ?6, ?7, ?4, ?9,"
                                 " ?11, ?12,"
                                 " CASE WHEN ?2 = 'wait-listed' THEN (SELECT coalesce (max (waitlist_priority), 0) + 1"
                                 "   FROM memberships WHERE program_id = ?6 AND status = 'wait-listed'"
                                 "     AND waitlist_at IS NOT NULL) ELSE 0 END,"
                                 " CASE WHEN ?2 = 'wait-listed' THEN ?4 END)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 8, person_id);
      turnout_stmt_bind_text (stmt, 9, turnout_acquired_by_to_key (acquired_for_source (source)), -1, SQLITE_STATIC);
      bind_row (stmt, program, effective, reason, now, effective->success, push_state);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
      membership_id = turnout_db_last_insert_id (db);
    }
  db->moves++;
  if (person_id != db->moving_person)
    db->moves_of_others++;
  turnout_db_seats_moved (db, program->id, from_status, effective);

  if (!insert_history (db, program->id, person_id, result->old_status, effective->key,
                       reason, source, now, error))
    return FALSE;

  db->last_move.count = db->moves;
  db->last_move.program_id = program->id;
  db->last_move.person_id = person_id;
  db->last_move.membership_id = membership_id;
  g_string_assign (db->last_move.email, result->email);
  if (g_strlcpy (db->last_move.status, effective->key, sizeof db->last_move.status) >=
      sizeof db->last_move.status)
    db->last_move.status[0] = '\0';
  db->last_move.reached_success = had_success || effective->success;
  db->last_move.push_state = push_state;

  /* Trigger rules and wait list promotion, in this same transaction. A
   * row held above is let go by now, or here: a later move of the same
   * member that took it over let it go before returning, and any other
   * statement first. */
  if (!run_effects (db, program, channel, result, source, now, error))
    {
      turnout_db_drop_held (db);
      return FALSE;
    }
  if (!turnout_db_flush_held (db, error))
    return FALSE;

  g_ptr_array_add (results, g_steal_pointer (&result));
  return TRUE;
}

/* Plain moves, many per statement
 *
 * A refresh moves tens of thousands of members from Registered to Attended
 * at once. Each such move writes one membership row and one history row and
 * nothing else: no seat is counted, no push queued, no rule fires. These
 * write the very same rows without a look-up per move, the history
 * PLAIN_BATCH rows per statement. */

#define PLAIN_BATCH 64
#define PLAIN_HISTORY_PARAMS 3
#define PLAIN_HISTORY_FIRST  7

typedef struct
{
  gint64               membership_id;
  gint64               person_id;
  const char          *old_status;
  const TurnoutStatus *to;
  gboolean             success_now;
  TurnoutPushState     push_state;
  TurnoutEngagement    engagement;
} PlainMove;

struct _TurnoutPlainMoves
{
  TurnoutDb            *db;
  const TurnoutProgram *program;
  TurnoutChannel       *channel;
  TurnoutSource         source;
  char                 *reason;       /* its text, key and values, as stored */
  char                 *reason_key;
  char                 *reason_args;
  char                 *now;
  GArray               *pending;     /* PlainMove */
  TurnoutStmt         *history[2];  /* one row, PLAIN_BATCH rows */
};

TurnoutPlainMoves *
turnout_plain_moves_new (TurnoutDb            *db,
                         const TurnoutProgram *program,
                         TurnoutChannel       *channel,
                         const char           *reason,
                         TurnoutSource         source,
                         const char           *now)
{
  TurnoutPlainMoves *moves = g_new0 (TurnoutPlainMoves, 1);

  moves->db = db;
  moves->program = program;
  moves->channel = channel;
  moves->source = source;
  turnout_reason_split (reason, &moves->reason, &moves->reason_key, &moves->reason_args);
  moves->now = g_strdup (now);
  moves->pending = g_array_new (FALSE, FALSE, sizeof (PlainMove));
  return moves;
}

void
turnout_plain_moves_free (TurnoutPlainMoves *moves)
{
  if (moves == NULL)
    return;
  for (guint i = 0; i < 2; i++)
    turnout_stmt_free (moves->history[i]);
  g_array_unref (moves->pending);
  g_free (moves->reason);
  g_free (moves->reason_key);
  g_free (moves->reason_args);
  g_free (moves->now);
  g_free (moves);
}

/**
 * turnout_plain_moves_add:
 * @state: the member as read in this transaction, still current
 *
 * Queues the move of a member to @to_status with @engagement when it is a
 * plain one, to be written by turnout_plain_moves_flush(): one the channel
 * allows, to a status that takes no seat count, push or wait list place,
 * that frees no seat, and on which no enabled rule of the program fires.
 * Returns %FALSE, queuing nothing, for any other move, which the caller
 * applies with turnout_db_apply_move_full() after a flush.
 */
gboolean
turnout_plain_moves_add (TurnoutPlainMoves        *moves,
                         gint64                    person_id,
                         const TurnoutMemberState *state,
                         const char               *to_status,
                         const TurnoutEngagement  *engagement)
{
  const TurnoutStatus *from = turnout_channel_lookup (moves->channel, state->status);
  const TurnoutStatus *to = turnout_channel_lookup (moves->channel, to_status);
  PlainMove move;

  if (state->membership_id == 0 || from == NULL || to == NULL ||
      g_str_equal (to->key, TURNOUT_STATUS_REGISTERED) || g_str_equal (to->key, TURNOUT_STATUS_WAIT_LISTED) ||
      g_str_equal (to->key, TURNOUT_STATUS_NOT_IN_PROGRAM) ||
      (from->holds_seat && !to->holds_seat) ||
      turnout_channel_decide_move (moves->channel, state->status, to_status, NULL) != TURNOUT_MOVE_CHANGED ||
      turnout_db_move_has_effects (moves->db, moves->program->id, to->key))
    return FALSE;

  move.membership_id = state->membership_id;
  move.person_id = person_id;
  move.old_status = from->key;
  move.to = to;
  move.success_now = to->success && !state->reached_success;
  move.push_state = state->push_state;
  move.engagement = *engagement;
  g_array_append_val (moves->pending, move);
  return TRUE;
}

/* ?1 program, ?2 reason's text, ?3 source, ?4 time, ?5 and ?6 the
 * reason's key and values; then person, old and new status of each row. */
static TurnoutStmt *
prepare_history (TurnoutDb  *db,
                 guint       rows,
                 GError    **error)
{
  /* OR FAIL, as the gathered history rows are (see turnout-db.c). */
  g_autoptr(GString) sql = g_string_new ("INSERT OR FAIL INTO status_history (program_id, person_id, old_status,"
                                         " new_status, reason, source, at, reason_key, reason_args) VALUES ");

  for (guint i = 0; i < rows; i++)
    {
      guint first = PLAIN_HISTORY_FIRST + PLAIN_HISTORY_PARAMS * i;

      g_string_append_printf (sql, "%s(?1, ?%u, ?%u, ?%u, ?2, ?3, ?4, ?5, ?6)", i > 0 ? "," : "",
                              first, first + 1, first + 2);
    }

  return turnout_db_prepare_own (db, sql->str, error);
}

/* The same rows as turnout_db_apply_move_full() writes for such a move (a
 * status that is not Wait Listed clears the wait list place), the history
 * rows many per statement. */
static gboolean
write_plain (TurnoutPlainMoves  *moves,
             const PlainMove    *batch,
             guint               rows,
             GError            **error)
{
  guint shape = rows == 1 ? 0 : 1;
  TurnoutStmt *stmt;
  int rc;

  g_assert (rows == 1 || rows == PLAIN_BATCH);

  /* One statement per row, the single path's own: an UPDATE ... FROM
   * (VALUES ...) materialises the rows and collects the matches first,
   * which cost as much as it saved. */
  stmt = turnout_db_prepare_batched (moves->db, update_membership_with_engagement,
                                     update_membership_with_engagement_batch, NULL, 0, 1, error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_text (stmt, 3, moves->reason, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 11, moves->reason_key, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 12, moves->reason_args, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, moves->now, -1, SQLITE_STATIC);
  turnout_stmt_bind_int64 (stmt, 6, moves->program->id);
  for (guint i = 0; i < rows; i++)
    {
      const PlainMove *move = &batch[i];

      if (!turnout_db_keep_before (moves->db, move->membership_id, error))
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, move->membership_id);
      turnout_stmt_bind_text (stmt, 18, move->old_status, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, 2, move->to->key, -1, SQLITE_STATIC);
      turnout_stmt_bind_int (stmt, 5, move->success_now);
      turnout_stmt_bind_text (stmt, 7, turnout_push_state_to_key (move->push_state), -1, SQLITE_STATIC);
      turnout_db_bind_engagement (stmt, 8, &move->engagement);
      bind_activity (stmt, &move->engagement);
      if (!turnout_db_step_gathered (moves->db, stmt, TRUE, NULL, error))
        return FALSE;
    }

  /* A team database gathers the history rows too, one batch for all:
   * row by row, what the rows share bound once. */
  if (turnout_db_is_postgres (moves->db))
    {
      stmt = prepare_history_row (moves->db, error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, moves->program->id);
      turnout_stmt_bind_text (stmt, 5, moves->reason, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, 6, turnout_source_to_key (moves->source), -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, 7, moves->now, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, 8, moves->reason_key, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, 9, moves->reason_args, -1, SQLITE_STATIC);
      for (guint i = 0; i < rows; i++)
        {
          turnout_stmt_bind_int64 (stmt, 2, batch[i].person_id);
          turnout_stmt_bind_text (stmt, 3, batch[i].old_status, -1, SQLITE_STATIC);
          turnout_stmt_bind_text (stmt, 4, batch[i].to->key, -1, SQLITE_STATIC);
          if (!turnout_db_step_gathered (moves->db, stmt, FALSE, NULL, error))
            return FALSE;
        }
      moves->db->moves += rows;
      moves->db->moves_of_others += rows;
      return TRUE;
    }

  if (moves->history[shape] == NULL)
    moves->history[shape] = prepare_history (moves->db, rows, error);
  stmt = moves->history[shape];
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, moves->program->id);
  turnout_stmt_bind_text (stmt, 2, moves->reason, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 3, turnout_source_to_key (moves->source), -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, moves->now, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 5, moves->reason_key, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 6, moves->reason_args, -1, SQLITE_STATIC);
  for (guint i = 0; i < rows; i++)
    {
      const PlainMove *move = &batch[i];
      int first = PLAIN_HISTORY_FIRST + PLAIN_HISTORY_PARAMS * i;

      turnout_stmt_bind_int64 (stmt, first, move->person_id);
      turnout_stmt_bind_text (stmt, first + 1, move->old_status, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, first + 2, move->to->key, -1, SQLITE_STATIC);
    }
  rc = turnout_stmt_step (stmt);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (moves->db, rc, error);

  moves->db->moves += rows;
  moves->db->moves_of_others += rows;
  return TRUE;
}

/* Writes the queued moves, in the order they were queued. */
gboolean
turnout_plain_moves_flush (TurnoutPlainMoves  *moves,
                           GError            **error)
{
  const PlainMove *pending = (const PlainMove *) (gpointer) moves->pending->data;
  guint n = moves->pending->len;
  guint done = 0;

  g_assert (moves->db->in_transaction);

  while (done < n)
    {
      guint rows = n - done >= PLAIN_BATCH ? PLAIN_BATCH : 1;

      if (!write_plain (moves, pending + done, rows, error))
        {
          g_array_set_size (moves->pending, 0);
          return FALSE;
        }
      /* Into a seat from none (Invited to Attended): the count follows. */
      for (guint i = done; i < done + rows; i++)
        turnout_db_seats_moved (moves->db, moves->program->id,
                                turnout_channel_lookup (moves->channel, pending[i].old_status), pending[i].to);
      done += rows;
    }
  g_array_set_size (moves->pending, 0);
  return TRUE;
}

typedef struct
{
  gint64 person_id;
  guint  index;
} OrderEntry;

static int
compare_order_entries (const void *a,
                       const void *b)
{
  const OrderEntry *x = a;
  const OrderEntry *y = b;

  if (x->person_id != y->person_id)
    return x->person_id < y->person_id ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * turnout_db_move_order:
 * @order: (out) (transfer full): indexes into @person_ids in the order to
 *   move them, or %NULL to move them in the order given
 *
 * A table's selection or a list sorted by name hands over members in an
 * order unrelated to where their rows are. Moved by person id instead,
 * the transaction reads and writes the tables and indexes front to back,
 * which a large change needs: at a million members, in random order, SQLite
 * read most pages several times. The order is kept when it decides the
 * outcome: when seats could run out, and with a seat limit and rules (a
 * rule may promote from the wait list). Call inside the transaction, then
 * turnout_db_results_in_order().
 */
gboolean
turnout_db_move_order (TurnoutDb             *db,
                       const TurnoutProgram  *program,
                       TurnoutChannel        *channel,
                       const gint64          *person_ids,
                       guint                  n_person_ids,
                       guint                **order,
                       GError               **error)
{
  g_autofree OrderEntry *entries = NULL;

  *order = NULL;
  if (n_person_ids < 2)
    return TRUE;

  if (program->capacity >= 0)
    {
      g_autoptr(GError) local_error = NULL;
      guint taken;

      if (!turnout_db_seats_taken (db, program, channel, &taken, error))
        return FALSE;
      if ((guint64) taken + n_person_ids > (guint64) program->capacity)
        return TRUE;
      if (turnout_db_program_has_effects (db, program->id, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  entries = g_new (OrderEntry, n_person_ids);
  for (guint i = 0; i < n_person_ids; i++)
    {
      entries[i].person_id = person_ids[i];
      entries[i].index = i;
    }
  qsort (entries, n_person_ids, sizeof *entries, compare_order_entries);

  *order = g_new (guint, n_person_ids);
  for (guint i = 0; i < n_person_ids; i++)
    (*order)[i] = entries[i].index;
  return TRUE;
}

/* Puts results made in @order (one per person) back in the order of the
 * people asked for. */
void
turnout_db_results_in_order (GPtrArray   *results,
                             const guint *order)
{
  g_autofree gpointer *moved = NULL;

  if (order == NULL)
    return;
  g_return_if_fail (results->len > 0);

  moved = g_new (gpointer, results->len);
  for (guint k = 0; k < results->len; k++)
    moved[order[k]] = results->pdata[k];
  memcpy (results->pdata, moved, results->len * sizeof (gpointer));
}

void
turnout_db_set_bulk_monitor (TurnoutDb       *db,
                             TurnoutProgress *progress,
                             GCancellable    *cancellable)
{
  db->bulk_progress = progress;
  g_set_object (&db->bulk_cancellable, cancellable);
}

/* Checked every 256 members: a cancellation is seen within a millisecond
 * or two, and the atomics cost nothing next to a move. */
gboolean
turnout_db_bulk_step (TurnoutDb  *db,
                      guint       done,
                      guint       total,
                      GError    **error)
{
  if (done % 256 != 0 && done != total)
    return TRUE;
  if (db->bulk_progress != NULL)
    {
      if (done == 0)
        g_atomic_int_set (&db->bulk_progress->total, (gint) total);
      g_atomic_int_set (&db->bulk_progress->done, (gint) done);
    }
  return !g_cancellable_set_error_if_cancelled (db->bulk_cancellable, error);
}

/* Moves for turnout_db_change_status() and _counted(): with @results,
 * one per person in the order asked for; without, only @summary and
 * @refusal, each result freed once counted (a window changing a million
 * members needs the counts, not a million results). */
static gboolean
change_status (TurnoutDb             *db,
               gint64                 program_id,
               const char            *to_status,
               const gint64          *person_ids,
               guint                  n_person_ids,
               const char            *reason,
               TurnoutSource          source,
               GPtrArray             *results,
               TurnoutChangeSummary  *summary,
               char                 **refusal,
               GError               **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  g_autofree char *clean_reason = NULL;
  g_autofree guint *order = NULL;
  g_autoptr(TurnoutReadAhead) ahead = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (to_status != NULL, FALSE);
  g_return_val_if_fail (person_ids != NULL || n_person_ids == 0, FALSE);

  if (reason != NULL)
    {
      clean_reason = g_strstrip (g_strdup (reason));
      if (!turnout_db_check_text (clean_reason, TURNOUT_TEXT_REASON, error))
        return FALSE;
    }

  if (!turnout_db_begin_bulk (db, n_person_ids, error))
    return FALSE;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;

  channel = turnout_db_get_channel (db, program->channel_key);
  if (channel == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                   _("The program’s channel “%s” is missing"), program->channel_key);
      goto failed;
    }

  if (turnout_channel_lookup (channel, to_status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"),
                   to_status, turnout_channel_get_name (channel));
      goto failed;
    }

  if (!turnout_db_move_order (db, program, channel, person_ids, n_person_ids, &order, error))
    goto failed;

  made = results ? g_ptr_array_ref (results)
                 : g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  ahead = turnout_read_ahead_new (db, program_id, person_ids, order, n_person_ids, error);
  if (ahead == NULL)
    goto failed;
  turnout_read_ahead_keep_for_undo (ahead, channel, NULL, to_status);
  for (guint i = 0; i < n_person_ids; i++)
    {
      gint64 person_id = person_ids[order ? order[i] : i];

      if (!turnout_db_bulk_step (db, i, n_person_ids, error) ||
          !turnout_db_apply_move_full (db, program, channel, person_id, turnout_read_ahead_get (ahead, person_id),
                                       NULL, to_status, clean_reason && *clean_reason ? clean_reason : NULL,
                                       source, now, made, error))
        goto failed;
      turnout_read_ahead_moved (ahead, person_id);
      if (results == NULL)
        {
          TurnoutChangeResult *r = g_ptr_array_index (made, 0);

          turnout_change_summary_add (summary, r);
          if (r->outcome == TURNOUT_MOVE_REFUSED && *refusal == NULL)
            *refusal = g_strdup (r->reason);
          g_ptr_array_set_size (made, 0);
        }
    }
  turnout_db_bulk_step (db, n_person_ids, n_person_ids, NULL);

  if (!turnout_db_commit (db, error))
    return FALSE;

  if (results != NULL)
    {
      g_assert (results->len == n_person_ids);
      turnout_db_results_in_order (results, order);
    }
  return TRUE;

failed:
  turnout_db_rollback (db);
  return FALSE;
}

/**
 * turnout_db_change_status:
 *
 * Moves each person to @to_status by the rules of movement, in one
 * transaction: memberships, history rows and outbox entries are written
 * together or not at all. Returns one TurnoutChangeResult per person, in
 * order, or %NULL with @error set when nothing was written.
 */
GPtrArray *
turnout_db_change_status (TurnoutDb     *db,
                          gint64         program_id,
                          const char    *to_status,
                          const gint64  *person_ids,
                          guint          n_person_ids,
                          const char    *reason,
                          TurnoutSource  source,
                          GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_full (n_person_ids, (GDestroyNotify) turnout_change_result_free);

  if (!change_status (db, program_id, to_status, person_ids, n_person_ids, reason, source,
                      results, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&results);
}

/**
 * turnout_db_change_status_counted:
 * @summary: (out): how many changed, were skipped, refused, removed
 * @refusal: (out) (transfer full): the first refused member's reason, or %NULL
 *
 * turnout_db_change_status() keeping only the counts: its memory does not
 * grow with the members moved.
 */
gboolean
turnout_db_change_status_counted (TurnoutDb             *db,
                                  gint64                 program_id,
                                  const char            *to_status,
                                  const gint64          *person_ids,
                                  guint                  n_person_ids,
                                  const char            *reason,
                                  TurnoutSource          source,
                                  TurnoutChangeSummary  *summary,
                                  char                 **refusal,
                                  GError               **error)
{
  g_autofree char *first = NULL;

  memset (summary, 0, sizeof *summary);
  if (!change_status (db, program_id, to_status, person_ids, n_person_ids, reason, source,
                      NULL, summary, &first, error))
    {
      memset (summary, 0, sizeof *summary);
      return FALSE;
    }
  if (refusal != NULL)
    *refusal = g_steal_pointer (&first);
  return TRUE;
}
