/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-json.h: one body shared by the fuzz targets of ON24's readers.
 *
 * Each fuzz-on24-*.c defines TURNOUT_FUZZ_READER and includes this. Any
 * input must give either a record whose text is valid UTF-8, or
 * TURNOUT_ON24_ERROR_BAD_ANSWER with a message and nothing else: never a
 * crash, never a partial result.
 */
#include "config.h"

#include <stdint.h>

#include "turnout-on24-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_text (const char *text)
{
  g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
check_failure (gboolean  ok,
               GError   *error)
{
  if (ok)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_BAD_ANSWER);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

G_GNUC_UNUSED static void
check_registrant (const TurnoutFeedRegistrant *r)
{
  check_text (r->email);
  check_text (r->firstname);
  check_text (r->lastname);
  check_text (r->company);
  check_text (r->jobtitle);
  g_assert_cmpint (r->userstatus, >=, TURNOUT_FEED_USER_ACTIVE);
  g_assert_cmpint (r->userstatus, <=, TURNOUT_FEED_USER_OTHER);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  const char *body = (const char *) data;

#if TURNOUT_FUZZ_READER == 1
  g_autoptr(TurnoutFeedEvent) event = turnout_on24_parse_event (body, size, &error);

  check_failure (event != NULL, error);
  if (event != NULL)
    {
      check_text (event->eventname);
      check_text (event->description);
      check_text (event->livestart);
      check_text (event->liveend);
      check_text (event->displaytimezonecd);
    }
#elif TURNOUT_FUZZ_READER == 2
  g_autoptr(GPtrArray) fields = turnout_on24_parse_regfields (body, size, &error);

  check_failure (fields != NULL, error);
  for (guint i = 0; fields && i < fields->len; i++)
    {
      const TurnoutFeedRegfield *f = g_ptr_array_index (fields, i);

      check_text (f->fieldid);
      check_text (f->fieldcaption);
      check_text (f->fieldtype);
    }
#elif TURNOUT_FUZZ_READER == 3
  g_autoptr(GPtrArray) registrants = turnout_on24_parse_registrants (body, size, &error);

  check_failure (registrants != NULL, error);
  for (guint i = 0; registrants && i < registrants->len; i++)
    check_registrant (g_ptr_array_index (registrants, i));
#elif TURNOUT_FUZZ_READER == 4
  g_autoptr(TurnoutFeed) feed = turnout_feed_new ();
  gboolean ok = turnout_on24_parse_attendees (body, size, feed, &error);

  check_failure (ok, error);
  if (!ok)
    g_assert_cmpuint (feed->attendees->len, ==, 0);
  for (guint i = 0; i < feed->attendees->len; i++)
    {
      const TurnoutFeedAttendee *a = &g_array_index (feed->attendees, TurnoutFeedAttendee, i);

      check_text (a->email);
      g_assert_cmpint (a->liveminutes, >=, -1);
      g_assert_cmpint (a->archiveminutes, >=, -1);
      g_assert_cmpint (a->userstatus, >=, TURNOUT_FEED_USER_ACTIVE);
      g_assert_cmpint (a->userstatus, <=, TURNOUT_FEED_USER_OTHER);
    }
#elif TURNOUT_FUZZ_READER == 5
  g_autoptr(TurnoutFeedRegistrant) registrant = turnout_on24_parse_registrant (body, size, &error);
  g_autofree char *message = turnout_on24_parse_message (body, size);

  check_failure (registrant != NULL, error);
  if (registrant != NULL)
    check_registrant (registrant);
  check_text (message);
#elif TURNOUT_FUZZ_READER == 6
  g_autoptr(GArray) erased = turnout_on24_parse_forgotten (body, size, &error);
  g_autofree char *message = turnout_on24_parse_message (body, size);

  /* A forget's answer names only what ON24 erased: ids it can look up. */
  check_failure (erased != NULL, error);
  for (guint i = 0; erased && i < erased->len; i++)
    g_assert_cmpint (g_array_index (erased, gint64, i), >, 0);
  check_text (message);
#else
#error "TURNOUT_FUZZ_READER must be 1 to 6"
#endif

  return 0;
}
