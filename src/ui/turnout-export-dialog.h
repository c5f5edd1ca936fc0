/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-export-dialog.h: Export Members... (a save dialog and the export) */
#pragma once

#include <gtk/gtk.h>

#include "turnout-export.h"
#include "turnout-store.h"

G_BEGIN_DECLS

void   turnout_export_dialog_run           (GtkWindow                 *parent,
                                            TurnoutStore              *store,
                                            gint64                     program_id,
                                            const char                *program_name,
                                            const char                *status,
                                            const char                *search,
                                            const TurnoutExportColumn *columns,
                                            guint                      n_columns,
                                            GCancellable              *cancellable,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
GFile *turnout_export_dialog_run_finish    (GAsyncResult              *result,
                                            guint                     *n_members,
                                            GError                   **error);

void   turnout_export_to_file_async        (TurnoutStore              *store,
                                            gint64                     program_id,
                                            const char                *status,
                                            const char                *search,
                                            const TurnoutExportColumn *columns,
                                            guint                      n_columns,
                                            GFile                     *file,
                                            GCancellable              *cancellable,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
GFile *turnout_export_to_file_finish       (GAsyncResult              *result,
                                            guint                     *n_members,
                                            GError                   **error);

G_END_DECLS
