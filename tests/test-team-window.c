/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-team-window.c: Open Team Database and Use Local Database, through
 * the real application and its window under Xvfb, on the test server
 * (TURNOUT_TEST_PG_URI), with a real keyring (run-with-keyring.sh).
 * The server trusts whoever reaches its socket, so a wrong password cannot
 * be refused by it; an address where nothing listens stands for a
 * database that cannot be reached. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-team-credentials.h"
#include "turnout-team-dialog.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"

#define PASSWORD "s3cret-team-pw"

/* A team database with one program in it, made as another coordinator
 * would have made it. */
static char *
team_database_with (const char *program)
{
  char *uri = turnout_test_temp_pg_database ();
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_db_open (uri, &error);

  g_assert_no_error (error);
  turnout_test_add_program (db, program);
  turnout_db_close (db);
  return uri;
}

static GSettings *
settings (void)
{
  return g_settings_new (APPLICATION_ID);
}

static void
assert_team_setting (GSettings  *app_settings,
                     const char *expected)
{
  g_autofree char *value = g_settings_get_string (app_settings, "team-database");

  g_assert_cmpstr (value, ==, expected);
}

/* A fresh start of the app, as after quitting. Each under an id of its
 * own: the one before may still be exported on the test's bus. */
static TurnoutApplication *
start_app (void)
{
  static guint n;
  TurnoutApplication *app = turnout_application_new ();
  g_autofree char *id = g_strdup_printf ("%s.TeamTest%u", APPLICATION_ID, ++n);
  g_autoptr(GError) error = NULL;

  g_application_set_application_id (G_APPLICATION (app), id);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static TurnoutWindow *
app_window (TurnoutApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TURNOUT_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_window (gpointer data)
{
  return app_window (data) != NULL;
}

static TurnoutWindow *
wait_app_window (TurnoutApplication *app)
{
  TurnoutWindow *window;

  turnout_test_spin_until (has_window, app, 10000);
  window = app_window (app);
  turnout_test_wait_window (window);
  return window;
}

static void
stop_app (TurnoutApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  g_object_unref (app);
}

static const char *
database_shown (TurnoutWindow *window)
{
  GtkWidget *label = turnout_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "location_label");

  g_assert_nonnull (label);
  if (!gtk_widget_is_visible (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
has_program (TurnoutWindow *window,
             const char    *name)
{
  GPtrArray *programs = turnout_window_get_programs (window);

  for (guint i = 0; programs != NULL && i < programs->len; i++)
    if (g_strcmp0 (((TurnoutProgram *) g_ptr_array_index (programs, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

static char *
keyring_password (const char *uri)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (turnout_team_secret_schema (), NULL, &error, "uri", uri, NULL);
  char *password = g_strdup (secret);

  g_assert_no_error (error);
  secret_password_free (secret);
  return password;
}

static gboolean
keyring_forgot (gpointer uri)
{
  g_autofree char *password = keyring_password (uri);

  return password == NULL;
}

/* No value of any key holds @text. */
static void
assert_settings_lack (const char *text)
{
  g_autoptr(GSettings) app_settings = settings ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (app_settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (app_settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, text));
    }
}

static gboolean
dialog_idle (gpointer dialog)
{
  return !turnout_team_dialog_is_busy (dialog);
}

static void
set_row (TurnoutTeamDialog *dialog,
         GType              type,
         const char        *name,
         const char        *text)
{
  GtkWidget *row = turnout_test_find_widget (GTK_WIDGET (dialog), type, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Connect, and what the dialog then says (NULL: it connected). */
static const char *
connect (TurnoutTeamDialog *dialog)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "team.connect", NULL);
  turnout_test_spin_until (dialog_idle, dialog, 20000);
  return turnout_team_dialog_get_problem (dialog);
}

typedef struct
{
  TurnoutApplication *app;
  const char         *path;
} OnDatabase;

static gboolean
window_on (gpointer data)
{
  OnDatabase *on = data;
  TurnoutWindow *window = app_window (on->app);

  return turnout_test_find_window (TURNOUT_TYPE_TEAM_DIALOG) == NULL && window != NULL &&
         g_strcmp0 (turnout_store_get_path (turnout_application_get_store (on->app)), on->path) == 0;
}

static void
test_open_and_leave (void)
{
  g_autofree char *local = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *where = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *nowhere = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *with_password = NULL;
  g_autofree char *nowhere_name = NULL;
  g_autofree char *unreachable = NULL;
  g_autoptr(GSettings) app_settings = settings ();
  TurnoutApplication *app;
  TurnoutWindow *window;
  TurnoutTeamDialog *dialog;
  GtkWidget *connect_button;
  const char *problem;

  if (!turnout_test_have_server ())
    return;

  uri = team_database_with ("Team Webinar");
  /* The local database of this run: a file of its own, named as --db would. */
  local = turnout_test_temp_db_path_sqlite ();
  g_setenv ("TURNOUT_DB", local, TRUE);
  dir = g_path_get_dirname (local);
  /* A socket folder where no server listens. */
  nowhere = g_strdup_printf ("postgresql:///turnout?host=%s&port=1", dir);
  nowhere_name = turnout_db_describe_location (nowhere);

  app = start_app ();
  g_application_activate (G_APPLICATION (app));
  window = wait_app_window (app);
  /* A local file: nothing new in the header, and no way back to offer. */
  g_assert_null (database_shown (window));
  g_assert_cmpstr (turnout_store_get_path (turnout_application_get_store (app)), ==, local);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "use-local-database"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-team-database", NULL);
  dialog = TURNOUT_TEAM_DIALOG (turnout_test_find_window (TURNOUT_TYPE_TEAM_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  connect_button = gtk_window_get_default_widget (GTK_WINDOW (dialog));
  g_assert_nonnull (connect_button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (connect_button)), ==, "team.connect");
  /* The address has the focus, to type it at once. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "uri_row")));
  turnout_test_shoot (GTK_WIDGET (dialog), "team-dialog-empty");

  /* Not a PostgreSQL address: refused before connecting. */
  set_row (dialog, ADW_TYPE_ENTRY_ROW, "uri_row", "/home/me/turnout.db");
  problem = connect (dialog);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "postgresql://"));

  /* A password in the address: refused, so it never reaches the settings. */
  with_password = g_strdup_printf ("postgresql://coordinator:%s@db.example.org/turnout", PASSWORD);
  set_row (dialog, ADW_TYPE_ENTRY_ROW, "uri_row", with_password);
  problem = connect (dialog);
  g_assert_cmpstr (problem, ==, _("Put the password in the password field, not in the address"));
  g_assert_true (gtk_widget_has_css_class (turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "uri_row"),
                                           "error"));

  /* Nothing listens there: said in the dialog once the try ends, with
   * Connect insensitive and the spinner shown while it runs. */
  set_row (dialog, ADW_TYPE_ENTRY_ROW, "uri_row", nowhere);
  set_row (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "password_row", PASSWORD);
  g_assert_null (turnout_team_dialog_get_problem (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "team.connect", NULL);
  g_assert_true (turnout_team_dialog_is_busy (dialog));
  g_assert_false (gtk_widget_is_sensitive (connect_button));
  g_assert_true (gtk_widget_get_visible (turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SPINNER, "spinner")));
  turnout_test_spin_until (dialog_idle, dialog, 20000);
  problem = turnout_team_dialog_get_problem (dialog);
  g_assert_nonnull (problem);
  unreachable = g_strdup_printf (_("Cannot connect to the team database %s: %s"), nowhere_name, "");
  g_assert_true (g_str_has_prefix (problem, unreachable));
  g_assert_null (strstr (problem, PASSWORD));
  g_assert_true (gtk_widget_is_sensitive (connect_button));
  turnout_test_present_at (GTK_WINDOW (dialog), 520, 420);
  turnout_test_shoot (GTK_WIDGET (dialog), "team-dialog-error");
  /* Nothing kept. */
  assert_team_setting (app_settings, "");
  g_assert_null (keyring_password (nowhere));
  g_assert_cmpstr (turnout_store_get_path (turnout_application_get_store (app)), ==, local);

  /* The right address; Enter in its row connects, as the button does. */
  set_row (dialog, ADW_TYPE_ENTRY_ROW, "uri_row", uri);
  /* Corrected: what was said goes. */
  g_assert_null (turnout_team_dialog_get_problem (dialog));
  g_assert_false (gtk_widget_has_css_class (turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "uri_row"),
                                            "error"));
  turnout_test_shoot (GTK_WIDGET (dialog), "team-dialog");
  g_signal_emit_by_name (turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "uri_row"), "entry-activated");
  turnout_test_spin_until (window_on, &(OnDatabase) { app, uri }, 20000);

  /* The window is on the team database, and says so. */
  window = wait_app_window (app);
  where = turnout_db_describe_location (uri);
  shown = g_strdup_printf (_("Team database: %s"), where);
  g_assert_cmpstr (database_shown (window), ==, shown);
  g_assert_true (has_program (window, "Team Webinar"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "use-local-database"));
  /* Remembered: the address in the settings, the password only in the keyring. */
  assert_team_setting (app_settings, uri);
  assert_settings_lack (PASSWORD);
  kept = keyring_password (uri);
  g_assert_cmpstr (kept, ==, PASSWORD);
  turnout_test_present_at (GTK_WINDOW (window), 900, 560);
  turnout_test_shoot (GTK_WIDGET (window), "team-window");
  turnout_test_present_at (GTK_WINDOW (window), 360, 560);
  turnout_test_shoot (GTK_WIDGET (window), "team-window-narrow");

  /* And back: the local file, nothing remembered. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "use-local-database", NULL);
  turnout_test_spin_until (window_on, &(OnDatabase) { app, local }, 20000);
  window = wait_app_window (app);
  g_assert_null (database_shown (window));
  g_assert_false (has_program (window, "Team Webinar"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "use-local-database"));
  assert_team_setting (app_settings, "");
  turnout_test_spin_until (keyring_forgot, uri, 10000);

  stop_app (app);
  g_setenv ("TURNOUT_DB", "", TRUE);
}

/* The next start opens the team database last opened, with its password
 * from the keyring; unless --db or TURNOUT_DB names another. */
static void
test_remembered (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *local = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GSettings) app_settings = settings ();
  g_autoptr(GError) error = NULL;
  TurnoutApplication *app;
  TurnoutWindow *window;

  if (!turnout_test_have_server ())
    return;

  uri = team_database_with ("Remembered Webinar");
  g_settings_set_string (app_settings, "team-database", uri);
  g_assert_true (secret_password_store_sync (turnout_team_secret_schema (), SECRET_COLLECTION_DEFAULT, "test",
                                             PASSWORD, NULL, &error, "uri", uri, NULL));
  g_assert_no_error (error);

  g_setenv ("TURNOUT_DB", "", TRUE);
  app = start_app ();
  g_application_activate (G_APPLICATION (app));
  window = wait_app_window (app);
  g_assert_cmpstr (turnout_store_get_path (turnout_application_get_store (app)), ==, uri);
  g_assert_true (has_program (window, "Remembered Webinar"));
  where = turnout_db_describe_location (uri);
  g_assert_nonnull (strstr (database_shown (window), where));
  stop_app (app);

  /* TURNOUT_DB wins over the setting, which it leaves as it was. */
  local = turnout_test_temp_db_path_sqlite ();
  g_setenv ("TURNOUT_DB", local, TRUE);
  app = start_app ();
  g_application_activate (G_APPLICATION (app));
  window = wait_app_window (app);
  g_assert_cmpstr (turnout_store_get_path (turnout_application_get_store (app)), ==, local);
  g_assert_null (database_shown (window));
  g_assert_false (has_program (window, "Remembered Webinar"));
  assert_team_setting (app_settings, uri);
  stop_app (app);

  g_setenv ("TURNOUT_DB", "", TRUE);
  g_settings_reset (app_settings, "team-database");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();

  g_test_add_func ("/team/open-and-leave", test_open_and_leave);
  g_test_add_func ("/team/remembered", test_remembered);

  return g_test_run ();
}
