/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-event-settings-dialog.c: a program's link to its ON24 event,
 * its seat limit and its wait list.
 *
 * Fetching asks ON24 for the event and shows its name and schedule; saving
 * stores the event id, the schedule that was fetched for it, the "ON24
 * sends event e-mails" setting (the eventemail opt-in of every push), the
 * seat limit and whether freed seats go to the wait list at once.
 */
#define G_LOG_DOMAIN "turnout-event-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-event-settings-dialog.h"
#include "turnout-application.h"
#include "turnout-store-settings.h"

struct _TurnoutEventSettingsDialog
{
  AdwWindow           parent_instance;

  AdwEntryRow        *event_id_row;
  AdwActionRow       *name_row;
  AdwActionRow       *schedule_row;
  GtkSwitch          *email_switch;
  GtkSwitch          *limit_switch;
  AdwActionRow       *capacity_row;
  GtkSpinButton      *capacity_spin;
  GtkSwitch          *promote_switch;

  TurnoutStore       *store;
  TurnoutOn24Service *service;
  GCancellable       *cancellable;
  gint64              program_id;
  TurnoutProgram     *program;
  TurnoutFeedEvent   *event;      /* the last one fetched */
  char               *status;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (TurnoutEventSettingsDialog, turnout_event_settings_dialog, ADW_TYPE_WINDOW)

static void
actions_update (TurnoutEventSettingsDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "event.fetch", !self->busy && self->program != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "event.save", !self->busy && self->program != NULL);
}

static void
set_status (TurnoutEventSettingsDialog *self,
            const char                 *text)
{
  g_free (self->status);
  self->status = g_strdup (text);
  adw_action_row_set_subtitle (self->name_row, text);
}

const char *
turnout_event_settings_dialog_get_status (TurnoutEventSettingsDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_EVENT_SETTINGS_DIALOG (self), NULL);
  return self->status;
}

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) dt = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = dt ? g_date_time_to_local (dt) : NULL;

  return local ? g_date_time_format (local, "%x %H:%M") : g_strdup (_("not set"));
}

static void
show_schedule (TurnoutEventSettingsDialog *self,
               const char                 *start,
               const char                 *end,
               const char                 *time_zone)
{
  g_autofree char *from = format_when (start);
  g_autofree char *to = format_when (end);
  g_autofree char *text = NULL;

  if (time_zone && *time_zone)
    text = g_strdup_printf (_("%s – %s (%s)"), from, to, time_zone);
  else
    text = g_strdup_printf (_("%s – %s"), from, to);
  adw_action_row_set_subtitle (self->schedule_row, text);
}

static gboolean
parse_event_id (TurnoutEventSettingsDialog *self,
                gint64                     *event_id)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->event_id_row))));
  char *end = NULL;

  if (*text == '\0')
    {
      *event_id = 0;
      return TRUE;
    }
  *event_id = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || *event_id <= 0)
    {
      set_status (self, _("The ON24 event id is a number, such as 311512"));
      return FALSE;
    }
  return TRUE;
}

/* Fetch */

static void
on_event (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TurnoutEventSettingsDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  TurnoutFeedEvent *event = turnout_on24_client_get_event_finish (TURNOUT_ON24_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  actions_update (self);
  if (event == NULL)
    {
      set_status (self, error->message);
      return;
    }

  g_clear_pointer (&self->event, turnout_feed_event_free);
  self->event = event;
  set_status (self, event->eventname ? event->eventname : _("(no name)"));
  show_schedule (self, event->livestart, event->liveend, event->displaytimezonecd);
}

static void
fetch_with (TurnoutEventSettingsDialog *self,
            TurnoutOn24Client          *client)
{
  gint64 event_id = 0;
  gboolean valid = parse_event_id (self, &event_id);

  if (!valid || event_id == 0)
    {
      if (valid)
        set_status (self, _("Enter the ON24 event id first"));
      self->busy = FALSE;
      actions_update (self);
      return;
    }
  turnout_on24_client_get_event_async (client, event_id, self->cancellable, on_event, self);
}

static void
on_account (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TurnoutEventSettingsDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutOn24Client) client = turnout_on24_account_client_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (client == NULL)
    {
      self->busy = FALSE;
      actions_update (self);
      set_status (self, error->message);
      return;
    }
  fetch_with (self, client);
}

static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TurnoutEventSettingsDialog *self = TURNOUT_EVENT_SETTINGS_DIALOG (widget);
  TurnoutOn24Client *client = self->service ? turnout_on24_service_get_client (self->service) : NULL;

  self->busy = TRUE;
  actions_update (self);
  set_status (self, _("Asking ON24…"));
  if (client != NULL)
    fetch_with (self, client);
  else
    turnout_on24_account_client_async (self->store, self->cancellable, on_account, self);
}

/* Save */

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TurnoutEventSettingsDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!turnout_store_save_program_settings_finish (TURNOUT_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      actions_update (self);
      set_status (self, error->message);
      return;
    }

  if (self->service != NULL)
    turnout_on24_service_push_now (self->service);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TurnoutEventSettingsDialog *self = TURNOUT_EVENT_SETTINGS_DIALOG (widget);
  g_autoptr(TurnoutProgram) program = NULL;
  gint64 event_id;

  if (!parse_event_id (self, &event_id))
    return;

  program = turnout_program_copy (self->program);
  program->on24_event_id = event_id;
  program->on24_event_email = gtk_switch_get_active (self->email_switch);
  program->capacity = gtk_switch_get_active (self->limit_switch)
                      ? gtk_spin_button_get_value_as_int (self->capacity_spin) : -1;
  program->auto_promote = gtk_switch_get_active (self->promote_switch);
  if (self->event != NULL && self->event->eventid == event_id &&
      self->event->livestart != NULL && self->event->liveend != NULL)
    {
      g_free (program->live_start);
      g_free (program->live_end);
      program->live_start = g_strdup (self->event->livestart);
      program->live_end = g_strdup (self->event->liveend);
      if (self->event->displaytimezonecd && *self->event->displaytimezonecd)
        {
          g_free (program->time_zone);
          program->time_zone = g_strdup (self->event->displaytimezonecd);
        }
    }

  self->busy = TRUE;
  actions_update (self);
  turnout_store_save_program_settings_async (self->store, program, self->cancellable, on_saved, self);
}

/* Loading */

static void
on_program (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TurnoutEventSettingsDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  TurnoutProgram *program = turnout_store_get_program_settings_finish (TURNOUT_STORE (object), result, &error);

  if (program == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message);
      return;
    }

  self->program = program;
  if (program->on24_event_id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, program->on24_event_id);

      gtk_editable_set_text (GTK_EDITABLE (self->event_id_row), id);
      set_status (self, _("Not fetched yet"));
    }
  else
    set_status (self, _("Not linked to an ON24 event"));
  gtk_switch_set_active (self->email_switch, program->on24_event_email);
  gtk_switch_set_active (self->limit_switch, program->capacity >= 0);
  if (program->capacity >= 0)
    gtk_spin_button_set_value (self->capacity_spin, program->capacity);
  gtk_switch_set_active (self->promote_switch, program->auto_promote);
  show_schedule (self, program->live_start, program->live_end, program->time_zone);
  actions_update (self);
}

static void
turnout_event_settings_dialog_dispose (GObject *object)
{
  TurnoutEventSettingsDialog *self = TURNOUT_EVENT_SETTINGS_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  g_clear_pointer (&self->program, turnout_program_free);
  g_clear_pointer (&self->event, turnout_feed_event_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (turnout_event_settings_dialog_parent_class)->dispose (object);
}

static void
turnout_event_settings_dialog_class_init (TurnoutEventSettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  turnout_ensure_resources ();

  object_class->dispose = turnout_event_settings_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-event-settings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, event_id_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, email_switch);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, limit_switch);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, promote_switch);

  gtk_widget_class_install_action (widget_class, "event.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "event.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
turnout_event_settings_dialog_init (TurnoutEventSettingsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

TurnoutEventSettingsDialog *
turnout_event_settings_dialog_new (GtkWindow          *parent,
                                   TurnoutStore       *store,
                                   TurnoutOn24Service *service,
                                   gint64              program_id)
{
  TurnoutEventSettingsDialog *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_EVENT_SETTINGS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->service = service ? g_object_ref (service) : NULL;
  self->program_id = program_id;
  actions_update (self);

  turnout_store_get_program_settings_async (store, program_id, self->cancellable, on_program, self);
  return self;
}

TurnoutEventSettingsDialog *
turnout_event_settings_dialog_present (GtkWindow          *parent,
                                       TurnoutStore       *store,
                                       TurnoutOn24Service *service,
                                       gint64              program_id)
{
  TurnoutEventSettingsDialog *self = turnout_event_settings_dialog_new (parent, store, service, program_id);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}
