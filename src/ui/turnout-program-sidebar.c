/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-program-sidebar.c: the list of programs beside the members.
 *
 * One row per program, with its date and how many members it has, were
 * registered and attended; a spinner until the first list comes. The
 * window hands it the programs it read and hears back which one the
 * coordinator picked (::program-selected) or opened (::program-activated,
 * which on a narrow window means "show me its members").
 */
#define G_LOG_DOMAIN "turnout-program-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-dates.h"
#include "turnout-program-sidebar.h"

struct _TurnoutProgramSidebar
{
  GtkWidget   parent_instance;

  GtkStack   *sidebar_stack;
  GtkSpinner *sidebar_spinner;
  GtkListBox *program_list;

  GPtrArray  *programs;   /* of TurnoutProgram, one per row in order */
  gboolean    populating;
};

G_DEFINE_FINAL_TYPE (TurnoutProgramSidebar, turnout_program_sidebar, GTK_TYPE_WIDGET)

enum { PROGRAM_SELECTED, PROGRAM_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* In local time, as the members table shows times: the sidebar names no
 * zone (Event Settings shows the event's own). */
char *
turnout_program_format_date (const TurnoutProgram *program)
{
  gint64 when;

  g_return_val_if_fail (program != NULL, NULL);

  if (program->live_start == NULL)
    return g_strdup (_("No date set"));

  when = turnout_dates_parse_iso8601 (program->live_start);
  if (when == 0)
    return g_strdup (program->live_start);

  return turnout_format_time (when);
}

char *
turnout_program_format_counts (const TurnoutProgram *program)
{
  g_autofree char *members = NULL;

  g_return_val_if_fail (program != NULL, NULL);

  members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u member", "%'u members", program->n_members),
                             program->n_members);
  /* Translators: "320 members · 220 registered · 90 attended" */
  return g_strdup_printf (_("%s · %'u registered · %'u attended"),
                          members, program->n_registered, program->n_attended);
}

/* A row's labels: the program's name, date and counts, in that order. */
static GtkWidget *
row_label (GtkWidget *row,
           guint      n)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

  for (guint i = 0; i < n; i++)
    label = gtk_widget_get_next_sibling (label);
  return label;
}

/* @text into @label, unless it shows it already: setting the same text
 * again lays the label out anew. TRUE when it changed. */
static gboolean
set_label_text (GtkWidget  *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) == 0)
    return FALSE;
  gtk_label_set_text (GTK_LABEL (label), text);
  return TRUE;
}

/* The row's texts for @program; for a new row, or one whose program's
 * name, date or counts changed. */
static void
set_program_row (GtkWidget            *row,
                 const TurnoutProgram *program)
{
  g_autofree char *date = turnout_program_format_date (program);
  g_autofree char *counts = turnout_program_format_counts (program);
  g_autofree char *description = NULL;
  gboolean changed = FALSE;

  changed |= set_label_text (row_label (row, 0), program->name);
  changed |= set_label_text (row_label (row, 1), date);
  changed |= set_label_text (row_label (row, 2), counts);
  if (!changed)
    return;
  description = g_strdup_printf ("%s, %s", date, counts);
  gtk_widget_set_tooltip_text (row, program->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, program->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static GtkWidget *
create_program_row (const TurnoutProgram *program)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *numbers = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (numbers), 0);
  gtk_label_set_wrap (GTK_LABEL (numbers), TRUE);
  gtk_widget_add_css_class (numbers, "caption");
  gtk_widget_add_css_class (numbers, "program-counts");

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), numbers);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  set_program_row (row, program);
  return row;
}

/* Whether @programs are the programs the rows show, in the same order. */
static gboolean
same_programs (TurnoutProgramSidebar *self,
               GPtrArray             *programs)
{
  if (self->programs == NULL || programs == NULL || self->programs->len != programs->len)
    return FALSE;
  for (guint i = 0; i < programs->len; i++)
    if (((TurnoutProgram *) g_ptr_array_index (self->programs, i))->id !=
        ((TurnoutProgram *) g_ptr_array_index (programs, i))->id)
      return FALSE;
  return TRUE;
}

static gint64
row_program_id (TurnoutProgramSidebar *self,
                GtkListBoxRow         *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->programs == NULL || index < 0 || (guint) index >= self->programs->len)
    return 0;
  return ((TurnoutProgram *) g_ptr_array_index (self->programs, index))->id;
}

static void
on_row_selected (GtkListBox            *box,
                 GtkListBoxRow         *row,
                 TurnoutProgramSidebar *self)
{
  if (row == NULL || self->populating)
    return;
  g_signal_emit (self, signals[PROGRAM_SELECTED], 0, row_program_id (self, row));
}

static void
on_row_activated (GtkListBox            *box,
                  GtkListBoxRow         *row,
                  TurnoutProgramSidebar *self)
{
  g_signal_emit (self, signals[PROGRAM_ACTIVATED], 0, row_program_id (self, row));
}

/**
 * turnout_program_sidebar_set_programs:
 * @programs: (nullable): of TurnoutProgram; NULL shows an empty list
 * @selected: the program whose row is selected, or 0
 *
 * Shows @programs in place of the spinner or the rows before. Selecting
 * @selected here emits nothing: the window already knows.
 */
void
turnout_program_sidebar_set_programs (TurnoutProgramSidebar *self,
                                      GPtrArray             *programs,
                                      gint64                 selected)
{
  GtkWidget *child;
  GtkListBoxRow *selected_row = NULL;

  g_return_if_fail (TURNOUT_IS_PROGRAM_SIDEBAR (self));

  self->populating = TRUE;
  /* The same programs as shown (the list read again after a change): each
   * row's texts where they changed. Removing and making every row anew
   * took 127 ms of the main loop for 200 programs, after every change. */
  if (same_programs (self, programs))
    {
      for (guint i = 0; i < programs->len; i++)
        {
          const TurnoutProgram *program = g_ptr_array_index (programs, i);
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->program_list, (int) i);

          set_program_row (GTK_WIDGET (row), program);
          if (program->id == selected)
            selected_row = row;
        }
    }
  else
    {
      /* Rows only: the first child may be the placeholder, kept for no programs. */
      while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->program_list, 0))) != NULL)
        gtk_list_box_remove (self->program_list, child);

      for (guint i = 0; programs != NULL && i < programs->len; i++)
        {
          const TurnoutProgram *program = g_ptr_array_index (programs, i);
          GtkWidget *row = create_program_row (program);

          gtk_list_box_append (self->program_list, row);
          if (program->id == selected)
            selected_row = GTK_LIST_BOX_ROW (row);
        }
    }

  g_clear_pointer (&self->programs, g_ptr_array_unref);
  if (programs != NULL)
    self->programs = g_ptr_array_ref (programs);

  if (selected_row == NULL)
    gtk_list_box_unselect_all (self->program_list);
  else if (gtk_list_box_get_selected_row (self->program_list) != selected_row)
    gtk_list_box_select_row (self->program_list, selected_row);
  self->populating = FALSE;

  gtk_stack_set_visible_child_name (self->sidebar_stack, "programs");
}

/* Selects @program_id's row as a click would: ::program-selected follows.
 * FALSE when no row shows it. */
gboolean
turnout_program_sidebar_select (TurnoutProgramSidebar *self,
                                gint64                 program_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (TURNOUT_IS_PROGRAM_SIDEBAR (self), FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->program_list, i)) != NULL; i++)
    if (row_program_id (self, row) == program_id)
      {
        gtk_list_box_select_row (self->program_list, row);
        return TRUE;
      }
  return FALSE;
}

static void
turnout_program_sidebar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TURNOUT_TYPE_PROGRAM_SIDEBAR);
  G_OBJECT_CLASS (turnout_program_sidebar_parent_class)->dispose (object);
}

static void
turnout_program_sidebar_finalize (GObject *object)
{
  TurnoutProgramSidebar *self = (TurnoutProgramSidebar *) object;

  g_clear_pointer (&self->programs, g_ptr_array_unref);
  G_OBJECT_CLASS (turnout_program_sidebar_parent_class)->finalize (object);
}

static void
turnout_program_sidebar_class_init (TurnoutProgramSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_program_sidebar_dispose;
  object_class->finalize = turnout_program_sidebar_finalize;

  /**
   * TurnoutProgramSidebar::program-selected:
   * @program_id: the program whose row was selected
   */
  signals[PROGRAM_SELECTED] = g_signal_new ("program-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * TurnoutProgramSidebar::program-activated:
   * @program_id: the program whose row was activated
   */
  signals[PROGRAM_ACTIVATED] = g_signal_new ("program-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  turnout_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-program-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutProgramSidebar, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutProgramSidebar, sidebar_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutProgramSidebar, program_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
turnout_program_sidebar_init (TurnoutProgramSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A spinning spinner restyles the whole window every frame in GTK 4.8:
   * it spins only while it is on screen. */
  g_signal_connect (self->sidebar_spinner, "map", G_CALLBACK (gtk_spinner_start), NULL);
  g_signal_connect (self->sidebar_spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
}
