/* turnout-export.c: the members a view shows, out to CSV.
 *
 * UTF-8 with a byte order mark, because that is what makes Excel read
 * UTF-8 instead of guessing a Windows code page; comma separated, CRLF.
 * Headers are the same words the importer recognises, so an export can be
 * imported again. Cells a spreadsheet would run as formulas are neutralised
 * by turnout_csv_append_row().
 */
#define G_LOG_DOMAIN "turnout-export"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-csv.h"
#include "turnout-db-private.h"
#include "turnout-export.h"
#include "turnout-waitlist.h"

static const char *const column_keys[TURNOUT_EXPORT_N_COLUMNS] = {
  "email", "first-name", "last-name", "company", "job-title", "status", "status-reason",
  "member-date", "status-changed-at", "reached-success", "success-at", "acquired-by",
  "waitlist-position", "push-state", "live-minutes", "ondemand-minutes", "engagement-score",
};

const char *
turnout_export_column_to_key (TurnoutExportColumn column)
{
  g_return_val_if_fail (column < TURNOUT_EXPORT_N_COLUMNS, NULL);
  return column_keys[column];
}

gboolean
turnout_export_column_from_key (const char          *key,
                                TurnoutExportColumn *column)
{
  for (guint i = 0; key && i < TURNOUT_EXPORT_N_COLUMNS; i++)
    if (g_str_equal (key, column_keys[i]))
      {
        *column = i;
        return TRUE;
      }
  return FALSE;
}

const char *
turnout_export_column_get_title (TurnoutExportColumn column)
{
  switch (column)
    {
    case TURNOUT_EXPORT_EMAIL:
      return turnout_csv_field_get_display_name (TURNOUT_CSV_FIELD_EMAIL);
    case TURNOUT_EXPORT_FIRST_NAME:
      return turnout_csv_field_get_display_name (TURNOUT_CSV_FIELD_FIRST_NAME);
    case TURNOUT_EXPORT_LAST_NAME:
      return turnout_csv_field_get_display_name (TURNOUT_CSV_FIELD_LAST_NAME);
    case TURNOUT_EXPORT_COMPANY:
      return turnout_csv_field_get_display_name (TURNOUT_CSV_FIELD_COMPANY);
    case TURNOUT_EXPORT_JOB_TITLE:
      return turnout_csv_field_get_display_name (TURNOUT_CSV_FIELD_JOB_TITLE);
    case TURNOUT_EXPORT_STATUS:
      return turnout_csv_field_get_display_name (TURNOUT_CSV_FIELD_STATUS);
    case TURNOUT_EXPORT_STATUS_REASON:
      return _("Status Reason");
    case TURNOUT_EXPORT_MEMBER_DATE:
      return _("Member Date");
    case TURNOUT_EXPORT_STATUS_CHANGED_AT:
      return _("Status Changed");
    case TURNOUT_EXPORT_REACHED_SUCCESS:
      return _("Reached Success");
    case TURNOUT_EXPORT_SUCCESS_AT:
      return _("Success Date");
    case TURNOUT_EXPORT_ACQUIRED_BY:
      return _("Acquired By");
    case TURNOUT_EXPORT_WAITLIST_POSITION:
      return _("Wait List Position");
    case TURNOUT_EXPORT_PUSH_STATE:
      return _("ON24 Registration");
    case TURNOUT_EXPORT_LIVE_MINUTES:
      return _("Live Minutes");
    case TURNOUT_EXPORT_ONDEMAND_MINUTES:
      return _("On-demand Minutes");
    case TURNOUT_EXPORT_ENGAGEMENT_SCORE:
      return _("Engagement Score");
    case TURNOUT_EXPORT_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
cell_for (TurnoutExportColumn   column,
          const TurnoutMember  *member,
          TurnoutChannel       *channel,
          GHashTable           *positions)
{
  switch (column)
    {
    case TURNOUT_EXPORT_EMAIL:
      return g_strdup (member->person.email);
    case TURNOUT_EXPORT_FIRST_NAME:
      return g_strdup (member->person.first_name);
    case TURNOUT_EXPORT_LAST_NAME:
      return g_strdup (member->person.last_name);
    case TURNOUT_EXPORT_COMPANY:
      return g_strdup (member->person.company);
    case TURNOUT_EXPORT_JOB_TITLE:
      return g_strdup (member->person.job_title);
    case TURNOUT_EXPORT_STATUS:
      return g_strdup (turnout_status_display_name_for_key (channel, member->status));
    case TURNOUT_EXPORT_STATUS_REASON:
      return g_strdup (member->status_reason);
    case TURNOUT_EXPORT_MEMBER_DATE:
      return g_strdup (member->member_date);
    case TURNOUT_EXPORT_STATUS_CHANGED_AT:
      return g_strdup (member->status_changed_at);
    case TURNOUT_EXPORT_REACHED_SUCCESS:
      return g_strdup (member->reached_success ? _("Yes") : _("No"));
    case TURNOUT_EXPORT_SUCCESS_AT:
      return g_strdup (member->success_at);
    case TURNOUT_EXPORT_ACQUIRED_BY:
      {
        TurnoutAcquiredBy acquired;

        if (turnout_acquired_by_from_key (member->acquired_by, &acquired))
          return g_strdup (turnout_acquired_by_get_display_name (acquired));
        return g_strdup (member->acquired_by);
      }
    case TURNOUT_EXPORT_WAITLIST_POSITION:
      {
        guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions,
                                                                GSIZE_TO_POINTER ((gsize) member->person.id)));
        return position ? g_strdup_printf ("%u", position) : g_strdup ("");
      }
    case TURNOUT_EXPORT_PUSH_STATE:
      return g_strdup (turnout_push_state_get_display_name (member->push_state));
    case TURNOUT_EXPORT_LIVE_MINUTES:
      return member->live_minutes >= 0 ? g_strdup_printf ("%d", member->live_minutes) : g_strdup ("");
    case TURNOUT_EXPORT_ONDEMAND_MINUTES:
      return member->ondemand_minutes >= 0 ? g_strdup_printf ("%d", member->ondemand_minutes) : g_strdup ("");
    case TURNOUT_EXPORT_ENGAGEMENT_SCORE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (member->engagement_score < 0)
          return g_strdup ("");
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", member->engagement_score));
      }
    case TURNOUT_EXPORT_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * turnout_export_members:
 * @n_members: (out) (optional): how many members were written
 *
 * Returns: the CSV file's bytes.
 */
GBytes *
turnout_export_members (TurnoutDb                  *db,
                        gint64                      program_id,
                        const TurnoutExportOptions *options,
                        guint                      *n_members,
                        GError                    **error)
{
  static const TurnoutExportColumn every[TURNOUT_EXPORT_N_COLUMNS] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  };
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GHashTable) positions = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  const TurnoutExportColumn *columns = every;
  guint n_columns = TURNOUT_EXPORT_N_COLUMNS;
  const char *status = NULL;
  const char *search = NULL;
  GString *out;

  G_STATIC_ASSERT (G_N_ELEMENTS (every) == TURNOUT_EXPORT_N_COLUMNS);

  if (options != NULL)
    {
      if (options->columns != NULL && options->n_columns > 0)
        {
          columns = options->columns;
          n_columns = options->n_columns;
        }
      status = options->status && options->status[0] ? options->status : NULL;
      search = options->search && options->search[0] ? options->search : NULL;
    }

  for (guint i = 0; i < n_columns; i++)
    g_return_val_if_fail (columns[i] < TURNOUT_EXPORT_N_COLUMNS, NULL);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return NULL;
  channel = turnout_db_get_channel (db, program->channel_key);

  if (status != NULL && turnout_channel_lookup (channel, status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"), status,
                   turnout_channel_get_name (channel));
      return NULL;
    }

  members = turnout_db_list_members (db, program_id, status, search, error);
  if (members == NULL)
    return NULL;

  waiting = turnout_waitlist_list (db, program_id, error);
  if (waiting == NULL)
    return NULL;
  for (guint i = 0; i < waiting->len; i++)
    {
      TurnoutMember *member = g_ptr_array_index (waiting, i);

      g_hash_table_insert (positions, GSIZE_TO_POINTER ((gsize) member->person.id), GUINT_TO_POINTER (i + 1));
    }

  out = g_string_sized_new (64 + members->len * 128);
  g_string_append (out, "\xEF\xBB\xBF");

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (cells, g_strdup (turnout_export_column_get_title (columns[c])));
  turnout_csv_append_row (out, (const char *const *) cells->pdata, cells->len, ',');

  for (guint i = 0; i < members->len; i++)
    {
      const TurnoutMember *member = g_ptr_array_index (members, i);

      g_ptr_array_set_size (cells, 0);
      for (guint c = 0; c < n_columns; c++)
        g_ptr_array_add (cells, cell_for (columns[c], member, channel, positions));
      turnout_csv_append_row (out, (const char *const *) cells->pdata, cells->len, ',');
    }

  if (n_members != NULL)
    *n_members = members->len;

  return g_string_free_to_bytes (out);
}

/* Writes the file whole or not at all (a temporary file renamed over it).
 * Its mode is the user's umask's, as any file they make: an export is
 * theirs to share or keep private. */
gboolean
turnout_export_members_to_file (TurnoutDb                  *db,
                                gint64                      program_id,
                                const TurnoutExportOptions *options,
                                const char                 *path,
                                guint                      *n_members,
                                GError                    **error)
{
  g_autoptr(GBytes) bytes = turnout_export_members (db, program_id, options, n_members, error);
  gsize size;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  return g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}
