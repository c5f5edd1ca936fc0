/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-undo.c: a recorded change taken back, on a real SQLite file. */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "turnout-bulk.h"
#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-outbox.h"
#include "turnout-records.h"
#include "turnout-rules.h"
#include "turnout-store-undo.h"
#include "turnout-store-waitlist.h"
#include "turnout-test-utils.h"
#include "turnout-undo.h"

typedef struct
{
  char      *path;
  TurnoutDb *db;
  gint64     program;
  gint64     anna, bram, carl, dina;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Linked to an ON24 event: a move to Registered queues a push. Two
   * seats; Carl holds one. */
  TurnoutProgramSpec spec = { .name = "Small room", .capacity = 2, .on24_event_id = 311512 };

  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->program = turnout_db_add_program (f->db, &spec, &error);
  g_assert_no_error (error);
  f->anna = turnout_test_add_person (f->db, f->program, "anna@example.com", TURNOUT_STATUS_INVITED);
  f->bram = turnout_test_add_person (f->db, f->program, "bram@example.com", TURNOUT_STATUS_INVITED);
  f->carl = turnout_test_add_person (f->db, f->program, "carl@example.com", TURNOUT_STATUS_INVITED);
  f->dina = turnout_test_add_person (f->db, f->program, "dina@example.com", TURNOUT_STATUS_INVITED);
  g_assert_nonnull (turnout_db_change_status (f->db, f->program, TURNOUT_STATUS_REGISTERED, &f->carl, 1,
                                              "Signed up at the desk", TURNOUT_SOURCE_MANUAL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  turnout_db_close (f->db);
  g_free (f->path);
}

static TurnoutMember *
member (Fixture *f,
        gint64   person)
{
  return turnout_db_get_member (f->db, f->program, person, NULL);
}

static char *
status_of (Fixture *f,
           gint64   person)
{
  g_autoptr(TurnoutMember) m = member (f, person);

  return g_strdup (m ? m->status : TURNOUT_STATUS_NOT_IN_PROGRAM);
}

/* Everything about a member that Undo must give back, as one text. */
static char *
row_of (Fixture *f,
        gint64   person)
{
  g_autoptr(TurnoutMember) m = member (f, person);

  if (m == NULL)
    return g_strdup ("none");
  return g_strdup_printf ("%s|%s|%s|%s|%d|%s|%s|%d|%s|%" G_GINT64_FORMAT "|%d",
                          m->status, m->status_reason, m->member_date, m->status_changed_at,
                          m->reached_success, m->success_at ? m->success_at : "-", m->acquired_by,
                          m->waitlist_priority, m->waitlist_at ? m->waitlist_at : "-",
                          m->on24_eventuserid, m->push_state);
}

static gint64
recorded_change (Fixture    *f,
                 const char *to_status,
                 gint64     *people,
                 guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gint64 change;

  turnout_db_set_recording (f->db, TRUE);
  results = turnout_db_change_status (f->db, f->program, to_status, people, n, "Because", TURNOUT_SOURCE_MANUAL,
                                      &error);
  change = turnout_db_get_last_change (f->db);
  turnout_db_set_recording (f->db, FALSE);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return change;
}

static void
undo (Fixture            *f,
      gint64              change,
      TurnoutUndoSummary *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (turnout_db_undo_change (f->db, change, summary, &error));
  g_assert_no_error (error);
}

/* Two invited into the last seat: one registered (a push queued), one
 * wait-listed. Undo gives both back exactly, withdraws the push, and
 * the history keeps all four rows. */
static void
test_undo_change (Fixture       *f,
                  gconstpointer  data)
{
  gint64 both[] = { f->anna, f->bram };
  g_autofree char *anna_before = row_of (f, f->anna);
  g_autofree char *bram_before = row_of (f, f->bram);
  g_autofree char *anna_after = NULL;
  g_autofree char *bram_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  TurnoutUndoSummary summary;
  gint64 change;

  /* The clock moves on: undo must give back the old times, not now. */
  g_usleep (1100 * 1000);
  change = recorded_change (f, TURNOUT_STATUS_REGISTERED, both, 2);
  g_assert_cmpint (change, >, 0);
  {
    g_autofree char *a = status_of (f, f->anna);
    g_autofree char *b = status_of (f, f->bram);

    g_assert_cmpstr (a, ==, TURNOUT_STATUS_REGISTERED);
    g_assert_cmpstr (b, ==, TURNOUT_STATUS_WAIT_LISTED);
  }
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 2);

  undo (f, change, &summary);
  g_assert_cmpuint (summary.restored, ==, 2);
  g_assert_cmpuint (summary.changed_since, ==, 0);
  g_assert_cmpuint (summary.withdrawn, ==, 1);
  g_assert_cmpuint (summary.stay_at_on24, ==, 0);

  anna_after = row_of (f, f->anna);
  bram_after = row_of (f, f->bram);
  g_assert_cmpstr (anna_after, ==, anna_before);
  g_assert_cmpstr (bram_after, ==, bram_before);
  /* Carl's push stays; Anna's is withdrawn. */
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM outbox WHERE state = 'pending'"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM outbox WHERE state = 'cancelled'"), ==, 1);

  /* Nothing deleted from the history: the change, then the undo. */
  history = turnout_db_get_history (f->db, f->program, f->anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  {
    const TurnoutHistoryEntry *moved = g_ptr_array_index (history, 1);
    const TurnoutHistoryEntry *back = g_ptr_array_index (history, 2);

    g_assert_cmpstr (moved->new_status, ==, TURNOUT_STATUS_REGISTERED);
    g_assert_cmpstr (back->old_status, ==, TURNOUT_STATUS_REGISTERED);
    g_assert_cmpstr (back->new_status, ==, TURNOUT_STATUS_INVITED);
    g_assert_cmpstr (back->source, ==, "undo");
  }

  /* Once only, and nothing changes on the second try. */
  g_assert_false (turnout_db_undo_change (f->db, change, &summary, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_clear_pointer (&anna_after, g_free);
  anna_after = row_of (f, f->anna);
  g_assert_cmpstr (anna_after, ==, anna_before);
}

/* A removal comes back with everything the membership had: its date, its
 * ON24 registration id, its reason. */
static void
test_undo_removal (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *carl_before = NULL;
  g_autofree char *carl_after = NULL;
  TurnoutUndoSummary summary;
  gint64 change;
  char *sql = g_strdup_printf ("UPDATE memberships SET on24_eventuserid = 987654, push_state = 'confirmed'"
                               " WHERE person_id = %lld", (long long) f->carl);

  g_assert_true (turnout_db_exec (f->db, sql, NULL));
  g_free (sql);
  carl_before = row_of (f, f->carl);

  change = recorded_change (f, TURNOUT_STATUS_NOT_IN_PROGRAM, &f->carl, 1);
  carl_after = row_of (f, f->carl);
  g_assert_cmpstr (carl_after, ==, "none");

  undo (f, change, &summary);
  g_assert_cmpuint (summary.restored, ==, 1);
  g_clear_pointer (&carl_after, g_free);
  carl_after = row_of (f, f->carl);
  g_assert_cmpstr (carl_after, ==, carl_before);
}

/* Moved again since: theirs is the newer word, left alone and counted. A
 * push ON24 confirmed stays registered there, and is counted. */
static void
test_undo_changed_since (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) later = NULL;
  gint64 both[] = { f->anna, f->dina };
  g_autofree char *anna = NULL;
  g_autofree char *dina = NULL;
  TurnoutUndoSummary summary;
  gint64 entry = 0;
  gint64 change;

  /* Carl leaves first: two seats for the two. */
  later = turnout_db_change_status (f->db, f->program, TURNOUT_STATUS_NOT_IN_PROGRAM, &f->carl, 1, NULL,
                                    TURNOUT_SOURCE_MANUAL, &error);
  g_clear_pointer (&later, g_ptr_array_unref);
  change = recorded_change (f, TURNOUT_STATUS_REGISTERED, both, 2);

  /* Anna attends (not recorded); Dina's registration reaches ON24. */
  later = turnout_db_change_status (f->db, f->program, TURNOUT_STATUS_ATTENDED, &f->anna, 1, NULL,
                                    TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  {
    TurnoutStmt *stmt = turnout_db_prepare_own (f->db, "SELECT id FROM outbox WHERE state = 'pending' AND person_id = ?1",
                                                NULL);

    turnout_stmt_bind_int64 (stmt, 1, f->dina);
    if (turnout_stmt_step (stmt) == SQLITE_ROW)
      entry = turnout_stmt_column_int64 (stmt, 0);
    turnout_stmt_free (stmt);
  }
  g_assert_cmpint (entry, >, 0);
  g_assert_true (turnout_outbox_confirm (f->db, entry, 4242, &error));
  g_assert_no_error (error);

  undo (f, change, &summary);
  g_assert_cmpuint (summary.restored, ==, 1);
  g_assert_cmpuint (summary.changed_since, ==, 1);
  g_assert_cmpuint (summary.stay_at_on24, ==, 1);
  g_assert_cmpuint (summary.withdrawn, ==, 0);
  anna = status_of (f, f->anna);
  dina = status_of (f, f->dina);
  g_assert_cmpstr (anna, ==, TURNOUT_STATUS_ATTENDED);
  g_assert_cmpstr (dina, ==, TURNOUT_STATUS_INVITED);
}

/* Not recording: nothing to undo, and no rows kept for it. */
static void
test_not_recorded (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  results = turnout_db_change_status (f->db, f->program, TURNOUT_STATUS_REGISTERED, &f->anna, 1, NULL,
                                      TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (turnout_db_get_last_change (f->db), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM changes"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM change_members"), ==, 0);

  /* A recorded change that moved nobody is no change either. */
  g_assert_cmpint (recorded_change (f, TURNOUT_STATUS_REGISTERED, &f->anna, 1), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM change_members"), ==, 0);

  g_assert_false (turnout_db_undo_change (f->db, 12345, &(TurnoutUndoSummary) { 0 }, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
}

/* Through the store, as the dialogs do it: an approval and a promotion
 * come back with their change, and Undo takes each back. */
typedef struct
{
  GAsyncResult *result;
} Answer;

static void
answered (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ((Answer *) user_data)->result = g_object_ref (result);
}

static gboolean
has_answer (gpointer data)
{
  return ((Answer *) data)->result != NULL;
}

static GAsyncResult *
wait_answer (Answer *answer)
{
  turnout_test_spin_until (has_answer, answer, 10000);
  g_assert_nonnull (answer->result);
  return g_steal_pointer (&answer->result);
}

static void
undo_through_store (TurnoutStore *store,
                    gint64        change,
                    guint         restored)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree TurnoutUndoSummary *summary = NULL;
  Answer answer = { NULL };

  turnout_store_undo_change_async (store, change, NULL, NULL, answered, &answer);
  result = wait_answer (&answer);
  summary = turnout_store_undo_change_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->restored, ==, restored);
}

static void
test_store_jobs (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *bram = NULL;
  Answer answer = { NULL };
  gint64 change;
  char *sql = g_strdup_printf ("UPDATE memberships SET status = 'pending-approval' WHERE person_id = %lld",
                               (long long) f->anna);

  g_assert_true (turnout_db_exec (f->db, sql, NULL));
  g_free (sql);
  store = turnout_store_new (f->path);
  turnout_store_open_async (store, NULL, answered, &answer);
  result = wait_answer (&answer);
  g_assert_true (turnout_store_open_finish (store, result, NULL, &error));
  g_clear_object (&result);

  /* Approving Anna: recorded, and undone. */
  g_array_append_val (ids, f->anna);
  turnout_store_decide_async (store, f->program, ids, TRUE, NULL, NULL, NULL, answered, &answer);
  result = wait_answer (&answer);
  results = turnout_store_decide_finish (store, result, &error);
  g_assert_no_error (error);
  change = turnout_store_result_get_change (result);
  g_assert_cmpint (change, >, 0);
  anna = status_of (f, f->anna);
  g_assert_cmpstr (anna, ==, TURNOUT_STATUS_REGISTERED);
  undo_through_store (store, change, 1);
  g_clear_pointer (&anna, g_free);
  anna = status_of (f, f->anna);
  g_assert_cmpstr (anna, ==, TURNOUT_STATUS_PENDING_APPROVAL);

  /* Promoting Bram from the wait list: the same. */
  g_clear_object (&result);
  g_clear_pointer (&results, g_ptr_array_unref);
  sql = g_strdup_printf ("UPDATE memberships SET status = 'wait-listed', waitlist_priority = 1,"
                         " waitlist_at = '2026-12-01T10:00:00Z' WHERE person_id = %lld", (long long) f->bram);
  g_assert_true (turnout_db_exec (f->db, sql, NULL));
  g_free (sql);
  turnout_store_promote_async (store, f->program, f->bram, NULL, NULL, NULL, answered, &answer);
  result = wait_answer (&answer);
  results = turnout_store_promote_finish (store, result, &error);
  g_assert_no_error (error);
  change = turnout_store_result_get_change (result);
  g_assert_cmpint (change, >, 0);
  undo_through_store (store, change, 1);
  bram = row_of (f, f->bram);
  g_assert_true (g_str_has_prefix (bram, "wait-listed|"));
  g_assert_nonnull (strstr (bram, "|1|2026-12-01T10:00:00Z|"));

  /* A job that records nothing hands back no change. */
  g_clear_object (&result);
  turnout_store_promote_async (store, f->program, f->bram, NULL, NULL, NULL, answered, &answer);
  result = wait_answer (&answer);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = turnout_store_promote_finish (store, result, &error);
  g_clear_object (&result);
  g_clear_error (&error);
  turnout_store_get_history_async (store, f->program, f->bram, NULL, answered, &answer);
  result = wait_answer (&answer);
  g_assert_cmpint (turnout_store_result_get_change (result), ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = turnout_store_get_history_finish (store, result, &error);
  g_assert_no_error (error);
}

/* A rule that moves each member on at once, in a change kept for Undo:
 * each membership is copied once, from before the change (the second
 * move writes the row the first one held, turnout-moves.c), and Undo gives
 * every member back exactly. */
static void
test_undo_rule_moved_on (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TurnoutUndoSummary summary;
  gint64 change;

  for (guint i = 0; i < 70; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%02u@example.com", i);
      gint64 id = turnout_test_add_person (f->db, f->program, email, TURNOUT_STATUS_INVITED);

      g_array_append_val (people, id);
    }
  g_array_append_val (people, f->anna);
  g_array_append_val (people, f->dina);
  turnout_rules_add (f->db, f->program, TURNOUT_STATUS_PENDING_APPROVAL, TURNOUT_RULE_CHANGE_STATUS,
                     TURNOUT_STATUS_REJECTED, "The room is full", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < people->len; i++)
    g_ptr_array_add (before, row_of (f, g_array_index (people, gint64, i)));

  /* The clock moves on: undo must give back the old times, not now. */
  g_usleep (1100 * 1000);
  change = recorded_change (f, TURNOUT_STATUS_PENDING_APPROVAL, (gint64 *) people->data, people->len);
  for (guint i = 0; i < people->len; i++)
    {
      g_autoptr(TurnoutMember) moved = member (f, g_array_index (people, gint64, i));

      g_assert_cmpstr (moved->status, ==, TURNOUT_STATUS_REJECTED);
      g_assert_cmpstr (moved->status_reason, ==, "The room is full");
    }
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM change_members"), ==, (int) people->len);

  undo (f, change, &summary);
  g_assert_cmpuint (summary.restored, ==, people->len);
  g_assert_cmpuint (summary.changed_since, ==, 0);
  for (guint i = 0; i < people->len; i++)
    {
      g_autofree char *after = row_of (f, g_array_index (people, gint64, i));

      g_assert_cmpstr (after, ==, g_ptr_array_index (before, i));
    }
}

/* A change of many, kept for Undo a chunk of members at a time: only
 * those it moves are kept (not the ones already Registered, nor the
 * Attended it cannot move back), once each, from before the change,
 * also when a rule promotes from the wait list members it reaches later
 * in its list. Then a batch from Registered only. Undo gives every row
 * back exactly, each time. */
static void
test_undo_many_kept (Fixture       *f,
                     gconstpointer  data)
{
  static const char *const statuses[10] = {
    TURNOUT_STATUS_INVITED, TURNOUT_STATUS_INVITED, TURNOUT_STATUS_INVITED, TURNOUT_STATUS_REGISTERED,
    TURNOUT_STATUS_INVITED, TURNOUT_STATUS_WAIT_LISTED, TURNOUT_STATUS_INVITED, TURNOUT_STATUS_ATTENDED,
    TURNOUT_STATUS_INVITED, TURNOUT_STATUS_INVITED,
  };
  TurnoutProgramSpec spec = { .name = "Many", .capacity = -1 };
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutUndoSummary summary;
  guint n = 600, moved = 0, registered = 0;
  gint64 change;

  f->program = turnout_db_add_program (f->db, &spec, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("many%03u@example.com", i);
      gint64 id = turnout_test_add_person (f->db, f->program, email, statuses[i % 10]);

      g_array_append_val (people, id);
      moved += g_str_equal (statuses[i % 10], TURNOUT_STATUS_INVITED) ||
               g_str_equal (statuses[i % 10], TURNOUT_STATUS_WAIT_LISTED);
    }
  turnout_rules_add (f->db, f->program, TURNOUT_STATUS_REGISTERED, TURNOUT_RULE_PROMOTE, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (before, row_of (f, g_array_index (people, gint64, i)));

  g_usleep (1100 * 1000);
  change = recorded_change (f, TURNOUT_STATUS_REGISTERED, (gint64 *) people->data, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *status = status_of (f, g_array_index (people, gint64, i));

      g_assert_cmpstr (status, ==, g_str_equal (statuses[i % 10], TURNOUT_STATUS_ATTENDED) ? TURNOUT_STATUS_ATTENDED
                                                                                            : TURNOUT_STATUS_REGISTERED);
    }
  /* The wait list was promoted by the rule, ahead of each one's own turn. */
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM status_history WHERE source = 'rule'"), ==,
                   (int) n / 10);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(DISTINCT person_id) FROM change_members"), ==,
                   (int) moved);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM change_members"), <=, (int) moved * 2);

  undo (f, change, &summary);
  g_assert_cmpuint (summary.restored, ==, moved);
  g_assert_cmpuint (summary.changed_since, ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *after = row_of (f, g_array_index (people, gint64, i));

      g_assert_cmpstr (after, ==, g_ptr_array_index (before, i));
    }

  /* A batch from one status: those in another are neither moved nor kept. */
  turnout_db_set_recording (f->db, TRUE);
  results = turnout_members_move (f->db, f->program, (gint64 *) people->data, n, NULL, TURNOUT_STATUS_REGISTERED,
                                  "Not registered", TURNOUT_STATUS_ATTENDED, NULL, TURNOUT_SOURCE_MANUAL, &error);
  change = turnout_db_get_last_change (f->db);
  turnout_db_set_recording (f->db, FALSE);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  for (guint i = 0; i < results->len; i++)
    registered += ((TurnoutChangeResult *) g_ptr_array_index (results, i))->outcome == TURNOUT_MOVE_CHANGED;
  g_assert_cmpuint (registered, ==, n / 10);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM change_members m JOIN changes c"
                                                  " ON m.rowid BETWEEN c.first_member AND c.last_member"
                                                  " WHERE c.undone_at IS NULL"), ==, (int) registered);
  undo (f, change, &summary);
  g_assert_cmpuint (summary.restored, ==, registered);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *after = row_of (f, g_array_index (people, gint64, i));

      g_assert_cmpstr (after, ==, g_ptr_array_index (before, i));
    }
}

/* Cancels the Undo when its statement taking the memberships out starts:
 * SQLite's progress handler must stop it there. */
typedef struct
{
  GCancellable *cancellable;
  guint         seen;
  guint         restores;  /* the statement after it, putting the rows back */
} CancelAt;

static int
cancel_at_delete (unsigned int  type,
                  void         *data,
                  void         *stmt,
                  void         *sql)
{
  CancelAt *at = data;

  if (g_str_has_prefix (sqlite3_sql (stmt), "DELETE FROM memberships WHERE (program_id, person_id) IN"))
    {
      at->seen++;
      g_cancellable_cancel (at->cancellable);
    }
  at->restores += g_str_has_prefix (sqlite3_sql (stmt), "INSERT OR FAIL INTO memberships");
  return 0;
}

/* An Undo of many members is a bulk change: it says how many it takes
 * back, and a Cancel stops it in the middle of a statement, before it
 * commits, with nothing changed; the change can then still be undone. */
static void
test_undo_cancel (Fixture       *f,
                  gconstpointer  data)
{
  TurnoutProgramSpec spec = { .name = "Many", .capacity = -1 };
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *registered = NULL;
  TurnoutProgress progress = { 0 };
  TurnoutUndoSummary summary;
  CancelAt at = { cancellable, 0, 0 };
  const guint n = 3000;
  int history;
  gint64 change;

  f->program = turnout_db_add_program (f->db, &spec, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("many%04u@example.com", i);
      gint64 id = turnout_test_add_person (f->db, f->program, email, TURNOUT_STATUS_INVITED);

      g_array_append_val (people, id);
    }
  change = recorded_change (f, TURNOUT_STATUS_REGISTERED, (gint64 *) people->data, n);
  registered = g_strdup_printf ("SELECT count(*) FROM memberships WHERE program_id = %" G_GINT64_FORMAT
                                " AND status = 'registered'", f->program);
  g_assert_cmpint (turnout_test_query_int (f->db, registered), ==, (int) n);
  history = turnout_test_query_int (f->db, "SELECT count(*) FROM status_history");

  turnout_db_set_bulk_monitor (f->db, &progress, cancellable);
  if (turnout_db_is_postgres (f->db))
    {
      /* No statement is stopped half-way there: the cancel is seen before
       * the first write and before the commit. */
      g_cancellable_cancel (cancellable);
      g_assert_false (turnout_db_undo_change (f->db, change, &summary, &error));
    }
  else
    {
      sqlite3_trace_v2 (turnout_db_get_handle (f->db), SQLITE_TRACE_STMT, cancel_at_delete, &at);
      g_assert_false (turnout_db_undo_change (f->db, change, &summary, &error));
      sqlite3_trace_v2 (turnout_db_get_handle (f->db), 0, NULL, NULL);
      g_assert_cmpuint (at.seen, ==, 1);
      g_assert_cmpuint (at.restores, ==, 0);
    }
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* Counted before the first write; never all done: the commit never came. */
  g_assert_cmpint (progress.total, ==, (int) n);
  g_assert_cmpint (progress.done, <, (int) n);
  g_assert_cmpuint (summary.restored, ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, registered), ==, (int) n);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM status_history"), ==, history);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM changes WHERE undone_at IS NOT NULL"), ==, 0);

  /* Not cancelled: all of them back, and all counted done. */
  g_cancellable_reset (cancellable);
  undo (f, change, &summary);
  turnout_db_set_bulk_monitor (f->db, NULL, NULL);
  g_assert_cmpuint (summary.restored, ==, n);
  g_assert_cmpint (progress.done, ==, (int) n);
  g_assert_cmpint (turnout_test_query_int (f->db, registered), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/undo/change", Fixture, NULL, fixture_set_up, test_undo_change, fixture_tear_down);
  g_test_add ("/undo/removal", Fixture, NULL, fixture_set_up, test_undo_removal, fixture_tear_down);
  g_test_add ("/undo/changed-since", Fixture, NULL, fixture_set_up, test_undo_changed_since, fixture_tear_down);
  g_test_add ("/undo/not-recorded", Fixture, NULL, fixture_set_up, test_not_recorded, fixture_tear_down);
  g_test_add ("/undo/rule-moved-on", Fixture, NULL, fixture_set_up, test_undo_rule_moved_on, fixture_tear_down);
  g_test_add ("/undo/many-kept", Fixture, NULL, fixture_set_up, test_undo_many_kept, fixture_tear_down);
  g_test_add ("/undo/store-jobs", Fixture, NULL, fixture_set_up, test_store_jobs, fixture_tear_down);
  g_test_add ("/undo/cancel", Fixture, NULL, fixture_set_up, test_undo_cancel, fixture_tear_down);
  return g_test_run ();
}
