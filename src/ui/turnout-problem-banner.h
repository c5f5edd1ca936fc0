/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-problem-banner.h: a problem with ON24 the coordinator has to
 * act on, shown above the members table with the button that fixes it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TURNOUT_TYPE_PROBLEM_BANNER (turnout_problem_banner_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutProblemBanner, turnout_problem_banner, TURNOUT, PROBLEM_BANNER, GtkWidget)

/* Shows @error (TURNOUT_ON24_ERROR) with its fix: refused tokens open
 * Preferences, an unknown event Event Settings, a failure that passes
 * (offline, throttled, ON24's own) tries the refresh again. @program_id
 * is the program it happened for; refused tokens are the account's.
 * FALSE, and nothing shown, for an error no button fixes. */
gboolean    turnout_problem_banner_show_error     (TurnoutProblemBanner *self,
                                                   gint64                program_id,
                                                   const GError         *error);
void        turnout_problem_banner_dismiss        (TurnoutProblemBanner *self);
/* ON24 worked for @program_id: a problem it disproves goes. */
void        turnout_problem_banner_resolve        (TurnoutProblemBanner *self,
                                                   gint64                program_id);
/* Another program is shown: a problem of the one before goes. */
void        turnout_problem_banner_program_changed (TurnoutProblemBanner *self,
                                                    gint64                program_id);

gboolean    turnout_problem_banner_is_shown       (TurnoutProblemBanner *self);
const char *turnout_problem_banner_get_message    (TurnoutProblemBanner *self);
/* The fix's button: its action and label. */
const char *turnout_problem_banner_get_action_name (TurnoutProblemBanner *self);
GtkButton  *turnout_problem_banner_get_button     (TurnoutProblemBanner *self);

G_END_DECLS
