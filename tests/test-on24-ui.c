/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-on24-ui.c: Preferences (ON24 account, Test connection) and Event
 * Settings, driven through their actions under Xvfb, against the simulator. */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "turnout-event-settings-dialog.h"
#include "turnout-on24-credentials.h"
#include "turnout-preferences-window.h"
#include "turnout-resources.h"
#include "turnout-test-on24.h"
#include "turnout-test-ui.h"
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

static gboolean
window_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

static GtkWidget *
prefs_child (TurnoutPreferencesWindow *prefs,
             const char               *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs), TURNOUT_TYPE_PREFERENCES_WINDOW, name));
}

/* Some label under @root shows @text. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  TurnoutDb  *db;
  const char *key;
  const char *value;
} Setting;

static gboolean
setting_is (gpointer data)
{
  Setting *s = data;
  g_autofree char *value = turnout_db_get_setting (s->db, s->key, NULL);

  return g_strcmp0 (value, s->value) == 0;
}

static void
assert_setting (TurnoutDb  *db,
                const char *key,
                const char *expected)
{
  g_autofree char *value = turnout_db_get_setting (db, key, NULL);

  g_assert_cmpstr (value, ==, expected);
}

static gboolean
visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GPtrArray) programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, NULL);

  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Every job queued before has run: the store's worker runs them in order. */
static void
wait_store (TurnoutStore *store)
{
  gboolean flushed = FALSE;

  turnout_store_list_programs_async (store, NULL, flushed_cb, &flushed);
  turnout_test_spin_until (is_true, &flushed, 10000);
}

static void
test_preferences (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  TurnoutPreferencesWindow *prefs;
  GtkWidget *env_row, *advanced, *error_row, *weak;
  Expect e = { 0 };
  Setting setting = { .db = db };

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

  /* The tokens come from the environment: the rows stay empty, and the
   * window says so in a person's words; the variables' names are only in
   * the tooltip. */
  env_row = prefs_child (prefs, "env_row");
  turnout_test_spin_until (visible, env_row, 10000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefs_child (prefs, "key_row"))), ==, "");
  g_assert_false (shows_text (GTK_WIDGET (prefs), "TURNOUT_"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (env_row), "TURNOUT_ON24_ACCESS_TOKEN_KEY"));

  /* Changes apply as they are made: there is nothing to save. */
  g_assert_null (turnout_test_find_actionable (GTK_WIDGET (prefs), "prefs.save"));
  g_assert_false (shows_text (GTK_WIDGET (prefs), "Save"));

  /* The API address is under Advanced. */
  advanced = gtk_widget_get_ancestor (prefs_child (prefs, "base_url_row"), ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (advanced);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (advanced)), ==, "Advanced");
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (advanced)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test", NULL));
  e.prefix = "Connected: ON24 accepted the access tokens";
  turnout_test_spin_until (test_result_is, &e, 10000);

  /* Typed tokens are tested as typed. (Cleared before they apply: this
   * test has no keyring; test-on24-keyring has.) */
  set_row (GTK_WIDGET (prefs), "key_row", TEST_KEY);
  set_row (GTK_WIDGET (prefs), "secret_row", "0000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test", NULL));
  set_row (GTK_WIDGET (prefs), "key_row", "");
  set_row (GTK_WIDGET (prefs), "secret_row", "");
  e.prefix = "Not connected: ON24 did not accept the access token key and secret";
  turnout_test_spin_until (test_result_is, &e, 10000);
  g_assert_null (strstr (turnout_preferences_window_get_test_result (prefs), "0000"));

  /* A new address applies once typing pauses, with nothing pressed. */
  set_row (GTK_WIDGET (prefs), "base_url_row", "https://api.eu.on24.com/v2");
  setting.key = TURNOUT_ON24_SETTING_BASE_URL;
  setting.value = "https://api.eu.on24.com/v2";
  turnout_test_spin_until (setting_is, &setting, 10000);

  /* One that is not valid says why on its row and is not applied. */
  error_row = prefs_child (prefs, "base_url_error_row");
  g_assert_false (gtk_widget_get_visible (error_row));
  set_row (GTK_WIDGET (prefs), "base_url_row", "http://example.com/v2");
  turnout_test_spin_until (visible, error_row, 10000);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (error_row)),
                                   "“http://example.com/v2” is not an https:// address"));
  g_assert_true (gtk_widget_has_css_class (prefs_child (prefs, "base_url_row"), "error"));
  wait_store (store);
  assert_setting (db, TURNOUT_ON24_SETTING_BASE_URL, "https://api.eu.on24.com/v2");

  /* Test Connection checks what is typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test", NULL));
  e.prefix = "Not connected: “http://example.com/v2” is not an https:// address";
  turnout_test_spin_until (test_result_is, &e, 10000);

  /* Enter applies at once, and the error goes. */
  set_row (GTK_WIDGET (prefs), "base_url_row", turnout_on24_sim_get_base_url (sim));
  g_signal_emit_by_name (prefs_child (prefs, "base_url_row"), "entry-activated");
  g_assert_false (gtk_widget_get_visible (error_row));
  setting.value = turnout_on24_sim_get_base_url (sim);
  turnout_test_spin_until (setting_is, &setting, 10000);

  /* A bad client id is not applied. */
  error_row = prefs_child (prefs, "client_id_error_row");
  set_row (GTK_WIDGET (prefs), "client_id_row", "abc");
  turnout_test_spin_until (visible, error_row, 10000);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (error_row)), ==,
                   "The ON24 client id must be a number, such as 22921");
  wait_store (store);
  assert_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, TEST_CLIENT_ID);

  set_row (GTK_WIDGET (prefs), "client_id_row", "4711");
  setting.key = TURNOUT_ON24_SETTING_CLIENT_ID;
  setting.value = "4711";
  turnout_test_spin_until (setting_is, &setting, 10000);
  g_assert_false (gtk_widget_get_visible (error_row));

  /* Closing right after typing keeps what was typed. */
  set_row (GTK_WIDGET (prefs), "client_id_row", "4712");
  weak = GTK_WIDGET (prefs);
  g_object_add_weak_pointer (G_OBJECT (prefs), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (prefs));
  setting.value = "4712";
  turnout_test_spin_until (setting_is, &setting, 10000);
  turnout_test_spin_until (window_gone, &weak, 10000);
  assert_setting (db, TURNOUT_ON24_SETTING_BASE_URL, turnout_on24_sim_get_base_url (sim));

  turnout_db_close (db);
}

/* @widget fits across @window. */
static void
assert_fits_across (GtkWidget *window,
                    GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
}

/* Preferences at a normal size and at 360 px (inside the window's 5 px
 * frame; libadwaita keeps a preferences window at least that wide): every
 * row fits across, Test Connection included, with Advanced open and an
 * error on the address. (TURNOUT_TEST_SHOT_DIR: pictures of each.) */
static void
test_preferences_layout (void)
{
  static const struct { int width, height; const char *name; } sizes[] = {
    { 560, 600, "preferences" }, { 370, 600, "preferences-narrow" },
  };
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  TurnoutPreferencesWindow *prefs;
  GtkWidget *advanced;
  Expect e = { 0 };

  turnout_test_set_account (db, turnout_on24_sim_get_base_url (sim));
  store = turnout_test_store_open (path);

  prefs = turnout_preferences_window_present (NULL, store, NULL);
  e.widget = GTK_WIDGET (prefs);
  e.name = "client_id_row";
  e.prefix = TEST_CLIENT_ID;
  turnout_test_spin_until (row_has_text, &e, 10000);
  turnout_test_spin_until (visible, prefs_child (prefs, "env_row"), 10000);

  turnout_test_present_at (GTK_WINDOW (prefs), sizes[0].width, sizes[0].height);
  turnout_test_shoot (GTK_WIDGET (prefs), "preferences-closed");

  advanced = gtk_widget_get_ancestor (prefs_child (prefs, "base_url_row"), ADW_TYPE_EXPANDER_ROW);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (advanced), TRUE);
  set_row (GTK_WIDGET (prefs), "base_url_row", "http://example.com/v2");
  g_signal_emit_by_name (prefs_child (prefs, "base_url_row"), "entry-activated");
  g_assert_true (gtk_widget_get_visible (prefs_child (prefs, "base_url_error_row")));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      turnout_test_present_at (GTK_WINDOW (prefs), sizes[i].width, sizes[i].height);
      assert_fits_across (GTK_WIDGET (prefs), turnout_test_find_actionable (GTK_WIDGET (prefs), "prefs.test"));
      assert_fits_across (GTK_WIDGET (prefs), prefs_child (prefs, "base_url_error_row"));
      assert_fits_across (GTK_WIDGET (prefs), prefs_child (prefs, "env_row"));
      turnout_test_shoot (GTK_WIDGET (prefs), sizes[i].name);
    }

  gtk_window_destroy (GTK_WINDOW (prefs));
  turnout_db_close (db);
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

typedef struct
{
  AdwComboRow *row;
  guint        selected;
} Region;

static gboolean
region_is (gpointer data)
{
  Region *r = data;

  return adw_combo_row_get_selected (r->row) == r->selected;
}

static gboolean
row_is_empty (gpointer data)
{
  return *gtk_editable_get_text (GTK_EDITABLE (data)) == '\0';
}

static const char *
region_item (AdwComboRow *row,
             guint        position)
{
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GtkStringObject) item = NULL;

  if (position >= g_list_model_get_n_items (model))
    return NULL;
  item = g_list_model_get_item (model, position);
  /* The model holds the string while the item is kept by it. */
  return gtk_string_object_get_string (item);
}

/* The region is the base URL seen as ON24's data center: choosing one
 * stores its address with nothing pressed, an address of another kind
 * shows as "Custom", and what was in the token rows for one address is
 * never carried to another. (Keyring-free, as the tests above: the tokens
 * come from the environment and the typed ones never apply.) */
static void
test_preferences_region (void)
{
  g_autoptr(TurnoutOn24Sim) sim = turnout_test_sim_new (NULL, NULL);
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  g_autoptr(TurnoutStore) store = NULL;
  TurnoutPreferencesWindow *prefs;
  AdwComboRow *region_row;
  GtkWidget *advanced;
  Expect e = { 0 };
  Setting setting = { .db = db, .key = TURNOUT_ON24_SETTING_BASE_URL };
  Region region = { 0 };

  turnout_test_set_account (db, turnout_on24_sim_get_base_url (sim));
  store = turnout_test_store_open (path);

  prefs = turnout_preferences_window_present (NULL, store, NULL);
  e.widget = GTK_WIDGET (prefs);
  e.name = "base_url_row";
  e.prefix = turnout_on24_sim_get_base_url (sim);
  turnout_test_spin_until (row_has_text, &e, 10000);
  turnout_test_spin_until (visible, prefs_child (prefs, "env_row"), 10000);

  /* The simulator's address is no region: "Custom", which names it. The
   * region is in view; the address stays under Advanced. */
  region_row = ADW_COMBO_ROW (prefs_child (prefs, "region_row"));
  region.row = region_row;
  advanced = gtk_widget_get_ancestor (prefs_child (prefs, "base_url_row"), ADW_TYPE_EXPANDER_ROW);
  g_assert_null (gtk_widget_get_ancestor (GTK_WIDGET (region_row), ADW_TYPE_EXPANDER_ROW));
  /* (Through _(): the same in English, and the test runs in Dutch for
   * its pictures.) */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (region_row)), ==, _("Region"));
  g_assert_cmpuint (adw_combo_row_get_selected (region_row), ==, TURNOUT_ON24_REGION_CUSTOM);
  g_assert_cmpstr (region_item (region_row, 0), ==, _("North America"));
  g_assert_cmpstr (region_item (region_row, 1), ==, _("Europe"));
  g_assert_cmpstr (region_item (region_row, 2), ==, _("Custom"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (region_row)), ==, turnout_on24_sim_get_base_url (sim));
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (advanced)));

  /* Tokens typed for the simulator, then Europe chosen before they
   * applied: Europe's address is stored at once, with nothing pressed,
   * and the rows no longer offer what was typed for the other address. */
  set_row (GTK_WIDGET (prefs), "key_row", TEST_KEY);
  set_row (GTK_WIDGET (prefs), "secret_row", "0000");
  adw_combo_row_set_selected (region_row, TURNOUT_ON24_REGION_EU);
  setting.value = "https://api.eu.on24.com/v2";
  turnout_test_spin_until (setting_is, &setting, 10000);
  turnout_test_spin_until (row_is_empty, prefs_child (prefs, "key_row"), 10000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefs_child (prefs, "secret_row"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefs_child (prefs, "base_url_row"))), ==,
                   "https://api.eu.on24.com/v2");
  /* "Custom" went with the address; the tokens still come from the
   * environment, which the window says. */
  g_assert_null (region_item (region_row, 2));
  g_assert_cmpuint (adw_combo_row_get_selected (region_row), ==, TURNOUT_ON24_REGION_EU);
  g_assert_true (gtk_widget_get_visible (prefs_child (prefs, "env_row")));
  g_assert_false (gtk_widget_get_visible (prefs_child (prefs, "tokens_missing_row")));
  wait_store (store);
  assert_setting (db, TURNOUT_ON24_SETTING_CLIENT_ID, TEST_CLIENT_ID);

  /* An address typed under Advanced moves the region row with it, once
   * it applies. */
  set_row (GTK_WIDGET (prefs), "base_url_row", TURNOUT_ON24_DEFAULT_BASE_URL);
  setting.value = TURNOUT_ON24_DEFAULT_BASE_URL;
  turnout_test_spin_until (setting_is, &setting, 10000);
  region.selected = TURNOUT_ON24_REGION_NA;
  turnout_test_spin_until (region_is, &region, 10000);

  set_row (GTK_WIDGET (prefs), "base_url_row", turnout_on24_sim_get_base_url (sim));
  g_signal_emit_by_name (prefs_child (prefs, "base_url_row"), "entry-activated");
  region.selected = TURNOUT_ON24_REGION_CUSTOM;
  turnout_test_spin_until (region_is, &region, 10000);
  g_assert_cmpstr (region_item (region_row, 2), ==, _("Custom"));
  assert_setting (db, TURNOUT_ON24_SETTING_BASE_URL, turnout_on24_sim_get_base_url (sim));

  /* An address that is not valid leaves the region as applied. */
  set_row (GTK_WIDGET (prefs), "base_url_row", "http://example.com/v2");
  turnout_test_spin_until (visible, prefs_child (prefs, "base_url_error_row"), 10000);
  g_assert_cmpuint (adw_combo_row_get_selected (region_row), ==, TURNOUT_ON24_REGION_CUSTOM);

  /* Choosing a region replaces what is typed there too. */
  adw_combo_row_set_selected (region_row, TURNOUT_ON24_REGION_EU);
  setting.value = "https://api.eu.on24.com/v2";
  turnout_test_spin_until (setting_is, &setting, 10000);
  g_assert_false (gtk_widget_get_visible (prefs_child (prefs, "base_url_error_row")));

  /* The pictures: the region row in view, Europe chosen. */
  turnout_test_present_at (GTK_WINDOW (prefs), 560, 600);
  turnout_test_shoot (GTK_WIDGET (prefs), "preferences-region");

  gtk_window_destroy (GTK_WINDOW (prefs));
  turnout_db_close (db);
}

static gboolean
run_done (gpointer data)
{
  return *(char **) data != NULL;
}

static void
on_child_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  char **output = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, output, NULL, NULL);
  if (*output == NULL)
    *output = g_strdup ("");
}

/* The tokens a keyring holds for North America are shown there and not
 * in Europe, which says it has none; back in North America they are
 * there again. This needs a real keyring: the test runs itself again in
 * a D-Bus session of its own (run-with-keyring.sh), as test-on24-cli's
 * keyring cases do, so nothing here touches the user's. */
static void
test_preferences_region_tokens (void)
{
  g_autofree char *path = NULL;
  g_autoptr(TurnoutStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *expected = NULL;
  TurnoutPreferencesWindow *prefs;
  GtkWidget *missing;
  TurnoutDb *db;
  Expect e = { 0 };
  Setting setting = { .key = TURNOUT_ON24_SETTING_BASE_URL };

  if (g_getenv ("TURNOUT_TEST_IN_KEYRING") == NULL)
    {
      g_autofree char *script = g_test_build_filename (G_TEST_DIST, "run-with-keyring.sh", NULL);
      g_autofree char *self = g_test_build_filename (G_TEST_BUILT, "test-on24-ui", NULL);
      g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");
      g_autofree char *session = g_find_program_in_path ("dbus-run-session");
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *output = NULL;

      if (keyring == NULL || session == NULL)
        {
          g_test_skip ("needs gnome-keyring-daemon and dbus-run-session");
          return;
        }
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
      g_subprocess_launcher_setenv (launcher, "TURNOUT_TEST_IN_KEYRING", "1", TRUE);
      g_subprocess_launcher_unsetenv (launcher, TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY);
      g_subprocess_launcher_unsetenv (launcher, TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET);
      child = g_subprocess_launcher_spawn (launcher, &error, "sh", script, self, "-p", "/on24/ui/preferences-region-tokens",
                                           NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8_async (child, NULL, NULL, on_child_done, &output);
      turnout_test_spin_until (run_done, &output, 120000);
      g_test_message ("%s", output);
      g_assert_true (g_subprocess_get_if_exited (child));
      g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
      return;
    }

  path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (path);
  setting.db = db;
  turnout_test_set_account (db, TURNOUT_ON24_DEFAULT_BASE_URL);
  g_assert_true (turnout_on24_credentials_store_sync (TURNOUT_ON24_DEFAULT_BASE_URL, TEST_CLIENT_ID, TEST_KEY,
                                                      TEST_SECRET, NULL, &error));
  g_assert_no_error (error);
  store = turnout_test_store_open (path);

  prefs = turnout_preferences_window_present (NULL, store, NULL);
  e.widget = GTK_WIDGET (prefs);
  e.name = "key_row";
  e.prefix = TEST_KEY;
  turnout_test_spin_until (row_has_text, &e, 10000);
  missing = prefs_child (prefs, "tokens_missing_row");
  g_assert_false (gtk_widget_get_visible (missing));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (prefs_child (prefs, "region_row"))), ==,
                    TURNOUT_ON24_REGION_NA);

  /* Europe: North America's tokens are neither shown nor stored there. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (prefs_child (prefs, "region_row")), TURNOUT_ON24_REGION_EU);
  setting.value = TURNOUT_ON24_EU_BASE_URL;
  turnout_test_spin_until (setting_is, &setting, 10000);
  turnout_test_spin_until (visible, missing, 10000);
  expected = g_strdup_printf (_("No access tokens stored for %s"), _("Europe"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (missing)), ==, expected);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefs_child (prefs, "key_row"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefs_child (prefs, "secret_row"))), ==, "");
  wait_store (store);
  g_assert_true (turnout_on24_credentials_lookup_sync (TURNOUT_ON24_EU_BASE_URL, TEST_CLIENT_ID, &key, &secret,
                                                       NULL, &error));
  g_assert_null (key);
  g_assert_null (secret);
  turnout_test_present_at (GTK_WINDOW (prefs), 560, 600);
  turnout_test_shoot (GTK_WIDGET (prefs), "preferences-region-missing");

  /* Back in North America they are there again. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (prefs_child (prefs, "region_row")), TURNOUT_ON24_REGION_NA);
  turnout_test_spin_until (row_has_text, &e, 10000);
  g_assert_false (gtk_widget_get_visible (missing));
  assert_setting (db, TURNOUT_ON24_SETTING_BASE_URL, TURNOUT_ON24_DEFAULT_BASE_URL);

  gtk_window_destroy (GTK_WINDOW (prefs));
  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  /* The keyring case's second run has a keyring, and no tokens in the
   * environment to hide it. */
  if (g_getenv ("TURNOUT_TEST_IN_KEYRING") == NULL)
    turnout_test_use_env_tokens ();
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();
  adw_init ();
  turnout_ensure_resources ();

  g_test_add_func ("/on24/ui/preferences", test_preferences);
  g_test_add_func ("/on24/ui/preferences-layout", test_preferences_layout);
  g_test_add_func ("/on24/ui/event-settings", test_event_settings);
  g_test_add_func ("/on24/ui/event-settings-seats", test_event_settings_seats);
  g_test_add_func ("/on24/ui/preferences-region", test_preferences_region);
  g_test_add_func ("/on24/ui/preferences-region-tokens", test_preferences_region_tokens);

  return g_test_run ();
}
