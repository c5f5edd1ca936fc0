/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-actions.c: the main window's Event Actions, wired to ON24
 * and the members dialogs, driven as a coordinator would.
 *
 * A real database with a program linked to an event of the ON24 simulator
 * (in-process, on loopback) and one that is not; a real TurnoutWindow with
 * a real TurnoutOn24Service. The tests read the Event Actions menu as it
 * is shown, refresh from the provider, retry registration errors, watch
 * the Push column follow the sender, and open the dialogs.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "turnout-application.h"
#include "turnout-channel.h"
#include "turnout-columns.h"
#include "turnout-export-dialog.h"
#include "turnout-import-dialog.h"
#include "turnout-member-list.h"
#include "turnout-member-selection.h"
#include "turnout-member-table.h"
#include "turnout-on24-service.h"
#include "turnout-person-dialog.h"
#include "turnout-problem-banner.h"
#include "turnout-refresh-preview.h"
#include "turnout-test-on24.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"
#include "turnout-window.h"

typedef struct
{
  char               *path;
  TurnoutOn24Sim     *sim;
  TurnoutStore       *store;
  TurnoutOn24Service *service;
  TurnoutWindow      *window;
  gint64              linked;
  gint64              unlinked;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* Ended 20 minutes ago: before the first automatic refresh (+30 min),
   * so only the coordinator's refresh runs. */
  g_autofree char *end = turnout_test_iso_from_now (-20 * 60);
  TurnoutDb *db;

  fixture->sim = turnout_test_sim_new (end, "[{\"email\":\"anna@example.com\",\"liveminutes\":42}]");
  fixture->path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (fixture->path);
  turnout_test_set_account (db, turnout_on24_sim_get_base_url (fixture->sim));

  fixture->linked = turnout_test_add_linked_program (db, "Product Launch", end);
  turnout_test_add_person (db, fixture->linked, "anna@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_test_add_person (db, fixture->linked, "bram@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_test_add_person (db, fixture->linked, "carl@example.com", TURNOUT_STATUS_REGISTRATION_ERROR);
  turnout_test_add_person (db, fixture->linked, "dina@example.com", TURNOUT_STATUS_REGISTRATION_ERROR);

  fixture->unlinked = turnout_test_add_program (db, "Customer Summit");
  turnout_test_add_person (db, fixture->unlinked, "eva@example.com", TURNOUT_STATUS_INVITED);
  turnout_db_close (db);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->service != NULL)
    turnout_on24_service_stop (fixture->service);
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->store);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&fixture->sim);
  g_free (fixture->path);
}

static void
open_window (Fixture *fixture)
{
  fixture->store = turnout_store_new (fixture->path);
  fixture->service = turnout_on24_service_new (fixture->store);
  fixture->window = g_object_ref_sink (turnout_window_new (NULL, fixture->store));
  turnout_window_set_on24_service (fixture->window, fixture->service);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  turnout_test_wait_window (fixture->window);
}

static void
select_program (Fixture *fixture,
                gint64   program_id)
{
  turnout_window_select_program (fixture->window, program_id);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), ==, program_id);
}

/* The actions of the Event Actions menu's items, section by section. */
static char *
menu_actions (Fixture *fixture)
{
  GtkWidget *button = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON,
                                                "event_menu_button");
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  GString *out = g_string_new (NULL);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (i > 0)
        g_string_append (out, " | ");
      for (int j = 0; j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_string_append_printf (out, "%s%s", j > 0 ? " " : "", action);
        }
    }
  return g_string_free (out, FALSE);
}

/* The items the open menu shows: visible, their label and whether they can
 * be chosen ("-" in front when not). */
static void
collect_items (GtkWidget *root,
               GString   *out)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkModelButton"))
    {
      g_autofree char *text = NULL;

      if (!gtk_widget_get_visible (root))
        return;
      g_object_get (root, "text", &text, NULL);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s%s", gtk_widget_get_sensitive (root) ? "" : "-", text);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_items (child, out);
}

static char *
shown_items (Fixture *fixture)
{
  GtkWidget *button = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON,
                                                "event_menu_button");
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  GString *out = g_string_new (NULL);
  char *text;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  collect_items (GTK_WIDGET (popover), out);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  text = g_string_free (out, FALSE);
  g_test_message ("menu: %s", text);
  return text;
}

static TurnoutMemberTable *
table (Fixture *fixture)
{
  GtkSelectionModel *selection = turnout_window_get_members (fixture->window);
  TurnoutMemberList *list = turnout_member_selection_get_list (TURNOUT_MEMBER_SELECTION (selection));

  return turnout_member_list_get_table (list);
}

static int
row_of (Fixture    *fixture,
        const char *email)
{
  TurnoutMemberTable *members = table (fixture);

  for (guint i = 0; members && i < turnout_member_table_get_n_rows (members); i++)
    if (g_strcmp0 (turnout_member_table_get_text (members, i, TURNOUT_MEMBER_TEXT_EMAIL), email) == 0)
      return (int) i;
  return -1;
}

static const char *
shown_status (Fixture    *fixture,
              const char *email)
{
  int row = row_of (fixture, email);

  g_assert_cmpint (row, >=, 0);
  return turnout_member_table_get_status_key (table (fixture), row);
}

static TurnoutPushState
shown_push (Fixture    *fixture,
            const char *email)
{
  int row = row_of (fixture, email);

  g_assert_cmpint (row, >=, 0);
  return turnout_member_table_get_push_state (table (fixture), row);
}

static int
count_outbox (Fixture    *fixture,
              const char *email)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM outbox o JOIN people p ON p.id = o.person_id"
                                       " WHERE p.email = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_menu (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *actions = NULL;
  g_autofree char *linked = NULL;
  g_autofree char *unlinked = NULL;

  open_window (fixture);
  select_program (fixture, fixture->linked);

  /* The model: every feature, in its section. */
  actions = menu_actions (fixture);
  g_assert_cmpstr (actions, ==,
                   "win.refresh-provider win.event-settings"
                   " | win.add-member win.import-members win.export-members win.approve-pending"
                   " win.retry-registration-errors win.wait-list win.batch-change win.trigger-rules"
                   " | win.rename-program win.delete-program");

  /* Linked, with registration errors and nobody pending approval. */
  linked = shown_items (fixture);
  g_assert_cmpstr (linked, ==,
                   "Refresh from Webinar Provider, Event Settings…, Add Member…, Import Members…,"
                   " Export Members…, -Approve Pending…, Retry Registration Errors, Wait List…,"
                   " Batch Change…, Trigger Rules…, Rename Program…, Delete Program…");

  /* Not linked: no provider to refresh from; nothing to retry. */
  select_program (fixture, fixture->unlinked);
  unlinked = shown_items (fixture);
  g_assert_cmpstr (unlinked, ==,
                   "Event Settings…, Add Member…, Import Members…,"
                   " Export Members…, -Approve Pending…, -Retry Registration Errors, Wait List…,"
                   " Batch Change…, Trigger Rules…, Rename Program…, Delete Program…");

  /* F5 there reads the database again rather than asking ON24. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  turnout_test_wait_window (fixture->window);
  g_assert_null (turnout_window_get_last_toast (fixture->window));
}

static gboolean
pushed (gpointer data)
{
  Fixture *fixture = data;

  return !turnout_window_is_loading (fixture->window) && table (fixture) != NULL
         && shown_push (fixture, "anna@example.com") == TURNOUT_PUSH_CONFIRMED
         && shown_push (fixture, "bram@example.com") == TURNOUT_PUSH_CONFIRMED;
}

static gboolean
toast_starts (gpointer data)
{
  void **args = data;
  Fixture *fixture = args[0];
  const char *toast = turnout_window_get_last_toast (fixture->window);

  return !turnout_window_is_loading (fixture->window) && toast != NULL && g_str_has_prefix (toast, args[1]);
}

static void
wait_toast (Fixture    *fixture,
            const char *prefix)
{
  void *args[] = { fixture, (void *) prefix };

  turnout_test_spin_until (toast_starts, args, 20000);
}

static gboolean
preview_shown (gpointer data)
{
  return turnout_test_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The refresh preview, once ON24 answered and the dry run counted. */
static AdwMessageDialog *
wait_preview (void)
{
  turnout_test_spin_until (preview_shown, NULL, 20000);
  return ADW_MESSAGE_DIALOG (turnout_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_push_refresh_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *spinner;
  int carl_before;
  int dina_before;

  open_window (fixture);
  select_program (fixture, fixture->linked);

  /* Registered here, not yet at ON24. */
  g_assert_cmpint (shown_push (fixture, "anna@example.com"), ==, TURNOUT_PUSH_PENDING);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_nonnull (turnout_test_find_cell (GTK_WIDGET (fixture->window), "Pending", TRUE));

  /* The sender confirms them, and the column follows. */
  turnout_on24_service_start (fixture->service);
  turnout_test_spin_until (pushed, fixture, 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_nonnull (turnout_test_find_cell (GTK_WIDGET (fixture->window), "Confirmed", TRUE));

  /* Refresh from Webinar Provider (F5): Anna attended; the spinner shows
   * while it runs, the summary after. */
  spinner = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SPINNER, "refresh_spinner");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL);
  g_assert_true (gtk_widget_get_visible (spinner));
  {
    /* Shown first, applied on Apply. */
    AdwMessageDialog *dialog = wait_preview ();

    g_assert_false (gtk_widget_get_visible (spinner));
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Refresh “Product Launch” from ON24?");
    g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), "1 → Attended\n"));
    g_assert_cmpstr (shown_status (fixture, "anna@example.com"), ==, TURNOUT_STATUS_REGISTERED);
    adw_message_dialog_response (dialog, "apply");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  wait_toast (fixture, "Refreshed from ON24: ");
  g_test_message ("toast: %s", turnout_window_get_last_toast (fixture->window));
  g_assert_nonnull (strstr (turnout_window_get_last_toast (fixture->window), "1 Attended"));
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_cmpstr (shown_status (fixture, "anna@example.com"), ==, TURNOUT_STATUS_ATTENDED);
  g_assert_cmpint (turnout_member_table_get_live_minutes (table (fixture), row_of (fixture, "anna@example.com")),
                   ==, 42);

  /* The overview says when, and what it brought. */
  {
    GtkWidget *info = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "program_info");

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (info)), "Last refreshed from ON24 on "));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (info)), ": 1 Attended"));
  }

  /* Retry Registration Errors: back to Registered, queued for ON24. */
  carl_before = count_outbox (fixture, "carl@example.com");
  dina_before = count_outbox (fixture, "dina@example.com");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.retry-registration-errors", NULL);
  {
    /* It asks first, with what it will do and that the event is over
     * (it ended 20 minutes ago): the careful answer is the default. */
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (turnout_test_find_window (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Retry 2 Registration Errors?");
    g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                     "2 go back to Registered and are sent to ON24 again.\n\n"
                                     "The live event ended on "));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "the next refresh makes anyone who does not "
                                                                    "watch it a No Show."));
    g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
    g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "retry"), ==, ADW_RESPONSE_DESTRUCTIVE);
    g_assert_cmpint (count_outbox (fixture, "carl@example.com"), ==, carl_before);
    adw_message_dialog_response (dialog, "retry");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  wait_toast (fixture, "2 members set back to Registered");
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==,
                   "2 members set back to Registered and sent to ON24 again");
  g_assert_cmpstr (shown_status (fixture, "carl@example.com"), ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpstr (shown_status (fixture, "dina@example.com"), ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (count_outbox (fixture, "carl@example.com"), ==, carl_before + 1);
  g_assert_cmpint (count_outbox (fixture, "dina@example.com"), ==, dina_before + 1);
}

/* The program's last refresh as the database keeps it, or NULL. */
static TurnoutRefreshSummary *
stored_refresh (Fixture *fixture)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, fixture->linked, NULL);
  TurnoutRefreshSummary *summary;

  g_assert_nonnull (program);
  summary = turnout_refresh_summary_from_json (program->last_refresh_summary);
  turnout_db_close (db);
  return summary;
}

static int
count_history (Fixture *fixture)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  int count = turnout_test_query_int (db, "SELECT count(*) FROM status_history");

  turnout_db_close (db);
  return count;
}

static gboolean
everyone_pushed (gpointer data)
{
  Fixture *fixture = data;

  return pushed (fixture) && shown_push (fixture, "gina@example.com") == TURNOUT_PUSH_CONFIRMED;
}

#ifdef GDK_WINDOWING_X11
static gboolean
settled_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_command (char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
#endif

/* With TURNOUT_TEST_SHOT_DIR set, a picture of the window with @dialog
 * over its middle, where a window manager puts a modal dialog: the X
 * server has none, so the dialog is moved there, and the picture is of
 * the screen, which the window fills from its corner. */
static void
shoot_with_dialog (Fixture    *fixture,
                   GtkWindow  *dialog,
                   const char *name)
{
#ifdef GDK_WINDOWING_X11
  const char *dir = g_getenv ("TURNOUT_TEST_SHOT_DIR");
  const char *language = g_getenv ("LANGUAGE");
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xid = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autofree char *crop = NULL;
  GdkSurface *surface;
  GdkSurface *dialog_surface;
  gboolean settled = FALSE;

  if (dir == NULL || !GDK_IS_X11_DISPLAY (gtk_widget_get_display (window)))
    return;
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  dialog_surface = gtk_native_get_surface (GTK_NATIVE (dialog));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (dialog_surface));
  x = g_strdup_printf ("%d", (gdk_surface_get_width (surface) - gdk_surface_get_width (dialog_surface)) / 2);
  y = g_strdup_printf ("%d", (gdk_surface_get_height (surface) - gdk_surface_get_height (dialog_surface)) / 2);
  run_command ((char *[]) { "xdotool", "windowmove", xid, x, y, NULL });
  /* The window draws what the dialog uncovered. */
  g_timeout_add (500, settled_cb, &settled);
  while (!settled)
    g_main_context_iteration (NULL, TRUE);

  file = g_strdup_printf ("%s-%s.png", name, language && *language ? language : "en");
  path = g_build_filename (dir, file, NULL);
  crop = g_strdup_printf ("%dx%d+0+0", gdk_surface_get_width (surface), gdk_surface_get_height (surface));
  run_command ((char *[]) { "import", "-window", "root", "-crop", crop, path, NULL });
  g_test_message ("picture: %s", path);
#endif
}

/* Refresh by hand: the preview counts what Apply then does, from the same
 * fetch; Cancel writes nothing; a second Apply does nothing more; with
 * nothing new there is only Close. */
static void
test_refresh_preview (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *end = turnout_test_iso_from_now (-3 * 3600);
  g_autofree char *start = turnout_test_iso_from_now (-4 * 3600);
  g_autoptr(TurnoutRefreshSummary) applied = NULL;
  g_autofree char *preview_body = NULL;
  g_autofree char *applied_body = NULL;
  AdwMessageDialog *dialog;
  TurnoutDb *db;
  guint requests;
  int history;

  db = turnout_test_open_db (fixture->path);
  turnout_test_add_person (db, fixture->linked, "gina@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_db_close (db);

  open_window (fixture);
  if (g_getenv ("TURNOUT_TEST_SHOT_DIR") != NULL)
    turnout_test_present_at (GTK_WINDOW (fixture->window), 1280, 800);
  select_program (fixture, fixture->linked);
  turnout_on24_service_start (fixture->service);
  turnout_test_spin_until (everyone_pushed, fixture, 20000);

  /* ON24 now has its final data: Anna live, Bram on demand, Fred (not a
   * member) live, Gina nowhere. */
  g_assert_true (turnout_on24_sim_set_schedule (fixture->sim, TEST_EVENT_ID, start, end));
  g_assert_true (turnout_on24_sim_add_attendees_json (fixture->sim, TEST_EVENT_ID,
                                                      "[{\"email\":\"bram@example.com\",\"archiveminutes\":12},"
                                                      " {\"email\":\"fred@example.com\",\"liveminutes\":30}]",
                                                      NULL));

  /* Cancel: nothing written. */
  history = count_history (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh-provider", NULL);
  dialog = wait_preview ();
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  turnout_test_wait_window (fixture->window);
  g_assert_cmpint (count_history (fixture), ==, history);
  g_assert_null (stored_refresh (fixture));
  g_assert_cmpstr (shown_status (fixture, "gina@example.com"), ==, TURNOUT_STATUS_REGISTERED);
  g_assert_cmpint (row_of (fixture, "fred@example.com"), <, 0);

  /* Apply, pressed twice: what the preview said, once, without asking
   * ON24 again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh-provider", NULL);
  dialog = wait_preview ();
  preview_body = g_strdup (adw_message_dialog_get_body (dialog));
  g_test_message ("preview: %s", preview_body);
  g_assert_cmpstr (preview_body, ==,
                   "2 → Attended\n1 → Attended On-demand\n1 → No Show\n1 person added\n0 attendees unchanged");
  g_assert_cmpint (count_history (fixture), ==, history);
  shoot_with_dialog (fixture, GTK_WINDOW (dialog), "refresh-preview");
  requests = turnout_on24_sim_get_n_requests (fixture->sim);
  adw_message_dialog_response (dialog, "apply");
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_toast (fixture, "Refreshed from ON24: ");
  g_assert_cmpuint (turnout_on24_sim_get_n_requests (fixture->sim), ==, requests);

  applied = stored_refresh (fixture);
  g_assert_nonnull (applied);
  applied_body = turnout_refresh_preview_describe (applied);
  g_assert_cmpstr (applied_body, ==, preview_body);
  history = count_history (fixture);
  g_assert_cmpstr (shown_status (fixture, "anna@example.com"), ==, TURNOUT_STATUS_ATTENDED);
  g_assert_cmpstr (shown_status (fixture, "bram@example.com"), ==, TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  g_assert_cmpstr (shown_status (fixture, "gina@example.com"), ==, TURNOUT_STATUS_NO_SHOW);
  g_assert_cmpstr (shown_status (fixture, "fred@example.com"), ==, TURNOUT_STATUS_ATTENDED);

  /* Again: nothing new, so nothing to apply. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh-provider", NULL);
  dialog = wait_preview ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "“Product Launch” Is Up to Date");
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));
  g_assert_false (adw_message_dialog_has_response (dialog, "apply"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  turnout_test_wait_window (fixture->window);
  g_assert_cmpint (count_history (fixture), ==, history);
}

static TurnoutProblemBanner *
banner (Fixture *fixture)
{
  return TURNOUT_PROBLEM_BANNER (turnout_test_find_widget (GTK_WIDGET (fixture->window),
                                                           TURNOUT_TYPE_PROBLEM_BANNER, "problem_banner"));
}

static gboolean
banner_shown (gpointer data)
{
  Fixture *fixture = data;

  return !turnout_window_is_loading (fixture->window) && turnout_problem_banner_is_shown (banner (fixture));
}

static gboolean
child_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (data);
}

static void
refresh_failing_with (Fixture    *fixture,
                      const char *fault)
{
  turnout_on24_sim_clear_faults (fixture->sim);
  g_assert_true (turnout_on24_sim_add_fault_json (fixture->sim, fault, NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh-provider", NULL);
  turnout_test_spin_until (banner_shown, fixture, 20000);
  g_test_message ("banner: %s", turnout_problem_banner_get_message (banner (fixture)));
  g_assert_null (turnout_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* ON24's problems: a banner with the button that fixes each, which goes
 * once ON24 answers, the program changes, or it is closed. */
static void
test_problem_banner (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkButton *fix;

  open_window (fixture);
  select_program (fixture, fixture->linked);
  turnout_on24_service_start (fixture->service);
  turnout_test_spin_until (pushed, fixture, 20000);
  g_assert_false (turnout_problem_banner_is_shown (banner (fixture)));
  fix = turnout_problem_banner_get_button (banner (fixture));

  /* Tokens refused: Preferences, and no toast saying it again. */
  refresh_failing_with (fixture, "{\"kind\": \"unauthorized\", \"count\": -1}");
  g_assert_true (g_str_has_prefix (turnout_problem_banner_get_message (banner (fixture)),
                                   "ON24 did not accept the access token key and secret"));
  g_assert_cmpstr (turnout_problem_banner_get_action_name (banner (fixture)), ==, "app.preferences");
  g_assert_cmpstr (gtk_button_get_label (fix), ==, "_Preferences");
  g_assert_null (turnout_window_get_last_toast (fixture->window));

  /* ON24 answers again: it goes, even when the preview is cancelled. */
  turnout_on24_sim_clear_faults (fixture->sim);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh-provider", NULL);
  {
    AdwMessageDialog *dialog = wait_preview ();

    adw_message_dialog_response (dialog, "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  turnout_test_wait_window (fixture->window);
  g_assert_false (turnout_problem_banner_is_shown (banner (fixture)));

  /* Event not found: Event Settings; it goes with the program. */
  refresh_failing_with (fixture, "{\"kind\": \"status\", \"status\": 404, \"count\": -1}");
  g_assert_cmpstr (turnout_problem_banner_get_action_name (banner (fixture)), ==, "win.event-settings");
  g_assert_cmpstr (gtk_button_get_label (fix), ==, "Event _Settings");
  select_program (fixture, fixture->unlinked);
  g_assert_false (turnout_problem_banner_is_shown (banner (fixture)));
  select_program (fixture, fixture->linked);

  /* Throttled: Try Again, which refreshes (and so previews) again. */
  refresh_failing_with (fixture, "{\"kind\": \"throttle\", \"retry_after\": 60, \"count\": 3}");
  g_assert_true (g_str_has_prefix (turnout_problem_banner_get_message (banner (fixture)),
                                   "ON24 asked Turnout to slow down, so nothing was refreshed"));
  g_assert_cmpstr (turnout_problem_banner_get_action_name (banner (fixture)), ==, "win.refresh-provider");
  g_assert_cmpstr (gtk_button_get_label (fix), ==, "_Try Again");
  if (g_getenv ("TURNOUT_TEST_SHOT_DIR") != NULL)
    {
      GtkWidget *revealer = turnout_test_find_widget (GTK_WIDGET (banner (fixture)), GTK_TYPE_REVEALER, NULL);

      turnout_test_spin_until (child_revealed, revealer, 10000);
      turnout_test_shoot (GTK_WIDGET (fixture->window), "problem-banner");
    }
  turnout_on24_sim_clear_faults (fixture->sim);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fix)));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (fix)));
  {
    AdwMessageDialog *dialog = wait_preview ();

    adw_message_dialog_response (dialog, "apply");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  wait_toast (fixture, "Refreshed from ON24: ");
  g_assert_false (turnout_problem_banner_is_shown (banner (fixture)));

  /* ON24's own trouble: Try Again too; the close button hides it. */
  refresh_failing_with (fixture, "{\"kind\": \"status\", \"status\": 503, \"count\": -1}");
  g_assert_cmpstr (turnout_problem_banner_get_action_name (banner (fixture)), ==, "win.refresh-provider");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (banner (fixture)), "banner.dismiss", NULL));
  g_assert_false (turnout_problem_banner_is_shown (banner (fixture)));
}

/* A push refused for the account's tokens raises the banner as well. */
static void
test_push_problem_banner (Fixture       *fixture,
                          gconstpointer  data)
{
  open_window (fixture);
  select_program (fixture, fixture->linked);
  g_assert_true (turnout_on24_sim_add_fault_json (fixture->sim, "{\"kind\": \"unauthorized\", \"count\": -1}",
                                                  NULL));
  turnout_on24_service_start (fixture->service);
  turnout_test_spin_until (banner_shown, fixture, 20000);
  g_assert_cmpstr (turnout_problem_banner_get_action_name (banner (fixture)), ==, "app.preferences");
  g_assert_null (turnout_window_get_last_toast (fixture->window));
}

/* The schedule's refresh applies without asking: no preview, a toast. */
static void
test_auto_refresh (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *end = turnout_test_iso_from_now (-3 * 3600);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Ended three hours ago in Turnout too: the +30 min, +2 h and +3 h
   * refreshes are due. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE programs SET live_end = ?1 WHERE id = ?2", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, end, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, fixture->linked);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  open_window (fixture);
  select_program (fixture, fixture->linked);
  turnout_on24_service_start (fixture->service);
  wait_toast (fixture, "Refreshed from ON24: ");
  g_assert_null (turnout_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (shown_status (fixture, "anna@example.com"), ==, TURNOUT_STATUS_ATTENDED);
}

static TurnoutImportDialog *
find_import_dialog (void)
{
  return TURNOUT_IMPORT_DIALOG (turnout_test_find_window (TURNOUT_TYPE_IMPORT_DIALOG));
}

static gboolean
no_import_dialog (gpointer data)
{
  return find_import_dialog () == NULL;
}

static void
test_import_dialog (Fixture       *fixture,
                    gconstpointer  data)
{
  TurnoutImportDialog *dialog;

  open_window (fixture);
  select_program (fixture, fixture->linked);

  g_assert_null (find_import_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-members", NULL);
  dialog = find_import_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  gtk_window_close (GTK_WINDOW (dialog));
  turnout_test_spin_until (no_import_dialog, NULL, 5000);
}

/* What Export Members… runs once the file is chosen: the view's search
 * and columns, and a finish that accepts its own task. */
static void
test_export_to_file (Fixture       *fixture,
                     gconstpointer  data)
{
  static const TurnoutExportColumn columns[] = { TURNOUT_EXPORT_EMAIL, TURNOUT_EXPORT_PUSH_STATE };
  g_autofree char *dir = g_dir_make_tmp ("turnout-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "launch.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) written = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  guint n_members = 0;

  fixture->store = turnout_test_store_open (fixture->path);
  turnout_export_to_file_async (fixture->store, fixture->linked, NULL, "anna", columns, G_N_ELEMENTS (columns),
                                file, NULL, turnout_test_store_result, &result);
  written = turnout_export_to_file_finish (turnout_test_wait_result (&result), &n_members, &error);
  g_assert_no_error (error);
  g_assert_nonnull (written);
  g_assert_cmpuint (n_members, ==, 1);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "anna@example.com"));
  g_assert_nonnull (strstr (csv, "Pending"));
  g_assert_null (strstr (csv, "bram@example.com"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Issue 18: the members table's columns, selection and keys. */

static GtkColumnView *
members_view (Fixture *fixture)
{
  return GTK_COLUMN_VIEW (turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW,
                                                    "members_view"));
}

static guint
shown_position (Fixture             *fixture,
                GtkColumnViewColumn *column)
{
  GListModel *columns = gtk_column_view_get_columns (members_view (fixture));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) shown = g_list_model_get_item (columns, i);

      if (shown == column)
        return i;
    }
  return G_MAXUINT;
}

/* Status is the second column and, with Status Reason, on screen at
 * 1280 px; the export's order is not the view's.
 */
static void
test_column_order (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkColumnViewColumn *name, *status, *reason, *email;
  GtkWidget *scroll;
  int right = 0;

  open_window (fixture);
  select_program (fixture, fixture->linked);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  name = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_NAME);
  status = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_STATUS);
  reason = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_STATUS_REASON);
  email = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_EMAIL);
  g_assert_cmpuint (shown_position (fixture, name), ==, 0);
  g_assert_cmpuint (shown_position (fixture, status), ==, 1);
  g_assert_cmpuint (shown_position (fixture, reason), ==, 2);
  g_assert_cmpuint (shown_position (fixture, email), ==, 3);
  /* The default size, 1280 px, less the frame's border. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), >=, 1260);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 1280);

  /* The columns before Status Reason's end fit in the table's width. */
  scroll = gtk_widget_get_parent (GTK_WIDGET (members_view (fixture)));
  for (guint i = 0; i <= shown_position (fixture, reason); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (
        gtk_column_view_get_columns (members_view (fixture)), i);

      right += gtk_column_view_column_get_fixed_width (column);
    }
  g_test_message ("Name to Status Reason: %d px of %d", right, gtk_widget_get_width (scroll));
  g_assert_cmpint (right, <=, gtk_widget_get_width (scroll));

  /* The Columns popover lists them in the table's order. */
  {
    GtkWidget *check = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_CHECK_BUTTON, NULL);

    g_assert_nonnull (check);
    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), ==,
                     gtk_column_view_column_get_title (name));
    check = gtk_widget_get_next_sibling (check);
    g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), ==,
                     gtk_column_view_column_get_title (status));
  }

  /* The export keeps its own order: e-mail first, status sixth. */
  g_assert_cmpstr (turnout_column_for_export (0)->export_key, ==, "email");
  g_assert_cmpstr (turnout_column_for_export (TURNOUT_EXPORT_STATUS)->export_key, ==, "status");
  g_assert_cmpint (TURNOUT_EXPORT_STATUS, ==, 5);
}

static void
close_window (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  turnout_on24_service_stop (fixture->service);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->store);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* A column moved, resized and hidden is so in the next window. */
static void
test_columns_remembered (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkColumnViewColumn *company, *job_title, *push;

  open_window (fixture);
  company = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_COMPANY);
  job_title = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_JOB_TITLE);
  push = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_PUSH);
  g_assert_cmpuint (shown_position (fixture, company), ==, 4);

  /* As a drag of the header does: Company taken out and put first. */
  gtk_column_view_insert_column (members_view (fixture), 0, company);
  gtk_column_view_column_set_fixed_width (job_title, 321);
  gtk_column_view_column_set_visible (push, FALSE);
  g_assert_cmpuint (shown_position (fixture, company), ==, 0);
  close_window (fixture);

  open_window (fixture);
  company = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_COMPANY);
  job_title = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_JOB_TITLE);
  push = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_PUSH);
  g_assert_cmpuint (shown_position (fixture, company), ==, 0);
  g_assert_cmpuint (shown_position (fixture, turnout_window_get_column (fixture->window,
                                                                        TURNOUT_MEMBER_COLUMN_NAME)), ==, 1);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (job_title), ==, 321);
  g_assert_false (gtk_column_view_column_get_visible (push));
  g_assert_cmpuint (shown_position (fixture, push), ==, G_MAXUINT);

  /* Shown again, Push is back after Success, where it was. */
  gtk_column_view_column_set_visible (push, TRUE);
  g_assert_cmpuint (shown_position (fixture, push), ==,
                    shown_position (fixture, turnout_window_get_column (fixture->window,
                                                                        TURNOUT_MEMBER_COLUMN_SUCCESS)) + 1);

  g_settings_reset (settings, "column-order");
  g_settings_reset (settings, "column-widths");
  g_settings_reset (settings, "hidden-columns");
}

static guint
n_selected (Fixture *fixture)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (turnout_window_get_members (fixture->window));

  return (guint) gtk_bitset_get_size (set);
}

static gboolean
n_selected_is (gpointer data)
{
  gpointer *args = data;

  return n_selected (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* A real click on @cell, with @modifier ("ctrl", "shift" or NULL) held,
 * through the X server as a person's would come: FALSE when it cannot
 * be sent.
 */
static gboolean
click_cell (Fixture    *fixture,
            GtkWidget  *cell,
            const char *modifier)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *command = NULL;
  graphene_point_t point;
  double sx, sy;
  int status;

  if (xdotool == NULL || !GDK_IS_X11_SURFACE (surface))
    return FALSE;
  g_assert_true (gtk_widget_compute_point (cell, GTK_WIDGET (fixture->window),
                                           &GRAPHENE_POINT_INIT (4, gtk_widget_get_height (cell) / 2.f), &point));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &sx, &sy);
  command = g_strdup_printf ("%s mousemove --window %lu %d %d %s%s click 1 %s%s", xdotool,
                             (gulong) gdk_x11_surface_get_xid (surface), (int) (point.x + sx), (int) (point.y + sy),
                             modifier ? "keydown " : "", modifier ? modifier : "",
                             modifier ? "keyup " : "", modifier ? modifier : "");
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  return g_spawn_check_wait_status (status, NULL);
#else
  return FALSE;
#endif
}

/* Ctrl+click adds a row and takes it away again; Shift+click selects
 * from the row clicked last. First as the table's click asks the model,
 * then with real clicks where the X server takes them: GTK 4.8 clicked
 * a cell and its row, each toggling the row.
 */
static void
test_click_selection (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkSelectionModel *selection;
  GtkWidget *anna, *carl;
  g_autoptr(GtkBitset) set = NULL;
  gpointer args[2];

  open_window (fixture);
  select_program (fixture, fixture->linked);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  selection = turnout_window_get_members (fixture->window);
  anna = turnout_test_find_cell (GTK_WIDGET (fixture->window), "anna@example.com", TRUE);
  g_assert_nonnull (anna);

  gtk_widget_activate_action (anna, "list.select-item", "(ubb)", 0, FALSE, FALSE);
  gtk_widget_activate_action (anna, "list.select-item", "(ubb)", 2, TRUE, FALSE);
  g_assert_cmpuint (n_selected (fixture), ==, 2);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
  gtk_widget_activate_action (anna, "list.select-item", "(ubb)", 2, TRUE, FALSE);
  g_assert_cmpuint (n_selected (fixture), ==, 1);
  g_assert_false (gtk_selection_model_is_selected (selection, 2));
  gtk_widget_activate_action (anna, "list.select-item", "(ubb)", 1, FALSE, FALSE);
  gtk_widget_activate_action (anna, "list.select-item", "(ubb)", 3, FALSE, TRUE);
  set = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 3);
  g_assert_cmpuint (gtk_bitset_get_minimum (set), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_maximum (set), ==, 3);

  carl = turnout_test_find_cell (GTK_WIDGET (fixture->window), "carl@example.com", TRUE);
  g_assert_nonnull (carl);
  args[0] = fixture;
  if (!click_cell (fixture, anna, NULL))
    {
      g_test_skip ("no xdotool or no X server: real clicks not tried");
      return;
    }
  args[1] = GUINT_TO_POINTER (1);
  turnout_test_spin_until (n_selected_is, args, 3000);
  g_assert_cmpuint (n_selected (fixture), ==, 1);
  g_assert_true (click_cell (fixture, carl, "ctrl"));
  args[1] = GUINT_TO_POINTER (2);
  turnout_test_spin_until (n_selected_is, args, 3000);
  g_assert_cmpuint (n_selected (fixture), ==, 2);
  g_assert_true (click_cell (fixture, carl, "ctrl"));
  args[1] = GUINT_TO_POINTER (1);
  turnout_test_spin_until (n_selected_is, args, 3000);
  g_assert_cmpuint (n_selected (fixture), ==, 1);
}

static GtkEventController *
key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkEventController *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "turnout-table-keys") == 0)
        found = controller;
    }
  return found;
}

/* A letter typed in the table starts a search; Tab leaves the table. */
static void
test_table_keys (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *entry;
  GtkEventController *keys;
  gboolean handled = FALSE;
  GtkWidget *focus;

  open_window (fixture);
  select_program (fixture, fixture->linked);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  view = GTK_WIDGET (members_view (fixture));
  entry = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, "search_entry");
  keys = key_controller (view);
  g_assert_nonnull (keys);

  gtk_widget_grab_focus (view);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_b, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "b");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* Ctrl+letter and Space are the table's own. */
  gtk_widget_grab_focus (view);
  handled = FALSE;
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_a, 0, GDK_CONTROL_MASK, &handled);
  g_assert_false (handled);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_space, 0, 0, &handled);
  g_assert_false (handled);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "b");

  gtk_widget_grab_focus (view);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Tab, 0, 0, &handled);
  g_assert_true (handled);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_false (focus == view || gtk_widget_is_ancestor (focus, view));
}

static gboolean
member_shown (gpointer data)
{
  gpointer *args = data;

  return row_of (args[0], args[1]) >= 0;
}

/* Enter in any field of Add Member adds the member, as Add would. */
static void
test_add_member_enter (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *email;
  GtkWidget *text;
  gpointer args[2] = { fixture, "erik@example.com" };

  open_window (fixture);
  select_program (fixture, fixture->linked);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-member", NULL));
  dialog = turnout_test_find_window (TURNOUT_TYPE_PERSON_DIALOG);
  g_assert_nonnull (dialog);
  email = turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "email_row");
  gtk_editable_set_text (GTK_EDITABLE (email), "erik@example.com");
  text = turnout_test_find_widget (email, GTK_TYPE_TEXT, NULL);
  g_assert_nonnull (text);
  /* As Enter does: the field's text is activated. */
  g_signal_emit_by_name (text, "activate");
  turnout_test_spin_until (member_shown, args, 5000);
  g_assert_null (turnout_test_find_window (TURNOUT_TYPE_PERSON_DIALOG));
}

/* Issue 18: the window fits 360 px in every state. */

#include <glib/gi18n.h>
#include <locale.h>

static int
content_min_width (Fixture *fixture)
{
  GtkWidget *child = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
  int minimum = 0, natural = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return minimum;
}

/* Runs the main loop until @window is at most 370 px wide, or 3 s. */
static void
wait_narrow (GtkWidget *window)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (gtk_widget_get_width (window) > 370 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* A linked program with a long name, a member selected and the details
 * shown, in Dutch: the window still narrows to 360 px, the sidebar folded
 * and the details over the table. */
static void
test_narrow_window (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *localedir = g_getenv ("TURNOUT_LOCALEDIR");
  g_autofree char *end = turnout_test_iso_from_now (-20 * 60);
  gboolean dutch = FALSE;
  GtkWidget *flap;
  TurnoutDb *db;
  gint64 long_id;

  if (localedir != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_setenv ("LANGUAGE", "nl", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
      textdomain (GETTEXT_PACKAGE);
      dutch = g_str_equal (_("No Programs Yet"), "Nog geen programma's");
    }
  if (!dutch)
    g_test_message ("no Dutch catalogue: narrowing in English");

  db = turnout_test_open_db (fixture->path);
  long_id = turnout_test_add_linked_program (db, "Internationale productlancering en klantendag voor partners, "
                                                 "distributeurs en wederverkopers in de Benelux 2026", end);
  turnout_test_add_person (db, long_id, "anna.van.der.heijden-verbruggen@voorbeeld-organisatie.example.com",
                           TURNOUT_STATUS_REGISTRATION_ERROR);
  turnout_test_add_person (db, long_id, "bram@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_db_close (db);

  open_window (fixture);
  select_program (fixture, long_id);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  gtk_selection_model_select_item (turnout_window_get_members (fixture->window), 0, TRUE);
  flap = turnout_test_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_FLAP, "flap");
  g_assert_nonnull (flap);
  adw_flap_set_reveal_flap (ADW_FLAP (flap), TRUE);
  turnout_test_wait_window (fixture->window);

  g_test_message ("content minimum width, wide: %d", content_min_width (fixture));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  wait_narrow (GTK_WIDGET (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_test_message ("content minimum width, narrow: %d; window %d", content_min_width (fixture),
                  gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  g_assert_cmpint (content_min_width (fixture), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 370);

  /* The linked program of the fixture, too. */
  select_program (fixture, fixture->linked);
  gtk_selection_model_select_item (turnout_window_get_members (fixture->window), 2, TRUE);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpint (content_min_width (fixture), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 370);

  g_setenv ("LANGUAGE", "", TRUE);
  textdomain (GETTEXT_PACKAGE);
}

/* Whether @window's full screen became @state within 3 s: without a
 * window manager it never does. */
static gboolean
wait_fullscreen (GtkWindow *window,
                 gboolean   state)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (gtk_window_is_fullscreen (window) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return gtk_window_is_fullscreen (window) == state;
}

/* The action a shortcut of @widget's controllers runs for @trigger. */
static char *
action_for_trigger (GtkWidget  *widget,
                    const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (text, trigger) && GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* F11 runs win.toggle-fullscreen, which goes to full screen and back
 * where the window manager lets it. */
static void
test_fullscreen (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *action = NULL;
  GtkWindow *window;

  open_window (fixture);
  window = GTK_WINDOW (fixture->window);

  action = action_for_trigger (GTK_WIDGET (window), "F11");
  g_assert_cmpstr (action, ==, "win.toggle-fullscreen");

  g_assert_false (gtk_window_is_fullscreen (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-fullscreen", NULL));
  if (!wait_fullscreen (window, TRUE))
    {
      g_test_skip ("the window manager did not make the window full screen");
      return;
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-fullscreen", NULL));
  g_assert_true (wait_fullscreen (window, FALSE));
}

int
main (int    argc,
      char **argv)
{
  turnout_test_use_env_tokens ();
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();
  adw_init ();
  turnout_test_shots_style ();

  g_test_add ("/window-actions/menu", Fixture, NULL, fixture_set_up, test_menu, fixture_tear_down);
  g_test_add ("/window-actions/push-refresh-retry", Fixture, NULL, fixture_set_up, test_push_refresh_retry,
              fixture_tear_down);
  g_test_add ("/window-actions/refresh-preview", Fixture, NULL, fixture_set_up, test_refresh_preview,
              fixture_tear_down);
  g_test_add ("/window-actions/auto-refresh", Fixture, NULL, fixture_set_up, test_auto_refresh, fixture_tear_down);
  g_test_add ("/window-actions/problem-banner", Fixture, NULL, fixture_set_up, test_problem_banner,
              fixture_tear_down);
  g_test_add ("/window-actions/push-problem-banner", Fixture, NULL, fixture_set_up, test_push_problem_banner,
              fixture_tear_down);
  g_test_add ("/window-actions/export-to-file", Fixture, NULL, fixture_set_up, test_export_to_file, fixture_tear_down);
  g_test_add ("/window-actions/import-dialog", Fixture, NULL, fixture_set_up, test_import_dialog, fixture_tear_down);

  g_test_add ("/window-actions/column-order", Fixture, NULL, fixture_set_up, test_column_order, fixture_tear_down);
  g_test_add ("/window-actions/columns-remembered", Fixture, NULL, fixture_set_up, test_columns_remembered,
              fixture_tear_down);
  g_test_add ("/window-actions/click-selection", Fixture, NULL, fixture_set_up, test_click_selection,
              fixture_tear_down);
  g_test_add ("/window-actions/table-keys", Fixture, NULL, fixture_set_up, test_table_keys, fixture_tear_down);

  g_test_add ("/window-actions/add-member-enter", Fixture, NULL, fixture_set_up, test_add_member_enter,
              fixture_tear_down);
  g_test_add ("/window-actions/narrow-window", Fixture, NULL, fixture_set_up, test_narrow_window, fixture_tear_down);
  g_test_add ("/window-actions/fullscreen", Fixture, NULL, fixture_set_up, test_fullscreen, fixture_tear_down);
  return g_test_run ();
}
