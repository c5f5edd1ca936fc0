/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-json.c: readers of ON24's answers.
 *
 * ON24 documents lower-case keys and leaves out fields that do not apply;
 * we read exactly those keys, treat a missing one as "not reported" and
 * never as zero, and accept numbers sent as strings because public clients
 * show ON24 doing that for ids.
 */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "turnout-json-scan.h"
#include "turnout-on24-json.h"

/* Whether @data reads like JSON that ends early: a string, object or array
 * still open at the end (a dropped connection, a body cut short). */
static gboolean
looks_cut_off (const char *data,
               gsize       length)
{
  gboolean open_at_end;

  turnout_json_scan_depth (data, length, 0, &open_at_end);
  return open_at_end;
}

/* How deep any ON24 answer may nest. Theirs go three or four levels deep;
 * json-glib's parser recurses once per level, so a hostile body nested a
 * hundred thousand levels deep would overflow the stack. */
#define MAX_DEPTH 64

/* Whether @data opens more than MAX_DEPTH arrays or objects at once. A
 * scan of the bytes, before any parser sees them; strings are skipped. */
static gboolean
nested_too_deep (const char *data,
                 gsize       length)
{
  return turnout_json_scan_depth (data, length, MAX_DEPTH, NULL) > MAX_DEPTH;
}

/* Broken JSON, said for a person: the parser's own words (a position, a
 * token, maybe bytes that are not UTF-8) only go to the debug log. */
static void
set_invalid_error (GError     **error,
                   const char  *what,
                   const char  *data,
                   gsize        length,
                   const char  *detail)
{
  const char *p = data;
  const char *end = data + length;

  g_debug ("ON24's answer for the %s is not valid JSON: %s", what, detail);

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p != '{' && *p != '[')
    g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                 _("ON24’s answer for the %s is not JSON; it may be an error page from ON24 or from a proxy in between"),
                 what);
  else if (looks_cut_off (data, length))
    g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                 _("ON24’s answer for the %s was cut off before its end"), what);
  else
    g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                 _("ON24’s answer for the %s is not valid JSON"), what);
}

static JsonNode *
parse_root (const char  *data,
            gsize        length,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24 sent an empty answer for the %s"), what);
      return NULL;
    }

  if (nested_too_deep (data, length))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s is nested too deeply to be what ON24 sends"), what);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib may quote the offending bytes, which need not be UTF-8
       * (a finding of the fuzzer). */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      set_invalid_error (error, what, data, length, detail);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s is not a JSON object"), what);
      return NULL;
    }

  return json_node_ref (root);
}

static char *
dup_string (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NULL;

  /* json-glib turns a lone \ud83d escape into bytes that are not UTF-8
   * (a finding of the fuzzer): repair, as a browser would show it. */
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_make_valid (json_node_get_string (node), -1);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" PRId64, json_node_get_int (node));

  return NULL;
}

/* A number ON24 may send as a JSON number or as a string of digits. */
static gboolean
node_number (JsonNode *node,
             double   *value)
{
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      if (text == NULL || *text == '\0')
        return FALSE;
      *value = g_ascii_strtod (text, &end);
      if (end == NULL || *end != '\0')
        return FALSE;
    }
  else
    return FALSE;

  return isfinite (*value);
}

static gint64
node_int64 (JsonNode *node,
            gint64    missing)
{
  double value;

  if (!node_number (node, &value) || value < 0 || value > 9.0e15)
    return missing;
  return (gint64) llround (value);
}

static gint64
get_int64 (JsonObject *object,
           const char *key,
           gint64      missing)
{
  return node_int64 (json_object_get_member (object, key), missing);
}

static gboolean
get_flag (JsonObject *object,
          const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return text && (g_ascii_strcasecmp (text, "Y") == 0 ||
                      g_ascii_strcasecmp (text, "yes") == 0 ||
                      g_ascii_strcasecmp (text, "true") == 0);
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return FALSE;
}

/* A missing or empty userstatus is an older answer's: active. */
static TurnoutFeedUserStatus
user_status_from (const char *text)
{
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "active") == 0)
    return TURNOUT_FEED_USER_ACTIVE;
  if (g_ascii_strcasecmp (text, "deleted") == 0)
    return TURNOUT_FEED_USER_DELETED;
  if (g_ascii_strcasecmp (text, "forgotten") == 0)
    return TURNOUT_FEED_USER_FORGOTTEN;
  return TURNOUT_FEED_USER_OTHER;
}

static TurnoutFeedUserStatus
get_user_status (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "userstatus");

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return TURNOUT_FEED_USER_ACTIVE;
  return user_status_from (json_node_get_string (node));
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *key,
           const char  *what,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s has no “%s” list"), what, key);
      return NULL;
    }
  return json_node_get_array (node);
}

TurnoutFeedEvent *
turnout_on24_parse_event (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonNode) root = parse_root (data, length, _("event"), error);
  g_autoptr(TurnoutFeedEvent) event = NULL;
  JsonObject *object;
  JsonNode *analytics;

  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  event = g_new0 (TurnoutFeedEvent, 1);
  event->eventid = get_int64 (object, "eventid", 0);
  if (event->eventid <= 0)
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the event has no event id"));
      return NULL;
    }

  event->eventname = dup_string (object, "eventname");
  event->description = dup_string (object, "description");
  event->livestart = dup_string (object, "livestart");
  event->liveend = dup_string (object, "liveend");
  event->archivestart = dup_string (object, "archivestart");
  event->archiveend = dup_string (object, "archiveend");
  event->displaytimezonecd = dup_string (object, "displaytimezonecd");
  event->audienceurl = dup_string (object, "audienceurl");
  event->isactive = get_flag (object, "isactive");
  event->totalregistrants = event->totalattendees = event->liveattendees = -1;
  event->ondemandattendees = event->noshowcount = -1;

  analytics = json_object_get_member (object, "eventanalytics");
  if (analytics != NULL && JSON_NODE_HOLDS_OBJECT (analytics))
    {
      JsonObject *a = json_node_get_object (analytics);

      event->totalregistrants = get_int64 (a, "totalregistrants", -1);
      event->totalattendees = get_int64 (a, "totalattendees", -1);
      event->liveattendees = get_int64 (a, "liveattendees", -1);
      event->ondemandattendees = get_int64 (a, "ondemandattendees", -1);
      event->noshowcount = get_int64 (a, "noshowcount", -1);
    }

  return g_steal_pointer (&event);
}

GPtrArray *
turnout_on24_parse_regfields (const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(JsonNode) root = parse_root (data, length, _("registration fields"), error);
  g_autoptr(GPtrArray) fields = NULL;
  JsonArray *array;

  if (root == NULL)
    return NULL;

  array = get_array (json_node_get_object (root), "registrationfields", _("registration fields"), error);
  if (array == NULL)
    return NULL;

  fields = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_feed_regfield_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      TurnoutFeedRegfield *field;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      field = g_new0 (TurnoutFeedRegfield, 1);
      field->fieldid = dup_string (object, "fieldid");
      field->fieldcaption = dup_string (object, "fieldcaption");
      field->fieldtype = dup_string (object, "fieldtype");
      field->required = get_flag (object, "required");
      if (field->fieldid == NULL)
        {
          turnout_feed_regfield_free (field);
          continue;
        }
      g_ptr_array_add (fields, field);
    }

  return g_steal_pointer (&fields);
}

static TurnoutFeedRegistrant *
registrant_from_object (JsonObject *object)
{
  TurnoutFeedRegistrant *registrant = g_new0 (TurnoutFeedRegistrant, 1);

  registrant->eventuserid = get_int64 (object, "eventuserid", 0);
  registrant->email = dup_string (object, "email");
  registrant->firstname = dup_string (object, "firstname");
  registrant->lastname = dup_string (object, "lastname");
  registrant->company = dup_string (object, "company");
  registrant->jobtitle = dup_string (object, "jobtitle");
  registrant->isblocked = get_flag (object, "isblocked");
  registrant->userstatus = get_user_status (object);
  return registrant;
}

GPtrArray *
turnout_on24_parse_registrants (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(JsonNode) root = parse_root (data, length, _("registrants"), error);
  g_autoptr(GPtrArray) registrants = NULL;
  JsonArray *array;
  guint n;

  if (root == NULL)
    return NULL;

  array = get_array (json_node_get_object (root), "registrants", _("registrants"), error);
  if (array == NULL)
    return NULL;

  n = json_array_get_length (array);
  registrants = g_ptr_array_new_full (n, (GDestroyNotify) turnout_feed_registrant_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      TurnoutFeedRegistrant *registrant;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      registrant = registrant_from_object (json_node_get_object (node));
      if (registrant->email == NULL)
        {
          turnout_feed_registrant_free (registrant);
          continue;
        }
      g_ptr_array_add (registrants, registrant);
    }

  return g_steal_pointer (&registrants);
}

/* The attendee list: a streaming reader.
 *
 * A large event's list runs to a hundred thousand rows and tens of
 * megabytes. Building json-glib's tree for it and walking it costs about
 * twice the parse itself, so this one reader scans the bytes once, strictly
 * by the JSON grammar (RFC 8259), straight into TurnoutFeedAttendee records,
 * and skips whatever keys it does not use. Anything that is not JSON, or
 * not the documented shape, is BAD_ANSWER, as with the other readers.
 */

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  const char *problem;
} Scan;

static gboolean
scan_fail (Scan       *s,
           const char *problem)
{
  if (s->problem == NULL)
    s->problem = problem;
  return FALSE;
}

static void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

static gboolean
expect (Scan *s,
        char  c)
{
  skip_ws (s);
  if (s->p >= s->end || *s->p != c)
    return scan_fail (s, c == ':' ? "expected ':'" : c == '{' ? "expected '{'" : "unexpected character");
  s->p++;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
scan_hex4 (Scan     *s,
           gunichar *out)
{
  gunichar value = 0;

  if (s->end - s->p < 4)
    return scan_fail (s, "truncated \\u escape");
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (s->p[i]);

      if (h < 0)
        return scan_fail (s, "bad \\u escape");
      value = value * 16 + h;
    }
  s->p += 4;
  *out = value;
  return TRUE;
}

/* A string; its unescaped text goes to @out unless @out is NULL. */
static gboolean
scan_string (Scan    *s,
             GString *out)
{
  const char *run;

  if (!expect (s, '"'))
    return scan_fail (s, "expected a string");
  if (out != NULL)
    g_string_truncate (out, 0);

  run = s->p;
  while (s->p < s->end)
    {
      unsigned char c = (unsigned char) *s->p;

      if (c == '"')
        {
          if (out != NULL)
            g_string_append_len (out, run, s->p - run);
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, "control character in a string");
      if (c != '\\')
        {
          s->p++;
          continue;
        }

      if (out != NULL)
        g_string_append_len (out, run, s->p - run);
      s->p++;
      if (s->p >= s->end)
        break;
      switch (*s->p++)
        {
        case '"': if (out) g_string_append_c (out, '"'); break;
        case '\\': if (out) g_string_append_c (out, '\\'); break;
        case '/': if (out) g_string_append_c (out, '/'); break;
        case 'b': if (out) g_string_append_c (out, '\b'); break;
        case 'f': if (out) g_string_append_c (out, '\f'); break;
        case 'n': if (out) g_string_append_c (out, '\n'); break;
        case 'r': if (out) g_string_append_c (out, '\r'); break;
        case 't': if (out) g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar u, low;

            if (!scan_hex4 (s, &u))
              return FALSE;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u')
                  return scan_fail (s, "lone surrogate");
                s->p += 2;
                if (!scan_hex4 (s, &low) || low < 0xDC00 || low > 0xDFFF)
                  return scan_fail (s, "bad surrogate pair");
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (u >= 0xDC00 && u <= 0xDFFF)
              return scan_fail (s, "lone surrogate");
            if (out)
              g_string_append_unichar (out, u);
          }
          break;
        default:
          return scan_fail (s, "bad escape");
        }
      run = s->p;
    }

  return scan_fail (s, "unterminated string");
}

/* A number by JSON's grammar; its value to @out unless NULL. */
static gboolean
scan_number (Scan   *s,
             double *out)
{
  const char *start;
  char buffer[64];

  skip_ws (s);
  start = s->p;
  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return scan_fail (s, "bad number");
  if (*s->p == '0')
    s->p++;
  else
    while (s->p < s->end && g_ascii_isdigit (*s->p))
      s->p++;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return scan_fail (s, "bad number");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return scan_fail (s, "bad number");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (out != NULL)
    {
      gsize len = s->p - start;

      if (len >= sizeof buffer)
        {
          g_autofree char *copy = g_strndup (start, len);

          *out = g_ascii_strtod (copy, NULL);
        }
      else
        {
          memcpy (buffer, start, len);
          buffer[len] = '\0';
          *out = g_ascii_strtod (buffer, NULL);
        }
    }
  return TRUE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return scan_fail (s, "unexpected word");
  s->p += len;
  return TRUE;
}

static gboolean
skip_value (Scan *s,
            int   depth)
{
  if (depth > MAX_DEPTH)
    return scan_fail (s, "nested too deep");

  skip_ws (s);
  if (s->p >= s->end)
    return scan_fail (s, "unexpected end");

  switch (*s->p)
    {
    case '"':
      return scan_string (s, NULL);
    case 't':
      return scan_literal (s, "true");
    case 'f':
      return scan_literal (s, "false");
    case 'n':
      return scan_literal (s, "null");
    case '{':
      s->p++;
      skip_ws (s);
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          return TRUE;
        }
      for (;;)
        {
          if (!scan_string (s, NULL) || !expect (s, ':') || !skip_value (s, depth + 1))
            return FALSE;
          skip_ws (s);
          if (s->p < s->end && *s->p == ',')
            {
              s->p++;
              continue;
            }
          return expect (s, '}');
        }
    case '[':
      s->p++;
      skip_ws (s);
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          return TRUE;
        }
      for (;;)
        {
          if (!skip_value (s, depth + 1))
            return FALSE;
          skip_ws (s);
          if (s->p < s->end && *s->p == ',')
            {
              s->p++;
              continue;
            }
          return expect (s, ']');
        }
    default:
      return scan_number (s, NULL);
    }
}

/* A scalar as ON24 may send it: a number, or a string holding one. */
static gboolean
scan_numeric (Scan    *s,
              GString *tmp,
              double  *value,
              gboolean *present)
{
  skip_ws (s);
  *present = FALSE;
  if (s->p >= s->end)
    return scan_fail (s, "unexpected end");

  if (*s->p == '"')
    {
      char *end = NULL;

      if (!scan_string (s, tmp))
        return FALSE;
      if (tmp->len == 0)
        return TRUE;
      *value = g_ascii_strtod (tmp->str, &end);
      *present = end != NULL && *end == '\0' && isfinite (*value);
      return TRUE;
    }
  if (*s->p == '-' || g_ascii_isdigit (*s->p))
    {
      if (!scan_number (s, value))
        return FALSE;
      *present = isfinite (*value);
      return TRUE;
    }
  return skip_value (s, 1);
}

static int
minutes_from (double   value,
              gboolean present)
{
  if (!present || value < 0)
    return -1;
  if (value > 0 && value < 1)
    return 1;
  if (value > G_MAXINT)
    return G_MAXINT;
  return (int) lround (value);
}

static gboolean
scan_flag (Scan     *s,
           GString  *tmp,
           gboolean *flag)
{
  skip_ws (s);
  *flag = FALSE;
  if (s->p < s->end && *s->p == '"')
    {
      if (!scan_string (s, tmp))
        return FALSE;
      *flag = g_ascii_strcasecmp (tmp->str, "Y") == 0 || g_ascii_strcasecmp (tmp->str, "yes") == 0 ||
              g_ascii_strcasecmp (tmp->str, "true") == 0;
      return TRUE;
    }
  if (s->p < s->end && *s->p == 't')
    {
      *flag = TRUE;
      return scan_literal (s, "true");
    }
  if (s->p < s->end && (*s->p == '-' || g_ascii_isdigit (*s->p)))
    {
      double value;

      if (!scan_number (s, &value))
        return FALSE;
      *flag = value != 0;
      return TRUE;
    }
  return skip_value (s, 1);
}

/* A string value as text, or NULL when it is something else, not UTF-8
 * or holds a NUL. */
static gboolean
scan_text (Scan     *s,
           GString  *tmp,
           int       depth,
           char    **text)
{
  skip_ws (s);
  g_clear_pointer (text, g_free);
  if (s->p < s->end && *s->p == '"')
    {
      if (!scan_string (s, tmp))
        return FALSE;
      if (strlen (tmp->str) == tmp->len && g_utf8_validate (tmp->str, tmp->len, NULL))
        *text = g_strndup (tmp->str, tmp->len);
      return TRUE;
    }
  return skip_value (s, depth);
}

/* An object's members, each value handed to @member by its key, or an
 * array's items, each handed to @item; the value at s->p (after blanks)
 * is the object or array. Nesting is bounded as skip_value () bounds it. */
typedef gboolean (*ScanMember) (Scan       *s,
                                const char *key,
                                int         depth,
                                gpointer    data);
typedef gboolean (*ScanItem)   (Scan       *s,
                                int         depth,
                                gpointer    data);

static gboolean
scan_members (Scan       *s,
              GString    *key,
              int         depth,
              ScanMember  member,
              gpointer    data)
{
  if (depth > MAX_DEPTH)
    return scan_fail (s, "nested too deep");
  if (!expect (s, '{'))
    return FALSE;
  skip_ws (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      if (!scan_string (s, key) || !expect (s, ':') || !member (s, key->str, depth + 1, data))
        return FALSE;
      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      return expect (s, '}');
    }
}

static gboolean
scan_items (Scan     *s,
            int       depth,
            ScanItem  item,
            gpointer  data)
{
  if (depth > MAX_DEPTH)
    return scan_fail (s, "nested too deep");
  if (!expect (s, '['))
    return FALSE;
  skip_ws (s);
  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      if (!item (s, depth + 1, data))
        return FALSE;
      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      return expect (s, ']');
    }
}

/* What the readers of a question share while they read it. */
typedef struct
{
  GString             *key;
  GString             *tmp;
  TurnoutFeedQuestion *question;
  GPtrArray          **questions;
} QuestionScan;

static gboolean
answer_member (Scan       *s,
               const char *key,
               int         depth,
               gpointer    data)
{
  QuestionScan *scan = data;

  if (g_str_equal (key, "content"))
    return scan_text (s, scan->tmp, depth, &scan->question->answer);
  if (g_str_equal (key, "presentername"))
    return scan_text (s, scan->tmp, depth, &scan->question->presentername);
  return skip_value (s, depth);
}

/* The presenter's answer: an object with its content and who wrote it (a
 * bare string is taken as the content). */
static gboolean
scan_answer (Scan         *s,
             int           depth,
             QuestionScan *scan)
{
  skip_ws (s);
  if (s->p < s->end && *s->p == '"')
    return scan_text (s, scan->tmp, depth, &scan->question->answer);
  if (s->p >= s->end || *s->p != '{')
    return skip_value (s, depth);
  return scan_members (s, scan->key, depth, answer_member, scan);
}

static gboolean
question_member (Scan       *s,
                 const char *key,
                 int         depth,
                 gpointer    data)
{
  QuestionScan *scan = data;
  TurnoutFeedQuestion *q = scan->question;

  if (g_str_equal (key, "questionid"))
    {
      double value = 0;
      gboolean present = FALSE;

      if (!scan_numeric (s, scan->tmp, &value, &present))
        return FALSE;
      q->questionid = present && value > 0 && value <= 9.0e15 ? (gint64) llround (value) : 0;
      return TRUE;
    }
  if (g_str_equal (key, "createtimestamp"))
    return scan_text (s, scan->tmp, depth, &q->createtimestamp);
  if (g_str_equal (key, "content"))
    return scan_text (s, scan->tmp, depth, &q->content);
  if (g_str_equal (key, "answer"))
    return scan_answer (s, depth, scan);
  return skip_value (s, depth);
}

static gboolean
scan_question (Scan     *s,
               int       depth,
               gpointer  data)
{
  QuestionScan *scan = data;
  g_autoptr(TurnoutFeedQuestion) q = NULL;

  skip_ws (s);
  if (s->p >= s->end || *s->p != '{')
    return skip_value (s, depth);
  q = g_new0 (TurnoutFeedQuestion, 1);
  scan->question = q;
  if (!scan_members (s, scan->key, depth, question_member, scan))
    return FALSE;
  scan->question = NULL;

  /* A question without words is nothing to show. */
  if (q->content != NULL && *q->content != '\0')
    {
      if (*scan->questions == NULL)
        *scan->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_feed_question_free);
      g_ptr_array_add (*scan->questions, g_steal_pointer (&q));
    }
  return TRUE;
}

static gboolean
scan_questions (Scan        *s,
                GString     *key,
                GString     *tmp,
                int          depth,
                GPtrArray  **questions)
{
  QuestionScan scan = { key, tmp, NULL, questions };

  skip_ws (s);
  if (s->p >= s->end || *s->p != '[')
    return skip_value (s, depth);
  return scan_items (s, depth, scan_question, &scan);
}

static gboolean
scan_attendee (Scan        *s,
               GString     *key,
               GString     *tmp,
               TurnoutFeed *feed)
{
  TurnoutFeedAttendee a = {
    .liveminutes = -1, .liveviewed = -1, .archiveminutes = -1, .archiveviewed = -1, .engagementscore = -1,
    .askedquestions = -1, .answeredpolls = -1, .answeredsurveys = -1, .resourcesdownloaded = -1,
  };

  skip_ws (s);
  if (s->p >= s->end)
    return scan_fail (s, "unexpected end");
  if (*s->p != '{')
    return skip_value (s, 1);   /* not a row: ignored, as with the other readers */
  s->p++;
  skip_ws (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      double value = 0;
      gboolean present = FALSE;

      if (!scan_string (s, key) || !expect (s, ':'))
        goto failed;

      if (g_str_equal (key->str, "email"))
        {
          skip_ws (s);
          if (s->p < s->end && *s->p == '"')
            {
              if (!scan_string (s, tmp))
                goto failed;
              g_free (a.email);
              a.email = g_utf8_validate (tmp->str, tmp->len, NULL) ? g_strndup (tmp->str, tmp->len) : NULL;
            }
          else if (!skip_value (s, 1))
            goto failed;
        }
      else if (g_str_equal (key->str, "eventuserid"))
        {
          if (!scan_numeric (s, tmp, &value, &present))
            goto failed;
          a.eventuserid = present && value >= 0 && value <= 9.0e15 ? (gint64) llround (value) : 0;
        }
      else if (g_str_equal (key->str, "isblocked"))
        {
          if (!scan_flag (s, tmp, &a.isblocked))
            goto failed;
        }
      else if (g_str_equal (key->str, "userstatus"))
        {
          skip_ws (s);
          if (s->p < s->end && *s->p == '"')
            {
              if (!scan_string (s, tmp))
                goto failed;
              /* "active\u0000…" is not "active". */
              a.userstatus = strlen (tmp->str) == tmp->len ? user_status_from (tmp->str) : TURNOUT_FEED_USER_OTHER;
            }
          else if (!skip_value (s, 1))
            goto failed;
        }
      else if (g_str_equal (key->str, "liveminutes") || g_str_equal (key->str, "liveviewed") ||
               g_str_equal (key->str, "archiveminutes") || g_str_equal (key->str, "archiveviewed") ||
               g_str_equal (key->str, "engagementscore"))
        {
          if (!scan_numeric (s, tmp, &value, &present))
            goto failed;
          switch (key->str[0] == 'e' ? 'e' : key->str[0] == 'l' ? (key->str[4] == 'm' ? 'L' : 'l')
                                                                : (key->str[7] == 'm' ? 'A' : 'a'))
            {
            case 'L': a.liveminutes = minutes_from (value, present); break;
            case 'l': a.liveviewed = minutes_from (value, present); break;
            case 'A': a.archiveminutes = minutes_from (value, present); break;
            case 'a': a.archiveviewed = minutes_from (value, present); break;
            case 'e': a.engagementscore = present && value >= 0 ? value : -1; break;
            default: g_assert_not_reached ();
            }
        }
      else if (g_str_equal (key->str, "askedquestions") || g_str_equal (key->str, "answeredpolls") ||
               g_str_equal (key->str, "answeredsurveys") || g_str_equal (key->str, "resourcesdownloaded"))
        {
          int *count = key->str[1] == 's' ? &a.askedquestions
                       : key->str[0] == 'r' ? &a.resourcesdownloaded
                       : key->str[8] == 'p' ? &a.answeredpolls : &a.answeredsurveys;

          if (!scan_numeric (s, tmp, &value, &present))
            goto failed;
          /* Counts are whole numbers; the rounding of minutes fits them. */
          *count = minutes_from (value, present);
        }
      else if (g_str_equal (key->str, "launchmode"))
        {
          if (!scan_text (s, tmp, 1, &a.launchmode))
            goto failed;
        }
      else if (g_str_equal (key->str, "questions"))
        {
          if (!scan_questions (s, key, tmp, 1, &a.questions))
            goto failed;
        }
      else if (!skip_value (s, 1))
        goto failed;

      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (!expect (s, '}'))
        goto failed;
      break;
    }

  if (a.email != NULL && *a.email != '\0')
    g_array_append_val (feed->attendees, a);
  else
    turnout_feed_attendee_clear (&a);
  return TRUE;

failed:
  turnout_feed_attendee_clear (&a);
  return FALSE;
}

gboolean
turnout_on24_parse_attendees (const char   *data,
                              gsize         length,
                              TurnoutFeed  *feed,
                              GError      **error)
{
  Scan s = { data, data, data + length, NULL };
  g_autoptr(GString) key = g_string_sized_new (32);
  g_autoptr(GString) tmp = g_string_sized_new (64);
  gboolean have_list = FALSE;

  g_array_set_size (feed->attendees, 0);
  feed->eventid = 0;

  if (data == NULL || length == 0)
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24 sent an empty answer for the %s"), _("attendees"));
      return FALSE;
    }

  skip_ws (&s);
  if (s.p < s.end && *s.p != '{')
    {
      /* Valid JSON of the wrong shape reads differently from broken JSON. */
      if (skip_value (&s, 0) && (skip_ws (&s), s.p == s.end))
        {
          g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                       _("ON24’s answer for the %s is not a JSON object"), _("attendees"));
          return FALSE;
        }
      goto invalid;
    }
  if (!expect (&s, '{'))
    goto invalid;

  skip_ws (&s);
  if (s.p < s.end && *s.p == '}')
    s.p++;
  else
    for (;;)
      {
        if (!scan_string (&s, key) || !expect (&s, ':'))
          goto invalid;

        skip_ws (&s);
        if (g_str_equal (key->str, "attendees") && s.p < s.end && *s.p == '[')
          {
            have_list = TRUE;
            g_array_set_size (feed->attendees, 0);
            s.p++;
            skip_ws (&s);
            if (s.p < s.end && *s.p == ']')
              s.p++;
            else
              for (;;)
                {
                  if (!scan_attendee (&s, key, tmp, feed))
                    goto invalid;
                  skip_ws (&s);
                  if (s.p < s.end && *s.p == ',')
                    {
                      s.p++;
                      continue;
                    }
                  if (!expect (&s, ']'))
                    goto invalid;
                  break;
                }
          }
        else if (g_str_equal (key->str, "eventid"))
          {
            double value = 0;
            gboolean present = FALSE;

            if (!scan_numeric (&s, tmp, &value, &present))
              goto invalid;
            feed->eventid = present && value > 0 && value <= 9.0e15 ? (gint64) llround (value) : 0;
          }
        else if (!skip_value (&s, 1))
          goto invalid;

        skip_ws (&s);
        if (s.p < s.end && *s.p == ',')
          {
            s.p++;
            continue;
          }
        if (!expect (&s, '}'))
          goto invalid;
        break;
      }

  skip_ws (&s);
  if (s.p != s.end)
    {
      scan_fail (&s, "data after the end");
      goto invalid;
    }

  if (!have_list)
    {
      g_array_set_size (feed->attendees, 0);
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s has no “%s” list"), _("attendees"), "attendees");
      return FALSE;
    }

  return TRUE;

invalid:
  g_array_set_size (feed->attendees, 0);
  if (g_strcmp0 (s.problem, "nested too deep") == 0)
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s is nested too deeply to be what ON24 sends"), _("attendees"));
      return FALSE;
    }
  {
    g_autofree char *detail = g_strdup_printf ("%s at byte %zu", s.problem ? s.problem : "unexpected character",
                                               (gsize) (s.p - s.start));

    set_invalid_error (error, _("attendees"), data, length, detail);
  }
  return FALSE;
}

TurnoutFeedRegistrant *
turnout_on24_parse_registrant (const char  *data,
                               gsize        length,
                               GError     **error)
{
  g_autoptr(JsonNode) root = parse_root (data, length, _("registrant"), error);
  g_autoptr(TurnoutFeedRegistrant) registrant = NULL;

  if (root == NULL)
    return NULL;

  registrant = registrant_from_object (json_node_get_object (root));
  if (registrant->eventuserid <= 0)
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24 accepted the registrant but sent no eventuserid"));
      return NULL;
    }

  return g_steal_pointer (&registrant);
}

GArray *
turnout_on24_parse_forgotten (const char  *data,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(JsonNode) root = parse_root (data, length, _("forget request"), error);
  g_autoptr(GArray) ids = NULL;
  JsonNode *deleted;
  JsonArray *array;
  guint n;

  if (root == NULL)
    return NULL;

  /* {"deletedregistrants": {"eventuserids": [...]}}: anything else says
   * nothing about what ON24 erased, so it is no answer at all. */
  deleted = json_object_get_member (json_node_get_object (root), "deletedregistrants");
  if (deleted == NULL || !JSON_NODE_HOLDS_OBJECT (deleted))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s has no “%s” list"), _("forget request"), "eventuserids");
      return NULL;
    }
  array = get_array (json_node_get_object (deleted), "eventuserids", _("forget request"), error);
  if (array == NULL)
    return NULL;

  n = json_array_get_length (array);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = node_int64 (json_array_get_element (array, i), 0);

      if (id <= 0)
        {
          g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                       _("ON24’s answer for the forget request lists an eventuserid that is not a number"));
          return NULL;
        }
      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

char *
turnout_on24_parse_message (const char *data,
                            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  char *message;

  if (data == NULL || length == 0 || length > 64 * 1024 || nested_too_deep (data, length))
    return NULL;
  if (!json_parser_load_from_data (parser, data, length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  message = dup_string (json_node_get_object (root), "message");
  if (message != NULL)
    g_strstrip (message);
  if (message != NULL && *message == '\0')
    g_clear_pointer (&message, g_free);
  return message;
}
