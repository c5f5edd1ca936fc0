/* SPDX-License-Identifier: GPL-3.0-or-later */
/* make-demo-db.c: the demo database `./build-aux/dev run` opens.
 *
 *   make-demo-db PATH
 *
 * A realistic picture of a coordinator's month: a webinar that has just
 * happened, with a few hundred members in nearly every status, the reasons
 * ON24 and the coordinator gave, and each member's history; an upcoming
 * summit filling up; a briefing that has only just been announced. Every
 * member and status change goes through the store's own API (so the rules
 * of movement, the wait list and the outbox apply), and only the dates are
 * spread over the past weeks afterwards, because the store stamps "now".
 */
#include "config.h"

#include <stdio.h>

#include <sqlite3.h>

#include "turnout-channel.h"
#include "turnout-db-private.h"

static const char *first_names[] = {
  "Anna", "Bram", "Chantal", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ilse", "Jeroen",
  "Kim", "Lars", "Maaike", "Niels", "Olga", "Pieter", "Quinten", "Roos", "Sanne", "Thijs",
  "Umar", "Vera", "Willem", "Yara", "Zoë", "Lotte", "Ruben", "Sofie", "Tim", "Noor",
  "Émile", "Søren", "Ingrid", "Mateo", "Aisha", "Chen", "Priya", "Olivia", "Lucas", "Mila",
  "Fatima", "Jonas", "Marta", "Kofi", "Elena", "Tomás", "Hiroshi", "Leila", "Sven", "Nadia",
};
static const char *last_names[] = {
  "Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
  "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
  "Smits", "de Graaf", "Müller", "García", "Nowak", "O’Brien", "Rossi", "Kowalski", "Andersson",
  "Dubois", "Nguyen", "Okafor", "Schmidt", "Fischer", "Lambert", "Novák", "Haddad", "Tanaka",
  "Costa", "Yilmaz", "Lindqvist", "Moreau",
};
static const char *companies[] = {
  "Acme BV", "Noordzee Logistiek", "Polder Software", "Tulp & Co", "Grachten Media",
  "Windmolen Energie", "Delta Zorg", "Kaas Export NL", "Rijnmond Bouw", "Zuidas Capital",
  "Fietsfabriek Utrecht", "Havenbedrijf Oost", "Duinwater", "Brabant Bakkerij", "Veluwe Analytics",
  "Lumen Health", "Northwind Traders", "Contoso Europe", "Fabrikam", "Blue Yonder Airlines",
  "",
};
static const char *titles[] = {
  "Marketing Manager", "Event Coordinator", "CTO", "Sales Director", "Data Analyst",
  "Office Manager", "HR Business Partner", "Product Owner", "Software Engineer",
  "Customer Success Lead", "Finance Controller", "Head of Operations", "Demand Generation Specialist",
  "Chief Executive Officer", "",
};
static const char *error_reasons[] = {
  "Required field 'company' is missing",
  "Invalid email address: the domain does not accept mail",
  "Event 311512 is not accepting registrations (registration closed)",
  "The registrant is blocked for this event",
  "Required field 'job_title' is missing",
};
static const char *rejected_reasons[] = {
  "Competitor",
  "Student e-mail address; this webinar is for customers",
  "Duplicate registration under another address",
};

static void
die (const GError *error)
{
  g_printerr ("make-demo-db: %s\n", error ? error->message : "failed");
  exit (1);
}

typedef struct
{
  TurnoutDb *db;
  GRand     *rand;
  guint      next_person;
} Demo;

static gint64
add_person (Demo   *demo,
            gint64  program_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) result = NULL;
  guint i = demo->next_person++;
  const char *first = first_names[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (first_names))];
  const char *last = last_names[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (last_names))];
  const char *company = companies[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (companies))];
  const char *title = titles[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (titles))];
  g_autofree char *local = g_strdup_printf ("%s.%s.%u", first, last, i);
  g_autofree char *ascii = g_str_to_ascii (local, "C");
  g_autofree char *folded = NULL;
  g_autofree char *email = NULL;
  TurnoutPersonSpec spec = { .first_name = first, .last_name = last, .company = company, .job_title = title };

  g_strdelimit (ascii, " '’?", '-');
  folded = g_ascii_strdown (ascii, -1);
  email = g_strdup_printf ("%s@%s", folded, *company ? "example.com" : "mail.example.org");
  spec.email = email;

  result = turnout_db_add_member (demo->db, program_id, &spec, NULL,
                                  i % 3 == 0 ? TURNOUT_SOURCE_IMPORT : TURNOUT_SOURCE_MANUAL, &error);
  if (result == NULL)
    die (error);
  return result->person_id;
}

static void
move (Demo         *demo,
      gint64        program_id,
      GArray       *ids,
      guint         from,
      guint         n,
      const char   *status,
      const char  **reasons,
      guint         n_reasons,
      TurnoutSource source)
{
  g_autoptr(GError) error = NULL;

  g_assert (from + n <= ids->len);

  /* One reason for all: one change, as a coordinator's bulk change is. */
  if (n_reasons <= 1)
    {
      g_autoptr(GPtrArray) results = turnout_db_change_status (demo->db, program_id, status,
                                                               &g_array_index (ids, gint64, from), n,
                                                               n_reasons ? reasons[0] : NULL, source, &error);
      if (results == NULL)
        die (error);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) results = turnout_db_change_status (demo->db, program_id, status,
                                                               &g_array_index (ids, gint64, from + i), 1,
                                                               reasons[i % n_reasons], source, &error);
      if (results == NULL)
        die (error);
    }
}

static void
exec_sql (Demo       *demo,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (turnout_db_get_handle (demo->db), sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("make-demo-db: %s\n", message);
      exit (1);
    }
}

static gint64
add_program (Demo                     *demo,
             const TurnoutProgramSpec *spec)
{
  g_autoptr(GError) error = NULL;
  gint64 id = turnout_db_add_program (demo->db, spec, &error);

  if (id == 0)
    die (error);
  return id;
}

static GArray *
add_people (Demo   *demo,
            gint64  program_id,
            guint   n)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      gint64 id = add_person (demo, program_id);

      g_array_append_val (ids, id);
    }
  return ids;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) launch_ids = NULL;
  g_autoptr(GArray) summit_ids = NULL;
  g_autoptr(GArray) briefing_ids = NULL;
  const char *pending[] = { "Registered through the partner form" };
  TurnoutProgramSpec launch = {
    .name = "Product Launch Webinar", .capacity = 1200, .on24_event_id = 311512,
    .live_start = "2026-11-20T15:00:00+01:00", .live_end = "2026-11-20T16:00:00+01:00",
    .time_zone = "Europe/Amsterdam",
    .description = "The autumn release, live from the Amsterdam studio, with Q&A.",
  };
  TurnoutProgramSpec summit = {
    .name = "Customer Success Summit", .capacity = 400,
    .live_start = "2026-12-10T10:00:00+01:00", .live_end = "2026-12-10T12:00:00+01:00",
    .time_zone = "Europe/Amsterdam",
  };
  TurnoutProgramSpec briefing = {
    .name = "Quarterly Roadmap Briefing", .capacity = -1,
    .live_start = "2027-01-15T16:00:00+01:00", .live_end = "2027-01-15T17:00:00+01:00",
    .time_zone = "Europe/Amsterdam",
  };
  gint64 launch_id, summit_id, briefing_id;
  Demo demo = { 0 };
  guint at;

  if (argc != 2)
    {
      g_printerr ("usage: %s PATH\n", argv[0]);
      return 2;
    }

  demo.db = turnout_db_open (argv[1], &error);
  if (demo.db == NULL)
    die (error);
  demo.rand = g_rand_new_with_seed (20261120);

  launch_id = add_program (&demo, &launch);
  summit_id = add_program (&demo, &summit);
  briefing_id = add_program (&demo, &briefing);

  /* The launch: 2,400 invited; most registered, then the event happened. */
  launch_ids = add_people (&demo, launch_id, 2400);
  at = 420;                                                  /* 0-419 stay Invited */
  move (&demo, launch_id, launch_ids, at, 180, TURNOUT_STATUS_PENDING_APPROVAL, pending, 1, TURNOUT_SOURCE_PROVIDER_REGISTRATION);
  at += 180;
  move (&demo, launch_id, launch_ids, at, 120, TURNOUT_STATUS_PENDING_APPROVAL, pending, 1, TURNOUT_SOURCE_PROVIDER_REGISTRATION);
  move (&demo, launch_id, launch_ids, at, 120, TURNOUT_STATUS_REJECTED, rejected_reasons, G_N_ELEMENTS (rejected_reasons), TURNOUT_SOURCE_MANUAL);
  at += 120;
  move (&demo, launch_id, launch_ids, at, 1530, TURNOUT_STATUS_REGISTERED, NULL, 0, TURNOUT_SOURCE_BULK);
  /* Capacity 1200: the last 330 registrations went to the wait list. */
  move (&demo, launch_id, launch_ids, at, 110, TURNOUT_STATUS_REGISTRATION_ERROR, error_reasons, G_N_ELEMENTS (error_reasons), TURNOUT_SOURCE_PROVIDER_REGISTRATION);
  at += 110;
  move (&demo, launch_id, launch_ids, at, 260, TURNOUT_STATUS_NO_SHOW, NULL, 0, TURNOUT_SOURCE_PROVIDER_REFRESH);
  at += 260;
  move (&demo, launch_id, launch_ids, at, 560, TURNOUT_STATUS_ATTENDED, NULL, 0, TURNOUT_SOURCE_PROVIDER_REFRESH);
  at += 560;
  /* Some No Shows watched the recording later. */
  move (&demo, launch_id, launch_ids, at - 560 - 260, 90, TURNOUT_STATUS_ATTENDED_ON_DEMAND, NULL, 0, TURNOUT_SOURCE_PROVIDER_REFRESH);
  move (&demo, launch_id, launch_ids, at, 130, TURNOUT_STATUS_ATTENDED_ON_DEMAND, NULL, 0, TURNOUT_SOURCE_PROVIDER_REFRESH);
  at += 130;
  /* The rest stay Registered, or on the wait list the capacity sent them
   * to.
   */

  /* The summit: filling up. */
  summit_ids = add_people (&demo, summit_id, 650);
  move (&demo, summit_id, summit_ids, 200, 60, TURNOUT_STATUS_PENDING_APPROVAL, pending, 1, TURNOUT_SOURCE_PROVIDER_REGISTRATION);
  move (&demo, summit_id, summit_ids, 260, 390, TURNOUT_STATUS_REGISTERED, NULL, 0, TURNOUT_SOURCE_BULK);

  /* The briefing: just announced. */
  briefing_ids = add_people (&demo, briefing_id, 45);

  /* Spread the dates: people joined over October, and each later change
   * came a few days after the one before.
   */
  exec_sql (&demo, "BEGIN");
  exec_sql (&demo,
            "UPDATE memberships SET member_date = strftime ('%Y-%m-%dT%H:%M:%SZ', '2026-10-01T08:00:00',"
            " '+' || (abs (random ()) % 2600000) || ' seconds')");
  exec_sql (&demo,
            "UPDATE status_history AS h SET at = strftime ('%Y-%m-%dT%H:%M:%SZ',"
            " (SELECT m.member_date FROM memberships m WHERE m.program_id = h.program_id AND m.person_id = h.person_id),"
            " '+' || ((SELECT count (*) FROM status_history h2 WHERE h2.program_id = h.program_id"
            "   AND h2.person_id = h.person_id AND h2.id < h.id) * 4) || ' days',"
            " '+' || (abs (random ()) % 36000) || ' seconds')");
  /* Attendance arrives with the refreshes after the live event. */
  exec_sql (&demo,
            "UPDATE status_history SET at = strftime ('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T16:30:00',"
            " '+' || (abs (random ()) % 9000) || ' seconds')"
            " WHERE new_status IN ('attended', 'no-show') AND source = 'provider-refresh'");
  exec_sql (&demo,
            "UPDATE status_history SET at = strftime ('%Y-%m-%dT%H:%M:%SZ', '2026-11-21T02:00:00',"
            " '+' || (abs (random ()) % 400000) || ' seconds')"
            " WHERE new_status = 'attended-on-demand'");
  exec_sql (&demo,
            "UPDATE memberships AS m SET status_changed_at = (SELECT max (at) FROM status_history h"
            " WHERE h.program_id = m.program_id AND h.person_id = m.person_id)");
  exec_sql (&demo, "UPDATE memberships SET success_at = status_changed_at WHERE reached_success");
  exec_sql (&demo,
            "UPDATE memberships SET live_minutes = 12 + abs (random ()) % 49, ondemand_minutes = 0"
            " WHERE status = 'attended'");
  exec_sql (&demo,
            "UPDATE memberships SET live_minutes = 0, ondemand_minutes = 5 + abs (random ()) % 55"
            " WHERE status = 'attended-on-demand'");
  exec_sql (&demo, "COMMIT");

  g_rand_free (demo.rand);
  turnout_db_close (demo.db);
  return 0;
}
