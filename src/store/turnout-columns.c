/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-columns.c: every column of the members, in one table.
 *
 * Adding a column is adding its entry to columns[] below (and its value
 * to TurnoutMemberColumn or TurnoutExportColumn, the handles the code and
 * the tests use); what it reads must be in the members table or in
 * TurnoutMember first. A column's keys are kept in settings, files and
 * scripts: they never change.
 */
#define G_LOG_DOMAIN "turnout-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-columns.h"
#include "turnout-csv.h"
#include "turnout-dates.h"
#include "turnout-member-table-private.h"

/* The view's cells, tones and sort keys, from the table's arrays (the
 * orders call these for every row).
 */

static char *
name_text (TurnoutMemberTable *table,
           guint               row)
{
  TurnoutPerson person = { 0 };

  person.first_name = (char *) turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_FIRST_NAME);
  person.last_name = (char *) turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_LAST_NAME);
  person.email = (char *) turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_EMAIL);
  return turnout_person_dup_display_name (&person);
}

/* An e-mail address is never blank. */
static char *
email_text (TurnoutMemberTable *table,
            guint               row)
{
  return g_strdup (turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_EMAIL));
}

#define TEXT_COLUMN(name, which) \
  static char * \
  name##_text (TurnoutMemberTable *table, guint row) \
  { \
    return g_strdup (turnout_member_table_get_text (table, row, which)); \
  } \
  static gboolean \
  name##_blank (TurnoutMemberTable *table, guint row) \
  { \
    return table->texts[which][row] == 0; \
  }
TEXT_COLUMN (company, TURNOUT_MEMBER_TEXT_COMPANY)
TEXT_COLUMN (job_title, TURNOUT_MEMBER_TEXT_JOB_TITLE)
TEXT_COLUMN (status_reason, TURNOUT_MEMBER_TEXT_STATUS_REASON)
#undef TEXT_COLUMN

static guint64
time_key (gint64 t)
{
  /* No date sorts first; dates before 1970 still order correctly. */
  return t == 0 ? 0 : (guint64) (t + ((gint64) 1 << 62));
}

#define TIME_COLUMN(field) \
  static char * \
  field##_text (TurnoutMemberTable *table, guint row) \
  { \
    return turnout_format_time (_turnout_member_table_date (table, table->field[row])); \
  } \
  static gboolean \
  field##_blank (TurnoutMemberTable *table, guint row) \
  { \
    return table->field[row] == 0; \
  } \
  static guint64 \
  field##_key (TurnoutMemberTable *table, guint row) \
  { \
    return time_key (_turnout_member_table_date (table, table->field[row])); \
  }
TIME_COLUMN (member_date)
TIME_COLUMN (status_changed)
TIME_COLUMN (success_at)
#undef TIME_COLUMN

/* Minutes: -1 is none. */
#define MINUTES_COLUMN(field) \
  static char * \
  field##_text (TurnoutMemberTable *table, guint row) \
  { \
    int minutes = table->field[row]; \
    return minutes < 0 ? g_strdup ("") : g_strdup_printf ("%d", minutes); \
  } \
  static gboolean \
  field##_blank (TurnoutMemberTable *table, guint row) \
  { \
    return table->field[row] < 0; \
  } \
  static guint64 \
  field##_key (TurnoutMemberTable *table, guint row) \
  { \
    return (guint64) ((gint64) table->field[row] + 1); \
  }
MINUTES_COLUMN (live_minutes)
MINUTES_COLUMN (ondemand_minutes)
#undef MINUTES_COLUMN

static char *
status_text (TurnoutMemberTable *table,
             guint               row)
{
  return g_strdup (turnout_status_get_display_name (turnout_channel_get_status (table->channel, table->status[row])));
}

static guint64
status_key (TurnoutMemberTable *table,
            guint               row)
{
  return table->status[row];
}

static const char *
status_tone (TurnoutMemberTable *table,
             guint               row)
{
  const char *key = turnout_channel_get_status (table->channel, table->status[row])->key;

  if (g_str_equal (key, TURNOUT_STATUS_REGISTRATION_ERROR))
    return "error";
  if (g_str_equal (key, TURNOUT_STATUS_ATTENDED) || g_str_equal (key, TURNOUT_STATUS_ATTENDED_ON_DEMAND))
    return "success";
  return NULL;
}

static char *
push_text (TurnoutMemberTable *table,
           guint               row)
{
  return g_strdup (turnout_push_state_get_display_name (table->push_state[row]));
}

static gboolean
push_blank (TurnoutMemberTable *table,
            guint               row)
{
  return table->push_state[row] == TURNOUT_PUSH_NONE;
}

static guint64
push_key (TurnoutMemberTable *table,
          guint               row)
{
  return table->push_state[row];
}

static const char *
push_tone (TurnoutMemberTable *table,
           guint               row)
{
  return table->push_state[row] == TURNOUT_PUSH_FAILED ? "error" : NULL;
}

static char *
engagement_text (TurnoutMemberTable *table,
                 guint               row)
{
  double score = table->engagement_score[row];

  return score < 0 ? g_strdup ("") : g_strdup_printf ("%.1f", score);
}

static gboolean
engagement_blank (TurnoutMemberTable *table,
                  guint               row)
{
  return table->engagement_score[row] < 0;
}

static guint64
engagement_key (TurnoutMemberTable *table,
                guint               row)
{
  /* A score keeps one decimal's precision. */
  return table->engagement_score[row] < 0 ? 0 : (guint64) (table->engagement_score[row] * 1000.f) + 1;
}

/* Questions asked, polls and surveys answered, resources downloaded:
 * counts ON24 may leave out. */
#define ACTIVITY_COLUMN(name, which) \
  static char * \
  name##_text (TurnoutMemberTable *table, guint row) \
  { \
    gint32 count = table->activity[which][row]; \
    return count < 0 ? g_strdup ("") : g_strdup_printf ("%d", count); \
  } \
  static gboolean \
  name##_blank (TurnoutMemberTable *table, guint row) \
  { \
    return table->activity[which][row] < 0; \
  } \
  static guint64 \
  name##_key (TurnoutMemberTable *table, guint row) \
  { \
    return (guint64) ((gint64) table->activity[which][row] + 1); \
  }
ACTIVITY_COLUMN (asked_questions, TURNOUT_MEMBER_ACTIVITY_ASKED_QUESTIONS)
ACTIVITY_COLUMN (answered_polls, TURNOUT_MEMBER_ACTIVITY_ANSWERED_POLLS)
ACTIVITY_COLUMN (answered_surveys, TURNOUT_MEMBER_ACTIVITY_ANSWERED_SURVEYS)
ACTIVITY_COLUMN (resources_downloaded, TURNOUT_MEMBER_ACTIVITY_RESOURCES_DOWNLOADED)
#undef ACTIVITY_COLUMN

/* The export's cells, from the store's records. */

#define EXPORT_TEXT(name, expr) \
  static char * \
  name##_cell (const TurnoutMember *member, TurnoutChannel *channel, GHashTable *positions) \
  { \
    return g_strdup (expr); \
  }
EXPORT_TEXT (email, member->person.email)
EXPORT_TEXT (first_name, member->person.first_name)
EXPORT_TEXT (last_name, member->person.last_name)
EXPORT_TEXT (company, member->person.company)
EXPORT_TEXT (job_title, member->person.job_title)
EXPORT_TEXT (status, turnout_status_display_name_for_key (channel, member->status))
EXPORT_TEXT (status_reason, member->status_reason)
EXPORT_TEXT (member_date, member->member_date)
EXPORT_TEXT (status_changed_at, member->status_changed_at)
EXPORT_TEXT (reached_success, member->reached_success ? _("Yes") : _("No"))
EXPORT_TEXT (success_at, member->success_at)
EXPORT_TEXT (push_state, turnout_push_state_get_display_name (member->push_state))
EXPORT_TEXT (launch_mode, member->launch_mode ? member->launch_mode : "")
#undef EXPORT_TEXT

#define EXPORT_COUNT(name) \
  static char * \
  name##_cell (const TurnoutMember *member, TurnoutChannel *channel, GHashTable *positions) \
  { \
    return member->name >= 0 ? g_strdup_printf ("%d", member->name) : g_strdup (""); \
  }
EXPORT_COUNT (asked_questions)
EXPORT_COUNT (answered_polls)
EXPORT_COUNT (answered_surveys)
EXPORT_COUNT (resources_downloaded)
#undef EXPORT_COUNT

static char *
acquired_by_cell (const TurnoutMember *member,
                  TurnoutChannel      *channel,
                  GHashTable          *positions)
{
  TurnoutAcquiredBy acquired;

  if (turnout_acquired_by_from_key (member->acquired_by, &acquired))
    return g_strdup (turnout_acquired_by_get_display_name (acquired));
  return g_strdup (member->acquired_by);
}

static char *
waitlist_position_cell (const TurnoutMember *member,
                        TurnoutChannel      *channel,
                        GHashTable          *positions)
{
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, GSIZE_TO_POINTER ((gsize) member->person.id)));

  return position ? g_strdup_printf ("%u", position) : g_strdup ("");
}

static char *
live_minutes_cell (const TurnoutMember *member,
                   TurnoutChannel      *channel,
                   GHashTable          *positions)
{
  return member->live_minutes >= 0 ? g_strdup_printf ("%d", member->live_minutes) : g_strdup ("");
}

static char *
ondemand_minutes_cell (const TurnoutMember *member,
                       TurnoutChannel      *channel,
                       GHashTable          *positions)
{
  return member->ondemand_minutes >= 0 ? g_strdup_printf ("%d", member->ondemand_minutes) : g_strdup ("");
}

static char *
engagement_score_cell (const TurnoutMember *member,
                       TurnoutChannel      *channel,
                       GHashTable          *positions)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (member->engagement_score < 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", member->engagement_score));
}

/* The view shows its columns in view_order[] (below) at first, the
 * export writes every column in TurnoutExportColumn's; the order here is
 * only for reading.
 */
#define VIEW   TURNOUT_COLUMN_IN_VIEW
#define EXPORT TURNOUT_COLUMN_IN_EXPORT
#define SHOWN  TURNOUT_COLUMN_SHOWN
#define NONE   TURNOUT_MEMBER_N_COLUMNS

static const TurnoutColumnInfo columns[] = {
  { VIEW | SHOWN | TURNOUT_COLUMN_EXPAND | TURNOUT_COLUMN_TOOLTIP, TURNOUT_MEMBER_COLUMN_NAME, 0,
    "name", N_("Name"), 190, -1, name_text, NULL, NULL, NULL, NULL, NULL, 0, NULL },
  /* The view's name, exported as the importer reads it. */
  { EXPORT, TURNOUT_MEMBER_COLUMN_NAME, TURNOUT_EXPORT_FIRST_NAME,
    .export_key = "first-name", .csv_field = TURNOUT_CSV_FIELD_FIRST_NAME, .export_cell = first_name_cell },
  { EXPORT, TURNOUT_MEMBER_COLUMN_NAME, TURNOUT_EXPORT_LAST_NAME,
    .export_key = "last-name", .csv_field = TURNOUT_CSV_FIELD_LAST_NAME, .export_cell = last_name_cell },
  { VIEW | EXPORT | SHOWN | TURNOUT_COLUMN_EXPAND | TURNOUT_COLUMN_TOOLTIP, TURNOUT_MEMBER_COLUMN_EMAIL,
    TURNOUT_EXPORT_EMAIL,
    "email", N_("E-mail"), 250, TURNOUT_MEMBER_TEXT_EMAIL, email_text, NULL, NULL, NULL,
    "email", NULL, TURNOUT_CSV_FIELD_EMAIL, email_cell },
  { VIEW | EXPORT | SHOWN, TURNOUT_MEMBER_COLUMN_COMPANY, TURNOUT_EXPORT_COMPANY,
    "company", N_("Company"), 160, TURNOUT_MEMBER_TEXT_COMPANY, company_text, company_blank, NULL, NULL,
    "company", NULL, TURNOUT_CSV_FIELD_COMPANY, company_cell },
  { VIEW | EXPORT | SHOWN, TURNOUT_MEMBER_COLUMN_JOB_TITLE, TURNOUT_EXPORT_JOB_TITLE,
    "job-title", N_("Job Title"), 170, TURNOUT_MEMBER_TEXT_JOB_TITLE, job_title_text, job_title_blank, NULL, NULL,
    "job-title", NULL, TURNOUT_CSV_FIELD_JOB_TITLE, job_title_cell },
  { VIEW | EXPORT | SHOWN, TURNOUT_MEMBER_COLUMN_STATUS, TURNOUT_EXPORT_STATUS,
    "status", N_("Status"), 200, -1, status_text, NULL, status_key, status_tone,
    "status", NULL, TURNOUT_CSV_FIELD_STATUS, status_cell },
  { VIEW | EXPORT | SHOWN | TURNOUT_COLUMN_TOOLTIP, TURNOUT_MEMBER_COLUMN_STATUS_REASON,
    TURNOUT_EXPORT_STATUS_REASON,
    "status-reason", N_("Status Reason"), 230, TURNOUT_MEMBER_TEXT_STATUS_REASON, status_reason_text,
    status_reason_blank, NULL, NULL,
    "status-reason", N_("Status Reason"), 0, status_reason_cell },
  { VIEW | EXPORT | SHOWN, TURNOUT_MEMBER_COLUMN_MEMBER_DATE, TURNOUT_EXPORT_MEMBER_DATE,
    "member-date", N_("Member Date"), 150, -1, member_date_text, member_date_blank, member_date_key, NULL,
    "member-date", N_("Member Date"), 0, member_date_cell },
  { VIEW | EXPORT, TURNOUT_MEMBER_COLUMN_STATUS_CHANGED, TURNOUT_EXPORT_STATUS_CHANGED_AT,
    "status-changed", N_("Status Changed"), 150, -1, status_changed_text, status_changed_blank,
    status_changed_key, NULL,
    "status-changed-at", N_("Status Changed"), 0, status_changed_at_cell },
  /* Export only: whether the member ever reached the program's success. */
  { EXPORT, NONE, TURNOUT_EXPORT_REACHED_SUCCESS,
    .export_key = "reached-success", .export_title = N_("Reached Success"), .export_cell = reached_success_cell },
  { VIEW | EXPORT | SHOWN, TURNOUT_MEMBER_COLUMN_SUCCESS, TURNOUT_EXPORT_SUCCESS_AT,
    "success", N_("Success"), 150, -1, success_at_text, success_at_blank, success_at_key, NULL,
    "success-at", N_("Success Date"), 0, success_at_cell },
  /* Export only: the table has neither. */
  { EXPORT, NONE, TURNOUT_EXPORT_ACQUIRED_BY,
    .export_key = "acquired-by", .export_title = N_("Acquired By"), .export_cell = acquired_by_cell },
  { EXPORT, NONE, TURNOUT_EXPORT_WAITLIST_POSITION,
    .export_key = "waitlist-position", .export_title = N_("Wait List Position"),
    .export_cell = waitlist_position_cell },
  { VIEW | EXPORT | SHOWN | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_LIVE_MINUTES, TURNOUT_EXPORT_LIVE_MINUTES,
    "live-minutes", N_("Live Minutes"), 110, -1, live_minutes_text, live_minutes_blank, live_minutes_key, NULL,
    "live-minutes", N_("Live Minutes"), 0, live_minutes_cell },
  { VIEW | EXPORT | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES, TURNOUT_EXPORT_ONDEMAND_MINUTES,
    "ondemand-minutes", N_("On-demand Minutes"), 150, -1, ondemand_minutes_text, ondemand_minutes_blank,
    ondemand_minutes_key, NULL,
    "ondemand-minutes", N_("On-demand Minutes"), 0, ondemand_minutes_cell },
  { VIEW | EXPORT | SHOWN, TURNOUT_MEMBER_COLUMN_PUSH, TURNOUT_EXPORT_PUSH_STATE,
    /* Translators: a column: whether the registration reached the webinar provider */
    "push", N_("Push"), 100, -1, push_text, push_blank, push_key, push_tone,
    "push-state", N_("ON24 Registration"), 0, push_state_cell },
  { VIEW | EXPORT | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_ENGAGEMENT, TURNOUT_EXPORT_ENGAGEMENT_SCORE,
    "engagement-score", N_("Engagement Score"), 150, -1, engagement_text, engagement_blank, engagement_key, NULL,
    "engagement-score", N_("Engagement Score"), 0, engagement_score_cell },
  { VIEW | EXPORT | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_ASKED_QUESTIONS, TURNOUT_EXPORT_ASKED_QUESTIONS,
    "asked-questions", N_("Questions Asked"), 140, -1, asked_questions_text, asked_questions_blank,
    asked_questions_key, NULL,
    "asked-questions", N_("Questions Asked"), 0, asked_questions_cell },
  { VIEW | EXPORT | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_ANSWERED_POLLS, TURNOUT_EXPORT_ANSWERED_POLLS,
    "answered-polls", N_("Polls Answered"), 130, -1, answered_polls_text, answered_polls_blank,
    answered_polls_key, NULL,
    "answered-polls", N_("Polls Answered"), 0, answered_polls_cell },
  { VIEW | EXPORT | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_ANSWERED_SURVEYS, TURNOUT_EXPORT_ANSWERED_SURVEYS,
    "answered-surveys", N_("Surveys Answered"), 140, -1, answered_surveys_text, answered_surveys_blank,
    answered_surveys_key, NULL,
    "answered-surveys", N_("Surveys Answered"), 0, answered_surveys_cell },
  { VIEW | EXPORT | TURNOUT_COLUMN_NUMERIC, TURNOUT_MEMBER_COLUMN_RESOURCES_DOWNLOADED,
    TURNOUT_EXPORT_RESOURCES_DOWNLOADED,
    "resources-downloaded", N_("Resources Downloaded"), 170, -1, resources_downloaded_text,
    resources_downloaded_blank, resources_downloaded_key, NULL,
    "resources-downloaded", N_("Resources Downloaded"), 0, resources_downloaded_cell },
  /* Export only: how the member joined (ON24's word for it). */
  { EXPORT, NONE, TURNOUT_EXPORT_LAUNCH_MODE,
    .export_key = "launch-mode", .export_title = N_("Launch Mode"), .export_cell = launch_mode_cell },
};

#undef VIEW
#undef EXPORT
#undef SHOWN
#undef NONE

static const TurnoutColumnInfo *by_view[TURNOUT_MEMBER_N_COLUMNS];
static const TurnoutColumnInfo *by_export[TURNOUT_EXPORT_N_COLUMNS];

static void
index_columns (void)
{
  static gsize indexed;

  if (!g_once_init_enter (&indexed))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const TurnoutColumnInfo *info = &columns[i];

      if (info->flags & TURNOUT_COLUMN_IN_VIEW)
        {
          g_assert (info->view < TURNOUT_MEMBER_N_COLUMNS && by_view[info->view] == NULL);
          by_view[info->view] = info;
        }
      if (info->flags & TURNOUT_COLUMN_IN_EXPORT)
        {
          g_assert (info->export < TURNOUT_EXPORT_N_COLUMNS && by_export[info->export] == NULL);
          by_export[info->export] = info;
        }
    }
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    g_assert (by_view[i] != NULL);
  for (guint i = 0; i < TURNOUT_EXPORT_N_COLUMNS; i++)
    g_assert (by_export[i] != NULL);

  g_once_init_leave (&indexed, 1);
}

/* The view's columns at first, left to right: who, then where they
 * stand (a coordinator's first question), then how to reach them. The
 * export keeps TurnoutExportColumn's order, which files and scripts rely
 * on.
 */
static const TurnoutMemberColumn view_order[] = {
  TURNOUT_MEMBER_COLUMN_NAME,
  TURNOUT_MEMBER_COLUMN_STATUS,
  TURNOUT_MEMBER_COLUMN_STATUS_REASON,
  TURNOUT_MEMBER_COLUMN_EMAIL,
  TURNOUT_MEMBER_COLUMN_COMPANY,
  TURNOUT_MEMBER_COLUMN_JOB_TITLE,
  TURNOUT_MEMBER_COLUMN_MEMBER_DATE,
  TURNOUT_MEMBER_COLUMN_STATUS_CHANGED,
  TURNOUT_MEMBER_COLUMN_SUCCESS,
  TURNOUT_MEMBER_COLUMN_PUSH,
  TURNOUT_MEMBER_COLUMN_LIVE_MINUTES,
  TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES,
  TURNOUT_MEMBER_COLUMN_ENGAGEMENT,
  TURNOUT_MEMBER_COLUMN_ASKED_QUESTIONS,
  TURNOUT_MEMBER_COLUMN_ANSWERED_POLLS,
  TURNOUT_MEMBER_COLUMN_ANSWERED_SURVEYS,
  TURNOUT_MEMBER_COLUMN_RESOURCES_DOWNLOADED,
};
G_STATIC_ASSERT (G_N_ELEMENTS (view_order) == TURNOUT_MEMBER_N_COLUMNS);

/* The view's columns in the order they are shown at first (until the
 * coordinator moves them): TURNOUT_MEMBER_N_COLUMNS of them.
 */
const TurnoutMemberColumn *
turnout_column_view_order (void)
{
  return view_order;
}

/* The view's column whose key is @key, or TURNOUT_MEMBER_N_COLUMNS. */
TurnoutMemberColumn
turnout_column_view_from_key (const char *key)
{
  g_return_val_if_fail (key != NULL, TURNOUT_MEMBER_N_COLUMNS);
  index_columns ();
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    if (g_str_equal (by_view[i]->key, key))
      return i;
  return TURNOUT_MEMBER_N_COLUMNS;
}

const TurnoutColumnInfo *
turnout_column_for_view (TurnoutMemberColumn column)
{
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, NULL);
  index_columns ();
  return by_view[column];
}

const TurnoutColumnInfo *
turnout_column_for_export (TurnoutExportColumn column)
{
  g_return_val_if_fail (column < TURNOUT_EXPORT_N_COLUMNS, NULL);
  index_columns ();
  return by_export[column];
}
