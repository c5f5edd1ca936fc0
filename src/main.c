/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: Turnout's entry point. Everything else is in the library. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-member-table.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(TurnoutApplication) app = NULL;

  turnout_member_table_tune_allocator ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TURNOUT_LOCALEDIR") ? g_getenv ("TURNOUT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = turnout_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
