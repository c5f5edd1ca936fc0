/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-records.c: copying and freeing the store's records. */
#define G_LOG_DOMAIN "turnout-records"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-records.h"

G_DEFINE_BOXED_TYPE (TurnoutProgram, turnout_program, turnout_program_copy, turnout_program_free)
G_DEFINE_BOXED_TYPE (TurnoutPerson, turnout_person, turnout_person_copy, turnout_person_free)
G_DEFINE_BOXED_TYPE (TurnoutMember, turnout_member, turnout_member_copy, turnout_member_free)
G_DEFINE_BOXED_TYPE (TurnoutHistoryEntry, turnout_history_entry, turnout_history_entry_copy, turnout_history_entry_free)
G_DEFINE_BOXED_TYPE (TurnoutChangeResult, turnout_change_result, turnout_change_result_copy, turnout_change_result_free)

TurnoutProgram *
turnout_program_copy (const TurnoutProgram *program)
{
  TurnoutProgram *copy = g_new0 (TurnoutProgram, 1);

  *copy = *program;
  copy->name = g_strdup (program->name);
  copy->channel_key = g_strdup (program->channel_key);
  copy->live_start = g_strdup (program->live_start);
  copy->live_end = g_strdup (program->live_end);
  copy->time_zone = g_strdup (program->time_zone);
  copy->description = g_strdup (program->description);
  copy->created_at = g_strdup (program->created_at);
  copy->last_refresh_at = g_strdup (program->last_refresh_at);
  copy->last_refresh_summary = g_strdup (program->last_refresh_summary);
  return copy;
}

void
turnout_program_free (TurnoutProgram *program)
{
  if (program == NULL)
    return;
  g_free (program->name);
  g_free (program->channel_key);
  g_free (program->live_start);
  g_free (program->live_end);
  g_free (program->time_zone);
  g_free (program->description);
  g_free (program->created_at);
  g_free (program->last_refresh_at);
  g_free (program->last_refresh_summary);
  g_free (program);
}

void
turnout_person_clear (TurnoutPerson *person)
{
  g_clear_pointer (&person->email, g_free);
  g_clear_pointer (&person->first_name, g_free);
  g_clear_pointer (&person->last_name, g_free);
  g_clear_pointer (&person->company, g_free);
  g_clear_pointer (&person->job_title, g_free);
}

void
turnout_person_copy_into (TurnoutPerson       *dest,
                          const TurnoutPerson *src)
{
  dest->id = src->id;
  dest->email = g_strdup (src->email);
  dest->first_name = g_strdup (src->first_name);
  dest->last_name = g_strdup (src->last_name);
  dest->company = g_strdup (src->company);
  dest->job_title = g_strdup (src->job_title);
}

TurnoutPerson *
turnout_person_copy (const TurnoutPerson *person)
{
  TurnoutPerson *copy = g_new0 (TurnoutPerson, 1);

  turnout_person_copy_into (copy, person);
  return copy;
}

void
turnout_person_free (TurnoutPerson *person)
{
  if (person == NULL)
    return;
  turnout_person_clear (person);
  g_free (person);
}

/* "First Last", or the e-mail address when the person has no name. */
char *
turnout_person_dup_display_name (const TurnoutPerson *person)
{
  const char *first = person->first_name ? person->first_name : "";
  const char *last = person->last_name ? person->last_name : "";

  if (*first && *last)
    /* Translators: a person's full name, first name then last name */
    return g_strdup_printf (C_("full name", "%s %s"), first, last);
  if (*first || *last)
    return g_strdup (*first ? first : last);
  /* Every person has an address but one forgotten on request
   * (turnout-forget.c), who has nothing else either. */
  if (person->email == NULL || *person->email == '\0')
    return g_strdup (_("Forgotten person"));
  return g_strdup (person->email);
}

TurnoutMember *
turnout_member_copy (const TurnoutMember *member)
{
  TurnoutMember *copy = g_new0 (TurnoutMember, 1);

  *copy = *member;
  turnout_person_copy_into (&copy->person, &member->person);
  copy->status = g_strdup (member->status);
  copy->status_reason = g_strdup (member->status_reason);
  copy->status_reason_key = g_strdup (member->status_reason_key);
  copy->member_date = g_strdup (member->member_date);
  copy->status_changed_at = g_strdup (member->status_changed_at);
  copy->success_at = g_strdup (member->success_at);
  copy->acquired_by = g_strdup (member->acquired_by);
  copy->waitlist_at = g_strdup (member->waitlist_at);
  copy->launch_mode = g_strdup (member->launch_mode);
  copy->questions = member->questions ? g_ptr_array_ref (member->questions) : NULL;
  return copy;
}

void
turnout_member_free (TurnoutMember *member)
{
  if (member == NULL)
    return;
  turnout_person_clear (&member->person);
  g_free (member->status);
  g_free (member->status_reason);
  g_free (member->status_reason_key);
  g_free (member->member_date);
  g_free (member->status_changed_at);
  g_free (member->success_at);
  g_free (member->acquired_by);
  g_free (member->waitlist_at);
  g_free (member->launch_mode);
  g_clear_pointer (&member->questions, g_ptr_array_unref);
  g_free (member);
}

void
turnout_member_question_free (TurnoutMemberQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->asked_at);
  g_free (question->content);
  g_free (question->answer);
  g_free (question->presenter);
  g_free (question);
}

TurnoutHistoryEntry *
turnout_history_entry_copy (const TurnoutHistoryEntry *entry)
{
  TurnoutHistoryEntry *copy = g_new0 (TurnoutHistoryEntry, 1);

  copy->id = entry->id;
  copy->old_status = g_strdup (entry->old_status);
  copy->new_status = g_strdup (entry->new_status);
  copy->reason = g_strdup (entry->reason);
  copy->reason_key = g_strdup (entry->reason_key);
  copy->source = g_strdup (entry->source);
  copy->at = g_strdup (entry->at);
  copy->made_by = g_strdup (entry->made_by);
  return copy;
}

void
turnout_history_entry_free (TurnoutHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->old_status);
  g_free (entry->new_status);
  g_free (entry->reason);
  g_free (entry->reason_key);
  g_free (entry->source);
  g_free (entry->at);
  g_free (entry->made_by);
  g_free (entry);
}

TurnoutChangeResult *
turnout_change_result_copy (const TurnoutChangeResult *result)
{
  TurnoutChangeResult *copy = g_new0 (TurnoutChangeResult, 1);

  copy->person_id = result->person_id;
  copy->email = g_strdup (result->email);
  copy->outcome = result->outcome;
  copy->old_status = g_strdup (result->old_status);
  copy->new_status = g_strdup (result->new_status);
  copy->reason = g_strdup (result->reason);
  return copy;
}

void
turnout_change_result_free (TurnoutChangeResult *result)
{
  if (result == NULL)
    return;
  g_free (result->email);
  g_free (result->old_status);
  g_free (result->new_status);
  g_free (result->reason);
  g_free (result);
}

void
turnout_change_count_free (TurnoutChangeCount *count)
{
  if (count == NULL)
    return;
  g_free (count->refusal);
  g_free (count);
}

void
turnout_change_summary_add (TurnoutChangeSummary      *summary,
                            const TurnoutChangeResult *r)
{
  switch (r->outcome)
    {
    case TURNOUT_MOVE_CHANGED:
      summary->changed++;
      if (g_strcmp0 (r->new_status, TURNOUT_STATUS_WAIT_LISTED) == 0)
        summary->wait_listed++;
      break;
    case TURNOUT_MOVE_SKIPPED:
      summary->skipped++;
      break;
    case TURNOUT_MOVE_REFUSED:
      summary->refused++;
      break;
    case TURNOUT_MOVE_REMOVED:
      summary->removed++;
      break;
    default:
      g_assert_not_reached ();
    }
}

void
turnout_change_summary_count (TurnoutChangeSummary *summary,
                              GPtrArray            *results)
{
  memset (summary, 0, sizeof *summary);

  for (guint i = 0; results && i < results->len; i++)
    turnout_change_summary_add (summary, g_ptr_array_index (results, i));
}
