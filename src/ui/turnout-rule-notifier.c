/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-rule-notifier.c: desktop notifications that trigger rules asked for.
 *
 * Rules run inside the store's transactions and only record what to say
 * (rule_events); after a change has committed, the application calls
 * turnout_rule_notifier_deliver(), which takes the unshown events on the
 * worker and raises one GNotification each. A rule stopped because it would
 * loop is shown the same way, so the coordinator learns why it did not run.
 */
#define G_LOG_DOMAIN "turnout-rule-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-rule-notifier.h"
#include "turnout-store-rules.h"

static void
take_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = turnout_store_take_rule_events_finish (TURNOUT_STORE (object), result, &error);

  if (events == NULL)
    {
      g_warning ("Could not read what trigger rules asked to show: %s", error->message);
      return;
    }

  if (!g_application_get_is_registered (application))
    return;

  for (guint i = 0; i < events->len; i++)
    {
      TurnoutRuleEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *id = g_strdup_printf ("rule-event-%" G_GINT64_FORMAT, event->id);
      gboolean loop = g_strcmp0 (event->kind, TURNOUT_RULE_EVENT_LOOP) == 0;

      notification = g_notification_new (loop ? _("A trigger rule was stopped") : event->program_name);
      g_notification_set_body (notification, event->message);
      g_notification_set_priority (notification, loop ? G_NOTIFICATION_PRIORITY_HIGH
                                                      : G_NOTIFICATION_PRIORITY_NORMAL);
      g_application_send_notification (application, id, notification);
    }
}

/**
 * turnout_rule_notifier_deliver:
 *
 * Shows what trigger rules recorded since the last call. Cheap when there
 * is nothing: call it after every change the window makes.
 */
void
turnout_rule_notifier_deliver (GApplication *application,
                               TurnoutStore *store)
{
  g_return_if_fail (G_IS_APPLICATION (application));
  g_return_if_fail (TURNOUT_IS_STORE (store));

  turnout_store_take_rule_events_async (store, 0, NULL, take_cb, g_object_ref (application));
}
