/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-checkpointer.c: the WAL's checkpoints, off the writer's thread.
 *
 * In WAL mode a commit appends pages to the -wal file, and a checkpoint
 * later copies them into the database file. SQLite's automatic checkpoint
 * runs inside the commit that crosses its threshold, so the writer that
 * happened to commit then waited for it: about 0.1 s after a 100k-row
 * import, and the same after a large refresh. Here the connection's WAL
 * hook only asks, and this thread, with a connection of its own, runs the
 * checkpoint. A passive checkpoint takes no lock a reader or the next
 * writer waits for, and a crash at any moment of it loses nothing: the
 * pages stay in the WAL until they are in the database file.
 */
#define G_LOG_DOMAIN "turnout-db"

#include "config.h"

#include <sqlite3.h>

#include "turnout-checkpointer.h"

struct _TurnoutCheckpointer
{
  char    *path;
  GThread *thread;
  GMutex   mutex;
  GCond    cond;
  gboolean wanted;
  gboolean running;
  gboolean quit;
  guint    n_done;   /* checkpoints run, for tests */
};

static void
checkpoint (sqlite3    **handle,
            const char  *path)
{
  int n_log = 0;
  int n_done = 0;
  int rc;

  if (*handle == NULL)
    {
      rc = sqlite3_open_v2 (path, handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
      /* A new connection knows it is in WAL mode only once it has read
       * the database; until then a checkpoint does nothing. */
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (*handle, "PRAGMA journal_mode", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          g_debug ("No connection for checkpoints: %s", sqlite3_errstr (rc));
          g_clear_pointer (handle, sqlite3_close_v2);
          return;
        }
    }

  /* Busy means another connection is checkpointing: the WAL gets there. */
  rc = sqlite3_wal_checkpoint_v2 (*handle, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_log, &n_done);
  if (rc != SQLITE_OK)
    g_debug ("Checkpoint: %s", sqlite3_errstr (rc));
  else
    g_debug ("Checkpoint: %d of %d pages", n_done, n_log);
}

static gpointer
checkpointer_main (gpointer data)
{
  TurnoutCheckpointer *self = data;
  sqlite3 *handle = NULL;

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      while (!self->wanted && !self->quit)
        g_cond_wait (&self->cond, &self->mutex);
      if (self->quit)
        break;

      self->wanted = FALSE;
      self->running = TRUE;
      g_mutex_unlock (&self->mutex);
      checkpoint (&handle, self->path);
      g_mutex_lock (&self->mutex);
      self->running = FALSE;
      self->n_done++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->mutex);

  sqlite3_close_v2 (handle);
  return NULL;
}

TurnoutCheckpointer *
turnout_checkpointer_new (const char *path)
{
  TurnoutCheckpointer *self = g_new0 (TurnoutCheckpointer, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  return self;
}

/**
 * turnout_checkpointer_request:
 *
 * Asks for a checkpoint soon and returns at once. Requests made while one
 * runs make one more.
 */
void
turnout_checkpointer_request (TurnoutCheckpointer *self)
{
  g_mutex_lock (&self->mutex);
  if (self->thread == NULL)
    self->thread = g_thread_new ("turnout-checkpoint", checkpointer_main, self);
  self->wanted = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * turnout_checkpointer_wait:
 *
 * Waits until no checkpoint is asked for or running. Returns how many
 * have run so far.
 */
guint
turnout_checkpointer_wait (TurnoutCheckpointer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  while ((self->wanted || self->running) && self->thread != NULL)
    g_cond_wait (&self->cond, &self->mutex);
  n = self->n_done;
  g_mutex_unlock (&self->mutex);
  return n;
}

/* Lets a running checkpoint finish, then stops the thread. */
void
turnout_checkpointer_free (TurnoutCheckpointer *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->quit = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  if (self->thread != NULL)
    g_thread_join (self->thread);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}
