/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-refresh.c: applying the provider's attendee feed.
 *
 * Every move is decided by turnout_channel_decide_move and written by
 * turnout_db_apply_move_full, so the rules of movement, the history and
 * the seats are the same as for a manual change; the plain ones (most of a
 * large event) are queued and written in batches by TurnoutPlainMoves,
 * which writes the same rows. The members are read once at the start and
 * their state is used until a rule or a promotion changes a membership.
 * Engagement figures are written with a member's move, or alone only when
 * they differ, so an identical second refresh writes nothing.
 */
#define G_LOG_DOMAIN "turnout-refresh"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-forget.h"
#include "turnout-moves-private.h"
#include "turnout-person.h"
#include "turnout-reason.h"
#include "turnout-refresh.h"

/* What a member did besides watching; -1 and NULL: not reported. */
typedef struct
{
  int         asked_questions;
  int         answered_polls;
  int         answered_surveys;
  int         resources_downloaded;
  const char *launch_mode;
} Activity;

typedef struct
{
  gint64  person_id;
  TurnoutMemberState state;   /* strings in Members.strings or the channel's */
  int     live_minutes;       /* -1: NULL */
  int     ondemand_minutes;
  double  engagement_score;   /* < 0: NULL */
  Activity activity;
  gboolean has_questions;
  guint   seen;               /* index + 1 of the feed's entry, 0: not in the feed */
} MemberRow;

/* The program's members, read once: a refresh looks up every one of them.
 * Forgotten people are left out: nothing in the feed is theirs any more,
 * and their status stays as it was (no No Show for want of a match). */
typedef struct
{
  GArray       *rows;         /* MemberRow */
  GHashTable   *by_key;       /* e-mail key -> index + 1 in rows */
  GStringChunk *strings;
} Members;

typedef struct
{
  char   *key;
  const char *email;
  MemberRow *member;          /* NULL: not a member (yet) */
  int     live;
  int     live_viewed;
  int     archive;
  int     archive_viewed;
  double  score;
  Activity activity;
  GPtrArray *questions;       /* of the feed's TurnoutFeedQuestion, NULL: none */
} Seen;

void
turnout_refresh_summary_free (TurnoutRefreshSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->no_show_at);
  g_free (summary->refreshed_at);
  g_free (summary);
}

static void
members_free (Members *members)
{
  g_clear_pointer (&members->rows, g_array_unref);
  g_clear_pointer (&members->by_key, g_hash_table_unref);
  g_clear_pointer (&members->strings, g_string_chunk_free);
  g_free (members);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Members, members_free)

static MemberRow *
members_lookup (Members    *members,
                const char *key)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (members->by_key, key));

  return index > 0 ? &g_array_index (members->rows, MemberRow, index - 1) : NULL;
}

static int
max_int (int a,
         int b)
{
  return a > b ? a : b;
}

static void
seen_clear (Seen *seen)
{
  g_free (seen->key);
  g_clear_pointer (&seen->questions, g_ptr_array_unref);
}

static int
column_int (TurnoutStmt *stmt,
            int           column)
{
  return turnout_stmt_column_type (stmt, column) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, column);
}

/* The questions of @attendee not already in @seen's (the same person listed
 * twice may bring the same question twice). */
static void
seen_add_questions (Seen                      *seen,
                    const TurnoutFeedAttendee *attendee)
{
  if (attendee->questions == NULL)
    return;
  if (seen->questions == NULL)
    seen->questions = g_ptr_array_new ();
  for (guint i = 0; i < attendee->questions->len; i++)
    {
      TurnoutFeedQuestion *q = g_ptr_array_index (attendee->questions, i);
      gboolean known = FALSE;

      for (guint j = 0; q->questionid != 0 && j < seen->questions->len && !known; j++)
        known = ((TurnoutFeedQuestion *) g_ptr_array_index (seen->questions, j))->questionid == q->questionid;
      if (!known)
        g_ptr_array_add (seen->questions, q);
    }
}

/* What a refresh reads of a member, in the columns add_member_row ()
 * takes. Forgotten people are left out: nothing in the feed is theirs any
 * more, and their status stays as it was (no No Show for want of a
 * match). */
#define MEMBER_COLUMNS \
  "m.person_id, p.email_key, m.status, m.push_state," \
  " m.live_minutes, m.ondemand_minutes, m.engagement_score," \
  " m.id, p.email, m.reached_success," \
  " m.asked_questions, m.answered_polls, m.answered_surveys," \
  " m.resources_downloaded, m.launch_mode," \
  " EXISTS (SELECT 1 FROM member_questions q" \
  "  WHERE q.program_id = m.program_id AND q.person_id = m.person_id)"

static Members *
members_new (void)
{
  Members *members = g_new0 (Members, 1);

  members->rows = g_array_new (FALSE, FALSE, sizeof (MemberRow));
  members->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  members->strings = g_string_chunk_new (64 * 1024);
  return members;
}

static void
add_member_row (Members        *members,
                TurnoutChannel *channel,
                TurnoutStmt   *stmt)
{
  const char *status = (const char *) turnout_stmt_column_text (stmt, 2);
  const TurnoutStatus *known = turnout_channel_lookup (channel, status);
  MemberRow row = { 0 };

  row.person_id = turnout_stmt_column_int64 (stmt, 0);
  row.state.membership_id = turnout_stmt_column_int64 (stmt, 7);
  row.state.email = g_string_chunk_insert (members->strings, (const char *) turnout_stmt_column_text (stmt, 8));
  row.state.status = known ? known->key : g_string_chunk_insert_const (members->strings, status);
  row.state.reached_success = turnout_stmt_column_int (stmt, 9);
  row.state.push_state = turnout_push_state_from_key ((const char *) turnout_stmt_column_text (stmt, 3));
  row.live_minutes = turnout_stmt_column_type (stmt, 4) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, 4);
  row.ondemand_minutes = turnout_stmt_column_type (stmt, 5) == SQLITE_NULL ? -1 : turnout_stmt_column_int (stmt, 5);
  row.engagement_score = turnout_stmt_column_type (stmt, 6) == SQLITE_NULL ? -1 : turnout_stmt_column_double (stmt, 6);
  row.activity.asked_questions = column_int (stmt, 10);
  row.activity.answered_polls = column_int (stmt, 11);
  row.activity.answered_surveys = column_int (stmt, 12);
  row.activity.resources_downloaded = column_int (stmt, 13);
  if (turnout_stmt_column_type (stmt, 14) != SQLITE_NULL)
    row.activity.launch_mode = g_string_chunk_insert_const (members->strings,
                                                            (const char *) turnout_stmt_column_text (stmt, 14));
  row.has_questions = turnout_stmt_column_int (stmt, 15);
  g_array_append_val (members->rows, row);
  g_hash_table_insert (members->by_key,
                       g_string_chunk_insert (members->strings, (const char *) turnout_stmt_column_text (stmt, 1)),
                       GUINT_TO_POINTER (members->rows->len));
}

/* Every member of the program, read in one pass. */
static Members *
load_all_members (TurnoutDb       *db,
                  gint64           program_id,
                  TurnoutChannel  *channel,
                  GError         **error)
{
  g_autoptr(Members) members = members_new ();
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT " MEMBER_COLUMNS
                             " FROM memberships m JOIN people p ON p.id = m.person_id"
                             " WHERE m.program_id = ?1 AND p.email != ''",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    add_member_row (members, channel, stmt);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&members);
}

/* Only the members the feed names: for a feed much smaller than the
 * program (100k attendees of a million members), reading every member
 * was most of the refresh. Looked up NAMED_BATCH addresses a statement:
 * one statement each was 0.29 s for 100k on SQLite (the binding, stepping
 * and resetting as much as the search), and a round trip each on a team
 * database. */
#define NAMED_BATCH 256

static Members *
load_named_members (TurnoutDb       *db,
                    gint64           program_id,
                    TurnoutChannel  *channel,
                    GArray          *seen,
                    GError         **error)
{
  g_autoptr(Members) members = members_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT " MEMBER_COLUMNS " FROM (VALUES ");
  TurnoutStmt *stmt;
  gboolean ok = TRUE;

  /* The ordinal gives the list's first column a type on PostgreSQL. */
  for (guint i = 0; i < NAMED_BATCH; i++)
    g_string_append_printf (sql, "%s(%u, ?%u)", i > 0 ? "," : "", i, i + 2);
  g_string_append (sql, ") AS v JOIN people p ON p.email_key = v.column2"
                        " JOIN memberships m ON m.person_id = p.id AND m.program_id = ?1"
                        " WHERE p.email != ''");
  stmt = turnout_db_prepare_own (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  for (guint at = 0; ok && at < seen->len; at += NAMED_BATCH)
    {
      int rc;

      /* The last batch's unused places are NULL, which matches nobody. */
      for (guint i = 0; i < NAMED_BATCH; i++)
        if (at + i < seen->len)
          turnout_stmt_bind_text (stmt, i + 2, g_array_index (seen, Seen, at + i).key, -1, SQLITE_STATIC);
        else
          turnout_stmt_bind_null (stmt, i + 2);
      while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
        add_member_row (members, channel, stmt);
      turnout_stmt_reset (stmt);
      if (rc != SQLITE_DONE)
        ok = turnout_db_set_error (db, rc, error);
    }
  turnout_stmt_free (stmt);

  return ok ? g_steal_pointer (&members) : NULL;
}

/* The named members' ids into refresh_named, NAMED_BATCH rows a
 * statement (one each was 0.03 s for 100k on SQLite, and a round trip
 * each on a team database), the last few one at a time. */
static gboolean
insert_named (TurnoutDb  *db,
              Members    *members,
              GError    **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO refresh_named (person_id) VALUES ");
  TurnoutStmt *batch;
  TurnoutStmt *one;
  guint done = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < NAMED_BATCH; i++)
    g_string_append_printf (sql, "%s(?%u)", i > 0 ? "," : "", i + 1);
  batch = turnout_db_prepare_own (db, sql->str, error);
  if (batch == NULL)
    return FALSE;
  for (; ok && members->rows->len - done >= NAMED_BATCH; done += NAMED_BATCH)
    {
      for (guint i = 0; i < NAMED_BATCH; i++)
        turnout_stmt_bind_int64 (batch, i + 1, g_array_index (members->rows, MemberRow, done + i).person_id);
      ok = turnout_db_step_done (db, batch, error);
    }
  turnout_stmt_free (batch);

  one = ok ? turnout_db_prepare (db, "INSERT INTO refresh_named (person_id) VALUES (?1)", error) : NULL;
  if (one == NULL)
    return FALSE;
  for (; ok && done < members->rows->len; done++)
    {
      turnout_stmt_bind_int64 (one, 1, g_array_index (members->rows, MemberRow, done).person_id);
      ok = turnout_db_step_done (db, one, error);
    }
  return ok;
}

/* After the feed's moves, when only the named members were read: the
 * others who could become No Show (registered here, pushed and confirmed,
 * not in the feed), as they are now. With @rows, added to @members
 * unseen, for their moves; else only counted in @count (a refresh before
 * the data is final moves none of them). The named members are kept out
 * through a temporary table of their ids. */
static gboolean
find_no_show_candidates (TurnoutDb       *db,
                         gint64           program_id,
                         TurnoutChannel  *channel,
                         Members         *members,
                         gboolean         rows,
                         guint           *count,
                         GError         **error)
{
#define REGISTERED_HERE \
  "m.program_id = ?1 AND m.status = '" TURNOUT_STATUS_REGISTERED "' AND m.push_state = 'confirmed'"
#define CANDIDATES \
  " FROM memberships m JOIN people p ON p.id = m.person_id" \
  " WHERE " REGISTERED_HERE " AND p.email != ''" \
  " AND m.person_id NOT IN (SELECT person_id FROM refresh_named)"
  TurnoutStmt *stmt;
  int rc;

  /* SQLite's INTEGER PRIMARY KEY is the rowid itself: no index besides */
  if (!turnout_db_exec (db,
                        turnout_db_is_postgres (db)
                        ? "CREATE TEMP TABLE IF NOT EXISTS refresh_named (person_id BIGINT PRIMARY KEY);"
                          "DELETE FROM refresh_named"
                        : "CREATE TEMP TABLE IF NOT EXISTS refresh_named (person_id INTEGER PRIMARY KEY);"
                          "DELETE FROM refresh_named",
                        error))
    return FALSE;
  if (!insert_named (db, members, error))
    return FALSE;

  *count = 0;
  if (rows)
    stmt = turnout_db_prepare (db,
                               "SELECT m.person_id, p.email_key, m.status, m.push_state, NULL, NULL, NULL,"
                               " m.id, p.email, m.reached_success, NULL, NULL, NULL, NULL, NULL, 0" CANDIDATES,
                               error);
  else if (turnout_db_is_postgres (db))
    stmt = turnout_db_prepare (db, "SELECT count(*)" CANDIDATES, error);
  else
    /* On SQLite, looking each of 900k members up in the named and in
     * people took as long as finding them (0.26 s of a refresh of 100k
     * attendees in a program of 1M): the registered members less the
     * named and the forgotten among them (Forget empties the address and
     * makes the key "forgotten:ID"), each count searching only its own. */
    stmt = turnout_db_prepare (db,
                               "SELECT (SELECT count(*) FROM memberships m WHERE " REGISTERED_HERE ")"
                               " - (SELECT count(*) FROM refresh_named n CROSS JOIN memberships m"
                               "    ON m.program_id = ?1 AND m.person_id = n.person_id WHERE " REGISTERED_HERE ")"
                               " - (SELECT count(*) FROM people p CROSS JOIN memberships m"
                               "    ON m.program_id = ?1 AND m.person_id = p.id"
                               "    WHERE p.email_key >= 'forgotten:' AND p.email_key < 'forgotten;'"
                               "    AND p.email = '' AND " REGISTERED_HERE ")",
                               error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    if (rows)
      add_member_row (members, channel, stmt);
    else
      *count = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return turnout_db_exec (db, "DELETE FROM refresh_named", error);
#undef CANDIDATES
#undef REGISTERED_HERE
}

/* Whether the program has more than @than members (1, else 0; -1 on an
 * error), to choose how to read them: counted no further, as a count of
 * a million members was 0.03 s of a refresh of 100k attendees. */
static int
has_more_members (TurnoutDb  *db,
                  gint64      program_id,
                  gint64      than,
                  GError    **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                          "SELECT count(*) FROM"
                                          " (SELECT 1 FROM memberships WHERE program_id = ?1 LIMIT ?2) AS s",
                                          error);
  int more = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, than + 1);
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    more = turnout_stmt_column_int64 (stmt, 0) > than;
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW)
    turnout_db_set_error (db, rc, error);
  return more;
}

static void
engagement_from_seen (TurnoutEngagement *engagement,
                      const Seen        *seen,
                      GStringChunk      *texts)
{
  engagement->live_minutes = seen->live;
  engagement->ondemand_minutes = seen->archive;
  engagement->engagement_score = seen->score;
  engagement->asked_questions = seen->activity.asked_questions;
  engagement->answered_polls = seen->activity.answered_polls;
  engagement->answered_surveys = seen->activity.answered_surveys;
  engagement->resources_downloaded = seen->activity.resources_downloaded;
  engagement->launch_mode = NULL;
  /* Shortened as store_activity () stores it; kept until the moves are
   * written (a handful of distinct values). */
  if (seen->activity.launch_mode != NULL)
    {
      g_autofree char *shortened = turnout_text_shorten (seen->activity.launch_mode, TURNOUT_TEXT_JOB_TITLE);

      if (shortened != NULL)
        engagement->launch_mode = g_string_chunk_insert_const (texts, shortened);
    }
  engagement->written = FALSE;
}

/* Live minutes, on-demand minutes and score, written only when they differ. */
static gboolean
store_engagement (TurnoutDb               *db,
                  gint64                   program_id,
                  gint64                   person_id,
                  const MemberRow         *old,
                  const TurnoutEngagement *engagement,
                  GError                 **error)
{
  TurnoutStmt *stmt;

  if (old != NULL && old->live_minutes == engagement->live_minutes &&
      old->ondemand_minutes == engagement->ondemand_minutes &&
      ((old->engagement_score < 0 && engagement->engagement_score < 0) ||
       old->engagement_score == engagement->engagement_score))
    return TRUE;

  stmt = turnout_db_prepare (db,
                             "UPDATE memberships SET live_minutes = ?3, ondemand_minutes = ?4,"
                             " engagement_score = ?5 WHERE program_id = ?1 AND person_id = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  turnout_db_bind_engagement (stmt, 3, engagement);
  return turnout_db_step_done (db, stmt, error);
}

/* Questions, polls, surveys, downloads and launch mode, written only when
 * they differ: most refreshes change none of them. */
static gboolean
store_activity (TurnoutDb       *db,
                gint64           program_id,
                gint64           person_id,
                const MemberRow *old,
                const Activity  *activity,
                GError         **error)
{
  g_autofree char *launch_mode = NULL;
  TurnoutStmt *stmt;

  launch_mode = turnout_text_shorten (activity->launch_mode, TURNOUT_TEXT_JOB_TITLE);
  if (old != NULL && old->activity.asked_questions == activity->asked_questions &&
      old->activity.answered_polls == activity->answered_polls &&
      old->activity.answered_surveys == activity->answered_surveys &&
      old->activity.resources_downloaded == activity->resources_downloaded &&
      g_strcmp0 (old->activity.launch_mode, launch_mode) == 0)
    return TRUE;
  /* Nothing reported and nothing stored: a new member's row is all NULL. */
  if (old == NULL && activity->asked_questions < 0 && activity->answered_polls < 0 &&
      activity->answered_surveys < 0 && activity->resources_downloaded < 0 && launch_mode == NULL)
    return TRUE;

  stmt = turnout_db_prepare (db,
                             "UPDATE memberships SET asked_questions = ?3, answered_polls = ?4,"
                             " answered_surveys = ?5, resources_downloaded = ?6, launch_mode = ?7"
                             " WHERE program_id = ?1 AND person_id = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  if (activity->asked_questions >= 0)
    turnout_stmt_bind_int (stmt, 3, activity->asked_questions);
  if (activity->answered_polls >= 0)
    turnout_stmt_bind_int (stmt, 4, activity->answered_polls);
  if (activity->answered_surveys >= 0)
    turnout_stmt_bind_int (stmt, 5, activity->answered_surveys);
  if (activity->resources_downloaded >= 0)
    turnout_stmt_bind_int (stmt, 6, activity->resources_downloaded);
  if (launch_mode != NULL)
    turnout_stmt_bind_text (stmt, 7, launch_mode, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

/* A member's questions as the feed lists them now, in place of the ones
 * stored: ON24 lists every question each time, answered ones with their
 * answer. ON24's text is shortened and cleaned like its names. */
static gboolean
store_questions (TurnoutDb       *db,
                 gint64           program_id,
                 gint64           person_id,
                 gboolean         had_questions,
                 GPtrArray       *questions,
                 GError         **error)
{
  TurnoutStmt *stmt;

  if (had_questions)
    {
      stmt = turnout_db_prepare (db, "DELETE FROM member_questions WHERE program_id = ?1 AND person_id = ?2",
                                 error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, program_id);
      turnout_stmt_bind_int64 (stmt, 2, person_id);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
    }

  for (guint i = 0; questions != NULL && i < questions->len; i++)
    {
      TurnoutFeedQuestion *q = g_ptr_array_index (questions, i);
      g_autofree char *content = turnout_text_shorten (q->content, TURNOUT_TEXT_REASON);
      /* NULL stays NULL: not answered, not named, no time given. */
      g_autofree char *answer = turnout_text_shorten (q->answer, TURNOUT_TEXT_REASON);
      g_autofree char *presenter = turnout_text_shorten (q->presentername, TURNOUT_TEXT_FIRST_NAME);
      g_autofree char *asked_at = turnout_text_shorten (q->createtimestamp, TURNOUT_TEXT_PROGRAM_NAME);

      stmt = turnout_db_prepare (db,
                                 "INSERT INTO member_questions (program_id, person_id, position, questionid,"
                                 " asked_at, content, answer, presenter) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      turnout_stmt_bind_int64 (stmt, 1, program_id);
      turnout_stmt_bind_int64 (stmt, 2, person_id);
      turnout_stmt_bind_int (stmt, 3, i);
      if (q->questionid > 0)
        turnout_stmt_bind_int64 (stmt, 4, q->questionid);
      turnout_stmt_bind_text (stmt, 5, asked_at, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (stmt, 6, content, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (stmt, 7, answer != NULL && *answer != '\0' ? answer : NULL, -1, SQLITE_TRANSIENT);
      turnout_stmt_bind_text (stmt, 8, presenter, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
find_person_id (TurnoutDb   *db,
                const char  *key,
                GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, "SELECT id FROM people WHERE email_key = ?1", error);
  gint64 id = 0;

  if (stmt == NULL)
    return -1;
  turnout_stmt_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    id = turnout_stmt_column_int64 (stmt, 0);
  turnout_stmt_reset (stmt);
  return id;
}

static GHashTable *
index_registrants (const TurnoutFeed *feed)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; feed->registrants && i < feed->registrants->len; i++)
    {
      TurnoutFeedRegistrant *r = g_ptr_array_index (feed->registrants, i);

      /* A removed registrant's names (or "deleted") name nobody, even
       * when the same address registered again. */
      if (r->email != NULL && r->userstatus == TURNOUT_FEED_USER_ACTIVE)
        g_hash_table_insert (index, turnout_email_key (r->email), r);
    }
  return index;
}

/* Takes the event's schedule when ON24 sent one that parses. */
static gboolean
update_schedule (TurnoutDb               *db,
                 TurnoutProgram          *program,
                 const TurnoutFeedEvent  *event,
                 GError                 **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  TurnoutStmt *stmt;

  if (event == NULL || event->livestart == NULL || event->liveend == NULL)
    return TRUE;
  start = g_date_time_new_from_iso8601 (event->livestart, NULL);
  end = g_date_time_new_from_iso8601 (event->liveend, NULL);
  /* A schedule that ends before it starts is not taken either. */
  if (start == NULL || end == NULL || g_date_time_compare (end, start) < 0)
    return TRUE;
  if (g_strcmp0 (program->live_start, event->livestart) == 0 &&
      g_strcmp0 (program->live_end, event->liveend) == 0)
    return TRUE;

  stmt = turnout_db_prepare (db, "UPDATE programs SET live_start = ?2, live_end = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program->id);
  turnout_stmt_bind_text (stmt, 2, event->livestart, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 3, event->liveend, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;

  g_free (program->live_start);
  g_free (program->live_end);
  program->live_start = g_strdup (event->livestart);
  program->live_end = g_strdup (event->liveend);
  return TRUE;
}

TurnoutRefreshSummary *
turnout_refresh_apply (TurnoutDb          *db,
                       gint64              program_id,
                       const TurnoutFeed  *feed,
                       GDateTime          *now,
                       GError            **error)
{
  g_autoptr(TurnoutRefreshSummary) summary = g_new0 (TurnoutRefreshSummary, 1);
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(Members) members = NULL;
  g_autoptr(TurnoutForgotten) forgotten = NULL;
  g_autoptr(TurnoutPlainMoves) plain = NULL;
  g_autoptr(GHashTable) registrants = NULL;
  g_autoptr(GHashTable) seen_index = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GDateTime) live_end = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *json = NULL;
  gboolean has_live = FALSE;
  gboolean only_named;
  int more_members;
  /* Members' state as read at the start holds until a move other than
   * ours (a rule's, a promotion) changes a membership. */
  gboolean members_current = TRUE;
  guint64 moves;
  TurnoutStmt *stmt;

  g_return_val_if_fail (feed != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);

  /* However short the feed, after the event every registered member it
   * does not name becomes No Show. */
  if (!turnout_db_begin_bulk (db, G_MAXUINT, error))
    return NULL;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;
  if (program->on24_event_id <= 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not linked to an ON24 event; set the event id in Event Settings"),
                   program->name);
      goto failed;
    }
  if (feed->eventid != 0 && feed->eventid != program->on24_event_id)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("The attendee list is for ON24 event %" PRId64 ", but “%s” is linked to event %"
                     PRId64 "; nothing was changed"),
                   feed->eventid, program->name, program->on24_event_id);
      goto failed;
    }

  channel = turnout_db_get_channel (db, program->channel_key);
  g_assert (channel != NULL);

  if (!update_schedule (db, program, feed->event, error))
    goto failed;

  {
    GError *local_error = NULL;

    forgotten = turnout_forgotten_load (db, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, local_error);
        goto failed;
      }
  }
  plain = turnout_plain_moves_new (db, program, channel, NULL, TURNOUT_SOURCE_PROVIDER_REFRESH, stamp);

  /* One entry per person: the same e-mail twice is merged, blocked rows
   * and rows of people ON24 has removed are ignored. seen_index finds an
   * entry by its key (index + 1). */
  seen = g_array_sized_new (FALSE, FALSE, sizeof (Seen), feed->attendees->len);
  seen_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < feed->attendees->len; i++)
    {
      const TurnoutFeedAttendee *a = &g_array_index (feed->attendees, TurnoutFeedAttendee, i);
      char *key;
      guint found;

      if (a->isblocked)
        {
          summary->blocked++;
          continue;
        }
      if (a->userstatus != TURNOUT_FEED_USER_ACTIVE)
        {
          summary->ignored_removed++;
          continue;
        }
      if (!turnout_email_is_valid (a->email))
        continue;

      key = turnout_email_key (a->email);
      found = GPOINTER_TO_UINT (g_hash_table_lookup (seen_index, key));
      if (found > 0)
        {
          Seen *s = &g_array_index (seen, Seen, found - 1);

          s->live = max_int (s->live, a->liveminutes);
          s->live_viewed = max_int (s->live_viewed, a->liveviewed);
          s->archive = max_int (s->archive, a->archiveminutes);
          s->archive_viewed = max_int (s->archive_viewed, a->archiveviewed);
          s->score = MAX (s->score, a->engagementscore);
          s->activity.asked_questions = max_int (s->activity.asked_questions, a->askedquestions);
          s->activity.answered_polls = max_int (s->activity.answered_polls, a->answeredpolls);
          s->activity.answered_surveys = max_int (s->activity.answered_surveys, a->answeredsurveys);
          s->activity.resources_downloaded = max_int (s->activity.resources_downloaded, a->resourcesdownloaded);
          if (s->activity.launch_mode == NULL)
            s->activity.launch_mode = a->launchmode;
          seen_add_questions (s, a);
          g_free (key);
        }
      else
        {
          Seen s = {
            .key = key, .email = a->email, .live = a->liveminutes,
            .live_viewed = a->liveviewed, .archive = a->archiveminutes, .archive_viewed = a->archiveviewed,
            .score = a->engagementscore,
            .activity = { a->askedquestions, a->answeredpolls, a->answeredsurveys, a->resourcesdownloaded,
                          a->launchmode },
          };

          seen_add_questions (&s, a);
          g_array_append_val (seen, s);
          g_hash_table_insert (seen_index, key, GUINT_TO_POINTER (seen->len));
        }
    }

  /* The members the feed names: each looked up when the feed is much
   * smaller than the program, else every member read in one pass. */
  more_members = has_more_members (db, program_id, (gint64) seen->len * 4, error);
  if (more_members < 0)
    goto failed;
  only_named = more_members;
  members = only_named ? load_named_members (db, program_id, channel, seen, error)
                       : load_all_members (db, program_id, channel, error);
  if (members == NULL)
    goto failed;
  for (guint i = 0; i < seen->len; i++)
    {
      Seen *s = &g_array_index (seen, Seen, i);

      s->member = members_lookup (members, s->key);
      if (s->member != NULL)
        s->member->seen = i + 1;
    }

  for (guint i = 0; i < seen->len; i++)
    {
      Seen *s = &g_array_index (seen, Seen, i);
      gboolean live = s->live > 0 || s->live_viewed > 0;
      gboolean ondemand = s->archive > 0 || s->archive_viewed > 0;
      const char *target = live ? TURNOUT_STATUS_ATTENDED : ondemand ? TURNOUT_STATUS_ATTENDED_ON_DEMAND : NULL;
      MemberRow *member = s->member;
      TurnoutEngagement engagement;
      gint64 person_id;

      has_live = has_live || live;

      if (member != NULL)
        {
          person_id = member->person_id;

          engagement_from_seen (&engagement, s, members->strings);

          if (target != NULL &&
              turnout_channel_decide_move (channel, member->state.status, target, NULL) == TURNOUT_MOVE_CHANGED)
            {
              /* Most moves are plain ones, written in batches; any other
               * is applied in its turn, after those queued before it. */
              if (members_current &&
                  turnout_plain_moves_add (plain, person_id, &member->state, target, &engagement))
                engagement.written = TRUE;
              else
                {
                  if (!turnout_plain_moves_flush (plain, error))
                    goto failed;
                  g_ptr_array_set_size (results, 0);
                  moves = turnout_db_get_move_count (db);
                  if (!turnout_db_apply_move_full (db, program, channel, person_id,
                                                   members_current ? &member->state : NULL, &engagement,
                                                   target, NULL, TURNOUT_SOURCE_PROVIDER_REFRESH, stamp,
                                                   results, error))
                    goto failed;
                  if (turnout_db_get_move_count (db) - moves > 1)
                    members_current = FALSE;
                }
              if (live)
                summary->attended++;
              else
                summary->attended_on_demand++;
            }
          else
            summary->unchanged++;
        }
      else
        {
          if (target == NULL)
            continue;

          person_id = find_person_id (db, s->key, error);
          if (person_id < 0)
            goto failed;
          /* Only someone unknown can have been forgotten: a forgotten
           * person's row no longer has their address. */
          if (person_id == 0 && turnout_forgotten_contains (forgotten, s->key))
            {
              summary->ignored_forgotten++;
              continue;
            }
          if (person_id == 0)
            {
              TurnoutFeedRegistrant *r;
              TurnoutPersonSpec spec = { .email = s->email };
              g_autofree char *first = NULL, *last = NULL, *company = NULL, *job = NULL;

              if (registrants == NULL)
                registrants = index_registrants (feed);
              r = g_hash_table_lookup (registrants, s->key);
              if (r != NULL)
                {
                  /* ON24's text is shortened and cleaned, never a reason
                   * to lose an attendee. */
                  spec.first_name = first = turnout_text_shorten (r->firstname, TURNOUT_TEXT_FIRST_NAME);
                  spec.last_name = last = turnout_text_shorten (r->lastname, TURNOUT_TEXT_LAST_NAME);
                  spec.company = company = turnout_text_shorten (r->company, TURNOUT_TEXT_COMPANY);
                  spec.job_title = job = turnout_text_shorten (r->jobtitle, TURNOUT_TEXT_JOB_TITLE);
                }
              person_id = turnout_db_upsert_person (db, &spec, FALSE, error);
              if (person_id == 0)
                goto failed;
            }

          engagement_from_seen (&engagement, s, members->strings);
          if (!turnout_plain_moves_flush (plain, error))
            goto failed;
          g_ptr_array_set_size (results, 0);
          moves = turnout_db_get_move_count (db);
          if (!turnout_db_apply_move (db, program, channel, person_id, target, NULL,
                                      TURNOUT_SOURCE_PROVIDER_REFRESH, stamp, results, error))
            goto failed;
          if (turnout_db_get_move_count (db) - moves > 1)
            members_current = FALSE;
          summary->added++;
          if (live)
            summary->attended++;
          else
            summary->attended_on_demand++;
        }

      if (!engagement.written &&
          !store_engagement (db, program_id, person_id, member, &engagement, error))
        goto failed;
      /* Written with the move when it updated the member's row. */
      if (!engagement.written && !store_activity (db, program_id, person_id, member, &s->activity, error))
        goto failed;
      if ((s->questions != NULL || (member != NULL && member->has_questions)) &&
          !store_questions (db, program_id, person_id, member != NULL && member->has_questions,
                            s->questions, error))
        goto failed;
    }

  if (!turnout_plain_moves_flush (plain, error))
    goto failed;

  /* No Show: only members registered here (pushed and confirmed) who are
   * not in the feed, and only when the data is final. */
  if (program->live_end != NULL)
    live_end = g_date_time_new_from_iso8601 (program->live_end, NULL);

  {
    g_autoptr(GDateTime) final_at = live_end ? g_date_time_add (live_end, TURNOUT_REFRESH_NO_SHOW_DELAY) : NULL;
    g_autofree char *not_listed = NULL;
    gboolean final = final_at != NULL && g_date_time_compare (now, final_at) >= 0;

    /* When only the named members were read, the others are read now to
     * be moved, or only counted until then. members' rows may move: no
     * Seen's member is used after this. */
    if (only_named)
      {
        guint pending = 0;

        if (!find_no_show_candidates (db, program_id, channel, members, final && has_live, &pending, error))
          goto failed;
        summary->no_show_pending += pending;
      }

    for (guint i = 0; i < members->rows->len; i++)
      {
        MemberRow *member = &g_array_index (members->rows, MemberRow, i);

        if (member->seen != 0 || member->state.push_state != TURNOUT_PUSH_CONFIRMED ||
            g_strcmp0 (member->state.status, TURNOUT_STATUS_REGISTERED) != 0)
          continue;

        if (!final || !has_live)
          {
            summary->no_show_pending++;
            continue;
          }

        if (not_listed == NULL)
          not_listed = turnout_reason_code (TURNOUT_REASON_NOT_IN_ATTENDEE_LIST);
        g_ptr_array_set_size (results, 0);
        moves = turnout_db_get_move_count (db);
        if (!turnout_db_apply_move_full (db, program, channel, member->person_id,
                                         members_current ? &member->state : NULL, NULL,
                                         TURNOUT_STATUS_NO_SHOW, not_listed,
                                         TURNOUT_SOURCE_PROVIDER_REFRESH, stamp, results, error))
          goto failed;
        if (turnout_db_get_move_count (db) - moves > 1)
          members_current = FALSE;
        summary->no_show++;
      }

    if (summary->no_show_pending > 0)
      {
        summary->no_show_needs_live = !has_live;
        if (final_at != NULL && !final)
          {
            g_autoptr(GDateTime) utc = g_date_time_to_utc (final_at);

            summary->no_show_at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          }
      }
  }

  summary->refreshed_at = g_strdup (stamp);
  json = turnout_refresh_summary_to_json (summary);
  stmt = turnout_db_prepare (db,
                             "UPDATE programs SET last_refresh_at = ?2, last_refresh_summary = ?3 WHERE id = ?1",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;

  if (!turnout_db_commit (db, error))
    goto cleanup;

  for (guint i = 0; i < seen->len; i++)
    seen_clear (&g_array_index (seen, Seen, i));
  return g_steal_pointer (&summary);

failed:
  turnout_db_rollback (db);
cleanup:
  for (guint i = 0; seen && i < seen->len; i++)
    seen_clear (&g_array_index (seen, Seen, i));
  return NULL;
}

char *
turnout_refresh_summary_to_json (const TurnoutRefreshSummary *summary)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
#define ADD_INT(name) json_builder_set_member_name (b, #name); json_builder_add_int_value (b, summary->name)
  ADD_INT (attended);
  ADD_INT (attended_on_demand);
  ADD_INT (no_show);
  ADD_INT (added);
  ADD_INT (unchanged);
  ADD_INT (blocked);
  ADD_INT (ignored_removed);
  ADD_INT (ignored_forgotten);
  ADD_INT (no_show_pending);
#undef ADD_INT
  json_builder_set_member_name (b, "no_show_at");
  if (summary->no_show_at)
    json_builder_add_string_value (b, summary->no_show_at);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "no_show_needs_live");
  json_builder_add_boolean_value (b, summary->no_show_needs_live);
  json_builder_set_member_name (b, "refreshed_at");
  if (summary->refreshed_at)
    json_builder_add_string_value (b, summary->refreshed_at);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

TurnoutRefreshSummary *
turnout_refresh_summary_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  TurnoutRefreshSummary *summary;
  JsonObject *o;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  o = json_node_get_object (json_parser_get_root (parser));
  summary = g_new0 (TurnoutRefreshSummary, 1);
  summary->attended = json_object_get_int_member_with_default (o, "attended", 0);
  summary->attended_on_demand = json_object_get_int_member_with_default (o, "attended_on_demand", 0);
  summary->no_show = json_object_get_int_member_with_default (o, "no_show", 0);
  summary->added = json_object_get_int_member_with_default (o, "added", 0);
  summary->unchanged = json_object_get_int_member_with_default (o, "unchanged", 0);
  summary->blocked = json_object_get_int_member_with_default (o, "blocked", 0);
  /* Summaries kept before this count existed read as none. */
  summary->ignored_removed = json_object_get_int_member_with_default (o, "ignored_removed", 0);
  summary->ignored_forgotten = json_object_get_int_member_with_default (o, "ignored_forgotten", 0);
  summary->no_show_pending = json_object_get_int_member_with_default (o, "no_show_pending", 0);
  summary->no_show_at = g_strdup (json_object_get_string_member_with_default (o, "no_show_at", NULL));
  summary->no_show_needs_live = json_object_get_boolean_member_with_default (o, "no_show_needs_live", FALSE);
  summary->refreshed_at = g_strdup (json_object_get_string_member_with_default (o, "refreshed_at", NULL));
  return summary;
}

char *
turnout_refresh_summary_format (const TurnoutRefreshSummary *summary)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("%u Attended, %u Attended On-demand, %u No Show, %u added, %u unchanged"),
                          summary->attended, summary->attended_on_demand, summary->no_show,
                          summary->added, summary->unchanged);

  if (summary->ignored_removed > 0)
    {
      const char *format;

      /* Translators: rows of the attendee list left alone because ON24
       * deleted or erased (forgot) the person. */
      format = g_dngettext (GETTEXT_PACKAGE, "%u ignored: removed at ON24", "%u ignored: removed at ON24",
                            summary->ignored_removed);
      g_string_append (text, ", ");
      g_string_append_printf (text, format, summary->ignored_removed);
    }
  if (summary->ignored_forgotten > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text,
                              /* Translators: attendees left out because they asked to be forgotten */
                              g_dngettext (GETTEXT_PACKAGE, "%u ignored: forgotten on request",
                                           "%u ignored: forgotten on request", summary->ignored_forgotten),
                              summary->ignored_forgotten);
    }

  if (summary->no_show_pending > 0)
    {
      g_string_append (text, ". ");
      if (summary->no_show_at != NULL)
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (summary->no_show_at, NULL);
          g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;
          g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (summary->no_show_at);

          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "No Show will be set for %u member from %s, two hours after the event ends",
                                               "No Show will be set for %u members from %s, two hours after the event ends",
                                               summary->no_show_pending),
                                  summary->no_show_pending, when);
        }
      else if (summary->no_show_needs_live)
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "No Show will be set for %u member once ON24 reports live attendees",
                                             "No Show will be set for %u members once ON24 reports live attendees",
                                             summary->no_show_pending),
                                summary->no_show_pending);
      else
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "No Show will be set for %u member once the event’s end time is known",
                                             "No Show will be set for %u members once the event’s end time is known",
                                             summary->no_show_pending),
                                summary->no_show_pending);
    }

  return g_string_free (text, FALSE);
}
