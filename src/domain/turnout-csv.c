/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-csv.c: the CSV reader and writer.
 *
 * What coordinators' files look like, and what the reader does about it:
 *
 * - Separator: Excel writes ',' or, with a Dutch or German locale, ';'
 *   ("Unicode text" gives tabs). The header line decides, counting
 *   separators outside quotes; Excel's own "sep=;" first line wins.
 * - Encoding, decided once for the whole file, because a coordinator thinks
 *   of "the file's encoding", not of a row's:
 *   * valid UTF-8, with or without a BOM: UTF-8;
 *   * a UTF-16 BOM (Excel's "Unicode text"): converted from UTF-16;
 *   * no valid multi-byte UTF-8 at all but bytes that are not UTF-8 (Excel
 *     "CSV (Comma delimited)" on Windows, a Latin-1 export): the whole file
 *     is read as Windows-1252, and the preview says so;
 *   * mostly UTF-8 with some broken bytes: the file is UTF-8 and each
 *     record holding broken bytes is reported as undecodable and skipped,
 *     since guessing per row would silently garble names.
 * - Quoted fields may hold separators, doubled quotes and line breaks;
 *   records end with CRLF, LF or a lone CR. Line numbers are physical lines
 *   of the file, so a coordinator can find a row in a text editor.
 * - Blank lines, and lines of only separators (";;;" from Excel), are not
 *   records.
 *
 * The writer neutralises cells a spreadsheet would run as a formula (OWASP's
 * advice): a leading =, +, -, @, tab or carriage return gets an apostrophe
 * in front, and so do =, +, - and @ after leading spaces, no-break spaces
 * or tabs, and their full-width forms ＝ ＋ － ＠ (spreadsheets skip the
 * spaces, and some read the full-width forms as the ASCII ones); so does a
 * value that already starts with apostrophes and then one of those. The
 * importer takes one apostrophe off such a cell, so an export read back
 * gives the same values.
 */
#define G_LOG_DOMAIN "turnout-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-csv.h"

G_DEFINE_QUARK (turnout-csv-error-quark, turnout_csv_error)

struct _TurnoutCsvReader
{
  GBytes             *bytes;
  char               *converted;   /* owned text when the file was not UTF-8 */
  const char         *data;
  gsize               len;
  gsize               start;       /* after a BOM and a "sep=" line */
  guint               start_line;
  gsize               pos;
  guint               line;
  char                separator;
  TurnoutCsvEncoding  encoding;
  gboolean            check_rows;  /* UTF-8 with broken bytes somewhere */
  gboolean            has_nul;     /* a NUL byte somewhere: its row is refused */

  GString            *buffer;      /* the current record's fields, NUL separated */
  GArray             *offsets;     /* of gsize into buffer */
  GPtrArray          *fields;      /* const char * into buffer */
  char               *problem;
};

/* Decides the whole file's encoding (see the top of the file). */
static gboolean
decide_encoding (TurnoutCsvReader  *reader,
                 GError           **error)
{
  const char *data = reader->data;
  gsize len = reader->len;
  const char *p;
  const char *end;
  guint invalid = 0;
  gboolean multibyte = FALSE;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      reader->encoding = TURNOUT_CSV_ENCODING_UTF8_BOM;
      reader->data += 3;
      reader->len -= 3;
      reader->check_rows = !g_utf8_validate_len (reader->data, reader->len, NULL);
      return TRUE;
    }

  if (len >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;
      const char *from = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";

      reader->converted = g_convert (data + 2, len - 2, "UTF-8", from, NULL, &written, &local_error);
      if (reader->converted == NULL)
        {
          g_set_error (error, TURNOUT_CSV_ERROR, TURNOUT_CSV_ERROR_ENCODING,
                       _("The file says it is UTF-16 text but cannot be read as such: %s"),
                       local_error->message);
          return FALSE;
        }
      reader->data = reader->converted;
      reader->len = written;
      reader->encoding = TURNOUT_CSV_ENCODING_UTF8;
      reader->check_rows = !g_utf8_validate_len (reader->data, reader->len, NULL);
      return TRUE;
    }

  p = data;
  end = data + len;
  while (p < end)
    {
      const char *bad = NULL;

      if (g_utf8_validate_len (p, end - p, &bad))
        bad = end;

      for (const char *q = p; q < bad; q++)
        if ((guchar) *q >= 0x80)
          {
            multibyte = TRUE;
            break;
          }

      if (bad >= end)
        break;
      /* A NUL byte is no sign of another encoding: its row is refused
       * on its own (turnout_csv_reader_next()). */
      if (*bad != '\0')
        invalid++;
      p = bad + 1;
    }

  if (invalid == 0)
    {
      reader->encoding = TURNOUT_CSV_ENCODING_UTF8;
      return TRUE;
    }

  if (multibyte)
    {
      reader->encoding = TURNOUT_CSV_ENCODING_UTF8;
      reader->check_rows = TRUE;
      return TRUE;
    }

  {
    gsize written = 0;

    /* Windows-1252 leaves five bytes undefined; ISO-8859-1 maps them all. */
    reader->converted = g_convert (data, len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
    if (reader->converted == NULL)
      reader->converted = g_convert (data, len, "UTF-8", "ISO-8859-1", NULL, &written, NULL);
    if (reader->converted == NULL)
      {
        g_set_error (error, TURNOUT_CSV_ERROR, TURNOUT_CSV_ERROR_ENCODING,
                     _("The file is neither UTF-8 nor Windows-1252 text"));
        return FALSE;
      }
    reader->data = reader->converted;
    reader->len = written;
    reader->encoding = TURNOUT_CSV_ENCODING_WINDOWS_1252;
  }

  return TRUE;
}

static char
detect_separator (const char *data,
                  gsize       len)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }

  if (tabs > commas && tabs > semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

/**
 * turnout_csv_reader_new:
 * @bytes: the whole file
 *
 * Returns: (transfer full): a reader, or %NULL when the file cannot be read
 * as text at all (an empty file reads as no records, not as an error).
 */
TurnoutCsvReader *
turnout_csv_reader_new (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(TurnoutCsvReader) reader = NULL;
  gsize size = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  reader = g_new0 (TurnoutCsvReader, 1);
  reader->bytes = g_bytes_ref (bytes);
  reader->data = g_bytes_get_data (bytes, &size);
  reader->len = size;
  if (reader->data == NULL)
    reader->data = "";
  reader->buffer = g_string_sized_new (256);
  reader->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  reader->fields = g_ptr_array_new ();
  reader->line = 1;

  if (!decide_encoding (reader, error))
    return NULL;
  reader->has_nul = memchr (reader->data, '\0', reader->len) != NULL;

  /* Excel's hint line: "sep=;". Only a punctuation character or a tab can
   * separate fields; anything else makes it an ordinary first line. */
  if (reader->len >= 5 && g_ascii_strncasecmp (reader->data, "sep=", 4) == 0 &&
      (reader->data[4] == '\t' || (g_ascii_ispunct (reader->data[4]) && reader->data[4] != '"')) &&
      (reader->len == 5 || reader->data[5] == '\n' || reader->data[5] == '\r'))
    {
      reader->separator = reader->data[4];
      reader->start = 5;
      if (reader->start < reader->len && reader->data[reader->start] == '\r')
        reader->start++;
      if (reader->start < reader->len && reader->data[reader->start] == '\n')
        reader->start++;
      reader->line = 2;
    }
  else
    {
      reader->separator = detect_separator (reader->data, reader->len);
    }

  reader->start_line = reader->line;
  reader->pos = reader->start;

  return g_steal_pointer (&reader);
}

void
turnout_csv_reader_free (TurnoutCsvReader *reader)
{
  if (reader == NULL)
    return;

  g_bytes_unref (reader->bytes);
  g_free (reader->converted);
  g_string_free (reader->buffer, TRUE);
  g_array_unref (reader->offsets);
  g_ptr_array_unref (reader->fields);
  g_free (reader->problem);
  g_free (reader);
}

char
turnout_csv_reader_get_separator (TurnoutCsvReader *reader)
{
  return reader->separator;
}

TurnoutCsvEncoding
turnout_csv_reader_get_encoding (TurnoutCsvReader *reader)
{
  return reader->encoding;
}

double
turnout_csv_reader_get_fraction (TurnoutCsvReader *reader)
{
  if (reader->len == 0)
    return 1.0;
  return (double) reader->pos / (double) reader->len;
}

void
turnout_csv_reader_rewind (TurnoutCsvReader *reader)
{
  reader->pos = reader->start;
  reader->line = reader->start_line;
}

const char *
turnout_csv_encoding_get_display_name (TurnoutCsvEncoding encoding)
{
  switch (encoding)
    {
    case TURNOUT_CSV_ENCODING_UTF8:
      return _("UTF-8");
    case TURNOUT_CSV_ENCODING_UTF8_BOM:
      return _("UTF-8 with a byte order mark");
    case TURNOUT_CSV_ENCODING_WINDOWS_1252:
      return _("Western (Windows-1252)");
    default:
      g_assert_not_reached ();
    }
}

static void
end_field (TurnoutCsvReader *reader)
{
  gsize offset;

  g_string_append_c (reader->buffer, '\0');
  offset = reader->buffer->len;
  g_array_append_val (reader->offsets, offset);
}

/* Counts the line breaks inside a quoted stretch: CRLF, LF and lone CR. */
static void
count_lines (TurnoutCsvReader *reader,
             const char       *from,
             const char       *to)
{
  for (const char *p = from; p < to; p++)
    if (*p == '\n' || (*p == '\r' && (p + 1 >= to || p[1] != '\n')))
      reader->line++;
}

static gboolean
record_is_blank (TurnoutCsvReader *reader)
{
  for (guint i = 0; i < reader->fields->len; i++)
    {
      const char *f = g_ptr_array_index (reader->fields, i);

      for (; *f; f++)
        if (!g_ascii_isspace (*f))
          return FALSE;
    }
  return TRUE;
}

/**
 * turnout_csv_reader_next:
 * @record: (out caller-allocates): the next record
 *
 * Returns: %FALSE at the end of the file. A record that cannot be used
 * (undecodable text, an unclosed quote) comes back with @record->problem set.
 */
gboolean
turnout_csv_reader_next (TurnoutCsvReader *reader,
                         TurnoutCsvRecord *record)
{
  const char *data = reader->data;
  const gsize len = reader->len;
  const char sep = reader->separator;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  for (;;)
    {
      gsize record_start = reader->pos;
      guint first_line = reader->line;
      gboolean unclosed = FALSE;
      gboolean at_end = FALSE;
      gsize zero = 0;

      if (reader->pos >= len)
        return FALSE;

      g_string_truncate (reader->buffer, 0);
      g_array_set_size (reader->offsets, 0);
      g_array_append_val (reader->offsets, zero);
      g_clear_pointer (&reader->problem, g_free);

      while (!at_end)
        {
          gsize pos = reader->pos;

          if (pos < len && data[pos] == '"')
            {
              pos++;
              for (;;)
                {
                  const char *quote = memchr (data + pos, '"', len - pos);

                  if (quote == NULL)
                    {
                      count_lines (reader, data + pos, data + len);
                      g_string_append_len (reader->buffer, data + pos, len - pos);
                      pos = len;
                      unclosed = TRUE;
                      break;
                    }
                  count_lines (reader, data + pos, quote);
                  g_string_append_len (reader->buffer, data + pos, quote - (data + pos));
                  pos = quote - data + 1;
                  if (pos < len && data[pos] == '"')
                    {
                      g_string_append_c (reader->buffer, '"');
                      pos++;
                      continue;
                    }
                  break;
                }
            }

          /* Unquoted text, or what follows a closing quote, up to the end of the field. */
          {
            gsize from = pos;

            while (pos < len && data[pos] != sep && data[pos] != '\n' && data[pos] != '\r')
              pos++;
            g_string_append_len (reader->buffer, data + from, pos - from);
          }

          end_field (reader);

          if (pos >= len)
            at_end = TRUE;
          else if (data[pos] == sep)
            pos++;
          else
            {
              if (data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n')
                pos++;
              pos++;
              reader->line++;
              at_end = TRUE;
            }

          reader->pos = pos;
        }

      g_ptr_array_set_size (reader->fields, 0);
      for (guint i = 0; i + 1 < reader->offsets->len; i++)
        g_ptr_array_add (reader->fields,
                         reader->buffer->str + g_array_index (reader->offsets, gsize, i));

      if (!unclosed && record_is_blank (reader))
        continue;

      if (unclosed)
        reader->problem = g_strdup (_("A quoted field is never closed; the rest of the file was read as part of it"));
      /* A cell would end at the NUL: "Al<NUL>ice" must not become "Al". */
      else if (reader->has_nul && memchr (data + record_start, '\0', reader->pos - record_start) != NULL)
        reader->problem = g_strdup (_("The row contains a NUL byte (a zero byte), which is not text"));
      else if (reader->check_rows &&
               !g_utf8_validate_len (data + record_start, reader->pos - record_start, NULL))
        reader->problem = g_strdup (_("The text is not valid UTF-8 and cannot be read"));

      record->line = first_line;
      record->n_fields = reader->fields->len;
      record->fields = (const char *const *) reader->fields->pdata;
      record->problem = reader->problem;
      return TRUE;
    }
}

/* Header recognition */

static const struct
{
  const char      *name;  /* normalised: case-folded letters and digits only */
  TurnoutCsvField  field;
} header_names[] = {
  { "email", TURNOUT_CSV_FIELD_EMAIL },
  { "emailaddress", TURNOUT_CSV_FIELD_EMAIL },
  { "emailadres", TURNOUT_CSV_FIELD_EMAIL },
  { "mail", TURNOUT_CSV_FIELD_EMAIL },
  { "mailadres", TURNOUT_CSV_FIELD_EMAIL },
  { "emailadresse", TURNOUT_CSV_FIELD_EMAIL },
  { "firstname", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "first", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "givenname", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "forename", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "voornaam", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "roepnaam", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "vorname", TURNOUT_CSV_FIELD_FIRST_NAME },
  { "lastname", TURNOUT_CSV_FIELD_LAST_NAME },
  { "last", TURNOUT_CSV_FIELD_LAST_NAME },
  { "surname", TURNOUT_CSV_FIELD_LAST_NAME },
  { "familyname", TURNOUT_CSV_FIELD_LAST_NAME },
  { "achternaam", TURNOUT_CSV_FIELD_LAST_NAME },
  { "familienaam", TURNOUT_CSV_FIELD_LAST_NAME },
  { "nachname", TURNOUT_CSV_FIELD_LAST_NAME },
  { "company", TURNOUT_CSV_FIELD_COMPANY },
  { "companyname", TURNOUT_CSV_FIELD_COMPANY },
  { "organization", TURNOUT_CSV_FIELD_COMPANY },
  { "organisation", TURNOUT_CSV_FIELD_COMPANY },
  { "organisatie", TURNOUT_CSV_FIELD_COMPANY },
  { "bedrijf", TURNOUT_CSV_FIELD_COMPANY },
  { "bedrijfsnaam", TURNOUT_CSV_FIELD_COMPANY },
  { "firma", TURNOUT_CSV_FIELD_COMPANY },
  { "unternehmen", TURNOUT_CSV_FIELD_COMPANY },
  { "jobtitle", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "title", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "position", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "role", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "functie", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "functietitel", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "berufsbezeichnung", TURNOUT_CSV_FIELD_JOB_TITLE },
  { "status", TURNOUT_CSV_FIELD_STATUS },
  { "programstatus", TURNOUT_CSV_FIELD_STATUS },
  { "memberstatus", TURNOUT_CSV_FIELD_STATUS },
};

/* Case-folds and keeps letters and digits only, so "E-mail", "e_mail" and
 * "E-mail address:" all compare equal to their table entries. */
static char *
normalize_header (const char *header)
{
  g_autofree char *folded = g_utf8_casefold (header, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

TurnoutCsvField
turnout_csv_field_for_header (const char *header)
{
  g_autofree char *name = NULL;

  if (header == NULL || !g_utf8_validate (header, -1, NULL))
    return TURNOUT_CSV_FIELD_NONE;

  name = normalize_header (header);
  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    if (g_str_equal (name, header_names[i].name))
      return header_names[i].field;

  /* Translated exports use our own display names. */
  for (guint f = TURNOUT_CSV_FIELD_EMAIL; f < TURNOUT_CSV_N_FIELDS; f++)
    {
      g_autofree char *display = normalize_header (turnout_csv_field_get_display_name (f));

      if (g_str_equal (name, display))
        return f;
    }

  return TURNOUT_CSV_FIELD_NONE;
}

static const char *const field_keys[TURNOUT_CSV_N_FIELDS] = {
  "none", "email", "first-name", "last-name", "company", "job-title", "status",
};

const char *
turnout_csv_field_to_key (TurnoutCsvField field)
{
  g_return_val_if_fail (field < TURNOUT_CSV_N_FIELDS, NULL);
  return field_keys[field];
}

TurnoutCsvField
turnout_csv_field_from_key (const char *key)
{
  for (guint i = 0; i < TURNOUT_CSV_N_FIELDS; i++)
    if (g_strcmp0 (key, field_keys[i]) == 0)
      return i;
  return TURNOUT_CSV_FIELD_NONE;
}

const char *
turnout_csv_field_get_display_name (TurnoutCsvField field)
{
  switch (field)
    {
    case TURNOUT_CSV_FIELD_NONE:
      return _("Do not import");
    case TURNOUT_CSV_FIELD_EMAIL:
      return _("Email");
    case TURNOUT_CSV_FIELD_FIRST_NAME:
      return _("First Name");
    case TURNOUT_CSV_FIELD_LAST_NAME:
      return _("Last Name");
    case TURNOUT_CSV_FIELD_COMPANY:
      return _("Company");
    case TURNOUT_CSV_FIELD_JOB_TITLE:
      return _("Job Title");
    case TURNOUT_CSV_FIELD_STATUS:
      return _("Status");
    case TURNOUT_CSV_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Writing */

gboolean
turnout_csv_is_formula (const char *value)
{
  /* ＝ ＋ － ＠ in UTF-8 */
  static const char *const wide[] = { "\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0" };
  const char *p = value;

  if (value == NULL || value[0] == '\0')
    return FALSE;
  if (value[0] == '\t' || value[0] == '\r')
    return TRUE;

  for (;;)
    {
      if (*p == ' ' || *p == '\t')
        p++;
      else if (p[0] == '\xC2' && p[1] == '\xA0')  /* U+00A0 */
        p += 2;
      else
        break;
    }

  if (*p != '\0' && strchr ("=+-@", *p) != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (wide); i++)
    if (g_str_has_prefix (p, wide[i]))
      return TRUE;
  return FALSE;
}

/* Apostrophes followed by a formula character: what the writer makes of a
 * formula, and of a value that already looks like that. */
static gboolean
looks_neutralised (const char *value)
{
  const char *p = value;

  while (*p == '\'')
    p++;
  return p > value && turnout_csv_is_formula (p);
}

/* Undoes the writer's neutralising apostrophe. */
char *
turnout_csv_unneutralize (const char *value)
{
  if (value != NULL && looks_neutralised (value))
    return g_strdup (value + 1);
  return g_strdup (value);
}

static void
append_field (GString    *out,
              const char *value,
              char        separator)
{
  char specials[] = { ',', '"', '\n', '\r', '\0' };
  gboolean formula;
  gboolean quote;
  gsize len;

  if (value == NULL)
    value = "";
  /* A value that already starts like a neutralised one gets an apostrophe
   * too, or reading it back would take its own apostrophe off. */
  formula = turnout_csv_is_formula (value) || looks_neutralised (value);
  len = strlen (value);

  /* One pass for the characters that need quotes, not one each. */
  specials[0] = separator;
  quote = formula || value[strcspn (value, specials)] != '\0' ||
          (len > 0 && (g_ascii_isspace (value[0]) || g_ascii_isspace (value[len - 1])));

  if (!quote)
    {
      g_string_append_len (out, value, len);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Appends one record, CRLF terminated as RFC 4180 and Excel expect. */
void
turnout_csv_append_row (GString           *out,
                        const char *const *fields,
                        guint              n_fields,
                        char               separator)
{
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      append_field (out, fields[i], separator);
    }
  g_string_append (out, "\r\n");
}
