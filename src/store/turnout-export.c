/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "turnout-channel.h"
#include "turnout-columns.h"
#include "turnout-csv.h"
#include "turnout-db-private.h"
#include "turnout-export.h"
#include "turnout-waitlist.h"

/* The columns' keys, titles and cells are in turnout-columns.c. */

const char *
turnout_export_column_to_key (TurnoutExportColumn column)
{
  g_return_val_if_fail (column < TURNOUT_EXPORT_N_COLUMNS, NULL);
  return turnout_column_for_export (column)->export_key;
}

gboolean
turnout_export_column_from_key (const char          *key,
                                TurnoutExportColumn *column)
{
  for (guint i = 0; key && i < TURNOUT_EXPORT_N_COLUMNS; i++)
    if (g_str_equal (key, turnout_column_for_export (i)->export_key))
      {
        *column = i;
        return TRUE;
      }
  return FALSE;
}

const char *
turnout_export_column_get_title (TurnoutExportColumn column)
{
  const TurnoutColumnInfo *info;

  g_return_val_if_fail (column < TURNOUT_EXPORT_N_COLUMNS, NULL);

  info = turnout_column_for_export (column);
  if (info->export_title == NULL)
    return turnout_csv_field_get_display_name (info->csv_field);
  return _(info->export_title);
}

/**
 * turnout_export_members:
 * @n_members: (out) (optional): how many members were written
 *
 * Returns: the CSV file's bytes.
 */
typedef struct
{
  GString                  *out;
  const TurnoutColumnInfo **infos;
  guint                     n_columns;
  TurnoutChannel           *channel;
  GHashTable               *positions;
  GPtrArray                *cells;
  guint                     n_members;
  int                       fd;      /* -1: all of it kept in @out */
  const char               *path;    /* the file's name, for errors */
} ExportWriter;

/* Flushed to the file every so often: a million members' CSV is not
 * held whole. */
#define EXPORT_FLUSH_AT (256 * 1024)

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Could not write %s: %s"), name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
flush_out (ExportWriter  *writer,
           GError       **error)
{
  gsize done = 0;

  while (done < writer->out->len)
    {
      gssize wrote = write (writer->fd, writer->out->str + done, writer->out->len - done);

      if (wrote < 0 && errno == EINTR)
        continue;
      if (wrote < 0)
        return set_write_error (error, writer->path, errno);
      done += (gsize) wrote;
    }
  g_string_truncate (writer->out, 0);
  return TRUE;
}

static gboolean
write_member (TurnoutMember  *member,
              gpointer        user_data,
              GError        **error)
{
  ExportWriter *writer = user_data;

  g_ptr_array_set_size (writer->cells, 0);
  for (guint c = 0; c < writer->n_columns; c++)
    g_ptr_array_add (writer->cells, writer->infos[c]->export_cell (member, writer->channel, writer->positions));
  turnout_csv_append_row (writer->out, (const char *const *) writer->cells->pdata, writer->cells->len, ',');
  writer->n_members++;
  turnout_member_free (member);
  if (writer->fd >= 0 && writer->out->len >= EXPORT_FLUSH_AT)
    return flush_out (writer, error);
  return TRUE;
}

/* Writes the CSV into @writer->out, and on to @writer->fd when it has one. */
static gboolean
export_to (ExportWriter               *writer,
           TurnoutDb                  *db,
           gint64                      program_id,
           const TurnoutExportOptions *options,
           GError                    **error)
{
  TurnoutExportColumn every[TURNOUT_EXPORT_N_COLUMNS];
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GHashTable) positions = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree const TurnoutColumnInfo **infos = NULL;
  const TurnoutExportColumn *columns = every;
  guint n_columns = TURNOUT_EXPORT_N_COLUMNS;
  const char *status = NULL;
  const char *search = NULL;
  GString *out = writer->out;

  for (guint i = 0; i < TURNOUT_EXPORT_N_COLUMNS; i++)
    every[i] = i;
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
    g_return_val_if_fail (columns[i] < TURNOUT_EXPORT_N_COLUMNS, FALSE);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return FALSE;
  channel = turnout_db_get_channel (db, program->channel_key);

  if (status != NULL && turnout_channel_lookup (channel, status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"), status,
                   turnout_channel_get_name (channel));
      return FALSE;
    }

  waiting = turnout_waitlist_list (db, program_id, error);
  if (waiting == NULL)
    return FALSE;
  for (guint i = 0; i < waiting->len; i++)
    {
      TurnoutMember *member = g_ptr_array_index (waiting, i);

      g_hash_table_insert (positions, GSIZE_TO_POINTER ((gsize) member->person.id), GUINT_TO_POINTER (i + 1));
    }

  g_string_append (out, "\xEF\xBB\xBF");

  infos = g_new (const TurnoutColumnInfo *, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      infos[c] = turnout_column_for_export (columns[c]);
      g_ptr_array_add (cells, g_strdup (turnout_export_column_get_title (columns[c])));
    }
  turnout_csv_append_row (out, (const char *const *) cells->pdata, cells->len, ',');

  /* Row by row from the database: the members are not all held at once. */
  writer->infos = infos;
  writer->n_columns = n_columns;
  writer->channel = channel;
  writer->positions = positions;
  writer->cells = cells;
  return turnout_db_foreach_member (db, program_id, status, search, write_member, writer, error) &&
         (writer->fd < 0 || flush_out (writer, error));
}

GBytes *
turnout_export_members (TurnoutDb                  *db,
                        gint64                      program_id,
                        const TurnoutExportOptions *options,
                        guint                      *n_members,
                        GError                    **error)
{
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  ExportWriter writer = { .out = out, .fd = -1 };

  if (!export_to (&writer, db, program_id, options, error))
    return NULL;
  if (n_members != NULL)
    *n_members = writer.n_members;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* Writes the file whole or not at all: into a file of its own beside it,
 * renamed over it once complete (and, when it replaces a file, on the disk
 * first). Its mode is the user's umask's, as any file they make: an export
 * is theirs to share or keep private. Written as it is read, a million
 * members' CSV is never held whole. */
gboolean
turnout_export_members_to_file (TurnoutDb                  *db,
                                gint64                      program_id,
                                const TurnoutExportOptions *options,
                                const char                 *path,
                                guint                      *n_members,
                                GError                    **error)
{
  g_autoptr(GString) out = g_string_sized_new (EXPORT_FLUSH_AT + 64 * 1024);
  g_autofree char *temp = g_strdup_printf ("%s.XXXXXX", path);
  gboolean replaces = g_file_test (path, G_FILE_TEST_EXISTS);
  ExportWriter writer = { .out = out, .path = path };
  gboolean ok;
  int saved;

  writer.fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0666);
  if (writer.fd < 0)
    return set_write_error (error, path, errno);

  ok = export_to (&writer, db, program_id, options, error);
  if (ok && replaces && fsync (writer.fd) != 0)
    ok = FALSE;
  saved = errno;
  if (close (writer.fd) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (ok && g_rename (temp, path) != 0)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    {
      g_unlink (temp);
      if (error != NULL && *error == NULL)
        set_write_error (error, path, saved);
      return FALSE;
    }
  if (n_members != NULL)
    *n_members = writer.n_members;
  return TRUE;
}
