/* turnout-on24-credentials.c: the ON24 access tokens in the keyring.
 *
 * Two items per client id (the key and the secret), found by the
 * attributes "client-id" and "token". The async calls run libsecret's sync
 * calls on a worker thread so the UI never waits on D-Bus.
 */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-on24-credentials.h"
#include "turnout-on24-error.h"

const SecretSchema *
turnout_on24_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.turnoutapp.Turnout.On24Token", SECRET_SCHEMA_NONE,
    {
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "token", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

gboolean
turnout_on24_credentials_from_env (char **key,
                                   char **secret)
{
  const char *k = g_getenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY);
  const char *s = g_getenv (TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET);

  if (k == NULL || s == NULL || *k == '\0' || *s == '\0')
    return FALSE;
  *key = g_strdup (k);
  *secret = g_strdup (s);
  return TRUE;
}

static GError *
keyring_error (GError *error)
{
  return g_error_new (TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                      _("The keyring cannot be reached (%s); the ON24 access tokens are kept there"),
                      error->message);
}

gboolean
turnout_on24_credentials_lookup_sync (const char    *client_id,
                                      char         **key,
                                      char         **secret,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *k, *s;

  *key = *secret = NULL;
  if (turnout_on24_credentials_from_env (key, secret))
    return TRUE;
  if (client_id == NULL || *client_id == '\0')
    return TRUE;

  k = secret_password_lookup_sync (turnout_on24_secret_schema (), cancellable, &local_error,
                                   "client-id", client_id, "token", "key", NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, keyring_error (local_error));
      return FALSE;
    }
  s = secret_password_lookup_sync (turnout_on24_secret_schema (), cancellable, &local_error,
                                   "client-id", client_id, "token", "secret", NULL);
  if (local_error != NULL)
    {
      secret_password_free (k);
      g_propagate_error (error, keyring_error (local_error));
      return FALSE;
    }

  *key = g_strdup (k);
  *secret = g_strdup (s);
  secret_password_free (k);
  secret_password_free (s);
  return TRUE;
}

gboolean
turnout_on24_credentials_store_sync (const char    *client_id,
                                     const char    *key,
                                     const char    *secret,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label_key = NULL;
  g_autofree char *label_secret = NULL;

  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                   _("Set the ON24 client id before storing its access tokens"));
      return FALSE;
    }

  label_key = g_strdup_printf (_("Turnout: ON24 access token key (client %s)"), client_id);
  label_secret = g_strdup_printf (_("Turnout: ON24 access token secret (client %s)"), client_id);

  if (key == NULL || *key == '\0')
    secret_password_clear_sync (turnout_on24_secret_schema (), cancellable, &local_error,
                                "client-id", client_id, "token", "key", NULL);
  else
    secret_password_store_sync (turnout_on24_secret_schema (), SECRET_COLLECTION_DEFAULT, label_key, key,
                                cancellable, &local_error, "client-id", client_id, "token", "key", NULL);
  if (local_error == NULL)
    {
      if (secret == NULL || *secret == '\0')
        secret_password_clear_sync (turnout_on24_secret_schema (), cancellable, &local_error,
                                    "client-id", client_id, "token", "secret", NULL);
      else
        secret_password_store_sync (turnout_on24_secret_schema (), SECRET_COLLECTION_DEFAULT, label_secret, secret,
                                    cancellable, &local_error, "client-id", client_id, "token", "secret", NULL);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, keyring_error (local_error));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *client_id;
  char *key;
  char *secret;
} Job;

static void
job_free (Job *job)
{
  g_free (job->client_id);
  if (job->key)
    memset (job->key, 0, strlen (job->key));
  if (job->secret)
    memset (job->secret, 0, strlen (job->secret));
  g_free (job->key);
  g_free (job->secret);
  g_free (job);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (!turnout_on24_credentials_lookup_sync (job->client_id, &job->key, &job->secret, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
turnout_on24_credentials_lookup_async (const char          *client_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, turnout_on24_credentials_lookup_async);
  job->client_id = g_strdup (client_id);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, lookup_thread);
}

gboolean
turnout_on24_credentials_lookup_finish (GAsyncResult  *result,
                                        char         **key,
                                        char         **secret,
                                        GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  *key = *secret = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  *key = g_steal_pointer (&job->key);
  *secret = g_steal_pointer (&job->secret);
  return TRUE;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (!turnout_on24_credentials_store_sync (job->client_id, job->key, job->secret, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
turnout_on24_credentials_store_async (const char          *client_id,
                                      const char          *key,
                                      const char          *secret,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, turnout_on24_credentials_store_async);
  job->client_id = g_strdup (client_id);
  job->key = g_strdup (key);
  job->secret = g_strdup (secret);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, store_thread);
}

gboolean
turnout_on24_credentials_store_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
