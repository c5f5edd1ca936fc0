/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-application.c: the application, its store and its windows.
 *
 * The database path comes from --db, then TURNOUT_DB, then the user data
 * directory. The store is opened once, on its own thread; windows are
 * handed the store and ask it for everything they show.
 */
#define G_LOG_DOMAIN "turnout-application"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-resources.h"
#include "turnout-preferences-window.h"
#include "turnout-window.h"

struct _TurnoutApplication
{
  AdwApplication  parent_instance;
  char           *db_path;
  TurnoutStore   *store;
  TurnoutOn24Service *on24;
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

TurnoutStore *
turnout_application_get_store (TurnoutApplication *self)
{
  g_return_val_if_fail (TURNOUT_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    {
      const char *env = g_getenv ("TURNOUT_DB");

      self->store = turnout_store_new (self->db_path ? self->db_path : (env && *env ? env : NULL));
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
turnout_application_activate (GApplication *app)
{
  TurnoutApplication *self = TURNOUT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (turnout_window_new (self, turnout_application_get_store (self)));
      /* After the window queued the store's opening, so the service's
       * first queries run on an open database. */
      turnout_on24_service_start (turnout_application_get_on24_service (self));
    }

  gtk_window_present (window);
}

static void
turnout_application_shutdown (GApplication *app)
{
  TurnoutApplication *self = TURNOUT_APPLICATION (app);

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
  g_clear_pointer (&self->db_path, g_free);

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

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
turnout_application_init (TurnoutApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database file instead of the default"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
