/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window, driven as a coordinator would.
 *
 * Each test builds a real database through the store's API, opens a real
 * TurnoutWindow on it under Xvfb, drives it through its actions (select a
 * program, search, filter, select members, change status, answer the
 * dialogs) and checks what the window shows: the table's rows, the toast,
 * the history, and the accessible roles and labels. The database is read
 * back afterwards to check that what the window said is what happened.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "turnout-cell-text.h"
#include "turnout-change-status-popover.h"
#include "turnout-channel.h"
#include "turnout-funnel.h"
#include "turnout-import.h"
#include "turnout-member-details.h"
#include "turnout-member-list.h"
#include "turnout-member-selection.h"
#include "turnout-members-view.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"
#include "turnout-window.h"

typedef struct
{
  char          *path;
  TurnoutStore  *store;
  TurnoutWindow *window;
  gint64         launch;
  gint64         summit;
} Fixture;

static const char *people[][5] = {
  /* first, last, company, job title, status */
  { "Anna", "Jansen", "Acme BV", "Marketing Manager", "invited" },
  { "Bram", "de Vries", "Polder Software", "CTO", "registered" },
  { "Chantal", "Bakker", "Acme BV", "Event Coordinator", "registered" },
  { "Daan", "Visser", "Tulp & Co", "Data Analyst", "registered" },
  { "Eva", "Smit", "Delta Zorg", "Office Manager", "attended" },
  { "Femke", "Jansen", "Grachten Media", "Sales Director", "attended" },
  { "Gijs", "Meijer", "Acme BV", "Product Owner", "pending-approval" },
  { "Zoë", "Müller", "Kaas Export NL", "CTO", "wait-listed" },
};

static char *
member_status (Fixture    *fixture,
               gint64      program_id,
               const char *email)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  g_autoptr(TurnoutPerson) person = turnout_db_find_person (db, email, NULL);
  g_autoptr(TurnoutMember) member = NULL;

  if (person != NULL)
    member = turnout_db_get_member (db, program_id, person->id, NULL);
  turnout_db_close (db);
  if (person == NULL)
    return NULL;
  return member ? g_strdup (member->status) : g_strdup (TURNOUT_STATUS_NOT_IN_PROGRAM);
}

static void
fixture_open_window_sized (Fixture *fixture,
                           int      width)
{
  fixture->store = turnout_store_new (fixture->path);
  fixture->window = turnout_window_new (NULL, fixture->store);
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  turnout_test_wait_window (fixture->window);
}

static void
fixture_open_window (Fixture *fixture)
{
  fixture_open_window_sized (fixture, 1200);
}

static void
fixture_close_window (Fixture *fixture)
{
  if (fixture->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  TurnoutDb *db;
  gboolean empty = GPOINTER_TO_INT (data);

  fixture->path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (fixture->path);

  if (!empty)
    {
      TurnoutProgramSpec launch = { .name = "Product Launch", .capacity = -1,
                                    .live_start = "2026-11-20T15:00:00+01:00" };
      TurnoutProgramSpec summit = { .name = "Customer Summit", .capacity = -1,
                                    .live_start = "2026-10-01T10:00:00+01:00" };
      g_autoptr(GError) error = NULL;

      /* The launch is later, so it is listed first. */
      fixture->launch = turnout_db_add_program (db, &launch, &error);
      g_assert_no_error (error);
      fixture->summit = turnout_db_add_program (db, &summit, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < G_N_ELEMENTS (people); i++)
        {
          g_autofree char *email = g_strdup_printf ("%s@example.com", people[i][0]);
          TurnoutPersonSpec spec = { .email = email, .first_name = people[i][0], .last_name = people[i][1],
                                     .company = people[i][2], .job_title = people[i][3] };
          g_autoptr(TurnoutChangeResult) result = NULL;

          /* Everyone starts Invited, then moves, so there is history. */
          result = turnout_db_add_member (db, fixture->launch, &spec, NULL, TURNOUT_SOURCE_IMPORT, &error);
          g_assert_no_error (error);
          if (!g_str_equal (people[i][4], "invited"))
            {
              g_autoptr(GPtrArray) results = NULL;
              const char *path_to[] = { "registered", people[i][4] };

              for (guint j = 0; j < 2; j++)
                {
                  if (j == 0 && (g_str_equal (people[i][4], "pending-approval")
                                 || g_str_equal (people[i][4], "wait-listed")
                                 || g_str_equal (people[i][4], "registered")))
                    continue;
                  g_clear_pointer (&results, g_ptr_array_unref);
                  results = turnout_db_change_status (db, fixture->launch, path_to[j], &result->person_id, 1,
                                                      j == 1 && g_str_equal (people[i][4], "attended")
                                                        ? "Live 45 minutes" : NULL,
                                                      TURNOUT_SOURCE_MANUAL, &error);
                  g_assert_no_error (error);
                }
            }
        }
    }
  turnout_db_close (db);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fixture_close_window (fixture);
  g_free (fixture->path);
}

/* Whether a mapped cell of the table shows @text. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  return turnout_test_find_cell (root, text, TRUE) != NULL;
}

/* Whether any cell, on screen or among those GTK keeps below it, shows
 * @text.
 */
static gboolean
has_cell_text (GtkWidget  *root,
               const char *text)
{
  return turnout_test_find_cell (root, text, FALSE) != NULL;
}

static TurnoutMemberList *
member_list (Fixture *fixture)
{
  GtkSelectionModel *selection = turnout_window_get_members (fixture->window);

  return turnout_member_selection_get_list (TURNOUT_MEMBER_SELECTION (selection));
}

static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (turnout_window_get_members (fixture->window)));
}

/* Frames until the members list has added or taken away every position
 * it spreads over frames, and told every item off screen.
 */
static void
wait_settled (Fixture *fixture)
{
  for (int i = 0; i < 50 && turnout_member_list_has_stale (member_list (fixture)); i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
      for (int j = 0; j < 5; j++)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_false (turnout_member_list_has_stale (member_list (fixture)));
}

static char *
row_name (Fixture *fixture,
          guint    position)
{
  g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (turnout_window_get_members (fixture->window)),
                                                           position);

  return turnout_member_row_dup_name (row);
}

static void
select_people (Fixture     *fixture,
               const char **first_names)
{
  GtkSelectionModel *selection = turnout_window_get_members (fixture->window);
  guint n = n_rows (fixture);

  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (selection), i);

      for (guint j = 0; first_names[j]; j++)
        if (g_str_equal (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_FIRST_NAME), first_names[j]))
          gtk_selection_model_select_item (selection, i, FALSE);
    }
}

static AdwMessageDialog *
find_dialog (void)
{
  return ADW_MESSAGE_DIALOG (turnout_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* Closes the windows an Event Actions item opened as a person would:
 * Cancel in a file chooser, the close button elsewhere. */
static void
close_other_windows (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window == GTK_WINDOW (fixture->window) || !gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      if (GTK_IS_DIALOG (window))
        gtk_dialog_response (GTK_DIALOG (window), GTK_RESPONSE_CANCEL);
      else
        gtk_window_close (window);
    }
  turnout_test_wait_window (fixture->window);
}

static void
answer_dialog (Fixture    *fixture,
               const char *response)
{
  AdwMessageDialog *dialog = find_dialog ();

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  turnout_test_wait_window (fixture->window);
}

static void
test_empty_database (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *stack;
  GtkWidget *button;

  fixture_open_window (fixture);

  g_assert_cmpuint (turnout_window_get_programs (fixture->window)->len, ==, 0);
  stack = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_STACK, "content_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");

  /* The empty state offers to create a program, and it works. */
  button = turnout_test_find_widget (gtk_stack_get_visible_child (GTK_STACK (stack)), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.new-program");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-program", NULL);
  {
    AdwMessageDialog *dialog = find_dialog ();
    GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "  Autumn Webinar ");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  }
  answer_dialog (fixture, "ok");
  turnout_test_wait_window (fixture->window);

  g_assert_cmpuint (turnout_window_get_programs (fixture->window)->len, ==, 1);
  g_assert_cmpstr (((TurnoutProgram *) g_ptr_array_index (turnout_window_get_programs (fixture->window), 0))->name,
                   ==, "Autumn Webinar");
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), !=, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "program");
  stack = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_STACK, "members_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "no-members");

  /* The empty program offers an import beside Add Member, ready to use. */
  {
    GtkWidget *import = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON,
                                                  "import_members_button");

    g_assert_nonnull (import);
    g_assert_true (gtk_widget_is_ancestor (import, gtk_stack_get_visible_child (GTK_STACK (stack))));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (import)), ==, "win.import-members");
    g_assert_true (gtk_widget_is_sensitive (import));
  }
}

static void
test_members_table (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *search;
  GtkWidget *filter;
  GtkWidget *program_list;
  GtkWidget *funnel;
  GtkWidget *count;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  fixture_open_window (fixture);

  /* The later program is first in the list and selected. */
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), ==, fixture->launch);
  program_list = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_BOX, "program_list");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (program_list), GTK_ACCESSIBLE_PROPERTY_LABEL, "Programs");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_list_box_get_row_at_index (GTK_LIST_BOX (program_list), 0)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Product Launch");

  /* Every member, sorted by last name. */
  g_assert_cmpuint (n_rows (fixture), ==, G_N_ELEMENTS (people));
  first = row_name (fixture, 0);
  last = row_name (fixture, n_rows (fixture) - 1);
  g_assert_cmpstr (first, ==, "Chantal Bakker");
  g_assert_cmpstr (last, ==, "Daan Visser");

  view = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW, "members_view");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, "Members");
  /* Every column shown by default is in the view, and only those. */
  {
    guint n_shown = 0;

    for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
      {
        GtkColumnViewColumn *column = turnout_window_get_column (fixture->window, i);

        n_shown += gtk_column_view_column_get_visible (column);
        g_assert_true ((gtk_column_view_column_get_column_view (column) != NULL)
                       == gtk_column_view_column_get_visible (column));
      }
    g_assert_cmpuint (n_shown, ==, 10);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view))), ==, n_shown);
  }

  count = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "count_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "8 members");

  /* The funnel shows the program at a glance. */
  funnel = turnout_test_find_widget (GTK_WIDGET (fixture->window), TURNOUT_TYPE_FUNNEL, NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (funnel), GTK_ACCESSIBLE_PROPERTY_LABEL, "Members per status");
  g_assert_cmpuint (turnout_funnel_get_count (TURNOUT_FUNNEL (funnel), "registered"), ==, 3);
  g_assert_cmpuint (turnout_funnel_get_count (TURNOUT_FUNNEL (funnel), "attended"), ==, 2);
  g_assert_cmpuint (turnout_funnel_get_count (TURNOUT_FUNNEL (funnel), "no-show"), ==, 0);

  /* Ctrl+F, then typing: case- and accent-insensitive, over name, e-mail,
   * company and job title.
   */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  search = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, "search_entry");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_ROLE_SEARCH_BOX);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL, "Search members");
  gtk_editable_set_text (GTK_EDITABLE (search), "JANSEN");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "2 of 8 members shown");
  gtk_editable_set_text (GTK_EDITABLE (search), "muller");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  /* What is on screen follows: the cells show the one match. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (shows_text (view, "Zoë Müller"));
  g_assert_false (shows_text (view, "Chantal Bakker"));
  gtk_editable_set_text (GTK_EDITABLE (search), "acme");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (search), "eva smit");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "nobody like this");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (turnout_member_list_get_n_matching (member_list (fixture)), ==, 0);
  /* The table is hidden; it keeps blank rows for when something matches. */
  for (guint i = 0; i < n_rows (fixture); i++)
    g_assert_cmpuint (turnout_member_list_get_row (member_list (fixture), i), ==, TURNOUT_MEMBER_ROW_NONE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "0 of 8 members shown");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_STACK,
                                                          "members_stack"))),
                   ==, "no-results");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 8);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (shows_text (view, "Chantal Bakker"));
  g_assert_true (shows_text (view, "Zoë Müller"));

  /* The status filter lists every status with its count. */
  filter = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_DROP_DOWN, "status_filter");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (filter), GTK_ACCESSIBLE_PROPERTY_LABEL, "Status filter");
  {
    GListModel *labels = gtk_drop_down_get_model (GTK_DROP_DOWN (filter));
    gboolean found = FALSE;

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "All Statuses (8)");
    for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "Registered (3)"))
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), i);
          found = TRUE;
        }
    g_assert_true (found);
    /* Invited ... Attended On-demand: nine statuses and "All". */
    g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 10);
  }
  g_assert_cmpuint (n_rows (fixture), ==, 3);

  /* A click on the funnel's bar filters too. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-status", "s", "attended");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-status", "s", "");
  g_assert_cmpuint (n_rows (fixture), ==, 8);

  /* Sort by a column, as a header click does, both ways. */
  {
    GtkColumnViewColumn *company = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_COMPANY);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    g_assert_cmpstr (gtk_column_view_column_get_title (company), ==, "Company");
    gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), company, GTK_SORT_DESCENDING);
    g_assert_cmpint (turnout_member_list_get_sort_column (member_list (fixture)), ==, TURNOUT_MEMBER_COLUMN_COMPANY);
    g_assert_true (turnout_member_list_get_sort_descending (member_list (fixture)));
    a = row_name (fixture, 0);
    g_assert_cmpstr (a, ==, "Daan Visser");   /* Tulp & Co */
    gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), company, GTK_SORT_ASCENDING);
    b = row_name (fixture, 0);
    g_assert_cmpstr (b, ==, "Chantal Bakker");   /* Acme BV, by name */
  }

  /* Ctrl+A selects every member. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "8 members · 8 selected");
}

/* The full text of a long cell shows as its tooltip. */
static void
test_cell_tooltips (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *reason;
  GtkWidget *email;
  g_autoptr(GtkTooltip) tooltip = NULL;
  gboolean shown = FALSE;

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  view = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW, "members_view");

  reason = turnout_test_find_cell (view, "Live 45 minutes", TRUE);
  g_assert_nonnull (reason);
  g_assert_true (gtk_widget_get_has_tooltip (reason));
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (reason, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);

  email = turnout_test_find_cell (view, "Bram@example.com", TRUE);
  g_assert_nonnull (email);
  shown = FALSE;
  g_signal_emit_by_name (email, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);

  /* An empty reason has nothing to show. */
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (reason), "");
  shown = TRUE;
  g_signal_emit_by_name (reason, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_false (shown);
}

/* What @widget draws, as pixels, once its window has drawn it. */
static GBytes *
draw_pixels (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *pixels;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface) * height);
  cairo_surface_destroy (surface);
  return pixels;
}

/* Cells showing the same text share one laid out text: each still draws
 * its own text, before and after another changes, and after the fonts
 * change.
 */
static void
test_cell_drawing (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  GtkWidget *view;
  GtkWidget *anna;
  GtkWidget *bram;
  g_autoptr(GBytes) anna_drawn = NULL;
  g_autoptr(GBytes) blank = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) shared = NULL;
  g_autoptr(GBytes) larger = NULL;

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  view = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW, "members_view");
  anna = turnout_test_find_cell (view, "Anna Jansen", TRUE);
  bram = turnout_test_find_cell (view, "Bram de Vries", TRUE);
  g_assert_nonnull (anna);
  g_assert_nonnull (bram);
  g_assert_cmpint (gtk_widget_get_width (anna), ==, gtk_widget_get_width (bram));

  anna_drawn = draw_pixels (anna);
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (anna), "");
  blank = draw_pixels (anna);
  g_assert_false (g_bytes_equal (anna_drawn, blank));

  /* Another text draws differently; the first one again as before. */
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (anna), "Zoë Zwart");
  other = draw_pixels (anna);
  g_assert_false (g_bytes_equal (other, anna_drawn));
  g_assert_false (g_bytes_equal (other, blank));
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (anna), "Anna Jansen");
  again = draw_pixels (anna);
  g_assert_true (g_bytes_equal (again, anna_drawn));

  /* Bram's cell given Anna's text draws it, and keeps drawing it when
   * Anna's cell changes again.
   */
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (bram), "Anna Jansen");
  shared = draw_pixels (bram);
  g_assert_true (g_bytes_equal (shared, anna_drawn));
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (anna), "Zoë Zwart");
  g_clear_pointer (&shared, g_bytes_unref);
  shared = draw_pixels (bram);
  g_assert_true (g_bytes_equal (shared, anna_drawn));
  g_clear_pointer (&again, g_bytes_unref);
  again = draw_pixels (anna);
  g_assert_true (g_bytes_equal (again, other));

  /* A larger font lays the same text out again. */
  g_object_get (settings, "gtk-font-name", &font, NULL);
  g_object_set (settings, "gtk-font-name", "Sans 16", NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  larger = draw_pixels (bram);
  g_object_set (settings, "gtk-font-name", font, NULL);
  g_assert_false (g_bytes_equal (larger, anna_drawn));
}

/* Columns hidden stay hidden at the next start. */
static guint
view_position (GListModel          *columns,
               GtkColumnViewColumn *column)
{
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) shown = g_list_model_get_item (columns, i);

      if (shown == column)
        return i;
    }
  return G_MAXUINT;
}

static void
test_hidden_columns (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkColumnView *view;
  GListModel *columns;
  GtkColumnViewColumn *company;
  GtkColumnViewColumn *engagement;
  GtkColumnViewColumn *live;

  fixture_open_window (fixture);
  view = GTK_COLUMN_VIEW (turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW,
                                                    "members_view"));
  columns = gtk_column_view_get_columns (view);
  company = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_COMPANY);
  engagement = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_ENGAGEMENT);
  live = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_LIVE_MINUTES);
  g_assert_true (gtk_column_view_column_get_visible (company));
  g_assert_false (gtk_column_view_column_get_visible (engagement));
  /* Name, Status, Status Reason, E-mail, Company */
  g_assert_cmpuint (view_position (columns, company), ==, 4);
  g_assert_cmpuint (view_position (columns, engagement), ==, G_MAXUINT);

  /* As the Columns popover's check buttons do: a hidden column leaves the
   * view, and one shown again comes back after the column it followed,
   * wherever that column was moved.
   */
  gtk_column_view_column_set_visible (company, FALSE);
  g_assert_cmpuint (view_position (columns, company), ==, G_MAXUINT);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 9);
  gtk_column_view_column_set_visible (engagement, TRUE);
  g_assert_cmpuint (view_position (columns, engagement), ==, 9);
  gtk_column_view_remove_column (view, live);
  gtk_column_view_insert_column (view, 0, live);
  gtk_column_view_column_set_visible (engagement, FALSE);
  gtk_column_view_column_set_visible (engagement, TRUE);
  g_assert_cmpuint (view_position (columns, engagement), ==, view_position (columns, turnout_window_get_column (
    fixture->window, TURNOUT_MEMBER_COLUMN_PUSH)) + 1);
  fixture_close_window (fixture);

  fixture_open_window (fixture);
  view = GTK_COLUMN_VIEW (turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW,
                                                    "members_view"));
  columns = gtk_column_view_get_columns (view);
  company = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_COMPANY);
  engagement = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_ENGAGEMENT);
  g_assert_false (gtk_column_view_column_get_visible (company));
  g_assert_true (gtk_column_view_column_get_visible (engagement));
  g_assert_cmpuint (view_position (columns, company), ==, G_MAXUINT);
  g_assert_cmpuint (view_position (columns, engagement), !=, G_MAXUINT);

  /* Shown again, Company is back between E-mail and Job Title (Live
   * Minutes, moved first, stayed first).
   */
  gtk_column_view_column_set_visible (company, TRUE);
  g_assert_cmpuint (view_position (columns, company), ==, 5);

  /* Hiding the column the table is sorted by sorts it by name again. */
  gtk_column_view_sort_by_column (view, company, GTK_SORT_DESCENDING);
  g_assert_cmpint (turnout_member_list_get_sort_column (member_list (fixture)), ==, TURNOUT_MEMBER_COLUMN_COMPANY);
  gtk_column_view_column_set_visible (company, FALSE);
  g_assert_cmpint (turnout_member_list_get_sort_column (member_list (fixture)), ==, TURNOUT_MEMBER_COLUMN_NAME);
  g_assert_false (turnout_member_list_get_sort_descending (member_list (fixture)));
  gtk_column_view_column_set_visible (company, TRUE);

  /* Back as they were, for the tests that follow. */
  gtk_column_view_column_set_visible (engagement, FALSE);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_reset (settings, "column-order");
  }
}

/* A program longer than a screen: its first rows come first, and then
 * every member, as the count, Ctrl+A and the cells say.
 */
static void
test_long_program (Fixture       *fixture,
                   gconstpointer  data)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  GtkWidget *view;
  GtkWidget *count;
  GtkWidget *search;
  gint64 program_id;

  {
    g_autoptr(GError) error = NULL;
    TurnoutProgramSpec spec = { .name = "Big Webinar", .capacity = -1, .live_start = "2027-01-20T15:00:00+01:00" };

    program_id = turnout_db_add_program (db, &spec, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 300; i++)
      {
        g_autofree char *first = g_strdup_printf ("Person%03u", i);
        g_autofree char *email = g_strdup_printf ("person%03u@example.com", i);
        TurnoutPersonSpec person = { .email = email, .first_name = first, .last_name = "Long" };
        g_autoptr(TurnoutChangeResult) result = turnout_db_add_member (db, program_id, &person, NULL,
                                                                       TURNOUT_SOURCE_IMPORT, &error);

        g_assert_no_error (error);
      }
  }
  turnout_db_close (db);

  fixture_open_window (fixture);
  view = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW, "members_view");
  count = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "count_label");
  turnout_window_select_program (fixture->window, program_id);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "300 members");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  turnout_test_wait_window (fixture->window);
  wait_settled (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, 300);
  g_assert_true (shows_text (view, "Person000 Long"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "300 members · 300 selected");

  /* A search shows the matches on screen at once; the positions beyond
   * them go blank, and go a screenful a frame after that.
   */
  search = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "person29");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (turnout_member_list_get_n_matching (member_list (fixture)), ==, 10);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "10 of 300 members shown · 10 selected");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (shows_text (view, "Person290 Long"));
  g_assert_false (shows_text (view, "Person000 Long"));
  g_assert_false (shows_text (view, "Person100 Long"));
  wait_settled (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, 10);
  g_assert_true (shows_text (view, "Person299 Long"));

  /* Clearing it shows a screenful at once and the rest after. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (shows_text (view, "Person000 Long"));
  g_assert_true (shows_text (view, "Person010 Long"));
  wait_settled (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, 300);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "300 members · 300 selected");

  /* Every item the view keeps shows its own member once the frame is
   * painted, including those below the screen.
   */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (turnout_member_list_has_stale (member_list (fixture)));
  g_assert_true (has_cell_text (view, "Person100 Long"));
  g_assert_true (has_cell_text (view, "person100@example.com"));
}

/* Whether every row the members list has, on screen or not, is a member
 * in @status.
 */
static gboolean
every_row_in (Fixture    *fixture,
              const char *status)
{
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (turnout_window_get_members (fixture->window)), i);

      if (g_strcmp0 (turnout_member_row_get_status_key (row), status) != 0)
        return FALSE;
    }
  return TRUE;
}

/* A change of status reloads the program's table. The table keeps what
 * the coordinator had (the search, the scroll position, the selection),
 * and every row shows the new status, on screen and among the rows GTK
 * keeps below it.
 */
static void
test_bulk_change_reload (Fixture       *fixture,
                         gconstpointer  data)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  GtkSelectionModel *selection;
  GtkAdjustment *adjustment;
  GtkWidget *view;
  GtkWidget *count;
  GtkWidget *search;
  gint64 program_id;
  double scrolled;

  {
    g_autoptr(GError) error = NULL;
    TurnoutProgramSpec spec = { .name = "Big Webinar", .capacity = -1, .live_start = "2027-01-20T15:00:00+01:00" };

    program_id = turnout_db_add_program (db, &spec, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 300; i++)
      {
        g_autofree char *first = g_strdup_printf ("Person%03u", i);
        g_autofree char *email = g_strdup_printf ("person%03u@example.com", i);
        TurnoutPersonSpec person = { .email = email, .first_name = first, .last_name = "Long" };
        g_autoptr(TurnoutChangeResult) result = turnout_db_add_member (db, program_id, &person, NULL,
                                                                       TURNOUT_SOURCE_IMPORT, &error);

        g_assert_no_error (error);
      }
  }
  turnout_db_close (db);

  fixture_open_window (fixture);
  selection = turnout_window_get_members (fixture->window);
  view = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW, "members_view");
  count = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "count_label");
  search = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, "search_entry");
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  turnout_window_select_program (fixture->window, program_id);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_settled (fixture);
  g_assert_true (every_row_in (fixture, TURNOUT_STATUS_INVITED));

  /* A search, everything it shows selected, the view scrolled down. */
  gtk_editable_set_text (GTK_EDITABLE (search), "person1");
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_settled (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, 100);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_settled (fixture);
  scrolled = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled, >, 0);
  g_assert_false (shows_text (GTK_WIDGET (view), "Person100 Long"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "100 of 300 members shown · 100 selected");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", TURNOUT_STATUS_REGISTERED);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_settled (fixture);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "100 → Registered");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "person1");
  g_assert_cmpuint (n_rows (fixture), ==, 100);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 1);
  g_assert_false (shows_text (GTK_WIDGET (view), "Person100 Long"));
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);

    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 100);
  }
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "100 of 300 members shown · 100 selected");
  g_assert_true (every_row_in (fixture, TURNOUT_STATUS_REGISTERED));
  g_assert_true (shows_text (GTK_WIDGET (view), "Registered"));
  g_assert_false (has_cell_text (GTK_WIDGET (view), "Invited"));

  /* Every member selected and changed: every row shows it. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_settled (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "300 members · 300 selected");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", TURNOUT_STATUS_ATTENDED);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_settled (fixture);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "300 → Attended");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "300 members · 300 selected");
  g_assert_cmpuint (n_rows (fixture), ==, 300);
  g_assert_true (every_row_in (fixture, TURNOUT_STATUS_ATTENDED));
  g_assert_true (shows_text (GTK_WIDGET (view), "Attended"));
  g_assert_false (has_cell_text (GTK_WIDGET (view), "Registered"));
  g_assert_false (has_cell_text (GTK_WIDGET (view), "Invited"));
}

/* Every label in @widget, in order, separated by spaces. */
static void
append_labels (GtkWidget *widget,
               GString   *text)
{
  if (GTK_IS_LABEL (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_labels (child, text);
}

static char *
row_text (GtkWidget *row)
{
  GString *text = g_string_new (NULL);

  g_assert_nonnull (row);
  append_labels (row, text);
  return g_string_free (text, FALSE);
}

static void
test_change_status (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *registered[] = { "Bram", "Chantal", "Eva", NULL };
  const char *backwards[] = { "Eva", "Femke", NULL };
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *row;
  g_autofree char *text = NULL;
  g_autofree char *bram = NULL;
  g_autofree char *eva = NULL;
  g_autofree char *femke = NULL;
  g_autofree char *anna = NULL;

  fixture_open_window (fixture);

  /* Nothing selected: Change Status is not offered. */
  button = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "change_status_button");
  g_assert_false (gtk_widget_get_sensitive (button));

  select_people (fixture, registered);
  g_assert_true (gtk_widget_get_sensitive (button));

  /* The menu says what each target does to this selection: Bram and
   * Chantal are Registered, Eva already Attended. */
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (TURNOUT_IS_CHANGE_STATUS_POPOVER (popover));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  turnout_test_wait_window (fixture->window);
  row = turnout_change_status_popover_get_row (TURNOUT_CHANGE_STATUS_POPOVER (popover), "attended");
  text = row_text (row);
  g_assert_cmpstr (text, ==, "Attended 2 of 3 1 already Attended");
  g_assert_true (gtk_widget_get_sensitive (row));
  g_clear_pointer (&text, g_free);
  row = turnout_change_status_popover_get_row (TURNOUT_CHANGE_STATUS_POPOVER (popover), "registered");
  g_assert_false (gtk_widget_get_sensitive (row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row), ==,
                   "Nobody selected would change: 2 already Registered, 1 already past it");
  row = turnout_change_status_popover_get_row (TURNOUT_CHANGE_STATUS_POPOVER (popover), "invited");
  g_assert_false (gtk_widget_get_sensitive (row));
  row = turnout_change_status_popover_get_row (TURNOUT_CHANGE_STATUS_POPOVER (popover), "not-in-program");
  text = row_text (row);
  g_assert_cmpstr (text, ==, "Remove from Program… 3");
  g_clear_pointer (&text, g_free);

  /* A reason typed goes with the change into each history; three people
   * chosen by hand are a change by hand, not a "Bulk change". */
  gtk_editable_set_text (GTK_EDITABLE (turnout_change_status_popover_get_reason_entry (TURNOUT_CHANGE_STATUS_POPOVER (popover))),
                         "Seen in the room");
  row = turnout_change_status_popover_get_row (TURNOUT_CHANGE_STATUS_POPOVER (popover), "attended");
  gtk_widget_activate (row);
  turnout_test_wait_window (fixture->window);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==,
                   "2 → Attended · 1 skipped (already in or past this status)");
  bram = member_status (fixture, fixture->launch, "Bram@example.com");
  g_assert_cmpstr (bram, ==, "attended");
  {
    TurnoutDb *db = turnout_test_open_db (fixture->path);
    g_autoptr(TurnoutPerson) person = turnout_db_find_person (db, "Bram@example.com", NULL);
    g_autoptr(GPtrArray) history = turnout_db_get_history (db, fixture->launch, person->id, NULL);
    const TurnoutHistoryEntry *last = g_ptr_array_index (history, history->len - 1);

    g_assert_cmpstr (last->new_status, ==, "attended");
    g_assert_cmpstr (last->reason, ==, "Seen in the room");
    g_assert_cmpstr (last->source, ==, "manual");
    turnout_db_close (db);
  }

  /* Ctrl+Z takes it back, once: the two are Registered again, and the
   * history keeps the change and the undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "Undone: 2 members back as before");
  g_clear_pointer (&bram, g_free);
  bram = member_status (fixture, fixture->launch, "Bram@example.com");
  g_assert_cmpstr (bram, ==, "registered");
  {
    TurnoutDb *db = turnout_test_open_db (fixture->path);
    g_autoptr(TurnoutPerson) person = turnout_db_find_person (db, "Bram@example.com", NULL);
    g_autoptr(GPtrArray) history = turnout_db_get_history (db, fixture->launch, person->id, NULL);
    const TurnoutHistoryEntry *last = g_ptr_array_index (history, history->len - 1);

    g_assert_cmpstr (last->old_status, ==, "attended");
    g_assert_cmpstr (last->new_status, ==, "registered");
    g_assert_cmpstr (last->source, ==, "undo");
    turnout_db_close (db);
  }
  /* A second Ctrl+Z has nothing left to take back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
  turnout_test_wait_window (fixture->window);
  g_clear_pointer (&bram, g_free);
  bram = member_status (fixture, fixture->launch, "Bram@example.com");
  g_assert_cmpstr (bram, ==, "registered");
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "Undone: 2 members back as before");

  /* Once more, to go on from there. */
  select_people (fixture, registered);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", "attended");
  turnout_test_wait_window (fixture->window);
  g_clear_pointer (&bram, g_free);
  bram = member_status (fixture, fixture->launch, "Bram@example.com");
  g_assert_cmpstr (bram, ==, "attended");

  /* The next time the menu opens, the reason is gone. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (turnout_change_status_popover_get_reason_entry (TURNOUT_CHANGE_STATUS_POPOVER (popover)))),
                   ==, "");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* The table shows it, and the selection survived the reload. */
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (turnout_window_get_members (fixture->window))),
                    ==, 3);

  /* Going back is refused, explained, and nothing is applied. */
  select_people (fixture, backwards);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", "registered");
  turnout_test_wait_window (fixture->window);
  g_assert_true (g_str_has_prefix (turnout_window_get_last_toast (fixture->window), "2 refused: "));
  g_assert_nonnull (strstr (turnout_window_get_last_toast (fixture->window), "Attended"));
  eva = member_status (fixture, fixture->launch, "Eva@example.com");
  femke = member_status (fixture, fixture->launch, "Femke@example.com");
  g_assert_cmpstr (eva, ==, "attended");
  g_assert_cmpstr (femke, ==, "attended");

  /* Not in Program asks first; Cancel keeps everyone. */
  {
    const char *anna_only[] = { "Anna", NULL };
    GtkWidget *view = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW,
                                                "members_view");

    select_people (fixture, anna_only);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", "not-in-program");
    g_assert_cmpstr (adw_message_dialog_get_heading (find_dialog ()), ==, "Remove 1 person from this program?");
    answer_dialog (fixture, "cancel");
    anna = member_status (fixture, fixture->launch, "Anna@example.com");
    g_assert_cmpstr (anna, ==, "invited");

    /* The Delete key does the same. */
    select_people (fixture, backwards);
    gtk_widget_activate_action (view, "win.remove-members", NULL);
    g_assert_cmpstr (adw_message_dialog_get_heading (find_dialog ()), ==, "Remove 2 people from this program?");
    answer_dialog (fixture, "remove");
    g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "2 removed from the program");
    g_assert_cmpuint (n_rows (fixture), ==, 6);
  }
}

static GtkRevealer *
bulk_revealer (Fixture *fixture)
{
  return GTK_REVEALER (turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_REVEALER, "bulk_revealer"));
}

static gboolean
bulk_shown (gpointer data)
{
  return gtk_revealer_get_reveal_child (bulk_revealer (data));
}

static gboolean
bulk_faded_in (gpointer data)
{
  return gtk_revealer_get_child_revealed (bulk_revealer (data));
}

/* Read from the file, through a connection of its own. */
static int
count_registered (Fixture *fixture,
                  gint64   program_id)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM memberships WHERE program_id = %" G_GINT64_FORMAT
                                          " AND status = 'registered'", program_id);
  int count = turnout_test_query_int (db, sql);

  turnout_db_close (db);
  return count;
}

static gboolean
undo_counted (gpointer label)
{
  return g_str_has_prefix (gtk_label_get_text (label), "Undoing the change of ");
}

/* A Change Status of many members shows its progress with a count once it
 * takes a while, and Cancel stops it before it commits: nothing changed. */
static void
test_bulk_progress_cancel (Fixture       *fixture,
                           gconstpointer  data)
{
  const guint n = 100000;
  g_autoptr(GString) csv = g_string_new ("Email,First Name\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutImportOptions options = { .has_header = -1, .status = "invited" };
  TurnoutProgramSpec spec = { .name = "Big Webinar", .capacity = 200000 };
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  GtkWidget *label;
  GtkWidget *table;
  graphene_rect_t before, during;
  gint64 program_id;

  program_id = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "person%u@example.com,Person%u\n", i, i);
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
  turnout_import_report_free (turnout_import_apply (db, program_id, bytes, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  turnout_db_close (db);

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, program_id);
  turnout_test_wait_window (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  turnout_test_wait_window (fixture->window);

  /* The progress floats over the table: shown in full, it moves no row
   * (a strip above the table slid it down and up, a relayout and repaint
   * of the whole table in each frame of its animations). */
  table = turnout_test_find_widget (GTK_WIDGET (fixture->window), TURNOUT_TYPE_MEMBERS_VIEW, "members_table");
  g_assert_true (gtk_widget_compute_bounds (table, GTK_WIDGET (fixture->window), &before));
  gtk_revealer_set_reveal_child (bulk_revealer (fixture), TRUE);
  turnout_test_spin_until (bulk_faded_in, fixture, 20000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_compute_bounds (table, GTK_WIDGET (fixture->window), &during));
  g_assert_true (graphene_rect_equal (&before, &during));
  gtk_revealer_set_reveal_child (bulk_revealer (fixture), FALSE);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", "registered");
  turnout_test_spin_until (bulk_shown, fixture, 20000);
  label = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "bulk_label");
  if (g_getenv ("TURNOUT_TEST_SHOT_DIR") != NULL)
    {
      /* In any language (LANGUAGE=nl): the words are asserted below. */
      turnout_test_spin_until (bulk_faded_in, fixture, 20000);
      turnout_test_shoot (GTK_WIDGET (fixture->window), "bulk-progress");
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "100000"));
      /* The picture took long enough for the change to end: Cancel
       * below is for the run without pictures. */
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-bulk", NULL);
      turnout_test_wait_window (fixture->window);
      return;
    }
  else
    {
      g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Changing the status of "));
      g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), " of 100000 members\u2026"));
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-bulk", NULL);
  turnout_test_wait_window (fixture->window);
  g_assert_false (bulk_shown (fixture));
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "Change cancelled; nothing was changed");

  g_assert_cmpint (count_registered (fixture, program_id), ==, 0);
  db = turnout_test_open_db (fixture->path);
  {
    g_autofree char *history = g_strdup_printf ("SELECT count(*) FROM status_history WHERE program_id = %"
                                                G_GINT64_FORMAT, program_id);

    g_assert_cmpint (turnout_test_query_int (db, history), ==, n);
  }
  turnout_db_close (db);

  /* The change made, its Undo is as long: the same progress, saying what
   * it does, and its Cancel; the change stays and can be undone again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", "registered");
  turnout_test_wait_window (fixture->window);
  g_assert_true (g_str_has_prefix (turnout_window_get_last_toast (fixture->window), "100000 "));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
  turnout_test_spin_until (bulk_shown, fixture, 20000);
  /* "Undoing the change…" until the store, done with the reload queued
   * before it, has counted them. */
  turnout_test_spin_until (undo_counted, label, 20000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Undoing the change of 100000 members\u2026");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (turnout_test_find_widget (GTK_WIDGET (fixture->window),
                                                                                 GTK_TYPE_MENU_BUTTON,
                                                                                 "change_status_button"))));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-bulk", NULL);
  turnout_test_wait_window (fixture->window);
  g_assert_false (bulk_shown (fixture));
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "Undo cancelled; nothing was changed");

  g_assert_cmpint (count_registered (fixture, program_id), ==, n);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
  turnout_test_wait_window (fixture->window);
  g_assert_true (g_str_has_prefix (turnout_window_get_last_toast (fixture->window), "Undone: 100000 members"));
  g_assert_cmpint (count_registered (fixture, program_id), ==, 0);
}

static void
test_details_and_history (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *eva[] = { "Eva", NULL };
  TurnoutMemberDetails *details;
  GtkWidget *side;
  GtkWidget *history;

  fixture_open_window (fixture);
  select_people (fixture, eva);
  turnout_test_wait_window (fixture->window);

  side = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_STACK, "side_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (side)), ==, "member");
  details = TURNOUT_MEMBER_DETAILS (turnout_test_find_widget (GTK_WIDGET (fixture->window),
                                                              TURNOUT_TYPE_MEMBER_DETAILS, NULL));

  /* Newest first: Registered -> Attended, then Invited -> Registered, then
   * Not in Program -> Invited.
   */
  g_assert_cmpuint (turnout_member_details_get_n_history (details), ==, 3);
  g_assert_cmpstr (turnout_member_details_get_history_title (details, 0), ==, "Registered → Attended");
  g_assert_cmpstr (turnout_member_details_get_history_title (details, 2), ==, "Not in Program → Invited");
  history = turnout_test_find_widget (GTK_WIDGET (details), GTK_TYPE_LIST_BOX, "history_list");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (history), GTK_ACCESSIBLE_PROPERTY_LABEL, "Status History");

  /* The status reason is shown with the status. */
  {
    GtkWidget *row = turnout_test_find_widget (GTK_WIDGET (details), ADW_TYPE_ACTION_ROW, "status_row");

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Attended");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Live 45 minutes");
  }

  /* A change made here shows up in the history at once. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", "attended-on-demand");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "1 → Attended On-demand");
  g_assert_cmpuint (turnout_member_details_get_n_history (details), ==, 4);
  g_assert_cmpstr (turnout_member_details_get_history_title (details, 0), ==, "Attended → Attended On-demand");
}

/* The questions a member asked, with the presenter's answers, show in
 * the details pane, and only for a member who asked any; the counts'
 * columns are hidden at first. */
static void
test_details_questions (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *eva[] = { "Eva", NULL };
  const char *daan[] = { "Daan", NULL };
  const TurnoutMemberColumn counts[] = {
    TURNOUT_MEMBER_COLUMN_ASKED_QUESTIONS, TURNOUT_MEMBER_COLUMN_ANSWERED_POLLS,
    TURNOUT_MEMBER_COLUMN_ANSWERED_SURVEYS, TURNOUT_MEMBER_COLUMN_RESOURCES_DOWNLOADED,
  };
  TurnoutMemberDetails *details;
  GtkWidget *group;
  sqlite3 *raw = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO member_questions (program_id, person_id, position, questionid, content, answer, presenter)"
    " SELECT %" G_GINT64_FORMAT ", id, 0, 11, 'Will the slides be shared?', 'Yes, tomorrow.', 'Ada Host'"
    " FROM people WHERE first_name = 'Eva';"
    "INSERT INTO member_questions (program_id, person_id, position, questionid, content)"
    " SELECT %" G_GINT64_FORMAT ", id, 1, 12, 'Is there a recording?' FROM people WHERE first_name = 'Eva';",
    fixture->launch, fixture->launch);

  g_assert_cmpint (sqlite3_open (fixture->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  fixture_open_window (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_assert_false (gtk_column_view_column_get_visible (turnout_window_get_column (fixture->window, counts[i])));

  select_people (fixture, eva);
  turnout_test_wait_window (fixture->window);
  details = TURNOUT_MEMBER_DETAILS (turnout_test_find_widget (GTK_WIDGET (fixture->window),
                                                              TURNOUT_TYPE_MEMBER_DETAILS, NULL));
  group = turnout_test_find_widget (GTK_WIDGET (details), ADW_TYPE_PREFERENCES_GROUP, "questions_group");
  g_assert_cmpuint (turnout_member_details_get_n_questions (details), ==, 2);
  g_assert_cmpstr (turnout_member_details_get_question_answer (details, 0), ==, "Ada Host answered: Yes, tomorrow.");
  g_assert_cmpstr (turnout_member_details_get_question_answer (details, 1), ==, "Not answered");
  g_assert_true (gtk_widget_get_visible (group));
  {
    GtkWidget *list = turnout_test_find_widget (GTK_WIDGET (details), GTK_TYPE_LIST_BOX, "questions_list");
    GtkWidget *row = gtk_widget_get_first_child (list);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Will the slides be shared?");
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, "Questions Asked");
  }

  select_people (fixture, daan);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (turnout_member_details_get_n_questions (details), ==, 0);
  g_assert_false (gtk_widget_get_visible (group));
}

static void
test_edit_person (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *daan[] = { "Daan", NULL };
  AdwMessageDialog *dialog;
  GtkWidget *email;
  TurnoutDb *db;
  g_autoptr(TurnoutPerson) person = NULL;

  fixture_open_window (fixture);
  select_people (fixture, daan);
  turnout_test_wait_window (fixture->window);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-person", NULL);
  turnout_test_wait_window (fixture->window);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Edit Person");
  email = turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "email_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email)), ==, "Daan@example.com");

  /* A bad address cannot be saved and says so. */
  gtk_editable_set_text (GTK_EDITABLE (email), "daan@");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (gtk_widget_has_css_class (email, "error"));
  gtk_editable_set_text (GTK_EDITABLE (email), "daan.visser@tulp.example");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                                 "company_row")), "Tulp & Zonen");
  answer_dialog (fixture, "save");
  turnout_test_wait_window (fixture->window);

  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "Daan Visser saved");
  db = turnout_test_open_db (fixture->path);
  person = turnout_db_find_person (db, "daan.visser@tulp.example", NULL);
  turnout_db_close (db);
  g_assert_nonnull (person);
  g_assert_cmpstr (person->company, ==, "Tulp & Zonen");

  /* Adding a member from the Event Actions menu. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-member", NULL);
  dialog = find_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                                 "first_name_row")), "Ilse");
  gtk_editable_set_text (GTK_EDITABLE (turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                                 "email_row")), "ilse@example.com");
  answer_dialog (fixture, "save");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "Ilse added");
  g_assert_cmpuint (n_rows (fixture), ==, G_N_ELEMENTS (people) + 1);
}

static void
test_programs (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *event_menu;
  GMenuModel *menu;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  fixture_open_window (fixture);

  /* The Event Actions menu has only items that work. */
  event_menu = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "event_menu_button");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (event_menu), GTK_ACCESSIBLE_PROPERTY_LABEL, "Event Actions");
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (event_menu));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_true (g_str_has_prefix (action, "win."));
          /* GTK's file chooser registers enough quarks to grow GLib's quark
           * table, whose first block GLib leaks by design: the sanitizer
           * run would fail on it. test-window-actions checks that Export
           * is offered. */
          if (g_str_equal (action, "win.export-members"))
            continue;
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL)
                         || TRUE);
          /* Close whatever dialog it opened. */
          if (find_dialog () != NULL)
            answer_dialog (fixture, "cancel");
          close_other_windows (fixture);
        }
    }

  /* Rename. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rename-program", NULL);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (find_dialog ())), "Product Launch 2026");
  answer_dialog (fixture, "ok");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (((TurnoutProgram *) g_ptr_array_index (turnout_window_get_programs (fixture->window), 0))->name,
                   ==, "Product Launch 2026");

  /* Select the other program: it is remembered. */
  turnout_window_select_program (fixture->window, fixture->summit);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), ==, fixture->summit);
  g_assert_cmpint (g_settings_get_int64 (settings, "last-program"), ==, fixture->summit);
  g_assert_cmpuint (n_rows (fixture), ==, 0);

  /* Delete it, with confirmation, then undo from the toast. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-program", NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (find_dialog ()), ==, "Delete “Customer Summit”?");
  answer_dialog (fixture, "delete");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "“Customer Summit” deleted");
  g_assert_cmpuint (turnout_window_get_programs (fixture->window)->len, ==, 1);
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), ==, fixture->launch);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-program", "x", fixture->summit);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (turnout_window_get_programs (fixture->window)->len, ==, 2);
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), ==, fixture->summit);

  /* Window state and the last program come back in a new window. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 640);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);

  fixture->store = turnout_store_new (fixture->path);
  fixture->window = g_object_ref_sink (turnout_window_new (NULL, fixture->store));
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  gtk_window_present (GTK_WINDOW (fixture->window));
  turnout_test_wait_window (fixture->window);
  g_assert_cmpint (turnout_window_get_program_id (fixture->window), ==, fixture->summit);
}

static void
count_frame (GdkFrameClock *clock,
             guint         *n_frames)
{
  (*n_frames)++;
}

static gboolean
quit_loop (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A window with nothing changing goes quiet: once its transitions (a
 * pane sliding in, a page fading) are over, nothing keeps the frame clock
 * running. A hidden spinner did, and in GTK 4.8 that also restyled the
 * whole members table on every frame.
 */
static void
test_idle (Fixture       *fixture,
           gconstpointer  data)
{
  GdkFrameClock *clock;
  guint n_frames = G_MAXUINT;
  gulong handler;

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpuint (n_rows (fixture), >, 0);

  /* Half-second windows, up to five seconds: the focused search entry's
   * cursor may blink once in one of them.
   */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame), &n_frames);
  for (int i = 0; i < 10 && n_frames > 2; i++)
    {
      gboolean done = FALSE;

      n_frames = 0;
      g_timeout_add (500, quit_loop, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (n_frames, <=, 2);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  AdwLeaflet *leaflet;

  fixture_open_window_sized (fixture, 360);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 400);

  /* At 360 px the leaflet folds: one pane at a time, with a way back. */
  leaflet = ADW_LEAFLET (turnout_test_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_LEAFLET, "leaflet"));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  g_assert_cmpstr (gtk_buildable_get_buildable_id (GTK_BUILDABLE (adw_leaflet_get_visible_child (leaflet))), ==, "content");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-programs", NULL);
  g_assert_cmpstr (gtk_buildable_get_buildable_id (GTK_BUILDABLE (adw_leaflet_get_visible_child (leaflet))), ==, "sidebar");
}

static GtkWidget *
find_widget (Fixture    *fixture,
             GType       type,
             const char *name)
{
  GtkWidget *widget = turnout_test_find_widget (GTK_WIDGET (fixture->window), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
side_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find_widget (fixture, GTK_TYPE_STACK, "side_stack")));
}

/* The side pane shows a member of the program shown, or its overview:
 * never someone from the program before, nor someone gone from the table.
 */
static void
test_pane_program_switch (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *eva[] = { "Eva", NULL };
  GtkWidget *search;

  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  select_people (fixture, eva);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (side_page (fixture), ==, "member");

  turnout_window_select_program (fixture->window, fixture->summit);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (side_page (fixture), ==, "overview");

  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (side_page (fixture), ==, "overview");

  /* A search that hides the member shown takes them off the pane. */
  select_people (fixture, eva);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (side_page (fixture), ==, "member");
  search = find_widget (fixture, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "Bram");
  turnout_test_wait_window (fixture->window);
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  g_assert_cmpstr (side_page (fixture), ==, "overview");
}

/* Opens the window @width wide on the launch with Eva shown in the pane. */
static void
open_with_member (Fixture *fixture,
                  int      width)
{
  const char *eva[] = { "Eva", NULL };

  fixture_open_window_sized (fixture, width);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  select_people (fixture, eva);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (side_page (fixture), ==, "member");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

/* The pane is narrow, like Contacts' and Files': it docks beside the
 * table when both fit and lays over it only when they do not.
 */
static void
test_pane_width (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwFlap *flap;
  GtkWidget *pane;
  GtkWidget *table;

  open_with_member (fixture, 1280);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), >=, 1260);
  flap = ADW_FLAP (find_widget (fixture, ADW_TYPE_FLAP, "flap"));
  pane = find_widget (fixture, GTK_TYPE_SCROLLED_WINDOW, "side_pane");
  table = find_widget (fixture, GTK_TYPE_STACK, "members_stack");
  g_test_message ("1280: flap %d, pane %d, table %d, folded %d", gtk_widget_get_width (GTK_WIDGET (flap)),
                  gtk_widget_get_width (pane), gtk_widget_get_width (table), adw_flap_get_folded (flap));
  g_assert_false (adw_flap_get_folded (flap));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_cmpint (gtk_widget_get_width (pane), >=, 340);
  g_assert_cmpint (gtk_widget_get_width (pane), <=, 380);
  /* Docked: the table has the rest, beside the pane. */
  g_assert_cmpint (gtk_widget_get_width (table) + gtk_widget_get_width (pane), >=,
                   gtk_widget_get_width (GTK_WIDGET (flap)) - 2);
  fixture_close_window (fixture);

  open_with_member (fixture, 800);
  flap = ADW_FLAP (find_widget (fixture, ADW_TYPE_FLAP, "flap"));
  pane = find_widget (fixture, GTK_TYPE_SCROLLED_WINDOW, "side_pane");
  table = find_widget (fixture, GTK_TYPE_STACK, "members_stack");
  g_test_message ("800: flap %d, pane %d, table %d, folded %d", gtk_widget_get_width (GTK_WIDGET (flap)),
                  gtk_widget_get_width (pane), gtk_widget_get_width (table), adw_flap_get_folded (flap));
  g_assert_true (adw_flap_get_folded (flap));
  /* Over the table, which keeps the whole width. */
  adw_flap_set_reveal_flap (flap, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpint (gtk_widget_get_width (table), ==, gtk_widget_get_width (GTK_WIDGET (flap)));
  g_assert_cmpint (gtk_widget_get_width (pane), >=, 340);
  g_assert_cmpint (gtk_widget_get_width (pane), <=, 380);
}

static const char *
filter_label (Fixture *fixture)
{
  GtkDropDown *filter = GTK_DROP_DOWN (find_widget (fixture, GTK_TYPE_DROP_DOWN, "status_filter"));

  return gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (filter)),
                                     gtk_drop_down_get_selected (filter));
}

/* Each program keeps its own search, filter and order. */
static void
test_program_filters (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkEditable *search;
  GtkColumnViewColumn *company;

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  search = GTK_EDITABLE (find_widget (fixture, GTK_TYPE_SEARCH_ENTRY, "search_entry"));

  gtk_editable_set_text (search, "Jansen");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-status", "s", "attended");
  company = turnout_window_get_column (fixture->window, TURNOUT_MEMBER_COLUMN_COMPANY);
  gtk_column_view_sort_by_column (gtk_column_view_column_get_column_view (company), company, GTK_SORT_DESCENDING);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 1);   /* Femke */
  g_assert_cmpstr (filter_label (fixture), ==, "Attended (2)");

  /* Another program opens whole: no search, all statuses, by name. */
  turnout_window_select_program (fixture->window, fixture->summit);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpint (turnout_member_list_get_status_filter (member_list (fixture)), ==, -1);
  g_assert_cmpstr (filter_label (fixture), ==, "All Statuses (0)");
  g_assert_cmpint (turnout_member_list_get_sort_column (member_list (fixture)), ==, TURNOUT_MEMBER_COLUMN_NAME);
  g_assert_false (turnout_member_list_get_sort_descending (member_list (fixture)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget (fixture, GTK_TYPE_STACK, "members_stack"))),
                   ==, "no-members");

  /* Back: the first one as it was left. */
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "Jansen");
  g_assert_cmpstr (filter_label (fixture), ==, "Attended (2)");
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  g_assert_cmpint (turnout_member_list_get_sort_column (member_list (fixture)), ==, TURNOUT_MEMBER_COLUMN_COMPANY);
  g_assert_true (turnout_member_list_get_sort_descending (member_list (fixture)));
  gtk_editable_set_text (search, "");
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 2);
}

/* Issue 18: numbers that add up. */

/* The sidebar's "8 members · 5 registered · 2 attended" (turnout-program-sidebar.h). */
char *turnout_program_format_counts (const TurnoutProgram *program);

static void
set_capacity (Fixture *fixture,
              gint64   program_id,
              int      capacity)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = turnout_db_list_programs (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < programs->len; i++)
    {
      TurnoutProgram *program = g_ptr_array_index (programs, i);

      if (program->id != program_id)
        continue;
      program->capacity = capacity;
      g_assert_true (turnout_db_update_program (db, program, &error));
      g_assert_no_error (error);
    }
  turnout_db_close (db);
}

/* The first widget under @root, @root included, that @matches, or NULL. */
static GtkWidget *
find_descendant (GtkWidget  *root,
                 gboolean  (*matches) (GtkWidget *widget, const char *text),
                 const char *text)
{
  if (matches (root, text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, matches, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_showing (GtkWidget  *widget,
                  const char *text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* A mapped label under @root that shows exactly @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return find_descendant (root, is_label_showing, text);
}

static const TurnoutProgram *
shown_program (Fixture *fixture)
{
  GPtrArray *programs = turnout_window_get_programs (fixture->window);

  for (guint i = 0; i < programs->len; i++)
    if (((TurnoutProgram *) g_ptr_array_index (programs, i))->id == turnout_window_get_program_id (fixture->window))
      return g_ptr_array_index (programs, i);
  g_assert_not_reached ();
}

static void
test_funnel_stages (Fixture       *fixture,
                    gconstpointer  data)
{
  TurnoutFunnel *funnel;
  const TurnoutProgram *program;
  g_autofree char *counts = NULL;

  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  funnel = TURNOUT_FUNNEL (find_widget (fixture, TURNOUT_TYPE_FUNNEL, NULL));
  program = shown_program (fixture);

  /* Eight members: 1 invited, 1 pending, 1 wait-listed, 3 registered,
   * 2 attended. Registered counts everyone who got a seat, attended or
   * not, as the sidebar does. */
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_INVITED), ==, 8);
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_REGISTERED), ==, 5);
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_ATTENDED), ==, 2);
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_INVITED), ==, program->n_members);
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_REGISTERED), ==, program->n_registered);
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_ATTENDED), ==, program->n_attended);
  counts = turnout_program_format_counts (program);
  g_assert_cmpstr (counts, ==, "8 members · 5 registered · 2 attended");

  /* With conversions, and the per-status counts still below. */
  g_assert_nonnull (find_label (GTK_WIDGET (funnel), "63% of invited"));
  g_assert_nonnull (find_label (GTK_WIDGET (funnel), "40% of registered"));
  g_assert_cmpuint (turnout_funnel_get_count (funnel, TURNOUT_STATUS_REGISTERED), ==, 3);
  g_assert_cmpuint (turnout_funnel_get_count (funnel, TURNOUT_STATUS_ATTENDED), ==, 2);
  g_assert_false (turnout_funnel_is_empty (funnel));
  g_assert_null (turnout_funnel_get_seat_warning (funnel));
}

static gboolean
is_funnel_row_of (GtkWidget  *widget,
                  const char *status_key)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "status-key"), status_key) == 0;
}

/* The funnel's row (a button) for @status_key, or NULL. */
static GtkWidget *
funnel_row (GtkWidget  *root,
            const char *status_key)
{
  return find_descendant (root, is_funnel_row_of, status_key);
}

/* After a change the funnel and the sidebar show the new counts in the
 * rows they had: the funnel's counts, bars and accessible labels, and the
 * stages' shares, and the program row's counts and description, are
 * updated in place rather than every widget made anew. */
static void
test_counts_follow_change (Fixture       *fixture,
                           gconstpointer  data)
{
  TurnoutFunnel *funnel;
  GtkWidget *registered, *invited;
  GtkWidget *program_list;
  GtkListBoxRow *launch_row;

  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  funnel = TURNOUT_FUNNEL (find_widget (fixture, TURNOUT_TYPE_FUNNEL, NULL));
  registered = funnel_row (GTK_WIDGET (funnel), TURNOUT_STATUS_REGISTERED);
  invited = funnel_row (GTK_WIDGET (funnel), TURNOUT_STATUS_INVITED);
  g_assert_nonnull (registered);
  g_assert_nonnull (invited);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (registered), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Registered: 3 members");
  g_assert_nonnull (find_label (GTK_WIDGET (funnel), "63% of invited"));
  program_list = find_widget (fixture, GTK_TYPE_LIST_BOX, "program_list");
  launch_row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (program_list), 0);
  g_assert_nonnull (find_label (GTK_WIDGET (launch_row), "8 members · 5 registered · 2 attended"));

  /* The one invited member, registered. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-status", "s", TURNOUT_STATUS_INVITED);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-all", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-status", "s", TURNOUT_STATUS_REGISTERED);
  turnout_test_wait_window (fixture->window);
  wait_settled (fixture);
  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, "1 → Registered");

  g_assert_cmpuint (turnout_funnel_get_count (funnel, TURNOUT_STATUS_REGISTERED), ==, 4);
  g_assert_cmpuint (turnout_funnel_get_count (funnel, TURNOUT_STATUS_INVITED), ==, 0);
  g_assert_cmpuint (turnout_funnel_get_stage (funnel, TURNOUT_FUNNEL_STAGE_REGISTERED), ==, 6);
  g_assert_true (funnel_row (GTK_WIDGET (funnel), TURNOUT_STATUS_REGISTERED) == registered);
  g_assert_true (funnel_row (GTK_WIDGET (funnel), TURNOUT_STATUS_INVITED) == invited);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (registered), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Registered: 4 members");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (invited), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Invited: 0 members");
  g_assert_nonnull (find_label (registered, "4"));
  g_assert_nonnull (find_label (invited, "0"));
  g_assert_nonnull (find_label (GTK_WIDGET (funnel), "75% of invited"));
  g_assert_nonnull (find_label (GTK_WIDGET (funnel), "33% of registered"));
  g_assert_null (find_label (GTK_WIDGET (funnel), "63% of invited"));
  g_assert_null (turnout_funnel_get_seat_warning (funnel));

  g_assert_true (gtk_list_box_get_row_at_index (GTK_LIST_BOX (program_list), 0) == launch_row);
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (program_list)) == launch_row);
  g_assert_nonnull (find_label (GTK_WIDGET (launch_row), "8 members · 6 registered · 2 attended"));
  g_assert_null (find_label (GTK_WIDGET (launch_row), "8 members · 5 registered · 2 attended"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (launch_row), GTK_ACCESSIBLE_PROPERTY_LABEL, "Product Launch");
}

static void
test_funnel_seat_limit (Fixture       *fixture,
                        gconstpointer  data)
{
  TurnoutFunnel *funnel;
  GtkWidget *warning;

  /* Five members hold a seat: at a limit of five nothing is wrong. */
  set_capacity (fixture, fixture->launch, 5);
  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  funnel = TURNOUT_FUNNEL (find_widget (fixture, TURNOUT_TYPE_FUNNEL, NULL));
  g_assert_null (turnout_funnel_get_seat_warning (funnel));
  fixture_close_window (fixture);

  /* At three, two are over, and the funnel says so in warning colours. */
  set_capacity (fixture, fixture->launch, 3);
  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  funnel = TURNOUT_FUNNEL (find_widget (fixture, TURNOUT_TYPE_FUNNEL, NULL));
  g_assert_cmpstr (turnout_funnel_get_seat_warning (funnel), ==, "2 members over the seat limit of 3");
  warning = find_label (GTK_WIDGET (funnel), "2 members over the seat limit of 3");
  g_assert_nonnull (warning);
  g_assert_true (gtk_widget_has_css_class (warning, "warning"));
  /* The overview's line says it too, not a silent "5 / 3". */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_widget (fixture, GTK_TYPE_LABEL, "program_info"))),
                            "5 / 3 seats taken, 2 over the limit"));
}

static void
test_funnel_empty_program (Fixture       *fixture,
                           gconstpointer  data)
{
  TurnoutFunnel *funnel;

  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->summit);
  turnout_test_wait_window (fixture->window);
  funnel = TURNOUT_FUNNEL (find_widget (fixture, TURNOUT_TYPE_FUNNEL, NULL));

  /* One line, not a column of zeros. */
  g_assert_true (turnout_funnel_is_empty (funnel));
  g_assert_nonnull (find_label (GTK_WIDGET (funnel), "No members yet"));
  g_assert_null (turnout_test_find_widget (GTK_WIDGET (funnel), GTK_TYPE_BUTTON, NULL));
  g_assert_null (find_label (GTK_WIDGET (funnel), "0"));

  /* Back to a program with members: the stages come back. */
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  g_assert_false (turnout_funnel_is_empty (funnel));
  g_assert_nonnull (turnout_test_find_widget (GTK_WIDGET (funnel), GTK_TYPE_BUTTON, NULL));
}

static gboolean
has_css_name (GtkWidget  *widget,
              const char *name)
{
  return g_str_equal (gtk_widget_get_css_name (widget), name);
}

/* What the window's content draws in one frame, as GTK keeps it. */
typedef struct
{
  GtkWidget *content;
  GtkWidget *toast;        /* the toast's widget, once it is there */
  guint      frames;
  guint      clipped;      /* frames drawn inside one clip of the content's area */
  guint      past_edge;    /* frames with the toast partly below the content */
  guint      in_place;     /* frames with the toast wholly inside it */
} ContentFrames;

static void
note_content_frame (GdkFrameClock *clock,
                    ContentFrames *frames)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderNode *inner;
  graphene_rect_t bounds;

  gtk_widget_snapshot_child (gtk_widget_get_parent (frames->content), frames->content, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  inner = node;
  while (inner != NULL && gsk_render_node_get_node_type (inner) == GSK_TRANSFORM_NODE)
    inner = gsk_transform_node_get_child (inner);
  frames->frames++;
  if (inner != NULL && gsk_render_node_get_node_type (inner) == GSK_CLIP_NODE &&
      graphene_rect_equal (gsk_clip_node_get_clip (inner),
                           &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (frames->content),
                                                gtk_widget_get_height (frames->content))))
    frames->clipped++;

  if (frames->toast == NULL)
    frames->toast = find_descendant (frames->content, has_css_name, "toast");
  if (frames->toast != NULL && gtk_widget_get_parent (frames->toast) != NULL &&
      gtk_widget_compute_bounds (frames->toast, frames->content, &bounds))
    {
      if (bounds.origin.y + bounds.size.height > gtk_widget_get_height (frames->content))
        frames->past_edge++;
      else
        frames->in_place++;
    }
}

/* A toast slides in from below the window's content, which must not show
 * it past its edge. GTK repaints what changed between two frames by
 * comparing what they draw, and leaves a clip out of a frame in which
 * nothing goes past it: the whole window's picture gained a clip while a
 * toast slid in and lost it once it was in place, so GTK found the two
 * frames unlike and painted all of the window, twice for every toast (in
 * software, the longest frame of a bulk change). Every frame of the
 * content, before, during and after a toast, is one clip of its area. */
static void
test_toast_clip (Fixture       *fixture,
                 gconstpointer  data)
{
  ContentFrames frames = { 0 };
  GtkWidget *overlay;
  gulong handler;
  gint64 until;

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  frames.content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
  overlay = find_widget (fixture, ADW_TYPE_TOAST_OVERLAY, "toast_overlay");

  handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window)), "after-paint",
                              G_CALLBACK (note_content_frame), &frames);
  gtk_widget_queue_draw (frames.content);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new ("Toast"));
  /* Its sliding in takes 300 ms. */
  until = g_get_monotonic_time () + 800 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window)), handler);

  g_test_message ("%u frames: %u clipped, %u with the toast past the edge, %u with it in place",
                  frames.frames, frames.clipped, frames.past_edge, frames.in_place);
  g_assert_cmpuint (frames.past_edge, >, 0);
  g_assert_cmpuint (frames.in_place, >, 0);
  g_assert_cmpuint (frames.clipped, ==, frames.frames);
}

/* The frames of the members table while something fades in over it. */
typedef struct
{
  GtkWidget *table_area;  /* the overlay's main child */
  GtkWidget *strip;
  guint      frames;
  guint      one_node;    /* frames in which the table's picture was one node */
  guint      with_strip;  /* frames in which the strip was drawn */
} StripFrames;

static void
note_strip_frame (GdkFrameClock *clock,
                  StripFrames   *frames)
{
  frames->frames++;
  if (turnout_test_draws_one_node (frames->table_area))
    frames->one_node++;
  if (gtk_widget_get_mapped (frames->strip) && gtk_widget_get_child_visible (frames->strip))
    frames->with_strip++;
}

static gboolean
strip_gone (gpointer data)
{
  return !gtk_widget_get_mapped (gtk_revealer_get_child (bulk_revealer (data)));
}

/* The progress of a long change fades in over the table's foot. With it
 * in, the overlay's picture is the list [the table's, the strip's]; when
 * the table's own picture was a list too (a GtkStack's), GTK compared
 * the two lists item by item, found them unlike, and repainted every row
 * of the table in the frame the strip came in (in software, the longest
 * frame of an Undo of 100k members). In every frame, before, during and
 * after the strip, the table draws as one node. */
static void
test_strip_over_table (Fixture       *fixture,
                       gconstpointer  data)
{
  StripFrames frames = { 0 };
  GdkFrameClock *clock;
  gulong handler;

  fixture_open_window (fixture);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  frames.strip = gtk_revealer_get_child (bulk_revealer (fixture));
  frames.table_area = gtk_overlay_get_child (GTK_OVERLAY (gtk_widget_get_parent (GTK_WIDGET (bulk_revealer (fixture)))));
  g_assert_true (gtk_widget_is_ancestor (find_widget (fixture, TURNOUT_TYPE_MEMBERS_VIEW, "members_table"),
                                         frames.table_area));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (note_strip_frame), &frames);
  gtk_widget_queue_draw (frames.table_area);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  gtk_revealer_set_reveal_child (bulk_revealer (fixture), TRUE);
  turnout_test_spin_until (bulk_faded_in, fixture, 5000);
  gtk_revealer_set_reveal_child (bulk_revealer (fixture), FALSE);
  turnout_test_spin_until (strip_gone, fixture, 5000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_signal_handler_disconnect (clock, handler);

  g_test_message ("%u frames: the table one node in %u, the strip drawn in %u",
                  frames.frames, frames.one_node, frames.with_strip);
  g_assert_cmpuint (frames.with_strip, >, 0);
  g_assert_cmpuint (frames.with_strip, <, frames.frames);
  g_assert_cmpuint (frames.one_node, ==, frames.frames);
}

static gboolean
shows_program (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "program") == 0;
}

/* A program whose members cannot be read (here a column gone from the
 * file under the window) says so in the program's place, with a way to
 * try again, instead of a spinner turning for ever; tried again once the
 * column is back, the members show. */
static void
test_members_load_fails (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *stack;
  GtkWidget *page;
  sqlite3 *raw = NULL;

  fixture_open_window_sized (fixture, 1280);
  turnout_window_select_program (fixture->window, fixture->summit);
  turnout_test_wait_window (fixture->window);
  stack = turnout_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_STACK, "content_stack");

  g_assert_cmpint (sqlite3_open (fixture->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "ALTER TABLE people RENAME COLUMN job_title TO job", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  turnout_window_select_program (fixture->window, fixture->launch);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "members-error");
  page = gtk_stack_get_visible_child (GTK_STACK (stack));
  g_assert_true (ADW_IS_STATUS_PAGE (page));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), "job_title"));
  g_assert_nonnull (turnout_test_find_widget (page, GTK_TYPE_BUTTON, NULL));
  turnout_test_shoot (GTK_WIDGET (fixture->window), "members-load-fails");

  g_assert_cmpint (sqlite3_exec (raw, "ALTER TABLE people RENAME COLUMN job TO job_title", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (raw);
  /* (a button activated shows itself pressed for a moment, then clicks) */
  g_assert_true (gtk_widget_activate (turnout_test_find_widget (page, GTK_TYPE_BUTTON, NULL)));
  turnout_test_spin_until (shows_program, stack, 5000);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "program");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (turnout_window_get_members (fixture->window))), ==,
                    G_N_ELEMENTS (people));
}

static void
test_sidebar_placeholder (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *list;
  GtkWidget *button;

  fixture_open_window_sized (fixture, 1280);
  list = find_widget (fixture, GTK_TYPE_LIST_BOX, "program_list");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_nonnull (find_label (list, "No Programs Yet"));
  button = turnout_test_find_widget (list, GTK_TYPE_BUTTON, "placeholder_new_button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.new-program");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();
  adw_init ();
  turnout_test_shots_style ();

  g_test_add ("/window/empty-database", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_empty_database, fixture_tear_down);
  g_test_add ("/window/members-table", Fixture, NULL, fixture_set_up, test_members_table, fixture_tear_down);
  g_test_add ("/window/change-status", Fixture, NULL, fixture_set_up, test_change_status, fixture_tear_down);
  g_test_add ("/window/bulk-change-reload", Fixture, NULL, fixture_set_up, test_bulk_change_reload, fixture_tear_down);
  g_test_add ("/window/bulk-progress-cancel", Fixture, NULL, fixture_set_up, test_bulk_progress_cancel, fixture_tear_down);
  g_test_add ("/window/details-and-history", Fixture, NULL, fixture_set_up, test_details_and_history, fixture_tear_down);
  g_test_add ("/window/edit-person", Fixture, NULL, fixture_set_up, test_edit_person, fixture_tear_down);
  g_test_add ("/window/programs", Fixture, NULL, fixture_set_up, test_programs, fixture_tear_down);
  g_test_add ("/window/cell-tooltips", Fixture, NULL, fixture_set_up, test_cell_tooltips, fixture_tear_down);
  g_test_add ("/window/cell-drawing", Fixture, NULL, fixture_set_up, test_cell_drawing, fixture_tear_down);
  g_test_add ("/window/long-program", Fixture, NULL, fixture_set_up, test_long_program, fixture_tear_down);
  g_test_add ("/window/hidden-columns", Fixture, NULL, fixture_set_up, test_hidden_columns, fixture_tear_down);
  g_test_add ("/window/details-questions", Fixture, NULL, fixture_set_up, test_details_questions, fixture_tear_down);
  g_test_add ("/window/idle", Fixture, NULL, fixture_set_up, test_idle, fixture_tear_down);
  g_test_add ("/window/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/window/pane-program-switch", Fixture, NULL, fixture_set_up, test_pane_program_switch, fixture_tear_down);
  g_test_add ("/window/pane-width", Fixture, NULL, fixture_set_up, test_pane_width, fixture_tear_down);
  g_test_add ("/window/program-filters", Fixture, NULL, fixture_set_up, test_program_filters, fixture_tear_down);
  g_test_add ("/window/funnel-stages", Fixture, NULL, fixture_set_up, test_funnel_stages, fixture_tear_down);
  g_test_add ("/window/counts-follow-change", Fixture, NULL, fixture_set_up, test_counts_follow_change,
              fixture_tear_down);
  g_test_add ("/window/funnel-seat-limit", Fixture, NULL, fixture_set_up, test_funnel_seat_limit, fixture_tear_down);
  g_test_add ("/window/funnel-empty-program", Fixture, NULL, fixture_set_up, test_funnel_empty_program, fixture_tear_down);
  g_test_add ("/window/toast-clip", Fixture, NULL, fixture_set_up, test_toast_clip, fixture_tear_down);
  g_test_add ("/window/strip-over-table", Fixture, NULL, fixture_set_up, test_strip_over_table, fixture_tear_down);
  g_test_add ("/window/members-load-fails", Fixture, NULL, fixture_set_up, test_members_load_fails, fixture_tear_down);
  g_test_add ("/window/sidebar-placeholder", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_sidebar_placeholder, fixture_tear_down);

  return g_test_run ();
}
