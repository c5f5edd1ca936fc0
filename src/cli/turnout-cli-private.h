/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cli-private.h: what the command-line tool's files share.
 *
 * Each area's commands live in a file of their own (turnout-cli-*.c) and
 * are listed in the command table in turnout-cli.c.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "turnout-channel.h"
#include "turnout-cli.h"
#include "turnout-db.h"

G_BEGIN_DECLS

typedef struct
{
  const char *db_path;
  TurnoutDb  *db;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

typedef struct
{
  const char  *group;
  const char  *name;      /* NULL for a command of one word */
  const char  *usage;
  CommandFunc  func;
} Command;

int             turnout_cli_usage_error      (const char    *fmt,
                                              ...) G_GNUC_PRINTF (1, 2);
int             turnout_cli_fail             (GError        *error);
gboolean        turnout_cli_open_db          (Cli           *cli,
                                              GError       **error);
gboolean        turnout_cli_parse_options    (const char    *usage,
                                              GOptionEntry  *entries,
                                              int           *argc,
                                              char        ***argv,
                                              int           *status);
void            turnout_cli_print_json       (JsonNode      *node);
void            turnout_cli_add_string       (JsonBuilder   *builder,
                                              const char    *key,
                                              const char    *value);
TurnoutProgram *turnout_cli_find_program     (Cli           *cli,
                                              const char    *id_or_name,
                                              GError       **error);
gboolean        turnout_cli_check_status_key (Cli           *cli,
                                              const char    *key,
                                              GError       **error);
void            turnout_cli_set_dry_run      (Cli           *cli,
                                              gboolean       dry_run);
int             turnout_cli_print_change_results (GPtrArray      *results,
                                                  TurnoutChannel *channel,
                                                  const char     *asked,
                                                  gboolean        json,
                                                  gboolean        dry_run);

/* turnout-cli-members.c */
int turnout_cli_cmd_import           (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_export           (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_approve          (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_reject           (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_waitlist         (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_waitlist_promote (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_waitlist_reorder (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_waitlist_auto    (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_batch            (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_rule_list        (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_rule_add         (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_rule_remove      (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_rule_events      (Cli *cli, int argc, char **argv);

/* turnout-cli-on24.c */
int turnout_cli_cmd_account_set  (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_account_show (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_event_link   (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_sync         (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_person_forget (Cli *cli, int argc, char **argv);
int turnout_cli_cmd_refresh      (Cli *cli, int argc, char **argv);

G_END_DECLS
