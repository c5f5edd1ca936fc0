/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-export.c: members out to a CSV file, as a store job.
 *
 * turnout_export_members_to_file(), which the command-line tool calls,
 * run on the store's thread: the file is written whole or not at all.
 * Choosing the file is the UI's (turnout-export-dialog.c).
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-export.h"

typedef struct
{
  gint64  program_id;
  char   *status;
  char   *search;
  GArray *columns;   /* of TurnoutExportColumn; empty: all of them */
  char   *path;
} Export;

static void
export_free (Export *export)
{
  g_free (export->status);
  g_free (export->search);
  g_array_unref (export->columns);
  g_free (export->path);
  g_free (export);
}

static gpointer
export_job (TurnoutDb     *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Export *export = data;
  TurnoutExportOptions options = {
    .status = export->status,
    .search = export->search,
    .columns = (const TurnoutExportColumn *) (gpointer) export->columns->data,
    .n_columns = export->columns->len,
  };
  g_autofree guint *n_members = g_new0 (guint, 1);

  if (!turnout_export_members_to_file (db, export->program_id, &options, export->path, n_members, error))
    return NULL;
  return g_steal_pointer (&n_members);
}

/**
 * turnout_store_export_members_async:
 * @status: (nullable): only members in this status
 * @search: (nullable): only members this text finds
 * @columns: (nullable): the columns in order; %NULL: all of them
 * @path: the file written, whole or not at all
 *
 * Writes the members a view shows to @path.
 */
void
turnout_store_export_members_async (TurnoutStore              *self,
                                    gint64                     program_id,
                                    const char                *status,
                                    const char                *search,
                                    const TurnoutExportColumn *columns,
                                    guint                      n_columns,
                                    const char                *path,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data)
{
  Export *export;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (path != NULL);

  export = g_new0 (Export, 1);
  export->program_id = program_id;
  export->status = g_strdup (status);
  export->search = g_strdup (search);
  export->columns = g_array_new (FALSE, FALSE, sizeof (TurnoutExportColumn));
  if (columns != NULL)
    g_array_append_vals (export->columns, columns, n_columns);
  export->path = g_strdup (path);
  turnout_store_run_async (self, export_job, export, (GDestroyNotify) export_free, g_free,
                           cancellable, callback, user_data);
}

/**
 * turnout_store_export_members_finish:
 * @n_members: (out) (optional): how many members were written
 */
gboolean
turnout_store_export_members_finish (TurnoutStore  *self,
                                     GAsyncResult  *result,
                                     guint         *n_members,
                                     GError       **error)
{
  g_autofree guint *written = turnout_store_run_finish (self, result, error);

  if (written == NULL)
    return FALSE;
  if (n_members != NULL)
    *n_members = *written;
  return TRUE;
}
