/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-forget.h: Forget Person, the right to erasure.
 *
 * A forgotten person keeps their memberships and history, shown as
 * "Forgotten person" with the dates and statuses, so counts and funnels do
 * not change; their e-mail address, names, company, job title, the reasons
 * typed about them, ON24's words about them and the questions they asked
 * are erased from every program, and from the database file's bytes
 * (secure_delete, a checkpoint of the WAL, a VACUUM when an older copy is
 * still found). A keyed hash of the address (the key is the database's
 * own) lets a later refresh or import skip them.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint    n_programs;     /* programs they were a member of or have history in */
  guint    n_history;      /* history rows kept, personal words erased */
  guint    n_questions;    /* questions they asked, deleted */
  guint    n_outbox;       /* pushes to ON24 not yet sent, dropped */
  gboolean vacuumed;       /* an older copy was found and the file rebuilt */
} TurnoutForgetReport;

/* The ON24 events of the programs @person_id is a member of or has
 * history in, for asking ON24 to forget them first (of gint64, sorted). */
GArray     *turnout_db_list_person_on24_events (TurnoutDb           *db,
                                                gint64               person_id,
                                                GError             **error);

/* Erases the person (see above) in one transaction, writes one history
 * row per program saying that a person was forgotten, when and by @by
 * (the user's login name; no personal data), then makes sure the address
 * is gone from the file. @on24: ON24 was asked to forget them too, for the
 * history row. TURNOUT_DB_ERROR_NOT_FOUND for an unknown or already
 * forgotten person. Cannot be undone, and is never recorded for Undo. */
gboolean    turnout_db_forget_person     (TurnoutDb           *db,
                                          gint64               person_id,
                                          const char          *by,
                                          gboolean             on24,
                                          TurnoutForgetReport *report,
                                          GError             **error);

/* TRUE when @email (any case) was forgotten. */
gboolean    turnout_db_email_is_forgotten (TurnoutDb          *db,
                                           const char         *email,
                                           GError            **error);

/* Someone forgotten and then added by hand again: a coordinator who types
 * the address in means it, so refreshes and imports stop skipping it.
 * Part of the caller's transaction. */
gboolean    turnout_db_unforget_email    (TurnoutDb          *db,
                                          const char         *email,
                                          GError            **error);

/* The forgotten addresses' hashes, read once for a refresh or an import;
 * NULL (and no error) when nobody was forgotten, the common case, which
 * then costs nothing per row. */
typedef struct _TurnoutForgotten TurnoutForgotten;

TurnoutForgotten *turnout_forgotten_load     (TurnoutDb               *db,
                                              GError                 **error);
/* @key: an e-mail key (turnout_email_key ()) */
gboolean          turnout_forgotten_contains (TurnoutForgotten        *forgotten,
                                              const char              *key);
void              turnout_forgotten_free     (TurnoutForgotten        *forgotten);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutForgotten, turnout_forgotten_free)

G_END_DECLS
