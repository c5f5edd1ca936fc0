/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-sim.h: a local ON24 for tests and the demo.
 *
 * Serves the subset of ON24's REST API that Turnout speaks, from a scenario
 * (JSON: the account's client id and tokens, events with their schedules,
 * required registration fields, registrants and attendees), over a real
 * SoupServer. A row's "userstatus" (active, deleted, forgotten) is served
 * as ON24 serves it; an attendee row with "anonymous": true is a viewer who
 * never registered, left out when the list is asked for with
 * excludeanonymous=Y. A forget request marks the person's rows of one event
 * or of all forgotten, as ON24 does. Faults (delays, hangs, 5xx, 429 with Retry-After, the 403
 * call limit, 401, malformed or truncated JSON, hostile servers) are injected from the
 * scenario, from the API below or from the control endpoint /_sim/faults.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TURNOUT_TYPE_ON24_SIM (turnout_on24_sim_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutOn24Sim, turnout_on24_sim, TURNOUT, ON24_SIM, GObject)

TurnoutOn24Sim *turnout_on24_sim_new_from_data   (const char      *json,
                                                  gssize           length,
                                                  GError         **error);
TurnoutOn24Sim *turnout_on24_sim_new_from_file   (const char      *path,
                                                  GError         **error);
/* Listens on 127.0.0.1:@port (0: a free one) on the thread-default context. */
gboolean        turnout_on24_sim_listen          (TurnoutOn24Sim  *self,
                                                  guint            port,
                                                  GError         **error);
/* http://127.0.0.1:PORT/v2: what Turnout's base URL setting should be. */
const char     *turnout_on24_sim_get_base_url    (TurnoutOn24Sim  *self);
guint           turnout_on24_sim_get_port        (TurnoutOn24Sim  *self);

/* A fault, in the scenario's JSON form, e.g.
 * {"kind": "status", "status": 503, "count": 2, "method": "POST", "path": "registrant"}
 * kinds: delay (delay_ms), hang, status, throttle (retry_after), limit,
 * unauthorized, malformed, truncated; and hostile servers: trickle (a
 * never-ending 200, a byte every delay_ms, default 200), deep (JSON nested
 * 200,000 levels), redirect (status, default 302, to another host).
 * count -1 means every request. */
gboolean        turnout_on24_sim_add_fault_json  (TurnoutOn24Sim  *self,
                                                  const char      *json,
                                                  GError         **error);
void            turnout_on24_sim_clear_faults    (TurnoutOn24Sim  *self);

/* Adds attendee rows (JSON array in the scenario's form) to an event. */
gboolean        turnout_on24_sim_add_attendees_json (TurnoutOn24Sim *self,
                                                     gint64          event_id,
                                                     const char     *json,
                                                     GError        **error);
/* Adds registrant rows (JSON array in the scenario's form) to an event. */
gboolean        turnout_on24_sim_add_registrants_json (TurnoutOn24Sim *self,
                                                       gint64          event_id,
                                                       const char     *json,
                                                       GError        **error);
/* What ON24 says of @email's registrant and attendee rows: "active",
 * "deleted" or "forgotten" (then served as "{eventuserid}-deleted", named
 * "deleted"). FALSE when the event has no row for @email. */
gboolean        turnout_on24_sim_set_userstatus  (TurnoutOn24Sim  *self,
                                                  gint64           event_id,
                                                  const char      *email,
                                                  const char      *userstatus);
/* Sets an event's live start and end (ISO 8601). */
gboolean        turnout_on24_sim_set_schedule    (TurnoutOn24Sim  *self,
                                                  gint64           event_id,
                                                  const char      *livestart,
                                                  const char      *liveend);

/* What tests check. */
guint           turnout_on24_sim_get_n_requests  (TurnoutOn24Sim  *self);
/* How many connections the requests so far came on (by client port). */
guint           turnout_on24_sim_get_n_connections (TurnoutOn24Sim *self);
guint           turnout_on24_sim_count_registrants (TurnoutOn24Sim *self,
                                                    gint64          event_id);
/* The form fields ON24 last received for @email, or NULL (owned by the sim). */
GHashTable     *turnout_on24_sim_get_registrant_form (TurnoutOn24Sim *self,
                                                      gint64          event_id,
                                                      const char     *email);
/* The query parameters of the last GET of @event_id's attendee list
 * (owned by the sim), or NULL when none came. */
GHashTable     *turnout_on24_sim_get_attendee_query (TurnoutOn24Sim *self,
                                                     gint64          event_id);
/* The form body of the last forget request, as it came (owned by the
 * sim), or NULL when none came. */
const char     *turnout_on24_sim_get_forget_form (TurnoutOn24Sim *self);
/* How many forget requests reached the forget endpoint (past any fault). */
guint           turnout_on24_sim_count_forgets   (TurnoutOn24Sim  *self);
/* How many POSTs reached the registrant endpoint for @email. */
guint           turnout_on24_sim_count_posts     (TurnoutOn24Sim  *self,
                                                  gint64           event_id,
                                                  const char      *email);

G_END_DECLS
