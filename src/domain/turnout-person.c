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

char *
turnout_email_normalize (const char *email)
{
  g_return_val_if_fail (email != NULL, NULL);

  return g_strstrip (g_strdup (email));
}

gboolean
turnout_email_is_valid (const char *email)
{
  g_autofree char *trimmed = NULL;
  const char *at;
  const char *domain;
  gsize len;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return FALSE;

  trimmed = turnout_email_normalize (email);
  len = strlen (trimmed);
  if (len < 3 || len > 254)
    return FALSE;

  at = strchr (trimmed, '@');
  if (at == NULL || at == trimmed || strchr (at + 1, '@') != NULL)
    return FALSE;

  domain = at + 1;
  if (*domain == '\0' || *domain == '.' || strchr (domain, '.') == NULL ||
      g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL)
    return FALSE;

  for (const char *p = trimmed; *p; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("<>()[],;:\\\"", *p))
        return FALSE;
    }

  return TRUE;
}

/* The key people are matched by: trimmed and case-folded. */
char *
turnout_email_key (const char *email)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (email != NULL, NULL);

  trimmed = turnout_email_normalize (email);
  return g_utf8_casefold (trimmed, -1);
}
