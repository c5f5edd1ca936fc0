/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-import.c: members in from a CSV file.
 *
 * The preview and the import read the file with the same code, so what the
 * preview calls a problem is exactly what the import skips.
 *
 * Speed: a 100k-row file is one transaction, without foreign key checks,
 * with prepared statements; the file is read and checked on a thread of
 * its own while the rows before are written; people and new members are
 * written 256 at a time in multi-row inserts (INSERT ... ON CONFLICT DO
 * NOTHING for people), rows' text is kept in string chunks, and the
 * program's existing memberships are read once up front. Those inserts
 * are INSERT OR FAIL: a statement that may stop halfway on a broken
 * constraint (ABORT, SQLite's default) first copies every page it
 * touches to a statement journal, to undo itself alone, and a 256-row
 * insert spilled that journal to a temporary file: 137 MB written for
 * 100k rows. Any failure here rolls the whole import back, so nothing
 * needs undoing a statement at a time. (A checked foreign key keeps the
 * journal whatever the conflict clause: the keys are not checked here,
 * see turnout_db_begin_bulk ().) SQLite's default page cache serves
 * best: a 128 MB one for the import was slower (0.34 s against 0.20 s
 * at 100k, its pages' first touch), and the WAL gets about as many pages
 * from the small one (36.4 MB against 36.0 MB), spilled as they fill.
 * The WAL checkpoint after the commit runs on the database's checkpoint
 * thread (turnout-checkpointer.c). A person who was not
 * a member gets the membership and its history row written directly (the
 * move from Not in Program is decided by the channel as always); anyone who
 * was already a member, and any move to Registered or Wait Listed (seats,
 * the wait list and the ON24 outbox), goes through turnout_db_apply_move().
 */
#define G_LOG_DOMAIN "turnout-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-forget.h"
#include "turnout-import.h"
#include "turnout-moves-private.h"
#include "turnout-person.h"

G_DEFINE_QUARK (turnout-import-error-quark, turnout_import_error)

#define PROGRESS_EVERY 2048

void
turnout_import_problem_free (TurnoutImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->email);
  g_free (problem->reason);
  g_free (problem);
}

static void
add_problem (GPtrArray                *problems,
             guint                     line,
             TurnoutImportProblemKind  kind,
             const char               *email,
             char                     *reason)
{
  TurnoutImportProblem *problem = g_new0 (TurnoutImportProblem, 1);

  problem->line = line;
  problem->kind = kind;
  problem->email = email && *email ? g_utf8_make_valid (email, -1) : NULL;
  problem->reason = reason;
  g_ptr_array_add (problems, problem);
}

/* How the file's records are read: the same for preview and import. */
typedef struct
{
  TurnoutCsvReader *reader;
  TurnoutChannel   *channel;
  gboolean          has_header;
  guint             header_line;
  guint             n_columns;
  GStrv             headers;
  GArray           *mapping;
  int               column[TURNOUT_CSV_N_FIELDS];  /* -1: not mapped */
  const char       *default_status;
  GHashTable       *seen;                          /* e-mail key -> first line */
  /* Rows' text lives in chunks, not in a string each: a 100k-row file
   * would otherwise be over half a million allocations. */
  GStringChunk     *keys;                          /* the keys of seen, for the whole file */
  GStringChunk     *text;                          /* rows' values, cleared as rows are done */
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->reader, turnout_csv_reader_free);
  g_clear_pointer (&plan->channel, turnout_channel_unref);
  g_clear_pointer (&plan->headers, g_strfreev);
  g_clear_pointer (&plan->mapping, g_array_unref);
  g_clear_pointer (&plan->seen, g_hash_table_unref);
  g_clear_pointer (&plan->keys, g_string_chunk_free);
  g_clear_pointer (&plan->text, g_string_chunk_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static gboolean
plan_set_up (Plan                       *plan,
             GBytes                     *bytes,
             const TurnoutImportOptions *options,
             TurnoutChannel             *channel,
             gboolean                    need_email,
             GError                    **error)
{
  TurnoutCsvRecord first;
  gboolean recognised = FALSE;
  int email_like = -1;

  for (guint f = 0; f < TURNOUT_CSV_N_FIELDS; f++)
    plan->column[f] = -1;
  plan->channel = turnout_channel_ref (channel);
  plan->seen = g_hash_table_new (g_str_hash, g_str_equal);
  plan->keys = g_string_chunk_new (64 * 1024);
  plan->text = g_string_chunk_new (64 * 1024);

  plan->reader = turnout_csv_reader_new (bytes, error);
  if (plan->reader == NULL)
    return FALSE;

  if (!turnout_csv_reader_next (plan->reader, &first))
    {
      g_set_error (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_EMPTY,
                   _("The file holds no rows"));
      return FALSE;
    }

  plan->n_columns = first.n_fields;
  plan->header_line = first.line;

  for (guint i = 0; i < first.n_fields; i++)
    {
      if (turnout_csv_field_for_header (first.fields[i]) != TURNOUT_CSV_FIELD_NONE)
        recognised = TRUE;
      if (email_like < 0 && first.problem == NULL && turnout_email_is_valid (first.fields[i]))
        email_like = i;
    }

  if (options != NULL && options->has_header >= 0)
    plan->has_header = options->has_header;
  else
    plan->has_header = recognised || email_like < 0;

  plan->headers = g_new0 (char *, plan->n_columns + 1);
  for (guint i = 0; i < plan->n_columns; i++)
    {
      if (plan->has_header && first.fields[i][0] != '\0')
        plan->headers[i] = g_utf8_make_valid (first.fields[i], -1);
      else
        plan->headers[i] = g_strdup_printf (_("Column %u"), i + 1);
    }

  plan->mapping = g_array_sized_new (FALSE, TRUE, sizeof (TurnoutCsvField), plan->n_columns);
  g_array_set_size (plan->mapping, plan->n_columns);

  if (options != NULL && options->mapping != NULL)
    {
      for (guint i = 0; i < options->n_mapping; i++)
        {
          TurnoutCsvField field = options->mapping[i];

          if (field == TURNOUT_CSV_FIELD_NONE)
            continue;
          if (i >= plan->n_columns)
            {
              g_set_error (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_MAPPING,
                           _("The file has %u columns; there is no column %u"),
                           plan->n_columns, i + 1);
              return FALSE;
            }
          if (field >= TURNOUT_CSV_N_FIELDS || plan->column[field] >= 0)
            {
              g_set_error (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_MAPPING,
                           _("“%s” is chosen for more than one column"),
                           turnout_csv_field_get_display_name (field));
              return FALSE;
            }
          plan->column[field] = i;
          g_array_index (plan->mapping, TurnoutCsvField, i) = field;
        }
    }
  else if (plan->has_header)
    {
      for (guint i = 0; i < plan->n_columns; i++)
        {
          TurnoutCsvField field = turnout_csv_field_for_header (first.fields[i]);

          /* The first column that claims a field gets it. */
          if (field != TURNOUT_CSV_FIELD_NONE && plan->column[field] < 0)
            {
              plan->column[field] = i;
              g_array_index (plan->mapping, TurnoutCsvField, i) = field;
            }
        }
    }
  else if (email_like >= 0)
    {
      plan->column[TURNOUT_CSV_FIELD_EMAIL] = email_like;
      g_array_index (plan->mapping, TurnoutCsvField, email_like) = TURNOUT_CSV_FIELD_EMAIL;
    }

  if (need_email && plan->column[TURNOUT_CSV_FIELD_EMAIL] < 0)
    {
      g_set_error (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_NO_EMAIL,
                   _("No column is chosen as the e-mail address"));
      return FALSE;
    }

  plan->default_status = options && options->status ? options->status
                                                     : turnout_channel_get_default_status (channel);
  if (turnout_channel_lookup (channel, plan->default_status) == NULL ||
      g_str_equal (plan->default_status, TURNOUT_STATUS_NOT_IN_PROGRAM))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status members can be imported with"), plan->default_status);
      return FALSE;
    }

  if (!plan->has_header)
    turnout_csv_reader_rewind (plan->reader);

  return TRUE;
}

/* A status named in the file: its key, or its display name in English or
 * in the user's language, in any case. */
static const char *
lookup_status (TurnoutChannel *channel,
               const char     *text)
{
  g_autofree char *wanted = g_utf8_casefold (text, -1);

  for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);
      g_autofree char *name = g_utf8_casefold (status->name, -1);
      g_autofree char *display = g_utf8_casefold (turnout_status_get_display_name (status), -1);

      if (g_str_equal (wanted, status->key) || g_str_equal (wanted, name) || g_str_equal (wanted, display))
        return status->key;
    }
  return NULL;
}

/* One data record, made ready to write. Its text is in the plan's chunks:
 * the values until the plan's text is cleared, the key for the whole file. */
typedef struct
{
  const char *email;
  const char *key;
  const char *values[TURNOUT_CSV_N_FIELDS];
  const char *status;
} Row;

/* The text of a cell, in @chunk. */
static const char *
take_value (GStringChunk           *chunk,
            const TurnoutCsvRecord *record,
            int                     column)
{
  const char *field;
  const char *end;

  if (column < 0 || (guint) column >= record->n_fields)
    return "";

  /* A cell our own export neutralised is taken back exactly; anything else
   * loses the stray spaces spreadsheets leave around values (as
   * g_strstrip() would). */
  field = record->fields[column];
  if (field[0] == '\'')
    {
      g_autofree char *value = turnout_csv_unneutralize (field);

      if (strcmp (value, field) != 0)
        return g_string_chunk_insert (chunk, value);
    }

  while (g_ascii_isspace (*field))
    field++;
  end = field + strlen (field);
  while (end > field && g_ascii_isspace (end[-1]))
    end--;
  if (end == field)
    return "";
  /* A quoted cell over several lines keeps the file's line breaks: CRLF
   * and CR become the newline that text holds (a CR alone is a control
   * character, refused in typed text). */
  if (memchr (field, '\r', end - field) != NULL)
    {
      char *copy = g_string_chunk_insert_len (chunk, field, end - field);
      char *out = copy;

      for (const char *p = copy; *p; p++)
        {
          if (*p == '\r')
            {
              *out++ = '\n';
              if (p[1] == '\n')
                p++;
            }
          else
            *out++ = *p;
        }
      *out = '\0';
      return copy;
    }
  return g_string_chunk_insert_len (chunk, field, end - field);
}

/* turnout_email_key() of a trimmed address, in @chunk; without its Unicode
 * case folding for the ASCII addresses nearly every file holds: the same
 * key, much faster. */
static const char *
email_key (GStringChunk *chunk,
           const char   *email)
{
  gsize len = 0;
  char *key;

  for (const char *p = email; *p; p++, len++)
    if ((guchar) *p >= 0x80)
      {
        g_autofree char *folded = turnout_email_key (email);

        return g_string_chunk_insert (chunk, folded);
      }

  key = g_string_chunk_insert_len (chunk, email, len);
  for (char *p = key; *p; p++)
    *p = g_ascii_tolower (*p);
  return key;
}

static TurnoutTextField
text_field_of (TurnoutCsvField field)
{
  switch (field)
    {
    case TURNOUT_CSV_FIELD_FIRST_NAME:
      return TURNOUT_TEXT_FIRST_NAME;
    case TURNOUT_CSV_FIELD_LAST_NAME:
      return TURNOUT_TEXT_LAST_NAME;
    case TURNOUT_CSV_FIELD_COMPANY:
      return TURNOUT_TEXT_COMPANY;
    case TURNOUT_CSV_FIELD_JOB_TITLE:
      return TURNOUT_TEXT_JOB_TITLE;
    default:
      g_assert_not_reached ();
    }
}

/* Returns FALSE with a problem recorded when the row is skipped. */
static gboolean
plan_read_row (Plan                   *plan,
               const TurnoutCsvRecord *record,
               Row                    *row,
               GStringChunk           *text,
               GPtrArray              *problems)
{
  g_autoptr(GError) text_error = NULL;
  const char *email_field = NULL;
  int email_column = plan->column[TURNOUT_CSV_FIELD_EMAIL];
  gpointer first_line;

  if (email_column >= 0 && (guint) email_column < record->n_fields)
    email_field = record->fields[email_column];

  if (record->problem != NULL)
    {
      add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, email_field,
                   g_strdup (record->problem));
      return FALSE;
    }

  if (record->n_fields != plan->n_columns)
    {
      gboolean extra_blank = record->n_fields > plan->n_columns;

      for (guint i = plan->n_columns; extra_blank && i < record->n_fields; i++)
        if (record->fields[i][0] != '\0')
          extra_blank = FALSE;

      if (!extra_blank)
        {
          add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, email_field,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The row has %u field; it should have %u",
                                                     "The row has %u fields; it should have %u",
                                                     record->n_fields),
                                        record->n_fields, plan->n_columns));
          return FALSE;
        }
    }

  row->email = take_value (text, record, email_column);
  if (row->email[0] == '\0')
    {
      add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, NULL,
                   g_strdup (_("There is no e-mail address")));
      return FALSE;
    }
  if (!turnout_text_check (row->email, TURNOUT_TEXT_EMAIL, &text_error))
    {
      add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, NULL,
                   g_strdup (text_error->message));
      return FALSE;
    }
  if (!turnout_email_is_valid (row->email))
    {
      add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, row->email,
                   g_strdup_printf (_("“%s” is not a valid e-mail address"), row->email));
      return FALSE;
    }

  row->status = plan->default_status;
  if (plan->column[TURNOUT_CSV_FIELD_STATUS] >= 0)
    {
      const char *name = take_value (text, record, plan->column[TURNOUT_CSV_FIELD_STATUS]);

      if (name[0] != '\0')
        {
          row->status = lookup_status (plan->channel, name);
          if (row->status == NULL || g_str_equal (row->status, TURNOUT_STATUS_NOT_IN_PROGRAM))
            {
              add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, row->email,
                           g_strdup_printf (_("“%s” is not a status members can be imported with"), name));
              return FALSE;
            }
        }
    }

  row->key = email_key (plan->keys, row->email);
  if (g_hash_table_lookup_extended (plan->seen, row->key, NULL, &first_line))
    {
      add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_DUPLICATE, row->email,
                   g_strdup_printf (_("The same e-mail address is already on line %u"),
                                    GPOINTER_TO_UINT (first_line)));
      return FALSE;
    }
  g_hash_table_insert (plan->seen, (char *) row->key, GUINT_TO_POINTER (record->line));

  for (guint f = TURNOUT_CSV_FIELD_FIRST_NAME; f <= TURNOUT_CSV_FIELD_JOB_TITLE; f++)
    {
      row->values[f] = take_value (text, record, plan->column[f]);
      if (!turnout_text_check (row->values[f], text_field_of (f), &text_error))
        {
          add_problem (problems, record->line, TURNOUT_IMPORT_PROBLEM_BAD_ROW, row->email,
                       g_strdup (text_error->message));
          return FALSE;
        }
    }

  return TRUE;
}

/* Preview */

void
turnout_import_preview_free (TurnoutImportPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->headers);
  g_clear_pointer (&preview->mapping, g_array_unref);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_clear_pointer (&preview->row_lines, g_array_unref);
  g_clear_pointer (&preview->problems, g_ptr_array_unref);
  g_free (preview);
}

/**
 * turnout_import_preview:
 * @n_sample_rows: how many of the first data rows to keep for display
 *
 * Reads the whole file and writes nothing. A mapping without an e-mail
 * column is not an error here: the preview shows it so it can be fixed.
 */
TurnoutImportPreview *
turnout_import_preview (GBytes                     *bytes,
                        const TurnoutImportOptions *options,
                        guint                       n_sample_rows,
                        GError                    **error)
{
  g_auto(Plan) plan = { 0 };
  g_autoptr(TurnoutImportPreview) preview = g_new0 (TurnoutImportPreview, 1);
  TurnoutCsvRecord record;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!plan_set_up (&plan, bytes, options, turnout_channel_get_webinar (), FALSE, error))
    return NULL;

  preview->encoding = turnout_csv_reader_get_encoding (plan.reader);
  preview->separator = turnout_csv_reader_get_separator (plan.reader);
  preview->has_header = plan.has_header;
  preview->n_columns = plan.n_columns;
  preview->headers = g_strdupv (plan.headers);
  preview->mapping = g_array_ref (plan.mapping);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  preview->row_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  preview->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_import_problem_free);

  while (turnout_csv_reader_next (plan.reader, &record))
    {
      Row row = { 0 };

      /* Nothing keeps the rows' values here. */
      if (++preview->n_records % 1024 == 0)
        g_string_chunk_clear (plan.text);

      if (preview->rows->len < n_sample_rows)
        {
          GStrv cells = g_new0 (char *, plan.n_columns + 1);

          for (guint i = 0; i < plan.n_columns; i++)
            cells[i] = i < record.n_fields ? g_utf8_make_valid (record.fields[i], -1) : g_strdup ("");
          g_ptr_array_add (preview->rows, cells);
          g_array_append_val (preview->row_lines, record.line);
        }

      if (plan.column[TURNOUT_CSV_FIELD_EMAIL] < 0)
        continue;

      if (plan_read_row (&plan, &record, &row, plan.text, preview->problems))
        preview->n_good++;
    }

  return g_steal_pointer (&preview);
}

/* Import */

void
turnout_import_report_free (TurnoutImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

guint
turnout_import_report_skipped (const TurnoutImportReport *report)
{
  return report->n_unchanged + report->n_refused + report->n_bad + report->n_duplicates + report->n_forgotten;
}

#define BATCH_SIZE 256

typedef struct
{
  TurnoutDb            *db;
  const TurnoutProgram *program;
  TurnoutChannel       *channel;
  const char           *now;
  gint64                max_person_before;
  GHashTable           *members;    /* person id -> TRUE, this program's members */
  gboolean              has_rules;
  TurnoutForgotten     *forgotten;  /* NULL: nobody was forgotten */
  /* Prepared once per import: the statement cache's lookup by SQL text
   * costs more than these statements' own work at 100k rows. */
  TurnoutStmt         *insert_person;
  TurnoutStmt         *insert_member;
  TurnoutStmt         *insert_history;
  /* New members are written BATCH_SIZE at a time with multi-row inserts:
   * one statement execution opens the table's and its indexes' cursors
   * once instead of once per row. Owned here, finalized at the end. */
  TurnoutStmt         *batch_person;
  TurnoutStmt         *lookup_people;
  gboolean              expect_known;   /* the last full batch's people were all known */
  TurnoutStmt         *batch_member;
  TurnoutStmt         *batch_history;
  gint64                pending_ids[BATCH_SIZE];
  const TurnoutStatus  *pending_status[BATCH_SIZE];
  guint                 n_pending;
} Writer;

/* A known person: given fields replace stored ones, empty cells keep
 * what is known. A row that would change nothing is not written (a file
 * imported again rewrote every person, and on a team database each
 * UPDATE woke the people trigger). On a team database the rows go in
 * batches, one statement per few thousand people. */
static gboolean
update_person (Writer     *writer,
               gint64      id,
               const Row  *row,
               GError    **error)
{
  TurnoutStmt *stmt =
    turnout_db_prepare_batched (writer->db,
                                "UPDATE people SET"
                                " first_name = CASE WHEN ?2 != '' THEN ?2 ELSE first_name END,"
                                " last_name = CASE WHEN ?3 != '' THEN ?3 ELSE last_name END,"
                                " company = CASE WHEN ?4 != '' THEN ?4 ELSE company END,"
                                " job_title = CASE WHEN ?5 != '' THEN ?5 ELSE job_title END"
                                " WHERE id = ?1 AND (?2 != '' AND ?2 != first_name OR ?3 != '' AND ?3 != last_name"
                                " OR ?4 != '' AND ?4 != company OR ?5 != '' AND ?5 != job_title)",
                                "UPDATE people p SET"
                                " first_name = CASE WHEN v.f != '' THEN v.f ELSE p.first_name END,"
                                " last_name = CASE WHEN v.l != '' THEN v.l ELSE p.last_name END,"
                                " company = CASE WHEN v.c != '' THEN v.c ELSE p.company END,"
                                " job_title = CASE WHEN v.j != '' THEN v.j ELSE p.job_title END"
                                " FROM unnest (CAST (?1 AS bigint[]), CAST (?2 AS text[]), CAST (?3 AS text[]),"
                                "   CAST (?4 AS text[]), CAST (?5 AS text[])) AS v (id, f, l, c, j)"
                                " WHERE p.id = v.id AND (v.f != '' AND v.f != p.first_name"
                                " OR v.l != '' AND v.l != p.last_name OR v.c != '' AND v.c != p.company"
                                " OR v.j != '' AND v.j != p.job_title)",
                                NULL, 0, 1, error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, id);
  turnout_stmt_bind_text (stmt, 2, row->values[TURNOUT_CSV_FIELD_FIRST_NAME], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 3, row->values[TURNOUT_CSV_FIELD_LAST_NAME], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, row->values[TURNOUT_CSV_FIELD_COMPANY], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 5, row->values[TURNOUT_CSV_FIELD_JOB_TITLE], -1, SQLITE_STATIC);
  return turnout_db_step_gathered (writer->db, stmt, FALSE, NULL, error);
}

static gint64
write_person (Writer     *writer,
              const Row  *row,
              GError    **error)
{
  TurnoutStmt *stmt;
  gint64 id = 0;

  /* New people are the common case: one plain insert, no RETURNING (which
   * SQLite runs through a temporary table per execution). */
  if (writer->insert_person == NULL)
    writer->insert_person = turnout_db_prepare (writer->db,
                                                "INSERT INTO people (email, email_key, first_name, last_name,"
                                                " company, job_title, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                                " ON CONFLICT (email_key) DO NOTHING",
                                                error);
  stmt = writer->insert_person;
  if (stmt == NULL)
    return 0;

  turnout_stmt_bind_text (stmt, 1, row->email, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 2, row->key, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 3, row->values[TURNOUT_CSV_FIELD_FIRST_NAME], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, row->values[TURNOUT_CSV_FIELD_LAST_NAME], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 5, row->values[TURNOUT_CSV_FIELD_COMPANY], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 6, row->values[TURNOUT_CSV_FIELD_JOB_TITLE], -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 7, writer->now, -1, SQLITE_STATIC);
  if (!turnout_db_step_done (writer->db, stmt, error))
    return 0;
  if (turnout_db_changes (writer->db) == 1)
    return turnout_db_last_insert_id (writer->db);

  stmt = turnout_db_prepare (writer->db, "SELECT id FROM people WHERE email_key = ?1", error);
  if (stmt == NULL)
    return 0;
  turnout_stmt_bind_text (stmt, 1, row->key, -1, SQLITE_STATIC);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    id = turnout_stmt_column_int64 (stmt, 0);
  turnout_stmt_reset (stmt);
  g_assert (id != 0);

  return update_person (writer, id, row, error) ? id : 0;
}

/* A new member whose status needs no seat, wait list or push: written
 * directly. Mirrors what turnout_db_apply_move() writes for that case. */
static gboolean
write_new_member (Writer      *writer,
                  gint64       person_id,
                  const char  *email,
                  const char  *status_key,
                  GError     **error)
{
  const TurnoutStatus *status = turnout_channel_lookup (writer->channel, status_key);
  TurnoutStmt *stmt;

  if (writer->insert_member == NULL)
    writer->insert_member = turnout_db_prepare (writer->db,
                             "INSERT INTO memberships (program_id, person_id, status, status_reason,"
                             " member_date, status_changed_at, reached_success, success_at, acquired_by)"
                             " VALUES (?1, ?2, ?3, '', ?4, ?4, ?5, CASE WHEN ?5 THEN ?4 END, 'import')",
                             error);
  stmt = writer->insert_member;
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, writer->program->id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  turnout_stmt_bind_text (stmt, 3, status->key, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, writer->now, -1, SQLITE_STATIC);
  turnout_stmt_bind_int (stmt, 5, status->success);
  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    goto failed;
  turnout_stmt_reset (stmt);

  if (writer->insert_history == NULL)
    writer->insert_history = turnout_db_prepare (writer->db,
                             "INSERT INTO status_history (program_id, person_id, old_status, new_status,"
                             " reason, source, at) VALUES (?1, ?2, 'not-in-program', ?3, '', 'import', ?4)",
                             error);
  stmt = writer->insert_history;
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, writer->program->id);
  turnout_stmt_bind_int64 (stmt, 2, person_id);
  turnout_stmt_bind_text (stmt, 3, status->key, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 4, writer->now, -1, SQLITE_STATIC);
  if (turnout_stmt_step (stmt) != SQLITE_DONE)
    goto failed;
  turnout_stmt_reset (stmt);

  if (writer->has_rules)
    {
      TurnoutChangeResult change = {
        .person_id = person_id,
        .email = (char *) email,
        .outcome = TURNOUT_MOVE_CHANGED,
        .old_status = (char *) TURNOUT_STATUS_NOT_IN_PROGRAM,
        .new_status = (char *) status->key,
      };

      if (!turnout_db_after_move (writer->db, writer->program, writer->channel, &change,
                                  TURNOUT_SOURCE_IMPORT, writer->now, error))
        return FALSE;
    }

  return TRUE;

failed:
  turnout_db_set_error (writer->db, turnout_db_errcode (writer->db), error);
  turnout_stmt_reset (stmt);
  return FALSE;
}

static TurnoutStmt *
prepare_batch (Writer      *writer,
               const char  *head,
               const char  *tuple,
               GError     **error)
{
  g_autoptr(GString) sql = g_string_new (head);

  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      if (i > 0)
        g_string_append_c (sql, ',');
      g_string_append_printf (sql, tuple, 3 + 3 * i, 4 + 3 * i, 5 + 3 * i, 5 + 3 * i);
    }

  return turnout_db_prepare_own (writer->db, sql->str, error);
}

static gboolean
run_batch (Writer        *writer,
           TurnoutStmt  *stmt,
           GError       **error)
{
  turnout_stmt_bind_int64 (stmt, 1, writer->program->id);
  turnout_stmt_bind_text (stmt, 2, writer->now, -1, SQLITE_STATIC);
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      turnout_stmt_bind_int64 (stmt, 3 + 3 * i, writer->pending_ids[i]);
      turnout_stmt_bind_text (stmt, 4 + 3 * i, writer->pending_status[i]->key, -1, SQLITE_STATIC);
      turnout_stmt_bind_int (stmt, 5 + 3 * i, writer->pending_status[i]->success);
    }
  return turnout_db_step_done (writer->db, stmt, error);
}

/* Whether the waiting new members are people with consecutive ids, all
 * to one status: what a file of new people comes to. */
static gboolean
pending_is_range (Writer *writer)
{
  for (guint i = 1; i < writer->n_pending; i++)
    if (writer->pending_ids[i] != writer->pending_ids[0] + i ||
        writer->pending_status[i] != writer->pending_status[0])
      return FALSE;
  return TRUE;
}

static gboolean
run_range (Writer        *writer,
           TurnoutStmt  *stmt,
           GError       **error)
{
  const TurnoutStatus *status = writer->pending_status[0];

  turnout_stmt_bind_int64 (stmt, 1, writer->program->id);
  turnout_stmt_bind_text (stmt, 2, writer->now, -1, SQLITE_STATIC);
  turnout_stmt_bind_text (stmt, 3, status->key, -1, SQLITE_STATIC);
  turnout_stmt_bind_int (stmt, 4, status->success);
  turnout_stmt_bind_int64 (stmt, 5, writer->pending_ids[0]);
  turnout_stmt_bind_int64 (stmt, 6, writer->pending_ids[writer->n_pending - 1]);
  return turnout_db_step_done (writer->db, stmt, error);
}

/* The waiting members as one id range: the rows are made from the people
 * table's ids in one pass, instead of from 768 bound values. Once per
 * BATCH_SIZE members, so the connection's statement cache does. */
static gboolean
flush_range (Writer  *writer,
             GError **error)
{
  TurnoutStmt *member = turnout_db_prepare (writer->db,
                                             "INSERT OR FAIL INTO memberships (program_id, person_id, status,"
                                             " status_reason, member_date, status_changed_at, reached_success,"
                                             " success_at, acquired_by) SELECT ?1, id, ?3, '', ?2, ?2, ?4,"
                                             " CASE WHEN ?4 THEN ?2 END, 'import' FROM people"
                                             " WHERE id BETWEEN ?5 AND ?6 ORDER BY id",
                                             error);
  TurnoutStmt *history = member == NULL ? NULL :
                          turnout_db_prepare (writer->db,
                                              "INSERT OR FAIL INTO status_history (program_id, person_id, old_status,"
                                              " new_status, reason, source, at) SELECT ?1, id, 'not-in-program',"
                                              " ?3, '', 'import', ?2 FROM people"
                                              " WHERE id BETWEEN ?5 AND ?6 ORDER BY id",
                                              error);

  return history != NULL &&
         run_range (writer, member, error) &&
         run_range (writer, history, error);
}

/* Writes the new members waiting in the batch. */
static gboolean
flush_new_members (Writer  *writer,
                   GError **error)
{
  if (writer->n_pending == BATCH_SIZE && pending_is_range (writer))
    {
      if (!flush_range (writer, error))
        return FALSE;
    }
  else if (writer->n_pending == BATCH_SIZE)
    {
      if (writer->batch_member == NULL)
        writer->batch_member = prepare_batch (writer,
                                              "INSERT OR FAIL INTO memberships (program_id, person_id, status,"
                                              " status_reason, member_date, status_changed_at, reached_success,"
                                              " success_at, acquired_by) VALUES ",
                                              "(?1, ?%u, ?%u, '', ?2, ?2, ?%u, CASE WHEN ?%u THEN ?2 END, 'import')",
                                              error);
      if (writer->batch_member == NULL)
        return FALSE;
      if (writer->batch_history == NULL)
        writer->batch_history = prepare_batch (writer,
                                               "INSERT OR FAIL INTO status_history (program_id, person_id, old_status,"
                                               " new_status, reason, source, at) VALUES ",
                                               "(?1, ?%u, 'not-in-program', ?%u, '', 'import', ?2)",
                                               error);
      if (writer->batch_history == NULL)
        return FALSE;
      if (!run_batch (writer, writer->batch_member, error) ||
          !run_batch (writer, writer->batch_history, error))
        return FALSE;
    }
  else
    {
      for (guint i = 0; i < writer->n_pending; i++)
        if (!write_new_member (writer, writer->pending_ids[i], NULL, writer->pending_status[i]->key, error))
          return FALSE;
    }

  writer->n_pending = 0;
  return TRUE;
}

static gboolean
add_new_member (Writer      *writer,
                gint64       person_id,
                const char  *email,
                const char  *status_key,
                GError     **error)
{
  /* A new member in a seat (Attended, No Show) is a seat taken: the move
   * engine's count follows, as the row is written before its next look. */
  turnout_db_seats_moved (writer->db, writer->program->id, NULL,
                          turnout_channel_lookup (writer->channel, status_key));

  /* Rules run after each member's move, in order: no batching then. */
  if (writer->has_rules)
    return write_new_member (writer, person_id, email, status_key, error);

  writer->pending_ids[writer->n_pending] = person_id;
  writer->pending_status[writer->n_pending] = turnout_channel_lookup (writer->channel, status_key);
  if (++writer->n_pending == BATCH_SIZE)
    return flush_new_members (writer, error);
  return TRUE;
}

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->batch_person, turnout_stmt_free);
  g_clear_pointer (&writer->lookup_people, turnout_stmt_free);
  g_clear_pointer (&writer->batch_member, turnout_stmt_free);
  g_clear_pointer (&writer->batch_history, turnout_stmt_free);
  g_clear_pointer (&writer->forgotten, turnout_forgotten_free);
}

static gboolean
load_members (Writer  *writer,
              GError **error)
{
  TurnoutStmt *stmt;
  int rc;

  stmt = turnout_db_prepare (writer->db, "SELECT coalesce (max (id), 0) FROM people", error);
  if (stmt == NULL)
    return FALSE;
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    writer->max_person_before = turnout_stmt_column_int64 (stmt, 0);
  turnout_stmt_reset (stmt);

  stmt = turnout_db_prepare (writer->db, "SELECT person_id FROM memberships WHERE program_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, writer->program->id);
  /* Ids are keys of a pointer hash: fine on the 64-bit systems Turnout runs on. */
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (writer->members, GSIZE_TO_POINTER ((gsize) turnout_stmt_column_int64 (stmt, 0)));
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (writer->db, rc, error);

  return TRUE;
}

static gint
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const TurnoutImportProblem *pa = *(TurnoutImportProblem **) a;
  const TurnoutImportProblem *pb = *(TurnoutImportProblem **) b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

/* Good rows waiting to be written, with their text and how far into the
 * file they were read: handed between threads HANDOFF_ROWS at a time (a
 * wake-up of the other thread costs as much as writing a few rows),
 * written BATCH_SIZE at a time. */
#define HANDOFF_ROWS (8 * BATCH_SIZE)

typedef struct
{
  Row           rows[HANDOFF_ROWS];
  guint         lines[HANDOFF_ROWS];
  gint64        ids[HANDOFF_ROWS];
  guint         n;
  guint         n_records;   /* records read up to the batch's end, good or not */
  double        fraction;
  gboolean      last;
  GStringChunk *text;
} Batch;

/* The file is read and checked on a thread of its own while the rows read
 * before are written: on two cores the reading (about a fifth of a 100k-row
 * import) costs no time. Batches go round between the two threads through
 * two queues; the reader owns the plan, the writer everything else. */
#define N_BATCHES 4

typedef struct
{
  Plan             *plan;
  GAsyncQueue      *filled;     /* read, to be written */
  GAsyncQueue      *empty;      /* written, to be filled again */
  GPtrArray        *problems;   /* the reader's: bad rows, repeats, people forgotten */
  gint              stop;       /* the writer has failed or was cancelled */
  TurnoutForgotten *forgotten;  /* the reader's while it runs; NULL: nobody was forgotten */
} Reader;

/* The text is freed on the thread that made it: freeing another thread's
 * malloc arena's memory made the kernel interrupt both cores to trim it. */
static Batch *
take_empty (Reader *reader)
{
  Batch *batch = g_async_queue_pop (reader->empty);

  batch->n = 0;
  g_string_chunk_clear (batch->text);
  return batch;
}

static gpointer
reader_main (gpointer data)
{
  Reader *reader = data;
  Batch *batch = take_empty (reader);
  TurnoutCsvRecord record;
  guint n_records = 0;

  while (!g_atomic_int_get (&reader->stop) && turnout_csv_reader_next (reader->plan->reader, &record))
    {
      n_records++;
      if (!plan_read_row (reader->plan, &record, &batch->rows[batch->n], batch->text, reader->problems))
        continue;
      /* People forgotten on request leave here, each a problem that does
       * not repeat the address: the keyed hash of each address (a fifth
       * of an import's time on the writer's thread) costs no time on this
       * one. A second row of theirs is a repeat, as for anyone. */
      if (turnout_forgotten_contains (reader->forgotten, batch->rows[batch->n].key))
        {
          add_problem (reader->problems, record.line, TURNOUT_IMPORT_PROBLEM_FORGOTTEN, NULL,
                       g_strdup (_("This person was forgotten on request; not imported")));
          continue;
        }
      batch->lines[batch->n++] = record.line;

      if (batch->n == HANDOFF_ROWS)
        {
          batch->n_records = n_records;
          batch->fraction = turnout_csv_reader_get_fraction (reader->plan->reader);
          g_async_queue_push (reader->filled, batch);
          batch = take_empty (reader);
        }
    }

  batch->n_records = n_records;
  batch->fraction = 1.0;
  batch->last = TRUE;
  g_async_queue_push (reader->filled, batch);
  return NULL;
}

/* Whether a cell of the file would change what is stored: an empty cell
 * keeps it. */
static gboolean
cell_changes (const char *cell,
              const char *stored)
{
  return cell != NULL && *cell != '\0' && g_strcmp0 (cell, stored) != 0;
}

/* The people of a full batch whose insert met their address: their ids,
 * in one statement (a row at a time was a round trip each on a team
 * database: a file imported again took 18 s for 100k people), and in
 * @unchanged whether the file's cells would change nothing of what is
 * stored, so that nothing is sent to update them. With @found_all, some
 * may be missing (*@found_all FALSE); without, that is an error. */
static gboolean
look_up_people (Writer     *writer,
                const Row  *rows,
                gint64     *ids,
                gboolean   *unchanged,
                gboolean   *found_all,
                GError    **error)
{
  TurnoutStmt *stmt;
  int rc;

  if (writer->lookup_people == NULL)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT v.column1, p.id, p.first_name, p.last_name, p.company,"
                                             " p.job_title FROM (VALUES ");

      for (guint i = 0; i < BATCH_SIZE; i++)
        g_string_append_printf (sql, "%s(%u, ?%u)", i ? "," : "", i, i + 1);
      g_string_append (sql, ") AS v JOIN people p ON p.email_key = v.column2");
      writer->lookup_people = turnout_db_prepare_own (writer->db, sql->str, error);
      if (writer->lookup_people == NULL)
        return FALSE;
    }

  stmt = writer->lookup_people;
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      turnout_stmt_bind_text (stmt, i + 1, rows[i].key, -1, SQLITE_STATIC);
      ids[i] = 0;
    }
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      gint64 n = turnout_stmt_column_int64 (stmt, 0);
      const char *const *values;

      if (n < 0 || n >= BATCH_SIZE)
        continue;
      values = rows[n].values;
      ids[n] = turnout_stmt_column_int64 (stmt, 1);
      unchanged[n] =
        !cell_changes (values[TURNOUT_CSV_FIELD_FIRST_NAME], (const char *) turnout_stmt_column_text (stmt, 2)) &&
        !cell_changes (values[TURNOUT_CSV_FIELD_LAST_NAME], (const char *) turnout_stmt_column_text (stmt, 3)) &&
        !cell_changes (values[TURNOUT_CSV_FIELD_COMPANY], (const char *) turnout_stmt_column_text (stmt, 4)) &&
        !cell_changes (values[TURNOUT_CSV_FIELD_JOB_TITLE], (const char *) turnout_stmt_column_text (stmt, 5));
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (writer->db, rc, error);
  for (guint i = 0; i < BATCH_SIZE; i++)
    if (ids[i] == 0)
      {
        if (found_all == NULL)
          return turnout_db_set_error (writer->db, SQLITE_CORRUPT, error);
        *found_all = FALSE;
        return TRUE;
      }
  if (found_all != NULL)
    *found_all = TRUE;
  return TRUE;
}

/* A full batch's new people in one multi-row insert. @ids: each row's
 * person, negated for people known before this batch (import_batch ()
 * updates them unless @unchanged says the file changes nothing of
 * theirs).
 *
 * No RETURNING (SQLite runs it through a temporary table, and matching
 * its rows back to the batch's took a hash table per batch): a new id is
 * one more than the last one given, so when every row was inserted and
 * the last id is the last one before plus the batch's size, the rows got
 * exactly those ids, in order. On SQLite the last one given is the
 * table's largest rowid; on a team database, its identity sequence's
 * last value, which a conflict also uses up (and another desktop's
 * insert in between only makes the batch look its rows up). Otherwise
 * the rows are looked up. */
static gboolean
insert_new_people (Writer     *writer,
                   const Row  *rows,
                   gint64     *ids,
                   gboolean   *unchanged,
                   GError    **error)
{
  TurnoutStmt *stmt;
  gint64 max_before;
  int rc;

  if (writer->batch_person == NULL)
    {
      g_autoptr(GString) sql = g_string_new ("INSERT OR FAIL INTO people (email, email_key, first_name, last_name,"
                                             " company, job_title, created_at) VALUES ");

      for (guint i = 0; i < BATCH_SIZE; i++)
        {
          guint p = 2 + 6 * i;

          g_string_append_printf (sql, "%s(?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?1)", i ? "," : "",
                                  p, p + 1, p + 2, p + 3, p + 4, p + 5);
        }
      g_string_append (sql, " ON CONFLICT (email_key) DO NOTHING");
      writer->batch_person = turnout_db_prepare_own (writer->db, sql->str, error);
      if (writer->batch_person == NULL)
        return FALSE;
    }

  /* After a batch of people all known, the next is looked up first: a
   * list imported again is looked up, not inserted and refused row by
   * row (on a team database a third of such an import's time). */
  if (writer->expect_known)
    {
      gboolean found_all;

      if (!look_up_people (writer, rows, ids, unchanged, &found_all, error))
        return FALSE;
      if (found_all)
        {
          for (guint i = 0; i < BATCH_SIZE; i++)
            ids[i] = -ids[i];
          return TRUE;
        }
      writer->expect_known = FALSE;
    }

  stmt = turnout_db_prepare (writer->db,
                             turnout_db_is_postgres (writer->db)
                             /* (a coordinator's role may use the sequence, not read it as a table) */
                             ? "SELECT coalesce (pg_sequence_last_value ('people_id_seq'), 0)"
                             : "SELECT coalesce (max (id), 0) FROM people",
                             error);
  if (stmt == NULL)
    return FALSE;
  rc = turnout_stmt_step (stmt);
  max_before = rc == SQLITE_ROW ? turnout_stmt_column_int64 (stmt, 0) : 0;
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW)
    return turnout_db_set_error (writer->db, rc, error);

  stmt = writer->batch_person;
  turnout_stmt_bind_text (stmt, 1, writer->now, -1, SQLITE_STATIC);
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      const Row *row = &rows[i];
      guint p = 2 + 6 * i;

      turnout_stmt_bind_text (stmt, p, row->email, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, p + 1, row->key, -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, p + 2, row->values[TURNOUT_CSV_FIELD_FIRST_NAME], -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, p + 3, row->values[TURNOUT_CSV_FIELD_LAST_NAME], -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, p + 4, row->values[TURNOUT_CSV_FIELD_COMPANY], -1, SQLITE_STATIC);
      turnout_stmt_bind_text (stmt, p + 5, row->values[TURNOUT_CSV_FIELD_JOB_TITLE], -1, SQLITE_STATIC);
    }
  if (!turnout_db_step_done (writer->db, stmt, error))
    return FALSE;

  if (turnout_db_changes (writer->db) == BATCH_SIZE &&
      turnout_db_last_insert_id (writer->db) == max_before + BATCH_SIZE)
    {
      for (guint i = 0; i < BATCH_SIZE; i++)
        ids[i] = max_before + 1 + i;
      return TRUE;
    }

  if (!look_up_people (writer, rows, ids, unchanged, NULL, error))
    return FALSE;
  writer->expect_known = TRUE;
  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      if (ids[i] <= max_before)
        ids[i] = -ids[i];
      else
        writer->expect_known = FALSE;
    }
  return TRUE;
}

/* Whether a new member in @status is written directly, without the move
 * engine: any status but the wait list, and Registered while a seat is
 * free and no push is to be queued (the seats were counted when the
 * import began, and add_new_member() keeps the count). */
static gboolean
adds_directly (Writer      *writer,
               const char  *status,
               gboolean    *direct,
               GError     **error)
{
  guint taken;

  *direct = FALSE;
  if (g_str_equal (status, TURNOUT_STATUS_WAIT_LISTED))
    return TRUE;
  if (!g_str_equal (status, TURNOUT_STATUS_REGISTERED))
    {
      *direct = TRUE;
      return TRUE;
    }
  if (writer->program->on24_event_id > 0)
    return TRUE;
  if (writer->program->capacity >= 0)
    {
      if (!turnout_db_seats_taken (writer->db, writer->program, writer->channel, &taken, error))
        return FALSE;
      if (taken >= (guint) writer->program->capacity)
        return TRUE;
    }
  *direct = TRUE;
  return TRUE;
}

static gboolean
import_row (Writer               *writer,
            const Row            *row,
            guint                 line,
            gint64                person_id,
            TurnoutReadAhead     *ahead,
            TurnoutImportReport  *report,
            GPtrArray            *results,
            GError              **error)
{
  TurnoutChangeResult *result;
  gboolean was_member;
  gboolean direct = FALSE;

  if (person_id > writer->max_person_before)
    report->n_new_people++;

  /* Only people from before can have been members; the file names each
   * person once, so no one this import added is looked up again. */
  was_member = person_id <= writer->max_person_before &&
               !g_hash_table_add (writer->members, GSIZE_TO_POINTER ((gsize) person_id));

  if (!was_member && !adds_directly (writer, row->status, &direct, error))
    return FALSE;
  if (direct)
    {
      if (!add_new_member (writer, person_id, row->email, row->status, error))
        return FALSE;
      report->n_added++;
      return TRUE;
    }

  /* Seats are counted from the table: batched members first. */
  if (!flush_new_members (writer, error))
    return FALSE;
  if (!turnout_db_apply_move_full (writer->db, writer->program, writer->channel, person_id,
                                   ahead != NULL ? turnout_read_ahead_get (ahead, person_id) : NULL, NULL,
                                   row->status, NULL, TURNOUT_SOURCE_IMPORT, writer->now, results, error))
    return FALSE;
  if (ahead != NULL)
    turnout_read_ahead_moved (ahead, person_id);

  result = g_ptr_array_index (results, 0);
  switch (result->outcome)
    {
    case TURNOUT_MOVE_CHANGED:
      if (was_member)
        report->n_moved++;
      else
        report->n_added++;
      if (g_str_equal (result->new_status, TURNOUT_STATUS_WAIT_LISTED) &&
          !g_str_equal (row->status, TURNOUT_STATUS_WAIT_LISTED))
        report->n_wait_listed++;
      break;
    case TURNOUT_MOVE_SKIPPED:
      report->n_unchanged++;
      break;
    case TURNOUT_MOVE_REFUSED:
    case TURNOUT_MOVE_REMOVED:
    default:
      report->n_refused++;
      add_problem (report->problems, line, TURNOUT_IMPORT_PROBLEM_REFUSED, row->email,
                   g_strdup (result->reason));
      break;
    }
  g_ptr_array_set_size (results, 0);
  return TRUE;
}

static gboolean
import_batch (Writer               *writer,
              Batch                *batch,
              TurnoutImportReport  *report,
              GPtrArray            *results,
              GError              **error)
{
  for (guint start = 0; start < batch->n; start += BATCH_SIZE)
    {
      guint n = MIN (BATCH_SIZE, batch->n - start);
      const Row *rows = &batch->rows[start];
      gint64 *ids = &batch->ids[start];
      gboolean unchanged[BATCH_SIZE] = { FALSE };
      g_autoptr(TurnoutReadAhead) ahead = NULL;

      if (n == BATCH_SIZE)
        {
          if (!insert_new_people (writer, rows, ids, unchanged, error))
            return FALSE;
        }
      else
        memset (ids, 0, n * sizeof *ids);

      /* On a team database the members from before, read in one query,
       * not each in a round trip of their own as the engine moves them. */
      if (turnout_db_is_postgres (writer->db))
        {
          gint64 members[BATCH_SIZE];
          guint n_members = 0;

          for (guint i = 0; i < n; i++)
            {
              gint64 id = ABS (ids[i]);

              if (id != 0 && id <= writer->max_person_before &&
                  g_hash_table_contains (writer->members, GSIZE_TO_POINTER ((gsize) id)))
                members[n_members++] = id;
            }
          if (n_members >= 2)
            {
              ahead = turnout_read_ahead_new (writer->db, writer->program->id, members, NULL, n_members, error);
              if (ahead == NULL)
                return FALSE;
            }
        }

      for (guint i = 0; i < n; i++)
        {
          gint64 id = ids[i];

          /* People known before (negated), updated; a last, short
           * batch one at a time. */
          if (id < 0)
            id = (unchanged[i] || update_person (writer, -id, &rows[i], error)) ? -id : 0;
          else if (id == 0)
            id = write_person (writer, &rows[i], error);
          if (id == 0 ||
              !import_row (writer, &rows[i], batch->lines[start + i], id, ahead, report, results, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
free_batches (Batch *batches)
{
  if (batches == NULL)
    return;
  for (guint i = 0; i < N_BATCHES; i++)
    g_clear_pointer (&batches[i].text, g_string_chunk_free);
  g_free (batches);
}

/**
 * turnout_import_apply:
 * @progress: (nullable): called now and then with the fraction read
 *
 * Imports every good row into the program in one transaction; bad rows are
 * skipped and reported. Cancelled, failed or refused as a whole, nothing
 * is written.
 */
TurnoutImportReport *
turnout_import_apply (TurnoutDb                  *db,
                      gint64                      program_id,
                      GBytes                     *bytes,
                      const TurnoutImportOptions *options,
                      TurnoutImportProgress       progress,
                      gpointer                    progress_data,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  g_auto(Plan) plan = { 0 };
  g_autoptr(TurnoutImportReport) report = g_new0 (TurnoutImportReport, 1);
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GHashTable) members = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autofree char *now = turnout_now_iso8601 ();
  g_autoptr(GPtrArray) read_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_import_problem_free);
  g_autoptr(GAsyncQueue) filled = g_async_queue_new ();
  g_autoptr(GAsyncQueue) empty = g_async_queue_new ();
  Batch *batches = NULL;
  Reader reader = { &plan, filled, empty, read_problems, FALSE };
  GThread *reader_thread = NULL;
  Writer writer = { 0 };
  gboolean ok = FALSE;
  guint progress_at = PROGRESS_EVERY;
  guint seats_taken;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_import_problem_free);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return NULL;
  channel = turnout_db_get_channel (db, program->channel_key);
  g_assert (channel != NULL);

  if (!plan_set_up (&plan, bytes, options, channel, TRUE, error))
    goto out;

  /* Without foreign key checks on SQLite: every id the import writes is
   * the program's, read above, or a person this transaction read or
   * inserted, and checking each membership, history and outbox row's
   * parents (four B-tree searches a new member) was a tenth of a 100k-row
   * import. */
  if (!turnout_db_begin_bulk (db, G_MAXUINT, error))
    goto out;

  writer.db = db;
  writer.program = program;
  writer.channel = channel;
  writer.now = now;
  writer.members = members;

  if (!load_members (&writer, error))
    goto rollback;
  {
    GError *local_error = NULL;

    writer.forgotten = turnout_forgotten_load (db, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, local_error);
        goto rollback;
      }
  }
  writer.has_rules = turnout_db_program_has_effects (db, program->id, error);
  if (error != NULL && *error != NULL)
    goto rollback;
  /* Counted before any row is queued: add_new_member() then keeps the
   * count, queued rows included. */
  if (program->capacity >= 0 && !turnout_db_seats_taken (db, program, channel, &seats_taken, error))
    goto rollback;

  batches = g_new0 (Batch, N_BATCHES);
  for (guint i = 0; i < N_BATCHES; i++)
    {
      batches[i].text = g_string_chunk_new (64 * 1024);
      g_async_queue_push (empty, &batches[i]);
    }
  reader.forgotten = writer.forgotten;
  reader_thread = g_thread_new ("turnout-import-read", reader_main, &reader);

  /* Every batch comes back, even after a failure, until the last: only
   * then has the reader let go of the plan. */
  ok = TRUE;
  for (;;)
    {
      Batch *batch = g_async_queue_pop (filled);
      gboolean last = batch->last;

      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
      if (ok && !import_batch (&writer, batch, report, results, error))
        ok = FALSE;
      if (ok && progress != NULL && batch->n_records >= progress_at)
        {
          progress (batch->fraction, progress_data);
          progress_at = batch->n_records + PROGRESS_EVERY;
        }
      if (!ok)
        g_atomic_int_set (&reader.stop, TRUE);

      g_async_queue_push (empty, batch);
      if (last)
        break;
    }
  g_thread_join (reader_thread);

  if (!ok ||
      !flush_new_members (&writer, error))
    goto rollback;
  writer_clear (&writer);

  if (!turnout_db_commit (db, error))
    goto out;

  /* A team database plans its reads by statistics that autovacuum brings
   * up to date only a minute or so later: right after a large import the
   * server took the new program for a few hundred rows and read it through
   * an index, a row at a time, twice as slowly. People only when many
   * were added. (Only the tables' owner may run ANALYZE; for another role
   * the server skips it with a notice.) Only the columns reads choose by,
   * and the tables' sizes: every column of both took 170-390 ms after a
   * 100k-member import, these 45-85 ms; autovacuum brings the rest. */
  if (turnout_db_is_postgres (db) && report->n_added >= 10000)
    turnout_db_exec (db, report->n_new_people >= 10000
                     ? "ANALYZE memberships (program_id, person_id, status, reached_success), people (id)"
                     : "ANALYZE memberships (program_id, person_id, status, reached_success)",
                     NULL);

  if (progress != NULL)
    progress (1.0, progress_data);

  g_ptr_array_extend_and_steal (report->problems, g_steal_pointer (&read_problems));
  for (guint i = 0; i < report->problems->len; i++)
    {
      TurnoutImportProblem *problem = g_ptr_array_index (report->problems, i);

      if (problem->kind == TURNOUT_IMPORT_PROBLEM_BAD_ROW)
        report->n_bad++;
      else if (problem->kind == TURNOUT_IMPORT_PROBLEM_DUPLICATE)
        report->n_duplicates++;
      else if (problem->kind == TURNOUT_IMPORT_PROBLEM_FORGOTTEN)
        report->n_forgotten++;
    }
  g_ptr_array_sort (report->problems, compare_problems);
  free_batches (batches);
  return g_steal_pointer (&report);

rollback:
  writer_clear (&writer);
  turnout_db_rollback (db);
out:
  free_batches (batches);
  return NULL;
}
