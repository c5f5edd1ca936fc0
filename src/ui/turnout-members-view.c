/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-members-view.c: the members table.
 *
 * A column view over TurnoutMemberList (compact arrays, so it stays quick
 * at 100k members) with a selection over it. Here live the columns (title,
 * width, sorter and whether shown; order, widths and hidden ones kept in
 * the "column-order", "column-widths" and "hidden-columns" settings),
 * the cells with their tones and tooltips, the range of rows on screen
 * that the model updates first, and the selection kept by member across
 * reloads, sorts and searches. The window sets the table on the list and
 * hears ::selection-changed and ::rows-changed back.
 */
#define G_LOG_DOMAIN "turnout-members-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-cell-text.h"
#include "turnout-channel.h"
#include "turnout-columns.h"
#include "turnout-member-selection.h"
#include "turnout-members-view.h"

typedef struct
{
  TurnoutMembersView  *self;
  TurnoutMemberColumn  column;
} ColumnProbe;

struct _TurnoutMembersView
{
  GtkWidget               parent_instance;

  GtkWidget              *members_scroll;
  GtkColumnView          *members_view;

  TurnoutMemberList      *members;
  TurnoutMemberSelection *selection;
  GSettings              *settings;         /* NULL: columns are not kept */
  gboolean                applying_settings;
  gboolean                placing;          /* the view's columns change, not their order */
  TurnoutMemberColumn     order[TURNOUT_MEMBER_N_COLUMNS]; /* left to right, hidden ones too */
  guint                   save_widths_id;
  GtkColumnViewColumn    *columns[TURNOUT_MEMBER_N_COLUMNS];
  ColumnProbe             probes[TURNOUT_MEMBER_N_COLUMNS];
  int                     probed_column;
  guint                   stale_rows_id;    /* updating rows off screen after a frame */
  GtkAdjustment          *view_adjustment;  /* followed for the rows on screen */

  /* The members the coordinator selected, by row of selected_table: a
   * bit each. Read from the selection only when its positions are about
   * to show other rows (selection_unread until then), so that selecting
   * a million members costs no more than the selection's own range.
   */
  TurnoutMemberTable     *selected_table;
  guint64                *selected_rows;
  guint                   n_selected_rows;
  gboolean                selection_unread;
  gint64                  select_person_id; /* one to select once a table has them, or 0 */
  gboolean                restoring;
};

G_DEFINE_FINAL_TYPE (TurnoutMembersView, turnout_members_view, GTK_TYPE_WIDGET)

enum { SELECTION_CHANGED, ROWS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What each column is (key, title, width, shown at first, cell text and
 * tone): turnout_column_for_view (); their first order:
 * turnout_column_view_order (). Which columns show is kept by key in the
 * "hidden-columns" setting, whose default matches TURNOUT_COLUMN_SHOWN.
 */

/* For the actions that need them: the person ids of the selected
 * positions, in order. Not for every selection change: all of a million
 * members take a few milliseconds.
 */
typedef void (*SelectedRowFunc) (TurnoutMemberTable *table,
                                 guint               row,
                                 gpointer            data);

/* Whether @set, the selection, is one run of positions, as it mostly is
 * (all of them, one, or a range); then its first and how many of them
 * have a row (blank positions, at the end, have nobody). */
static gboolean
selected_run (TurnoutMembersView *self,
              GtkBitset          *set,
              guint              *first,
              guint              *count)
{
  guint n, last;

  if (gtk_bitset_is_empty (set))
    return FALSE;
  *first = gtk_bitset_get_minimum (set);
  last = gtk_bitset_get_maximum (set);
  if (gtk_bitset_get_size (set) != (guint64) last - *first + 1)
    return FALSE;
  turnout_member_list_peek_rows (self->members, &n);
  *count = *first < n ? MIN (last + 1, n) - *first : 0;
  return TRUE;
}

/* Calls @func on each selected row of the table; returns how many. */
static guint
foreach_selected_row (TurnoutMembersView *self,
                      SelectedRowFunc     func,
                      gpointer            data)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  const guint32 *rows;
  GtkBitsetIter iter;
  guint position, n, first, count, k = 0;

  if (table == NULL || gtk_bitset_is_empty (set))
    return 0;

  rows = turnout_member_list_peek_rows (self->members, &n);
  if (selected_run (self, set, &first, &count))
    for (; k < count; k++)
      func (table, rows[first + k], data);
  else
    for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok && position < n;
         ok = gtk_bitset_iter_next (&iter, &position), k++)
      func (table, rows[position], data);

  return k;
}

static void
add_person_id (TurnoutMemberTable *table,
               guint               row,
               gpointer            data)
{
  gint64 id = turnout_member_table_get_person_id (table, row);

  g_array_append_val ((GArray *) data, id);
}

static GArray *
selected_person_ids (TurnoutMembersView *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) MIN (gtk_bitset_get_size (set), G_MAXUINT));
  guint n, first, count;

  /* One run of positions (all of them, after Select All), read in one
   * loop; any other selection a row at a time. */
  if (table != NULL && selected_run (self, set, &first, &count))
    {
      const guint32 *rows = turnout_member_list_peek_rows (self->members, &n);

      g_array_set_size (ids, count);
      turnout_member_table_get_person_ids (table, rows + first, count, (gint64 *) (gpointer) ids->data);
    }
  else
    foreach_selected_row (self, add_person_id, ids);
  return ids;
}

static void
count_status (TurnoutMemberTable *table,
              guint               row,
              gpointer            data)
{
  ((guint *) data)[turnout_member_table_get_status (table, row)]++;
}

/* The selection is kept by member, a bit per row of the table it was
 * read from, so that it survives a reload, a new sort and a search:
 * positions change under it all the time.
 */

static inline gboolean
row_is_selected (const guint64 *rows,
                 guint          row)
{
  return (rows[row / 64] >> (row % 64)) & 1;
}

static inline void
select_row (TurnoutMembersView *self,
            guint               row)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (row % 64);

  if ((self->selected_rows[row / 64] & bit) == 0)
    {
      self->selected_rows[row / 64] |= bit;
      self->n_selected_rows++;
    }
}

/* No member selected, of @table. */
static void
clear_selected_rows (TurnoutMembersView *self,
                     TurnoutMemberTable *table)
{
  gsize n_words = ((gsize) (table ? turnout_member_table_get_n_rows (table) : 0) + 63) / 64;

  if (table != NULL)
    turnout_member_table_ref (table);
  g_clear_pointer (&self->selected_table, turnout_member_table_unref);
  self->selected_table = table;
  g_free (self->selected_rows);
  self->selected_rows = g_new0 (guint64, MAX (n_words, 1));
  self->n_selected_rows = 0;
}

static void
forget_selection (TurnoutMembersView *self)
{
  clear_selected_rows (self, NULL);
  self->selection_unread = FALSE;
  self->select_person_id = 0;
}

/* The selection, read from its positions into the rows they show, just
 * before they show others. It replaces what was kept, as each change of
 * the coordinator's does: members a search hides are no longer selected
 * once the selection changes.
 */
static void
read_selection (TurnoutMembersView *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  const guint32 *rows;
  GtkBitsetIter iter;
  guint position, n, first, last;

  self->selection_unread = FALSE;
  clear_selected_rows (self, table);
  if (table == NULL || gtk_bitset_is_empty (set))
    return;

  rows = turnout_member_list_peek_rows (self->members, &n);
  first = gtk_bitset_get_minimum (set);
  last = gtk_bitset_get_maximum (set);
  if (gtk_bitset_get_size (set) == (guint64) last - first + 1)
    for (position = first; position <= last && position < n; position++)
      select_row (self, rows[position]);
  else
    for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok && position < n;
         ok = gtk_bitset_iter_next (&iter, &position))
      select_row (self, rows[position]);
}

/* The same members selected in @table, the program's table read again.
 * A reload lists the members in the same order (by membership), so the
 * rows are compared in step; only after the first that differs (someone
 * added or removed) are the selected ones looked up by person.
 */
static void
carry_selection (TurnoutMembersView *self,
                 TurnoutMemberTable *table)
{
  TurnoutMemberTable *old = g_steal_pointer (&self->selected_table);
  g_autofree guint64 *old_rows = g_steal_pointer (&self->selected_rows);
  guint n_old_selected = self->n_selected_rows;
  guint n_old, n_new, common = 0;

  clear_selected_rows (self, table);
  if (old == NULL)
    return;
  if (table == NULL || n_old_selected == 0 ||
      turnout_member_table_get_program_id (old) != turnout_member_table_get_program_id (table))
    {
      turnout_member_table_unref (old);
      return;
    }

  n_old = turnout_member_table_get_n_rows (old);
  n_new = turnout_member_table_get_n_rows (table);
  for (; common < MIN (n_old, n_new); common++)
    {
      if (turnout_member_table_get_person_id (old, common) != turnout_member_table_get_person_id (table, common))
        break;
      if (row_is_selected (old_rows, common))
        select_row (self, common);
    }

  if (common < n_old)
    {
      g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autofree gint64 *keys = g_new (gint64, n_old - common);
      guint n_keys = 0;

      for (guint row = common; row < n_old; row++)
        if (row_is_selected (old_rows, row))
          {
            keys[n_keys] = turnout_member_table_get_person_id (old, row);
            g_hash_table_add (ids, &keys[n_keys++]);
          }
      for (guint row = common; n_keys > 0 && row < n_new; row++)
        {
          gint64 id = turnout_member_table_get_person_id (table, row);

          if (g_hash_table_contains (ids, &id))
            select_row (self, row);
        }
    }
  turnout_member_table_unref (old);
}

static void
restore_selection (TurnoutMembersView *self)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(GtkBitset) current = NULL;
  g_autoptr(GtkBitset) mask = NULL;
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  const guint32 *rows;
  guint n;

  /* Not read since the coordinator changed it: the positions still show
   * the rows they showed then (only positions were added or taken away).
   */
  if (self->selection_unread)
    return;
  if (table != self->selected_table)
    carry_selection (self, table);
  if (table == NULL || turnout_member_list_is_sorting (self->members))
    return;

  if (self->select_person_id != 0)
    {
      int row = turnout_member_table_find_person (table, self->select_person_id);

      if (row >= 0)
        {
          select_row (self, row);
          self->select_person_id = 0;
        }
    }

  rows = turnout_member_list_peek_rows (self->members, &n);
  if (self->n_selected_rows > 0 && self->n_selected_rows == turnout_member_table_get_n_rows (table))
    set = gtk_bitset_new_range (0, n);
  else
    {
      set = gtk_bitset_new_empty ();
      for (guint i = 0; self->n_selected_rows > 0 && i < n; i++)
        if (row_is_selected (self->selected_rows, rows[i]))
          {
            guint start = i;

            while (i + 1 < n && row_is_selected (self->selected_rows, rows[i + 1]))
              i++;
            gtk_bitset_add_range (set, start, i - start + 1);
          }
    }

  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_equals (set, current))
    return;

  mask = gtk_bitset_new_range (0, n_items);
  self->restoring = TRUE;
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), set, mask);
  self->restoring = FALSE;
}

static void
select_person (TurnoutMembersView *self,
               gint64              person_id)
{
  clear_selected_rows (self, self->selected_table);
  self->selection_unread = FALSE;
  self->select_person_id = person_id;
  restore_selection (self);
}

/* The cell's full text, which is often longer than the column. Asked for
 * only when a tooltip is about to show: setting a tooltip on every cell as
 * the rows change costs GTK 4.8 a round trip to the X server per cell.
 */
static gboolean
on_cell_query_tooltip (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = turnout_cell_text_get_text (TURNOUT_CELL_TEXT (label));

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  const TurnoutColumnInfo *info = turnout_column_for_view (GPOINTER_TO_INT (user_data));
  GtkWidget *label = turnout_cell_text_new (info->flags & TURNOUT_COLUMN_NUMERIC);

  /* GTK 4.8 gives each cell a click of its own as well as its row: both
   * selected, so Ctrl+click selected the row and at once unselected it
   * again. The row alone answers clicks (and the keyboard) now.
   */
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_activatable (item, FALSE);
  if (info->flags & TURNOUT_COLUMN_TOOLTIP)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_cell_query_tooltip), NULL);
    }
  gtk_list_item_set_child (item, label);
}

/* A cell's colour: "error", "success" or NULL. Classes are changed only
 * when the tone does, as each change restyles the cell.
 */
static void
set_cell_tone (GtkWidget  *label,
               const char *tone)
{
  static const char *tones[] = { "error", "success" };

  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    {
      gboolean want = g_strcmp0 (tone, tones[i]) == 0;

      if (want != gtk_widget_has_css_class (label, tones[i]))
        {
          if (want)
            gtk_widget_add_css_class (label, tones[i]);
          else
            gtk_widget_remove_css_class (label, tones[i]);
        }
    }
}

static void
update_cell (GtkWidget           *label,
             TurnoutMemberRow    *row,
             TurnoutMemberColumn  column)
{
  const TurnoutColumnInfo *info = turnout_column_for_view (column);
  TurnoutMemberTable *table = turnout_member_row_get_table (row);
  guint index = turnout_member_row_get_index (row);
  g_autofree char *text = NULL;

  /* A blank position on its way out shows nobody. */
  if (!turnout_member_row_is_member (row))
    {
      turnout_cell_text_set_text (TURNOUT_CELL_TEXT (label), NULL);
      set_cell_tone (label, NULL);
      return;
    }

  text = info->cell_text (table, index);
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (label), text);
  if (info->tone != NULL)
    set_cell_tone (label, info->tone (table, index));
}

static void
on_row_changed (TurnoutMemberRow *row,
                GtkListItem      *item)
{
  update_cell (gtk_list_item_get_child (item), row,
               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column")));
}

/* An item is its position's, and shows whichever member is there now. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  TurnoutMemberRow *row = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (item), "column", user_data);
  update_cell (gtk_list_item_get_child (item), row, GPOINTER_TO_INT (user_data));
  g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed), item, 0);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TurnoutMemberRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_changed, item);
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnProbe *probe = user_data;

  probe->self->probed_column = probe->column;
  return GTK_ORDERING_SMALLER;
}

/* GTK 4.8 cannot tell which column the user sorted by, so ask the column
 * view's sorter to compare two items: it consults the primary column's
 * sorter first, which records itself, and inverts the answer when the
 * order is descending. The model then sorts by its precomputed order.
 */
static void
on_sorter_changed (GtkSorter          *sorter,
                   GtkSorterChange     change,
                   TurnoutMembersView *self)
{
  GtkOrdering ordering;

  turnout_members_view_scroll_to_top (self);
  self->probed_column = -1;
  ordering = gtk_sorter_compare (sorter, self, self->members);
  if (self->probed_column < 0)
    turnout_member_list_set_sort (self->members, TURNOUT_MEMBER_COLUMN_NAME, FALSE);
  else
    turnout_member_list_set_sort (self->members, self->probed_column, ordering == GTK_ORDERING_LARGER);
}

/* Which of the table's columns @column is; TURNOUT_MEMBER_N_COLUMNS for
 * none of them.
 */
static guint
column_index (TurnoutMembersView  *self,
              GtkColumnViewColumn *column)
{
  guint which;

  for (which = 0; which < TURNOUT_MEMBER_N_COLUMNS && self->columns[which] != column; which++)
    ;
  return which;
}

/* A hidden column is taken out of the view, not only hidden: GTK 4.8
 * makes a cell for every column in the view, shown or not, in each of the
 * 200 or so rows it keeps, and a cell is most of what a new row costs.
 * Shown again, it goes back after the column it followed.
 */
static void
place_column (TurnoutMembersView  *self,
              GtkColumnViewColumn *column)
{
  GListModel *columns = gtk_column_view_get_columns (self->members_view);
  gboolean in_view = gtk_column_view_column_get_column_view (column) != NULL;
  guint position = 0;

  if (gtk_column_view_column_get_visible (column) == in_view)
    return;
  if (in_view)
    {
      gtk_column_view_remove_column (self->members_view, column);
      return;
    }

  /* The view shows the columns of self->order that are shown, in that
   * order: this one goes after those before it there.
   */
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS && self->columns[self->order[i]] != column; i++)
    if (gtk_column_view_column_get_column_view (self->columns[self->order[i]]) != NULL)
      position++;
  position = MIN (position, g_list_model_get_n_items (columns));
  gtk_column_view_insert_column (self->members_view, position, column);
}

static void
save_order (TurnoutMembersView *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) order = NULL;

  if (self->settings == NULL || self->applying_settings)
    return;
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    g_strv_builder_add (keys, turnout_column_for_view (self->order[i])->key);
  order = g_strv_builder_end (keys);
  g_settings_set_strv (self->settings, "column-order", (const char *const *) order);
}

/* The coordinator dragged a column elsewhere: the shown columns are in
 * the view's order now, and each hidden one stays after the column it
 * followed, so that shown again it comes back there.
 */
static void
on_columns_changed (GListModel         *columns,
                    guint               position,
                    guint               removed,
                    guint               added,
                    TurnoutMembersView *self)
{
  TurnoutMemberColumn order[TURNOUT_MEMBER_N_COLUMNS];
  guint n = 0, n_shown = g_list_model_get_n_items (columns), n_visible = 0;

  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    if (gtk_column_view_column_get_visible (self->columns[i]))
      n_visible++;
  /* Half way through a move (taken out, not put back yet), or a column
   * shown or hidden: the order is the same.
   */
  if (self->placing || n_shown != n_visible)
    return;

  for (guint i = 0; i < n_shown; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      guint which = column_index (self, column);

      if (which >= TURNOUT_MEMBER_N_COLUMNS)
        return;
      order[n++] = which;
    }
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      TurnoutMemberColumn hidden = self->order[i];
      guint at = 0;

      if (gtk_column_view_column_get_visible (self->columns[hidden]))
        continue;
      if (i > 0)
        for (at = 0; at < n && order[at] != self->order[i - 1]; at++)
          ;
      at = i > 0 && at < n ? at + 1 : 0;
      memmove (&order[at + 1], &order[at], (n - at) * sizeof order[0]);
      order[at] = hidden;
      n++;
    }
  g_assert (n == TURNOUT_MEMBER_N_COLUMNS);
  if (memcmp (order, self->order, sizeof order) == 0)
    return;
  memcpy (self->order, order, sizeof order);
  save_order (self);
}

/* Widths change with every motion of a drag: kept once it rests. */
static gboolean
save_widths (gpointer data)
{
  TurnoutMembersView *self = data;
  GVariantBuilder widths;

  self->save_widths_id = 0;
  if (self->settings == NULL)
    return G_SOURCE_REMOVE;
  g_variant_builder_init (&widths, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      const TurnoutColumnInfo *info = turnout_column_for_view (self->order[i]);
      int width = gtk_column_view_column_get_fixed_width (self->columns[self->order[i]]);

      if (width != info->width)
        g_variant_builder_add (&widths, "{si}", info->key, width);
    }
  g_settings_set_value (self->settings, "column-widths", g_variant_builder_end (&widths));
  return G_SOURCE_REMOVE;
}

static void
on_column_width (GtkColumnViewColumn *column,
                 GParamSpec          *pspec,
                 TurnoutMembersView  *self)
{
  if (self->settings == NULL || self->applying_settings)
    return;
  g_clear_handle_id (&self->save_widths_id, g_source_remove);
  self->save_widths_id = g_timeout_add (300, save_widths, self);
}

/* A column shown or hidden: kept for the next start. */
static void
on_column_visible (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   TurnoutMembersView  *self)
{
  g_autoptr(GStrvBuilder) hidden = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;

  self->placing = TRUE;
  place_column (self, column);
  self->placing = FALSE;
  if (self->settings == NULL || self->applying_settings)
    return;

  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    if (!gtk_column_view_column_get_visible (self->columns[i]))
      g_strv_builder_add (hidden, turnout_column_for_view (i)->key);
  keys = g_strv_builder_end (hidden);
  g_settings_set_strv (self->settings, "hidden-columns", (const char *const *) keys);
}

static void
setup_columns (TurnoutMembersView *self)
{
  memcpy (self->order, turnout_column_view_order (), sizeof self->order);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = NULL;
      const TurnoutColumnInfo *info = turnout_column_for_view (i);
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(info->title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, info->width);
      gtk_column_view_column_set_expand (column, (info->flags & TURNOUT_COLUMN_EXPAND) != 0);
      gtk_column_view_column_set_visible (column, (info->flags & TURNOUT_COLUMN_SHOWN) != 0);
      self->probes[i].self = self;
      self->probes[i].column = i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      self->columns[i] = column;
    }
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    if (gtk_column_view_column_get_visible (self->columns[self->order[i]]))
      gtk_column_view_append_column (self->members_view, self->columns[self->order[i]]);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      g_signal_connect_object (self->columns[i], "notify::visible", G_CALLBACK (on_column_visible), self, 0);
      g_signal_connect_object (self->columns[i], "notify::fixed-width", G_CALLBACK (on_column_width), self, 0);
    }
  g_signal_connect_object (gtk_column_view_get_columns (self->members_view), "items-changed",
                           G_CALLBACK (on_columns_changed), self, 0);

  g_signal_connect (gtk_column_view_get_sorter (self->members_view), "changed",
                    G_CALLBACK (on_sorter_changed), self);
  gtk_column_view_sort_by_column (self->members_view, self->columns[TURNOUT_MEMBER_COLUMN_NAME],
                                  GTK_SORT_ASCENDING);
}

/* Tells the model which positions are on screen, so that a search, a
 * filter or a sort updates those rows before the next frame and the rest
 * of the rows GTK keeps alive after it. Rows are all the same height.
 */
static void
update_view_range (TurnoutMembersView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->members_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  double upper = adjustment ? gtk_adjustment_get_upper (adjustment) : 0;
  double row_height;

  /* Rows that all fit say nothing of how many would: all on screen. */
  if (n == 0 || upper <= 0 || upper <= gtk_adjustment_get_page_size (adjustment))
    {
      turnout_member_list_set_view_range (self->members, 0, G_MAXUINT);
      return;
    }

  row_height = upper / n;
  turnout_member_list_set_view_range (self->members,
                                      (guint) (gtk_adjustment_get_value (adjustment) / row_height),
                                      (guint) (gtk_adjustment_get_page_size (adjustment) / row_height) + 2);
}

static void
on_vadjustment_notify (GObject            *view,
                       GParamSpec         *pspec,
                       TurnoutMembersView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->members_view));

  /* Followed once, whichever adjustment the view has now. */
  if (adjustment != self->view_adjustment)
    {
      if (self->view_adjustment != NULL)
        g_signal_handlers_disconnect_by_func (self->view_adjustment, update_view_range, self);
      g_set_object (&self->view_adjustment, adjustment);
      if (adjustment != NULL)
        {
          g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (update_view_range), self);
          g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (update_view_range), self);
        }
    }
  update_view_range (self);
}

static gboolean
update_stale_rows (gpointer data)
{
  TurnoutMembersView *self = data;

  self->stale_rows_id = 0;
  turnout_member_list_update_stale (self->members);
  return G_SOURCE_REMOVE;
}

/* The rows on screen are painted: now the others GTK keeps alive. */
static void
on_after_paint (GdkFrameClock      *clock,
                TurnoutMembersView *self)
{
  if (self->stale_rows_id == 0 && turnout_member_list_has_stale (self->members))
    self->stale_rows_id = g_idle_add (update_stale_rows, self);
}

static void
on_realize (GtkWidget          *widget,
            TurnoutMembersView *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (on_after_paint),
                           self, 0);
}

/* A new search, filter or sort shows its first rows. */
void
turnout_members_view_scroll_to_top (TurnoutMembersView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->members_view));

  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, 0);
}
static void
on_selection_changed (GtkSelectionModel  *model,
                      guint               position,
                      guint               n_items,
                      TurnoutMembersView *self)
{
  /* Read into members only when the positions are about to change. */
  if (!self->restoring)
    {
      self->selection_unread = TRUE;
      self->select_person_id = 0;
    }
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
on_rows_changing (TurnoutMemberList  *list,
                  TurnoutMembersView *self)
{
  if (self->selection_unread)
    read_selection (self);
}

static void
on_rows_changed (TurnoutMemberList  *list,
                 TurnoutMembersView *self)
{
  restore_selection (self);
  g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

TurnoutMemberList *
turnout_members_view_get_list (TurnoutMembersView *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), NULL);
  return self->members;
}

/* The view's model: the selection over the list. */
GtkSelectionModel *
turnout_members_view_get_selection (TurnoutMembersView *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

/* The order kept by key: the columns it names first, in its order, then
 * the others (new ones, or a setting from an older Turnout) in the
 * default order, each after the column it follows there.
 */
static void
read_order (TurnoutMembersView *self,
            const char *const  *keys)
{
  const TurnoutMemberColumn *defaults = turnout_column_view_order ();
  gboolean placed[TURNOUT_MEMBER_N_COLUMNS] = { FALSE };
  guint n = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      TurnoutMemberColumn which = turnout_column_view_from_key (keys[i]);

      if (which < TURNOUT_MEMBER_N_COLUMNS && !placed[which])
        {
          self->order[n++] = which;
          placed[which] = TRUE;
        }
    }
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      guint at = 0;

      if (placed[defaults[i]])
        continue;
      if (i > 0)
        for (at = 0; at < n && self->order[at] != defaults[i - 1]; at++)
          ;
      at = i > 0 && at < n ? at + 1 : 0;
      memmove (&self->order[at + 1], &self->order[at], (n - at) * sizeof self->order[0]);
      self->order[at] = defaults[i];
      placed[defaults[i]] = TRUE;
      n++;
    }
}

/* Where the columns shown are kept: they are shown as it says now, and
 * each change is written to it. */
void
turnout_members_view_set_settings (TurnoutMembersView *self,
                                   GSettings          *settings)
{
  g_auto(GStrv) hidden = NULL;
  g_auto(GStrv) order = NULL;
  g_autoptr(GVariant) widths = NULL;

  g_return_if_fail (TURNOUT_IS_MEMBERS_VIEW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  hidden = g_settings_get_strv (settings, "hidden-columns");
  order = g_settings_get_strv (settings, "column-order");
  widths = g_settings_get_value (settings, "column-widths");
  self->applying_settings = TRUE;
  read_order (self, (const char *const *) order);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      const TurnoutColumnInfo *info = turnout_column_for_view (i);
      int width;

      if (!g_variant_lookup (widths, info->key, "i", &width) || width < 20 || width > 2000)
        width = info->width;
      gtk_column_view_column_set_fixed_width (self->columns[i], width);
      gtk_column_view_column_set_visible (self->columns[i],
                                          !g_strv_contains ((const char *const *) hidden, info->key));
    }
  /* Every shown column again, in the order kept. */
  self->placing = TRUE;
  for (guint i = 0, position = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      GtkColumnViewColumn *column = self->columns[self->order[i]];

      if (gtk_column_view_column_get_visible (column))
        gtk_column_view_insert_column (self->members_view, position++, column);
    }
  self->placing = FALSE;
  self->applying_settings = FALSE;
}

/* One of the columns, shown or not. */
GtkColumnViewColumn *
turnout_members_view_get_column (TurnoutMembersView  *self,
                                 TurnoutMemberColumn  column)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), NULL);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, NULL);
  return self->columns[column];
}

/* The columns shown, as TurnoutMemberColumn, in the order shown. */
GArray *
turnout_members_view_dup_shown_columns (TurnoutMembersView *self)
{
  GListModel *columns;
  GArray *shown;

  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), NULL);

  columns = gtk_column_view_get_columns (self->members_view);
  shown = g_array_new (FALSE, FALSE, sizeof (TurnoutMemberColumn));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      TurnoutMemberColumn which = column_index (self, column);

      if (gtk_column_view_column_get_visible (column) && which < TURNOUT_MEMBER_N_COLUMNS)
        g_array_append_val (shown, which);
    }
  return shown;
}

/* For the actions that need them: the person ids of the selected
 * members, in the order shown. */
GArray *
turnout_members_view_dup_selected_person_ids (TurnoutMembersView *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), NULL);
  return selected_person_ids (self);
}

/**
 * turnout_members_view_get_selected_range:
 * @range: (out): the selected positions, in the table's terms
 *
 * When the selection is one run of positions of a list showing every row
 * of its table in one of its orders (Select All with no search), that
 * run, for its people to be read on another thread: a million of them
 * read here stalled the main loop.
 *
 * Returns: whether it is
 */
gboolean
turnout_members_view_get_selected_range (TurnoutMembersView *self,
                                         TurnoutMemberRange *range)
{
  g_autoptr(GtkBitset) set = NULL;
  guint first, count;

  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), FALSE);

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return selected_run (self, set, &first, &count) && count > 0 &&
         turnout_member_list_get_range (self->members, first, count, range);
}

/**
 * turnout_members_view_count_selected_statuses:
 * @counts: (array): one counter per status of the table's channel, by
 *   position, added to
 *
 * Counts the selected members by status. Returns how many are selected.
 */
guint
turnout_members_view_count_selected_statuses (TurnoutMembersView *self,
                                              guint              *counts)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBERS_VIEW (self), 0);
  return foreach_selected_row (self, count_status, counts);
}

/* Nobody selected any more, for a program newly shown. */
void
turnout_members_view_forget_selection (TurnoutMembersView *self)
{
  g_return_if_fail (TURNOUT_IS_MEMBERS_VIEW (self));
  forget_selection (self);
}

/* @person_id alone selected, now or once a table has them. */
void
turnout_members_view_select_person (TurnoutMembersView *self,
                                    gint64              person_id)
{
  g_return_if_fail (TURNOUT_IS_MEMBERS_VIEW (self));
  select_person (self, person_id);
}

/* Focus to the first control after (or before) @from that takes it,
 * skipping what is inside @from.
 */
static gboolean
focus_past (GtkWidget        *from,
            GtkDirectionType  direction)
{
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;

  for (GtkWidget *child = from, *parent = gtk_widget_get_parent (from); parent != NULL;
       child = parent, parent = gtk_widget_get_parent (parent))
    for (GtkWidget *next = forward ? gtk_widget_get_next_sibling (child) : gtk_widget_get_prev_sibling (child);
         next != NULL; next = forward ? gtk_widget_get_next_sibling (next) : gtk_widget_get_prev_sibling (next))
      if (gtk_widget_get_mapped (next) && gtk_widget_child_focus (next, direction))
        return TRUE;
  return FALSE;
}

/* Tab leaves the table for the next control (GTK 4.8's lists take it
 * row by row, through thousands of rows), and typing a letter in the
 * table starts a search with it, as the window's Ctrl+F would.
 */
static gboolean
on_view_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TurnoutMembersView    *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkRoot *root;
  GtkWidget *focus;
  char text[8] = { 0 };
  int position;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab)
    {
      if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
        return FALSE;
      return focus_past (GTK_WIDGET (self),
                         keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) ?
                         GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
    }

  if (c == 0 || !g_unichar_isgraph (c) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)))
    return FALSE;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.search", NULL))
    return FALSE;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !GTK_IS_EDITABLE (focus) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return FALSE;

  /* The letter goes after what is already searched for. */
  g_unichar_to_utf8 (c, text);
  position = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (focus)), -1);
  gtk_editable_select_region (GTK_EDITABLE (focus), position, position);
  gtk_editable_insert_text (GTK_EDITABLE (focus), text, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (focus), -1);
  return TRUE;
}

static gboolean
turnout_members_view_grab_focus (GtkWidget *widget)
{
  TurnoutMembersView *self = TURNOUT_MEMBERS_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->members_view));
}

static void
turnout_members_view_dispose (GObject *object)
{
  TurnoutMembersView *self = (TurnoutMembersView *) object;

  g_clear_handle_id (&self->stale_rows_id, g_source_remove);
  self->placing = TRUE;  /* the view lets its columns go: not a new order */
  /* A width the coordinator has just dragged is kept all the same. */
  if (self->save_widths_id != 0)
    {
      g_clear_handle_id (&self->save_widths_id, g_source_remove);
      save_widths (self);
    }
  if (self->view_adjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->view_adjustment, update_view_range, self);
  g_clear_object (&self->view_adjustment);
  if (self->members_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->members_view),
                                          on_sorter_changed, self);
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->selection, self);
      g_signal_handlers_disconnect_by_data (self->members, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_MEMBERS_VIEW);
  g_clear_object (&self->selection);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);

  G_OBJECT_CLASS (turnout_members_view_parent_class)->dispose (object);
}

static void
turnout_members_view_finalize (GObject *object)
{
  TurnoutMembersView *self = (TurnoutMembersView *) object;

  g_clear_object (&self->members);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->selected_table, turnout_member_table_unref);
  g_clear_pointer (&self->selected_rows, g_free);

  G_OBJECT_CLASS (turnout_members_view_parent_class)->finalize (object);
}

static void
turnout_members_view_class_init (TurnoutMembersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_members_view_dispose;
  object_class->finalize = turnout_members_view_finalize;
  widget_class->grab_focus = turnout_members_view_grab_focus;

  /**
   * TurnoutMembersView::selection-changed:
   *
   * The coordinator selected other members, or a reload selected the
   * same ones again.
   */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * TurnoutMembersView::rows-changed:
   *
   * The rows shown changed: a new table, search, filter or order.
   */
  signals[ROWS_CHANGED] = g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  turnout_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-members-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutMembersView, members_scroll);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMembersView, members_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
turnout_members_view_init (TurnoutMembersView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->members = turnout_member_list_new ();
  self->selection = turnout_member_selection_new (self->members);
  self->selected_rows = g_new0 (guint64, 1);
  gtk_column_view_set_model (self->members_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->members, "rows-changing", G_CALLBACK (on_rows_changing), self);
  g_signal_connect (self->members, "rows-changed", G_CALLBACK (on_rows_changed), self);
  g_signal_connect_object (self->members_view, "notify::vadjustment", G_CALLBACK (on_vadjustment_notify), self, 0);
  on_vadjustment_notify (G_OBJECT (self->members_view), NULL, self);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), self);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "turnout-table-keys");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_view_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->members_view), keys);
  setup_columns (self);
}
