/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-csv.h: reading and writing CSV as coordinators really have it.
 *
 * Pure functions over bytes: no GTK, no SQLite, no files. The reader takes
 * the whole file's bytes (so it can be fuzzed and tested without a disk)
 * and hands out one record at a time; the writer appends rows to a GString.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TURNOUT_CSV_ERROR (turnout_csv_error_quark ())

typedef enum
{
  TURNOUT_CSV_ERROR_EMPTY,     /* the file holds no records at all */
  TURNOUT_CSV_ERROR_ENCODING,  /* the text cannot be decoded */
} TurnoutCsvError;

/* The encoding the reader settled on for the whole file. */
typedef enum
{
  TURNOUT_CSV_ENCODING_UTF8,
  TURNOUT_CSV_ENCODING_UTF8_BOM,
  TURNOUT_CSV_ENCODING_WINDOWS_1252,
} TurnoutCsvEncoding;

/* One record. Valid until the next call to turnout_csv_reader_next(). */
typedef struct
{
  guint              line;      /* 1-based line the record starts on */
  guint              n_fields;
  const char *const *fields;    /* UTF-8 unless @problem is set */
  const char        *problem;   /* NULL, or why the record cannot be used */
} TurnoutCsvRecord;

typedef struct _TurnoutCsvReader TurnoutCsvReader;

GQuark            turnout_csv_error_quark         (void);

TurnoutCsvReader *turnout_csv_reader_new          (GBytes            *bytes,
                                                   GError           **error);
void              turnout_csv_reader_free         (TurnoutCsvReader  *reader);
char              turnout_csv_reader_get_separator (TurnoutCsvReader *reader);
TurnoutCsvEncoding turnout_csv_reader_get_encoding (TurnoutCsvReader *reader);
gboolean          turnout_csv_reader_next         (TurnoutCsvReader  *reader,
                                                   TurnoutCsvRecord  *record);
double            turnout_csv_reader_get_fraction (TurnoutCsvReader  *reader);
void              turnout_csv_reader_rewind       (TurnoutCsvReader  *reader);

const char       *turnout_csv_encoding_get_display_name (TurnoutCsvEncoding encoding);

/* The person fields a column can be mapped to. */
typedef enum
{
  TURNOUT_CSV_FIELD_NONE,
  TURNOUT_CSV_FIELD_EMAIL,
  TURNOUT_CSV_FIELD_FIRST_NAME,
  TURNOUT_CSV_FIELD_LAST_NAME,
  TURNOUT_CSV_FIELD_COMPANY,
  TURNOUT_CSV_FIELD_JOB_TITLE,
  TURNOUT_CSV_FIELD_STATUS,
  TURNOUT_CSV_N_FIELDS,
} TurnoutCsvField;

TurnoutCsvField   turnout_csv_field_for_header    (const char        *header);
const char       *turnout_csv_field_to_key        (TurnoutCsvField    field);
TurnoutCsvField   turnout_csv_field_from_key      (const char        *key);
const char       *turnout_csv_field_get_display_name (TurnoutCsvField field);
char             *turnout_csv_unneutralize        (const char        *value);

/* Writing */
void              turnout_csv_append_row          (GString           *out,
                                                   const char *const *fields,
                                                   guint              n_fields,
                                                   char               separator);
gboolean          turnout_csv_is_formula          (const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutCsvReader, turnout_csv_reader_free)

G_END_DECLS
