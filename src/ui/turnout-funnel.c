/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-funnel.c: a program's members per status, as bars.
 *
 * One row per status of the channel (Not in Program aside), in the
 * channel's order, each a bar as long as its share of the largest status.
 * Success statuses are green and Registration Error red, so a coordinator
 * sees at a glance how the event went. Activating a row emits
 * "status-activated" with the status key, which the window turns into the
 * status filter. Each row is a real button, so it is reachable by keyboard
 * and has an accessible label ("Registered: 220 members").
 */
#define G_LOG_DOMAIN "turnout-funnel"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-funnel.h"

struct _TurnoutFunnel
{
  GtkWidget   parent_instance;
  GtkWidget  *box;
  GHashTable *counts;    /* status key -> count */
};

G_DEFINE_FINAL_TYPE (TurnoutFunnel, turnout_funnel, GTK_TYPE_WIDGET)

enum {
  STATUS_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The bar itself: draws a rounded rectangle of the given fraction. */
#define TURNOUT_TYPE_FUNNEL_BAR (turnout_funnel_bar_get_type ())
G_DECLARE_FINAL_TYPE (TurnoutFunnelBar, turnout_funnel_bar, TURNOUT, FUNNEL_BAR, GtkWidget)

struct _TurnoutFunnelBar
{
  GtkWidget parent_instance;
  double    fraction;
};

G_DEFINE_FINAL_TYPE (TurnoutFunnelBar, turnout_funnel_bar, GTK_TYPE_WIDGET)

static void
turnout_funnel_bar_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  TurnoutFunnelBar *self = TURNOUT_FUNNEL_BAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;
  GdkRGBA trough;
  GskRoundedRect rect;
  float w;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  trough = color;
  trough.alpha = 0.08f;
  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (0, 0, width, height), height / 2.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &trough, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_pop (snapshot);

  w = (float) (width * self->fraction);
  if (self->fraction > 0 && w < height)
    w = height;   /* a non-zero count stays visible */
  if (w <= 0)
    return;
  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (0, 0, w, height), height / 2.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (0, 0, w, height));
  gtk_snapshot_pop (snapshot);
}

static void
turnout_funnel_bar_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 40 : 8;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 8;
}

static void
turnout_funnel_bar_class_init (TurnoutFunnelBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = turnout_funnel_bar_snapshot;
  widget_class->measure = turnout_funnel_bar_measure;
  gtk_widget_class_set_css_name (widget_class, "funnelbar");
}

static void
turnout_funnel_bar_init (TurnoutFunnelBar *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

static void
row_clicked (GtkButton     *button,
             TurnoutFunnel *self)
{
  g_signal_emit (self, signals[STATUS_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (button), "status-key"));
}

void
turnout_funnel_set_counts (TurnoutFunnel  *self,
                           TurnoutChannel *channel,
                           const guint    *counts)
{
  GtkWidget *child;
  guint max = 0;
  guint n;

  g_return_if_fail (TURNOUT_IS_FUNNEL (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_hash_table_remove_all (self->counts);

  if (channel == NULL)
    return;

  n = turnout_channel_get_n_statuses (channel);
  for (guint i = 0; i < n; i++)
    max = MAX (max, counts[i]);

  for (guint i = 0; i < n; i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);
      const char *name = turnout_status_get_display_name (status);
      g_autofree char *number = NULL;
      g_autofree char *label = NULL;
      GtkWidget *button, *grid, *title, *count, *bar;

      if (g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        continue;

      g_hash_table_insert (self->counts, g_strdup (status->key), GUINT_TO_POINTER (counts[i]));

      number = g_strdup_printf ("%u", counts[i]);
      /* Translators: the accessible label of a bar in the status funnel */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u member", "%s: %u members", counts[i]),
                               name, counts[i]);

      grid = gtk_grid_new ();
      gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
      title = gtk_label_new (name);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (title, "caption-heading");
      count = gtk_label_new (number);
      gtk_label_set_xalign (GTK_LABEL (count), 1);
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_add_css_class (count, "caption");
      bar = g_object_new (TURNOUT_TYPE_FUNNEL_BAR, NULL);
      TURNOUT_FUNNEL_BAR (bar)->fraction = max ? (double) counts[i] / max : 0;
      if (status->success)
        gtk_widget_add_css_class (bar, "success");
      else if (g_str_equal (status->key, TURNOUT_STATUS_REGISTRATION_ERROR))
        gtk_widget_add_css_class (bar, "error");
      else if (g_str_equal (status->key, TURNOUT_STATUS_REJECTED)
               || g_str_equal (status->key, TURNOUT_STATUS_NO_SHOW))
        gtk_widget_add_css_class (bar, "muted");
      else
        gtk_widget_add_css_class (bar, "accent");
      gtk_grid_attach (GTK_GRID (grid), title, 0, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), count, 1, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), bar, 0, 1, 2, 1);

      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), grid);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "funnel-row");
      gtk_widget_set_tooltip_text (button, _("Show only these members"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "status-key", g_strdup (status->key), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (row_clicked), self);
      gtk_box_append (GTK_BOX (self->box), button);
    }
}

guint
turnout_funnel_get_count (TurnoutFunnel *self,
                          const char    *status_key)
{
  g_return_val_if_fail (TURNOUT_IS_FUNNEL (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, status_key));
}

static void
turnout_funnel_dispose (GObject *object)
{
  TurnoutFunnel *self = (TurnoutFunnel *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (turnout_funnel_parent_class)->dispose (object);
}

static void
turnout_funnel_finalize (GObject *object)
{
  TurnoutFunnel *self = (TurnoutFunnel *) object;

  g_clear_pointer (&self->counts, g_hash_table_unref);
  G_OBJECT_CLASS (turnout_funnel_parent_class)->finalize (object);
}

static void
turnout_funnel_class_init (TurnoutFunnelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_funnel_dispose;
  object_class->finalize = turnout_funnel_finalize;

  signals[STATUS_ACTIVATED] =
    g_signal_new ("status-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "funnel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
turnout_funnel_init (TurnoutFunnel *self)
{
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Members per status"),
                                  -1);
}

GtkWidget *
turnout_funnel_new (void)
{
  return g_object_new (TURNOUT_TYPE_FUNNEL, NULL);
}
