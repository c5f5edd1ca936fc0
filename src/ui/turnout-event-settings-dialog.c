/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-event-settings-dialog.c: a program's link to its ON24 event,
 * its schedule, its seat limit and its wait list.
 *
 * Fetching asks ON24 for the event and shows its name and schedule; saving
 * stores the event id, the schedule that was fetched for it, the "ON24
 * sends event e-mails" setting (the eventemail opt-in of every push), the
 * seat limit and whether freed seats go to the wait list at once. A
 * program with no event id has no schedule from ON24: its start, end and
 * time zone are typed here instead. Times are shown and typed on the
 * clocks of the program's time zone, and stored as UTC.
 */
#define G_LOG_DOMAIN "turnout-event-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-event-settings-dialog.h"
#include "turnout-application.h"
#include "turnout-dates.h"
#include "turnout-store-settings.h"

struct _TurnoutEventSettingsDialog
{
  AdwWindow            parent_instance;

  AdwEntryRow         *event_id_row;
  AdwActionRow        *name_row;
  AdwPreferencesGroup *schedule_group;
  AdwActionRow        *schedule_row;
  AdwEntryRow         *start_row;
  AdwEntryRow         *end_row;
  AdwActionRow        *zone_row;
  GtkDropDown         *zone_dropdown;
  GtkStringList       *zones;
  GtkSwitch           *email_switch;
  GtkSwitch           *limit_switch;
  AdwActionRow        *capacity_row;
  GtkSpinButton       *capacity_spin;
  GtkSwitch           *promote_switch;

  TurnoutStore        *store;
  TurnoutOn24Service  *service;
  GCancellable        *cancellable;
  gint64               program_id;
  TurnoutProgram      *program;
  TurnoutFeedEvent    *event;      /* the last one fetched */
  char                *status;
  gboolean             busy;
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

static void
show_schedule (TurnoutEventSettingsDialog *self,
               const char                 *start,
               const char                 *end,
               const char                 *time_zone)
{
  g_autofree char *text = turnout_format_schedule (start, end, time_zone);

  adw_action_row_set_subtitle (self->schedule_row, text);
}

static const char *
selected_zone (TurnoutEventSettingsDialog *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->zone_dropdown);

  return item ? gtk_string_object_get_string (item) : NULL;
}

/* Adds @zone to the list when it is not there yet (an alias such as
 * "US/Eastern" is in no zone1970.tab). */
static void
select_zone (TurnoutEventSettingsDialog *self,
             const char                 *zone)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->zones));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->zones, i), zone) == 0)
      {
        gtk_drop_down_set_selected (self->zone_dropdown, i);
        return;
      }
  gtk_string_list_append (self->zones, zone);
  gtk_drop_down_set_selected (self->zone_dropdown, n);
}

static gboolean
is_linked (TurnoutEventSettingsDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->event_id_row))));

  return *text != '\0';
}

/* The typed schedule as the store keeps it (UTC, or NULL when a row is
 * empty). Returns: an error worded for a person, with @bad_row the row
 * to fix, or NULL when the schedule can be saved. */
static char *
read_schedule (TurnoutEventSettingsDialog  *self,
               char                       **live_start,
               char                       **live_end,
               GtkWidget                  **bad_row)
{
  g_autoptr(GTimeZone) zone = turnout_dates_time_zone (selected_zone (self));
  g_autofree char *start_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->start_row))));
  g_autofree char *end_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->end_row))));
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_local ();

  *live_start = *live_end = NULL;
  *bad_row = NULL;
  if (*start_text != '\0' && (start = turnout_dates_parse_wall_time (start_text, zone)) == NULL)
    {
      *bad_row = GTK_WIDGET (self->start_row);
      /* Translators: keep the example's form, it is the one Turnout reads */
      return g_strdup_printf (_("The start “%s” is not a date and time such as 2026-11-20 15:00"), start_text);
    }
  if (*end_text != '\0' && (end = turnout_dates_parse_wall_time (end_text, zone)) == NULL)
    {
      *bad_row = GTK_WIDGET (self->end_row);
      /* Translators: keep the example's form, it is the one Turnout reads */
      return g_strdup_printf (_("The end “%s” is not a date and time such as 2026-11-20 16:00"), end_text);
    }
  if (end != NULL && start == NULL)
    {
      *bad_row = GTK_WIDGET (self->start_row);
      return g_strdup (_("Enter when the event starts, or leave its end empty too"));
    }
  if (end != NULL && g_date_time_compare (end, start) < 0)
    {
      g_autofree char *from = turnout_format_time_in (g_date_time_to_unix (start), zone);
      g_autofree char *to = turnout_format_time_in (g_date_time_to_unix (end), zone);

      *bad_row = GTK_WIDGET (self->end_row);
      return g_strdup_printf (_("The end, %s, is before the start, %s"), to, from);
    }

  *live_start = start ? turnout_dates_to_iso8601 (start) : NULL;
  *live_end = end ? turnout_dates_to_iso8601 (end) : NULL;
  return NULL;
}

static void
mark_bad_row (TurnoutEventSettingsDialog *self,
              GtkWidget                  *bad_row)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->start_row), GTK_WIDGET (self->end_row) };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] == bad_row)
      gtk_widget_add_css_class (rows[i], "error");
    else
      gtk_widget_remove_css_class (rows[i], "error");
}

/* A linked program's schedule is ON24's, shown as fetched (or as last
 * saved); an unlinked one's is typed, and shown as it will be saved, or
 * what is wrong with it. */
static void
update_schedule (TurnoutEventSettingsDialog *self)
{
  gboolean linked = is_linked (self);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *problem = NULL;
  GtkWidget *bad_row = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->start_row), !linked);
  gtk_widget_set_visible (GTK_WIDGET (self->end_row), !linked);
  gtk_widget_set_visible (GTK_WIDGET (self->zone_row), !linked);
  adw_preferences_group_set_description (self->schedule_group,
                                         linked ? _("Set on the ON24 event; Fetch reads it again.")
                                                : _("Type times as 2026-11-20 15:00, on the clocks of the time zone."));
  if (linked)
    {
      mark_bad_row (self, NULL);
      if (self->event != NULL)
        show_schedule (self, self->event->livestart, self->event->liveend, self->event->displaytimezonecd);
      else if (self->program != NULL)
        show_schedule (self, self->program->live_start, self->program->live_end, self->program->time_zone);
      return;
    }

  problem = read_schedule (self, &start, &end, &bad_row);
  mark_bad_row (self, bad_row);
  if (problem != NULL)
    adw_action_row_set_subtitle (self->schedule_row, problem);
  else
    show_schedule (self, start, end, selected_zone (self));
}

static void
schedule_changed_cb (TurnoutEventSettingsDialog *self)
{
  /* The rows are filled before the program is there to compare with. */
  if (self->program != NULL)
    update_schedule (self);
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
  update_schedule (self);
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

static void
event_id_activated_cb (TurnoutEventSettingsDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "event.fetch", NULL);
}

/* Enter in a schedule row saves, as the Save button does. */
static void
schedule_activated_cb (TurnoutEventSettingsDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "event.save", NULL);
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
  if (event_id == 0)
    {
      GtkWidget *bad_row = NULL;
      g_autofree char *problem = NULL;

      g_clear_pointer (&program->live_start, g_free);
      g_clear_pointer (&program->live_end, g_free);
      problem = read_schedule (self, &program->live_start, &program->live_end, &bad_row);
      if (problem != NULL)
        {
          adw_action_row_set_subtitle (self->schedule_row, problem);
          mark_bad_row (self, bad_row);
          gtk_widget_grab_focus (bad_row);
          return;
        }
      /* The zone picked for no schedule at all is only the local one. */
      if (program->live_start != NULL || (program->time_zone && *program->time_zone))
        {
          g_free (program->time_zone);
          program->time_zone = g_strdup (selected_zone (self));
        }
    }
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

/* The rows show the saved schedule in its own zone; with no zone (or one
 * this system does not know) in the local one, which is then picked. */
static void
fill_schedule (TurnoutEventSettingsDialog *self,
               const TurnoutProgram       *program)
{
  g_autoptr(GTimeZone) zone = turnout_dates_time_zone (program->time_zone);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (zone != NULL)
    select_zone (self, program->time_zone);
  else
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GTimeZone) known = turnout_dates_time_zone (g_time_zone_get_identifier (local));

      select_zone (self, known ? g_time_zone_get_identifier (local) : "UTC");
      zone = g_time_zone_ref (known ? known : local);
    }
  start = turnout_dates_format_wall_time (program->live_start, zone);
  end = turnout_dates_format_wall_time (program->live_end, zone);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), end);
}

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

  fill_schedule (self, program);
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
  update_schedule (self);
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
  g_clear_object (&self->zones);

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
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, zone_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, zone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, email_switch);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, limit_switch);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, TurnoutEventSettingsDialog, promote_switch);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_id_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_activated_cb);

  gtk_widget_class_install_action (widget_class, "event.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "event.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
turnout_event_settings_dialog_init (TurnoutEventSettingsDialog *self)
{
  g_auto(GStrv) zones = turnout_dates_list_time_zones ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->zones = gtk_string_list_new ((const char * const *) zones);
  gtk_drop_down_set_model (self->zone_dropdown, G_LIST_MODEL (self->zones));
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
