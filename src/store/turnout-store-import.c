/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-import.c: members in from a CSV file, as store jobs.
 *
 * The two steps of turnout-import.c for the UI. The preview reads bytes
 * and writes nothing, so it runs on a thread of its own rather than
 * waiting behind the store's queue. The import runs on the store's thread
 * as a bulk change, in one transaction: a cancel before the commit leaves
 * the program as it was. Its progress comes back on the caller's context.
 * The import also runs dry, rolled back at its end, so the dialog can say
 * what it will do to the members' statuses before it does it.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-import.h"

static GArray *
mapping_copy (const TurnoutCsvField *mapping,
              guint                  n_mapping)
{
  GArray *copy;

  if (mapping == NULL)
    return NULL;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (TurnoutCsvField), n_mapping);
  g_array_append_vals (copy, mapping, n_mapping);
  return copy;
}

static TurnoutImportOptions
options_for (GArray     *mapping,
             const char *status)
{
  TurnoutImportOptions options = { .has_header = -1, .status = status };

  if (mapping != NULL)
    {
      options.mapping = (const TurnoutCsvField *) (gpointer) mapping->data;
      options.n_mapping = mapping->len;
    }
  return options;
}

/* Preview */

typedef struct
{
  GBytes *bytes;
  GArray *mapping;   /* NULL: recognise from the header */
  guint   n_sample_rows;
} PreviewJob;

static void
preview_job_free (PreviewJob *job)
{
  g_bytes_unref (job->bytes);
  g_clear_pointer (&job->mapping, g_array_unref);
  g_free (job);
}

static void
preview_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  PreviewJob *job = data;
  TurnoutImportOptions options = options_for (job->mapping, NULL);
  GError *error = NULL;
  TurnoutImportPreview *preview;

  preview = turnout_import_preview (job->bytes, &options, job->n_sample_rows, &error);
  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, (GDestroyNotify) turnout_import_preview_free);
}

/**
 * turnout_store_preview_import_async:
 * @mapping: (nullable) (array length=n_mapping): a field per column; %NULL:
 *   recognise the columns from the header
 * @n_sample_rows: how many of the first rows the preview keeps
 *
 * Reads @bytes as turnout_store_import_async() would, writing nothing.
 */
void
turnout_store_preview_import_async (TurnoutStore          *self,
                                    GBytes                *bytes,
                                    const TurnoutCsvField *mapping,
                                    guint                  n_mapping,
                                    guint                  n_sample_rows,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (bytes != NULL);

  job = g_new0 (PreviewJob, 1);
  job->bytes = g_bytes_ref (bytes);
  job->mapping = mapping_copy (mapping, n_mapping);
  job->n_sample_rows = n_sample_rows;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_store_preview_import_async);
  g_task_set_task_data (task, job, (GDestroyNotify) preview_job_free);
  g_task_run_in_thread (task, preview_thread);
}

/* Returns: (transfer full): the preview, or %NULL with @error set */
TurnoutImportPreview *
turnout_store_preview_import_finish (TurnoutStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == turnout_store_preview_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Import */

/* The import reports on the store's thread; the caller hears on its own
 * context, once per idle however often the import reports, and not after
 * the import finished. */
typedef struct
{
  gatomicrefcount        ref_count;
  TurnoutImportProgress  func;
  gpointer               data;
  GMainContext          *context;
  gint                   permille;
  gint                   scheduled;
  gboolean               finished;   /* on the caller's context only */
} Progress;

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (Progress *progress)
{
  if (g_atomic_ref_count_dec (&progress->ref_count))
    {
      g_main_context_unref (progress->context);
      g_free (progress);
    }
}

static gboolean
progress_idle (gpointer data)
{
  Progress *progress = data;

  g_atomic_int_set (&progress->scheduled, 0);
  if (!progress->finished)
    progress->func (g_atomic_int_get (&progress->permille) / 1000.0, progress->data);
  return G_SOURCE_REMOVE;
}

/* On the store's thread. */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_atomic_int_set (&progress->permille, (int) (fraction * 1000));
  if (g_atomic_int_compare_and_exchange (&progress->scheduled, 0, 1))
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, progress_idle, progress_ref (progress), (GDestroyNotify) progress_unref);
      g_source_attach (source, progress->context);
      g_source_unref (source);
    }
}

typedef struct
{
  gint64    program_id;
  GBytes   *bytes;
  GArray   *mapping;
  char     *status;
  Progress *progress;   /* NULL: nobody asked */
  gboolean  dry_run;    /* a preview: run, counted, rolled back */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_bytes_unref (job->bytes);
  g_clear_pointer (&job->mapping, g_array_unref);
  g_free (job->status);
  g_clear_pointer (&job->progress, progress_unref);
  g_free (job);
}

static gpointer
import_job (TurnoutDb     *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ImportJob *job = data;
  TurnoutImportOptions options = options_for (job->mapping, job->status);
  TurnoutImportReport *report;

  /* Never left on for the next job, whatever the import does. */
  turnout_db_set_dry_run (db, job->dry_run);
  report = turnout_import_apply (db, job->program_id, job->bytes, &options,
                                 job->progress ? progress_cb : NULL, job->progress, cancellable, error);
  turnout_db_set_dry_run (db, FALSE);
  return report;
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Progress *progress = g_task_get_task_data (task);
  GError *error = NULL;
  TurnoutImportReport *report = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);

  if (progress != NULL)
    progress->finished = TRUE;
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) turnout_import_report_free);
}

static void
import_start (TurnoutStore          *self,
              gint64                 program_id,
              GBytes                *bytes,
              const TurnoutCsvField *mapping,
              guint                  n_mapping,
              const char            *status,
              gboolean               dry_run,
              gpointer               source_tag,
              TurnoutImportProgress  progress,
              gpointer               progress_data,
              GCancellable          *cancellable,
              GAsyncReadyCallback    callback,
              gpointer               user_data)
{
  ImportJob *job;
  GTask *task;

  job = g_new0 (ImportJob, 1);
  job->program_id = program_id;
  job->bytes = g_bytes_ref (bytes);
  job->mapping = mapping_copy (mapping, n_mapping);
  job->status = g_strdup (status);
  job->dry_run = dry_run;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* What happened, as turnout_store_run_bulk_async() says it. */
  g_task_set_check_cancellable (task, FALSE);

  if (progress != NULL)
    {
      job->progress = g_new0 (Progress, 1);
      g_atomic_ref_count_init (&job->progress->ref_count);
      job->progress->func = progress;
      job->progress->data = progress_data;
      job->progress->context = g_main_context_ref_thread_default ();
      g_task_set_task_data (task, progress_ref (job->progress), (GDestroyNotify) progress_unref);
    }

  turnout_store_run_bulk_async (self, import_job, job, (GDestroyNotify) import_job_free,
                                (GDestroyNotify) turnout_import_report_free, NULL, cancellable,
                                import_cb, task);
}

/**
 * turnout_store_import_async:
 * @mapping: (nullable) (array length=n_mapping): a field per column; %NULL:
 *   recognise the columns from the header
 * @status: (nullable): the members' status; %NULL: Invited
 * @progress: (nullable): told the share of the file read, on the caller's
 *   thread-default main context, until @callback
 * @progress_data: for @progress; must outlive the import (until @callback)
 *
 * Writes every good row in one transaction. A bulk change: @cancellable
 * stops it before it commits, writing nothing, and then it fails with
 * %G_IO_ERROR_CANCELLED; a cancel too late to stop the commit still gets
 * the report.
 */
void
turnout_store_import_async (TurnoutStore          *self,
                            gint64                 program_id,
                            GBytes                *bytes,
                            const TurnoutCsvField *mapping,
                            guint                  n_mapping,
                            const char            *status,
                            TurnoutImportProgress  progress,
                            gpointer               progress_data,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (bytes != NULL);

  import_start (self, program_id, bytes, mapping, n_mapping, status, FALSE, turnout_store_import_async,
                progress, progress_data, cancellable, callback, user_data);
}

/* Returns: (transfer full): what was imported, or %NULL with @error set */
TurnoutImportReport *
turnout_store_import_finish (TurnoutStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == turnout_store_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * turnout_store_import_dry_run_async:
 *
 * What turnout_store_import_async() would do with the same arguments,
 * writing nothing: the import runs to the end of its transaction and is
 * rolled back, and its report counts what it would have done. It takes
 * as long as the import, so it reports @progress and @cancellable stops
 * it the same way.
 */
void
turnout_store_import_dry_run_async (TurnoutStore          *self,
                                    gint64                 program_id,
                                    GBytes                *bytes,
                                    const TurnoutCsvField *mapping,
                                    guint                  n_mapping,
                                    const char            *status,
                                    TurnoutImportProgress  progress,
                                    gpointer               progress_data,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (bytes != NULL);

  import_start (self, program_id, bytes, mapping, n_mapping, status, TRUE, turnout_store_import_dry_run_async,
                progress, progress_data, cancellable, callback, user_data);
}

/* Returns: (transfer full): what the import would do, or %NULL with
 * @error set */
TurnoutImportReport *
turnout_store_import_dry_run_finish (TurnoutStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == turnout_store_import_dry_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
