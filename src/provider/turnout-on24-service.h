/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-service.h: ON24 for a running app, in one object.
 *
 * Owns the account's client (base URL and client id from the settings
 * table, tokens from the keyring or the environment), the background
 * registration sender and the automatic refresh schedule (+30 min, +2 h,
 * +3 h after each linked program's end, then nightly). The window creates
 * one, calls _start (), and _stop () when it closes.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-on24-client.h"
#include "turnout-on24-refresh.h"
#include "turnout-on24-sender.h"
#include "turnout-store.h"

G_BEGIN_DECLS

/* The client for the account stored in @db and the keyring (or the
 * environment); TURNOUT_ON24_ERROR_NOT_CONFIGURED when something is missing. */
TurnoutOn24Client *turnout_on24_account_client_sync   (TurnoutDb            *db,
                                                       GError              **error);
void               turnout_on24_account_client_async  (TurnoutStore         *store,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
TurnoutOn24Client *turnout_on24_account_client_finish (GAsyncResult         *result,
                                                       GError              **error);

#define TURNOUT_TYPE_ON24_SERVICE (turnout_on24_service_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutOn24Service, turnout_on24_service, TURNOUT, ON24_SERVICE, GObject)

TurnoutOn24Service *turnout_on24_service_new             (TurnoutStore        *store);
/* Loads the account, starts the sender and the refresh schedule. */
void                turnout_on24_service_start           (TurnoutOn24Service  *self);
/* Cancels whatever is in flight. */
void                turnout_on24_service_stop            (TurnoutOn24Service  *self);
/* After the Preferences changed the account. */
void                turnout_on24_service_reload_account  (TurnoutOn24Service  *self);
/* After a change to Registered: send now rather than at the next tick. */
void                turnout_on24_service_push_now        (TurnoutOn24Service  *self);
TurnoutOn24Sender  *turnout_on24_service_get_sender      (TurnoutOn24Service  *self);
/* NULL until an account is loaded. */
TurnoutOn24Client  *turnout_on24_service_get_client      (TurnoutOn24Service  *self);

/* "Refresh from Webinar Provider" for one program. Also emits "refreshed". */
void                turnout_on24_service_refresh_async   (TurnoutOn24Service  *self,
                                                          gint64               program_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TurnoutRefreshSummary *
                    turnout_on24_service_refresh_finish  (TurnoutOn24Service  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* A refresh started by hand: fetched and counted with a dry run (the
 * fetch's preview), nothing written; then, if the person agrees, the
 * same fetch applied. The apply emits "refreshed". */
void                turnout_on24_service_preview_async   (TurnoutOn24Service  *self,
                                                          gint64               program_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TurnoutOn24Fetch   *turnout_on24_service_preview_finish  (TurnoutOn24Service  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                turnout_on24_service_apply_async     (TurnoutOn24Service  *self,
                                                          TurnoutOn24Fetch    *fetch,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
TurnoutRefreshSummary *
                    turnout_on24_service_apply_finish    (TurnoutOn24Service  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Signals:
 *   "push-outcome"  (TurnoutPushOutcome *): one push was confirmed, refused or postponed
 *   "refreshed"     (gint64 program_id, const char *summary_text): a refresh applied;
 *                   detailed "refreshed::automatic" when the schedule ran it
 *   "problem"       (gint64 program_id, const GError *error): something only the
 *                   user can fix (TURNOUT_ON24_ERROR codes); program_id 0 when it
 *                   is the account's, not one program's
 */

G_END_DECLS
