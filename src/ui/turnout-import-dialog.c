/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-import-dialog.c: Import Members...
 *
 * Choose a file, see how its columns map to a person's fields (and fix it),
 * choose the status, see the first rows and every problem, and what the
 * import will do to the members' statuses (how many new, moved, left as
 * they are, refused, wait-listed for want of a seat), then import. The
 * store previews the file (writing nothing), runs the import dry for
 * those counts (rolled back at its end, so they are the ones the import
 * then makes) and imports it in one transaction (turnout-store-import.c);
 * Import is enabled only beside counts of the file, columns and status as
 * they are. The import shows progress, and Cancel leaves the program as
 * it was.
 *
 * The dialog emits ::imported after a successful import so the window can
 * reload what it shows.
 */
#define G_LOG_DOMAIN "turnout-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-application.h"
#include "turnout-import-dialog.h"
#include "turnout-clip-bin.h"
#include "turnout-store-import.h"

#define N_SAMPLE_ROWS 5
#define MAX_PROBLEM_ROWS 200

struct _TurnoutImportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwActionRow         *file_row;
  AdwComboRow          *status_row;
  GtkWidget            *outcome_group;
  GtkLabel             *outcome_label;
  GtkProgressBar       *outcome_bar;
  AdwPreferencesGroup  *mapping_group;
  GtkGrid              *rows_grid;
  AdwPreferencesGroup  *problems_group;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *done_page;
  GtkWidget            *import_button;
  GtkWidget            *cancel_button;

  TurnoutStore         *store;
  gint64                program_id;
  GCancellable         *cancellable;         /* loading and previews */
  GCancellable         *import_cancellable;  /* the import in flight */
  GCancellable         *outcome_cancellable; /* the dry run in flight */
  GtkFileChooserNative *chooser;

  GBytes               *bytes;
  GArray               *mapping;             /* of TurnoutCsvField, the user's choice */
  GPtrArray            *status_keys;         /* in the status row's order */
  TurnoutImportPreview *preview;
  TurnoutImportReport  *report;
  TurnoutImportReport  *outcome;             /* the dry run's, of the choices as they are */
  GPtrArray            *mapping_rows;        /* AdwComboRow per column */
  GPtrArray            *problem_rows;
  guint                 previewing;
  gboolean              importing;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (TurnoutImportDialog, turnout_import_dialog, ADW_TYPE_WINDOW)

enum { IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (TurnoutImportDialog *self,
            const GError        *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
actions_update (TurnoutImportDialog *self)
{
  gboolean ready = self->preview != NULL && !self->importing && self->previewing == 0 &&
                   self->report == NULL && self->preview->n_good > 0 && self->outcome != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->importing && self->report == NULL);
}

static void
clear_rows (TurnoutImportDialog *self,
            GPtrArray           *rows,
            AdwPreferencesGroup *group)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void start_preview (TurnoutImportDialog *self);
static void forget_outcome (TurnoutImportDialog *self);
static void start_outcome (TurnoutImportDialog *self);

static void
mapping_selected_cb (AdwComboRow         *row,
                     GParamSpec          *pspec,
                     TurnoutImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  TurnoutCsvField field = adw_combo_row_get_selected (row);

  if (self->updating)
    return;

  turnout_import_dialog_set_mapping (self, column, field);
}

static void
build_mapping_rows (TurnoutImportDialog *self)
{
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);

  clear_rows (self, self->mapping_rows, self->mapping_group);

  for (guint f = 0; f < TURNOUT_CSV_N_FIELDS; f++)
    gtk_string_list_append (fields, turnout_csv_field_get_display_name (f));

  for (guint i = 0; i < self->preview->n_columns; i++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      const char *sample = self->preview->rows->len > 0
                           ? ((char **) g_ptr_array_index (self->preview->rows, 0))[i] : "";

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->preview->headers[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
      adw_combo_row_set_model (row, G_LIST_MODEL (fields));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (i));
      g_signal_connect (row, "notify::selected", G_CALLBACK (mapping_selected_cb), self);
      adw_preferences_group_add (self->mapping_group, GTK_WIDGET (row));
      g_ptr_array_add (self->mapping_rows, row);
    }
}

static void
sync_mapping_rows (TurnoutImportDialog *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->mapping_rows->len && i < self->mapping->len; i++)
    adw_combo_row_set_selected (g_ptr_array_index (self->mapping_rows, i),
                                g_array_index (self->mapping, TurnoutCsvField, i));
  self->updating = FALSE;
}

static GtkWidget *
cell_label (const char *text,
            gboolean    heading)
{
  g_autofree char *one_line = g_strdelimit (g_strdup (text), "\r\n", ' ');
  GtkWidget *label = gtk_label_new (one_line);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
fill_rows_grid (TurnoutImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_grid))) != NULL)
    gtk_grid_remove (self->rows_grid, child);

  gtk_grid_attach (self->rows_grid, cell_label (_("Line"), TRUE), 0, 0, 1, 1);
  for (guint c = 0; c < self->preview->n_columns; c++)
    {
      TurnoutCsvField field = g_array_index (self->preview->mapping, TurnoutCsvField, c);
      GtkWidget *label = cell_label (field == TURNOUT_CSV_FIELD_NONE ? self->preview->headers[c]
                                     : turnout_csv_field_get_display_name (field), TRUE);

      if (field == TURNOUT_CSV_FIELD_NONE)
        gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->rows_grid, label, c + 1, 0, 1, 1);
    }

  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      char **cells = g_ptr_array_index (self->preview->rows, r);
      guint line_number = g_array_index (self->preview->row_lines, guint, r);
      g_autofree char *line = g_strdup_printf ("%'u", line_number);
      GtkWidget *line_label = cell_label (line, FALSE);

      /* A row that will be skipped says so where it is shown. */
      for (guint p = 0; p < self->preview->problems->len; p++)
        {
          const TurnoutImportProblem *problem = g_ptr_array_index (self->preview->problems, p);

          if (problem->line == line_number)
            {
              gtk_widget_add_css_class (line_label, "error");
              gtk_widget_set_tooltip_text (line_label, problem->reason);
              break;
            }
        }

      gtk_grid_attach (self->rows_grid, line_label, 0, r + 1, 1, 1);
      for (guint c = 0; c < self->preview->n_columns; c++)
        gtk_grid_attach (self->rows_grid, cell_label (cells[c], FALSE), c + 1, r + 1, 1, 1);
    }
}

static GtkWidget *
problem_row (const TurnoutImportProblem *problem)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Line %'u"), problem->line);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
  return row;
}

static void
fill_problems (TurnoutImportDialog *self,
               GPtrArray           *problems)
{
  g_autofree char *description = NULL;
  GtkWidget *row;

  clear_rows (self, self->problem_rows, self->problems_group);

  {
    gboolean any_email = FALSE;

    for (guint i = 0; i < self->preview->mapping->len; i++)
      if (g_array_index (self->preview->mapping, TurnoutCsvField, i) == TURNOUT_CSV_FIELD_EMAIL)
        any_email = TRUE;

    if (!any_email)
      {
        adw_preferences_group_set_description (self->problems_group,
                                               _("Choose the column that holds the e-mail address."));
        return;
      }
  }

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%'u of %'u row will be imported.",
                                              "%'u of %'u rows will be imported.",
                                              self->preview->n_records),
                                 self->preview->n_good, self->preview->n_records);
  adw_preferences_group_set_description (self->problems_group, description);

  if (problems->len == 0)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No problems found"));
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (self->problem_rows, row);
      return;
    }

  for (guint i = 0; i < problems->len && i < MAX_PROBLEM_ROWS; i++)
    {
      row = problem_row (g_ptr_array_index (problems, i));
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (self->problem_rows, row);
    }

  if (problems->len > MAX_PROBLEM_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %'u more problem",
                                                            "and %'u more problems",
                                                            problems->len - MAX_PROBLEM_ROWS),
                                               problems->len - MAX_PROBLEM_ROWS);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (self->problem_rows, row);
    }
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  TurnoutImportPreview *preview;
  gboolean new_file;

  preview = turnout_store_preview_import_finish (TURNOUT_STORE (object), result, &error);
  self->previewing--;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (preview == NULL)
    {
      show_error (self, error);
      actions_update (self);
      return;
    }

  new_file = self->mapping == NULL;
  g_clear_pointer (&self->preview, turnout_import_preview_free);
  self->preview = preview;

  if (new_file)
    {
      g_autofree char *encoding = NULL;
      const char *separator = preview->separator == ';' ? _("semicolons") :
                              preview->separator == '\t' ? _("tabs") : _("commas");

      self->mapping = g_array_copy (preview->mapping);
      build_mapping_rows (self);
      /* Translators: "UTF-8, separated by semicolons, 120 rows" */
      encoding = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, separated by %s, %'u row",
                                               "%s, separated by %s, %'u rows", preview->n_records),
                                  turnout_csv_encoding_get_display_name (preview->encoding), separator,
                                  preview->n_records);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_row), encoding);
      adw_action_row_set_subtitle (self->file_row, encoding);
    }

  sync_mapping_rows (self);
  fill_rows_grid (self);
  fill_problems (self, preview->problems);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  start_outcome (self);
  actions_update (self);
}

/* Without a mapping yet, the preview recognises one from the header. */
static void
start_preview (TurnoutImportDialog *self)
{
  const TurnoutCsvField *mapping = NULL;
  guint n_mapping = 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  forget_outcome (self);

  if (self->mapping != NULL)
    {
      mapping = (const TurnoutCsvField *) (gpointer) self->mapping->data;
      n_mapping = self->mapping->len;
    }

  self->previewing++;
  turnout_store_preview_import_async (self->store, self->bytes, mapping, n_mapping, N_SAMPLE_ROWS,
                                      self->cancellable, preview_cb, g_object_ref (self));
  actions_update (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  self->previewing--;
  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      actions_update (self);
      return;
    }

  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = g_bytes_new_take (contents, length);
  g_clear_pointer (&self->mapping, g_array_unref);
  start_preview (self);
}

/* Only a regular file is read: a FIFO would hold the reading thread until
 * something wrote to it, past any Cancel. */
static void
query_type_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TurnoutImportDialog) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = G_FILE (object);
  GCancellable *cancellable;

  info = g_file_query_info_finish (file, result, &error);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file; give the path of a CSV file"), name);
    }
  if (error != NULL)
    {
      self->previewing--;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      actions_update (self);
      return;
    }

  cancellable = self->cancellable;
  g_file_load_contents_async (file, cancellable, load_cb, g_steal_pointer (&self));
}

/* What the import will do, run dry on the store's worker */

static const char *
chosen_status (TurnoutImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  return selected < self->status_keys->len ? g_ptr_array_index (self->status_keys, selected)
                                           : TURNOUT_STATUS_INVITED;
}

/* "12 new members · 3 moved to Registered · …": each count the import's
 * report will have, said once. */
static char *
describe_outcome (TurnoutImportDialog       *self,
                  const TurnoutImportReport *outcome)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *name = turnout_status_display_name_for_key (channel, chosen_status (self));
  guint skipped = outcome->n_bad + outcome->n_duplicates;

  if (outcome->n_added > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u new member", "%'u new members",
                                                          outcome->n_added),
                                             outcome->n_added));
  if (outcome->n_moved > 0)
    /* Translators: "3 moved to Registered": members already in the program */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u moved to %s", "%'u moved to %s",
                                                          outcome->n_moved),
                                             outcome->n_moved, name));
  if (outcome->n_wait_listed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%'u of them to the wait list (no seat free)",
                                                          "%'u of them to the wait list (no seat free)",
                                                          outcome->n_wait_listed),
                                             outcome->n_wait_listed));
  if (outcome->n_unchanged > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%'u left as they are (already there or further)",
                                                          "%'u left as they are (already there or further)",
                                                          outcome->n_unchanged),
                                             outcome->n_unchanged));
  if (outcome->n_refused > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u refused", "%'u refused",
                                                          outcome->n_refused),
                                             outcome->n_refused));
  if (skipped > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u row skipped", "%'u rows skipped",
                                                          skipped),
                                             skipped));
  if (outcome->n_forgotten > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u forgotten on request, not imported",
                                                          "%'u forgotten on request, not imported",
                                                          outcome->n_forgotten),
                                             outcome->n_forgotten));
  if (parts->len == 0)
    return g_strdup (_("Nothing would change"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* The counts shown are of other choices, or none: they go, with the dry
 * run computing them. */
static void
forget_outcome (TurnoutImportDialog *self)
{
  g_cancellable_cancel (self->outcome_cancellable);
  g_clear_object (&self->outcome_cancellable);
  g_clear_pointer (&self->outcome, turnout_import_report_free);
  gtk_label_set_text (self->outcome_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_bar), FALSE);
}

static void
outcome_progress_cb (double   fraction,
                     gpointer user_data)
{
  TurnoutImportDialog *self = user_data;

  if (self->outcome_cancellable != NULL)
    gtk_progress_bar_set_fraction (self->outcome_bar, fraction);
}

static void
outcome_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutImportReport) outcome = turnout_store_import_dry_run_finish (TURNOUT_STORE (object), result,
                                                                                 &error);
  g_autofree char *text = NULL;

  self->previewing--;
  /* Counts the choices have left behind say nothing about them, even when
   * the dry run finished. */
  if (g_task_get_cancellable (G_TASK (result)) != self->outcome_cancellable)
    {
      actions_update (self);
      return;
    }

  g_clear_object (&self->outcome_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_bar), FALSE);
  if (outcome == NULL)
    {
      gtk_label_set_text (self->outcome_label, "");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      actions_update (self);
      return;
    }

  text = describe_outcome (self, outcome);
  gtk_label_set_text (self->outcome_label, text);
  self->outcome = g_steal_pointer (&outcome);
  actions_update (self);
}

/* The import, run dry with the file, columns and status as they are. */
static void
start_outcome (TurnoutImportDialog *self)
{
  forget_outcome (self);
  /* A file with no row to import does nothing: there is nothing to say. */
  gtk_widget_set_visible (self->outcome_group, self->preview != NULL && self->preview->n_good > 0);
  if (self->preview == NULL || self->preview->n_good == 0 || self->mapping == NULL)
    {
      actions_update (self);
      return;
    }

  self->outcome_cancellable = g_cancellable_new ();
  self->previewing++;
  gtk_label_set_text (self->outcome_label, _("Checking what the import would do…"));
  gtk_progress_bar_set_fraction (self->outcome_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_bar), TRUE);
  /* The callback's reference keeps self alive for outcome_progress_cb (). */
  turnout_store_import_dry_run_async (self->store, self->program_id, self->bytes,
                                      (const TurnoutCsvField *) (gpointer) self->mapping->data, self->mapping->len,
                                      chosen_status (self), outcome_progress_cb, self, self->outcome_cancellable,
                                      outcome_cb, g_object_ref (self));
  actions_update (self);
}

static void
status_changed_cb (AdwComboRow         *row,
                   GParamSpec          *pspec,
                   TurnoutImportDialog *self)
{
  if (self->preview != NULL)
    start_outcome (self);
}

/**
 * turnout_import_dialog_open_file:
 *
 * Reads @file and previews it, as choosing it in the file chooser does.
 */
void
turnout_import_dialog_open_file (TurnoutImportDialog *self,
                                 GFile               *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (TURNOUT_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->previewing++;
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, query_type_cb, g_object_ref (self));
  actions_update (self);
}

void
turnout_import_dialog_set_mapping (TurnoutImportDialog *self,
                                   guint                column,
                                   TurnoutCsvField      field)
{
  g_return_if_fail (TURNOUT_IS_IMPORT_DIALOG (self));
  g_return_if_fail (self->mapping != NULL && column < self->mapping->len);
  g_return_if_fail (field < TURNOUT_CSV_N_FIELDS);

  /* A field belongs to one column: choosing it elsewhere takes it from there. */
  if (field != TURNOUT_CSV_FIELD_NONE)
    for (guint i = 0; i < self->mapping->len; i++)
      if (i != column && g_array_index (self->mapping, TurnoutCsvField, i) == field)
        g_array_index (self->mapping, TurnoutCsvField, i) = TURNOUT_CSV_FIELD_NONE;

  g_array_index (self->mapping, TurnoutCsvField, column) = field;
  sync_mapping_rows (self);
  start_preview (self);
}

void
turnout_import_dialog_set_status (TurnoutImportDialog *self,
                                  const char          *status_key)
{
  g_return_if_fail (TURNOUT_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < self->status_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->status_keys, i), status_key))
      adw_combo_row_set_selected (self->status_row, i);
}

const TurnoutImportPreview *
turnout_import_dialog_get_preview (TurnoutImportDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_IMPORT_DIALOG (self), NULL);
  return self->preview;
}

const TurnoutImportReport *
turnout_import_dialog_get_report (TurnoutImportDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}

/* Returns: (nullable): what the import would do, as the dialog shows it;
 * %NULL while it is worked out or when there is nothing to import */
const TurnoutImportReport *
turnout_import_dialog_get_outcome (TurnoutImportDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_IMPORT_DIALOG (self), NULL);
  return self->outcome;
}

/* TRUE while a file is read, previewed or imported; tests spin on it. */
gboolean
turnout_import_dialog_get_busy (TurnoutImportDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_IMPORT_DIALOG (self), FALSE);
  return self->previewing > 0 || self->importing;
}

/* Choosing a file */

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     TurnoutImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        turnout_import_dialog_open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutImportDialog *self = TURNOUT_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Import Members"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Importing, on the store's worker */

/* The import reports the share of the file read; the rows are about the
 * same length, so that share of the preview's count is the rows done. */
static void
set_progress_text (TurnoutImportDialog *self,
                   double               fraction)
{
  guint total = self->preview->n_records;
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u row", "%'u of %'u rows", total),
                          (guint) (fraction * total + 0.5), total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  TurnoutImportDialog *self = user_data;

  if (!self->importing)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  set_progress_text (self, fraction);
}

static GtkWidget *
report_problems_list (const TurnoutImportReport *report)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < report->problems->len && i < MAX_PROBLEM_ROWS; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), problem_row (g_ptr_array_index (report->problems, i)));
  return list;
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TurnoutImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  TurnoutImportReport *report;

  report = turnout_store_import_finish (TURNOUT_STORE (object), result, &error);
  self->importing = FALSE;
  g_clear_object (&self->import_cancellable);

  if (report == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "preview");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Import cancelled; nothing was changed")));
      else
        show_error (self, error);
      actions_update (self);
      return;
    }

  self->report = report;
  summary = g_strdup_printf (_("%'u imported, %'u updated, %'u skipped"),
                             report->n_added, report->n_moved, turnout_import_report_skipped (report));
  adw_status_page_set_description (self->done_page, summary);
  if (report->problems->len > 0)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *clamp = adw_clamp_new ();

      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), report_problems_list (report));
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
      adw_clamp_set_child (ADW_CLAMP (clamp), scrolled);
      adw_status_page_set_child (self->done_page, clamp);
    }
  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
  gtk_widget_set_visible (self->import_button, FALSE);
  actions_update (self);

  g_signal_emit (self, signals[IMPORTED], 0, report->n_added, report->n_moved,
                 turnout_import_report_skipped (report));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutImportDialog *self = TURNOUT_IMPORT_DIALOG (widget);

  if (self->preview == NULL || self->outcome == NULL || self->importing)
    return;

  self->importing = TRUE;
  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_progress_text (self, 0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  actions_update (self);

  /* The callback's reference keeps self alive for progress_cb (). */
  turnout_store_import_async (self->store, self->program_id, self->bytes,
                              (const TurnoutCsvField *) (gpointer) self->mapping->data, self->mapping->len,
                              chosen_status (self), progress_cb, self, self->import_cancellable, import_cb,
                              g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutImportDialog *self = TURNOUT_IMPORT_DIALOG (widget);

  if (self->importing)
    {
      g_cancellable_cancel (self->import_cancellable);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request (GtkWindow *window)
{
  TurnoutImportDialog *self = TURNOUT_IMPORT_DIALOG (window);

  /* Closing mid-import cancels it: nothing is left half done. */
  if (self->importing)
    g_cancellable_cancel (self->import_cancellable);
  return GTK_WINDOW_CLASS (turnout_import_dialog_parent_class)->close_request (window);
}

static void
turnout_import_dialog_dispose (GObject *object)
{
  TurnoutImportDialog *self = TURNOUT_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->outcome_cancellable);
  g_clear_object (&self->outcome_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (turnout_import_dialog_parent_class)->dispose (object);
}

static void
turnout_import_dialog_finalize (GObject *object)
{
  TurnoutImportDialog *self = TURNOUT_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->mapping, g_array_unref);
  g_clear_pointer (&self->status_keys, g_ptr_array_unref);
  g_clear_pointer (&self->preview, turnout_import_preview_free);
  g_clear_pointer (&self->report, turnout_import_report_free);
  g_clear_pointer (&self->outcome, turnout_import_report_free);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (turnout_import_dialog_parent_class)->finalize (object);
}

static void
turnout_import_dialog_class_init (TurnoutImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = turnout_import_dialog_dispose;
  object_class->finalize = turnout_import_dialog_finalize;
  window_class->close_request = close_request;

  /**
   * TurnoutImportDialog::imported:
   * @added: new members
   * @updated: existing members whose status changed
   * @skipped: rows not imported, and members left as they were
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  turnout_ensure_resources ();
  g_type_ensure (TURNOUT_TYPE_CLIP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, outcome_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, outcome_bar);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, rows_grid);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutImportDialog, cancel_button);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
turnout_import_dialog_init (TurnoutImportDialog *self)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mapping_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  self->status_keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      if (g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        continue;
      g_ptr_array_add (self->status_keys, g_strdup (status->key));
      gtk_string_list_append (names, turnout_status_get_display_name (status));
    }
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (names));
  turnout_import_dialog_set_status (self, TURNOUT_STATUS_INVITED);
  g_signal_connect (self->status_row, "notify::selected", G_CALLBACK (status_changed_cb), self);

  actions_update (self);
}

/**
 * turnout_import_dialog_present:
 * @parent: the main window
 *
 * Opens the dialog on its "Choose File..." page. Connect to ::imported to
 * reload the program's members after an import.
 *
 * Returns: (transfer none): the dialog, owned by GTK while it is open
 */
TurnoutImportDialog *
turnout_import_dialog_present (GtkWindow    *parent,
                               TurnoutStore *store,
                               gint64        program_id)
{
  TurnoutImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id > 0, NULL);

  self = g_object_new (TURNOUT_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->program_id = program_id;
  gtk_window_present (GTK_WINDOW (self));

  return self;
}
