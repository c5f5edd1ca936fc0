/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-sim: a local ON24 for the demo and for trying Turnout
 * without an ON24 account.
 *
 *   turnout-on24-sim --scenario FILE [--port N] [--fault JSON]... [--port-file PATH]
 *
 * Prints the base URL to give Turnout on its first line of output.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib-unix.h>

#include "turnout-on24-sim.h"

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- a local ON24 for Turnout");
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutOn24Sim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *port_file = NULL;
  g_auto(GStrv) faults = NULL;
  int port = 0;
  GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_FILENAME, &scenario, "The scenario (JSON)", "FILE" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (default: a free one)", "N" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      "Inject a fault, e.g. '{\"kind\":\"throttle\",\"retry_after\":2,\"count\":3}'", "JSON" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "Write the port number to this file", "PATH" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("turnout-on24-sim: %s\n", error->message);
      return 2;
    }
  if (scenario == NULL)
    {
      g_printerr ("turnout-on24-sim: --scenario FILE is required\n");
      return 2;
    }

  sim = turnout_on24_sim_new_from_file (scenario, &error);
  if (sim == NULL)
    {
      g_printerr ("turnout-on24-sim: %s: %s\n", scenario, error->message);
      return 1;
    }

  for (guint i = 0; faults && faults[i]; i++)
    if (!turnout_on24_sim_add_fault_json (sim, faults[i], &error))
      {
        g_printerr ("turnout-on24-sim: --fault: %s\n", error->message);
        return 2;
      }

  if (port < 0 || port > 65535 || !turnout_on24_sim_listen (sim, port, &error))
    {
      g_printerr ("turnout-on24-sim: cannot listen: %s\n", error ? error->message : "bad port");
      return 1;
    }

  if (port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", turnout_on24_sim_get_port (sim));

      if (!g_file_set_contents (port_file, text, -1, &error))
        {
          g_printerr ("turnout-on24-sim: %s\n", error->message);
          return 1;
        }
    }

  g_print ("%s\n", turnout_on24_sim_get_base_url (sim));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_main_loop_run (loop);
  return 0;
}
