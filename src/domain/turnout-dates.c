/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-dates.c: the store's times, read and shown.
 *
 * The store writes "YYYY-MM-DDTHH:MM:SSZ"; that is parsed by hand (a
 * million GDateTimes would cost most of a second) and anything else the
 * slow way.
 */
#define G_LOG_DOMAIN "turnout-dates"

#include "config.h"

#include <string.h>

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

GTimeZone *
turnout_dates_time_zone (const char *identifier)
{
  if (identifier == NULL || *identifier == '\0')
    return NULL;
  /* GLib also reads POSIX rules ("CET-1", "GMT+8"), which name no
   * place and turn the sign around; a place's id starts with a letter,
   * and one without a region has no offset in it. */
  if (!g_ascii_isalpha (*identifier) ||
      (strchr (identifier, '/') == NULL && strpbrk (identifier, "0123456789+-,") != NULL))
    return NULL;
  return g_time_zone_new_identifier (identifier);
}

char *
turnout_format_time_in (gint64     unix_time,
                        GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (unix_time);
  dt = utc ? g_date_time_to_timezone (utc, zone ? zone : local_time_zone ()) : NULL;
  if (dt == NULL)
    return g_strdup ("");
  /* Translators: a date and time in the members table, the sidebar and
   * Event Settings; see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b %Y %H:%M"));
}

char *
turnout_format_time (gint64 unix_time)
{
  return turnout_format_time_in (unix_time, NULL);
}

char *
turnout_format_schedule (const char *live_start,
                         const char *live_end,
                         const char *time_zone)
{
  g_autoptr(GTimeZone) zone = turnout_dates_time_zone (time_zone);
  gint64 start = turnout_dates_parse_iso8601 (live_start);
  gint64 end = turnout_dates_parse_iso8601 (live_end);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *when = NULL;

  if (start == 0)
    return g_strdup (_("No date set"));

  from = turnout_format_time_in (start, zone);
  if (end != 0)
    {
      g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (start);
      g_autoptr(GDateTime) b = g_date_time_new_from_unix_utc (end);
      g_autoptr(GDateTime) za = g_date_time_to_timezone (a, zone ? zone : local_time_zone ());
      g_autoptr(GDateTime) zb = g_date_time_to_timezone (b, zone ? zone : local_time_zone ());

      /* An end on the start's day needs only its time. */
      if (g_date_time_get_year (za) == g_date_time_get_year (zb) &&
          g_date_time_get_day_of_year (za) == g_date_time_get_day_of_year (zb))
        to = g_date_time_format (zb, "%H:%M");
      else
        to = turnout_format_time_in (end, zone);
      /* Translators: a live event's start and end, "20 Nov 2026 15:00 – 16:00" */
      when = g_strdup_printf (_("%s – %s"), from, to);
    }
  else
    when = g_steal_pointer (&from);

  /* Only a zone the times were really shown in is named. */
  if (zone == NULL)
    return g_steal_pointer (&when);
  /* Translators: a live event's time and its time zone, "20 Nov 2026 15:00 – 16:00 (Europe/Amsterdam)" */
  return g_strdup_printf (_("%s (%s)"), when, time_zone);
}

GDateTime *
turnout_dates_parse_wall_time (const char *text,
                               GTimeZone  *zone)
{
  g_autofree char *copy = NULL;
  const char *t;
  int year, month, day, hour, minute;

  g_return_val_if_fail (zone != NULL, NULL);

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  t = copy;

  if (strlen (t) != 16 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') || t[13] != ':')
    return NULL;
  for (guint i = 0; i < 16; i++)
    if (i != 4 && i != 7 && i != 10 && i != 13 && !g_ascii_isdigit (t[i]))
      return NULL;
#define TWO(i) ((t[i] - '0') * 10 + (t[i + 1] - '0'))
  year = TWO (0) * 100 + TWO (2);
  month = TWO (5);
  day = TWO (8);
  hour = TWO (11);
  minute = TWO (14);
#undef TWO
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year)
      || hour > 23 || minute > 59)
    return NULL;

  return g_date_time_new (zone, year, month, day, hour, minute, 0);
}

char *
turnout_dates_format_wall_time (const char *iso,
                                GTimeZone  *zone)
{
  gint64 unix_time = turnout_dates_parse_iso8601 (iso);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (unix_time);
  dt = g_date_time_to_timezone (utc, zone ? zone : local_time_zone ());
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

char *
turnout_dates_to_iso8601 (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* zone1970.tab is in every tzdata (Debian's and the GNOME runtime's) and
 * names each zone once, without the old aliases of tzdata.zi. */
char **
turnout_dates_list_time_zones (void)
{
  const char *dir = g_getenv ("TZDIR");
  const char *files[] = { "zone1970.tab", "zone.tab" };
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *contents = NULL;

  if (dir == NULL || *dir == '\0')
    dir = "/usr/share/zoneinfo";

  for (guint i = 0; i < G_N_ELEMENTS (files) && contents == NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      if (!g_file_get_contents (path, &contents, NULL, NULL))
        g_clear_pointer (&contents, g_free);
    }

  g_ptr_array_add (names, g_strdup ("UTC"));
  if (contents != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          fields = g_strsplit (lines[i], "\t", 4);
          if (g_strv_length (fields) >= 3 && *fields[2] != '\0')
            g_ptr_array_add (names, g_strdup (fields[2]));
        }
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
