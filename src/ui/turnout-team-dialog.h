/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-team-dialog.h: Open Team Database, a shared PostgreSQL database. */
#pragma once

#include <adwaita.h>

#include "turnout-application.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_TEAM_DIALOG (turnout_team_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutTeamDialog, turnout_team_dialog, TURNOUT, TEAM_DIALOG, AdwWindow)

/* On a successful connection the application switches to the database. */
TurnoutTeamDialog *turnout_team_dialog_present     (GtkWindow          *parent,
                                                    TurnoutApplication *application);
/* For tests: what the dialog says is wrong, or NULL; and whether it is
 * connecting. */
const char        *turnout_team_dialog_get_problem (TurnoutTeamDialog  *self);
gboolean           turnout_team_dialog_is_busy     (TurnoutTeamDialog  *self);

G_END_DECLS
