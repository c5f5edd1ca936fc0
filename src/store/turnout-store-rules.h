/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-rules.h: trigger rules, as store jobs. */
#pragma once

#include "turnout-rules.h"
#include "turnout-store.h"

G_BEGIN_DECLS

void       turnout_store_list_rules_async          (TurnoutStore         *self,
                                                    gint64                program_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray *turnout_store_list_rules_finish         (TurnoutStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void       turnout_store_add_rule_async            (TurnoutStore         *self,
                                                    gint64                program_id,
                                                    const char           *on_status,
                                                    TurnoutRuleAction     action,
                                                    const char           *to_status,
                                                    const char           *message,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray *turnout_store_add_rule_finish           (TurnoutStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void       turnout_store_remove_rule_async         (TurnoutStore         *self,
                                                    gint64                program_id,
                                                    gint64                rule_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray *turnout_store_remove_rule_finish        (TurnoutStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void       turnout_store_set_rule_enabled_async    (TurnoutStore         *self,
                                                    gint64                program_id,
                                                    gint64                rule_id,
                                                    gboolean              enabled,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray *turnout_store_set_rule_enabled_finish   (TurnoutStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void       turnout_store_take_rule_events_async    (TurnoutStore         *self,
                                                    gint64                program_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray *turnout_store_take_rule_events_finish   (TurnoutStore         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
