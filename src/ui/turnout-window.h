/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-window.h: the main window. */
#pragma once

#include <adwaita.h>

#include "turnout-application.h"
#include "turnout-member-table.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_WINDOW (turnout_window_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutWindow, turnout_window, TURNOUT, WINDOW, AdwApplicationWindow)

TurnoutWindow *turnout_window_new              (TurnoutApplication *application,
                                                TurnoutStore       *store);
GPtrArray     *turnout_window_get_programs     (TurnoutWindow      *self);
gint64         turnout_window_get_program_id   (TurnoutWindow      *self);
void           turnout_window_select_program   (TurnoutWindow      *self,
                                                gint64              program_id);
gboolean       turnout_window_is_loading       (TurnoutWindow      *self);

void           turnout_window_set_on24_service (TurnoutWindow      *self,
                                                TurnoutOn24Service *service);

/* For tests */
GtkSelectionModel *
               turnout_window_get_members      (TurnoutWindow      *self);
GtkColumnViewColumn *
               turnout_window_get_column       (TurnoutWindow       *self,
                                                TurnoutMemberColumn  column);
const char    *turnout_window_get_last_toast   (TurnoutWindow      *self);

G_END_DECLS
