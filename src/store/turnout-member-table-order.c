/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-table-order.c: the members table's rows in a column's
 * order.
 *
 * Each distinct text gets a rank once (a sort of the distinct texts), so
 * that sorting rows compares integers; each column's order is computed
 * once and kept, and the first screenful of an order can be found before
 * the whole order is. What a column sorts by, and which of its rows are
 * blank, is in its entry in turnout-columns.c.
 */
#define G_LOG_DOMAIN "turnout-member-table"

#include "config.h"

#include <string.h>

#include "turnout-columns.h"
#include "turnout-member-table-private.h"

/* The order of the ranks, compared without them. A total order: the same
 * text twice (e-mail addresses are not interned) goes by id, so that the
 * ranks and compare_rows () agree on every pair.
 */
static int
compare_texts (TurnoutMemberTable *self,
               guint32             ia,
               guint32             ib)
{
  int cmp;

  if (ia == ib)
    return 0;
  /* The empty text sorts last, so blanks do not crowd the top. */
  if ((ia == 0) != (ib == 0))
    return ia == 0 ? 1 : -1;
  cmp = strcmp (_turnout_member_table_folded_text (self, ia),
                _turnout_member_table_folded_text (self, ib));
  if (cmp != 0)
    return cmp;
  cmp = strcmp (g_ptr_array_index (self->strings, ia), g_ptr_array_index (self->strings, ib));
  if (cmp != 0)
    return cmp;
  return ia < ib ? -1 : 1;
}

static int
compare_string_ids (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_texts (user_data, *(const guint32 *) a, *(const guint32 *) b);
}

static void
ensure_ranks (TurnoutMemberTable *self)
{
  guint n = self->strings->len;
  g_autofree guint32 *ids = g_new (guint32, n);

  if (self->ranks != NULL)
    return;

  for (guint i = 0; i < n; i++)
    ids[i] = i;
  g_qsort_with_data (ids, n, sizeof (guint32), compare_string_ids, self);

  self->ranks = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    self->ranks[ids[i]] = i;
}

typedef struct
{
  guint64 k1;
  guint64 k2;
  guint32 row;
} SortKey;

static inline gboolean
key_before (const SortKey *ka,
            const SortKey *kb)
{
  if (ka->k1 != kb->k1)
    return ka->k1 < kb->k1;
  if (ka->k2 != kb->k2)
    return ka->k2 < kb->k2;
  return ka->row < kb->row;
}

static inline void
swap_keys (SortKey *a,
           SortKey *b)
{
  SortKey t = *a;

  *a = *b;
  *b = t;
}

static void
sift_down (SortKey *keys,
           gsize    at,
           gsize    n)
{
  for (;;)
    {
      gsize child = 2 * at + 1;

      if (child >= n)
        return;
      if (child + 1 < n && key_before (&keys[child], &keys[child + 1]))
        child++;
      if (!key_before (&keys[at], &keys[child]))
        return;
      swap_keys (&keys[at], &keys[child]);
      at = child;
    }
}

/* Sorts @keys in place: the keys of a million rows are 24 MB, and
 * g_qsort_with_data () (a merge sort) took as much again for a moment,
 * while a reload's table is made beside the one shown. An introsort: a
 * quicksort on the median of three, a heap sort where it goes too deep,
 * short runs by insertion. Keys are never equal (the row decides last).
 */
static void
sort_keys (SortKey *keys,
           gsize    n,
           guint    depth)
{
  while (n > 16)
    {
      SortKey *mid = &keys[n / 2];
      SortKey *last = &keys[n - 1];
      gsize i, j;

      if (depth-- == 0)
        {
          for (gsize at = n / 2; at-- > 0;)
            sift_down (keys, at, n);
          for (gsize end = n - 1; end > 0; end--)
            {
              swap_keys (&keys[0], &keys[end]);
              sift_down (keys, 0, end);
            }
          return;
        }

      /* The median of the first, middle and last to the front: the pivot. */
      if (key_before (mid, &keys[0]))
        swap_keys (mid, &keys[0]);
      if (key_before (last, &keys[0]))
        swap_keys (last, &keys[0]);
      if (key_before (last, mid))
        swap_keys (last, mid);
      swap_keys (&keys[0], mid);

      /* Hoare's partition around keys[0]. */
      i = 0;
      j = n;
      for (;;)
        {
          do
            i++;
          while (i < n && key_before (&keys[i], &keys[0]));
          do
            j--;
          while (key_before (&keys[0], &keys[j]));
          if (i >= j)
            break;
          swap_keys (&keys[i], &keys[j]);
        }
      swap_keys (&keys[0], &keys[j]);

      /* The smaller side by recursion, the larger by the loop. */
      if (j < n - j - 1)
        {
          sort_keys (keys, j, depth);
          keys += j + 1;
          n -= j + 1;
        }
      else
        {
          sort_keys (keys + j + 1, n - j - 1, depth);
          n = j;
        }
    }

  for (gsize i = 1; i < n; i++)
    {
      SortKey key = keys[i];
      gsize at = i;

      for (; at > 0 && key_before (&key, &keys[at - 1]); at--)
        keys[at] = keys[at - 1];
      keys[at] = key;
    }
}

void
_turnout_member_table_sort_rows (const guint64 *k1,
                                 guint          n,
                                 guint          depth,
                                 guint32       *rows)
{
  g_autofree SortKey *keys = g_new (SortKey, MAX (1, n));

  for (guint row = 0; row < n; row++)
    keys[row] = (SortKey) { k1[row], 0, row };
  sort_keys (keys, n, depth);
  for (guint i = 0; i < n; i++)
    rows[i] = keys[i].row;
}

/* Whether @row has nothing to show in @info's column: such rows come
 * last, whichever way the column is sorted.
 */
static inline gboolean
is_blank (TurnoutMemberTable      *self,
          const TurnoutColumnInfo *info,
          guint                    row)
{
  return info->is_blank != NULL && info->is_blank (self, row);
}

/* A column's order: by the column, rows with nothing to show in it last;
 * then by last and first name (by e-mail for the name column itself);
 * then by row.
 */
static guint32 *
compute_order (TurnoutMemberTable  *self,
               TurnoutMemberColumn  column,
               guint               *n_blank_out)
{
  const TurnoutColumnInfo *info = turnout_column_for_view (column);
  guint n_blank = 0;
  int text = info->text;
  g_autofree SortKey *keys = g_new (SortKey, MAX (1, self->n_rows));
  guint32 *order = _turnout_member_table_order_new (self);   /* never NULL: NULL means not computed */
  const guint32 *r = self->ranks;

  for (guint row = 0; row < self->n_rows; row++)
    {
      SortKey *k = &keys[row];
      guint64 name = ((guint64) r[self->texts[TURNOUT_MEMBER_TEXT_LAST_NAME][row]] << 32)
                     | r[self->texts[TURNOUT_MEMBER_TEXT_FIRST_NAME][row]];

      k->row = row;
      k->k2 = name;
      if (column == TURNOUT_MEMBER_COLUMN_NAME)
        {
          k->k1 = name;
          k->k2 = r[self->texts[TURNOUT_MEMBER_TEXT_EMAIL][row]];
        }
      else if (is_blank (self, info, row))
        {
          k->k1 = G_MAXUINT64;
          n_blank++;
        }
      else if (text >= 0)
        k->k1 = r[self->texts[text][row]];
      else
        k->k1 = info->sort_key (self, row);
    }

  sort_keys (keys, self->n_rows, 2 * g_bit_storage (self->n_rows));
  for (guint i = 0; i < self->n_rows; i++)
    order[i] = keys[i].row;

  *n_blank_out = n_blank;
  return order;
}

/* Rows @a and @b in @column's order, as compute_order () sorts them, but
 * from the texts rather than the ranks, which take a sort of every
 * distinct text to make.
 */
static int
compare_rows (TurnoutMemberTable      *self,
              const TurnoutColumnInfo *info,
              guint                    a,
              guint                    b)
{
  guint32 *const *t = self->texts;
  int cmp = 0;

  if (info->view != TURNOUT_MEMBER_COLUMN_NAME)
    {
      gboolean blank_a = is_blank (self, info, a);
      gboolean blank_b = is_blank (self, info, b);
      int text = info->text;

      if (blank_a != blank_b)
        return blank_a ? 1 : -1;
      if (!blank_a && text >= 0)
        cmp = compare_texts (self, t[text][a], t[text][b]);
      else if (!blank_a)
        {
          guint64 ka = info->sort_key (self, a);
          guint64 kb = info->sort_key (self, b);

          cmp = ka < kb ? -1 : ka > kb;
        }
      if (cmp != 0)
        return cmp;
    }

  cmp = compare_texts (self, t[TURNOUT_MEMBER_TEXT_LAST_NAME][a], t[TURNOUT_MEMBER_TEXT_LAST_NAME][b]);
  if (cmp == 0)
    cmp = compare_texts (self, t[TURNOUT_MEMBER_TEXT_FIRST_NAME][a], t[TURNOUT_MEMBER_TEXT_FIRST_NAME][b]);
  if (cmp == 0 && info->view == TURNOUT_MEMBER_COLUMN_NAME)
    cmp = compare_texts (self, t[TURNOUT_MEMBER_TEXT_EMAIL][a], t[TURNOUT_MEMBER_TEXT_EMAIL][b]);
  if (cmp != 0)
    return cmp;
  return a < b ? -1 : a > b;
}

typedef struct
{
  TurnoutMemberTable      *table;
  const TurnoutColumnInfo *info;
  gboolean                 descending;
} ShownOrder;

/* As the list shows the order: descending reverses the rows with
 * something to show, and those without stay last, ascending.
 */
static int
compare_shown (const ShownOrder *shown,
               guint             a,
               guint             b)
{
  if (shown->descending)
    {
      gboolean blank_a = is_blank (shown->table, shown->info, a);
      gboolean blank_b = is_blank (shown->table, shown->info, b);

      if (blank_a != blank_b)
        return blank_a ? 1 : -1;
      if (!blank_a)
        return compare_rows (shown->table, shown->info, b, a);
    }
  return compare_rows (shown->table, shown->info, a, b);
}

static int
compare_shown_rows (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_shown (user_data, *(const guint32 *) a, *(const guint32 *) b);
}

/**
 * turnout_member_table_find_first:
 * @rows: (array length=n_rows): row indices to choose from
 * @first: (out caller-allocates) (array length=n_first): where to put them
 *
 * Finds the first @n_first of @rows in @column's order, as they will be
 * once the whole order is computed (and reversed for @descending, blanks
 * still last), in one pass over @rows rather than a sort: the first
 * screenful can be shown while the order is still being computed.
 *
 * Returns: how many were put in @first: @n_first, or @n_rows if fewer
 */
guint
turnout_member_table_find_first (TurnoutMemberTable  *self,
                                 TurnoutMemberColumn  column,
                                 gboolean             descending,
                                 const guint32       *rows,
                                 guint                n_rows,
                                 guint32             *first,
                                 guint                n_first)
{
  ShownOrder shown = { self, NULL, !!descending };
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, 0);

  shown.info = turnout_column_for_view (column);
  if (n_first == 0)
    return 0;

  /* first[] is a heap whose top, first[0], is the last of those found so
   * far: a row before it takes its place.
   */
  for (guint i = 0; i < n_rows; i++)
    {
      guint32 row = rows[i];
      guint at;

      if (n < n_first)
        {
          /* Sift up. */
          at = n++;
          while (at > 0 && compare_shown (&shown, first[(at - 1) / 2], row) < 0)
            {
              first[at] = first[(at - 1) / 2];
              at = (at - 1) / 2;
            }
          first[at] = row;
          continue;
        }
      if (compare_shown (&shown, row, first[0]) >= 0)
        continue;

      /* Sift down from the top. */
      at = 0;
      for (;;)
        {
          guint child = 2 * at + 1;

          if (child >= n)
            break;
          if (child + 1 < n && compare_shown (&shown, first[child + 1], first[child]) > 0)
            child++;
          if (compare_shown (&shown, first[child], row) <= 0)
            break;
          first[at] = first[child];
          at = child;
        }
      first[at] = row;
    }

  g_qsort_with_data (first, n, sizeof (guint32), compare_shown_rows, &shown);
  return n;
}

const guint32 *
turnout_member_table_get_order (TurnoutMemberTable  *self,
                                TurnoutMemberColumn  column)
{
  const guint32 *order;
  guint32 *computed;
  guint n_blank;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, NULL);

  order = g_atomic_pointer_get (&self->orders[column]);
  if (order != NULL)
    return order;

  g_mutex_lock (&self->order_lock);
  ensure_ranks (self);

  /* A column another thread is computing is waited for rather than
   * computed twice (about 0.1 s and 28 MB more at a million rows, as when
   * the main thread asks for the column the background thread is on).
   */
  while (self->computing[column])
    g_cond_wait (&self->order_done, &self->order_lock);
  order = g_atomic_pointer_get (&self->orders[column]);
  if (order != NULL)
    {
      g_mutex_unlock (&self->order_lock);
      return order;
    }
  self->computing[column] = TRUE;
  g_mutex_unlock (&self->order_lock);

  /* Computed outside the lock, so a column asked for now never waits for
   * the background thread to finish the others. The count is written
   * before the order is published, and read after it is seen.
   */
  computed = compute_order (self, column, &n_blank);

  g_mutex_lock (&self->order_lock);
  self->n_blank[column] = n_blank;
  g_atomic_pointer_set (&self->orders[column], computed);
  self->computing[column] = FALSE;
  g_cond_broadcast (&self->order_done);
  g_mutex_unlock (&self->order_lock);

  return computed;
}

const guint32 *
turnout_member_table_peek_order (TurnoutMemberTable  *self,
                                 TurnoutMemberColumn  column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, NULL);

  return g_atomic_pointer_get (&self->orders[column]);
}

/**
 * turnout_member_table_get_range_person_ids:
 * @range: positions in one of the table's orders; its table is @self
 * @ids: (out caller-allocates) (array length=range->n): each one's person
 *
 * The people at @range's positions, in their order, from any thread: a
 * change of a million members selected in the window reads them on the
 * store's thread, where the main loop stalled on the new array's pages.
 * The order is held while read; one let go meanwhile (the list's table
 * being reloaded after a new sort) is computed again.
 *
 * Returns: %FALSE when @range is not the table's (nothing written)
 */
gboolean
turnout_member_table_get_range_person_ids (TurnoutMemberTable       *self,
                                           const TurnoutMemberRange *range,
                                           gint64                   *ids)
{
  const guint32 *order = NULL;
  guint n_blank = 0;

  g_return_val_if_fail (self != NULL && range != NULL && range->table == self, FALSE);
  g_return_val_if_fail (range->column < TURNOUT_MEMBER_N_COLUMNS, FALSE);
  g_return_val_if_fail (range->first <= self->n_rows && range->n <= self->n_rows - range->first, FALSE);

  for (;;)
    {
      if (range->column >= 0)
        turnout_member_table_get_order (self, range->column);
      g_mutex_lock (&self->order_lock);
      if (range->column < 0)
        break;
      order = g_atomic_pointer_get (&self->orders[range->column]);
      n_blank = self->n_blank[range->column];
      if (order != NULL && !self->computing[range->column])
        break;
      g_mutex_unlock (&self->order_lock);
    }
  for (guint i = 0; i < range->n; i++)
    ids[i] = self->person_ids[turnout_member_order_row (order, self->n_rows, n_blank, range->descending,
                                                       range->first + i)];
  g_mutex_unlock (&self->order_lock);
  return TRUE;
}

/**
 * turnout_member_table_get_n_blank:
 *
 * Returns: how many rows at the end of @column's order (once computed)
 *   have nothing to show in it; a descending sort keeps them last
 */
guint
turnout_member_table_get_n_blank (TurnoutMemberTable  *self,
                                  TurnoutMemberColumn  column)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, 0);
  g_return_val_if_fail (g_atomic_pointer_get (&self->orders[column]) != NULL, 0);

  return self->n_blank[column];
}

/**
 * turnout_member_table_trim_orders:
 * @keep: a column whose order stays, or -1
 * @also_keep: another, or -1
 *
 * Frees the orders of the other columns; asked for again, they are
 * computed again. For a table about to be replaced by its reload: at a
 * million rows its orders are 68 MB, a third of it, and the new table is
 * made while the old one is still shown. The orders given out for those
 * columns must no longer be in use (only the list's shown order is kept
 * beyond a call, and it is one of the two kept).
 */
void
turnout_member_table_trim_orders (TurnoutMemberTable *self,
                                  int                 keep,
                                  int                 also_keep)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->order_lock);
  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    {
      guint32 *order = g_atomic_pointer_get (&self->orders[column]);

      if (column == keep || column == also_keep || self->computing[column] || order == NULL)
        continue;
      g_atomic_pointer_set (&self->orders[column], NULL);
      _turnout_member_table_order_free (self, order);
    }
  g_mutex_unlock (&self->order_lock);
}

void
turnout_member_table_prepare_orders (TurnoutMemberTable *self)
{
  for (guint column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    turnout_member_table_get_order (self, column);
}

