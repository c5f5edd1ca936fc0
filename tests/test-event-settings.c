/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-settings.c: the schedule in Event Settings under Xvfb, on a
 * real database behind a real TurnoutStore: shown in the event's own time
 * zone, typed for a program not linked to ON24, refused when wrong, and
 * read-only for a linked one.
 *
 * TURNOUT_TEST_SHOT=PREFIX saves pictures of the dialog as
 * PREFIX-{typed,wrong,linked}.png, in the language of LANGUAGE (the
 * catalogues from TURNOUT_LOCALEDIR).
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-dates.h"
#include "turnout-event-settings-dialog.h"
#include "turnout-store.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"

typedef struct
{
  char         *path;
  TurnoutStore *store;
  gboolean      opened;
} Fixture;

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = turnout_store_open_finish (TURNOUT_STORE (object), result, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  f->opened = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gint64
add_program (Fixture    *f,
             const char *name,
             gint64      on24_event_id)
{
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = {
    .name = name, .capacity = -1, .on24_event_id = on24_event_id,
    .live_start = "2026-11-20T14:00:00Z", .live_end = "2026-11-20T15:00:00Z",
    .time_zone = "Europe/Amsterdam",
  };
  TurnoutDb *db = turnout_test_open_db (f->path);
  gint64 id = turnout_db_add_program (db, &spec, &error);

  g_assert_no_error (error);
  turnout_db_close (db);
  return id;
}

/* As another process would read the file. */
static TurnoutProgram *
read_program (Fixture *f,
              gint64   program_id)
{
  g_autoptr(GError) error = NULL;
  TurnoutDb *db = turnout_test_open_db (f->path);
  TurnoutProgram *program = turnout_db_get_program (db, program_id, &error);

  g_assert_no_error (error);
  turnout_db_close (db);
  return program;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  TurnoutDb *db;

  f->path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (f->path);
  turnout_db_close (db);
  f->store = turnout_store_new (f->path);
  turnout_store_open_async (f->store, NULL, open_cb, f);
  turnout_test_spin_until (is_true, &f->opened, 5000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
}

static GtkWidget *
child (gpointer    dialog,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (dialog, TURNOUT_TYPE_EVENT_SETTINGS_DIALOG, name));
}

static gboolean
loaded (gpointer data)
{
  return turnout_event_settings_dialog_get_status (data) != NULL;
}

static TurnoutEventSettingsDialog *
open_dialog (Fixture *f,
             gint64   program_id)
{
  TurnoutEventSettingsDialog *dialog = turnout_event_settings_dialog_present (NULL, f->store, NULL, program_id);

  turnout_test_spin_until (loaded, dialog, 10000);
  return dialog;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
wait_closed (TurnoutEventSettingsDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  turnout_test_spin_until (is_null, &weak, 10000);
}

static const char *
schedule (gpointer dialog)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, "schedule_row")));
}

static const char *
zone (gpointer dialog)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (child (dialog, "zone_dropdown")));

  return item ? gtk_string_object_get_string (item) : NULL;
}

static void
select_zone (gpointer    dialog,
             const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (child (dialog, "zone_dropdown"));
  GListModel *zones = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (zones); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (zones), i), name) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }
  g_assert_not_reached ();
}

static void
type (gpointer    dialog,
      const char *row,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, row)), text);
}

static gboolean
drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s-%s.png", g_getenv ("TURNOUT_TEST_SHOT"), name);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  turnout_test_spin_until (drawn, widget, 5000);
  /* Let the rows lay out and draw before the picture. */
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* Pictures for a person to look at, not compared with anything: a
 * narrow window (360 px, as on a phone) typing a schedule, the same with
 * a wrong one, and a linked program. */
static void
test_pictures (Fixture       *f,
               gconstpointer  data)
{
  TurnoutEventSettingsDialog *dialog;

  if (g_getenv ("TURNOUT_TEST_SHOT") == NULL)
    {
      g_test_skip ("TURNOUT_TEST_SHOT is not set");
      return;
    }

  dialog = turnout_event_settings_dialog_new (NULL, f->store, NULL, add_program (f, "Typed", 0));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
  gtk_window_present (GTK_WINDOW (dialog));
  turnout_test_spin_until (loaded, dialog, 10000);
  shoot (GTK_WIDGET (dialog), "typed");
  type (dialog, "end_row", "2026-11-20 14:00");
  shoot (GTK_WIDGET (dialog), "wrong");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = turnout_event_settings_dialog_new (NULL, f->store, NULL, add_program (f, "Linked", 311512));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 720);
  gtk_window_present (GTK_WINDOW (dialog));
  turnout_test_spin_until (loaded, dialog, 10000);
  shoot (GTK_WIDGET (dialog), "linked");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The event at 15:00 in Amsterdam is 14:00 UTC: the dialog shows 15:00,
 * in the format of the members table, named by its zone. */
static void
test_event_zone (Fixture       *f,
                 gconstpointer  data)
{
  gint64 program_id = add_program (f, "Amsterdam", 0);
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *start = turnout_format_time_in (turnout_dates_parse_iso8601 ("2026-11-20T14:00:00Z"), amsterdam);
  g_autofree char *expected = NULL;
  TurnoutEventSettingsDialog *dialog;

  g_assert_nonnull (amsterdam);
  g_assert_cmpstr (start, ==, "20 Nov 2026 15:00");
  expected = g_strdup_printf ("%s – 16:00 (Europe/Amsterdam)", start);

  dialog = open_dialog (f, program_id);
  g_assert_cmpstr (schedule (dialog), ==, expected);
  g_assert_cmpstr (zone (dialog), ==, "Europe/Amsterdam");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "start_row"))), ==, "2026-11-20 15:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "end_row"))), ==, "2026-11-20 16:00");
  g_assert_true (gtk_widget_get_visible (child (dialog, "start_row")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* 15:00 typed in Amsterdam in winter is stored as 14:00 UTC; in New York
 * before its summer time, 09:30 is 14:30 UTC; and both read back as typed. */
static void
test_edit_schedule (Fixture       *f,
                    gconstpointer  data)
{
  gint64 program_id = add_program (f, "Typed", 0);
  g_autoptr(TurnoutProgram) program = NULL;
  TurnoutEventSettingsDialog *dialog;
  GtkWidget *text;

  dialog = open_dialog (f, program_id);
  type (dialog, "start_row", "2027-01-14 15:00");
  type (dialog, "end_row", "2027-01-14 16:30");
  g_assert_cmpstr (schedule (dialog), ==, "14 Jan 2027 15:00 – 16:30 (Europe/Amsterdam)");
  /* Enter in a row saves, as a person would. */
  text = turnout_test_find_widget (child (dialog, "end_row"), GTK_TYPE_TEXT, NULL);
  /* What Enter does in the row's text. */
  g_signal_emit_by_name (text, "activate");
  wait_closed (dialog);

  program = read_program (f, program_id);
  g_assert_cmpstr (program->live_start, ==, "2027-01-14T14:00:00Z");
  g_assert_cmpstr (program->live_end, ==, "2027-01-14T15:30:00Z");
  g_assert_cmpstr (program->time_zone, ==, "Europe/Amsterdam");
  g_clear_pointer (&program, turnout_program_free);

  dialog = open_dialog (f, program_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "start_row"))), ==, "2027-01-14 15:00");
  select_zone (dialog, "America/New_York");
  type (dialog, "start_row", "2027-03-10 09:30");
  type (dialog, "end_row", "2027-03-11T11:00");
  g_assert_cmpstr (schedule (dialog), ==, "10 Mar 2027 09:30 – 11 Mar 2027 11:00 (America/New_York)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.save", NULL));
  wait_closed (dialog);

  program = read_program (f, program_id);
  g_assert_cmpstr (program->live_start, ==, "2027-03-10T14:30:00Z");
  g_assert_cmpstr (program->live_end, ==, "2027-03-11T16:00:00Z");
  g_assert_cmpstr (program->time_zone, ==, "America/New_York");

  dialog = open_dialog (f, program_id);
  g_assert_cmpstr (zone (dialog), ==, "America/New_York");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "start_row"))), ==, "2027-03-10 09:30");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "end_row"))), ==, "2027-03-11 11:00");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
assert_unchanged (Fixture *f,
                  gint64   program_id)
{
  g_autoptr(TurnoutProgram) program = read_program (f, program_id);

  g_assert_cmpstr (program->live_start, ==, "2026-11-20T14:00:00Z");
  g_assert_cmpstr (program->live_end, ==, "2026-11-20T15:00:00Z");
  g_assert_cmpstr (program->time_zone, ==, "Europe/Amsterdam");
}

/* Wrong input says what is wrong, in the dialog, and saves nothing. */
static void
test_bad_schedule (Fixture       *f,
                   gconstpointer  data)
{
  gint64 program_id = add_program (f, "Wrong", 0);
  TurnoutEventSettingsDialog *dialog = open_dialog (f, program_id);
  static const struct { const char *start, *end, *row, *message; } cases[] = {
    { "2026-11-20 15:00", "2026-11-20 14:00", "end_row",
      "The end, 20 Nov 2026 14:00, is before the start, 20 Nov 2026 15:00" },
    { "20/11/2026 15:00", "2026-11-20 16:00", "start_row",
      "The start “20/11/2026 15:00” is not a date and time such as 2026-11-20 15:00" },
    { "2026-11-20 15:00", "2026-02-30 16:00", "end_row",
      "The end “2026-02-30 16:00” is not a date and time such as 2026-11-20 16:00" },
    { "", "2026-11-20 16:00", "start_row",
      "Enter when the event starts, or leave its end empty too" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      type (dialog, "start_row", cases[i].start);
      type (dialog, "end_row", cases[i].end);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.save", NULL));
      /* A save would close the dialog; spin as long as it would take. */
      for (guint j = 0; j < 100; j++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpstr (schedule (dialog), ==, cases[i].message);
      g_assert_true (gtk_widget_has_css_class (child (dialog, cases[i].row), "error"));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
      assert_unchanged (f, program_id);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_unchanged (f, program_id);
}

/* A linked program's schedule is ON24's: shown in its zone, not typed. */
static void
test_linked_schedule (Fixture       *f,
                      gconstpointer  data)
{
  gint64 program_id = add_program (f, "Linked", 311512);
  TurnoutEventSettingsDialog *dialog = open_dialog (f, program_id);

  g_assert_cmpstr (schedule (dialog), ==, "20 Nov 2026 15:00 – 16:00 (Europe/Amsterdam)");
  g_assert_false (gtk_widget_get_visible (child (dialog, "start_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "end_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "zone_row")));

  /* What the hidden rows hold is not saved for a linked program. */
  type (dialog, "start_row", "2030-01-01 09:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "event.save", NULL));
  wait_closed (dialog);
  assert_unchanged (f, program_id);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  if (g_getenv ("TURNOUT_TEST_SHOT") != NULL)
    {
      /* gtk_test_init() chose the C locale, in which LANGUAGE counts for
       * nothing; the templates are translated in the default domain. */
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TURNOUT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  turnout_ensure_resources ();

  g_test_add ("/event-settings/event-zone", Fixture, NULL, fixture_set_up, test_event_zone, fixture_tear_down);
  g_test_add ("/event-settings/edit-schedule", Fixture, NULL, fixture_set_up, test_edit_schedule, fixture_tear_down);
  g_test_add ("/event-settings/bad-schedule", Fixture, NULL, fixture_set_up, test_bad_schedule, fixture_tear_down);
  g_test_add ("/event-settings/linked-schedule", Fixture, NULL, fixture_set_up, test_linked_schedule, fixture_tear_down);
  g_test_add ("/event-settings/pictures", Fixture, NULL, fixture_set_up, test_pictures, fixture_tear_down);

  return g_test_run ();
}
