/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-channel.c: channels, their statuses, and the rules of movement.
 *
 * Members only move forward through a channel: to a status whose step is
 * higher than or equal to the current one. Not in Program is the one way
 * out. Everything that changes a status asks turnout_channel_decide_move()
 * first, so the rule lives in exactly one place.
 */
#define G_LOG_DOMAIN "turnout-channel"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "turnout-channel.h"

struct _TurnoutChannel
{
  gatomicrefcount  ref_count;
  char            *key;
  char            *name;
  GArray          *statuses; /* of TurnoutStatus */
};

G_DEFINE_BOXED_TYPE (TurnoutChannel, turnout_channel, turnout_channel_ref, turnout_channel_unref)

static void
clear_status (gpointer data)
{
  TurnoutStatus *status = data;

  g_clear_pointer (&status->key, g_free);
  g_clear_pointer (&status->name, g_free);
}

TurnoutChannel *
turnout_channel_new (const char *key,
                     const char *name)
{
  TurnoutChannel *self;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_new0 (TurnoutChannel, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->key = g_strdup (key);
  self->name = g_strdup (name);
  self->statuses = g_array_new (FALSE, TRUE, sizeof (TurnoutStatus));
  g_array_set_clear_func (self->statuses, clear_status);

  return self;
}

TurnoutChannel *
turnout_channel_ref (TurnoutChannel *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
turnout_channel_unref (TurnoutChannel *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->key);
      g_free (self->name);
      g_array_unref (self->statuses);
      g_free (self);
    }
}

void
turnout_channel_add_status (TurnoutChannel *self,
                            const char     *key,
                            const char     *name,
                            int             step,
                            gboolean        success,
                            gboolean        holds_seat)
{
  TurnoutStatus status = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && name != NULL);
  g_return_if_fail (turnout_channel_lookup (self, key) == NULL);

  status.key = g_strdup (key);
  status.name = g_strdup (name);
  status.step = step;
  status.success = !!success;
  status.holds_seat = !!holds_seat;
  g_array_append_val (self->statuses, status);
}

/* The built-in Webinar channel. Steps and success flags follow Marketo's
 * published channel sample; Registration Error shares Registered's step so
 * that a failed push can move to it and a retry can move back.
 */
static const struct
{
  const char *key;
  const char *name;
  int         step;
  gboolean    success;
  gboolean    holds_seat;
} webinar_statuses[] = {
  { TURNOUT_STATUS_NOT_IN_PROGRAM,     N_("Not in Program"),      0, FALSE, FALSE },
  { TURNOUT_STATUS_INVITED,            N_("Invited"),            10, FALSE, FALSE },
  { TURNOUT_STATUS_PENDING_APPROVAL,   N_("Pending Approval"),   20, FALSE, FALSE },
  { TURNOUT_STATUS_REJECTED,           N_("Rejected"),           30, FALSE, FALSE },
  { TURNOUT_STATUS_WAIT_LISTED,        N_("Wait Listed"),        30, FALSE, FALSE },
  { TURNOUT_STATUS_REGISTERED,         N_("Registered"),         40, FALSE, TRUE },
  { TURNOUT_STATUS_REGISTRATION_ERROR, N_("Registration Error"), 40, FALSE, TRUE },
  { TURNOUT_STATUS_NO_SHOW,            N_("No Show"),            50, FALSE, TRUE },
  { TURNOUT_STATUS_ATTENDED,           N_("Attended"),           70, TRUE,  TRUE },
  { TURNOUT_STATUS_ATTENDED_ON_DEMAND, N_("Attended On-demand"), 75, TRUE,  TRUE },
};

TurnoutChannel *
turnout_channel_get_webinar (void)
{
  static TurnoutChannel *webinar;

  if (g_once_init_enter (&webinar))
    {
      TurnoutChannel *channel = turnout_channel_new (TURNOUT_CHANNEL_WEBINAR, N_("Webinar"));

      for (guint i = 0; i < G_N_ELEMENTS (webinar_statuses); i++)
        turnout_channel_add_status (channel,
                                    webinar_statuses[i].key,
                                    webinar_statuses[i].name,
                                    webinar_statuses[i].step,
                                    webinar_statuses[i].success,
                                    webinar_statuses[i].holds_seat);

      g_once_init_leave (&webinar, channel);
    }

  return turnout_channel_ref (webinar);
}

const char *
turnout_channel_get_key (TurnoutChannel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->key;
}

const char *
turnout_channel_get_name (TurnoutChannel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _(self->name);
}

guint
turnout_channel_get_n_statuses (TurnoutChannel *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->statuses->len;
}

const TurnoutStatus *
turnout_channel_get_status (TurnoutChannel *self,
                            guint           position)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (position >= self->statuses->len)
    return NULL;

  return &g_array_index (self->statuses, TurnoutStatus, position);
}

int
turnout_channel_index_of (TurnoutChannel *self,
                          const char     *key)
{
  g_return_val_if_fail (self != NULL, -1);

  if (key == NULL)
    return -1;

  for (guint i = 0; i < self->statuses->len; i++)
    if (g_str_equal (g_array_index (self->statuses, TurnoutStatus, i).key, key))
      return (int) i;

  return -1;
}

const TurnoutStatus *
turnout_channel_lookup (TurnoutChannel *self,
                        const char     *key)
{
  int idx = turnout_channel_index_of (self, key);

  return idx < 0 ? NULL : &g_array_index (self->statuses, TurnoutStatus, idx);
}

/* Rule 5: adding someone without a status gives them the first status
 * after Not in Program.
 */
const char *
turnout_channel_get_default_status (TurnoutChannel *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->statuses->len; i++)
    {
      const TurnoutStatus *status = &g_array_index (self->statuses, TurnoutStatus, i);

      if (!g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        return status->key;
    }

  return NULL;
}

/**
 * turnout_channel_decide_move:
 * @from_key: the member's current status, or %NULL / "not-in-program" for
 *   a person who is not a member
 * @to_key: the status asked for
 * @reason: (out) (optional): for a refusal, why, in words a person can read
 *
 * Decides one move by the rules of movement. Unknown statuses are refused.
 */
TurnoutMoveOutcome
turnout_channel_decide_move (TurnoutChannel  *self,
                             const char      *from_key,
                             const char      *to_key,
                             char           **reason)
{
  const TurnoutStatus *from;
  const TurnoutStatus *to;

  g_return_val_if_fail (self != NULL, TURNOUT_MOVE_REFUSED);

  if (reason != NULL)
    *reason = NULL;

  if (from_key == NULL)
    from_key = TURNOUT_STATUS_NOT_IN_PROGRAM;

  to = turnout_channel_lookup (self, to_key);
  if (to == NULL)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("“%s” is not a status of the %s channel"),
                                   to_key ? to_key : "", turnout_channel_get_name (self));
      return TURNOUT_MOVE_REFUSED;
    }

  from = turnout_channel_lookup (self, from_key);
  if (from == NULL)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("The current status “%s” is not a status of the %s channel"),
                                   from_key, turnout_channel_get_name (self));
      return TURNOUT_MOVE_REFUSED;
    }

  if (from == to)
    return TURNOUT_MOVE_SKIPPED;

  /* Not in Program is the only way down, and it removes the membership. */
  if (g_str_equal (to->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
    return TURNOUT_MOVE_REMOVED;

  if (to->step < from->step)
    {
      if (reason != NULL)
        /* Translators: e.g. "Attended cannot go back to Registered" */
        *reason = g_strdup_printf (_("%s cannot go back to %s"),
                                   turnout_status_get_display_name (from),
                                   turnout_status_get_display_name (to));
      return TURNOUT_MOVE_REFUSED;
    }

  return TURNOUT_MOVE_CHANGED;
}

/**
 * turnout_channel_preview_move:
 * @counts: how many of the members are in each status, by the channel's
 *   positions
 * @capacity: the program's seat limit, or -1 for none
 * @seats_taken: the seats taken now
 *
 * Counts what turnout_channel_decide_move () and the seat limit would make
 * of moving all of them to @to_key, without moving anyone. Seats go to
 * members in the order of their statuses; the move engine gives them by
 * person, so with a limit and mixed statuses the split between a seat and
 * the wait list is the same in total but may fall on other people. Trigger
 * rules a move sets off are not counted.
 */
void
turnout_channel_preview_move (TurnoutChannel     *self,
                              const guint        *counts,
                              const char         *to_key,
                              int                 capacity,
                              guint               seats_taken,
                              TurnoutMovePreview *preview)
{
  const TurnoutStatus *to;
  guint free_seats;

  g_return_if_fail (self != NULL && counts != NULL && preview != NULL);

  memset (preview, 0, sizeof *preview);
  to = turnout_channel_lookup (self, to_key);
  g_return_if_fail (to != NULL);
  free_seats = capacity < 0 ? G_MAXUINT : (guint) MAX (0, (gint64) capacity - seats_taken);

  for (guint i = 0; i < turnout_channel_get_n_statuses (self); i++)
    {
      const TurnoutStatus *from = turnout_channel_get_status (self, i);
      guint n = counts[i], seated;

      if (n == 0)
        continue;

      switch (turnout_channel_decide_move (self, from->key, to->key, NULL))
        {
        case TURNOUT_MOVE_SKIPPED:
          preview->already += n;
          continue;
        case TURNOUT_MOVE_REFUSED:
          preview->past += n;
          continue;
        case TURNOUT_MOVE_REMOVED:
          preview->removed += n;
          continue;
        case TURNOUT_MOVE_CHANGED:
        default:
          break;
        }

      /* As the engine does: only a move into Registered from a status
       * without a seat needs one. */
      if (!g_str_equal (to->key, TURNOUT_STATUS_REGISTERED) || from->holds_seat || capacity < 0)
        {
          preview->changed += n;
          continue;
        }

      seated = MIN (n, free_seats);
      free_seats -= seated;
      preview->changed += seated;
      if (n > seated)
        {
          if (turnout_channel_decide_move (self, from->key, TURNOUT_STATUS_WAIT_LISTED, NULL) ==
              TURNOUT_MOVE_CHANGED)
            {
              preview->changed += n - seated;
              preview->wait_listed += n - seated;
            }
          else
            preview->no_seat += n - seated;
        }
    }
}

const char *
turnout_status_get_display_name (const TurnoutStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);
  return _(status->name);
}

const char *
turnout_status_display_name_for_key (TurnoutChannel *self,
                                     const char     *key)
{
  const TurnoutStatus *status = turnout_channel_lookup (self, key);

  return status ? turnout_status_get_display_name (status) : key;
}

static const char *source_keys[] = {
  [TURNOUT_SOURCE_MANUAL] = "manual",
  [TURNOUT_SOURCE_BULK] = "bulk",
  [TURNOUT_SOURCE_IMPORT] = "import",
  [TURNOUT_SOURCE_PROVIDER_REGISTRATION] = "provider-registration",
  [TURNOUT_SOURCE_PROVIDER_REFRESH] = "provider-refresh",
  [TURNOUT_SOURCE_RULE] = "rule",
  [TURNOUT_SOURCE_UNDO] = "undo",
  [TURNOUT_SOURCE_FORGET] = "forget",
};

static const char *source_names[] = {
  [TURNOUT_SOURCE_MANUAL] = N_("Manual"),
  [TURNOUT_SOURCE_BULK] = N_("Bulk change"),
  [TURNOUT_SOURCE_IMPORT] = N_("Import"),
  [TURNOUT_SOURCE_PROVIDER_REGISTRATION] = N_("Provider registration"),
  [TURNOUT_SOURCE_PROVIDER_REFRESH] = N_("Provider refresh"),
  [TURNOUT_SOURCE_RULE] = N_("Trigger rule"),
  [TURNOUT_SOURCE_UNDO] = N_("Undo"),
  [TURNOUT_SOURCE_FORGET] = N_("Erasure on request"),
};

const char *
turnout_source_to_key (TurnoutSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (source_keys), NULL);
  return source_keys[source];
}

gboolean
turnout_source_from_key (const char    *key,
                         TurnoutSource *source)
{
  for (guint i = 0; key && i < G_N_ELEMENTS (source_keys); i++)
    if (g_str_equal (key, source_keys[i]))
      {
        *source = i;
        return TRUE;
      }
  return FALSE;
}

const char *
turnout_source_get_display_name (TurnoutSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (source_names), NULL);
  return _(source_names[source]);
}

static const char *acquired_keys[] = {
  [TURNOUT_ACQUIRED_MANUAL] = "manual",
  [TURNOUT_ACQUIRED_IMPORT] = "import",
  [TURNOUT_ACQUIRED_REGISTRATION_FORM] = "registration-form",
  [TURNOUT_ACQUIRED_PROVIDER_FEED] = "provider-feed",
};

static const char *acquired_names[] = {
  [TURNOUT_ACQUIRED_MANUAL] = N_("Manual"),
  [TURNOUT_ACQUIRED_IMPORT] = N_("Import"),
  [TURNOUT_ACQUIRED_REGISTRATION_FORM] = N_("Registration form"),
  [TURNOUT_ACQUIRED_PROVIDER_FEED] = N_("Provider feed"),
};

const char *
turnout_acquired_by_to_key (TurnoutAcquiredBy acquired)
{
  g_return_val_if_fail (acquired < G_N_ELEMENTS (acquired_keys), NULL);
  return acquired_keys[acquired];
}

gboolean
turnout_acquired_by_from_key (const char        *key,
                              TurnoutAcquiredBy *acquired)
{
  for (guint i = 0; key && i < G_N_ELEMENTS (acquired_keys); i++)
    if (g_str_equal (key, acquired_keys[i]))
      {
        *acquired = i;
        return TRUE;
      }
  return FALSE;
}

const char *
turnout_acquired_by_get_display_name (TurnoutAcquiredBy acquired)
{
  g_return_val_if_fail (acquired < G_N_ELEMENTS (acquired_names), NULL);
  return _(acquired_names[acquired]);
}

static const char *push_keys[] = {
  [TURNOUT_PUSH_NONE] = "",
  [TURNOUT_PUSH_PENDING] = "pending",
  [TURNOUT_PUSH_CONFIRMED] = "confirmed",
  [TURNOUT_PUSH_FAILED] = "failed",
};

static const char *push_names[] = {
  [TURNOUT_PUSH_NONE] = "",
  [TURNOUT_PUSH_PENDING] = N_("Pending"),
  [TURNOUT_PUSH_CONFIRMED] = N_("Confirmed"),
  [TURNOUT_PUSH_FAILED] = N_("Failed"),
};

const char *
turnout_push_state_to_key (TurnoutPushState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (push_keys), NULL);
  return push_keys[state];
}

TurnoutPushState
turnout_push_state_from_key (const char *key)
{
  /* Most members were never pushed: the load asks this for every row. */
  if (key == NULL || *key == '\0')
    return TURNOUT_PUSH_NONE;
  for (guint i = 1; i < G_N_ELEMENTS (push_keys); i++)
    if (g_str_equal (key, push_keys[i]))
      return i;
  return TURNOUT_PUSH_NONE;
}

const char *
turnout_push_state_get_display_name (TurnoutPushState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (push_names), NULL);
  return state == TURNOUT_PUSH_NONE ? "" : _(push_names[state]);
}
