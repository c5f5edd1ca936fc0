/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-outbox.h: the registration pushes waiting to be sent.
 *
 * A move to Registered writes an outbox row in the same transaction
 * (turnout_db_apply_move). These functions let a sender take the due rows
 * and record each outcome, every outcome in one transaction of its own, so
 * that a crash between sending and recording at worst sends again, which
 * ON24 answers with the same registrant.
 */
#pragma once

#include "turnout-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64         id;
  gint64         program_id;
  gint64         person_id;
  int            attempts;
  gint64         next_attempt_at;   /* unix seconds */
  gint64         on24_event_id;
  gboolean       on24_event_email;  /* the program's "ON24 sends event e-mails" */
  TurnoutPerson  person;
  gint64         claimed_until;     /* unix seconds: send before then, or take it again */
} TurnoutOutboxEntry;

/* How long a claim holds, in seconds. It outlasts a pass of sends with
 * room to spare; a sender whose process died leaves its claims to run out,
 * after which another sender takes them over. */
#define TURNOUT_OUTBOX_LEASE 600

void        turnout_outbox_entry_free   (TurnoutOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutOutboxEntry, turnout_outbox_entry_free)

/* Claims and returns up to @limit (0: all) pending 'register' entries due
 * at @now (unix seconds), oldest first; for one program, or all when
 * @program_id is 0. Entries claimed by another sender whose lease has not
 * run out are left to it; @claimant's own claims are taken again. The
 * claim (@claimant, until @now + TURNOUT_OUTBOX_LEASE) is written in the
 * same transaction, so two senders at once never push one registration
 * twice. Entries whose member is no longer Registered, or whose program
 * lost its ON24 event, are cancelled on the way (nothing to push). */
GPtrArray  *turnout_outbox_take_due     (TurnoutDb   *db,
                                         gint64       program_id,
                                         gint64       now,
                                         const char  *claimant,
                                         guint        limit,
                                         GError     **error);
/* Gives back @claimant's claims on entries it did not send. */
gboolean    turnout_outbox_release      (TurnoutDb   *db,
                                         const char  *claimant,
                                         GError     **error);
/* A claimant name unique to this process and call. */
char       *turnout_outbox_new_claimant (void);
/* The earliest next_attempt_at of pending entries; FALSE when none. */
gboolean    turnout_outbox_next_due     (TurnoutDb   *db,
                                         gint64       program_id,
                                         gint64      *when,
                                         GError     **error);
/* ON24 answered with the registrant: store eventuserid, push confirmed. */
gboolean    turnout_outbox_confirm      (TurnoutDb   *db,
                                         gint64       entry_id,
                                         gint64       eventuserid,
                                         GError     **error);
/* Not sent (network, throttling): try again at @next_attempt_at. */
gboolean    turnout_outbox_postpone     (TurnoutDb   *db,
                                         gint64       entry_id,
                                         gint64       next_attempt_at,
                                         const char  *last_error,
                                         GError     **error);
/* ON24 refused: the member moves to Registration Error with @message as
 * the status reason, the push is marked failed; one transaction. */
TurnoutChangeResult *
            turnout_outbox_refuse       (TurnoutDb   *db,
                                         gint64       entry_id,
                                         const char  *message,
                                         GError     **error);

G_END_DECLS
