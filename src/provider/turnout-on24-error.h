/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-error.h: the error domain of everything that talks to ON24.
 *
 * The codes are what a caller acts on: retry later (OFFLINE, TIMED_OUT,
 * THROTTLED, SERVER), ask the user to fix something (CREDENTIALS,
 * NOT_FOUND, NOT_CONFIGURED), or report ON24's refusal (REFUSED).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TURNOUT_ON24_ERROR (turnout_on24_error_quark ())

typedef enum
{
  TURNOUT_ON24_ERROR_FAILED,
  TURNOUT_ON24_ERROR_OFFLINE,         /* no network, host unreachable, connection lost */
  TURNOUT_ON24_ERROR_TIMED_OUT,       /* no answer in time */
  TURNOUT_ON24_ERROR_THROTTLED,       /* 429, or 403 "maximum number of calls" */
  TURNOUT_ON24_ERROR_SERVER,          /* 5xx: ON24 had a problem */
  TURNOUT_ON24_ERROR_CREDENTIALS,     /* 401: the tokens were not accepted */
  TURNOUT_ON24_ERROR_NOT_FOUND,       /* 404: no such client or event */
  TURNOUT_ON24_ERROR_REFUSED,         /* 400, 403, 412: ON24 said no, with its message */
  TURNOUT_ON24_ERROR_BAD_ANSWER,      /* the answer was not the JSON we expect */
  TURNOUT_ON24_ERROR_NOT_CONFIGURED,  /* no account, client id or tokens set up */
} TurnoutOn24Error;

GQuark   turnout_on24_error_quark        (void);

/* Whether trying the same call again later may succeed. */
gboolean turnout_on24_error_is_transient (const GError *error);

/* The client words a transient failure for the sender, which tries again
 * by itself ("Turnout will try again"); a call that nothing repeats (a
 * refresh, a forget) says instead what the person can do. Takes @error:
 * a transient one comes back with the text for its code (OFFLINE,
 * TIMED_OUT, THROTTLED, SERVER), any other as it was. */
GError  *turnout_on24_error_reword_transient (GError     *error,
                                              const char *offline,
                                              const char *timed_out,
                                              const char *throttled,
                                              const char *server);

G_END_DECLS
