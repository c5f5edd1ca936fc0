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

GError *
turnout_on24_error_reword_transient (GError     *error,
                                     const char *offline,
                                     const char *timed_out,
                                     const char *throttled,
                                     const char *server)
{
  const char *text;
  GError *worded;

  if (error->domain != TURNOUT_ON24_ERROR)
    return error;

  switch (error->code)
    {
    case TURNOUT_ON24_ERROR_OFFLINE:
      text = offline;
      break;
    case TURNOUT_ON24_ERROR_TIMED_OUT:
      text = timed_out;
      break;
    case TURNOUT_ON24_ERROR_THROTTLED:
      text = throttled;
      break;
    case TURNOUT_ON24_ERROR_SERVER:
      text = server;
      break;
    default:
      return error;
    }

  g_debug ("Reworded: %s", error->message);
  worded = g_error_new_literal (TURNOUT_ON24_ERROR, error->code, text);
  g_error_free (error);
  return worded;
}
