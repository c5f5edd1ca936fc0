/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-rules.c: trigger rules, as store jobs.
 *
 * Each change to a program's rules (add, remove, switch on or off) is one
 * job that makes the change with turnout-rules.c, as the command-line
 * tool does, then lists the rules again: the answer is the list after the
 * change, read in the same turn of the store's thread. Taking the events
 * rules recorded, for the desktop notifications, is here too.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-rules.h"

typedef enum { OP_LIST, OP_ADD, OP_REMOVE, OP_ENABLE } Op;

typedef struct
{
  Op                 op;
  gint64             program_id;
  gint64             rule_id;
  gboolean           enabled;
  char              *on_status;
  TurnoutRuleAction  action;
  char              *to_status;
  char              *message;
} RuleJob;

static RuleJob *
rule_job_new (Op     op,
              gint64 program_id)
{
  RuleJob *job = g_new0 (RuleJob, 1);

  job->op = op;
  job->program_id = program_id;
  return job;
}

static void
rule_job_free (RuleJob *job)
{
  g_free (job->on_status);
  g_free (job->to_status);
  g_free (job->message);
  g_free (job);
}

static gpointer
rule_job (TurnoutDb     *db,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  RuleJob *job = data;

  switch (job->op)
    {
    case OP_ADD:
      if (turnout_rules_add (db, job->program_id, job->on_status, job->action, job->to_status,
                             job->message, error) == 0)
        return NULL;
      break;
    case OP_REMOVE:
      if (!turnout_rules_remove (db, job->program_id, job->rule_id, error))
        return NULL;
      break;
    case OP_ENABLE:
      if (!turnout_rules_set_enabled (db, job->program_id, job->rule_id, job->enabled, error))
        return NULL;
      break;
    case OP_LIST:
    default:
      break;
    }

  return turnout_rules_list (db, job->program_id, error);
}

static void
run_rule_job (TurnoutStore        *self,
              RuleJob             *job,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  turnout_store_run_async (self, rule_job, job, (GDestroyNotify) rule_job_free,
                           (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

void
turnout_store_list_rules_async (TurnoutStore        *self,
                                gint64               program_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));

  run_rule_job (self, rule_job_new (OP_LIST, program_id), cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutRule): the program's rules,
 * or %NULL with @error set */
GPtrArray *
turnout_store_list_rules_finish (TurnoutStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

/**
 * turnout_store_add_rule_async:
 * @to_status: (nullable): for %TURNOUT_RULE_CHANGE_STATUS only
 * @message: (nullable): the notification's text, or the change's reason
 *
 * The store checks the rule; its error says what is wrong with it.
 */
void
turnout_store_add_rule_async (TurnoutStore        *self,
                              gint64               program_id,
                              const char          *on_status,
                              TurnoutRuleAction    action,
                              const char          *to_status,
                              const char          *message,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RuleJob *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  job = rule_job_new (OP_ADD, program_id);
  job->on_status = g_strdup (on_status);
  job->action = action;
  job->to_status = g_strdup (to_status);
  job->message = g_strdup (message);
  run_rule_job (self, job, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutRule): the program's rules
 * after the change, or %NULL with @error set */
GPtrArray *
turnout_store_add_rule_finish (TurnoutStore  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

void
turnout_store_remove_rule_async (TurnoutStore        *self,
                                 gint64               program_id,
                                 gint64               rule_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RuleJob *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  job = rule_job_new (OP_REMOVE, program_id);
  job->rule_id = rule_id;
  run_rule_job (self, job, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutRule): the program's rules
 * after the change, or %NULL with @error set */
GPtrArray *
turnout_store_remove_rule_finish (TurnoutStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

void
turnout_store_set_rule_enabled_async (TurnoutStore        *self,
                                      gint64               program_id,
                                      gint64               rule_id,
                                      gboolean             enabled,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  RuleJob *job;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  job = rule_job_new (OP_ENABLE, program_id);
  job->rule_id = rule_id;
  job->enabled = enabled;
  run_rule_job (self, job, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutRule): the program's rules
 * after the change, or %NULL with @error set */
GPtrArray *
turnout_store_set_rule_enabled_finish (TurnoutStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
take_events_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return turnout_rules_take_events (db, *(gint64 *) data, error);
}

/**
 * turnout_store_take_rule_events_async:
 * @program_id: 0: every program
 *
 * What rules recorded to show and was not shown yet; marks it shown.
 */
void
turnout_store_take_rule_events_async (TurnoutStore        *self,
                                      gint64               program_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TURNOUT_IS_STORE (self));

  turnout_store_run_async (self, take_events_job, g_memdup2 (&program_id, sizeof program_id), g_free,
                           (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type TurnoutRuleEvent): oldest first,
 * or %NULL with @error set */
GPtrArray *
turnout_store_take_rule_events_finish (TurnoutStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}
