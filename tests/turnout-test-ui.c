/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-ui.c: helpers the widget tests share. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "turnout-application.h"
#include "turnout-cell-text.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"

GtkWidget *
turnout_test_find_widget (GtkWidget  *root,
                          GType       type,
                          const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && (name == NULL || g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = turnout_test_find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
turnout_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

GtkWidget *
turnout_test_find_cell (GtkWidget  *root,
                        const char *text,
                        gboolean    mapped_only)
{
  if (TURNOUT_IS_CELL_TEXT (root) && (!mapped_only || gtk_widget_get_mapped (root))
      && g_strcmp0 (turnout_cell_text_get_text (TURNOUT_CELL_TEXT (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = turnout_test_find_cell (child, text, mapped_only);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
window_idle (gpointer data)
{
  return !turnout_window_is_loading (data);
}

void
turnout_test_wait_window (TurnoutWindow *window)
{
  /* Let queued work start before asking whether it is done. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  turnout_test_spin_until (window_idle, window, 10000);
}

GtkWidget *
turnout_test_find_actionable (GtkWidget  *root,
                              const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = turnout_test_find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
turnout_test_draws_one_node (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gtk_widget_snapshot_child (gtk_widget_get_parent (widget), widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  return node == NULL || gsk_render_node_get_node_type (node) != GSK_CONTAINER_NODE;
}

/* The default size counts the window's frame (5 px a side when nothing
 * composites): the surface has it, the widget is within. */
static gboolean
has_size (gpointer data)
{
  GtkWidget *window = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0 &&
         gdk_surface_get_width (surface) == width && gdk_surface_get_height (surface) == height;
}

void
turnout_test_present_at (GtkWindow *window,
                         int        width,
                         int        height)
{
  /* A shown window keeps its size; one shown anew takes the default. */
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  turnout_test_spin_until (has_size, window, 10000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

void
turnout_test_shots_init (void)
{
  const char *localedir = g_getenv ("TURNOUT_LOCALEDIR");

  if (g_getenv ("TURNOUT_TEST_SHOT_DIR") == NULL)
    return;
  /* gtk_test_init () chose the C locale, where LANGUAGE does not count. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
turnout_test_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  turnout_ensure_resources ();
  gtk_css_provider_load_from_resource (css, "/io/github/turnoutapp/Turnout/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
turnout_test_shots_style (void)
{
  /* The pictures look as the app does. */
  if (g_getenv ("TURNOUT_TEST_SHOT_DIR") != NULL)
    turnout_test_app_style ();
}

void
turnout_test_shoot (GtkWidget  *window,
                    const char *name)
{
#ifdef GDK_WINDOWING_X11
  const char *dir = g_getenv ("TURNOUT_TEST_SHOT_DIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  GdkSurface *surface;
  int status;

  if (dir == NULL || !GDK_IS_X11_DISPLAY (gtk_widget_get_display (window)))
    return;
  gtk_test_widget_wait_for_draw (window);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  file = g_strdup_printf ("%s-%s.png", name, language && *language ? language : "en");
  path = g_build_filename (dir, file, NULL);
  xid = g_strdup_printf ("0x%lx", (unsigned long) gdk_x11_surface_get_xid (surface));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "import", "-window", xid, path, NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("picture: %s", path);
#endif
}
