/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-rules.c: trigger rules and what follows a move.
 *
 * After every applied move the move engine calls
 * turnout_rules_after_move(), inside the same transaction, through the
 * effects turnout_db_open() gave it (the engine knows nothing of rules).
 * It does two things: when a seat was freed and the program promotes
 * automatically, it promotes the first waiting member; and it runs the
 * program's rules for the member's new status.
 *
 * Rules cannot loop. A rule's action may move a member, which runs the
 * rules again, nested on this thread's stack. Within one original change
 * a rule runs at most once per member, and nesting stops at a fixed depth;
 * a rule that would run again is stopped, and a "loop" event says which
 * rule and for whom, so the coordinator learns why it did not run. The
 * bookkeeping is per thread because a TurnoutDb is used by one thread and
 * the nesting is exactly that thread's call stack.
 */
#define G_LOG_DOMAIN "turnout-rules"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"
#include "turnout-moves-private.h"
#include "turnout-reason.h"
#include "turnout-rules.h"
#include "turnout-waitlist.h"

#define MAX_DEPTH 16

typedef struct
{
  gint64 rule_id;
  gint64 person_id;
} Fired;

static guint
fired_hash (gconstpointer key)
{
  const Fired *fired = key;

  return g_int64_hash (&fired->rule_id) * 31 + g_int64_hash (&fired->person_id);
}

static gboolean
fired_equal (gconstpointer a,
             gconstpointer b)
{
  const Fired *x = a;
  const Fired *y = b;

  return x->rule_id == y->rule_id && x->person_id == y->person_id;
}

/* What ran within one original change. Most changes fire a rule or two,
 * and a bulk change starts over for each member: the first few are kept
 * in place, and only a long cascade of rules needs the table. */
#define FIRED_IN_PLACE 8

typedef struct
{
  guint       depth;
  guint       n_fired;
  Fired       fired[FIRED_IN_PLACE];
  GHashTable *more_fired;   /* Fired, beyond those; NULL until needed */
} RuleRun;

static void
rule_run_free (gpointer data)
{
  RuleRun *run = data;

  g_clear_pointer (&run->more_fired, g_hash_table_unref);
  g_free (run);
}

static void
rule_run_start (RuleRun *run)
{
  run->n_fired = 0;
  if (run->more_fired != NULL)
    g_hash_table_remove_all (run->more_fired);
}

static gboolean
rule_run_has_fired (RuleRun     *run,
                    const Fired *fired)
{
  for (guint i = 0; i < run->n_fired; i++)
    if (fired_equal (&run->fired[i], fired))
      return TRUE;
  return run->more_fired != NULL && g_hash_table_contains (run->more_fired, fired);
}

static void
rule_run_add_fired (RuleRun     *run,
                    const Fired *fired)
{
  if (run->n_fired < FIRED_IN_PLACE)
    {
      run->fired[run->n_fired++] = *fired;
      return;
    }
  if (run->more_fired == NULL)
    run->more_fired = g_hash_table_new_full (fired_hash, fired_equal, g_free, NULL);
  g_hash_table_add (run->more_fired, g_memdup2 (fired, sizeof *fired));
}

static GPrivate rule_run_key = G_PRIVATE_INIT (rule_run_free);

static RuleRun *
get_rule_run (void)
{
  RuleRun *run = g_private_get (&rule_run_key);

  if (run == NULL)
    {
      run = g_new0 (RuleRun, 1);
      g_private_set (&rule_run_key, run);
    }
  return run;
}

static const char *action_keys[] = {
  [TURNOUT_RULE_NOTIFY] = "notify",
  [TURNOUT_RULE_PROMOTE] = "promote",
  [TURNOUT_RULE_CHANGE_STATUS] = "change-status",
};

const char *
turnout_rule_action_to_key (TurnoutRuleAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_keys), NULL);
  return action_keys[action];
}

gboolean
turnout_rule_action_from_key (const char        *key,
                              TurnoutRuleAction *action)
{
  for (guint i = 0; key && i < G_N_ELEMENTS (action_keys); i++)
    if (g_str_equal (key, action_keys[i]))
      {
        *action = i;
        return TRUE;
      }
  return FALSE;
}

const char *
turnout_rule_action_get_display_name (TurnoutRuleAction action)
{
  switch (action)
    {
    case TURNOUT_RULE_NOTIFY:
      return _("Notify the desktop");
    case TURNOUT_RULE_PROMOTE:
      return _("Promote from the wait list");
    case TURNOUT_RULE_CHANGE_STATUS:
      return _("Change the status");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
turnout_rule_describe (const TurnoutRule *rule,
                       TurnoutChannel    *channel)
{
  const char *on = turnout_status_display_name_for_key (channel, rule->on_status);

  switch (rule->action)
    {
    case TURNOUT_RULE_NOTIFY:
      return g_strdup_printf (_("When a member becomes %s, notify the desktop"), on);
    case TURNOUT_RULE_PROMOTE:
      return g_strdup_printf (_("When a member becomes %s, promote the first waiting member"), on);
    case TURNOUT_RULE_CHANGE_STATUS:
      return g_strdup_printf (_("When a member becomes %s, change their status to %s"), on,
                              turnout_status_display_name_for_key (channel, rule->to_status));
    default:
      g_return_val_if_reached (NULL);
    }
}

void
turnout_rule_free (TurnoutRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->on_status);
  g_free (rule->to_status);
  g_free (rule->message);
  g_free (rule);
}

void
turnout_rule_event_free (TurnoutRuleEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->program_name);
  g_free (event->email);
  g_free (event->kind);
  g_free (event->message);
  g_free (event->created_at);
  g_free (event);
}

gint64
turnout_rules_add (TurnoutDb         *db,
                   gint64             program_id,
                   const char        *on_status,
                   TurnoutRuleAction  action,
                   const char        *to_status,
                   const char        *message,
                   GError           **error)
{
  g_autoptr(TurnoutProgram) program = NULL;
  g_autoptr(TurnoutChannel) channel = NULL;
  g_autofree char *now = turnout_now_iso8601 ();
  TurnoutStmt *stmt;

  g_return_val_if_fail (db != NULL, 0);

  program = turnout_db_get_program (db, program_id, error);
  if (program == NULL)
    return 0;
  channel = turnout_db_get_channel (db, program->channel_key);

  if (on_status == NULL || turnout_channel_lookup (channel, on_status) == NULL)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("“%s” is not a status of the %s channel"),
                   on_status ? on_status : "", turnout_channel_get_name (channel));
      return 0;
    }

  if (action == TURNOUT_RULE_CHANGE_STATUS)
    {
      if (to_status == NULL || turnout_channel_lookup (channel, to_status) == NULL)
        {
          g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                       _("A rule that changes the status needs the status to change to"));
          return 0;
        }
      if (g_str_equal (to_status, on_status))
        {
          g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                       _("A rule cannot change a status to the status that fires it"));
          return 0;
        }
    }
  else
    to_status = NULL;

  if (message != NULL && !g_utf8_validate (message, -1, NULL))
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_INVALID,
                   _("The message is not valid UTF-8 text"));
      return 0;
    }

  stmt = turnout_db_prepare (db,
                             "INSERT INTO trigger_rules (program_id, on_status, action, to_status,"
                             " message, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error);
  if (stmt == NULL)
    return 0;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_text (stmt, 2, on_status, -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 3, turnout_rule_action_to_key (action), -1, SQLITE_STATIC);
  turnout_db_bind_text (stmt, 4, to_status);
  turnout_stmt_bind_text (stmt, 5, message ? message : "", -1, SQLITE_TRANSIENT);
  turnout_stmt_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  turnout_db_forget_rules (db);
  if (!turnout_db_step_done (db, stmt, error))
    return 0;

  return turnout_db_last_insert_id (db);
}

static gboolean
update_rule (TurnoutDb   *db,
             const char  *sql,
             gint64       program_id,
             gint64       rule_id,
             int          value,
             GError     **error)
{
  TurnoutStmt *stmt = turnout_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_int64 (stmt, 2, rule_id);
  turnout_stmt_bind_int (stmt, 3, value);
  turnout_db_forget_rules (db);
  if (!turnout_db_step_done (db, stmt, error))
    return FALSE;

  if (turnout_db_changes (db) == 0)
    {
      g_set_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND,
                   _("This program has no rule %" PRId64), rule_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
turnout_rules_remove (TurnoutDb  *db,
                      gint64      program_id,
                      gint64      rule_id,
                      GError    **error)
{
  return update_rule (db, "DELETE FROM trigger_rules WHERE program_id = ?1 AND id = ?2 AND ?3 = ?3",
                      program_id, rule_id, 0, error);
}

gboolean
turnout_rules_set_enabled (TurnoutDb  *db,
                           gint64      program_id,
                           gint64      rule_id,
                           gboolean    enabled,
                           GError    **error)
{
  return update_rule (db, "UPDATE trigger_rules SET enabled = ?3 WHERE program_id = ?1 AND id = ?2",
                      program_id, rule_id, enabled ? 1 : 0, error);
}

static TurnoutRule *
rule_from_row (TurnoutStmt *stmt)
{
  TurnoutRule *rule = g_new0 (TurnoutRule, 1);
  g_autofree char *action = NULL;

  rule->id = turnout_stmt_column_int64 (stmt, 0);
  rule->program_id = turnout_stmt_column_int64 (stmt, 1);
  rule->on_status = turnout_db_column_dup (stmt, 2);
  action = turnout_db_column_dup (stmt, 3);
  if (!turnout_rule_action_from_key (action, &rule->action))
    rule->action = TURNOUT_RULE_NOTIFY;
  rule->to_status = turnout_db_column_dup (stmt, 4);
  rule->message = turnout_db_column_dup (stmt, 5);
  rule->enabled = turnout_stmt_column_int (stmt, 6);
  return rule;
}

#define RULE_COLUMNS "id, program_id, on_status, action, to_status, message, enabled"

/* Every row of a statement of RULE_COLUMNS, as rules; NULL on an error. */
static GPtrArray *
rules_from_rows (TurnoutDb    *db,
                 TurnoutStmt  *stmt,
                 GError      **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_rule_free);
  int rc;

  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rules, rule_from_row (stmt));
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

GPtrArray *
turnout_rules_list (TurnoutDb  *db,
                    gint64      program_id,
                    GError    **error)
{
  TurnoutStmt *stmt;

  stmt = turnout_db_prepare (db, "SELECT " RULE_COLUMNS " FROM trigger_rules WHERE program_id = ?1 ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  return rules_from_rows (db, stmt, error);
}

/* Returns FALSE both for "no rules" and on error; check @error. */
gboolean
turnout_rules_program_has_rules (TurnoutDb  *db,
                                 gint64      program_id,
                                 GError    **error)
{
  TurnoutStmt *stmt;
  gboolean any = FALSE;
  int rc;

  stmt = turnout_db_prepare (db,
                             "SELECT EXISTS (SELECT 1 FROM trigger_rules WHERE program_id = ?1 AND enabled)",
                             error);
  if (stmt == NULL)
    return FALSE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  rc = turnout_stmt_step (stmt);
  if (rc == SQLITE_ROW)
    any = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_ROW)
    return turnout_db_set_error (db, rc, error);
  return any;
}

/* Whether an enabled rule of the program fires on @status; errors count as
 * "yes", so a caller that skips the rules only when sure falls back to the
 * path that runs them (and meets the error there). */
gboolean
turnout_rules_fire_on (TurnoutDb  *db,
                       gint64      program_id,
                       const char *status)
{
  GPtrArray *known = turnout_db_get_known_rules (db, program_id, status);
  TurnoutStmt *stmt;
  gboolean any = TRUE;

  if (known != NULL)
    return known->len > 0;

  stmt = turnout_db_prepare (db,
                             "SELECT EXISTS (SELECT 1 FROM trigger_rules"
                             " WHERE program_id = ?1 AND on_status = ?2 AND enabled)",
                             NULL);
  if (stmt == NULL)
    return TRUE;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  if (turnout_stmt_step (stmt) == SQLITE_ROW)
    any = turnout_stmt_column_int (stmt, 0);
  turnout_stmt_reset (stmt);
  if (!any)
    turnout_db_note_rules_absent (db, program_id, status);
  return any;
}

/* A reason code without values is the same for every member a rule
 * moves: made once, not once per member. */
static const char *
constant_reason (gsize      *slot,
                 const char *key)
{
  if (g_once_init_enter (slot))
    g_once_init_leave (slot, (gsize) turnout_reason_code (key));
  return (const char *) *slot;
}

static gboolean
run_rule (TurnoutDb                 *db,
          const TurnoutProgram      *program,
          TurnoutChannel            *channel,
          const TurnoutRule         *rule,
          const TurnoutChangeResult *change,
          const char                *now,
          GError                   **error)
{
  static gsize promoted_by_rule = 0;
  static gsize changed_by_rule = 0;

  switch (rule->action)
    {
    case TURNOUT_RULE_NOTIFY:
      {
        g_autofree char *text = NULL;

        if (rule->message != NULL && rule->message[0] != '\0')
          text = g_strconcat (change->email ? change->email : "", ": ", rule->message, NULL);
        else
          text = g_strdup_printf (_("%s is now %s"), change->email ? change->email : "",
                                  turnout_status_display_name_for_key (channel, change->new_status));
        return turnout_db_add_rule_event (db, program->id, change->person_id, rule->id,
                                          TURNOUT_RULE_EVENT_NOTIFY, text, now, error);
      }

    case TURNOUT_RULE_PROMOTE:
      {
        gboolean promoted;

        return turnout_waitlist_promote_first (db, program, channel, TURNOUT_SOURCE_RULE,
                                               constant_reason (&promoted_by_rule, TURNOUT_REASON_PROMOTED_BY_RULE),
                                               now, &promoted, error);
      }

    case TURNOUT_RULE_CHANGE_STATUS:
      {
        g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_change_result_free);
        TurnoutMemberState known = { 0 };
        gboolean current;

        /* The member as their last move left them, when nothing moved
         * since (no promotion of another): not read back for each member. */
        current = turnout_db_last_move_state (db, program->id, channel, change->person_id, &known);
        /* The rule's own message is kept as its author wrote it. */
        return turnout_db_apply_move_full (db, program, channel, change->person_id, current ? &known : NULL, NULL,
                                           rule->to_status,
                                           rule->message && rule->message[0]
                                             ? rule->message
                                             : constant_reason (&changed_by_rule, TURNOUT_REASON_CHANGED_BY_RULE),
                                           TURNOUT_SOURCE_RULE, now, results, error);
      }

    default:
      g_assert_not_reached ();
    }
}

/* The program's enabled rules that fire on @status, in the order they run. */
static GPtrArray *
read_rules (TurnoutDb   *db,
            gint64       program_id,
            const char  *status,
            GError     **error)
{
  TurnoutStmt *stmt;

  stmt = turnout_db_prepare (db,
                             "SELECT " RULE_COLUMNS " FROM trigger_rules"
                             " WHERE program_id = ?1 AND on_status = ?2 AND enabled ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  return rules_from_rows (db, stmt, error);
}

static gboolean
run_rules (TurnoutDb                 *db,
           RuleRun                   *run,
           const TurnoutProgram      *program,
           TurnoutChannel            *channel,
           const TurnoutChangeResult *change,
           const char                *now,
           GError                   **error)
{
  g_autoptr(GPtrArray) rules = NULL;
  GPtrArray *known = turnout_db_get_known_rules (db, program->id, change->new_status);

  /* Read once per transaction (the rules' writers forget them). Held by
   * reference: the list outlives anything its actions do. */
  if (known != NULL)
    rules = g_ptr_array_ref (known);
  else
    {
      rules = read_rules (db, program->id, change->new_status, error);
      if (rules == NULL)
        return FALSE;
      turnout_db_keep_rules (db, program->id, change->new_status, rules);
    }

  for (guint i = 0; i < rules->len; i++)
    {
      const TurnoutRule *rule = g_ptr_array_index (rules, i);
      Fired key = { rule->id, change->person_id };

      if (rule_run_has_fired (run, &key) || run->depth >= MAX_DEPTH)
        {
          g_autofree char *description = turnout_rule_describe (rule, channel);
          g_autofree char *text = g_strdup_printf (_("Rule %" PRId64 " (“%s”) was stopped for %s: "
                                                     "it would run again for the same change, which is a loop"),
                                                   rule->id, description,
                                                   change->email ? change->email : "");

          g_debug ("%s", text);
          if (!turnout_db_add_rule_event (db, program->id, change->person_id, rule->id,
                                          TURNOUT_RULE_EVENT_LOOP, text, now, error))
            return FALSE;
          continue;
        }

      rule_run_add_fired (run, &key);
      if (!run_rule (db, program, channel, rule, change, now, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
turnout_rules_after_move (TurnoutDb                 *db,
                          const TurnoutProgram      *program,
                          TurnoutChannel            *channel,
                          const TurnoutChangeResult *change,
                          TurnoutSource              source,
                          const char                *now,
                          GError                   **error)
{
  RuleRun *run = get_rule_run ();
  const TurnoutStatus *from;
  const TurnoutStatus *to;
  gboolean ok = TRUE;

  if (change->outcome != TURNOUT_MOVE_CHANGED && change->outcome != TURNOUT_MOVE_REMOVED)
    return TRUE;

  if (run->depth == 0)
    rule_run_start (run);
  run->depth++;

  from = turnout_channel_lookup (channel, change->old_status);
  to = turnout_channel_lookup (channel, change->outcome == TURNOUT_MOVE_REMOVED
                                          ? TURNOUT_STATUS_NOT_IN_PROGRAM : change->new_status);

  /* A seat freed: the first waiting member takes it, if the program says so. */
  if (program->auto_promote && program->capacity >= 0 &&
      from != NULL && from->holds_seat && (to == NULL || !to->holds_seat))
    {
      g_autofree char *reason = turnout_reason_code (TURNOUT_REASON_SEAT_BECAME_FREE);
      gboolean promoted;

      ok = turnout_waitlist_promote_first (db, program, channel, TURNOUT_SOURCE_RULE,
                                           reason, now, &promoted, error);
    }

  if (ok)
    {
      TurnoutChangeResult effective = *change;

      if (change->outcome == TURNOUT_MOVE_REMOVED)
        effective.new_status = (char *) TURNOUT_STATUS_NOT_IN_PROGRAM;
      ok = run_rules (db, run, program, channel, &effective, now, error);
    }

  run->depth--;
  return ok;
}

GPtrArray *
turnout_rules_take_events (TurnoutDb  *db,
                           gint64      program_id,
                           GError    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) turnout_rule_event_free);
  g_autofree char *now = turnout_now_iso8601 ();
  TurnoutStmt *stmt;
  int rc;

  if (!turnout_db_begin (db, error))
    return NULL;

  stmt = turnout_db_prepare (db,
                             "SELECT e.id, e.program_id, p.name, e.person_id, pe.email, e.rule_id, e.kind,"
                             " e.message, e.created_at FROM rule_events e"
                             " JOIN programs p ON p.id = e.program_id"
                             " LEFT JOIN people pe ON pe.id = e.person_id"
                             " WHERE e.delivered_at IS NULL AND (?1 = 0 OR e.program_id = ?1) ORDER BY e.id",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  while ((rc = turnout_stmt_step (stmt)) == SQLITE_ROW)
    {
      TurnoutRuleEvent *event = g_new0 (TurnoutRuleEvent, 1);

      event->id = turnout_stmt_column_int64 (stmt, 0);
      event->program_id = turnout_stmt_column_int64 (stmt, 1);
      event->program_name = turnout_db_column_dup (stmt, 2);
      event->person_id = turnout_stmt_column_int64 (stmt, 3);
      event->email = turnout_db_column_dup (stmt, 4);
      event->rule_id = turnout_stmt_column_int64 (stmt, 5);
      event->kind = turnout_db_column_dup (stmt, 6);
      event->message = turnout_db_column_dup (stmt, 7);
      event->created_at = turnout_db_column_dup (stmt, 8);
      g_ptr_array_add (events, event);
    }
  turnout_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      turnout_db_set_error (db, rc, error);
      goto failed;
    }

  stmt = turnout_db_prepare (db,
                             "UPDATE rule_events SET delivered_at = ?2"
                             " WHERE delivered_at IS NULL AND (?1 = 0 OR program_id = ?1)",
                             error);
  if (stmt == NULL)
    goto failed;
  turnout_stmt_bind_int64 (stmt, 1, program_id);
  turnout_stmt_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!turnout_db_step_done (db, stmt, error))
    goto failed;

  if (!turnout_db_commit (db, error))
    return NULL;

  return g_steal_pointer (&events);

failed:
  turnout_db_rollback (db);
  return NULL;
}
