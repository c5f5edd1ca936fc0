/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-application.h: the application, its store and its windows. */
#pragma once

#include <adwaita.h>

#include "turnout-on24-service.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_APPLICATION (turnout_application_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutApplication, turnout_application, TURNOUT, APPLICATION, AdwApplication)

TurnoutApplication *turnout_application_new       (void);
TurnoutStore       *turnout_application_get_store (TurnoutApplication *self);
void                turnout_ensure_resources      (void);
TurnoutOn24Service *turnout_application_get_on24_service (TurnoutApplication *self);
/* The app's settings, or NULL when the schema is not installed (a build
 * tree without compiled schemas). */
GSettings          *turnout_application_get_settings (TurnoutApplication *self);
/* Closes the windows and opens a new one on @path (a file, a team
 * database's URI, or NULL: the default file), with @password for a team
 * database (NULL: none, or libpq's password file). */
void                turnout_application_switch_database (TurnoutApplication *self,
                                                         const char         *path,
                                                         const char         *password);
/* A GSettings of the app's schema, or NULL when it is not installed. */
GSettings          *turnout_settings_new          (void);

G_END_DECLS
