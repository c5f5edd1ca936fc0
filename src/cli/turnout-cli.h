/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cli.h: the command-line tool, callable from its main.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

enum
{
  TURNOUT_CLI_EXIT_OK = 0,
  TURNOUT_CLI_EXIT_FAILURE = 1,
  TURNOUT_CLI_EXIT_USAGE = 2,
};

int turnout_cli_run (int    argc,
                     char **argv);

G_END_DECLS
