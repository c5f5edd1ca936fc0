/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-on24.h: the simulator and client set-up the ON24 tests share. */
#pragma once

#include "turnout-on24-client.h"
#include "turnout-on24-sim.h"

G_BEGIN_DECLS

#define TEST_CLIENT_ID "22921"
#define TEST_EVENT_ID  311512
/* Shaped like ON24's: a 32-hex-digit key and a longer hex secret. */
#define TEST_KEY       "0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e0f"
#define TEST_SECRET    "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"

/* A simulator on loopback with event TEST_EVENT_ID, its live end @liveend
 * (NULL: three hours ago), required fields email, firstname, lastname,
 * and the attendee rows in @attendees_json (a JSON array, or NULL). */
TurnoutOn24Sim    *turnout_test_sim_new         (const char *liveend,
                                                 const char *attendees_json);
TurnoutOn24Client *turnout_test_client_new      (TurnoutOn24Sim *sim);
/* The simulator's tokens in the environment, where an account looks
 * first: for the tests that run no keyring. */
void               turnout_test_use_env_tokens  (void);
/* Runs the main context until *slot is set. */
GAsyncResult      *turnout_test_wait_result     (GAsyncResult **slot);
void               turnout_test_store_result    (GObject       *object,
                                                 GAsyncResult  *result,
                                                 gpointer       user_data);
/* ISO 8601 in UTC, @offset_seconds from now. */
char              *turnout_test_iso_from_now    (gint64 offset_seconds);

G_END_DECLS

#include "turnout-store.h"

G_BEGIN_DECLS
/* The account's address @base_url and TEST_CLIENT_ID in @db's settings
 * (the tokens come from the keyring or the environment). */
void          turnout_test_set_account (TurnoutDb  *db,
                                        const char *base_url);
TurnoutStore *turnout_test_store_open (const char *path);
/* A program linked to TEST_EVENT_ID, with the event's schedule. */
gint64        turnout_test_add_linked_program (TurnoutDb  *db,
                                               const char *name,
                                               const char *live_end);
G_END_DECLS
