/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: turnout-cli's entry point. Everything else is in the library. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "turnout-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TURNOUT_LOCALEDIR") ? g_getenv ("TURNOUT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return turnout_cli_run (argc, argv);
}
