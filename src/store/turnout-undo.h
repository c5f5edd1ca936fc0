/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-undo.h: taking back a change made a moment ago. */
#pragma once

#include "turnout-db.h"

G_BEGIN_DECLS

/* What an Undo did. */
typedef struct
{
  guint restored;        /* members back as they were before the change */
  guint changed_since;   /* left alone: moved again after the change */
  guint withdrawn;       /* ON24 registrations not sent yet, withdrawn */
  guint stay_at_on24;    /* registrations ON24 had already confirmed */
} TurnoutUndoSummary;

gboolean turnout_db_undo_change (TurnoutDb          *db,
                                 gint64              change_id,
                                 TurnoutUndoSummary *summary,
                                 GError            **error);

G_END_DECLS
