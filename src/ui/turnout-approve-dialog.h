/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-approve-dialog.h: Approve Pending... */
#pragma once

#include <adwaita.h>

#include "turnout-records.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_APPROVE_DIALOG (turnout_approve_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutApproveDialog, turnout_approve_dialog, TURNOUT, APPROVE_DIALOG, AdwWindow)

TurnoutApproveDialog *turnout_approve_dialog_present       (GtkWindow            *parent,
                                                            TurnoutStore         *store,
                                                            gint64                program_id);
void                  turnout_approve_dialog_select        (TurnoutApproveDialog *self,
                                                            gint64                person_id,
                                                            gboolean              selected);
void                  turnout_approve_dialog_set_reason    (TurnoutApproveDialog *self,
                                                            const char           *reason);
guint                 turnout_approve_dialog_get_n_pending (TurnoutApproveDialog *self);
gboolean              turnout_approve_dialog_get_preview   (TurnoutApproveDialog *self,
                                                            TurnoutChangeSummary *summary);
gboolean              turnout_approve_dialog_get_busy      (TurnoutApproveDialog *self);

G_END_DECLS
