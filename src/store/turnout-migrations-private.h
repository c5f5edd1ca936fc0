/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-migrations-private.h: bringing a database's schema up to date.
 *
 * turnout_db_open() migrates every database it opens; the steps are in
 * turnout-schema.h, and migration 5's merge of people in
 * turnout-email-merge.c.
 */
#pragma once

#include "turnout-db.h"

G_BEGIN_DECLS

gboolean      turnout_db_migrate      (TurnoutDb  *db,
                                       GError    **error);

/* Migration 5: e-mail keys made again in NFC and case-folded, and the
 * people that this makes one merged, keeping every history row. Inside the
 * migration's transaction. */
gboolean      turnout_db_merge_email_duplicates (TurnoutDb  *db,
                                                 GError    **error);

/* Migration 7: keys for the reasons older versions stored as words.
 * Inside the migration's transaction. */
gboolean      turnout_db_recognise_reasons (TurnoutDb  *db,
                                            GError    **error);

G_END_DECLS
