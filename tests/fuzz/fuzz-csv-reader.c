/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv-reader.c: the CSV reader and writer under arbitrary bytes.
 *
 * Whatever the input: the reader either refuses the whole file with an
 * encoding error or hands out records in line order, each usable one valid
 * UTF-8; every usable record written back by the writer (with Excel's
 * "sep=" line, so the separator is not guessed again) reads back as the
 * same fields; and the import preview of the same bytes stays consistent.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "turnout-csv.h"
#include "turnout-import.h"

static void
check_round_trip (const TurnoutCsvRecord *record,
                  char                    separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutCsvReader) reader = NULL;
  TurnoutCsvRecord back;

  g_string_append_printf (out, "sep=%c\n", separator);
  turnout_csv_append_row (out, record->fields, record->n_fields, separator);
  bytes = g_bytes_new (out->str, out->len);

  reader = turnout_csv_reader_new (bytes, NULL);
  g_assert_nonnull (reader);
  g_assert_true (turnout_csv_reader_next (reader, &back));
  g_assert_null (back.problem);
  g_assert_cmpuint (back.n_fields, ==, record->n_fields);
  for (guint i = 0; i < back.n_fields; i++)
    {
      g_autofree char *value = turnout_csv_unneutralize (back.fields[i]);

      g_assert_false (turnout_csv_is_formula (back.fields[i]));
      g_assert_cmpstr (value, ==, record->fields[i]);
    }
  g_assert_false (turnout_csv_reader_next (reader, &back));
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutCsvReader) reader = turnout_csv_reader_new (bytes, &error);
  g_autoptr(TurnoutImportPreview) preview = NULL;
  TurnoutCsvRecord record;
  guint last_line = 0;
  guint n_records = 0;

  if (reader == NULL)
    {
      g_assert_error (error, TURNOUT_CSV_ERROR, TURNOUT_CSV_ERROR_ENCODING);
      return 0;
    }

  while (turnout_csv_reader_next (reader, &record))
    {
      g_assert_cmpuint (record.line, >, last_line);
      g_assert_cmpuint (record.n_fields, >=, 1);
      last_line = record.line;
      n_records++;

      if (record.problem != NULL)
        continue;
      for (guint i = 0; i < record.n_fields; i++)
        g_assert_true (g_utf8_validate (record.fields[i], -1, NULL));
      check_round_trip (&record, turnout_csv_reader_get_separator (reader));
    }

  /* The preview reads the same records, and counts them the same way. */
  preview = turnout_import_preview (bytes, NULL, 3, &error);
  if (preview == NULL)
    {
      g_assert_true (g_error_matches (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_EMPTY) ||
                     g_error_matches (error, TURNOUT_CSV_ERROR, TURNOUT_CSV_ERROR_ENCODING));
      return 0;
    }
  g_assert_cmpuint (preview->n_good, <=, preview->n_records);
  g_assert_cmpuint (preview->n_records + (preview->has_header ? 1 : 0), ==, n_records);
  g_assert_cmpuint (preview->mapping->len, ==, preview->n_columns);
  for (guint i = 0; i < preview->problems->len; i++)
    g_assert_cmpuint (((TurnoutImportProblem *) g_ptr_array_index (preview->problems, i))->line, <=, last_line);

  return 0;
}
