/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store.c: the database's own thread.
 *
 * Jobs are queued on a GAsyncQueue and run in order on one worker thread
 * that owns the connection; their GTask returns to the caller's context.
 * Ordering matters: a change queued after a read sees that read's world.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "turnout-store.h"

/* What the worker thread owns. It outlives the store if the store's last
 * reference happens to be dropped on the worker itself (a GTask's source
 * object), so it must not point back at the store.
 */
typedef struct
{
  char        *path;
  char        *password;  /* a team database's, from the keyring; or NULL */
  GAsyncQueue *queue;
  TurnoutDb   *db;
} Worker;

struct _TurnoutStore
{
  GObject       parent_instance;
  char         *path;
  GThread      *thread;
  Worker       *worker;
};

typedef struct
{
  TurnoutStoreFunc  func;
  gpointer          data;
  GDestroyNotify    data_destroy;
  GDestroyNotify    result_destroy;
  GTask            *task;
  TurnoutProgress  *progress;
  gboolean          monitored; /* a bulk change: progress and cancellable reach the db */
  gboolean          opens;   /* the job that opens the database */
  gboolean          quit;
} Job;

G_DEFINE_FINAL_TYPE (TurnoutStore, turnout_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
job_free (Job *job)
{
  if (job->data_destroy != NULL)
    g_clear_pointer (&job->data, job->data_destroy);
  g_clear_object (&job->task);
  g_free (job);
}

/* The worker must never drop the last reference to a task: the task holds
 * the store, and a store finalized on its own worker would join itself.
 * The task goes back to the context it completes on. */
static gboolean
unref_task (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static gpointer open_job (TurnoutDb     *unused,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error);

/* A job that took this long worked on many rows: what it freed, and what
 * its caller frees soon after (the table it replaces), goes back to the
 * system once the worker has been idle a second. */
#define LONG_JOB_US (100 * G_TIME_SPAN_MILLISECOND)
#define TRIM_AFTER_US G_TIME_SPAN_SECOND
/* A job this long (a change of a million members) leaves enough behind to
 * be given back before the next job too, when one follows at once. Not
 * after shorter ones: giving memory back also takes it from the main
 * thread's heap, whose next frames then fault their pages in again (after
 * a window's bulk change of 100k members, with its reload following, the
 * longest main-loop step had a median of 28 ms over four runs, against
 * 21 ms without). */
#define HUGE_JOB_US G_TIME_SPAN_SECOND

/* glibc keeps freed memory for reuse, per thread that allocated it: after
 * a million rows read, changed or imported, and freed, the process stayed
 * a hundred megabytes or more above where it was, and the next large job
 * (on another thread's heap) came on top of that. */
static void
release_free_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/* How much nicer than the window the worker is. While it reads a reloaded
 * table of 100k members (with the second thread it starts, which inherits
 * this), the window's thread and the display server want the same two
 * cores: at the same priority the window's frames waited for one, a
 * layout of 2 ms on the CPU taking 10-15 ms. Niceness only counts when
 * every core is busy, so alone the worker runs as fast as before; and
 * where the kernel groups processes by session (autogroup, Debian's
 * default), it weighs the worker against the session's other threads
 * only, not the session against the rest of the desktop. */
#define WORKER_NICENESS 10

/* Linux gives each thread its own nice value, and new threads take their
 * creator's. Elsewhere the worker keeps the process's. */
static void
lower_own_priority (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int nice;

  errno = 0;
  nice = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0 && setpriority (PRIO_PROCESS, (id_t) tid, MIN (nice + WORKER_NICENESS, 19)) != 0)
    g_debug ("Could not lower the store thread's priority: %s", g_strerror (errno));
#endif
}

static gpointer
worker_main (gpointer user_data)
{
  Worker *self = user_data;
  gboolean trim_pending = FALSE;
  gboolean trim_first = FALSE;

  lower_own_priority ();

  for (;;)
    {
      Job *job = trim_pending ? g_async_queue_timeout_pop (self->queue, TRIM_AFTER_US) : g_async_queue_pop (self->queue);
      GCancellable *cancellable;
      GError *error = NULL;
      gpointer result;
      gint64 started;

      if (job == NULL)
        {
          release_free_memory ();
          trim_pending = FALSE;
          continue;
        }
      /* The next job comes at once after a huge one (the reload after a
       * bulk change): what that freed goes back first, rather than count
       * again under this one's peak. */
      if (trim_first)
        {
          release_free_memory ();
          trim_pending = FALSE;
        }
      trim_first = FALSE;
      started = g_get_monotonic_time ();

      if (job->quit)
        {
          job_free (job);
          break;
        }

      cancellable = g_task_get_cancellable (job->task);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        g_task_return_error (job->task, error);
      else if (self->db == NULL && !job->opens)
        g_task_return_new_error (job->task, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                                 _("The database is not open"));
      else
        {
          if (job->monitored)
            turnout_db_set_bulk_monitor (self->db, job->progress, cancellable);
          result = job->func (self->db, job->data, cancellable, &error);
          if (job->monitored)
            turnout_db_set_bulk_monitor (self->db, NULL, NULL);
          /* A change the job recorded for Undo goes back with its answer
           * (turnout_store_result_get_change ()), and to this job only. */
          if (self->db != NULL)
            {
              gint64 change = turnout_db_take_last_change (self->db);

              if (change != 0 && error == NULL)
                g_task_set_task_data (job->task, g_memdup2 (&change, sizeof change), g_free);
            }
          if (error != NULL)
            g_task_return_error (job->task, error);
          else
            g_task_return_pointer (job->task, result, job->result_destroy);
        }

      {
        GTask *task = g_steal_pointer (&job->task);

        GSource *source = g_idle_source_new ();

        job_free (job);
        if (g_get_monotonic_time () - started >= LONG_JOB_US)
          trim_pending = TRUE;
        if (g_get_monotonic_time () - started >= HUGE_JOB_US)
          trim_first = TRUE;
        /* Not g_main_context_invoke (): it runs at once, here, when no
         * thread holds the context. */
        g_source_set_callback (source, unref_task, task, NULL);
        g_source_attach (source, g_task_get_context (task));
        g_source_unref (source);
      }
    }

  g_clear_pointer (&self->db, turnout_db_close);
  g_async_queue_unref (self->queue);
  g_free (self->path);
  g_free (self->password);
  g_free (self);
  return NULL;
}

static void
turnout_store_finalize (GObject *object)
{
  TurnoutStore *self = (TurnoutStore *) object;

  if (self->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      quit->quit = TRUE;
      g_async_queue_push (self->worker->queue, quit);

      /* The worker finishes what is queued, closes the database and frees
       * itself. Wait for it, unless this is the worker. */
      if (g_thread_self () == self->thread)
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
    }
  else if (self->worker != NULL)
    {
      g_async_queue_unref (self->worker->queue);
      g_free (self->worker->path);
      g_free (self->worker->password);
      g_free (self->worker);
    }

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (turnout_store_parent_class)->finalize (object);
}

static void
turnout_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TurnoutStore *self = TURNOUT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
turnout_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TurnoutStore *self = TURNOUT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      if (self->path == NULL)
        self->path = turnout_db_default_path ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
turnout_store_class_init (TurnoutStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = turnout_store_finalize;
  object_class->get_property = turnout_store_get_property;
  object_class->set_property = turnout_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
turnout_store_init (TurnoutStore *self)
{
  self->worker = g_new0 (Worker, 1);
  self->worker->queue = g_async_queue_new ();
}

TurnoutStore *
turnout_store_new (const char *path)
{
  return g_object_new (TURNOUT_TYPE_STORE, "path", path, NULL);
}

/* A team database's password, for the open that follows (it is never
 * kept anywhere else). */
void
turnout_store_set_password (TurnoutStore *self,
                            const char   *password)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (self->thread == NULL);
  g_free (self->worker->password);
  self->worker->password = g_strdup (password);
}

const char *
turnout_store_get_path (TurnoutStore *self)
{
  g_return_val_if_fail (TURNOUT_IS_STORE (self), NULL);
  return self->path;
}

/* The password set for the open, for another connection to the same team
 * database (the window's live updates); only the worker's open reads it,
 * and it is not changed once the worker runs. */
const char *
turnout_store_get_password (TurnoutStore *self)
{
  g_return_val_if_fail (TURNOUT_IS_STORE (self), NULL);
  return self->worker != NULL ? self->worker->password : NULL;
}

static void
queue_job (TurnoutStore   *self,
           Job            *job)
{
  if (self->thread == NULL)
    {
      self->worker->path = g_strdup (self->path);
      self->thread = g_thread_new ("turnout-store", worker_main, self->worker);
    }

  g_async_queue_push (self->worker->queue, job);
}

void
turnout_store_run_async (TurnoutStore        *self,
                         TurnoutStoreFunc     func,
                         gpointer             data,
                         GDestroyNotify       data_destroy,
                         GDestroyNotify       result_destroy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->result_destroy = result_destroy;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, turnout_store_run_async);
  queue_job (self, job);
}

/**
 * turnout_store_run_bulk_async:
 * @progress: (nullable): counted into while @func's bulk change runs; must
 *   outlive it (until @callback)
 *
 * As turnout_store_run_async(), for a job that makes a bulk change of the
 * database: while @func runs, the database's bulk monitor is set to
 * @progress and @cancellable, so the change counts its members and stops
 * at @cancellable before it commits, writing nothing. It fails with
 * %G_IO_ERROR_CANCELLED only when nothing was written: a cancel too late
 * to stop the commit still gets the result. Finish with
 * turnout_store_run_finish().
 */
void
turnout_store_run_bulk_async (TurnoutStore        *self,
                              TurnoutStoreFunc     func,
                              gpointer             data,
                              GDestroyNotify       data_destroy,
                              GDestroyNotify       result_destroy,
                              TurnoutProgress     *progress,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->result_destroy = result_destroy;
  job->progress = progress;
  job->monitored = TRUE;
  job->task = g_task_new (self, cancellable, callback, user_data);
  /* What happened, not what was asked: a cancel that came after the
   * commit must not report a change that was made as one that was not. */
  g_task_set_check_cancellable (job->task, FALSE);
  g_task_set_source_tag (job->task, turnout_store_run_bulk_async);
  queue_job (self, job);
}

gboolean
turnout_store_progress_is_committing (const TurnoutProgress *progress)
{
  gint total;

  g_return_val_if_fail (progress != NULL, FALSE);

  total = g_atomic_int_get (&progress->total);
  return total > 0 && g_atomic_int_get (&progress->done) >= total;
}

gpointer
turnout_store_run_finish (TurnoutStore  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (TURNOUT_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * turnout_store_result_get_change:
 * @result: the answer of a job that recorded its change
 *   (turnout_db_set_recording ())
 *
 * Returns: the change to give turnout_store_undo_change_async (), or 0
 *   when the job recorded none (it moved nobody, or was not recorded)
 */
gint64
turnout_store_result_get_change (GAsyncResult *result)
{
  gint64 *change;

  g_return_val_if_fail (G_IS_TASK (result), 0);
  change = g_task_get_task_data (G_TASK (result));
  return change ? *change : 0;
}

/* Opening runs on the worker too, so the connection is born on its thread. */
static gpointer
open_job (TurnoutDb     *unused,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Worker *self = data;
  const char *moved;

  g_assert (self->db == NULL);

  self->db = turnout_db_open_with_password (self->path, self->password, error);
  if (self->db == NULL)
    return NULL;

  moved = turnout_db_get_moved_aside (self->db);
  return g_strdup (moved ? moved : "");
}

void
turnout_store_open_async (TurnoutStore        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  job = g_new0 (Job, 1);
  job->func = open_job;
  job->opens = TRUE;
  job->data = self->worker;
  job->result_destroy = g_free;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, turnout_store_open_async);
  queue_job (self, job);
}

/**
 * turnout_store_open_finish:
 * @moved_aside: (out) (optional): where a damaged file was moved, or %NULL
 */
gboolean
turnout_store_open_finish (TurnoutStore  *self,
                           GAsyncResult  *result,
                           char         **moved_aside,
                           GError       **error)
{
  g_autofree char *moved = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  moved = g_task_propagate_pointer (G_TASK (result), error);
  if (moved == NULL)
    return FALSE;

  if (moved_aside != NULL)
    *moved_aside = *moved ? g_steal_pointer (&moved) : NULL;

  return TRUE;
}

static gpointer
list_programs_job (TurnoutDb     *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return turnout_db_list_programs (db, error);
}

void
turnout_store_list_programs_async (TurnoutStore        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  turnout_store_run_async (self, list_programs_job, NULL, NULL,
                           (GDestroyNotify) g_ptr_array_unref,
                           cancellable, callback, user_data);
}

GPtrArray *
turnout_store_list_programs_finish (TurnoutStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

typedef struct
{
  gint64              program_id;
  char               *to_status;
  GArray             *person_ids;   /* or NULL, read from range first */
  TurnoutMemberRange  range;        /* its table referenced, or NULL */
  char               *reason;
  TurnoutSource       source;
  gboolean            recorded;
} ChangeStatus;

static void
change_status_free (ChangeStatus *change)
{
  g_free (change->to_status);
  g_free (change->reason);
  g_clear_pointer (&change->person_ids, g_array_unref);
  g_clear_pointer (&change->range.table, turnout_member_table_unref);
  g_free (change);
}

static gpointer
change_status_job (TurnoutDb     *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  ChangeStatus *change = data;
  g_autoptr(TurnoutChangeCount) count = g_new0 (TurnoutChangeCount, 1);

  gboolean ok;

  if (change->person_ids == NULL)
    {
      change->person_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), change->range.n);
      g_array_set_size (change->person_ids, change->range.n);
      if (!turnout_member_table_get_range_person_ids (change->range.table, &change->range,
                                                      (gint64 *) (gpointer) change->person_ids->data))
        g_error ("%s: a range of another table", G_STRFUNC);
    }

  /* The window's own changes can be undone: recorded. */
  turnout_db_set_recording (db, change->recorded);
  ok = turnout_db_change_status_counted (db, change->program_id, change->to_status,
                                         (const gint64 *) (gpointer) change->person_ids->data,
                                         change->person_ids->len, change->reason, change->source,
                                         &count->summary, &count->refusal, error);
  count->change_id = turnout_db_get_last_change (db);
  turnout_db_set_recording (db, FALSE);
  if (!ok)
    return NULL;
  return g_steal_pointer (&count);
}

/* The change of @person_ids, or when %NULL of @range's people. */
static void
start_change (TurnoutStore             *self,
              gint64                    program_id,
              const char               *to_status,
              GArray                   *person_ids,
              const TurnoutMemberRange *range,
              const char               *reason,
              TurnoutSource             source,
              TurnoutProgress          *progress,
              GCancellable             *cancellable,
              GAsyncReadyCallback       callback,
              gpointer                  user_data)
{
  ChangeStatus *change = g_new0 (ChangeStatus, 1);

  change->program_id = program_id;
  change->to_status = g_strdup (to_status);
  if (person_ids != NULL)
    change->person_ids = g_array_ref (person_ids);
  else
    {
      change->range = *range;
      turnout_member_table_ref (change->range.table);
    }
  change->reason = g_strdup (reason);
  change->source = source;
  /* By hand, in the window: Undo can take it back. */
  change->recorded = source == TURNOUT_SOURCE_MANUAL;

  turnout_store_run_bulk_async (self, change_status_job, change,
                                (GDestroyNotify) change_status_free,
                                (GDestroyNotify) turnout_change_count_free,
                                progress, cancellable, callback, user_data);
}

void
turnout_store_change_status_async (TurnoutStore        *self,
                                   gint64               program_id,
                                   const char          *to_status,
                                   GArray              *person_ids,
                                   const char          *reason,
                                   TurnoutSource        source,
                                   TurnoutProgress     *progress,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (to_status != NULL);
  g_return_if_fail (person_ids != NULL);

  start_change (self, program_id, to_status, person_ids, NULL, reason, source,
                progress, cancellable, callback, user_data);
}

/**
 * turnout_store_change_status_range_async:
 * @range: the members, as positions of a table's order; the table is
 *   kept until the change is done
 *
 * As turnout_store_change_status_async(), the members' people read on
 * the store's thread.
 */
void
turnout_store_change_status_range_async (TurnoutStore             *self,
                                         gint64                    program_id,
                                         const char               *to_status,
                                         const TurnoutMemberRange *range,
                                         const char               *reason,
                                         TurnoutSource             source,
                                         TurnoutProgress          *progress,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (to_status != NULL);
  g_return_if_fail (range != NULL && range->table != NULL);

  start_change (self, program_id, to_status, NULL, range, reason, source,
                progress, cancellable, callback, user_data);
}

/* Returns: (transfer full): the counts, or %NULL with @error set */
TurnoutChangeCount *
turnout_store_change_status_finish (TurnoutStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

typedef struct
{
  gint64 program_id;
  gint64 person_id;
} MemberKey;

static gpointer
get_history_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  MemberKey *key = data;

  return turnout_db_get_history (db, key->program_id, key->person_id, error);
}

void
turnout_store_get_history_async (TurnoutStore        *self,
                                 gint64               program_id,
                                 gint64               person_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  MemberKey *key = g_new0 (MemberKey, 1);

  key->program_id = program_id;
  key->person_id = person_id;
  turnout_store_run_async (self, get_history_job, key, g_free,
                           (GDestroyNotify) g_ptr_array_unref,
                           cancellable, callback, user_data);
}

GPtrArray *
turnout_store_get_history_finish (TurnoutStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}
