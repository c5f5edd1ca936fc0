/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-json-scan.h: the nesting of JSON bytes, before any parser.
 *
 * Header only, so that the ON24 simulator (a library of its own, without
 * the core) shares it with the readers of ON24's answers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Scans @data as a parser sees its nesting, strings skipped. Returns the
 * deepest nesting reached, stopping as soon as it passes @limit (0: no
 * limit); *@open_at_end, when given, says whether a string, object or
 * array was still open where the bytes end (a body cut short). */
static inline gsize
turnout_json_scan_depth (const char *data,
                         gsize       length,
                         gsize       limit,
                         gboolean   *open_at_end)
{
  gsize depth = 0, deepest = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > deepest)
            deepest = depth;
          if (limit > 0 && deepest > limit)
            break;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  if (open_at_end != NULL)
    *open_at_end = in_string || depth > 0;
  return deepest;
}

G_END_DECLS
