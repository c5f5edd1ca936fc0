/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-person.c: e-mail addresses as Turnout compares them.
 *
 * People are unique by e-mail, compared case-insensitively after trimming.
 * The check is deliberately practical rather than RFC 5322 complete: it
 * catches what a coordinator actually mistypes or what a broken CSV column
 * holds, and accepts what ON24 accepts.
 */
#define G_LOG_DOMAIN "turnout-person"

#include "config.h"

#include <string.h>

#include "turnout-person.h"
#include "turnout-text.h"

/* Trimmed, and in Unicode's composed form (NFC): "josé" typed with a
 * combining accent and "josé" from ON24 are one address. */
char *
turnout_email_normalize (const char *email)
{
  g_autofree char *trimmed = NULL;
  char *composed;

  g_return_val_if_fail (email != NULL, NULL);

  trimmed = g_strstrip (g_strdup (email));
  composed = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);
  return composed ? composed : g_steal_pointer (&trimmed);
}

/* Characters that show as nothing: two addresses that look the same
 * would be two people. */
static gboolean
is_invisible (gunichar c)
{
  return c == 0x00ad || c == 0x034f || c == 0x061c || c == 0x180e ||
         (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c == 0xfeff;
}

gboolean
turnout_email_is_valid (const char *email)
{
  const char *start;
  const char *end;
  const char *at = NULL;
  gsize len;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return FALSE;

  /* The trimmed address, as turnout_email_normalize() gives it, without
   * copying it: an import checks every row's. */
  start = email;
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  len = end - start;
  if (len < 3 || len > 254)
    return FALSE;

  for (const char *p = start; p < end; p++)
    {
      if ((guchar) *p >= 0x80)
        {
          gunichar c = g_utf8_get_char (p);

          if (is_invisible (c) || turnout_text_is_control (c))
            return FALSE;
          /* On to the character's last byte: the loop steps past it. */
          p = g_utf8_next_char (p) - 1;
          continue;
        }
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("<>()[],;:\\\"", *p))
        return FALSE;
      if (*p == '@')
        {
          if (at != NULL)
            return FALSE;
          at = p;
        }
    }

  if (at == NULL || at == start)
    return FALSE;

  /* The domain: not empty, with a dot, not starting or ending with one,
   * and no empty label. */
  {
    const char *domain = at + 1;
    gboolean dot = FALSE;

    if (domain == end || *domain == '.' || end[-1] == '.')
      return FALSE;
    for (const char *p = domain; p < end; p++)
      if (*p == '.')
        {
          if (p[1] == '.')
            return FALSE;
          dot = TRUE;
        }
    if (!dot)
      return FALSE;
  }

  return TRUE;
}

/* The key people are matched by: trimmed, composed (NFC) and case-folded,
 * composed again because folding can decompose ("İ"). */
char *
turnout_email_key (const char *email)
{
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  const char *p;
  char *key;

  g_return_val_if_fail (email != NULL, NULL);

  /* Nearly every address is ASCII, which composing leaves as it is and
   * folding only lowers: the same key without Unicode's tables (three
   * copies and two table walks were 0.15 s of a refresh of 100k). */
  for (p = email; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    return g_strstrip (g_ascii_strdown (email, -1));

  composed = turnout_email_normalize (email);
  folded = g_utf8_casefold (composed, -1);
  key = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
  return key ? key : g_steal_pointer (&folded);
}
