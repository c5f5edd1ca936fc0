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

G_END_DECLS
