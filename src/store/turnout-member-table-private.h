/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-table-private.h: what the member table's files share.
 *
 * The table's arrays and its builder, for the loader
 * (turnout-member-table-load.c), the orders (turnout-member-table-order.c)
 * and the search (turnout-member-search.c). Nothing outside those reads
 * them.
 */
#pragma once

#include "turnout-member-table.h"

G_BEGIN_DECLS

struct _TurnoutMemberTable
{
  gatomicrefcount  ref_count;
  gint64           program_id;
  TurnoutChannel  *channel;
  guint            n_rows;

  gint64          *person_ids;
  guint32         *texts[TURNOUT_MEMBER_N_TEXTS];   /* string ids */
  guint8          *status;
  /* Unix seconds, 0: none; see _turnout_member_table_date () */
  guint32         *member_date;
  guint32         *status_changed;
  guint32         *success_at;
  gint64          *wide_dates;
  gint32          *live_minutes;
  gint32          *ondemand_minutes;
  guint8          *push_state;
  float           *engagement_score;                /* < 0: none */
  gint32          *activity[TURNOUT_MEMBER_N_ACTIVITIES]; /* < 0: none */
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
  GArray             *wide_dates;
  GArray             *live_minutes;
  GArray             *ondemand_minutes;
  GByteArray         *push_state;
  GArray             *engagement_score;
  GArray             *activity[TURNOUT_MEMBER_N_ACTIVITIES];
  const char         *last_status_key;  /* the channel's own */
  guint8              last_status;
};


void _turnout_member_table_builder_reserve (TurnoutMemberTableBuilder   *builder,
                                            guint                        n);
void _turnout_member_table_builder_grow    (TurnoutMemberTableBuilder   *builder,
                                            guint                        n);
void _turnout_member_table_builder_set_row (TurnoutMemberTableBuilder   *builder,
                                            guint                        at,
                                            const TurnoutMemberTableRow *row);
/* Puts the rows in the order @order (order[k]: the row that goes k-th, a
 * permutation of all of them). */
void _turnout_member_table_builder_reorder (TurnoutMemberTableBuilder   *builder,
                                            const guint32               *order);
void _turnout_member_table_builder_free    (TurnoutMemberTableBuilder   *builder);

/* A column order's room, and its end. */
guint32 *_turnout_member_table_order_new   (TurnoutMemberTable          *self);
void _turnout_member_table_order_free      (TurnoutMemberTable          *self,
                                            guint32                     *order);

/* For tests: sorts @n rows by @k1 (then by row) as a column's order is
 * sorted, a heap sort below @depth levels of the quicksort. */
void _turnout_member_table_sort_rows       (const guint64               *k1,
                                            guint                        n,
                                            guint                        depth,
                                            guint32                     *rows);

/* Dates in 32 bits, 4 bytes a row less each at a million rows: a date
 * from 1970 until 2097 (0: none) as itself, any other from
 * TURNOUT_MEMBER_TABLE_WIDE_DATE on, as its place in wide_dates. */
#define TURNOUT_MEMBER_TABLE_WIDE_DATE 0xF0000000u

static inline gint64
_turnout_member_table_date (TurnoutMemberTable *self,
                            guint32             stored)
{
  return stored < TURNOUT_MEMBER_TABLE_WIDE_DATE ? (gint64) stored
                                                 : self->wide_dates[stored - TURNOUT_MEMBER_TABLE_WIDE_DATE];
}

/* The folded form of the distinct text @id. */
static inline const char *
_turnout_member_table_folded_text (TurnoutMemberTable *self,
                                   guint32             id)
{
  return self->folded + self->fold_offsets[id];
}

G_END_DECLS
