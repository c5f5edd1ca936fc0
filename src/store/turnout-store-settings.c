/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-settings.c: settings, as store jobs.
 *
 * A program's own settings (its ON24 event, seat limit and wait list),
 * read and saved as the Event Settings dialog shows them, and the
 * application's key/value settings that are not secrets (the ON24
 * account's URL and client id). The jobs call turnout-db.c and
 * turnout-waitlist.c as the command-line tool does.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-settings.h"
#include "turnout-waitlist.h"

/* A program's settings */

static gpointer
get_program_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return turnout_db_get_program (db, *(gint64 *) data, error);
}

void
turnout_store_get_program_settings_async (TurnoutStore        *self,
                                          gint64               program_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));

  turnout_store_run_async (self, get_program_job, g_memdup2 (&program_id, sizeof program_id), g_free,
                           (GDestroyNotify) turnout_program_free, cancellable, callback, user_data);
}

/* Returns: (transfer full): the program, or %NULL with @error set */
TurnoutProgram *
turnout_store_get_program_settings_finish (TurnoutStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
save_program_job (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  TurnoutProgram *program = data;
  g_autoptr(GPtrArray) promoted = NULL;

  if (!turnout_db_update_program (db, program, error))
    return NULL;

  /* A raised limit, or promotion just switched on, fills the free seats
   * from the wait list at once when the program promotes automatically. */
  if (program->auto_promote &&
      !turnout_waitlist_set_auto_promote (db, program->id, TRUE, &promoted, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

/**
 * turnout_store_save_program_settings_async:
 * @program: saved as it is; the store keeps a copy
 *
 * When @program promotes from the wait list by itself, the seats that are
 * free once it is saved go to the first in line.
 */
void
turnout_store_save_program_settings_async (TurnoutStore         *self,
                                           const TurnoutProgram *program,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (program != NULL);

  turnout_store_run_async (self, save_program_job, turnout_program_copy (program),
                           (GDestroyNotify) turnout_program_free, NULL, cancellable, callback, user_data);
}

gboolean
turnout_store_save_program_settings_finish (TurnoutStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return turnout_store_run_finish (self, result, error) != NULL;
}

/* The application's settings */

static gpointer
get_settings_job (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const char * const *keys = data;
  g_autoptr(GHashTable) settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      GError *local_error = NULL;
      char *value = turnout_db_get_setting (db, keys[i], &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (value != NULL)
        g_hash_table_insert (settings, g_strdup (keys[i]), value);
    }
  return g_steal_pointer (&settings);
}

/**
 * turnout_store_get_settings_async:
 * @keys: (array zero-terminated=1): the settings to read
 */
void
turnout_store_get_settings_async (TurnoutStore        *self,
                                  const char * const  *keys,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (keys != NULL);

  turnout_store_run_async (self, get_settings_job, g_strdupv ((char **) keys), (GDestroyNotify) g_strfreev,
                           (GDestroyNotify) g_hash_table_unref, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type utf8 utf8): each key that is set,
 * to its value; or %NULL with @error set */
GHashTable *
turnout_store_get_settings_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
set_settings_job (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, data);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!turnout_db_set_setting (db, key, value, error))
      return NULL;
  return GINT_TO_POINTER (TRUE);
}

/**
 * turnout_store_set_settings_async:
 * @settings: (element-type utf8 utf8): each key to its new value; a %NULL
 *   value removes the setting
 */
void
turnout_store_set_settings_async (TurnoutStore        *self,
                                  GHashTable          *settings,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (settings != NULL);

  /* The worker reads its own: the caller's table may change meanwhile. */
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, settings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  turnout_store_run_async (self, set_settings_job, copy, (GDestroyNotify) g_hash_table_unref, NULL,
                           cancellable, callback, user_data);
}

gboolean
turnout_store_set_settings_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error) != NULL;
}
