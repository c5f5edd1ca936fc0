/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-details.c: the selected member, their status and history.
 *
 * The reason is what a coordinator most needs when a status surprises them
 * ("Required field 'company' is missing"), so it is shown in full under the
 * status, and every change is listed with when, why and where it came from.
 */
#define G_LOG_DOMAIN "turnout-member-details"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-dates.h"
#include "turnout-member-details.h"

struct _TurnoutMemberDetails
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *name_label;
  GtkLabel     *email_label;
  GtkLabel     *work_label;
  GtkWidget    *forget_button;
  AdwActionRow *status_row;
  AdwActionRow *dates_row;
  AdwActionRow *attendance_row;
  AdwActionRow *engagement_row;
  GtkListBox   *history_list;
  GPtrArray    *history_titles;
  GtkWidget    *questions_group;
  GtkListBox   *questions_list;
  GPtrArray    *question_answers;  /* the subtitle of each question's row */
  gboolean      forgotten;
};

G_DEFINE_FINAL_TYPE (TurnoutMemberDetails, turnout_member_details, GTK_TYPE_WIDGET)

static char *
format_iso (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("");
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt ? turnout_format_time (g_date_time_to_unix (dt)) : g_strdup (iso);
}

/* The questions the member asked, each with the presenter's answer under
 * it; the group shows only when there are any. */
static void
show_questions (TurnoutMemberDetails *self,
                GPtrArray            *questions)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->questions_list))) != NULL)
    gtk_list_box_remove (self->questions_list, child);
  g_ptr_array_set_size (self->question_answers, 0);

  for (guint i = 0; questions != NULL && i < questions->len; i++)
    {
      const TurnoutMemberQuestion *q = g_ptr_array_index (questions, i);
      g_autofree char *answer = NULL;
      GtkWidget *row;

      if (q->answer != NULL && q->presenter != NULL && *q->presenter != '\0')
        /* Translators: the presenter's name, then their answer to a question */
        answer = g_strdup_printf (_("%s answered: %s"), q->presenter, q->answer);
      else if (q->answer != NULL)
        /* Translators: a presenter's answer to a question, when ON24 does not name the presenter */
        answer = g_strdup_printf (_("Answered: %s"), q->answer);
      else
        answer = g_strdup (_("Not answered"));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q->content);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), answer);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->questions_list, row);
      g_ptr_array_add (self->question_answers, g_steal_pointer (&answer));
    }
  gtk_widget_set_visible (self->questions_group, self->question_answers->len > 0);
}

/* Adds @piece (taken) to a line of counts. */
static void
append_piece (GString *text,
              char    *piece)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, piece);
  g_free (piece);
}

/* What ON24 counted of their part in the webinar, the counts it reported
 * (-1: not reported): "3 questions asked · 1 poll answered · 2 resources
 * downloaded"; NULL when it reported none. */
static char *
describe_engagement (const TurnoutMember *member)
{
  GString *text = g_string_new (NULL);

  if (member->asked_questions >= 0)
    append_piece (text, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d question asked", "%'d questions asked",
                                                      member->asked_questions),
                                         member->asked_questions));
  if (member->answered_polls >= 0)
    append_piece (text, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d poll answered", "%'d polls answered",
                                                      member->answered_polls),
                                         member->answered_polls));
  if (member->answered_surveys >= 0)
    append_piece (text, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d survey answered", "%'d surveys answered",
                                                      member->answered_surveys),
                                         member->answered_surveys));
  if (member->resources_downloaded >= 0)
    append_piece (text, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d resource downloaded",
                                                      "%'d resources downloaded", member->resources_downloaded),
                                         member->resources_downloaded));
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

void
turnout_member_details_show (TurnoutMemberDetails *self,
                             TurnoutChannel       *channel,
                             const TurnoutMember  *member,
                             GPtrArray            *history)
{
  g_autofree char *name = NULL;
  g_autofree char *work = NULL;
  g_autofree char *since = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *attendance = NULL;
  g_autofree char *engagement = NULL;
  GtkWidget *child;

  g_return_if_fail (TURNOUT_IS_MEMBER_DETAILS (self));
  g_return_if_fail (member != NULL);

  /* Forgotten: their address was erased with the rest; the membership
   * and its history are all that is left of them. */
  self->forgotten = member->person.email != NULL && *member->person.email == '\0';
  gtk_widget_set_visible (self->forget_button, !self->forgotten);
  if (self->forgotten)
    name = g_strdup (_("Forgotten person"));
  else
    name = turnout_person_dup_display_name (&member->person);
  set_label (self->name_label, name);
  set_label (self->email_label, member->person.email);
  if (self->forgotten)
    work = NULL;
  else if (member->person.company && *member->person.company && member->person.job_title && *member->person.job_title)
    /* Translators: job title at company */
    work = g_strdup_printf (_("%s at %s"), member->person.job_title, member->person.company);
  else
    work = g_strdup (*member->person.company ? member->person.company : member->person.job_title);
  set_label (self->work_label, work);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 turnout_status_display_name_for_key (channel, member->status));
  adw_action_row_set_subtitle (self->status_row,
                               member->status_reason && *member->status_reason
                                 ? member->status_reason : _("No reason recorded"));

  since = format_iso (member->member_date);
  changed = format_iso (member->status_changed_at);
  /* Translators: member date, then the date of the last status change */
  dates = g_strdup_printf (_("%s · status changed %s"), since, changed);
  adw_action_row_set_subtitle (self->dates_row, dates);

  if (member->live_minutes < 0 && member->ondemand_minutes < 0)
    attendance = g_strdup (_("No attendance reported"));
  else
    attendance = g_strdup_printf (_("%'d minutes live · %'d minutes on demand"),
                                  MAX (member->live_minutes, 0), MAX (member->ondemand_minutes, 0));
  if (member->engagement_score >= 0)
    {
      /* Translators: attendance, then ON24's engagement score, e.g. 7.5 */
      g_autofree char *with = g_strdup_printf (_("%s · engagement score %.1f"), attendance, member->engagement_score);

      g_free (attendance);
      attendance = g_steal_pointer (&with);
    }
  if (member->push_state != TURNOUT_PUSH_NONE)
    {
      /* Translators: attendance, then whether ON24 has the registration: Pending, Confirmed or Failed */
      g_autofree char *with = g_strdup_printf (_("%s · registration at ON24: %s"), attendance,
                                               turnout_push_state_get_display_name (member->push_state));

      g_free (attendance);
      attendance = g_steal_pointer (&with);
    }
  adw_action_row_set_subtitle (self->attendance_row, attendance);
  engagement = describe_engagement (member);
  adw_action_row_set_subtitle (self->engagement_row, engagement ? engagement : "");
  gtk_widget_set_visible (GTK_WIDGET (self->engagement_row), engagement != NULL);
  show_questions (self, member->questions);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  g_ptr_array_set_size (self->history_titles, 0);

  /* Newest first: the latest change is what is being looked for. */
  for (guint i = history ? history->len : 0; i > 0; i--)
    {
      const TurnoutHistoryEntry *entry = g_ptr_array_index (history, i - 1);
      g_autofree char *title = NULL;
      g_autofree char *when = format_iso (entry->at);
      g_autofree char *subtitle = NULL;
      g_autofree char *made_by = NULL;
      TurnoutSource source;
      const char *source_name = entry->source;
      GtkWidget *row;

      if (turnout_source_from_key (entry->source, &source))
        source_name = turnout_source_get_display_name (source);
      /* On a team database, who made it */
      if (entry->made_by != NULL)
        source_name = made_by = g_strdup_printf (_("%s, by %s"), source_name, entry->made_by);

      /* A row that moved nobody (Forget Person's) says what happened. */
      if (g_strcmp0 (entry->source, turnout_source_to_key (TURNOUT_SOURCE_FORGET)) == 0)
        title = g_strdup (_("Forgotten on request"));
      else
        title = g_strdup_printf ("%s → %s",
                                 turnout_status_display_name_for_key (channel, entry->old_status),
                                 turnout_status_display_name_for_key (channel, entry->new_status));
      if (entry->reason && *entry->reason)
        subtitle = g_strdup_printf ("%s · %s\n%s", when, source_name, entry->reason);
      else
        subtitle = g_strdup_printf ("%s · %s", when, source_name);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->history_list, row);
      g_ptr_array_add (self->history_titles, g_steal_pointer (&title));
    }

  if (self->history_titles->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No changes recorded"));
      gtk_list_box_append (self->history_list, row);
    }
}

/* Whether the person shown was forgotten: nothing of theirs to edit or
 * forget. */
gboolean
turnout_member_details_is_forgotten (TurnoutMemberDetails *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_DETAILS (self), FALSE);
  return self->forgotten;
}

guint
turnout_member_details_get_n_history (TurnoutMemberDetails *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_DETAILS (self), 0);
  return self->history_titles->len;
}

const char *
turnout_member_details_get_history_title (TurnoutMemberDetails *self,
                                          guint                 index)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_DETAILS (self), NULL);
  g_return_val_if_fail (index < self->history_titles->len, NULL);
  return g_ptr_array_index (self->history_titles, index);
}

guint
turnout_member_details_get_n_questions (TurnoutMemberDetails *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_DETAILS (self), 0);
  return self->question_answers->len;
}

/* What the question's row says of its answer. */
const char *
turnout_member_details_get_question_answer (TurnoutMemberDetails *self,
                                            guint                 index)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_DETAILS (self), NULL);
  g_return_val_if_fail (index < self->question_answers->len, NULL);
  return g_ptr_array_index (self->question_answers, index);
}

static void
turnout_member_details_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TURNOUT_TYPE_MEMBER_DETAILS);
  G_OBJECT_CLASS (turnout_member_details_parent_class)->dispose (object);
}

static void
turnout_member_details_finalize (GObject *object)
{
  TurnoutMemberDetails *self = (TurnoutMemberDetails *) object;

  g_clear_pointer (&self->history_titles, g_ptr_array_unref);
  g_clear_pointer (&self->question_answers, g_ptr_array_unref);
  G_OBJECT_CLASS (turnout_member_details_parent_class)->finalize (object);
}

static void
turnout_member_details_class_init (TurnoutMemberDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_member_details_dispose;
  object_class->finalize = turnout_member_details_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-member-details.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, box);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, email_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, work_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, forget_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, status_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, dates_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, attendance_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, history_list);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, questions_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutMemberDetails, questions_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
turnout_member_details_init (TurnoutMemberDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history_titles = g_ptr_array_new_with_free_func (g_free);
  self->question_answers = g_ptr_array_new_with_free_func (g_free);
}
