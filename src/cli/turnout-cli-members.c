/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cli-members.c: members in and out, approvals, the wait list,
 * batch changes and trigger rules, from the command line. */
#define G_LOG_DOMAIN "turnout-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "turnout-channel.h"
#include "turnout-cli-private.h"
#include "turnout-export.h"
#include "turnout-import.h"
#include "turnout-rules.h"
#include "turnout-waitlist.h"

static const char *
problem_kind_key (TurnoutImportProblemKind kind)
{
  switch (kind)
    {
    case TURNOUT_IMPORT_PROBLEM_BAD_ROW: return "bad-row";
    case TURNOUT_IMPORT_PROBLEM_DUPLICATE: return "duplicate";
    case TURNOUT_IMPORT_PROBLEM_REFUSED: return "refused";
    case TURNOUT_IMPORT_PROBLEM_FORGOTTEN: return "forgotten";
    default: g_assert_not_reached ();
    }
}

static void
add_uint (JsonBuilder *builder,
          const char  *key,
          guint        value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* Reads the file to import with plain reads, not mapped: a mapped file
 * that shrinks while it is read kills the process (SIGBUS), and a FIFO or
 * a device may never end. Only a regular file is read; one that changes
 * meanwhile gives what was there to read. */
static GBytes *
read_import_file (const char  *path,
                  GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct stat buf;
  int fd;

  /* Not blocking on a FIFO that has no writer. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read %s: %s"), path, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &buf) != 0 || !S_ISREG (buf.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is not a regular file; give the path of a CSV file"), path);
      return NULL;
    }

  data = g_byte_array_sized_new (buf.st_size > 0 && buf.st_size < G_MAXINT ? buf.st_size + 1 : 65536);
  for (;;)
    {
      guint len = data->len;
      gssize got;

      g_byte_array_set_size (data, len + 65536);
      got = read (fd, data->data + len, 65536);
      g_byte_array_set_size (data, len + MAX (got, 0));
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot read %s: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (got == 0)
        break;
    }
  close (fd);

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* import PROGRAM FILE [--status KEY] [--map N=FIELD]... [--dry-run] [--json] */
int
turnout_cli_cmd_import (Cli   *cli,
                        int    argc,
                        char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *status_key = NULL;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  g_auto(GStrv) maps = NULL;
  g_autoptr(GArray) mapping = NULL;
  GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Column N holds FIELD (email, first-name, last-name, company, job-title, status, none); replaces the header's mapping"), "N=FIELD" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_key, N_("The status to give (default: invited)"), "KEY" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what the import would do; write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  TurnoutImportOptions options = { .has_header = -1 };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM FILE", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return turnout_cli_usage_error (_("import takes a PROGRAM and one FILE"));

  if (maps != NULL)
    {
      mapping = g_array_new (FALSE, TRUE, sizeof (TurnoutCsvField));
      for (guint i = 0; maps[i]; i++)
        {
          g_auto(GStrv) parts = g_strsplit (maps[i], "=", 2);
          guint64 column;
          TurnoutCsvField field;

          if (g_strv_length (parts) != 2 ||
              !g_ascii_string_to_unsigned (parts[0], 10, 1, 1000, &column, NULL) ||
              ((field = turnout_csv_field_from_key (parts[1])) == TURNOUT_CSV_FIELD_NONE &&
               !g_str_equal (parts[1], "none")))
            return turnout_cli_usage_error (_("--map takes N=FIELD, e.g. 2=email; the fields are email, first-name, "
                                              "last-name, company, job-title, status and none"));
          if (mapping->len < column)
            g_array_set_size (mapping, column);
          g_array_index (mapping, TurnoutCsvField, column - 1) = field;
        }
      options.mapping = (const TurnoutCsvField *) (gpointer) mapping->data;
      options.n_mapping = mapping->len;
    }

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (status_key != NULL && !turnout_cli_check_status_key (cli, status_key, &error))
    return turnout_cli_fail (error);

  bytes = read_import_file (argv[2], &error);
  if (bytes == NULL)
    return turnout_cli_fail (error);

  options.status = status_key;
  /* A dry run says how the columns are read, then imports for real and
   * rolls back: its counts are the import's own. */
  if (dry_run && !json)
    {
      g_autoptr(TurnoutImportPreview) preview = turnout_import_preview (bytes, &options, 0, &error);

      if (preview == NULL)
        return turnout_cli_fail (error);
      for (guint i = 0; i < preview->n_columns; i++)
        {
          TurnoutCsvField field = g_array_index (preview->mapping, TurnoutCsvField, i);

          g_print (_("column %u “%s”: %s\n"), i + 1, preview->headers[i],
                   turnout_csv_field_get_display_name (field));
        }
    }
  turnout_cli_set_dry_run (cli, dry_run);

  report = turnout_import_apply (cli->db, program->id, bytes, &options, NULL, NULL, NULL, &error);
  if (report == NULL && g_error_matches (error, TURNOUT_IMPORT_ERROR, TURNOUT_IMPORT_ERROR_NO_EMAIL))
    {
      g_printerr (_("turnout-cli: %s; say which column holds it with --map N=email\n"), error->message);
      return TURNOUT_CLI_EXIT_FAILURE;
    }
  if (report == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_uint (builder, "imported", report->n_added);
      add_uint (builder, "updated", report->n_moved);
      add_uint (builder, "skipped", turnout_import_report_skipped (report));
      add_uint (builder, "unchanged", report->n_unchanged);
      add_uint (builder, "refused", report->n_refused);
      add_uint (builder, "bad_rows", report->n_bad);
      add_uint (builder, "duplicates", report->n_duplicates);
      add_uint (builder, "forgotten", report->n_forgotten);
      add_uint (builder, "wait_listed", report->n_wait_listed);
      add_uint (builder, "new_people", report->n_new_people);
      if (dry_run)
        {
          json_builder_set_member_name (builder, "dry_run");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->problems->len; i++)
        {
          TurnoutImportProblem *p = g_ptr_array_index (report->problems, i);

          json_builder_begin_object (builder);
          add_uint (builder, "line", p->line);
          turnout_cli_add_string (builder, "kind", problem_kind_key (p->kind));
          turnout_cli_add_string (builder, "email", p->email);
          turnout_cli_add_string (builder, "reason", p->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (dry_run)
    g_print (_("Dry run, nothing was written: %u would be imported, %u updated, %u skipped\n"),
             report->n_added, report->n_moved, turnout_import_report_skipped (report));
  else
    g_print (_("%u imported, %u updated, %u skipped\n"),
             report->n_added, report->n_moved, turnout_import_report_skipped (report));
  if (report->n_wait_listed > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u was wait listed: no seat was free\n",
                          "%u were wait listed: no seat was free\n", report->n_wait_listed),
             report->n_wait_listed);
  if (report->n_unchanged > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u already had this status\n",
                          "%u already had this status\n", report->n_unchanged),
             report->n_unchanged);
  for (guint i = 0; i < report->problems->len; i++)
    {
      TurnoutImportProblem *p = g_ptr_array_index (report->problems, i);

      g_print (_("line %u: %s\n"), p->line, p->reason);
    }

  return TURNOUT_CLI_EXIT_OK;
}

/* export PROGRAM FILE [--status KEY] [--search TEXT] [--columns KEY,...] */
int
turnout_cli_cmd_export (Cli   *cli,
                        int    argc,
                        char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (TurnoutExportColumn));
  g_autofree char *status_key = NULL;
  g_autofree char *search = NULL;
  g_autofree char *column_list = NULL;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_key, N_("Only members with this status"), "KEY" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only members matching this text"), "TEXT" },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &column_list, N_("Columns to write, comma separated"), "KEY,..." },
    { NULL }
  };
  TurnoutExportOptions options = { 0 };
  guint n = 0;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM FILE", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return turnout_cli_usage_error (_("export takes a PROGRAM and one FILE"));

  if (column_list != NULL)
    {
      g_auto(GStrv) keys = g_strsplit (column_list, ",", -1);

      for (guint i = 0; keys[i]; i++)
        {
          TurnoutExportColumn column;

          if (!turnout_export_column_from_key (g_strstrip (keys[i]), &column))
            {
              g_autoptr(GString) known = g_string_new (NULL);

              for (guint c = 0; c < TURNOUT_EXPORT_N_COLUMNS; c++)
                g_string_append_printf (known, "%s%s", c ? ", " : "", turnout_export_column_to_key (c));
              return turnout_cli_usage_error (_("Unknown column “%s”; the columns are: %s"), keys[i], known->str);
            }
          g_array_append_val (columns, column);
        }
    }

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (status_key != NULL && !turnout_cli_check_status_key (cli, status_key, &error))
    return turnout_cli_fail (error);

  options.status = status_key;
  options.search = search;
  options.columns = (const TurnoutExportColumn *) (gpointer) columns->data;
  options.n_columns = columns->len;

  if (!turnout_export_members_to_file (cli->db, program->id, &options, argv[2], &n, &error))
    return turnout_cli_fail (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u member to %s\n", "Exported %u members to %s\n", n),
           n, argv[2]);
  return TURNOUT_CLI_EXIT_OK;
}

/* E-mail addresses to person ids; unknown ones are a failure, as a typo
 * should not silently shrink the selection. */
static GArray *
resolve_people (Cli      *cli,
                char    **emails,
                int       n,
                GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int i = 0; i < n; i++)
    {
      g_autoptr(TurnoutPerson) person = turnout_db_find_person (cli->db, emails[i], error);

      if (person == NULL)
        return NULL;
      g_array_append_val (ids, person->id);
    }
  return g_steal_pointer (&ids);
}

/* approve|reject PROGRAM (EMAIL... | --all) [--reason TEXT] [--dry-run] [--json] */
static int
decide (Cli      *cli,
        int       argc,
        char    **argv,
        gboolean  approve)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *reason = NULL;
  gboolean all = FALSE;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every member pending approval"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why; kept in the history"), "TEXT" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would change; write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM (EMAIL... | --all)", entries, &argc, &argv, &status))
    return status;
  if (argc < 2 || (argc > 2) == all)
    return turnout_cli_usage_error (approve ? _("approve takes a PROGRAM and e-mail addresses or --all")
                                            : _("reject takes a PROGRAM and e-mail addresses or --all"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);

  if (all)
    ids = turnout_db_list_person_ids_with_status (cli->db, program->id, TURNOUT_STATUS_PENDING_APPROVAL, &error);
  else
    ids = resolve_people (cli, argv + 2, argc - 2, &error);
  if (ids == NULL)
    return turnout_cli_fail (error);

  turnout_cli_set_dry_run (cli, dry_run);
  results = turnout_members_decide (cli->db, program->id, (const gint64 *) (gpointer) ids->data, ids->len,
                                    approve, reason, &error);
  if (results == NULL)
    return turnout_cli_fail (error);

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  return turnout_cli_print_change_results (results, channel,
                        approve ? TURNOUT_STATUS_REGISTERED : TURNOUT_STATUS_REJECTED, json, dry_run);
}

int
turnout_cli_cmd_approve (Cli   *cli,
                         int    argc,
                         char **argv)
{
  return decide (cli, argc, argv, TRUE);
}

int
turnout_cli_cmd_reject (Cli   *cli,
                        int    argc,
                        char **argv)
{
  return decide (cli, argc, argv, FALSE);
}

/* waitlist PROGRAM [--json]: seats and the wait list in order */
int
turnout_cli_cmd_waitlist (Cli   *cli,
                          int    argc,
                          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  TurnoutSeats seats;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("waitlist takes one PROGRAM"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (!turnout_waitlist_count_seats (cli->db, program->id, &seats, &error))
    return turnout_cli_fail (error);
  waiting = turnout_waitlist_list (cli->db, program->id, &error);
  if (waiting == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_uint (builder, "seats_taken", seats.taken);
      json_builder_set_member_name (builder, "capacity");
      if (seats.capacity >= 0)
        json_builder_add_int_value (builder, seats.capacity);
      else
        json_builder_add_null_value (builder);
      add_uint (builder, "pending_approval", seats.pending);
      json_builder_set_member_name (builder, "waiting");
      json_builder_begin_array (builder);
      for (guint i = 0; i < waiting->len; i++)
        {
          TurnoutMember *m = g_ptr_array_index (waiting, i);

          json_builder_begin_object (builder);
          add_uint (builder, "position", i + 1);
          turnout_cli_add_string (builder, "email", m->person.email);
          turnout_cli_add_string (builder, "first_name", m->person.first_name);
          turnout_cli_add_string (builder, "last_name", m->person.last_name);
          turnout_cli_add_string (builder, "waitlist_at", m->waitlist_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (seats.capacity >= 0)
    g_print (_("Seats: %u of %d taken\n"), seats.taken, seats.capacity);
  else
    g_print (_("Seats: %u taken, no limit\n"), seats.taken);

  if (waiting->len == 0)
    {
      g_print (_("Nobody is on the wait list\n"));
      return TURNOUT_CLI_EXIT_OK;
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (waiting, i);
      g_autofree char *name = turnout_person_dup_display_name (&m->person);

      g_print ("%3u  %-40s %s  %s\n", i + 1, m->person.email, m->waitlist_at ? m->waitlist_at : "", name);
    }
  return TURNOUT_CLI_EXIT_OK;
}

/* waitlist promote PROGRAM [EMAIL...] [--reason TEXT] [--dry-run] [--json] */
int
turnout_cli_cmd_waitlist_promote (Cli   *cli,
                                  int    argc,
                                  char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *reason = NULL;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why; kept in the history"), "TEXT" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would change; write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM [EMAIL...]", entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return turnout_cli_usage_error (_("waitlist promote takes a PROGRAM and, optionally, e-mail addresses"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (argc > 2)
    {
      ids = resolve_people (cli, argv + 2, argc - 2, &error);
      if (ids == NULL)
        return turnout_cli_fail (error);
    }

  turnout_cli_set_dry_run (cli, dry_run);
  results = turnout_waitlist_promote (cli->db, program->id,
                                      ids ? (const gint64 *) (gpointer) ids->data : NULL,
                                      ids ? ids->len : 0, reason, &error);
  if (results == NULL)
    return turnout_cli_fail (error);

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  return turnout_cli_print_change_results (results, channel, TURNOUT_STATUS_REGISTERED, json, dry_run);
}

/* waitlist reorder PROGRAM EMAIL POSITION [--reason TEXT] */
int
turnout_cli_cmd_waitlist_reorder (Cli   *cli,
                                  int    argc,
                                  char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutPerson) person = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why; kept with the move"), "TEXT" },
    { NULL }
  };
  guint64 position = 0;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM EMAIL POSITION", entries, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return turnout_cli_usage_error (_("waitlist reorder takes a PROGRAM, an EMAIL and a POSITION"));
  if (!g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXINT, &position, NULL))
    return turnout_cli_usage_error (_("POSITION is a number, 1 or more"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  person = turnout_db_find_person (cli->db, argv[2], &error);
  if (person == NULL)
    return turnout_cli_fail (error);

  if (!turnout_waitlist_move (cli->db, program->id, person->id, position, reason, &error))
    return turnout_cli_fail (error);

  g_print (_("Moved %s to position %u of the wait list\n"), person->email, (guint) position);
  return TURNOUT_CLI_EXIT_OK;
}

/* batch PROGRAM KEY [--status KEY] [--search TEXT] [--success yes|no] [--acquired-by KEY] [--reason TEXT]
 *   [--dry-run] [--json] */
int
turnout_cli_cmd_batch (Cli   *cli,
                       int    argc,
                       char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *status_key = NULL;
  g_autofree char *search = NULL;
  g_autofree char *success = NULL;
  g_autofree char *acquired = NULL;
  g_autofree char *reason = NULL;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_key, N_("Members with this status"), "KEY" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Members matching this text"), "TEXT" },
    { "success", 0, 0, G_OPTION_ARG_STRING, &success, N_("Members who reached success, or not"), "yes|no" },
    { "acquired-by", 0, 0, G_OPTION_ARG_STRING, &acquired, N_("Members acquired this way"), "KEY" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why; kept in the history"), "TEXT" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would change; write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  TurnoutMemberFilter filter = { .success = -1 };
  TurnoutAcquiredBy acquired_by;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM KEY", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return turnout_cli_usage_error (_("batch takes a PROGRAM and the status KEY to change to"));
  if (success != NULL && !g_str_equal (success, "yes") && !g_str_equal (success, "no"))
    return turnout_cli_usage_error (_("--success takes yes or no"));
  if (acquired != NULL && !turnout_acquired_by_from_key (acquired, &acquired_by))
    return turnout_cli_usage_error (_("--acquired-by takes manual, import, registration-form or provider-feed"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (!turnout_cli_check_status_key (cli, argv[2], &error) ||
      (status_key != NULL && !turnout_cli_check_status_key (cli, status_key, &error)))
    return turnout_cli_fail (error);

  filter.status = status_key;
  filter.search = search;
  filter.success = success ? g_str_equal (success, "yes") : -1;
  filter.acquired_by = acquired;

  turnout_cli_set_dry_run (cli, dry_run);
  results = turnout_members_batch_change (cli->db, program->id, &filter, argv[2], reason, &error);
  if (results == NULL)
    return turnout_cli_fail (error);

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  return turnout_cli_print_change_results (results, channel, argv[2], json, dry_run);
}

/* rule list PROGRAM [--json] */
int
turnout_cli_cmd_rule_list (Cli   *cli,
                           int    argc,
                           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("rule list takes one PROGRAM"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  rules = turnout_rules_list (cli->db, program->id, &error);
  if (rules == NULL)
    return turnout_cli_fail (error);
  channel = turnout_db_get_channel (cli->db, program->channel_key);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < rules->len; i++)
        {
          TurnoutRule *r = g_ptr_array_index (rules, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, r->id);
          turnout_cli_add_string (builder, "on_status", r->on_status);
          turnout_cli_add_string (builder, "action", turnout_rule_action_to_key (r->action));
          turnout_cli_add_string (builder, "to_status", r->to_status);
          turnout_cli_add_string (builder, "message", r->message);
          json_builder_set_member_name (builder, "enabled");
          json_builder_add_boolean_value (builder, r->enabled);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (rules->len == 0)
    {
      g_print (_("“%s” has no rules\n"), program->name);
      return TURNOUT_CLI_EXIT_OK;
    }

  for (guint i = 0; i < rules->len; i++)
    {
      TurnoutRule *r = g_ptr_array_index (rules, i);
      g_autofree char *text = turnout_rule_describe (r, channel);

      g_print ("%4" G_GINT64_FORMAT "  %s%s%s%s\n", r->id, text, r->enabled ? "" : _(" (off)"),
               r->message && *r->message ? ": " : "", r->message ? r->message : "");
    }
  return TURNOUT_CLI_EXIT_OK;
}

/* rule add PROGRAM ON_STATUS ACTION [TO_STATUS] [--message TEXT] */
int
turnout_cli_cmd_rule_add (Cli   *cli,
                          int    argc,
                          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autofree char *message = NULL;
  GOptionEntry entries[] = {
    { "message", 0, 0, G_OPTION_ARG_STRING, &message, N_("The notification text, or the reason for a change"), "TEXT" },
    { NULL }
  };
  TurnoutRuleAction action;
  gint64 id;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM ON_STATUS (notify | promote | change-status TO_STATUS)",
                                  entries, &argc, &argv, &status))
    return status;
  if (argc < 4 || !turnout_rule_action_from_key (argv[3], &action))
    return turnout_cli_usage_error (_("rule add takes a PROGRAM, the status that fires it, and notify, promote or change-status TO_STATUS"));
  if ((action == TURNOUT_RULE_CHANGE_STATUS) != (argc == 5) || argc > 5)
    return turnout_cli_usage_error (_("change-status takes one TO_STATUS; notify and promote take none"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (!turnout_cli_check_status_key (cli, argv[2], &error) ||
      (argc == 5 && !turnout_cli_check_status_key (cli, argv[4], &error)))
    return turnout_cli_fail (error);

  id = turnout_rules_add (cli->db, program->id, argv[2], action, argc == 5 ? argv[4] : NULL, message, &error);
  if (id == 0)
    return turnout_cli_fail (error);

  g_print (_("Added rule %" PRId64 "\n"), id);
  return TURNOUT_CLI_EXIT_OK;
}

/* rule remove PROGRAM ID */
int
turnout_cli_cmd_rule_remove (Cli   *cli,
                             int    argc,
                             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  guint64 id;
  int status;
  GOptionEntry entries[] = { { NULL } };

  if (!turnout_cli_parse_options ("PROGRAM ID", entries, &argc, &argv, &status))
    return status;
  if (argc != 3 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXINT64, &id, NULL))
    return turnout_cli_usage_error (_("rule remove takes a PROGRAM and a rule ID"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (!turnout_rules_remove (cli->db, program->id, id, &error))
    return turnout_cli_fail (error);

  g_print (_("Removed rule %" PRIu64 "\n"), id);
  return TURNOUT_CLI_EXIT_OK;
}

/* rule events PROGRAM [--json]: what rules asked to tell, and any stopped loop */
int
turnout_cli_cmd_rule_events (Cli   *cli,
                             int    argc,
                             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("rule events takes one PROGRAM"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  events = turnout_rules_take_events (cli->db, program->id, &error);
  if (events == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < events->len; i++)
        {
          TurnoutRuleEvent *e = g_ptr_array_index (events, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "rule_id");
          json_builder_add_int_value (builder, e->rule_id);
          turnout_cli_add_string (builder, "kind", e->kind);
          turnout_cli_add_string (builder, "email", e->email);
          turnout_cli_add_string (builder, "message", e->message);
          turnout_cli_add_string (builder, "at", e->created_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  for (guint i = 0; i < events->len; i++)
    {
      TurnoutRuleEvent *e = g_ptr_array_index (events, i);

      g_print ("%s  %s  %s\n", e->created_at, e->kind, e->message);
    }
  return TURNOUT_CLI_EXIT_OK;
}

/* waitlist auto PROGRAM on|off */
int
turnout_cli_cmd_waitlist_auto (Cli   *cli,
                               int    argc,
                               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GPtrArray) promoted = NULL;
  GOptionEntry entries[] = { { NULL } };
  gboolean on;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM on|off", entries, &argc, &argv, &status))
    return status;
  if (argc != 3 || (!g_str_equal (argv[2], "on") && !g_str_equal (argv[2], "off")))
    return turnout_cli_usage_error (_("waitlist auto takes a PROGRAM and on or off"));
  on = g_str_equal (argv[2], "on");

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (!turnout_waitlist_set_auto_promote (cli->db, program->id, on, &promoted, &error))
    return turnout_cli_fail (error);

  if (on)
    g_print (_("Freed seats now go to the first on the wait list\n"));
  else
    g_print (_("Freed seats now wait for someone to promote\n"));
  for (guint i = 0; i < promoted->len; i++)
    g_print (_("  promoted %s\n"), ((TurnoutChangeResult *) g_ptr_array_index (promoted, i))->email);
  return TURNOUT_CLI_EXIT_OK;
}
