/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-preferences-window.c: Preferences, with the ON24 account.
 *
 * The base URL and client id go to the settings table (through the store's
 * thread); the access token key and secret go to the keyring only. "Test
 * connection" uses what is typed, saved or not, so a user can check before
 * saving.
 */
#define G_LOG_DOMAIN "turnout-preferences"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "turnout-on24-credentials.h"
#include "turnout-preferences-window.h"
#include "turnout-application.h"
#include "turnout-store-settings.h"

struct _TurnoutPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *base_url_row;
  AdwEntryRow          *client_id_row;
  AdwEntryRow          *key_row;
  AdwEntryRow          *secret_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  AdwActionRow         *save_row;

  TurnoutStore         *store;
  TurnoutOn24Service   *service;
  GCancellable         *cancellable;
  TurnoutOn24Client    *test_client;
  char                 *test_result;
  gboolean              testing;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (TurnoutPreferencesWindow, turnout_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
actions_update (TurnoutPreferencesWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test", !self->testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.save", !self->saving);
  gtk_spinner_set_spinning (self->test_spinner, self->testing);
}

static void
set_test_result (TurnoutPreferencesWindow *self,
                 const char               *text)
{
  g_free (self->test_result);
  self->test_result = g_strdup (text);
  adw_action_row_set_subtitle (self->test_row, text);
}

const char *
turnout_preferences_window_get_test_result (TurnoutPreferencesWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_PREFERENCES_WINDOW (self), NULL);
  return self->test_result;
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Loading */

static const char * const account_keys[] = {
  TURNOUT_ON24_SETTING_BASE_URL, TURNOUT_ON24_SETTING_CLIENT_ID, NULL,
};

static void
on_tokens_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TurnoutPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *env_key = NULL;
  g_autofree char *env_secret = NULL;

  if (!turnout_on24_credentials_lookup_finish (result, &key, &secret, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (self->save_row, error->message);
      return;
    }

  if (turnout_on24_credentials_from_env (&env_key, &env_secret))
    {
      /* Not shown: they are not stored anywhere Turnout manages. */
      adw_action_row_set_subtitle (self->save_row,
                                   _("The access tokens come from TURNOUT_ON24_ACCESS_TOKEN_KEY and "
                                     "TURNOUT_ON24_ACCESS_TOKEN_SECRET in the environment"));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_row), key ? key : "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), secret ? secret : "");
}

static void
on_account_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TurnoutPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) account = turnout_store_get_settings_finish (TURNOUT_STORE (object), result, &error);
  const char *base_url, *client_id;

  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (self->save_row, error->message);
      return;
    }

  base_url = g_hash_table_lookup (account, TURNOUT_ON24_SETTING_BASE_URL);
  client_id = g_hash_table_lookup (account, TURNOUT_ON24_SETTING_CLIENT_ID);
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), base_url ? base_url : TURNOUT_ON24_DEFAULT_BASE_URL);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id ? client_id : "");
  turnout_on24_credentials_lookup_async (base_url, client_id, self->cancellable, on_tokens_loaded, self);
}

/* Test connection */

static void
on_test_event (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TurnoutPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutFeedEvent) event = NULL;
  gint64 event_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (object), "turnout-test-event"));
  g_autofree char *text = NULL;

  event = turnout_on24_client_get_event_finish (TURNOUT_ON24_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->testing = FALSE;
  actions_update (self);

  if (event != NULL)
    text = g_strdup_printf (_("Connected: ON24 accepted the access tokens and knows event %" PRId64 " “%s”"),
                            event->eventid, event->eventname ? event->eventname : "");
  else if (event_id == 1 && g_error_matches (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND))
    /* The probe event does not exist; the tokens were checked before that. */
    text = g_strdup (_("Connected: ON24 accepted the access tokens"));
  else
    text = g_strdup_printf (_("Not connected: %s"), error->message);

  set_test_result (self, text);
}

static void
on_test_programs (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TurnoutPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, &error);
  gint64 event_id = 1;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->test_client == NULL)
    return;

  /* Ask for an event the user linked, so the answer says more than "hello". */
  for (guint i = 0; programs && i < programs->len; i++)
    {
      TurnoutProgram *program = g_ptr_array_index (programs, i);

      if (program->on24_event_id > 0)
        {
          event_id = program->on24_event_id;
          break;
        }
    }

  g_object_set_data (G_OBJECT (self->test_client), "turnout-test-event", GSIZE_TO_POINTER ((gsize) event_id));
  turnout_on24_client_get_event_async (self->test_client, event_id, self->cancellable, on_test_event, self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TurnoutPreferencesWindow *self = TURNOUT_PREFERENCES_WINDOW (widget);
  g_autofree char *url = row_text (self->base_url_row);
  g_autofree char *client_id = row_text (self->client_id_row);
  g_autofree char *key = row_text (self->key_row);
  g_autofree char *secret = row_text (self->secret_row);
  g_autoptr(GError) error = NULL;

  if (*key == '\0' && *secret == '\0')
    {
      g_clear_pointer (&key, g_free);
      g_clear_pointer (&secret, g_free);
      turnout_on24_credentials_from_env (&key, &secret);
    }

  if (!turnout_on24_check_base_url (url, &error) || !turnout_on24_check_client_id (client_id, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not connected: %s"), error->message);

      set_test_result (self, text);
      return;
    }

  g_clear_object (&self->test_client);
  self->test_client = turnout_on24_client_new (url, client_id, key, secret);
  if (!turnout_on24_client_check_configured (self->test_client, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not connected: %s"), error->message);

      set_test_result (self, text);
      return;
    }

  self->testing = TRUE;
  set_test_result (self, _("Testing…"));
  actions_update (self);
  turnout_store_list_programs_async (self->store, self->cancellable, on_test_programs, self);
}

/* Save */

static void
saved (TurnoutPreferencesWindow *self,
       const GError             *error)
{
  self->saving = FALSE;
  actions_update (self);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      adw_action_row_set_subtitle (self->save_row, text);
      return;
    }
  adw_action_row_set_subtitle (self->save_row, _("Saved"));
  if (self->service != NULL)
    turnout_on24_service_reload_account (self->service);
}

static void
on_tokens_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TurnoutPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!turnout_on24_credentials_store_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  saved (self, error);
}

static void
on_settings_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TurnoutPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *base_url = NULL;

  if (!turnout_store_set_settings_finish (TURNOUT_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        saved (self, error);
      return;
    }

  key = row_text (self->key_row);
  secret = row_text (self->secret_row);
  if (*key == '\0' && *secret == '\0')
    {
      /* Nothing typed: leave the keyring alone (the tokens may come from
       * the environment). */
      saved (self, NULL);
      return;
    }

  client_id = row_text (self->client_id_row);
  base_url = row_text (self->base_url_row);
  turnout_on24_credentials_store_async (base_url, client_id, key, secret, self->cancellable, on_tokens_saved, self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TurnoutPreferencesWindow *self = TURNOUT_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) account = NULL;
  g_autofree char *base_url = row_text (self->base_url_row);
  g_autofree char *client_id = row_text (self->client_id_row);

  if (*base_url == '\0')
    {
      g_free (base_url);
      base_url = g_strdup (TURNOUT_ON24_DEFAULT_BASE_URL);
    }

  if (!turnout_on24_check_base_url (base_url, &error) ||
      !turnout_on24_check_client_id (client_id, &error))
    {
      saved (self, error);
      return;
    }

  account = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (account, (gpointer) TURNOUT_ON24_SETTING_BASE_URL, base_url);
  g_hash_table_insert (account, (gpointer) TURNOUT_ON24_SETTING_CLIENT_ID, client_id);
  self->saving = TRUE;
  actions_update (self);
  turnout_store_set_settings_async (self->store, account, self->cancellable, on_settings_saved, self);
}

static void
turnout_preferences_window_dispose (GObject *object)
{
  TurnoutPreferencesWindow *self = TURNOUT_PREFERENCES_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_client);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  g_clear_pointer (&self->test_result, g_free);

  G_OBJECT_CLASS (turnout_preferences_window_parent_class)->dispose (object);
}

static void
turnout_preferences_window_class_init (TurnoutPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  turnout_ensure_resources ();

  object_class->dispose = turnout_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, save_row);

  gtk_widget_class_install_action (widget_class, "prefs.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "prefs.save", NULL, save_action);
}

static void
turnout_preferences_window_init (TurnoutPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

TurnoutPreferencesWindow *
turnout_preferences_window_new (GtkWindow          *parent,
                                TurnoutStore       *store,
                                TurnoutOn24Service *service)
{
  TurnoutPreferencesWindow *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->service = service ? g_object_ref (service) : NULL;
  actions_update (self);
  turnout_store_get_settings_async (store, account_keys, self->cancellable, on_account_loaded, self);
  return self;
}

TurnoutPreferencesWindow *
turnout_preferences_window_present (GtkWindow          *parent,
                                    TurnoutStore       *store,
                                    TurnoutOn24Service *service)
{
  TurnoutPreferencesWindow *self = turnout_preferences_window_new (parent, store, service);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
