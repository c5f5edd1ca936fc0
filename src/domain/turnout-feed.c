/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-feed.c: freeing what a provider reported. */
#define G_LOG_DOMAIN "turnout-feed"

#include "config.h"

#include "turnout-feed.h"

void
turnout_feed_event_free (TurnoutFeedEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->eventname);
  g_free (event->description);
  g_free (event->livestart);
  g_free (event->liveend);
  g_free (event->archivestart);
  g_free (event->archiveend);
  g_free (event->displaytimezonecd);
  g_free (event->audienceurl);
  g_free (event);
}

void
turnout_feed_regfield_free (TurnoutFeedRegfield *field)
{
  if (field == NULL)
    return;
  g_free (field->fieldid);
  g_free (field->fieldcaption);
  g_free (field->fieldtype);
  g_free (field);
}

void
turnout_feed_registrant_free (TurnoutFeedRegistrant *registrant)
{
  if (registrant == NULL)
    return;
  g_free (registrant->email);
  g_free (registrant->firstname);
  g_free (registrant->lastname);
  g_free (registrant->company);
  g_free (registrant->jobtitle);
  g_free (registrant);
}

void
turnout_feed_attendee_clear (TurnoutFeedAttendee *attendee)
{
  g_clear_pointer (&attendee->email, g_free);
  g_clear_pointer (&attendee->launchmode, g_free);
  g_clear_pointer (&attendee->questions, g_ptr_array_unref);
}

void
turnout_feed_question_free (TurnoutFeedQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->createtimestamp);
  g_free (question->content);
  g_free (question->answer);
  g_free (question->presentername);
  g_free (question);
}

TurnoutFeed *
turnout_feed_new (void)
{
  TurnoutFeed *feed = g_new0 (TurnoutFeed, 1);

  feed->attendees = g_array_new (FALSE, TRUE, sizeof (TurnoutFeedAttendee));
  g_array_set_clear_func (feed->attendees, (GDestroyNotify) turnout_feed_attendee_clear);
  return feed;
}

void
turnout_feed_free (TurnoutFeed *feed)
{
  if (feed == NULL)
    return;
  g_clear_pointer (&feed->attendees, g_array_unref);
  g_clear_pointer (&feed->registrants, g_ptr_array_unref);
  g_clear_pointer (&feed->event, turnout_feed_event_free);
  g_free (feed);
}
