/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-rules-dialog.h: the program's trigger rules, edited. */
#pragma once

#include <adwaita.h>

#include "turnout-rules.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_RULES_DIALOG (turnout_rules_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutRulesDialog, turnout_rules_dialog, TURNOUT, RULES_DIALOG, AdwWindow)

TurnoutRulesDialog *turnout_rules_dialog_present      (GtkWindow          *parent,
                                                       TurnoutStore       *store,
                                                       gint64              program_id);
void                turnout_rules_dialog_set_new_rule (TurnoutRulesDialog *self,
                                                       const char         *on_status,
                                                       TurnoutRuleAction   action,
                                                       const char         *to_status,
                                                       const char         *message);
guint               turnout_rules_dialog_get_n_rules  (TurnoutRulesDialog *self);
gboolean            turnout_rules_dialog_get_busy     (TurnoutRulesDialog *self);

G_END_DECLS
