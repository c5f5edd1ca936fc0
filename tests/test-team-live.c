/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-team-live.c: a window on a team database shows what another
 * coordinator changes, as they commit it, without losing its selection,
 * scroll, search or order; and says so while it cannot hear, on the test
 * server (TURNOUT_TEST_PG_URI), skipped without one, or for a restart on
 * a server of its own. The other
 * coordinator is turnout-cli, in a process of its own. */
#include "config.h"


#include "turnout-application.h"
#include "turnout-member-list.h"
#include "turnout-member-selection.h"
#include "turnout-team-watch.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"
#include "turnout-window.h"

#define PROGRAM "Live Webinar"
#define N_MATCHING 200

typedef struct
{
  char          *uri;
  char          *server_dir;  /* a server of the test's own, or NULL */
  TurnoutStore  *store;
  TurnoutWindow *window;
  gint64         program_id;
} Fixture;

static void wait_settled (Fixture *fixture);

static char *
email_of (guint i)
{
  return g_strdup_printf ("member%03u@example.org", i);
}

/* A team database with one program: N_MATCHING members the search finds
 * and one it does not. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TurnoutDb *db;

  /* ("own server": one of the test's own, to restart) */
  if (g_strcmp0 (data, "own server") == 0)
    {
      fixture->uri = turnout_test_private_server (&fixture->server_dir);
      if (fixture->uri == NULL)
        return;
    }
  else if (!turnout_test_have_server ())
    return;
  else
    fixture->uri = turnout_test_temp_pg_database ();
  db = turnout_db_open (fixture->uri, &error);
  g_assert_no_error (error);
  fixture->program_id = turnout_test_add_program (db, PROGRAM);
  for (guint i = 0; i < N_MATCHING; i++)
    {
      g_autofree char *email = email_of (i);

      turnout_test_add_person (db, fixture->program_id, email, "registered");
    }
  turnout_test_add_person (db, fixture->program_id, "someone@elsewhere.test", "registered");
  turnout_db_close (db);

  fixture->store = turnout_store_new (fixture->uri);
  fixture->window = g_object_ref_sink (turnout_window_new (NULL, fixture->store));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  turnout_test_wait_window (fixture->window);
  turnout_window_select_program (fixture->window, fixture->program_id);
  wait_settled (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      g_object_unref (fixture->window);
    }
  g_clear_object (&fixture->store);
  g_free (fixture->uri);
  turnout_test_private_server_stop (fixture->server_dir);
}

/* Another coordinator's change, in a process of its own. */
static void
cli_set_status (Fixture    *fixture,
                const char *status,
                const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status;
  const char *argv[] = { g_getenv ("TURNOUT_CLI"), "--db", fixture->uri, "status", "set", PROGRAM, status, email, NULL };

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("turnout-cli status set failed: %s%s", out, err);
}

#define LISTENERS \
  "SELECT pid FROM pg_stat_activity" \
  " WHERE datname = current_database () AND query LIKE 'LISTEN%' AND pid != pg_backend_pid ()"

static GtkSelectionModel *
members (Fixture *fixture)
{
  return turnout_window_get_members (fixture->window);
}

static TurnoutMemberList *
member_list (Fixture *fixture)
{
  return turnout_member_selection_get_list (TURNOUT_MEMBER_SELECTION (members (fixture)));
}

/* Loaded, and every position the list spreads over frames there. */
static void
wait_settled (Fixture *fixture)
{
  turnout_test_wait_window (fixture->window);
  for (int i = 0; i < 50 && turnout_member_list_has_stale (member_list (fixture)); i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
      for (int j = 0; j < 5; j++)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_false (turnout_member_list_has_stale (member_list (fixture)));
}

static guint
position_of (Fixture    *fixture,
             const char *email)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (members (fixture)));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (members (fixture)), i);

      if (g_strcmp0 (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_EMAIL), email) == 0)
        return i;
    }
  g_assert_not_reached ();
}

typedef struct
{
  Fixture    *fixture;
  const char *email;
  const char *status;
} Expected;

static gboolean
shows_status (gpointer data)
{
  Expected *expected = data;
  guint position = position_of (expected->fixture, expected->email);
  g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (members (expected->fixture)), position);

  return g_strcmp0 (turnout_member_row_get_status_key (row), expected->status) == 0;
}

static gboolean
is_listening (gpointer data)
{
  return turnout_test_pg_rows (((Fixture *) data)->uri, LISTENERS) == 1;
}

static GtkRevealer *
banner (Fixture *fixture)
{
  GtkWidget *revealer = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_REVEALER, "team_banner");

  g_assert_nonnull (revealer);
  return GTK_REVEALER (revealer);
}

static gboolean
banner_shown (gpointer data)
{
  return gtk_revealer_get_child_revealed (banner (data));
}

static gboolean
banner_hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (banner (data)) && !gtk_revealer_get_child_revealed (banner (data));
}

static GtkAdjustment *
table_scroll (Fixture *fixture)
{
  GtkWidget *scroll = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SCROLLED_WINDOW, "members_scroll");

  g_assert_nonnull (scroll);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));
}

/* Another coordinator's status change shows, the window as it was. */
static void
test_live_change (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *search;
  GtkColumnViewColumn *name = NULL;
  g_autofree char *target = email_of (150);
  g_autoptr(GtkBitset) selected = NULL;
  GtkAdjustment *scroll;
  double scrolled;
  gint64 started, shown;
  Expected expected = { fixture, target, "attended" };

  if (fixture->window == NULL)
    return;
  g_assert_true (turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_REVEALER, "team_banner") != NULL);
  turnout_test_spin_until (is_listening, fixture, 10000);

  /* Searched, in reverse order by name, scrolled, one member selected. */
  search = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "example.org");
  wait_settled (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (members (fixture))), ==, N_MATCHING);
  name = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_NAME);
  gtk_column_view_sort_by_column (gtk_column_view_column_get_column_view (name), name, GTK_SORT_DESCENDING);
  wait_settled (fixture);
  gtk_selection_model_select_item (members (fixture), position_of (fixture, target), TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  scroll = table_scroll (fixture);
  g_assert_cmpfloat (gtk_adjustment_get_upper (scroll), >, gtk_adjustment_get_page_size (scroll) + 300);
  gtk_adjustment_set_value (scroll, 300);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  scrolled = gtk_adjustment_get_value (scroll);
  g_assert_false (shows_status (&expected));

  started = g_get_monotonic_time ();
  cli_set_status (fixture, "attended", target);
  turnout_test_spin_until (shows_status, &expected, 5000);
  shown = g_get_monotonic_time ();
  g_test_message ("another process's change shown %.0f ms after it started (its commit included)",
                  (shown - started) / 1000.0);
  wait_settled (fixture);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "example.org");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (members (fixture))), ==, N_MATCHING);
  selected = gtk_selection_model_get_selection (members (fixture));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_minimum (selected), ==, position_of (fixture, target));
  g_assert_cmpint (turnout_member_list_get_sort_column (member_list (fixture)), ==, TURNOUT_MEMBER_COLUMN_NAME);
  g_assert_true (turnout_member_list_get_sort_descending (member_list (fixture)));
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), ==, scrolled);
  g_assert_false (gtk_revealer_get_reveal_child (banner (fixture)));
}

/* Cut off: the banner says so; back: it goes, and what changed meanwhile
 * shows. */
static void
test_reconnect (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *target = email_of (7);
  Expected expected = { fixture, target, "attended" };

  if (fixture->window == NULL)
    return;
  turnout_test_spin_until (is_listening, fixture, 10000);
  g_assert_false (gtk_revealer_get_reveal_child (banner (fixture)));

  g_assert_cmpint (turnout_test_pg_rows (fixture->uri,
                                         "SELECT pg_terminate_backend (pid) FROM (" LISTENERS ") AS listening"),
                   ==, 1);

  turnout_test_spin_until (banner_shown, fixture, 5000);
  turnout_test_shoot (GTK_WIDGET (fixture->window), "live-banner");
  /* Made while the window hears nothing. */
  cli_set_status (fixture, "attended", target);

  /* It tries again every 5 s. */
  turnout_test_spin_until (banner_hidden, fixture, 15000);
  turnout_test_spin_until (shows_status, &expected, 5000);
  g_assert_true (is_listening (fixture));
}

typedef struct
{
  guint   heard;
  gint64  program_id;
  gboolean changed;
} Heard;

static void
members_changed_cb (TurnoutTeamWatch *watch,
                    gint64            program_id,
                    Heard            *heard)
{
  heard->heard++;
  heard->program_id = program_id;
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Heard *heard = user_data;
  g_autoptr(GError) error = NULL;
  TurnoutChangeCount *count = turnout_store_change_status_finish (TURNOUT_STORE (object), result, &error);

  g_assert_no_error (error);
  turnout_change_count_free (count);
  heard->changed = TRUE;
}

static gboolean
has_changed (gpointer data)
{
  return ((Heard *) data)->changed;
}

/* The window's own change, through its store, of the member @email. */
static void
window_sets_status (Fixture    *fixture,
                    const char *status,
                    const char *email,
                    Heard      *heard)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (members (fixture)),
                                                           position_of (fixture, email));
  gint64 person_id = turnout_member_row_get_person_id (row);

  g_array_append_val (ids, person_id);
  heard->changed = FALSE;
  turnout_store_change_status_async (fixture->store, fixture->program_id, status, ids, NULL,
                                     TURNOUT_SOURCE_MANUAL, NULL, NULL, changed_cb, heard);
  turnout_test_spin_until (has_changed, heard, 10000);
}

static gboolean
has_heard (gpointer data)
{
  return ((Heard *) data)->heard > 0;
}

static gboolean
two_listening (gpointer data)
{
  return turnout_test_pg_rows (((Fixture *) data)->uri, LISTENERS) == 2;
}

/* The window's own changes are not told back to it (it reloads after
 * them already): a watch ignoring the window's store hears only the other
 * process's change, though the window's own was notified first. */
static void
test_own_changes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TurnoutTeamWatch) watch = NULL;
  g_autofree char *mine = email_of (3);
  g_autofree char *theirs = email_of (4);
  Heard heard = { 0 };

  if (fixture->window == NULL)
    return;
  watch = turnout_team_watch_new (fixture->uri, NULL);
  turnout_team_watch_ignore_store (watch, fixture->store);
  g_signal_connect (watch, "members-changed", G_CALLBACK (members_changed_cb), &heard);
  turnout_test_spin_until (two_listening, fixture, 10000);
  turnout_test_spin_until ((gboolean (*) (gpointer)) turnout_team_watch_is_connected, watch, 5000);

  window_sets_status (fixture, "attended", mine, &heard);
  cli_set_status (fixture, "attended", theirs);
  turnout_test_spin_until (has_heard, &heard, 5000);
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (heard.heard, ==, 1);
  g_assert_cmpint (heard.program_id, ==, fixture->program_id);
}

/* The server restarts: while it is down the banner says so; once it is
 * back the banner goes by itself, another process's change shows, and
 * the window's own changes work again, its store connected anew. */
static void
test_server_restart (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *theirs = email_of (20);
  g_autofree char *mine = email_of (21);
  Expected expected_theirs = { fixture, theirs, "attended" };
  Expected expected_mine = { fixture, mine, "attended" };
  Heard heard = { 0 };

  if (fixture->window == NULL)
    return;
  turnout_test_spin_until (is_listening, fixture, 10000);
  g_assert_false (gtk_revealer_get_reveal_child (banner (fixture)));

  turnout_test_private_server_do (fixture->server_dir, "pause");
  turnout_test_spin_until (banner_shown, fixture, 5000);
  turnout_test_shoot (GTK_WIDGET (fixture->window), "live-server-down");

  turnout_test_private_server_do (fixture->server_dir, "resume");
  turnout_test_spin_until (banner_hidden, fixture, 15000);
  cli_set_status (fixture, "attended", theirs);
  turnout_test_spin_until (shows_status, &expected_theirs, 5000);

  window_sets_status (fixture, "attended", mine, &heard);
  turnout_test_spin_until (shows_status, &expected_mine, 5000);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();
  adw_init ();
  /* The banner's pictures show its tint. */
  turnout_test_app_style ();

  g_test_add ("/team-live/change", Fixture, NULL, fixture_set_up, test_live_change, fixture_tear_down);
  g_test_add ("/team-live/own-changes", Fixture, NULL, fixture_set_up, test_own_changes, fixture_tear_down);
  g_test_add ("/team-live/reconnect", Fixture, NULL, fixture_set_up, test_reconnect, fixture_tear_down);
  g_test_add ("/team-live/server-restart", Fixture, "own server", fixture_set_up, test_server_restart,
              fixture_tear_down);

  return g_test_run ();
}
