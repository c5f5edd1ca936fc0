/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-funnel.h: a program's members per status, as bars. */
#pragma once

#include <gtk/gtk.h>

#include "turnout-types.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_FUNNEL (turnout_funnel_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutFunnel, turnout_funnel, TURNOUT, FUNNEL, GtkWidget)

GtkWidget *turnout_funnel_new        (void);
void       turnout_funnel_set_counts (TurnoutFunnel  *self,
                                      TurnoutChannel *channel,
                                      const guint    *counts);
guint      turnout_funnel_get_count  (TurnoutFunnel  *self,
                                      const char     *status_key);

G_END_DECLS
