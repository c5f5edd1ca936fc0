/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-error.c: the ON24 error domain. */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include "turnout-on24-error.h"

G_DEFINE_QUARK (turnout-on24-error-quark, turnout_on24_error)

gboolean
turnout_on24_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != TURNOUT_ON24_ERROR)
    return FALSE;

  switch (error->code)
    {
    case TURNOUT_ON24_ERROR_OFFLINE:
    case TURNOUT_ON24_ERROR_TIMED_OUT:
    case TURNOUT_ON24_ERROR_THROTTLED:
    case TURNOUT_ON24_ERROR_SERVER:
      return TRUE;
    default:
      return FALSE;
    }
}
