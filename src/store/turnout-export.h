/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-export.h: the members a view shows, out to CSV. */
#pragma once

#include <gio/gio.h>

#include "turnout-columns.h"
#include "turnout-db.h"

G_BEGIN_DECLS

/* The current view: NULL or empty fields do not filter. */
typedef struct
{
  const char                *status;
  const char                *search;
  const TurnoutExportColumn *columns;    /* NULL: every column */
  guint                      n_columns;
} TurnoutExportOptions;

const char *turnout_export_column_to_key          (TurnoutExportColumn  column);
gboolean    turnout_export_column_from_key        (const char          *key,
                                                   TurnoutExportColumn *column);
const char *turnout_export_column_get_title       (TurnoutExportColumn  column);

GBytes     *turnout_export_members                (TurnoutDb                  *db,
                                                   gint64                      program_id,
                                                   const TurnoutExportOptions *options,
                                                   guint                      *n_members,
                                                   GError                    **error);
gboolean    turnout_export_members_to_file        (TurnoutDb                  *db,
                                                   gint64                      program_id,
                                                   const TurnoutExportOptions *options,
                                                   const char                 *path,
                                                   guint                      *n_members,
                                                   GError                    **error);

G_END_DECLS
