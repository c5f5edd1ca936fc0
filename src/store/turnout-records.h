/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-records.h: the plain records the store hands out.
 *
 * Records are owned copies, safe to pass from the store's thread to the
 * main thread. Free them with their _free () function (g_autoptr works).
 */
#pragma once

#include <glib-object.h>

#include "turnout-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *name;
  char     *channel_key;
  int       capacity;           /* -1: no seat limit */
  gint64    on24_event_id;      /* 0: not linked */
  char     *live_start;         /* ISO 8601 or NULL */
  char     *live_end;           /* ISO 8601 or NULL */
  char     *time_zone;
  char     *description;
  gboolean  auto_promote;
  gboolean  on24_event_email;
  char     *created_at;
  char     *last_refresh_at;
  char     *last_refresh_summary;
  /* Counts, filled by the list query. */
  guint     n_members;
  guint     n_registered;
  guint     n_attended;
} TurnoutProgram;

typedef struct
{
  gint64  id;
  char   *email;
  char   *first_name;
  char   *last_name;
  char   *company;
  char   *job_title;
} TurnoutPerson;

typedef struct
{
  gint64            membership_id;
  gint64            program_id;
  TurnoutPerson     person;
  char             *status;
  char             *status_reason;      /* in the reader's language */
  char             *status_reason_key;  /* "" for a reason as written (turnout-reason.h) */
  char             *member_date;
  char             *status_changed_at;
  gboolean          reached_success;
  char             *success_at;
  char             *acquired_by;
  int               waitlist_priority;  /* 0: not on the wait list */
  char             *waitlist_at;
  gint64            on24_eventuserid;   /* 0: none */
  TurnoutPushState  push_state;
  int               live_minutes;       /* -1: none reported */
  int               ondemand_minutes;   /* -1: none reported */
  double            engagement_score;   /* < 0: none reported */
  int               asked_questions;    /* -1: none reported */
  int               answered_polls;     /* -1: none reported */
  int               answered_surveys;   /* -1: none reported */
  int               resources_downloaded; /* -1: none reported */
  char             *launch_mode;        /* NULL: none reported */
  GPtrArray        *questions;          /* of TurnoutMemberQuestion; NULL: not read */
} TurnoutMember;

/* A question a member asked during the event, and the presenter's answer. */
typedef struct
{
  char   *asked_at;     /* as ON24 wrote it, or NULL */
  char   *content;
  char   *answer;       /* NULL: not answered */
  char   *presenter;    /* NULL: not named */
} TurnoutMemberQuestion;

typedef struct
{
  gint64  id;
  char   *old_status;
  char   *new_status;
  char   *reason;       /* in the reader's language */
  char   *reason_key;   /* "" for a reason as written (turnout-reason.h) */
  char   *source;
  char   *at;
  char   *made_by;      /* the team database's role that made it; NULL on a file */
} TurnoutHistoryEntry;

/* One member's outcome of a status change. */
typedef struct
{
  gint64              person_id;
  char               *email;
  TurnoutMoveOutcome  outcome;
  char               *old_status;
  char               *new_status;   /* what it became; may differ from the asked one (wait list) */
  char               *reason;       /* refusals: why; changes: the note, if any */
} TurnoutChangeResult;

GType turnout_program_get_type (void) G_GNUC_CONST;
GType turnout_person_get_type (void) G_GNUC_CONST;
GType turnout_member_get_type (void) G_GNUC_CONST;
GType turnout_history_entry_get_type (void) G_GNUC_CONST;
GType turnout_change_result_get_type (void) G_GNUC_CONST;

TurnoutProgram      *turnout_program_copy       (const TurnoutProgram      *program);
void                 turnout_program_free       (TurnoutProgram            *program);
void                 turnout_person_clear       (TurnoutPerson             *person);
void                 turnout_person_copy_into   (TurnoutPerson             *dest,
                                                 const TurnoutPerson       *src);
TurnoutPerson       *turnout_person_copy        (const TurnoutPerson       *person);
void                 turnout_person_free        (TurnoutPerson             *person);
char                *turnout_person_dup_display_name (const TurnoutPerson *person);
TurnoutMember       *turnout_member_copy        (const TurnoutMember       *member);
void                 turnout_member_free        (TurnoutMember             *member);
void                 turnout_member_question_free (TurnoutMemberQuestion   *question);
TurnoutHistoryEntry *turnout_history_entry_copy (const TurnoutHistoryEntry *entry);
void                 turnout_history_entry_free (TurnoutHistoryEntry       *entry);
TurnoutChangeResult *turnout_change_result_copy (const TurnoutChangeResult *result);
void                 turnout_change_result_free (TurnoutChangeResult       *result);

/* Counts of a change's outcomes. */
typedef struct
{
  guint changed;
  guint skipped;
  guint refused;
  guint removed;
  guint wait_listed;   /* of the changed, how many went to the wait list instead */
} TurnoutChangeSummary;

/* What a change did, counted where it ran: the window's toast needs the
 * counts, not a result per member. */
typedef struct
{
  TurnoutChangeSummary  summary;
  char                 *refusal;   /* the first refused member's reason, or NULL */
  gint64                change_id; /* for Undo when it was recorded, else 0 */
} TurnoutChangeCount;

void turnout_change_count_free    (TurnoutChangeCount        *count);
void turnout_change_summary_count (TurnoutChangeSummary      *summary,
                                   GPtrArray                 *results);
void turnout_change_summary_add   (TurnoutChangeSummary      *summary,
                                   const TurnoutChangeResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutProgram, turnout_program_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutPerson, turnout_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutMember, turnout_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutHistoryEntry, turnout_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutChangeResult, turnout_change_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutChangeCount, turnout_change_count_free)

G_END_DECLS
