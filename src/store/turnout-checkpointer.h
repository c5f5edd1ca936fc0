/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-checkpointer.h: the WAL's checkpoints, off the writer's thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TurnoutCheckpointer TurnoutCheckpointer;

TurnoutCheckpointer *turnout_checkpointer_new     (const char          *path);
void                 turnout_checkpointer_request (TurnoutCheckpointer *self);
guint                turnout_checkpointer_wait    (TurnoutCheckpointer *self);
void                 turnout_checkpointer_free    (TurnoutCheckpointer *self);

G_END_DECLS
