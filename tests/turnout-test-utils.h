/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-utils.h: helpers the tests share. */
#pragma once

#include <gio/gio.h>

#include "turnout-db.h"

G_BEGIN_DECLS

char      *turnout_test_temp_db_path  (void);
TurnoutDb *turnout_test_open_db       (const char *path);
gint64     turnout_test_add_program   (TurnoutDb  *db,
                                       const char *name);
gint64     turnout_test_add_person    (TurnoutDb  *db,
                                       gint64      program_id,
                                       const char *email,
                                       const char *status);
int        turnout_test_query_int     (TurnoutDb  *db,
                                       const char *sql);
char      *turnout_test_dump_db       (const char *path);
void       turnout_test_spin_until    (gboolean  (*condition) (gpointer),
                                       gpointer    data,
                                       guint       timeout_ms);

G_END_DECLS
