/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-undo-toast.c: a toast that can take its change back.
 *
 * The dialogs that change members (Approve Pending, the wait list) say
 * what they did in a toast with an Undo button, as the window's Change
 * Status does. Pressing it undoes the recorded change through the store
 * (turnout-undo.c) and says in the same overlay what came back.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-store-undo.h"
#include "turnout-undo-toast.h"

/* "Undone: 3 members back as before · 1 changed since, left as is" */
char *
turnout_undo_describe (const TurnoutUndoSummary *summary)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Undone: %'u member back as before",
                                                        "Undone: %'u members back as before", summary->restored),
                                           summary->restored));
  if (summary->changed_since > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u changed since, left as is",
                                                          "%'u changed since, left as they are",
                                                          summary->changed_since),
                                             summary->changed_since));
  if (summary->withdrawn > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u registration not sent to ON24",
                                                          "%'u registrations not sent to ON24", summary->withdrawn),
                                             summary->withdrawn));
  if (summary->stay_at_on24 > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u stays registered at ON24",
                                                          "%'u stay registered at ON24", summary->stay_at_on24),
                                             summary->stay_at_on24));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

typedef struct
{
  GWeakRef           overlay;
  GWeakRef           owner;
  TurnoutUndoneFunc  undone;
} UndoCall;

static void
undo_call_free (UndoCall *call)
{
  g_weak_ref_clear (&call->overlay);
  g_weak_ref_clear (&call->owner);
  g_free (call);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UndoCall *call = user_data;
  g_autoptr(AdwToastOverlay) overlay = g_weak_ref_get (&call->overlay);
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&call->owner);
  g_autoptr(GError) error = NULL;
  g_autofree TurnoutUndoSummary *summary = turnout_store_undo_change_finish (TURNOUT_STORE (object), result,
                                                                              &error);
  g_autofree char *text = summary ? turnout_undo_describe (summary) : NULL;

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, adw_toast_new (summary ? text : error->message));
  if (summary != NULL && owner != NULL && call->undone != NULL)
    call->undone (owner, summary);
  undo_call_free (call);
}

static void
button_clicked_cb (AdwToast *toast,
                   gpointer  user_data)
{
  TurnoutStore *store = g_object_get_data (G_OBJECT (toast), "turnout-store");
  gint64 change_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "turnout-change"));
  UndoCall *call = user_data;
  UndoCall *copy = g_new0 (UndoCall, 1);
  g_autoptr(GObject) overlay = g_weak_ref_get (&call->overlay);
  g_autoptr(GObject) owner = g_weak_ref_get (&call->owner);

  /* Once: the button goes with the toast. */
  g_weak_ref_init (&copy->overlay, overlay);
  g_weak_ref_init (&copy->owner, owner);
  copy->undone = call->undone;
  turnout_store_undo_change_async (store, change_id, NULL, NULL, undone_cb, copy);
}

/**
 * turnout_undo_toast_new:
 * @change_id: the change to take back; 0 makes a plain toast
 *
 * Returns: (transfer full): the toast, to add to @overlay
 */
AdwToast *
turnout_undo_toast_new (const char        *title,
                        TurnoutStore      *store,
                        gint64             change_id,
                        AdwToastOverlay   *overlay,
                        GtkWidget         *owner,
                        TurnoutUndoneFunc  undone)
{
  AdwToast *toast = adw_toast_new (title);
  UndoCall *call;

  if (change_id <= 0 || store == NULL)
    return toast;

  call = g_new0 (UndoCall, 1);
  g_weak_ref_init (&call->overlay, overlay);
  g_weak_ref_init (&call->owner, owner);
  call->undone = undone;
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "turnout-store", g_object_ref (store), g_object_unref);
  g_object_set_data (G_OBJECT (toast), "turnout-change", GSIZE_TO_POINTER ((gsize) change_id));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (button_clicked_cb), call,
                         (GClosureNotify) (void (*) (void)) undo_call_free, 0);
  return toast;
}
