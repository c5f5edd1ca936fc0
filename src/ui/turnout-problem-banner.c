/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-problem-banner.c: ON24's problems as a banner with their fix.
 *
 * libadwaita 1.2 has no AdwBanner (1.3), and GtkInfoBar is on its way
 * out, so this is the same thing built by hand: a revealer sliding down a
 * strip with an icon, the message, the button that fixes it and a close
 * button. A toast goes away before a coordinator reads it; a refused
 * token or an unknown event stays wrong until someone acts, so it stays
 * in view until then: until ON24 answers again for that program (or the
 * account), another program is shown, or it is closed.
 */
#define G_LOG_DOMAIN "turnout-problem-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-on24-error.h"
#include "turnout-problem-banner.h"

struct _TurnoutProblemBanner
{
  GtkWidget    parent_instance;
  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;

  gint64       program_id;  /* 0: the account's */
  gboolean     passing;     /* may go by itself (offline, throttled) */
};

G_DEFINE_FINAL_TYPE (TurnoutProblemBanner, turnout_problem_banner, GTK_TYPE_WIDGET)

static void
show (TurnoutProblemBanner *self,
      gint64                program_id,
      const char           *message,
      const char           *button_label,
      const char           *action_name)
{
  self->program_id = program_id;
  gtk_label_set_text (self->label, message);
  gtk_button_set_label (self->button, button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  /* Read out when it appears, as a toast would be. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
}

gboolean
turnout_problem_banner_show_error (TurnoutProblemBanner *self,
                                   gint64                program_id,
                                   const GError         *error)
{
  g_return_val_if_fail (TURNOUT_IS_PROBLEM_BANNER (self), FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != TURNOUT_ON24_ERROR)
    return FALSE;

  self->passing = turnout_on24_error_is_transient (error);
  switch (error->code)
    {
    case TURNOUT_ON24_ERROR_CREDENTIALS:
    case TURNOUT_ON24_ERROR_NOT_CONFIGURED:
      show (self, 0, error->message, _("_Preferences"), "app.preferences");
      return TRUE;
    case TURNOUT_ON24_ERROR_NOT_FOUND:
      show (self, program_id, error->message, _("Event _Settings"), "win.event-settings");
      return TRUE;
    case TURNOUT_ON24_ERROR_OFFLINE:
    case TURNOUT_ON24_ERROR_TIMED_OUT:
    case TURNOUT_ON24_ERROR_THROTTLED:
    case TURNOUT_ON24_ERROR_SERVER:
      show (self, program_id, error->message, _("_Try Again"), "win.refresh-provider");
      return TRUE;
    default:
      return FALSE;
    }
}

void
turnout_problem_banner_dismiss (TurnoutProblemBanner *self)
{
  g_return_if_fail (TURNOUT_IS_PROBLEM_BANNER (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  self->program_id = 0;
  self->passing = FALSE;
}

void
turnout_problem_banner_resolve (TurnoutProblemBanner *self,
                                gint64                program_id)
{
  g_return_if_fail (TURNOUT_IS_PROBLEM_BANNER (self));

  /* An answer from ON24 proves the tokens and the connection; an unknown
   * event only for its own program. */
  if (!turnout_problem_banner_is_shown (self))
    return;
  if (self->program_id == 0 || self->program_id == program_id || self->passing)
    turnout_problem_banner_dismiss (self);
}

void
turnout_problem_banner_program_changed (TurnoutProblemBanner *self,
                                        gint64                program_id)
{
  g_return_if_fail (TURNOUT_IS_PROBLEM_BANNER (self));

  if (turnout_problem_banner_is_shown (self) && self->program_id != 0 && self->program_id != program_id)
    turnout_problem_banner_dismiss (self);
}

gboolean
turnout_problem_banner_is_shown (TurnoutProblemBanner *self)
{
  g_return_val_if_fail (TURNOUT_IS_PROBLEM_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
turnout_problem_banner_get_message (TurnoutProblemBanner *self)
{
  g_return_val_if_fail (TURNOUT_IS_PROBLEM_BANNER (self), NULL);
  return turnout_problem_banner_is_shown (self) ? gtk_label_get_text (self->label) : NULL;
}

const char *
turnout_problem_banner_get_action_name (TurnoutProblemBanner *self)
{
  g_return_val_if_fail (TURNOUT_IS_PROBLEM_BANNER (self), NULL);
  return gtk_actionable_get_action_name (GTK_ACTIONABLE (self->button));
}

GtkButton *
turnout_problem_banner_get_button (TurnoutProblemBanner *self)
{
  g_return_val_if_fail (TURNOUT_IS_PROBLEM_BANNER (self), NULL);
  return self->button;
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  turnout_problem_banner_dismiss (TURNOUT_PROBLEM_BANNER (widget));
}

/* Hidden once it has slid up, so it takes no space and no focus. */
static void
on_child_revealed (TurnoutProblemBanner *self)
{
  if (!gtk_revealer_get_child_revealed (self->revealer) && !gtk_revealer_get_reveal_child (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
turnout_problem_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TURNOUT_TYPE_PROBLEM_BANNER);
  G_OBJECT_CLASS (turnout_problem_banner_parent_class)->dispose (object);
}

static void
turnout_problem_banner_class_init (TurnoutProblemBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = turnout_problem_banner_dispose;

  turnout_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/turnoutapp/Turnout/ui/turnout-problem-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutProblemBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, TurnoutProblemBanner, label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutProblemBanner, button);
  gtk_widget_class_bind_template_callback (widget_class, on_child_revealed);
  gtk_widget_class_install_action (widget_class, "banner.dismiss", NULL, dismiss_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "problembanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
turnout_problem_banner_init (TurnoutProblemBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
