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

G_END_DECLS
