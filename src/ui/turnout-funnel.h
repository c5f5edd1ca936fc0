/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-funnel.h: a program's members per status, as bars. */
#pragma once

#include <gtk/gtk.h>

#include "turnout-types.h"

G_BEGIN_DECLS

typedef enum
{
  TURNOUT_FUNNEL_STAGE_INVITED,
  TURNOUT_FUNNEL_STAGE_REGISTERED,
  TURNOUT_FUNNEL_STAGE_ATTENDED,
  TURNOUT_FUNNEL_N_STAGES
} TurnoutFunnelStage;

#define TURNOUT_TYPE_FUNNEL (turnout_funnel_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutFunnel, turnout_funnel, TURNOUT, FUNNEL, GtkWidget)

GtkWidget *turnout_funnel_new        (void);
void       turnout_funnel_set_counts (TurnoutFunnel  *self,
                                      TurnoutChannel *channel,
                                      const guint    *counts);
guint      turnout_funnel_get_count  (TurnoutFunnel  *self,
                                      const char     *status_key);
guint      turnout_funnel_get_stage  (TurnoutFunnel      *self,
                                      TurnoutFunnelStage  stage);
const char *turnout_funnel_get_seat_warning (TurnoutFunnel *self);
gboolean   turnout_funnel_is_empty   (TurnoutFunnel  *self);

G_END_DECLS
