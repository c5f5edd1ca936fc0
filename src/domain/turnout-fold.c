/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-fold.c: text folded for searching and sorting.
 *
 * "Zoë Müller" and "zoe muller" fold alike, so a coordinator finds a person
 * however they type the name. The members table folds ASCII itself, eight
 * bytes at a time, to the same result; anything else comes here.
 */
#define G_LOG_DOMAIN "turnout-fold"

#include "config.h"

#include <string.h>

#include "turnout-fold.h"

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

char *
turnout_fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *stripped = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  if (is_ascii (text))
    {
      char *copy = g_ascii_strdown (text, -1);

      for (char *p = copy; *p; p++)
        if ((guchar) *p < 0x20)
          *p = ' ';
      return copy;
    }

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_ascii_strdown (text, -1);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (c < 0x20)
        c = ' ';
      g_string_append_unichar (out, c);
    }
  stripped = g_string_free (out, FALSE);
  return g_utf8_casefold (stripped, -1);
}
