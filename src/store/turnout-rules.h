/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-rules.h: trigger rules, run inside the change that fires them.
 *
 * "When a member's status changes to X" -> notify the desktop, promote from
 * the wait list, or change the member's status. The move engine calls
 * turnout_rules_after_move() after every applied move, inside the same
 * transaction, through the effects turnout_db_open() gives it, so a rule's
 * effects commit or roll back with the change.
 */
#pragma once

#include "turnout-db.h"

G_BEGIN_DECLS

typedef enum
{
  TURNOUT_RULE_NOTIFY,
  TURNOUT_RULE_PROMOTE,
  TURNOUT_RULE_CHANGE_STATUS,
} TurnoutRuleAction;

typedef struct
{
  gint64             id;
  gint64             program_id;
  char              *on_status;
  TurnoutRuleAction  action;
  char              *to_status;   /* TURNOUT_RULE_CHANGE_STATUS only */
  char              *message;     /* notify: the text; change status: the reason */
  gboolean           enabled;
} TurnoutRule;

/* What rules left for the application to show after the commit: a desktop
 * notification ("notify"), or a rule stopped because it would loop ("loop"). */
typedef struct
{
  gint64  id;
  gint64  program_id;
  char   *program_name;
  gint64  person_id;
  char   *email;
  gint64  rule_id;
  char   *kind;
  char   *message;
  char   *created_at;
} TurnoutRuleEvent;

#define TURNOUT_RULE_EVENT_NOTIFY "notify"
#define TURNOUT_RULE_EVENT_LOOP   "loop"

const char *turnout_rule_action_to_key          (TurnoutRuleAction  action);
gboolean    turnout_rule_action_from_key        (const char        *key,
                                                 TurnoutRuleAction *action);
const char *turnout_rule_action_get_display_name (TurnoutRuleAction action);
char       *turnout_rule_describe               (const TurnoutRule *rule,
                                                 TurnoutChannel    *channel);
void        turnout_rule_free                   (TurnoutRule       *rule);
void        turnout_rule_event_free             (TurnoutRuleEvent  *event);

gint64      turnout_rules_add                   (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 const char        *on_status,
                                                 TurnoutRuleAction  action,
                                                 const char        *to_status,
                                                 const char        *message,
                                                 GError           **error);
gboolean    turnout_rules_remove                (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 gint64             rule_id,
                                                 GError           **error);
gboolean    turnout_rules_set_enabled           (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 gint64             rule_id,
                                                 gboolean           enabled,
                                                 GError           **error);
GPtrArray  *turnout_rules_list                  (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 GError           **error);
gboolean    turnout_rules_program_has_rules     (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 GError           **error);

/* Inside the caller's transaction. */
gboolean    turnout_rules_fire_on               (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 const char        *status);
gboolean    turnout_rules_after_move            (TurnoutDb                 *db,
                                                 const TurnoutProgram      *program,
                                                 TurnoutChannel            *channel,
                                                 const TurnoutChangeResult *change,
                                                 TurnoutSource              source,
                                                 const char                *now,
                                                 GError                   **error);

/* Events not yet shown, oldest first; marks them shown (one transaction).
 * @program_id 0: every program. */
GPtrArray  *turnout_rules_take_events           (TurnoutDb         *db,
                                                 gint64             program_id,
                                                 GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutRule, turnout_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TurnoutRuleEvent, turnout_rule_event_free)

G_END_DECLS
