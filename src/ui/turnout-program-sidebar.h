/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-program-sidebar.h: the list of programs beside the members. */
#pragma once

#include <adwaita.h>

#include "turnout-records.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_PROGRAM_SIDEBAR (turnout_program_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutProgramSidebar, turnout_program_sidebar, TURNOUT, PROGRAM_SIDEBAR, GtkWidget)

void      turnout_program_sidebar_set_programs (TurnoutProgramSidebar *self,
                                                GPtrArray             *programs,
                                                gint64                 selected);
gboolean  turnout_program_sidebar_select       (TurnoutProgramSidebar *self,
                                                gint64                 program_id);

char     *turnout_program_format_date          (const TurnoutProgram  *program);
char     *turnout_program_format_counts        (const TurnoutProgram  *program);

G_END_DECLS
