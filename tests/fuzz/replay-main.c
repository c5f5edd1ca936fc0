/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay-main.c: runs a fuzz target over files, without libFuzzer.
 *
 * The regular and sanitizer builds link each fuzz target with this main and
 * replay its seed corpus and every kept regression input as a test, so the
 * findings stay fixed on every compiler.
 */
#include "config.h"

#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
replay_path (const char *path)
{
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          n += replay_path (child);
        }
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize length;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("%s", error->message);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
      n = 1;
    }

  return n;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += replay_path (argv[i]);

  g_print ("1..1\nok 1 replayed %u inputs\n", n);
  return n > 0 ? 0 : 1;
}
