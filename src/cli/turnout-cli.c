/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cli.c: turnout-cli, every feature without a window.
 *
 * For scripting and automation. Exit codes: 0 when the command ran, 1 with
 * a one-line error on stderr when it failed, 2 for a usage error. With
 * --json, output is one JSON document with snake_case keys.
 */
#define G_LOG_DOMAIN "turnout-cli"

#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "turnout-channel.h"
#include "turnout-cli.h"
#include "turnout-cli-private.h"
#include "turnout-db.h"

int
turnout_cli_usage_error (const char *fmt,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, fmt);
  message = g_strdup_vprintf (fmt, args);
  va_end (args);

  g_printerr ("turnout-cli: %s\n", message);
  g_printerr (_("Try “turnout-cli --help” for usage.\n"));
  return TURNOUT_CLI_EXIT_USAGE;
}

int
turnout_cli_fail (GError *error)
{
  g_printerr ("turnout-cli: %s\n", error->message);
  return TURNOUT_CLI_EXIT_FAILURE;
}

gboolean
turnout_cli_open_db (Cli     *cli,
         GError **error)
{
  if (cli->db == NULL)
    {
      cli->db = turnout_db_open (cli->db_path, error);
      if (cli->db == NULL)
        return FALSE;
      if (turnout_db_get_moved_aside (cli->db) != NULL)
        g_printerr (_("turnout-cli: the database was damaged; it was moved aside to %s "
                      "and a new one was started\n"),
                    turnout_db_get_moved_aside (cli->db));
    }
  return TRUE;
}

/* Parses a subcommand's options; leaves positional arguments in argv. */
gboolean
turnout_cli_parse_options (const char    *usage,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int           *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = turnout_cli_usage_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

void
turnout_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
turnout_cli_add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

TurnoutProgram *
turnout_cli_find_program (Cli         *cli,
              const char  *id_or_name,
              GError     **error)
{
  if (!turnout_cli_open_db (cli, error))
    return NULL;
  return turnout_db_find_program (cli->db, id_or_name, error);
}

gboolean
turnout_cli_check_status_key (Cli         *cli,
                  const char  *key,
                  GError     **error)
{
  g_autoptr(TurnoutChannel) channel = turnout_db_get_channel (cli->db, TURNOUT_CHANNEL_WEBINAR);

  if (turnout_channel_lookup (channel, key) != NULL)
    return TRUE;

  {
    g_autoptr(GString) keys = g_string_new (NULL);

    for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
      g_string_append_printf (keys, "%s%s", i ? ", " : "", turnout_channel_get_status (channel, i)->key);

    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                 _("Unknown status “%s”; the statuses are: %s"), key, keys->str);
  }
  return FALSE;
}

/* program add NAME [--capacity N] [--on24-event ID] [--live-start T] [--live-end T] */
static int
cmd_program_add (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(GError) error = NULL;
  int capacity = -1;
  gint64 event_id = 0;
  g_autofree char *live_start = NULL;
  g_autofree char *live_end = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *description = NULL;
  GOptionEntry entries[] = {
    { "capacity", 0, 0, G_OPTION_ARG_INT, &capacity, N_("Seat limit"), "N" },
    { "on24-event", 0, 0, G_OPTION_ARG_INT64, &event_id, N_("The ON24 event id"), "ID" },
    { "live-start", 0, 0, G_OPTION_ARG_STRING, &live_start, N_("When the live event starts (ISO 8601)"), "ISO8601" },
    { "live-end", 0, 0, G_OPTION_ARG_STRING, &live_end, N_("When the live event ends (ISO 8601)"), "ISO8601" },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &time_zone, N_("The event’s time zone"), "TZ" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("A description"), "TEXT" },
    { NULL }
  };
  TurnoutProgramSpec spec = { 0 };
  int status;
  gint64 id;

  if (!turnout_cli_parse_options ("NAME", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("program add takes one NAME"));
  if (capacity < -1 || event_id < 0)
    return turnout_cli_usage_error (_("--capacity and --on24-event take numbers, 0 or more"));

  if (!turnout_cli_open_db (cli, &error))
    return turnout_cli_fail (error);

  spec.name = argv[1];
  spec.capacity = capacity;
  spec.on24_event_id = event_id;
  spec.live_start = live_start;
  spec.live_end = live_end;
  spec.time_zone = time_zone;
  spec.description = description;

  id = turnout_db_add_program (cli->db, &spec, &error);
  if (id == 0)
    return turnout_cli_fail (error);

  g_print (_("Added program “%s” (id %" PRId64 ")\n"), argv[1], id);
  return TURNOUT_CLI_EXIT_OK;
}

static int
cmd_program_list (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return turnout_cli_usage_error (_("program list takes no arguments"));

  if (!turnout_cli_open_db (cli, &error))
    return turnout_cli_fail (error);

  programs = turnout_db_list_programs (cli->db, &error);
  if (programs == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < programs->len; i++)
        {
          TurnoutProgram *p = g_ptr_array_index (programs, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, p->id);
          turnout_cli_add_string (builder, "name", p->name);
          turnout_cli_add_string (builder, "channel", p->channel_key);
          json_builder_set_member_name (builder, "capacity");
          if (p->capacity >= 0)
            json_builder_add_int_value (builder, p->capacity);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "on24_event_id");
          if (p->on24_event_id > 0)
            json_builder_add_int_value (builder, p->on24_event_id);
          else
            json_builder_add_null_value (builder);
          turnout_cli_add_string (builder, "live_start", p->live_start);
          turnout_cli_add_string (builder, "live_end", p->live_end);
          turnout_cli_add_string (builder, "time_zone", p->time_zone);
          turnout_cli_add_string (builder, "description", p->description);
          json_builder_set_member_name (builder, "members");
          json_builder_add_int_value (builder, p->n_members);
          json_builder_set_member_name (builder, "registered");
          json_builder_add_int_value (builder, p->n_registered);
          json_builder_set_member_name (builder, "attended");
          json_builder_add_int_value (builder, p->n_attended);
          turnout_cli_add_string (builder, "last_refresh_at", p->last_refresh_at);
          turnout_cli_add_string (builder, "last_refresh_summary", p->last_refresh_summary);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (programs->len == 0)
    {
      g_print (_("No programs yet. Add one with “turnout-cli program add NAME”.\n"));
      return TURNOUT_CLI_EXIT_OK;
    }

  g_print ("%-6s %-40s %-25s %8s %10s %8s\n", _("ID"), _("Name"), _("Live start"),
           _("Members"), _("Registered"), _("Attended"));
  for (guint i = 0; i < programs->len; i++)
    {
      TurnoutProgram *p = g_ptr_array_index (programs, i);

      g_print ("%-6" G_GINT64_FORMAT " %-40s %-25s %8u %10u %8u\n", p->id, p->name,
               p->live_start ? p->live_start : "-", p->n_members, p->n_registered, p->n_attended);
    }

  return TURNOUT_CLI_EXIT_OK;
}

static void
build_member_json (JsonBuilder         *builder,
                   const TurnoutMember *m)
{
  json_builder_begin_object (builder);
  turnout_cli_add_string (builder, "email", m->person.email);
  turnout_cli_add_string (builder, "first_name", m->person.first_name);
  turnout_cli_add_string (builder, "last_name", m->person.last_name);
  turnout_cli_add_string (builder, "company", m->person.company);
  turnout_cli_add_string (builder, "job_title", m->person.job_title);
  turnout_cli_add_string (builder, "status", m->status);
  /* The reason in the reader's language; the key of a reason of
   * Turnout's own, for a script that acts on it. */
  turnout_cli_add_string (builder, "status_reason", m->status_reason);
  if (m->status_reason_key != NULL && *m->status_reason_key != '\0')
    turnout_cli_add_string (builder, "status_reason_key", m->status_reason_key);
  turnout_cli_add_string (builder, "member_date", m->member_date);
  turnout_cli_add_string (builder, "status_changed_at", m->status_changed_at);
  json_builder_set_member_name (builder, "reached_success");
  json_builder_add_boolean_value (builder, m->reached_success);
  turnout_cli_add_string (builder, "success_at", m->success_at);
  turnout_cli_add_string (builder, "acquired_by", m->acquired_by);
  json_builder_set_member_name (builder, "waitlist_priority");
  if (m->waitlist_priority > 0)
    json_builder_add_int_value (builder, m->waitlist_priority);
  else
    json_builder_add_null_value (builder);
  turnout_cli_add_string (builder, "push_state",
              m->push_state == TURNOUT_PUSH_NONE ? NULL : turnout_push_state_to_key (m->push_state));
  json_builder_set_member_name (builder, "on24_eventuserid");
  if (m->on24_eventuserid > 0)
    json_builder_add_int_value (builder, m->on24_eventuserid);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "live_minutes");
  if (m->live_minutes >= 0)
    json_builder_add_int_value (builder, m->live_minutes);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ondemand_minutes");
  if (m->ondemand_minutes >= 0)
    json_builder_add_int_value (builder, m->ondemand_minutes);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "engagement_score");
  if (m->engagement_score >= 0)
    json_builder_add_double_value (builder, m->engagement_score);
  else
    json_builder_add_null_value (builder);
  {
    const struct { const char *name; int count; } counts[] = {
      { "asked_questions", m->asked_questions },
      { "answered_polls", m->answered_polls },
      { "answered_surveys", m->answered_surveys },
      { "resources_downloaded", m->resources_downloaded },
    };

    /* null: ON24 did not report it, as with the minutes */
    for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
      {
        json_builder_set_member_name (builder, counts[i].name);
        if (counts[i].count >= 0)
          json_builder_add_int_value (builder, counts[i].count);
        else
          json_builder_add_null_value (builder);
      }
  }
  turnout_cli_add_string (builder, "launch_mode", m->launch_mode);
  json_builder_end_object (builder);
}

/* member add PROGRAM EMAIL [--first-name T] ... [--status KEY] */
static int
cmd_member_add (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *company = NULL;
  g_autofree char *job_title = NULL;
  g_autofree char *status_key = NULL;
  GOptionEntry entries[] = {
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &first_name, N_("First name"), "T" },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &last_name, N_("Last name"), "T" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("Company"), "T" },
    { "job-title", 0, 0, G_OPTION_ARG_STRING, &job_title, N_("Job title"), "T" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_key, N_("Status (default: invited)"), "KEY" },
    { NULL }
  };
  TurnoutPersonSpec spec = { 0 };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM EMAIL", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return turnout_cli_usage_error (_("member add takes a PROGRAM and one EMAIL"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (status_key != NULL && !turnout_cli_check_status_key (cli, status_key, &error))
    return turnout_cli_fail (error);

  spec.email = argv[2];
  spec.first_name = first_name;
  spec.last_name = last_name;
  spec.company = company;
  spec.job_title = job_title;

  result = turnout_db_add_member (cli->db, program->id, &spec, status_key,
                                  TURNOUT_SOURCE_MANUAL, &error);
  if (result == NULL)
    return turnout_cli_fail (error);

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  switch (result->outcome)
    {
    case TURNOUT_MOVE_CHANGED:
      g_print (_("%s is now %s in “%s”\n"), result->email,
               turnout_status_display_name_for_key (channel, result->new_status), program->name);
      if (result->reason != NULL)
        g_print ("  %s\n", result->reason);
      break;
    case TURNOUT_MOVE_SKIPPED:
      g_print (_("%s is already %s in “%s”\n"), result->email,
               turnout_status_display_name_for_key (channel, result->old_status), program->name);
      break;
    case TURNOUT_MOVE_REFUSED:
      g_print (_("%s stays %s: %s\n"), result->email,
               turnout_status_display_name_for_key (channel, result->old_status), result->reason);
      break;
    case TURNOUT_MOVE_REMOVED:
      g_print (_("%s was removed from “%s”\n"), result->email, program->name);
      break;
    default:
      g_assert_not_reached ();
    }

  return TURNOUT_CLI_EXIT_OK;
}

static int
cmd_member_list (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *status_key = NULL;
  g_autofree char *search = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_key, N_("Only members with this status"), "KEY" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only members matching this text"), "TEXT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("member list takes one PROGRAM"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (status_key != NULL && !turnout_cli_check_status_key (cli, status_key, &error))
    return turnout_cli_fail (error);

  members = turnout_db_list_members (cli->db, program->id, status_key, search, &error);
  if (members == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < members->len; i++)
        build_member_json (builder, g_ptr_array_index (members, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  g_print ("%-32s %-24s %-20s %s\n", _("E-mail"), _("Name"), _("Status"), _("Status reason"));
  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *m = g_ptr_array_index (members, i);
      g_autofree char *name = turnout_person_dup_display_name (&m->person);

      g_print ("%-32s %-24s %-20s %s\n", m->person.email, name,
               turnout_status_display_name_for_key (channel, m->status), m->status_reason);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u member\n", "%u members\n", members->len), members->len);

  return TURNOUT_CLI_EXIT_OK;
}

static const char *
outcome_key (TurnoutMoveOutcome outcome)
{
  switch (outcome)
    {
    case TURNOUT_MOVE_CHANGED: return "changed";
    case TURNOUT_MOVE_SKIPPED: return "skipped";
    case TURNOUT_MOVE_REFUSED: return "refused";
    case TURNOUT_MOVE_REMOVED: return "removed";
    default: g_assert_not_reached ();
    }
}

static void
build_change_results_json (JsonBuilder *builder,
                           GPtrArray   *results)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      TurnoutChangeResult *r = g_ptr_array_index (results, i);

      json_builder_begin_object (builder);
      turnout_cli_add_string (builder, "email", r->email);
      turnout_cli_add_string (builder, "outcome", outcome_key (r->outcome));
      turnout_cli_add_string (builder, "old_status", r->old_status);
      turnout_cli_add_string (builder, "new_status",
                              r->outcome == TURNOUT_MOVE_REMOVED ? TURNOUT_STATUS_NOT_IN_PROGRAM :
                              r->outcome == TURNOUT_MOVE_CHANGED ? r->new_status : r->old_status);
      turnout_cli_add_string (builder, "reason", r->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_count (JsonBuilder *builder,
           const char  *key,
           guint        value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* A dry run's JSON is one object, so a script reads the counts without
 * adding up the members; the members are there as a real run gives them. */
static void
print_dry_run_json (GPtrArray                  *results,
                    const TurnoutChangeSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, TRUE);
  add_count (builder, "changed", summary->changed);
  add_count (builder, "wait_listed", summary->wait_listed);
  add_count (builder, "skipped", summary->skipped);
  add_count (builder, "refused", summary->refused);
  add_count (builder, "removed", summary->removed);
  json_builder_set_member_name (builder, "members");
  build_change_results_json (builder, results);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  turnout_cli_print_json (root);
}

/* The counts of a dry run, in the conditional; the same counts a real
 * run prints, so the two can be compared. */
static void
print_dry_run_summary (const TurnoutChangeSummary *summary,
                       const char                 *asked)
{
  g_print ("%s ", _("Dry run, nothing was written:"));
  /* Translators: the start of a summary like "3 would change, 1 would be removed, 2 would be skipped, 1 would be refused" */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u would change", "%u would change", summary->changed), summary->changed);
  /* Those sent to the wait list instead of the status asked for. */
  if (summary->wait_listed > 0 && g_strcmp0 (asked, TURNOUT_STATUS_WAIT_LISTED) != 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, " (%u to the wait list: no seat is free)",
                          " (%u to the wait list: no seat is free)", summary->wait_listed),
             summary->wait_listed);
  if (summary->removed)
    g_print (g_dngettext (GETTEXT_PACKAGE, ", %u would be removed", ", %u would be removed", summary->removed),
             summary->removed);
  g_print (g_dngettext (GETTEXT_PACKAGE, ", %u would be skipped", ", %u would be skipped", summary->skipped),
           summary->skipped);
  g_print (g_dngettext (GETTEXT_PACKAGE, ", %u would be refused\n", ", %u would be refused\n", summary->refused),
           summary->refused);
}

/**
 * turnout_cli_print_change_results:
 * @asked: the status asked for, to explain members who went elsewhere
 *   (the wait list), or %NULL
 * @dry_run: whether @results come from a dry run, which wrote nothing
 *
 * Prints the outcome of a change of statuses, as every command that
 * changes them does: with --json one object per member (for a dry run,
 * one object with the counts and the members), otherwise the counts, then
 * each refusal and skip with its reason.
 */
int
turnout_cli_print_change_results (GPtrArray      *results,
                                  TurnoutChannel *channel,
                                  const char     *asked,
                                  gboolean        json,
                                  gboolean        dry_run)
{
  TurnoutChangeSummary summary;

  turnout_change_summary_count (&summary, results);

  if (json && dry_run)
    {
      print_dry_run_json (results, &summary);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      build_change_results_json (builder, results);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (dry_run)
    {
      print_dry_run_summary (&summary, asked);
    }
  else
    {
      /* Translators: the start of a summary like "3 changed, 1 removed, 2 skipped, 1 refused" */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u changed", "%u changed", summary.changed), summary.changed);
      if (summary.removed)
        g_print (g_dngettext (GETTEXT_PACKAGE, ", %u removed", ", %u removed", summary.removed), summary.removed);
      g_print (g_dngettext (GETTEXT_PACKAGE, ", %u skipped", ", %u skipped", summary.skipped), summary.skipped);
      g_print (g_dngettext (GETTEXT_PACKAGE, ", %u refused\n", ", %u refused\n", summary.refused), summary.refused);
    }

  for (guint i = 0; i < results->len; i++)
    {
      TurnoutChangeResult *r = g_ptr_array_index (results, i);
      const char *email = r->email ? r->email : "-";

      if (r->outcome == TURNOUT_MOVE_REFUSED)
        g_print (_("  refused %s: %s\n"), email, r->reason ? r->reason : "");
      else if (r->outcome == TURNOUT_MOVE_SKIPPED && r->reason != NULL)
        g_print (_("  skipped %s: %s\n"), email, r->reason);
      else if (r->outcome == TURNOUT_MOVE_CHANGED && asked != NULL &&
               g_strcmp0 (r->new_status, asked) != 0)
        g_print (_("  %s: %s instead (%s)\n"), email,
                 turnout_status_display_name_for_key (channel, r->new_status), r->reason);
    }

  return TURNOUT_CLI_EXIT_OK;
}

/* For --dry-run, after the database is open: the command's own store
 * call then runs to the end of its transaction and rolls back, so what it
 * reports is what the real run would do, and nothing is written. */
void
turnout_cli_set_dry_run (Cli      *cli,
                         gboolean  dry_run)
{
  g_assert (cli->db != NULL);
  turnout_db_set_dry_run (cli->db, dry_run);
}

/* status set PROGRAM KEY (EMAIL... | --from KEY) [--reason TEXT] [--dry-run] [--json] */
static int
cmd_status_set (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *from = NULL;
  g_autofree char *reason = NULL;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Change every member with this status"), "KEY" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why; kept in the history"), "TEXT" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would change; write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM KEY (EMAIL... | --from KEY)", entries, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return turnout_cli_usage_error (_("status set takes a PROGRAM, a status KEY and e-mail addresses or --from KEY"));
  if ((from != NULL) == (argc > 3))
    return turnout_cli_usage_error (_("status set takes either e-mail addresses or --from KEY, not both"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (!turnout_cli_check_status_key (cli, argv[2], &error))
    return turnout_cli_fail (error);
  if (from != NULL && !turnout_cli_check_status_key (cli, from, &error))
    return turnout_cli_fail (error);

  if (from != NULL)
    {
      ids = turnout_db_list_person_ids_with_status (cli->db, program->id, from, &error);
      if (ids == NULL)
        return turnout_cli_fail (error);
    }
  else
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (int i = 3; i < argc; i++)
        {
          g_autoptr(TurnoutPerson) person = turnout_db_find_person (cli->db, argv[i], &error);

          if (person != NULL)
            {
              g_array_append_val (ids, person->id);
            }
          else if (g_error_matches (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND))
            {
              TurnoutChangeResult *r = g_new0 (TurnoutChangeResult, 1);

              r->email = g_strdup (argv[i]);
              r->outcome = TURNOUT_MOVE_REFUSED;
              r->old_status = g_strdup (TURNOUT_STATUS_NOT_IN_PROGRAM);
              r->new_status = g_strdup (argv[2]);
              r->reason = g_strdup (_("There is no person with this e-mail address; add them with “member add”"));
              g_ptr_array_add (unknown, r);
              g_clear_error (&error);
            }
          else
            return turnout_cli_fail (error);
        }
    }

  turnout_cli_set_dry_run (cli, dry_run);
  results = turnout_db_change_status (cli->db, program->id, argv[2],
                                      (const gint64 *) (gpointer) ids->data, ids->len,
                                      reason, from ? TURNOUT_SOURCE_BULK : TURNOUT_SOURCE_MANUAL,
                                      &error);
  if (results == NULL)
    return turnout_cli_fail (error);

  g_ptr_array_extend_and_steal (results, g_steal_pointer (&unknown));

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  return turnout_cli_print_change_results (results, channel, argv[2], json, dry_run);
}

static int
cmd_history (Cli   *cli,
             int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutPerson) person = NULL;
  g_autoptr(GPtrArray) entries_out = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM EMAIL", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return turnout_cli_usage_error (_("history takes a PROGRAM and one EMAIL"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  person = turnout_db_find_person (cli->db, argv[2], &error);
  if (person == NULL)
    return turnout_cli_fail (error);

  entries_out = turnout_db_get_history (cli->db, program->id, person->id, &error);
  if (entries_out == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_out->len; i++)
        {
          TurnoutHistoryEntry *e = g_ptr_array_index (entries_out, i);

          json_builder_begin_object (builder);
          turnout_cli_add_string (builder, "old_status", e->old_status);
          turnout_cli_add_string (builder, "new_status", e->new_status);
          turnout_cli_add_string (builder, "reason", e->reason);
          if (e->reason_key != NULL && *e->reason_key != '\0')
            turnout_cli_add_string (builder, "reason_key", e->reason_key);
          turnout_cli_add_string (builder, "source", e->source);
          turnout_cli_add_string (builder, "at", e->at);
          /* who, on a team database; null on a file */
          turnout_cli_add_string (builder, "made_by", e->made_by);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  if (entries_out->len == 0)
    {
      g_print (_("%s has no history in “%s”\n"), person->email, program->name);
      return TURNOUT_CLI_EXIT_OK;
    }

  channel = turnout_db_get_channel (cli->db, program->channel_key);
  for (guint i = 0; i < entries_out->len; i++)
    {
      TurnoutHistoryEntry *e = g_ptr_array_index (entries_out, i);
      TurnoutSource source = TURNOUT_SOURCE_MANUAL;
      g_autofree char *how = NULL;

      turnout_source_from_key (e->source, &source);
      /* TRANSLATORS: how a change was made, and the team database role that made it */
      how = e->made_by != NULL ? g_strdup_printf (_("%s, by %s"), turnout_source_get_display_name (source), e->made_by)
                               : g_strdup (turnout_source_get_display_name (source));
      g_print ("%s  %s -> %s  (%s)%s%s\n", e->at,
               turnout_status_display_name_for_key (channel, e->old_status),
               turnout_status_display_name_for_key (channel, e->new_status),
               how, *e->reason ? "  " : "", e->reason);
    }

  return TURNOUT_CLI_EXIT_OK;
}

/* check: the database's integrity and Turnout's own invariants. */
static int
cmd_check (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  GOptionEntry entries[] = { { NULL } };
  int status;

  if (!turnout_cli_parse_options ("", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return turnout_cli_usage_error (_("check takes no arguments"));
  if (!turnout_cli_open_db (cli, &error))
    return turnout_cli_fail (error);

  if (!turnout_db_check_integrity (cli->db, &problem, &error))
    {
      if (error != NULL)
        return turnout_cli_fail (error);
      g_printerr (_("turnout-cli: the database has a problem: %s\n"), problem);
      return TURNOUT_CLI_EXIT_FAILURE;
    }

  g_print (_("The database is intact\n"));
  return TURNOUT_CLI_EXIT_OK;
}

static const Command commands[] = {
  { "program", "add", "program add NAME [--capacity N] [--on24-event ID] [--live-start ISO8601] [--live-end ISO8601]", cmd_program_add },
  { "program", "list", "program list [--json]", cmd_program_list },
  { "member", "add", "member add PROGRAM EMAIL [--first-name T] [--last-name T] [--company T] [--job-title T] [--status KEY]", cmd_member_add },
  { "member", "list", "member list PROGRAM [--status KEY] [--search TEXT] [--json]", cmd_member_list },
  { "status", "set", "status set PROGRAM KEY (EMAIL... | --from KEY) [--reason TEXT] [--dry-run] [--json]", cmd_status_set },
  { "history", NULL, "history PROGRAM EMAIL [--json]", cmd_history },
  { "person", "forget", "person forget EMAIL [--on24] [--json]", turnout_cli_cmd_person_forget },
  { "import", NULL, "import PROGRAM FILE [--status KEY] [--map N=FIELD]... [--dry-run] [--json]", turnout_cli_cmd_import },
  { "export", NULL, "export PROGRAM FILE [--status KEY] [--search TEXT] [--columns KEY,...]", turnout_cli_cmd_export },
  { "approve", NULL, "approve PROGRAM (EMAIL... | --all) [--reason TEXT] [--dry-run] [--json]", turnout_cli_cmd_approve },
  { "reject", NULL, "reject PROGRAM (EMAIL... | --all) [--reason TEXT] [--dry-run] [--json]", turnout_cli_cmd_reject },
  { "waitlist", "promote", "waitlist promote PROGRAM [EMAIL...] [--reason TEXT] [--dry-run] [--json]", turnout_cli_cmd_waitlist_promote },
  { "waitlist", "reorder", "waitlist reorder PROGRAM EMAIL POSITION [--reason TEXT]", turnout_cli_cmd_waitlist_reorder },
  { "waitlist", "auto", "waitlist auto PROGRAM on|off", turnout_cli_cmd_waitlist_auto },
  { "waitlist", NULL, "waitlist PROGRAM [--json]", turnout_cli_cmd_waitlist },
  { "batch", NULL, "batch PROGRAM KEY [--status KEY] [--search TEXT] [--success yes|no] [--acquired-by KEY] [--reason TEXT] [--dry-run] [--json]", turnout_cli_cmd_batch },
  { "rule", "list", "rule list PROGRAM [--json]", turnout_cli_cmd_rule_list },
  { "rule", "add", "rule add PROGRAM ON_STATUS (notify | promote | change-status TO_STATUS) [--message TEXT]", turnout_cli_cmd_rule_add },
  { "rule", "remove", "rule remove PROGRAM ID", turnout_cli_cmd_rule_remove },
  { "rule", "events", "rule events PROGRAM [--json]", turnout_cli_cmd_rule_events },
  { "check", NULL, "check", cmd_check },
  { "account", "set", "account set [--region na|eu | --url URL] [--client-id ID] [--tokens-stdin]", turnout_cli_cmd_account_set },
  { "account", "show", "account show [--json]", turnout_cli_cmd_account_show },
  { "event", "link", "event link PROGRAM EVENT_ID [--no-event-email]", turnout_cli_cmd_event_link },
  { "sync", NULL, "sync PROGRAM [--wait SECONDS] [--json]", turnout_cli_cmd_sync },
  { "refresh", NULL, "refresh PROGRAM [--dry-run] [--json]", turnout_cli_cmd_refresh },
};

/* Everything the tool prints passes here: names, reasons and ON24's
 * messages come from people and servers, and an escape sequence among
 * them must reach the terminal as text, not as a command to it. */
static void
print_escaped (const char *string,
               FILE       *out)
{
  g_autofree char *escaped = turnout_text_escape_unprintable (string, -1);

  fputs (escaped ? escaped : string, out);
  fflush (out);
}

static void
print_stdout (const char *string)
{
  print_escaped (string, stdout);
}

static void
print_stderr (const char *string)
{
  print_escaped (string, stderr);
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: turnout-cli [--db PATH] COMMAND ..."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", commands[i].usage);
  fprintf (out, "\n%s\n", _("PROGRAM is a program’s id or its exact name. Exit status: 0 when the "
                            "command ran, 1 when it failed, 2 for a usage error."));
}

int
turnout_cli_run (int    argc,
                 char **argv)
{
  Cli cli = { 0 };
  int first = 1;
  int status = TURNOUT_CLI_EXIT_USAGE;
  const char *db_env = g_getenv ("TURNOUT_DB");

  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);

  cli.db_path = db_env && *db_env ? db_env : NULL;

  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
        {
          print_help (stdout);
          return TURNOUT_CLI_EXIT_OK;
        }
      else if (g_str_equal (argv[first], "--version"))
        {
          g_print ("turnout-cli %s\n", PACKAGE_VERSION);
          return TURNOUT_CLI_EXIT_OK;
        }
      else if (g_str_equal (argv[first], "--db") && first + 1 < argc)
        {
          cli.db_path = argv[first + 1];
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--db="))
        {
          cli.db_path = argv[first] + strlen ("--db=");
          first++;
        }
      else
        return turnout_cli_usage_error (_("Unknown option “%s”"), argv[first]);
    }

  if (first >= argc)
    {
      print_help (stderr);
      return TURNOUT_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const Command *c = &commands[i];
      int consumed;

      if (!g_str_equal (argv[first], c->group))
        continue;

      if (c->name != NULL)
        {
          if (first + 1 >= argc || !g_str_equal (argv[first + 1], c->name))
            continue;
          consumed = 2;
        }
      else
        consumed = 1;

      {
        /* The subcommand sees itself as argv[0]. */
        g_autofree char **sub_argv = g_new0 (char *, argc - first - consumed + 2);
        int sub_argc = 0;

        sub_argv[sub_argc++] = (char *) c->usage;
        for (int j = first + consumed; j < argc; j++)
          sub_argv[sub_argc++] = argv[j];

        status = c->func (&cli, sub_argc, sub_argv);
      }

      g_clear_pointer (&cli.db, turnout_db_close);
      return status;
    }

  return turnout_cli_usage_error (_("Unknown command “%s”"), argv[first]);
}
