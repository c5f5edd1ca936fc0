/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-dates.c: the store's times, read and shown.
 *
 * The store writes "YYYY-MM-DDTHH:MM:SSZ"; that is parsed by hand (a
 * million GDateTimes would cost most of a second) and anything else the
 * slow way.
 */
#define G_LOG_DOMAIN "turnout-dates"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-dates.h"

static gint64
days_from_civil (int y, unsigned m, unsigned d)
{
  int era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + (gint64) doe - 719468;
}

gint64
turnout_dates_parse_iso8601 (const char *text)
{
  const guchar *t = (const guchar *) text;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return 0;

  /* Checked from left to right, so that a shorter text stops at its end. */
#define DIGIT(i) ((guint) (t[i] - '0'))
#define TWO(i)   (DIGIT (i) * 10 + DIGIT (i + 1))
  if (DIGIT (0) < 10 && DIGIT (1) < 10 && DIGIT (2) < 10 && DIGIT (3) < 10 && t[4] == '-'
      && DIGIT (5) < 10 && DIGIT (6) < 10 && t[7] == '-' && DIGIT (8) < 10 && DIGIT (9) < 10
      && t[10] == 'T' && DIGIT (11) < 10 && DIGIT (12) < 10 && t[13] == ':'
      && DIGIT (14) < 10 && DIGIT (15) < 10 && t[16] == ':' && DIGIT (17) < 10 && DIGIT (18) < 10
      && t[19] == 'Z' && t[20] == '\0')
    return days_from_civil ((int) (TWO (0) * 100 + TWO (2)), TWO (5), TWO (8)) * 86400
           + TWO (11) * 3600 + TWO (14) * 60 + TWO (17);
#undef TWO
#undef DIGIT

  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
}

/* The local time zone, looked up again at most once a minute. GLib looks
 * at /etc/localtime (a stat and a readlink) for each local time made,
 * and the members table formats three dates for each row it shows, again
 * whenever a search changes the rows.
 */
static GTimeZone *
local_time_zone (void)
{
  static GTimeZone *zone;
  static gint64 looked_up;
  gint64 now = g_get_monotonic_time ();

  /* Only the UI, in the main thread, formats times for people. */
  if (zone == NULL || now - looked_up > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up = now;
    }
  return zone;
}

char *
turnout_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (unix_time);
  dt = utc ? g_date_time_to_timezone (utc, local_time_zone ()) : NULL;
  if (dt == NULL)
    return g_strdup ("");
  /* Translators: a date and time in the members table; see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b %Y %H:%M"));
}
