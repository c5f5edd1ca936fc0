/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: the text Turnout accepts (limits, control characters), one
 * person per e-mail address whatever its Unicode form, and the migration
 * that merges the people an older version kept apart. Real SQLite files. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "turnout-channel.h"
#include "turnout-person.h"
#include "turnout-test-utils.h"
#include "turnout-text.h"

/* "josé" with a combining acute accent (NFD) and precomposed (NFC). */
#define JOSE_NFD "jose\xcc\x81@example.com"
#define JOSE_NFC "jos\xc3\xa9@example.com"

static char *
repeat (const char *unit,
        guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_check_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name_ok = repeat ("é", 1000);
  g_autofree char *name_long = repeat ("é", 1001);
  g_autofree char *reason_ok = repeat ("a", 4000);
  g_autofree char *reason_long = repeat ("a", 4001);
  g_autofree char *program_long = repeat ("p", 501);

  /* Characters, not bytes: 1,000 two-byte letters are fine. */
  g_assert_true (turnout_text_check (name_ok, TURNOUT_TEXT_FIRST_NAME, &error));
  g_assert_no_error (error);
  g_assert_false (turnout_text_check (name_long, TURNOUT_TEXT_COMPANY, &error));
  g_assert_error (error, TURNOUT_TEXT_ERROR, TURNOUT_TEXT_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "Company"));
  g_assert_nonnull (strstr (error->message, "1000"));
  g_clear_error (&error);

  g_assert_true (turnout_text_check (reason_ok, TURNOUT_TEXT_REASON, NULL));
  g_assert_false (turnout_text_check (reason_long, TURNOUT_TEXT_REASON, NULL));
  g_assert_false (turnout_text_check (program_long, TURNOUT_TEXT_PROGRAM_NAME, NULL));
  g_assert_true (turnout_text_check (program_long + 1, TURNOUT_TEXT_PROGRAM_NAME, NULL));
  g_assert_true (turnout_text_check (NULL, TURNOUT_TEXT_REASON, NULL));
}

static void
test_check_controls (void)
{
  static const char *const refused[] = {
    "Al\x1b[31mice", "bell\x07", "cr\r", "del\x7f", "c1 \xc2\x9b", "csi \xc2\x85",
    "evil\xe2\x80\xae" "fdp.exe", "lre\xe2\x80\xaa", "isolate\xe2\x81\xa6", "pdi\xe2\x81\xa9",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (turnout_text_check (refused[i], TURNOUT_TEXT_LAST_NAME, &error));
      g_assert_error (error, TURNOUT_TEXT_ERROR, TURNOUT_TEXT_ERROR_CONTROL);
      g_assert_nonnull (strstr (error->message, "Last name"));
      g_clear_error (&error);
    }

  /* Tab and newline are text; so is right-to-left writing itself. */
  g_assert_true (turnout_text_check ("two\tcolumns\nand lines", TURNOUT_TEXT_REASON, NULL));
  g_assert_true (turnout_text_check ("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", TURNOUT_TEXT_FIRST_NAME, NULL));
  g_assert_false (turnout_text_check ("\xff\xfe", TURNOUT_TEXT_FIRST_NAME, &error));
  g_assert_error (error, TURNOUT_TEXT_ERROR, TURNOUT_TEXT_ERROR_ENCODING);
}

static void
test_shorten_and_escape (void)
{
  g_autofree char *long_name = repeat ("ä", 1500);
  g_autofree char *short_name = turnout_text_shorten (long_name, TURNOUT_TEXT_FIRST_NAME);
  g_autofree char *clean = turnout_text_shorten ("An\x1b[2Jna\xe2\x80\xae", TURNOUT_TEXT_FIRST_NAME);
  g_autofree char *escaped = turnout_text_escape_unprintable ("red\x1b[31m \xe2\x80\xae\tok\n\xff", -1);

  g_assert_cmpuint (g_utf8_strlen (short_name, -1), ==, 1000);
  g_assert_true (g_utf8_validate (short_name, -1, NULL));
  g_assert_cmpstr (clean, ==, "An[2Jna");

  g_assert_cmpstr (escaped, ==, "red\\u001b[31m \\u202e\tok\n\\xff");
  g_assert_null (turnout_text_escape_unprintable ("plain, ñ and 中文\n", -1));
}

static void
test_email_unicode (void)
{
  g_autofree char *nfd = turnout_email_key (JOSE_NFD);
  g_autofree char *nfc = turnout_email_key (JOSE_NFC);
  g_autofree char *upper = turnout_email_key ("JOS\xc3\x89@Example.COM");

  g_autofree char *ascii = turnout_email_key (" \tAnna.De-Vries+Webinar@Example.COM \n");

  g_assert_cmpstr (nfd, ==, nfc);
  g_assert_cmpstr (upper, ==, nfc);
  /* ASCII takes a shorter way to the same key: trimmed and lowered. */
  g_assert_cmpstr (ascii, ==, "anna.de-vries+webinar@example.com");

  /* Zero-width characters make two addresses that look alike. */
  g_assert_true (turnout_email_is_valid (JOSE_NFC));
  g_assert_false (turnout_email_is_valid ("jo\xe2\x80\x8bse@example.com"));   /* U+200B */
  g_assert_false (turnout_email_is_valid ("jose@exa\xe2\x80\x8dmple.com"));   /* U+200D */
  g_assert_false (turnout_email_is_valid ("\xef\xbb\xbfjose@example.com"));  /* U+FEFF */
  g_assert_false (turnout_email_is_valid ("jose\xc2\xad@example.com"));      /* soft hyphen */
  g_assert_false (turnout_email_is_valid ("jose\xe2\x80\xae@example.com"));  /* RLO */
}

static void
test_store_refuses (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autofree char *long_name = repeat ("n", 1001);
  g_autofree char *long_email = NULL;
  g_autofree char *long_program = repeat ("p", 501);
  g_autofree char *long_reason = repeat ("r", 4001);
  gint64 program_id = turnout_test_add_program (db, "Launch");
  gint64 anna = turnout_test_add_person (db, program_id, "anna@example.com", "invited");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  TurnoutProgramSpec program = { .name = long_program, .capacity = -1 };
  TurnoutPersonSpec spec = { .email = "bob@example.com", .first_name = long_name };

  {
    g_autofree char *local = repeat ("a", 250);

    long_email = g_strconcat (local, "@x.nl", NULL);   /* 255 bytes */
  }

  g_assert_cmpint (turnout_db_upsert_person (db, &spec, FALSE, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "First name"));
  g_clear_error (&error);

  spec.first_name = "Bob";
  spec.job_title = "CTO\x1b]0;pwned\x07";
  g_assert_cmpint (turnout_db_upsert_person (db, &spec, FALSE, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Job title"));
  g_clear_error (&error);

  spec.job_title = NULL;
  spec.email = long_email;
  g_assert_cmpint (turnout_db_upsert_person (db, &spec, FALSE, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "E-mail address is too long"));
  /* The message does not repeat the address. */
  g_assert_null (strstr (error->message, "aaaaaaaaaa"));
  g_clear_error (&error);

  g_assert_cmpint (turnout_db_add_program (db, &program, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Program name"));
  g_clear_error (&error);

  results = turnout_db_change_status (db, program_id, "registered", &anna, 1, long_reason,
                                      TURNOUT_SOURCE_MANUAL, &error);
  g_assert_null (results);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Reason"));
  g_clear_error (&error);

  /* A live end before the live start. */
  program.name = "Backwards";
  program.live_start = "2026-11-20T15:00:00+01:00";
  program.live_end = "2026-11-20T14:00:00+01:00";
  g_assert_cmpint (turnout_db_add_program (db, &program, &error), ==, 0);
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "before the live start"));
  g_clear_error (&error);
  /* The same instant written in two zones is not backwards. */
  program.live_end = "2026-11-20T14:00:00Z";
  g_assert_cmpint (turnout_db_add_program (db, &program, &error), >, 0);
  g_assert_no_error (error);

  /* Nothing of it was written. */
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM people"), ==, 1);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM programs"), ==, 2);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"), ==, 1);
  turnout_db_close (db);
}

static void
test_store_one_person_per_address (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program_id = turnout_test_add_program (db, "Launch");
  gint64 first = turnout_test_add_person (db, program_id, JOSE_NFD, "registered");
  TurnoutPersonSpec spec = { .email = "JOS\xc3\x89@example.com" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutPerson) found = NULL;

  g_assert_cmpint (turnout_db_upsert_person (db, &spec, FALSE, &error), ==, first);
  g_assert_no_error (error);
  found = turnout_db_find_person (db, JOSE_NFC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, first);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM people"), ==, 1);
  turnout_db_close (db);
}

static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *raw = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  if (sqlite3_exec (raw, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (raw);
}

/* A database of schema 4 (before the NFC keys) with "josé" twice, as an
 * NFD member of two programs and an NFC one of one of them (the key then
 * was only case-folded), and a third, plain person. Opening it merges the
 * two: one person, the further membership kept, every history row kept. */
static void
test_migration_merges (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 launch = turnout_test_add_program (db, "Launch");
  gint64 summit = turnout_test_add_program (db, "Summit");
  gint64 nfd = turnout_test_add_person (db, launch, JOSE_NFD, "invited");
  gint64 plain = turnout_test_add_person (db, launch, "kim@example.com", "invited");
  g_autofree char *sql = NULL;

  turnout_test_add_person (db, summit, JOSE_NFD, "registered");
  {
    g_autoptr(GPtrArray) r = turnout_db_change_status (db, launch, "registered", &nfd, 1, NULL,
                                                       TURNOUT_SOURCE_MANUAL, &error);
    g_assert_no_error (error);
  }
  turnout_db_close (db);

  /* Back to schema 4: the new columns gone, josé's key as it was then
   * (NFD, case-folded), and a second josé in NFC, as ON24's refresh would
   * have added, attended in Launch with a history row. */
  sql = g_strdup_printf (TURNOUT_TEST_DROP_SCHEMA_9 "DROP TABLE change_members; DROP TABLE changes;"
                         "ALTER TABLE outbox DROP COLUMN claimed_by;"
                         "ALTER TABLE outbox DROP COLUMN claimed_until;"
                         "DROP INDEX memberships_waiting;"
                         "ALTER TABLE memberships DROP COLUMN status_reason_key;"
                         "ALTER TABLE memberships DROP COLUMN status_reason_args;"
                         "ALTER TABLE status_history DROP COLUMN reason_key;"
                         "ALTER TABLE status_history DROP COLUMN reason_args;"
                         "UPDATE people SET email = '" JOSE_NFD "', email_key = '" JOSE_NFD "' WHERE id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO people (id, email, email_key, created_at) VALUES (900, '" JOSE_NFC "', '" JOSE_NFC "', '2026-01-01T00:00:00Z');"
                         "INSERT INTO memberships (program_id, person_id, status, member_date, status_changed_at, acquired_by)"
                         " VALUES (%" G_GINT64_FORMAT ", 900, 'attended', '2026-01-01', '2026-01-02', 'refresh');"
                         "INSERT INTO status_history (program_id, person_id, old_status, new_status, source, at)"
                         " VALUES (%" G_GINT64_FORMAT ", 900, 'not-in-program', 'attended', 'refresh', '2026-01-02');"
                         "PRAGMA user_version = 4;",
                         nfd, launch, launch);
  exec_raw (path, sql);

  db = turnout_test_open_db (path);
  g_assert_cmpint (turnout_test_query_int (db, "PRAGMA user_version"), ==, TURNOUT_DB_SCHEMA_VERSION);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM people"), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM people WHERE id = %" G_GINT64_FORMAT
                         " AND email = '" JOSE_NFC "' AND email_key = '" JOSE_NFC "'", nfd);
  g_assert_cmpint (turnout_test_query_int (db, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM people WHERE id = %" G_GINT64_FORMAT, plain);
  g_assert_cmpint (turnout_test_query_int (db, sql), ==, 1);
  /* Launch: the attended membership (further than registered) stays, now
   * the older person's; Summit's is untouched. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM memberships WHERE program_id = %" G_GINT64_FORMAT
                         " AND person_id = %" G_GINT64_FORMAT " AND status = 'attended'", launch, nfd);
  g_assert_cmpint (turnout_test_query_int (db, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM memberships WHERE person_id = %" G_GINT64_FORMAT, nfd);
  g_assert_cmpint (turnout_test_query_int (db, sql), ==, 2);
  /* Every history row is kept: josé's three, the merged one, Kim's. */
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history"), ==, 5);
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM status_history WHERE person_id = 900"), ==, 0);
  g_assert_true (turnout_db_check_integrity (db, &problem, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/check-limits", test_check_limits);
  g_test_add_func ("/text/check-controls", test_check_controls);
  g_test_add_func ("/text/shorten-and-escape", test_shorten_and_escape);
  g_test_add_func ("/text/email-unicode", test_email_unicode);
  g_test_add_func ("/text/store-refuses", test_store_refuses);
  g_test_add_func ("/text/store-one-person-per-address", test_store_one_person_per_address);
  turnout_test_add_sqlite_only ("/text/migration-merges", test_migration_merges);

  return g_test_run ();
}
