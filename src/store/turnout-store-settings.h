/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-settings.h: a program's settings and the application's,
 * as store jobs. */
#pragma once

#include "turnout-store.h"

G_BEGIN_DECLS

void            turnout_store_get_program_settings_async   (TurnoutStore          *self,
                                                            gint64                 program_id,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
TurnoutProgram *turnout_store_get_program_settings_finish  (TurnoutStore          *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);
void            turnout_store_save_program_settings_async  (TurnoutStore          *self,
                                                            const TurnoutProgram  *program,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean        turnout_store_save_program_settings_finish (TurnoutStore          *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

void            turnout_store_get_settings_async           (TurnoutStore          *self,
                                                            const char * const    *keys,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GHashTable     *turnout_store_get_settings_finish          (TurnoutStore          *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);
void            turnout_store_set_settings_async           (TurnoutStore          *self,
                                                            GHashTable            *settings,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean        turnout_store_set_settings_finish          (TurnoutStore          *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

G_END_DECLS
