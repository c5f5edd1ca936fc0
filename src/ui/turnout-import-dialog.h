/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-import-dialog.h: Import Members... */
#pragma once

#include <adwaita.h>

#include "turnout-import.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_IMPORT_DIALOG (turnout_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutImportDialog, turnout_import_dialog, TURNOUT, IMPORT_DIALOG, AdwWindow)

TurnoutImportDialog        *turnout_import_dialog_present     (GtkWindow           *parent,
                                                               TurnoutStore        *store,
                                                               gint64               program_id);
void                        turnout_import_dialog_open_file   (TurnoutImportDialog *self,
                                                               GFile               *file);
void                        turnout_import_dialog_set_mapping (TurnoutImportDialog *self,
                                                               guint                column,
                                                               TurnoutCsvField      field);
void                        turnout_import_dialog_set_status  (TurnoutImportDialog *self,
                                                               const char          *status_key);
const TurnoutImportPreview *turnout_import_dialog_get_preview (TurnoutImportDialog *self);
const TurnoutImportReport  *turnout_import_dialog_get_report  (TurnoutImportDialog *self);
const TurnoutImportReport  *turnout_import_dialog_get_outcome (TurnoutImportDialog *self);
gboolean                    turnout_import_dialog_get_busy    (TurnoutImportDialog *self);

G_END_DECLS
