/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-text.c: the limits and the characters Turnout accepts in text.
 *
 * A name of 200 MB from a CSV made every later list slow and large, and a
 * right-to-left override or an escape sequence in a name can make a row or
 * a terminal show something other than what is stored. So typed text is
 * checked here, once, for every way in (window, CLI, import), and text
 * Turnout merely receives (ON24's answers) is shortened and cleaned rather
 * than refused, because dropping an attendee would lose attendance.
 */
#define G_LOG_DOMAIN "turnout-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-text.h"

G_DEFINE_QUARK (turnout-text-error-quark, turnout_text_error)

static const gsize limits[TURNOUT_TEXT_N_FIELDS] = {
  [TURNOUT_TEXT_EMAIL] = 254,
  [TURNOUT_TEXT_FIRST_NAME] = 1000,
  [TURNOUT_TEXT_LAST_NAME] = 1000,
  [TURNOUT_TEXT_COMPANY] = 1000,
  [TURNOUT_TEXT_JOB_TITLE] = 1000,
  [TURNOUT_TEXT_REASON] = 4000,
  [TURNOUT_TEXT_PROGRAM_NAME] = 500,
};

const char *
turnout_text_field_name (TurnoutTextField field)
{
  switch (field)
    {
    case TURNOUT_TEXT_EMAIL:
      return _("E-mail address");
    case TURNOUT_TEXT_FIRST_NAME:
      return _("First name");
    case TURNOUT_TEXT_LAST_NAME:
      return _("Last name");
    case TURNOUT_TEXT_COMPANY:
      return _("Company");
    case TURNOUT_TEXT_JOB_TITLE:
      return _("Job title");
    case TURNOUT_TEXT_REASON:
      return _("Reason");
    case TURNOUT_TEXT_PROGRAM_NAME:
      return _("Program name");
    case TURNOUT_TEXT_N_FIELDS:
    default:
      g_return_val_if_reached ("");
    }
}

gsize
turnout_text_field_limit (TurnoutTextField field)
{
  g_return_val_if_fail (field < TURNOUT_TEXT_N_FIELDS, 0);
  return limits[field];
}

gboolean
turnout_text_is_control (gunichar c)
{
  if (c < 0x20)
    return c != '\t' && c != '\n';
  if (c >= 0x7f && c <= 0x9f)
    return TRUE;
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

gboolean
turnout_text_check (const char        *text,
                    TurnoutTextField   field,
                    GError           **error)
{
  gsize limit, n = 0;
  const char *p;

  g_return_val_if_fail (field < TURNOUT_TEXT_N_FIELDS, FALSE);

  if (text == NULL)
    return TRUE;

  /* One pass: an import checks five fields a row. Printable ASCII, what
   * nearly every field is, takes the short loop. */
  limit = limits[field];
  for (p = text; *p && n <= limit; n++)
    {
      guchar b = *p;
      gunichar c;

      if (b >= 0x20 && b < 0x7f)
        {
          p++;
          continue;
        }
      if (b < 0x80)
        {
          c = b;
          p++;
        }
      else
        {
          c = g_utf8_get_char_validated (p, -1);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_set_error (error, TURNOUT_TEXT_ERROR, TURNOUT_TEXT_ERROR_ENCODING,
                           _("%s is not valid UTF-8 text"), turnout_text_field_name (field));
              return FALSE;
            }
          p = g_utf8_next_char (p);
        }

      if (turnout_text_is_control (c))
        {
          g_set_error (error, TURNOUT_TEXT_ERROR, TURNOUT_TEXT_ERROR_CONTROL,
                       _("%s contains a control character (U+%04X), which is not allowed"),
                       turnout_text_field_name (field), c);
          return FALSE;
        }
    }

  /* The e-mail address is limited in bytes, as mail servers count it. */
  if (field == TURNOUT_TEXT_EMAIL ? strlen (text) > limit : n > limit)
    {
      g_set_error (error, TURNOUT_TEXT_ERROR, TURNOUT_TEXT_ERROR_TOO_LONG,
                   field == TURNOUT_TEXT_EMAIL
                   ? _("%s is too long: at most %u bytes")
                   : _("%s is too long: at most %u characters"),
                   turnout_text_field_name (field), (guint) limit);
      return FALSE;
    }

  return TRUE;
}

char *
turnout_text_shorten (const char       *text,
                      TurnoutTextField  field)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize limit, n = 0;

  g_return_val_if_fail (field < TURNOUT_TEXT_N_FIELDS, NULL);

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  limit = limits[field];
  out = g_string_sized_new (MIN (strlen (valid), limit * 4) + 1);
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize len = g_utf8_next_char (p) - p;

      if (turnout_text_is_control (c) || c == 0xfffd)
        continue;
      if (field == TURNOUT_TEXT_EMAIL ? out->len + len > limit : n >= limit)
        break;
      g_string_append_len (out, p, len);
      n++;
    }

  return g_string_free (out, FALSE);
}

char *
turnout_text_escape_unprintable (const char *text,
                                 gssize      length)
{
  const char *end, *p, *clean;
  GString *out = NULL;

  if (text == NULL)
    return NULL;
  if (length < 0)
    length = strlen (text);
  end = text + length;

  for (p = clean = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize len;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          if (out == NULL)
            out = g_string_sized_new (length + 16);
          g_string_append_len (out, clean, p - clean);
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          clean = ++p;
          continue;
        }

      len = g_utf8_next_char (p) - p;
      /* A NUL inside the text counts as a control too. */
      if (c == 0 || turnout_text_is_control (c))
        {
          if (out == NULL)
            out = g_string_sized_new (length + 16);
          g_string_append_len (out, clean, p - clean);
          g_string_append_printf (out, "\\u%04x", c);
          clean = p + len;
        }
      p += len;
    }

  if (out == NULL)
    return NULL;
  g_string_append_len (out, clean, end - clean);
  return g_string_free (out, FALSE);
}
