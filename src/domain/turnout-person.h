/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-person.h: people and their e-mail addresses (no GTK, no SQLite). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  turnout_email_is_valid   (const char *email);
char     *turnout_email_normalize  (const char *email);
char     *turnout_email_key        (const char *email);

G_END_DECLS
