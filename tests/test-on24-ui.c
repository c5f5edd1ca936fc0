/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-ui.c: Preferences (ON24 account, Test connection) and Event
 * Settings, driven through their actions under Xvfb, against the simulator. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "turnout-event-settings-dialog.h"
#include "turnout-on24-credentials.h"
#include "turnout-preferences-window.h"
#include "turnout-resources.h"
#include "turnout-test-on24.h"
#include "turnout-test-utils.h"
#include "turnout-application.h"

typedef struct
{
  GtkWidget  *widget;
  const char *name;
  const char *prefix;
} Expect;

static gboolean
row_has_text (gpointer data)
{
  Expect *e = data;
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (e->widget, G_OBJECT_TYPE (e->widget), e->name));

  return g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (row)), e->prefix);
}

static gboolean
test_result_is (gpointer data)
{
  Expect *e = data;
  const char *text = turnout_preferences_window_get_test_result (TURNOUT_PREFERENCES_WINDOW (e->widget));

  return text != NULL && g_str_has_prefix (text, e->prefix);
}

static gboolean
save_subtitle_is (gpointer data)
{
  Expect *e = data;
  AdwActionRow *row = ADW_ACTION_ROW (gtk_widget_get_template_child (e->widget, G_OBJECT_TYPE (e->widget), "save_row"));
  const char *text = adw_action_row_get_subtitle (row);

  return text != NULL && g_str_has_prefix (text, e->prefix);
}

static gboolean
status_is (gpointer data)
{
  Expect *e = data;
  const char *text = turnout_event_settings_dialog_get_status (TURNOUT_EVENT_SETTINGS_DIALOG (e->widget));
  static char *last;

  if (g_strcmp0 (last, text) != 0)
    {
      g_test_message ("event settings: %s", text ? text : "(null)");
      g_free (last);
      last = g_strdup (text);
    }

  return text != NULL && g_str_has_prefix (text, e->prefix);
}

static void
set_row (GtkWidget  *widget,
         const char *name,
         const char *text)
{
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name));

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_preferences (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  TurnoutPreferencesWindow *prefs;
  g_autofree char *client_id = NULL;
  g_autofree char *url = NULL;
  Expect e = { 0 };

  turnout_test_set_account (db, turnout_on24_sim_get_base_url (sim));
  store = turnout_test_store_open (path);

  prefs = turnout_preferences_window_present (NULL, store, NULL);
  e.widget = GTK_WIDGET (prefs);
  e.name = "base_url_row";
  e.prefix = turnout_on24_sim_get_base_url (sim);
  turnout_test_spin_until (row_has_text, &e, 10000);
  e.name = "client_id_row";
  e.prefix = TEST_CLIENT_ID;
  turnout_test_spin_until (row_has_text, &e, 10000);

  /* The tokens come from the environment: the rows stay empty. */
  e.prefix = "The access tokens come from";
  turnout_test_spin_until (save_subtitle_is, &e, 10000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test", NULL));
  e.prefix = "Connected: ON24 accepted the access tokens";
  turnout_test_spin_until (test_result_is, &e, 10000);

  /* Typed tokens are tested before they are saved. */
  set_row (GTK_WIDGET (prefs), "key_row", TEST_KEY);
  set_row (GTK_WIDGET (prefs), "secret_row", "0000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test", NULL));
  e.prefix = "Not connected: ON24 did not accept the access token key and secret";
  turnout_test_spin_until (test_result_is, &e, 10000);
  g_assert_null (strstr (turnout_preferences_window_get_test_result (prefs), "0000"));

  set_row (GTK_WIDGET (prefs), "base_url_row", "http://example.com/v2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test", NULL));
  e.prefix = "Not connected: “http://example.com/v2” is not an https:// address";
  turnout_test_spin_until (test_result_is, &e, 10000);

  /* A bad client id is not saved. */
  set_row (GTK_WIDGET (prefs), "base_url_row", "https://api.eu.on24.com/v2");
  set_row (GTK_WIDGET (prefs), "client_id_row", "abc");
  set_row (GTK_WIDGET (prefs), "key_row", "");
  set_row (GTK_WIDGET (prefs), "secret_row", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.save", NULL));
  e.prefix = "Not saved: The ON24 client id must be a number";
  turnout_test_spin_until (save_subtitle_is, &e, 10000);
  client_id = turnout_db_get_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, NULL);
  g_assert_cmpstr (client_id, ==, TEST_CLIENT_ID);
  g_clear_pointer (&client_id, g_free);

  set_row (GTK_WIDGET (prefs), "client_id_row", "4711");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.save", NULL));
  e.prefix = "Saved";
  turnout_test_spin_until (save_subtitle_is, &e, 10000);
  client_id = turnout_db_get_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, NULL);
  url = turnout_db_get_setting (db, TURNOUT_ON24_SETTING_BASE_URL, NULL);
  g_assert_cmpstr (client_id, ==, "4711");
  g_assert_cmpstr (url, ==, "https://api.eu.on24.com/v2");

  gtk_window_destroy (GTK_WINDOW (prefs));
  turnout_db_close (db);
}

static gboolean
window_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

static void
test_event_settings (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  TurnoutEventSettingsDialog *dialog;
  GtkWidget *weak;
  gint64 program_id;
  Expect e = { 0 };

  turnout_test_set_account (db, turnout_on24_sim_get_base_url (sim));
  program_id = turnout_test_add_program (db, "Launch");
  store = turnout_test_store_open (path);

  dialog = turnout_event_settings_dialog_present (NULL, store, NULL, program_id);
  e.widget = GTK_WIDGET (dialog);
  e.prefix = "Not linked to an ON24 event";
  turnout_test_spin_until (status_is, &e, 10000);

  set_row (GTK_WIDGET (dialog), "event_id_row", "abc");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.fetch", NULL));
  e.prefix = "The ON24 event id is a number";
  turnout_test_spin_until (status_is, &e, 10000);

  set_row (GTK_WIDGET (dialog), "event_id_row", "999");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.fetch", NULL));
  e.prefix = "ON24 does not know event 999";
  turnout_test_spin_until (status_is, &e, 10000);

  set_row (GTK_WIDGET (dialog), "event_id_row", "311512");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.fetch", NULL));
  e.prefix = "Product Launch Webinar";
  turnout_test_spin_until (status_is, &e, 10000);

  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (dialog), TURNOUT_TYPE_EVENT_SETTINGS_DIALOG,
                                                                    "email_switch")), FALSE);
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.save", NULL));
  turnout_test_spin_until (window_gone, &weak, 10000);

  program = turnout_db_get_program (db, program_id, NULL);
  g_assert_cmpint (program->on24_event_id, ==, TEST_EVENT_ID);
  g_assert_false (program->on24_event_email);
  g_assert_nonnull (program->live_end);
  g_assert_cmpstr (program->time_zone, ==, "Europe/Amsterdam");
  turnout_db_close (db);
}

static GtkWidget *
child (GtkWidget  *dialog,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (dialog, TURNOUT_TYPE_EVENT_SETTINGS_DIALOG, name));
}

static gboolean
program_loaded (gpointer data)
{
  /* The dialog loads the program on the store's thread, then says whether
   * it is linked. */
  return turnout_event_settings_dialog_get_status (data) != NULL;
}

/* A coordinator sets a seat limit of 2 with automatic promotion: the two
 * members waiting for a seat are registered at once, the third stays. */
static void
test_event_settings_seats (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(GHashTable) counts = NULL;
  TurnoutProgramSpec spec = { .name = "Small room", .capacity = 0 };
  TurnoutEventSettingsDialog *dialog;
  GtkWidget *weak;
  gint64 program_id;

  program_id = turnout_db_add_program (db, &spec, NULL);
  g_assert_cmpint (program_id, >, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("waiting%u@example.com", i);
      /* Capacity 0: Registered sends them to the wait list. */
      turnout_test_add_person (db, program_id, email, "registered");
    }
  counts = turnout_db_count_statuses (db, program_id, NULL);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "wait-listed")), ==, 3);
  g_clear_pointer (&counts, g_hash_table_unref);
  store = turnout_test_store_open (path);

  dialog = turnout_event_settings_dialog_present (NULL, store, NULL, program_id);
  turnout_test_spin_until (program_loaded, dialog, 10000);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (GTK_WIDGET (dialog), "limit_switch"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (GTK_WIDGET (dialog), "capacity_spin"))), ==, 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (GTK_WIDGET (dialog), "promote_switch"))));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (GTK_WIDGET (dialog), "capacity_spin")), 2);
  gtk_switch_set_active (GTK_SWITCH (child (GTK_WIDGET (dialog), "promote_switch")), TRUE);
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.save", NULL));
  turnout_test_spin_until (window_gone, &weak, 10000);

  program = turnout_db_get_program (db, program_id, NULL);
  g_assert_cmpint (program->capacity, ==, 2);
  g_assert_true (program->auto_promote);
  counts = turnout_db_count_statuses (db, program_id, NULL);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "registered")), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "wait-listed")), ==, 1);
  g_clear_pointer (&program, turnout_program_free);

  /* And no limit at all. */
  dialog = turnout_event_settings_dialog_present (NULL, store, NULL, program_id);
  turnout_test_spin_until (program_loaded, dialog, 10000);
  gtk_switch_set_active (GTK_SWITCH (child (GTK_WIDGET (dialog), "limit_switch")), FALSE);
  g_assert_false (gtk_widget_get_sensitive (child (GTK_WIDGET (dialog), "capacity_row")));
  weak = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.save", NULL));
  turnout_test_spin_until (window_gone, &weak, 10000);

  program = turnout_db_get_program (db, program_id, NULL);
  g_assert_cmpint (program->capacity, ==, -1);
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = turnout_db_count_statuses (db, program_id, NULL);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "registered")), ==, 3);
  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  turnout_test_use_env_tokens ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  turnout_ensure_resources ();

  g_test_add_func ("/on24/ui/preferences", test_preferences);
  g_test_add_func ("/on24/ui/event-settings", test_event_settings);
  g_test_add_func ("/on24/ui/event-settings-seats", test_event_settings_seats);

  return g_test_run ();
}
