/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-feed.h: what a webinar provider reports, as plain data.
 *
 * The provider's readers fill these from ON24's answers; the store applies
 * them. Neither side needs the other's headers: this is the shared shape.
 * Numbers a provider left out are -1 ("not reported"), never 0, because
 * ON24 leaves out what does not apply instead of sending zero.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Who a row of a list is to ON24. Only an active row is a person to act
 * on; ON24's older answers leave the field out, which means active. */
typedef enum
{
  TURNOUT_FEED_USER_ACTIVE,
  TURNOUT_FEED_USER_DELETED,    /* soft-deleted by the organiser */
  TURNOUT_FEED_USER_FORGOTTEN,  /* erased on request: "{eventuserid}-deleted" */
  TURNOUT_FEED_USER_OTHER,      /* a value ON24 does not document: not active */
} TurnoutFeedUserStatus;

typedef struct
{
  gint64    eventid;
  char     *eventname;
  char     *description;
  char     *livestart;        /* ISO 8601 with offset, or NULL */
  char     *liveend;
  char     *archivestart;
  char     *archiveend;
  char     *displaytimezonecd;
  char     *audienceurl;
  gboolean  isactive;
  gint64    totalregistrants; /* -1: not reported */
  gint64    totalattendees;
  gint64    liveattendees;
  gint64    ondemandattendees;
  gint64    noshowcount;
} TurnoutFeedEvent;

typedef struct
{
  char     *fieldid;
  char     *fieldcaption;
  char     *fieldtype;
  gboolean  required;
} TurnoutFeedRegfield;

typedef struct
{
  gint64  eventuserid;        /* 0: not reported */
  char   *email;
  char   *firstname;
  char   *lastname;
  char   *company;
  char   *jobtitle;
  gboolean isblocked;
  TurnoutFeedUserStatus userstatus;
} TurnoutFeedRegistrant;

/* A question an attendee asked, with the presenter's answer if any. The
 * text is as ON24 sent it; the store shortens and cleans it. */
typedef struct
{
  gint64  questionid;         /* 0: not reported */
  char   *createtimestamp;
  char   *content;
  char   *answer;             /* NULL: not answered */
  char   *presentername;
} TurnoutFeedQuestion;

typedef struct
{
  gint64    eventuserid;
  char     *email;
  gboolean  isblocked;
  TurnoutFeedUserStatus userstatus;
  int       liveminutes;      /* -1: left out */
  int       liveviewed;       /* -1: left out */
  int       archiveminutes;   /* -1: left out */
  int       archiveviewed;    /* -1: left out */
  double    engagementscore;  /* < 0: left out */
  int       askedquestions;   /* -1: left out */
  int       answeredpolls;    /* -1: left out */
  int       answeredsurveys;  /* -1: left out */
  int       resourcesdownloaded; /* -1: left out */
  char     *launchmode;
  GPtrArray *questions;       /* of TurnoutFeedQuestion; NULL: none */
} TurnoutFeedAttendee;

/* The attendee list with the registrants, whose names fill in people the
 * feed adds. Attendees are stored inline for speed: a large event has a
 * hundred thousand of them.
 */
typedef struct
{
  gint64  eventid;
  GArray *attendees;          /* of TurnoutFeedAttendee */
  GPtrArray *registrants;     /* of TurnoutFeedRegistrant, may be NULL */
  TurnoutFeedEvent *event;    /* the schedule, may be NULL */
} TurnoutFeed;

void                   turnout_feed_event_free      (TurnoutFeedEvent      *event);
void                   turnout_feed_regfield_free   (TurnoutFeedRegfield   *field);
void                   turnout_feed_registrant_free (TurnoutFeedRegistrant *registrant);
void                   turnout_feed_attendee_clear  (TurnoutFeedAttendee   *attendee);
void                   turnout_feed_question_free   (TurnoutFeedQuestion   *question);
TurnoutFeed           *turnout_feed_new             (void);
void                   turnout_feed_free            (TurnoutFeed           *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutFeedEvent, turnout_feed_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutFeedRegfield, turnout_feed_regfield_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutFeedRegistrant, turnout_feed_registrant_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutFeedQuestion, turnout_feed_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutFeed, turnout_feed_free)

G_END_DECLS
