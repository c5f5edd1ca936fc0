/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-change-status-popover.h: the Change Status menu. */
#pragma once

#include <gtk/gtk.h>

#include "turnout-channel.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_CHANGE_STATUS_POPOVER (turnout_change_status_popover_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutChangeStatusPopover, turnout_change_status_popover,
                      TURNOUT, CHANGE_STATUS_POPOVER, GtkPopover)

GtkWidget *turnout_change_status_popover_new           (void);
void       turnout_change_status_popover_set_selection (TurnoutChangeStatusPopover *self,
                                                        TurnoutChannel             *channel,
                                                        const guint                *counts,
                                                        guint                       n_selected,
                                                        int                         capacity,
                                                        guint                       seats_taken);
GtkWidget *turnout_change_status_popover_get_row       (TurnoutChangeStatusPopover *self,
                                                        const char                 *status_key);
GtkEntry  *turnout_change_status_popover_get_reason_entry (TurnoutChangeStatusPopover *self);
char      *turnout_change_status_describe_preview      (const TurnoutMovePreview   *preview,
                                                        guint                       n_selected,
                                                        const char                 *to_name);

G_END_DECLS
