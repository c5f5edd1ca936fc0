/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-forget-window.c: Forget Person in the main window, as a
 * coordinator would do it.
 *
 * A real database with a program linked to an event of the ON24 simulator
 * (in-process, on loopback), a member with a distinctive address, a
 * reason typed about them and a question they asked; a real TurnoutWindow.
 * The member is selected, win.forget-person opens the confirmation, and
 * its answer is given. Afterwards the window shows a forgotten person and
 * the database file's bytes no longer hold anything of theirs; on Cancel,
 * or when ON24 fails first, nothing changed.
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "turnout-application.h"
#include "turnout-channel.h"
#include "turnout-forget-dialog.h"
#include "turnout-member-details.h"
#include "turnout-member-list.h"
#include "turnout-member-selection.h"
#include "turnout-member-table.h"
#include "turnout-on24-service.h"
#include "turnout-test-on24.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"
#include "turnout-window.h"

#define ADDRESS  "forget.me.please@example.org"
#define REASON   "Prefers a phone call on Tuesdays"
#define QUESTION "Will my colleague Quirinus get the slides too?"

typedef struct
{
  char               *path;
  TurnoutOn24Sim     *sim;
  TurnoutStore       *store;
  TurnoutOn24Service *service;
  TurnoutWindow      *window;
  gint64              linked;
} Fixture;

/* Pictures in another language (TURNOUT_TEST_SHOT_DIR, LANGUAGE=nl) run
 * the same steps; the words checked then are the translations, and the
 * sentences made of several are checked in English only. */
static gboolean
in_english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || *language == '\0';
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* Ended 20 minutes ago: before the first automatic refresh (+30 min). */
  g_autofree char *end = turnout_test_iso_from_now (-20 * 60);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  TurnoutPersonSpec fiona = { .email = ADDRESS, .first_name = "Fiona", .last_name = "Vergeet",
                              .company = "Erasure Holding", .job_title = "Data Steward" };
  TurnoutPersonSpec stay = { .email = "stay@example.org", .first_name = "Stijn", .last_name = "Blijft" };
  g_autoptr(TurnoutChangeResult) added = NULL;
  g_autoptr(TurnoutChangeResult) stays = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  TurnoutDb *db;

  fixture->sim = turnout_test_sim_new (end, NULL);
  g_assert_true (turnout_on24_sim_add_registrants_json (fixture->sim, TEST_EVENT_ID,
                                                        "[{\"email\": \"" ADDRESS "\", \"firstname\": \"Fiona\","
                                                        " \"lastname\": \"Vergeet\"}]",
                                                        &error));
  g_assert_no_error (error);
  fixture->path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (fixture->path);
  turnout_test_set_account (db, turnout_on24_sim_get_base_url (fixture->sim));
  fixture->linked = turnout_test_add_linked_program (db, "Product Launch Webinar", end);

  added = turnout_db_add_member (db, fixture->linked, &fiona, NULL, TURNOUT_SOURCE_IMPORT, &error);
  g_assert_no_error (error);
  stays = turnout_db_add_member (db, fixture->linked, &stay, NULL, TURNOUT_SOURCE_IMPORT, &error);
  g_assert_no_error (error);
  changed = turnout_db_change_status (db, fixture->linked, TURNOUT_STATUS_PENDING_APPROVAL,
                                      &added->person_id, 1, REASON, TURNOUT_SOURCE_MANUAL, &error);
  g_assert_no_error (error);
  turnout_db_close (db);

  sql = g_strdup_printf ("INSERT INTO member_questions (program_id, person_id, position, questionid, content)"
                         " SELECT %" G_GINT64_FORMAT ", id, 0, 11, '" QUESTION "'"
                         " FROM people WHERE email = '" ADDRESS "';"
                         "UPDATE memberships SET asked_questions = 1, answered_polls = 2, answered_surveys = 0"
                         " WHERE person_id = (SELECT id FROM people WHERE email = '" ADDRESS "');",
                         fixture->linked);
  exec_sql (fixture, sql);
}

static void
close_window (Fixture *fixture)
{
  if (fixture->service != NULL)
    turnout_on24_service_stop (fixture->service);
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->store);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture);
  g_clear_object (&fixture->sim);
  g_free (fixture->path);
}

static gboolean
has_client (gpointer data)
{
  return turnout_on24_service_get_client (data) != NULL;
}

/* @with_on24: with the ON24 service, its account loaded. */
static void
open_window (Fixture  *fixture,
             gboolean  with_on24)
{
  fixture->store = turnout_store_new (fixture->path);
  fixture->window = g_object_ref_sink (turnout_window_new (NULL, fixture->store));
  if (with_on24)
    {
      fixture->service = turnout_on24_service_new (fixture->store);
      turnout_window_set_on24_service (fixture->window, fixture->service);
    }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  turnout_test_wait_window (fixture->window);
  if (with_on24)
    {
      turnout_on24_service_start (fixture->service);
      turnout_test_spin_until (has_client, fixture->service, 20000);
    }
  turnout_window_select_program (fixture->window, fixture->linked);
  turnout_test_wait_window (fixture->window);
}

static TurnoutMemberTable *
table (Fixture *fixture)
{
  GtkSelectionModel *selection = turnout_window_get_members (fixture->window);

  return turnout_member_list_get_table (turnout_member_selection_get_list (TURNOUT_MEMBER_SELECTION (selection)));
}

static void
select_email (Fixture    *fixture,
              const char *email)
{
  GtkSelectionModel *selection = turnout_window_get_members (fixture->window);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(TurnoutMemberRow) row = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (g_strcmp0 (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_EMAIL), email) == 0)
        {
          gtk_selection_model_select_item (selection, i, TRUE);
          found = TRUE;
        }
    }
  g_assert_true (found);
  turnout_test_wait_window (fixture->window);
}

static TurnoutMemberDetails *
details (Fixture *fixture)
{
  return TURNOUT_MEMBER_DETAILS (turnout_test_find_widget (GTK_WIDGET (fixture->window),
                                                           TURNOUT_TYPE_MEMBER_DETAILS, NULL));
}

static GtkLabel *
details_label (Fixture    *fixture,
               const char *name)
{
  return GTK_LABEL (turnout_test_find_widget (GTK_WIDGET (details (fixture)), GTK_TYPE_LABEL, name));
}

/* Whether the details' button for @name can be pressed: it follows its
 * action. */
static gboolean
action_enabled (Fixture    *fixture,
                const char *name)
{
  GtkWidget *button = turnout_test_find_actionable (GTK_WIDGET (details (fixture)), name);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static gboolean
dialog_shown (gpointer data)
{
  return turnout_test_find_window (TURNOUT_TYPE_FORGET_DIALOG) != NULL;
}

static TurnoutForgetDialog *
open_forget_dialog (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.forget-person", NULL);
  turnout_test_spin_until (dialog_shown, NULL, 10000);
  return TURNOUT_FORGET_DIALOG (turnout_test_find_window (TURNOUT_TYPE_FORGET_DIALOG));
}

static gboolean
dialog_gone (gpointer data)
{
  return turnout_test_find_window (TURNOUT_TYPE_FORGET_DIALOG) == NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !turnout_forget_dialog_get_busy (data);
}

/* Until the dialog knows the person's ON24 events (a store job): they
 * are in the linked program, so it offers to ask ON24. */
static gboolean
on24_shown (gpointer data)
{
  return turnout_forget_dialog_get_on24_shown (data);
}

static void
wait_dialog_ready (TurnoutForgetDialog *dialog)
{
  turnout_test_spin_until (on24_shown, dialog, 10000);
}

static gboolean
person_exists (Fixture    *fixture,
               const char *email)
{
  TurnoutDb *db = turnout_test_open_db (fixture->path);
  g_autoptr(TurnoutPerson) person = turnout_db_find_person (db, email, NULL);

  turnout_db_close (db);
  return person != NULL;
}

static gboolean
table_has_email (Fixture    *fixture,
                 const char *email)
{
  TurnoutMemberTable *members = table (fixture);

  for (guint i = 0; i < turnout_member_table_get_n_rows (members); i++)
    if (g_strcmp0 (turnout_member_table_get_text (members, i, TURNOUT_MEMBER_TEXT_EMAIL), email) == 0)
      return TRUE;
  return FALSE;
}


static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  TurnoutForgetDialog *dialog;
  AdwMessageDialog *message;
  GtkWidget *engagement;
  const char *body;

  /* Before: the file holds them, as the test's own check of itself. */
  g_assert_true (turnout_test_db_holds (fixture->path, ADDRESS));

  open_window (fixture, FALSE);
  select_email (fixture, ADDRESS);
  g_assert_cmpstr (gtk_label_get_text (details_label (fixture, "name_label")), ==, "Fiona Vergeet");
  g_assert_cmpstr (gtk_label_get_text (details_label (fixture, "email_label")), ==, ADDRESS);
  g_assert_true (action_enabled (fixture, "win.forget-person"));
  g_assert_true (action_enabled (fixture, "win.edit-person"));
  engagement = turnout_test_find_widget (GTK_WIDGET (details (fixture)), ADW_TYPE_ACTION_ROW, "engagement_row");
  g_assert_true (gtk_widget_get_visible (engagement));
  /* Downloads were not reported: left out, not 0. */
  if (in_english ())
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (engagement)), ==,
                     "1 question asked · 2 polls answered · 0 surveys answered");

  turnout_test_shoot (GTK_WIDGET (fixture->window), "forget-window-before");

  dialog = open_forget_dialog (fixture);
  message = ADW_MESSAGE_DIALOG (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  body = adw_message_dialog_get_body (message);
  g_test_message ("body: %s", body);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (message), "Fiona Vergeet"));
  if (in_english ())
    {
      g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Forget Fiona Vergeet?");
      g_assert_nonnull (strstr (body, "e-mail address, names, company, job title, the reasons typed about them "
                                      "and the questions they asked are erased from every program"));
      g_assert_nonnull (strstr (body, "“Forgotten person”"));
      g_assert_nonnull (strstr (body, "cannot be undone"));
      g_assert_nonnull (strstr (body, "Exports made before are not changed"));
    }
  g_assert_cmpstr (adw_message_dialog_get_default_response (message), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (message), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (message, "forget"), ==, ADW_RESPONSE_DESTRUCTIVE);

  /* In a linked program, but no ON24 account in this window: offered,
   * not possible. */
  wait_dialog_ready (dialog);
  g_assert_false (turnout_forget_dialog_get_ask_on24 (dialog));
  turnout_test_shoot (GTK_WIDGET (dialog), "forget-dialog-no-account");

  adw_message_dialog_response (message, "forget");
  /* Asked twice while it runs: the second is ignored. */
  adw_message_dialog_response (message, "forget");
  turnout_test_spin_until (dialog_gone, NULL, 20000);
  turnout_test_wait_window (fixture->window);

  g_assert_cmpstr (turnout_window_get_last_toast (fixture->window), ==, _("Personal data of one person erased"));
  g_assert_cmpstr (gtk_label_get_text (details_label (fixture, "name_label")), ==, _("Forgotten person"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details_label (fixture, "email_label"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details_label (fixture, "work_label"))));
  g_assert_true (turnout_member_details_is_forgotten (details (fixture)));
  g_assert_false (gtk_widget_get_visible (turnout_test_find_widget (GTK_WIDGET (details (fixture)),
                                                                    GTK_TYPE_BUTTON, "forget_button")));
  g_assert_false (action_enabled (fixture, "win.edit-person"));
  g_assert_cmpuint (turnout_member_details_get_n_questions (details (fixture)), ==, 0);
  /* The newest history row says what happened, not a move to where they were. */
  g_assert_cmpstr (turnout_member_details_get_history_title (details (fixture), 0), ==, _("Forgotten on request"));
  turnout_test_shoot (GTK_WIDGET (fixture->window), "forget-window-after");

  /* The membership stays, without the address; the other member is as
   * they were. */
  g_assert_cmpuint (turnout_member_table_get_n_rows (table (fixture)), ==, 2);
  g_assert_false (table_has_email (fixture, ADDRESS));
  g_assert_true (table_has_email (fixture, "stay@example.org"));

  /* Nothing of them in the file's bytes: not the address, the name, the
   * reason typed about them, nor their question. */
  close_window (fixture);
  g_assert_false (person_exists (fixture, ADDRESS));
  g_assert_true (person_exists (fixture, "stay@example.org"));
  g_assert_false (turnout_test_db_holds (fixture->path, ADDRESS));
  g_assert_false (turnout_test_db_holds (fixture->path, "Vergeet"));
  g_assert_false (turnout_test_db_holds (fixture->path, "Erasure Holding"));
  g_assert_false (turnout_test_db_holds (fixture->path, REASON));
  g_assert_false (turnout_test_db_holds (fixture->path, QUESTION));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  TurnoutForgetDialog *dialog;
  g_autofree char *before = turnout_test_dump_db (fixture->path);
  g_autofree char *after = NULL;

  open_window (fixture, FALSE);
  select_email (fixture, ADDRESS);
  dialog = open_forget_dialog (fixture);
  wait_dialog_ready (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  turnout_test_spin_until (dialog_gone, NULL, 5000);
  turnout_test_wait_window (fixture->window);

  g_assert_cmpstr (gtk_label_get_text (details_label (fixture, "name_label")), ==, "Fiona Vergeet");
  g_assert_true (table_has_email (fixture, ADDRESS));
  g_assert_true (action_enabled (fixture, "win.forget-person"));
  close_window (fixture);
  after = turnout_test_dump_db (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

/* The window closed in the moment before the dialog shows (while it asks
 * the store for the person's ON24 events): no dialog appears on its own. */
static void
test_closed_before_shown (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWindow *left;
  gint64 until;

  open_window (fixture, FALSE);
  select_email (fixture, ADDRESS);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.forget-person", NULL);
  close_window (fixture);
  until = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);

  left = turnout_test_find_window (TURNOUT_TYPE_FORGET_DIALOG);
  g_assert_true (left == NULL || !gtk_widget_get_visible (GTK_WIDGET (left)));
}

/* With an account, ON24 is asked first, at the linked program's event. */
static void
test_forget_on24 (Fixture       *fixture,
                  gconstpointer  data)
{
  TurnoutForgetDialog *dialog;
  guint forgets;

  open_window (fixture, TRUE);
  select_email (fixture, ADDRESS);
  dialog = open_forget_dialog (fixture);
  wait_dialog_ready (dialog);
  g_assert_true (turnout_forget_dialog_get_ask_on24 (dialog));
  turnout_test_shoot (GTK_WIDGET (dialog), "forget-dialog");

  forgets = turnout_on24_sim_count_forgets (fixture->sim);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "forget");
  turnout_test_spin_until (dialog_gone, NULL, 20000);
  turnout_test_wait_window (fixture->window);

  g_assert_cmpuint (turnout_on24_sim_count_forgets (fixture->sim), ==, forgets + 1);
  g_assert_nonnull (strstr (turnout_on24_sim_get_forget_form (fixture->sim), "eventid=" G_STRINGIFY (TEST_EVENT_ID)));
  g_assert_cmpstr (gtk_label_get_text (details_label (fixture, "name_label")), ==, _("Forgotten person"));
  g_assert_false (table_has_email (fixture, ADDRESS));
  close_window (fixture);
  g_assert_false (person_exists (fixture, ADDRESS));
  g_assert_false (turnout_test_db_holds (fixture->path, ADDRESS));
}

/* ON24 fails: nothing here is erased, the dialog says so and stays for
 * another try, or for Cancel. */
static void
test_forget_on24_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TurnoutForgetDialog *dialog;
  g_autofree char *before = turnout_test_dump_db (fixture->path);
  g_autofree char *after = NULL;
  const char *problem;

  open_window (fixture, TRUE);
  select_email (fixture, ADDRESS);
  dialog = open_forget_dialog (fixture);
  wait_dialog_ready (dialog);
  g_assert_true (turnout_on24_sim_add_fault_json (fixture->sim,
                                                  "{\"kind\": \"status\", \"status\": 400, \"count\": -1,"
                                                  " \"path\": \"forget\"}", &error));
  g_assert_no_error (error);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "forget");
  turnout_test_spin_until (not_busy, dialog, 20000);
  problem = turnout_forget_dialog_get_problem (dialog);
  g_assert_nonnull (problem);
  g_test_message ("problem: %s", problem);
  if (in_english ())
    {
      g_assert_true (g_str_has_prefix (problem, "ON24 could not forget them: "));
      g_assert_true (g_str_has_suffix (problem, "Nothing was erased."));
    }
  g_assert_null (strstr (problem, ADDRESS));
  g_assert_true (dialog_shown (NULL));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "forget"));
  turnout_test_shoot (GTK_WIDGET (dialog), "forget-dialog-on24-failed");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  turnout_test_spin_until (dialog_gone, NULL, 5000);
  turnout_test_wait_window (fixture->window);
  g_assert_cmpstr (gtk_label_get_text (details_label (fixture, "name_label")), ==, "Fiona Vergeet");
  close_window (fixture);
  after = turnout_test_dump_db (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  turnout_test_use_env_tokens ();
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();
  adw_init ();
  turnout_test_shots_style ();

  g_test_add ("/forget-window/forget", Fixture, NULL, fixture_set_up, test_forget, fixture_tear_down);
  g_test_add ("/forget-window/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/forget-window/closed-before-shown", Fixture, NULL, fixture_set_up, test_closed_before_shown,
              fixture_tear_down);
  g_test_add ("/forget-window/on24", Fixture, NULL, fixture_set_up, test_forget_on24, fixture_tear_down);
  g_test_add ("/forget-window/on24-fails", Fixture, NULL, fixture_set_up, test_forget_on24_fails,
              fixture_tear_down);
  return g_test_run ();
}
