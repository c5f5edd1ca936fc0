/* test-window.c: the main window under Xvfb, driven as a person would. */
#include "config.h"

#include <adwaita.h>

#include "turnout-application.h"
#include "turnout-test-utils.h"
#include "turnout-window.h"

static gboolean
window_loaded (gpointer data)
{
  return !turnout_window_is_loading (data) && turnout_window_get_programs (data) != NULL;
}

static TurnoutApplication *app;

static TurnoutWindow *
open_window (const char *path)
{
  g_autoptr(TurnoutStore) store = turnout_store_new (path);
  TurnoutWindow *window;

  window = turnout_window_new (app, store);
  gtk_window_present (GTK_WINDOW (window));
  turnout_test_spin_until (window_loaded, window, 5000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static GtkWidget *
find_status_page (GtkWidget  *root,
                  const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_STATUS_PAGE (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (child)), title) == 0)
        return child;
      if ((found = find_status_page (child, title)))
        return found;
    }
  return NULL;
}

static void
test_empty_state (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutWindow *window = open_window (path);

  g_assert_cmpuint (turnout_window_get_programs (window)->len, ==, 0);
  g_assert_nonnull (find_status_page (GTK_WIDGET (window), "No Programs Yet"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_program_list (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 first = turnout_test_add_program (db, "Product Launch");
  TurnoutWindow *window;

  turnout_test_add_program (db, "Roadmap Briefing");
  turnout_test_add_person (db, first, "ann@example.com", "registered");
  turnout_db_close (db);

  window = open_window (path);
  g_assert_cmpuint (turnout_window_get_programs (window)->len, ==, 2);
  turnout_window_select_program (window, first);
  g_assert_cmpint (turnout_window_get_program_id (window), ==, first);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = turnout_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window/empty-state", test_empty_state);
  g_test_add_func ("/window/program-list", test_program_list);

  return g_test_run ();
}
