/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-person-dialog.h: Add Member and Edit Person. */
#pragma once

#include <adwaita.h>

#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_PERSON_DIALOG (turnout_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutPersonDialog, turnout_person_dialog, TURNOUT, PERSON_DIALOG, AdwMessageDialog)

TurnoutPersonDialog *turnout_person_dialog_present     (GtkWindow            *parent,
                                                        TurnoutStore         *store,
                                                        gint64                program_id,
                                                        const TurnoutMember  *member);
void                 turnout_person_dialog_save_async  (TurnoutPersonDialog  *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gint64               turnout_person_dialog_save_finish (TurnoutPersonDialog  *self,
                                                        GAsyncResult         *result,
                                                        char                **message,
                                                        GError              **error);

G_END_DECLS
