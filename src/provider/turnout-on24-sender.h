/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-sender.h: delivers the registration pushes in the outbox.
 *
 * Takes the due 'register' entries from the store, posts each to ON24 and
 * records the outcome: confirmed (eventuserid stored), refused (the member
 * moves to Registration Error with ON24's message), or postponed with
 * exponential back-off and jitter (network errors, 5xx, 429 honouring
 * Retry-After, 403 "maximum number of calls"). 401 and 404 are not
 * retried: the member moves to Registration Error with what to fix, and
 * the sender pauses until the account changes. The clock is injectable so
 * tests assert the back-off instead of sleeping through it.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-on24-client.h"
#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_ON24_SENDER (turnout_on24_sender_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutOn24Sender, turnout_on24_sender, TURNOUT, ON24_SENDER, GObject)

/* Unix seconds. */
typedef gint64 (*TurnoutOn24ClockFunc) (gpointer user_data);

typedef enum
{
  TURNOUT_PUSH_OUTCOME_CONFIRMED,
  TURNOUT_PUSH_OUTCOME_REFUSED,
  TURNOUT_PUSH_OUTCOME_POSTPONED,
} TurnoutPushOutcomeKind;

typedef struct
{
  gint64                  program_id;
  gint64                  person_id;
  char                   *email;
  TurnoutPushOutcomeKind  kind;
  gint64                  eventuserid;      /* confirmed */
  char                   *message;          /* refused, postponed: why */
  gint64                  next_attempt_at;  /* postponed: when, unix seconds */
} TurnoutPushOutcome;

void                turnout_push_outcome_free       (TurnoutPushOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutPushOutcome, turnout_push_outcome_free)

/* Seconds to wait before attempt @attempts + 1: Retry-After when ON24 gave
 * one, else 30 s doubling per attempt up to an hour, scaled by a jitter
 * factor from @random01 in [0, 1) to between 50 % and 100 %. */
gint64              turnout_on24_backoff_delay      (int                   attempts,
                                                     guint                 retry_after,
                                                     double                random01);

TurnoutOn24Sender  *turnout_on24_sender_new         (TurnoutStore         *store);
void                turnout_on24_sender_set_client  (TurnoutOn24Sender    *self,
                                                     TurnoutOn24Client    *client);
void                turnout_on24_sender_set_clock   (TurnoutOn24Sender    *self,
                                                     TurnoutOn24ClockFunc  clock,
                                                     gpointer              user_data);
/* For repeatable jitter in tests. */
void                turnout_on24_sender_set_seed    (TurnoutOn24Sender    *self,
                                                     guint32               seed);

/* One pass: sends every entry due now (for one program, or all when
 * @program_id is 0), one after the other. The result is a GPtrArray of
 * TurnoutPushOutcome. A transient failure postpones that entry and ends
 * the pass (the others wait for the next one); 401/404 also end it, with
 * the error. */
void                turnout_on24_sender_flush_async (TurnoutOn24Sender    *self,
                                                     gint64                program_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* @stopped_by: (out) (optional): the error that ended the pass early */
GPtrArray          *turnout_on24_sender_flush_finish (TurnoutOn24Sender   *self,
                                                      GAsyncResult        *result,
                                                      GError             **stopped_by,
                                                      GError             **error);

/* In the background while the app runs: a pass now, then whenever the next
 * entry is due, and soon after turnout_on24_sender_poke (). Emits
 * "outcome" (TurnoutPushOutcome) for each push, "pass-finished" after each
 * background pass, and "stopped" (the GError) when the account needs fixing. */
void                turnout_on24_sender_start       (TurnoutOn24Sender    *self);
void                turnout_on24_sender_stop        (TurnoutOn24Sender    *self);
void                turnout_on24_sender_poke        (TurnoutOn24Sender    *self);

G_END_DECLS
