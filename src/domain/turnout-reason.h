/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-reason.h: the reasons Turnout writes itself, kept as a key and
 * its values and put into words when read, in the reader's language.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A reason code: TURNOUT_REASON_MARK, the key, TURNOUT_REASON_SEPARATOR,
 * then the values joined by TURNOUT_REASON_SEPARATOR. Text a person types
 * cannot hold these control characters (turnout_text_check() refuses
 * them), so a code is never mistaken for typed text. */
#define TURNOUT_REASON_MARK      '\x1e'
#define TURNOUT_REASON_SEPARATOR '\x1f'

#define TURNOUT_REASON_NO_SEAT_WAIT_LISTED     "no-seat-wait-listed"
#define TURNOUT_REASON_PROMOTED_FROM_WAIT_LIST "promoted-from-wait-list"
#define TURNOUT_REASON_SEAT_WAS_FREE           "seat-was-free"
#define TURNOUT_REASON_SEAT_BECAME_FREE        "seat-became-free"
#define TURNOUT_REASON_PROMOTED_BY_RULE        "promoted-by-rule"
#define TURNOUT_REASON_CHANGED_BY_RULE         "changed-by-rule"
#define TURNOUT_REASON_NOT_IN_ATTENDEE_LIST    "not-in-attendee-list"
#define TURNOUT_REASON_ON24_REFUSED            "on24-refused"
#define TURNOUT_REASON_ON24_CREDENTIALS        "on24-credentials"
#define TURNOUT_REASON_ON24_UNKNOWN_EVENT      "on24-unknown-event"
#define TURNOUT_REASON_ON24_UNKNOWN_CLIENT     "on24-unknown-client"
#define TURNOUT_REASON_PERSON_FORGOTTEN        "person-forgotten"
#define TURNOUT_REASON_PERSON_FORGOTTEN_ON24   "person-forgotten-on24"

char        *turnout_reason_code             (const char  *key,
                                              ...);
gboolean     turnout_reason_is_code          (const char  *reason);
char        *turnout_reason_code_from_parts  (const char  *key,
                                              const char  *args);
void         turnout_reason_split            (const char  *reason,
                                              char       **text,
                                              char       **key,
                                              char       **args);
char        *turnout_reason_render           (const char  *reason);
char        *turnout_reason_render_stored    (const char  *key,
                                              const char  *args,
                                              const char  *text);
char        *turnout_reason_recognise        (const char  *text);

/* Rendered texts per distinct code, for a reader of many rows: a
 * million members share a handful of reasons. Not thread-safe. */
typedef struct _TurnoutReasonCache TurnoutReasonCache;

TurnoutReasonCache *turnout_reason_cache_new     (void);
void                turnout_reason_cache_free    (TurnoutReasonCache *cache);
const char         *turnout_reason_cache_render  (TurnoutReasonCache *cache,
                                                  const char         *key,
                                                  const char         *args,
                                                  const char         *text);
const char         *turnout_reason_cache_render_code (TurnoutReasonCache *cache,
                                                      const char         *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutReasonCache, turnout_reason_cache_free)

G_END_DECLS
