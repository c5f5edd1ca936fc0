/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-dates.h: the store's times, read and shown (no GTK, no
 * SQLite). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unix seconds of an ISO 8601 time ("2024-05-01T09:30:00Z", as the store
 * writes them, quickly; any other form the slow way); 0 for NULL, "" or
 * a text that is not a time. Any thread. */
gint64      turnout_dates_parse_iso8601    (const char *text);

/* A time as the members table and the details pane show it, in the
 * local time zone; "" for 0. Main thread only. */
char       *turnout_format_time            (gint64      unix_time);
/* The same, in @zone; the local time zone when @zone is NULL. */
char       *turnout_format_time_in         (gint64      unix_time,
                                            GTimeZone  *zone);
/* A live event's start and end (ISO 8601, either may be NULL), in the
 * format of turnout_format_time(), in @time_zone and naming it when it
 * is a zone this system knows, else in local time naming none: "20 Nov
 * 2026 15:00 – 16:00 (Europe/Amsterdam)"; "No date set" without a start.
 * Main thread only. */
char       *turnout_format_schedule        (const char *live_start,
                                            const char *live_end,
                                            const char *time_zone);

/* The zone of an IANA id such as "Europe/Amsterdam"; NULL for NULL, ""
 * or an id this system does not know. */
GTimeZone  *turnout_dates_time_zone        (const char *identifier);
/* The IANA zones this system knows, sorted, "UTC" among them. */
char      **turnout_dates_list_time_zones  (void);
/* A time typed as "2026-11-20 15:00" (or "2026-11-20T15:00") on the
 * clocks of @zone; NULL when @text is not one. */
GDateTime  *turnout_dates_parse_wall_time  (const char *text,
                                            GTimeZone  *zone);
/* An ISO 8601 time as turnout_dates_parse_wall_time() reads it, in @zone
 * (local when NULL); "" when @iso is not a time. */
char       *turnout_dates_format_wall_time (const char *iso,
                                            GTimeZone  *zone);
/* @dt as the store writes times: "2026-11-20T14:00:00Z". */
char       *turnout_dates_to_iso8601       (GDateTime  *dt);

G_END_DECLS
