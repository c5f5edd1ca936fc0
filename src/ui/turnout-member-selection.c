/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-selection.c: which members of the table are selected.
 *
 * GTK 4.8's GtkMultiSelection takes the item of every position that is
 * selected or unselected and keeps a reference to each selected one, so
 * that an item removed and added again stays selected. Selecting all of a
 * million members made a million TurnoutMemberRow objects this way (1.5 s,
 * and more than a hundred megabytes), and every change of the rows shown
 * then walked them. The members list never removes and adds an item
 * again: it points live items at other rows instead, and the window
 * selects again by person after the rows change. So this selection keeps
 * only the positions, as one GtkBitset, and selecting everything is one
 * range added to it.
 */
#define G_LOG_DOMAIN "turnout-member-selection"

#include "config.h"

#include "turnout-member-selection.h"

struct _TurnoutMemberSelection
{
  GObject            parent_instance;
  TurnoutMemberList *list;
  GtkBitset         *selected;
};

static void list_model_iface_init (GListModelInterface *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TurnoutMemberSelection, turnout_member_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

static GType
turnout_member_selection_get_item_type (GListModel *model)
{
  return TURNOUT_TYPE_MEMBER_ROW;
}

static guint
turnout_member_selection_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (TURNOUT_MEMBER_SELECTION (model)->list));
}

static gpointer
turnout_member_selection_get_item (GListModel *model,
                                   guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (TURNOUT_MEMBER_SELECTION (model)->list), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = turnout_member_selection_get_item_type;
  iface->get_n_items = turnout_member_selection_get_n_items;
  iface->get_item = turnout_member_selection_get_item;
}

static gboolean
turnout_member_selection_is_selected (GtkSelectionModel *model,
                                      guint              position)
{
  return gtk_bitset_contains (TURNOUT_MEMBER_SELECTION (model)->selected, position);
}

/* A copy: the caller may keep it while the selection changes. */
static GtkBitset *
turnout_member_selection_get_selection_in_range (GtkSelectionModel *model,
                                                 guint              position,
                                                 guint              n_items)
{
  return gtk_bitset_copy (TURNOUT_MEMBER_SELECTION (model)->selected);
}

static gboolean
turnout_member_selection_set_selection (GtkSelectionModel *model,
                                        GtkBitset         *selected,
                                        GtkBitset         *mask)
{
  TurnoutMemberSelection *self = TURNOUT_MEMBER_SELECTION (model);
  g_autoptr(GtkBitset) changes = gtk_bitset_copy (selected);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint min, max;

  /* The positions within @mask whose state differs, and no more. */
  gtk_bitset_difference (changes, self->selected);
  gtk_bitset_intersect (changes, mask);
  if (n_items < G_MAXUINT)
    gtk_bitset_remove_range (changes, n_items, G_MAXUINT - n_items);
  if (gtk_bitset_is_empty (changes))
    return TRUE;

  min = gtk_bitset_get_minimum (changes);
  max = gtk_bitset_get_maximum (changes);
  gtk_bitset_difference (self->selected, changes);
  gtk_selection_model_selection_changed (model, min, max - min + 1);
  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = turnout_member_selection_is_selected;
  iface->get_selection_in_range = turnout_member_selection_get_selection_in_range;
  iface->set_selection = turnout_member_selection_set_selection;
}

/* Positions taken away leave the selection; those after them move. */
static void
on_items_changed (GListModel             *list,
                  guint                   position,
                  guint                   removed,
                  guint                   added,
                  TurnoutMemberSelection *self)
{
  gtk_bitset_splice (self->selected, position, removed, added);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
turnout_member_selection_dispose (GObject *object)
{
  TurnoutMemberSelection *self = (TurnoutMemberSelection *) object;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, on_items_changed, self);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (turnout_member_selection_parent_class)->dispose (object);
}

static void
turnout_member_selection_finalize (GObject *object)
{
  TurnoutMemberSelection *self = (TurnoutMemberSelection *) object;

  g_clear_pointer (&self->selected, gtk_bitset_unref);

  G_OBJECT_CLASS (turnout_member_selection_parent_class)->finalize (object);
}

static void
turnout_member_selection_class_init (TurnoutMemberSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = turnout_member_selection_dispose;
  object_class->finalize = turnout_member_selection_finalize;
}

static void
turnout_member_selection_init (TurnoutMemberSelection *self)
{
  self->selected = gtk_bitset_new_empty ();
}

TurnoutMemberSelection *
turnout_member_selection_new (TurnoutMemberList *list)
{
  TurnoutMemberSelection *self;

  g_return_val_if_fail (TURNOUT_IS_MEMBER_LIST (list), NULL);

  self = g_object_new (TURNOUT_TYPE_MEMBER_SELECTION, NULL);
  self->list = g_object_ref (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}

TurnoutMemberList *
turnout_member_selection_get_list (TurnoutMemberSelection *self)
{
  g_return_val_if_fail (TURNOUT_IS_MEMBER_SELECTION (self), NULL);
  return self->list;
}
