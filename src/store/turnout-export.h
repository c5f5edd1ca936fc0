/* turnout-export.h: the members a view shows, out to CSV. */
#pragma once

#include <gio/gio.h>

#include "turnout-db.h"

G_BEGIN_DECLS

typedef enum
{
  TURNOUT_EXPORT_EMAIL,
  TURNOUT_EXPORT_FIRST_NAME,
  TURNOUT_EXPORT_LAST_NAME,
  TURNOUT_EXPORT_COMPANY,
  TURNOUT_EXPORT_JOB_TITLE,
  TURNOUT_EXPORT_STATUS,
  TURNOUT_EXPORT_STATUS_REASON,
  TURNOUT_EXPORT_MEMBER_DATE,
  TURNOUT_EXPORT_STATUS_CHANGED_AT,
  TURNOUT_EXPORT_REACHED_SUCCESS,
  TURNOUT_EXPORT_SUCCESS_AT,
  TURNOUT_EXPORT_ACQUIRED_BY,
  TURNOUT_EXPORT_WAITLIST_POSITION,
  TURNOUT_EXPORT_PUSH_STATE,
  TURNOUT_EXPORT_LIVE_MINUTES,
  TURNOUT_EXPORT_ONDEMAND_MINUTES,
  TURNOUT_EXPORT_ENGAGEMENT_SCORE,
  TURNOUT_EXPORT_N_COLUMNS,
} TurnoutExportColumn;

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
