/* turnout-member-table.c: one program's members as compact arrays.
 *
 * Why this shape: one GObject per member with a stock filter and sorter
 * costs hundreds of milliseconds per keystroke at 100k members. Here every
 * distinct text is stored once with its folded (case- and accent-free) form
 * in one contiguous buffer, so a search is one memmem () pass over distinct
 * texts followed by a cheap pass over the rows; sorting compares integer
 * ranks, and each column's order is computed once and kept.
 */
#define G_LOG_DOMAIN "turnout-member-table"
#define _GNU_SOURCE   /* memmem () */

#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-member-table.h"

struct _TurnoutMemberTable
{
  gatomicrefcount  ref_count;
  gint64           program_id;
  TurnoutChannel  *channel;
  guint            n_rows;

  gint64          *person_ids;
  guint32         *texts[TURNOUT_MEMBER_N_TEXTS];   /* string ids */
  guint8          *status;
  gint64          *member_date;
  gint64          *status_changed;
  gint64          *success_at;
  gint32          *live_minutes;
  gint32          *ondemand_minutes;
  guint8          *push_state;
  float           *engagement_score;                /* < 0: none */
  guint           *status_counts;                   /* per channel status */

  /* Distinct texts: strings[id] is the text, folded + fold_offsets[id] its
   * folded form; the folded forms are NUL-separated in one buffer, made as
   * the texts are added.
   */
  GStringChunk    *chunk;
  GPtrArray       *strings;
  char            *folded;
  gsize            folded_len;
  guint32         *fold_offsets;                    /* n_strings + 1 */

  GMutex           order_lock;
  GCond            order_done;
  guint32         *ranks;                           /* sort rank per string id */
  guint32         *orders[TURNOUT_MEMBER_N_COLUMNS];
  guint            n_blank[TURNOUT_MEMBER_N_COLUMNS]; /* rows at the end of each order with nothing to show */
  gboolean         computing[TURNOUT_MEMBER_N_COLUMNS]; /* by a thread, under order_lock */
};

/* A distinct text, by the hash of its text (see intern ()). */
typedef struct
{
  guint32 hash;
  guint32 id;      /* 0: free (the empty text is never interned) */
} InternSlot;

struct _TurnoutMemberTableBuilder
{
  TurnoutMemberTable *table;
  InternSlot         *intern_slots;  /* intern_mask + 1 of them */
  guint32             intern_mask;
  guint32             n_interned;
  GByteArray         *folded;
  GArray             *fold_offsets;
  GArray             *person_ids;
  GArray             *texts[TURNOUT_MEMBER_N_TEXTS];
  GByteArray         *status;
  GArray             *member_date;
  GArray             *status_changed;
  GArray             *success_at;
  GArray             *live_minutes;
  GArray             *ondemand_minutes;
  GByteArray         *push_state;
  GArray             *engagement_score;
  const char         *last_status_key;  /* the channel's own */
  guint8              last_status;
};

G_DEFINE_BOXED_TYPE (TurnoutMemberTable, turnout_member_table,
                     turnout_member_table_ref, turnout_member_table_unref)

/* Folding */

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* "Zoë Müller" and "zoe muller" fold alike, so a coordinator finds a person
 * however they type the name.
 */
char *
turnout_fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *stripped = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  if (is_ascii (text))
    {
      char *copy = g_ascii_strdown (text, -1);

      for (char *p = copy; *p; p++)
        if ((guchar) *p < 0x20)
          *p = ' ';
      return copy;
    }

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_ascii_strdown (text, -1);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (c < 0x20)
        c = ' ';
      g_string_append_unichar (out, c);
    }
  stripped = g_string_free (out, FALSE);
  return g_utf8_casefold (stripped, -1);
}

/* Dates: the store writes "YYYY-MM-DDTHH:MM:SSZ"; parse that by hand (a
 * million GDateTimes would cost most of a second) and anything else the
 * slow way.
 */
static gint64
days_from_civil (int y, unsigned m, unsigned d)
{
  int era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + (gint64) doe - 719468;
}

static gint64
parse_time (const char *text)
{
  const guchar *t = (const guchar *) text;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return 0;

  /* Checked from left to right, so that a shorter text stops at its end. */
#define DIGIT(i) ((guint) (t[i] - '0'))
#define TWO(i)   (DIGIT (i) * 10 + DIGIT (i + 1))
  if (DIGIT (0) < 10 && DIGIT (1) < 10 && DIGIT (2) < 10 && DIGIT (3) < 10 && t[4] == '-'
      && DIGIT (5) < 10 && DIGIT (6) < 10 && t[7] == '-' && DIGIT (8) < 10 && DIGIT (9) < 10
      && t[10] == 'T' && DIGIT (11) < 10 && DIGIT (12) < 10 && t[13] == ':'
      && DIGIT (14) < 10 && DIGIT (15) < 10 && t[16] == ':' && DIGIT (17) < 10 && DIGIT (18) < 10
      && t[19] == 'Z' && t[20] == '\0')
    return days_from_civil ((int) (TWO (0) * 100 + TWO (2)), TWO (5), TWO (8)) * 86400
           + TWO (11) * 3600 + TWO (14) * 60 + TWO (17);
#undef TWO
#undef DIGIT

  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
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
  builder->member_date = g_array_new (FALSE, FALSE, sizeof (gint64));
  builder->status_changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  builder->success_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  builder->live_minutes = g_array_new (FALSE, FALSE, sizeof (gint32));
  builder->ondemand_minutes = g_array_new (FALSE, FALSE, sizeof (gint32));
  builder->push_state = g_byte_array_new ();
  builder->engagement_score = g_array_new (FALSE, FALSE, sizeof (float));

  return builder;
}

/* Growing a million-row array by doubling copies it twenty times. Room
 * reserved and not used costs address space only: nothing here writes to
 * it (a GPtrArray grown by set_size would clear it).
 */
static void
builder_reserve (TurnoutMemberTableBuilder *builder,
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
static void
builder_grow (TurnoutMemberTableBuilder *builder,
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
}

static void
builder_set_row (TurnoutMemberTableBuilder   *builder,
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
          id = builder->table->strings->len;
          g_ptr_array_add (builder->table->strings,
                           g_string_chunk_insert (builder->table->chunk, row->texts[i]));
          add_folded (builder, row->texts[i]);
        }
      else
        id = intern (builder, row->texts[i]);
      g_array_index (builder->texts[i], guint32, at) = id;
    }
  builder->status->data[at] = status_index (builder, row->status);
  g_array_index (builder->member_date, gint64, at) = row->member_date;
  g_array_index (builder->status_changed, gint64, at) = row->status_changed;
  g_array_index (builder->success_at, gint64, at) = row->success_at;
  g_array_index (builder->live_minutes, gint32, at) = row->live_minutes;
  g_array_index (builder->ondemand_minutes, gint32, at) = row->ondemand_minutes;
  builder->push_state->data[at] = (guint8) row->push_state;
  g_array_index (builder->engagement_score, float, at) =
    row->engagement_score < 0 ? -1.f : (float) row->engagement_score;
}

void
turnout_member_table_builder_add (TurnoutMemberTableBuilder   *builder,
                                  const TurnoutMemberTableRow *row)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (row != NULL);

  builder_grow (builder, 1);
  builder_set_row (builder, builder->person_ids->len - 1, row);
}

static void
builder_free (TurnoutMemberTableBuilder *builder)
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
  g_array_unref (builder->live_minutes);
  g_array_unref (builder->ondemand_minutes);
  g_byte_array_unref (builder->push_state);
  g_array_unref (builder->engagement_score);
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
  TAKE (member_date, gint64);
  TAKE (status_changed, gint64);
  TAKE (success_at, gint64);
  TAKE (live_minutes, gint32);
  TAKE (ondemand_minutes, gint32);
  TAKE (engagement_score, float);
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
  }

  table->status_counts = g_new0 (guint, turnout_channel_get_n_statuses (table->channel) + 1);
  for (guint row = 0; row < table->n_rows; row++)
    table->status_counts[table->status[row]]++;

  builder_free (builder);
  return table;
}

/* The columns a row of the table is made from, and where they come from. */
#define MEMBER_TABLE_COLUMNS \
  "m.person_id, pe.first_name, pe.last_name, pe.email, pe.company," \
  " pe.job_title, m.status_reason, m.status, m.member_date," \
  " m.status_changed_at, m.success_at, ifnull (m.live_minutes, -1), ifnull (m.ondemand_minutes, -1)," \
  " m.push_state, ifnull (m.engagement_score, -1)"
#define MEMBER_TABLE_FROM \
  " FROM memberships m JOIN people pe ON pe.id = m.person_id"

/* Loading: rows travel from the statement to the builder in batches. */

#define LOAD_BATCH_ROWS 4096
#define LOAD_BATCHES    4

/* Text columns of MEMBER_TABLE_COLUMNS, in order, from column 1. */
enum
{
  LOAD_TEXT_STATUS = TURNOUT_MEMBER_N_TEXTS,
  LOAD_TEXT_MEMBER_DATE,
  LOAD_TEXT_STATUS_CHANGED,
  LOAD_TEXT_SUCCESS_AT,
  LOAD_N_TEXTS
};

/* Columns of MEMBER_TABLE_COLUMNS: per text slot (the last is the push
 * state), and the others.
 */
static const int load_text_columns[LOAD_N_TEXTS + 1] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13 };
enum
{
  LOAD_PERSON_ID = 0,
  LOAD_LIVE_MINUTES = 11,
  LOAD_ONDEMAND_MINUTES = 12,
  LOAD_ENGAGEMENT_SCORE = 14,
  LOAD_N_COLUMNS
};

typedef struct
{
  guint       n;
  gint64      person_id[LOAD_BATCH_ROWS];
  gint32      live_minutes[LOAD_BATCH_ROWS];
  gint32      ondemand_minutes[LOAD_BATCH_ROWS];
  double      engagement_score[LOAD_BATCH_ROWS];
  guint32     text_at[LOAD_BATCH_ROWS][LOAD_N_TEXTS + 1];  /* offset in text + 1; 0: NULL */
  guint8     *text;
  gsize       text_len;
  gsize       text_size;
} LoadBatch;

typedef struct
{
  GAsyncQueue               *full;    /* batches to add, then end_of_rows */
  GAsyncQueue               *empty;   /* batches to fill */
  TurnoutMemberTableBuilder *builder;
  LoadBatch                 *filling; /* the statement's thread's own */
} LoadPipe;

static LoadBatch end_of_rows;

static void
batch_free (LoadBatch *batch)
{
  g_free (batch->text);
  g_free (batch);
}

/* Copies a row into the batch being filled, since its texts live only
 * until the statement's next step; @sizes count the NUL, 0 is NULL. A full
 * batch goes to the builder.
 */
static void
pipe_take_row (LoadPipe            *pipe,
               gint64               person_id,
               const guint8 *const *texts,
               const gsize         *sizes,
               gint32               live_minutes,
               gint32               ondemand_minutes,
               double               engagement_score)
{
  LoadBatch *batch = pipe->filling;
  guint i = batch->n++;
  gsize need = 0;
  guint8 *out;

  if (i == 0)
    batch->text_len = 0;

  batch->person_id[i] = person_id;
  batch->live_minutes[i] = live_minutes;
  batch->ondemand_minutes[i] = ondemand_minutes;
  batch->engagement_score[i] = engagement_score;

  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    need += sizes[t];
  if (batch->text_len + need > batch->text_size)
    {
      batch->text_size = MAX (batch->text_size * 2, batch->text_len + need + LOAD_BATCH_ROWS * 128);
      batch->text = g_realloc (batch->text, batch->text_size);
    }
  out = batch->text + batch->text_len;
  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      if (texts[t] == NULL)
        {
          batch->text_at[i][t] = 0;
          continue;
        }
      batch->text_at[i][t] = (guint32) (out - batch->text) + 1;
      memcpy (out, texts[t], sizes[t]);
      out += sizes[t];
    }
  batch->text_len += need;

  if (batch->n == LOAD_BATCH_ROWS)
    {
      g_async_queue_push (pipe->full, batch);
      pipe->filling = g_async_queue_pop (pipe->empty);
    }
}

/* Takes the row @stmt, a SELECT of MEMBER_TABLE_COLUMNS, is on. */
static void
pipe_take_columns (LoadPipe     *pipe,
                   sqlite3_stmt *stmt)
{
  const guint8 *texts[LOAD_N_TEXTS + 1];
  gsize sizes[LOAD_N_TEXTS + 1];

  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      texts[t] = sqlite3_column_text (stmt, load_text_columns[t]);
      sizes[t] = texts[t] ? strlen ((const char *) texts[t]) + 1 : 0;
    }
  pipe_take_row (pipe, sqlite3_column_int64 (stmt, LOAD_PERSON_ID), texts, sizes,
                 sqlite3_column_int (stmt, LOAD_LIVE_MINUTES),
                 sqlite3_column_int (stmt, LOAD_ONDEMAND_MINUTES),
                 sqlite3_column_double (stmt, LOAD_ENGAGEMENT_SCORE));
}

#define LOAD_PIPE_POINTER "turnout-member-load-pipe"

/* The SQL function turnout_take_member (pipe, MEMBER_TABLE_COLUMNS...)
 * takes each row as SQLite reads it. Reading a function's arguments costs
 * less than reading a statement's columns (each of those calls checks the
 * statement and the connection again): at a million rows this is a sixth
 * of the statement's thread.
 */
static void
take_member_func (sqlite3_context  *context,
                  int               n_args,
                  sqlite3_value   **args)
{
  LoadPipe *pipe = sqlite3_value_pointer (args[0], LOAD_PIPE_POINTER);
  const guint8 *texts[LOAD_N_TEXTS + 1];
  gsize sizes[LOAD_N_TEXTS + 1];

  /* SQLite itself refuses a call with another number of arguments. */
  if (pipe == NULL)
    {
      sqlite3_result_error (context, "turnout_take_member: not loading a member table", -1);
      return;
    }

  args++;
  for (guint t = 0; t <= LOAD_N_TEXTS; t++)
    {
      texts[t] = sqlite3_value_text (args[load_text_columns[t]]);
      sizes[t] = texts[t] ? (gsize) sqlite3_value_bytes (args[load_text_columns[t]]) + 1 : 0;
    }
  pipe_take_row (pipe, sqlite3_value_int64 (args[LOAD_PERSON_ID]), texts, sizes,
                 sqlite3_value_int (args[LOAD_LIVE_MINUTES]),
                 sqlite3_value_int (args[LOAD_ONDEMAND_MINUTES]),
                 sqlite3_value_double (args[LOAD_ENGAGEMENT_SCORE]));
}

static const char *
batch_text (LoadBatch *batch,
            guint      i,
            guint      t)
{
  guint32 at = batch->text_at[i][t];

  return at == 0 ? NULL : (const char *) batch->text + at - 1;
}

static gpointer
add_batches_thread (gpointer data)
{
  LoadPipe *pipe = data;
  LoadBatch *batch;

  while ((batch = g_async_queue_pop (pipe->full)) != &end_of_rows)
    {
      guint at = pipe->builder->person_ids->len;

      builder_grow (pipe->builder, batch->n);
      for (guint i = 0; i < batch->n; i++)
        {
          TurnoutMemberTableRow row;

          row.person_id = batch->person_id[i];
          for (guint t = 0; t < TURNOUT_MEMBER_N_TEXTS; t++)
            row.texts[t] = batch_text (batch, i, t);
          row.status = batch_text (batch, i, LOAD_TEXT_STATUS);
          row.member_date = parse_time (batch_text (batch, i, LOAD_TEXT_MEMBER_DATE));
          row.status_changed = parse_time (batch_text (batch, i, LOAD_TEXT_STATUS_CHANGED));
          row.success_at = parse_time (batch_text (batch, i, LOAD_TEXT_SUCCESS_AT));
          row.live_minutes = batch->live_minutes[i];
          row.ondemand_minutes = batch->ondemand_minutes[i];
          row.push_state = turnout_push_state_from_key (batch_text (batch, i, LOAD_N_TEXTS));
          row.engagement_score = batch->engagement_score[i];
          builder_set_row (pipe->builder, at + i, &row);
        }
      batch->n = 0;
      g_async_queue_push (pipe->empty, batch);
    }
  return NULL;
}

TurnoutMemberTable *
turnout_member_table_load (TurnoutDb     *db,
                           gint64         program_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  TurnoutMemberTableBuilder *builder;
  LoadPipe pipe;
  LoadBatch *batch;
  GThread *adder;
  sqlite3_stmt *stmt;
  gboolean whole_scan = FALSE;
  gint64 count = 0;
  gint64 total = 0;
  guint n = 0;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return NULL;

  channel = turnout_db_get_channel (db, program->channel_key);
  if (channel == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                   _("The program’s channel “%s” is missing"), program->channel_key);
      return NULL;
    }

  /* A program that holds most of the database's memberships reads fastest
   * by one pass over the table in rowid order; a small one through the
   * index. Either way rows come in membership order. Counting stops once
   * the program is a quarter of the table (counting a million takes
   * 35 ms), so the count is exact only for a small program; a large one
   * has room for the whole table.
   */
  stmt = turnout_db_prepare (db,
                             "SELECT (SELECT count(*) FROM (SELECT 1 FROM memberships WHERE program_id = ?1"
                             " LIMIT ifnull ((SELECT max(id) FROM memberships), 0) / 4 + 1)),"
                             " (SELECT max(id) FROM memberships)",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, program_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      total = sqlite3_column_int64 (stmt, 1);

      whole_scan = count > 0 && count * 4 > total;
    }
  sqlite3_reset (stmt);

  /* The whole scan reads rows in membership order, and takes them as it
   * reads them. Through the index, SQLite sorts the rows after computing
   * their columns: they are taken as they come out.
   */
  if (whole_scan)
    stmt = turnout_db_define_function (db, "turnout_take_member", LOAD_N_COLUMNS + 1, take_member_func, error)
           ? turnout_db_prepare (db, "SELECT turnout_take_member (?2, " MEMBER_TABLE_COLUMNS ")" MEMBER_TABLE_FROM
                                 " WHERE +m.program_id = ?1 ORDER BY m.id", error)
           : NULL;
  else
    stmt = turnout_db_prepare (db, "SELECT " MEMBER_TABLE_COLUMNS MEMBER_TABLE_FROM
                               " WHERE m.program_id = ?1 ORDER BY m.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, program_id);
  if (whole_scan)
    sqlite3_bind_pointer (stmt, 2, &pipe, LOAD_PIPE_POINTER, NULL);

  builder = turnout_member_table_builder_new (program_id, channel);
  builder_reserve (builder, (guint) CLAMP (whole_scan ? total : count, 0, G_MAXUINT32 / 2));

  /* Stepping the statement and building the table take about as long
   * each: this thread steps and copies the rows into batches, a second
   * one adds them to the builder.
   */
  pipe.full = g_async_queue_new ();
  pipe.empty = g_async_queue_new ();
  pipe.builder = builder;
  for (guint i = 0; i < LOAD_BATCHES; i++)
    g_async_queue_push (pipe.empty, g_new0 (LoadBatch, 1));
  adder = g_thread_new ("turnout-members", add_batches_thread, &pipe);

  pipe.filling = g_async_queue_pop (pipe.empty);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if (!whole_scan)
        pipe_take_columns (&pipe, stmt);
    }
  sqlite3_reset (stmt);
  if (whole_scan)
    sqlite3_bind_null (stmt, 2);   /* the pipe is this function's own */

  batch = g_steal_pointer (&pipe.filling);
  if (batch->n > 0)
    {
      g_async_queue_push (pipe.full, batch);
      batch = g_async_queue_pop (pipe.empty);
    }
  g_async_queue_push (pipe.full, &end_of_rows);
  g_thread_join (adder);
  batch_free (batch);
  while ((batch = g_async_queue_try_pop (pipe.empty)) != NULL)
    batch_free (batch);
  g_async_queue_unref (pipe.full);
  g_async_queue_unref (pipe.empty);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      builder_free (builder);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      builder_free (builder);
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return turnout_member_table_builder_end (builder);
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
  g_free (self->live_minutes);
  g_free (self->ondemand_minutes);
  g_free (self->push_state);
  g_free (self->engagement_score);
  g_free (self->status_counts);
  g_string_chunk_free (self->chunk);
  g_ptr_array_unref (self->strings);
  g_free (self->folded);
  g_free (self->fold_offsets);
  g_free (self->ranks);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    g_free (self->orders[i]);
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
  return self->member_date[row];
}

gint64
turnout_member_table_get_status_changed (TurnoutMemberTable *self,
                                         guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return self->status_changed[row];
}

gint64
turnout_member_table_get_success_at (TurnoutMemberTable *self,
                                     guint               row)
{
  g_return_val_if_fail (row < self->n_rows, 0);
  return self->success_at[row];
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

/* Sorting */

static const char *
folded_text (TurnoutMemberTable *self,
             guint32             id)
{
  return self->folded + self->fold_offsets[id];
}

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
  cmp = strcmp (folded_text (self, ia), folded_text (self, ib));
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

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortKey *ka = a;
  const SortKey *kb = b;

  if (ka->k1 != kb->k1)
    return ka->k1 < kb->k1 ? -1 : 1;
  if (ka->k2 != kb->k2)
    return ka->k2 < kb->k2 ? -1 : 1;
  return ka->row < kb->row ? -1 : ka->row > kb->row;
}

static guint64
time_key (gint64 t)
{
  /* No date sorts first; dates before 1970 still order correctly. */
  return t == 0 ? 0 : (guint64) (t + ((gint64) 1 << 62));
}

/* The text a column sorts by, or -1 for a column of numbers. */
static int
column_text (TurnoutMemberColumn column)
{
  switch (column)
    {
    case TURNOUT_MEMBER_COLUMN_EMAIL:
      return TURNOUT_MEMBER_TEXT_EMAIL;
    case TURNOUT_MEMBER_COLUMN_COMPANY:
      return TURNOUT_MEMBER_TEXT_COMPANY;
    case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
      return TURNOUT_MEMBER_TEXT_JOB_TITLE;
    case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
      return TURNOUT_MEMBER_TEXT_STATUS_REASON;
    case TURNOUT_MEMBER_COLUMN_NAME:
    case TURNOUT_MEMBER_COLUMN_STATUS:
    case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
    case TURNOUT_MEMBER_COLUMN_STATUS_CHANGED:
    case TURNOUT_MEMBER_COLUMN_SUCCESS:
    case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
    case TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES:
    case TURNOUT_MEMBER_COLUMN_PUSH:
    case TURNOUT_MEMBER_COLUMN_ENGAGEMENT:
    case TURNOUT_MEMBER_N_COLUMNS:
    default:
      return -1;
    }
}

/* Whether @row has nothing to show in @column: such rows come last. */
static gboolean
is_blank (TurnoutMemberTable  *self,
          TurnoutMemberColumn  column,
          guint                row)
{
  switch (column)
    {
    case TURNOUT_MEMBER_COLUMN_COMPANY:
    case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
    case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
      return self->texts[column_text (column)][row] == 0;
    case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
      return self->member_date[row] == 0;
    case TURNOUT_MEMBER_COLUMN_STATUS_CHANGED:
      return self->status_changed[row] == 0;
    case TURNOUT_MEMBER_COLUMN_SUCCESS:
      return self->success_at[row] == 0;
    case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
      return self->live_minutes[row] < 0;
    case TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES:
      return self->ondemand_minutes[row] < 0;
    case TURNOUT_MEMBER_COLUMN_PUSH:
      return self->push_state[row] == TURNOUT_PUSH_NONE;
    case TURNOUT_MEMBER_COLUMN_ENGAGEMENT:
      return self->engagement_score[row] < 0;
    case TURNOUT_MEMBER_COLUMN_NAME:
    case TURNOUT_MEMBER_COLUMN_EMAIL:
    case TURNOUT_MEMBER_COLUMN_STATUS:
    case TURNOUT_MEMBER_N_COLUMNS:
    default:
      return FALSE;
    }
}

/* The sort key of a column of numbers. */
static guint64
number_key (TurnoutMemberTable  *self,
            TurnoutMemberColumn  column,
            guint                row)
{
  switch (column)
    {
    case TURNOUT_MEMBER_COLUMN_STATUS:
      return self->status[row];
    case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
      return time_key (self->member_date[row]);
    case TURNOUT_MEMBER_COLUMN_STATUS_CHANGED:
      return time_key (self->status_changed[row]);
    case TURNOUT_MEMBER_COLUMN_SUCCESS:
      return time_key (self->success_at[row]);
    case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
      return (guint64) ((gint64) self->live_minutes[row] + 1);
    case TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES:
      return (guint64) ((gint64) self->ondemand_minutes[row] + 1);
    case TURNOUT_MEMBER_COLUMN_PUSH:
      return self->push_state[row];
    case TURNOUT_MEMBER_COLUMN_ENGAGEMENT:
      /* A score keeps one decimal's precision. */
      return self->engagement_score[row] < 0 ? 0 : (guint64) (self->engagement_score[row] * 1000.f) + 1;
    case TURNOUT_MEMBER_COLUMN_NAME:
    case TURNOUT_MEMBER_COLUMN_EMAIL:
    case TURNOUT_MEMBER_COLUMN_COMPANY:
    case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
    case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
    case TURNOUT_MEMBER_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
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
  guint n_blank = 0;
  int text = column_text (column);
  g_autofree SortKey *keys = g_new (SortKey, MAX (1, self->n_rows));
  guint32 *order = g_new (guint32, MAX (1, self->n_rows));   /* never NULL: NULL means not computed */
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
      else if (is_blank (self, column, row))
        {
          k->k1 = G_MAXUINT64;
          n_blank++;
        }
      else if (text >= 0)
        k->k1 = r[self->texts[text][row]];
      else
        k->k1 = number_key (self, column, row);
    }

  g_qsort_with_data (keys, self->n_rows, sizeof (SortKey), compare_keys, NULL);
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
compare_rows (TurnoutMemberTable  *self,
              TurnoutMemberColumn  column,
              guint                a,
              guint                b)
{
  guint32 *const *t = self->texts;
  int cmp = 0;

  if (column != TURNOUT_MEMBER_COLUMN_NAME)
    {
      gboolean blank_a = is_blank (self, column, a);
      gboolean blank_b = is_blank (self, column, b);
      int text = column_text (column);

      if (blank_a != blank_b)
        return blank_a ? 1 : -1;
      if (!blank_a && text >= 0)
        cmp = compare_texts (self, t[text][a], t[text][b]);
      else if (!blank_a)
        {
          guint64 ka = number_key (self, column, a);
          guint64 kb = number_key (self, column, b);

          cmp = ka < kb ? -1 : ka > kb;
        }
      if (cmp != 0)
        return cmp;
    }

  cmp = compare_texts (self, t[TURNOUT_MEMBER_TEXT_LAST_NAME][a], t[TURNOUT_MEMBER_TEXT_LAST_NAME][b]);
  if (cmp == 0)
    cmp = compare_texts (self, t[TURNOUT_MEMBER_TEXT_FIRST_NAME][a], t[TURNOUT_MEMBER_TEXT_FIRST_NAME][b]);
  if (cmp == 0 && column == TURNOUT_MEMBER_COLUMN_NAME)
    cmp = compare_texts (self, t[TURNOUT_MEMBER_TEXT_EMAIL][a], t[TURNOUT_MEMBER_TEXT_EMAIL][b]);
  if (cmp != 0)
    return cmp;
  return a < b ? -1 : a > b;
}

typedef struct
{
  TurnoutMemberTable  *table;
  TurnoutMemberColumn  column;
  gboolean             descending;
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
      gboolean blank_a = is_blank (shown->table, shown->column, a);
      gboolean blank_b = is_blank (shown->table, shown->column, b);

      if (blank_a != blank_b)
        return blank_a ? 1 : -1;
      if (!blank_a)
        return compare_rows (shown->table, shown->column, b, a);
    }
  return compare_rows (shown->table, shown->column, a, b);
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
  ShownOrder shown = { self, column, !!descending };
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, 0);

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

void
turnout_member_table_prepare_orders (TurnoutMemberTable *self)
{
  for (guint column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    turnout_member_table_get_order (self, column);
}

/* Searching */

/* The id whose folded text contains @offset, searching forward from
 * @from (an id at or before it). The texts are stored in id order, so the
 * matches of one pass come in increasing order: a gallop from the previous
 * match finds the next one in a step or two when most texts match, and in
 * a logarithmic number of steps when they are far apart.
 */
static guint32
string_at (TurnoutMemberTable *self,
           guint32             from,
           gsize               offset)
{
  guint lo = from, hi, step = 1;

  /* fold_offsets[lo] <= offset holds throughout; find a hi beyond it. */
  hi = lo + 1;
  while (hi < self->strings->len && self->fold_offsets[hi] <= offset)
    {
      lo = hi;
      step *= 2;
      hi = MIN (lo + step, self->strings->len);
    }

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->fold_offsets[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static const TurnoutMemberText searched_texts[] = {
  TURNOUT_MEMBER_TEXT_FIRST_NAME, TURNOUT_MEMBER_TEXT_LAST_NAME, TURNOUT_MEMBER_TEXT_EMAIL,
  TURNOUT_MEMBER_TEXT_COMPANY, TURNOUT_MEMBER_TEXT_JOB_TITLE,
};

/* A needle made ready once for a search over many texts. memmem()
 * prepares its needle again on each call, and a search that matches most
 * texts calls it once per text: for needles of three bytes or more, a
 * Horspool search by the last two bytes of the window (pairs of letters
 * are rarer than letters) with its table made once. Shorter needles have
 * little to prepare and go to memmem().
 */
#define PAIR_HASH(a, b) (((guint) (a) << 3 ^ (guint) (b)) & 0xff)

typedef struct
{
  const guchar *needle;
  gsize         len;
  gsize         on_miss;       /* how far to move when the last pair matches but not all */
  gsize         shift[256];    /* by the window's last pair; 0: the needle's last pair */
} Finder;

static void
finder_init (Finder     *finder,
             const char *needle)
{
  const guchar *n = (const guchar *) needle;
  gsize len = strlen (needle);
  guint last;

  finder->needle = n;
  finder->len = len;
  if (len < 3)
    return;

  /* A window whose last pair is not in the needle moves on until only
   * that pair's second byte is left in it; one whose last pair is, until
   * the pair lines up with its last place in the needle (later places
   * give shorter moves, so a hash shared by several pairs keeps the
   * shortest).
   */
  for (guint h = 0; h < 256; h++)
    finder->shift[h] = len - 1;
  for (gsize i = 1; i + 1 < len; i++)
    finder->shift[PAIR_HASH (n[i - 1], n[i])] = len - 1 - i;
  last = PAIR_HASH (n[len - 2], n[len - 1]);
  finder->on_miss = finder->shift[last];
  finder->shift[last] = 0;
}

/* The first place in [p, end) where the needle is, or NULL. */
static const char *
finder_find (const Finder *finder,
             const char   *p,
             const char   *end)
{
  const guchar *at = (const guchar *) p;
  gsize len = finder->len;

  if (len < 3)
    return memmem (p, end - p, finder->needle, len);

  while ((gsize) ((const guchar *) end - at) >= len)
    {
      gsize shift = finder->shift[PAIR_HASH (at[len - 2], at[len - 1])];

      if (shift == 0)
        {
          if (memcmp (at, finder->needle, len) == 0)
            return (const char *) at;
          shift = finder->on_miss;
        }
      at += shift;
    }
  return NULL;
}

/* Marks in @hits the texts that contain @needle, in one pass over them
 * all; returns how many. The texts are stored one after another, each
 * ending in a NUL that no needle holds, so no match spans two.
 */
static guint
hit_texts (TurnoutMemberTable *self,
           const char         *needle,
           guint8             *hits)
{
  Finder finder;
  const char *p = self->folded;
  const char *end = self->folded + self->folded_len;
  guint32 id = 0;
  guint n_hits = 0;

  finder_init (&finder, needle);
  memset (hits, 0, self->strings->len);
  while (p < end)
    {
      const char *found = finder_find (&finder, p, end);

      if (found == NULL)
        break;
      id = string_at (self, id, found - self->folded);
      hits[id] = 1;
      n_hits++;
      p = self->folded + self->fold_offsets[id + 1];
    }
  return n_hits;
}

/* Of the texts marked in @hits, keeps those that contain @needle. */
static guint
narrow_texts (TurnoutMemberTable *self,
              const char         *needle,
              guint8             *hits)
{
  Finder finder;
  guint n_hits = 0;

  finder_init (&finder, needle);
  for (guint32 id = 0; id < self->strings->len; id++)
    if (hits[id])
      {
        const char *text = self->folded + self->fold_offsets[id];
        const char *text_end = self->folded + self->fold_offsets[id + 1];

        hits[id] = finder_find (&finder, text, text_end) != NULL;
        n_hits += hits[id];
      }
  return n_hits;
}

/* Sets matches[row], for every row or with @narrow only for those already
 * set, to whether one of its searched texts is in @hits, or (for a needle
 * with a space) its first and last name together contain @needle.
 */
static void
match_rows (TurnoutMemberTable *self,
            const char         *needle,
            const guint8       *hits,
            gboolean            narrow,
            guint8             *matches)
{
  /* "anna jans" spans first and last name: only then look at both. */
  gboolean spans_names = strchr (needle, ' ') != NULL;

  for (guint row = 0; row < self->n_rows; row++)
    {
      guint8 m = 0;

      if (narrow && !matches[row])
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (searched_texts) && !m; i++)
        m = hits[self->texts[searched_texts[i]][row]];

      if (!m && spans_names)
        {
          const char *first = folded_text (self, self->texts[TURNOUT_MEMBER_TEXT_FIRST_NAME][row]);
          const char *last = folded_text (self, self->texts[TURNOUT_MEMBER_TEXT_LAST_NAME][row]);
          char buf[512];

          g_snprintf (buf, sizeof buf, "%s %s", first, last);
          m = strstr (buf, needle) != NULL;
        }
      matches[row] = m;
    }
}

/* A search as it is typed */

struct _TurnoutMemberSearch
{
  TurnoutMemberTable *table;
  char               *needle;     /* what hits and matches are for; NULL: nothing yet */
  guint8             *hits;       /* per distinct text */
  guint               n_hits;
  guint8             *matches;    /* per row */
};

TurnoutMemberSearch *
turnout_member_search_new (TurnoutMemberTable *table)
{
  TurnoutMemberSearch *self = g_new0 (TurnoutMemberSearch, 1);

  self->table = turnout_member_table_ref (table);
  self->hits = g_new (guint8, MAX (1, table->strings->len));
  self->matches = g_new (guint8, MAX (1, table->n_rows));
  return self;
}

void
turnout_member_search_free (TurnoutMemberSearch *self)
{
  if (self == NULL)
    return;
  turnout_member_table_unref (self->table);
  g_free (self->needle);
  g_free (self->hits);
  g_free (self->matches);
  g_free (self);
}

/**
 * turnout_member_search_run:
 * @needle: from turnout_fold_for_search (), not empty
 *
 * Sets matches[row] to whether the row's name, e-mail, company or job
 * title contains @needle. A needle that contains the previous
 * one (a key typed at the end, or anywhere) can only match texts and rows
 * that it matched, so only those are looked at again; when they are more
 * than an eighth of the texts, one pass over all of them is quicker than
 * a search in each.
 *
 * Returns: (transfer none): matches[row], valid until the next call
 */
const guint8 *
turnout_member_search_run (TurnoutMemberSearch *self,
                           const char          *needle)
{
  TurnoutMemberTable *table = self->table;
  gboolean narrow;

  g_return_val_if_fail (needle != NULL && *needle != '\0', self->matches);

  narrow = self->needle != NULL && strstr (needle, self->needle) != NULL;
  if (narrow && g_str_equal (needle, self->needle))
    return self->matches;

  /* Looking again at only the texts that matched pays when they are few,
   * or when the finder serves the needle: it is prepared once, where
   * memmem() would prepare it again for each text.
   */
  if (narrow && (strlen (needle) >= 3 || self->n_hits <= table->strings->len / 8))
    self->n_hits = narrow_texts (table, needle, self->hits);
  else
    self->n_hits = hit_texts (table, needle, self->hits);
  match_rows (table, needle, self->hits, narrow, self->matches);

  g_free (self->needle);
  self->needle = g_strdup (needle);
  return self->matches;
}
