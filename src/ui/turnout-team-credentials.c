/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-team-credentials.c: a team database's password, in the keyring.
 *
 * One item per URI (attribute "uri", the address exactly as saved in the
 * team-database setting), so a password only ever goes to the database it
 * was typed for. Errors come back worded for the dialog that asked.
 */
#define G_LOG_DOMAIN "turnout-team"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-db.h"
#include "turnout-team-credentials.h"

const SecretSchema *
turnout_team_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.turnoutapp.Turnout.TeamDatabase", SECRET_SCHEMA_NONE,
    {
      { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GError *
keyring_error (const GError *error)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                      _("The keyring cannot be reached (%s); the team database’s password is kept there"),
                      error->message);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, error);
      else
        {
          g_task_return_error (task, keyring_error (error));
          g_error_free (error);
        }
      return;
    }
  if (password == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  /* A plain string for the caller, the secret one wiped. */
  g_task_return_pointer (task, g_strdup (password), g_free);
  secret_password_free (password);
}

void
turnout_team_credentials_lookup_async (const char          *uri,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_team_credentials_lookup_async);
  secret_password_lookup (turnout_team_secret_schema (), cancellable, lookup_cb, task, "uri", uri, NULL);
}

char *
turnout_team_credentials_lookup_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_get_task_data (task) != NULL)
    secret_password_store_finish (result, &error);
  else
    secret_password_clear_finish (result, &error);

  if (error == NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_task_return_error (task, keyring_error (error));
      g_error_free (error);
    }
}

void
turnout_team_credentials_store_async (const char          *uri,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *where = NULL;
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_team_credentials_store_async);
  if (password == NULL || *password == '\0')
    {
      secret_password_clear (turnout_team_secret_schema (), cancellable, store_cb, task, "uri", uri, NULL);
      return;
    }

  /* Marks the task as a store for store_cb (); holds no secret. */
  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  where = turnout_db_describe_location (uri);
  /* Translators: the keyring item's name; %s is "turnout on db.example.org" */
  label = g_strdup_printf (_("Turnout: team database password (%s)"), where);
  secret_password_store (turnout_team_secret_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, task, "uri", uri, NULL);
}

gboolean
turnout_team_credentials_store_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
