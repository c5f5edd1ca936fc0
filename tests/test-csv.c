/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: the CSV reader and writer over a corpus of awkward files,
 * and what importing each of them does to a real database. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-csv.h"
#include "turnout-db.h"
#include "turnout-db-private.h"
#include "turnout-export.h"
#include "turnout-import.h"
#include "turnout-rules.h"
#include "turnout-test-utils.h"

static GBytes *
load_corpus (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* Every record as "LINE:field|field|..." or "LINE!problem", one a line. */
static char *
describe_records (GBytes *bytes,
                  char   *separator,
                  TurnoutCsvEncoding *encoding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutCsvReader) reader = turnout_csv_reader_new (bytes, &error);
  GString *out = g_string_new (NULL);
  TurnoutCsvRecord record;

  g_assert_no_error (error);
  if (separator)
    *separator = turnout_csv_reader_get_separator (reader);
  if (encoding)
    *encoding = turnout_csv_reader_get_encoding (reader);

  while (turnout_csv_reader_next (reader, &record))
    {
      if (record.problem != NULL)
        {
          g_string_append_printf (out, "%u!\n", record.line);
          continue;
        }
      g_string_append_printf (out, "%u:", record.line);
      for (guint i = 0; i < record.n_fields; i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "", record.fields[i]);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char         *file;
  char                separator;
  TurnoutCsvEncoding  encoding;
  const char         *records;
} ReaderCase;

static const ReaderCase reader_cases[] = {
  { "bom-comma.csv", ',', TURNOUT_CSV_ENCODING_UTF8_BOM,
    "1:Email|First Name|Last Name|Company|Job Title\n"
    "2:ann@example.com|Ann|Lee|Acme, Inc.|CEO\n"
    "3:bob@example.org|Bob|de Vries|Globex|Head of \"Growth\"\n" },
  { "semicolon-dutch.csv", ';', TURNOUT_CSV_ENCODING_UTF8,
    "1:E-mailadres|Voornaam|Achternaam|Bedrijf|Functie\n"
    "2:jan@voorbeeld.nl|Jan|Jansen|Jansen, Zonen & Co|Directeur\n"
    "3:Els@Voorbeeld.NL|Els|van Dijk|Gemeente Utrecht|Beleidsmedewerker\n" },
  { "quoted-linebreaks.csv", ',', TURNOUT_CSV_ENCODING_UTF8,
    "1:Email|First Name|Last Name|Company\n"
    "2:ann@example.com|Ann|Lee|Acme\r\nEurope\n"
    "4:bob@example.com|Bob|Brown|Line one\nline two\nline three\n"
    "7:carol@example.com|Carol|O\"Neil|Initech\n" },
  { "empty-lines.csv", ';', TURNOUT_CSV_ENCODING_UTF8,
    "1:Email|First Name\n"
    "3:ann@example.com|Ann\n"
    "7:bob@example.com|Bob\n" },
  { "one-column.csv", ',', TURNOUT_CSV_ENCODING_UTF8,
    "1:ann@example.com\n"
    "2:Bob@Example.com\n"
    "3:carol@example.com\n" },
  { "latin1.csv", ';', TURNOUT_CSV_ENCODING_WINDOWS_1252,
    "1:Email|Voornaam|Achternaam|Bedrijf\n"
    "2:rene@example.fr|René|Dupré|Café Müller\n"
    "3:zoe@example.com|Zoë|Straß|€ Euro BV\n" },
  { "header-only.csv", ',', TURNOUT_CSV_ENCODING_UTF8,
    "1:Email|First Name|Last Name|Company|Job Title\n" },
  { "broken-utf8.csv", ',', TURNOUT_CSV_ENCODING_UTF8,
    "1:Email|First Name\n"
    "2:ann@example.com|René\n"
    "3!\n"
    "4:carol@example.com|Carol\n" },
  { "unclosed-quote.csv", ',', TURNOUT_CSV_ENCODING_UTF8,
    "1:Email|First Name\n"
    "2:ann@example.com|Ann\n"
    "3!\n" },
  { "excel-sep-line.csv", ';', TURNOUT_CSV_ENCODING_UTF8,
    "2:Email|Company\n"
    "3:ann@example.com|Acme, Inc.\n" },
};

static void
test_reader_corpus (gconstpointer data)
{
  const ReaderCase *c = data;
  g_autoptr(GBytes) bytes = load_corpus (c->file);
  g_autofree char *records = NULL;
  TurnoutCsvEncoding encoding;
  char separator;

  records = describe_records (bytes, &separator, &encoding);
  g_assert_cmpstr (records, ==, c->records);
  g_assert_cmpint (separator, ==, c->separator);
  g_assert_cmpint (encoding, ==, c->encoding);
}

static void
test_reader_edges (void)
{
  struct { const char *input; const char *records; } cases[] = {
    { "", "" },
    { "a,b", "1:a|b\n" },
    { "a,b\r\nc,d", "1:a|b\n2:c|d\n" },
    { "a,b\rc,d\r", "1:a|b\n2:c|d\n" },
    { "a,,\"\"\n", "1:a||\n" },
    { "\"x\"\"\",y\n", "1:x\"|y\n" },
    { "\"a\"b,c\n", "1:ab|c\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].input, strlen (cases[i].input));
      g_autofree char *records = describe_records (bytes, NULL, NULL);

      g_assert_cmpstr (records, ==, cases[i].records);
    }
}

static void
test_headers (void)
{
  struct { const char *header; TurnoutCsvField field; } cases[] = {
    { "Email", TURNOUT_CSV_FIELD_EMAIL },
    { "E-mail", TURNOUT_CSV_FIELD_EMAIL },
    { "e-mailadres", TURNOUT_CSV_FIELD_EMAIL },
    { " Email Address ", TURNOUT_CSV_FIELD_EMAIL },
    { "First Name", TURNOUT_CSV_FIELD_FIRST_NAME },
    { "first_name", TURNOUT_CSV_FIELD_FIRST_NAME },
    { "Voornaam", TURNOUT_CSV_FIELD_FIRST_NAME },
    { "Last Name", TURNOUT_CSV_FIELD_LAST_NAME },
    { "Achternaam", TURNOUT_CSV_FIELD_LAST_NAME },
    { "Company", TURNOUT_CSV_FIELD_COMPANY },
    { "Bedrijf", TURNOUT_CSV_FIELD_COMPANY },
    { "Job Title", TURNOUT_CSV_FIELD_JOB_TITLE },
    { "Functie", TURNOUT_CSV_FIELD_JOB_TITLE },
    { "Status", TURNOUT_CSV_FIELD_STATUS },
    { "Phone", TURNOUT_CSV_FIELD_NONE },
    { "", TURNOUT_CSV_FIELD_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (turnout_csv_field_for_header (cases[i].header), ==, cases[i].field);
}

static void
test_writer_formulas (void)
{
  const char *fields[] = {
    "=HYPERLINK(\"http://evil\")", "+31 20 123", "-2+3", "@SUM(A1)", "\tTab", "\rCR",
    "plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "'@already", "''=twice", "'plain",
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutCsvReader) reader = NULL;
  TurnoutCsvRecord record;

  turnout_csv_append_row (out, fields, G_N_ELEMENTS (fields), ',');
  g_assert_cmpstr (out->str, ==,
                   "\"'=HYPERLINK(\"\"http://evil\"\")\",\"'+31 20 123\",\"'-2+3\",\"'@SUM(A1)\","
                   "\"'\tTab\",\"'\rCR\",plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,"
                   "\"''@already\",\"'''=twice\",'plain\r\n");

  /* No cell a spreadsheet reads starts with a formula character. */
  bytes = g_bytes_new (out->str, out->len);
  reader = turnout_csv_reader_new (bytes, NULL);
  g_assert_true (turnout_csv_reader_next (reader, &record));
  g_assert_cmpuint (record.n_fields, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < record.n_fields; i++)
    {
      g_autofree char *back = turnout_csv_unneutralize (record.fields[i]);

      g_assert_false (turnout_csv_is_formula (record.fields[i]));
      g_assert_cmpstr (back, ==, fields[i]);
    }
  g_assert_false (turnout_csv_reader_next (reader, &record));
}

/* A spreadsheet skips leading spaces, no-break spaces and tabs before a
 * formula, and some read the full-width ＝ ＋ － ＠ as = + - @: those
 * cells get the apostrophe too, and read back as they were. */
static void
test_writer_hidden_formulas (void)
{
  const char *fields[] = {
    " =HYPERLINK(\"http://evil\")", "  +1+1", "\t-2", " @SUM(A1)", "\xC2\xA0=1+1", " \xC2\xA0 \t@x",
    "\xEF\xBC\x9D" "1+1", "\xEF\xBC\x8B" "1", "\xEF\xBC\x8D" "1", "\xEF\xBC\xA0" "SUM(A1)", " \xEF\xBC\x9D" "x",
    "' =already", "'\xEF\xBC\x9D" "already",
  };
  const char *harmless[] = { "a=b", " plain", "\xC2\xA0" "plain", "x\xEF\xBC\x9D", "'plain", "" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutCsvReader) reader = NULL;
  TurnoutCsvRecord record;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_true (turnout_csv_is_formula (fields[i]) || fields[i][0] == '\'');
  for (guint i = 0; i < G_N_ELEMENTS (harmless); i++)
    g_assert_false (turnout_csv_is_formula (harmless[i]));

  turnout_csv_append_row (out, fields, G_N_ELEMENTS (fields), ',');
  turnout_csv_append_row (out, harmless, G_N_ELEMENTS (harmless), ',');
  g_assert_true (g_str_has_prefix (out->str, "\"' =HYPERLINK(\"\"http://evil\"\")\",\"'  +1+1\","));
  g_assert_nonnull (strstr (out->str, ",\"'\xEF\xBC\x9D" "1+1\","));

  bytes = g_bytes_new (out->str, out->len);
  reader = turnout_csv_reader_new (bytes, NULL);
  g_assert_true (turnout_csv_reader_next (reader, &record));
  g_assert_cmpuint (record.n_fields, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < record.n_fields; i++)
    {
      g_autofree char *back = turnout_csv_unneutralize (record.fields[i]);

      /* Every cell starts with the apostrophe a spreadsheet shows as text. */
      g_assert_cmpint (record.fields[i][0], ==, '\'');
      g_assert_false (turnout_csv_is_formula (record.fields[i]));
      g_assert_cmpstr (back, ==, fields[i]);
    }
  g_assert_true (turnout_csv_reader_next (reader, &record));
  g_assert_cmpuint (record.n_fields, ==, G_N_ELEMENTS (harmless));
  for (guint i = 0; i < record.n_fields; i++)
    {
      g_autofree char *back = turnout_csv_unneutralize (record.fields[i]);

      g_assert_cmpstr (record.fields[i], ==, harmless[i]);
      g_assert_cmpstr (back, ==, harmless[i]);
    }
  g_assert_false (turnout_csv_reader_next (reader, &record));
}

/* Import outcomes */

typedef struct
{
  char      *path;
  TurnoutDb *db;
  gint64     program_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = turnout_test_temp_db_path ();
  f->db = turnout_test_open_db (f->path);
  f->program_id = turnout_test_add_program (f->db, "Spring Webinar");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  turnout_db_close (f->db);
  g_free (f->path);
}

static char *
describe_problems (GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      TurnoutImportProblem *p = g_ptr_array_index (problems, i);

      g_string_append_printf (out, "%u %s %s: %s\n", p->line,
                              p->kind == TURNOUT_IMPORT_PROBLEM_BAD_ROW ? "bad" :
                              p->kind == TURNOUT_IMPORT_PROBLEM_DUPLICATE ? "duplicate" : "refused",
                              p->email ? p->email : "-", p->reason);
    }
  return g_string_free (out, FALSE);
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_ascii_strcasecmp (*(const char **) a, *(const char **) b);
}

/* Members as "email|first|last|company|job|status", in e-mail order. */
static char *
describe_members (TurnoutDb *db,
                  gint64     program_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = turnout_db_list_members (db, program_id, NULL, NULL, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (members, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s|%s|%s|%s|%s|%s\n", m->person.email, m->person.first_name,
                                               m->person.last_name, m->person.company, m->person.job_title,
                                               m->status));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  joined = g_strjoinv ("", (char **) lines->pdata);
  return g_steal_pointer (&joined);
}

static TurnoutImportReport *
import_corpus (Fixture    *f,
               const char *file,
               GError    **error)
{
  g_autoptr(GBytes) bytes = load_corpus (file);

  return turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, error);
}

typedef struct
{
  const char *file;
  guint       added;
  guint       bad;
  guint       duplicates;
  const char *problems;
  const char *members;
} ImportCase;

static const ImportCase import_cases[] = {
  { "bom-comma.csv", 2, 0, 0, "",
    "ann@example.com|Ann|Lee|Acme, Inc.|CEO|invited\n"
    "bob@example.org|Bob|de Vries|Globex|Head of \"Growth\"|invited\n" },
  { "semicolon-dutch.csv", 2, 0, 0, "",
    "Els@Voorbeeld.NL|Els|van Dijk|Gemeente Utrecht|Beleidsmedewerker|invited\n"
    "jan@voorbeeld.nl|Jan|Jansen|Jansen, Zonen & Co|Directeur|invited\n" },
  { "quoted-linebreaks.csv", 3, 0, 0, "",
    "ann@example.com|Ann|Lee|Acme\nEurope||invited\n"
    "bob@example.com|Bob|Brown|Line one\nline two\nline three||invited\n"
    "carol@example.com|Carol|O\"Neil|Initech||invited\n" },
  /* A NUL byte, an escape sequence, an overlong company, one address in
   * two Unicode forms and a zero-width space: a NUL once cut a cell short
   * and the two forms were once two people. */
  { "hostile-text.csv", 2, 4, 1,
    "3 bad nul@example.com: The row contains a NUL byte (a zero byte), which is not text\n"
    "4 bad esc@example.com: First name contains a control character (U+001B), which is not allowed\n"
    "5 bad long@example.com: Company is too long: at most 1000 characters\n"
    "7 duplicate JOS\xc3\x89@example.com: The same e-mail address is already on line 6\n"
    "8 bad zw\xe2\x80\x8b@example.com: \xe2\x80\x9czw\xe2\x80\x8b@example.com\xe2\x80\x9d is not a valid e-mail address\n",
    "ann@example.com|Ann||Acme||invited\n"
    "jose\xcc\x81@example.com|Jos\xc3\xa9||Acme||invited\n" },
  { "duplicate-email.csv", 2, 0, 1,
    "4 duplicate ann@example.COM: The same e-mail address is already on line 2\n",
    "Ann@Example.com|Ann|Lee|||invited\n"
    "bob@example.com|Bob|Brown|||invited\n" },
  { "invalid-emails.csv", 2, 5, 0,
    "3 bad not-an-email: “not-an-email” is not a valid e-mail address\n"
    "4 bad -: There is no e-mail address\n"
    "5 bad bob@example.com: The row has 2 fields; it should have 3\n"
    "6 bad carol@example.com: The row has 4 fields; it should have 3\n"
    "7 bad dave@example: “dave@example” is not a valid e-mail address\n",
    "ann@example.com|Ann|Lee|||invited\n"
    "erin@example.com|Erin|Ek|||invited\n" },
  { "empty-lines.csv", 2, 0, 0, "",
    "ann@example.com|Ann||||invited\n"
    "bob@example.com|Bob||||invited\n" },
  { "one-column.csv", 3, 0, 0, "",
    "ann@example.com|||||invited\n"
    "Bob@Example.com|||||invited\n"
    "carol@example.com|||||invited\n" },
  { "latin1.csv", 2, 0, 0, "",
    "rene@example.fr|René|Dupré|Café Müller||invited\n"
    "zoe@example.com|Zoë|Straß|€ Euro BV||invited\n" },
  { "broken-utf8.csv", 2, 1, 0,
    "3 bad bob@example.com: The text is not valid UTF-8 and cannot be read\n",
    "ann@example.com|René||||invited\n"
    "carol@example.com|Carol||||invited\n" },
  { "unclosed-quote.csv", 1, 1, 0,
    "3 bad bob@example.com: A quoted field is never closed; the rest of the file was read as part of it\n",
    "ann@example.com|Ann||||invited\n" },
};

static void
test_import_corpus (Fixture       *f,
                    gconstpointer  data)
{
  const ImportCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutImportReport) report = import_corpus (f, c->file, &error);
  g_autofree char *problems = NULL;
  g_autofree char *members = NULL;
  g_autofree char *integrity = NULL;

  g_assert_no_error (error);
  problems = describe_problems (report->problems);
  g_assert_cmpstr (problems, ==, c->problems);
  g_assert_cmpuint (report->n_added, ==, c->added);
  g_assert_cmpuint (report->n_bad, ==, c->bad);
  g_assert_cmpuint (report->n_duplicates, ==, c->duplicates);
  g_assert_cmpuint (report->n_moved, ==, 0);

  members = describe_members (f->db, f->program_id);
  g_assert_cmpstr (members, ==, c->members);

  g_assert_true (turnout_db_check_integrity (f->db, &integrity, &error));
  g_assert_no_error (error);
}

static void
test_import_header_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutImportReport) report = import_corpus (f, "header-only.csv", &error);
  g_autofree char *members = NULL;

  /* A header and nothing else imports nothing, and says so by its counts. */
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 0);
  g_assert_cmpuint (report->problems->len, ==, 0);
  members = describe_members (f->db, f->program_id);
  g_assert_cmpstr (members, ==, "");
}

static void
test_import_empty_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\n\n", 2);
  g_autoptr(TurnoutImportReport) report = NULL;

  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_EMPTY);
  g_assert_null (report);
}

static void
test_import_existing_members (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutPerson) person = NULL;
  g_autoptr(GPtrArray) history = NULL;
  const char *csv = "Email,First Name,Company\n"
                    "ANN@example.com,Ann,New Co\n"
                    "bob@example.com,,\n"
                    "carol@example.com,Carol,\n"
                    "dave@example.com,Dave,\n";
  TurnoutImportOptions options = { .has_header = -1, .status = "registered" };
  gint64 ann = turnout_test_add_person (f->db, f->program_id, "ann@example.com", "invited");

  turnout_test_add_person (f->db, f->program_id, "bob@example.com", "attended");
  turnout_test_add_person (f->db, f->program_id, "carol@example.com", "registered");

  bytes = g_bytes_new_static (csv, strlen (csv));
  report = turnout_import_apply (f->db, f->program_id, bytes, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (report->n_added, ==, 1);      /* dave */
  g_assert_cmpuint (report->n_moved, ==, 1);      /* ann: invited -> registered */
  g_assert_cmpuint (report->n_unchanged, ==, 1);  /* carol: already registered */
  g_assert_cmpuint (report->n_refused, ==, 1);    /* bob: attended cannot go back */
  g_assert_cmpuint (report->n_new_people, ==, 1);
  g_assert_cmpuint (turnout_import_report_skipped (report), ==, 2);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_cmpuint (((TurnoutImportProblem *) g_ptr_array_index (report->problems, 0))->line, ==, 3);

  /* Matched case-insensitively: the same person, updated, not duplicated. */
  person = turnout_db_find_person (f->db, "ann@EXAMPLE.com", &error);
  g_assert_no_error (error);
  g_assert_cmpint (person->id, ==, ann);
  g_assert_cmpstr (person->company, ==, "New Co");
  g_assert_cmpstr (person->last_name, ==, "ann@example.com");  /* an empty cell keeps what was there */

  history = turnout_db_get_history (f->db, f->program_id, ann, &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((TurnoutHistoryEntry *) g_ptr_array_index (history, 1))->source, ==, "import");
}

/* A list of 600 imported again, in full batches: as Registered, with
 * new names for every other person and empty cells for every third, then
 * once more unchanged. Each member moves once, the people are updated
 * (empty cells keep what was there), nobody is duplicated; the third time
 * nothing moves and no person's row is written. On a team database the
 * known people are found a batch at a time and their members read ahead:
 * the same outcome as a row at a time. */
static void
test_import_again (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) first = g_string_new ("Email,First Name,Last Name\n");
  g_autoptr(GString) again = g_string_new ("Email,First Name,Last Name\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(GPtrArray) members = NULL;
  TurnoutImportOptions registered = { .has_header = -1, .status = "registered" };
  int people_before;

  for (guint i = 0; i < 600; i++)
    {
      g_string_append_printf (first, "p%u@example.com,First %u,Last %u\n", i, i, i);
      if (i % 3 == 0)
        g_string_append_printf (again, "P%u@example.com,,\n", i);
      else if (i % 2 == 0)
        g_string_append_printf (again, "p%u@example.com,New %u,Newer %u\n", i, i, i);
      else
        g_string_append_printf (again, "p%u@example.com,First %u,Last %u\n", i, i, i);
    }

  bytes = g_bytes_new (first->str, first->len);
  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 600);
  g_clear_pointer (&report, turnout_import_report_free);
  g_clear_pointer (&bytes, g_bytes_unref);
  people_before = turnout_test_query_int (f->db, "SELECT count(*) FROM people");

  bytes = g_bytes_new (again->str, again->len);
  report = turnout_import_apply (f->db, f->program_id, bytes, &registered, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 0);
  g_assert_cmpuint (report->n_moved, ==, 600);
  g_assert_cmpuint (report->n_new_people, ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people"), ==, people_before);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM status_history"), ==, 1200);

  members = turnout_db_list_members (f->db, f->program_id, "registered", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 600);
  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (members, i);
      guint n = (guint) g_ascii_strtoull (m->person.email + 1, NULL, 10);
      g_autofree char *first_name = g_strdup_printf (n % 3 != 0 && n % 2 == 0 ? "New %u" : "First %u", n);
      g_autofree char *last_name = g_strdup_printf (n % 3 != 0 && n % 2 == 0 ? "Newer %u" : "Last %u", n);

      g_assert_cmpstr (m->person.first_name, ==, first_name);
      g_assert_cmpstr (m->person.last_name, ==, last_name);
    }
  g_clear_pointer (&report, turnout_import_report_free);

  /* Once more: nothing to move, nothing to write. */
  if (turnout_db_is_postgres (f->db))
    g_assert_true (turnout_db_exec (f->db, "CREATE TEMP TABLE written AS SELECT id, xmin::text AS x FROM people",
                                    NULL));
  else
    g_assert_true (turnout_db_exec (f->db, "CREATE TEMP TABLE written (id INTEGER);"
                                    "CREATE TEMP TRIGGER people_written AFTER UPDATE ON people"
                                    " BEGIN INSERT INTO written VALUES (new.id); END",
                                    NULL));
  report = turnout_import_apply (f->db, f->program_id, bytes, &registered, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_unchanged, ==, 600);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM status_history"), ==, 1200);
  g_assert_cmpint (turnout_test_query_int (f->db, turnout_db_is_postgres (f->db)
                                           ? "SELECT count(*) FROM people p JOIN written w"
                                             " ON w.id = p.id AND w.x != p.xmin::text"
                                           : "SELECT count(*) FROM written"), ==, 0);
}

static void
on_progress_cancel (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static guint
count_rows (TurnoutDb  *db,
            gint64      program_id)
{
  g_autoptr(GPtrArray) members = turnout_db_list_members (db, program_id, NULL, NULL, NULL);
  return members->len;
}

static GBytes *
make_big_csv (guint n)
{
  GString *out = g_string_new ("Email;Voornaam;Achternaam;Bedrijf;Functie\r\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "person%u@example.com;First %u;Last %u;Company %u;Title %u\r\n",
                            i, i, i, i % 97, i % 13);
  return g_string_free_to_bytes (out);
}

static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) bytes = make_big_csv (10000);
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(TurnoutPerson) person = NULL;

  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, on_progress_cancel, cancellable,
                                 cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_clear_error (&error);

  /* Nothing left behind: no members, not even the people. */
  g_assert_cmpuint (count_rows (f->db, f->program_id), ==, 0);
  person = turnout_db_find_person (f->db, "person1@example.com", &error);
  g_assert_null (person);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);
}

static void
on_progress_count (double   fraction,
                   gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_import_progress (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_big_csv (10000);
  g_autoptr(TurnoutImportReport) report = NULL;
  double last = 0;

  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, on_progress_count, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 10000);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (count_rows (f->db, f->program_id), ==, 10000);
}


/* Full batches mixing known and new people, members and not: the same
 * outcome as one at a time. */
static void
test_import_batches (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("Email,First Name\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(GPtrArray) members = NULL;
  gint64 other = turnout_test_add_program (f->db, "Other");

  /* 1000 rows: every 3rd person is known (a member elsewhere), every 5th
   * is already a member here, as Attended. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);

      if (i % 5 == 0)
        turnout_test_add_person (f->db, f->program_id, email, "attended");
      else if (i % 3 == 0)
        turnout_test_add_person (f->db, other, email, "invited");
      g_string_append_printf (csv, "P%u@Example.com,Name %u\n", i, i);
    }

  bytes = g_bytes_new (csv->str, csv->len);
  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 800);
  g_assert_cmpuint (report->n_refused, ==, 200);  /* Attended cannot go back to Invited */
  g_assert_cmpuint (report->n_new_people, ==, 1000 - 200 - 267);

  members = turnout_db_list_members (f->db, f->program_id, "invited", NULL, &error);
  g_assert_cmpuint (members->len, ==, 800);
  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (members, i);
      g_autofree char *expected = g_strdup_printf ("Name %s", m->person.email + 1);

      /* The file's name for each person, whether known or new. */
      *strchr (expected, '@') = '\0';
      g_assert_cmpstr (m->person.first_name, ==, expected);
    }
  g_clear_pointer (&members, g_ptr_array_unref);
  members = turnout_db_list_members (f->db, other, NULL, NULL, &error);
  g_assert_cmpuint (members->len, ==, 267);
}

static guint
count_sql (TurnoutDb  *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  TurnoutStmt *stmt = turnout_db_prepare_own (db, sql, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (turnout_stmt_step (stmt) == SQLITE_ROW)
    n++;
  turnout_stmt_free (stmt);
  return n;
}

/* The disk fills up while the file is still being read: the import fails
 * with the disk's error, the reading stops, nothing is written, and the
 * connection is as it was, so the same file imports once there is room. */
static void
test_import_full_disk (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_big_csv (20000);
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autofree char *cap = NULL;

  g_assert_true (turnout_db_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  cap = g_strdup_printf ("PRAGMA max_page_count = %d", turnout_test_query_int (f->db, "PRAGMA page_count") + 40);
  g_assert_true (turnout_db_exec (f->db, cap, NULL));

  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_FULL);
  g_assert_null (report);
  g_clear_error (&error);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM people"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM memberships"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "SELECT count(*) FROM status_history"), ==, 0);
  g_assert_cmpint (turnout_test_query_int (f->db, "PRAGMA foreign_keys"), ==, 1);

  g_assert_true (turnout_db_exec (f->db, "PRAGMA max_page_count = 1073741823", NULL));
  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 20000);
  g_assert_cmpuint (count_rows (f->db, f->program_id), ==, 20000);
}

/* Whole batches of only new people (their ids worked out from the rowids)
 * after one holding known people, the same address twice far apart, then
 * the same people into a program with a seat limit and a rule: every
 * member is the file's person, the seats are counted, and no row points at
 * a program or person that is not there (the import writes without the
 * foreign key checks). */
static void
test_import_new_batches (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("Email,First Name,Last Name\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(TurnoutImportReport) capped_report = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *integrity = NULL;
  TurnoutProgramSpec spec = { .name = "Capped", .capacity = 5 };
  TurnoutImportOptions registered = { .has_header = -1, .status = "registered" };
  gint64 other = turnout_test_add_program (f->db, "Other");
  gint64 capped;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i * 7);

      turnout_test_add_person (f->db, other, email, "invited");
    }

  for (guint i = 0; i < 1300; i++)
    {
      g_string_append_printf (csv, "P%u@Example.com,Name %u,Last %u\n", i, i, i);
      if (i == 1000)
        g_string_append (csv, "p3@EXAMPLE.com,Again,Again\n");
    }

  bytes = g_bytes_new (csv->str, csv->len);
  report = turnout_import_apply (f->db, f->program_id, bytes, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 1300);
  g_assert_cmpuint (report->n_new_people, ==, 1290);
  g_assert_cmpuint (report->n_duplicates, ==, 1);
  g_assert_cmpuint (((TurnoutImportProblem *) g_ptr_array_index (report->problems, 0))->line, ==, 1003);

  members = turnout_db_list_members (f->db, f->program_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1300);
  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (members, i);
      guint n = atoi (m->person.email + 1);
      g_autofree char *first = g_strdup_printf ("Name %u", n);
      g_autofree char *last = g_strdup_printf ("Last %u", n);

      g_assert_cmpstr (m->person.first_name, ==, first);
      g_assert_cmpstr (m->person.last_name, ==, last);
      g_assert_cmpstr (m->status, ==, "invited");
    }
  g_assert_cmpuint (count_sql (f->db, "SELECT 1 FROM people"), ==, 1300);

  /* The same people again, as Registered for five seats, with a rule. */
  capped = turnout_db_add_program (f->db, &spec, &error);
  g_assert_no_error (error);
  turnout_rules_add (f->db, capped, "registered", TURNOUT_RULE_NOTIFY, NULL, NULL, &error);
  g_assert_no_error (error);
  capped_report = turnout_import_apply (f->db, capped, bytes, &registered, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (capped_report->n_added, ==, 1300);
  g_assert_cmpuint (capped_report->n_new_people, ==, 0);
  g_assert_cmpuint (capped_report->n_wait_listed, ==, 1295);
  events = turnout_rules_take_events (f->db, capped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);

  /* SQLite's import writes with its key checks off (a server keeps its own on) */
  if (!turnout_test_engine_is_postgres ())
    g_assert_cmpuint (count_sql (f->db, "PRAGMA foreign_key_check"), ==, 0);
  g_assert_cmpuint (count_sql (f->db, "SELECT 1 FROM status_history WHERE source = 'import'"), ==, 2600);
  g_assert_true (turnout_db_check_integrity (f->db, &integrity, &error));
  g_assert_no_error (error);
}

/* Registered new members under a seat limit, without rules, take the free
 * seats in the file's order and the rest wait: seats already taken and
 * the file's own rows counted alike, the wait list in the file's order. */
static void
test_import_registered_seats (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("Email\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autofree char *integrity = NULL;
  TurnoutProgramSpec spec = { .name = "Seats", .capacity = 700 };
  TurnoutImportOptions registered = { .has_header = -1, .status = "registered" };
  gint64 program = turnout_db_add_program (f->db, &spec, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *email = g_strdup_printf ("before%u@example.com", i);

      turnout_test_add_person (f->db, program, email, "registered");
    }
  for (guint i = 0; i < 1300; i++)
    g_string_append_printf (csv, "new%u@example.com\n", i);
  bytes = g_bytes_new (csv->str, csv->len);

  report = turnout_import_apply (f->db, program, bytes, &registered, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 1300);
  g_assert_cmpuint (report->n_wait_listed, ==, 800);
  g_assert_cmpuint (count_sql (f->db, "SELECT 1 FROM memberships WHERE status = 'registered'"), ==, 700);
  /* The first 500 rows of the file took the seats, the next waits first. */
  g_assert_cmpuint (count_sql (f->db, "SELECT 1 FROM memberships m JOIN people p ON p.id = m.person_id"
                                      " WHERE m.status = 'registered' AND p.email = 'new499@example.com'"), ==, 1);
  g_assert_cmpuint (count_sql (f->db, "SELECT 1 FROM memberships m JOIN people p ON p.id = m.person_id"
                                      " WHERE m.status = 'wait-listed' AND p.email = 'new500@example.com'"
                                      " AND m.waitlist_priority = (SELECT min (waitlist_priority) FROM memberships"
                                      "  WHERE status = 'wait-listed')"), ==, 1);
  g_assert_true (turnout_db_check_integrity (f->db, &integrity, &error));
  g_assert_no_error (error);
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = load_corpus ("invalid-emails.csv");
  g_autoptr(TurnoutImportPreview) preview = turnout_import_preview (bytes, NULL, 3, &error);
  TurnoutCsvField fix[] = { TURNOUT_CSV_FIELD_NONE, TURNOUT_CSV_FIELD_EMAIL };
  TurnoutImportOptions options = { .mapping = fix, .n_mapping = 2, .has_header = -1 };
  g_autoptr(TurnoutImportPreview) fixed = NULL;

  g_assert_no_error (error);
  g_assert_true (preview->has_header);
  g_assert_cmpuint (preview->n_columns, ==, 3);
  g_assert_cmpstr (preview->headers[1], ==, "First Name");
  g_assert_cmpint (g_array_index (preview->mapping, TurnoutCsvField, 0), ==, TURNOUT_CSV_FIELD_EMAIL);
  g_assert_cmpint (g_array_index (preview->mapping, TurnoutCsvField, 2), ==, TURNOUT_CSV_FIELD_LAST_NAME);
  g_assert_cmpuint (preview->rows->len, ==, 3);
  g_assert_cmpuint (g_array_index (preview->row_lines, guint, 2), ==, 4);
  g_assert_cmpuint (preview->n_records, ==, 7);
  g_assert_cmpuint (preview->n_good, ==, 2);
  g_assert_cmpuint (preview->problems->len, ==, 5);

  /* Nothing was written. */
  g_assert_cmpuint (count_rows (f->db, f->program_id), ==, 0);

  /* A mapping the user fixed: the names column as e-mail makes every row bad. */
  fixed = turnout_import_preview (bytes, &options, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixed->n_good, ==, 0);

  /* The same field twice is refused. */
  fix[0] = TURNOUT_CSV_FIELD_EMAIL;
  g_assert_null (turnout_import_preview (bytes, &options, 3, &error));
  g_assert_error (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_MAPPING);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(TurnoutChangeResult) r1 = NULL;
  g_autoptr(TurnoutChangeResult) r2 = NULL;
  g_autoptr(TurnoutChangeResult) r3 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  TurnoutPersonSpec awkward = {
    .email = "Eve@Example.com", .first_name = "=HYPERLINK(\"http://x\")", .last_name = "O'Neil, \"Jr\"",
    .company = "-Minus\nCorp", .job_title = "@lead",
  };
  TurnoutPersonSpec plain = { .email = "frank@example.com", .first_name = "Frank", .last_name = "Zappa",
                              .company = "+Plus BV", .job_title = "\tTabbed" };
  TurnoutPersonSpec accents = { .email = "zoe@example.com", .first_name = "Zoë", .last_name = "Ærø",
                                .company = "Café; Bar", .job_title = "Barista" };
  gint64 copy;

  r1 = turnout_db_add_member (f->db, f->program_id, &awkward, "attended", TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  r2 = turnout_db_add_member (f->db, f->program_id, &plain, "pending-approval", TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  r3 = turnout_db_add_member (f->db, f->program_id, &accents, NULL, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);

  exported = turnout_export_members (f->db, f->program_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (g_bytes_get_data (exported, NULL), ",=HYPERLINK"));

  copy = turnout_test_add_program (f->db, "Copy");
  report = turnout_import_apply (f->db, copy, exported, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 3);
  g_assert_cmpuint (report->problems->len, ==, 0);

  before = describe_members (f->db, f->program_id);
  after = describe_members (f->db, copy);
  g_assert_cmpstr (after, ==, before);
}

static void
test_export_view (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  TurnoutExportColumn columns[] = { TURNOUT_EXPORT_EMAIL, TURNOUT_EXPORT_STATUS };
  TurnoutExportOptions options = { .status = "registered", .search = "example.org",
                                   .columns = columns, .n_columns = 2 };
  guint n = 0;

  turnout_test_add_person (f->db, f->program_id, "a@example.org", "registered");
  turnout_test_add_person (f->db, f->program_id, "b@example.com", "registered");
  turnout_test_add_person (f->db, f->program_id, "c@example.org", "invited");

  bytes = turnout_export_members (f->db, f->program_id, &options, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "\xEF\xBB\xBF" "Email,Status\r\na@example.org,Registered\r\n",
                   strlen ("\xEF\xBB\xBF" "Email,Status\r\na@example.org,Registered\r\n"));
}

/* The file an export writes: formulas behind spaces or in full-width
 * forms neutralised, and read back by the importer as they were. */
static void
test_export_hidden_formulas (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(TurnoutChangeResult) r1 = NULL;
  g_autoptr(TurnoutChangeResult) r2 = NULL;
  g_autofree char *dir = turnout_test_files_dir (f->path);
  g_autofree char *csv = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;
  TurnoutPersonSpec spaced = { .email = "ann@example.com", .first_name = " =HYPERLINK(\"http://x\")",
                               .last_name = "\xC2\xA0" "+1", .company = " @SUM(A1)", .job_title = " -2" };
  TurnoutPersonSpec wide = { .email = "bob@example.com", .first_name = "\xEF\xBC\x9D" "1+1",
                             .last_name = "\xEF\xBC\x8B" "1", .company = "\xEF\xBC\x8D" "1",
                             .job_title = "\xEF\xBC\xA0" "SUM(A1)" };
  gint64 copy;

  r1 = turnout_db_add_member (f->db, f->program_id, &spaced, "registered", TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  r2 = turnout_db_add_member (f->db, f->program_id, &wide, "registered", TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);

  g_assert_true (turnout_export_members_to_file (f->db, f->program_id, NULL, csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, &length, NULL));
  g_assert_nonnull (strstr (contents, ",\"' =HYPERLINK(\"\"http://x\"\")\","));
  g_assert_nonnull (strstr (contents, ",\"'\xC2\xA0" "+1\","));
  g_assert_nonnull (strstr (contents, ",\"' @SUM(A1)\","));
  g_assert_nonnull (strstr (contents, ",\"' -2\","));
  g_assert_nonnull (strstr (contents, ",\"'\xEF\xBC\x9D" "1+1\","));
  g_assert_nonnull (strstr (contents, ",\"'\xEF\xBC\x8B" "1\","));
  g_assert_nonnull (strstr (contents, ",\"'\xEF\xBC\x8D" "1\","));
  g_assert_nonnull (strstr (contents, ",\"'\xEF\xBC\xA0" "SUM(A1)\","));

  copy = turnout_test_add_program (f->db, "Copy");
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

    report = turnout_import_apply (f->db, copy, bytes, NULL, NULL, NULL, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 2);
  before = describe_members (f->db, f->program_id);
  after = describe_members (f->db, copy);
  g_assert_cmpstr (after, ==, before);
}

static guint
export_mode (Fixture    *f,
             const char *csv,
             mode_t      mask)
{
  g_autoptr(GError) error = NULL;
  mode_t saved = umask (mask);
  GStatBuf buf;

  g_assert_true (turnout_export_members_to_file (f->db, f->program_id, NULL, csv, NULL, &error));
  umask (saved);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (csv, &buf), ==, 0);
  return buf.st_mode & 0777;
}

/* An export is the user's file: its mode follows their umask, as a file
 * they saved from any other program, both for a new file and over one. */
static void
test_export_umask (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = turnout_test_files_dir (f->path);
  g_autofree char *csv = g_build_filename (dir, "export.csv", NULL);

  turnout_test_add_person (f->db, f->program_id, "ann@example.com", "registered");

  g_assert_cmpuint (export_mode (f, csv, 002), ==, 0664);
  g_assert_cmpuint (export_mode (f, csv, 077), ==, 0600);
  g_assert_cmpuint (export_mode (f, csv, 022), ==, 0644);
}

/* A large export is written to its file as it is read, in pieces: the
 * file holds exactly what the export in memory gives. A file that cannot
 * be written is named in the error, and a failed export leaves the file
 * there before as it was, with nothing beside it. */
static void
test_export_file_streamed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = turnout_test_files_dir (f->path);
  g_autofree char *csv = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no such folder", "export.csv", NULL);
  g_autofree char *written = NULL;
  g_autoptr(GString) input = g_string_new ("Email,First Name,Last Name,Company\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) in_memory = NULL;
  g_autoptr(GDir) listing = NULL;
  TurnoutImportOptions import_options = { .has_header = -1 };
  TurnoutExportOptions bad = { .status = "no-such-status" };
  TurnoutImportReport *report;
  const char *name;
  gsize length;
  guint n = 0;
  guint files = 0;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (input, "member%u@example.com,First %u,Last %u,\"Company, %u\"\n", i, i, i, i % 7);
  bytes = g_bytes_new (input->str, input->len);
  report = turnout_import_apply (f->db, f->program_id, bytes, &import_options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 5000);
  turnout_import_report_free (report);

  in_memory = turnout_export_members (f->db, f->program_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (in_memory), >, 2 * 256 * 1024);
  g_assert_true (turnout_export_members_to_file (f->db, f->program_id, NULL, csv, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5000);
  g_assert_true (g_file_get_contents (csv, &written, &length, NULL));
  g_assert_cmpmem (written, length, g_bytes_get_data (in_memory, NULL), g_bytes_get_size (in_memory));

  g_assert_false (turnout_export_members_to_file (f->db, f->program_id, NULL, missing, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "export.csv"));
  g_clear_error (&error);

  g_assert_false (turnout_export_members_to_file (f->db, f->program_id, &bad, csv, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&written, g_free);
  g_assert_true (g_file_get_contents (csv, &written, &length, NULL));
  g_assert_cmpmem (written, length, g_bytes_get_data (in_memory, NULL), g_bytes_get_size (in_memory));
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "export.csv"))
      files++;
  g_assert_cmpuint (files, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reader_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/csv/reader/%s", reader_cases[i].file);
      g_test_add_data_func (name, &reader_cases[i], test_reader_corpus);
    }
  g_test_add_func ("/csv/reader/edges", test_reader_edges);
  g_test_add_func ("/csv/headers", test_headers);
  g_test_add_func ("/csv/writer/formulas", test_writer_formulas);
  g_test_add_func ("/csv/writer/hidden-formulas", test_writer_hidden_formulas);

  for (guint i = 0; i < G_N_ELEMENTS (import_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/csv/import/%s", import_cases[i].file);
      g_test_add (name, Fixture, &import_cases[i], fixture_set_up, test_import_corpus, fixture_tear_down);
    }
  g_test_add ("/csv/import/header-only", Fixture, NULL, fixture_set_up, test_import_header_only, fixture_tear_down);
  g_test_add ("/csv/import/empty", Fixture, NULL, fixture_set_up, test_import_empty_file, fixture_tear_down);
  g_test_add ("/csv/import/existing", Fixture, NULL, fixture_set_up, test_import_existing_members, fixture_tear_down);
  g_test_add ("/csv/import/cancel", Fixture, NULL, fixture_set_up, test_import_cancel, fixture_tear_down);
  g_test_add ("/csv/import/progress", Fixture, NULL, fixture_set_up, test_import_progress, fixture_tear_down);
  if (turnout_test_sqlite_only ("/csv/import/full-disk"))
    g_test_add ("/csv/import/full-disk", Fixture, NULL, fixture_set_up, test_import_full_disk, fixture_tear_down);
  g_test_add ("/csv/import/batches", Fixture, NULL, fixture_set_up, test_import_batches, fixture_tear_down);
  g_test_add ("/csv/import/again", Fixture, NULL, fixture_set_up, test_import_again, fixture_tear_down);
  g_test_add ("/csv/import/new-batches", Fixture, NULL, fixture_set_up, test_import_new_batches, fixture_tear_down);
  g_test_add ("/csv/import/registered-seats", Fixture, NULL, fixture_set_up, test_import_registered_seats,
              fixture_tear_down);
  g_test_add ("/csv/import/preview", Fixture, NULL, fixture_set_up, test_preview, fixture_tear_down);
  g_test_add ("/csv/export/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/csv/export/view", Fixture, NULL, fixture_set_up, test_export_view, fixture_tear_down);
  g_test_add ("/csv/export/hidden-formulas", Fixture, NULL, fixture_set_up, test_export_hidden_formulas, fixture_tear_down);
  g_test_add ("/csv/export/umask", Fixture, NULL, fixture_set_up, test_export_umask, fixture_tear_down);
  g_test_add ("/csv/export/file-streamed", Fixture, NULL, fixture_set_up, test_export_file_streamed, fixture_tear_down);

  return g_test_run ();
}
