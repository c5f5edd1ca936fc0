/* turnout-on24-json.c: readers of ON24's answers.
 *
 * ON24 documents lower-case keys and leaves out fields that do not apply;
 * we read exactly those keys, treat a missing one as "not reported" and
 * never as zero, and accept numbers sent as strings because public clients
 * show ON24 doing that for ids.
 */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "turnout-on24-json.h"

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

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                   _("ON24’s answer for the %s is not valid JSON (%s)"), what, local_error->message);
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

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

/* A number ON24 may send as a JSON number or as a string of digits. */
static gboolean
get_number (JsonObject *object,
            const char *key,
            double     *value)
{
  JsonNode *node = json_object_get_member (object, key);
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
get_int64 (JsonObject *object,
           const char *key,
           gint64      missing)
{
  double value;

  if (!get_number (object, key, &value) || value < 0 || value > 9.0e15)
    return missing;
  return (gint64) llround (value);
}

static int
get_minutes (JsonObject *object,
             const char *key)
{
  double value;

  if (!get_number (object, key, &value) || value < 0)
    return -1;
  /* ON24 reports anything above 0 and below 1 as 1. */
  if (value > 0 && value < 1)
    return 1;
  if (value > G_MAXINT)
    return G_MAXINT;
  return (int) lround (value);
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

gboolean
turnout_on24_parse_attendees (const char   *data,
                              gsize         length,
                              TurnoutFeed  *feed,
                              GError      **error)
{
  g_autoptr(JsonNode) root = parse_root (data, length, _("attendees"), error);
  JsonObject *top;
  JsonArray *array;
  guint n;

  if (root == NULL)
    return FALSE;

  top = json_node_get_object (root);
  array = get_array (top, "attendees", _("attendees"), error);
  if (array == NULL)
    return FALSE;

  feed->eventid = get_int64 (top, "eventid", 0);
  n = json_array_get_length (array);
  g_array_set_size (feed->attendees, 0);
  g_array_set_size (feed->attendees, n);
  feed->attendees->len = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      TurnoutFeedAttendee attendee = { 0 };
      double score;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      attendee.email = dup_string (object, "email");
      if (attendee.email == NULL || *attendee.email == '\0')
        {
          g_free (attendee.email);
          continue;
        }
      attendee.eventuserid = get_int64 (object, "eventuserid", 0);
      attendee.isblocked = get_flag (object, "isblocked");
      attendee.liveminutes = get_minutes (object, "liveminutes");
      attendee.liveviewed = get_minutes (object, "liveviewed");
      attendee.archiveminutes = get_minutes (object, "archiveminutes");
      attendee.archiveviewed = get_minutes (object, "archiveviewed");
      attendee.engagementscore = get_number (object, "engagementscore", &score) && score >= 0 ? score : -1;
      g_array_append_val (feed->attendees, attendee);
    }

  return TRUE;
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

char *
turnout_on24_parse_message (const char *data,
                            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  char *message;

  if (data == NULL || length == 0 || length > 64 * 1024)
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
