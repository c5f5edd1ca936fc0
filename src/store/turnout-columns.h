/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-columns.h: every column of the members, in one table.
 *
 * A column of the members view, of the CSV export, or of both, is one
 * entry in turnout-columns.c: its keys, titles, width, whether it is shown
 * at first, how its cells read and sort, and what the export writes for
 * it. The view, the export, the command line's --columns and the table's
 * orders all read it; the GTK parts (cell widgets, the tones' CSS) stay in
 * the view, keyed by it.
 */
#pragma once

#include "turnout-member-table.h"
#include "turnout-records.h"

G_BEGIN_DECLS

/* The export's columns, in the order an export of every column writes
 * them; the view's are TurnoutMemberColumn (turnout-member-table.h).
 */
typedef enum
{
  TURNOUT_EXPORT_EMAIL,
  TURNOUT_EXPORT_FIRST_NAME,
  TURNOUT_EXPORT_LAST_NAME,
  TURNOUT_EXPORT_COMPANY,
  TURNOUT_EXPORT_JOB_TITLE,
  TURNOUT_EXPORT_STATUS,
  TURNOUT_EXPORT_STATUS_REASON,
  TURNOUT_EXPORT_MEMBER_DATE,
  TURNOUT_EXPORT_STATUS_CHANGED_AT,
  TURNOUT_EXPORT_REACHED_SUCCESS,
  TURNOUT_EXPORT_SUCCESS_AT,
  TURNOUT_EXPORT_ACQUIRED_BY,
  TURNOUT_EXPORT_WAITLIST_POSITION,
  TURNOUT_EXPORT_PUSH_STATE,
  TURNOUT_EXPORT_LIVE_MINUTES,
  TURNOUT_EXPORT_ONDEMAND_MINUTES,
  TURNOUT_EXPORT_ENGAGEMENT_SCORE,
  TURNOUT_EXPORT_ASKED_QUESTIONS,
  TURNOUT_EXPORT_ANSWERED_POLLS,
  TURNOUT_EXPORT_ANSWERED_SURVEYS,
  TURNOUT_EXPORT_RESOURCES_DOWNLOADED,
  TURNOUT_EXPORT_LAUNCH_MODE,
  TURNOUT_EXPORT_N_COLUMNS,
} TurnoutExportColumn;

typedef enum
{
  TURNOUT_COLUMN_IN_VIEW   = 1 << 0,  /* a column of the members view */
  TURNOUT_COLUMN_IN_EXPORT = 1 << 1,  /* a column of the CSV export */
  TURNOUT_COLUMN_SHOWN     = 1 << 2,  /* in the view until hidden */
  TURNOUT_COLUMN_NUMERIC   = 1 << 3,  /* aligned right, digits of one width */
  TURNOUT_COLUMN_EXPAND    = 1 << 4,  /* takes the view's spare width */
  TURNOUT_COLUMN_TOOLTIP   = 1 << 5,  /* its text is often longer than the column */
} TurnoutColumnFlags;

typedef struct
{
  TurnoutColumnFlags    flags;
  /* With IN_VIEW, its column in the view; otherwise the view's column it
   * is exported with (its name for the first and last name), or
   * TURNOUT_MEMBER_N_COLUMNS.
   */
  TurnoutMemberColumn   view;
  TurnoutExportColumn   export;       /* with IN_EXPORT */

  /* In the view */
  const char           *key;          /* kept in the "hidden-columns", "column-order" and "column-widths" settings */
  const char           *title;        /* untranslated: N_() */
  int                   width;        /* in pixels */
  int                   text;         /* the TurnoutMemberText it shows and sorts by; -1: sort_key () */
  char               *(*cell_text)   (TurnoutMemberTable *table,
                                      guint               row);
  gboolean            (*is_blank)    (TurnoutMemberTable *table,
                                      guint               row);   /* NULL: never; blanks sort last */
  guint64             (*sort_key)    (TurnoutMemberTable *table,
                                      guint               row);
  const char         *(*tone)        (TurnoutMemberTable *table,
                                      guint               row);   /* "error", "success", NULL */

  /* In the export */
  const char           *export_key;   /* the export's and --columns' */
  const char           *export_title; /* untranslated: N_(); NULL: the importer's word for csv_field */
  int                   csv_field;    /* a TurnoutCsvField */
  char               *(*export_cell) (const TurnoutMember *member,
                                      TurnoutChannel      *channel,
                                      GHashTable          *waitlist_positions);
} TurnoutColumnInfo;

const TurnoutColumnInfo   *turnout_column_for_view      (TurnoutMemberColumn  column);
const TurnoutColumnInfo   *turnout_column_for_export    (TurnoutExportColumn  column);
const TurnoutMemberColumn *turnout_column_view_order    (void);
TurnoutMemberColumn        turnout_column_view_from_key (const char          *key);

G_END_DECLS
