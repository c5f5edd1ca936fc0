/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-reason.c: the reasons Turnout writes itself, kept as a key and
 * its values and put into words when read, in the reader's language.
 *
 * A reason written in the words of whoever caused it leaves a Dutch
 * coordinator reading English, and a history in several languages. So a
 * reason of Turnout's own travels as a code (the key and its values, see
 * turnout-reason.h) and is stored as its key, its values and its English
 * words (which search, older exports and older versions read); it is put
 * into the reader's words only when read. Reasons a person typed, and
 * ON24's own messages, are stored and shown as written.
 *
 * Values are kept as text and put in place of the message's conversions
 * (%s, %d, %u, %ld, positional %1$s in a translation): no printf over a
 * stored value, so a damaged row can never crash a reader.
 */
#define G_LOG_DOMAIN "turnout-reason"

#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n.h>

#include "turnout-reason.h"

/* After a code, the English text it was stored with, for a reader that
 * does not know the key (the member table's load passes both together). */
#define FALLBACK_MARK '\x1d'

#define MAX_ARGS 4

typedef struct
{
  const char *key;
  const char *msgid;
} ReasonKind;

/* The keys are stored: never change one, only add. The messages are the
 * very ones the code that composes them uses, so they share one
 * translation (the ON24 ones are turnout-on24-client.c's). */
static const ReasonKind kinds[] = {
  { TURNOUT_REASON_NO_SEAT_WAIT_LISTED, N_("No seat is free (%d of %d taken): wait listed") },
  { TURNOUT_REASON_PROMOTED_FROM_WAIT_LIST, N_("Promoted from the wait list") },
  { TURNOUT_REASON_SEAT_WAS_FREE, N_("A seat was free") },
  { TURNOUT_REASON_SEAT_BECAME_FREE, N_("A seat became free") },
  { TURNOUT_REASON_PROMOTED_BY_RULE, N_("Promoted by a trigger rule") },
  { TURNOUT_REASON_CHANGED_BY_RULE, N_("Changed by a trigger rule") },
  { TURNOUT_REASON_NOT_IN_ATTENDEE_LIST, N_("Not in ON24’s attendee list") },
  { TURNOUT_REASON_ON24_REFUSED, N_("ON24 refused: %s (HTTP %u)") },
  { TURNOUT_REASON_ON24_CREDENTIALS, N_("ON24 did not accept the access token key and secret (HTTP 401); "
                                        "check them in Preferences") },
  { TURNOUT_REASON_ON24_UNKNOWN_EVENT, N_("ON24 does not know event %" PRId64 " of client %s (HTTP 404); "
                                          "check the event id in Event Settings and the client id in Preferences") },
  { TURNOUT_REASON_ON24_UNKNOWN_CLIENT, N_("ON24 does not know client %s (HTTP 404); check the client id in Preferences") },
  /* Forget Person: who did it, by their login name; nothing of the person */
  { TURNOUT_REASON_PERSON_FORGOTTEN, N_("Personal data erased on request, by %s") },
  { TURNOUT_REASON_PERSON_FORGOTTEN_ON24, N_("Personal data erased on request, by %s; ON24 was asked to erase theirs too") },
};

/* One conversion of a message: which value it takes, its letter and how
 * many 'l' before it. */
typedef struct
{
  const char *start;
  const char *end;      /* just after the letter */
  int         arg;
  char        letter;
  int         longs;
} Conversion;

/* Finds the next conversion from @p; %FALSE at the end. "%%" is skipped
 * (it is no conversion). */
static gboolean
next_conversion (const char *p,
                 int        *next_arg,
                 Conversion *conv)
{
  for (; *p; p++)
    {
      const char *q;
      int position = 0;

      if (*p != '%')
        continue;
      if (p[1] == '%')
        {
          p++;
          continue;
        }

      conv->start = p;
      q = p + 1;
      if (g_ascii_isdigit (*q))
        {
          const char *digits = q;

          while (g_ascii_isdigit (*q))
            position = position * 10 + (*q++ - '0');
          if (*q != '$')
            {
              q = digits;
              position = 0;
            }
          else
            q++;
        }
      while (*q && strchr ("-+ #0'I", *q) != NULL)
        q++;
      while (g_ascii_isdigit (*q) || *q == '.')
        q++;
      conv->longs = 0;
      while (*q && strchr ("hlLqjzt", *q) != NULL)
        {
          if (*q == 'l' || *q == 'q' || *q == 'j')
            conv->longs++;
          q++;
        }
      if (*q == '\0')
        return FALSE;
      conv->letter = *q;
      conv->end = q + 1;
      conv->arg = position > 0 ? position - 1 : (*next_arg)++;
      return TRUE;
    }
  return FALSE;
}

static guint
count_args (const char *format)
{
  Conversion conv;
  int next = 0;
  int most = 0;

  for (const char *p = format; next_conversion (p, &next, &conv); p = conv.end)
    most = MAX (most, conv.arg + 1);
  return most;
}

/* Puts @args in place of @format's conversions. */
static char *
format_with (const char         *format,
             const char * const *args,
             guint               n_args)
{
  GString *out = g_string_new (NULL);
  Conversion conv;
  const char *p = format;
  int next = 0;

  while (next_conversion (p, &next, &conv))
    {
      for (const char *s = p; s < conv.start; s++)
        {
          g_string_append_c (out, *s);
          if (s[0] == '%' && s[1] == '%')
            s++;
        }
      if (conv.arg >= 0 && (guint) conv.arg < n_args)
        g_string_append (out, args[conv.arg]);
      p = conv.end;
    }
  for (const char *s = p; *s; s++)
    {
      g_string_append_c (out, *s);
      if (s[0] == '%' && s[1] == '%')
        s++;
    }
  return g_string_free (out, FALSE);
}

static const ReasonKind *
lookup_kind (const char *key,
             gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strlen (kinds[i].key) == len && strncmp (kinds[i].key, key, len) == 0)
      return &kinds[i];
  return NULL;
}

/* A code taken apart: its kind, values (pointing into @copy) and any
 * English text after it. */
typedef struct
{
  const ReasonKind *kind;
  char             *copy;
  const char       *args[MAX_ARGS];
  guint             n_args;
  const char       *fallback;
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->copy, g_free);
}

static gboolean
parse_code (const char *reason,
            Parsed     *parsed)
{
  char *p, *key, *sep, *fallback;
  guint want;

  memset (parsed, 0, sizeof *parsed);
  if (reason == NULL || reason[0] != TURNOUT_REASON_MARK)
    return FALSE;

  parsed->copy = g_strdup (reason + 1);
  fallback = strchr (parsed->copy, FALLBACK_MARK);
  if (fallback != NULL)
    {
      *fallback = '\0';
      parsed->fallback = fallback + 1;
    }
  key = parsed->copy;
  sep = strchr (key, TURNOUT_REASON_SEPARATOR);
  if (sep == NULL)
    goto bad;
  parsed->kind = lookup_kind (key, sep - key);
  if (parsed->kind == NULL)
    goto bad;

  want = count_args (parsed->kind->msgid);
  p = sep + 1;
  if (want == 0)
    {
      if (*p != '\0')
        goto bad;
      return TRUE;
    }
  for (;;)
    {
      if (parsed->n_args == want || parsed->n_args == MAX_ARGS)
        goto bad;
      parsed->args[parsed->n_args++] = p;
      sep = strchr (p, TURNOUT_REASON_SEPARATOR);
      if (sep == NULL)
        break;
      *sep = '\0';
      p = sep + 1;
    }
  if (parsed->n_args != want)
    goto bad;
  return TRUE;

bad:
  parsed->kind = NULL;
  return FALSE;
}

static char *
render_parsed (const Parsed *parsed,
               gboolean      translate)
{
  const char *format = parsed->kind->msgid;

  if (translate)
    format = g_dgettext (GETTEXT_PACKAGE, format);
  return format_with (format, parsed->args, parsed->n_args);
}

/* A value as it goes into a code: no control character can split it. */
static void
append_value (GString    *code,
              const char *value)
{
  for (const char *p = value ? value : ""; *p; p++)
    g_string_append_c (code, (guchar) *p < 0x20 ? ' ' : *p);
}

/**
 * turnout_reason_code:
 * @key: one of the TURNOUT_REASON_ keys
 * @...: the message's values, of the types its conversions say (int for
 *   %d, guint for %u, gint64 for a PRId64, a string for %s)
 *
 * Returns: (transfer full): the reason as a code, to pass where the store
 *   takes a reason
 */
char *
turnout_reason_code (const char *key,
                     ...)
{
  const ReasonKind *kind;
  GString *code;
  Conversion conv;
  va_list ap;
  int next = 0;
  gboolean first = TRUE;

  g_return_val_if_fail (key != NULL, NULL);

  kind = lookup_kind (key, strlen (key));
  g_return_val_if_fail (kind != NULL, NULL);

  code = g_string_new (NULL);
  g_string_append_c (code, TURNOUT_REASON_MARK);
  g_string_append (code, key);
  g_string_append_c (code, TURNOUT_REASON_SEPARATOR);

  /* The English messages take their values in order. */
  va_start (ap, key);
  for (const char *p = kind->msgid; next_conversion (p, &next, &conv); p = conv.end)
    {
      if (!first)
        g_string_append_c (code, TURNOUT_REASON_SEPARATOR);
      first = FALSE;
      switch (conv.letter)
        {
        case 's':
          append_value (code, va_arg (ap, const char *));
          break;
        case 'd':
        case 'i':
          if (conv.longs == 0)
            g_string_append_printf (code, "%d", va_arg (ap, int));
          else
            g_string_append_printf (code, "%" G_GINT64_FORMAT, (gint64) (conv.longs == 1 ? va_arg (ap, long)
                                                                                        : va_arg (ap, long long)));
          break;
        case 'u':
          if (conv.longs == 0)
            g_string_append_printf (code, "%u", va_arg (ap, guint));
          else
            g_string_append_printf (code, "%" G_GUINT64_FORMAT,
                                    (guint64) (conv.longs == 1 ? va_arg (ap, unsigned long)
                                                               : va_arg (ap, unsigned long long)));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  va_end (ap);

  return g_string_free (code, FALSE);
}

/* Whether @reason is a well-formed code of a known key. */
gboolean
turnout_reason_is_code (const char *reason)
{
  Parsed parsed;
  gboolean ok = parse_code (reason, &parsed);

  parsed_clear (&parsed);
  return ok;
}

/* The code of a stored key and values; %NULL without a key. */
char *
turnout_reason_code_from_parts (const char *key,
                                const char *args)
{
  if (key == NULL || *key == '\0')
    return NULL;
  return g_strdup_printf ("%c%s%c%s", TURNOUT_REASON_MARK, key, TURNOUT_REASON_SEPARATOR, args ? args : "");
}

/**
 * turnout_reason_split:
 * @reason: (nullable): a code, or text as written
 * @text: (out): what goes into the text column: a code's English words,
 *   other text as it is ("" for %NULL)
 * @key: (out): a code's key, or ""
 * @args: (out): a code's values joined by TURNOUT_REASON_SEPARATOR, or ""
 *
 * A reason taken apart for storing.
 */
void
turnout_reason_split (const char  *reason,
                      char       **text,
                      char       **key,
                      char       **args)
{
  Parsed parsed;

  if (parse_code (reason, &parsed))
    {
      const char *values = strchr (reason, TURNOUT_REASON_SEPARATOR) + 1;
      const char *end = strchr (values, FALLBACK_MARK);

      *text = render_parsed (&parsed, FALSE);
      *key = g_strdup (parsed.kind->key);
      *args = end ? g_strndup (values, end - values) : g_strdup (values);
    }
  else
    {
      *text = g_strdup (reason ? reason : "");
      *key = g_strdup ("");
      *args = g_strdup ("");
    }
  parsed_clear (&parsed);
}

/**
 * turnout_reason_render:
 * @reason: (nullable): a code, or text as written
 *
 * Returns: (transfer full) (nullable): a code in the reader's language;
 *   other text as it is
 */
char *
turnout_reason_render (const char *reason)
{
  Parsed parsed;
  char *text;

  if (reason == NULL || reason[0] != TURNOUT_REASON_MARK)
    return g_strdup (reason);
  if (parse_code (reason, &parsed))
    text = render_parsed (&parsed, TRUE);
  else
    text = g_strdup (parsed.fallback ? parsed.fallback : "");
  parsed_clear (&parsed);
  return text;
}

/**
 * turnout_reason_render_stored:
 * @key: (nullable): the stored key, "" for a reason as written
 * @args: (nullable): the stored values
 * @text: (nullable): the stored text
 *
 * Returns: (transfer full): the reason for the reader: a known key in
 *   their language, anything else (a key this version does not know, or
 *   damaged values) the stored text
 */
char *
turnout_reason_render_stored (const char *key,
                              const char *args,
                              const char *text)
{
  g_autofree char *code = turnout_reason_code_from_parts (key, args);
  Parsed parsed;
  char *rendered;

  if (code == NULL || !parse_code (code, &parsed))
    {
      if (code != NULL)
        parsed_clear (&parsed);
      return g_strdup (text ? text : "");
    }
  rendered = render_parsed (&parsed, TRUE);
  parsed_clear (&parsed);
  return rendered;
}

/* Recognising a text */

typedef struct
{
  GRegex *regex;
  int     group_arg[MAX_ARGS];   /* the value each group holds */
  guint   n_groups;
} Pattern;

static void
pattern_free (Pattern *pattern)
{
  g_regex_unref (pattern->regex);
  g_free (pattern);
}

G_LOCK_DEFINE_STATIC (patterns);
static GHashTable *patterns;   /* format -> Pattern, or NULL for none */

/* The format as an anchored regular expression, each conversion a group. */
static Pattern *
pattern_new (const char *format)
{
  g_autoptr(GString) source = g_string_new ("^");
  Pattern *pattern = g_new0 (Pattern, 1);
  Conversion conv;
  const char *p = format;
  int next = 0;

  while (next_conversion (p, &next, &conv))
    {
      g_autofree char *literal = g_strndup (p, conv.start - p);
      g_autofree char *plain = format_with (literal, NULL, 0);
      g_autofree char *escaped = g_regex_escape_string (plain, -1);

      if (pattern->n_groups == MAX_ARGS || conv.arg >= MAX_ARGS)
        {
          g_free (pattern);
          return NULL;
        }
      g_string_append (source, escaped);
      g_string_append (source, conv.letter == 's' ? "(.*)" : conv.letter == 'u' ? "([0-9]+)" : "(-?[0-9]+)");
      pattern->group_arg[pattern->n_groups++] = conv.arg;
      p = conv.end;
    }
  {
    g_autofree char *plain = format_with (p, NULL, 0);
    g_autofree char *escaped = g_regex_escape_string (plain, -1);

    g_string_append (source, escaped);
    g_string_append (source, "$");
  }
  pattern->regex = g_regex_new (source->str, G_REGEX_DOTALL | G_REGEX_OPTIMIZE, 0, NULL);
  if (pattern->regex == NULL)
    {
      g_free (pattern);
      return NULL;
    }
  return pattern;
}

/* Matches @text against @format; on a match, the code of @kind. */
static char *
match_format (const ReasonKind *kind,
              const char       *format,
              const char       *text)
{
  g_autoptr(GMatchInfo) info = NULL;
  char *args[MAX_ARGS] = { NULL };
  guint n_args = count_args (kind->msgid);
  Pattern *pattern;
  GString *code;
  gboolean matched;

  if (n_args == 0)
    return g_str_equal (format, text) ? turnout_reason_code_from_parts (kind->key, "") : NULL;

  G_LOCK (patterns);
  if (patterns == NULL)
    patterns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pattern_free);
  pattern = g_hash_table_lookup (patterns, format);
  if (pattern == NULL)
    {
      pattern = pattern_new (format);
      if (pattern != NULL)
        g_hash_table_insert (patterns, g_strdup (format), pattern);
    }
  /* A pattern is never removed: it outlives the lock. */
  G_UNLOCK (patterns);
  if (pattern == NULL)
    return NULL;

  matched = g_regex_match (pattern->regex, text, 0, &info);
  for (guint g = 0; matched && g < pattern->n_groups; g++)
    {
      int arg = pattern->group_arg[g];

      if (arg < 0 || (guint) arg >= n_args)
        matched = FALSE;
      else
        {
          g_free (args[arg]);
          args[arg] = g_match_info_fetch (info, g + 1);
        }
    }
  if (!matched)
    {
      for (guint i = 0; i < MAX_ARGS; i++)
        g_free (args[i]);
      return NULL;
    }

  code = g_string_new (NULL);
  g_string_append_c (code, TURNOUT_REASON_MARK);
  g_string_append (code, kind->key);
  g_string_append_c (code, TURNOUT_REASON_SEPARATOR);
  for (guint i = 0; i < n_args; i++)
    {
      if (i > 0)
        g_string_append_c (code, TURNOUT_REASON_SEPARATOR);
      append_value (code, args[i]);
    }
  for (guint i = 0; i < MAX_ARGS; i++)
    g_free (args[i]);
  return g_string_free (code, FALSE);
}

/**
 * turnout_reason_recognise:
 * @text: a reason's text
 *
 * Finds the reason of Turnout's own that @text is the words of, in English
 * or in the current language: what an older Turnout stored, or a message
 * composed elsewhere (an ON24 refusal) that is to be stored as a code.
 *
 * Returns: (transfer full) (nullable): its code, or %NULL
 */
char *
turnout_reason_recognise (const char *text)
{
  if (text == NULL || *text == '\0' || text[0] == TURNOUT_REASON_MARK)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const char *translated = g_dgettext (GETTEXT_PACKAGE, kinds[i].msgid);
      char *code = match_format (&kinds[i], kinds[i].msgid, text);

      if (code == NULL && translated != kinds[i].msgid && strcmp (translated, kinds[i].msgid) != 0)
        code = match_format (&kinds[i], translated, text);
      if (code != NULL)
        return code;
    }
  return NULL;
}

/* The cache */

struct _TurnoutReasonCache
{
  GHashTable *rendered;   /* code -> text */
  GString    *code;
  const char *last_code;  /* the last one asked, kept by rendered: rows */
  const char *last_text;  /* in a table's order often share a reason */
};

TurnoutReasonCache *
turnout_reason_cache_new (void)
{
  TurnoutReasonCache *cache = g_new0 (TurnoutReasonCache, 1);

  cache->rendered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cache->code = g_string_new (NULL);
  return cache;
}

void
turnout_reason_cache_free (TurnoutReasonCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->rendered);
  g_string_free (cache->code, TRUE);
  g_free (cache);
}

/**
 * turnout_reason_cache_render_code:
 * @reason: (nullable): a code (optionally followed by its stored text), or
 *   text as written
 *
 * Returns: (transfer none) (nullable): turnout_reason_render() of @reason,
 *   kept by the cache; text that is no code is @reason itself
 */
const char *
turnout_reason_cache_render_code (TurnoutReasonCache *cache,
                                  const char         *reason)
{
  char *text;

  char *code;

  if (reason == NULL || reason[0] != TURNOUT_REASON_MARK)
    return reason;
  if (cache->last_code != NULL && strcmp (cache->last_code, reason) == 0)
    return cache->last_text;
  if (!g_hash_table_lookup_extended (cache->rendered, reason, (gpointer *) &code, (gpointer *) &text))
    {
      code = g_strdup (reason);
      text = turnout_reason_render (reason);
      g_hash_table_insert (cache->rendered, code, text);
    }
  cache->last_code = code;
  cache->last_text = text;
  return text;
}

/**
 * turnout_reason_cache_render:
 *
 * turnout_reason_render_stored(), kept by the cache.
 *
 * Returns: (transfer none): the reason for the reader; without a key,
 *   @text itself
 */
const char *
turnout_reason_cache_render (TurnoutReasonCache *cache,
                             const char         *key,
                             const char         *args,
                             const char         *text)
{
  if (key == NULL || *key == '\0')
    return text ? text : "";

  g_string_truncate (cache->code, 0);
  g_string_append_c (cache->code, TURNOUT_REASON_MARK);
  g_string_append (cache->code, key);
  g_string_append_c (cache->code, TURNOUT_REASON_SEPARATOR);
  g_string_append (cache->code, args ? args : "");
  if (!g_hash_table_contains (cache->rendered, cache->code->str))
    {
      Parsed parsed;
      gboolean known = parse_code (cache->code->str, &parsed);

      parsed_clear (&parsed);
      /* A key this version does not know shows the stored words. */
      if (!known)
        return text ? text : "";
    }
  return turnout_reason_cache_render_code (cache, cache->code->str);
}
