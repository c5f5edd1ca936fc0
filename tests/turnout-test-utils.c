/* turnout-test-utils.c: helpers the tests share. */
#include "config.h"

#include <unistd.h>

#include "turnout-test-utils.h"

/* A fresh database path in the test's isolated temporary directory. */
char *
turnout_test_temp_db_path (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("turnout-%u-%u.db", (guint) getpid (), ++counter);
  g_autofree char *dir = g_dir_make_tmp ("turnout-test-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

TurnoutDb *
turnout_test_open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

gint64
turnout_test_add_program (TurnoutDb  *db,
                          const char *name)
{
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = { .name = name, .capacity = -1 };
  gint64 id = turnout_db_add_program (db, &spec, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
turnout_test_add_person (TurnoutDb  *db,
                         gint64      program_id,
                         const char *email,
                         const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  TurnoutPersonSpec spec = { .email = email, .first_name = "Test", .last_name = email };

  result = turnout_db_add_member (db, program_id, &spec, status, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result->person_id;
}

void
turnout_test_spin_until (gboolean (*condition) (gpointer),
                         gpointer   data,
                         guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u ms waiting for a condition", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
