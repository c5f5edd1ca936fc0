/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cell-text.c: one line of text in a members table cell.
 *
 * A cell of the members table shows one line, ellipsized at the end, in a
 * column of fixed width. GtkInscription does that, but each one makes its
 * own PangoContext when it is created and asks Pango for the font's
 * metrics every time it is measured: about a third of the cost of a new
 * row of the table, and a search that narrows the table and widens it
 * again makes and destroys hundreds of rows.
 *
 * TurnoutCellText lays its text out in the PangoContext of the column
 * view it is in (the font is the table's), and measures itself by font
 * metrics kept per context until its fonts change. Its text only needs
 * drawing again when it changes, never a new size.
 */
#include "config.h"

#include "turnout-cell-text.h"

struct _TurnoutCellText
{
  GtkWidget     parent_instance;
  char         *text;          /* NULL when empty */
  gboolean      numeric;
  PangoLayout  *layout;        /* shared, from the context's cache; NULL until drawn */
  PangoContext *context;       /* layout's */
  guint         serial;        /* context's serial when layout was found */
  int           width;         /* layout's width, in pixels */
};

G_DEFINE_FINAL_TYPE (TurnoutCellText, turnout_cell_text, GTK_TYPE_WIDGET)

/* What the cells of one context share, until its fonts change: the
 * sizes of one line, and the layouts of texts lately drawn. A table
 * repeats most of its values (statuses, companies, job titles, dates,
 * numbers), and a layout once laid out and shaped draws again without
 * asking Pango to do it again: about half of the cost of drawing a
 * screenful of new rows.
 *
 * The layouts live in two generations: a layout found in the older one
 * moves to the recent one, and when the recent one is full it becomes
 * the older one. Layouts not drawn for a while go; a cell keeps its own
 * reference for as long as it shows one.
 */
#define LAYOUTS_PER_GENERATION 1024

typedef struct
{
  guint       serial;
  int         line_height;
  int         char_width;
  GHashTable *recent;          /* key (see layout_key()) -> PangoLayout */
  GHashTable *older;
} ContextShare;

static GQuark share_quark;

static PangoContext *
table_context (TurnoutCellText *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  /* Outside a column view (only in tests): a context of its own. */
  return gtk_widget_get_pango_context (view ? view : GTK_WIDGET (self));
}

static GHashTable *
new_generation (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
share_free (gpointer data)
{
  ContextShare *share = data;

  g_hash_table_unref (share->recent);
  g_hash_table_unref (share->older);
  g_free (share);
}

static ContextShare *
get_share (PangoContext *context)
{
  ContextShare *share = g_object_get_qdata (G_OBJECT (context), share_quark);

  if (share == NULL)
    {
      share = g_new0 (ContextShare, 1);
      share->serial = pango_context_get_serial (context) - 1;
      share->recent = new_generation ();
      share->older = new_generation ();
      g_object_set_qdata_full (G_OBJECT (context), share_quark, share, share_free);
    }
  if (share->serial != pango_context_get_serial (context))
    {
      PangoFontMetrics *font = pango_context_get_metrics (context, NULL, NULL);

      share->serial = pango_context_get_serial (context);
      share->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (font));
      if (share->line_height <= 0)
        share->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (font)
                                                + pango_font_metrics_get_descent (font));
      share->char_width = PANGO_PIXELS_CEIL (MAX (pango_font_metrics_get_approximate_char_width (font),
                                                  pango_font_metrics_get_approximate_digit_width (font)));
      pango_font_metrics_unref (font);
      g_hash_table_remove_all (share->recent);
      g_hash_table_remove_all (share->older);
    }
  return share;
}

/* A layout is found by everything it was made from but its context. */
static char *
layout_key (const char *text,
            gboolean    numeric,
            int         width)
{
  return g_strdup_printf ("%c%d:%s", numeric ? 'n' : 't', width, text);
}

static PangoLayout *
new_layout (PangoContext *context,
            const char   *text,
            gboolean      numeric,
            int           width)
{
  PangoLayout *layout = pango_layout_new (context);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  /* Within the cell's width; for right-to-left text Pango mirrors it. */
  pango_layout_set_alignment (layout, numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  if (numeric)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* The shared layout of text at width in context: never to be changed. */
static PangoLayout *
find_layout (ContextShare *share,
             PangoContext *context,
             const char   *text,
             gboolean      numeric,
             int           width)
{
  char *key = layout_key (text, numeric, width);
  PangoLayout *layout = g_hash_table_lookup (share->recent, key);

  if (layout != NULL)
    {
      g_free (key);
      return layout;
    }

  if (!g_hash_table_steal_extended (share->older, key, NULL, (gpointer *) &layout))
    layout = new_layout (context, text, numeric, width);

  if (g_hash_table_size (share->recent) >= LAYOUTS_PER_GENERATION)
    {
      GHashTable *older = share->older;

      share->older = share->recent;
      share->recent = older;
      g_hash_table_remove_all (share->recent);
    }
  g_hash_table_insert (share->recent, key, layout);
  return layout;
}

static PangoLayout *
get_layout (TurnoutCellText *self,
            PangoContext    *context,
            ContextShare    *share,
            int              width)
{
  if (self->layout != NULL && self->context == context &&
      self->serial == share->serial && self->width == width)
    return self->layout;

  g_clear_object (&self->layout);
  self->layout = g_object_ref (find_layout (share, context, self->text, self->numeric, width));
  self->context = context;
  self->serial = share->serial;
  self->width = width;
  return self->layout;
}

static void
turnout_cell_text_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  TurnoutCellText *self = TURNOUT_CELL_TEXT (widget);
  const ContextShare *share = get_share (table_context (self));

  /* A column's width is its own; these only matter for a column that
   * would size itself to its cells.
   */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (self->numeric ? 4 : 8) * share->char_width;
      *natural = (self->numeric ? 6 : 16) * share->char_width;
    }
  else
    *minimum = *natural = share->line_height;
}

static void
turnout_cell_text_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  TurnoutCellText *self = TURNOUT_CELL_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoContext *context;
  ContextShare *share;
  PangoLayout *layout;
  float y;

  if (self->text == NULL || width <= 0)
    return;

  context = table_context (self);
  share = get_share (context);
  layout = get_layout (self, context, share, width);
  y = MAX (0, floorf ((height - share->line_height) / 2.f));

  /* The layout is as wide as the cell and ellipsized, and the column
   * view's cell clips its child: no clip of its own.
   */
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), 0, y, layout);
}

static void
turnout_cell_text_dispose (GObject *object)
{
  TurnoutCellText *self = TURNOUT_CELL_TEXT (object);

  g_clear_object (&self->layout);
  self->context = NULL;

  G_OBJECT_CLASS (turnout_cell_text_parent_class)->dispose (object);
}

static void
turnout_cell_text_finalize (GObject *object)
{
  TurnoutCellText *self = TURNOUT_CELL_TEXT (object);

  g_free (self->text);

  G_OBJECT_CLASS (turnout_cell_text_parent_class)->finalize (object);
}

static void
turnout_cell_text_class_init (TurnoutCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_cell_text_dispose;
  object_class->finalize = turnout_cell_text_finalize;
  widget_class->measure = turnout_cell_text_measure;
  widget_class->snapshot = turnout_cell_text_snapshot;

  gtk_widget_class_set_css_name (widget_class, "celltext");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
  share_quark = g_quark_from_static_string ("turnout-cell-text-share");
}

static void
turnout_cell_text_init (TurnoutCellText *self)
{
}

/**
 * turnout_cell_text_new:
 * @numeric: whether the text is a number: aligned right, with digits of
 *   one width
 */
GtkWidget *
turnout_cell_text_new (gboolean numeric)
{
  TurnoutCellText *self = g_object_new (TURNOUT_TYPE_CELL_TEXT, NULL);

  self->numeric = numeric;
  if (numeric)
    gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
  return GTK_WIDGET (self);
}

void
turnout_cell_text_set_text (TurnoutCellText *self,
                            const char      *text)
{
  g_return_if_fail (TURNOUT_IS_CELL_TEXT (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_object (&self->layout);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* NULL when empty. */
const char *
turnout_cell_text_get_text (TurnoutCellText *self)
{
  g_return_val_if_fail (TURNOUT_IS_CELL_TEXT (self), NULL);
  return self->text;
}
