/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-rows.h: the machine-readable result rows every benchmark can print.
 *
 * With TURNOUT_BENCH_ROWS=1 in the environment a benchmark prints, besides
 * its own human-readable figures, one line per measure:
 *
 *   ROW <TAB> area <TAB> measure <TAB> size <TAB> turnout <TAB> unit
 *       <TAB> reference <TAB> reference-what <TAB> target <TAB> met
 *
 * (one line, tab-separated; empty fields are "-"). build-aux/bench collects
 * them from every benchmark into one table. "met" is "yes", "no" or "-"
 * when the issue sets no target for that figure.
 */
#pragma once

#include <stdio.h>
#include <string.h>

#include <glib.h>

static inline gboolean
bench_rows_enabled (void)
{
  return g_strcmp0 (g_getenv ("TURNOUT_BENCH_ROWS"), "1") == 0;
}

/* A line of /proc/self/status in kB (@field: "VmHWM:", "VmRSS:"), in MB. */
static inline double
bench_status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  return line ? g_ascii_strtoull (line + strlen (field), NULL, 10) / 1024.0 : 0;
}

/* The RSS high-water mark of this process, in MB. */
static inline double
bench_peak_rss_mb (void)
{
  return bench_status_mb ("VmHWM:");
}

/* The process's memory now (VmRSS), in MB. */
static inline double
bench_rss_mb (void)
{
  return bench_status_mb ("VmRSS:");
}

static inline const char *
bench_met (gboolean has_target,
           gboolean met)
{
  return !has_target ? "-" : met ? "yes" : "no";
}

/* @reference < 0 means there is no reference figure. */
static inline void
bench_row (const char *area,
           const char *measure,
           guint       size,
           double      turnout,
           const char *unit,
           double      reference,
           const char *reference_what,
           const char *target,
           const char *met)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  char ref[G_ASCII_DTOSTR_BUF_SIZE];

  if (!bench_rows_enabled ())
    return;
  g_ascii_formatd (value, sizeof value, "%.3f", turnout);
  if (reference >= 0)
    g_ascii_formatd (ref, sizeof ref, "%.3f", reference);
  else
    g_strlcpy (ref, "-", sizeof ref);
  printf ("ROW\t%s\t%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\n", area, measure, size, value, unit, ref,
          reference_what && *reference_what ? reference_what : "-",
          target && *target ? target : "-", met);
  fflush (stdout);
}
