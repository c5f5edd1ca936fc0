/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-member-dialogs.c: the Import, Approve Pending, wait list and rules
 * dialogs under Xvfb, driven through their actions as a person would, on a
 * real database behind a real TurnoutStore. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "turnout-approve-dialog.h"
#include "turnout-batch-dialog.h"
#include "turnout-db-private.h"
#include "turnout-import.h"
#include "turnout-import-dialog.h"
#include "turnout-rules-dialog.h"
#include "turnout-rules.h"
#include "turnout-store.h"
#include "turnout-test-ui.h"
#include "turnout-test-utils.h"
#include "turnout-waitlist-dialog.h"
#include "turnout-waitlist.h"

typedef struct
{
  char         *path;
  gint64        program_id;
  TurnoutStore *store;
  GtkWindow    *parent;
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

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TurnoutProgramSpec spec = { .name = "Dialogs", .capacity = 2 };
  TurnoutDb *db;

  f->path = turnout_test_temp_db_path ();
  db = turnout_test_open_db (f->path);
  f->program_id = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);
  turnout_db_close (db);

  f->store = turnout_store_new (f->path);
  turnout_store_open_async (f->store, NULL, open_cb, f);
  turnout_test_spin_until (is_true, &f->opened, 5000);

  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (f->parent);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->parent);
  g_clear_object (&f->store);
  g_free (f->path);
}

/* A second connection, as another process would read the file. */
static TurnoutDb *
reopen (Fixture *f)
{
  return turnout_test_open_db (f->path);
}

static int count_members (Fixture    *f,
                          gint64      program_id,
                          const char *status);
static const char *label_text (GtkWidget  *dialog,
                               const char *name);
static int count_history (Fixture    *f,
                          gint64      program_id);

/* A toast shows over each page of a dialog: GTK repaints only the toast
 * when the page under it draws as one node (turnout-clip-bin.c), and all
 * of the page when its picture is a list, as a GtkStack's is. */
static void
assert_page_one_node (gpointer dialog)
{
  GtkWidget *overlay = turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_TOAST_OVERLAY, "toast_overlay");

  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (turnout_test_draws_one_node (adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay))));
}

static gboolean
import_idle (gpointer data)
{
  return !turnout_import_dialog_get_busy (data);
}

static void
on_imported (TurnoutImportDialog *dialog,
             guint                added,
             guint                updated,
             guint                skipped,
             guint               *signalled)
{
  signalled[0] = added;
  signalled[1] = updated;
  signalled[2] = skipped;
  signalled[3] = TRUE;
}

static void
test_import_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "csv", "invalid-emails.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  const TurnoutImportPreview *preview;
  const TurnoutImportReport *report;
  TurnoutImportDialog *dialog;
  guint signalled[4] = { 0 };
  TurnoutDb *db;

  dialog = turnout_import_dialog_present (f->parent, f->store, f->program_id);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported), signalled);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == f->parent);

  /* Nothing to import before a file is chosen. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  g_assert_false (turnout_import_dialog_get_busy (dialog));

  turnout_import_dialog_open_file (dialog, file);
  turnout_test_spin_until (import_idle, dialog, 5000);
  assert_page_one_node (dialog);

  preview = turnout_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->n_columns, ==, 3);
  g_assert_cmpuint (preview->n_records, ==, 7);
  g_assert_cmpuint (preview->n_good, ==, 2);
  g_assert_cmpuint (preview->problems->len, ==, 5);

  /* The preview wrote nothing. */
  db = reopen (f);
  {
    g_autoptr(GPtrArray) members = turnout_db_list_members (db, f->program_id, NULL, NULL, NULL);
    g_assert_cmpuint (members->len, ==, 0);
  }
  turnout_db_close (db);

  /* Fix the mapping: drop the last name column; the preview follows. */
  turnout_import_dialog_set_mapping (dialog, 2, TURNOUT_CSV_FIELD_NONE);
  turnout_test_spin_until (import_idle, dialog, 5000);
  preview = turnout_import_dialog_get_preview (dialog);
  g_assert_cmpint (g_array_index (preview->mapping, TurnoutCsvField, 2), ==, TURNOUT_CSV_FIELD_NONE);

  /* A new status is worked out again before Import is offered. */
  turnout_import_dialog_set_status (dialog, "pending-approval");
  g_assert_null (turnout_import_dialog_get_outcome (dialog));
  turnout_test_spin_until (import_idle, dialog, 10000);
  g_assert_cmpuint (turnout_import_dialog_get_outcome (dialog)->n_added, ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  turnout_test_spin_until (import_idle, dialog, 10000);

  report = turnout_import_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_added, ==, 2);
  g_assert_cmpuint (report->n_bad, ==, 5);
  assert_page_one_node (dialog);
  g_assert_true (signalled[3]);
  g_assert_cmpuint (signalled[0], ==, 2);
  g_assert_cmpuint (signalled[2], ==, 5);

  db = reopen (f);
  {
    g_autoptr(GPtrArray) members = turnout_db_list_members (db, f->program_id, "pending-approval", NULL, NULL);
    TurnoutMember *m;

    g_assert_cmpuint (members->len, ==, 2);
    m = g_ptr_array_index (members, 0);
    g_assert_cmpstr (m->person.last_name, ==, "");   /* the column was not imported */
  }
  turnout_db_close (db);

  gtk_window_destroy (GTK_WINDOW (dialog));
}


static void
test_import_dialog_cancel (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *csv = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Email;Voornaam\n");
  g_autoptr(GFile) file = NULL;
  TurnoutImportDialog *dialog;
  TurnoutDb *db;

  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (text, "p%u@example.com;P%u\n", i, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  file = g_file_new_for_path (csv);

  dialog = turnout_import_dialog_present (f->parent, f->store, f->program_id);
  turnout_import_dialog_open_file (dialog, file);
  turnout_test_spin_until (import_idle, dialog, 10000);
  g_assert_cmpuint (turnout_import_dialog_get_preview (dialog)->n_good, ==, 50000);

  /* Import, then Cancel at once: the program is left as it was. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  g_assert_true (turnout_import_dialog_get_busy (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  turnout_test_spin_until (import_idle, dialog, 20000);
  g_assert_null (turnout_import_dialog_get_report (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  db = reopen (f);
  {
    g_autoptr(GPtrArray) members = turnout_db_list_members (db, f->program_id, NULL, NULL, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(TurnoutPerson) person = turnout_db_find_person (db, "p1@example.com", &error);

    g_assert_cmpuint (members->len, ==, 0);
    g_assert_null (person);
  }
  turnout_db_close (db);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
import_counting (gpointer dialog)
{
  GtkWidget *bar = turnout_test_find_widget (dialog, GTK_TYPE_PROGRESS_BAR, "progress_bar");
  const char *text = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar));

  return text != NULL && g_ascii_strtoull (text, NULL, 10) > 0;
}

/* The dry run for what an import would do is under way and has come
 * some of the way. */
static gboolean
outcome_counting (gpointer dialog)
{
  GtkWidget *bar = turnout_test_find_widget (dialog, GTK_TYPE_PROGRESS_BAR, "outcome_bar");

  return gtk_widget_get_visible (bar) && gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0;
}

/* A large import: working out what it would do shows how far it has
 * come, writing nothing; the import shows how many rows it has done of
 * how many, its Import is disabled meanwhile, and Cancel mid-import
 * writes nothing. */
static void
test_import_dialog_progress_cancel (Fixture       *f,
                                    gconstpointer  data)
{
  const guint n = 200000;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *csv = g_build_filename (dir, "bigger.csv", NULL);
  g_autofree char *suffix = g_strdup_printf (" of %u rows", n);
  g_autoptr(GString) text = g_string_new ("Email;Voornaam\n");
  g_autoptr(GFile) file = NULL;
  TurnoutImportDialog *dialog;
  GtkWidget *bar, *import;
  const char *shown;
  guint64 done;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "p%u@example.com;P%u\n", i, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  file = g_file_new_for_path (csv);

  dialog = turnout_import_dialog_present (f->parent, f->store, f->program_id);
  turnout_import_dialog_open_file (dialog, file);
  /* What it would do takes as long as the import: it shows how far it
   * has come, Import disabled until it is done. */
  import = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "import_button");
  turnout_test_spin_until (outcome_counting, dialog, 20000);
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "outcome_label"), ==, "Checking what the import would do…");
  g_assert_false (gtk_widget_get_sensitive (import));
  turnout_test_spin_until (import_idle, dialog, 60000);
  g_assert_cmpuint (turnout_import_dialog_get_outcome (dialog)->n_added, ==, n);
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "outcome_label"), ==, "200000 new members");
  g_assert_cmpint (count_members (f, f->program_id, "invited"), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (import));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  g_assert_false (gtk_widget_get_sensitive (import));
  turnout_test_spin_until (import_counting, dialog, 20000);
  bar = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR, "progress_bar");
  shown = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar));
  g_test_message ("progress: %s", shown);
  g_assert_true (g_str_has_suffix (shown, suffix));
  done = g_ascii_strtoull (shown, NULL, 10);
  g_assert_cmpuint (done, <, n);
  g_assert_false (gtk_widget_get_sensitive (import));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  turnout_test_spin_until (import_idle, dialog, 20000);
  g_assert_null (turnout_import_dialog_get_report (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_sensitive (import));

  g_assert_cmpint (count_members (f, f->program_id, "invited"), ==, 0);
  g_assert_cmpint (count_history (f, f->program_id), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
approve_idle (gpointer data)
{
  return !turnout_approve_dialog_get_busy (data);
}

/* Approve or Reject as a person does: the preview, then the decision. */
static void
decide (TurnoutApproveDialog *dialog,
        const char           *action)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_true (turnout_approve_dialog_get_preview (dialog, NULL));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.confirm", NULL);
  turnout_test_spin_until (approve_idle, dialog, 5000);
}

static void
test_approve_dialog (Fixture       *f,
                     gconstpointer  data)
{
  TurnoutApproveDialog *dialog;
  TurnoutDb *db = reopen (f);
  g_autoptr(TurnoutMember) a = NULL;
  g_autoptr(TurnoutMember) b = NULL;
  gint64 ida, idb;

  ida = turnout_test_add_person (db, f->program_id, "a@example.com", "pending-approval");
  idb = turnout_test_add_person (db, f->program_id, "b@example.com", "pending-approval");
  turnout_test_add_person (db, f->program_id, "c@example.com", "invited");
  turnout_db_close (db);

  dialog = turnout_approve_dialog_present (f->parent, f->store, f->program_id);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, 2);
  assert_page_one_node (dialog);

  turnout_approve_dialog_select (dialog, ida, TRUE);
  turnout_approve_dialog_set_reason (dialog, "Customer");
  decide (dialog, "approve.approve");
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, 1);

  turnout_approve_dialog_select (dialog, idb, TRUE);
  decide (dialog, "approve.reject");
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, 0);
  assert_page_one_node (dialog);

  db = reopen (f);
  a = turnout_db_get_member (db, f->program_id, ida, NULL);
  b = turnout_db_get_member (db, f->program_id, idb, NULL);
  g_assert_cmpstr (a->status, ==, "registered");
  g_assert_cmpstr (a->status_reason, ==, "Customer");
  g_assert_cmpstr (b->status, ==, "rejected");
  turnout_db_close (db);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
waitlist_idle (gpointer data)
{
  return !turnout_waitlist_dialog_get_busy (data);
}

static void
test_waitlist_dialog (Fixture       *f,
                      gconstpointer  data)
{
  TurnoutWaitlistDialog *dialog;
  TurnoutDb *db = reopen (f);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, d;

  a = turnout_test_add_person (db, f->program_id, "a@example.com", "registered");
  turnout_test_add_person (db, f->program_id, "b@example.com", "registered");
  turnout_test_add_person (db, f->program_id, "c@example.com", "registered");
  d = turnout_test_add_person (db, f->program_id, "d@example.com", "registered");
  turnout_db_close (db);

  dialog = turnout_waitlist_dialog_present (f->parent, f->store, f->program_id);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);
  g_assert_cmpstr (turnout_waitlist_dialog_get_seats_text (dialog), ==, "2 of 2 seats taken, 2 waiting");
  assert_page_one_node (dialog);

  /* d to the front, with a reason. */
  turnout_waitlist_dialog_set_reason (dialog, "Speaker");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.move-up", "x", d);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);

  db = reopen (f);
  waiting = turnout_waitlist_list (db, f->program_id, &error);
  g_assert_cmpstr (((TurnoutMember *) g_ptr_array_index (waiting, 0))->person.email, ==, "d@example.com");
  g_clear_pointer (&waiting, g_ptr_array_unref);
  turnout_db_close (db);

  /* Its toast's Undo moves d back, once; then d goes up again. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.undo-move", NULL);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.undo-move", NULL);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);
  db = reopen (f);
  waiting = turnout_waitlist_list (db, f->program_id, &error);
  g_assert_cmpstr (((TurnoutMember *) g_ptr_array_index (waiting, 0))->person.email, ==, "c@example.com");
  g_assert_cmpstr (((TurnoutMember *) g_ptr_array_index (waiting, 1))->person.email, ==, "d@example.com");
  g_clear_pointer (&waiting, g_ptr_array_unref);
  turnout_db_close (db);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.move-up", "x", d);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);
  db = reopen (f);

  /* Free a seat elsewhere, then promote the first. */
  g_assert_nonnull (turnout_db_change_status (db, f->program_id, "not-in-program", &a, 1, NULL,
                                              TURNOUT_SOURCE_MANUAL, &error));
  turnout_db_close (db);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.reload", NULL);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);
  g_assert_cmpstr (turnout_waitlist_dialog_get_seats_text (dialog), ==, "1 of 2 seats taken, 2 waiting");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.promote-first", NULL);
  turnout_test_spin_until (waitlist_idle, dialog, 5000);
  g_assert_cmpstr (turnout_waitlist_dialog_get_seats_text (dialog), ==, "2 of 2 seats taken, 1 waiting");

  db = reopen (f);
  {
    g_autoptr(TurnoutMember) m = turnout_db_get_member (db, f->program_id, d, NULL);
    g_assert_cmpstr (m->status, ==, "registered");
  }

  /* The promotion's toast's Undo: d waits again, first in line. */
  {
    gint64 change = turnout_test_query_int (db, "SELECT max(id) FROM changes");

    turnout_db_close (db);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "waitlist.undo-change", "x", change);
    turnout_test_spin_until (waitlist_idle, dialog, 5000);
    g_assert_cmpstr (turnout_waitlist_dialog_get_seats_text (dialog), ==, "1 of 2 seats taken, 2 waiting");
    db = reopen (f);
    waiting = turnout_waitlist_list (db, f->program_id, &error);
    g_assert_cmpstr (((TurnoutMember *) g_ptr_array_index (waiting, 0))->person.email, ==, "d@example.com");
  }
  turnout_db_close (db);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
rules_idle (gpointer data)
{
  return !turnout_rules_dialog_get_busy (data);
}

static void
test_rules_dialog (Fixture       *f,
                   gconstpointer  data)
{
  TurnoutRulesDialog *dialog;
  g_autoptr(GPtrArray) rules = NULL;
  TurnoutDb *db;
  TurnoutRule *rule;

  dialog = turnout_rules_dialog_present (f->parent, f->store, f->program_id);
  turnout_test_spin_until (rules_idle, dialog, 5000);
  g_assert_cmpuint (turnout_rules_dialog_get_n_rules (dialog), ==, 0);

  turnout_rules_dialog_set_new_rule (dialog, "registered", TURNOUT_RULE_CHANGE_STATUS, "attended", "Walk-in");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "rules.add", NULL);
  turnout_test_spin_until (rules_idle, dialog, 5000);
  g_assert_cmpuint (turnout_rules_dialog_get_n_rules (dialog), ==, 1);
  assert_page_one_node (dialog);

  db = reopen (f);
  rules = turnout_rules_list (db, f->program_id, NULL);
  g_assert_cmpuint (rules->len, ==, 1);
  rule = g_ptr_array_index (rules, 0);
  g_assert_cmpstr (rule->on_status, ==, "registered");
  g_assert_cmpint (rule->action, ==, TURNOUT_RULE_CHANGE_STATUS);
  g_assert_cmpstr (rule->to_status, ==, "attended");
  g_assert_cmpstr (rule->message, ==, "Walk-in");
  turnout_db_close (db);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "rules.remove", "x", rule->id);
  turnout_test_spin_until (rules_idle, dialog, 5000);
  g_assert_cmpuint (turnout_rules_dialog_get_n_rules (dialog), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}


static gboolean
batch_idle (gpointer data)
{
  return !turnout_batch_dialog_get_busy (data);
}

static void
test_batch_dialog (Fixture       *f,
                   gconstpointer  data)
{
  TurnoutMemberFilter invited = { .status = "invited", .success = -1 };
  TurnoutMemberFilter everyone = { .success = -1 };
  TurnoutBatchDialog *dialog;
  TurnoutDb *db = reopen (f);
  gint64 a;

  a = turnout_test_add_person (db, f->program_id, "a@example.org", "invited");
  turnout_test_add_person (db, f->program_id, "b@example.org", "invited");
  turnout_test_add_person (db, f->program_id, "c@example.com", "attended");
  turnout_db_close (db);

  dialog = turnout_batch_dialog_present (f->parent, f->store, f->program_id, &invited);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_cmpuint (turnout_batch_dialog_get_n_selected (dialog), ==, 2);
  assert_page_one_node (dialog);

  turnout_batch_dialog_set_target (dialog, "pending-approval", "Vetting");
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, NULL));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_cmpstr (turnout_batch_dialog_get_summary (dialog), ==, "2 changed, 0 skipped, 0 refused");
  g_assert_cmpuint (turnout_batch_dialog_get_n_selected (dialog), ==, 0);  /* nobody is Invited now */

  /* Everyone back to Invited: refused, counted, nothing half done. */
  turnout_batch_dialog_set_filter (dialog, &everyone);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_cmpuint (turnout_batch_dialog_get_n_selected (dialog), ==, 3);
  turnout_batch_dialog_set_target (dialog, "invited", NULL);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, NULL));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_cmpstr (turnout_batch_dialog_get_summary (dialog), ==, "0 changed, 0 skipped, 3 refused");

  db = reopen (f);
  {
    g_autoptr(TurnoutMember) m = turnout_db_get_member (db, f->program_id, a, NULL);

    g_assert_cmpstr (m->status, ==, "pending-approval");
    g_assert_cmpstr (m->status_reason, ==, "Vetting");
  }
  turnout_db_close (db);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A program of @n members in @status, made fast through the import. */
/* A program of its own with the members of @csv, imported with @status. */
static gint64
add_program_csv (Fixture    *f,
                 const char *name,
                 GString    *csv,
                 const char *status)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(GError) error = NULL;
  TurnoutImportOptions options = { .has_header = -1, .status = status };
  TurnoutProgramSpec spec = { .name = name, .capacity = -1 };
  TurnoutDb *db = reopen (f);
  gint64 program_id;

  program_id = turnout_db_add_program (db, &spec, &error);
  g_assert_no_error (error);
  turnout_import_report_free (turnout_import_apply (db, program_id, bytes, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  turnout_db_close (db);
  return program_id;
}

static gint64
add_big_program (Fixture    *f,
                 guint       n,
                 const char *status)
{
  g_autoptr(GString) csv = g_string_new ("Email,First Name\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "person%u@example.com,Person%u\n", i, i);
  return add_program_csv (f, "Big Webinar", csv, status);
}

/* Counted through a connection of its own, as another process would. */
static int
count_members (Fixture    *f,
               gint64      program_id,
               const char *status)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM memberships WHERE program_id = %" G_GINT64_FORMAT
                                          " AND status = '%s'", program_id, status);
  TurnoutDb *db = reopen (f);
  int n = turnout_test_query_int (db, sql);

  turnout_db_close (db);
  return n;
}

static int
count_history (Fixture *f,
               gint64   program_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM status_history WHERE program_id = %" G_GINT64_FORMAT,
                                          program_id);
  TurnoutDb *db = reopen (f);
  int n = turnout_test_query_int (db, sql);

  turnout_db_close (db);
  return n;
}

static gboolean
progress_shown (gpointer dialog)
{
  GtkWidget *revealer = turnout_test_find_widget (dialog, GTK_TYPE_REVEALER, "progress_revealer");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

/* Shown, and counting: some members are done, not all. */
static gboolean
progress_counting (gpointer dialog)
{
  GtkWidget *label = turnout_test_find_widget (dialog, GTK_TYPE_LABEL, "progress_label");
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  return progress_shown (dialog) && g_str_has_prefix (text, "Changing the status of ") &&
         g_ascii_strtoull (text + strlen ("Changing the status of "), NULL, 10) > 0;
}

/* Shown, and counting, for a preview: "Checking what would change: D of
 * N members…", D > 0. */
static gboolean
preview_counting (gpointer dialog)
{
  GtkWidget *label = turnout_test_find_widget (dialog, GTK_TYPE_LABEL, "progress_label");
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  const char *prefix = "Checking what would change: ";

  return progress_shown (dialog) && g_str_has_prefix (text, prefix) &&
         g_ascii_strtoull (text + strlen (prefix), NULL, 10) > 0;
}

static const char *
label_text (GtkWidget  *dialog,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (turnout_test_find_widget (dialog, GTK_TYPE_LABEL, name)));
}

/* What the progress says once it shows: "Changing the status of D of N
 * members…", with D read back into @done. */
static void
assert_progress_count (GtkWidget *dialog,
                       guint      total,
                       guint     *done)
{
  GtkWidget *label = turnout_test_find_widget (dialog, GTK_TYPE_LABEL, "progress_label");
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  g_autofree char *suffix = g_strdup_printf (" of %u members\u2026", total);
  const char *count = text + strlen ("Changing the status of ");
  char *end = NULL;
  guint64 counted;

  g_test_message ("progress: %s", text);
  g_assert_true (g_str_has_prefix (text, "Changing the status of "));
  g_assert_true (g_str_has_suffix (text, suffix));
  counted = g_ascii_strtoull (count, &end, 10);
  g_assert_true (end > count && *end == ' ');
  g_assert_cmpuint (counted, <=, total);
  if (done != NULL)
    *done = (guint) counted;
}

/* A batch of many members: its preview, run on its own once the status is
 * chosen, shows its progress as a preview's and can be stopped, then be
 * asked for again. The change shows its progress with a count once it
 * takes a while, its Change is disabled meanwhile, and Cancel stops it
 * before it commits: nothing changed, and the dialog says so and can be
 * used again. */
static void
test_batch_dialog_progress_cancel (Fixture       *f,
                                   gconstpointer  data)
{
  const guint n = 100000;
  TurnoutMemberFilter invited = { .status = "invited", .success = -1 };
  gint64 program_id = add_big_program (f, n, "invited");
  TurnoutBatchDialog *dialog;
  GtkWidget *apply;
  guint done;

  dialog = turnout_batch_dialog_present (f->parent, f->store, program_id, &invited);
  turnout_test_spin_until (batch_idle, dialog, 10000);
  g_assert_cmpuint (turnout_batch_dialog_get_n_selected (dialog), ==, n);
  apply = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "apply_button");
  turnout_batch_dialog_set_target (dialog, "registered", NULL);
  g_assert_false (gtk_widget_get_sensitive (apply));
  turnout_test_spin_until (preview_counting, dialog, 20000);
  g_assert_false (gtk_widget_get_sensitive (apply));
  g_assert_false (turnout_batch_dialog_get_preview (dialog, NULL));

  /* Another status mid-preview: that preview stops at once, and the new
   * status's runs once the choice has rested. */
  turnout_batch_dialog_set_target (dialog, "attended", NULL);
  g_assert_false (progress_shown (dialog));
  g_assert_false (gtk_widget_get_sensitive (apply));
  turnout_test_spin_until (preview_counting, dialog, 20000);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.cancel", NULL);
  turnout_test_spin_until (batch_idle, dialog, 20000);
  g_assert_false (progress_shown (dialog));
  g_assert_false (turnout_batch_dialog_get_preview (dialog, NULL));
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_label"), ==, "Preview stopped");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (apply)), ==, "_Preview");
  g_assert_true (gtk_widget_get_sensitive (apply));

  /* Asked for again, it runs to its end, and writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  g_assert_false (gtk_widget_get_sensitive (apply));
  turnout_test_spin_until (batch_idle, dialog, 60000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, NULL));
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_label"), ==, "100000 → Attended");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (apply)), ==, "_Change 100000 Members");
  g_assert_true (gtk_widget_get_sensitive (apply));
  g_assert_cmpint (count_members (f, program_id, "attended"), ==, 0);
  g_assert_cmpint (count_history (f, program_id), ==, n);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  g_assert_false (gtk_widget_get_sensitive (apply));
  g_assert_false (progress_shown (dialog));  /* not before 200 ms */
  turnout_test_spin_until (progress_shown, dialog, 20000);
  assert_progress_count (GTK_WIDGET (dialog), n, NULL);
  turnout_test_spin_until (progress_counting, dialog, 20000);
  assert_progress_count (GTK_WIDGET (dialog), n, &done);
  g_assert_cmpuint (done, >, 0);
  g_assert_cmpuint (done, <, n);
  g_assert_false (gtk_widget_get_sensitive (apply));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.cancel", NULL);
  turnout_test_spin_until (batch_idle, dialog, 20000);
  g_assert_false (progress_shown (dialog));
  g_assert_cmpstr (turnout_batch_dialog_get_summary (dialog), ==, "Change cancelled; nothing was changed");
  g_assert_true (gtk_widget_get_sensitive (apply));

  g_assert_cmpint (count_members (f, program_id, "attended"), ==, 0);
  g_assert_cmpint (count_members (f, program_id, "registered"), ==, 0);
  g_assert_cmpint (count_members (f, program_id, "invited"), ==, n);
  g_assert_cmpint (count_history (f, program_id), ==, n);  /* the import's own */

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
store_flushed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GPtrArray) programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, NULL);

  *(gboolean *) user_data = TRUE;
}

/* Every job queued before has run: the store's worker runs them in order. */
static void
wait_store (Fixture *f)
{
  gboolean flushed = FALSE;

  turnout_store_list_programs_async (f->store, NULL, store_flushed_cb, &flushed);
  turnout_test_spin_until (is_true, &flushed, 20000);
}

/* Closing the dialog mid-change cancels it: nothing written, and the
 * change's end finds no dialog to update (fatal warnings would say so). */
static void
test_batch_dialog_close_while_running (Fixture       *f,
                                       gconstpointer  data)
{
  const guint n = 100000;
  TurnoutMemberFilter invited = { .status = "invited", .success = -1 };
  gint64 program_id = add_big_program (f, n, "invited");
  TurnoutBatchDialog *dialog;

  dialog = turnout_batch_dialog_present (f->parent, f->store, program_id, &invited);
  turnout_test_spin_until (batch_idle, dialog, 10000);
  turnout_batch_dialog_set_target (dialog, "attended", NULL);
  turnout_test_spin_until (batch_idle, dialog, 60000);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  turnout_test_spin_until (progress_counting, dialog, 20000);

  gtk_window_close (GTK_WINDOW (dialog));
  wait_store (f);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpint (count_members (f, program_id, "attended"), ==, 0);
  g_assert_cmpint (count_members (f, program_id, "invited"), ==, n);
  g_assert_cmpint (count_history (f, program_id), ==, n);
}

/* Cancel pressed while @locker holds the write lock, which it then lets
 * go: the dialog idle again, its progress gone. */
static void
cancel_held (TurnoutApproveDialog *dialog,
             TurnoutDb            *locker)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.cancel", NULL);
  g_assert_true (turnout_db_exec (locker, "COMMIT", NULL));
  turnout_db_close (locker);
  turnout_test_spin_until (approve_idle, dialog, 20000);
  g_assert_false (progress_shown (dialog));
}

/* A decision that takes a while (here: another connection holds the write
 * lock, as the command-line tool's import would) shows its progress with
 * the count, Approve and Reject are disabled meanwhile, and Cancel stops it
 * before it commits: nobody approved, nothing in the history, and the
 * list is still there to decide again. (The approval list builds a row per
 * member, too slow for a program large enough to take 200 ms by itself;
 * the batch test above cancels a change mid-count.) */
static void
test_approve_dialog_progress_cancel (Fixture       *f,
                                     gconstpointer  data)
{
  const guint n = 300;
  gint64 program_id = add_big_program (f, n, "pending-approval");
  TurnoutApproveDialog *dialog;
  GtkWidget *approve, *reject;
  TurnoutDb *locker;
  guint done;

  dialog = turnout_approve_dialog_present (f->parent, f->store, program_id);
  turnout_test_spin_until (approve_idle, dialog, 20000);
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, n);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.select-all", NULL);
  approve = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.approve");
  reject = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.reject");
  g_assert_true (gtk_widget_get_sensitive (approve));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.approve", NULL);
  turnout_test_spin_until (approve_idle, dialog, 20000);
  g_assert_true (turnout_approve_dialog_get_preview (dialog, NULL));
  approve = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.confirm");
  g_assert_true (gtk_widget_get_sensitive (approve));

  locker = reopen (f);
  g_assert_true (turnout_db_exec (locker, "BEGIN IMMEDIATE", NULL));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.confirm", NULL);
  g_assert_true (turnout_approve_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_get_sensitive (approve));
  g_assert_false (gtk_widget_get_sensitive (reject));
  g_assert_false (progress_shown (dialog));  /* not before 200 ms */
  turnout_test_spin_until (progress_shown, dialog, 4000);
  assert_progress_count (GTK_WIDGET (dialog), n, &done);
  g_assert_cmpuint (done, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (approve));

  cancel_held (dialog, locker);
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, n);
  g_assert_true (gtk_widget_get_sensitive (approve));

  g_assert_cmpint (count_members (f, program_id, "pending-approval"), ==, n);
  g_assert_cmpint (count_members (f, program_id, "registered"), ==, 0);
  g_assert_cmpint (count_history (f, program_id), ==, n);  /* the import's own */

  /* Made, then its toast's Undo, held up the same way: "Undoing the
   * change…", the decision's buttons off, Cancel, nothing changed; then
   * undone. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.confirm", NULL);
  turnout_test_spin_until (approve_idle, dialog, 20000);
  g_assert_cmpint (count_members (f, program_id, "registered"), ==, n);
  {
    TurnoutDb *db = reopen (f);
    gint64 change = turnout_test_query_int (db, "SELECT max(id) FROM changes");

    turnout_db_close (db);
    locker = reopen (f);
    g_assert_true (turnout_db_exec (locker, "BEGIN IMMEDIATE", NULL));
    gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.undo-change", "x", change);
    g_assert_true (turnout_approve_dialog_get_busy (dialog));
    turnout_test_spin_until (progress_shown, dialog, 4000);
    g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "progress_label"), ==, "Undoing the change\u2026");
    g_assert_false (gtk_widget_get_sensitive (approve));
    cancel_held (dialog, locker);
    g_assert_cmpint (count_members (f, program_id, "registered"), ==, n);
    g_assert_cmpint (count_members (f, program_id, "pending-approval"), ==, 0);

    gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.undo-change", "x", change);
    turnout_test_spin_until (approve_idle, dialog, 20000);
    g_assert_cmpint (count_members (f, program_id, "pending-approval"), ==, n);
    g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, n);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Batch Change opens with no new status chosen and Change disabled: a
 * change of everyone shown is never one click away. */
static void
test_batch_dialog_no_target (Fixture       *f,
                             gconstpointer  data)
{
  TurnoutMemberFilter everyone = { .success = -1 };
  TurnoutBatchDialog *dialog;
  TurnoutDb *db = reopen (f);
  GtkWidget *to_row, *apply;

  turnout_test_add_person (db, f->program_id, "a@example.org", "invited");
  turnout_test_add_person (db, f->program_id, "b@example.org", "registered");
  turnout_db_close (db);

  dialog = turnout_batch_dialog_present (f->parent, f->store, f->program_id, &everyone);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_cmpuint (turnout_batch_dialog_get_n_selected (dialog), ==, 2);
  to_row = turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "to_row");
  apply = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "apply_button");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (to_row)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (to_row)), ==, "Choose the status to change to");
  g_assert_false (gtk_widget_get_sensitive (apply));
  turnout_test_shoot (GTK_WIDGET (dialog), "batch");

  /* Nothing happens, however it is asked. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  g_assert_false (turnout_batch_dialog_get_busy (dialog));
  g_assert_cmpint (count_members (f, f->program_id, "invited"), ==, 1);
  g_assert_cmpint (count_history (f, f->program_id), ==, 2);  /* the two adds */

  /* Choosing one enables it, once its preview is shown. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (to_row), 1);
  g_assert_false (gtk_widget_get_sensitive (apply));
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, NULL));
  g_assert_true (gtk_widget_get_sensitive (apply));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (to_row)), ==, "");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A new trigger rule has no action until one is chosen (it once removed
 * people from the program by default); Add is disabled meanwhile and the
 * hint beside it says what is missing. */
static void
test_rules_dialog_no_action (Fixture       *f,
                             gconstpointer  data)
{
  TurnoutRulesDialog *dialog;
  g_autoptr(GPtrArray) rules = NULL;
  GtkWidget *action_row, *to_row, *add, *hint;
  TurnoutDb *db;

  dialog = turnout_rules_dialog_present (f->parent, f->store, f->program_id);
  turnout_test_spin_until (rules_idle, dialog, 5000);
  action_row = turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "action_row");
  to_row = turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "to_status_row");
  add = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "add_button");
  hint = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "add_hint");

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (action_row)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_get_visible (to_row));
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "Choose what the rule does to add it");
  turnout_test_shoot (GTK_WIDGET (dialog), "rules");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "rules.add", NULL);
  g_assert_false (turnout_rules_dialog_get_busy (dialog));

  /* Change Status needs its status too. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (action_row), TURNOUT_RULE_CHANGE_STATUS);
  g_assert_true (gtk_widget_get_visible (to_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (to_row)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "Choose the status the rule changes to");

  adw_combo_row_set_selected (ADW_COMBO_ROW (action_row), TURNOUT_RULE_NOTIFY);
  g_assert_false (gtk_widget_get_visible (to_row));
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_false (gtk_widget_get_visible (hint));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "rules.add", NULL);
  turnout_test_spin_until (rules_idle, dialog, 5000);
  g_assert_cmpuint (turnout_rules_dialog_get_n_rules (dialog), ==, 1);
  /* The next one starts from nothing chosen again. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (action_row)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (gtk_widget_get_sensitive (add));

  db = reopen (f);
  rules = turnout_rules_list (db, f->program_id, NULL);
  g_assert_cmpuint (rules->len, ==, 1);
  g_assert_cmpint (((TurnoutRule *) g_ptr_array_index (rules, 0))->action, ==, TURNOUT_RULE_NOTIFY);
  turnout_db_close (db);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The label a person reads on @button (without the mnemonic's line). */
static const char *
button_text (GtkWidget *button)
{
  return gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))));
}

/* Approve and Reject say how many they decide and are disabled at none;
 * the select-all check has a label and shows some, all or none. */
static void
test_approve_dialog_counts (Fixture       *f,
                            gconstpointer  data)
{
  TurnoutApproveDialog *dialog;
  TurnoutDb *db = reopen (f);
  GtkWidget *approve, *reject, *all;
  gint64 a, b;

  a = turnout_test_add_person (db, f->program_id, "a@example.com", "pending-approval");
  b = turnout_test_add_person (db, f->program_id, "b@example.com", "pending-approval");
  turnout_test_add_person (db, f->program_id, "c@example.com", "pending-approval");
  turnout_db_close (db);

  dialog = turnout_approve_dialog_present (f->parent, f->store, f->program_id);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  approve = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.approve");
  reject = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.reject");
  all = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, "select_all_check");
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (all)), ==, "Select _All");
  g_assert_true (gtk_widget_get_visible (all));

  g_assert_cmpstr (button_text (approve), ==, "Approve");
  g_assert_cmpstr (button_text (reject), ==, "Reject");
  g_assert_false (gtk_widget_get_sensitive (approve));
  g_assert_false (gtk_widget_get_sensitive (reject));

  turnout_approve_dialog_select (dialog, a, TRUE);
  turnout_approve_dialog_select (dialog, b, TRUE);
  g_assert_cmpstr (button_text (approve), ==, "Approve 2");
  g_assert_cmpstr (button_text (reject), ==, "Reject 2");
  g_assert_true (gtk_widget_get_sensitive (approve));
  g_assert_true (gtk_widget_get_sensitive (reject));
  g_assert_true (gtk_check_button_get_inconsistent (GTK_CHECK_BUTTON (all)));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.select-all", NULL);
  g_assert_cmpstr (button_text (approve), ==, "Approve 3");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (all)));
  g_assert_false (gtk_check_button_get_inconsistent (GTK_CHECK_BUTTON (all)));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.select-all", NULL);
  g_assert_cmpstr (button_text (approve), ==, "Approve");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (all)));
  g_assert_false (gtk_widget_get_sensitive (approve));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* @widget is shown whole inside @window. */
static void
assert_in_view (GtkWidget *window,
                GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
}

/* Sixty pending members scroll in their own area: the select-all check,
 * the reason and the buttons stay in view, in a normal window and in a
 * narrow, short one. (TURNOUT_TEST_SHOT_DIR: pictures of both.) */
static void
test_approve_dialog_layout (Fixture       *f,
                            gconstpointer  data)
{
  static const char *first[] = { "Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Greta", "Hugo", "Iris", "Jonas" };
  static const char *last[] = { "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer" };
  static const char *company[] = { "Acme Logistics", "Brightwave", "Northwind Traders", "Tulip Systems" };
  static const struct { int width, height; const char *name; } sizes[] = {
    { 560, 560, "approve" }, { 360, 420, "approve-narrow" },
  };
  g_autoptr(GString) csv = g_string_new ("Email,First Name,Last Name,Company\n");
  TurnoutApproveDialog *dialog;
  GtkWidget *scroller, *check, *row;
  GtkAdjustment *adjustment;
  gint64 program_id;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (csv, "person%u@example.com,%s,%s,%s\n", i, first[i % G_N_ELEMENTS (first)],
                            last[i % G_N_ELEMENTS (last)], company[i % G_N_ELEMENTS (company)]);
  program_id = add_program_csv (f, "Product Launch", csv, "pending-approval");

  dialog = turnout_approve_dialog_present (f->parent, f->store, program_id);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, 60);
  scroller = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SCROLLED_WINDOW, "members_scroller");
  /* Two ticked, as a person would, in the list. */
  check = turnout_test_find_widget (scroller, GTK_TYPE_CHECK_BUTTON, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);
  check = turnout_test_find_widget (gtk_widget_get_next_sibling (row), GTK_TYPE_CHECK_BUTTON, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      turnout_test_present_at (GTK_WINDOW (dialog), sizes[i].width, sizes[i].height);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, sizes[i].width);
      assert_in_view (GTK_WIDGET (dialog), turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.approve"));
      assert_in_view (GTK_WIDGET (dialog), turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.reject"));
      assert_in_view (GTK_WIDGET (dialog), turnout_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                                     "reason_row"));
      assert_in_view (GTK_WIDGET (dialog), turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                                                     "select_all_check"));
      /* The list is what scrolls. */
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
      turnout_test_shoot (GTK_WIDGET (dialog), sizes[i].name);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
assert_same_summary (const TurnoutChangeSummary *a,
                     const TurnoutChangeSummary *b)
{
  g_assert_cmpuint (a->changed, ==, b->changed);
  g_assert_cmpuint (a->skipped, ==, b->skipped);
  g_assert_cmpuint (a->refused, ==, b->refused);
  g_assert_cmpuint (a->removed, ==, b->removed);
  g_assert_cmpuint (a->wait_listed, ==, b->wait_listed);
}

/* Batch Change shows what the change would do once the new status is
 * chosen, writing nothing; a new status drops the preview at once and
 * works it out again; Change then does what the preview said, to the
 * member. (TURNOUT_TEST_SHOT_DIR: pictures at full and phone width.) */
static void
test_batch_dialog_preview (Fixture       *f,
                           gconstpointer  data)
{
  TurnoutMemberFilter everyone = { .success = -1 };
  g_autofree char *expected = NULL;
  TurnoutChangeSummary preview, applied;
  TurnoutBatchDialog *dialog;
  TurnoutDb *db = reopen (f);
  GtkWidget *apply;

  /* Two seats, both taken: the four invited and the one rejected can
   * only wait. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *email = g_strdup_printf ("invited%u@example.com", i);

      turnout_test_add_person (db, f->program_id, email, "invited");
    }
  turnout_test_add_person (db, f->program_id, "registered@example.com", "registered");
  turnout_test_add_person (db, f->program_id, "attended@example.com", "attended");
  turnout_test_add_person (db, f->program_id, "rejected@example.com", "rejected");
  turnout_db_close (db);

  dialog = turnout_batch_dialog_present (f->parent, f->store, f->program_id, &everyone);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  apply = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "apply_button");

  turnout_batch_dialog_set_target (dialog, "registered", "Seats");
  g_assert_false (gtk_widget_get_sensitive (apply));
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, &preview));
  /* Pictures before the words are checked: they are in any language. */
  turnout_test_shoot (GTK_WIDGET (dialog), "batch-preview");
  turnout_test_present_at (GTK_WINDOW (dialog), 360, 640);
  turnout_test_shoot (GTK_WIDGET (dialog), "batch-preview-narrow");
  g_test_message ("preview: %s / %s", label_text (GTK_WIDGET (dialog), "preview_label"),
                  label_text (GTK_WIDGET (dialog), "preview_details_label"));
  g_assert_cmpuint (preview.changed, ==, 5);
  g_assert_cmpuint (preview.wait_listed, ==, 5);
  g_assert_cmpuint (preview.skipped, ==, 1);   /* already Registered */
  g_assert_cmpuint (preview.refused, ==, 1);   /* Attended cannot go back */
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_label"), ==,
                   "5 → Wait Listed (no seat free) · 1 skipped (already in or past this status) · "
                   "1 refused");
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_details_label"), ==,
                   "5 × No seat is free (2 of 2 taken): wait listed\n"
                   "1 × Already in this status\n"
                   "1 × Attended cannot go back to Registered");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (apply)), ==, "_Change 7 Members");
  g_assert_true (gtk_widget_get_sensitive (apply));
  /* Nothing written. */
  g_assert_cmpint (count_members (f, f->program_id, "invited"), ==, 4);
  g_assert_cmpint (count_members (f, f->program_id, "wait-listed"), ==, 0);
  g_assert_cmpint (count_history (f, f->program_id), ==, 7);

  /* Another status: the preview goes at once, Change with it, until the
   * new one is shown. */
  turnout_batch_dialog_set_target (dialog, "attended", NULL);
  g_assert_false (turnout_batch_dialog_get_preview (dialog, NULL));
  g_assert_false (gtk_widget_get_sensitive (apply));
  g_assert_false (gtk_widget_get_visible (turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BOX,
                                                                    "preview_box")));
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, NULL));

  turnout_batch_dialog_set_target (dialog, "registered", "Seats");
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_assert_true (turnout_batch_dialog_get_preview (dialog, &applied));
  assert_same_summary (&applied, &preview);

  /* Change does what it said. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "batch.apply", NULL);
  turnout_test_spin_until (batch_idle, dialog, 5000);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%u changed, %u skipped, %u refused", preview.changed + preview.removed,
                              preview.skipped, preview.refused);
  g_assert_cmpstr (turnout_batch_dialog_get_summary (dialog), ==, expected);
  g_assert_cmpint (count_members (f, f->program_id, "wait-listed"), ==, preview.wait_listed);
  g_assert_cmpint (count_members (f, f->program_id, "invited"), ==, 0);
  g_assert_cmpint (count_members (f, f->program_id, "rejected"), ==, 0);
  g_assert_cmpint (count_members (f, f->program_id, "registered"), ==, 1);
  g_assert_cmpint (count_history (f, f->program_id), ==, 7 + preview.changed);
  /* The preview was of the members as they were: gone, to be asked for. */
  g_assert_false (turnout_batch_dialog_get_preview (dialog, NULL));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (apply)), ==, "_Preview");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Approve first shows what approving would do (one seat left: one gets it,
 * the others wait), writing nothing; Back returns to the list; a change of
 * the selection previews again; the decision then does what the preview
 * said. Reject previews the same way. (TURNOUT_TEST_SHOT_DIR: pictures.) */
static void
test_approve_dialog_preview (Fixture       *f,
                             gconstpointer  data)
{
  TurnoutChangeSummary preview;
  TurnoutApproveDialog *dialog;
  TurnoutDb *db = reopen (f);
  GtkWidget *confirm, *approve;
  gint64 p3;

  turnout_test_add_person (db, f->program_id, "seated@example.com", "registered");
  turnout_test_add_person (db, f->program_id, "p1@example.com", "pending-approval");
  turnout_test_add_person (db, f->program_id, "p2@example.com", "pending-approval");
  p3 = turnout_test_add_person (db, f->program_id, "p3@example.com", "pending-approval");
  turnout_db_close (db);

  dialog = turnout_approve_dialog_present (f->parent, f->store, f->program_id);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  approve = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.approve");
  confirm = turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.confirm");
  g_assert_false (gtk_widget_get_mapped (confirm));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.select-all", NULL);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.approve", NULL);
  g_assert_false (gtk_widget_get_sensitive (confirm));
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_true (turnout_approve_dialog_get_preview (dialog, &preview));
  /* Pictures before the words are checked: they are in any language. */
  turnout_test_shoot (GTK_WIDGET (dialog), "approve-preview");
  turnout_test_present_at (GTK_WINDOW (dialog), 360, 420);
  turnout_test_shoot (GTK_WIDGET (dialog), "approve-preview-narrow");
  assert_in_view (GTK_WIDGET (dialog), confirm);
  assert_in_view (GTK_WIDGET (dialog), turnout_test_find_actionable (GTK_WIDGET (dialog), "approve.back"));
  g_assert_cmpuint (preview.changed, ==, 3);
  g_assert_cmpuint (preview.wait_listed, ==, 2);
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_label"), ==,
                   "1 → Registered · 2 → Wait Listed (no seat free)");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (confirm)), ==, "_Approve 3");
  g_assert_true (gtk_widget_get_mapped (confirm));
  g_assert_true (gtk_widget_get_sensitive (confirm));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == confirm);
  g_assert_cmpint (count_members (f, f->program_id, "pending-approval"), ==, 3);
  g_assert_cmpint (count_history (f, f->program_id), ==, 4);

  /* Back: the list again, nothing written. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.back", NULL);
  g_assert_false (turnout_approve_dialog_get_preview (dialog, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_true (gtk_widget_get_mapped (approve));
  g_assert_true (gtk_widget_get_sensitive (approve));
  g_assert_cmpint (count_members (f, f->program_id, "pending-approval"), ==, 3);

  /* Previewed again, then one fewer selected: the preview follows. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.approve", NULL);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  turnout_approve_dialog_select (dialog, p3, FALSE);
  g_assert_false (turnout_approve_dialog_get_preview (dialog, NULL));
  g_assert_false (gtk_widget_get_sensitive (confirm));
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_true (turnout_approve_dialog_get_preview (dialog, &preview));
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_label"), ==,
                   "1 → Registered · 1 → Wait Listed (no seat free)");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (confirm)), ==, "_Approve 2");

  /* The decision does what the preview said. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.confirm", NULL);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_cmpint (count_members (f, f->program_id, "registered"), ==, 1 + preview.changed - preview.wait_listed);
  g_assert_cmpint (count_members (f, f->program_id, "wait-listed"), ==, preview.wait_listed);
  g_assert_cmpint (count_history (f, f->program_id), ==, 4 + preview.changed);
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, 1);
  g_assert_true (gtk_widget_get_mapped (approve));

  /* Reject, the same way. */
  turnout_approve_dialog_select (dialog, p3, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.reject", NULL);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_true (turnout_approve_dialog_get_preview (dialog, &preview));
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "preview_label"), ==, "1 → Rejected");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (confirm)), ==, "_Reject 1");
  g_assert_true (gtk_widget_has_css_class (confirm, "destructive-action"));
  g_assert_cmpint (count_members (f, f->program_id, "rejected"), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "approve.confirm", NULL);
  turnout_test_spin_until (approve_idle, dialog, 5000);
  g_assert_cmpint (count_members (f, f->program_id, "rejected"), ==, preview.changed);
  g_assert_cmpuint (turnout_approve_dialog_get_n_pending (dialog), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Before Import, the dialog says what the import will do to the members'
 * statuses, writing nothing: new members, members moved, left as they
 * are, sent to the wait list for want of a seat, rows skipped. The import
 * then does exactly that. (TURNOUT_TEST_SHOT_DIR: pictures.) */
static void
test_import_dialog_preview (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *csv = g_build_filename (dir, "members.csv", NULL);
  static const char text[] =
    "Email,First Name\n"
    "moved@example.com,Moved\n"         /* Invited: moves, but no seat is free: waits */
    "seated@example.com,Seated\n"       /* already Registered: left as is */
    "attended@example.com,Attended\n"   /* cannot go back to Registered: refused */
    "new1@example.com,New\n"            /* no seat free: waits */
    "new2@example.com,New\n"
    "not-an-address,Bad\n"
    "new1@example.com,Again\n";
  const TurnoutImportReport *outcome, *report;
  TurnoutImportReport seen;
  g_autoptr(GFile) file = NULL;
  TurnoutImportDialog *dialog;
  TurnoutDb *db = reopen (f);
  GtkWidget *import;

  turnout_test_add_person (db, f->program_id, "moved@example.com", "invited");
  turnout_test_add_person (db, f->program_id, "seated@example.com", "registered");
  turnout_test_add_person (db, f->program_id, "attended@example.com", "attended");
  turnout_db_close (db);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  file = g_file_new_for_path (csv);

  dialog = turnout_import_dialog_present (f->parent, f->store, f->program_id);
  import = turnout_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "import_button");
  turnout_import_dialog_open_file (dialog, file);
  turnout_test_spin_until (import_idle, dialog, 5000);
  outcome = turnout_import_dialog_get_outcome (dialog);
  g_assert_nonnull (outcome);
  /* Invited, the dialog's first choice: the one invited stays. */
  g_assert_cmpuint (outcome->n_added, ==, 2);
  g_assert_cmpuint (outcome->n_moved, ==, 0);

  turnout_import_dialog_set_status (dialog, "registered");
  g_assert_null (turnout_import_dialog_get_outcome (dialog));
  g_assert_false (gtk_widget_get_sensitive (import));
  turnout_test_spin_until (import_idle, dialog, 5000);
  outcome = turnout_import_dialog_get_outcome (dialog);
  /* Pictures before the words are checked: they are in any language. */
  turnout_test_shoot (GTK_WIDGET (dialog), "import-preview");
  turnout_test_present_at (GTK_WINDOW (dialog), 360, 640);
  turnout_test_shoot (GTK_WIDGET (dialog), "import-preview-narrow");
  g_test_message ("outcome: %s", label_text (GTK_WIDGET (dialog), "outcome_label"));
  g_assert_cmpuint (outcome->n_added, ==, 2);
  g_assert_cmpuint (outcome->n_moved, ==, 1);
  g_assert_cmpuint (outcome->n_unchanged, ==, 1);
  g_assert_cmpuint (outcome->n_refused, ==, 1);
  g_assert_cmpuint (outcome->n_wait_listed, ==, 3);
  g_assert_cmpuint (outcome->n_bad, ==, 1);
  g_assert_cmpuint (outcome->n_duplicates, ==, 1);
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "outcome_label"), ==,
                   "2 new members · 1 moved to Registered · 3 of them to the wait list (no seat free) · "
                   "1 left as they are (already there or further) · 1 refused · 2 rows skipped");
  g_assert_true (gtk_widget_get_sensitive (import));
  g_assert_cmpint (count_members (f, f->program_id, "invited"), ==, 1);
  g_assert_cmpint (count_members (f, f->program_id, "wait-listed"), ==, 0);
  g_assert_cmpint (count_history (f, f->program_id), ==, 3);
  seen = *outcome;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  turnout_test_spin_until (import_idle, dialog, 5000);
  report = turnout_import_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_added, ==, seen.n_added);
  g_assert_cmpuint (report->n_moved, ==, seen.n_moved);
  g_assert_cmpuint (report->n_unchanged, ==, seen.n_unchanged);
  g_assert_cmpuint (report->n_refused, ==, seen.n_refused);
  g_assert_cmpuint (report->n_wait_listed, ==, seen.n_wait_listed);
  g_assert_cmpuint (report->n_bad, ==, seen.n_bad);
  g_assert_cmpuint (report->n_duplicates, ==, seen.n_duplicates);
  g_assert_cmpuint (report->n_new_people, ==, seen.n_new_people);
  g_assert_cmpint (count_members (f, f->program_id, "registered"), ==, 1);
  g_assert_cmpint (count_members (f, f->program_id, "wait-listed"), ==, seen.n_wait_listed);
  g_assert_cmpint (count_members (f, f->program_id, "attended"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A FIFO chosen as the file is refused at once: reading it would wait for
 * a writer in a thread that Cancel cannot stop. */
static void
test_import_dialog_not_regular (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *fifo = g_build_filename (dir, "members.csv", NULL);
  g_autoptr(GFile) file = NULL;
  TurnoutImportDialog *dialog;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  file = g_file_new_for_path (fifo);

  dialog = turnout_import_dialog_present (f->parent, f->store, f->program_id);
  turnout_import_dialog_open_file (dialog, file);
  turnout_test_spin_until (import_idle, dialog, 5000);
  g_assert_false (turnout_import_dialog_get_busy (dialog));
  g_assert_null (turnout_import_dialog_get_preview (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (fifo);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  turnout_test_shots_init ();
  adw_init ();

  g_test_add ("/member-dialogs/import", Fixture, NULL, fixture_set_up, test_import_dialog, fixture_tear_down);
  g_test_add ("/member-dialogs/import-cancel", Fixture, NULL, fixture_set_up, test_import_dialog_cancel, fixture_tear_down);
  g_test_add ("/member-dialogs/import-progress-cancel", Fixture, NULL, fixture_set_up,
              test_import_dialog_progress_cancel, fixture_tear_down);
  g_test_add ("/member-dialogs/import-not-regular", Fixture, NULL, fixture_set_up, test_import_dialog_not_regular, fixture_tear_down);
  g_test_add ("/member-dialogs/approve", Fixture, NULL, fixture_set_up, test_approve_dialog, fixture_tear_down);
  g_test_add ("/member-dialogs/approve-progress-cancel", Fixture, NULL, fixture_set_up,
              test_approve_dialog_progress_cancel, fixture_tear_down);
  g_test_add ("/member-dialogs/waitlist", Fixture, NULL, fixture_set_up, test_waitlist_dialog, fixture_tear_down);
  g_test_add ("/member-dialogs/batch", Fixture, NULL, fixture_set_up, test_batch_dialog, fixture_tear_down);
  g_test_add ("/member-dialogs/batch-progress-cancel", Fixture, NULL, fixture_set_up,
              test_batch_dialog_progress_cancel, fixture_tear_down);
  g_test_add ("/member-dialogs/batch-close-while-running", Fixture, NULL, fixture_set_up,
              test_batch_dialog_close_while_running, fixture_tear_down);
  g_test_add ("/member-dialogs/rules", Fixture, NULL, fixture_set_up, test_rules_dialog, fixture_tear_down);
  g_test_add ("/member-dialogs/rules-no-action", Fixture, NULL, fixture_set_up, test_rules_dialog_no_action,
              fixture_tear_down);
  g_test_add ("/member-dialogs/batch-no-target", Fixture, NULL, fixture_set_up, test_batch_dialog_no_target,
              fixture_tear_down);
  g_test_add ("/member-dialogs/approve-counts", Fixture, NULL, fixture_set_up, test_approve_dialog_counts,
              fixture_tear_down);
  g_test_add ("/member-dialogs/approve-layout", Fixture, NULL, fixture_set_up, test_approve_dialog_layout,
              fixture_tear_down);
  g_test_add ("/member-dialogs/batch-preview", Fixture, NULL, fixture_set_up, test_batch_dialog_preview,
              fixture_tear_down);
  g_test_add ("/member-dialogs/approve-preview", Fixture, NULL, fixture_set_up, test_approve_dialog_preview,
              fixture_tear_down);
  g_test_add ("/member-dialogs/import-preview", Fixture, NULL, fixture_set_up, test_import_dialog_preview,
              fixture_tear_down);

  return g_test_run ();
}
