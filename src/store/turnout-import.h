/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-import.h: members in from a CSV file.
 *
 * Two steps, as the Import dialog shows them: a preview that reads the file
 * and writes nothing (the column mapping, the first rows and every problem),
 * then apply, which writes every good row in one transaction or nothing.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-csv.h"
#include "turnout-db.h"

G_BEGIN_DECLS

#define TURNOUT_IMPORT_ERROR (turnout_import_error_quark ())

typedef enum
{
  TURNOUT_IMPORT_ERROR_EMPTY,     /* no records, or only a header */
  TURNOUT_IMPORT_ERROR_NO_EMAIL,  /* no column is mapped to the e-mail address */
  TURNOUT_IMPORT_ERROR_MAPPING,   /* a field is mapped twice, or a column does not exist */
} TurnoutImportError;

typedef enum
{
  TURNOUT_IMPORT_PROBLEM_BAD_ROW,    /* skipped: no/invalid e-mail, wrong field count, undecodable */
  TURNOUT_IMPORT_PROBLEM_DUPLICATE,  /* skipped: the same e-mail earlier in the file */
  TURNOUT_IMPORT_PROBLEM_REFUSED,    /* kept as is: the rules of movement refused the status */
  TURNOUT_IMPORT_PROBLEM_FORGOTTEN,  /* skipped: the person was forgotten on request (no e-mail kept) */
} TurnoutImportProblemKind;

typedef struct
{
  guint                     line;
  TurnoutImportProblemKind  kind;
  char                     *email;   /* as in the file; may be NULL */
  char                     *reason;
} TurnoutImportProblem;

/* What to do with a file. Columns beyond @n_mapping are not imported. */
typedef struct
{
  const TurnoutCsvField *mapping;     /* NULL: recognise from the header */
  guint                  n_mapping;
  int                    has_header;  /* -1: decide from the first record */
  const char            *status;      /* NULL: the channel's default (Invited) */
} TurnoutImportOptions;

typedef struct
{
  TurnoutCsvEncoding  encoding;
  char                separator;
  gboolean            has_header;
  guint               n_columns;
  GStrv               headers;      /* n_columns titles ("Column 3" without a header) */
  GArray             *mapping;      /* of TurnoutCsvField, n_columns long */
  GPtrArray          *rows;         /* the first rows, each a GStrv of n_columns */
  GArray             *row_lines;    /* of guint: their line numbers */
  GPtrArray          *problems;     /* of TurnoutImportProblem, every one in the file */
  guint               n_records;    /* data records, bad ones included */
  guint               n_good;       /* records that would be written */
} TurnoutImportPreview;

typedef struct
{
  guint      n_added;       /* new members */
  guint      n_moved;       /* existing members whose status changed */
  guint      n_unchanged;   /* existing members already in (or past) the status */
  guint      n_refused;     /* existing members the rules of movement kept where they are */
  guint      n_bad;         /* bad rows, skipped */
  guint      n_duplicates;  /* the same e-mail again, skipped */
  guint      n_forgotten;   /* people forgotten on request (turnout-forget.h), skipped */
  guint      n_wait_listed; /* of added and moved: sent to the wait list for want of a seat */
  guint      n_new_people;  /* people not known before */
  GPtrArray *problems;      /* of TurnoutImportProblem, in line order */
} TurnoutImportReport;

/* Called every few thousand rows on the thread doing the import. */
typedef void (*TurnoutImportProgress) (double   fraction,
                                       gpointer user_data);

GQuark                turnout_import_error_quark     (void);

TurnoutImportPreview *turnout_import_preview         (GBytes                     *bytes,
                                                      const TurnoutImportOptions *options,
                                                      guint                       n_sample_rows,
                                                      GError                    **error);
void                  turnout_import_preview_free    (TurnoutImportPreview       *preview);

TurnoutImportReport  *turnout_import_apply           (TurnoutDb                  *db,
                                                      gint64                      program_id,
                                                      GBytes                     *bytes,
                                                      const TurnoutImportOptions *options,
                                                      TurnoutImportProgress       progress,
                                                      gpointer                    progress_data,
                                                      GCancellable               *cancellable,
                                                      GError                    **error);
void                  turnout_import_report_free     (TurnoutImportReport        *report);
guint                 turnout_import_report_skipped  (const TurnoutImportReport  *report);

void                  turnout_import_problem_free    (TurnoutImportProblem       *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutImportPreview, turnout_import_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutImportReport, turnout_import_report_free)

G_END_DECLS
