/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-application.c: the application, its store and its windows.
 *
 * The database comes from --db, then TURNOUT_DB, then the team database
 * last opened (the team-database setting, its password from the keyring),
 * then the file in the user data directory. The store is opened on its
 * own thread and kept until the app ends or switches to another database
 * (Open Team Database, Use Local Database); windows are handed the store
 * and ask it for everything they show.
 */
#define G_LOG_DOMAIN "turnout-application"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-resources.h"
#include "turnout-preferences-window.h"
#include "turnout-team-credentials.h"
#include "turnout-team-dialog.h"
#include "turnout-window.h"

struct _TurnoutApplication
{
  AdwApplication      parent_instance;
  char               *db_path;    /* --db */
  /* The database the store is on (NULL: the default file) and a team
   * database's password; chosen once, then by each switch. */
  gboolean            chosen;
  char               *location;
  char               *password;
  gboolean            looking_up; /* the password, before the first window */
  TurnoutStore       *store;
  TurnoutOn24Service *on24;
  GSettings          *settings;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (TurnoutApplication, turnout_application, ADW_TYPE_APPLICATION)

/* The UI's resources live in the static library; register them once,
 * before any template is loaded (widgets call this from class_init). */
void
turnout_ensure_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      turnout_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

TurnoutApplication *
turnout_application_new (void)
{
  return g_object_new (TURNOUT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/turnoutapp/Turnout",
                       NULL);
}

GSettings *
turnout_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running from a build tree without compiled schemas must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed; settings are not kept", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

GSettings *
turnout_application_get_settings (TurnoutApplication *self)
{
  g_return_val_if_fail (TURNOUT_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* The database named for this run: --db, then TURNOUT_DB; NULL when
 * neither is given. */
static const char *
given_location (TurnoutApplication *self)
{
  const char *env = g_getenv ("TURNOUT_DB");

  if (self->db_path != NULL)
    return self->db_path;
  return env != NULL && *env != '\0' ? env : NULL;
}

/* The team database last opened, when nothing else is named. */
static char *
remembered_team_location (TurnoutApplication *self)
{
  g_autofree char *uri = NULL;

  if (given_location (self) != NULL || self->settings == NULL)
    return NULL;
  uri = g_settings_get_string (self->settings, "team-database");
  return turnout_db_is_team_location (uri) ? g_steal_pointer (&uri) : NULL;
}

/* Where Use Local Database goes: the file named for this run, or the
 * default one. */
static const char *
local_location (TurnoutApplication *self)
{
  const char *given = given_location (self);

  return given != NULL && !turnout_db_is_team_location (given) ? given : NULL;
}

static void
actions_update (TurnoutApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "use-local-database");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), turnout_db_is_team_location (self->location));
}

static void
choose_location (TurnoutApplication *self)
{
  if (self->chosen)
    return;
  self->chosen = TRUE;
  self->location = remembered_team_location (self);
  if (self->location == NULL)
    self->location = g_strdup (given_location (self));
  actions_update (self);
}

TurnoutStore *
turnout_application_get_store (TurnoutApplication *self)
{
  g_return_val_if_fail (TURNOUT_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    {
      choose_location (self);
      self->store = turnout_store_new (self->location);
      turnout_store_set_password (self->store, self->password);
    }

  return self->store;
}

/* ON24 for the running app: the background registration sender and the
 * automatic refresh after events end. Windows connect to its signals. */
TurnoutOn24Service *
turnout_application_get_on24_service (TurnoutApplication *self)
{
  g_return_val_if_fail (TURNOUT_IS_APPLICATION (self), NULL);

  if (self->on24 == NULL)
    self->on24 = turnout_on24_service_new (turnout_application_get_store (self));

  return self->on24;
}

static int
turnout_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  TurnoutApplication *self = TURNOUT_APPLICATION (app);
  const char *path = NULL;

  /* A G_OPTION_ARG_FILENAME option arrives as a bytestring, not a string. */
  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    self->db_path = g_strdup (path);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("turnout %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
open_window (TurnoutApplication *self)
{
  GtkWindow *window = GTK_WINDOW (turnout_window_new (self, turnout_application_get_store (self)));

  /* After the window queued the store's opening, so the service's
   * first queries run on an open database. */
  turnout_on24_service_start (turnout_application_get_on24_service (self));
  gtk_window_present (window);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TurnoutApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = turnout_team_credentials_lookup_finish (result, &error);

  g_application_release (G_APPLICATION (self));
  self->looking_up = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without one, libpq may still find the password in ~/.pgpass; if
   * not, the window says it cannot connect, and Open Team Database asks. */
  if (error != NULL)
    g_message ("%s", error->message);
  g_free (self->password);
  self->password = password;
  open_window (self);
}

static void
turnout_application_activate (GApplication *app)
{
  TurnoutApplication *self = TURNOUT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* The team database last opened needs its password from the keyring
   * first; the app stays up (hold) until it is there. */
  if (!self->chosen)
    {
      choose_location (self);
      if (turnout_db_is_team_location (self->location) && given_location (self) == NULL)
        {
          self->looking_up = TRUE;
          g_application_hold (app);
          turnout_team_credentials_lookup_async (self->location, self->cancellable,
                                                 password_cb, g_object_ref (self));
          return;
        }
    }
  if (!self->looking_up)
    open_window (self);
}

/* Every window of the app and every dialog over one: each closes as the
 * user would close it, cancelling what it has in flight. */
static void
close_windows (TurnoutApplication *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWindow *root = window;

      while (gtk_window_get_transient_for (root) != NULL)
        root = gtk_window_get_transient_for (root);
      if (gtk_window_get_application (root) == GTK_APPLICATION (self))
        /* Dialogs first: the list has them after their windows. */
        g_ptr_array_insert (windows, 0, g_object_ref (window));
    }
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

void
turnout_application_switch_database (TurnoutApplication *self,
                                     const char         *path,
                                     const char         *password)
{
  g_autofree char *location = g_strdup (path);
  g_autofree char *secret = g_strdup (password);

  g_return_if_fail (TURNOUT_IS_APPLICATION (self));

  /* No window for a moment: the app must not end there. */
  g_application_hold (G_APPLICATION (self));
  close_windows (self);
  if (self->on24 != NULL)
    turnout_on24_service_stop (self->on24);
  g_clear_object (&self->on24);
  /* The store finishes what is queued and closes its database. */
  g_clear_object (&self->store);

  self->chosen = TRUE;
  g_free (self->location);
  self->location = g_steal_pointer (&location);
  g_free (self->password);
  self->password = g_steal_pointer (&secret);
  actions_update (self);

  open_window (self);
  g_application_release (G_APPLICATION (self));
}

static void
turnout_application_shutdown (GApplication *app)
{
  TurnoutApplication *self = TURNOUT_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->on24 != NULL)
    turnout_on24_service_stop (self->on24);

  G_APPLICATION_CLASS (turnout_application_parent_class)->shutdown (app);
}

static void
turnout_application_finalize (GObject *object)
{
  TurnoutApplication *self = (TurnoutApplication *) object;

  g_clear_object (&self->on24);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->password, g_free);

  G_OBJECT_CLASS (turnout_application_parent_class)->finalize (object);
}

static void
turnout_application_class_init (TurnoutApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  turnout_ensure_resources ();

  object_class->finalize = turnout_application_finalize;
  app_class->activate = turnout_application_activate;
  app_class->shutdown = turnout_application_shutdown;
  app_class->handle_local_options = turnout_application_handle_local_options;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TurnoutApplication *self = user_data;
  static const char *developers[] = { "The Turnout developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Turnout"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Turnout developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Webinar registrations, statuses and attendance, with ON24"),
                         "website", "https://github.com/turnoutapp/turnout",
                         "issue-url", "https://github.com/turnoutapp/turnout/issues",
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TurnoutApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it cancel what it has in flight. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TurnoutApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  turnout_preferences_window_present (window, turnout_application_get_store (self),
                                      turnout_application_get_on24_service (self));
}

static void
open_team_database_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TurnoutApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  turnout_team_dialog_present (window, self);
}

static void
forget_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!turnout_team_credentials_store_finish (result, &error))
    g_message ("%s", error->message);
}

static void
use_local_database_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TurnoutApplication *self = user_data;

  /* The next start opens the local file too. The team database's
   * password leaves the keyring with it: a secret kept for a database no
   * longer used is a risk for nothing, and Open Team Database asks for it
   * again. (Cancelled by nothing: it must not stop with the window.) */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "team-database", "");
  turnout_team_credentials_store_async (self->location, NULL, NULL, forget_password_cb, NULL);
  turnout_application_switch_database (self, local_location (self), NULL);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
  { "open-team-database", open_team_database_action },
  { "use-local-database", use_local_database_action },
};

static void
turnout_application_init (TurnoutApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database file, or team database (postgresql://…), instead of the default"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  self->settings = turnout_settings_new ();
  self->cancellable = g_cancellable_new ();
  actions_update (self);
}
