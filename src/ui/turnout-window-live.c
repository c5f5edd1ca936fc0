/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-window-live.c: on a team database, the window follows what
 * other coordinators change, within a second, as they commit it.
 *
 * A TurnoutTeamWatch hears the database's notifications; the members
 * table is read again through the window's own reload, which keeps the
 * selection, the scroll, the search and the order, and the program list
 * (the sidebar's counts) through its own. Notifications come in bursts (a
 * colleague's import is one per statement of theirs), so reloads are
 * spaced: the first at once, then at most one per LIVE_SPACING_MS, and
 * never while a members load is still running, whose rows may be older
 * than the news. While the watch hears nothing a banner says that what
 * others change is not shown.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include "turnout-window-private.h"

#define LIVE_SPACING_MS 300

static void live_schedule (TurnoutWindow *self);

static void
live_reload (TurnoutWindow *self)
{
  self->live_last_reload = g_get_monotonic_time ();
  if (self->live_members && self->program_id != 0)
    _turnout_window_reload_members (self);
  if (self->live_programs)
    _turnout_window_reload_programs (self);
  self->live_members = FALSE;
  self->live_programs = FALSE;
}

static gboolean
live_timeout (gpointer user_data)
{
  TurnoutWindow *self = user_data;

  self->live_timeout_id = 0;
  live_schedule (self);
  return G_SOURCE_REMOVE;
}

static void
live_schedule (TurnoutWindow *self)
{
  gint64 wait_ms;

  if (self->live_timeout_id != 0)
    return;
  wait_ms = (self->live_last_reload - g_get_monotonic_time ()) / 1000 + LIVE_SPACING_MS;
  if (self->members_loading > 0)
    wait_ms = MAX (wait_ms, LIVE_SPACING_MS);
  if (wait_ms <= 0)
    live_reload (self);
  else
    self->live_timeout_id = g_timeout_add ((guint) wait_ms, live_timeout, self);
}

static void
on_members_changed (TurnoutTeamWatch *watch,
                    gint64            program_id,
                    TurnoutWindow    *self)
{
  if (program_id == -1 || program_id == self->program_id)
    self->live_members = TRUE;
  /* The sidebar counts every program's members. */
  self->live_programs = TRUE;
  live_schedule (self);
}

static void
on_programs_changed (TurnoutTeamWatch *watch,
                     gint64            program_id,
                     TurnoutWindow    *self)
{
  self->live_programs = TRUE;
  live_schedule (self);
}

static void
on_connection_lost (TurnoutTeamWatch *watch,
                    TurnoutWindow    *self)
{
  gtk_revealer_set_reveal_child (self->team_banner, TRUE);
}

static void
on_reconnected (TurnoutTeamWatch *watch,
                TurnoutWindow    *self)
{
  gtk_revealer_set_reveal_child (self->team_banner, FALSE);
}

/* A team database's window listens; a file's has no one else to hear. */
void
_turnout_window_live_start (TurnoutWindow *self)
{
  const char *path = turnout_store_get_path (self->store);

  if (!turnout_db_is_team_location (path))
    return;
  self->team_watch = turnout_team_watch_new (path, turnout_store_get_password (self->store));
  turnout_team_watch_ignore_store (self->team_watch, self->store);
  g_signal_connect (self->team_watch, "members-changed", G_CALLBACK (on_members_changed), self);
  g_signal_connect (self->team_watch, "programs-changed", G_CALLBACK (on_programs_changed), self);
  g_signal_connect (self->team_watch, "connection-lost", G_CALLBACK (on_connection_lost), self);
  g_signal_connect (self->team_watch, "reconnected", G_CALLBACK (on_reconnected), self);
}

void
_turnout_window_live_stop (TurnoutWindow *self)
{
  g_clear_handle_id (&self->live_timeout_id, g_source_remove);
  if (self->team_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->team_watch, self);
  g_clear_object (&self->team_watch);
}
