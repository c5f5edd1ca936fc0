/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-change-status-popover.c: the Change Status menu.
 *
 * One row per status the selection can be moved to, each saying what the
 * move would do to the selected members before it is made ("3 of 15",
 * "12 already past it"). A target that would change nobody is shown but
 * cannot be chosen, its tooltip saying why. An optional reason above the
 * list goes with the change into every member's history.
 *
 * Choosing a row emits ::change-status with the status and the reason;
 * Not in Program is "Remove from Program…", which the window confirms.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-change-status-popover.h"
#include "turnout-text.h"

struct _TurnoutChangeStatusPopover
{
  GtkPopover  parent_instance;

  GtkEntry   *reason_entry;
  GtkListBox *statuses;
  GtkListBox *remove;
};

G_DEFINE_FINAL_TYPE (TurnoutChangeStatusPopover, turnout_change_status_popover, GTK_TYPE_POPOVER)

enum
{
  PREPARE,
  CHANGE_STATUS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * turnout_change_status_describe_preview:
 * @to_name: the target's display name
 *
 * What a move leaves out, in a few words: "12 already past it, 3 to the
 * wait list". Returns an empty string when everyone would move.
 */
char *
turnout_change_status_describe_preview (const TurnoutMovePreview *preview,
                                        guint                     n_selected,
                                        const char               *to_name)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (preview->wait_listed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u to the wait list (no seat free)",
                                                          "%'u to the wait list (no seat free)",
                                                          preview->wait_listed),
                                             preview->wait_listed));
  if (preview->already > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u already %s", "%'u already %s",
                                                          preview->already),
                                             preview->already, to_name));
  if (preview->past > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u already past it",
                                                          "%'u already past it", preview->past),
                                             preview->past));
  if (preview->no_seat > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u stay waiting (no seat free)",
                                                          "%'u stay waiting (no seat free)", preview->no_seat),
                                             preview->no_seat));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static GtkWidget *
status_row (const char *key,
            const char *title,
            const char *count,
            const char *notes,
            const char *tooltip,
            gboolean    sensitive)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *figure = gtk_label_new (count);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 6);
  gtk_widget_set_margin_end (grid, 6);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (figure, "numeric");
  gtk_widget_add_css_class (figure, "dim-label");
  gtk_grid_attach (GTK_GRID (grid), name, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), figure, 1, 0, 1, 1);
  if (notes != NULL && notes[0] != '\0')
    {
      GtkWidget *line = gtk_label_new (notes);

      gtk_label_set_xalign (GTK_LABEL (line), 0);
      gtk_label_set_wrap (GTK_LABEL (line), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (line), 34);
      gtk_widget_add_css_class (line, "caption");
      gtk_widget_add_css_class (line, "dim-label");
      gtk_grid_attach (GTK_GRID (grid), line, 0, 1, 2, 1);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  gtk_widget_set_sensitive (row, sensitive);
  gtk_widget_set_tooltip_text (row, tooltip);
  g_object_set_data_full (G_OBJECT (row), "status-key", g_strdup (key), g_free);
  /* Read as "Registered, 3 of 15, 12 already past it". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  notes && notes[0] ? notes : count, -1);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * turnout_change_status_popover_set_selection:
 * @counts: the selected members by status, by the channel's positions
 * @n_selected: how many are selected
 * @capacity: the program's seat limit, or -1
 * @seats_taken: the seats taken now
 *
 * Fills the menu for this selection.
 */
void
turnout_change_status_popover_set_selection (TurnoutChangeStatusPopover *self,
                                             TurnoutChannel             *channel,
                                             const guint                *counts,
                                             guint                       n_selected,
                                             int                         capacity,
                                             guint                       seats_taken)
{
  g_return_if_fail (TURNOUT_IS_CHANGE_STATUS_POPOVER (self));

  clear_list (self->statuses);
  clear_list (self->remove);
  if (channel == NULL)
    return;

  for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);
      const char *name = turnout_status_get_display_name (status);
      TurnoutMovePreview preview;
      g_autofree char *count = NULL;
      g_autofree char *notes = NULL;
      g_autofree char *tooltip = NULL;
      gboolean removing = g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM);
      guint moving, arriving;

      turnout_channel_preview_move (channel, counts, status->key, capacity, seats_taken, &preview);
      /* The figure is who reaches the target; the notes say who waits. */
      moving = removing ? preview.removed : preview.changed;
      arriving = removing ? preview.removed : preview.changed - preview.wait_listed;
      notes = turnout_change_status_describe_preview (&preview, n_selected, name);

      if (arriving == n_selected)
        count = g_strdup_printf ("%'u", arriving);
      else if (moving > 0)
        /* Translators: how many of the selected members a status change moves, "3 of 15" */
        count = g_strdup_printf (_("%'u of %'u"), arriving, n_selected);
      else
        count = g_strdup ("—");

      if (moving == 0)
        /* Translators: the tooltip of a status nobody selected can move to; %s says why,
         * e.g. "3 already Registered, 12 already past it" */
        tooltip = g_strdup_printf (_("Nobody selected would change: %s"), notes);

      if (removing)
        gtk_list_box_append (self->remove,
                             status_row (status->key, _("Remove from Program…"), count, NULL, tooltip,
                                         moving > 0));
      else
        gtk_list_box_append (self->statuses,
                             status_row (status->key, name, count, notes, tooltip, moving > 0));
    }
}

/**
 * turnout_change_status_popover_get_row:
 *
 * The row for @status_key, whose tooltip and accessible description say
 * what choosing it would do; for tests and for focus. Returns: (nullable)
 */
GtkWidget *
turnout_change_status_popover_get_row (TurnoutChangeStatusPopover *self,
                                       const char                 *status_key)
{
  GtkListBox *lists[] = { self->statuses, self->remove };

  g_return_val_if_fail (TURNOUT_IS_CHANGE_STATUS_POPOVER (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (lists[i])); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "status-key"), status_key) == 0)
        return row;
  return NULL;
}

GtkEntry *
turnout_change_status_popover_get_reason_entry (TurnoutChangeStatusPopover *self)
{
  g_return_val_if_fail (TURNOUT_IS_CHANGE_STATUS_POPOVER (self), NULL);
  return self->reason_entry;
}

static void
row_activated (GtkListBox                 *list,
               GtkListBoxRow              *row,
               TurnoutChangeStatusPopover *self)
{
  g_autofree char *key = g_strdup (g_object_get_data (G_OBJECT (row), "status-key"));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CHANGE_STATUS], 0, key, reason[0] ? reason : NULL);
}

/* Down from the reason goes to the first status that can be chosen. */
static void
reason_activated (GtkEntry                   *entry,
                  TurnoutChangeStatusPopover *self)
{
  gtk_widget_child_focus (GTK_WIDGET (self->statuses), GTK_DIR_TAB_FORWARD);
}

static void
popover_shown (TurnoutChangeStatusPopover *self)
{
  /* The owner fills the rows for the selection of the moment. */
  g_signal_emit (self, signals[PREPARE], 0);
  /* The reason is for one change: a new menu starts without it. */
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  if (!gtk_widget_child_focus (GTK_WIDGET (self->statuses), GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
}

static void
turnout_change_status_popover_class_init (TurnoutChangeStatusPopoverClass *klass)
{
  /**
   * TurnoutChangeStatusPopover::prepare:
   *
   * The menu is opening: time to call
   * turnout_change_status_popover_set_selection ().
   */
  signals[PREPARE] = g_signal_new ("prepare", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * TurnoutChangeStatusPopover::change-status:
   * @status: the status key chosen
   * @reason: (nullable): the reason typed, or %NULL
   */
  signals[CHANGE_STATUS] = g_signal_new ("change-status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static GtkListBox *
new_list (TurnoutChangeStatusPopover *self)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "change-status-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (row_activated), self);
  return list;
}

static void
turnout_change_status_popover_init (TurnoutChangeStatusPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *lists = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->reason_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason_entry, _("Reason (optional)"));
  gtk_entry_set_max_length (self->reason_entry, (int) turnout_text_field_limit (TURNOUT_TEXT_REASON));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reason_entry),
                               _("Kept in the history of every member changed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for the change"), -1);
  g_signal_connect (self->reason_entry, "activate", G_CALLBACK (reason_activated), self);

  self->statuses = new_list (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->statuses), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Change to"), -1);
  self->remove = new_list (self);
  gtk_box_append (GTK_BOX (lists), GTK_WIDGET (self->statuses));
  gtk_box_append (GTK_BOX (lists), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (lists), GTK_WIDGET (self->remove));

  /* Short windows scroll the list, never the reason out of reach. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 520);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), lists);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reason_entry));
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_widget_set_size_request (box, 300, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  g_signal_connect (self, "show", G_CALLBACK (popover_shown), NULL);
}

GtkWidget *
turnout_change_status_popover_new (void)
{
  return g_object_new (TURNOUT_TYPE_CHANGE_STATUS_POPOVER, NULL);
}
