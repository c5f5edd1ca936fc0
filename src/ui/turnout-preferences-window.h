/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-preferences-window.h: Preferences, with the ON24 account. */
#pragma once

#include <adwaita.h>

#include "turnout-on24-service.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_PREFERENCES_WINDOW (turnout_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutPreferencesWindow, turnout_preferences_window, TURNOUT, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @service: (nullable): reloaded after each change to the account */
TurnoutPreferencesWindow *turnout_preferences_window_new     (GtkWindow          *parent,
                                                              TurnoutStore       *store,
                                                              TurnoutOn24Service *service);
TurnoutPreferencesWindow *turnout_preferences_window_present (GtkWindow          *parent,
                                                              TurnoutStore       *store,
                                                              TurnoutOn24Service *service);
/* What the "Test connection" row last said (for tests). */
const char               *turnout_preferences_window_get_test_result (TurnoutPreferencesWindow *self);

G_END_DECLS
