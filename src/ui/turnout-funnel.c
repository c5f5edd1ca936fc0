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
 *
 * Above the bars, the funnel proper: Invited (every member in the
 * program), Registered (everyone holding a seat: registered or beyond,
 * the sidebar's "registered") and Attended (the success statuses), each
 * with its share of the stage before; and a warning when more members
 * hold a seat than the program's seat limit allows. An empty program
 * gets one line instead of a column of zeros.
 */
#define G_LOG_DOMAIN "turnout-funnel"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-funnel.h"
#include "turnout-records.h"
#include "turnout-window.h"

/* A status's row: what a new count changes in it. */
typedef struct
{
  GtkWidget *button;
  GtkWidget *count;
  GtkWidget *bar;
} Row;

struct _TurnoutFunnel
{
  GtkWidget   parent_instance;
  GtkWidget  *box;
  GHashTable *counts;    /* status key -> count */
  guint       stages[TURNOUT_FUNNEL_N_STAGES];
  char       *seat_warning;  /* NULL when within the seat limit */
  gboolean    empty;

  /* What the widgets in the box were built for, so that new counts of
   * the same shape (a reload after a change: same channel, a warning or
   * not as before) update their texts in place. Rebuilding them all took
   * 7-13 ms of the main loop after every bulk change at 100k members. */
  GStrv       built_keys;    /* the channel's status keys; NULL: nothing built */
  GtkWidget  *stage_value[TURNOUT_FUNNEL_N_STAGES];
  GtkWidget  *stage_share[TURNOUT_FUNNEL_N_STAGES];  /* NULL: no share shown */
  GtkWidget  *stage_title[TURNOUT_FUNNEL_N_STAGES];
  GtkWidget  *warning;       /* NULL: within the seat limit */
  Row        *rows;          /* one per status of built_keys; Not in Program's empty */
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

static gint
program_capacity (TurnoutFunnel *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TURNOUT_TYPE_WINDOW);
  GPtrArray *programs;
  gint64 program_id;

  if (window == NULL)
    return -1;
  programs = turnout_window_get_programs (TURNOUT_WINDOW (window));
  program_id = turnout_window_get_program_id (TURNOUT_WINDOW (window));
  for (guint i = 0; programs != NULL && i < programs->len; i++)
    {
      const TurnoutProgram *program = g_ptr_array_index (programs, i);

      if (program->id == program_id)
        return program->capacity;
    }
  return -1;
}

static const char *
stage_name (TurnoutFunnelStage stage)
{
  /* Translators: the stages of the funnel */
  const char *names[] = { C_("funnel", "Invited"), C_("funnel", "Registered"), C_("funnel", "Attended") };

  return names[stage];
}

/* What a stage is a share of, in the share's words; NULL: of nothing. */
static const char *
stage_of_what (TurnoutFunnelStage stage)
{
  const char *of_what[] = { NULL, C_("funnel share", "invited"), C_("funnel share", "registered") };

  return of_what[stage];
}

/* "151 members over the seat limit of 1200", or NULL within the limit. */
static char *
seat_warning_text (TurnoutFunnel *self,
                   gint           capacity)
{
  guint over;

  if (capacity < 0 || self->stages[TURNOUT_FUNNEL_STAGE_REGISTERED] <= (guint) capacity)
    return NULL;
  over = self->stages[TURNOUT_FUNNEL_STAGE_REGISTERED] - capacity;
  /* Translators: "151 members over the seat limit of 1200" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%'u member over the seat limit of %'d",
                                       "%'u members over the seat limit of %'d", over),
                          over, capacity);
}

/* A stage's share of the one before, "62% of invited"; NULL for a share
 * of nobody. */
static char *
stage_share_text (guint       count,
                  const char *of_what,
                  guint       of_count)
{
  guint pct;

  if (of_what == NULL || of_count == 0)
    return NULL;
  pct = (guint) ((count * 100.0) / of_count + 0.5);
  /* Translators: a conversion in the funnel, "62% of invited"; %u%% is the percentage */
  return g_strdup_printf (_("%'u%% of %s"), pct, of_what);
}

static void
set_stage_accessible_label (GtkWidget  *title,
                            const char *name,
                            guint       count,
                            const char *share)
{
  g_autofree char *label = NULL;

  if (share != NULL)
    /* Translators: accessible label of a funnel stage, "Registered: 220, 62% of invited" */
    label = g_strdup_printf (_("%s: %'u, %s"), name, count, share);
  else
    label = g_strdup_printf ("%s: %u", name, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* A label's new text, only if it is new: setting the same text again
 * still lays the label out anew. */
static void
set_label_text (GtkWidget  *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
}

static void
append_stage (TurnoutFunnel      *self,
              GtkGrid            *grid,
              TurnoutFunnelStage  stage,
              const char         *name,
              const char         *of_what,
              guint               of_count)
{
  guint count = self->stages[stage];
  g_autofree char *number = g_strdup_printf ("%'u", count);
  g_autofree char *share = stage_share_text (count, of_what, of_count);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *value = gtk_label_new (number);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "heading");
  gtk_grid_attach (grid, title, 0, stage, 1, 1);
  gtk_grid_attach (grid, value, 2, stage, 1, 1);
  self->stage_title[stage] = title;
  self->stage_value[stage] = value;
  self->stage_share[stage] = NULL;

  if (share != NULL)
    {
      GtkWidget *percent = gtk_label_new (share);

      gtk_label_set_xalign (GTK_LABEL (percent), 1);
      gtk_widget_add_css_class (percent, "caption");
      gtk_widget_add_css_class (percent, "dim-label");
      gtk_widget_add_css_class (percent, "numeric");
      gtk_grid_attach (grid, percent, 1, stage, 1, 1);
      self->stage_share[stage] = percent;
    }
  set_stage_accessible_label (title, name, count, share);
}

static void
append_stages (TurnoutFunnel *self)
{
  GtkWidget *grid = gtk_grid_new ();
  gint capacity;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "funnel-stages");
  for (TurnoutFunnelStage stage = 0; stage < TURNOUT_FUNNEL_N_STAGES; stage++)
    append_stage (self, GTK_GRID (grid), stage, stage_name (stage), stage_of_what (stage),
                  stage > 0 ? self->stages[stage - 1] : 0);
  gtk_box_append (GTK_BOX (self->box), grid);

  capacity = program_capacity (self);
  self->seat_warning = seat_warning_text (self, capacity);
  if (self->seat_warning != NULL)
    {
      GtkWidget *warning = gtk_label_new (self->seat_warning);

      gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
      gtk_label_set_xalign (GTK_LABEL (warning), 0);
      gtk_widget_add_css_class (warning, "seat-warning");
      gtk_widget_add_css_class (warning, "warning");
      gtk_box_append (GTK_BOX (self->box), warning);
      self->warning = warning;
    }

  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
}

static void
bar_set_fraction (GtkWidget *bar,
                  double     fraction)
{
  if (TURNOUT_FUNNEL_BAR (bar)->fraction != fraction)
    {
      TURNOUT_FUNNEL_BAR (bar)->fraction = fraction;
      gtk_widget_queue_draw (bar);
    }
}

/* A status row's count, bar and accessible label. */
static void
update_row (Row                 *row,
            const TurnoutStatus *status,
            guint                count,
            guint                max)
{
  const char *name = turnout_status_get_display_name (status);
  g_autofree char *number = g_strdup_printf ("%'u", count);
  /* Translators: the accessible label of a bar in the status funnel */
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %'u member", "%s: %'u members", count),
                                            name, count);

  set_label_text (row->count, number);
  bar_set_fraction (row->bar, max ? (double) count / max : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
append_row (TurnoutFunnel       *self,
            Row                 *row,
            const TurnoutStatus *status)
{
  GtkWidget *grid, *title;

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  title = gtk_label_new (turnout_status_get_display_name (status));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "caption-heading");
  row->count = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->count), 1);
  gtk_widget_add_css_class (row->count, "numeric");
  gtk_widget_add_css_class (row->count, "caption");
  row->bar = g_object_new (TURNOUT_TYPE_FUNNEL_BAR, NULL);
  if (status->success)
    gtk_widget_add_css_class (row->bar, "success");
  else if (g_str_equal (status->key, TURNOUT_STATUS_REGISTRATION_ERROR))
    gtk_widget_add_css_class (row->bar, "error");
  else if (g_str_equal (status->key, TURNOUT_STATUS_REJECTED)
           || g_str_equal (status->key, TURNOUT_STATUS_NO_SHOW))
    gtk_widget_add_css_class (row->bar, "muted");
  else
    gtk_widget_add_css_class (row->bar, "accent");
  gtk_grid_attach (GTK_GRID (grid), title, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row->count, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row->bar, 0, 1, 2, 1);

  row->button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (row->button), grid);
  gtk_widget_add_css_class (row->button, "flat");
  gtk_widget_add_css_class (row->button, "funnel-row");
  gtk_widget_set_tooltip_text (row->button, _("Show only these members"));
  g_object_set_data_full (G_OBJECT (row->button), "status-key", g_strdup (status->key), g_free);
  g_signal_connect (row->button, "clicked", G_CALLBACK (row_clicked), self);
  gtk_box_append (GTK_BOX (self->box), row->button);
}

static void
clear_built (TurnoutFunnel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_clear_pointer (&self->built_keys, g_strfreev);
  g_clear_pointer (&self->rows, g_free);
  memset (self->stage_value, 0, sizeof self->stage_value);
  memset (self->stage_share, 0, sizeof self->stage_share);
  memset (self->stage_title, 0, sizeof self->stage_title);
  self->warning = NULL;
}

/* Whether the widgets built show @channel's statuses in its order. */
static gboolean
built_for (TurnoutFunnel  *self,
           TurnoutChannel *channel)
{
  guint n = turnout_channel_get_n_statuses (channel);

  if (self->built_keys == NULL || g_strv_length (self->built_keys) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_str_equal (self->built_keys[i], turnout_channel_get_status (channel, i)->key))
      return FALSE;
  return TRUE;
}

/* The new counts into the widgets built, when they have the same shape:
 * the same statuses, a share shown for the same stages, a seat warning
 * or not as before. FALSE: they must be built anew. */
static gboolean
update_in_place (TurnoutFunnel  *self,
                 TurnoutChannel *channel,
                 const guint    *counts,
                 guint           max)
{
  g_autofree char *warning = NULL;
  guint n = turnout_channel_get_n_statuses (channel);

  if (self->empty || !built_for (self, channel))
    return FALSE;
  for (TurnoutFunnelStage stage = 1; stage < TURNOUT_FUNNEL_N_STAGES; stage++)
    if ((self->stage_share[stage] != NULL) != (self->stages[stage - 1] > 0))
      return FALSE;
  warning = seat_warning_text (self, program_capacity (self));
  if ((warning != NULL) != (self->warning != NULL))
    return FALSE;

  for (TurnoutFunnelStage stage = 0; stage < TURNOUT_FUNNEL_N_STAGES; stage++)
    {
      g_autofree char *number = g_strdup_printf ("%'u", self->stages[stage]);
      g_autofree char *share = stage_share_text (self->stages[stage], stage_of_what (stage),
                                                 stage > 0 ? self->stages[stage - 1] : 0);

      set_label_text (self->stage_value[stage], number);
      if (share != NULL)
        set_label_text (self->stage_share[stage], share);
      set_stage_accessible_label (self->stage_title[stage], stage_name (stage), self->stages[stage], share);
    }
  if (warning != NULL)
    set_label_text (self->warning, warning);
  self->seat_warning = g_steal_pointer (&warning);

  for (guint i = 0; i < n; i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      if (self->rows[i].button == NULL)
        continue;
      g_hash_table_insert (self->counts, g_strdup (status->key), GUINT_TO_POINTER (counts[i]));
      update_row (&self->rows[i], status, counts[i], max);
    }
  return TRUE;
}

void
turnout_funnel_set_counts (TurnoutFunnel  *self,
                           TurnoutChannel *channel,
                           const guint    *counts)
{
  guint max = 0;
  guint n;

  g_return_if_fail (TURNOUT_IS_FUNNEL (self));

  g_hash_table_remove_all (self->counts);
  memset (self->stages, 0, sizeof self->stages);
  g_clear_pointer (&self->seat_warning, g_free);

  if (channel == NULL)
    {
      clear_built (self);
      self->empty = FALSE;
      return;
    }

  n = turnout_channel_get_n_statuses (channel);
  for (guint i = 0; i < n; i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      max = MAX (max, counts[i]);
      if (g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        continue;
      self->stages[TURNOUT_FUNNEL_STAGE_INVITED] += counts[i];
      if (status->holds_seat)
        self->stages[TURNOUT_FUNNEL_STAGE_REGISTERED] += counts[i];
      if (status->success)
        self->stages[TURNOUT_FUNNEL_STAGE_ATTENDED] += counts[i];
    }

  if (self->stages[TURNOUT_FUNNEL_STAGE_INVITED] > 0 && update_in_place (self, channel, counts, max))
    return;

  clear_built (self);
  self->empty = FALSE;
  if (self->stages[TURNOUT_FUNNEL_STAGE_INVITED] == 0)
    {
      GtkWidget *line = gtk_label_new (_("No members yet"));

      gtk_label_set_wrap (GTK_LABEL (line), TRUE);
      gtk_widget_add_css_class (line, "dim-label");
      gtk_widget_add_css_class (line, "funnel-empty");
      gtk_box_append (GTK_BOX (self->box), line);
      self->empty = TRUE;
      return;
    }

  append_stages (self);

  self->built_keys = g_new0 (char *, n + 1);
  self->rows = g_new0 (Row, n);
  for (guint i = 0; i < n; i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      self->built_keys[i] = g_strdup (status->key);
      if (g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        continue;
      g_hash_table_insert (self->counts, g_strdup (status->key), GUINT_TO_POINTER (counts[i]));
      append_row (self, &self->rows[i], status);
      update_row (&self->rows[i], status, counts[i], max);
    }
}

guint
turnout_funnel_get_count (TurnoutFunnel *self,
                          const char    *status_key)
{
  g_return_val_if_fail (TURNOUT_IS_FUNNEL (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, status_key));
}

/* The members at @stage: Invited counts every member in the program,
 * Registered everyone holding a seat, Attended the success statuses. */
guint
turnout_funnel_get_stage (TurnoutFunnel      *self,
                          TurnoutFunnelStage  stage)
{
  g_return_val_if_fail (TURNOUT_IS_FUNNEL (self), 0);
  g_return_val_if_fail (stage < TURNOUT_FUNNEL_N_STAGES, 0);
  return self->stages[stage];
}

/* The warning shown when more members hold a seat than the limit, or NULL. */
const char *
turnout_funnel_get_seat_warning (TurnoutFunnel *self)
{
  g_return_val_if_fail (TURNOUT_IS_FUNNEL (self), NULL);
  return self->seat_warning;
}

/* TRUE when the program has no members: one line shows, no bars. */
gboolean
turnout_funnel_is_empty (TurnoutFunnel *self)
{
  g_return_val_if_fail (TURNOUT_IS_FUNNEL (self), FALSE);
  return self->empty;
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
  g_clear_pointer (&self->seat_warning, g_free);
  g_clear_pointer (&self->built_keys, g_strfreev);
  g_clear_pointer (&self->rows, g_free);
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
