/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-credentials.c: the ON24 access tokens in the keyring.
 *
 * Two items per account (the key and the secret), found by the attributes
 * "origin" (scheme://host:port of the base URL), "client-id" and "token":
 * a database that names another address never gets them. Items of older
 * versions (schema …On24Token, no "origin") were made for ON24 itself, so
 * they are read for the default address only (https://api.on24.com:443)
 * and removed when new tokens are stored there. ON24's regions are two
 * such addresses, so the tokens of one are never offered to the other.
 * The async calls run libsecret's sync calls on a worker thread so the UI
 * never waits on D-Bus.
 */
#define G_LOG_DOMAIN "turnout-on24"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-on24-client.h"
#include "turnout-on24-credentials.h"
#include "turnout-on24-error.h"

static const struct
{
  const char *id;
  const char *base_url;
  const char *name;
} regions[] = {
  [TURNOUT_ON24_REGION_NA] = { "na", TURNOUT_ON24_DEFAULT_BASE_URL, N_("North America") },
  [TURNOUT_ON24_REGION_EU] = { "eu", TURNOUT_ON24_EU_BASE_URL, N_("Europe") },
  [TURNOUT_ON24_REGION_CUSTOM] = { "custom", NULL, N_("Custom") },
};

TurnoutOn24Region
turnout_on24_region_for_url (const char *base_url)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url ? base_url : ""));
  gsize len = strlen (url);

  if (len == 0)
    return TURNOUT_ON24_REGION_NA;
  /* The same spellings the client accepts for one address. */
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (regions[i].base_url != NULL && g_ascii_strcasecmp (url, regions[i].base_url) == 0)
      return i;
  return TURNOUT_ON24_REGION_CUSTOM;
}

const char *
turnout_on24_region_base_url (TurnoutOn24Region region)
{
  g_return_val_if_fail (region < G_N_ELEMENTS (regions), NULL);
  return regions[region].base_url;
}

const char *
turnout_on24_region_to_id (TurnoutOn24Region region)
{
  g_return_val_if_fail (region < G_N_ELEMENTS (regions), NULL);
  return regions[region].id;
}

const char *
turnout_on24_region_name (TurnoutOn24Region region)
{
  g_return_val_if_fail (region < G_N_ELEMENTS (regions), NULL);
  return _(regions[region].name);
}

char *
turnout_on24_region_place (const char *base_url)
{
  TurnoutOn24Region region = turnout_on24_region_for_url (base_url);
  char *origin;

  if (region != TURNOUT_ON24_REGION_CUSTOM)
    return g_strdup (turnout_on24_region_name (region));
  origin = turnout_on24_origin_for_url (base_url);
  return origin ? origin : g_strdup (base_url);
}

gboolean
turnout_on24_region_from_id (const char         *id,
                             TurnoutOn24Region  *region,
                             GError            **error)
{
  g_autofree char *text = g_strstrip (g_strdup (id ? id : ""));

  /* "custom" is what an address says about itself, not a choice. */
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (regions[i].base_url != NULL && g_ascii_strcasecmp (text, regions[i].id) == 0)
      {
        *region = i;
        return TRUE;
      }
  g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
               _("“%s” is not an ON24 region; use na (North America) or eu (Europe)"), text);
  return FALSE;
}

const SecretSchema *
turnout_on24_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.turnoutapp.Turnout.On24AccountToken", SECRET_SCHEMA_NONE,
    {
      { "origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "token", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* What versions before the origin used: by client id alone. A schema of
 * its own (the name is matched), so that finding and clearing these never
 * touches the items above, whatever their attributes. */
static const SecretSchema *
legacy_schema (void)
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

/* The origin the tokens of @base_url are kept under, or NULL with an
 * error when it is no web address. */
static char *
origin_for (const char  *base_url,
            GError     **error)
{
  char *origin = turnout_on24_origin_for_url (base_url);

  if (origin == NULL)
    g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                 _("The ON24 base URL “%s” is not a web address; set it in Preferences"),
                 base_url ? base_url : "");
  return origin;
}

static gboolean
is_default_origin (const char *origin)
{
  g_autofree char *default_origin = turnout_on24_origin_for_url (TURNOUT_ON24_DEFAULT_BASE_URL);

  return g_strcmp0 (origin, default_origin) == 0;
}

static char *
lookup_token (const char    *origin,
              const char    *client_id,
              const char    *token,
              GCancellable  *cancellable,
              GError       **error)
{
  GError *local_error = NULL;
  char *value;

  value = secret_password_lookup_sync (turnout_on24_secret_schema (), cancellable, &local_error,
                                       "origin", origin, "client-id", client_id, "token", token, NULL);
  /* Stored by an older version, for ON24 itself. */
  if (local_error == NULL && value == NULL && is_default_origin (origin))
    value = secret_password_lookup_sync (legacy_schema (), cancellable, &local_error,
                                         "client-id", client_id, "token", token, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (value != NULL)
    {
      char *copy = g_strdup (value);

      secret_password_free (value);
      return copy;
    }
  return NULL;
}

gboolean
turnout_on24_credentials_lookup_sync (const char    *base_url,
                                      const char    *client_id,
                                      char         **key,
                                      char         **secret,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *base = NULL;
  char *k, *s;

  *key = *secret = NULL;
  if (turnout_on24_credentials_from_env (key, secret))
    return TRUE;
  if (client_id == NULL || *client_id == '\0')
    return TRUE;

  /* An address that may not have them (plain http to another computer,
   * no web address at all) has none; the client then says why. */
  base = g_strstrip (g_strdup (base_url && *base_url ? base_url : TURNOUT_ON24_DEFAULT_BASE_URL));
  if (!turnout_on24_check_base_url (*base ? base : TURNOUT_ON24_DEFAULT_BASE_URL, NULL))
    return TRUE;
  origin = turnout_on24_origin_for_url (base);
  if (origin == NULL)
    return TRUE;

  k = lookup_token (origin, client_id, "key", cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, keyring_error (local_error));
      return FALSE;
    }
  s = lookup_token (origin, client_id, "secret", cancellable, &local_error);
  if (local_error != NULL)
    {
      if (k)
        memset (k, 0, strlen (k));
      g_free (k);
      g_propagate_error (error, keyring_error (local_error));
      return FALSE;
    }

  *key = k;
  *secret = s;
  return TRUE;
}

static void
store_token (const char    *origin,
             const char    *client_id,
             const char    *token,
             const char    *label,
             const char    *value,
             GCancellable  *cancellable,
             GError       **error)
{
  if (value == NULL || *value == '\0')
    secret_password_clear_sync (turnout_on24_secret_schema (), cancellable, error,
                                "origin", origin, "client-id", client_id, "token", token, NULL);
  else
    secret_password_store_sync (turnout_on24_secret_schema (), SECRET_COLLECTION_DEFAULT, label, value,
                                cancellable, error, "origin", origin, "client-id", client_id, "token", token, NULL);
}

/* Once new tokens are stored for ON24 itself, the older host-less items
 * of that client id have done their job (and must not come back when
 * the new ones are cleared). */
static void
remove_legacy (const char   *client_id,
               GCancellable *cancellable)
{
  secret_password_clear_sync (legacy_schema (), cancellable, NULL, "client-id", client_id, "token", "key", NULL);
  secret_password_clear_sync (legacy_schema (), cancellable, NULL, "client-id", client_id, "token", "secret", NULL);
}

gboolean
turnout_on24_credentials_store_sync (const char    *base_url,
                                     const char    *client_id,
                                     const char    *key,
                                     const char    *secret,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label_key = NULL;
  g_autofree char *label_secret = NULL;
  g_autofree char *origin = NULL;

  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED,
                   _("Set the ON24 client id before storing its access tokens"));
      return FALSE;
    }
  /* No tokens for an address that may never receive them. */
  if (!turnout_on24_check_base_url (base_url && *base_url ? base_url : TURNOUT_ON24_DEFAULT_BASE_URL, error))
    return FALSE;
  origin = origin_for (base_url, error);
  if (origin == NULL)
    return FALSE;

  label_key = g_strdup_printf (_("Turnout: ON24 access token key (client %s at %s)"), client_id, origin);
  label_secret = g_strdup_printf (_("Turnout: ON24 access token secret (client %s at %s)"), client_id, origin);

  store_token (origin, client_id, "key", label_key, key, cancellable, &local_error);
  if (local_error == NULL)
    store_token (origin, client_id, "secret", label_secret, secret, cancellable, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, keyring_error (local_error));
      return FALSE;
    }
  if (is_default_origin (origin))
    remove_legacy (client_id, cancellable);
  return TRUE;
}

typedef struct
{
  char *base_url;
  char *client_id;
  char *key;
  char *secret;
} Job;

static void
job_free (Job *job)
{
  g_free (job->base_url);
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

  if (!turnout_on24_credentials_lookup_sync (job->base_url, job->client_id, &job->key, &job->secret, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
turnout_on24_credentials_lookup_async (const char          *base_url,
                                       const char          *client_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, turnout_on24_credentials_lookup_async);
  job->base_url = g_strdup (base_url);
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

  if (!turnout_on24_credentials_store_sync (job->base_url, job->client_id, job->key, job->secret, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
turnout_on24_credentials_store_async (const char          *base_url,
                                      const char          *client_id,
                                      const char          *key,
                                      const char          *secret,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, turnout_on24_credentials_store_async);
  job->base_url = g_strdup (base_url);
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
