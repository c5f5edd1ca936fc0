/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-db-open.c: opening a database puts the store's layers together.
 *
 * The connection (turnout-db.c) is opened, its schema brought up to date
 * (turnout-migrations.c), and the move engine (turnout-moves.c) given the
 * effects of a move: promotion from the wait list and the trigger rules
 * (turnout-rules.c, turnout-waitlist.c), which move members again through
 * the engine. The engine knows them only by these pointers, so the store's
 * files depend one way: moves <- wait list <- rules <- this file.
 */
#define G_LOG_DOMAIN "turnout-db"

#include "config.h"

#include "turnout-db-private.h"
#include "turnout-migrations-private.h"
#include "turnout-moves-private.h"
#include "turnout-rules.h"

static const TurnoutMoveEffects move_effects = {
  .after_move = turnout_rules_after_move,
  .fire_on = turnout_rules_fire_on,
  .program_has_any = turnout_rules_program_has_rules,
};

TurnoutDb *
turnout_db_open (const char  *path,
                 GError     **error)
{
  return turnout_db_open_with_password (path, NULL, error);
}

TurnoutDb *
turnout_db_open_with_password (const char  *path,
                               const char  *password,
                               GError     **error)
{
  TurnoutDb *db = turnout_db_connect (path, password, error);

  if (db == NULL)
    return NULL;

  turnout_db_set_move_effects (db, &move_effects);
  if (!turnout_db_migrate (db, error))
    {
      turnout_db_close (db);
      return NULL;
    }
  return db;
}
