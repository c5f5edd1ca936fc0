/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-client.h: ON24's REST API, asynchronously.
 *
 * One TurnoutOn24Client per account (base URL, client id, the two tokens);
 * all clients share one SoupSession for the process. Every call is an
 * async/finish pair, cancellable, and parses the answer on a worker thread.
 * Errors are in TURNOUT_ON24_ERROR; the tokens never appear in them.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-feed.h"
#include "turnout-on24-error.h"

G_BEGIN_DECLS

#define TURNOUT_ON24_DEFAULT_BASE_URL "https://api.on24.com/v2"

#define TURNOUT_TYPE_ON24_CLIENT (turnout_on24_client_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutOn24Client, turnout_on24_client, TURNOUT, ON24_CLIENT, GObject)

/* What a registration push sends: ON24's lower-case form fields. */
typedef struct
{
  const char *email;
  const char *firstname;
  const char *lastname;
  const char *company;
  const char *jobtitle;
  gboolean    eventemail;
} TurnoutOn24RegistrantSpec;

/* The process-wide session's timeout, in seconds (tests shorten it): how
 * long a connection may stay silent. */
void               turnout_on24_set_timeout            (guint                 seconds);
/* How long one request may take as a whole, body included, in seconds
 * (default 300; 0: no limit). Past it the call fails with TIMED_OUT. */
void               turnout_on24_set_deadline           (guint                 seconds);
/* How long a second of the waits between a throttled forget request's
 * tries lasts, in milliseconds (default 1000): tests shorten it, so a
 * throttle is waited out in moments. */
void               turnout_on24_set_retry_unit         (guint                 milliseconds);
/* "scheme://host:port" of an account's base URL (NULL or "": the default
 * one), lower case with the default port filled in; NULL if it is not a
 * web address. The tokens go only there, and are kept in the keyring
 * under it. */
char              *turnout_on24_origin_for_url         (const char           *url);

TurnoutOn24Client *turnout_on24_client_new             (const char           *base_url,
                                                        const char           *client_id,
                                                        const char           *access_token_key,
                                                        const char           *access_token_secret);
const char        *turnout_on24_client_get_base_url    (TurnoutOn24Client    *self);
const char        *turnout_on24_client_get_client_id   (TurnoutOn24Client    *self);
/* Whether the account is complete enough to make a call. */
gboolean           turnout_on24_client_check_configured (TurnoutOn24Client   *self,
                                                        GError              **error);

void               turnout_on24_client_get_event_async (TurnoutOn24Client    *self,
                                                        gint64                event_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
TurnoutFeedEvent  *turnout_on24_client_get_event_finish (TurnoutOn24Client   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Of TurnoutFeedRegfield */
void               turnout_on24_client_get_regfields_async (TurnoutOn24Client *self,
                                                            gint64             event_id,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
GPtrArray         *turnout_on24_client_get_regfields_finish (TurnoutOn24Client *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

/* Of TurnoutFeedRegistrant */
void               turnout_on24_client_get_registrants_async (TurnoutOn24Client *self,
                                                              gint64             event_id,
                                                              GCancellable      *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer           user_data);
GPtrArray         *turnout_on24_client_get_registrants_finish (TurnoutOn24Client *self,
                                                              GAsyncResult      *result,
                                                              GError           **error);

/* A TurnoutFeed with the attendees filled in. */
void               turnout_on24_client_get_attendees_async (TurnoutOn24Client *self,
                                                            gint64             event_id,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
TurnoutFeed       *turnout_on24_client_get_attendees_finish (TurnoutOn24Client *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

void               turnout_on24_client_register_async  (TurnoutOn24Client               *self,
                                                        gint64                           event_id,
                                                        const TurnoutOn24RegistrantSpec *spec,
                                                        GCancellable                    *cancellable,
                                                        GAsyncReadyCallback              callback,
                                                        gpointer                         user_data);
/* @retry_after: (out) (optional): seconds ON24 asked to wait, 0 if none */
TurnoutFeedRegistrant *
                   turnout_on24_client_register_finish (TurnoutOn24Client    *self,
                                                        GAsyncResult         *result,
                                                        guint                *retry_after,
                                                        GError              **error);

/* Asks ON24 to forget @email at each of @event_ids in turn (POST
 * /client/{clientId}/forget, form-encoded `email` and `eventid`); ON24's
 * 404 "no registrant was found" counts as done. Fails with the first other
 * error, after the events before it were asked. Throttling is retried like
 * the other requests. The address never appears in logs or error messages. */
void      turnout_on24_client_forget_async  (TurnoutOn24Client   *self,
                                             const char          *email,
                                             const gint64        *event_ids,
                                             guint                n_event_ids,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* @n_forgotten: (out) (optional): registrations ON24 reported erased */
gboolean  turnout_on24_client_forget_finish (TurnoutOn24Client   *self,
                                             GAsyncResult        *result,
                                             guint               *n_forgotten,
                                             GError             **error);

/* Account settings as a user types them: https for the real service, plain
 * http only on loopback (a simulator); a numeric client id. */
gboolean           turnout_on24_check_base_url         (const char           *url,
                                                        GError              **error);
gboolean           turnout_on24_check_client_id        (const char           *client_id,
                                                        GError              **error);

/* Reads a Retry-After value (seconds or an HTTP date); 0 when absent. */
guint              turnout_on24_parse_retry_after      (const char           *value,
                                                        GDateTime            *now);

G_END_DECLS
