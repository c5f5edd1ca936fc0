/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-waitlist-dialog.h: the wait list: order, reorder, promote. */
#pragma once

#include <adwaita.h>

#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_WAITLIST_DIALOG (turnout_waitlist_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutWaitlistDialog, turnout_waitlist_dialog, TURNOUT, WAITLIST_DIALOG, AdwWindow)

TurnoutWaitlistDialog *turnout_waitlist_dialog_present        (GtkWindow             *parent,
                                                               TurnoutStore          *store,
                                                               gint64                 program_id);
void                   turnout_waitlist_dialog_set_reason     (TurnoutWaitlistDialog *self,
                                                               const char            *reason);
const char            *turnout_waitlist_dialog_get_seats_text (TurnoutWaitlistDialog *self);
gboolean               turnout_waitlist_dialog_get_busy       (TurnoutWaitlistDialog *self);

G_END_DECLS
