/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-team-watch.h: hears of other coordinators' changes to a team
 * database, as they commit them (PostgreSQL's LISTEN/NOTIFY).
 *
 * Signals, on the main context the watch was made on:
 * - "members-changed" (gint64 program_id): members of that program
 *   changed; -1: of any program (a person edited, or after a gap).
 * - "programs-changed" (gint64 program_id): a program was added, edited
 *   or deleted; -1: any.
 * - "connection-lost": once, when the watch stops hearing; it then tries
 *   again every few seconds.
 * - "reconnected": it hears again; "members-changed" and
 *   "programs-changed" with -1 follow, for what was missed meanwhile.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-store.h"

G_BEGIN_DECLS

#define TURNOUT_TYPE_TEAM_WATCH (turnout_team_watch_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutTeamWatch, turnout_team_watch, TURNOUT, TEAM_WATCH, GObject)

TurnoutTeamWatch *turnout_team_watch_new          (const char       *uri,
                                                   const char       *password);
/* Changes @store makes are not told: its owner shows its own changes
 * already. Asks @store which server process it talks to, after what is
 * queued on it (its open). */
void              turnout_team_watch_ignore_store (TurnoutTeamWatch *self,
                                                   TurnoutStore     *store);
/* Whether it hears changes now. */
gboolean          turnout_team_watch_is_connected (TurnoutTeamWatch *self);

G_END_DECLS
