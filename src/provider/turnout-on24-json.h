/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-json.h: readers of ON24's answers.
 *
 * Pure functions from the bytes of a body to plain records: no network, no
 * main loop, safe on any thread (the client runs them on a worker thread,
 * the fuzzers call them directly). A body that is not what ON24 documents
 * gives TURNOUT_ON24_ERROR_BAD_ANSWER and nothing else.
 */
#pragma once

#include <glib.h>

#include "turnout-feed.h"
#include "turnout-on24-error.h"

G_BEGIN_DECLS

TurnoutFeedEvent      *turnout_on24_parse_event       (const char  *data,
                                                       gsize        length,
                                                       GError     **error);
/* Of TurnoutFeedRegfield */
GPtrArray             *turnout_on24_parse_regfields   (const char  *data,
                                                       gsize        length,
                                                       GError     **error);
/* Of TurnoutFeedRegistrant */
GPtrArray             *turnout_on24_parse_registrants (const char  *data,
                                                       gsize        length,
                                                       GError     **error);
/* Fills feed->attendees and feed->eventid. */
gboolean               turnout_on24_parse_attendees   (const char  *data,
                                                       gsize        length,
                                                       TurnoutFeed *feed,
                                                       GError     **error);
/* The answer to a registrant POST: the registrant as ON24 stored it. */
TurnoutFeedRegistrant *turnout_on24_parse_registrant  (const char  *data,
                                                       gsize        length,
                                                       GError     **error);
/* The answer to a forget request: the eventuserids ON24 erased (of
 * gint64; empty when it erased none). */
GArray                *turnout_on24_parse_forgotten   (const char  *data,
                                                       gsize        length,
                                                       GError     **error);
/* ON24's {"message": "..."} of an error answer, or NULL. */
char                  *turnout_on24_parse_message     (const char  *data,
                                                       gsize        length);

G_END_DECLS
