/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-db.h: the SQLite store, used from exactly one thread.
 *
 * TurnoutDb is synchronous. The command-line tool owns one on its main
 * thread; the application reaches it only through TurnoutStore, whose worker
 * thread owns it. Every write that belongs together is one transaction.
 *
 * This header is the store's interface: operations on programs, people,
 * members, their moves, settings and the outbox, in records
 * (turnout-records.h) and the errors below, never SQL. The other public
 * headers of src/store (rules, wait list, bulk, import, export, outbox,
 * refresh) are the same kind. SQLite is the implementation: the
 * connection, statements and transactions (turnout-db-private.h), the
 * schema (turnout-migrations.c) and the move engine
 * (turnout-moves-private.h), which nothing outside src/store includes but
 * tests. A second engine implements these operations, each one
 * transaction with the same outcomes and errors.
 */
#pragma once

#include <gio/gio.h>

#include "turnout-types.h"
#include "turnout-records.h"
#include "turnout-text.h"

G_BEGIN_DECLS

#define TURNOUT_DB_ERROR (turnout_db_error_quark ())

typedef enum
{
  TURNOUT_DB_ERROR_FAILED,
  TURNOUT_DB_ERROR_OPEN,       /* the file cannot be opened or created */
  TURNOUT_DB_ERROR_TOO_NEW,    /* written by a newer Turnout */
  TURNOUT_DB_ERROR_CORRUPT,    /* damaged beyond use */
  TURNOUT_DB_ERROR_NOT_FOUND,  /* no such program, person or member */
  TURNOUT_DB_ERROR_INVALID,    /* bad input: e-mail, status, name */
  TURNOUT_DB_ERROR_EXISTS,     /* a program or person with that name or e-mail exists */
  TURNOUT_DB_ERROR_FULL,       /* the disk is full */
  TURNOUT_DB_ERROR_BUSY,       /* another process holds the database */
  TURNOUT_DB_ERROR_CONFLICT,   /* a team database's member was moved by someone else first */
} TurnoutDbError;

#define TURNOUT_DB_SCHEMA_VERSION 11

GQuark      turnout_db_error_quark        (void);

char       *turnout_db_default_path       (void);
TurnoutDb  *turnout_db_open               (const char      *path,
                                           GError         **error);
/* A team database (a postgresql:// URI) with the password kept apart
 * from it, in the keyring; NULL: the URI's own, or libpq's password file. */
TurnoutDb  *turnout_db_open_with_password (const char      *path,
                                           const char      *password,
                                           GError         **error);
gboolean    turnout_db_is_team_location   (const char      *path);
/* Whether a team database's address can be read, and whether it holds a
 * password (which belongs in the keyring, not in an address that is
 * saved); @why: the reason, in English, when it cannot be read. */
gboolean    turnout_db_read_team_location (const char      *uri,
                                           gboolean        *has_password,
                                           char           **why);
/* What to call the database in a window or a message: a file's path, or
 * a team database's name and host, never its password. */
char       *turnout_db_describe_location  (const char      *path);
void        turnout_db_close              (TurnoutDb       *db);
const char *turnout_db_get_path           (TurnoutDb       *db);
const char *turnout_db_get_moved_aside    (TurnoutDb       *db);
int         turnout_db_get_schema_version (TurnoutDb       *db);
/* A dry run: every operation runs as it would, to the end of its
 * transaction, and is then rolled back, so it reports what it would do
 * and writes nothing. For `--dry-run` and the window's previews. */
void        turnout_db_set_dry_run        (TurnoutDb       *db,
                                           gboolean         dry_run);
gboolean    turnout_db_get_dry_run        (TurnoutDb       *db);
/* Recording: each transaction that changes a status from now on is kept
 * as a change that turnout_db_undo_change () can take back (the rows it
 * changed, as they were before). For the window's changes; off by
 * default. turnout_db_get_last_change () is the change the last commit
 * recorded, 0 when it changed no status. */
void        turnout_db_set_recording      (TurnoutDb       *db,
                                           gboolean         recording);
gint64      turnout_db_get_last_change    (TurnoutDb       *db);
/* The same, forgotten once read: the store's worker hands each job its
 * own change and no stale one. */
gint64      turnout_db_take_last_change   (TurnoutDb       *db);
TurnoutChannel *
            turnout_db_get_channel        (TurnoutDb       *db,
                                           const char      *key);

/* Programs */
typedef struct
{
  const char *name;
  int         capacity;        /* -1: none */
  gint64      on24_event_id;   /* 0: none */
  const char *live_start;
  const char *live_end;
  const char *time_zone;
  const char *description;
} TurnoutProgramSpec;

gint64      turnout_db_add_program        (TurnoutDb                *db,
                                           const TurnoutProgramSpec *spec,
                                           GError                  **error);
GPtrArray  *turnout_db_list_programs      (TurnoutDb       *db,
                                           GError         **error);
TurnoutProgram *
            turnout_db_get_program        (TurnoutDb       *db,
                                           gint64           program_id,
                                           GError         **error);
TurnoutProgram *
            turnout_db_find_program       (TurnoutDb       *db,
                                           const char      *id_or_name,
                                           GError         **error);
gboolean    turnout_db_update_program     (TurnoutDb            *db,
                                           const TurnoutProgram *program,
                                           GError              **error);
gboolean    turnout_db_rename_program     (TurnoutDb       *db,
                                           gint64           program_id,
                                           const char      *name,
                                           GError         **error);
gboolean    turnout_db_set_program_deleted (TurnoutDb      *db,
                                            gint64          program_id,
                                            gboolean        deleted,
                                            GError        **error);

/* People and members */
typedef struct
{
  const char *email;
  const char *first_name;
  const char *last_name;
  const char *company;
  const char *job_title;
} TurnoutPersonSpec;

/* @text checked for @field (length, control characters; see
 * turnout-text.h), as TURNOUT_DB_ERROR_INVALID naming the field. */
gboolean    turnout_db_check_text         (const char              *text,
                                           TurnoutTextField         field,
                                           GError                 **error);
/* The names, company and job title of @spec checked the same way. */
gboolean    turnout_db_check_person_spec  (const TurnoutPersonSpec *spec,
                                           GError                 **error);

gint64      turnout_db_upsert_person      (TurnoutDb               *db,
                                           const TurnoutPersonSpec *spec,
                                           gboolean                 overwrite,
                                           GError                 **error);
gboolean    turnout_db_update_person      (TurnoutDb           *db,
                                           const TurnoutPerson *person,
                                           GError             **error);
TurnoutPerson *
            turnout_db_find_person        (TurnoutDb       *db,
                                           const char      *email,
                                           GError         **error);
TurnoutMember *
            turnout_db_get_member         (TurnoutDb       *db,
                                           gint64           program_id,
                                           gint64           person_id,
                                           GError         **error);
GPtrArray  *turnout_db_get_member_questions (TurnoutDb     *db,
                                           gint64           program_id,
                                           gint64           person_id,
                                           GError         **error);
/* @member: (transfer full) */
typedef gboolean (*TurnoutMemberFunc) (TurnoutMember  *member,
                                       gpointer        user_data,
                                       GError        **error);

gboolean    turnout_db_foreach_member     (TurnoutDb         *db,
                                           gint64             program_id,
                                           const char        *status,
                                           const char        *search,
                                           TurnoutMemberFunc  func,
                                           gpointer           user_data,
                                           GError           **error);
GPtrArray  *turnout_db_list_members       (TurnoutDb       *db,
                                           gint64           program_id,
                                           const char      *status,
                                           const char      *search,
                                           GError         **error);
GArray     *turnout_db_list_person_ids_with_status (TurnoutDb  *db,
                                                    gint64      program_id,
                                                    const char *status,
                                                    GError    **error);
GPtrArray  *turnout_db_get_history        (TurnoutDb       *db,
                                           gint64           program_id,
                                           gint64           person_id,
                                           GError         **error);
GHashTable *turnout_db_count_statuses     (TurnoutDb       *db,
                                           gint64           program_id,
                                           GError         **error);

TurnoutChangeResult *
            turnout_db_add_member         (TurnoutDb               *db,
                                           gint64                   program_id,
                                           const TurnoutPersonSpec *spec,
                                           const char              *status,
                                           TurnoutSource            source,
                                           GError                 **error);

typedef struct
{
  guint taken;      /* members in a status that holds a seat */
  int   capacity;   /* -1: no limit */
  guint waiting;    /* Wait Listed */
  guint pending;    /* Pending Approval */
} TurnoutSeats;

/* How far a bulk change has come, read from any thread while it runs
 * (g_atomic_int_get); total is set before the first member moves. */
typedef struct
{
  gint done;
  gint total;
} TurnoutProgress;

/* While set, every bulk change of @db (turnout_db_change_status, batch,
 * approve, reject, promote) counts its members into @progress and stops at
 * @cancellable, writing nothing: its transaction is rolled back and it
 * fails with G_IO_ERROR_CANCELLED. Both may be NULL. */
void        turnout_db_set_bulk_monitor   (TurnoutDb       *db,
                                           TurnoutProgress *progress,
                                           GCancellable    *cancellable);

/* Status changes: one transaction for the whole set. */
GPtrArray  *turnout_db_change_status      (TurnoutDb       *db,
                                           gint64           program_id,
                                           const char      *to_status,
                                           const gint64    *person_ids,
                                           guint            n_person_ids,
                                           const char      *reason,
                                           TurnoutSource    source,
                                           GError         **error);

gboolean    turnout_db_change_status_counted (TurnoutDb             *db,
                                              gint64                 program_id,
                                              const char            *to_status,
                                              const gint64          *person_ids,
                                              guint                  n_person_ids,
                                              const char            *reason,
                                              TurnoutSource          source,
                                              TurnoutChangeSummary  *summary,
                                              char                 **refusal,
                                              GError               **error);

/* Settings that are not secrets (the ON24 account's URL and client id). */
char       *turnout_db_get_setting        (TurnoutDb       *db,
                                           const char      *key,
                                           GError         **error);
gboolean    turnout_db_set_setting        (TurnoutDb       *db,
                                           const char      *key,
                                           const char      *value,
                                           GError         **error);

/* The outbox: provider work waiting to be done. */
guint       turnout_db_count_outbox       (TurnoutDb       *db,
                                           gint64           program_id,
                                           const char      *state,
                                           GError         **error);

/* Integrity, for tests and the crash campaign. */
gboolean    turnout_db_check_integrity    (TurnoutDb       *db,
                                           char           **problem,
                                           GError         **error);

char       *turnout_now_iso8601           (void);

G_END_DECLS
