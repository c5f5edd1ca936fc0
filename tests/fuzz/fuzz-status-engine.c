/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-status-engine.c: the rules of movement under arbitrary input.
 *
 * The input is read as a sequence of moves between statuses of a channel,
 * some of them built from the input itself (custom channels, unknown keys).
 * Every decision must agree with the invariants of the spec, whatever the
 * keys: a skip only for the same status, a removal only towards Not in
 * Program, a refusal (always with a reason) only for a lower step or an
 * unknown key, a change otherwise.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "turnout-channel.h"

static char *
take_key (const uint8_t **data,
          size_t         *size)
{
  size_t len;
  char *key;

  if (*size == 0)
    return g_strdup ("");
  len = MIN ((size_t) ((*data)[0] % 24), *size - 1);
  key = g_strndup ((const char *) *data + 1, len);
  *data += len + 1;
  *size -= len + 1;
  return key;
}

static void
check (TurnoutChannel *channel,
       const char     *from,
       const char     *to)
{
  g_autofree char *reason = NULL;
  const TurnoutStatus *f = turnout_channel_lookup (channel, from ? from : TURNOUT_STATUS_NOT_IN_PROGRAM);
  const TurnoutStatus *t = turnout_channel_lookup (channel, to);
  TurnoutMoveOutcome outcome = turnout_channel_decide_move (channel, from, to, &reason);

  switch (outcome)
    {
    case TURNOUT_MOVE_SKIPPED:
      g_assert_true (f != NULL && f == t);
      g_assert_null (reason);
      break;
    case TURNOUT_MOVE_REMOVED:
      g_assert_true (f != NULL && t != NULL && f != t);
      g_assert_cmpstr (t->key, ==, TURNOUT_STATUS_NOT_IN_PROGRAM);
      g_assert_null (reason);
      break;
    case TURNOUT_MOVE_REFUSED:
      g_assert_nonnull (reason);
      g_assert_true (g_utf8_validate (reason, -1, NULL) || !g_utf8_validate (to ? to : "", -1, NULL) ||
                     !g_utf8_validate (from ? from : "", -1, NULL));
      g_assert_true (f == NULL || t == NULL || t->step < f->step);
      break;
    case TURNOUT_MOVE_CHANGED:
      g_assert_true (f != NULL && t != NULL && f != t);
      g_assert_cmpint (t->step, >=, f->step);
      g_assert_cmpstr (t->key, !=, TURNOUT_STATUS_NOT_IN_PROGRAM);
      g_assert_null (reason);
      break;
    default:
      g_assert_not_reached ();
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TurnoutChannel) webinar = turnout_channel_get_webinar ();
  g_autoptr(TurnoutChannel) custom = turnout_channel_new ("fuzz", "Fuzz");
  guint n = turnout_channel_get_n_statuses (webinar);

  /* First part: a custom channel, statuses with steps from the input. */
  turnout_channel_add_status (custom, TURNOUT_STATUS_NOT_IN_PROGRAM, "Not in Program", 0, FALSE, FALSE);
  for (guint i = 0; i < 6 && size >= 2; i++)
    {
      int step = data[0];
      g_autofree char *key = NULL;

      data++;
      size--;
      key = take_key (&data, &size);
      if (*key != '\0' && turnout_channel_lookup (custom, key) == NULL)
        turnout_channel_add_status (custom, key, key, step, step > 200, step > 100);
    }

  /* Then moves: two bytes pick statuses of the Webinar channel (or free
   * text from the input), and of the custom channel. */
  while (size >= 2)
    {
      guint8 a = data[0], b = data[1];

      data += 2;
      size -= 2;

      if (a == 0xff)
        {
          g_autofree char *from = take_key (&data, &size);
          g_autofree char *to = take_key (&data, &size);

          check (webinar, from, to);
          check (custom, from, to);
          check (custom, NULL, to);
        }
      else
        {
          check (webinar, turnout_channel_get_status (webinar, a % n)->key,
                 turnout_channel_get_status (webinar, b % n)->key);
          check (custom, turnout_channel_get_status (custom, a % turnout_channel_get_n_statuses (custom))->key,
                 turnout_channel_get_status (custom, b % turnout_channel_get_n_statuses (custom))->key);
        }
    }

  return 0;
}
