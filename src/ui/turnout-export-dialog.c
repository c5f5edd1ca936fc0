/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-export-dialog.c: Export Members...
 *
 * Asks where to save with GtkFileChooserNative (the portal in a sandbox),
 * suggesting "<program>.csv", then writes the current view (status filter,
 * search and visible columns) through the store. The caller gets the
 * file and the number of members written, to say so in a toast.
 */
#define G_LOG_DOMAIN "turnout-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-export-dialog.h"
#include "turnout-store-export.h"

/* What the view shows, kept while the user chooses where to save it. */
typedef struct
{
  gint64   program_id;
  char    *status;
  char    *search;
  GArray  *columns;
} ExportView;

static void
export_view_free (ExportView *view)
{
  g_free (view->status);
  g_free (view->search);
  g_array_unref (view->columns);
  g_free (view);
}

static ExportView *
export_view_new (gint64                     program_id,
                 const char                *status,
                 const char                *search,
                 const TurnoutExportColumn *columns,
                 guint                      n_columns)
{
  ExportView *view = g_new0 (ExportView, 1);

  view->program_id = program_id;
  view->status = g_strdup (status);
  view->search = g_strdup (search);
  view->columns = g_array_new (FALSE, FALSE, sizeof (TurnoutExportColumn));
  if (columns != NULL)
    g_array_append_vals (view->columns, columns, n_columns);
  return view;
}

typedef struct
{
  guint  n_members;
  GFile *file;
} ExportResult;

static void
export_result_free (ExportResult *result)
{
  g_clear_object (&result->file);
  g_free (result);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  ExportResult *done = g_new0 (ExportResult, 1);

  if (!turnout_store_export_members_finish (TURNOUT_STORE (object), result, &done->n_members, &error))
    {
      export_result_free (done);
      g_task_return_error (task, error);
      return;
    }

  done->file = g_file_new_for_path (g_task_get_task_data (task));
  g_task_return_pointer (task, done, (GDestroyNotify) export_result_free);
}

static void
start_export (GTask      *task,
              ExportView *view,
              GFile      *file)
{
  TurnoutStore *store = g_task_get_source_object (task);
  char *path = g_file_get_path (file);

  if (path == NULL)
    {
      export_view_free (view);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Members can only be exported to a local file"));
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, path, g_free);
  turnout_store_export_members_async (store, view->program_id, view->status, view->search,
                                      (const TurnoutExportColumn *) (gpointer) view->columns->data,
                                      view->columns->len, path, g_task_get_cancellable (task), export_cb, task);
  export_view_free (view);
}

/**
 * turnout_export_to_file_async:
 * @columns: (nullable): the visible columns in order; %NULL: all of them
 *
 * Writes the members the view shows to @file, whole or not at all.
 */
void
turnout_export_to_file_async (TurnoutStore              *store,
                              gint64                     program_id,
                              const char                *status,
                              const char                *search,
                              const TurnoutExportColumn *columns,
                              guint                      n_columns,
                              GFile                     *file,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (TURNOUT_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_export_to_file_async);
  start_export (task, export_view_new (program_id, status, search, columns, n_columns), file);
}

static GFile *
finish (GAsyncResult  *result,
        guint         *n_members,
        GError       **error)
{
  ExportResult *done = g_task_propagate_pointer (G_TASK (result), error);
  GFile *file;

  if (done == NULL)
    return NULL;
  if (n_members != NULL)
    *n_members = done->n_members;
  file = g_steal_pointer (&done->file);
  export_result_free (done);
  return file;
}

GFile *
turnout_export_to_file_finish (GAsyncResult  *result,
                               guint         *n_members,
                               GError       **error)
{
  /* The task's source object is the store, which the caller need not keep. */
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == turnout_export_to_file_async, NULL);
  return finish (result, n_members, error);
}

/* Asking where */

typedef struct
{
  GTask      *task;
  ExportView *view;
} Pending;

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  Pending *pending = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    start_export (pending->task, pending->view, file);
  else
    {
      export_view_free (pending->view);
      g_task_return_new_error (pending->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
      g_object_unref (pending->task);
    }

  g_free (pending);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * turnout_export_dialog_run:
 * @program_name: suggests the file name
 * @status: (nullable): the view's status filter
 * @search: (nullable): the view's search text
 * @columns: (nullable): the visible columns; %NULL: all of them
 *
 * Asks where to save, then exports. Finish with
 * turnout_export_dialog_run_finish(): %G_IO_ERROR_CANCELLED when the user
 * chose no file.
 */
void
turnout_export_dialog_run (GtkWindow                 *parent,
                           TurnoutStore              *store,
                           gint64                     program_id,
                           const char                *program_name,
                           const char                *status,
                           const char                *search,
                           const TurnoutExportColumn *columns,
                           guint                      n_columns,
                           GCancellable              *cancellable,
                           GAsyncReadyCallback        callback,
                           gpointer                   user_data)
{
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  Pending *pending;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (TURNOUT_IS_STORE (store));

  pending = g_new0 (Pending, 1);
  pending->task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (pending->task, turnout_export_dialog_run);
  pending->view = export_view_new (program_id, status, search, columns, n_columns);

  /* A file name must not carry a path separator from the program's name. */
  name = g_strdup_printf ("%s.csv", program_name && *program_name ? program_name : _("Members"));
  g_strdelimit (name, G_DIR_SEPARATOR_S, '-');

  chooser = gtk_file_chooser_native_new (_("Export Members"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

GFile *
turnout_export_dialog_run_finish (GAsyncResult  *result,
                                  guint         *n_members,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == turnout_export_dialog_run, NULL);
  return finish (result, n_members, error);
}
