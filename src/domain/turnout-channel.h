/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-channel.h: channels, their statuses, and the rules of movement.
 *
 * This is the domain: no GTK and no SQLite. A channel is data (the store
 * keeps channels in tables); the built-in Webinar channel is provided here.
 */
#pragma once

#include <glib.h>

#include "turnout-types.h"

G_BEGIN_DECLS

#define TURNOUT_STATUS_NOT_IN_PROGRAM     "not-in-program"
#define TURNOUT_STATUS_INVITED            "invited"
#define TURNOUT_STATUS_PENDING_APPROVAL   "pending-approval"
#define TURNOUT_STATUS_REJECTED           "rejected"
#define TURNOUT_STATUS_WAIT_LISTED        "wait-listed"
#define TURNOUT_STATUS_REGISTERED         "registered"
#define TURNOUT_STATUS_REGISTRATION_ERROR "registration-error"
#define TURNOUT_STATUS_NO_SHOW            "no-show"
#define TURNOUT_STATUS_ATTENDED           "attended"
#define TURNOUT_STATUS_ATTENDED_ON_DEMAND "attended-on-demand"

#define TURNOUT_CHANNEL_WEBINAR "webinar"

struct _TurnoutStatus
{
  char     *key;
  char     *name;    /* untranslated display name; see turnout_status_get_display_name() */
  int       step;
  gboolean  success;
  gboolean  holds_seat;
};

GType           turnout_channel_get_type         (void) G_GNUC_CONST;
#define TURNOUT_TYPE_CHANNEL (turnout_channel_get_type ())

TurnoutChannel *turnout_channel_new              (const char           *key,
                                                  const char           *name);
TurnoutChannel *turnout_channel_ref              (TurnoutChannel       *self);
void            turnout_channel_unref            (TurnoutChannel       *self);
void            turnout_channel_add_status       (TurnoutChannel       *self,
                                                  const char           *key,
                                                  const char           *name,
                                                  int                   step,
                                                  gboolean              success,
                                                  gboolean              holds_seat);
TurnoutChannel *turnout_channel_get_webinar      (void);

const char     *turnout_channel_get_key          (TurnoutChannel       *self);
const char     *turnout_channel_get_name         (TurnoutChannel       *self);
guint           turnout_channel_get_n_statuses   (TurnoutChannel       *self);
const TurnoutStatus *
                turnout_channel_get_status       (TurnoutChannel       *self,
                                                  guint                 position);
const TurnoutStatus *
                turnout_channel_lookup           (TurnoutChannel       *self,
                                                  const char           *key);
int             turnout_channel_index_of         (TurnoutChannel       *self,
                                                  const char           *key);
const char     *turnout_channel_get_default_status (TurnoutChannel     *self);

TurnoutMoveOutcome
                turnout_channel_decide_move      (TurnoutChannel       *self,
                                                  const char           *from_key,
                                                  const char           *to_key,
                                                  char                **reason);

/* What moving a group of members to one status would do, counted before
 * it is done: the Change Status menu shows it beside each target. */
typedef struct
{
  guint changed;      /* would move (to the target or, for want of a seat, the wait list) */
  guint wait_listed;  /* of the changed, those who would wait for a seat */
  guint removed;      /* would leave the program */
  guint already;      /* already in the target */
  guint past;         /* past it: statuses only move forward */
  guint no_seat;      /* would need a seat and cannot wait for one */
} TurnoutMovePreview;

void            turnout_channel_preview_move     (TurnoutChannel       *self,
                                                  const guint          *counts,
                                                  const char           *to_key,
                                                  int                   capacity,
                                                  guint                 seats_taken,
                                                  TurnoutMovePreview   *preview);

const char     *turnout_status_get_display_name  (const TurnoutStatus  *status);
const char     *turnout_status_display_name_for_key (TurnoutChannel   *self,
                                                     const char       *key);

const char     *turnout_source_to_key            (TurnoutSource         source);
gboolean        turnout_source_from_key          (const char           *key,
                                                  TurnoutSource        *source);
const char     *turnout_source_get_display_name  (TurnoutSource         source);
const char     *turnout_acquired_by_to_key       (TurnoutAcquiredBy     acquired);
gboolean        turnout_acquired_by_from_key     (const char           *key,
                                                  TurnoutAcquiredBy    *acquired);
const char     *turnout_acquired_by_get_display_name (TurnoutAcquiredBy acquired);
const char     *turnout_push_state_to_key        (TurnoutPushState      state);
TurnoutPushState turnout_push_state_from_key     (const char           *key);
const char     *turnout_push_state_get_display_name (TurnoutPushState   state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutChannel, turnout_channel_unref)

G_END_DECLS
