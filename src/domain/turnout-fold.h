/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-fold.h: text folded for searching and sorting (no GTK, no
 * SQLite). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Case- and accent-insensitive form used for searching and sorting; ""
 * for NULL. */
char *turnout_fold_for_search (const char *text);

G_END_DECLS
