/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-import.h: members in from a CSV file, as store jobs. */
#pragma once

#include "turnout-import.h"
#include "turnout-store.h"

G_BEGIN_DECLS

void                  turnout_store_preview_import_async  (TurnoutStore           *self,
                                                           GBytes                 *bytes,
                                                           const TurnoutCsvField  *mapping,
                                                           guint                   n_mapping,
                                                           guint                   n_sample_rows,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
TurnoutImportPreview *turnout_store_preview_import_finish (TurnoutStore           *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);
void                  turnout_store_import_async          (TurnoutStore           *self,
                                                           gint64                  program_id,
                                                           GBytes                 *bytes,
                                                           const TurnoutCsvField  *mapping,
                                                           guint                   n_mapping,
                                                           const char             *status,
                                                           TurnoutImportProgress   progress,
                                                           gpointer                progress_data,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
TurnoutImportReport  *turnout_store_import_finish         (TurnoutStore           *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);
void                  turnout_store_import_dry_run_async  (TurnoutStore           *self,
                                                           gint64                  program_id,
                                                           GBytes                 *bytes,
                                                           const TurnoutCsvField  *mapping,
                                                           guint                   n_mapping,
                                                           const char             *status,
                                                           TurnoutImportProgress   progress,
                                                           gpointer                progress_data,
                                                           GCancellable           *cancellable,
                                                           GAsyncReadyCallback     callback,
                                                           gpointer                user_data);
TurnoutImportReport  *turnout_store_import_dry_run_finish (TurnoutStore           *self,
                                                           GAsyncResult           *result,
                                                           GError                **error);

G_END_DECLS
