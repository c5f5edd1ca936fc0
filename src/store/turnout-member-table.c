/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-table.c: one program's members as compact arrays.
 *
 * Why this shape: one GObject per member with a stock filter and sorter
 * costs hundreds of milliseconds per keystroke at 100k members. Here every
 * distinct text is stored once with its folded (case- and accent-free) form
 * in one contiguous buffer, so a search is one memmem () pass over distinct
 * texts followed by a cheap pass over the rows; sorting compares integer
 * ranks, and each column's order is computed once and kept.
 *
 * This file holds the arrays, their builder and their getters; the loader
 * (the only part that knows SQLite) is turnout-member-table-load.c, the
 * orders turnout-member-table-order.c, the search turnout-member-search.c.
 */
#define G_LOG_DOMAIN "turnout-member-table"

#include "config.h"

#include <string.h>

#include <glib.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "turnout-channel.h"
#include "turnout-fold.h"
#include "turnout-member-table-private.h"

G_DEFINE_BOXED_TYPE (TurnoutMemberTable, turnout_member_table,
                     turnout_member_table_ref, turnout_member_table_unref)

/* Column orders */

/* A large table's column order has pages of its own, so that freeing it
 * (a reload letting go of the orders of the table it replaces, or the
 * table's end) gives them back to the system at once: from the heap of
 * the thread that computed it, they went back only when the store's
 * worker next gave memory back, and the window's peak after a bulk change
 * of 1M members was 350 or 415 MB by when that happened. */
#define ORDER_MAPPED_BYTES (1024 * 1024)

static gsize
order_bytes (TurnoutMemberTable *self)
{
  return MAX (1, self->n_rows) * sizeof (guint32);
}

guint32 *
_turnout_member_table_order_new (TurnoutMemberTable *self)
{
#ifdef G_OS_UNIX
  if (order_bytes (self) >= ORDER_MAPPED_BYTES)
    {
      void *pages = mmap (NULL, order_bytes (self), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (pages == MAP_FAILED)
        g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes", G_STRLOC, order_bytes (self));
      return pages;
    }
#endif
  return g_malloc (order_bytes (self));
}

void
_turnout_member_table_order_free (TurnoutMemberTable *self,
                                  guint32            *order)
{
  if (order == NULL)
    return;
#ifdef G_OS_UNIX
  if (order_bytes (self) >= ORDER_MAPPED_BYTES)
    {
      munmap (order, order_bytes (self));
      return;
    }
#endif
  g_free (order);
}

/* Building */

/* @b in every byte of a 64-bit word */
#define BYTES(b) (G_GUINT64_CONSTANT (0x0101010101010101) * (b))

/* Appends the folded form of the string just given the next id. */
static void
add_folded (TurnoutMemberTableBuilder *builder,
            const char                *text)
{
  guint32 at = builder->folded->len;
  gsize len = strlen (text);
  g_autofree char *folded = NULL;
  guint8 *out;
  guint8 seen = 0;
  gsize i;

  g_array_append_val (builder->fold_offsets, at);

  /* The common case, ASCII, without an allocation per text: eight bytes
   * at a time while none is a control character or beyond ASCII (a byte
   * c gets bit 0x80 from c + 0x3f when c >= 'A', and from c + 0x25 when
   * c > 'Z'; no sum carries into the next byte), then byte by byte.
   * Anything else is folded again, the slow way.
   */
  g_byte_array_set_size (builder->folded, at + len + 1);
  out = builder->folded->data + at;
  for (i = 0; i + 8 <= len; i += 8)
    {
      guint64 x, upper;

      memcpy (&x, text + i, 8);
      if ((x & BYTES (0x80)) != 0 || ((x - BYTES (0x20)) & ~x & BYTES (0x80)) != 0)
        break;
      upper = (x + BYTES (0x3f)) & ~(x + BYTES (0x25)) & BYTES (0x80);
      x |= upper >> 2;
      memcpy (out + i, &x, 8);
    }
  for (; i < len; i++)
    {
      guint8 c = (guint8) text[i];

      seen |= c;
      out[i] = c < 0x20 ? ' ' : c + ((guint8) (c - 'A') < 26 ? 'a' - 'A' : 0);
    }
  out[len] = '\0';
  if (seen < 0x80)
    return;

  folded = turnout_fold_for_search (text);
  g_byte_array_set_size (builder->folded, at);
  g_byte_array_append (builder->folded, (const guint8 *) folded, strlen (folded) + 1);
}

/* Interning: open addressing over the hashes of the distinct texts,
 * without GHashTable's calls through function pointers per lookup (they
 * were a third of building a table).
 */
static guint32
text_hash (const char *text)
{
  guint32 hash = 2166136261u;   /* FNV-1a */

  for (const guchar *p = (const guchar *) text; *p; p++)
    hash = (hash ^ *p) * 16777619u;
  return hash;
}

static void
intern_grow (TurnoutMemberTableBuilder *builder)
{
  guint32 n_slots = builder->intern_mask ? (builder->intern_mask + 1) * 2 : 1024;
  InternSlot *slots = g_new0 (InternSlot, n_slots);

  for (guint32 i = 0; builder->intern_mask && i <= builder->intern_mask; i++)
    {
      InternSlot slot = builder->intern_slots[i];
      guint32 at;

      if (slot.id == 0)
        continue;
      for (at = slot.hash & (n_slots - 1); slots[at].id != 0; at = (at + 1) & (n_slots - 1))
        ;
      slots[at] = slot;
    }
  g_free (builder->intern_slots);
  builder->intern_slots = slots;
  builder->intern_mask = n_slots - 1;
}

static guint32
intern (TurnoutMemberTableBuilder *builder,
        const char                *text)
{
  const char * const *strings = (const char * const *) builder->table->strings->pdata;
  guint32 hash, at, id;
  char *copy;

  if (text == NULL || *text == '\0')
    return 0;

  hash = text_hash (text);
  for (at = hash & builder->intern_mask; builder->intern_slots[at].id != 0; at = (at + 1) & builder->intern_mask)
    if (builder->intern_slots[at].hash == hash && strcmp (strings[builder->intern_slots[at].id], text) == 0)
      return builder->intern_slots[at].id;

  copy = g_string_chunk_insert (builder->table->chunk, text);
  id = builder->table->strings->len;
  g_ptr_array_add (builder->table->strings, copy);
  add_folded (builder, copy);
  builder->intern_slots[at] = (InternSlot) { hash, id };

  /* At most half full, so that a search meets a free slot soon. */
  if (++builder->n_interned * 2 > builder->intern_mask)
    intern_grow (builder);
  return id;
}

TurnoutMemberTableBuilder *
turnout_member_table_builder_new (gint64          program_id,
                                  TurnoutChannel *channel)
{
  TurnoutMemberTableBuilder *builder = g_new0 (TurnoutMemberTableBuilder, 1);
  TurnoutMemberTable *table = g_new0 (TurnoutMemberTable, 1);

  g_return_val_if_fail (channel != NULL, NULL);

  g_atomic_ref_count_init (&table->ref_count);
  g_mutex_init (&table->order_lock);
  g_cond_init (&table->order_done);
  table->program_id = program_id;
  table->channel = turnout_channel_ref (channel);
  table->chunk = g_string_chunk_new (64 * 1024);
  table->strings = g_ptr_array_new ();
  g_ptr_array_add (table->strings, (gpointer) "");

  builder->table = table;
  intern_grow (builder);
  builder->folded = g_byte_array_new ();
  builder->fold_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  add_folded (builder, "");
  builder->person_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    builder->texts[i] = g_array_new (FALSE, FALSE, sizeof (guint32));
  builder->status = g_byte_array_new ();
  builder->member_date = g_array_new (FALSE, FALSE, sizeof (guint32));
  builder->status_changed = g_array_new (FALSE, FALSE, sizeof (guint32));
  builder->success_at = g_array_new (FALSE, FALSE, sizeof (guint32));
  builder->wide_dates = g_array_new (FALSE, FALSE, sizeof (gint64));
  builder->live_minutes = g_array_new (FALSE, FALSE, sizeof (gint32));
  builder->ondemand_minutes = g_array_new (FALSE, FALSE, sizeof (gint32));
  builder->push_state = g_byte_array_new ();
  builder->engagement_score = g_array_new (FALSE, FALSE, sizeof (float));
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    builder->activity[i] = g_array_new (FALSE, FALSE, sizeof (gint32));

  return builder;
}

/* Growing a million-row array by doubling copies it twenty times. Room
 * reserved and not used costs address space only: nothing here writes to
 * it (a GPtrArray grown by set_size would clear it).
 */
void
_turnout_member_table_builder_reserve (TurnoutMemberTableBuilder *builder,
                 guint                      n)
{
  guint folded;

  if (n == 0)
    return;
  g_assert (builder->table->strings->len == 1);
  g_ptr_array_unref (builder->table->strings);
  builder->table->strings = g_ptr_array_sized_new (n + 1);
  g_ptr_array_add (builder->table->strings, (gpointer) "");
  g_array_set_size (builder->person_ids, n);
  g_array_set_size (builder->person_ids, 0);
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    {
      g_array_set_size (builder->texts[i], n);
      g_array_set_size (builder->texts[i], 0);
    }
  g_byte_array_set_size (builder->status, n);
  g_byte_array_set_size (builder->status, 0);
#define RESERVE(field) g_array_set_size (builder->field, n); g_array_set_size (builder->field, 0);
  RESERVE (member_date);
  RESERVE (status_changed);
  RESERVE (success_at);
  RESERVE (live_minutes);
  RESERVE (ondemand_minutes);
  RESERVE (engagement_score);
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    {
      RESERVE (activity[i]);
    }
#undef RESERVE
  g_byte_array_set_size (builder->push_state, n);
  g_byte_array_set_size (builder->push_state, 0);
  g_array_set_size (builder->fold_offsets, n + 1);
  g_array_set_size (builder->fold_offsets, 1);
  /* Room for the folded texts too, at a guess of 48 bytes a row; grown
   * by doubling instead, it left each smaller copy behind in the builder's
   * heap, 30-50 MB at a million rows.
   */
  folded = builder->folded->len;
  g_byte_array_set_size (builder->folded, folded + MIN (n, G_MAXUINT / 64) * 48);
  g_byte_array_set_size (builder->folded, folded);
}

static guint8
status_index (TurnoutMemberTableBuilder *builder,
              const char                *key)
{
  TurnoutChannel *channel = builder->table->channel;
  int index;

  /* Without a copy of the key per change of status, which is most rows. */
  if (builder->last_status_key != NULL && g_strcmp0 (builder->last_status_key, key) == 0)
    return builder->last_status;

  index = turnout_channel_index_of (channel, key);
  builder->last_status = index < 0 ? 0 : (guint8) index;
  builder->last_status_key = index < 0 ? NULL : turnout_channel_get_status (channel, index)->key;
  return builder->last_status;
}

/* Makes room for @n more rows, for builder_set_row() to fill. */
void
_turnout_member_table_builder_grow (TurnoutMemberTableBuilder *builder,
              guint                      n)
{
  guint to = builder->person_ids->len + n;

  g_array_set_size (builder->person_ids, to);
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    g_array_set_size (builder->texts[i], to);
  g_byte_array_set_size (builder->status, to);
  g_array_set_size (builder->member_date, to);
  g_array_set_size (builder->status_changed, to);
  g_array_set_size (builder->success_at, to);
  g_array_set_size (builder->live_minutes, to);
  g_array_set_size (builder->ondemand_minutes, to);
  g_byte_array_set_size (builder->push_state, to);
  g_array_set_size (builder->engagement_score, to);
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    g_array_set_size (builder->activity[i], to);
}

/* A date as the table keeps it (see _turnout_member_table_date ()). */
static guint32
narrow_date (TurnoutMemberTableBuilder *builder,
             gint64                     t)
{
  if (t >= 0 && t < TURNOUT_MEMBER_TABLE_WIDE_DATE)
    return (guint32) t;
  g_assert (builder->wide_dates->len < G_MAXUINT32 - TURNOUT_MEMBER_TABLE_WIDE_DATE);
  g_array_append_val (builder->wide_dates, t);
  return TURNOUT_MEMBER_TABLE_WIDE_DATE + (builder->wide_dates->len - 1);
}

void
_turnout_member_table_builder_set_row (TurnoutMemberTableBuilder   *builder,
                 guint                        at,
                 const TurnoutMemberTableRow *row)
{
  g_array_index (builder->person_ids, gint64, at) = row->person_id;
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    {
      guint32 id;

      /* E-mail addresses are unique: interning them would only cost a
       * hash table the size of the program.
       */
      if (i == TURNOUT_MEMBER_TEXT_EMAIL && row->texts[i] != NULL && *row->texts[i] != '\0')
        {
          const char *text = row->texts[i];
          gsize len = strlen (text);
          guint32 at;

          id = builder->table->strings->len;
          add_folded (builder, text);
          /* Most addresses are written in lower case, and are then their
           * own folded form: kept once, in the folded texts, at a million
           * members 25-30 MB less. The text's place there is filled in
           * once those are whole (turnout_member_table_builder_end ()). */
          at = g_array_index (builder->fold_offsets, guint32, id);
          if (builder->folded->len - at == len + 1 && memcmp (builder->folded->data + at, text, len) == 0)
            g_ptr_array_add (builder->table->strings, NULL);
          else
            g_ptr_array_add (builder->table->strings, g_string_chunk_insert (builder->table->chunk, text));
        }
      else
        id = intern (builder, row->texts[i]);
      g_array_index (builder->texts[i], guint32, at) = id;
    }
  builder->status->data[at] = status_index (builder, row->status);
  g_array_index (builder->member_date, guint32, at) = narrow_date (builder, row->member_date);
  g_array_index (builder->status_changed, guint32, at) = narrow_date (builder, row->status_changed);
  g_array_index (builder->success_at, guint32, at) = narrow_date (builder, row->success_at);
  g_array_index (builder->live_minutes, gint32, at) = row->live_minutes;
  g_array_index (builder->ondemand_minutes, gint32, at) = row->ondemand_minutes;
  builder->push_state->data[at] = (guint8) row->push_state;
  g_array_index (builder->engagement_score, float, at) =
    row->engagement_score < 0 ? -1.f : (float) row->engagement_score;
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    g_array_index (builder->activity[i], gint32, at) = MAX (row->activity[i], -1);
}

/* Gathers @data's @n elements of @size bytes into @order, through @scratch. */
static void
reorder_array (guint8        *data,
               gsize          size,
               guint          n,
               const guint32 *order,
               guint8        *scratch)
{
  memcpy (scratch, data, size * n);
  switch (size)
    {
    case 1:
      for (guint k = 0; k < n; k++)
        data[k] = scratch[order[k]];
      break;
    case 4:
      for (guint k = 0; k < n; k++)
        ((guint32 *) (gpointer) data)[k] = ((const guint32 *) (gpointer) scratch)[order[k]];
      break;
    case 8:
      for (guint k = 0; k < n; k++)
        ((guint64 *) (gpointer) data)[k] = ((const guint64 *) (gpointer) scratch)[order[k]];
      break;
    default:
      g_assert_not_reached ();
    }
}

void
_turnout_member_table_builder_reorder (TurnoutMemberTableBuilder *builder,
                                       const guint32             *order)
{
  guint n = builder->person_ids->len;
  g_autofree guint8 *scratch = g_malloc (MAX (n, 1) * sizeof (guint64));

#define REORDER(array) reorder_array ((guint8 *) (array)->data, g_array_get_element_size (array), n, order, scratch)
  REORDER (builder->person_ids);
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    REORDER (builder->texts[i]);
  REORDER (builder->member_date);
  REORDER (builder->status_changed);
  REORDER (builder->success_at);
  REORDER (builder->live_minutes);
  REORDER (builder->ondemand_minutes);
  REORDER (builder->engagement_score);
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    REORDER (builder->activity[i]);
#undef REORDER
  reorder_array (builder->status->data, 1, n, order, scratch);
  reorder_array (builder->push_state->data, 1, n, order, scratch);
}

void
turnout_member_table_builder_add (TurnoutMemberTableBuilder   *builder,
                                  const TurnoutMemberTableRow *row)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (row != NULL);

  _turnout_member_table_builder_grow (builder, 1);
  _turnout_member_table_builder_set_row (builder, builder->person_ids->len - 1, row);
}

void
_turnout_member_table_builder_free (TurnoutMemberTableBuilder *builder)
{
  g_clear_pointer (&builder->table, turnout_member_table_unref);
  g_free (builder->intern_slots);
  g_clear_pointer (&builder->folded, g_byte_array_unref);
  g_clear_pointer (&builder->fold_offsets, g_array_unref);
  g_array_unref (builder->person_ids);
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    g_array_unref (builder->texts[i]);
  g_byte_array_unref (builder->status);
  g_array_unref (builder->member_date);
  g_array_unref (builder->status_changed);
  g_array_unref (builder->success_at);
  g_array_unref (builder->wide_dates);
  g_array_unref (builder->live_minutes);
  g_array_unref (builder->ondemand_minutes);
  g_byte_array_unref (builder->push_state);
  g_array_unref (builder->engagement_score);
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    g_array_unref (builder->activity[i]);
  g_free (builder);
}

TurnoutMemberTable *
turnout_member_table_builder_end (TurnoutMemberTableBuilder *builder)
{
  TurnoutMemberTable *table;

  g_return_val_if_fail (builder != NULL, NULL);

  table = g_steal_pointer (&builder->table);
  table->n_rows = builder->person_ids->len;
  table->person_ids = (gint64 *) (gpointer) g_array_free (g_steal_pointer (&builder->person_ids), FALSE);
  builder->person_ids = g_array_new (FALSE, FALSE, 1);
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    {
      table->texts[i] = (guint32 *) (gpointer) g_array_free (builder->texts[i], FALSE);
      builder->texts[i] = g_array_new (FALSE, FALSE, 1);
    }
  table->status = g_byte_array_free (builder->status, FALSE);
  builder->status = g_byte_array_new ();
#define TAKE(field, type) \
  table->field = (type *) (gpointer) g_array_free (builder->field, FALSE); \
  builder->field = g_array_new (FALSE, FALSE, 1);
  TAKE (member_date, guint32);
  TAKE (status_changed, guint32);
  TAKE (success_at, guint32);
  TAKE (wide_dates, gint64);
  TAKE (live_minutes, gint32);
  TAKE (ondemand_minutes, gint32);
  TAKE (engagement_score, float);
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    {
      TAKE (activity[i], gint32);
    }
#undef TAKE
  table->push_state = g_byte_array_free (builder->push_state, FALSE);
  builder->push_state = g_byte_array_new ();

  {
    guint32 end = builder->folded->len;

    g_array_append_val (builder->fold_offsets, end);
    table->folded_len = builder->folded->len;
    table->folded = g_realloc (g_byte_array_free (g_steal_pointer (&builder->folded), FALSE),
                               MAX (1, table->folded_len));
    table->fold_offsets = (guint32 *) (gpointer) g_array_free (g_steal_pointer (&builder->fold_offsets), FALSE);
    for (guint32 id = 0; id < table->strings->len; id++)
      if (g_ptr_array_index (table->strings, id) == NULL)
        g_ptr_array_index (table->strings, id) = table->folded + table->fold_offsets[id];
  }

  table->status_counts = g_new0 (guint, turnout_channel_get_n_statuses (table->channel) + 1);
  for (guint row = 0; row < table->n_rows; row++)
    table->status_counts[table->status[row]]++;

  _turnout_member_table_builder_free (builder);
  return table;
}

/* A large program's table and its sort orders are made of arrays of
 * megabytes, and sorting a column at a million rows takes two buffers of
 * 24 MB for a moment, on whichever thread sorts it. glibc gives a block
 * that large a mapping of its own and unmaps it when it is freed; but the
 * first such free raises its threshold for mapping up to 32 MB, and from
 * then on those blocks come from the sorting thread's heap, which keeps
 * them after they are freed: the 1M window benchmark's process peaked at
 * 360-397 MB, depending on which threads did the work. With the threshold
 * fixed at 8 MiB (the window's own frame buffers stay below it) and heaps
 * trimmed beyond 16 MiB free, it peaked at 324-326 MB, with painting as
 * fast.
 */
void
turnout_member_table_tune_allocator (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 8 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 16 * 1024 * 1024);
#endif
}

TurnoutMemberTable *
turnout_member_table_ref (TurnoutMemberTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
turnout_member_table_unref (TurnoutMemberTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  turnout_channel_unref (self->channel);
  g_free (self->person_ids);
  for (guint i = 0; i < TURNOUT_MEMBER_N_TEXTS; i++)
    g_free (self->texts[i]);
  g_free (self->status);
  g_free (self->member_date);
  g_free (self->status_changed);
  g_free (self->success_at);
  g_free (self->wide_dates);
  g_free (self->live_minutes);
  g_free (self->ondemand_minutes);
  g_free (self->push_state);
  g_free (self->engagement_score);
  for (guint i = 0; i < TURNOUT_MEMBER_N_ACTIVITIES; i++)
    g_free (self->activity[i]);
  g_free (self->status_counts);
  g_string_chunk_free (self->chunk);
  g_ptr_array_unref (self->strings);
  g_free (self->folded);
  g_free (self->fold_offsets);
  g_free (self->ranks);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    _turnout_member_table_order_free (self, self->orders[i]);
  g_mutex_clear (&self->order_lock);
  g_cond_clear (&self->order_done);
  g_free (self);
}

/* Accessors */

gint64
turnout_member_table_get_program_id (TurnoutMemberTable *self)
{
  return self->program_id;
}

TurnoutChannel *
turnout_member_table_get_channel (TurnoutMemberTable *self)
{
  return self->channel;
}

guint
turnout_member_table_get_n_rows (TurnoutMemberTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rows;
}

gint64
turnout_member_table_get_person_id (TurnoutMemberTable *self,
                                    guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return self->person_ids[row];
}

/**
 * turnout_member_table_get_person_ids:
 * @rows: (array length=n): rows of the table
 * @ids: (out caller-allocates) (array length=n): each row's person
 *
 * The person of each of @rows, in their order: the window's selection of
 * a million members in one loop, reading ahead, where a call per row
 * waited on each row's cache miss in turn (30 ms of the main loop).
 */
void
turnout_member_table_get_person_ids (TurnoutMemberTable *self,
                                     const guint32      *rows,
                                     guint               n,
                                     gint64             *ids)
{
  for (guint i = 0; i < n; i++)
    {
      if (G_UNLIKELY (rows[i] >= self->n_rows))
        {
          g_critical ("%s: row %u of a table of %u", G_STRFUNC, rows[i], self->n_rows);
          ids[i] = 0;
          continue;
        }
      if (i + 16 < n && rows[i + 16] < self->n_rows)
        __builtin_prefetch (&self->person_ids[rows[i + 16]]);
      ids[i] = self->person_ids[rows[i]];
    }
}

const char *
turnout_member_table_get_text (TurnoutMemberTable *self,
                               guint               row,
                               TurnoutMemberText   text)
{
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (text < TURNOUT_MEMBER_N_TEXTS, NULL);
  return g_ptr_array_index (self->strings, self->texts[text][row]);
}

guint
turnout_member_table_get_status (TurnoutMemberTable *self,
                                 guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return self->status[row];
}

const char *
turnout_member_table_get_status_key (TurnoutMemberTable *self,
                                     guint               row)
{
  g_return_val_if_fail (row < self->n_rows, NULL);
  return turnout_channel_get_status (self->channel, self->status[row])->key;
}

gint64
turnout_member_table_get_member_date (TurnoutMemberTable *self,
                                      guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return _turnout_member_table_date (self, self->member_date[row]);
}

gint64
turnout_member_table_get_status_changed (TurnoutMemberTable *self,
                                         guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return _turnout_member_table_date (self, self->status_changed[row]);
}

gint64
turnout_member_table_get_success_at (TurnoutMemberTable *self,
                                     guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return _turnout_member_table_date (self, self->success_at[row]);
}

TurnoutPushState
turnout_member_table_get_push_state (TurnoutMemberTable *self,
                                     guint               row)
{
  g_return_val_if_fail (row < self->n_rows, TURNOUT_PUSH_NONE);
  return self->push_state[row];
}

double
turnout_member_table_get_engagement_score (TurnoutMemberTable *self,
                                           guint               row)
{
  g_return_val_if_fail (row < self->n_rows, -1);
  return self->engagement_score[row];
}

int
turnout_member_table_get_activity (TurnoutMemberTable    *self,
                                   guint                  row,
                                   TurnoutMemberActivity  activity)
{
  g_return_val_if_fail (row < self->n_rows, -1);
  g_return_val_if_fail (activity < TURNOUT_MEMBER_N_ACTIVITIES, -1);
  return self->activity[activity][row];
}

int
turnout_member_table_get_live_minutes (TurnoutMemberTable *self,
                                       guint               row)
{
  g_return_val_if_fail (row < self->n_rows, -1);
  return self->live_minutes[row];
}

int
turnout_member_table_get_ondemand_minutes (TurnoutMemberTable *self,
                                           guint               row)
{
  g_return_val_if_fail (row < self->n_rows, -1);
  return self->ondemand_minutes[row];
}

int
turnout_member_table_find_person (TurnoutMemberTable *self,
                                  gint64              person_id)
{
  for (guint row = 0; row < self->n_rows; row++)
    if (self->person_ids[row] == person_id)
      return (int) row;
  return -1;
}

guint
turnout_member_table_count_status (TurnoutMemberTable *self,
                                   guint               status)
{
  g_return_val_if_fail (status < turnout_channel_get_n_statuses (self->channel), 0);
  return self->status_counts[status];
}

