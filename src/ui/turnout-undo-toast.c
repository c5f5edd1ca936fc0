/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-undo-toast.c: a toast that can take its change back.
 *
 * The dialogs that change members (Approve Pending, the wait list) say
 * what they did in a toast with an Undo button, as the window's Change
 * Status does. Pressing it activates the dialog's own action, which
 * undoes the recorded change through the store (turnout-undo.c) as a bulk
 * change, with its progress and Cancel, and says what came back.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

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

/**
 * turnout_undo_toast_offer:
 * @action_name: the owner's action that undoes a change, given its id
 *   (an int64): the owner runs the Undo, with its progress and Cancel
 *
 * Gives @toast an Undo button for @change_id, for ten seconds.
 */
void
turnout_undo_toast_offer (AdwToast   *toast,
                          gint64      change_id,
                          const char *action_name)
{
  adw_toast_set_button_label (toast, _("_Undo"));
  /* The target first: an action taking an id is never without one. */
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (change_id));
  adw_toast_set_action_name (toast, action_name);
  adw_toast_set_timeout (toast, 10);
}

/**
 * turnout_undo_toast_new:
 * @change_id: the change to take back; 0 makes a plain toast
 *
 * Returns: (transfer full): the toast, with its Undo
 *   (turnout_undo_toast_offer ()), to add to the owner's overlay
 */
AdwToast *
turnout_undo_toast_new (const char *title,
                        gint64      change_id,
                        const char *action_name)
{
  AdwToast *toast = adw_toast_new (title);

  if (change_id > 0)
    turnout_undo_toast_offer (toast, change_id, action_name);
  return toast;
}

/**
 * turnout_undo_result_toast:
 * @summary: (nullable): what the Undo did; %NULL when it failed with @error
 * @change_id: the change it was to take back
 *
 * Returns: (transfer full): the toast saying so: what came back; or,
 * cancelled, that nothing changed, offering Undo again; or the error.
 */
AdwToast *
turnout_undo_result_toast (const TurnoutUndoSummary *summary,
                           const GError             *error,
                           gint64                    change_id,
                           const char               *action_name)
{
  g_autofree char *text = NULL;

  if (summary != NULL)
    {
      text = turnout_undo_describe (summary);
      return adw_toast_new (text);
    }
  /* Nothing was written: the change stays, and can still be undone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return turnout_undo_toast_new (_("Undo cancelled; nothing was changed"), change_id, action_name);
  return adw_toast_new (error->message);
}
