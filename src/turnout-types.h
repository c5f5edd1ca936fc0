/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-types.h: forward declarations and the enums shared across layers.
 *
 * The enums here are registered with GType by gnome.mkenums_simple so that
 * they can be used as properties and in GtkBuilder files.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _TurnoutChannel TurnoutChannel;
typedef struct _TurnoutStatus  TurnoutStatus;
typedef struct _TurnoutDb      TurnoutDb;

/* What deciding a status move came to. */
typedef enum
{
  TURNOUT_MOVE_CHANGED,
  TURNOUT_MOVE_SKIPPED,
  TURNOUT_MOVE_REFUSED,
  TURNOUT_MOVE_REMOVED,
} TurnoutMoveOutcome;

/* Where a status change came from; stored in the history as a key. */
typedef enum
{
  TURNOUT_SOURCE_MANUAL,
  TURNOUT_SOURCE_BULK,
  TURNOUT_SOURCE_IMPORT,
  TURNOUT_SOURCE_PROVIDER_REGISTRATION,
  TURNOUT_SOURCE_PROVIDER_REFRESH,
  TURNOUT_SOURCE_RULE,
  TURNOUT_SOURCE_UNDO,
  TURNOUT_SOURCE_FORGET,         /* Forget Person: the one row it leaves */
} TurnoutSource;

/* How a person came to be a member; stored as a key. */
typedef enum
{
  TURNOUT_ACQUIRED_MANUAL,
  TURNOUT_ACQUIRED_IMPORT,
  TURNOUT_ACQUIRED_REGISTRATION_FORM,
  TURNOUT_ACQUIRED_PROVIDER_FEED,
} TurnoutAcquiredBy;

/* The state of a membership's registration push to the provider. */
typedef enum
{
  TURNOUT_PUSH_NONE,
  TURNOUT_PUSH_PENDING,
  TURNOUT_PUSH_CONFIRMED,
  TURNOUT_PUSH_FAILED,
} TurnoutPushState;

G_END_DECLS
