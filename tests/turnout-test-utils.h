/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-utils.h: helpers the tests share. */
#pragma once

#include <gio/gio.h>

#include "turnout-db.h"

G_BEGIN_DECLS

/* SQL that takes a database back from the current schema to 8, for tests
 * that make an older file from a new one: each such test drops what came
 * later. */
#define TURNOUT_TEST_DROP_SCHEMA_9 \
  "DROP TABLE forgotten_addresses;" \
  "DROP TABLE member_questions;" \
  "ALTER TABLE memberships DROP COLUMN asked_questions;" \
  "ALTER TABLE memberships DROP COLUMN answered_polls;" \
  "ALTER TABLE memberships DROP COLUMN answered_surveys;" \
  "ALTER TABLE memberships DROP COLUMN resources_downloaded;" \
  "ALTER TABLE memberships DROP COLUMN launch_mode;"

gboolean   turnout_test_engine_is_postgres (void);
gboolean   turnout_test_have_server   (void);
int        turnout_test_pg_rows       (const char *uri,
                                       const char *sql);
char      *turnout_test_pg_user       (const char *uri);
char      *turnout_test_private_server (char     **dir);
char      *turnout_test_private_tls_server (char **dir);
void       turnout_test_private_server_do (const char *dir,
                                           const char *what);
void       turnout_test_private_server_stop (char   *dir);
void       turnout_test_add_sqlite_only (const char *path,
                                         GTestFunc   func);
gboolean   turnout_test_sqlite_only   (const char *path);
char      *turnout_test_temp_db_path  (void);
char      *turnout_test_temp_db_path_sqlite (void);
char      *turnout_test_temp_pg_database (void);
char      *turnout_test_files_dir     (const char *db_path);
TurnoutDb *turnout_test_open_db       (const char *path);
gint64     turnout_test_add_program   (TurnoutDb  *db,
                                       const char *name);
gint64     turnout_test_add_person    (TurnoutDb  *db,
                                       gint64      program_id,
                                       const char *email,
                                       const char *status);
int        turnout_test_query_int     (TurnoutDb  *db,
                                       const char *sql);
/* SQLite: from now on, counts in *@runs each run of a statement of @db
 * whose SQL starts with @prefix, or adds to *@steps the rows stepped
 * through in full table scans by statements whose SQL holds @needle (up
 * to four counters at a time); turnout_test_count_runs_stop () ends them
 * all. */
void       turnout_test_count_runs    (TurnoutDb  *db,
                                       const char *prefix,
                                       guint      *runs);
void       turnout_test_count_scan_steps (TurnoutDb  *db,
                                          const char *needle,
                                          guint      *steps);
void       turnout_test_count_runs_stop (TurnoutDb *db);
/* The process's memory in use (VmRSS), in MB. */
double     turnout_test_rss_mb        (void);
char      *turnout_test_dump_db       (const char *path);
gboolean   turnout_test_db_holds      (const char *path,
                                       const char *needle);
char      *turnout_test_dump_pg_skipping (const char         *uri,
                                          const char * const *skip);
void       turnout_test_spin_until    (gboolean  (*condition) (gpointer),
                                       gpointer    data,
                                       guint       timeout_ms);

G_END_DECLS
