/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-preferences-window.c: Preferences, with the ON24 account.
 *
 * Every change applies as it is made; there is no Save. A field applies
 * when it loses focus, on Enter, or once typing pauses, so the keyring is
 * not written at each keystroke. A value that is not valid is shown as an
 * error on its row and not applied; the last valid one stays in force.
 * The base URL and client id go to the settings table (through the
 * store's thread); the access token key and secret go to the keyring
 * only, under the address they are for. The region is the base URL
 * seen as ON24's data center: choosing one writes its address, and a
 * new address shows its own tokens, never the old one's. "Test
 * connection" uses what is typed, applied or not.
 */
#define G_LOG_DOMAIN "turnout-preferences"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "turnout-on24-credentials.h"
#include "turnout-preferences-window.h"
#include "turnout-application.h"
#include "turnout-store-settings.h"

/* How long typing pauses before a field applies. */
#define APPLY_DELAY_MS 800

struct _TurnoutPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *region_row;
  GtkStringList        *regions;            /* its items, by TurnoutOn24Region */
  AdwEntryRow          *base_url_row;
  AdwActionRow         *base_url_error_row;
  AdwEntryRow          *client_id_row;
  AdwActionRow         *client_id_error_row;
  AdwEntryRow          *key_row;
  AdwEntryRow          *secret_row;
  AdwActionRow         *tokens_missing_row;
  AdwActionRow         *env_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;

  TurnoutStore         *store;
  TurnoutOn24Service   *service;
  GCancellable         *cancellable;
  GCancellable         *lookup_cancellable; /* the newest look-up of the tokens */
  TurnoutOn24Client    *test_client;
  char                 *test_result;
  char                 *base_url;           /* as applied */
  char                 *client_id;          /* as applied */
  guint                 apply_id;           /* the pause after typing */
  GHashTable           *applying_settings;  /* the settings being stored */
  char                 *key;                /* the tokens as typed, until stored */
  char                 *secret;
  gboolean              loaded;
  gboolean              filling;            /* the rows are set from what is stored */
  gboolean              tokens_edited;      /* since they were last stored */
  gboolean              tokens_follow;      /* the account moved: store them under it */
  gboolean              keyring_has_tokens;
  gboolean              tokens_looked_up;   /* for the account as applied */
  gboolean              env_tokens;
  gboolean              showing_region;     /* the region row is set from the address */
  gboolean              storing_tokens;     /* rather than clearing them */
  gboolean              applying;
  gboolean              apply_again;
  gboolean              testing;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (TurnoutPreferencesWindow, turnout_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void apply_now (TurnoutPreferencesWindow *self);

static void
actions_update (TurnoutPreferencesWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test", !self->testing);
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

/* Frees a copy of a token, wiped first. */
static void
forget (char *token)
{
  if (token != NULL)
    memset (token, 0, strlen (token));
  g_free (token);
}

typedef char TokenCopy;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TokenCopy, forget)

/* Sets the rows' text without it counting as an edit. */
static void
fill_row (TurnoutPreferencesWindow *self,
          AdwEntryRow              *row,
          const char               *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  self->filling = FALSE;
}

/* @error NULL clears it. The error row sits right below @row. */
static void
show_row_error (AdwEntryRow  *row,
                AdwActionRow *error_row,
                const GError *error)
{
  if (error != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (error_row), error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  gtk_widget_set_visible (GTK_WIDGET (error_row), error != NULL);
}

/* A failure to store what was applied: the rows keep what was typed. */
static void
show_apply_error (TurnoutPreferencesWindow *self,
                  const GError             *error)
{
  g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* The region row follows the address as applied (while it is typed it is
 * not one yet). "Custom" is offered only while the address is another. */
static void
show_region (TurnoutPreferencesWindow *self)
{
  TurnoutOn24Region region = turnout_on24_region_for_url (self->base_url);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->regions));
  gboolean custom = region == TURNOUT_ON24_REGION_CUSTOM;

  self->showing_region = TRUE;
  if (custom && n_items == TURNOUT_ON24_REGION_CUSTOM)
    gtk_string_list_append (self->regions, turnout_on24_region_name (TURNOUT_ON24_REGION_CUSTOM));
  adw_combo_row_set_selected (self->region_row, region);
  if (!custom && n_items > TURNOUT_ON24_REGION_CUSTOM)
    gtk_string_list_remove (self->regions, TURNOUT_ON24_REGION_CUSTOM);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->region_row), custom ? self->base_url : "");
  self->showing_region = FALSE;
}

/* Says so when the keyring has no tokens for the account at its address,
 * as after a change of region. */
static void
show_tokens_missing (TurnoutPreferencesWindow *self)
{
  gboolean missing = self->tokens_looked_up && !self->env_tokens && !self->keyring_has_tokens &&
                     self->client_id != NULL && *self->client_id != '\0';

  if (missing)
    {
      g_autofree char *place = turnout_on24_region_place (self->base_url);
      g_autofree char *title = g_strdup_printf (_("No access tokens stored for %s"), place);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tokens_missing_row), title);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tokens_missing_row), missing);
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
      /* Also when a newer look-up took over. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_apply_error (self, error);
    }
  else if (turnout_on24_credentials_from_env (&env_key, &env_secret))
    {
      /* Not shown: they are not stored anywhere Turnout manages. */
      self->env_tokens = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->env_row), TRUE);
    }
  else
    {
      /* What was typed meanwhile stays. */
      if (!self->tokens_edited)
        {
          fill_row (self, self->key_row, key);
          fill_row (self, self->secret_row, secret);
        }
      self->keyring_has_tokens = (key && *key) || (secret && *secret);
      self->tokens_looked_up = TRUE;
    }
  forget (g_steal_pointer (&key));
  forget (g_steal_pointer (&secret));
  show_tokens_missing (self);

  self->loaded = TRUE;
  /* What was typed while loading. */
  apply_now (self);
}

/* The tokens of the account as applied. Only the newest answer counts:
 * one for an address that is no longer set must never fill the rows. */
static void
look_up_tokens (TurnoutPreferencesWindow *self)
{
  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();
  turnout_on24_credentials_lookup_async (self->base_url, self->client_id, self->lookup_cancellable,
                                         on_tokens_loaded, self);
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
        show_apply_error (self, error);
      return;
    }

  base_url = g_hash_table_lookup (account, TURNOUT_ON24_SETTING_BASE_URL);
  client_id = g_hash_table_lookup (account, TURNOUT_ON24_SETTING_CLIENT_ID);
  self->base_url = g_strdup (base_url ? base_url : TURNOUT_ON24_DEFAULT_BASE_URL);
  self->client_id = g_strdup (client_id ? client_id : "");
  fill_row (self, self->base_url_row, self->base_url);
  fill_row (self, self->client_id_row, self->client_id);
  show_region (self);
  look_up_tokens (self);
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

  if (*url == '\0')
    {
      g_free (url);
      url = g_strdup (TURNOUT_ON24_DEFAULT_BASE_URL);
    }
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

/* Applying
 *
 * One change at a time, in order: the settings, then the tokens under the
 * account as it now is. An edit made meanwhile applies after it. The work
 * holds the window and is not cancelled when it closes, so the last edit
 * is kept; it only skips what would show on a closed window.
 */

static void
apply_done (TurnoutPreferencesWindow *self,
            gboolean                  changed)
{
  self->applying = FALSE;
  if (changed && self->service != NULL)
    turnout_on24_service_reload_account (self->service);
  if (self->apply_again && !self->disposed)
    {
      self->apply_again = FALSE;
      apply_now (self);
    }
}

static void
on_tokens_applied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TurnoutPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean stored = turnout_on24_credentials_store_finish (result, &error);

  if (stored)
    {
      self->keyring_has_tokens = self->storing_tokens;
      if (!self->disposed)
        show_tokens_missing (self);
    }
  else
    {
      /* Tried again with the next change. */
      self->tokens_edited = TRUE;
      if (!self->disposed)
        show_apply_error (self, error);
    }
  apply_done (self, TRUE);
}

/* Stores the typed tokens when they were edited or the account moved;
 * both cleared removes them. One typed without the other is not applied
 * yet, nor are tokens before there is a client id to keep them under. */
static void
apply_tokens (TurnoutPreferencesWindow *self,
              gboolean                  settings_changed)
{
  g_autoptr(TokenCopy) key = g_steal_pointer (&self->key);
  g_autoptr(TokenCopy) secret = g_steal_pointer (&self->secret);
  gboolean typed = *key != '\0' && *secret != '\0';
  gboolean cleared = *key == '\0' && *secret == '\0';

  if (*self->client_id == '\0' ||
      !(typed ? self->tokens_edited || self->tokens_follow
              : cleared && self->tokens_edited && self->keyring_has_tokens))
    {
      apply_done (self, settings_changed);
      return;
    }

  self->tokens_edited = FALSE;
  self->tokens_follow = FALSE;
  self->storing_tokens = typed;
  turnout_on24_credentials_store_async (self->base_url, self->client_id, key, secret, NULL,
                                        on_tokens_applied, g_object_ref (self));
}

static void
on_settings_applied (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TurnoutPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) settings = g_steal_pointer (&self->applying_settings);
  g_autofree char *old_origin = turnout_on24_origin_for_url (self->base_url);
  g_autofree char *new_origin = NULL;
  const char *base_url, *client_id;

  if (!turnout_store_set_settings_finish (TURNOUT_STORE (object), result, &error))
    {
      if (!self->disposed)
        show_apply_error (self, error);
      apply_done (self, FALSE);
      return;
    }

  base_url = g_hash_table_lookup (settings, TURNOUT_ON24_SETTING_BASE_URL);
  client_id = g_hash_table_lookup (settings, TURNOUT_ON24_SETTING_CLIENT_ID);
  if (base_url != NULL)
    {
      g_free (self->base_url);
      self->base_url = g_strdup (base_url);
    }
  if (client_id != NULL)
    {
      g_free (self->client_id);
      self->client_id = g_strdup (client_id);
    }

  new_origin = turnout_on24_origin_for_url (self->base_url);
  if (g_strcmp0 (old_origin, new_origin) != 0)
    {
      /* Tokens are bound to their address: the ones in the rows were for
       * the old one and must never be stored for, or sent to, the new
       * one. The new address shows its own (none: the rows say so). */
      g_clear_pointer (&self->key, forget);
      g_clear_pointer (&self->secret, forget);
      self->tokens_edited = FALSE;
      self->tokens_follow = FALSE;
      self->keyring_has_tokens = FALSE;
      self->tokens_looked_up = FALSE;
      if (!self->disposed)
        {
          fill_row (self, self->key_row, "");
          fill_row (self, self->secret_row, "");
          show_region (self);
          show_tokens_missing (self);
          look_up_tokens (self);
        }
      apply_done (self, TRUE);
      return;
    }

  if (!self->disposed)
    show_tokens_missing (self);
  /* Within one address the tokens are kept under the account: they move
   * with its client id. */
  self->tokens_follow = TRUE;
  apply_tokens (self, TRUE);
}

/* Reads one field: its value when it was changed and is valid, else NULL
 * (an error on its row when it is not valid). An empty field means
 * @empty. */
static char *
changed_value (AdwEntryRow   *row,
               AdwActionRow  *error_row,
               const char    *applied,
               const char    *empty,
               gboolean     (*check) (const char *, GError **))
{
  g_autofree char *text = row_text (row);
  g_autoptr(GError) error = NULL;

  if (*text == '\0' && empty != NULL)
    {
      g_free (text);
      text = g_strdup (empty);
    }

  if (g_strcmp0 (text, applied) == 0)
    {
      show_row_error (row, error_row, NULL);
      return NULL;
    }
  if (!check (text, &error))
    {
      show_row_error (row, error_row, error);
      return NULL;
    }
  show_row_error (row, error_row, NULL);
  return g_steal_pointer (&text);
}

static void
apply_now (TurnoutPreferencesWindow *self)
{
  g_autoptr(GHashTable) settings = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *client_id = NULL;

  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (!self->loaded)
    return;
  if (self->applying)
    {
      self->apply_again = TRUE;
      return;
    }

  /* An empty base URL is ON24's own. */
  base_url = changed_value (self->base_url_row, self->base_url_error_row, self->base_url,
                            TURNOUT_ON24_DEFAULT_BASE_URL, turnout_on24_check_base_url);
  client_id = changed_value (self->client_id_row, self->client_id_error_row, self->client_id,
                             NULL, turnout_on24_check_client_id);

  /* Read now: the window may be gone once the settings are stored. */
  g_clear_pointer (&self->key, forget);
  g_clear_pointer (&self->secret, forget);
  self->key = row_text (self->key_row);
  self->secret = row_text (self->secret_row);
  self->applying = TRUE;
  if (base_url == NULL && client_id == NULL)
    {
      apply_tokens (self, FALSE);
      return;
    }

  settings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  if (base_url != NULL)
    g_hash_table_insert (settings, (gpointer) TURNOUT_ON24_SETTING_BASE_URL, g_steal_pointer (&base_url));
  if (client_id != NULL)
    g_hash_table_insert (settings, (gpointer) TURNOUT_ON24_SETTING_CLIENT_ID, g_steal_pointer (&client_id));
  self->applying_settings = g_hash_table_ref (settings);
  turnout_store_set_settings_async (self->store, settings, NULL, on_settings_applied, g_object_ref (self));
}

static gboolean
apply_timeout (gpointer data)
{
  TurnoutPreferencesWindow *self = data;

  self->apply_id = 0;
  apply_now (self);
  return G_SOURCE_REMOVE;
}

static void
row_changed_cb (GtkEditable              *editable,
                TurnoutPreferencesWindow *self)
{
  if (self->filling)
    return;
  if (editable == GTK_EDITABLE (self->key_row) || editable == GTK_EDITABLE (self->secret_row))
    self->tokens_edited = TRUE;
  g_clear_handle_id (&self->apply_id, g_source_remove);
  self->apply_id = g_timeout_add (APPLY_DELAY_MS, apply_timeout, self);
}

/* A region writes its address at once, as if typed and entered. */
static void
region_selected_cb (TurnoutPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->region_row);

  /* "Custom" is the address under Advanced as it is. */
  if (self->showing_region || selected >= TURNOUT_ON24_REGION_CUSTOM)
    return;
  fill_row (self, self->base_url_row, turnout_on24_region_base_url (selected));
  apply_now (self);
}

static void
row_done_cb (TurnoutPreferencesWindow *self)
{
  /* Nothing to do unless something changed. */
  if (self->apply_id != 0)
    apply_now (self);
}

static void
watch_row (TurnoutPreferencesWindow *self,
           AdwEntryRow              *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (row, "changed", G_CALLBACK (row_changed_cb), self);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (apply_now), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (row_done_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

/* Closing right after typing keeps what was typed. */
static gboolean
close_request (GtkWindow *window)
{
  TurnoutPreferencesWindow *self = TURNOUT_PREFERENCES_WINDOW (window);

  if (self->apply_id != 0)
    apply_now (self);
  return GTK_WINDOW_CLASS (turnout_preferences_window_parent_class)->close_request (window);
}

static void
turnout_preferences_window_dispose (GObject *object)
{
  TurnoutPreferencesWindow *self = TURNOUT_PREFERENCES_WINDOW (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  if (self->lookup_cancellable)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->test_client);

  G_OBJECT_CLASS (turnout_preferences_window_parent_class)->dispose (object);
}

static void
turnout_preferences_window_finalize (GObject *object)
{
  TurnoutPreferencesWindow *self = TURNOUT_PREFERENCES_WINDOW (object);

  /* Kept until here: an apply still running when the window closed
   * needs them. */
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->regions);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  g_clear_pointer (&self->test_result, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->applying_settings, g_hash_table_unref);
  g_clear_pointer (&self->key, forget);
  g_clear_pointer (&self->secret, forget);

  G_OBJECT_CLASS (turnout_preferences_window_parent_class)->finalize (object);
}

static void
turnout_preferences_window_class_init (TurnoutPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  turnout_ensure_resources ();

  object_class->dispose = turnout_preferences_window_dispose;
  object_class->finalize = turnout_preferences_window_finalize;
  window_class->close_request = close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, base_url_error_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, client_id_error_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, tokens_missing_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, env_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutPreferencesWindow, test_spinner);

  gtk_widget_class_install_action (widget_class, "prefs.test", NULL, test_action);
}

static void
turnout_preferences_window_init (TurnoutPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->regions = gtk_string_list_new (NULL);
  for (TurnoutOn24Region r = 0; r < TURNOUT_ON24_REGION_CUSTOM; r++)
    gtk_string_list_append (self->regions, turnout_on24_region_name (r));
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (self->regions));
  g_signal_connect_swapped (self->region_row, "notify::selected", G_CALLBACK (region_selected_cb), self);

  watch_row (self, self->base_url_row);
  watch_row (self, self->client_id_row);
  watch_row (self, self->key_row);
  watch_row (self, self->secret_row);
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
