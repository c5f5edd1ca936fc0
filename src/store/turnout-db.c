/* turnout-db.c: the SQLite store.
 *
 * One connection, owned by one thread. Statements are prepared once, cached
 * and always bound, never formatted. Every change that belongs together runs
 * in one BEGIN IMMEDIATE transaction, so a crash or a full disk leaves either
 * all of it or none of it.
 */
#define G_LOG_DOMAIN "turnout-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "turnout-channel.h"
#include "turnout-checkpointer.h"
#include "turnout-db-private.h"
#include "turnout-person.h"
#include "turnout-rules.h"
#include "turnout-schema.h"

struct _TurnoutDb
{
  sqlite3    *handle;
  char       *path;
  char       *moved_aside;
  GHashTable *statements;  /* SQL text -> sqlite3_stmt */
  GHashTable *channels;    /* key -> TurnoutChannel */
  int         schema_version;
  guint64     moves;       /* applied moves, to tell a caller's own from a rule's */
  gint64      rules_program;  /* the program rules_absent is about */
  GHashTable *rules_absent;   /* statuses with no enabled rule, this transaction */
  GHashTable *functions;      /* names of the SQL functions defined */
  TurnoutProgress *bulk_progress;      /* see turnout_db_set_bulk_monitor() */
  GCancellable    *bulk_cancellable;
  gint64      seats_program;  /* whose seats_taken is known, this transaction; 0: none */
  guint       seats_taken;
  TurnoutCheckpointer *checkpointer;
  guint       in_transaction : 1;
  guint       bulk_cache : 1;   /* see turnout_db_bulk_cache() */
};

/* SQLite's own automatic checkpoint threshold, in WAL pages. */
#define CHECKPOINT_PAGES 1000

G_DEFINE_QUARK (turnout-db-error-quark, turnout_db_error)

char *
turnout_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
turnout_db_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "turnout", "turnout.db", NULL);
}

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return TURNOUT_DB_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return TURNOUT_DB_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return TURNOUT_DB_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return TURNOUT_DB_ERROR_OPEN;
    case SQLITE_CONSTRAINT:
      return TURNOUT_DB_ERROR_EXISTS;
    default:
      return TURNOUT_DB_ERROR_FAILED;
    }
}

gboolean
turnout_db_set_error (TurnoutDb  *db,
                      int         rc,
                      GError    **error)
{
  int code = error_code_for_sqlite (rc);

  switch (code)
    {
    case TURNOUT_DB_ERROR_FULL:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("The disk is full. Nothing was changed; free some space and try again."));
      break;
    case TURNOUT_DB_ERROR_BUSY:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("The database is in use by another program. Nothing was changed; try again."));
      break;
    case TURNOUT_DB_ERROR_CORRUPT:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("The database file is damaged (%s)."), sqlite3_errstr (rc));
      break;
    default:
      g_set_error (error, TURNOUT_DB_ERROR, code,
                   _("Database error: %s"),
                   db && db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      break;
    }

  return FALSE;
}

sqlite3 *
turnout_db_get_handle (TurnoutDb *db)
{
  return db->handle;
}

/* Counts every move written through turnout_db_apply_move_full(),
 * including those rules make: a caller that holds members' state sees from
 * it whether anything but its own move changed a membership. */
guint64
turnout_db_get_move_count (TurnoutDb *db)
{
  return db->moves;
}

/* Which statuses have no enabled trigger rule, remembered for one
 * transaction: a refresh or bulk change moves thousands of members to the
 * same status, and asking each time was a look-up per move. Forgotten at
 * every transaction's start and end and whenever a rule is written. */
gboolean
turnout_db_rules_known_absent (TurnoutDb  *db,
                               gint64      program_id,
                               const char *status)
{
  return db->rules_program == program_id && g_hash_table_contains (db->rules_absent, status);
}

void
turnout_db_note_rules_absent (TurnoutDb  *db,
                              gint64      program_id,
                              const char *status)
{
  if (!db->in_transaction)
    return;
  if (db->rules_program != program_id)
    {
      g_hash_table_remove_all (db->rules_absent);
      db->rules_program = program_id;
    }
  g_hash_table_add (db->rules_absent, g_strdup (status));
}

void
turnout_db_forget_rules (TurnoutDb *db)
{
  db->rules_program = 0;
  if (db->rules_absent != NULL)
    g_hash_table_remove_all (db->rules_absent);
}

/* Binds live minutes, on-demand minutes and score at @first .. @first + 2,
 * negative figures as NULL. */
void
turnout_db_bind_engagement (sqlite3_stmt            *stmt,
                            int                      first,
                            const TurnoutEngagement *engagement)
{
  if (engagement->live_minutes >= 0)
    sqlite3_bind_int (stmt, first, engagement->live_minutes);
  else
    sqlite3_bind_null (stmt, first);
  if (engagement->ondemand_minutes >= 0)
    sqlite3_bind_int (stmt, first + 1, engagement->ondemand_minutes);
  else
    sqlite3_bind_null (stmt, first + 1);
  if (engagement->engagement_score >= 0)
    sqlite3_bind_double (stmt, first + 2, engagement->engagement_score);
  else
    sqlite3_bind_null (stmt, first + 2);
}

sqlite3_stmt *
turnout_db_prepare (TurnoutDb   *db,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
turnout_db_exec (TurnoutDb   *db,
                 const char  *sql,
                 GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);

  return TRUE;
}

/* Defines an SQL function of the store's own on the connection, the first
 * time it is asked for (defining it again would expire every cached
 * statement). It may be called only from the application's own
 * statements, never from the schema: a trigger or view in a file someone
 * hands us cannot reach it.
 */
gboolean
turnout_db_define_function (TurnoutDb           *db,
                            const char          *name,
                            int                  n_args,
                            TurnoutDbFunction    func,
                            GError             **error)
{
  int rc;

  if (g_hash_table_contains (db->functions, name))
    return TRUE;

  rc = sqlite3_create_function_v2 (db->handle, name, n_args, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                   NULL, func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  g_hash_table_add (db->functions, g_strdup (name));
  return TRUE;
}

/* Steps a statement that returns no rows, and resets it for the next use. */
gboolean
turnout_db_step_done (TurnoutDb     *db,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

/* Bulk transactions
 *
 * A change of many members reads and writes pages all over the
 * memberships, the people, the history and their indexes. With SQLite's
 * default cache of 2 MB, the pages a transaction modified are spilt to the
 * WAL and read back, again and again, before it commits: at a million
 * members that is most of the work. A bulk transaction gets a larger
 * cache, given back when it ends. */
#define BULK_CACHE_FROM 10000            /* members moved */
#define BULK_CACHE "PRAGMA cache_size = -131072"  /* 128 MiB */
#define DEFAULT_CACHE "PRAGMA cache_size = -2000" /* SQLite's default */

void
turnout_db_bulk_cache (TurnoutDb *db,
                       guint      n_members)
{
  g_assert (db->in_transaction);

  if (n_members < BULK_CACHE_FROM || db->bulk_cache)
    return;
  /* Only a hint: without it the change is slower, not wrong. */
  if (sqlite3_exec (db->handle, BULK_CACHE, NULL, NULL, NULL) == SQLITE_OK)
    db->bulk_cache = TRUE;
}

static void
restore_cache (TurnoutDb *db)
{
  if (!db->bulk_cache)
    return;
  sqlite3_exec (db->handle, DEFAULT_CACHE, NULL, NULL, NULL);
  db->bulk_cache = FALSE;
}

typedef struct
{
  gint64 person_id;
  guint  index;
} OrderEntry;

static int
compare_order_entries (const void *a,
                       const void *b)
{
  const OrderEntry *x = a;
  const OrderEntry *y = b;

  if (x->person_id != y->person_id)
    return x->person_id < y->person_id ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/**
 * turnout_db_move_order:
 * @order: (out) (transfer full): indexes into @person_ids in the order to
 *   move them, or %NULL to move them in the order given
 *
 * A table's selection or a list sorted by name hands over members in an
 * order unrelated to where their rows are. Moved by person id instead,
 * the transaction reads and writes the tables and indexes front to back,
 * which a large change needs: at a million members, in random order, SQLite
 * read most pages several times. The order is kept when it decides the
 * outcome: when seats could run out, and with a seat limit and rules (a
 * rule may promote from the wait list). Call inside the transaction, then
 * turnout_db_results_in_order().
 */
gboolean
turnout_db_move_order (TurnoutDb             *db,
                       const TurnoutProgram  *program,
                       TurnoutChannel        *channel,
                       const gint64          *person_ids,
                       guint                  n_person_ids,
                       guint                **order,
                       GError               **error)
{
  g_autofree OrderEntry *entries = NULL;

  *order = NULL;
  if (n_person_ids < 2)
    return TRUE;

  if (program->capacity >= 0)
    {
      g_autoptr(GError) local_error = NULL;
      guint taken;

      if (!turnout_db_seats_taken (db, program, channel, &taken, error))
        return FALSE;
      if ((guint64) taken + n_person_ids > (guint64) program->capacity)
        return TRUE;
      if (turnout_rules_program_has_rules (db, program->id, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  entries = g_new (OrderEntry, n_person_ids);
  for (guint i = 0; i < n_person_ids; i++)
    {
      entries[i].person_id = person_ids[i];
      entries[i].index = i;
    }
  qsort (entries, n_person_ids, sizeof *entries, compare_order_entries);

  *order = g_new (guint, n_person_ids);
  for (guint i = 0; i < n_person_ids; i++)
    (*order)[i] = entries[i].index;
  return TRUE;
}

/* Puts results made in @order (one per person) back in the order of the
 * people asked for. */
void
turnout_db_results_in_order (GPtrArray   *results,
                             const guint *order)
{
  g_autofree gpointer *moved = NULL;

  if (order == NULL)
    return;
  g_return_if_fail (results->len > 0);

  moved = g_new (gpointer, results->len);
  for (guint k = 0; k < results->len; k++)
    moved[order[k]] = results->pdata[k];
  memcpy (results->pdata, moved, results->len * sizeof (gpointer));
}

gboolean
turnout_db_begin (TurnoutDb  *db,
                  GError    **error)
{
  g_assert (!db->in_transaction);

  if (!turnout_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  db->in_transaction = TRUE;
  turnout_db_forget_rules (db);
  db->seats_program = 0;
  return TRUE;
}

gboolean
turnout_db_commit (TurnoutDb  *db,
                   GError    **error)
{
  g_assert (db->in_transaction);

  if (!turnout_db_exec (db, "COMMIT", error))
    {
      turnout_db_rollback (db);
      return FALSE;
    }

  db->in_transaction = FALSE;
  turnout_db_forget_rules (db);
  db->seats_program = 0;
  restore_cache (db);
  return TRUE;
}

void
turnout_db_rollback (TurnoutDb *db)
{
  if (!db->in_transaction)
    return;

  /* A failed COMMIT (SQLITE_FULL) may already have rolled back. */
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);

  db->in_transaction = FALSE;
  turnout_db_forget_rules (db);
  db->seats_program = 0;
  restore_cache (db);
}

char *
turnout_db_column_dup (sqlite3_stmt *stmt,
                       int           column)
{
  const unsigned char *text;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  text = sqlite3_column_text (stmt, column);
  return g_strdup ((const char *) text);
}

void
turnout_db_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* Moves a damaged database and its journal files aside, never over anything. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  static const char *const suffixes[] = { "-wal", "-shm" };

  for (guint n = 1; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  if (g_rename (path, target) != 0)
    {
      int saved = errno;
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                   _("The database file %s is damaged and could not be moved aside: %s"),
                   path, g_strerror (saved));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  return g_steal_pointer (&target);
}

static int
read_user_version (sqlite3 *handle,
                   int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
seed_channel (TurnoutDb       *db,
              TurnoutChannel  *channel,
              GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 channel_id;

  stmt = turnout_db_prepare (db, "INSERT INTO channels (key, name) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, turnout_channel_get_key (channel), -1, SQLITE_STATIC);
  /* The untranslated name is stored; it is translated when shown. */
  sqlite3_bind_text (stmt, 2, "Webinar", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
  channel_id = sqlite3_last_insert_rowid (db->handle);

  for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      stmt = turnout_db_prepare (db,
                                 "INSERT INTO channel_statuses"
                                 " (channel_id, position, key, name, step, success, holds_seat)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, channel_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, status->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, status->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, status->step);
      sqlite3_bind_int (stmt, 6, status->success);
      sqlite3_bind_int (stmt, 7, status->holds_seat);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
    }

  return TRUE;
}

static void
set_too_new_error (const char  *path,
                   int          version,
                   GError     **error)
{
  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_TOO_NEW,
               _("The database %s was written by a newer version of Turnout "
                 "(schema %d; this version knows up to %d). "
                 "Update Turnout to open it; nothing was changed."),
               path, version, TURNOUT_DB_SCHEMA_VERSION);
}

static gboolean
migrate (TurnoutDb  *db,
         GError    **error)
{
  int target = G_N_ELEMENTS (turnout_migrations);
  int rc;

  G_STATIC_ASSERT (G_N_ELEMENTS (turnout_migrations) == TURNOUT_DB_SCHEMA_VERSION);

  if (db->schema_version >= target)
    return TRUE;

  if (!turnout_db_begin (db, error))
    return FALSE;

  /* Another process may have created or migrated the file since the
   * version was read: go on from the one read under the write lock, or two
   * processes starting on a new file would both create its tables. */
  rc = read_user_version (db->handle, &db->schema_version);
  if (rc != SQLITE_OK)
    {
      turnout_db_set_error (db, rc, error);
      goto failed;
    }
  if (db->schema_version > target)
    {
      set_too_new_error (db->path, db->schema_version, error);
      goto failed;
    }

  for (int version = db->schema_version; version < target; version++)
    {
      g_autofree char *set_version = NULL;

      if (!turnout_db_exec (db, turnout_migrations[version], error))
        goto failed;

      if (version == 0)
        {
          g_autoptr(TurnoutChannel) webinar = turnout_channel_get_webinar ();

          if (!seed_channel (db, webinar, error))
            goto failed;
        }
      else if (version == 4 && !turnout_db_merge_email_duplicates (db, error))
        goto failed;

      /* PRAGMA takes no bound parameters; the value is our own integer. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!turnout_db_exec (db, set_version, error))
        goto failed;
    }

  if (!turnout_db_commit (db, error))
    return FALSE;

  db->schema_version = target;
  return TRUE;

failed:
  turnout_db_rollback (db);
  return FALSE;
}

static sqlite3 *
open_handle (const char  *path,
             int         *version,
             int         *rc_out)
{
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (handle, TRUE);
      sqlite3_busy_timeout (handle, 5000);
      rc = read_user_version (handle, version);
    }

  *rc_out = rc;
  return handle;
}

/* After every commit, with the WAL's size in pages. */
static int
on_wal_commit (void       *data,
               sqlite3    *handle,
               const char *schema,
               int         n_pages)
{
  TurnoutDb *db = data;

  if (n_pages >= CHECKPOINT_PAGES)
    turnout_checkpointer_request (db->checkpointer);
  return SQLITE_OK;
}

/* Whether PATH is a URI with a scheme of its own (postgresql://...). */
static gboolean
has_uri_scheme (const char *path)
{
  const char *p = path;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return g_str_has_prefix (p, "://");
}

/* Whether a file: URI names an in-memory database, as SQLite reads it:
 * "file::memory:" or a mode=memory parameter, percent escapes and all. */
static gboolean
is_memory_uri (const char *uri)
{
  g_autofree char *unescaped = NULL;
  g_auto(GStrv) params = NULL;
  const char *rest;
  const char *query;

  if (g_ascii_strncasecmp (uri, "file:", 5) != 0)
    return FALSE;

  unescaped = g_uri_unescape_string (uri + 5, NULL);
  rest = unescaped ? unescaped : uri + 5;
  if (g_str_has_prefix (rest, ":memory:") && strchr ("?#", rest[8]) != NULL)
    return TRUE;

  query = strchr (rest, '?');
  if (query == NULL)
    return FALSE;
  params = g_strsplit_set (query + 1, "&#", -1);
  for (guint i = 0; params[i] != NULL; i++)
    if (g_str_equal (params[i], "mode=memory"))
      return TRUE;
  return FALSE;
}

/* Which locations Turnout opens, in one place. "" and ":memory:" are
 * SQLite's temporary and in-memory databases, and a file: URI can name
 * one too: every change made there would be gone when Turnout quits,
 * after it said it was saved. Other URIs name no database Turnout can
 * open yet, and would otherwise become folders and a file. */
static gboolean
check_location (const char  *path,
                GError     **error)
{
  if (path[0] == '\0')
    {
      g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                           _("No database file was given: the path is empty"));
      return FALSE;
    }

  if (g_str_equal (path, ":memory:") || is_memory_uri (path))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("“%s” is a database in memory: everything written to it would be lost. "
                     "Give the path of a database file."), path);
      return FALSE;
    }

  if (g_ascii_strncasecmp (path, "file:", 5) == 0 || has_uri_scheme (path))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("“%s” is a URI; Turnout opens a database by its file path. "
                     "Give the path of a database file."), path);
      return FALSE;
    }

  return TRUE;
}

typedef enum
{
  FILE_ABSENT,
  FILE_EMPTY,
  FILE_SQLITE,
} FileKind;

/* What is at PATH: nothing, an empty file (a new database may start in
 * it) or an SQLite file, by the 16 bytes every SQLite file starts with.
 * Anything else (a CSV, a PDF, a folder, a FIFO) is somebody's file, not
 * a damaged database: it is refused, never moved aside or written to. */
static gboolean
check_file (const char  *path,
            FileKind    *kind,
            GError     **error)
{
  static const char header[16] = "SQLite format 3";
  char head[sizeof header];
  struct stat buf = { 0 };
  gboolean regular;
  gsize n = 0;
  int fd;

  G_STATIC_ASSERT (sizeof header == 16);

  /* Not blocking on a FIFO nor taking a terminal. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        {
          *kind = FILE_ABSENT;
          return TRUE;
        }
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  regular = fstat (fd, &buf) == 0 && S_ISREG (buf.st_mode);
  if (!regular && S_ISDIR (buf.st_mode))
    {
      close (fd);
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (EISDIR));
      return FALSE;
    }
  if (regular && buf.st_size == 0)
    {
      close (fd);
      *kind = FILE_EMPTY;
      return TRUE;
    }

  while (regular && n < sizeof head)
    {
      gssize got = read (fd, head + n, sizeof head - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      n += got;
    }
  close (fd);

  if (!regular || n != sizeof head || memcmp (head, header, sizeof header) != 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("%s is not a Turnout database; nothing was changed"), path);
      return FALSE;
    }

  *kind = FILE_SQLITE;
  return TRUE;
}

/* People's data is its owner's only. SQLite would make a new database
 * 0644; made here first, 0600, it gives its -wal and -shm files the same
 * mode. Another process making it first is fine. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        return TRUE;
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  /* Exactly 0600, whatever the umask took off. */
  fchmod (fd, 0600);
  close (fd);
  return TRUE;
}

/* Switching a new file to WAL needs it alone, and while another process
 * opens the same new file SQLite answers busy at once, without waiting in
 * its busy handler: retried here for as long as the busy timeout. */
static gboolean
set_wal (TurnoutDb  *db,
         GError    **error)
{
  gint64 deadline = g_get_monotonic_time () + 5000 * G_TIME_SPAN_MILLISECOND;
  int rc;

  while ((rc = sqlite3_exec (db->handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK &&
         (rc & 0xff) == SQLITE_BUSY && g_get_monotonic_time () < deadline)
    g_usleep (g_random_int_range (2, 20) * G_TIME_SPAN_MILLISECOND);

  if (rc != SQLITE_OK)
    return turnout_db_set_error (db, rc, error);
  return TRUE;
}

TurnoutDb *
turnout_db_open (const char  *path,
                 GError     **error)
{
  g_autofree char *default_path = turnout_db_default_path ();
  g_autofree char *dir = NULL;
  g_autofree char *moved_aside = NULL;
  TurnoutDb *db;
  sqlite3 *handle;
  FileKind kind;
  gboolean made_dir;
  int version = 0;
  int rc;

  if (path == NULL)
    path = default_path;

  if (!check_location (path, error))
    return NULL;

  dir = g_path_get_dirname (path);
  made_dir = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  /* The data folder is its owner's only, whoever made it; so is a folder
   * made here for a database. A folder the user chose keeps its mode. */
  if ((made_dir || g_str_equal (path, default_path)) && g_chmod (dir, 0700) != 0)
    g_message ("Cannot make the folder %s private: %s", dir, g_strerror (errno));

  if (!check_file (path, &kind, error))
    return NULL;
  if (kind == FILE_ABSENT && !create_private (path, error))
    return NULL;

  handle = open_handle (path, &version, &rc);

  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    {
      sqlite3_close_v2 (handle);

      /* Only a file that is SQLite's by its header, damaged after it, is
       * moved aside: checked again, as it may have been replaced since. */
      if (!check_file (path, &kind, error))
        return NULL;
      if (kind != FILE_SQLITE)
        {
          g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                       _("%s is not a Turnout database; nothing was changed"), path);
          return NULL;
        }

      /* Never overwrite a damaged file: it may still be salvaged. */
      moved_aside = move_aside (path, error);
      if (moved_aside == NULL || !create_private (path, error))
        return NULL;
      g_message ("Damaged database moved aside to %s", moved_aside);
      handle = open_handle (path, &version, &rc);
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_OPEN,
                   _("Cannot open the database %s: %s"),
                   path, handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      sqlite3_close_v2 (handle);
      return NULL;
    }

  if (version > TURNOUT_DB_SCHEMA_VERSION)
    {
      set_too_new_error (path, version, error);
      sqlite3_close_v2 (handle);
      return NULL;
    }

  db = g_new0 (TurnoutDb, 1);
  db->handle = handle;
  db->path = g_strdup (path);
  db->moved_aside = g_steal_pointer (&moved_aside);
  db->schema_version = version;
  /* Keyed by the SQL literal's address (the key was never copied, so SQL is
   * always a static string): hashing the text of every statement on every
   * call was a fifth of a 100k-attendee refresh. */
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
  db->rules_absent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  db->functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  db->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) turnout_channel_unref);

  /* Checkpoints run on a thread of their own, not inside the commit that
   * crosses the threshold (this hook replaces SQLite's automatic one). */
  db->checkpointer = turnout_checkpointer_new (path);
  sqlite3_wal_hook (handle, on_wal_commit, db);

  /* A new database gets 16 KiB pages (an existing one keeps its own: the
   * setting does nothing once the file has tables). Members, people and
   * history rows are many and small: bigger pages mean fewer page splits
   * and WAL frames, about a tenth off a large import, and shallower trees
   * to read a large program from. */
  if (!turnout_db_exec (db, "PRAGMA page_size = 16384", error) ||
      !set_wal (db, error) ||
      !turnout_db_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !turnout_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !migrate (db, error))
    {
      turnout_db_close (db);
      return NULL;
    }

  return db;
}

void
turnout_db_close (TurnoutDb *db)
{
  if (db == NULL)
    return;

  turnout_db_rollback (db);
  g_clear_pointer (&db->statements, g_hash_table_unref);
  g_clear_pointer (&db->channels, g_hash_table_unref);
  g_clear_pointer (&db->rules_absent, g_hash_table_unref);
  g_clear_pointer (&db->functions, g_hash_table_unref);
  g_clear_object (&db->bulk_cancellable);
  /* A checkpoint under way finishes first; closing the last connection
   * then checkpoints the rest. */
  g_clear_pointer (&db->checkpointer, turnout_checkpointer_free);
  sqlite3_close_v2 (db->handle);
  g_free (db->path);
  g_free (db->moved_aside);
  g_free (db);
}

/* Waits for the background checkpoint asked for by the last commits, if
 * any; returns how many have run on this connection's behalf. */
guint
turnout_db_wait_checkpoint (TurnoutDb *db)
{
  return turnout_checkpointer_wait (db->checkpointer);
}

const char *
turnout_db_get_path (TurnoutDb *db)
{
  return db->path;
}

/* Non-NULL when opening found a damaged file and moved it here. */
const char *
turnout_db_get_moved_aside (TurnoutDb *db)
{
  return db->moved_aside;
}

int
turnout_db_get_schema_version (TurnoutDb *db)
{
  return db->schema_version;
}

TurnoutChannel *
turnout_db_get_channel (TurnoutDb  *db,
                        const char *key)
{
  TurnoutChannel *channel = g_hash_table_lookup (db->channels, key);
  sqlite3_stmt *stmt;

  if (channel != NULL)
    return turnout_channel_ref (channel);

  stmt = turnout_db_prepare (db,
                             "SELECT c.name, s.key, s.name, s.step, s.success, s.holds_seat"
                             " FROM channels c JOIN channel_statuses s ON s.channel_id = c.id"
                             " WHERE c.key = ?1 ORDER BY s.position",
                             NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (channel == NULL)
        channel = turnout_channel_new (key, (const char *) sqlite3_column_text (stmt, 0));
      turnout_channel_add_status (channel,
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  sqlite3_column_int (stmt, 3),
                                  sqlite3_column_int (stmt, 4),
                                  sqlite3_column_int (stmt, 5));
    }
  sqlite3_reset (stmt);

  if (channel == NULL)
    return NULL;

  g_hash_table_insert (db->channels, g_strdup (key), channel);
  return turnout_channel_ref (channel);
}

/* Programs */

#define PROGRAM_COLUMNS \
  "p.id, p.name, c.key, p.capacity, p.on24_event_id, p.live_start, p.live_end," \
  " p.time_zone, p.description, p.auto_promote, p.on24_event_email, p.created_at," \
  " p.last_refresh_at, p.last_refresh_summary"

static TurnoutProgram *
program_from_row (sqlite3_stmt *stmt)
{
  TurnoutProgram *program = g_new0 (TurnoutProgram, 1);

  program->id = sqlite3_column_int64 (stmt, 0);
  program->name = turnout_db_column_dup (stmt, 1);
  program->channel_key = turnout_db_column_dup (stmt, 2);
  program->capacity = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 3);
  program->on24_event_id = sqlite3_column_int64 (stmt, 4);
  program->live_start = turnout_db_column_dup (stmt, 5);
  program->live_end = turnout_db_column_dup (stmt, 6);
  program->time_zone = turnout_db_column_dup (stmt, 7);
  program->description = turnout_db_column_dup (stmt, 8);
  program->auto_promote = sqlite3_column_int (stmt, 9);
  program->on24_event_email = sqlite3_column_int (stmt, 10);
  program->created_at = turnout_db_column_dup (stmt, 11);
  program->last_refresh_at = turnout_db_column_dup (stmt, 12);
  program->last_refresh_summary = turnout_db_column_dup (stmt, 13);
  return program;
}

static gboolean
validate_program_name (const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    goto invalid;

  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    goto invalid;

  return turnout_db_check_text (trimmed, TURNOUT_TEXT_PROGRAM_NAME, error);

invalid:
  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID, _("A program needs a name"));
  return FALSE;
}

static gboolean
validate_iso8601 (const char  *text,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   /* Translators: the first %s is "live start" or "live end" */
                   _("The %s “%s” is not a date and time in ISO 8601 form with a time zone, "
                     "such as 2026-03-01T15:00:00+01:00"),
                   what, text);
      return FALSE;
    }

  return TRUE;
}

/* Both given and valid ISO 8601 (validate_iso8601() first): the end may
 * not come before the start. */
static gboolean
validate_schedule (const char  *live_start,
                   const char  *live_end,
                   GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (!validate_iso8601 (live_start, _("live start"), error) ||
      !validate_iso8601 (live_end, _("live end"), error))
    return FALSE;
  if (live_start == NULL || *live_start == '\0' || live_end == NULL || *live_end == '\0')
    return TRUE;

  start = g_date_time_new_from_iso8601 (live_start, NULL);
  end = g_date_time_new_from_iso8601 (live_end, NULL);
  if (g_date_time_compare (end, start) < 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("The live end (%s) is before the live start (%s)"), live_end, live_start);
      return FALSE;
    }
  return TRUE;
}

static gboolean
program_name_taken (TurnoutDb   *db,
                    const char  *name,
                    gint64       except_id,
                    gboolean    *taken,
                    GError     **error)
{
  sqlite3_stmt *stmt = turnout_db_prepare (db,
                                           "SELECT 1 FROM programs WHERE name = ?1 AND id != ?2"
                                           " AND deleted_at IS NULL",
                                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, except_id);
  *taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
turnout_db_add_program (TurnoutDb                *db,
                        const TurnoutProgramSpec *spec,
                        GError                  **error)
{
  g_autofree char *name = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  sqlite3_stmt *stmt;
  gboolean taken;
  gint64 id;

  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (spec != NULL, 0);

  if (!validate_program_name (spec->name, error) ||
      !validate_schedule (spec->live_start, spec->live_end, error))
    return 0;

  if (spec->capacity < -1)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("The capacity must be a number of seats, 0 or more"));
      return 0;
    }

  name = g_strstrip (g_strdup (spec->name));

  if (!program_name_taken (db, name, 0, &taken, error))
    return 0;
  if (taken)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                   _("A program named “%s” already exists"), name);
      return 0;
    }

  stmt = turnout_db_prepare (db,
                             "INSERT INTO programs (name, channel_id, capacity, on24_event_id,"
                             " live_start, live_end, time_zone, description, created_at)"
                             " VALUES (?1, (SELECT id FROM channels WHERE key = 'webinar'),"
                             " ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (spec->capacity >= 0)
    sqlite3_bind_int (stmt, 2, spec->capacity);
  if (spec->on24_event_id > 0)
    sqlite3_bind_int64 (stmt, 3, spec->on24_event_id);
  turnout_db_bind_text (stmt, 4, spec->live_start && *spec->live_start ? spec->live_start : NULL);
  turnout_db_bind_text (stmt, 5, spec->live_end && *spec->live_end ? spec->live_end : NULL);
  turnout_db_bind_text (stmt, 6, spec->time_zone ? spec->time_zone : "");
  turnout_db_bind_text (stmt, 7, spec->description ? spec->description : "");
  turnout_db_bind_text (stmt, 8, now);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
      sqlite3_reset (stmt);
      return 0;
    }

  id = sqlite3_last_insert_rowid (db->handle);
  sqlite3_reset (stmt);
  return id;
}

GPtrArray *
turnout_db_list_programs (TurnoutDb  *db,
                          GError    **error)
{
  g_autoptr(GPtrArray) programs = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_program_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT " PROGRAM_COLUMNS ","
                             " (SELECT count(*) FROM memberships m WHERE m.program_id = p.id),"
                             " (SELECT count(*) FROM memberships m WHERE m.program_id = p.id"
                             "   AND m.status IN (SELECT key FROM channel_statuses s"
                             "     WHERE s.channel_id = p.channel_id AND s.holds_seat)),"
                             " (SELECT count(*) FROM memberships m WHERE m.program_id = p.id"
                             "   AND m.reached_success)"
                             " FROM programs p JOIN channels c ON c.id = p.channel_id"
                             " WHERE p.deleted_at IS NULL"
                             " ORDER BY coalesce (p.live_start, p.created_at) DESC, p.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TurnoutProgram *program = program_from_row (stmt);

      program->n_members = sqlite3_column_int (stmt, 14);
      program->n_registered = sqlite3_column_int (stmt, 15);
      program->n_attended = sqlite3_column_int (stmt, 16);
      g_ptr_array_add (programs, program);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&programs);
}

TurnoutProgram *
turnout_db_get_program (TurnoutDb  *db,
                        gint64      program_id,
                        GError    **error)
{
  TurnoutProgram *program = NULL;
  sqlite3_stmt *stmt;

  stmt = turnout_db_prepare (db,
                             "SELECT " PROGRAM_COLUMNS
                             " FROM programs p JOIN channels c ON c.id = p.channel_id"
                             " WHERE p.id = ?1 AND p.deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, program_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    program = program_from_row (stmt);
  sqlite3_reset (stmt);

  if (program == NULL)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("There is no program with id %" PRId64), program_id);

  return program;
}

/* PROGRAM on the command line is an id or an exact name; a name wins
 * over an id when a program is literally named "12".
 */
TurnoutProgram *
turnout_db_find_program (TurnoutDb   *db,
                         const char  *id_or_name,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  guint64 parsed;

  g_return_val_if_fail (id_or_name != NULL, NULL);

  stmt = turnout_db_prepare (db,
                             "SELECT id FROM programs WHERE name = ?1 AND deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_or_name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0 && g_ascii_string_to_unsigned (id_or_name, 10, 1, G_MAXINT64, &parsed, NULL))
    id = (gint64) parsed;

  if (id != 0)
    {
      g_autoptr(GError) local_error = NULL;
      TurnoutProgram *program = turnout_db_get_program (db, id, &local_error);

      if (program != NULL)
        return program;
      if (!g_error_matches (local_error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
               _("There is no program “%s”"), id_or_name);
  return NULL;
}

gboolean
turnout_db_update_program (TurnoutDb            *db,
                           const TurnoutProgram *program,
                           GError              **error)
{
  sqlite3_stmt *stmt;
  gboolean taken;
  g_autofree char *name = NULL;

  g_return_val_if_fail (program != NULL, FALSE);

  if (!validate_program_name (program->name, error) ||
      !validate_schedule (program->live_start, program->live_end, error))
    return FALSE;

  name = g_strstrip (g_strdup (program->name));
  if (!program_name_taken (db, name, program->id, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                   _("A program named “%s” already exists"), name);
      return FALSE;
    }

  stmt = turnout_db_prepare (db,
                             "UPDATE programs SET name = ?2, capacity = ?3, on24_event_id = ?4,"
                             " live_start = ?5, live_end = ?6, time_zone = ?7, description = ?8,"
                             " auto_promote = ?9, on24_event_email = ?10"
                             " WHERE id = ?1 AND deleted_at IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, program->id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (program->capacity >= 0)
    sqlite3_bind_int (stmt, 3, program->capacity);
  if (program->on24_event_id > 0)
    sqlite3_bind_int64 (stmt, 4, program->on24_event_id);
  turnout_db_bind_text (stmt, 5, program->live_start && *program->live_start ? program->live_start : NULL);
  turnout_db_bind_text (stmt, 6, program->live_end && *program->live_end ? program->live_end : NULL);
  turnout_db_bind_text (stmt, 7, program->time_zone ? program->time_zone : "");
  turnout_db_bind_text (stmt, 8, program->description ? program->description : "");
  sqlite3_bind_int (stmt, 9, !!program->auto_promote);
  sqlite3_bind_int (stmt, 10, !!program->on24_event_email);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                   _("There is no program with id %" PRId64), program->id);
      return FALSE;
    }

  return TRUE;
}

gboolean
turnout_db_rename_program (TurnoutDb   *db,
                           gint64       program_id,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(TurnoutProgram) program = turnout_db_get_program (db, program_id, error);

  if (program == NULL)
    return FALSE;

  g_free (program->name);
  program->name = g_strdup (name);
  return turnout_db_update_program (db, program, error);
}

/* Deleting a program is undoable: it is hidden, and its members and
 * history stay until it is restored.
 */
gboolean
turnout_db_set_program_deleted (TurnoutDb  *db,
                                gint64      program_id,
                                gboolean    deleted,
                                GError    **error)
{
  g_autofree char *now = turnout_now_iso8601 ();
  sqlite3_stmt *stmt;

  if (!deleted)
    {
      gboolean taken = FALSE;

      stmt = turnout_db_prepare (db, "SELECT name FROM programs WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, program_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *name = turnout_db_column_dup (stmt, 0);

          sqlite3_reset (stmt);
          if (!program_name_taken (db, name, program_id, &taken, error))
            return FALSE;
          if (taken)
            {
              g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                           _("A program named “%s” already exists"), name);
              return FALSE;
            }
        }
      sqlite3_reset (stmt);
    }

  stmt = turnout_db_prepare (db, "UPDATE programs SET deleted_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, deleted ? now : NULL);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                   _("There is no program with id %" PRId64), program_id);
      return FALSE;
    }

  return TRUE;
}

/* People */

gboolean
turnout_db_check_text (const char        *text,
                       TurnoutTextField   field,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (turnout_text_check (text, field, &local_error))
    return TRUE;
  /* Callers tell bad input by the store's own code. */
  g_set_error_literal (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID, local_error->message);
  return FALSE;
}

gboolean
turnout_db_check_person_spec (const TurnoutPersonSpec  *spec,
                              GError                  **error)
{
  return turnout_db_check_text (spec->first_name, TURNOUT_TEXT_FIRST_NAME, error) &&
         turnout_db_check_text (spec->last_name, TURNOUT_TEXT_LAST_NAME, error) &&
         turnout_db_check_text (spec->company, TURNOUT_TEXT_COMPANY, error) &&
         turnout_db_check_text (spec->job_title, TURNOUT_TEXT_JOB_TITLE, error);
}

static gboolean
check_email (const char  *email,
             GError     **error)
{
  g_autofree char *trimmed = email ? g_strstrip (g_strdup (email)) : NULL;

  /* Length and control characters first: the message below quotes the
   * address, which must then be short and harmless. */
  if (!turnout_db_check_text (trimmed, TURNOUT_TEXT_EMAIL, error))
    return FALSE;
  if (!turnout_email_is_valid (email))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a valid e-mail address"), email ? email : "");
      return FALSE;
    }
  return TRUE;
}

static const char *
or_empty (const char *s)
{
  return s ? s : "";
}

/**
 * turnout_db_upsert_person:
 * @overwrite: whether given non-empty fields replace the stored ones
 *
 * Finds the person by e-mail (case-insensitively) or creates them. Returns
 * the person's id, or 0 with @error set.
 */
gint64
turnout_db_upsert_person (TurnoutDb               *db,
                          const TurnoutPersonSpec *spec,
                          gboolean                 overwrite,
                          GError                 **error)
{
  g_autofree char *email = NULL;
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!check_email (spec->email, error) || !turnout_db_check_person_spec (spec, error))
    return 0;

  email = turnout_email_normalize (spec->email);
  key = turnout_email_key (email);

  stmt = turnout_db_prepare (db, "SELECT id FROM people WHERE email_key = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id != 0)
    {
      if (!overwrite)
        return id;

      /* Only fields that were given replace what is stored. */
      stmt = turnout_db_prepare (db,
                                 "UPDATE people SET"
                                 " first_name = CASE WHEN ?2 != '' THEN ?2 ELSE first_name END,"
                                 " last_name = CASE WHEN ?3 != '' THEN ?3 ELSE last_name END,"
                                 " company = CASE WHEN ?4 != '' THEN ?4 ELSE company END,"
                                 " job_title = CASE WHEN ?5 != '' THEN ?5 ELSE job_title END"
                                 " WHERE id = ?1",
                                 error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
    }
  else
    {
      now = turnout_now_iso8601 ();
      stmt = turnout_db_prepare (db,
                                 "INSERT INTO people (first_name, last_name, company, job_title,"
                                 " email, email_key, created_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                 error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 6, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
    }

  sqlite3_bind_text (stmt, 2, or_empty (spec->first_name), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, or_empty (spec->last_name), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (spec->company), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (spec->job_title), -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      turnout_db_set_error (db, sqlite3_errcode (db->handle), error);
      sqlite3_reset (stmt);
      return 0;
    }
  sqlite3_reset (stmt);

  return id != 0 ? id : sqlite3_last_insert_rowid (db->handle);
}

/* Replaces every field of a person, the e-mail address included. */
gboolean
turnout_db_update_person (TurnoutDb           *db,
                          const TurnoutPerson *person,
                          GError             **error)
{
  g_autofree char *email = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!check_email (person->email, error))
    return FALSE;
  {
    TurnoutPersonSpec spec = { person->email, person->first_name, person->last_name,
                               person->company, person->job_title };

    if (!turnout_db_check_person_spec (&spec, error))
      return FALSE;
  }

  email = turnout_email_normalize (person->email);
  key = turnout_email_key (email);

  stmt = turnout_db_prepare (db,
                             "UPDATE people SET email = ?2, email_key = ?3, first_name = ?4,"
                             " last_name = ?5, company = ?6, job_title = ?7 WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person->id);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, or_empty (person->first_name), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (person->last_name), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, or_empty (person->company), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, or_empty (person->job_title), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_EXISTS,
                   _("Another person already has the e-mail address %s"), email);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);
  if (sqlite3_changes (db->handle) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND, _("That person no longer exists"));
      return FALSE;
    }

  return TRUE;
}

#define PERSON_COLUMNS "pe.id, pe.email, pe.first_name, pe.last_name, pe.company, pe.job_title"

static void
person_from_row (TurnoutPerson *person,
                 sqlite3_stmt  *stmt,
                 int            first)
{
  person->id = sqlite3_column_int64 (stmt, first);
  person->email = turnout_db_column_dup (stmt, first + 1);
  person->first_name = turnout_db_column_dup (stmt, first + 2);
  person->last_name = turnout_db_column_dup (stmt, first + 3);
  person->company = turnout_db_column_dup (stmt, first + 4);
  person->job_title = turnout_db_column_dup (stmt, first + 5);
}

TurnoutPerson *
turnout_db_find_person (TurnoutDb   *db,
                        const char  *email,
                        GError     **error)
{
  g_autofree char *key = NULL;
  TurnoutPerson *person = NULL;
  sqlite3_stmt *stmt;

  if (!check_email (email, error))
    return NULL;

  key = turnout_email_key (email);
  stmt = turnout_db_prepare (db, "SELECT " PERSON_COLUMNS " FROM people pe WHERE pe.email_key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      person = g_new0 (TurnoutPerson, 1);
      person_from_row (person, stmt, 0);
    }
  sqlite3_reset (stmt);

  if (person == NULL)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("There is no person with the e-mail address %s"), email);

  return person;
}

/* Members */

#define MEMBER_COLUMNS \
  "m.id, m.program_id, " PERSON_COLUMNS ", m.status, m.status_reason, m.member_date," \
  " m.status_changed_at, m.reached_success, m.success_at, m.acquired_by, m.waitlist_priority," \
  " m.waitlist_at, m.on24_eventuserid, m.push_state, m.live_minutes, m.ondemand_minutes," \
  " m.engagement_score"

static TurnoutMember *
member_from_row (sqlite3_stmt *stmt)
{
  TurnoutMember *member = g_new0 (TurnoutMember, 1);
  g_autofree char *push = NULL;

  member->membership_id = sqlite3_column_int64 (stmt, 0);
  member->program_id = sqlite3_column_int64 (stmt, 1);
  person_from_row (&member->person, stmt, 2);
  member->status = turnout_db_column_dup (stmt, 8);
  member->status_reason = turnout_db_column_dup (stmt, 9);
  member->member_date = turnout_db_column_dup (stmt, 10);
  member->status_changed_at = turnout_db_column_dup (stmt, 11);
  member->reached_success = sqlite3_column_int (stmt, 12);
  member->success_at = turnout_db_column_dup (stmt, 13);
  member->acquired_by = turnout_db_column_dup (stmt, 14);
  member->waitlist_priority = sqlite3_column_int (stmt, 15);
  member->waitlist_at = turnout_db_column_dup (stmt, 16);
  member->on24_eventuserid = sqlite3_column_int64 (stmt, 17);
  push = turnout_db_column_dup (stmt, 18);
  member->push_state = turnout_push_state_from_key (push);
  member->live_minutes = sqlite3_column_type (stmt, 19) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 19);
  member->ondemand_minutes = sqlite3_column_type (stmt, 20) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 20);
  member->engagement_score = sqlite3_column_type (stmt, 21) == SQLITE_NULL ? -1.0 : sqlite3_column_double (stmt, 21);
  return member;
}

TurnoutMember *
turnout_db_get_member (TurnoutDb  *db,
                       gint64      program_id,
                       gint64      person_id,
                       GError    **error)
{
  TurnoutMember *member = NULL;
  sqlite3_stmt *stmt;

  stmt = turnout_db_prepare (db,
                             "SELECT " MEMBER_COLUMNS " FROM memberships m"
                             " JOIN people pe ON pe.id = m.person_id"
                             " WHERE m.program_id = ?1 AND m.person_id = ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, program_id);
  sqlite3_bind_int64 (stmt, 2, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    member = member_from_row (stmt);
  sqlite3_reset (stmt);

  if (member == NULL)
    g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                 _("That person is not a member of this program"));

  return member;
}

/* Members of a program, optionally of one status and matching a search
 * over name, e-mail, company and job title (case-insensitive).
 */
GPtrArray *
turnout_db_list_members (TurnoutDb   *db,
                         gint64       program_id,
                         const char  *status,
                         const char  *search,
                         GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_member_free);
  g_autofree char *needle = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (search != NULL && *search != '\0')
    needle = g_utf8_casefold (search, -1);

  stmt = turnout_db_prepare (db,
                             "SELECT " MEMBER_COLUMNS " FROM memberships m"
                             " JOIN people pe ON pe.id = m.person_id"
                             " WHERE m.program_id = ?1 AND (?2 IS NULL OR m.status = ?2)"
                             " AND (?3 IS NULL OR instr (pe.email_key, ?3)"
                             "   OR instr (lower (pe.first_name || ' ' || pe.last_name), ?3)"
                             "   OR instr (lower (pe.company), ?3) OR instr (lower (pe.job_title), ?3))"
                             " ORDER BY pe.last_name COLLATE NOCASE, pe.first_name COLLATE NOCASE,"
                             " pe.email_key",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, status);
  turnout_db_bind_text (stmt, 3, needle);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, member_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&members);
}

GArray *
turnout_db_list_person_ids_with_status (TurnoutDb   *db,
                                        gint64       program_id,
                                        const char  *status,
                                        GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT person_id FROM memberships WHERE program_id = ?1 AND status = ?2"
                             " ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, program_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The history outlives the membership: it is read by program and person. */
GPtrArray *
turnout_db_get_history (TurnoutDb  *db,
                        gint64      program_id,
                        gint64      person_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_history_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT id, old_status, new_status, reason, source, at FROM status_history"
                             " WHERE program_id = ?1 AND person_id = ?2 ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, program_id);
  sqlite3_bind_int64 (stmt, 2, person_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TurnoutHistoryEntry *entry = g_new0 (TurnoutHistoryEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->old_status = turnout_db_column_dup (stmt, 1);
      entry->new_status = turnout_db_column_dup (stmt, 2);
      entry->reason = turnout_db_column_dup (stmt, 3);
      entry->source = turnout_db_column_dup (stmt, 4);
      entry->at = turnout_db_column_dup (stmt, 5);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

GHashTable *
turnout_db_count_statuses (TurnoutDb  *db,
                           gint64      program_id,
                           GError    **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT status, count(*) FROM memberships WHERE program_id = ?1"
                             " GROUP BY status",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, program_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, turnout_db_column_dup (stmt, 0),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/* Status changes */

static TurnoutAcquiredBy
acquired_for_source (TurnoutSource source)
{
  switch (source)
    {
    case TURNOUT_SOURCE_IMPORT:
      return TURNOUT_ACQUIRED_IMPORT;
    case TURNOUT_SOURCE_PROVIDER_REFRESH:
      return TURNOUT_ACQUIRED_PROVIDER_FEED;
    case TURNOUT_SOURCE_PROVIDER_REGISTRATION:
      return TURNOUT_ACQUIRED_REGISTRATION_FORM;
    case TURNOUT_SOURCE_MANUAL:
    case TURNOUT_SOURCE_BULK:
    case TURNOUT_SOURCE_RULE:
    default:
      return TURNOUT_ACQUIRED_MANUAL;
    }
}

static gboolean
insert_history (TurnoutDb     *db,
                gint64         program_id,
                gint64         person_id,
                const char    *old_status,
                const char    *new_status,
                const char    *reason,
                TurnoutSource  source,
                const char    *now,
                GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = turnout_db_prepare (db,
                             "INSERT INTO status_history (program_id, person_id, old_status,"
                             " new_status, reason, source, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, program_id);
  sqlite3_bind_int64 (stmt, 2, person_id);
  sqlite3_bind_text (stmt, 3, old_status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, new_status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, or_empty (reason), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, turnout_source_to_key (source), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

/**
 * turnout_db_count_seats:
 *
 * Members of a program per status that the seat limit and the wait list
 * count, in one GROUP BY over the program. The move engine asks it once
 * per transaction at most (turnout_db_seats_taken()), never per member.
 * @seats->capacity is left as it is.
 */
gboolean
turnout_db_count_seats (TurnoutDb       *db,
                        gint64           program_id,
                        TurnoutChannel  *channel,
                        TurnoutSeats    *seats,
                        GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  seats->taken = seats->waiting = seats->pending = 0;
  stmt = turnout_db_prepare (db,
                             "SELECT status, count(*) FROM memberships WHERE program_id = ?1"
                             " GROUP BY status",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, program_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const TurnoutStatus *status = turnout_channel_lookup (channel, key);
      guint n = sqlite3_column_int (stmt, 1);

      if (status != NULL && status->holds_seat)
        seats->taken += n;
      if (g_strcmp0 (key, TURNOUT_STATUS_WAIT_LISTED) == 0)
        seats->waiting = n;
      if (g_strcmp0 (key, TURNOUT_STATUS_PENDING_APPROVAL) == 0)
        seats->pending = n;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return turnout_db_set_error (db, rc, error);

  return TRUE;
}

/* Seats taken in @program: counted once in a transaction, then kept as the
 * transaction moves people (turnout_db_seats_moved()). Counting per move
 * made a bulk change under a seat limit quadratic: 36 s for 20,000. */
gboolean
turnout_db_seats_taken (TurnoutDb             *db,
                        const TurnoutProgram  *program,
                        TurnoutChannel        *channel,
                        guint                 *taken,
                        GError               **error)
{
  TurnoutSeats seats;

  if (db->in_transaction && db->seats_program == program->id)
    {
      *taken = db->seats_taken;
      return TRUE;
    }

  if (!turnout_db_count_seats (db, program->id, channel, &seats, error))
    return FALSE;
  if (db->in_transaction)
    {
      db->seats_program = program->id;
      db->seats_taken = seats.taken;
    }
  *taken = seats.taken;
  return TRUE;
}

void
turnout_db_seats_moved (TurnoutDb           *db,
                        gint64               program_id,
                        const TurnoutStatus *from,
                        const TurnoutStatus *to)
{
  gboolean before = from != NULL && from->holds_seat;
  gboolean after = to != NULL && to->holds_seat;

  if (db->seats_program != program_id || before == after)
    return;
  if (after)
    db->seats_taken++;
  else if (db->seats_taken > 0)
    db->seats_taken--;
}

gboolean
turnout_db_apply_move (TurnoutDb            *db,
                       const TurnoutProgram *program,
                       TurnoutChannel       *channel,
                       gint64                person_id,
                       const char           *to_status,
                       const char           *reason,
                       TurnoutSource         source,
                       const char           *now,
                       GPtrArray            *results,
                       GError              **error)
{
  return turnout_db_apply_move_full (db, program, channel, person_id, NULL, NULL, to_status, reason,
                                     source, now, results, error);
}

/* A membership's move: ?1 membership, ?2 new status, ?3 reason, ?4 time,
 * ?5 success reached now, ?6 program, ?7 push state; with engagement also
 * ?8 live minutes, ?9 on-demand minutes, ?10 score. One text for the single
 * path and the batched plain moves, so both write the very same row. */
#define UPDATE_MEMBERSHIP_SET \
  "UPDATE memberships SET status = ?2, status_reason = ?3," \
  " status_changed_at = ?4," \
  " reached_success = reached_success OR ?5," \
  " success_at = CASE WHEN reached_success THEN success_at" \
  "   WHEN ?5 THEN ?4 ELSE NULL END," \
  " waitlist_priority = CASE WHEN ?2 != 'wait-listed' THEN 0" \
  "   WHEN waitlist_priority > 0 THEN waitlist_priority" \
  "   ELSE (SELECT coalesce (max (waitlist_priority), 0) + 1" \
  "     FROM memberships WHERE program_id = ?6 AND status = 'wait-listed') END," \
  " waitlist_at = CASE WHEN ?2 = 'wait-listed'" \
  "   THEN coalesce (waitlist_at, ?4) ELSE NULL END," \
  " push_state = ?7"
static const char update_membership[] = UPDATE_MEMBERSHIP_SET " WHERE id = ?1";
static const char update_membership_with_engagement[] =
  UPDATE_MEMBERSHIP_SET ", live_minutes = ?8, ondemand_minutes = ?9, engagement_score = ?10 WHERE id = ?1";
#undef UPDATE_MEMBERSHIP_SET

/**
 * turnout_db_apply_move_full:
 * @known: (nullable): the person and their membership as the caller read
 *   them in this transaction, still current; %NULL to read them here
 * @engagement: (nullable): engagement figures to write with the move
 *
 * turnout_db_apply_move() for callers that move many members whose state
 * they already hold (a refresh), which saves a look-up per member and a
 * second write of the same row. The engagement figures are written only
 * when the move updates an existing membership; @engagement->written says
 * whether they were.
 */
gboolean
turnout_db_apply_move_full (TurnoutDb                *db,
                            const TurnoutProgram     *program,
                            TurnoutChannel           *channel,
                            gint64                    person_id,
                            const TurnoutMemberState *known,
                            TurnoutEngagement        *engagement,
                            const char               *to_status,
                            const char               *reason,
                            TurnoutSource             source,
                            const char               *now,
                            GPtrArray                *results,
                            GError                  **error)
{
  g_autoptr(TurnoutChangeResult) result = g_new0 (TurnoutChangeResult, 1);
  g_autofree char *why = NULL;
  const TurnoutStatus *from_status;
  const TurnoutStatus *effective;
  sqlite3_stmt *stmt;
  gint64 membership_id = 0;
  gboolean had_success = FALSE;
  TurnoutPushState push_state = TURNOUT_PUSH_NONE;

  g_assert (db->in_transaction);

  result->person_id = person_id;
  if (engagement != NULL)
    engagement->written = FALSE;

  if (known != NULL)
    {
      result->email = g_strdup (known->email);
      if (known->membership_id != 0)
        {
          membership_id = known->membership_id;
          result->old_status = g_strdup (known->status);
          had_success = known->reached_success;
          push_state = known->push_state;
        }
    }
  else
    {
      /* The person and their membership, if any, in one look-up: this runs
       * once per member of every bulk change and import. */
      stmt = turnout_db_prepare (db,
                                 "SELECT p.email, m.id, m.status, m.reached_success, m.push_state"
                                 " FROM people p LEFT JOIN memberships m"
                                 "  ON m.program_id = ?1 AND m.person_id = p.id"
                                 " WHERE p.id = ?2",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, program->id);
      sqlite3_bind_int64 (stmt, 2, person_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          result->email = turnout_db_column_dup (stmt, 0);
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            {
              membership_id = sqlite3_column_int64 (stmt, 1);
              result->old_status = turnout_db_column_dup (stmt, 2);
              had_success = sqlite3_column_int (stmt, 3);
              push_state = turnout_push_state_from_key ((const char *) sqlite3_column_text (stmt, 4));
            }
        }
      sqlite3_reset (stmt);
    }

  if (result->email == NULL)
    {
      result->outcome = TURNOUT_MOVE_REFUSED;
      result->reason = g_strdup (_("There is no such person"));
      result->new_status = g_strdup (to_status);
      g_ptr_array_add (results, g_steal_pointer (&result));
      return TRUE;
    }

  if (result->old_status == NULL)
    result->old_status = g_strdup (TURNOUT_STATUS_NOT_IN_PROGRAM);

  result->outcome = turnout_channel_decide_move (channel, result->old_status, to_status, &why);
  result->new_status = g_strdup (to_status);
  from_status = turnout_channel_lookup (channel, result->old_status);
  effective = turnout_channel_lookup (channel, to_status);

  if (result->outcome == TURNOUT_MOVE_SKIPPED || result->outcome == TURNOUT_MOVE_REFUSED)
    {
      result->reason = g_steal_pointer (&why);
      if (result->outcome == TURNOUT_MOVE_SKIPPED && result->reason == NULL)
        result->reason = g_strdup (_("Already in this status"));
      g_ptr_array_add (results, g_steal_pointer (&result));
      return TRUE;
    }

  if (result->outcome == TURNOUT_MOVE_REMOVED)
    {
      stmt = turnout_db_prepare (db, "DELETE FROM memberships WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, membership_id);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
      db->moves++;
      turnout_db_seats_moved (db, program->id, from_status, NULL);

      /* A push not yet sent for someone who left is not sent at all. */
      stmt = turnout_db_prepare (db,
                                 "UPDATE outbox SET state = 'cancelled', updated_at = ?3"
                                 " WHERE program_id = ?1 AND person_id = ?2 AND state = 'pending'",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, program->id);
      sqlite3_bind_int64 (stmt, 2, person_id);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;

      result->reason = g_strdup (reason);
      if (!insert_history (db, program->id, person_id, result->old_status,
                           TURNOUT_STATUS_NOT_IN_PROGRAM, reason, source, now, error))
        return FALSE;

      if (!turnout_rules_after_move (db, program, channel, result, source, now, error))
        return FALSE;

      g_ptr_array_add (results, g_steal_pointer (&result));
      return TRUE;
    }

  g_assert (result->outcome == TURNOUT_MOVE_CHANGED);
  result->reason = g_strdup (reason);

  /* Capacity: a move to Registered beyond the seat limit waits instead. */
  if (program->capacity >= 0 && g_str_equal (to_status, TURNOUT_STATUS_REGISTERED) &&
      !(from_status && from_status->holds_seat))
    {
      guint seats;

      if (!turnout_db_seats_taken (db, program, channel, &seats, error))
        return FALSE;

      if (seats >= (guint) program->capacity)
        {
          const TurnoutStatus *waiting = turnout_channel_lookup (channel, TURNOUT_STATUS_WAIT_LISTED);
          TurnoutMoveOutcome outcome;

          g_clear_pointer (&result->reason, g_free);
          outcome = turnout_channel_decide_move (channel, result->old_status,
                                                 TURNOUT_STATUS_WAIT_LISTED, &result->reason);
          g_free (result->new_status);
          result->new_status = g_strdup (TURNOUT_STATUS_WAIT_LISTED);
          result->outcome = outcome;

          if (outcome != TURNOUT_MOVE_CHANGED)
            {
              g_free (result->reason);
              result->reason = g_strdup_printf (_("No seat is free (%d of %d taken)"),
                                                (int) seats, program->capacity);
              g_ptr_array_add (results, g_steal_pointer (&result));
              return TRUE;
            }

          effective = waiting;
          result->reason = g_strdup_printf (_("No seat is free (%d of %d taken): wait listed"),
                                            (int) seats, program->capacity);
        }
    }

  if (g_str_equal (effective->key, TURNOUT_STATUS_REGISTERED) && program->on24_event_id > 0)
    {
      push_state = TURNOUT_PUSH_PENDING;

      /* One push per member is enough: a newer one replaces any not sent. */
      stmt = turnout_db_prepare (db,
                                 "UPDATE outbox SET state = 'superseded', updated_at = ?3"
                                 " WHERE program_id = ?1 AND person_id = ?2 AND state = 'pending'",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, program->id);
      sqlite3_bind_int64 (stmt, 2, person_id);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;

      stmt = turnout_db_prepare (db,
                                 "INSERT INTO outbox (kind, program_id, person_id, state,"
                                 " created_at, updated_at) VALUES ('register', ?1, ?2, 'pending', ?3, ?3)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, program->id);
      sqlite3_bind_int64 (stmt, 2, person_id);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!turnout_db_step_done (db, stmt, error))
        return FALSE;
    }

  if (membership_id != 0)
    {
      if (engagement != NULL)
        {
          /* The same row, one write: a refresh moves most members. */
          stmt = turnout_db_prepare (db, update_membership_with_engagement, error);
          if (stmt == NULL)
            return FALSE;
          turnout_db_bind_engagement (stmt, 8, engagement);
          engagement->written = TRUE;
        }
      else
        stmt = turnout_db_prepare (db, update_membership, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, membership_id);
    }
  else
    {
      stmt = turnout_db_prepare (db,
                                 "INSERT INTO memberships (person_id, status, status_reason,"
                                 " status_changed_at, reached_success, success_at, program_id,"
                                 " push_state, member_date, acquired_by, waitlist_priority, waitlist_at)"
                                 " VALUES (?8, ?2, ?3, ?4, ?5, CASE WHEN ?5 THEN ?4 END, ?6, ?7, ?4, ?9,"
                                 " CASE WHEN ?2 = 'wait-listed' THEN (SELECT coalesce (max (waitlist_priority), 0) + 1"
                                 "   FROM memberships WHERE program_id = ?6 AND status = 'wait-listed') ELSE 0 END,"
                                 " CASE WHEN ?2 = 'wait-listed' THEN ?4 END)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 8, person_id);
      sqlite3_bind_text (stmt, 9, turnout_acquired_by_to_key (acquired_for_source (source)), -1, SQLITE_STATIC);
    }

  sqlite3_bind_text (stmt, 2, effective->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, or_empty (result->reason), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, effective->success && !had_success);
  sqlite3_bind_int64 (stmt, 6, program->id);
  sqlite3_bind_text (stmt, 7, turnout_push_state_to_key (push_state), -1, SQLITE_STATIC);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;
  db->moves++;
  turnout_db_seats_moved (db, program->id, from_status, effective);

  if (!insert_history (db, program->id, person_id, result->old_status, effective->key,
                       result->reason, source, now, error))
    return FALSE;

  /* Trigger rules and wait list promotion, in this same transaction. */
  if (!turnout_rules_after_move (db, program, channel, result, source, now, error))
    return FALSE;

  g_ptr_array_add (results, g_steal_pointer (&result));
  return TRUE;
}

/* Plain moves, many per statement
 *
 * A refresh moves tens of thousands of members from Registered to Attended
 * at once. Each such move writes one membership row and one history row and
 * nothing else: no seat is counted, no push queued, no rule fires. These
 * write the very same rows without a look-up per move, the history
 * PLAIN_BATCH rows per statement. */

#define PLAIN_BATCH 64
#define PLAIN_HISTORY_PARAMS 3

typedef struct
{
  gint64               membership_id;
  gint64               person_id;
  const char          *old_status;
  const TurnoutStatus *to;
  gboolean             success_now;
  TurnoutPushState     push_state;
  TurnoutEngagement    engagement;
} PlainMove;

struct _TurnoutPlainMoves
{
  TurnoutDb            *db;
  const TurnoutProgram *program;
  TurnoutChannel       *channel;
  TurnoutSource         source;
  char                 *reason;
  char                 *now;
  GArray               *pending;     /* PlainMove */
  sqlite3_stmt         *history[2];  /* one row, PLAIN_BATCH rows */
};

TurnoutPlainMoves *
turnout_plain_moves_new (TurnoutDb            *db,
                         const TurnoutProgram *program,
                         TurnoutChannel       *channel,
                         const char           *reason,
                         TurnoutSource         source,
                         const char           *now)
{
  TurnoutPlainMoves *moves = g_new0 (TurnoutPlainMoves, 1);

  moves->db = db;
  moves->program = program;
  moves->channel = channel;
  moves->source = source;
  moves->reason = g_strdup (or_empty (reason));
  moves->now = g_strdup (now);
  moves->pending = g_array_new (FALSE, FALSE, sizeof (PlainMove));
  return moves;
}

void
turnout_plain_moves_free (TurnoutPlainMoves *moves)
{
  if (moves == NULL)
    return;
  for (guint i = 0; i < 2; i++)
    sqlite3_finalize (moves->history[i]);
  g_array_unref (moves->pending);
  g_free (moves->reason);
  g_free (moves->now);
  g_free (moves);
}

/**
 * turnout_plain_moves_add:
 * @state: the member as read in this transaction, still current
 *
 * Queues the move of a member to @to_status with @engagement when it is a
 * plain one, to be written by turnout_plain_moves_flush(): one the channel
 * allows, to a status that takes no seat count, push or wait list place,
 * that frees no seat, and on which no enabled rule of the program fires.
 * Returns %FALSE, queuing nothing, for any other move, which the caller
 * applies with turnout_db_apply_move_full() after a flush.
 */
gboolean
turnout_plain_moves_add (TurnoutPlainMoves        *moves,
                         gint64                    person_id,
                         const TurnoutMemberState *state,
                         const char               *to_status,
                         const TurnoutEngagement  *engagement)
{
  const TurnoutStatus *from = turnout_channel_lookup (moves->channel, state->status);
  const TurnoutStatus *to = turnout_channel_lookup (moves->channel, to_status);
  PlainMove move;

  if (state->membership_id == 0 || from == NULL || to == NULL ||
      g_str_equal (to->key, TURNOUT_STATUS_REGISTERED) || g_str_equal (to->key, TURNOUT_STATUS_WAIT_LISTED) ||
      g_str_equal (to->key, TURNOUT_STATUS_NOT_IN_PROGRAM) ||
      (from->holds_seat && !to->holds_seat) ||
      turnout_channel_decide_move (moves->channel, state->status, to_status, NULL) != TURNOUT_MOVE_CHANGED ||
      turnout_rules_fire_on (moves->db, moves->program->id, to->key))
    return FALSE;

  move.membership_id = state->membership_id;
  move.person_id = person_id;
  move.old_status = from->key;
  move.to = to;
  move.success_now = to->success && !state->reached_success;
  move.push_state = state->push_state;
  move.engagement = *engagement;
  g_array_append_val (moves->pending, move);
  return TRUE;
}

/* ?1 program, ?2 reason, ?3 source, ?4 time; then person, old and new
 * status of each row. */
static sqlite3_stmt *
prepare_history (TurnoutDb  *db,
                 guint       rows,
                 GError    **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO status_history (program_id, person_id, old_status,"
                                         " new_status, reason, source, at) VALUES ");
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < rows; i++)
    {
      guint first = 5 + PLAIN_HISTORY_PARAMS * i;

      g_string_append_printf (sql, "%s(?1, ?%u, ?%u, ?%u, ?2, ?3, ?4)", i > 0 ? "," : "",
                              first, first + 1, first + 2);
    }

  rc = sqlite3_prepare_v3 (turnout_db_get_handle (db), sql->str, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  return stmt;
}

/* The same rows as turnout_db_apply_move_full() writes for such a move (a
 * status that is not Wait Listed clears the wait list place), the history
 * rows many per statement. */
static gboolean
write_plain (TurnoutPlainMoves  *moves,
             const PlainMove    *batch,
             guint               rows,
             GError            **error)
{
  guint shape = rows == 1 ? 0 : 1;
  sqlite3_stmt *stmt;
  int rc;

  g_assert (rows == 1 || rows == PLAIN_BATCH);

  /* One statement per row, the single path's own: an UPDATE ... FROM
   * (VALUES ...) materialises the rows and collects the matches first,
   * which cost as much as it saved. */
  stmt = turnout_db_prepare (moves->db, update_membership_with_engagement, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 3, moves->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, moves->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, moves->program->id);
  for (guint i = 0; i < rows; i++)
    {
      const PlainMove *move = &batch[i];

      sqlite3_bind_int64 (stmt, 1, move->membership_id);
      sqlite3_bind_text (stmt, 2, move->to->key, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, move->success_now);
      sqlite3_bind_text (stmt, 7, turnout_push_state_to_key (move->push_state), -1, SQLITE_STATIC);
      turnout_db_bind_engagement (stmt, 8, &move->engagement);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return turnout_db_set_error (moves->db, rc, error);
    }

  if (moves->history[shape] == NULL)
    moves->history[shape] = prepare_history (moves->db, rows, error);
  stmt = moves->history[shape];
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, moves->program->id);
  sqlite3_bind_text (stmt, 2, moves->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, turnout_source_to_key (moves->source), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, moves->now, -1, SQLITE_STATIC);
  for (guint i = 0; i < rows; i++)
    {
      const PlainMove *move = &batch[i];
      int first = 5 + PLAIN_HISTORY_PARAMS * i;

      sqlite3_bind_int64 (stmt, first, move->person_id);
      sqlite3_bind_text (stmt, first + 1, move->old_status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, first + 2, move->to->key, -1, SQLITE_STATIC);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return turnout_db_set_error (moves->db, rc, error);

  moves->db->moves += rows;
  return TRUE;
}

/* Writes the queued moves, in the order they were queued. */
gboolean
turnout_plain_moves_flush (TurnoutPlainMoves  *moves,
                           GError            **error)
{
  const PlainMove *pending = (const PlainMove *) (gpointer) moves->pending->data;
  guint n = moves->pending->len;
  guint done = 0;

  g_assert (moves->db->in_transaction);

  while (done < n)
    {
      guint rows = n - done >= PLAIN_BATCH ? PLAIN_BATCH : 1;

      if (!write_plain (moves, pending + done, rows, error))
        {
          g_array_set_size (moves->pending, 0);
          return FALSE;
        }
      /* Into a seat from none (Invited to Attended): the count follows. */
      for (guint i = done; i < done + rows; i++)
        turnout_db_seats_moved (moves->db, moves->program->id,
                                turnout_channel_lookup (moves->channel, pending[i].old_status), pending[i].to);
      done += rows;
    }
  g_array_set_size (moves->pending, 0);
  return TRUE;
}

void
turnout_db_set_bulk_monitor (TurnoutDb       *db,
                             TurnoutProgress *progress,
                             GCancellable    *cancellable)
{
  db->bulk_progress = progress;
  g_set_object (&db->bulk_cancellable, cancellable);
}

/* Checked every 256 members: a cancellation is seen within a millisecond
 * or two, and the atomics cost nothing next to a move. */
gboolean
turnout_db_bulk_step (TurnoutDb  *db,
                      guint       done,
                      guint       total,
                      GError    **error)
{
  if (done % 256 != 0 && done != total)
    return TRUE;
  if (db->bulk_progress != NULL)
    {
      if (done == 0)
        g_atomic_int_set (&db->bulk_progress->total, (gint) total);
      g_atomic_int_set (&db->bulk_progress->done, (gint) done);
    }
  return !g_cancellable_set_error_if_cancelled (db->bulk_cancellable, error);
}

/* Moves for turnout_db_change_status() and _counted(): with @results,
 * one per person in the order asked for; without, only @summary and
 * @refusal, each result freed once counted (a window changing a million
 * members needs the counts, not a million results). */
static gboolean
change_status (TurnoutDb             *db,
               gint64                 program_id,
               const char            *to_status,
               const gint64          *person_ids,
               guint                  n_person_ids,
               const char            *reason,
               TurnoutSource          source,
               GPtrArray             *results,
               TurnoutChangeSummary  *summary,
               char                 **refusal,
               GError               **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  g_autofree char *clean_reason = NULL;
  g_autofree guint *order = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (to_status != NULL, FALSE);
  g_return_val_if_fail (person_ids != NULL || n_person_ids == 0, FALSE);

  if (reason != NULL)
    {
      clean_reason = g_strstrip (g_strdup (reason));
      if (!turnout_db_check_text (clean_reason, TURNOUT_TEXT_REASON, error))
        return FALSE;
    }

  if (!turnout_db_begin (db, error))
    return FALSE;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;

  channel = turnout_db_get_channel (db, program->channel_key);
  if (channel == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_CORRUPT,
                   _("The program’s channel “%s” is missing"), program->channel_key);
      goto failed;
    }

  if (turnout_channel_lookup (channel, to_status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"),
                   to_status, turnout_channel_get_name (channel));
      goto failed;
    }

  if (!turnout_db_move_order (db, program, channel, person_ids, n_person_ids, &order, error))
    goto failed;
  turnout_db_bulk_cache (db, n_person_ids);

  made = results ? g_ptr_array_ref (results)
                 : g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  for (guint i = 0; i < n_person_ids; i++)
    {
      if (!turnout_db_bulk_step (db, i, n_person_ids, error) ||
          !turnout_db_apply_move (db, program, channel, person_ids[order ? order[i] : i], to_status,
                                  clean_reason && *clean_reason ? clean_reason : NULL,
                                  source, now, made, error))
        goto failed;
      if (results == NULL)
        {
          TurnoutChangeResult *r = g_ptr_array_index (made, 0);

          turnout_change_summary_add (summary, r);
          if (r->outcome == TURNOUT_MOVE_REFUSED && *refusal == NULL)
            *refusal = g_strdup (r->reason);
          g_ptr_array_set_size (made, 0);
        }
    }
  turnout_db_bulk_step (db, n_person_ids, n_person_ids, NULL);

  if (!turnout_db_commit (db, error))
    return FALSE;

  if (results != NULL)
    {
      g_assert (results->len == n_person_ids);
      turnout_db_results_in_order (results, order);
    }
  return TRUE;

failed:
  turnout_db_rollback (db);
  return FALSE;
}

/**
 * turnout_db_change_status:
 *
 * Moves each person to @to_status by the rules of movement, in one
 * transaction: memberships, history rows and outbox entries are written
 * together or not at all. Returns one TurnoutChangeResult per person, in
 * order, or %NULL with @error set when nothing was written.
 */
GPtrArray *
turnout_db_change_status (TurnoutDb     *db,
                          gint64         program_id,
                          const char    *to_status,
                          const gint64  *person_ids,
                          guint          n_person_ids,
                          const char    *reason,
                          TurnoutSource  source,
                          GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_full (n_person_ids, (GDestroyNotify) turnout_change_result_free);

  if (!change_status (db, program_id, to_status, person_ids, n_person_ids, reason, source,
                      results, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&results);
}

/**
 * turnout_db_change_status_counted:
 * @summary: (out): how many changed, were skipped, refused, removed
 * @refusal: (out) (transfer full): the first refused member's reason, or %NULL
 *
 * turnout_db_change_status() keeping only the counts: its memory does not
 * grow with the members moved.
 */
gboolean
turnout_db_change_status_counted (TurnoutDb             *db,
                                  gint64                 program_id,
                                  const char            *to_status,
                                  const gint64          *person_ids,
                                  guint                  n_person_ids,
                                  const char            *reason,
                                  TurnoutSource          source,
                                  TurnoutChangeSummary  *summary,
                                  char                 **refusal,
                                  GError               **error)
{
  g_autofree char *first = NULL;

  memset (summary, 0, sizeof *summary);
  if (!change_status (db, program_id, to_status, person_ids, n_person_ids, reason, source,
                      NULL, summary, &first, error))
    {
      memset (summary, 0, sizeof *summary);
      return FALSE;
    }
  if (refusal != NULL)
    *refusal = g_steal_pointer (&first);
  return TRUE;
}

/* Settings */

char *
turnout_db_get_setting (TurnoutDb   *db,
                        const char  *key,
                        GError     **error)
{
  sqlite3_stmt *stmt = turnout_db_prepare (db, "SELECT value FROM settings WHERE key = ?1", error);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = turnout_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
turnout_db_set_setting (TurnoutDb   *db,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    stmt = turnout_db_prepare (db, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = turnout_db_prepare (db,
                               "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                               " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return turnout_db_step_done (db, stmt, error);
}

guint
turnout_db_count_outbox (TurnoutDb   *db,
                         gint64       program_id,
                         const char  *state,
                         GError     **error)
{
  sqlite3_stmt *stmt = turnout_db_prepare (db,
                                           "SELECT count(*) FROM outbox WHERE (?1 = 0 OR program_id = ?1)"
                                           " AND (?2 IS NULL OR state = ?2)",
                                           error);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, program_id);
  turnout_db_bind_text (stmt, 2, state);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/**
 * turnout_db_check_integrity:
 * @problem: (out): what is wrong, when the answer is %FALSE
 *
 * SQLite's own integrity check, plus the project's invariants: each
 * member's current status is the new status of their last history row, and
 * each pending push has its outbox entry.
 */
gboolean
turnout_db_check_integrity (TurnoutDb   *db,
                            char       **problem,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *answer = NULL;
  int mismatches = 0;

  *problem = NULL;

  stmt = turnout_db_prepare (db, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = turnout_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (g_strcmp0 (answer, "ok") != 0)
    {
      *problem = g_strdup_printf ("integrity_check: %s", answer ? answer : "no answer");
      return FALSE;
    }

  stmt = turnout_db_prepare (db,
                             "SELECT count(*) FROM memberships m WHERE m.status IS NOT"
                             " (SELECT h.new_status FROM status_history h"
                             "  WHERE h.program_id = m.program_id AND h.person_id = m.person_id"
                             "  ORDER BY h.id DESC LIMIT 1)",
                             error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mismatches = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (mismatches > 0)
    {
      *problem = g_strdup_printf ("%d memberships disagree with their history", mismatches);
      return FALSE;
    }

  /* A push marked pending is never without the outbox entry that sends it. */
  stmt = turnout_db_prepare (db,
                             "SELECT count(*) FROM memberships m WHERE m.push_state = 'pending'"
                             " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.program_id = m.program_id"
                             "  AND o.person_id = m.person_id AND o.state = 'pending')",
                             error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mismatches = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (mismatches > 0)
    {
      *problem = g_strdup_printf ("%d pending pushes have no outbox entry", mismatches);
      return FALSE;
    }

  return TRUE;
}

/**
 * turnout_db_add_member:
 * @status: (nullable): the status to give, or %NULL for the channel's first
 *
 * Finds or creates the person and moves them into the program, in one
 * transaction. An existing member follows the rules of movement.
 */
TurnoutChangeResult *
turnout_db_add_member (TurnoutDb               *db,
                       gint64                   program_id,
                       const TurnoutPersonSpec *spec,
                       const char              *status,
                       TurnoutSource            source,
                       GError                 **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  gint64 person_id;

  if (!check_email (spec->email, error))
    return NULL;

  if (!turnout_db_begin (db, error))
    return NULL;

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    goto failed;

  channel = turnout_db_get_channel (db, program->channel_key);
  g_assert (channel != NULL);

  if (status == NULL)
    status = turnout_channel_get_default_status (channel);

  if (turnout_channel_lookup (channel, status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"),
                   status, turnout_channel_get_name (channel));
      goto failed;
    }

  person_id = turnout_db_upsert_person (db, spec, TRUE, error);
  if (person_id == 0)
    goto failed;

  if (!turnout_db_apply_move (db, program, channel, person_id, status, NULL, source, now, results, error))
    goto failed;

  if (!turnout_db_commit (db, error))
    return NULL;

  return g_ptr_array_steal_index (results, 0);

failed:
  turnout_db_rollback (db);
  return NULL;
}
