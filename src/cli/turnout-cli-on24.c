/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cli-on24.c: the ON24 commands of turnout-cli.
 *
 *   account set [--region na|eu | --url URL] [--client-id ID] [--tokens-stdin]
 *   account show [--json]
 *   event link PROGRAM EVENT_ID [--no-event-email | --event-email]
 *   sync PROGRAM [--wait SECONDS] [--json]
 *   refresh PROGRAM [--dry-run] [--json]
 *
 * The tokens come from the keyring or from TURNOUT_ON24_ACCESS_TOKEN_KEY and
 * TURNOUT_ON24_ACCESS_TOKEN_SECRET; nothing here ever prints them.
 */
#define G_LOG_DOMAIN "turnout-cli"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "turnout-cli-private.h"
#include "turnout-forget.h"
#include "turnout-on24-credentials.h"
#include "turnout-on24-refresh.h"
#include "turnout-on24-sender.h"
#include "turnout-on24-service.h"
#include "turnout-outbox.h"
#include "turnout-store.h"

/* One whole line, however long: a token cut at a buffer's size would be
 * stored wrong without a word. The pieces are wiped: they hold secrets. */
static char *
read_line (FILE *in)
{
  g_autoptr(GString) line = g_string_new (NULL);
  char buffer[1024];
  gboolean any = FALSE;

  while (fgets (buffer, sizeof buffer, in) != NULL)
    {
      gsize n = strlen (buffer);

      any = TRUE;
      g_string_append_len (line, buffer, n);
      memset (buffer, 0, sizeof buffer);
      if (n > 0 && line->str[line->len - 1] == '\n')
        break;
    }
  if (!any)
    return NULL;
  {
    char *text = g_strstrip (g_strdup (line->str));

    memset (line->str, 0, line->len);
    return text;
  }
}

static const char *
token_source (const char *base_url,
              const char *client_id)
{
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;

  if (turnout_on24_credentials_from_env (&key, &secret))
    return _("from the environment");
  if (client_id == NULL)
    return _("not set");
  if (!turnout_on24_credentials_lookup_sync (base_url, client_id, &key, &secret, NULL, NULL))
    return _("keyring not reachable");
  return key && secret ? _("in the keyring") : _("not set");
}

/* Tokens are bound to their address: after a move to another one, say
 * when that one has none yet, rather than let the next call fail. */
static void
warn_if_no_tokens (const char *base_url,
                   const char *client_id)
{
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *place = NULL;

  if (client_id == NULL || *client_id == '\0' ||
      !turnout_on24_credentials_lookup_sync (base_url, client_id, &key, &secret, NULL, NULL) ||
      (key != NULL && secret != NULL))
    return;
  place = turnout_on24_region_place (base_url);
  g_printerr (_("No access tokens stored for %s; give this account’s tokens with --tokens-stdin\n"), place);
}

/* account set [--region na|eu | --url URL] [--client-id ID] [--tokens-stdin] */
int
turnout_cli_cmd_account_set (Cli   *cli,
                             int    argc,
                             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *region_id = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *stored_id = NULL;
  g_autofree char *stored_url = NULL;
  g_autofree char *old_origin = NULL;
  g_autofree char *new_origin = NULL;
  gboolean tokens_stdin = FALSE;
  GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &region_id,
      N_("The ON24 data center: na (North America, the default) or eu (Europe); sets the base URL"), "na|eu" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The ON24 API base URL (default https://api.on24.com/v2)"), "URL" },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id, N_("The ON24 account’s client id"), "ID" },
    { "tokens-stdin", 0, 0, G_OPTION_ARG_NONE, &tokens_stdin,
      N_("Read the access token key and secret from two lines of standard input and keep them in the keyring"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return turnout_cli_usage_error (_("account set takes no arguments"));
  if (region_id == NULL && url == NULL && client_id == NULL && !tokens_stdin)
    return turnout_cli_usage_error (_("account set needs --region, --url, --client-id or --tokens-stdin"));
  if (region_id != NULL && url != NULL)
    return turnout_cli_usage_error (_("--region and --url exclude each other: a region is an address"));

  if (region_id != NULL)
    {
      TurnoutOn24Region region;

      if (!turnout_on24_region_from_id (region_id, &region, &error))
        return turnout_cli_fail (error);
      url = g_strdup (turnout_on24_region_base_url (region));
    }
  else if (url != NULL)
    {
      g_strstrip (url);
      if (!turnout_on24_check_base_url (url, &error))
        return turnout_cli_fail (error);
    }
  if (client_id != NULL)
    {
      g_strstrip (client_id);
      if (!turnout_on24_check_client_id (client_id, &error))
        return turnout_cli_fail (error);
    }

  if (!turnout_cli_open_db (cli, &error))
    return turnout_cli_fail (error);

  if (tokens_stdin)
    {
      g_autofree char *key = read_line (stdin);
      g_autofree char *secret = read_line (stdin);
      const char *id = client_id;
      const char *at = url;

      if (id == NULL)
        id = stored_id = turnout_db_get_setting (cli->db, TURNOUT_ON24_SETTING_CLIENT_ID, NULL);
      /* The tokens are kept for the address they will be sent to. */
      if (at == NULL)
        at = stored_url = turnout_db_get_setting (cli->db, TURNOUT_ON24_SETTING_BASE_URL, NULL);
      if (key == NULL || secret == NULL || *key == '\0' || *secret == '\0')
        return turnout_cli_usage_error (_("--tokens-stdin reads the key on the first line and the secret on the second"));
      if (!turnout_on24_credentials_store_sync (at, id, key, secret, NULL, &error))
        return turnout_cli_fail (error);
    }

  if (url != NULL && !tokens_stdin)
    {
      if (stored_url == NULL)
        stored_url = turnout_db_get_setting (cli->db, TURNOUT_ON24_SETTING_BASE_URL, NULL);
      old_origin = turnout_on24_origin_for_url (stored_url);
      new_origin = turnout_on24_origin_for_url (url);
    }

  if ((url != NULL && !turnout_db_set_setting (cli->db, TURNOUT_ON24_SETTING_BASE_URL, url, &error)) ||
      (client_id != NULL && !turnout_db_set_setting (cli->db, TURNOUT_ON24_SETTING_CLIENT_ID, client_id, &error)))
    return turnout_cli_fail (error);

  g_print ("%s\n", _("ON24 account saved"));
  if (g_strcmp0 (old_origin, new_origin) != 0)
    {
      if (stored_id == NULL && client_id == NULL)
        stored_id = turnout_db_get_setting (cli->db, TURNOUT_ON24_SETTING_CLIENT_ID, NULL);
      warn_if_no_tokens (url, client_id ? client_id : stored_id);
    }
  return TURNOUT_CLI_EXIT_OK;
}

/* account show [--json] */
int
turnout_cli_cmd_account_show (Cli   *cli,
                              int    argc,
                              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *client_id = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  TurnoutOn24Region region;
  const char *tokens;
  int status;

  if (!turnout_cli_parse_options ("", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return turnout_cli_usage_error (_("account show takes no arguments"));
  if (!turnout_cli_open_db (cli, &error))
    return turnout_cli_fail (error);

  url = turnout_db_get_setting (cli->db, TURNOUT_ON24_SETTING_BASE_URL, NULL);
  client_id = turnout_db_get_setting (cli->db, TURNOUT_ON24_SETTING_CLIENT_ID, NULL);
  tokens = token_source (url, client_id);
  region = turnout_on24_region_for_url (url);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      turnout_cli_add_string (b, "region", turnout_on24_region_to_id (region));
      turnout_cli_add_string (b, "base_url", url ? url : TURNOUT_ON24_DEFAULT_BASE_URL);
      turnout_cli_add_string (b, "client_id", client_id);
      turnout_cli_add_string (b, "tokens", tokens);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      turnout_cli_print_json (root);
    }
  else
    {
      g_print (_("Region: %s\n"), turnout_on24_region_name (region));
      g_print (_("Base URL: %s\n"), url ? url : TURNOUT_ON24_DEFAULT_BASE_URL);
      g_print (_("Client id: %s\n"), client_id ? client_id : _("not set"));
      g_print (_("Access tokens: %s\n"), tokens);
    }
  return TURNOUT_CLI_EXIT_OK;
}

/* Running the async provider API to completion from the command line. */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

static TurnoutStore *
open_store (Cli     *cli,
            GError **error)
{
  g_autoptr(TurnoutStore) store = turnout_store_new (cli->db_path ? cli->db_path : turnout_db_get_path (cli->db));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL };
  gboolean ok;

  turnout_store_open_async (store, NULL, on_done, &wait);
  ok = turnout_store_open_finish (store, wait_for (&wait), NULL, error);
  g_clear_object (&wait.result);
  return ok ? g_steal_pointer (&store) : NULL;
}

static char *
format_local (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

/* sync PROGRAM [--wait SECONDS] [--json] */
int
turnout_cli_cmd_sync (Cli   *cli,
                      int    argc,
                      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutOn24Sender) sender = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_push_outcome_free);
  g_autoptr(GHashTable) final = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) stopped_by = NULL;
  gboolean json = FALSE;
  int max_wait = 120;
  GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_INT, &max_wait,
      N_("Wait at most this many seconds for a retry (default 120)"), "SECONDS" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  guint confirmed = 0, refused = 0, waiting = 0;
  gint64 next_at = 0;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("sync takes one PROGRAM"));
  if (max_wait < 0)
    return turnout_cli_usage_error (_("--wait takes a number of seconds, 0 or more"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  if (program->on24_event_id <= 0)
    {
      g_set_error (&error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not linked to an ON24 event; link it with “turnout-cli event link”"), program->name);
      return turnout_cli_fail (error);
    }

  client = turnout_on24_account_client_sync (cli->db, &error);
  if (client == NULL)
    return turnout_cli_fail (error);

  store = open_store (cli, &error);
  if (store == NULL)
    return turnout_cli_fail (error);
  sender = turnout_on24_sender_new (store);
  turnout_on24_sender_set_client (sender, client);

  for (;;)
    {
      Wait wait = { loop, NULL };
      g_autoptr(GPtrArray) outcomes = NULL;
      g_autoptr(GError) pass_stopped = NULL;
      gint64 now;

      turnout_on24_sender_flush_async (sender, program->id, NULL, on_done, &wait);
      outcomes = turnout_on24_sender_flush_finish (sender, wait_for (&wait), &pass_stopped, &error);
      g_clear_object (&wait.result);
      if (outcomes == NULL)
        return turnout_cli_fail (error);

      next_at = 0;
      for (guint i = 0; i < outcomes->len; i++)
        {
          TurnoutPushOutcome *o = g_ptr_array_index (outcomes, i);

          g_hash_table_insert (final, &o->person_id, o);
          if (o->kind == TURNOUT_PUSH_OUTCOME_POSTPONED && (next_at == 0 || o->next_attempt_at < next_at))
            next_at = o->next_attempt_at;
        }
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&outcomes));

      if (pass_stopped != NULL && !turnout_on24_error_is_transient (pass_stopped))
        {
          stopped_by = g_steal_pointer (&pass_stopped);
          break;
        }
      if (pass_stopped == NULL)
        {
          /* Everything due was answered; what is left is due later. */
          gint64 when;

          if (!turnout_outbox_next_due (cli->db, program->id, &when, NULL))
            break;
          next_at = when;
        }

      now = g_get_real_time () / G_USEC_PER_SEC;
      if (next_at - now > max_wait)
        break;
      if (next_at > now)
        {
          g_printerr (_("Waiting %d s before trying again…\n"), (int) (next_at - now));
          g_usleep ((next_at - now) * G_USEC_PER_SEC);
        }
    }

  /* The last outcome per person is what counts. */
  {
    GHashTableIter iter;
    TurnoutPushOutcome *o;

    g_hash_table_iter_init (&iter, final);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
      {
        if (o->kind == TURNOUT_PUSH_OUTCOME_CONFIRMED)
          confirmed++;
        else if (o->kind == TURNOUT_PUSH_OUTCOME_REFUSED)
          refused++;
        else
          waiting++;
      }
  }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "confirmed");
      json_builder_add_int_value (b, confirmed);
      json_builder_set_member_name (b, "refused");
      json_builder_add_int_value (b, refused);
      json_builder_set_member_name (b, "waiting");
      json_builder_add_int_value (b, waiting);
      turnout_cli_add_string (b, "stopped_by", stopped_by ? stopped_by->message : NULL);
      json_builder_set_member_name (b, "pushes");
      json_builder_begin_array (b);
      for (guint i = 0; i < all->len; i++)
        {
          TurnoutPushOutcome *o = g_ptr_array_index (all, i);
          static const char *kinds[] = { "confirmed", "refused", "postponed" };

          json_builder_begin_object (b);
          turnout_cli_add_string (b, "email", o->email);
          turnout_cli_add_string (b, "outcome", kinds[o->kind]);
          if (o->eventuserid > 0)
            {
              json_builder_set_member_name (b, "eventuserid");
              json_builder_add_int_value (b, o->eventuserid);
            }
          turnout_cli_add_string (b, "message", o->message);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      turnout_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; i < all->len; i++)
        {
          TurnoutPushOutcome *o = g_ptr_array_index (all, i);

          if (o->kind == TURNOUT_PUSH_OUTCOME_CONFIRMED)
            g_print (_("%s: confirmed (eventuserid %" PRId64 ")\n"), o->email, o->eventuserid);
          else if (o->kind == TURNOUT_PUSH_OUTCOME_REFUSED)
            g_print (_("%s: Registration Error: %s\n"), o->email, o->message);
          else
            {
              g_autofree char *when = format_local (o->next_attempt_at);

              g_print (_("%s: not sent yet, next try %s: %s\n"), o->email, when, o->message);
            }
        }
      g_print (_("%u confirmed, %u refused, %u waiting\n"), confirmed, refused, waiting);
    }

  if (stopped_by != NULL)
    return turnout_cli_fail (stopped_by);
  return TURNOUT_CLI_EXIT_OK;
}

/* refresh PROGRAM [--dry-run] [--json] */
int
turnout_cli_cmd_refresh (Cli   *cli,
                         int    argc,
                         char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;
  g_autoptr(TurnoutOn24Fetch) fetch = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL };
  const TurnoutRefreshSummary *shown;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Fetch from ON24 and show what would change; write nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("PROGRAM", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("refresh takes one PROGRAM"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  client = turnout_on24_account_client_sync (cli->db, &error);
  if (client == NULL)
    return turnout_cli_fail (error);
  store = open_store (cli, &error);
  if (store == NULL)
    return turnout_cli_fail (error);

  /* A dry run fetches the same and applies it dry: the counts of a real
   * refresh now, with nothing written. */
  if (dry_run)
    {
      turnout_on24_refresh_preview_async (store, client, program->id, NULL, on_done, &wait);
      fetch = turnout_on24_refresh_preview_finish (wait_for (&wait), &error);
      shown = fetch ? turnout_on24_fetch_get_preview (fetch) : NULL;
    }
  else
    {
      turnout_on24_refresh_async (store, client, program->id, NULL, on_done, &wait);
      shown = summary = turnout_on24_refresh_finish (wait_for (&wait), &error);
    }
  g_clear_object (&wait.result);
  if (shown == NULL)
    return turnout_cli_fail (error);

  if (json)
    {
      g_autofree char *text = turnout_refresh_summary_to_json (shown);
      g_autoptr(JsonNode) root = json_from_string (text, NULL);

      /* One object either way: a dry run's is the summary's, marked. */
      if (dry_run)
        json_object_set_boolean_member (json_node_get_object (root), "dry_run", TRUE);
      turnout_cli_print_json (root);
    }
  else
    {
      g_autofree char *text = turnout_refresh_summary_format (shown);

      if (dry_run)
        g_print (_("Dry run, nothing was written; a refresh now would give: %s\n"), text);
      else
        g_print ("%s\n", text);
    }
  return TURNOUT_CLI_EXIT_OK;
}

static gboolean
is_iso8601 (const char *text)
{
  g_autoptr(GDateTime) dt = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt != NULL;
}

/* event link PROGRAM EVENT_ID [--no-event-email | --event-email] */
int
turnout_cli_cmd_event_link (Cli   *cli,
                            int    argc,
                            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutOn24Client) client = NULL;
  g_autoptr(TurnoutFeedEvent) event = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL };
  gboolean no_email = FALSE, email = FALSE;
  GOptionEntry entries[] = {
    { "no-event-email", 0, 0, G_OPTION_ARG_NONE, &no_email, N_("ON24 sends no event e-mails to registrants"), NULL },
    { "event-email", 0, 0, G_OPTION_ARG_NONE, &email, N_("ON24 sends its event e-mails (the default)"), NULL },
    { NULL }
  };
  gint64 event_id;
  char *end = NULL;
  int status;

  if (!turnout_cli_parse_options ("PROGRAM EVENT_ID", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return turnout_cli_usage_error (_("event link takes a PROGRAM and an EVENT_ID"));
  event_id = g_ascii_strtoll (argv[2], &end, 10);
  if (end == NULL || *end != '\0' || event_id <= 0)
    return turnout_cli_usage_error (_("The ON24 event id must be a number, such as 311512"));
  if (email && no_email)
    return turnout_cli_usage_error (_("--event-email and --no-event-email exclude each other"));

  program = turnout_cli_find_program (cli, argv[1], &error);
  if (program == NULL)
    return turnout_cli_fail (error);
  client = turnout_on24_account_client_sync (cli->db, &error);
  if (client == NULL)
    return turnout_cli_fail (error);

  turnout_on24_client_get_event_async (client, event_id, NULL, on_done, &wait);
  event = turnout_on24_client_get_event_finish (client, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  if (event == NULL)
    return turnout_cli_fail (error);

  program->on24_event_id = event_id;
  if (is_iso8601 (event->livestart) && is_iso8601 (event->liveend))
    {
      g_free (program->live_start);
      g_free (program->live_end);
      program->live_start = g_strdup (event->livestart);
      program->live_end = g_strdup (event->liveend);
    }
  if (event->displaytimezonecd && *event->displaytimezonecd)
    {
      g_free (program->time_zone);
      program->time_zone = g_strdup (event->displaytimezonecd);
    }
  if (email || no_email)
    program->on24_event_email = email;

  if (!turnout_db_update_program (cli->db, program, &error))
    return turnout_cli_fail (error);

  g_print (_("Linked “%s” to ON24 event %" PRId64 " “%s” (%s – %s)\n"), program->name, event_id,
           event->eventname ? event->eventname : "", event->livestart ? event->livestart : "?",
           event->liveend ? event->liveend : "?");
  return TURNOUT_CLI_EXIT_OK;
}

/* person forget EMAIL [--on24] [--json]
 *
 * With --on24, ON24 is asked first, for every linked event the person is
 * in: if it cannot be asked, nothing is erased here either, so the
 * address is still there to ask again with. */
int
turnout_cli_cmd_person_forget (Cli   *cli,
                               int    argc,
                               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) person = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL };
  TurnoutForgetReport report;
  gboolean on24 = FALSE;
  gboolean json = FALSE;
  guint on24_erased = 0;
  GOptionEntry entries[] = {
    { "on24", 0, 0, G_OPTION_ARG_NONE, &on24, N_("Also ask ON24 to forget them, first"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  int status;

  if (!turnout_cli_parse_options ("EMAIL", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return turnout_cli_usage_error (_("person forget takes one EMAIL"));
  if (!turnout_cli_open_db (cli, &error))
    return turnout_cli_fail (error);

  person = turnout_db_find_person (cli->db, argv[1], &error);
  if (person == NULL)
    {
      g_autoptr(GError) check_error = NULL;

      if (g_error_matches (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND) &&
          turnout_db_email_is_forgotten (cli->db, argv[1], &check_error))
        {
          g_printerr (_("turnout-cli: this address was forgotten already; nothing is kept of it but a keyed hash\n"));
          return TURNOUT_CLI_EXIT_FAILURE;
        }
      return turnout_cli_fail (error);
    }

  events = turnout_db_list_person_on24_events (cli->db, person->id, &error);
  if (events == NULL)
    return turnout_cli_fail (error);
  if (on24 && events->len > 0)
    {
      g_autoptr(TurnoutOn24Client) client = turnout_on24_account_client_sync (cli->db, &error);
      gboolean asked;

      if (client == NULL)
        {
          g_printerr (_("turnout-cli: %s; nothing was erased\n"), error->message);
          return TURNOUT_CLI_EXIT_FAILURE;
        }
      turnout_on24_client_forget_async (client, person->email, (const gint64 *) events->data, events->len,
                                        NULL, on_done, &wait);
      asked = turnout_on24_client_forget_finish (client, wait_for (&wait), &on24_erased, &error);
      g_clear_object (&wait.result);
      if (!asked)
        {
          g_printerr (_("turnout-cli: ON24 could not be asked to forget them: %s; nothing was erased\n"),
                      error->message);
          return TURNOUT_CLI_EXIT_FAILURE;
        }
    }

  if (!turnout_db_forget_person (cli->db, person->id, NULL, on24 && events->len > 0, &report, &error))
    return turnout_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "programs");
      json_builder_add_int_value (builder, report.n_programs);
      json_builder_set_member_name (builder, "history_rows_kept");
      json_builder_add_int_value (builder, report.n_history);
      json_builder_set_member_name (builder, "questions_deleted");
      json_builder_add_int_value (builder, report.n_questions);
      json_builder_set_member_name (builder, "pushes_dropped");
      json_builder_add_int_value (builder, report.n_outbox);
      json_builder_set_member_name (builder, "on24_asked");
      json_builder_add_boolean_value (builder, on24 && events->len > 0);
      json_builder_set_member_name (builder, "on24_registrations_erased");
      json_builder_add_int_value (builder, on24_erased);
      json_builder_set_member_name (builder, "file_rebuilt");
      json_builder_add_boolean_value (builder, report.vacuumed);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      turnout_cli_print_json (root);
      return TURNOUT_CLI_EXIT_OK;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Forgotten: their personal data is erased from %u program; their memberships and "
                        "history stay as “Forgotten person”\n",
                        "Forgotten: their personal data is erased from %u programs; their memberships and "
                        "history stay as “Forgotten person”\n",
                        report.n_programs),
           report.n_programs);
  if (report.n_outbox > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u registration not yet sent to ON24 was dropped\n",
                          "%u registrations not yet sent to ON24 were dropped\n", report.n_outbox),
             report.n_outbox);
  if (on24 && events->len > 0)
    {
      /* Two counts, each with its own plural. */
      g_print (g_dngettext (GETTEXT_PACKAGE, "ON24 was asked to forget them at %u event",
                            "ON24 was asked to forget them at %u events", events->len),
               events->len);
      g_print ("; ");
      g_print (g_dngettext (GETTEXT_PACKAGE, "it erased %u registration\n", "it erased %u registrations\n",
                            on24_erased),
               on24_erased);
    }
  else if (on24)
    g_print (_("They are in no program linked to ON24: ON24 was not asked\n"));
  else if (events->len > 0)
    g_print (_("ON24 still has them: run again with --on24 to ask ON24 to forget them too\n"));
  g_print (_("Exports made before still hold their data: delete those yourself\n"));
  return TURNOUT_CLI_EXIT_OK;
}
