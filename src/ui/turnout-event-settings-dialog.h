/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-event-settings-dialog.h: a program's link to its ON24 event. */
#pragma once

#include <adwaita.h>

#include "turnout-on24-service.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_EVENT_SETTINGS_DIALOG (turnout_event_settings_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutEventSettingsDialog, turnout_event_settings_dialog, TURNOUT, EVENT_SETTINGS_DIALOG, AdwWindow)

/* @service: (nullable): its client is used when it has one; otherwise the
 * saved account is loaded. */
TurnoutEventSettingsDialog *turnout_event_settings_dialog_new     (GtkWindow          *parent,
                                                                   TurnoutStore       *store,
                                                                   TurnoutOn24Service *service,
                                                                   gint64              program_id);
TurnoutEventSettingsDialog *turnout_event_settings_dialog_present (GtkWindow          *parent,
                                                                   TurnoutStore       *store,
                                                                   TurnoutOn24Service *service,
                                                                   gint64              program_id);
/* What the dialog last said about the event (for tests). */
const char                 *turnout_event_settings_dialog_get_status (TurnoutEventSettingsDialog *self);

G_END_DECLS
