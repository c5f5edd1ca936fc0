/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-ui.c: helpers the widget tests share. */
#include "config.h"

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
