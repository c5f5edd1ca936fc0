/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-client.c: ON24's REST API over libsoup.
 *
 * The request is sent from the caller's main context; the body is read
 * whole and parsed on a worker thread (attendee lists of large events run
 * to tens of megabytes). The HTTP status decides the error code, so the
 * sender and the UI can tell "try later" from "fix something".
 */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <inttypes.h>

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "turnout-on24-client.h"
#include "turnout-on24-json.h"

struct _TurnoutOn24Client
{
  GObject  parent_instance;
  char    *base_url;
  char    *client_id;
  char    *key;
  char    *secret;
};

G_DEFINE_FINAL_TYPE (TurnoutOn24Client, turnout_on24_client, G_TYPE_OBJECT)

typedef enum
{
  CALL_EVENT,
  CALL_REGFIELDS,
  CALL_REGISTRANTS,
  CALL_ATTENDEES,
  CALL_REGISTER,
  CALL_FORGET,
} CallKind;

typedef struct
{
  CallKind      kind;
  gint64        event_id;
  SoupMessage  *message;
  GBytes       *form;            /* the POST body, kept for a redirect */
  char         *origin;          /* of the base URL: the only one that gets the tokens */
  guint         hops;            /* redirects followed */
  /* Ours, cancelled by the caller's cancellable or by the deadline. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *deadline;
  gboolean      deadline_passed;
  /* The body, read into one buffer (NUL-terminated) and parsed in place. */
  char         *data;
  gsize         length;
  gsize         allocated;
  guint         retry_after;
} Call;

#define READ_SIZE     (256 * 1024)
#define FIRST_BUFFER  (64 * 1024)
#define MAX_BODY      (512 * 1024 * 1024)
#define MAX_REDIRECTS 3

static guint session_timeout = 30;
/* A whole request, body included: the session timeout only catches
 * silence, and a server sending a byte now and then would hold a call
 * forever. Five minutes is about 2 MB/s for the largest body we accept. */
static guint request_deadline = 300;
/* How long a second of a forget request's throttle wait lasts, in ms. */
static guint retry_unit_ms = 1000;
static SoupSession *default_session;

static void
call_stop_deadline (Call *call)
{
  if (call->deadline != NULL)
    {
      g_source_destroy (call->deadline);
      g_clear_pointer (&call->deadline, g_source_unref);
    }
}

static void
call_free (Call *call)
{
  call_stop_deadline (call);
  if (call->caller_handler != 0)
    g_cancellable_disconnect (call->caller_cancellable, call->caller_handler);
  g_clear_object (&call->caller_cancellable);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->message);
  g_clear_pointer (&call->form, g_bytes_unref);
  g_free (call->origin);
  g_free (call->data);
  g_free (call);
}

void
turnout_on24_set_deadline (guint seconds)
{
  request_deadline = seconds;
}

void
turnout_on24_set_retry_unit (guint milliseconds)
{
  retry_unit_ms = milliseconds;
}

/* The base URL as the client uses it: trimmed, the default when empty,
 * without trailing slashes. */
static char *
normalize_base_url (const char *base_url)
{
  char *url = g_strstrip (g_strdup (base_url && *base_url ? base_url : TURNOUT_ON24_DEFAULT_BASE_URL));
  gsize len = strlen (url);

  if (*url == '\0')
    {
      g_free (url);
      url = g_strdup (TURNOUT_ON24_DEFAULT_BASE_URL);
      len = strlen (url);
    }
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  return url;
}

/* scheme://host:port, lower case, with the scheme's default port filled
 * in, so two spellings of one address compare equal. */
static char *
origin_of_uri (GUri *uri)
{
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  g_autofree char *lower_scheme = NULL;
  g_autofree char *lower_host = NULL;
  int port;

  if (scheme == NULL || host == NULL || *host == '\0')
    return NULL;
  lower_scheme = g_ascii_strdown (scheme, -1);
  lower_host = g_ascii_strdown (host, -1);
  port = g_uri_get_port (uri);
  if (port < 0 && g_str_equal (lower_scheme, "https"))
    port = 443;
  else if (port < 0 && g_str_equal (lower_scheme, "http"))
    port = 80;
  if (port < 0)
    return NULL;
  return g_strdup_printf (strchr (lower_host, ':') ? "%s://[%s]:%d" : "%s://%s:%d",
                          lower_scheme, lower_host, port);
}

char *
turnout_on24_origin_for_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *stripped = normalize_base_url (url);

  uri = g_uri_parse (stripped, SOUP_HTTP_URI_FLAGS, NULL);
  return origin_of_uri (uri);
}

void
turnout_on24_set_timeout (guint seconds)
{
  session_timeout = seconds;
  if (default_session != NULL)
    soup_session_set_timeout (default_session, seconds);
}

/* One session per process: it pools connections and carries the timeout
 * and the User-Agent. TLS checks stay on (libsoup's default). */
static SoupSession *
get_session (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      default_session = soup_session_new_with_options ("timeout", session_timeout,
                                                       "idle-timeout", 60,
                                                       "user-agent", "Turnout/" PACKAGE_VERSION " ",
                                                       NULL);
      g_once_init_leave (&initialized, 1);
    }

  return default_session;
}

static void
turnout_on24_client_finalize (GObject *object)
{
  TurnoutOn24Client *self = TURNOUT_ON24_CLIENT (object);

  g_free (self->base_url);
  g_free (self->client_id);
  /* Do not leave the tokens lying around in freed memory. */
  if (self->key)
    memset (self->key, 0, strlen (self->key));
  if (self->secret)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->key);
  g_free (self->secret);

  G_OBJECT_CLASS (turnout_on24_client_parent_class)->finalize (object);
}

static void
turnout_on24_client_class_init (TurnoutOn24ClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = turnout_on24_client_finalize;
}

static void
turnout_on24_client_init (TurnoutOn24Client *self)
{
}

static char *
strip_dup (const char *text)
{
  return text ? g_strstrip (g_strdup (text)) : g_strdup ("");
}

TurnoutOn24Client *
turnout_on24_client_new (const char *base_url,
                         const char *client_id,
                         const char *access_token_key,
                         const char *access_token_secret)
{
  TurnoutOn24Client *self = g_object_new (TURNOUT_TYPE_ON24_CLIENT, NULL);

  self->base_url = normalize_base_url (base_url);
  self->client_id = strip_dup (client_id);
  self->key = strip_dup (access_token_key);
  self->secret = strip_dup (access_token_secret);
  return self;
}

const char *
turnout_on24_client_get_base_url (TurnoutOn24Client *self)
{
  g_return_val_if_fail (TURNOUT_IS_ON24_CLIENT (self), NULL);
  return self->base_url;
}

const char *
turnout_on24_client_get_client_id (TurnoutOn24Client *self)
{
  g_return_val_if_fail (TURNOUT_IS_ON24_CLIENT (self), NULL);
  return self->client_id;
}

gboolean
turnout_on24_client_check_configured (TurnoutOn24Client  *self,
                                      GError            **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (TURNOUT_IS_ON24_CLIENT (self), FALSE);

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                   _("The ON24 base URL “%s” is not a web address; set it in Preferences"),
                   self->base_url);
      return FALSE;
    }

  /* Checked on every call, not only when the address is typed: a database
   * from elsewhere may name any address, and the tokens must never go
   * over plain http to another computer. */
  if (!turnout_on24_check_base_url (self->base_url, error))
    return FALSE;

  if (*self->client_id == '\0' || strspn (self->client_id, "0123456789") != strlen (self->client_id))
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                   *self->client_id == '\0'
                   ? _("No ON24 client id is set; set it in Preferences")
                   : _("The ON24 client id must be a number; set it in Preferences"));
      return FALSE;
    }

  if (*self->key == '\0' || *self->secret == '\0')
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                   _("The ON24 access token key and secret are not set; enter them in Preferences"));
      return FALSE;
    }

  return TRUE;
}

guint
turnout_on24_parse_retry_after (const char *value,
                                GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  char *end = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return 0;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      if (end != NULL && (*end == '\0' || g_ascii_isspace (*end)))
        return (guint) MIN (seconds, 24 * 3600);
      return 0;
    }

  /* An HTTP date. */
  {
    g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);
    GTimeSpan span;

    if (date == NULL || now == NULL)
      return 0;
    span = g_date_time_difference (date, now);
    if (span <= 0)
      return 0;
    return (guint) MIN ((span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 24 * 3600);
  }
}

static const char *
call_what (CallKind kind)
{
  switch (kind)
    {
    case CALL_EVENT:
      return _("event");
    case CALL_REGFIELDS:
      return _("registration fields");
    case CALL_REGISTRANTS:
      return _("registrants");
    case CALL_ATTENDEES:
      return _("attendees");
    case CALL_FORGET:
      return _("forget request");
    case CALL_REGISTER:
    default:
      return _("registration");
    }
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gsize length = call->length;
  const char *data = call->data;
  gpointer answer = NULL;
  GDestroyNotify answer_free = NULL;

  /* The readers work on the buffer the body was read into, without a
   * copy; it is freed as soon as they are done, before the answer goes
   * back (a 500 MB body would otherwise sit next to what was read from it). */
  switch (call->kind)
    {
    case CALL_EVENT:
      {
        TurnoutFeedEvent *event = turnout_on24_parse_event (data, length, &error);

        if (event != NULL && event->eventid != call->event_id)
          {
            g_set_error (&error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                         _("ON24 answered with event %" PRId64 " when asked for event %" PRId64),
                         event->eventid, call->event_id);
            g_clear_pointer (&event, turnout_feed_event_free);
          }
        answer = event;
        answer_free = (GDestroyNotify) turnout_feed_event_free;
      }
      break;

    case CALL_REGFIELDS:
      {
        GPtrArray *fields = turnout_on24_parse_regfields (data, length, &error);

        answer = fields;
        answer_free = (GDestroyNotify) g_ptr_array_unref;
      }
      break;

    case CALL_REGISTRANTS:
      {
        GPtrArray *registrants = turnout_on24_parse_registrants (data, length, &error);

        answer = registrants;
        answer_free = (GDestroyNotify) g_ptr_array_unref;
      }
      break;

    case CALL_ATTENDEES:
      {
        TurnoutFeed *feed = turnout_feed_new ();

        if (turnout_on24_parse_attendees (data, length, feed, &error))
          {
            if (feed->eventid == 0)
              feed->eventid = call->event_id;
            answer = feed;
            answer_free = (GDestroyNotify) turnout_feed_free;
          }
        else
          turnout_feed_free (feed);
      }
      break;

    case CALL_REGISTER:
      {
        TurnoutFeedRegistrant *registrant = turnout_on24_parse_registrant (data, length, &error);

        answer = registrant;
        answer_free = (GDestroyNotify) turnout_feed_registrant_free;
      }
      break;

    case CALL_FORGET:
      answer = turnout_on24_parse_forgotten (data, length, &error);
      answer_free = (GDestroyNotify) g_array_unref;
      break;

    default:
      g_assert_not_reached ();
    }

  g_clear_pointer (&call->data, g_free);
  call->length = call->allocated = 0;

  if (answer != NULL)
    g_task_return_pointer (task, answer, answer_free);
  else
    g_task_return_error (task, error);
}

static GError *
error_for_transport (TurnoutOn24Client *self,
                     Call              *call,
                     GError            *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && call->deadline_passed)
    return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_TIMED_OUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "ON24 did not send its whole answer within %u second; Turnout will try again",
                                     "ON24 did not send its whole answer within %u seconds; Turnout will try again",
                                     request_deadline),
                        request_deadline);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_TIMED_OUT,
                        _("ON24 did not answer in time; Turnout will try again"));

  if (error->domain == G_TLS_ERROR)
    return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_FAILED,
                        _("The secure connection to %s failed (%s)"),
                        self->base_url, error->message);

  return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_OFFLINE,
                      _("Cannot reach ON24 at %s (%s); Turnout will try again"),
                      self->base_url, error->message);
}

static GError *
error_for_status (TurnoutOn24Client *self,
                  Call              *call,
                  guint              status,
                  const char        *message)
{
  switch (status)
    {
    case 401:
      return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_CREDENTIALS,
                          _("ON24 did not accept the access token key and secret (HTTP 401); "
                            "check them in Preferences"));
    case 404:
      if (call->event_id > 0)
        return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND,
                            _("ON24 does not know event %" PRId64 " of client %s (HTTP 404); "
                              "check the event id in Event Settings and the client id in Preferences"),
                            call->event_id, self->client_id);
      return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND,
                          _("ON24 does not know client %s (HTTP 404); check the client id in Preferences"),
                          self->client_id);
    case 429:
      return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_THROTTLED,
                          _("ON24 asked Turnout to slow down (HTTP 429); it will try again later"));
    case 403:
      if (message != NULL && strstr (message, "maximum number of calls") != NULL)
        return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_THROTTLED,
                            _("ON24’s call limit is reached (HTTP 403); Turnout will try again later"));
      break;
    default:
      break;
    }

  if (status >= 500)
    return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_SERVER,
                        _("ON24 had a problem answering (HTTP %u); Turnout will try again"), status);

  if (message != NULL)
    return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_REFUSED,
                        _("ON24 refused: %s (HTTP %u)"), message, status);

  return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_REFUSED,
                      _("ON24 refused the %s (HTTP %u)"), call_what (call->kind), status);
}

/* ON24's 404 for an address it has no registrant by, as against the 404
 * of an unknown client or event. */
static gboolean
is_no_registrant (const char *message)
{
  g_autofree char *lower = message ? g_ascii_strdown (message, -1) : NULL;

  return lower != NULL && strstr (lower, "no registrant") != NULL;
}

static void read_next (GTask *task, GInputStream *stream);
static void send_message (GTask *task);

static void
return_error (GTask  *task,
              GError *error)
{
  Call *call = g_task_get_task_data (task);

  call_stop_deadline (call);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
body_complete (GTask *task)
{
  TurnoutOn24Client *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->message);

  /* The whole answer is in: the deadline is for the network, not for
   * parsing on our side. */
  call_stop_deadline (call);

  if (status < 200 || status >= 300)
    {
      g_autofree char *message = NULL;
      const char *retry_after;

      /* Error answers are small: read ON24's message here. */
      message = turnout_on24_parse_message (call->data, call->length);

      retry_after = soup_message_headers_get_one (soup_message_get_response_headers (call->message),
                                                  "Retry-After");
      if (retry_after != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          call->retry_after = turnout_on24_parse_retry_after (retry_after, now);
        }

      /* Nobody by that address is what a forget request wants. */
      if (call->kind == CALL_FORGET && status == 404 && is_no_registrant (message))
        g_task_return_pointer (task, g_array_new (FALSE, FALSE, sizeof (gint64)),
                               (GDestroyNotify) g_array_unref);
      /* A 404 whose words cannot be read may be that same answer, cut
       * short: it is no sign that the event is unknown. */
      else if (call->kind == CALL_FORGET && status == 404 && message == NULL)
        g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                                 _("ON24 answered the forget request with “not found” (HTTP 404), but its "
                                   "answer could not be read; try again"));
      else
        g_task_return_error (task, error_for_status (self, call, status, message));
      g_object_unref (task);
      return;
    }

  g_task_run_in_thread (task, parse_in_thread);
  g_object_unref (task);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  TurnoutOn24Client *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      return_error (task, error_for_transport (self, call, error));
      return;
    }

  if (n == 0)
    {
      call->data[call->length] = '\0';
      g_input_stream_close_async (G_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      body_complete (task);
      return;
    }

  call->length += n;
  if (call->length > MAX_BODY)
    {
      return_error (task, g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                                       _("ON24’s answer for the %s is too large"), call_what (call->kind)));
      return;
    }
  read_next (task, G_INPUT_STREAM (object));
}

/* Reads straight into one buffer: no list of chunks, no joined copy. The
 * buffer grows by doubling; glibc maps blocks this large on their own, so
 * growing one moves pages (mremap) instead of copying them. */
static void
read_next (GTask        *task,
           GInputStream *stream)
{
  Call *call = g_task_get_task_data (task);
  gsize room;

  /* Always one byte spare for the terminating NUL, and one more so an
   * answer above MAX_BODY is seen as such. */
  if (call->allocated - call->length < 2)
    {
      gsize want = MAX (call->allocated * 2, FIRST_BUFFER);

      want = MIN (want, (gsize) MAX_BODY + 2);
      call->data = g_realloc (call->data, want);
      call->allocated = want;
    }

  room = MIN (call->allocated - call->length - 1, READ_SIZE);
  g_input_stream_read_async (stream, call->data + call->length, room, G_PRIORITY_DEFAULT,
                             call->cancellable, on_read, task);
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* A redirect: followed only to the address the tokens belong to, and only
 * a few times; anywhere else the call fails and the tokens stay here.
 * Returns whether it took care of @task. */
static gboolean
handle_redirect (GTask        *task,
                 GInputStream *stream)
{
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->message);
  const char *location;
  g_autoptr(GUri) target = NULL;
  g_autofree char *origin = NULL;
  const char *method;
  SoupMessage *next;

  location = soup_message_headers_get_one (soup_message_get_response_headers (call->message), "Location");
  if (location == NULL)
    return FALSE;

  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  target = g_uri_parse_relative (soup_message_get_uri (call->message), location, SOUP_HTTP_URI_FLAGS, NULL);
  origin = origin_of_uri (target);
  if (origin == NULL || g_strcmp0 (origin, call->origin) != 0)
    {
      g_debug ("Not following a redirect (HTTP %u) to another address", status);
      return_error (task, g_error_new_literal (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                                               _("ON24 redirected to another address; not followed")));
      return TRUE;
    }

  if (++call->hops > MAX_REDIRECTS)
    {
      return_error (task, g_error_new_literal (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_SERVER,
                                               _("ON24 redirected too many times; Turnout will try again")));
      return TRUE;
    }

  /* As browsers and libsoup do: 303, and 301/302 after a POST, turn the
   * request into a GET; 307 and 308 repeat it as it was. */
  method = soup_message_get_method (call->message);
  if (status == 303 || ((status == 301 || status == 302) && g_str_equal (method, SOUP_METHOD_POST)))
    {
      method = SOUP_METHOD_GET;
      g_clear_pointer (&call->form, g_bytes_unref);
    }
  next = soup_message_new_from_uri (method, target);
  g_object_unref (call->message);
  call->message = next;
  send_message (task);
  return TRUE;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  TurnoutOn24Client *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  SoupMessageHeaders *headers;

  if (stream == NULL)
    {
      return_error (task, error_for_transport (self, call, error));
      return;
    }

  if (is_redirect (soup_message_get_status (call->message)) && handle_redirect (task, stream))
    return;

  /* The announced length sizes the buffer at once, up to the limit; a
   * longer one is refused before reading it. */
  headers = soup_message_get_response_headers (call->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      goffset announced = soup_message_headers_get_content_length (headers);

      if (announced > MAX_BODY)
        {
          g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
          return_error (task, g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER,
                                           _("ON24’s answer for the %s is too large"), call_what (call->kind)));
          return;
        }
      call->allocated = (gsize) announced + 2;
      call->data = g_malloc (call->allocated);
    }

  read_next (task, stream);
}

static void
send_message (GTask *task)
{
  TurnoutOn24Client *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_request_headers (call->message);
  g_autofree char *origin = origin_of_uri (soup_message_get_uri (call->message));

  /* The tokens go to the base URL's scheme, host and port, and nowhere
   * else: libsoup must not follow a redirect with them attached. */
  if (origin == NULL || g_strcmp0 (origin, call->origin) != 0)
    {
      return_error (task, g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                                       _("The ON24 base URL “%s” is not a web address; set it in Preferences"),
                                       self->base_url));
      return;
    }
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);

  soup_message_headers_replace (headers, "accessTokenKey", self->key);
  soup_message_headers_replace (headers, "accessTokenSecret", self->secret);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (call->form != NULL)
    {
      soup_message_set_request_body_from_bytes (call->message, "application/x-www-form-urlencoded", call->form);
      /* libsoup opens a new connection for every POST unless told it is
       * safe to send again: a registration is (ON24 answers a second one
       * for the same address with the same registrant), and so is a forget
       * request (a second one finds nobody). Reusing the connection spares
       * a TCP and TLS handshake per push. */
      soup_message_add_flags (call->message, SOUP_MESSAGE_IDEMPOTENT);
    }

  soup_session_send_async (get_session (), call->message, G_PRIORITY_DEFAULT,
                           call->cancellable, on_sent, task);
}

static gboolean
on_deadline (gpointer user_data)
{
  Call *call = user_data;

  call->deadline_passed = TRUE;
  g_cancellable_cancel (call->cancellable);
  g_clear_pointer (&call->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
append_form_field (GString    *form,
                   const char *name,
                   const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", name, escaped);
}

/* @path: under /client/{clientId}. @event_id: the event the call is
 * about, for the errors; every call is about one. */
static void
start_call (TurnoutOn24Client   *self,
            CallKind             kind,
            gint64               event_id,
            const char          *path,
            GBytes              *form,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Call *call;

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "turnout-on24-call");

  call = g_new0 (Call, 1);
  call->kind = kind;
  call->event_id = event_id;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (!turnout_on24_client_check_configured (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (event_id <= 0)
    {
      g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                               _("The program is not linked to an ON24 event; set the event id in Event Settings"));
      return;
    }

  uri = g_strdup_printf ("%s/client/%s%s", self->base_url, self->client_id, path);
  call->message = soup_message_new (form ? SOUP_METHOD_POST : SOUP_METHOD_GET, uri);
  call->origin = turnout_on24_origin_for_url (self->base_url);
  if (call->message == NULL || call->origin == NULL)
    {
      g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                               _("The ON24 base URL “%s” is not a web address; set it in Preferences"),
                               self->base_url);
      return;
    }
  call->form = form ? g_bytes_ref (form) : NULL;

  call->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      call->caller_cancellable = g_object_ref (cancellable);
      call->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    g_object_ref (call->cancellable), g_object_unref);
    }
  if (request_deadline > 0)
    {
      call->deadline = g_timeout_source_new_seconds (request_deadline);
      g_source_set_callback (call->deadline, on_deadline, call, NULL);
      g_source_set_name (call->deadline, "turnout-on24-deadline");
      g_source_attach (call->deadline, g_main_context_get_thread_default ());
    }

  send_message (g_steal_pointer (&task));
}

/* A call under /client/{clientId}/event/{eventId}. */
static void
start_event_call (TurnoutOn24Client   *self,
                  CallKind             kind,
                  gint64               event_id,
                  const char          *suffix,
                  GBytes              *form,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  g_autofree char *path = g_strdup_printf ("/event/%" PRId64 "%s", event_id, suffix);

  start_call (self, kind, event_id, path, form, cancellable, callback, user_data, source_tag);
}

static gpointer
finish_call (TurnoutOn24Client  *self,
             GAsyncResult       *result,
             gpointer            source_tag,
             GError            **error)
{
  g_return_val_if_fail (TURNOUT_IS_ON24_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
turnout_on24_client_get_event_async (TurnoutOn24Client   *self,
                                     gint64               event_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_ON24_CLIENT (self));
  start_event_call (self, CALL_EVENT, event_id, "", NULL, cancellable, callback, user_data,
                    turnout_on24_client_get_event_async);
}

TurnoutFeedEvent *
turnout_on24_client_get_event_finish (TurnoutOn24Client  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  return finish_call (self, result, turnout_on24_client_get_event_async, error);
}

void
turnout_on24_client_get_regfields_async (TurnoutOn24Client   *self,
                                         gint64               event_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_ON24_CLIENT (self));
  start_event_call (self, CALL_REGFIELDS, event_id, "/regfield", NULL, cancellable, callback, user_data,
                    turnout_on24_client_get_regfields_async);
}

GPtrArray *
turnout_on24_client_get_regfields_finish (TurnoutOn24Client  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return finish_call (self, result, turnout_on24_client_get_regfields_async, error);
}

void
turnout_on24_client_get_registrants_async (TurnoutOn24Client   *self,
                                           gint64               event_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_ON24_CLIENT (self));
  start_event_call (self, CALL_REGISTRANTS, event_id, "/registrant", NULL, cancellable, callback, user_data,
                    turnout_on24_client_get_registrants_async);
}

GPtrArray *
turnout_on24_client_get_registrants_finish (TurnoutOn24Client  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  return finish_call (self, result, turnout_on24_client_get_registrants_async, error);
}

void
turnout_on24_client_get_attendees_async (TurnoutOn24Client   *self,
                                         gint64               event_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_ON24_CLIENT (self));
  /* Without excludeanonymous=Y the list holds system-generated addresses
   * of viewers who never registered, each of whom would become a person. */
  start_event_call (self, CALL_ATTENDEES, event_id, "/attendee?excludeanonymous=Y", NULL, cancellable, callback,
                    user_data, turnout_on24_client_get_attendees_async);
}

TurnoutFeed *
turnout_on24_client_get_attendees_finish (TurnoutOn24Client  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return finish_call (self, result, turnout_on24_client_get_attendees_async, error);
}

void
turnout_on24_client_register_async (TurnoutOn24Client               *self,
                                    gint64                           event_id,
                                    const TurnoutOn24RegistrantSpec *spec,
                                    GCancellable                    *cancellable,
                                    GAsyncReadyCallback              callback,
                                    gpointer                         user_data)
{
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (TURNOUT_IS_ON24_CLIENT (self));
  g_return_if_fail (spec != NULL && spec->email != NULL);

  /* Lower case, as ON24's examples, answers and public clients use. Empty
   * fields are left out so ON24's own "required" check names them. */
  append_form_field (form, "email", spec->email);
  if (spec->firstname && *spec->firstname)
    append_form_field (form, "firstname", spec->firstname);
  if (spec->lastname && *spec->lastname)
    append_form_field (form, "lastname", spec->lastname);
  if (spec->company && *spec->company)
    append_form_field (form, "company", spec->company);
  if (spec->jobtitle && *spec->jobtitle)
    append_form_field (form, "jobtitle", spec->jobtitle);
  append_form_field (form, "eventemail", spec->eventemail ? "Y" : "N");

  body = g_bytes_new (form->str, form->len);
  start_event_call (self, CALL_REGISTER, event_id, "/registrant", body, cancellable, callback, user_data,
                    turnout_on24_client_register_async);
}

TurnoutFeedRegistrant *
turnout_on24_client_register_finish (TurnoutOn24Client  *self,
                                     GAsyncResult       *result,
                                     guint              *retry_after,
                                     GError            **error)
{
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  call = g_task_get_task_data (G_TASK (result));
  if (retry_after != NULL)
    *retry_after = call ? call->retry_after : 0;

  return finish_call (self, result, turnout_on24_client_register_async, error);
}

/* Forget requests that ON24 throttles are tried again here rather than
 * by a queue, since someone is waiting for the answer: a few times, after
 * ON24's Retry-After when it is short enough, else after a growing wait
 * with jitter. Past that the caller hears THROTTLED. */
#define FORGET_MAX_RETRIES 4
#define FORGET_MAX_WAIT    60   /* seconds */
#define FORGET_BACKOFF_MS  2000

typedef struct
{
  char   *email;
  GArray *event_ids;     /* of gint64 */
  guint   next;          /* the event being asked */
  guint   n_forgotten;
  guint   retries;       /* of the event being asked */
} Forget;

static void
forget_free (Forget *forget)
{
  g_free (forget->email);
  g_array_unref (forget->event_ids);
  g_free (forget);
}

/* ON24 may quote the address in a refusal; an error handed on never
 * carries it, since it is shown and may be logged. Takes @error. */
static GError *
error_without_address (GError     *error,
                       const char *email)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *pattern = NULL;
  g_autofree char *quoted = g_regex_escape_string (email, -1);
  g_autofree char *quoted_escaped = g_regex_escape_string (escaped, -1);
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *message = NULL;
  GError *clean;

  pattern = g_strdup_printf ("%s|%s", quoted, quoted_escaped);
  regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  message = regex ? g_regex_replace_literal (regex, error->message, -1, 0, "…", 0, NULL) : NULL;
  if (message == NULL || g_str_equal (message, error->message))
    return error;

  clean = g_error_new_literal (error->domain, error->code, message);
  g_error_free (error);
  return clean;
}

static void forget_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* Asks about the next event of the list, or finishes. Takes @task. */
static void
forget_send (GTask *task)
{
  TurnoutOn24Client *self = g_task_get_source_object (task);
  Forget *forget = g_task_get_task_data (task);
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  char event_id[32];
  gint64 id;

  if (forget->next == forget->event_ids->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  id = g_array_index (forget->event_ids, gint64, forget->next);
  g_snprintf (event_id, sizeof event_id, "%" PRId64, id);
  append_form_field (form, "email", forget->email);
  append_form_field (form, "eventid", event_id);
  body = g_bytes_new (form->str, form->len);
  start_call (self, CALL_FORGET, id, "/forget", body, g_task_get_cancellable (task), forget_cb, task,
              forget_send);
}

static gboolean
forget_retry_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    forget_send (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/* Whether the throttled request is tried again; then the wait holds
 * @task, and ends early when the caller cancels. */
static gboolean
forget_wait (GTask *task,
             guint  retry_after)
{
  Forget *forget = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) source = NULL;
  guint delay_ms;

  if (forget->retries >= FORGET_MAX_RETRIES || retry_after > FORGET_MAX_WAIT)
    return FALSE;

  if (retry_after > 0)
    delay_ms = retry_after * retry_unit_ms;
  else
    delay_ms = (guint) ((FORGET_BACKOFF_MS << forget->retries) * g_random_double_range (0.5, 1.0)
                        * retry_unit_ms / 1000);
  forget->retries++;

  source = g_timeout_source_new (delay_ms);
  g_source_set_name (source, "turnout-on24-forget-retry");
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }
  g_source_set_callback (source, forget_retry_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  return TRUE;
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TurnoutOn24Client *self = TURNOUT_ON24_CLIENT (object);
  Forget *forget = g_task_get_task_data (task);
  Call *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GArray) erased = NULL;
  GError *error = NULL;

  erased = finish_call (self, result, forget_send, &error);
  if (erased != NULL)
    {
      forget->n_forgotten += erased->len;
      forget->next++;
      forget->retries = 0;
      forget_send (g_steal_pointer (&task));
      return;
    }

  if (g_error_matches (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_THROTTLED) &&
      forget_wait (task, call->retry_after))
    {
      g_error_free (error);
      return;
    }

  g_task_return_error (task, error_without_address (error, forget->email));
}

void
turnout_on24_client_forget_async (TurnoutOn24Client   *self,
                                  const char          *email,
                                  const gint64        *event_ids,
                                  guint                n_event_ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Forget *forget;

  g_return_if_fail (TURNOUT_IS_ON24_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (event_ids != NULL || n_event_ids == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_on24_client_forget_async);
  g_task_set_name (task, "turnout-on24-forget");

  forget = g_new0 (Forget, 1);
  forget->email = g_strstrip (g_strdup (email));
  forget->event_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_event_ids);
  g_array_append_vals (forget->event_ids, event_ids, n_event_ids);
  g_task_set_task_data (task, forget, (GDestroyNotify) forget_free);

  /* ON24 reads a comma as a list of addresses: sent as it is, such an
   * address would have ON24 forget other people. */
  if (n_event_ids > 0 && (*forget->email == '\0' || strchr (forget->email, ',') != NULL))
    {
      g_task_return_new_error (task, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_FAILED,
                               *forget->email == '\0'
                               ? _("There is no e-mail address to ask ON24 to forget")
                               : _("The e-mail address holds a comma, which ON24 reads as a list of addresses; "
                                   "nothing was sent, ask ON24 to forget this person by hand"));
      return;
    }

  forget_send (g_steal_pointer (&task));
}

/* Nothing asks ON24 to forget again but the person. Takes @error. */
static GError *
forget_error (GError *error)
{
  return turnout_on24_error_reword_transient (error,
                                              _("Cannot reach ON24; check the connection and try again"),
                                              _("ON24 did not answer in time; try again later"),
                                              _("ON24 asked Turnout to slow down; try again in a few minutes"),
                                              _("ON24 had a problem answering; try again later"));
}

gboolean
turnout_on24_client_forget_finish (TurnoutOn24Client  *self,
                                   GAsyncResult       *result,
                                   guint              *n_forgotten,
                                   GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  Forget *forget;

  g_return_val_if_fail (TURNOUT_IS_ON24_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == turnout_on24_client_forget_async, FALSE);

  forget = g_task_get_task_data (G_TASK (result));
  if (n_forgotten != NULL)
    *n_forgotten = forget->n_forgotten;
  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      g_propagate_error (error, forget_error (g_steal_pointer (&local_error)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_loopback (const char *host)
{
  return host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "localhost") ||
                          g_str_equal (host, "::1") || g_str_equal (host, "[::1]"));
}

gboolean
turnout_on24_check_base_url (const char  *url,
                             GError     **error)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
      g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return TRUE;
  if (uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 && is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
               _("“%s” is not an https:// address (plain http is only allowed on this computer, for a simulator)"),
               url ? url : "");
  return FALSE;
}

gboolean
turnout_on24_check_client_id (const char  *client_id,
                              GError     **error)
{
  if (client_id != NULL && *client_id != '\0' && strspn (client_id, "0123456789") == strlen (client_id) &&
      strlen (client_id) < 19)
    return TRUE;

  g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
               _("The ON24 client id must be a number, such as 22921"));
  return FALSE;
}
