/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-table.h: one program's members as compact arrays.
 *
 * The members table must stay quick at a million rows, so it is not a list
 * of records: each field is an array indexed by row, text is interned once
 * (a company name shared by ten thousand members is stored once), and the
 * keys that searching and sorting need are computed ahead. A table is
 * immutable once loaded and may be read from any thread.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-db.h"

G_BEGIN_DECLS

/* The members view's columns, in the order it shows them; what each one
 * is, shows and sorts by is its entry in turnout-columns.c.
 */
typedef enum
{
  TURNOUT_MEMBER_COLUMN_NAME,
  TURNOUT_MEMBER_COLUMN_EMAIL,
  TURNOUT_MEMBER_COLUMN_COMPANY,
  TURNOUT_MEMBER_COLUMN_JOB_TITLE,
  TURNOUT_MEMBER_COLUMN_STATUS,
  TURNOUT_MEMBER_COLUMN_STATUS_REASON,
  TURNOUT_MEMBER_COLUMN_MEMBER_DATE,
  TURNOUT_MEMBER_COLUMN_STATUS_CHANGED,
  TURNOUT_MEMBER_COLUMN_SUCCESS,
  TURNOUT_MEMBER_COLUMN_LIVE_MINUTES,
  TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES,
  TURNOUT_MEMBER_COLUMN_PUSH,
  TURNOUT_MEMBER_COLUMN_ENGAGEMENT,
  TURNOUT_MEMBER_COLUMN_ASKED_QUESTIONS,
  TURNOUT_MEMBER_COLUMN_ANSWERED_POLLS,
  TURNOUT_MEMBER_COLUMN_ANSWERED_SURVEYS,
  TURNOUT_MEMBER_COLUMN_RESOURCES_DOWNLOADED,
  TURNOUT_MEMBER_N_COLUMNS
} TurnoutMemberColumn;

typedef enum
{
  TURNOUT_MEMBER_TEXT_FIRST_NAME,
  TURNOUT_MEMBER_TEXT_LAST_NAME,
  TURNOUT_MEMBER_TEXT_EMAIL,
  TURNOUT_MEMBER_TEXT_COMPANY,
  TURNOUT_MEMBER_TEXT_JOB_TITLE,
  TURNOUT_MEMBER_TEXT_STATUS_REASON,
  TURNOUT_MEMBER_N_TEXTS
} TurnoutMemberText;

/* What ON24 counts a member did besides watching. */
typedef enum
{
  TURNOUT_MEMBER_ACTIVITY_ASKED_QUESTIONS,
  TURNOUT_MEMBER_ACTIVITY_ANSWERED_POLLS,
  TURNOUT_MEMBER_ACTIVITY_ANSWERED_SURVEYS,
  TURNOUT_MEMBER_ACTIVITY_RESOURCES_DOWNLOADED,
  TURNOUT_MEMBER_N_ACTIVITIES
} TurnoutMemberActivity;

typedef struct _TurnoutMemberTable TurnoutMemberTable;

#define TURNOUT_TYPE_MEMBER_TABLE (turnout_member_table_get_type ())
GType turnout_member_table_get_type (void) G_GNUC_CONST;

/* Runs on the store's thread. */
TurnoutMemberTable *turnout_member_table_load          (TurnoutDb           *db,
                                                        gint64               program_id,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

/* For tests and the benchmark: a table built from rows in memory. */
typedef struct
{
  gint64      person_id;
  const char *texts[TURNOUT_MEMBER_N_TEXTS];
  const char *status;
  gint64      member_date;       /* Unix seconds; 0: none */
  gint64      status_changed;
  gint64      success_at;
  int         live_minutes;      /* -1: none */
  int         ondemand_minutes;
  TurnoutPushState push_state;  /* the registration's state at ON24 */
  double      engagement_score;  /* < 0: none */
  int         activity[TURNOUT_MEMBER_N_ACTIVITIES]; /* < 0: none */
} TurnoutMemberTableRow;

typedef struct _TurnoutMemberTableBuilder TurnoutMemberTableBuilder;

TurnoutMemberTableBuilder *
                    turnout_member_table_builder_new   (gint64               program_id,
                                                        TurnoutChannel      *channel);
void                turnout_member_table_builder_add   (TurnoutMemberTableBuilder   *builder,
                                                        const TurnoutMemberTableRow *row);
TurnoutMemberTable *turnout_member_table_builder_end   (TurnoutMemberTableBuilder   *builder);

TurnoutMemberTable *turnout_member_table_ref           (TurnoutMemberTable  *self);
void                turnout_member_table_unref         (TurnoutMemberTable  *self);

gint64              turnout_member_table_get_program_id (TurnoutMemberTable *self);
TurnoutChannel     *turnout_member_table_get_channel   (TurnoutMemberTable  *self);
guint               turnout_member_table_get_n_rows    (TurnoutMemberTable  *self);
gint64              turnout_member_table_get_person_id (TurnoutMemberTable  *self,
                                                        guint                row);
void                turnout_member_table_get_person_ids (TurnoutMemberTable *self,
                                                         const guint32      *rows,
                                                         guint               n,
                                                         gint64             *ids);

/* Positions @first to @first + @n - 1 of @table with every row shown in
 * one order: @column's (-1: as loaded), reversed when @descending (the
 * rows blank in that column staying last), as a members list shows them
 * with no search and no status chosen. */
typedef struct
{
  TurnoutMemberTable *table;
  int                 column;
  gboolean            descending;
  guint               first;
  guint               n;
} TurnoutMemberRange;

gboolean            turnout_member_table_get_range_person_ids (TurnoutMemberTable       *self,
                                                               const TurnoutMemberRange *range,
                                                               gint64                   *ids);

/* The row at @position of an order of @n_rows rows (@order NULL: as
 * loaded), reversed when @descending but for its last @n_blank rows,
 * which have nothing to show in its column and stay last. */
static inline guint
turnout_member_order_row (const guint32 *order,
                          guint          n_rows,
                          guint          n_blank,
                          gboolean       descending,
                          guint          position)
{
  guint k = descending && position < n_rows - n_blank ? n_rows - n_blank - 1 - position : position;

  return order != NULL ? order[k] : k;
}

const char         *turnout_member_table_get_text      (TurnoutMemberTable  *self,
                                                        guint                row,
                                                        TurnoutMemberText    text);
guint               turnout_member_table_get_status    (TurnoutMemberTable  *self,
                                                        guint                row);
const char         *turnout_member_table_get_status_key (TurnoutMemberTable *self,
                                                        guint                row);
gint64              turnout_member_table_get_member_date (TurnoutMemberTable *self,
                                                          guint               row);
gint64              turnout_member_table_get_status_changed (TurnoutMemberTable *self,
                                                             guint               row);
gint64              turnout_member_table_get_success_at (TurnoutMemberTable *self,
                                                         guint               row);
int                 turnout_member_table_get_live_minutes (TurnoutMemberTable *self,
                                                           guint               row);
int                 turnout_member_table_get_ondemand_minutes (TurnoutMemberTable *self,
                                                               guint               row);
TurnoutPushState    turnout_member_table_get_push_state (TurnoutMemberTable *self,
                                                         guint               row);
/* < 0: none reported */
double              turnout_member_table_get_engagement_score (TurnoutMemberTable *self,
                                                               guint               row);
/* < 0: none reported */
int                 turnout_member_table_get_activity  (TurnoutMemberTable  *self,
                                                        guint                row,
                                                        TurnoutMemberActivity activity);
int                 turnout_member_table_find_person   (TurnoutMemberTable  *self,
                                                        gint64               person_id);
guint               turnout_member_table_count_status  (TurnoutMemberTable  *self,
                                                        guint                status);

/* Row order by @column, ascending; computed once per column and kept;
 * peek returns NULL rather than wait when it is not computed yet.
 * Thread-safe: turnout_member_table_prepare_orders () may fill them on a
 * worker while the main thread asks for one; a column asked for while
 * another thread computes it is waited for, not computed twice.
 */
const guint32      *turnout_member_table_get_order     (TurnoutMemberTable  *self,
                                                        TurnoutMemberColumn  column);
const guint32      *turnout_member_table_peek_order    (TurnoutMemberTable  *self,
                                                        TurnoutMemberColumn  column);
guint               turnout_member_table_get_n_blank    (TurnoutMemberTable  *self,
                                                         TurnoutMemberColumn  column);
void                turnout_member_table_prepare_orders (TurnoutMemberTable *self);
void                turnout_member_table_trim_orders  (TurnoutMemberTable  *self,
                                                        int                  keep,
                                                        int                  also_keep);
guint               turnout_member_table_find_first   (TurnoutMemberTable  *self,
                                                        TurnoutMemberColumn  column,
                                                        gboolean             descending,
                                                        const guint32       *rows,
                                                        guint                n_rows,
                                                        guint32             *first,
                                                        guint                n_first);

/* Call once at start, before any other thread. */
void                 turnout_member_table_tune_allocator (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutMemberTable, turnout_member_table_unref)

G_END_DECLS
