/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-export.h: members out to a CSV file, as a store job. */
#pragma once

#include "turnout-export.h"
#include "turnout-store.h"

G_BEGIN_DECLS

void     turnout_store_export_members_async  (TurnoutStore              *self,
                                              gint64                     program_id,
                                              const char                *status,
                                              const char                *search,
                                              const TurnoutExportColumn *columns,
                                              guint                      n_columns,
                                              const char                *path,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
gboolean turnout_store_export_members_finish (TurnoutStore              *self,
                                              GAsyncResult              *result,
                                              guint                     *n_members,
                                              GError                   **error);

G_END_DECLS
