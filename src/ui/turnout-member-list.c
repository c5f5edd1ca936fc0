/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-list.c: the members table's model.
 *
 * The visible rows are one array of row indices, rebuilt by walking the
 * chosen column's precomputed order and keeping the rows that pass the
 * status filter and the search.
 *
 * Items are made on demand, one per position asked for (in practice the
 * rows on screen), and stay that position's item while they live: when the
 * rows change, each live item is pointed at its position's new row and
 * emits "changed", and items-changed covers only the positions added or
 * removed at the end. GTK 4.8's list views destroy and rebuild every row
 * widget whose item is removed (about 200 ms for a screenful of eleven
 * columns), so a keystroke that replaced all items would cost that much;
 * this way the widgets stay and only their text is updated. The same
 * program's table read again (a reload, after a change of status) is such
 * a change too; only another program's table takes every item away.
 *
 * GTK 4.8's list views keep about 200 items alive around the rows on
 * screen. Once a view has said which positions it shows, only the items
 * there (plus a margin) are told at once; the others are marked stale and
 * told when the view calls turnout_member_list_update_stale() after its
 * next frame, so a keystroke pays for the rows a person sees and not for
 * seven screenfuls more.
 *
 * For the same reason a new table shown in an empty view is revealed in
 * two steps: the first FIRST_BATCH positions, whose row widgets the view
 * makes for the first frame, and the rest after that frame, when the view
 * calls turnout_member_list_update_stale(). Every other change shows all
 * positions at once.
 *
 * GTK 4.8's list views also make a row widget for every position among
 * the first 200 or so as soon as it exists, and destroy it as soon as it
 * is gone: about 0.3 ms a row for eleven columns. A search that narrows
 * the table to a handful of rows, or one that widens it again, would
 * spend 30 to 60 ms on rows off screen. So once a view has said what it
 * shows, positions are added or taken away a screenful at a time when
 * that makes or destroys rows: the rows on screen change before the next
 * frame, and the rest follows REVEAL_STEP positions a frame (as
 * turnout_member_list_update_stale() is called). Positions on their way
 * out are blank: their items show nobody (turnout_member_row_is_member()
 * is FALSE) and turnout_member_list_get_row() gives TURNOUT_MEMBER_ROW_NONE.
 * While nothing matches, a screenful of blank positions stays, so that
 * the rows are there when something matches again.
 *
 * Sorting a million rows takes a quarter of a second, so a new table is
 * not sorted before it is shown: until its order is computed in the
 * background, the first FIRST_BATCH rows are found without sorting (one
 * pass over the rows) and only those positions are shown. They are the
 * rows the sorted order starts with, so when it arrives they stay as they
 * are and the positions after them are added.
 */
#define G_LOG_DOMAIN "turnout-member-list"

#include "config.h"

#include <string.h>

#include "turnout-channel.h"
#include "turnout-fold.h"
#include "turnout-member-list.h"
#include "turnout-member-search.h"
#include "turnout-records.h"

/* Rows */

struct _TurnoutMemberRow
{
  GObject             parent_instance;
  TurnoutMemberList  *list;       /* not a reference; NULL once detached */
  guint               position;
  TurnoutMemberTable *table;
  guint               index;
  gboolean            stale;      /* index changed; "changed" not emitted yet */
};

G_DEFINE_FINAL_TYPE (TurnoutMemberRow, turnout_member_row, G_TYPE_OBJECT)

enum {
  ROW_CHANGED,
  N_ROW_SIGNALS
};

static guint row_signals[N_ROW_SIGNALS];

static void forget_row (TurnoutMemberList *list,
                        TurnoutMemberRow  *row);

static void
turnout_member_row_finalize (GObject *object)
{
  TurnoutMemberRow *self = (TurnoutMemberRow *) object;

  if (self->list != NULL)
    forget_row (self->list, self);
  g_clear_pointer (&self->table, turnout_member_table_unref);
  G_OBJECT_CLASS (turnout_member_row_parent_class)->finalize (object);
}

static void
turnout_member_row_class_init (TurnoutMemberRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = turnout_member_row_finalize;

  /* The item now shows another member: whoever shows it reads it again. */
  row_signals[ROW_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
turnout_member_row_init (TurnoutMemberRow *self)
{
}

TurnoutMemberTable *
turnout_member_row_get_table (TurnoutMemberRow *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), NULL);
  return self->table;
}

guint
turnout_member_row_get_index (TurnoutMemberRow *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), 0);
  return self->index;
}

/* FALSE for the blank item of a position on its way out. */
gboolean
turnout_member_row_is_member (TurnoutMemberRow *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), FALSE);
  return self->index != TURNOUT_MEMBER_ROW_NONE;
}

/* 0 for a blank item. */
gint64
turnout_member_row_get_person_id (TurnoutMemberRow *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), 0);
  if (self->index == TURNOUT_MEMBER_ROW_NONE)
    return 0;
  return turnout_member_table_get_person_id (self->table, self->index);
}

/* "" for a blank item. */
const char *
turnout_member_row_get_text (TurnoutMemberRow  *self,
                             TurnoutMemberText  text)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), NULL);
  if (self->index == TURNOUT_MEMBER_ROW_NONE)
    return "";
  return turnout_member_table_get_text (self->table, self->index, text);
}

/* NULL for a blank item. */
const char *
turnout_member_row_get_status_key (TurnoutMemberRow *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), NULL);
  if (self->index == TURNOUT_MEMBER_ROW_NONE)
    return NULL;
  return turnout_member_table_get_status_key (self->table, self->index);
}

char *
turnout_member_row_dup_name (TurnoutMemberRow *self)
{
  TurnoutPerson person = { 0 };

  g_return_val_if_fail (TURNOUT_IS_MEMBER_ROW (self), NULL);

  person.first_name = (char *) turnout_member_row_get_text (self, TURNOUT_MEMBER_TEXT_FIRST_NAME);
  person.last_name = (char *) turnout_member_row_get_text (self, TURNOUT_MEMBER_TEXT_LAST_NAME);
  person.email = (char *) turnout_member_row_get_text (self, TURNOUT_MEMBER_TEXT_EMAIL);
  return turnout_person_dup_display_name (&person);
}

/* The list */

struct _TurnoutMemberList
{
  GObject             parent_instance;
  TurnoutMemberTable *table;
  guint32            *visible;
  guint               n_visible;
  guint               n_known;        /* positions of visible[] in order: n_visible, or the first ones until sorted */
  guint               n_exposed;      /* positions the views know of: n_known, or fewer while revealing,
                                       * or more while blank ones go */
  char               *search;         /* folded; NULL: none */
  const guint8       *matches;        /* per row, when searching: searcher's */
  TurnoutMemberSearch *searcher;      /* the search as typed, over table */
  int                 status;         /* -1: every status */
  int                 sort_column;    /* -1: as loaded */
  gboolean            descending;
  GHashTable         *items;          /* position -> live TurnoutMemberRow, not referenced */
  int                 shown_column;   /* order of the rows shown; -1: as loaded, or only the first rows */
  int                 requested;      /* column whose order is being computed */
  guint               view_first;     /* positions on screen, as the view said */
  guint               view_n;
  gboolean            view_known;     /* a view said what it shows */
  guint               screen_rows;    /* positions added at once: those on screen, as the view said */
  gboolean            any_stale;
  gboolean            revealing;      /* a new table: FIRST_BATCH positions shown until the next frame */
  gboolean            retelling;      /* a reload: every live item is told, its row index the same or not */
  GCancellable       *preparing;      /* the orders of the table's other columns */
  gboolean            reloading;      /* the table is being read again: its other orders let go */
  gboolean            plain;          /* visible[] is every row, in plain_column's order */
  int                 plain_column;
  gboolean            plain_descending;
};

/* Positions shown first of a new table: a screenful on a tall screen. */
#define FIRST_BATCH 64

/* Rows beyond those the view said are on screen that are still told at
 * once, for a scroll or a resize since.
 */
#define VIEW_MARGIN 8

/* GTK 4.8's list views make a widget for each of this many positions
 * from the top: GTK_LIST_VIEW_MAX_LIST_ITEMS (200) after the anchor,
 * GTK_LIST_VIEW_EXTRA_ITEMS (2) more on either side of them, and the
 * anchor's own. Beyond them a position costs nothing; within them, one
 * taken away destroys a row and has every column measure its cells again.
 */
#define KEPT_ROWS 205

/* Positions added or taken away a frame while the rows on screen are
 * already right: about 10 ms of making or destroying row widgets.
 */
#define REVEAL_STEP 32

static void list_model_iface_init (GListModelInterface *iface);

enum {
  ROWS_CHANGING,
  ROWS_CHANGED,
  N_LIST_SIGNALS
};

static guint list_signals[N_LIST_SIGNALS];


G_DEFINE_FINAL_TYPE_WITH_CODE (TurnoutMemberList, turnout_member_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
turnout_member_list_get_item_type (GListModel *model)
{
  return TURNOUT_TYPE_MEMBER_ROW;
}

static guint
turnout_member_list_get_n_items (GListModel *model)
{
  return TURNOUT_MEMBER_LIST (model)->n_exposed;
}

static void
forget_row (TurnoutMemberList *self,
            TurnoutMemberRow  *row)
{
  if (g_hash_table_lookup (self->items, GUINT_TO_POINTER (row->position)) == row)
    g_hash_table_remove (self->items, GUINT_TO_POINTER (row->position));
}

/* Items of a table that is gone keep showing what they showed and are no
 * longer updated: the views drop them with the items-changed that follows.
 */
static void
detach_items (TurnoutMemberList *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    ((TurnoutMemberRow *) row)->list = NULL;
  g_hash_table_remove_all (self->items);
  self->any_stale = FALSE;
}

/* The table row shown at @position: TURNOUT_MEMBER_ROW_NONE past the rows
 * known, where positions on their way out are blank.
 */
static guint
row_at (TurnoutMemberList *self,
        guint              position)
{
  return position < self->n_known ? self->visible[position] : TURNOUT_MEMBER_ROW_NONE;
}

static gpointer
turnout_member_list_get_item (GListModel *model,
                              guint       position)
{
  TurnoutMemberList *self = TURNOUT_MEMBER_LIST (model);
  TurnoutMemberRow *row;

  if (position >= self->n_exposed)
    return NULL;

  row = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);

  row = g_object_new (TURNOUT_TYPE_MEMBER_ROW, NULL);
  row->list = self;
  row->position = position;
  row->table = turnout_member_table_ref (self->table);
  row->index = row_at (self, position);
  g_hash_table_insert (self->items, GUINT_TO_POINTER (position), row);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = turnout_member_list_get_item_type;
  iface->get_n_items = turnout_member_list_get_n_items;
  iface->get_item = turnout_member_list_get_item;
}

static void request_order (TurnoutMemberList *self,
                           int                column);
static void prepare_orders (TurnoutMemberList *self);

static gboolean
on_screen (TurnoutMemberList *self,
           guint              position)
{
  guint64 first = self->view_first > VIEW_MARGIN ? self->view_first - VIEW_MARGIN : 0;
  guint64 end = (guint64) self->view_first + self->view_n + VIEW_MARGIN;

  return position >= first && position < end;
}

/* Adds or takes away positions at the end; items beyond @n go. */
static void
set_exposed (TurnoutMemberList *self,
             guint              n)
{
  guint old_n = self->n_exposed;
  guint common = MIN (old_n, n);

  if (n == old_n)
    return;

  self->n_exposed = n;
  if (n < old_n)
    {
      GHashTableIter iter;
      gpointer row_pointer;

      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, NULL, &row_pointer))
        if (((TurnoutMemberRow *) row_pointer)->position >= n)
          {
            ((TurnoutMemberRow *) row_pointer)->list = NULL;
            g_hash_table_iter_remove (&iter);
          }
    }
  g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, n - common);
  g_signal_emit (self, list_signals[ROWS_CHANGED], 0);
}

/* Every row known, now; no blank positions. */
static void
reveal_all (TurnoutMemberList *self)
{
  self->revealing = FALSE;
  set_exposed (self, self->n_known);
}

/* The positions the list steps towards after each frame: every row
 * known; or, while nothing matches, a screenful of blank ones. The view
 * is hidden then (the window shows that nothing matches), and when
 * something matches again its rows are there: making a screenful of row
 * widgets at once would take a keystroke's frame and more.
 */
static guint
exposure_goal (TurnoutMemberList *self)
{
  if (self->n_known == 0 && self->view_known && self->table != NULL)
    return MIN (self->screen_rows, turnout_member_table_get_n_rows (self->table));
  return self->n_known;
}

/* After a frame: the next REVEAL_STEP positions to add or take away, or
 * all of them once the rest makes or destroys no row widgets.
 */
static void
step_exposure (TurnoutMemberList *self)
{
  guint goal = exposure_goal (self);
  guint n = self->n_exposed;

  self->revealing = FALSE;
  if (n < goal)
    n = n + REVEAL_STEP >= MIN (goal, KEPT_ROWS) ? goal : n + REVEAL_STEP;
  else if (n > goal)
    n = n - goal > REVEAL_STEP ? n - REVEAL_STEP : goal;
  set_exposed (self, n);
}

/* Emits "changed" on the stale items that @only_on_screen allows, and
 * with @only_on_screen FALSE reveals the positions not shown yet.
 */
static void
tell_stale_items (TurnoutMemberList *self,
                  gboolean           only_on_screen)
{
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer row_pointer;

  if (!self->any_stale)
    return;

  self->any_stale = FALSE;
  if (!only_on_screen && (self->revealing || self->n_exposed != exposure_goal (self)))
    step_exposure (self);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &row_pointer))
    {
      TurnoutMemberRow *row = row_pointer;

      if (!row->stale)
        continue;
      if (only_on_screen && !on_screen (self, row->position))
        self->any_stale = TRUE;
      else
        {
          row->stale = FALSE;
          g_ptr_array_add (told, g_object_ref (row));
        }
    }
  if (self->revealing || self->n_exposed != exposure_goal (self))
    self->any_stale = TRUE;
  for (guint i = 0; i < told->len; i++)
    g_signal_emit (g_ptr_array_index (told, i), row_signals[ROW_CHANGED], 0);
}

static void
refilter (TurnoutMemberList *self)
{
  guint old_n = self->n_exposed;
  guint n_rows = self->table ? turnout_member_table_get_n_rows (self->table) : 0;
  const guint32 *order = NULL;
  gboolean descending = self->descending;
  gboolean first_only = FALSE;
  guint n_blank = 0;
  guint n = 0;

  g_signal_emit (self, list_signals[ROWS_CHANGING], 0);

  /* An order not computed yet never blocks: the rows show in the order
   * they are in (the previous column's) and are sorted again as soon as
   * the background thread has it; a table never shown sorted shows only
   * its first rows until then.
   */
  if (self->table != NULL && self->sort_column >= 0)
    {
      order = turnout_member_table_peek_order (self->table, self->sort_column);
      if (order != NULL)
        self->shown_column = self->sort_column;
      else
        {
          request_order (self, self->sort_column);
          if (self->shown_column >= 0)
            order = turnout_member_table_peek_order (self->table, self->shown_column);
          else
            first_only = TRUE;
          descending = FALSE;
        }
    }

  if (order != NULL)
    n_blank = turnout_member_table_get_n_blank (self->table, self->shown_column);

  /* Descending reverses the rows with something to show; those without
   * stay last either way.
   */
  for (guint i = 0; i < n_rows; i++)
    {
      guint row = turnout_member_order_row (order, n_rows, n_blank, descending, i);

      if (self->status >= 0 && turnout_member_table_get_status (self->table, row) != (guint) self->status)
        continue;
      if (self->matches != NULL && !self->matches[row])
        continue;
      self->visible[n++] = row;
    }
  self->n_visible = n;
  self->n_known = n;
  self->plain = !first_only && n == n_rows && self->table != NULL;
  self->plain_column = order != NULL ? self->shown_column : -1;
  self->plain_descending = descending;

  if (first_only)
    {
      guint32 first[FIRST_BATCH];

      self->n_known = turnout_member_table_find_first (self->table, self->sort_column, self->descending,
                                                       self->visible, n, first, FIRST_BATCH);
      memcpy (self->visible, first, self->n_known * sizeof (guint32));
      n = self->n_known;
    }

  /* Still revealing: another change before the first frame (the sort
   * order arriving, a keystroke) keeps to the first batch. Only the first
   * rows known: the rest comes with the order, and if that comes before
   * the first frame, after it.
   */
  if (self->revealing && n > FIRST_BATCH)
    {
      n = FIRST_BATCH;
      self->any_stale = TRUE;
    }
  else if (self->revealing && self->n_known < self->n_visible)
    self->any_stale = TRUE;
  else
    {
      self->revealing = FALSE;

      /* Row widgets GTK would make or destroy at once: a screenful now,
       * the rest after the frame.
       */
      if (self->view_known && n > old_n && old_n < KEPT_ROWS && n > MAX (old_n, self->screen_rows))
        {
          n = MAX (old_n, self->screen_rows);
          self->any_stale = TRUE;
        }
      else if (self->view_known && n < old_n && (n == 0 || MIN (old_n, KEPT_ROWS) > n + REVEAL_STEP))
        {
          n = MIN (old_n, KEPT_ROWS);
          self->any_stale = TRUE;
        }
    }
  self->n_exposed = n;

  /* Live items take their position's new row; of the positions only
   * those beyond the shorter of the two lists are added or removed.
   */
  {
    GHashTableIter iter;
    gpointer row_pointer;
    g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

    g_hash_table_iter_init (&iter, self->items);
    while (g_hash_table_iter_next (&iter, NULL, &row_pointer))
      {
        TurnoutMemberRow *row = row_pointer;

        if (row->position >= n)
          {
            row->list = NULL;
            g_hash_table_iter_remove (&iter);
          }
        else if (self->retelling || row->index != row_at (self, row->position))
          {
            row->index = row_at (self, row->position);
            if (on_screen (self, row->position))
              {
                row->stale = FALSE;
                g_ptr_array_add (changed, g_object_ref (row));
              }
            else
              self->any_stale = row->stale = TRUE;
          }
      }
    self->retelling = FALSE;
    for (guint i = 0; i < changed->len; i++)
      g_signal_emit (g_ptr_array_index (changed, i), row_signals[ROW_CHANGED], 0);
  }

  if (old_n != n)
    g_list_model_items_changed (G_LIST_MODEL (self), MIN (old_n, n), old_n - MIN (old_n, n), n - MIN (old_n, n));

  g_signal_emit (self, list_signals[ROWS_CHANGED], 0);
}

static void
compute_order_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  TurnoutMemberList *self = source;
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "column"));

  turnout_member_table_get_order (task_data, column);
  g_task_return_boolean (task, TRUE);
  (void) self;
}

static void
order_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TurnoutMemberList *self = TURNOUT_MEMBER_LIST (object);
  TurnoutMemberTable *table = g_task_get_task_data (G_TASK (result));
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "column"));

  if (self->requested == column)
    self->requested = -1;
  if (table != self->table)
    return;
  if (column == self->sort_column && self->shown_column != column)
    refilter (self);
  prepare_orders (self);
}

static void
request_order (TurnoutMemberList *self,
               int                column)
{
  g_autoptr(GTask) task = NULL;

  if (self->requested == column)
    return;

  self->requested = column;
  task = g_task_new (self, NULL, order_ready_cb, NULL);
  g_task_set_source_tag (task, request_order);
  g_task_set_task_data (task, turnout_member_table_ref (self->table),
                        (GDestroyNotify) turnout_member_table_unref);
  g_object_set_data (G_OBJECT (task), "column", GINT_TO_POINTER (column));
  g_task_run_in_thread (task, compute_order_thread);
}

/* A key typed at the end of the search looks again only at what
 * matched before it (turnout_member_search_run()).
 */
static void
rematch (TurnoutMemberList *self)
{
  self->matches = NULL;

  if (self->table == NULL || self->search == NULL)
    return;

  if (self->searcher == NULL)
    self->searcher = turnout_member_search_new (self->table);
  self->matches = turnout_member_search_run (self->searcher, self->search);
}

static void
prepare_orders_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  for (guint column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    {
      /* Another table is shown: its orders wait no longer for these. */
      if (g_cancellable_is_cancelled (cancellable))
        break;
      turnout_member_table_get_order (task_data, column);
    }
  g_task_return_boolean (task, TRUE);
}

/* Sort orders for every column are ready before anyone clicks a header;
 * a click before then waits for just that column. Started once the
 * column shown is sorted, which they would slow down.
 */
static void
prepare_orders (TurnoutMemberList *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->preparing != NULL || self->reloading)
    return;

  self->preparing = g_cancellable_new ();
  task = g_task_new (NULL, self->preparing, NULL, NULL);
  g_task_set_source_tag (task, prepare_orders);
  g_task_set_task_data (task, turnout_member_table_ref (self->table),
                        (GDestroyNotify) turnout_member_table_unref);
  g_task_run_in_thread (task, prepare_orders_thread);
}

static void
stop_preparing (TurnoutMemberList *self)
{
  if (self->preparing != NULL)
    g_cancellable_cancel (self->preparing);
  g_clear_object (&self->preparing);
}

void
turnout_member_list_set_table (TurnoutMemberList  *self,
                               TurnoutMemberTable *table)
{
  guint old_n;
  gboolean reload;

  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));

  if (table == self->table)
    return;

  reload = table != NULL && self->table != NULL &&
           turnout_member_table_get_program_id (table) == turnout_member_table_get_program_id (self->table);
  self->reloading = FALSE;
  if (table != NULL)
    turnout_member_table_ref (table);
  stop_preparing (self);
  g_signal_emit (self, list_signals[ROWS_CHANGING], 0);

  if (reload)
    {
      GHashTableIter iter;
      gpointer row_pointer;

      /* The same program read again, after a change: mostly the same
       * people, in the same rows. The items stay and take the new
       * table's rows as in any change of the rows shown, every one of
       * them told (its row's text may have changed with its index the
       * same), so the views keep their row widgets and their scroll
       * position. Taking every item away, as for another table, has GTK
       * 4.8 destroy the 200 rows it keeps at once and make them again:
       * about 150 ms at once for eleven columns.
       */
      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, NULL, &row_pointer))
        {
          TurnoutMemberRow *row = row_pointer;

          turnout_member_table_unref (row->table);
          row->table = turnout_member_table_ref (table);
        }
      self->retelling = TRUE;
    }
  else
    {
      /* Another table: every item goes, as two changes (all gone, all
       * new). One change replacing everything makes GTK 4.8's list
       * views look for their rows among every new item, an O(n) walk.
       */
      old_n = self->n_exposed;
      detach_items (self);
      self->n_visible = 0;
      self->n_known = 0;
      self->n_exposed = 0;
      self->plain = FALSE;
      if (old_n != 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      self->revealing = self->view_known;
    }

  g_clear_pointer (&self->searcher, turnout_member_search_free);
  self->matches = NULL;
  g_clear_pointer (&self->table, turnout_member_table_unref);
  self->table = table;
  self->shown_column = -1;
  self->requested = -1;
  g_free (self->visible);
  self->visible = g_new (guint32, table ? MAX (1, turnout_member_table_get_n_rows (table)) : 1);

  if (self->table != NULL && self->status >= (int) turnout_channel_get_n_statuses (turnout_member_table_get_channel (table)))
    self->status = -1;

  rematch (self);
  refilter (self);
  if (self->table != NULL && !turnout_member_list_is_sorting (self))
    prepare_orders (self);
}

/**
 * turnout_member_list_set_reloading:
 *
 * While the table shown is read again (after a change), it stops making
 * the orders of columns not shown and lets go of those it has: the new
 * table is made while this one is still shown, and at a million rows
 * they are 68 MB of it. A header clicked meanwhile sorts as before, its
 * order computed then. Ends with the new table, or with %FALSE when the
 * reload failed.
 */
void
turnout_member_list_set_reloading (TurnoutMemberList *self,
                                   gboolean           reloading)
{
  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));

  self->reloading = reloading && self->table != NULL;
  if (!self->reloading)
    {
      if (self->table != NULL && !turnout_member_list_is_sorting (self))
        prepare_orders (self);
      return;
    }
  stop_preparing (self);
  turnout_member_table_trim_orders (self->table, self->sort_column, self->shown_column);
}

TurnoutMemberTable *
turnout_member_list_get_table (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), NULL);
  return self->table;
}

void
turnout_member_list_set_search (TurnoutMemberList *self,
                                const char        *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped != '\0')
    folded = turnout_fold_for_search (stripped);

  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  rematch (self);
  refilter (self);
}

const char *
turnout_member_list_get_search (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), NULL);
  return self->search;
}

void
turnout_member_list_set_status_filter (TurnoutMemberList *self,
                                       int                status)
{
  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));

  if (status < -1)
    status = -1;
  if (status == self->status)
    return;

  self->status = status;
  refilter (self);
}

int
turnout_member_list_get_status_filter (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), -1);
  return self->status;
}

void
turnout_member_list_set_sort (TurnoutMemberList *self,
                              int                column,
                              gboolean           descending)
{
  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));
  g_return_if_fail (column >= -1 && column < TURNOUT_MEMBER_N_COLUMNS);

  descending = !!descending;
  if (column == self->sort_column && descending == self->descending)
    return;

  self->sort_column = column;
  self->descending = descending;
  refilter (self);
}

int
turnout_member_list_get_sort_column (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), -1);
  return self->sort_column;
}

gboolean
turnout_member_list_get_sort_descending (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), FALSE);
  return self->descending;
}

/* TRUE while the rows wait for their column's order to be computed. */
gboolean
turnout_member_list_is_sorting (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), FALSE);
  return self->table != NULL && self->sort_column >= 0 && self->shown_column != self->sort_column;
}

/* The table row at @position, or TURNOUT_MEMBER_ROW_NONE for a blank
 * position on its way out.
 */
guint
turnout_member_list_get_row (TurnoutMemberList *self,
                             guint              position)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), 0);
  g_return_val_if_fail (position < self->n_exposed, TURNOUT_MEMBER_ROW_NONE);
  return row_at (self, position);
}

/**
 * turnout_member_list_get_n_matching:
 *
 * Returns: how many rows pass the search and the filter, which while a new
 *   table is being revealed is more than the model's items
 */
guint
turnout_member_list_get_n_matching (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), 0);
  return self->n_visible;
}

/* Sorts the rows now rather than wait for the background thread. */
static void
know_all (TurnoutMemberList *self)
{
  turnout_member_table_get_order (self->table, self->sort_column);
  refilter (self);
}

/* A position to select or scroll to is one the views know of. */
int
turnout_member_list_find_person (TurnoutMemberList *self,
                                 gint64             person_id)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), -1);

  for (guint i = 0; i < self->n_known; i++)
    if (turnout_member_table_get_person_id (self->table, self->visible[i]) == person_id)
      {
        if (i >= self->n_exposed)
          reveal_all (self);
        return (int) i;
      }

  /* Only the first rows are known yet: this one needs the whole order. */
  if (self->n_known < self->n_visible)
    {
      know_all (self);
      return turnout_member_list_find_person (self, person_id);
    }
  return -1;
}

/**
 * turnout_member_list_show_all:
 *
 * Makes every row that passes the search and the filter a position the
 * views know of, and only those, as before selecting them all: while a
 * new table's order is computed only its first rows are, while positions
 * are added a step a frame only some, and while they are taken away some
 * are blank.
 */
void
turnout_member_list_show_all (TurnoutMemberList *self)
{
  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));

  if (self->n_known < self->n_visible)
    know_all (self);
  if (self->n_exposed != self->n_known)
    reveal_all (self);
}

/**
 * turnout_member_list_peek_rows:
 * @n_rows: (out): how many positions from the first have a row
 *
 * For walking many positions at once: the table row at each position
 * from the first, as turnout_member_list_get_row() gives it, until the
 * rows end or the blank positions begin. Valid until the rows change.
 */
const guint32 *
turnout_member_list_peek_rows (TurnoutMemberList *self,
                               guint             *n_rows)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = MIN (self->n_known, self->n_exposed);
  return self->visible;
}

/**
 * turnout_member_list_get_range:
 * @first: the first position
 * @n: how many
 * @range: (out): those positions, in the table's terms
 *
 * For reading many positions' rows away from the list, which may change
 * meanwhile: when the list shows every row of its table in one of the
 * table's orders (no search, no status chosen, the order computed), the
 * positions as a #TurnoutMemberRange (its table not referenced).
 *
 * Returns: whether it does, and @first and @n are positions it has
 */
gboolean
turnout_member_list_get_range (TurnoutMemberList  *self,
                               guint               first,
                               guint               n,
                               TurnoutMemberRange *range)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), FALSE);
  g_return_val_if_fail (range != NULL, FALSE);

  if (!self->plain || first > self->n_known || n > self->n_known - first)
    return FALSE;
  *range = (TurnoutMemberRange) { self->table, self->plain_column, self->plain_descending, first, n };
  return TRUE;
}

static void
turnout_member_list_finalize (GObject *object)
{
  TurnoutMemberList *self = (TurnoutMemberList *) object;

  stop_preparing (self);
  g_clear_pointer (&self->table, turnout_member_table_unref);
  g_clear_pointer (&self->visible, g_free);
  g_clear_pointer (&self->search, g_free);
  self->matches = NULL;
  g_clear_pointer (&self->searcher, turnout_member_search_free);
  detach_items (self);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (turnout_member_list_parent_class)->finalize (object);
}

static void
turnout_member_list_class_init (TurnoutMemberListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = turnout_member_list_finalize;

  /* Before the positions may be given other rows (or taken away), so
   * that whoever keeps something by position can read it one last time.
   */
  list_signals[ROWS_CHANGING] =
    g_signal_new ("rows-changing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* After every change of the rows shown, also when their number stayed
   * the same and no items-changed was emitted (positions now show other
   * members): a selection by position needs redoing then.
   */
  list_signals[ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
turnout_member_list_init (TurnoutMemberList *self)
{
  self->status = -1;
  self->sort_column = TURNOUT_MEMBER_COLUMN_NAME;
  self->shown_column = -1;
  self->requested = -1;
  self->items = g_hash_table_new (NULL, NULL);
  self->view_n = G_MAXUINT;
  self->screen_rows = FIRST_BATCH;
}

/**
 * turnout_member_list_set_view_range:
 * @first: the first position on screen
 * @n: how many positions are on screen; G_MAXUINT (the default) for all
 *
 * Says which positions a view shows, so that when the rows change the
 * items at those positions are updated at once and the others when the
 * view calls turnout_member_list_update_stale(). A stale item that comes
 * on screen is updated at once.
 */
void
turnout_member_list_set_view_range (TurnoutMemberList *self,
                                    guint              first,
                                    guint              n)
{
  g_return_if_fail (TURNOUT_IS_MEMBER_LIST (self));

  self->view_first = first;
  self->view_n = n;
  self->view_known = TRUE;
  if (n != G_MAXUINT)
    self->screen_rows = CLAMP (n, 1, FIRST_BATCH);
  tell_stale_items (self, TRUE);
}

/**
 * turnout_member_list_update_stale:
 *
 * Updates the items off screen whose rows changed, as a view does once it
 * has painted the rows on screen.
 *
 * Returns: whether there were any
 */
gboolean
turnout_member_list_update_stale (TurnoutMemberList *self)
{
  gboolean any;

  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), FALSE);

  any = self->any_stale;
  tell_stale_items (self, FALSE);
  return any;
}

gboolean
turnout_member_list_has_stale (TurnoutMemberList *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (self), FALSE);
  return self->any_stale;
}

TurnoutMemberList *
turnout_member_list_new (void)
{
  return g_object_new (TURNOUT_TYPE_MEMBER_LIST, NULL);
}
