/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-batch-dialog.h: a batch campaign: select members by filter, change them all. */
#pragma once

#include <adwaita.h>

#include "turnout-store.h"
#include "turnout-waitlist.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_BATCH_DIALOG (turnout_batch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutBatchDialog, turnout_batch_dialog, TURNOUT, BATCH_DIALOG, AdwWindow)

TurnoutBatchDialog *turnout_batch_dialog_present      (GtkWindow                 *parent,
                                                       TurnoutStore              *store,
                                                       gint64                     program_id,
                                                       const TurnoutMemberFilter *filter);
void                turnout_batch_dialog_set_filter   (TurnoutBatchDialog        *self,
                                                       const TurnoutMemberFilter *filter);
/* @status_key: (nullable): NULL leaves the new status unchosen */
void                turnout_batch_dialog_set_target   (TurnoutBatchDialog        *self,
                                                       const char                *status_key,
                                                       const char                *reason);
guint               turnout_batch_dialog_get_n_selected (TurnoutBatchDialog      *self);
const char         *turnout_batch_dialog_get_summary  (TurnoutBatchDialog        *self);
gboolean            turnout_batch_dialog_get_preview  (TurnoutBatchDialog        *self,
                                                       TurnoutChangeSummary      *summary);
gboolean            turnout_batch_dialog_get_busy     (TurnoutBatchDialog        *self);

G_END_DECLS
