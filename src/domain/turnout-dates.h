/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-dates.h: the store's times, read and shown (no GTK, no
 * SQLite). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unix seconds of an ISO 8601 time ("2024-05-01T09:30:00Z", as the store
 * writes them, quickly; any other form the slow way); 0 for NULL, "" or
 * a text that is not a time. Any thread. */
gint64  turnout_dates_parse_iso8601 (const char *text);

/* A time as the members table and the details pane show it, in the
 * local time zone; "" for 0. Main thread only. */
char   *turnout_format_time         (gint64      unix_time);

G_END_DECLS
