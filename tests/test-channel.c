/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-channel.c: the status engine, every ordered pair of statuses. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "turnout-channel.h"

static const char *keys[] = {
  "not-in-program", "invited", "pending-approval", "rejected", "wait-listed",
  "registered", "registration-error", "no-show", "attended", "attended-on-demand",
};

/* The oracle, written out by hand from the spec's table (row: from, column:
 * to). S skipped, C changed, R refused, X removed.
 */
static const char *expected[] = {
  /*        NIP INV PA REJ WL REG RE NS ATT AOD */
  /* NIP */ "SCCCCCCCCC",
  /* INV */ "XSCCCCCCCC",
  /* PA  */ "XRSCCCCCCC",
  /* REJ */ "XRRSCCCCCC",
  /* WL  */ "XRRCSCCCCC",
  /* REG */ "XRRRRSCCCC",
  /* RE  */ "XRRRRCSCCC",
  /* NS  */ "XRRRRRRSCC",
  /* ATT */ "XRRRRRRRSC",
  /* AOD */ "XRRRRRRRRS",
};

static void
test_webinar_statuses (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  static const int steps[] = { 0, 10, 20, 30, 30, 40, 40, 50, 70, 75 };

  g_assert_cmpstr (turnout_channel_get_key (channel), ==, "webinar");
  g_assert_cmpuint (turnout_channel_get_n_statuses (channel), ==, G_N_ELEMENTS (keys));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      g_assert_cmpstr (status->key, ==, keys[i]);
      g_assert_cmpint (status->step, ==, steps[i]);
      g_assert_cmpint (status->success, ==, g_str_has_prefix (keys[i], "attended"));
      g_assert_true (turnout_channel_lookup (channel, keys[i]) == status);
    }

  g_assert_cmpstr (turnout_channel_get_default_status (channel), ==, "invited");
  g_assert_null (turnout_channel_lookup (channel, "bogus"));
  g_assert_null (turnout_channel_get_status (channel, 99));
}

static void
test_display_names (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();

  g_assert_cmpstr (turnout_status_display_name_for_key (channel, "attended-on-demand"), ==, "Attended On-demand");
  g_assert_cmpstr (turnout_status_display_name_for_key (channel, "not-in-program"), ==, "Not in Program");
  g_assert_cmpstr (turnout_status_display_name_for_key (channel, "wait-listed"), ==, "Wait Listed");
}

static void
test_every_pair (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  guint checked = 0;

  for (guint from = 0; from < G_N_ELEMENTS (keys); from++)
    for (guint to = 0; to < G_N_ELEMENTS (keys); to++)
      {
        g_autofree char *reason = NULL;
        TurnoutMoveOutcome outcome = turnout_channel_decide_move (channel, keys[from], keys[to], &reason);
        TurnoutMoveOutcome want;

        switch (expected[from][to])
          {
          case 'S': want = TURNOUT_MOVE_SKIPPED; break;
          case 'C': want = TURNOUT_MOVE_CHANGED; break;
          case 'R': want = TURNOUT_MOVE_REFUSED; break;
          case 'X': want = TURNOUT_MOVE_REMOVED; break;
          default: g_assert_not_reached ();
          }

        if (outcome != want)
          g_error ("%s -> %s: got %d, expected %c", keys[from], keys[to], outcome, expected[from][to]);

        /* A refusal always says why, naming both statuses. */
        if (want == TURNOUT_MOVE_REFUSED)
          {
            const TurnoutStatus *f = turnout_channel_lookup (channel, keys[from]);
            const TurnoutStatus *t = turnout_channel_lookup (channel, keys[to]);

            g_assert_nonnull (reason);
            g_assert_nonnull (strstr (reason, turnout_status_get_display_name (f)));
            g_assert_nonnull (strstr (reason, turnout_status_get_display_name (t)));
          }
        else
          g_assert_null (reason);

        checked++;
      }

  g_assert_cmpuint (checked, ==, 100);
}

static void
test_refusal_wording (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  g_autofree char *reason = NULL;

  g_assert_cmpint (turnout_channel_decide_move (channel, "attended", "registered", &reason),
                   ==, TURNOUT_MOVE_REFUSED);
  g_assert_cmpstr (reason, ==, "Attended cannot go back to Registered");
}

static void
test_non_member_and_unknown (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  g_autofree char *reason = NULL;
  g_autofree char *reason2 = NULL;

  /* NULL means not a member: like Not in Program. */
  g_assert_cmpint (turnout_channel_decide_move (channel, NULL, "registered", NULL), ==, TURNOUT_MOVE_CHANGED);
  g_assert_cmpint (turnout_channel_decide_move (channel, NULL, "not-in-program", NULL), ==, TURNOUT_MOVE_SKIPPED);

  g_assert_cmpint (turnout_channel_decide_move (channel, "invited", "vip", &reason), ==, TURNOUT_MOVE_REFUSED);
  g_assert_nonnull (strstr (reason, "vip"));
  g_assert_cmpint (turnout_channel_decide_move (channel, "gone", "invited", &reason2), ==, TURNOUT_MOVE_REFUSED);
  g_assert_nonnull (strstr (reason2, "gone"));
}

static void
test_custom_channel (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_new ("event", "Live Event");

  turnout_channel_add_status (channel, "not-in-program", "Not in Program", 0, FALSE, FALSE);
  turnout_channel_add_status (channel, "invited", "Invited", 10, FALSE, FALSE);
  turnout_channel_add_status (channel, "attended", "Attended", 50, TRUE, TRUE);

  g_assert_cmpint (turnout_channel_decide_move (channel, "attended", "invited", NULL), ==, TURNOUT_MOVE_REFUSED);
  g_assert_cmpint (turnout_channel_decide_move (channel, "invited", "attended", NULL), ==, TURNOUT_MOVE_CHANGED);
  g_assert_cmpint (turnout_channel_decide_move (channel, "attended", "registered", NULL), ==, TURNOUT_MOVE_REFUSED);
}

/* Counting a move before it is made: the menu's figures. */
static void
test_preview_move (void)
{
  g_autoptr(TurnoutChannel) channel = turnout_channel_get_webinar ();
  guint counts[16] = { 0 };
  TurnoutMovePreview preview;

  counts[turnout_channel_index_of (channel, TURNOUT_STATUS_INVITED)] = 10;
  counts[turnout_channel_index_of (channel, TURNOUT_STATUS_REGISTERED)] = 3;
  counts[turnout_channel_index_of (channel, TURNOUT_STATUS_ATTENDED)] = 2;

  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_REGISTERED, -1, 0, &preview);
  g_assert_cmpuint (preview.changed, ==, 10);
  g_assert_cmpuint (preview.already, ==, 3);
  g_assert_cmpuint (preview.past, ==, 2);
  g_assert_cmpuint (preview.wait_listed, ==, 0);

  /* Five seats, three taken: two get one, eight wait. */
  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_REGISTERED, 5, 3, &preview);
  g_assert_cmpuint (preview.changed, ==, 10);
  g_assert_cmpuint (preview.wait_listed, ==, 8);
  g_assert_cmpuint (preview.no_seat, ==, 0);

  /* Over the limit already: nobody gets a seat; none is lost. */
  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_REGISTERED, 2, 3, &preview);
  g_assert_cmpuint (preview.changed, ==, 10);
  g_assert_cmpuint (preview.wait_listed, ==, 10);

  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_ATTENDED, 2, 3, &preview);
  g_assert_cmpuint (preview.changed, ==, 13);
  g_assert_cmpuint (preview.already, ==, 2);
  g_assert_cmpuint (preview.wait_listed, ==, 0);

  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_NOT_IN_PROGRAM, -1, 0, &preview);
  g_assert_cmpuint (preview.removed, ==, 15);
  g_assert_cmpuint (preview.changed, ==, 0);

  /* The wait list itself cannot wait again: no seat, no move. */
  memset (counts, 0, sizeof counts);
  counts[turnout_channel_index_of (channel, TURNOUT_STATUS_WAIT_LISTED)] = 4;
  turnout_channel_preview_move (channel, counts, TURNOUT_STATUS_REGISTERED, 1, 0, &preview);
  g_assert_cmpuint (preview.changed, ==, 1);
  g_assert_cmpuint (preview.no_seat, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/channel/webinar-statuses", test_webinar_statuses);
  g_test_add_func ("/channel/display-names", test_display_names);
  g_test_add_func ("/channel/every-pair", test_every_pair);
  g_test_add_func ("/channel/refusal-wording", test_refusal_wording);
  g_test_add_func ("/channel/non-member-and-unknown", test_non_member_and_unknown);
  g_test_add_func ("/channel/custom-channel", test_custom_channel);
  g_test_add_func ("/channel/preview-move", test_preview_move);

  return g_test_run ();
}
