/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c: Turnout in Dutch (and the other catalogues' status names).
 *
 * The window is opened with LANGUAGE=nl and the text domain bound to the
 * build's po/ directory (TURNOUT_LOCALEDIR), as a Dutch user would see it.
 * Besides looking for a few Dutch labels by name, it walks every widget,
 * column, drop-down and menu the window holds and fails on any text that is
 * still an English original the catalogue translates: new labels, menus
 * (Event Actions included) and status names are covered without listing
 * them here.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-channel.h"
#include "turnout-member-table.h"
#include "turnout-outbox.h"
#include "turnout-test-utils.h"
#include "turnout-window.h"

static TurnoutApplication *app;

/* Switches the messages language for everything that follows. LANGUAGE
 * only counts in a locale other than "C"; textdomain() makes gettext
 * forget what it cached for the previous language.
 */
static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  textdomain (GETTEXT_PACKAGE);
}

static const char *status_keys[] = {
  TURNOUT_STATUS_NOT_IN_PROGRAM, TURNOUT_STATUS_INVITED, TURNOUT_STATUS_PENDING_APPROVAL,
  TURNOUT_STATUS_REJECTED, TURNOUT_STATUS_WAIT_LISTED, TURNOUT_STATUS_REGISTERED,
  TURNOUT_STATUS_REGISTRATION_ERROR, TURNOUT_STATUS_NO_SHOW, TURNOUT_STATUS_ATTENDED,
  TURNOUT_STATUS_ATTENDED_ON_DEMAND,
};

/* In the order of status_keys. The Dutch ones are deliberately better than
 * Marketo's machine-translated page ("Bijgewoond op bestelling", "No Show").
 */
static const struct
{
  const char *language;
  const char *names[G_N_ELEMENTS (status_keys)];
} status_names[] = {
  { "nl", { "Niet in programma", "Uitgenodigd", "Wacht op goedkeuring", "Afgewezen", "Op wachtlijst",
            "Geregistreerd", "Registratiefout", "Niet verschenen", "Bijgewoond", "Bijgewoond (on-demand)" } },
  { "de", { "Nicht im Programm", "Eingeladen", "Genehmigung ausstehend", "Abgelehnt", "Auf Warteliste",
            "Registriert", "Registrierungsfehler", "Nicht erschienen", "Teilgenommen", "On-Demand teilgenommen" } },
  { "fr", { "Pas dans le programme", "Invité", "En attente d’approbation", "Refusé", "Sur liste d’attente",
            "Inscrit", "Erreur d’inscription", "Absent", "Présent", "Présent (à la demande)" } },
  { "es", { "No está en el programa", "Invitado", "Pendiente de aprobación", "Rechazado", "En lista de espera",
            "Registrado", "Error de registro", "No se presentó", "Asistió", "Asistió (bajo demanda)" } },
};

static void
test_status_names (void)
{
  TurnoutChannel *webinar = turnout_channel_get_webinar ();

  g_assert_cmpuint (turnout_channel_get_n_statuses (webinar), ==, G_N_ELEMENTS (status_keys));

  for (guint l = 0; l < G_N_ELEMENTS (status_names); l++)
    {
      use_language (status_names[l].language);
      for (guint i = 0; i < G_N_ELEMENTS (status_keys); i++)
        {
          const char *shown = turnout_status_display_name_for_key (webinar, status_keys[i]);

          g_test_message ("%s: %s -> %s", status_names[l].language, status_keys[i], shown);
          g_assert_cmpstr (shown, ==, status_names[l].names[i]);
        }
    }

  /* Back to Dutch for the rest, and the other names a member's history shows. */
  use_language ("nl");
  g_assert_cmpstr (turnout_source_get_display_name (TURNOUT_SOURCE_BULK), ==, "Bulkwijziging");
  g_assert_cmpstr (turnout_push_state_get_display_name (TURNOUT_PUSH_CONFIRMED), ==, "Bevestigd");
}

/* Every piece of text a widget tree shows. */
typedef struct
{
  GPtrArray *texts;   /* of char *, "where: text" */
} Texts;

static void
add_text (Texts      *texts,
          const char *where,
          const char *text)
{
  if (text != NULL && *text != '\0')
    g_ptr_array_add (texts->texts, g_strdup_printf ("%s\x1f%s", where, text));
}

static void
collect_menu (Texts      *texts,
              GMenuModel *model)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        add_text (texts, "menu item", label);

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (links, &name, &link))
        {
          collect_menu (texts, link);
          g_object_unref (link);
        }
    }
}

static void
collect_properties (Texts      *texts,
                    GObject    *object)
{
  /* Text a person reads; never "text", which is what they typed. */
  static const char *names[] = { "label", "title", "subtitle", "description", "placeholder-text",
                                 "tooltip-text", "heading", "body", "button-label" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), names[i]);
      g_autofree char *value = NULL;
      g_autofree char *where = NULL;

      if (pspec == NULL || pspec->value_type != G_TYPE_STRING || !(pspec->flags & G_PARAM_READABLE))
        continue;
      g_object_get (object, names[i], &value, NULL);
      where = g_strdup_printf ("%s:%s", G_OBJECT_TYPE_NAME (object), names[i]);
      add_text (texts, where, value);
    }
}

static void
collect_widget (Texts     *texts,
                GtkWidget *widget)
{
  collect_properties (texts, G_OBJECT (widget));

  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    collect_menu (texts, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));

  if (GTK_IS_POPOVER_MENU (widget) && gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (widget)))
    collect_menu (texts, gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (widget)));

  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GObject) column = g_list_model_get_item (columns, i);

          collect_properties (texts, column);
        }
    }

  if (GTK_IS_DROP_DOWN (widget) && GTK_IS_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))))
    {
      GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        add_text (texts, "drop-down item", gtk_string_list_get_string (list, i));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_widget (texts, child);
}

static GPtrArray *
collect_texts (GtkWindow *window)
{
  Texts texts = { g_ptr_array_new_with_free_func (g_free) };
  GtkShortcutsWindow *overlay;

  add_text (&texts, "window title", gtk_window_get_title (window));
  collect_widget (&texts, GTK_WIDGET (window));

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  if (overlay != NULL)
    collect_widget (&texts, GTK_WIDGET (overlay));

  return texts.texts;
}

/* An English original the catalogue translates means the widget was not
 * translated: a missing _() or translatable="yes", or a string built before
 * the text domain was bound.
 */
static gboolean
is_untranslated (const char *text)
{
  static const char *contexts[] = { "shortcut window" };

  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    if (g_strcmp0 (g_dpgettext2 (GETTEXT_PACKAGE, contexts[i], text), text) != 0)
      return TRUE;
  return FALSE;
}

/* Fails listing each English text; returns how many texts there were. */
static guint
assert_all_dutch (GtkWindow *window)
{
  g_autoptr(GPtrArray) texts = collect_texts (window);
  g_autoptr(GString) english = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (texts, i), "\x1f", 2);

      if (is_untranslated (parts[1]))
        g_string_append_printf (english, "\n  %s: “%s” (should be “%s”)",
                                parts[0], parts[1], g_dgettext (GETTEXT_PACKAGE, parts[1]));
    }

  if (english->len > 0)
    g_error ("English text in the Dutch window:%s", english->str);

  return texts->len;
}

static gboolean
has_text (GtkWindow  *window,
          const char *text)
{
  g_autoptr(GPtrArray) texts = collect_texts (window);

  for (guint i = 0; i < texts->len; i++)
    {
      const char *entry = strchr (g_ptr_array_index (texts, i), '\x1f') + 1;

      if (g_str_equal (entry, text))
        return TRUE;
    }
  return FALSE;
}

static gboolean
window_loaded (gpointer data)
{
  return !turnout_window_is_loading (data) && turnout_window_get_programs (data) != NULL;
}

static TurnoutWindow *
open_window (const char *path)
{
  g_autoptr(TurnoutStore) store = turnout_store_new (path);
  TurnoutWindow *window;

  window = turnout_window_new (app, store);
  gtk_window_present (GTK_WINDOW (window));
  turnout_test_spin_until (window_loaded, window, 5000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
test_window_empty (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutWindow *window;
  guint n;

  window = open_window (path);

  g_assert_true (has_text (GTK_WINDOW (window), "Programma's"));
  g_assert_true (has_text (GTK_WINDOW (window), "Nog geen programma's"));
  g_assert_true (has_text (GTK_WINDOW (window), "Programma _aanmaken"));
  /* The main menu's items. */
  g_assert_true (has_text (GTK_WINDOW (window), "_Nieuw programma"));
  g_assert_true (has_text (GTK_WINDOW (window), "_Over Turnout"));
  g_assert_false (has_text (GTK_WINDOW (window), "No Programs Yet"));

  n = assert_all_dutch (GTK_WINDOW (window));
  g_test_message ("%u texts in the empty window, all Dutch", n);
  g_assert_cmpuint (n, >=, 10);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_program (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Product Launch");
  TurnoutWindow *window;
  guint n;

  turnout_test_add_person (db, program, "ann@example.com", TURNOUT_STATUS_REGISTERED);
  turnout_test_add_person (db, program, "bob@example.com", TURNOUT_STATUS_WAIT_LISTED);
  turnout_test_add_person (db, program, "cho@example.com", TURNOUT_STATUS_ATTENDED_ON_DEMAND);
  turnout_db_close (db);

  window = open_window (path);
  turnout_window_select_program (window, program);
  g_assert_cmpint (turnout_window_get_program_id (window), ==, program);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_false (has_text (GTK_WINDOW (window), "Programs"));
  n = assert_all_dutch (GTK_WINDOW (window));
  g_test_message ("%u texts with a program selected, all Dutch", n);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Counts are grouped as the locale groups them: in Dutch a coordinator
 * reads "1.234 leden", not "1234 leden". Needs the nl_NL.UTF-8 locale,
 * which build-aux/dev generates. */
static void
test_window_numbers (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Product Launch");
  TurnoutWindow *window;

  if (setlocale (LC_ALL, "nl_NL.UTF-8") == NULL)
    {
      turnout_db_close (db);
      use_language ("nl");
      g_test_skip ("The nl_NL.UTF-8 locale is not there (build-aux/dev generates it)");
      return;
    }
  textdomain (GETTEXT_PACKAGE);

  for (guint i = 0; i < 1234; i++)
    {
      g_autofree char *email = g_strdup_printf ("m%04u@example.com", i);

      turnout_test_add_person (db, program, email, i < 1000 ? TURNOUT_STATUS_REGISTERED : TURNOUT_STATUS_INVITED);
    }
  turnout_db_close (db);

  window = open_window (path);
  turnout_window_select_program (window, program);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* the members' count under the table, and the funnel's registered */
  g_assert_true (has_text (GTK_WINDOW (window), "1.234 leden"));
  g_assert_false (has_text (GTK_WINDOW (window), "1234 leden"));
  g_assert_true (has_text (GTK_WINDOW (window), "1.000"));
  assert_all_dutch (GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (window));
  use_language ("nl");
}

static void
test_cli (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  const char *cli = g_getenv ("TURNOUT_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (cli);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "nl", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", path, "program", "list", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_nonnull (strstr (out, "Nog geen programma's."));
}

/* Runs the command-line tool in Dutch and returns what it printed. */
static char *
run_cli_dutch (const char *path,
               ...)
{
  const char *cli = g_getenv ("TURNOUT_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) path);
  va_start (ap, path);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "nl", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

/* The JSON object of @email in `member list --json`. */
static JsonObject *
find_member_json (JsonNode   *root,
                  const char *email)
{
  JsonArray *members = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);

      if (g_strcmp0 (json_object_get_string_member (member, "email"), email) == 0)
        return member;
    }
  g_assert_not_reached ();
}

/* Reasons Turnout writes itself are read in the reader's language: a
 * member wait listed for lack of a seat while Turnout ran in English reads
 * Dutch in the members table, the member's details, the history and the
 * command-line tool; a reason a person typed stays as written. */
static void
test_reasons (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(TurnoutMember) bob = NULL;
  g_autoptr(TurnoutMember) cho = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  TurnoutProgramSpec spec = { .name = "Small room", .capacity = 1 };
  const char *dutch = "Er is geen plaats vrij (1 van 1 bezet): op de wachtlijst gezet";
  TurnoutHistoryEntry *last;
  JsonObject *member;
  TurnoutDb *db;
  gint64 program, bob_id, cho_id;
  int row;

  /* Written in English. */
  use_language ("en");
  db = turnout_test_open_db (path);
  program = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);
  turnout_test_add_person (db, program, "ann@example.com", TURNOUT_STATUS_REGISTERED);
  bob_id = turnout_test_add_person (db, program, "bob@example.com", TURNOUT_STATUS_INVITED);
  cho_id = turnout_test_add_person (db, program, "cho@example.com", TURNOUT_STATUS_INVITED);
  {
    g_autoptr(GPtrArray) results = turnout_db_change_status (db, program, TURNOUT_STATUS_REGISTERED, &bob_id, 1,
                                                             NULL, TURNOUT_SOURCE_MANUAL, &error);
    TurnoutChangeResult *result;

    g_assert_no_error (error);
    result = g_ptr_array_index (results, 0);
    g_assert_cmpstr (result->new_status, ==, TURNOUT_STATUS_WAIT_LISTED);
    g_assert_cmpstr (result->reason, ==, "No seat is free (1 of 1 taken): wait listed");
  }
  {
    g_autoptr(GPtrArray) results = turnout_db_change_status (db, program, TURNOUT_STATUS_REJECTED, &cho_id, 1,
                                                             "Promoted from the wait list, said Ann",
                                                             TURNOUT_SOURCE_MANUAL, &error);

    g_assert_no_error (error);
  }
  /* The English words stay in the text column, for search and older
   * readers, beside the key. */
  g_assert_cmpint (turnout_test_query_int (db, "SELECT count(*) FROM memberships"
                                               " WHERE status_reason = 'No seat is free (1 of 1 taken): wait listed'"
                                               " AND status_reason_key = 'no-seat-wait-listed'"
                                               " AND status_reason_args = '1\0371'"), ==, 1);

  /* Read in Dutch. */
  use_language ("nl");
  table = turnout_member_table_load (db, program, NULL, &error);
  g_assert_no_error (error);
  row = turnout_member_table_find_person (table, bob_id);
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpstr (turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_STATUS_REASON), ==, dutch);
  row = turnout_member_table_find_person (table, cho_id);
  g_assert_cmpstr (turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_STATUS_REASON), ==,
                   "Promoted from the wait list, said Ann");

  bob = turnout_db_get_member (db, program, bob_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bob->status_reason, ==, dutch);
  g_assert_cmpstr (bob->status_reason_key, ==, "no-seat-wait-listed");
  cho = turnout_db_get_member (db, program, cho_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cho->status_reason, ==, "Promoted from the wait list, said Ann");
  g_assert_cmpstr (cho->status_reason_key, ==, "");

  history = turnout_db_get_history (db, program, bob_id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (last->reason, ==, dutch);
  g_assert_cmpstr (last->reason_key, ==, "no-seat-wait-listed");
  turnout_db_close (db);

  out = run_cli_dutch (path, "member", "list", "Small room", "--json", NULL);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  member = find_member_json (json_parser_get_root (parser), "bob@example.com");
  g_assert_cmpstr (json_object_get_string_member (member, "status_reason"), ==, dutch);
  g_assert_cmpstr (json_object_get_string_member (member, "status_reason_key"), ==, "no-seat-wait-listed");
  member = find_member_json (json_parser_get_root (parser), "cho@example.com");
  g_assert_cmpstr (json_object_get_string_member (member, "status_reason"), ==, "Promoted from the wait list, said Ann");
  g_assert_false (json_object_has_member (member, "status_reason_key"));
  g_clear_pointer (&out, g_free);

  out = run_cli_dutch (path, "member", "list", "Small room", NULL);
  g_assert_nonnull (strstr (out, dutch));
  g_clear_pointer (&out, g_free);

  out = run_cli_dutch (path, "history", "Small room", "bob@example.com", "--json", NULL);
  g_assert_nonnull (strstr (out, dutch));
  g_assert_nonnull (strstr (out, "\"reason_key\" : \"no-seat-wait-listed\""));
}

/* A reason an older Turnout stored in English words gets its key when the
 * database is opened, and is then read in Dutch; typed text that merely
 * starts like one keeps its words. */
static void
test_reasons_migrated (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMember) ann = NULL;
  g_autoptr(TurnoutMember) bob = NULL;
  g_autoptr(GPtrArray) history = NULL;
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Older");
  gint64 ann_id = turnout_test_add_person (db, program, "ann@example.com", TURNOUT_STATUS_WAIT_LISTED);
  gint64 bob_id = turnout_test_add_person (db, program, "bob@example.com", TURNOUT_STATUS_REGISTERED);
  sqlite3 *raw = NULL;

  turnout_db_close (db);
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
                                 TURNOUT_TEST_DROP_SCHEMA_9
                                 "DROP TABLE IF EXISTS change_members;"
                                 "DROP TABLE IF EXISTS changes;"
                                 "ALTER TABLE memberships DROP COLUMN status_reason_key;"
                                 "ALTER TABLE memberships DROP COLUMN status_reason_args;"
                                 "ALTER TABLE status_history DROP COLUMN reason_key;"
                                 "ALTER TABLE status_history DROP COLUMN reason_args;"
                                 "UPDATE memberships SET status_reason = 'No seat is free (40 of 40 taken): wait listed'"
                                 " WHERE status = 'wait-listed';"
                                 "UPDATE status_history SET reason = 'No seat is free (40 of 40 taken): wait listed'"
                                 " WHERE new_status = 'wait-listed';"
                                 "UPDATE memberships SET status_reason = 'Promoted from the wait list by phone'"
                                 " WHERE status = 'registered';"
                                 "PRAGMA user_version = 6;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  db = turnout_test_open_db (path);
  ann = turnout_db_get_member (db, program, ann_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ann->status_reason_key, ==, "no-seat-wait-listed");
  g_assert_cmpstr (ann->status_reason, ==, "Er is geen plaats vrij (40 van 40 bezet): op de wachtlijst gezet");
  history = turnout_db_get_history (db, program, ann_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((TurnoutHistoryEntry *) g_ptr_array_index (history, 0))->reason, ==,
                   "Er is geen plaats vrij (40 van 40 bezet): op de wachtlijst gezet");
  bob = turnout_db_get_member (db, program, bob_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bob->status_reason_key, ==, "");
  g_assert_cmpstr (bob->status_reason, ==, "Promoted from the wait list by phone");
  turnout_db_close (db);
}

/* ON24's refusal as the client words it in Dutch is stored as its key,
 * with ON24's own words as a value, and read in English by an English
 * reader. */
static void
test_reasons_on24_refusal (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(TurnoutChangeResult) refused = NULL;
  g_autoptr(TurnoutMember) ann = NULL;
  g_autofree char *message = NULL;
  TurnoutProgramSpec spec = { .name = "Linked", .capacity = -1, .on24_event_id = 311512 };
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_db_add_program (db, &spec, &error);
  gint64 ann_id;

  g_assert_no_error (error);
  ann_id = turnout_test_add_person (db, program, "ann@example.com", TURNOUT_STATUS_REGISTERED);
  due = turnout_outbox_take_due (db, program, G_MAXINT64 / 2, "test", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);

  message = g_strdup_printf (_("ON24 refused: %s (HTTP %u)"), "Adres ongeldig", 400);
  g_assert_cmpstr (message, ==, "ON24 weigerde: Adres ongeldig (HTTP 400)");
  refused = turnout_outbox_refuse (db, ((TurnoutOutboxEntry *) g_ptr_array_index (due, 0))->id, message, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (refused->reason, ==, message);

  use_language ("en");
  ann = turnout_db_get_member (db, program, ann_id, &error);
  use_language ("nl");
  g_assert_no_error (error);
  g_assert_cmpstr (ann->status_reason_key, ==, "on24-refused");
  g_assert_cmpstr (ann->status_reason, ==, "ON24 refused: Adres ongeldig (HTTP 400)");
  turnout_db_close (db);
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("TURNOUT_LOCALEDIR");

  /* Before GTK starts: its widgets read translations as they are built. */
  g_setenv ("LANGUAGE", "nl", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  use_language ("nl");

  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* The Dutch catalogue is there, or nothing below means anything. */
  g_assert_cmpstr (_("No Programs Yet"), ==, "Nog geen programma's");

  adw_init ();
  app = turnout_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/i18n/status-names", test_status_names);
  g_test_add_func ("/i18n/window-empty", test_window_empty);
  g_test_add_func ("/i18n/window-program", test_window_program);
  g_test_add_func ("/i18n/window-numbers", test_window_numbers);
  g_test_add_func ("/i18n/cli", test_cli);
  g_test_add_func ("/i18n/reasons", test_reasons);
  g_test_add_func ("/i18n/reasons-migrated", test_reasons_migrated);
  g_test_add_func ("/i18n/reasons-on24-refusal", test_reasons_on24_refusal);

  return g_test_run ();
}
