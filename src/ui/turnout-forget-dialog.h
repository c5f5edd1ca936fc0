/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-forget-dialog.h: Forget Person, the right to erasure. */
#pragma once

#include <adwaita.h>

#include "turnout-on24-service.h"
#include "turnout-records.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_FORGET_DIALOG (turnout_forget_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutForgetDialog, turnout_forget_dialog, TURNOUT, FORGET_DIALOG, AdwMessageDialog)

/* Asks whether to forget @member's person and, on Forget, does it (ON24
 * first when asked), staying open until it is done. @on24 (nullable): the
 * window's service, for its account. Emits ::forgotten (gint64 person_id)
 * once the person is erased, then closes. */
TurnoutForgetDialog *turnout_forget_dialog_present      (GtkWindow           *parent,
                                                         TurnoutStore        *store,
                                                         TurnoutOn24Service  *on24,
                                                         const TurnoutMember *member);

/* For tests */
gboolean             turnout_forget_dialog_get_busy     (TurnoutForgetDialog *self);
/* Whether "Also ask ON24" is offered (the person is in a linked
 * program), and whether it can be chosen (an account is set up); FALSE
 * until the programs are known. */
gboolean             turnout_forget_dialog_get_on24_shown (TurnoutForgetDialog *self);
gboolean             turnout_forget_dialog_get_ask_on24 (TurnoutForgetDialog *self);
/* What went wrong with the last Forget, or NULL. */
const char          *turnout_forget_dialog_get_problem  (TurnoutForgetDialog *self);

G_END_DECLS
