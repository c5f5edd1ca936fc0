/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-sim.c: a local ON24 on SoupServer.
 *
 * Faithful to the API subset in the spec: the paths under
 * /v2/client/{clientId}/event/{eventId}, the two token headers (missing or
 * wrong: 401), a form-encoded registrant POST with lower-case fields that
 * checks the event's required registration fields, lower-case JSON keys in
 * every answer, and attendee fields that do not apply left out, not zero.
 * POST /v2/client/{clientId}/forget erases people as ON24 does: their rows
 * stay, reported as forgotten.
 */
#define G_LOG_DOMAIN "turnout-on24-sim"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "turnout-json-scan.h"
#include "turnout-on24-sim.h"

typedef enum
{
  FAULT_DELAY,
  FAULT_HANG,
  FAULT_STATUS,
  FAULT_THROTTLE,
  FAULT_LIMIT,
  FAULT_UNAUTHORIZED,
  FAULT_MALFORMED,
  FAULT_TRUNCATED,
  /* Hostile servers: an answer trickled a byte at a time, one nested past
   * any parser's stack, a redirect to another address. */
  FAULT_TRICKLE,
  FAULT_DEEP,
  FAULT_REDIRECT,
} FaultKind;

typedef struct
{
  FaultKind  kind;
  char      *method;     /* NULL: any */
  char      *path;       /* substring of the path; NULL: any */
  int        count;      /* requests left to affect; -1: all */
  guint      status;
  guint      retry_after;
  guint      delay_ms;
} Fault;

typedef struct
{
  gint64      eventuserid;
  char       *email;
  char       *firstname;
  char       *lastname;
  char       *company;
  char       *jobtitle;
  char       *eventemail;
  char       *created;
  char       *userstatus; /* active, deleted or forgotten */
  GHashTable *form;       /* what was posted, for tests */
  guint       n_posts;
} Registrant;

typedef struct
{
  char   *email;
  gint64  eventuserid;
  gboolean blocked;
  /* A viewer who never registered, listed under a system-generated
   * address unless the request says excludeanonymous=Y. */
  gboolean anonymous;
  char   *userstatus;      /* active, deleted or forgotten; escaped for JSON */
  int     liveminutes;     /* -1: not applicable */
  int     archiveminutes;  /* -1: not applicable */
  double  engagementscore; /* < 0: not given */
  /* The scenario's questions, polls, surveys, downloads and launch mode,
   * as JSON members each led by a comma, served as they are. */
  char   *activity;
} Attendee;

typedef struct
{
  gint64     eventid;
  char      *eventname;
  char      *description;
  char      *livestart;
  char      *liveend;
  char      *archivestart;
  char      *archiveend;
  char      *timezone;
  gboolean   isactive;
  JsonNode  *regfields;    /* the scenario's array, served as is */
  GPtrArray *registrants;  /* of Registrant */
  GHashTable *by_email;    /* casefolded email -> Registrant */
  GPtrArray *attendees;    /* of Attendee */
  GBytes    *attendee_cache[2];  /* [1]: with excludeanonymous=Y */
  GHashTable *attendee_query;    /* of the last attendee-list GET, for tests */
} Event;

struct _TurnoutOn24Sim
{
  GObject     parent_instance;
  SoupServer *server;
  char       *base_url;
  guint       port;
  char       *client_id;
  char       *key;
  char       *secret;
  GHashTable *events;      /* gint64* -> Event */
  GPtrArray  *faults;
  GPtrArray  *hung;        /* paused messages, released on dispose */
  GPtrArray  *trickles;    /* of Trickle: answers being trickled */
  gint64      next_eventuserid;
  guint       n_requests;
  GHashTable *client_ports;  /* the remote ports seen: one per connection */
  char       *forget_form;   /* the last forget request's body, for tests */
  guint       n_forgets;     /* forget requests that reached the endpoint */
};

G_DEFINE_FINAL_TYPE (TurnoutOn24Sim, turnout_on24_sim, G_TYPE_OBJECT)

typedef struct
{
  TurnoutOn24Sim    *sim;
  SoupServerMessage *msg;
  guint              source_id;
  gboolean           gone;      /* the client left: nothing more to send */
} Trickle;

static void
on_trickle_gone (SoupServerMessage *msg,
                 gpointer           user_data)
{
  ((Trickle *) user_data)->gone = TRUE;
}

static void
trickle_free (Trickle *t)
{
  g_clear_handle_id (&t->source_id, g_source_remove);
  g_signal_handlers_disconnect_by_func (t->msg, on_trickle_gone, t);
  g_object_unref (t->msg);
  g_free (t);
}

static const char *
utf8_bytes (void)
{
  static char bytes[129];

  if (bytes[0] == '\0')
    for (int i = 0; i < 128; i++)
      bytes[i] = (char) (0x80 + i);
  return bytes;
}

static void
fault_free (Fault *fault)
{
  g_free (fault->method);
  g_free (fault->path);
  g_free (fault);
}

static void
registrant_free (Registrant *r)
{
  g_free (r->email);
  g_free (r->firstname);
  g_free (r->lastname);
  g_free (r->company);
  g_free (r->jobtitle);
  g_free (r->eventemail);
  g_free (r->created);
  g_free (r->userstatus);
  g_clear_pointer (&r->form, g_hash_table_unref);
  g_free (r);
}

static void
attendee_free (Attendee *a)
{
  g_free (a->email);
  g_free (a->userstatus);
  g_free (a->activity);
  g_free (a);
}

static void
event_free (Event *e)
{
  g_free (e->eventname);
  g_free (e->description);
  g_free (e->livestart);
  g_free (e->liveend);
  g_free (e->archivestart);
  g_free (e->archiveend);
  g_free (e->timezone);
  g_clear_pointer (&e->regfields, json_node_unref);
  g_clear_pointer (&e->registrants, g_ptr_array_unref);
  g_clear_pointer (&e->by_email, g_hash_table_unref);
  g_clear_pointer (&e->attendees, g_ptr_array_unref);
  g_clear_pointer (&e->attendee_cache[0], g_bytes_unref);
  g_clear_pointer (&e->attendee_cache[1], g_bytes_unref);
  g_clear_pointer (&e->attendee_query, g_hash_table_unref);
  g_free (e);
}

static void
turnout_on24_sim_dispose (GObject *object)
{
  TurnoutOn24Sim *self = TURNOUT_ON24_SIM (object);

  if (self->server != NULL)
    {
      /* Answer what hangs, so no connection outlives the server. */
      for (guint i = 0; i < self->hung->len; i++)
        {
          SoupServerMessage *msg = g_ptr_array_index (self->hung, i);

          soup_server_message_set_status (msg, 503, NULL);
          soup_server_message_unpause (msg);
        }
      g_ptr_array_set_size (self->hung, 0);
      for (guint i = 0; i < self->trickles->len; i++)
        {
          Trickle *t = g_ptr_array_index (self->trickles, i);

          if (!t->gone)
            {
              soup_message_body_complete (soup_server_message_get_response_body (t->msg));
              soup_server_message_unpause (t->msg);
            }
          trickle_free (t);
        }
      g_ptr_array_set_size (self->trickles, 0);
      soup_server_disconnect (self->server);
    }
  g_clear_object (&self->server);

  G_OBJECT_CLASS (turnout_on24_sim_parent_class)->dispose (object);
}

static void
turnout_on24_sim_finalize (GObject *object)
{
  TurnoutOn24Sim *self = TURNOUT_ON24_SIM (object);

  g_free (self->base_url);
  g_free (self->client_id);
  g_free (self->key);
  g_free (self->secret);
  g_hash_table_unref (self->events);
  g_ptr_array_unref (self->faults);
  g_ptr_array_unref (self->hung);
  g_ptr_array_unref (self->trickles);
  g_hash_table_unref (self->client_ports);
  g_free (self->forget_form);

  G_OBJECT_CLASS (turnout_on24_sim_parent_class)->finalize (object);
}

static void
turnout_on24_sim_class_init (TurnoutOn24SimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = turnout_on24_sim_dispose;
  object_class->finalize = turnout_on24_sim_finalize;
}

static void
turnout_on24_sim_init (TurnoutOn24Sim *self)
{
  self->events = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) event_free);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->hung = g_ptr_array_new_with_free_func (g_object_unref);
  self->trickles = g_ptr_array_new ();
  self->client_ports = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->next_eventuserid = 49500000;
}

/* Scenario reading */

static const char *
obj_string (JsonObject *o,
            const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static double
obj_number (JsonObject *o,
            const char *key,
            double      missing)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return missing;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtod (json_node_get_string (node), NULL);
  return missing;
}

static gboolean
obj_flag (JsonObject *o,
          const char *key,
          gboolean    missing)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return missing;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "Y") == 0;
  return missing;
}

static char *
email_key (const char *email)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (email));

  return g_utf8_casefold (trimmed, -1);
}

/* The attendee list is built once and kept until a row changes. */
static void
attendees_changed (Event *event)
{
  g_clear_pointer (&event->attendee_cache[0], g_bytes_unref);
  g_clear_pointer (&event->attendee_cache[1], g_bytes_unref);
}

static const char *
user_status (JsonObject *o)
{
  return obj_string (o, "userstatus") ? obj_string (o, "userstatus") : "active";
}

static Registrant *
add_registrant (TurnoutOn24Sim *self,
                Event          *event,
                JsonObject     *o)
{
  Registrant *r = g_new0 (Registrant, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  r->email = g_strdup (obj_string (o, "email"));
  r->firstname = g_strdup (obj_string (o, "firstname"));
  r->lastname = g_strdup (obj_string (o, "lastname"));
  r->company = g_strdup (obj_string (o, "company"));
  r->jobtitle = g_strdup (obj_string (o, "jobtitle"));
  r->eventemail = g_strdup (obj_string (o, "eventemail") ? obj_string (o, "eventemail") : "N");
  r->userstatus = g_strdup (user_status (o));
  r->eventuserid = (gint64) obj_number (o, "eventuserid", 0);
  if (r->eventuserid <= 0)
    r->eventuserid = ++self->next_eventuserid;
  r->created = g_date_time_format_iso8601 (now);
  g_ptr_array_add (event->registrants, r);
  g_hash_table_replace (event->by_email, email_key (r->email), r);
  return r;
}

/* ON24 rounds minutes, and reports anything above 0 and below 1 as 1. */
static int
on24_minutes (double minutes)
{
  if (minutes < 0)
    return -1;
  if (minutes > 0 && minutes < 1)
    return 1;
  return (int) (minutes + 0.5);
}

/* What an attendee did besides watching, as the scenario gives it, so a
 * test can send ON24's shapes (and its odd ones) unchanged. */
static char *
attendee_activity (JsonObject *o)
{
  static const char *const keys[] = {
    "askedquestions", "answeredpolls", "answeredsurveys", "answeredsurveyquestions",
    "resourcesdownloaded", "launchmode", "questions", "polls", "surveys",
  };
  GString *s = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *node = json_object_get_member (o, keys[i]);
      g_autofree char *json = NULL;

      if (node == NULL)
        continue;
      if (s == NULL)
        s = g_string_new (NULL);
      json = json_to_string (node, FALSE);
      g_string_append_printf (s, ",\"%s\":%s", keys[i], json);
    }
  return s != NULL ? g_string_free (s, FALSE) : NULL;
}

static gboolean
add_attendees (TurnoutOn24Sim  *self,
               Event           *event,
               JsonArray       *array,
               GError         **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      Attendee *a;
      Registrant *r;

      if (!JSON_NODE_HOLDS_OBJECT (node) || obj_string (json_node_get_object (node), "email") == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "attendee %u of event %" G_GINT64_FORMAT " has no email", i, event->eventid);
          return FALSE;
        }
      o = json_node_get_object (node);
      a = g_new0 (Attendee, 1);
      a->email = g_strdup (obj_string (o, "email"));
      a->blocked = obj_flag (o, "isblocked", FALSE);
      a->anonymous = obj_flag (o, "anonymous", FALSE);
      /* Escaped once: the attendee list writes it into JSON as it is. */
      a->userstatus = g_strescape (user_status (o), utf8_bytes ());
      a->liveminutes = on24_minutes (obj_number (o, "liveminutes", -1));
      a->archiveminutes = on24_minutes (obj_number (o, "archiveminutes", -1));
      a->engagementscore = obj_number (o, "engagementscore", -1);
      a->activity = attendee_activity (o);
      {
        g_autofree char *key = email_key (a->email);

        r = g_hash_table_lookup (event->by_email, key);
      }
      a->eventuserid = r ? r->eventuserid : (gint64) obj_number (o, "eventuserid", 0);
      if (a->eventuserid <= 0)
        a->eventuserid = ++self->next_eventuserid;
      g_ptr_array_add (event->attendees, a);
    }

  attendees_changed (event);
  return TRUE;
}

static gboolean
load_scenario (TurnoutOn24Sim  *self,
               JsonNode        *root,
               GError         **error)
{
  JsonObject *top;
  JsonNode *events;
  JsonNode *faults;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a scenario is a JSON object");
      return FALSE;
    }
  top = json_node_get_object (root);

  if (obj_string (top, "client_id"))
    self->client_id = g_strdup (obj_string (top, "client_id"));
  else
    self->client_id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) obj_number (top, "client_id", 0));
  self->key = g_strdup (obj_string (top, "access_token_key"));
  self->secret = g_strdup (obj_string (top, "access_token_secret"));
  if (self->key == NULL || self->secret == NULL || g_str_equal (self->client_id, "0"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "a scenario needs client_id, access_token_key and access_token_secret");
      return FALSE;
    }

  events = json_object_get_member (top, "events");
  if (events != NULL && JSON_NODE_HOLDS_ARRAY (events))
    {
      JsonArray *array = json_node_get_array (events);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_node_get_object (json_array_get_element (array, i));
          Event *event = g_new0 (Event, 1);
          JsonNode *list;

          event->eventid = (gint64) obj_number (o, "eventid", 0);
          event->eventname = g_strdup (obj_string (o, "eventname"));
          event->description = g_strdup (obj_string (o, "description"));
          event->livestart = g_strdup (obj_string (o, "livestart"));
          event->liveend = g_strdup (obj_string (o, "liveend"));
          event->archivestart = g_strdup (obj_string (o, "archivestart"));
          event->archiveend = g_strdup (obj_string (o, "archiveend"));
          event->timezone = g_strdup (obj_string (o, "displaytimezonecd"));
          event->isactive = obj_flag (o, "isactive", TRUE);
          event->registrants = g_ptr_array_new_with_free_func ((GDestroyNotify) registrant_free);
          event->by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          event->attendees = g_ptr_array_new_with_free_func ((GDestroyNotify) attendee_free);
          g_hash_table_insert (self->events, &event->eventid, event);

          list = json_object_get_member (o, "registrationfields");
          if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
            event->regfields = json_node_copy (list);
          else
            {
              event->regfields = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (event->regfields, json_array_new ());
            }

          list = json_object_get_member (o, "registrants");
          if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
            for (guint j = 0; j < json_array_get_length (json_node_get_array (list)); j++)
              add_registrant (self, event, json_node_get_object (json_array_get_element (json_node_get_array (list), j)));

          list = json_object_get_member (o, "attendees");
          if (list != NULL && JSON_NODE_HOLDS_ARRAY (list) &&
              !add_attendees (self, event, json_node_get_array (list), error))
            return FALSE;
        }
    }

  faults = json_object_get_member (top, "faults");
  if (faults != NULL && JSON_NODE_HOLDS_ARRAY (faults))
    {
      JsonArray *array = json_node_get_array (faults);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(JsonGenerator) gen = json_generator_new ();
          g_autofree char *text = NULL;

          json_generator_set_root (gen, json_array_get_element (array, i));
          text = json_generator_to_data (gen, NULL);
          if (!turnout_on24_sim_add_fault_json (self, text, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* json-glib's parser recurses once per level: a body nested a hundred
 * thousand levels deep, posted to /_sim/faults, would overflow the stack.
 * Nothing the simulator reads goes deeper than a few levels. */
#define SIM_MAX_DEPTH 64

static gboolean
check_depth (const char  *json,
             gssize       length,
             GError     **error)
{
  gsize n = length < 0 ? strlen (json) : (gsize) length;

  if (turnout_json_scan_depth (json, n, SIM_MAX_DEPTH, NULL) > SIM_MAX_DEPTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "JSON nested deeper than %d levels", SIM_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

TurnoutOn24Sim *
turnout_on24_sim_new_from_data (const char  *json,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(TurnoutOn24Sim) self = g_object_new (TURNOUT_TYPE_ON24_SIM, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!check_depth (json, length, error) || !json_parser_load_from_data (parser, json, length, error))
    return NULL;
  if (!load_scenario (self, json_parser_get_root (parser), error))
    return NULL;
  return g_steal_pointer (&self);
}

TurnoutOn24Sim *
turnout_on24_sim_new_from_file (const char  *path,
                                GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return turnout_on24_sim_new_from_data (contents, length, error);
}

gboolean
turnout_on24_sim_add_fault_json (TurnoutOn24Sim  *self,
                                 const char      *json,
                                 GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *kind;
  Fault *fault;
  static const char *const kinds[] = {
    "delay", "hang", "status", "throttle", "limit", "unauthorized", "malformed", "truncated",
    "trickle", "deep", "redirect",
  };

  if (!check_depth (json, -1, error) || !json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a fault is a JSON object");
      return FALSE;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  kind = obj_string (o, "kind");

  fault = g_new0 (Fault, 1);
  fault->kind = G_N_ELEMENTS (kinds);
  for (guint i = 0; kind && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i]))
      fault->kind = i;
  if (fault->kind == G_N_ELEMENTS (kinds))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "unknown fault kind “%s” (delay, hang, status, throttle, limit, unauthorized, malformed, truncated,"
                   " trickle, deep, redirect)",
                   kind ? kind : "");
      fault_free (fault);
      return FALSE;
    }
  fault->method = g_strdup (obj_string (o, "method"));
  fault->path = g_strdup (obj_string (o, "path"));
  fault->count = (int) obj_number (o, "count", 1);
  fault->status = (guint) obj_number (o, "status", 500);
  fault->retry_after = (guint) obj_number (o, "retry_after", 0);
  fault->delay_ms = (guint) obj_number (o, "delay_ms", 0);
  g_ptr_array_add (self->faults, fault);
  return TRUE;
}

void
turnout_on24_sim_clear_faults (TurnoutOn24Sim *self)
{
  g_ptr_array_set_size (self->faults, 0);
}

static Event *
lookup_event (TurnoutOn24Sim *self,
              gint64          event_id)
{
  return g_hash_table_lookup (self->events, &event_id);
}

/* @json, a JSON array, for @event_id's event; NULL (and @error) when it
 * is not one or there is no such event. */
static JsonArray *
parse_event_array (TurnoutOn24Sim  *self,
                   gint64           event_id,
                   const char      *json,
                   const char      *what,
                   JsonParser      *parser,
                   Event          **event,
                   GError         **error)
{
  *event = lookup_event (self, event_id);
  if (*event == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no event %" G_GINT64_FORMAT, event_id);
      return NULL;
    }
  if (!check_depth (json, -1, error) || !json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s are a JSON array", what);
      return NULL;
    }
  return json_node_get_array (json_parser_get_root (parser));
}

gboolean
turnout_on24_sim_add_attendees_json (TurnoutOn24Sim  *self,
                                     gint64           event_id,
                                     const char      *json,
                                     GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Event *event;
  JsonArray *array = parse_event_array (self, event_id, json, "attendees", parser, &event, error);

  return array != NULL && add_attendees (self, event, array, error);
}

gboolean
turnout_on24_sim_add_registrants_json (TurnoutOn24Sim  *self,
                                       gint64           event_id,
                                       const char      *json,
                                       GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Event *event;
  JsonArray *array = parse_event_array (self, event_id, json, "registrants", parser, &event, error);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) || obj_string (json_node_get_object (node), "email") == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "registrant %u of event %" G_GINT64_FORMAT " has no email", i, event_id);
          return FALSE;
        }
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    add_registrant (self, event, json_node_get_object (json_array_get_element (array, i)));
  return TRUE;
}

gboolean
turnout_on24_sim_set_userstatus (TurnoutOn24Sim *self,
                                 gint64          event_id,
                                 const char     *email,
                                 const char     *userstatus)
{
  Event *event = lookup_event (self, event_id);
  g_autofree char *key = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (email != NULL && userstatus != NULL, FALSE);

  if (event == NULL)
    return FALSE;
  key = email_key (email);
  for (guint i = 0; i < event->registrants->len; i++)
    {
      Registrant *r = g_ptr_array_index (event->registrants, i);
      g_autofree char *other = email_key (r->email);

      if (g_str_equal (key, other))
        {
          g_free (r->userstatus);
          r->userstatus = g_strdup (userstatus);
          found = TRUE;
        }
    }
  for (guint i = 0; i < event->attendees->len; i++)
    {
      Attendee *a = g_ptr_array_index (event->attendees, i);
      g_autofree char *other = email_key (a->email);

      if (g_str_equal (key, other))
        {
          g_free (a->userstatus);
          a->userstatus = g_strescape (userstatus, utf8_bytes ());
          found = TRUE;
        }
    }
  attendees_changed (event);
  return found;
}

GHashTable *
turnout_on24_sim_get_attendee_query (TurnoutOn24Sim *self,
                                     gint64          event_id)
{
  Event *event = lookup_event (self, event_id);

  return event ? event->attendee_query : NULL;
}

gboolean
turnout_on24_sim_set_schedule (TurnoutOn24Sim *self,
                               gint64          event_id,
                               const char     *livestart,
                               const char     *liveend)
{
  Event *event = lookup_event (self, event_id);

  if (event == NULL)
    return FALSE;
  g_free (event->livestart);
  g_free (event->liveend);
  event->livestart = g_strdup (livestart);
  event->liveend = g_strdup (liveend);
  return TRUE;
}

guint
turnout_on24_sim_get_n_connections (TurnoutOn24Sim *self)
{
  return g_hash_table_size (self->client_ports);
}

guint
turnout_on24_sim_get_n_requests (TurnoutOn24Sim *self)
{
  return self->n_requests;
}

guint
turnout_on24_sim_count_registrants (TurnoutOn24Sim *self,
                                    gint64          event_id)
{
  Event *event = lookup_event (self, event_id);

  return event ? event->registrants->len : 0;
}

static Registrant *
find_registrant (TurnoutOn24Sim *self,
                 gint64          event_id,
                 const char     *email)
{
  Event *event = lookup_event (self, event_id);
  g_autofree char *key = NULL;

  if (event == NULL || email == NULL)
    return NULL;
  key = email_key (email);
  return g_hash_table_lookup (event->by_email, key);
}

GHashTable *
turnout_on24_sim_get_registrant_form (TurnoutOn24Sim *self,
                                      gint64          event_id,
                                      const char     *email)
{
  Registrant *r = find_registrant (self, event_id, email);

  return r ? r->form : NULL;
}

const char *
turnout_on24_sim_get_forget_form (TurnoutOn24Sim *self)
{
  return self->forget_form;
}

guint
turnout_on24_sim_count_forgets (TurnoutOn24Sim *self)
{
  return self->n_forgets;
}

guint
turnout_on24_sim_count_posts (TurnoutOn24Sim *self,
                              gint64          event_id,
                              const char     *email)
{
  Registrant *r = find_registrant (self, event_id, email);

  return r ? r->n_posts : 0;
}

/* Answers */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
respond_message (SoupServerMessage *msg,
                 guint              status,
                 const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  respond_json (msg, status, b);
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

/* ON24 erases a forgotten person: the address becomes
 * "{eventuserid}-deleted" and the names "deleted". */
static gboolean
is_forgotten (const char *userstatus)
{
  return g_strcmp0 (userstatus, "forgotten") == 0;
}

static char *
forgotten_email (gint64 eventuserid)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "-deleted", eventuserid);
}

static void
build_registrant (JsonBuilder *b,
                  Event       *event,
                  Registrant  *r)
{
  gboolean forgotten = is_forgotten (r->userstatus);

  json_builder_begin_object (b);
  add_int (b, "eventuserid", r->eventuserid);
  add_int (b, "eventid", event->eventid);
  if (forgotten)
    {
      g_autofree char *email = forgotten_email (r->eventuserid);

      add_string (b, "email", email);
      add_string (b, "firstname", "deleted");
      add_string (b, "lastname", "deleted");
    }
  else
    {
      add_string (b, "email", r->email);
      add_string (b, "firstname", r->firstname);
      add_string (b, "lastname", r->lastname);
      add_string (b, "company", r->company);
      add_string (b, "jobtitle", r->jobtitle);
    }
  add_string (b, "eventemail", r->eventemail);
  add_string (b, "createtimestamp", r->created);
  add_string (b, "userstatus", r->userstatus);
  add_string (b, "isblocked", "N");
  {
    g_autofree char *url = g_strdup_printf ("https://event.on24.com/profile/%" G_GINT64_FORMAT, r->eventuserid);
    add_string (b, "userprofileurl", url);
  }
  json_builder_end_object (b);
}

static void
serve_event (TurnoutOn24Sim    *self,
             SoupServerMessage *msg,
             Event             *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint live = 0, ondemand = 0, total = 0;

  for (guint i = 0; i < event->attendees->len; i++)
    {
      Attendee *a = g_ptr_array_index (event->attendees, i);

      if (a->blocked)
        continue;
      total++;
      if (a->liveminutes > 0)
        live++;
      else if (a->archiveminutes > 0)
        ondemand++;
    }

  json_builder_begin_object (b);
  add_int (b, "eventid", event->eventid);
  add_string (b, "eventname", event->eventname);
  add_string (b, "description", event->description);
  add_string (b, "livestart", event->livestart);
  add_string (b, "liveend", event->liveend);
  add_string (b, "archivestart", event->archivestart);
  add_string (b, "archiveend", event->archiveend);
  add_string (b, "displaytimezonecd", event->timezone);
  json_builder_set_member_name (b, "isactive");
  json_builder_add_boolean_value (b, event->isactive);
  {
    g_autofree char *url = g_strdup_printf ("https://event.on24.com/wcc/r/%" G_GINT64_FORMAT "/sim", event->eventid);
    add_string (b, "audienceurl", url);
  }
  json_builder_set_member_name (b, "eventanalytics");
  json_builder_begin_object (b);
  add_int (b, "totalregistrants", event->registrants->len);
  add_int (b, "totalattendees", total);
  add_int (b, "liveattendees", live);
  add_int (b, "ondemandattendees", ondemand);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_json (msg, 200, b);
}

static void
serve_regfields (SoupServerMessage *msg,
                 Event             *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "registrationfields");
  json_builder_add_value (b, json_node_copy (event->regfields));
  json_builder_end_object (b);
  respond_json (msg, 200, b);
}

static void
serve_registrants (SoupServerMessage *msg,
                   Event             *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "eventid", event->eventid);
  add_int (b, "totalregistrants", event->registrants->len);
  json_builder_set_member_name (b, "registrants");
  json_builder_begin_array (b);
  for (guint i = 0; i < event->registrants->len; i++)
    build_registrant (b, event, g_ptr_array_index (event->registrants, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  respond_json (msg, 200, b);
}

/* Attendee lists of large events are big: built with a GString, once, and
 * kept until the attendees change. */
static void
serve_attendees (SoupServerMessage *msg,
                 Event             *event,
                 GHashTable        *query)
{
  gboolean exclude = query != NULL && g_strcmp0 (g_hash_table_lookup (query, "excludeanonymous"), "Y") == 0;
  GBytes **cache = &event->attendee_cache[exclude];

  g_clear_pointer (&event->attendee_query, g_hash_table_unref);
  event->attendee_query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (event->attendee_query, g_strdup (key), g_strdup (value));
    }

  if (*cache == NULL)
    {
      GString *s = g_string_sized_new (256 + event->attendees->len * 300);
      guint n = 0;
      gboolean first = TRUE;

      for (guint i = 0; i < event->attendees->len; i++)
        {
          Attendee *a = g_ptr_array_index (event->attendees, i);

          n += a->email != NULL && !(exclude && a->anonymous);
        }

      g_string_append_printf (s, "{\"eventid\":%" G_GINT64_FORMAT ",\"totalattendees\":%u,\"attendees\":[",
                              event->eventid, n);
      for (guint i = 0; i < event->attendees->len; i++)
        {
          Attendee *a = g_ptr_array_index (event->attendees, i);
          g_autofree char *erased = NULL;
          g_autofree char *email = NULL;
          char score[G_ASCII_DTOSTR_BUF_SIZE];

          if (exclude && a->anonymous)
            continue;
          if (is_forgotten (a->userstatus))
            erased = forgotten_email (a->eventuserid);
          /* JSON carries UTF-8 as it is: g_strescape() would write the
           * bytes of "é" as octal escapes, which JSON does not have. */
          email = g_strescape (erased ? erased : a->email, utf8_bytes ());
          g_string_append_printf (s, "%s{\"eventuserid\":%" G_GINT64_FORMAT ",\"email\":\"%s\","
                                  "\"userstatus\":\"%s\",\"isblocked\":\"%s\"",
                                  first ? "" : ",", a->eventuserid, email, a->userstatus,
                                  a->blocked ? "Y" : "N");
          first = FALSE;
          if (a->engagementscore >= 0)
            g_string_append_printf (s, ",\"engagementscore\":%s",
                                    g_ascii_formatd (score, sizeof score, "%.1f", a->engagementscore));
          if (a->liveminutes >= 0)
            g_string_append_printf (s, ",\"liveminutes\":%d,\"liveviewed\":%d,"
                                    "\"firstliveactivity\":\"2026-11-20T06:01:42-08:00\","
                                    "\"lastliveactivity\":\"2026-11-20T06:59:10-08:00\"",
                                    a->liveminutes, a->liveminutes > 0 ? 1 : 0);
          if (a->archiveminutes >= 0)
            g_string_append_printf (s, ",\"archiveminutes\":%d,\"archiveviewed\":%d,"
                                    "\"firstarchiveactivity\":\"2026-11-21T09:12:00-08:00\","
                                    "\"lastarchiveactivity\":\"2026-11-21T10:02:00-08:00\"",
                                    a->archiveminutes, a->archiveminutes > 0 ? 1 : 0);
          if (a->activity != NULL)
            g_string_append (s, a->activity);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "]}");
      *cache = g_string_free_to_bytes (s);
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (*cache, NULL), g_bytes_get_size (*cache));
}

static const char *
form_value (GHashTable *form,
            const char *key)
{
  const char *value = form ? g_hash_table_lookup (form, key) : NULL;

  return value && *value ? value : NULL;
}

/* ON24's field ids to the lower-case form fields that carry them. */
static const char *
form_key_for_field (const char *fieldid)
{
  if (g_str_equal (fieldid, "job_title"))
    return "jobtitle";
  return fieldid;
}

/* A POST's form fields, or NULL when it answered 400 itself. @text: (out)
 * (optional): the body as it came. */
static GHashTable *
read_form (SoupServerMessage  *msg,
           char              **text)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *raw = NULL;
  GHashTable *form;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    {
      respond_message (msg, 400, "The request body must be application/x-www-form-urlencoded");
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  form = soup_form_decode (raw);
  if (text != NULL)
    *text = g_steal_pointer (&raw);
  return form;
}

static void
serve_register (TurnoutOn24Sim    *self,
                SoupServerMessage *msg,
                Event             *event)
{
  g_autoptr(GHashTable) query = NULL;
  GHashTable *form;
  const char *email;
  gboolean honor_required = TRUE;
  Registrant *r;
  JsonArray *fields;

  form = read_form (msg, NULL);
  if (form == NULL)
    return;

  if (g_uri_get_query (soup_server_message_get_uri (msg)) != NULL)
    {
      query = soup_form_decode (g_uri_get_query (soup_server_message_get_uri (msg)));
      if (g_strcmp0 (g_hash_table_lookup (query, "honorrequired"), "N") == 0)
        honor_required = FALSE;
    }

  if (!event->isactive)
    {
      respond_message (msg, 403, "Event is not active");
      g_hash_table_unref (form);
      return;
    }

  email = form_value (form, "email");
  if (email == NULL)
    {
      respond_message (msg, 400, "Missing required parameter: email");
      g_hash_table_unref (form);
      return;
    }
  if (strchr (email, '@') == NULL || strchr (email, ' ') != NULL)
    {
      respond_message (msg, 400, "Invalid parameter: email");
      g_hash_table_unref (form);
      return;
    }
  if (form_value (form, "eventemail") != NULL &&
      !g_str_equal (form_value (form, "eventemail"), "Y") && !g_str_equal (form_value (form, "eventemail"), "N"))
    {
      respond_message (msg, 400, "Invalid parameter: eventemail must be Y or N");
      g_hash_table_unref (form);
      return;
    }

  fields = json_node_get_array (event->regfields);
  for (guint i = 0; honor_required && i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_node_get_object (json_array_get_element (fields, i));
      const char *id = obj_string (field, "fieldid");

      if (id != NULL && obj_flag (field, "required", FALSE) &&
          form_value (form, form_key_for_field (id)) == NULL)
        {
          g_autofree char *message = g_strdup_printf ("Required field '%s' is missing", id);

          respond_message (msg, 400, message);
          g_hash_table_unref (form);
          return;
        }
    }

  r = find_registrant (self, event->eventid, email);
  if (r == NULL)
    {
      g_autoptr(JsonObject) o = json_object_new ();
      const char *keys[] = { "email", "firstname", "lastname", "company", "jobtitle", "eventemail" };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (form_value (form, keys[i]))
          json_object_set_string_member (o, keys[i], form_value (form, keys[i]));
      r = add_registrant (self, event, o);
    }
  else if (form_value (form, "eventemail"))
    {
      g_free (r->eventemail);
      r->eventemail = g_strdup (form_value (form, "eventemail"));
    }

  g_clear_pointer (&r->form, g_hash_table_unref);
  r->form = form;
  r->n_posts++;
  attendees_changed (event);

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();

    build_registrant (b, event, r);
    respond_json (msg, 200, b);
  }
}

static void
add_erased (GArray     *ids,
            GHashTable *seen,
            gint64      eventuserid)
{
  if (g_hash_table_add (seen, g_memdup2 (&eventuserid, sizeof eventuserid)))
    g_array_append_val (ids, eventuserid);
}

/* Marks @event's rows of the addresses in @keys (casefolded) forgotten.
 * The registrant is no longer found by its address: a new registration
 * of it is a new registrant, as at ON24. */
static void
forget_in_event (Event      *event,
                 GHashTable *keys,
                 GArray     *ids,
                 GHashTable *seen)
{
  for (guint i = 0; i < event->registrants->len; i++)
    {
      Registrant *r = g_ptr_array_index (event->registrants, i);
      g_autofree char *key = email_key (r->email);

      if (is_forgotten (r->userstatus) || !g_hash_table_contains (keys, key))
        continue;
      g_free (r->userstatus);
      r->userstatus = g_strdup ("forgotten");
      if (g_hash_table_lookup (event->by_email, key) == r)
        g_hash_table_remove (event->by_email, key);
      add_erased (ids, seen, r->eventuserid);
    }

  for (guint i = 0; i < event->attendees->len; i++)
    {
      Attendee *a = g_ptr_array_index (event->attendees, i);
      g_autofree char *key = email_key (a->email);

      if (is_forgotten (a->userstatus) || !g_hash_table_contains (keys, key))
        continue;
      g_free (a->userstatus);
      a->userstatus = g_strdup ("forgotten");
      add_erased (ids, seen, a->eventuserid);
    }

  attendees_changed (event);
}

static void
serve_forget (TurnoutOn24Sim    *self,
              SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) emails = NULL;
  g_autofree char *text = NULL;
  const char *eventid;
  Event *only = NULL;

  self->n_forgets++;
  form = read_form (msg, &text);
  if (form == NULL)
    return;
  g_free (self->forget_form);
  self->forget_form = g_steal_pointer (&text);

  if (form_value (form, "email") == NULL)
    {
      respond_message (msg, 400, "Missing required parameter: email");
      return;
    }

  eventid = form_value (form, "eventid");
  if (eventid != NULL)
    {
      gint64 id;

      if (strspn (eventid, "0123456789") != strlen (eventid) || strlen (eventid) > 18)
        {
          respond_message (msg, 400, "Invalid parameter: eventid");
          return;
        }
      id = g_ascii_strtoll (eventid, NULL, 10);
      only = lookup_event (self, id);
      if (only == NULL)
        {
          respond_message (msg, 404, "Event not found");
          return;
        }
    }

  /* One address or several, comma-separated. An invalid one is quoted
   * back, as services do, so the client must keep it out of its errors. */
  emails = g_strsplit (form_value (form, "email"), ",", -1);
  for (guint i = 0; emails[i] != NULL; i++)
    {
      g_strstrip (emails[i]);
      if (strchr (emails[i], '@') == NULL || strchr (emails[i], ' ') != NULL)
        {
          g_autofree char *message = g_strdup_printf ("Invalid parameter: email '%s'", emails[i]);

          respond_message (msg, 400, message);
          return;
        }
      g_hash_table_add (keys, email_key (emails[i]));
    }

  if (only != NULL)
    forget_in_event (only, keys, ids, seen);
  else
    {
      GHashTableIter iter;
      gpointer event;

      g_hash_table_iter_init (&iter, self->events);
      while (g_hash_table_iter_next (&iter, NULL, &event))
        forget_in_event (event, keys, ids, seen);
    }

  if (ids->len == 0)
    {
      respond_message (msg, 404, "No registrant was found for that email address");
      return;
    }

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "deletedregistrants");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "eventuserids");
    json_builder_begin_array (b);
    for (guint i = 0; i < ids->len; i++)
      json_builder_add_int_value (b, g_array_index (ids, gint64, i));
    json_builder_end_array (b);
    json_builder_end_object (b);
    json_builder_end_object (b);
    respond_json (msg, 200, b);
  }
}

static gboolean
unpause_later (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static gboolean
trickle_next (gpointer user_data)
{
  Trickle *t = user_data;

  if (t->gone)
    {
      t->source_id = 0;
      g_ptr_array_remove (t->sim->trickles, t);
      trickle_free (t);
      return G_SOURCE_REMOVE;
    }
  soup_message_body_append (soup_server_message_get_response_body (t->msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (t->msg);
  return G_SOURCE_CONTINUE;
}

/* A 200 whose body never ends: a byte every @interval_ms, so the
 * connection is never silent long enough for a timeout. */
static void
start_trickle (TurnoutOn24Sim    *self,
               SoupServerMessage *msg,
               guint              interval_ms)
{
  Trickle *t = g_new0 (Trickle, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  t->sim = self;
  t->msg = g_object_ref (msg);
  g_signal_connect (msg, "finished", G_CALLBACK (on_trickle_gone), t);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_trickle_gone), t);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "{", 1);
  soup_server_message_pause (msg);
  t->source_id = g_timeout_add (interval_ms > 0 ? interval_ms : 200, trickle_next, t);
  g_ptr_array_add (self->trickles, t);
}

/* Valid JSON nested 200,000 levels deep: a parser that recurses per level
 * runs out of stack long before its end. */
static void
respond_deep (SoupServerMessage *msg)
{
  const gsize depth = 200000;
  char *body = g_malloc (2 * depth);

  memset (body, '[', depth);
  memset (body + depth, ']', depth);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, 2 * depth);
}

/* Returns TRUE when the fault answered the request itself. */
static gboolean
apply_fault (TurnoutOn24Sim    *self,
             SoupServerMessage *msg,
             const char        *method,
             const char        *path,
             gboolean          *truncate)
{
  Fault *fault = NULL;

  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (self->faults, i);

      if (f->count == 0)
        continue;
      if (f->method && g_ascii_strcasecmp (f->method, method) != 0)
        continue;
      if (f->path && strstr (path, f->path) == NULL)
        continue;
      fault = f;
      break;
    }

  if (fault == NULL)
    return FALSE;
  if (fault->count > 0)
    fault->count--;

  switch (fault->kind)
    {
    case FAULT_DELAY:
      soup_server_message_pause (msg);
      g_timeout_add (fault->delay_ms, unpause_later, g_object_ref (msg));
      return FALSE;
    case FAULT_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->hung, g_object_ref (msg));
      return TRUE;
    case FAULT_STATUS:
      /* ON24 words its errors after the status; so does the fault. */
      respond_message (msg, fault->status, soup_status_get_phrase (fault->status));
      return TRUE;
    case FAULT_THROTTLE:
      respond_message (msg, 429, "Too many requests");
      if (fault->retry_after > 0)
        {
          char value[16];

          g_snprintf (value, sizeof value, "%u", fault->retry_after);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", value);
        }
      return TRUE;
    case FAULT_LIMIT:
      respond_message (msg, 403, "You have reached the maximum number of calls for this api.");
      return TRUE;
    case FAULT_UNAUTHORIZED:
      respond_message (msg, 401, "Unauthorized");
      return TRUE;
    case FAULT_MALFORMED:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "<html>Service Unavailable</html>", 32);
      return TRUE;
    case FAULT_TRUNCATED:
      /* Handled after the real answer is built: cut it in half. */
      *truncate = TRUE;
      return FALSE;
    case FAULT_TRICKLE:
      start_trickle (self, msg, fault->delay_ms);
      return TRUE;
    case FAULT_DEEP:
      respond_deep (msg);
      return TRUE;
    case FAULT_REDIRECT:
      {
        /* Elsewhere: another host, which must never see the tokens. */
        g_autofree char *location = g_strconcat ("https://on24-elsewhere.invalid", path, NULL);

        soup_server_message_set_status (msg, fault->status >= 300 && fault->status < 400 ? fault->status : 302,
                                        NULL);
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
      }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static void
handle_control (TurnoutOn24Sim    *self,
                SoupServerMessage *msg,
                const char        *method,
                const char        *path)
{
  if (g_str_equal (path, "/_sim/faults") && g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GError) error = NULL;

      if (!turnout_on24_sim_add_fault_json (self, text, &error))
        respond_message (msg, 400, error->message);
      else
        respond_message (msg, 200, "ok");
    }
  else if (g_str_equal (path, "/_sim/faults") && g_str_equal (method, "DELETE"))
    {
      turnout_on24_sim_clear_faults (self);
      respond_message (msg, 200, "ok");
    }
  else
    respond_message (msg, 404, "Unknown control path");
}

/* A call under /v2/client/{clientId}/event/{eventId}; FALSE when it
 * answered with an error of its own. */
static gboolean
serve_event_call (TurnoutOn24Sim    *self,
                  SoupServerMessage *msg,
                  const char        *method,
                  char             **parts,
                  guint              n,
                  GHashTable        *query)
{
  gint64 event_id = g_ascii_strtoll (parts[5], NULL, 10);
  Event *event = lookup_event (self, event_id);

  if (event == NULL)
    {
      respond_message (msg, 404, "Event not found");
      return FALSE;
    }

  if (n == 6 && g_str_equal (method, "GET"))
    serve_event (self, msg, event);
  else if (n == 7 && g_str_equal (parts[6], "regfield") && g_str_equal (method, "GET"))
    serve_regfields (msg, event);
  else if (n == 7 && g_str_equal (parts[6], "registrant") && g_str_equal (method, "GET"))
    serve_registrants (msg, event);
  else if (n == 7 && g_str_equal (parts[6], "registrant") && g_str_equal (method, "POST"))
    serve_register (self, msg, event);
  else if (n == 7 && g_str_equal (parts[6], "attendee") && g_str_equal (method, "GET"))
    serve_attendees (msg, event, query);
  else
    {
      respond_message (msg, 405, "Method not allowed");
      return FALSE;
    }
  return TRUE;
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  TurnoutOn24Sim *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "accessTokenKey");
  const char *secret = soup_message_headers_get_one (headers, "accessTokenSecret");
  g_auto(GStrv) parts = NULL;
  gboolean truncate = FALSE;
  gboolean forget;
  guint n;

  self->n_requests++;
  {
    GSocketAddress *remote = soup_server_message_get_remote_address (msg);

    if (G_IS_INET_SOCKET_ADDRESS (remote))
      g_hash_table_add (self->client_ports,
                        GUINT_TO_POINTER (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote))));
  }

  if (g_str_has_prefix (path, "/_sim/"))
    {
      handle_control (self, msg, method, path);
      return;
    }

  if (apply_fault (self, msg, method, path, &truncate))
    return;

  /* /v2/client/{clientId}/event/{eventId}[/regfield|/registrant|/attendee]
   * and /v2/client/{clientId}/forget */
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  forget = n == 5 && g_str_equal (parts[4], "forget");
  if (n < 5 || n > 7 || *parts[0] != '\0' || !g_str_equal (parts[1], "v2") ||
      !g_str_equal (parts[2], "client") || (!forget && (n == 5 || !g_str_equal (parts[4], "event"))))
    {
      respond_message (msg, 404, "Not found");
      return;
    }

  if (key == NULL || secret == NULL || g_strcmp0 (key, self->key) != 0 || g_strcmp0 (secret, self->secret) != 0)
    {
      respond_message (msg, 401, key == NULL || secret == NULL
                       ? "Missing accessTokenKey or accessTokenSecret"
                       : "Invalid accessTokenKey or accessTokenSecret");
      return;
    }

  if (!g_str_equal (parts[3], self->client_id))
    {
      respond_message (msg, 404, "Client not found");
      return;
    }

  if (forget && g_str_equal (method, "POST"))
    serve_forget (self, msg);
  else if (forget)
    {
      respond_message (msg, 405, "Method not allowed");
      return;
    }
  else if (!serve_event_call (self, msg, method, parts, n, query))
    return;

  /* A truncated answer: the real one, cut in half. */
  if (truncate)
    {
      SoupMessageBody *response = soup_server_message_get_response_body (msg);
      g_autoptr(GBytes) whole = soup_message_body_flatten (response);
      gsize half = g_bytes_get_size (whole) / 2;

      soup_message_body_truncate (response);
      soup_message_body_append (response, SOUP_MEMORY_COPY, g_bytes_get_data (whole, NULL), half);
    }
}

gboolean
turnout_on24_sim_listen (TurnoutOn24Sim  *self,
                         guint            port,
                         GError         **error)
{
  GSList *uris;

  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "turnout-on24-sim ", NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u/v2", self->port);
  return TRUE;
}

const char *
turnout_on24_sim_get_base_url (TurnoutOn24Sim *self)
{
  return self->base_url;
}

guint
turnout_on24_sim_get_port (TurnoutOn24Sim *self)
{
  return self->port;
}
