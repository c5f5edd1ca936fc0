/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-rules-dialog.c: the program's trigger rules, edited.
 *
 * Lists the rules ("When a member becomes X, ..."), each with a switch to
 * turn it off and a button to remove it, and adds new ones. The store
 * checks every rule; its error is shown as is.
 */
#define G_LOG_DOMAIN "turnout-rules-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-application.h"
#include "turnout-rules-dialog.h"
#include "turnout-clip-bin.h"
#include "turnout-store-rules.h"

struct _TurnoutRulesDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *rules_group;
  AdwComboRow         *on_status_row;
  AdwComboRow         *action_row;
  AdwComboRow         *to_status_row;
  AdwEntryRow         *message_row;
  GtkLabel            *add_hint;

  TurnoutStore        *store;
  gint64               program_id;
  TurnoutChannel      *channel;
  GCancellable        *cancellable;
  GPtrArray           *rows;
  GPtrArray           *status_keys;   /* the combo rows' order */
  guint                n_rules;
  guint                busy;
};

G_DEFINE_FINAL_TYPE (TurnoutRulesDialog, turnout_rules_dialog, ADW_TYPE_WINDOW)

static void reload (TurnoutRulesDialog *self);

/* What the New Rule form still lacks, or NULL when it can be added. A
 * new rule has no action until one is chosen: a rule that fires on every
 * change of its status must never be made by accident. */
static const char *
missing_choice (TurnoutRulesDialog *self)
{
  guint action = adw_combo_row_get_selected (self->action_row);

  if (action == GTK_INVALID_LIST_POSITION)
    return _("Choose what the rule does to add it");
  if (action == TURNOUT_RULE_CHANGE_STATUS &&
      adw_combo_row_get_selected (self->to_status_row) == GTK_INVALID_LIST_POSITION)
    return _("Choose the status the rule changes to");
  return NULL;
}

static void
actions_update (TurnoutRulesDialog *self)
{
  gboolean idle = self->busy == 0;
  const char *missing = missing_choice (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.add", idle && missing == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rules.remove", idle);
  gtk_widget_set_visible (GTK_WIDGET (self->to_status_row),
                          adw_combo_row_get_selected (self->action_row) == TURNOUT_RULE_CHANGE_STATUS);
  gtk_label_set_text (self->add_hint, missing ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_hint), missing != NULL);
}

static void
show_error (TurnoutRulesDialog *self,
            const GError       *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
enabled_cb (GtkSwitch          *sw,
            GParamSpec         *pspec,
            TurnoutRulesDialog *self);

/* Every change to the rules answers with the rules after it. */
static void
show_rules (TurnoutRulesDialog *self,
            GPtrArray          *rules,
            const GError       *error)
{
  self->busy--;
  if (rules == NULL)
    {
      show_error (self, error);
      actions_update (self);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->rules_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < rules->len; i++)
    {
      TurnoutRule *rule = g_ptr_array_index (rules, i);
      g_autofree char *text = turnout_rule_describe (rule, self->channel);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (rule->message && *rule->message)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rule->message);

      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (sw), rule->enabled);
      gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rule on"), -1);
      g_object_set_data_full (G_OBJECT (sw), "rule-id", g_memdup2 (&rule->id, sizeof (gint64)), g_free);
      g_signal_connect (sw, "notify::active", G_CALLBACK (enabled_cb), self);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Rule"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "rules.remove");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (rule->id));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (rules->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No rules yet"));
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rows, row);
    }

  self->n_rules = rules->len;
  actions_update (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutRulesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = turnout_store_list_rules_finish (TURNOUT_STORE (object), result, &error);

  show_rules (self, rules, error);
}

static void
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(TurnoutRulesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = turnout_store_add_rule_finish (TURNOUT_STORE (object), result, &error);

  show_rules (self, rules, error);
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TurnoutRulesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = turnout_store_remove_rule_finish (TURNOUT_STORE (object), result, &error);

  show_rules (self, rules, error);
}

static void
set_enabled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TurnoutRulesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = turnout_store_set_rule_enabled_finish (TURNOUT_STORE (object), result, &error);

  show_rules (self, rules, error);
}

static void
started (TurnoutRulesDialog *self)
{
  self->busy++;
  actions_update (self);
}

static void
reload (TurnoutRulesDialog *self)
{
  turnout_store_list_rules_async (self->store, self->program_id, self->cancellable, list_cb, g_object_ref (self));
  started (self);
}

static void
enabled_cb (GtkSwitch          *sw,
            GParamSpec         *pspec,
            TurnoutRulesDialog *self)
{
  gint64 rule_id = *(gint64 *) g_object_get_data (G_OBJECT (sw), "rule-id");

  turnout_store_set_rule_enabled_async (self->store, self->program_id, rule_id, gtk_switch_get_active (sw),
                                        self->cancellable, set_enabled_cb, g_object_ref (self));
  started (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TurnoutRulesDialog *self = TURNOUT_RULES_DIALOG (widget);
  guint on = adw_combo_row_get_selected (self->on_status_row);
  guint to = adw_combo_row_get_selected (self->to_status_row);
  TurnoutRuleAction action = adw_combo_row_get_selected (self->action_row);
  g_autofree char *message = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_row)));

  g_return_if_fail (missing_choice (self) == NULL);

  /* The next rule starts from nothing chosen again. */
  gtk_editable_set_text (GTK_EDITABLE (self->message_row), "");
  adw_combo_row_set_selected (self->action_row, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (self->to_status_row, GTK_INVALID_LIST_POSITION);
  turnout_store_add_rule_async (self->store, self->program_id, g_ptr_array_index (self->status_keys, on), action,
                                action == TURNOUT_RULE_CHANGE_STATUS ? g_ptr_array_index (self->status_keys, to)
                                                                     : NULL,
                                message, self->cancellable, add_cb, g_object_ref (self));
  started (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutRulesDialog *self = TURNOUT_RULES_DIALOG (widget);

  turnout_store_remove_rule_async (self->store, self->program_id, g_variant_get_int64 (parameter),
                                   self->cancellable, remove_cb, g_object_ref (self));
  started (self);
}

static guint
status_index (TurnoutRulesDialog *self,
              const char         *key)
{
  for (guint i = 0; key && i < self->status_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->status_keys, i), key))
      return i;
  return 0;
}

/* Fills in the New Rule form, as a person would; @to_status NULL leaves it
 * unchosen. */
void
turnout_rules_dialog_set_new_rule (TurnoutRulesDialog *self,
                                   const char         *on_status,
                                   TurnoutRuleAction   action,
                                   const char         *to_status,
                                   const char         *message)
{
  g_return_if_fail (TURNOUT_IS_RULES_DIALOG (self));

  adw_combo_row_set_selected (self->on_status_row, status_index (self, on_status));
  adw_combo_row_set_selected (self->action_row, action);
  adw_combo_row_set_selected (self->to_status_row, to_status ? status_index (self, to_status)
                                                             : GTK_INVALID_LIST_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (self->message_row), message ? message : "");
}

guint
turnout_rules_dialog_get_n_rules (TurnoutRulesDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_RULES_DIALOG (self), 0);
  return self->n_rules;
}

gboolean
turnout_rules_dialog_get_busy (TurnoutRulesDialog *self)
{
  g_return_val_if_fail (TURNOUT_IS_RULES_DIALOG (self), FALSE);
  return self->busy > 0;
}

static void
action_selected_cb (AdwComboRow        *row,
                    GParamSpec         *pspec,
                    TurnoutRulesDialog *self)
{
  actions_update (self);
}

static void
turnout_rules_dialog_dispose (GObject *object)
{
  TurnoutRulesDialog *self = TURNOUT_RULES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_RULES_DIALOG);

  G_OBJECT_CLASS (turnout_rules_dialog_parent_class)->dispose (object);
}

static void
turnout_rules_dialog_finalize (GObject *object)
{
  TurnoutRulesDialog *self = TURNOUT_RULES_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->channel, turnout_channel_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->status_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (turnout_rules_dialog_parent_class)->finalize (object);
}

static void
turnout_rules_dialog_class_init (TurnoutRulesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_rules_dialog_dispose;
  object_class->finalize = turnout_rules_dialog_finalize;

  turnout_ensure_resources ();
  g_type_ensure (TURNOUT_TYPE_CLIP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-rules-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, rules_group);
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, on_status_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, action_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, to_status_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, TurnoutRulesDialog, add_hint);

  gtk_widget_class_install_action (widget_class, "rules.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "rules.remove", "x", remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
turnout_rules_dialog_init (TurnoutRulesDialog *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) actions = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->status_keys = g_ptr_array_new_with_free_func (g_free);
  self->channel = turnout_channel_get_webinar ();

  for (guint i = 0; i < turnout_channel_get_n_statuses (self->channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (self->channel, i);

      g_ptr_array_add (self->status_keys, g_strdup (status->key));
      gtk_string_list_append (statuses, turnout_status_get_display_name (status));
    }
  for (guint a = TURNOUT_RULE_NOTIFY; a <= TURNOUT_RULE_CHANGE_STATUS; a++)
    gtk_string_list_append (actions, turnout_rule_action_get_display_name (a));

  adw_combo_row_set_model (self->on_status_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_model (self->to_status_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_model (self->action_row, G_LIST_MODEL (actions));
  adw_combo_row_set_selected (self->on_status_row, status_index (self, TURNOUT_STATUS_REGISTERED));
  adw_combo_row_set_selected (self->action_row, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (self->to_status_row, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->action_row, "notify::selected", G_CALLBACK (action_selected_cb), self);
  g_signal_connect (self->to_status_row, "notify::selected", G_CALLBACK (action_selected_cb), self);

  actions_update (self);
}

/**
 * turnout_rules_dialog_present:
 *
 * Returns: (transfer none): the dialog
 */
TurnoutRulesDialog *
turnout_rules_dialog_present (GtkWindow    *parent,
                              TurnoutStore *store,
                              gint64        program_id)
{
  TurnoutRulesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_RULES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->program_id = program_id;
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
