/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-pg.c: statements on a team's PostgreSQL database, over libpq.
 *
 * The store's SQL is written once, with SQLite's `?N` placeholders; here it
 * is prepared on the server with `$N` in their place, run when first
 * stepped, and its rows read one by one as SQLite's would be (SQLite's
 * INSERT and UPDATE OR FAIL become plain ones). Values go
 * both ways as text (PostgreSQL's text format), which every column type
 * the schema uses reads and writes exactly; bytea comes back escaped and
 * is unescaped when read.
 *
 * Errors are given SQLite's codes by their SQLSTATE, so that a unique key
 * violated is SQLITE_CONSTRAINT on both engines; the server's message is
 * kept for the error a person sees.
 */
#define G_LOG_DOMAIN "turnout-pg"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "turnout-pg.h"

/* Type OIDs of PostgreSQL's catalogue (pg_type.dat); stable across versions. */
enum
{
  OID_BOOL = 16,
  OID_BYTEA = 17,
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_TEXT = 25,
  OID_TEXT_ARRAY = 1009,
  OID_OID = 26,
  OID_FLOAT4 = 700,
  OID_FLOAT8 = 701,
  OID_NUMERIC = 1700,
};

/* A write sent in the pipeline whose outcome is still to be read:
 * expect_one, it must change one row, or @who was first; a gathered
 * guarded write (no_rows) names in its rows whoever was first. */
typedef struct
{
  gboolean expect_one;
  char    *who;
  gboolean no_rows;
} Pending;

/* Rows gathered for one execution of a statement's batch form. */
#define BATCH_ROWS 4096

/* Writes in the pipeline before their outcomes are read: many members'
 * rows go in one round trip, but the server's answers must be read before
 * they fill its send buffer. */
#define MAX_PENDING 256

struct _TurnoutPg
{
  PGconn *conn;
  guint   next_name;
  gint64  changes;
  int     errcode;
  char   *errmsg;
  char   *conflict_who;
  GArray *pending;       /* of Pending, in the order sent */
  GPtrArray *batches;    /* statements with rows gathered, in the order first gathered */
  guint   generation;    /* connections so far: a reset loses what was prepared */
  guint   pipelined : 1;
  guint   in_transaction : 1;  /* between our BEGIN and its end */
};

struct _TurnoutPgStmt
{
  TurnoutPg      *pg;
  char            name[32];
  int             n_params;
  char          **values;     /* n_params; NULL: SQL NULL */
  int            *lengths;
  int            *formats;    /* 1 for a bytea given as bytes */
  PGresult       *result;     /* NULL: not run since the last reset */
  int             row;        /* the current row of result */
  int             n_rows;
  unsigned char **blobs;      /* per column, unescaped on demand */
  size_t         *blob_sizes;
  int             n_blobs;
  char           *text;       /* as sent to the server, to prepare it again */
  Oid            *types;
  guint           generation; /* the connection's it was prepared on */
  /* The batch form (turnout_pg_stmt_set_batch ()) and its rows so far:
   * per parameter it uses, the array's elements; the rows' keys. */
  TurnoutPgStmt  *batch;
  TurnoutPgStmt  *compact;    /* its form for rows that agree on the scalars, or NULL */
  gboolean       *scalar;     /* n_params + 1: the compact form takes it once */
  char          **first;      /* n_params + 1: the first row's values */
  gboolean       *varies;     /* n_params + 1: the rows disagree */
  int             key_param;
  GString       **elements;   /* n_params + 1 (the whos); NULL: not used */
  guint           n_gathered;
  gboolean        expect_one;
  GHashTable     *keys;       /* of gint64 */
};

static char *one_line              (const char     *message);
static int   set_error_from_result (TurnoutPg      *pg,
                                    const PGresult *result);
static int   send_batches          (TurnoutPg      *pg);
static char *translate_placeholders (const char    *sql,
                                     int           *n_params,
                                     GArray       **used);
static void  drop_batches          (TurnoutPg      *pg);

/* The server restarted or the network dropped: outside a transaction the
 * connection is made again (the statements are prepared again when next
 * used); inside one, the transaction is lost and the error stands, so
 * nothing is half-written. */
/* The connection went in the middle of a transaction: the server rolled
 * it back. */
static int
set_lost_in_transaction (TurnoutPg *pg)
{
  g_free (pg->errmsg);
  pg->errmsg = g_strdup (_("the connection was lost in the middle of the change, and the server kept none of it"));
  return pg->errcode = SQLITE_IOERR;
}

static int
ensure_connected (TurnoutPg *pg)
{
  if (PQstatus (pg->conn) == CONNECTION_OK)
    return SQLITE_OK;
  if (pg->in_transaction)
    return set_lost_in_transaction (pg);
  PQreset (pg->conn);
  pg->pipelined = FALSE;
  g_array_set_size (pg->pending, 0);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      g_free (pg->errmsg);
      pg->errmsg = one_line (PQerrorMessage (pg->conn));
      return pg->errcode = SQLITE_IOERR;
    }
  pg->generation++;
  g_debug ("Connected to the team database again");
  return SQLITE_OK;
}

/* Whether a statement failed because the connection was gone before it,
 * with no transaction of ours on it: then it can be sent again. */
static gboolean
lost_between (TurnoutPg *pg)
{
  return PQstatus (pg->conn) == CONNECTION_BAD && !pg->in_transaction;
}

static int
ensure_prepared (TurnoutPgStmt *stmt)
{
  TurnoutPg *pg = stmt->pg;
  PGresult *result;
  int rc = SQLITE_OK;

  if (stmt->generation == pg->generation)
    return SQLITE_OK;
  /* in the pipeline: prepared there, its outcome read with the rest */
  if (pg->pipelined)
    {
      Pending pending = { FALSE, NULL };

      if (!PQsendPrepare (pg->conn, stmt->name, stmt->text, stmt->n_params, stmt->types))
        return set_error_from_result (pg, NULL);
      g_array_append_val (pg->pending, pending);
      stmt->generation = pg->generation;
      return SQLITE_OK;
    }
  result = PQprepare (pg->conn, stmt->name, stmt->text, stmt->n_params, stmt->types);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    rc = set_error_from_result (pg, result);
  else
    stmt->generation = pg->generation;
  PQclear (result);
  return rc;
}

gboolean
turnout_pg_is_uri (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

/* libpq's messages run over lines ("...failed: Connection refused\n\tIs
 * the server running..."): one line, for a toast or a CLI error. */
static char *
one_line (const char *message)
{
  g_auto(GStrv) parts = g_strsplit_set (message != NULL ? message : "", "\n\t", -1);
  GString *line = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (line->len > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, parts[i]);
    }
  return g_string_free (line, FALSE);
}

static int
rc_for_sqlstate (const char *state)
{
  if (state == NULL)
    return SQLITE_IOERR;  /* no answer at all: the connection is gone */
  if (g_str_has_prefix (state, "23"))
    return SQLITE_CONSTRAINT;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    return SQLITE_BUSY;
  if (g_str_equal (state, "53100"))
    return SQLITE_FULL;
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    return SQLITE_IOERR;
  if (g_str_has_prefix (state, "42501") || g_str_has_prefix (state, "28"))
    return SQLITE_PERM;
  return SQLITE_ERROR;
}

static int
set_error_from_result (TurnoutPg      *pg,
                       const PGresult *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  g_free (pg->errmsg);
  if (message == NULL || *message == '\0')
    message = PQerrorMessage (pg->conn);
  pg->errmsg = one_line (message);
  pg->errcode = rc_for_sqlstate (state);
  return pg->errcode;
}

static gboolean
is_loopback (const char *address)
{
  return g_str_equal (address, "localhost") || g_str_equal (address, "127.0.0.1") || g_str_equal (address, "::1");
}

/* Whether every server the address names is this computer: a socket
 * folder or the loopback, by its name and by the address libpq then
 * connects to (the n-th hostaddr, when there is one, instead of the
 * n-th host), either from PGHOST and PGHOSTADDR when the URI has none.
 * "host=localhost hostaddr=10.0.0.5" is another computer; so is
 * "host=db.example.com hostaddr=127.0.0.1" (a tunnel to one), whose
 * certificate is checked against that name. */
static gboolean
servers_are_local (const char *host,
                   const char *hostaddr)
{
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) addresses = NULL;
  guint n_hosts, n_addresses;

  if (host == NULL || *host == '\0')
    host = g_getenv ("PGHOST");
  if (hostaddr == NULL || *hostaddr == '\0')
    hostaddr = g_getenv ("PGHOSTADDR");
  hosts = g_strsplit (host != NULL ? host : "", ",", -1);
  addresses = g_strsplit (hostaddr != NULL ? hostaddr : "", ",", -1);
  n_hosts = g_strv_length (hosts);
  n_addresses = g_strv_length (addresses);
  for (guint i = 0; i < MAX (n_hosts, n_addresses); i++)
    {
      const char *h = i < n_hosts ? hosts[i] : "";
      const char *a = i < n_addresses ? addresses[i] : "";

      /* No host: libpq's default, the local socket. */
      if (!(*h == '\0' || h[0] == '/' || h[0] == '@' || is_loopback (h)))
        return FALSE;
      if (*a != '\0' && !is_loopback (a))
        return FALSE;
    }
  return TRUE;
}

gboolean
turnout_pg_read_uri (const char  *uri,
                     gboolean    *has_password,
                     char       **why)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &message);

  *has_password = FALSE;
  if (options == NULL)
    {
      *why = one_line (message != NULL ? message : "");
      PQfreemem (message);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "password") && o->val != NULL && *o->val != '\0')
      *has_password = TRUE;
  PQconninfoFree (options);
  return TRUE;
}

char *
turnout_pg_describe (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *user = NULL, *host = NULL, *dbname = NULL, *port = NULL;
  const char *name;
  char *text;

  if (options == NULL)
    return g_strdup (_("a PostgreSQL database"));
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "host") || (host == NULL && g_str_equal (o->keyword, "hostaddr")))
        host = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
    }

  name = dbname != NULL ? dbname : (user != NULL ? user : "postgres");
  if (host != NULL && host[0] != '/')
    {
      g_autofree char *where = port != NULL ? g_strdup_printf ("%s:%s", host, port) : g_strdup (host);

      /* Translators: a team database's name and the server it is on,
       * e.g. "turnout on db.example.org:5432" */
      text = g_strdup_printf (_("%s on %s"), name, where);
    }
  else
    text = g_strdup (name);
  PQconninfoFree (options);
  return text;
}

static void
pending_clear (gpointer data)
{
  g_free (((Pending *) data)->who);
}

/* The server's notices ("relation … already exists, skipping" for a
 * temporary table made again): libpq prints them on stderr; they are
 * debug output here. */
static void
on_notice (void       *data,
           const char *message)
{
  g_autofree char *line = one_line (message);

  g_debug ("%s", line);
}

PGconn *
turnout_pg_connect_conn (const char  *uri,
                         const char  *password,
                         char       **why)
{
  PQconninfoOption *options;
  const char *host = NULL;
  const char *hostaddr = NULL;
  const char *keywords[12];
  const char *values[12];
  int n = 0;
  PGconn *conn;
  char *message = NULL;

  options = PQconninfoParse (uri, &message);
  if (options == NULL)
    {
      g_autofree char *reason = message != NULL ? one_line (message) : NULL;

      *why = g_strdup_printf (_("Cannot read the database address: %s"),
                              reason != NULL ? reason : _("not a connection URI"));
      PQfreemem (message);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "host") && o->val != NULL)
      host = o->val;
    else if (g_str_equal (o->keyword, "hostaddr") && o->val != NULL)
      hostaddr = o->val;

  /* Later values win: the URI's own over these defaults, and certificate
   * checks over anything the URI or the environment says for a server on
   * another computer. */
  keywords[n] = "application_name"; values[n++] = "turnout";
  keywords[n] = "client_encoding"; values[n++] = "UTF8";
  /* A server that does not answer is given up on in 10 s, not the
   * system's two minutes; a network gone quiet (a laptop's sleep, a
   * dropped VPN) is noticed within a minute, even by a connection that
   * only listens. */
  keywords[n] = "connect_timeout"; values[n++] = "10";
  keywords[n] = "keepalives"; values[n++] = "1";
  keywords[n] = "keepalives_idle"; values[n++] = "30";
  keywords[n] = "keepalives_interval"; values[n++] = "10";
  keywords[n] = "keepalives_count"; values[n++] = "3";
  keywords[n] = "dbname"; values[n++] = uri;
  if (password != NULL && *password != '\0')
    {
      keywords[n] = "password";
      values[n++] = password;
    }
  if (!servers_are_local (host, hostaddr))
    {
      keywords[n] = "sslmode";
      values[n++] = "verify-full";
    }
  keywords[n] = NULL; values[n] = NULL;

  conn = PQconnectdbParams (keywords, values, TRUE);
  PQconninfoFree (options);
  PQsetNoticeProcessor (conn, on_notice, NULL);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *where = turnout_pg_describe (uri);
      g_autofree char *server = one_line (PQerrorMessage (conn));

      *why = g_strdup_printf (_("Cannot connect to the team database %s: %s"), where, server);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

TurnoutPg *
turnout_pg_connect (const char  *uri,
                    const char  *password,
                    char       **why)
{
  PGconn *conn = turnout_pg_connect_conn (uri, password, why);
  TurnoutPg *pg;

  if (conn == NULL)
    return NULL;
  pg = g_new0 (TurnoutPg, 1);
  pg->conn = conn;
  pg->pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  g_array_set_clear_func (pg->pending, pending_clear);
  return pg;
}

void
turnout_pg_close (TurnoutPg *pg)
{
  if (pg == NULL)
    return;
  drop_batches (pg);
  PQfinish (pg->conn);
  g_clear_pointer (&pg->pending, g_array_unref);
  g_clear_pointer (&pg->batches, g_ptr_array_unref);
  g_free (pg->errmsg);
  g_free (pg->conflict_who);
  g_free (pg);
}

/* Reads the outcome of every write in the pipeline, and then, when @stmt
 * is given, runs it in the same round trip and keeps its rows. The first
 * failure is the answer; after it the server skipped the rest. Leaves
 * pipeline mode, so that plain calls (PQexec) work again. */
static int
pipeline_sync (TurnoutPg     *pg,
               TurnoutPgStmt *stmt)
{
  int rc = send_batches (pg);
  PGresult *result;

  if (!pg->pipelined)
    return rc;

  if (stmt != NULL && rc == SQLITE_OK)
    rc = ensure_prepared (stmt);
  if (stmt != NULL && rc == SQLITE_OK &&
      !PQsendQueryPrepared (pg->conn, stmt->name, stmt->n_params, (const char *const *) stmt->values,
                            stmt->lengths, stmt->formats, 0))
    rc = set_error_from_result (pg, NULL);
  if (!PQpipelineSync (pg->conn) && rc == SQLITE_OK)
    rc = set_error_from_result (pg, NULL);

  for (guint i = 0; i < pg->pending->len; i++)
    {
      Pending *pending = &g_array_index (pg->pending, Pending, i);

      while ((result = PQgetResult (pg->conn)) != NULL)
        {
          ExecStatusType status = PQresultStatus (result);

          if (rc == SQLITE_OK && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            rc = set_error_from_result (pg, result);
          else if (rc == SQLITE_OK && pending->no_rows)
            {
              if (status == PGRES_TUPLES_OK && PQntuples (result) > 0)
                {
                  g_free (pg->conflict_who);
                  pg->conflict_who = PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
                  rc = pg->errcode = TURNOUT_PG_CONFLICT;
                }
            }
          else if (rc == SQLITE_OK)
            {
              const char *tuples = PQcmdTuples (result);

              pg->changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
              if (pending->expect_one && pg->changes != 1)
                {
                  g_free (pg->conflict_who);
                  pg->conflict_who = g_steal_pointer (&pending->who);
                  rc = pg->errcode = TURNOUT_PG_CONFLICT;
                }
            }
          PQclear (result);
        }
    }
  g_array_set_size (pg->pending, 0);

  if (stmt != NULL)
    {
      while ((result = PQgetResult (pg->conn)) != NULL)
        {
          ExecStatusType status = PQresultStatus (result);

          if (rc == SQLITE_OK && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            rc = set_error_from_result (pg, result);
          if (rc == SQLITE_OK && stmt->result == NULL)
            {
              const char *tuples = PQcmdTuples (result);

              if (tuples != NULL && *tuples != '\0')
                pg->changes = g_ascii_strtoll (tuples, NULL, 10);
              stmt->result = result;
              stmt->n_rows = status == PGRES_TUPLES_OK ? PQntuples (result) : 0;
              stmt->row = 0;
            }
          else
            PQclear (result);
        }
    }

  /* the sync's own result, then out of pipeline mode */
  while ((result = PQgetResult (pg->conn)) != NULL)
    {
      gboolean synced = PQresultStatus (result) == PGRES_PIPELINE_SYNC;

      PQclear (result);
      if (synced)
        break;
    }
  if (!PQexitPipelineMode (pg->conn) && rc == SQLITE_OK)
    rc = set_error_from_result (pg, NULL);
  pg->pipelined = FALSE;
  return rc;
}

/* Sends @stmt with its values in the pipeline, its outcome to be read as
 * @pending says. */
static int
send_in_pipeline (TurnoutPgStmt *stmt,
                  Pending        pending)
{
  TurnoutPg *pg = stmt->pg;

  if (!pg->pipelined)
    {
      int rc = ensure_connected (pg);

      if (rc == SQLITE_OK)
        rc = ensure_prepared (stmt);
      if (rc != SQLITE_OK)
        {
          g_free (pending.who);
          return rc;
        }
      if (!PQenterPipelineMode (pg->conn))
        {
          g_free (pending.who);
          return set_error_from_result (pg, NULL);
        }
      pg->pipelined = TRUE;
    }
  else if (ensure_prepared (stmt) != SQLITE_OK)
    {
      g_free (pending.who);
      pipeline_sync (pg, NULL);
      return set_error_from_result (pg, NULL);
    }
  if (!PQsendQueryPrepared (pg->conn, stmt->name, stmt->n_params, (const char *const *) stmt->values,
                            stmt->lengths, stmt->formats, 0))
    {
      g_free (pending.who);
      pipeline_sync (pg, NULL);
      return set_error_from_result (pg, NULL);
    }
  g_array_append_val (pg->pending, pending);
  if (pg->pending->len >= MAX_PENDING)
    return pipeline_sync (pg, NULL);
  return SQLITE_OK;
}

int
turnout_pg_stmt_send (TurnoutPgStmt *stmt,
                      gboolean       expect_one,
                      const char    *who)
{
  Pending pending = { expect_one, NULL, FALSE };
  /* after what was gathered before it */
  int rc = send_batches (stmt->pg);

  if (rc != SQLITE_OK)
    return rc;
  pending.who = g_strdup (who);
  return send_in_pipeline (stmt, pending);
}

/* Batches
 *
 * A bulk change writes the same few statements once per member, and the
 * server's work per statement (not per row) was most of its time. A
 * statement with a batch form gathers its values instead, as arrays (one
 * element per row), and the batch goes as one statement: before anything
 * else is sent or waited for, so that everything runs in the order it was
 * asked for, and when it is full. Statements of one row each commute when
 * they write other rows; a second row for the same key (the same member)
 * sends what was gathered first, so that it sees the rows before it. */

/* The rows' values go as arrays in PostgreSQL's binary form, of text
 * (the batch's SQL casts them): the server parsed the text form of ten
 * arrays of a few thousand values for longer than it took to write the
 * rows. Each parameter's elements are kept as the array's body: per
 * value its length (-1: NULL) and its bytes. */
static void
append_be32 (GString *out,
             gint32   value)
{
  guint32 be = GUINT32_TO_BE ((guint32) value);

  g_string_append_len (out, (const char *) &be, 4);
}

static void
append_element (GString    *elements,
                const char *value)
{
  size_t len;

  if (value == NULL)
    {
      append_be32 (elements, -1);
      return;
    }
  len = strlen (value);
  append_be32 (elements, (gint32) len);
  g_string_append_len (elements, value, (gssize) len);
}

/* @n elements of text as an array's binary form, for a parameter. */
static char *
binary_text_array (const GString *elements,
                   guint          n,
                   int           *length)
{
  GString *out = g_string_sized_new (elements->len + 20);

  append_be32 (out, 1);           /* dimensions */
  append_be32 (out, 0);           /* flags: the server finds NULLs itself */
  append_be32 (out, OID_TEXT);    /* element type */
  append_be32 (out, (gint32) n);  /* dimension's length */
  append_be32 (out, 1);           /* its lower bound */
  g_string_append_len (out, elements->str, (gssize) elements->len);
  *length = (int) out->len;
  return g_string_free (out, FALSE);
}

/* A batch form of @stmt, from @sql: one parameter more than @stmt (the
 * rows' whos), which of them @sql uses in *@used; prepared when first
 * sent, in the pipeline. */
static TurnoutPgStmt *
batch_form_new (TurnoutPgStmt  *stmt,
                const char     *sql,
                GArray        **used)
{
  TurnoutPgStmt *form = g_new0 (TurnoutPgStmt, 1);
  int n_params = stmt->n_params + 1;
  int n_used;

  *used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  form->pg = stmt->pg;
  g_snprintf (form->name, sizeof form->name, "turnout_%u", ++stmt->pg->next_name);
  form->text = translate_placeholders (sql, &n_used, used);
  g_assert (n_used <= n_params);
  g_array_set_size (*used, n_params);
  form->n_params = n_params;
  form->values = g_new0 (char *, n_params);
  form->lengths = g_new0 (int, n_params);
  form->formats = g_new0 (int, n_params);
  form->types = g_new0 (Oid, n_params);
  form->generation = stmt->pg->generation - 1;
  return form;
}

gboolean
turnout_pg_stmt_has_batch (TurnoutPgStmt *stmt)
{
  return stmt->batch != NULL;
}

int
turnout_pg_stmt_set_batch (TurnoutPgStmt *stmt,
                           const char    *batch_sql,
                           const char    *compact_sql,
                           guint64        compact_arrays,
                           int            key_param)
{
  g_autoptr(GArray) used = NULL;
  g_autoptr(GArray) compact_used = NULL;
  TurnoutPgStmt *batch;
  int n_params = stmt->n_params + 1;

  g_return_val_if_fail (stmt->batch == NULL, SQLITE_MISUSE);
  g_return_val_if_fail (key_param >= 0 && key_param <= stmt->n_params, SQLITE_MISUSE);

  batch = batch_form_new (stmt, batch_sql, &used);
  for (int i = 0; i < n_params; i++)
    {
      gboolean is_used = g_array_index (used, gboolean, i);

      batch->types[i] = is_used ? OID_TEXT_ARRAY : OID_TEXT;
      batch->formats[i] = is_used ? 1 : 0;
    }

  stmt->elements = g_new0 (GString *, n_params);
  for (int i = 0; i < n_params; i++)
    if (g_array_index (used, gboolean, i))
      stmt->elements[i] = g_string_new (NULL);
  stmt->batch = batch;
  stmt->key_param = key_param;
  stmt->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stmt->first = g_new0 (char *, n_params);
  stmt->varies = g_new0 (gboolean, n_params);
  stmt->scalar = g_new0 (gboolean, n_params);

  if (compact_sql != NULL)
    {
      TurnoutPgStmt *compact = batch_form_new (stmt, compact_sql, &compact_used);

      for (int i = 0; i < n_params; i++)
        {
          gboolean is_used = g_array_index (compact_used, gboolean, i);
          gboolean is_array = (compact_arrays & (G_GUINT64_CONSTANT (1) << (i + 1))) != 0;

          /* an array of the compact form is one of the full form's */
          g_return_val_if_fail (!is_array || stmt->elements[i] != NULL, SQLITE_MISUSE);
          compact->types[i] = !is_used ? OID_TEXT : is_array ? OID_TEXT_ARRAY : 0;
          compact->formats[i] = is_used && is_array ? 1 : 0;
          stmt->scalar[i] = is_used && !is_array;
        }
      stmt->compact = compact;
    }
  return SQLITE_OK;
}

/* Forgets the rows gathered (the transaction is rolled back). */
static void
clear_rows (TurnoutPgStmt *stmt)
{
  for (int i = 0; i <= stmt->n_params; i++)
    if (stmt->elements[i] != NULL)
      g_string_truncate (stmt->elements[i], 0);
  g_hash_table_remove_all (stmt->keys);
  stmt->n_gathered = 0;
}

static void
drop_batches (TurnoutPg *pg)
{
  if (pg->batches == NULL)
    return;
  for (guint i = 0; i < pg->batches->len; i++)
    clear_rows (g_ptr_array_index (pg->batches, i));
  g_ptr_array_set_size (pg->batches, 0);
}

/* Sends @stmt's gathered rows as one execution of its batch form. */
static int
send_batch (TurnoutPgStmt *stmt)
{
  TurnoutPgStmt *batch = stmt->batch;
  Pending pending = { FALSE, NULL, stmt->expect_one };
  int rc;

  /* Rows that agree on what the compact form takes once (a bulk change's
   * new status, reason and time) go as that: ten arrays of a few thousand
   * values each cost the server more than the rows' own writes. */
  if (stmt->compact != NULL)
    {
      batch = stmt->compact;
      for (int i = 0; i < batch->n_params; i++)
        if (stmt->scalar[i] && stmt->varies[i])
          batch = stmt->batch;
    }
  for (int i = 0; i < batch->n_params; i++)
    {
      g_free (batch->values[i]);
      batch->lengths[i] = 0;
      if (batch == stmt->compact && stmt->scalar[i])
        batch->values[i] = g_strdup (stmt->first[i]);
      else if (batch == stmt->compact && batch->formats[i] == 0)
        batch->values[i] = NULL;
      else
        batch->values[i] = stmt->elements[i] != NULL
                           ? binary_text_array (stmt->elements[i], stmt->n_gathered, &batch->lengths[i])
                           : NULL;
    }
  clear_rows (stmt);
  rc = send_in_pipeline (batch, pending);
  for (int i = 0; i < batch->n_params; i++)
    g_clear_pointer (&batch->values[i], g_free);
  return rc;
}

static int
send_batches (TurnoutPg *pg)
{
  g_autoptr(GPtrArray) batches = NULL;
  int rc = SQLITE_OK;

  if (pg->batches == NULL || pg->batches->len == 0)
    return SQLITE_OK;
  /* taken first: sending may wait (a full pipeline), which sends batches */
  batches = g_steal_pointer (&pg->batches);
  pg->batches = g_ptr_array_new ();
  for (guint i = 0; i < batches->len; i++)
    {
      TurnoutPgStmt *stmt = g_ptr_array_index (batches, i);

      if (rc == SQLITE_OK)
        rc = send_batch (stmt);
      else
        clear_rows (stmt);
    }
  return rc;
}

int
turnout_pg_stmt_gather (TurnoutPgStmt *stmt,
                        gboolean       expect_one,
                        const char    *who)
{
  TurnoutPg *pg = stmt->pg;
  gint64 key = 0;
  int rc = SQLITE_OK;

  if (stmt->batch == NULL)
    return turnout_pg_stmt_send (stmt, expect_one, who);

  if (stmt->key_param > 0)
    {
      const char *value = stmt->values[stmt->key_param - 1];

      key = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
    }
  /* the same member again, another kind of check, or a full batch */
  if (stmt->n_gathered > 0 &&
      ((stmt->key_param > 0 && g_hash_table_contains (stmt->keys, &key)) ||
       stmt->expect_one != expect_one || stmt->n_gathered >= BATCH_ROWS))
    rc = send_batches (pg);
  if (rc != SQLITE_OK)
    return rc;

  for (int i = 0; i < stmt->n_params; i++)
    {
      g_return_val_if_fail (stmt->formats[i] == 0, SQLITE_MISUSE);
      if (stmt->elements[i] != NULL)
        append_element (stmt->elements[i], stmt->values[i]);
      if (!stmt->scalar[i])
        continue;
      if (stmt->n_gathered == 0)
        {
          g_free (stmt->first[i]);
          stmt->first[i] = g_strdup (stmt->values[i]);
          stmt->varies[i] = FALSE;
        }
      else if (!stmt->varies[i] && g_strcmp0 (stmt->first[i], stmt->values[i]) != 0)
        stmt->varies[i] = TRUE;
    }
  if (stmt->elements[stmt->n_params] != NULL)
    append_element (stmt->elements[stmt->n_params], who);
  if (stmt->key_param > 0)
    {
      gint64 *stored = g_new (gint64, 1);

      *stored = key;
      g_hash_table_add (stmt->keys, stored);
    }
  stmt->expect_one = expect_one;
  if (stmt->n_gathered++ == 0)
    {
      if (pg->batches == NULL)
        pg->batches = g_ptr_array_new ();
      g_ptr_array_add (pg->batches, stmt);
    }
  return SQLITE_OK;
}

const char *
turnout_pg_conflict_who (TurnoutPg *pg)
{
  return pg->conflict_who;
}

/* SQLite's `?N` and `?` placeholders as PostgreSQL's `$N`, outside quotes;
 * and SQLite's INSERT OR FAIL and UPDATE OR FAIL as a plain INSERT and
 * UPDATE: a statement that fails on the server fails its whole
 * transaction, and keeps no journal to undo itself alone, which is what
 * OR FAIL spares SQLite. */
static char *
translate_placeholders (const char  *sql,
                        int         *n_params,
                        GArray     **used)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  char quote = 0;
  int next = 0, max = 0;

  if (g_str_has_prefix (sql, "INSERT OR FAIL "))
    {
      g_string_append (out, "INSERT");
      sql += strlen ("INSERT OR FAIL");
    }
  else if (g_str_has_prefix (sql, "UPDATE OR FAIL "))
    {
      g_string_append (out, "UPDATE");
      sql += strlen ("UPDATE OR FAIL");
    }
  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '?')
        {
          int index;
          if (g_ascii_isdigit (p[1]))
            {
              char *end;
              index = (int) strtol (p + 1, &end, 10);
              p = end - 1;
            }
          else
            index = ++next;
          max = MAX (max, index);
          if ((guint) index > (*used)->len)
            g_array_set_size (*used, index);
          g_array_index (*used, gboolean, index - 1) = TRUE;
          g_string_append_printf (out, "$%d", index);
          continue;
        }
      g_string_append_c (out, *p);
    }

  *n_params = max;
  return g_string_free (out, FALSE);
}

TurnoutPgStmt *
turnout_pg_prepare (TurnoutPg  *pg,
                    const char *sql,
                    int        *rc)
{
  g_autoptr(GArray) used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_autofree Oid *types = NULL;
  g_autofree char *text = NULL;
  TurnoutPgStmt *stmt;
  PGresult *result;
  int n_params;

  *rc = pipeline_sync (pg, NULL);
  if (*rc == SQLITE_OK && !pg->pipelined)
    *rc = ensure_connected (pg);
  if (*rc != SQLITE_OK)
    return NULL;
  text = translate_placeholders (sql, &n_params, &used);
  /* The server infers each parameter's type from where it is used; one
   * that is bound but not used (the same values bound for several
   * statements) is text, or it could not be prepared. */
  types = g_new0 (Oid, MAX (n_params, 1));
  for (int i = 0; i < n_params; i++)
    if (!g_array_index (used, gboolean, i))
      types[i] = OID_TEXT;
  stmt = g_new0 (TurnoutPgStmt, 1);
  stmt->pg = pg;
  g_snprintf (stmt->name, sizeof stmt->name, "turnout_%u", ++pg->next_name);
  stmt->n_params = n_params;
  stmt->values = g_new0 (char *, MAX (n_params, 1));
  stmt->lengths = g_new0 (int, MAX (n_params, 1));
  stmt->formats = g_new0 (int, MAX (n_params, 1));

  stmt->generation = pg->generation;
  stmt->text = g_steal_pointer (&text);
  stmt->types = g_steal_pointer (&types);

  result = PQprepare (pg->conn, stmt->name, stmt->text, n_params, stmt->types);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && lost_between (pg) && ensure_connected (pg) == SQLITE_OK)
    {
      PQclear (result);
      stmt->generation = pg->generation;
      result = PQprepare (pg->conn, stmt->name, stmt->text, n_params, stmt->types);
    }
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      *rc = set_error_from_result (pg, result);
      g_debug ("Cannot prepare %s: %s", stmt->text, pg->errmsg);
      PQclear (result);
      stmt->pg = NULL;  /* nothing to deallocate on the server */
      turnout_pg_stmt_free (stmt);
      return NULL;
    }
  PQclear (result);
  *rc = SQLITE_OK;
  return stmt;
}

static void
forget_blobs (TurnoutPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_blobs; i++)
    g_clear_pointer (&stmt->blobs[i], PQfreemem);
  g_clear_pointer (&stmt->blobs, g_free);
  g_clear_pointer (&stmt->blob_sizes, g_free);
  stmt->n_blobs = 0;
}

int
turnout_pg_stmt_reset (TurnoutPgStmt *stmt)
{
  forget_blobs (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
  return SQLITE_OK;
}

int
turnout_pg_stmt_clear_bindings (TurnoutPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
  return SQLITE_OK;
}

void
turnout_pg_stmt_free (TurnoutPgStmt *stmt)
{
  if (stmt == NULL)
    return;
  turnout_pg_stmt_reset (stmt);
  turnout_pg_stmt_clear_bindings (stmt);
  if (stmt->n_gathered > 0)
    {
      g_warning ("A statement was freed with rows still gathered; they are not written");
      g_ptr_array_remove (stmt->pg->batches, stmt);
    }
  if (stmt->batch != NULL)
    {
      for (int i = 0; i <= stmt->n_params; i++)
        if (stmt->elements[i] != NULL)
          g_string_free (stmt->elements[i], TRUE);
      g_free (stmt->elements);
      g_hash_table_unref (stmt->keys);
      for (int i = 0; i <= stmt->n_params; i++)
        g_free (stmt->first[i]);
      g_free (stmt->first);
      g_free (stmt->varies);
      g_free (stmt->scalar);
      turnout_pg_stmt_free (stmt->batch);
      turnout_pg_stmt_free (stmt->compact);
    }
  if (stmt->pg != NULL)
    pipeline_sync (stmt->pg, NULL);
  if (stmt->pg != NULL && stmt->generation == stmt->pg->generation &&
      PQstatus (stmt->pg->conn) == CONNECTION_OK &&
      PQtransactionStatus (stmt->pg->conn) != PQTRANS_INERROR)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->name);
      PQclear (PQexec (stmt->pg->conn, sql));
    }
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->text);
  g_free (stmt->types);
  g_free (stmt);
}

static int
bind_value (TurnoutPgStmt *stmt,
            int            index,
            char          *value,
            int            length,
            int            format)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return SQLITE_RANGE;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->lengths[index - 1] = length;
  stmt->formats[index - 1] = format;
  return SQLITE_OK;
}

int
turnout_pg_stmt_bind_int64 (TurnoutPgStmt *stmt,
                            int            index,
                            gint64         value)
{
  return bind_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

int
turnout_pg_stmt_bind_double (TurnoutPgStmt *stmt,
                             int            index,
                             double         value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return bind_value (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), 0, 0);
}

int
turnout_pg_stmt_bind_text (TurnoutPgStmt *stmt,
                           int            index,
                           const char    *text,
                           int            n)
{
  if (text == NULL)
    return turnout_pg_stmt_bind_null (stmt, index);
  return bind_value (stmt, index, n < 0 ? g_strdup (text) : g_strndup (text, n), 0, 0);
}

int
turnout_pg_stmt_bind_blob (TurnoutPgStmt *stmt,
                           int            index,
                           const void    *data,
                           int            n)
{
  return bind_value (stmt, index, g_memdup2 (data, MAX (n, 1)), n, 1);
}

/* An array of ids as the binary form of bigint[]: the text form of 100k
 * ids took the server 80 ms to parse. */
int
turnout_pg_stmt_bind_int64_array (TurnoutPgStmt *stmt,
                                  int            index,
                                  const gint64  *values,
                                  guint          n)
{
  GString *out = g_string_sized_new (20 + 12 * (gsize) n);
  int length;

  append_be32 (out, 1);           /* dimensions */
  append_be32 (out, 0);           /* flags: no NULLs */
  append_be32 (out, OID_INT8);    /* element type */
  append_be32 (out, (gint32) n);  /* dimension's length */
  append_be32 (out, 1);           /* its lower bound */
  for (guint i = 0; i < n; i++)
    {
      guint64 be = GUINT64_TO_BE ((guint64) values[i]);

      append_be32 (out, 8);
      g_string_append_len (out, (const char *) &be, 8);
    }
  length = (int) out->len;
  return bind_value (stmt, index, g_string_free (out, FALSE), length, 1);
}

int
turnout_pg_stmt_bind_null (TurnoutPgStmt *stmt,
                           int            index)
{
  return bind_value (stmt, index, NULL, 0, 0);
}

int
turnout_pg_stmt_step (TurnoutPgStmt *stmt)
{
  TurnoutPg *pg = stmt->pg;

  /* after what was gathered before it (in the pipeline, then) */
  if (stmt->result == NULL && pg->batches != NULL && pg->batches->len > 0)
    {
      int rc = send_batches (pg);

      if (rc != SQLITE_OK)
        return rc;
    }
  if (stmt->result == NULL && pg->pipelined)
    {
      /* behind the writes sent before it, in the same round trip */
      int rc = pipeline_sync (pg, stmt);

      if (rc != SQLITE_OK)
        {
          g_clear_pointer (&stmt->result, PQclear);
          return rc;
        }
    }
  else if (stmt->result == NULL)
    {
      ExecStatusType status;
      const char *tuples;
      int rc = ensure_connected (pg);

      if (rc == SQLITE_OK)
        rc = ensure_prepared (stmt);
      if (rc != SQLITE_OK)
        return rc;
      /* Found lost only now (the server went away since the last
       * statement): once more on a new connection, outside a transaction. */
      for (guint attempt = 0; attempt < 2; attempt++)
        {
          if (attempt > 0)
            {
              g_clear_pointer (&stmt->result, PQclear);
              rc = ensure_connected (pg);
              if (rc == SQLITE_OK)
                rc = ensure_prepared (stmt);
              if (rc != SQLITE_OK)
                return rc;
            }
          stmt->result = PQexecPrepared (pg->conn, stmt->name, stmt->n_params,
                                         (const char *const *) stmt->values,
                                         stmt->lengths, stmt->formats, 0);
          status = PQresultStatus (stmt->result);
          if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || !lost_between (pg))
            break;
        }
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        {
          int rc = set_error_from_result (pg, stmt->result);
          g_clear_pointer (&stmt->result, PQclear);
          return rc;
        }
      tuples = PQcmdTuples (stmt->result);
      if (tuples != NULL && *tuples != '\0')
        pg->changes = g_ascii_strtoll (tuples, NULL, 10);
      stmt->n_rows = status == PGRES_TUPLES_OK ? PQntuples (stmt->result) : 0;
      stmt->row = 0;
    }
  else
    {
      forget_blobs (stmt);
      if (stmt->row < stmt->n_rows)
        stmt->row++;
    }

  return stmt->row < stmt->n_rows ? SQLITE_ROW : SQLITE_DONE;
}

static gboolean
has_value (TurnoutPgStmt *stmt,
           int            column)
{
  return stmt->result != NULL && stmt->row < stmt->n_rows &&
         column >= 0 && column < PQnfields (stmt->result) &&
         !PQgetisnull (stmt->result, stmt->row, column);
}

int
turnout_pg_stmt_column_type (TurnoutPgStmt *stmt,
                             int            column)
{
  if (!has_value (stmt, column))
    return SQLITE_NULL;
  switch (PQftype (stmt->result, column))
    {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
      return SQLITE_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
      return SQLITE_FLOAT;
    case OID_BYTEA:
      return SQLITE_BLOB;
    default:
      return SQLITE_TEXT;
    }
}

gint64
turnout_pg_stmt_column_int64 (TurnoutPgStmt *stmt,
                              int            column)
{
  const char *value;

  if (!has_value (stmt, column))
    return 0;
  value = PQgetvalue (stmt->result, stmt->row, column);
  if (PQftype (stmt->result, column) == OID_BOOL)
    return value[0] == 't';
  /* numeric and float as SQLite gives them: truncated */
  if (strpbrk (value, ".eE") != NULL)
    return (gint64) g_ascii_strtod (value, NULL);
  return g_ascii_strtoll (value, NULL, 10);
}

double
turnout_pg_stmt_column_double (TurnoutPgStmt *stmt,
                               int            column)
{
  if (!has_value (stmt, column))
    return 0.0;
  if (PQftype (stmt->result, column) == OID_BOOL)
    return PQgetvalue (stmt->result, stmt->row, column)[0] == 't';
  return g_ascii_strtod (PQgetvalue (stmt->result, stmt->row, column), NULL);
}

const unsigned char *
turnout_pg_stmt_column_text (TurnoutPgStmt *stmt,
                             int            column)
{
  if (!has_value (stmt, column))
    return NULL;
  if (PQftype (stmt->result, column) == OID_BOOL)
    return (const unsigned char *) (PQgetvalue (stmt->result, stmt->row, column)[0] == 't' ? "1" : "0");
  return (const unsigned char *) PQgetvalue (stmt->result, stmt->row, column);
}

static gboolean
unescape_blob (TurnoutPgStmt *stmt,
               int            column)
{
  if (!has_value (stmt, column) || PQftype (stmt->result, column) != OID_BYTEA)
    return FALSE;
  if (stmt->blobs == NULL)
    {
      stmt->n_blobs = PQnfields (stmt->result);
      stmt->blobs = g_new0 (unsigned char *, stmt->n_blobs);
      stmt->blob_sizes = g_new0 (size_t, stmt->n_blobs);
    }
  if (stmt->blobs[column] == NULL)
    stmt->blobs[column] = PQunescapeBytea ((const unsigned char *) PQgetvalue (stmt->result, stmt->row, column),
                                           &stmt->blob_sizes[column]);
  return stmt->blobs[column] != NULL;
}

const void *
turnout_pg_stmt_column_blob (TurnoutPgStmt *stmt,
                             int            column)
{
  if (unescape_blob (stmt, column))
    return stmt->blobs[column];
  return turnout_pg_stmt_column_text (stmt, column);
}

int
turnout_pg_stmt_column_bytes (TurnoutPgStmt *stmt,
                              int            column)
{
  if (unescape_blob (stmt, column))
    return (int) stmt->blob_sizes[column];
  if (!has_value (stmt, column))
    return 0;
  return PQgetlength (stmt->result, stmt->row, column);
}

int
turnout_pg_stmt_column_count (TurnoutPgStmt *stmt)
{
  return stmt->result != NULL ? PQnfields (stmt->result) : 0;
}

/* Reads one row of COPY's binary format at *@at, within @end, into
 * @fields; FALSE when it is not one (too short, or another number of
 * fields). The trailer (a count of -1) is read as no row, with @fields
 * untouched and *@n_read -1. */
static gboolean
read_copy_row (const char     **at,
               const char      *end,
               int              n_fields,
               TurnoutPgField  *fields,
               int             *n_read)
{
  const guint8 *p = (const guint8 *) *at;
  gint16 count;

  if (end - *at < 2)
    return FALSE;
  count = (gint16) (p[0] << 8 | p[1]);
  *at += 2;
  *n_read = count;
  if (count == -1)
    return TRUE;
  if (count != n_fields)
    return FALSE;
  for (int i = 0; i < count; i++)
    {
      gint32 len;

      if (end - *at < 4)
        return FALSE;
      p = (const guint8 *) *at;
      len = (gint32) ((guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3]);
      *at += 4;
      if (len < -1 || (len > 0 && end - *at < len))
        return FALSE;
      fields[i].data = len > 0 ? *at : "";
      fields[i].len = len;
      if (len > 0)
        *at += len;
    }
  return TRUE;
}

int
turnout_pg_copy_out (TurnoutPg        *pg,
                     const char       *select,
                     int               n_fields,
                     TurnoutPgRowFunc  func,
                     gpointer          user_data)
{
  /* COPY's binary header: its signature, the flags, the extension's length. */
  static const char signature[11] = "PGCOPY\n\377\r\n";
  g_autofree char *sql = g_strdup_printf ("COPY (%s) TO STDOUT (FORMAT binary)", select);
  g_autofree TurnoutPgField *fields = g_new (TurnoutPgField, n_fields);
  gboolean header = TRUE;
  gboolean stopped = FALSE;
  gboolean malformed = FALSE;
  PGresult *result;
  int rc = pipeline_sync (pg, NULL);
  int len;
  char *buffer;

  if (rc == SQLITE_OK)
    rc = ensure_connected (pg);
  if (rc != SQLITE_OK)
    return rc;
  result = PQexec (pg->conn, sql);
  if (PQresultStatus (result) != PGRES_COPY_OUT && lost_between (pg))
    {
      PQclear (result);
      rc = ensure_connected (pg);
      if (rc != SQLITE_OK)
        return rc;
      result = PQexec (pg->conn, sql);
    }
  if (PQresultStatus (result) != PGRES_COPY_OUT)
    {
      rc = set_error_from_result (pg, result);
      PQclear (result);
      return rc;
    }
  PQclear (result);

  /* One message per row (the header comes with the first); the rest of
   * the copy is read and dropped once the caller has stopped or a row
   * could not be read, so that the connection is ready again. */
  while ((len = PQgetCopyData (pg->conn, &buffer, 0)) > 0)
    {
      const char *at = buffer;
      const char *end = buffer + len;

      if (header && !malformed)
        {
          guint32 extension;

          header = FALSE;
          if (len < 19 || memcmp (at, signature, sizeof signature) != 0)
            malformed = TRUE;
          else
            {
              const guint8 *p = (const guint8 *) at + 15;

              extension = (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
              if (extension > (guint32) (len - 19))
                malformed = TRUE;
              else
                at += 19 + extension;
            }
        }
      while (at < end && !stopped && !malformed)
        {
          int n_read;

          if (!read_copy_row (&at, end, n_fields, fields, &n_read))
            malformed = TRUE;
          else if (n_read >= 0 && !func (fields, n_fields, user_data))
            {
              PGcancel *cancel = PQgetCancel (pg->conn);
              char why[256];

              stopped = TRUE;
              if (cancel != NULL && !PQcancel (cancel, why, sizeof why))
                g_debug ("Could not cancel the copy: %s", why);
              g_clear_pointer (&cancel, PQfreeCancel);
            }
        }
      PQfreemem (buffer);
    }
  if (len == -2)
    rc = set_error_from_result (pg, NULL);

  while ((result = PQgetResult (pg->conn)) != NULL)
    {
      if (rc == SQLITE_OK && !stopped && PQresultStatus (result) != PGRES_COMMAND_OK)
        rc = set_error_from_result (pg, result);
      PQclear (result);
    }

  if (stopped)
    return pg->errcode = SQLITE_INTERRUPT;
  if (rc == SQLITE_OK && malformed)
    {
      g_free (pg->errmsg);
      pg->errmsg = g_strdup (_("the server sent rows in a form Turnout cannot read"));
      rc = pg->errcode = SQLITE_PROTOCOL;
    }
  return rc;
}

int
turnout_pg_exec (TurnoutPg  *pg,
                 const char *sql)
{
  PGresult *result;
  ExecStatusType status;
  int rc;

  /* what was gathered for a transaction rolled back is not sent */
  if (g_str_equal (sql, "ROLLBACK"))
    drop_batches (pg);
  rc = pipeline_sync (pg, NULL);

  /* A ROLLBACK goes whatever the writes before it did. */
  if (rc != SQLITE_OK && !g_str_equal (sql, "ROLLBACK"))
    return rc;
  if (g_str_equal (sql, "ROLLBACK") && PQstatus (pg->conn) != CONNECTION_OK)
    {
      pg->in_transaction = FALSE;
      return SQLITE_OK;  /* the server has rolled it back with the connection */
    }
  rc = ensure_connected (pg);
  if (rc != SQLITE_OK)
    return rc;
  result = PQexec (pg->conn, sql);
  status = PQresultStatus (result);
  /* Sent again on a new connection only outside a transaction: a COMMIT
   * whose connection was lost has nothing left to commit (the server
   * rolled it back), and must fail, not succeed on an empty one. */
  if (g_str_equal (sql, "ROLLBACK") || g_str_equal (sql, "COMMIT"))
    {
      if (status != PGRES_COMMAND_OK && PQstatus (pg->conn) != CONNECTION_OK && g_str_equal (sql, "COMMIT"))
        {
          PQclear (result);
          pg->in_transaction = FALSE;
          return set_lost_in_transaction (pg);
        }
      pg->in_transaction = FALSE;
    }
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && lost_between (pg))
    {
      PQclear (result);
      rc = ensure_connected (pg);
      if (rc != SQLITE_OK)
        return rc;
      result = PQexec (pg->conn, sql);
      status = PQresultStatus (result);
    }
  if (g_str_has_prefix (sql, "BEGIN") && status == PGRES_COMMAND_OK)
    pg->in_transaction = TRUE;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    rc = set_error_from_result (pg, result);
  else
    {
      const char *tuples = PQcmdTuples (result);
      if (tuples != NULL && *tuples != '\0')
        pg->changes = g_ascii_strtoll (tuples, NULL, 10);
    }
  PQclear (result);
  return rc;
}

gint64
turnout_pg_changes (TurnoutPg *pg)
{
  pipeline_sync (pg, NULL);
  return pg->changes;
}

gint64
turnout_pg_last_insert_id (TurnoutPg *pg)
{
  PGresult *result;
  gint64 id = 0;

  if (pipeline_sync (pg, NULL) != SQLITE_OK)
    return 0;
  result = PQexec (pg->conn, "SELECT lastval()");

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return id;
}

int
turnout_pg_errcode (TurnoutPg *pg)
{
  return pg->errcode;
}

const char *
turnout_pg_errmsg (TurnoutPg *pg)
{
  if (pg->errmsg != NULL && *pg->errmsg != '\0')
    return pg->errmsg;
  return PQerrorMessage (pg->conn);
}

gboolean
turnout_pg_in_transaction (TurnoutPg *pg)
{
  pipeline_sync (pg, NULL);
  return PQtransactionStatus (pg->conn) != PQTRANS_IDLE;
}

const char *
turnout_pg_user (TurnoutPg *pg)
{
  return PQuser (pg->conn);
}
