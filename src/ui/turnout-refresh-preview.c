/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-refresh-preview.c: a refresh by hand, previewed before it is
 * applied.
 *
 * What the dialog shows is what Apply does: the counts come from the
 * apply itself, run dry on the store's thread over the fetched data, and
 * Apply applies that same data at the same moment instead of asking ON24
 * again.
 */
#define G_LOG_DOMAIN "turnout-refresh-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-refresh-preview.h"

typedef struct
{
  GtkWindow          *parent;   /* weak */
  TurnoutOn24Service *service;
  char               *program_name;
  GtkSpinner         *busy;
  TurnoutOn24Fetch   *fetch;
  gboolean            decided;  /* the dialog answered, or went away */
} Run;

static void
run_free (Run *run)
{
  g_clear_weak_pointer (&run->parent);
  g_clear_object (&run->service);
  g_clear_object (&run->busy);
  g_clear_pointer (&run->fetch, turnout_on24_fetch_unref);
  g_free (run->program_name);
  g_free (run);
}

static void
set_busy (Run      *run,
          gboolean  busy)
{
  if (run->busy == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (run->busy), busy);
  if (busy)
    gtk_spinner_start (run->busy);
  else
    gtk_spinner_stop (run->busy);
}

gboolean
turnout_refresh_preview_has_changes (const TurnoutRefreshSummary *summary)
{
  g_return_val_if_fail (summary != NULL, FALSE);
  return summary->attended + summary->attended_on_demand + summary->no_show + summary->added > 0;
}

static void
append_line (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

static void
append_move (GString    *text,
             guint       count,
             const char *status)
{
  g_autofree char *line = NULL;

  if (count == 0)
    return;
  /* Translators: how many moved to which status, "12 → Attended" */
  line = g_strdup_printf (_("%'u → %s"), count, status);
  append_line (text, line);
}

char *
turnout_refresh_preview_describe (const TurnoutRefreshSummary *summary)
{
  GString *text = g_string_new (NULL);
  g_autofree char *added = NULL;
  g_autofree char *unchanged = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  append_move (text, summary->attended, _("Attended"));
  append_move (text, summary->attended_on_demand, _("Attended On-demand"));
  append_move (text, summary->no_show, _("No Show"));
  if (summary->added > 0)
    {
      added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u person added", "%'u people added", summary->added),
                               summary->added);
      append_line (text, added);
    }
  unchanged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u attendee unchanged", "%'u attendees unchanged",
                                            summary->unchanged),
                               summary->unchanged);
  append_line (text, unchanged);
  if (summary->ignored_removed > 0)
    {
      g_autofree char *removed = NULL;

      removed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u ignored: removed at ON24",
                                              "%'u ignored: removed at ON24", summary->ignored_removed),
                                 summary->ignored_removed);
      append_line (text, removed);
    }
  if (summary->ignored_forgotten > 0)
    {
      g_autofree char *forgotten = NULL;

      forgotten = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u ignored: forgotten on request",
                                                "%'u ignored: forgotten on request", summary->ignored_forgotten),
                                   summary->ignored_forgotten);
      append_line (text, forgotten);
    }

  if (summary->no_show_pending > 0)
    {
      g_autofree char *pending = NULL;

      /* Said once the data is final: why some are left as they are. */
      pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%'u more becomes No Show once ON24’s data is final",
                                              "%'u more become No Show once ON24’s data is final",
                                              summary->no_show_pending),
                                 summary->no_show_pending);
      g_string_append (text, "\n\n");
      g_string_append (text, pending);
    }

  return g_string_free (text, FALSE);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  TurnoutRefreshSummary *summary;

  summary = turnout_on24_service_apply_finish (TURNOUT_ON24_SERVICE (object), result, &error);
  set_busy (run, FALSE);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) turnout_refresh_summary_free);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  Run *run = g_task_get_task_data (task);

  /* One answer per preview: a second Apply does nothing. */
  if (run->decided)
    return;
  run->decided = TRUE;

  if (g_strcmp0 (response, "apply") != 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  set_busy (run, TRUE);
  turnout_on24_service_apply_async (run->service, run->fetch, g_task_get_cancellable (task),
                                    applied_cb, g_object_ref (task));
}

/* Destroyed with its window, unanswered: as if cancelled. */
static void
dialog_destroy_cb (GtkWidget *dialog,
                   GTask     *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->decided)
    return;
  run->decided = TRUE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The preview was closed");
}

static void
present_preview (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  const TurnoutRefreshSummary *summary = turnout_on24_fetch_get_preview (run->fetch);
  g_autofree char *body = turnout_refresh_preview_describe (summary);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (turnout_refresh_preview_has_changes (summary))
    {
      /* Translators: the heading of the refresh preview; %s is the program */
      heading = g_strdup_printf (_("Refresh “%s” from ON24?"), run->program_name);
      dialog = adw_message_dialog_new (run->parent, heading, body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "apply", _("_Apply"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                                  ADW_RESPONSE_SUGGESTED);
      /* Nothing of it can be taken back: the careful answer is the default. */
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    }
  else
    {
      g_autofree char *full = NULL;

      /* Translators: %s is the program */
      heading = g_strdup_printf (_("“%s” Is Up to Date"), run->program_name);
      full = g_strdup_printf ("%s\n\n%s", _("ON24 reports nothing new: nobody would change status or be added."),
                              body);
      dialog = adw_message_dialog_new (run->parent, heading, full);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
    }

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), task);
  g_signal_connect_data (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  set_busy (run, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
previewed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->fetch = turnout_on24_service_preview_finish (TURNOUT_ON24_SERVICE (object), result, &error);
  if (run->fetch == NULL)
    {
      set_busy (run, FALSE);
      g_task_return_error (task, error);
      return;
    }
  if (run->parent == NULL)
    {
      set_busy (run, FALSE);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The window was closed");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      set_busy (run, FALSE);
      return;
    }
  present_preview (task);
}

void
turnout_refresh_preview_run_async (GtkWindow           *parent,
                                   TurnoutOn24Service  *service,
                                   gint64               program_id,
                                   const char          *program_name,
                                   GtkSpinner          *busy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (TURNOUT_IS_ON24_SERVICE (service));
  g_return_if_fail (busy == NULL || GTK_IS_SPINNER (busy));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, turnout_refresh_preview_run_async);
  run = g_new0 (Run, 1);
  g_set_weak_pointer (&run->parent, parent);
  run->service = g_object_ref (service);
  run->program_name = g_strdup (program_name);
  run->busy = busy ? g_object_ref (busy) : NULL;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  set_busy (run, TRUE);
  turnout_on24_service_preview_async (service, program_id, cancellable, previewed_cb, g_steal_pointer (&task));
}

TurnoutRefreshSummary *
turnout_refresh_preview_run_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
