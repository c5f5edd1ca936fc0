/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-team-watch.c: hears of other coordinators' changes to a team
 * database.
 *
 * The team schema's triggers (turnout-schema-pg.h) notify a channel per
 * program a statement touched; this keeps a connection of its own that
 * LISTENs on them, beside the store's, which is busy on its worker with
 * one statement after another. Its socket is watched on the main context:
 * when it is readable the notifications are read without waiting and told
 * as signals, a burst of them once per program.
 *
 * Connecting blocks (libpq resolves the host name while it connects), so
 * it runs on a thread; when the connection is lost the watch says so once
 * and tries again every RETRY_SECONDS until it is back, and then tells
 * every program changed: what happened meanwhile was not heard.
 *
 * The store's own changes are notified too; its owner shows them already
 * (and reloading twice after a change to 100,000 members would be felt),
 * so those coming from the store's server process are not told.
 */
#define G_LOG_DOMAIN "turnout-team-watch"

#include "config.h"

#include <glib-unix.h>
#include <libpq-fe.h>

#include "turnout-db-private.h"
#include "turnout-pg.h"
#include "turnout-team-watch.h"

#define RETRY_SECONDS 5

struct _TurnoutTeamWatch
{
  GObject       parent_instance;
  char         *uri;
  char         *password;
  GMainContext *context;
  GCancellable *cancellable;
  PGconn       *conn;       /* NULL while connecting or waiting to retry */
  GSource      *socket_source;
  GSource      *retry_source;
  gboolean      lost;       /* "connection-lost" told, "reconnected" not yet */
  int           ignored_pid; /* the store's server process, or 0 */
};

G_DEFINE_FINAL_TYPE (TurnoutTeamWatch, turnout_team_watch, G_TYPE_OBJECT)

enum {
  MEMBERS_CHANGED,
  PROGRAMS_CHANGED,
  CONNECTION_LOST,
  RECONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_connecting (TurnoutTeamWatch *self);

/* Once per program; -1 (every program) stands for all of them. */
static void
add_program (GArray *ids,
             gint64  id)
{
  if (ids->len > 0 && g_array_index (ids, gint64, 0) == -1)
    return;
  if (id == -1)
    g_array_set_size (ids, 0);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

static void
emit_each (TurnoutTeamWatch *self,
           guint             signal,
           GArray           *ids)
{
  for (guint i = 0; i < ids->len; i++)
    g_signal_emit (self, signals[signal], 0, g_array_index (ids, gint64, i));
}

/* Tells what libpq has read. All are taken first: a handler may drop the
 * watch. */
static void
tell_notifications (TurnoutTeamWatch *self)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) programs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TurnoutTeamWatch) alive = g_object_ref (self);
  PGnotify *notify;

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      gint64 id = -1;

      /* A payload that is not a program's id: every program. */
      if (!g_ascii_string_to_signed (notify->extra, 10, -1, G_MAXINT64, &id, NULL))
        id = -1;
      if (self->ignored_pid == 0 || notify->be_pid != self->ignored_pid)
        add_program (g_str_equal (notify->relname, "turnout_programs") ? programs : members, id);
      PQfreemem (notify);
    }
  emit_each (self, MEMBERS_CHANGED, members);
  emit_each (self, PROGRAMS_CHANGED, programs);
}

static gboolean
retry_cb (gpointer user_data)
{
  TurnoutTeamWatch *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_connecting (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (TurnoutTeamWatch *self)
{
  g_assert (self->retry_source == NULL);
  self->retry_source = g_timeout_source_new_seconds (RETRY_SECONDS);
  g_source_set_callback (self->retry_source, retry_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static void
stop_socket (TurnoutTeamWatch *self)
{
  if (self->socket_source != NULL)
    {
      g_source_destroy (self->socket_source);
      g_clear_pointer (&self->socket_source, g_source_unref);
    }
  g_clear_pointer (&self->conn, PQfinish);
}

static void
connection_lost (TurnoutTeamWatch *self)
{
  stop_socket (self);
  retry_later (self);
  if (!self->lost)
    {
      self->lost = TRUE;
      g_signal_emit (self, signals[CONNECTION_LOST], 0);
    }
}

static gboolean
socket_ready_cb (int          fd,
                 GIOCondition condition,
                 gpointer     user_data)
{
  TurnoutTeamWatch *self = user_data;

  /* Reads what has come, never waits; 0 when the server is gone. */
  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_debug ("The team database's notifications stopped: %s", PQerrorMessage (self->conn));
      connection_lost (self);
      return G_SOURCE_REMOVE;
    }
  tell_notifications (self);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  char *uri;
  char *password;
} Address;

static void
address_free (gpointer data)
{
  Address *address = data;

  g_free (address->uri);
  g_free (address->password);
  g_free (address);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Address *address = task_data;
  g_autofree char *why = NULL;
  PGconn *conn = turnout_pg_connect_conn (address->uri, address->password, &why);
  PGresult *result;

  if (conn == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "%s", why);
      return;
    }
  result = PQexec (conn, "LISTEN turnout_members; LISTEN turnout_programs");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQerrorMessage (conn));
      PQclear (result);
      PQfinish (conn);
      return;
    }
  PQclear (result);
  g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);
  TurnoutTeamWatch *self;

  /* Cancelled on dispose: the watch may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (conn == NULL)
    {
      /* The first try too: nothing is heard until one works. */
      g_debug ("Cannot listen to the team database: %s", error->message);
      connection_lost (self);
      return;
    }

  self->conn = conn;
  self->socket_source = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->socket_source, G_SOURCE_FUNC (socket_ready_cb), self, NULL);
  g_source_attach (self->socket_source, self->context);
  if (self->lost)
    {
      g_autoptr(TurnoutTeamWatch) alive = g_object_ref (self);

      self->lost = FALSE;
      g_signal_emit (self, signals[RECONNECTED], 0);
      g_signal_emit (self, signals[MEMBERS_CHANGED], 0, (gint64) -1);
      g_signal_emit (self, signals[PROGRAMS_CHANGED], 0, (gint64) -1);
    }
  /* What came with the LISTEN's answer is read already: the socket will
   * not say so. */
  else
    tell_notifications (self);
}

static void
start_connecting (TurnoutTeamWatch *self)
{
  g_autoptr(GTask) task = NULL;
  Address *address = g_new0 (Address, 1);

  address->uri = g_strdup (self->uri);
  address->password = g_strdup (self->password);
  /* No source object: a watch dropped while connecting goes at once, and
   * its cancelled task frees the connection made. */
  task = g_task_new (NULL, self->cancellable, connect_cb, self);
  g_task_set_source_tag (task, start_connecting);
  g_task_set_task_data (task, address, address_free);
  g_task_run_in_thread (task, connect_thread);
}

static gpointer
backend_pid_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  TurnoutStmt *stmt;
  int *pid = g_new0 (int, 1);

  if (!turnout_db_is_postgres (db))
    return pid;
  stmt = turnout_db_prepare (db, "SELECT pg_backend_pid ()", error);
  if (stmt == NULL)
    {
      g_free (pid);
      return NULL;
    }
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    *pid = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  return pid;
}

static void
backend_pid_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TurnoutTeamWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree int *pid = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);

  /* Not open: it makes no changes to ignore. */
  if (pid == NULL)
    {
      g_debug ("The store's server process is not known: %s", error->message);
      return;
    }
  self->ignored_pid = *pid;
}

void
turnout_team_watch_ignore_store (TurnoutTeamWatch *self,
                                 TurnoutStore     *store)
{
  g_return_if_fail (TURNOUT_IS_TEAM_WATCH (self));
  g_return_if_fail (TURNOUT_IS_STORE (store));

  turnout_store_run_async (store, backend_pid_job, NULL, NULL, g_free, self->cancellable,
                           backend_pid_cb, g_object_ref (self));
}

gboolean
turnout_team_watch_is_connected (TurnoutTeamWatch *self)
{
  g_return_val_if_fail (TURNOUT_IS_TEAM_WATCH (self), FALSE);
  return self->conn != NULL;
}

static void
turnout_team_watch_dispose (GObject *object)
{
  TurnoutTeamWatch *self = (TurnoutTeamWatch *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  stop_socket (self);

  G_OBJECT_CLASS (turnout_team_watch_parent_class)->dispose (object);
}

static void
turnout_team_watch_finalize (GObject *object)
{
  TurnoutTeamWatch *self = (TurnoutTeamWatch *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->password, g_free);

  G_OBJECT_CLASS (turnout_team_watch_parent_class)->finalize (object);
}

static void
turnout_team_watch_class_init (TurnoutTeamWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = turnout_team_watch_dispose;
  object_class->finalize = turnout_team_watch_finalize;

  signals[MEMBERS_CHANGED] =
    g_signal_new ("members-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[PROGRAMS_CHANGED] =
    g_signal_new ("programs-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CONNECTION_LOST] =
    g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
turnout_team_watch_init (TurnoutTeamWatch *self)
{
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* Starts listening at once; the signals come on the thread-default main
 * context of the caller. */
TurnoutTeamWatch *
turnout_team_watch_new (const char *uri,
                        const char *password)
{
  TurnoutTeamWatch *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (TURNOUT_TYPE_TEAM_WATCH, NULL);
  self->uri = g_strdup (uri);
  self->password = g_strdup (password);
  start_connecting (self);
  return self;
}
