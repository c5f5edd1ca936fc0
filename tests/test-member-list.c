/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-member-list.c: the members table's model, without a window.
 *
 * TurnoutMemberTable is loaded from a real database and compared with the
 * store's own list; TurnoutMemberList's search, status filter and every
 * column's sort are checked against orders computed here the slow, obvious
 * way.
 */
#include "config.h"

#include <string.h>

#include "turnout-channel.h"
#include "turnout-columns.h"
#include "turnout-db-private.h"
#include "turnout-fold.h"
#include "turnout-import.h"
#include "turnout-member-list.h"
#include "turnout-member-search.h"
#include "turnout-member-table.h"
#include "turnout-member-table-private.h"
#include "turnout-test-utils.h"

typedef struct
{
  const char *first, *last, *email, *company, *title, *reason, *status;
  gint64      member_date;
  int         live;
} Person;

static const Person people[] = {
  { "Zoë", "Müller", "zoe@example.com", "Kaas Export NL", "CTO", "", "registered", 300, -1 },
  { "Anna", "Jansen", "anna@example.com", "Acme BV", "Marketing Manager", "", "invited", 100, -1 },
  { "Bram", "de Vries", "bram@example.com", "Polder Software", "CTO", "Live 45 minutes", "attended", 200, 45 },
  { "Chantal", "Bakker", "chantal@example.com", "Acme BV", "Event Coordinator", "Required field 'company' is missing", "registration-error", 50, -1 },
  { "Émile", "Dubois", "emile@example.com", "", "Data Analyst", "", "attended", 400, 12 },
  { "anna", "jansen", "anna.j2@example.com", "Tulp & Co", "", "", "no-show", 0, -1 },
};

static TurnoutMemberTable *
build_table (void)
{
  TurnoutMemberTableBuilder *builder = turnout_member_table_builder_new (1, turnout_channel_get_webinar ());

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      TurnoutMemberTableRow row = {
        .person_id = 100 + i,
        .texts = { people[i].first, people[i].last, people[i].email, people[i].company, people[i].title,
                   people[i].reason },
        .status = people[i].status,
        .member_date = people[i].member_date,
        .live_minutes = people[i].live,
        .ondemand_minutes = -1,
      };

      turnout_member_table_builder_add (builder, &row);
    }
  return turnout_member_table_builder_end (builder);
}

static guint
n_items (TurnoutMemberList *list)
{
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static const char *
first_name_at (TurnoutMemberList *list,
               guint              position)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (list);

  return turnout_member_table_get_text (table, turnout_member_list_get_row (list, position),
                                        TURNOUT_MEMBER_TEXT_FIRST_NAME);
}

static void
wait_sorted (TurnoutMemberList *list)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (turnout_member_list_is_sorting (list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

static void
test_fold (void)
{
  g_autofree char *a = turnout_fold_for_search ("Zoë MÜLLER");
  g_autofree char *b = turnout_fold_for_search ("Émile O'Brien");
  g_autofree char *c = turnout_fold_for_search ("PLAIN Ascii");

  g_assert_cmpstr (a, ==, "zoe muller");
  g_assert_cmpstr (b, ==, "emile o'brien");
  g_assert_cmpstr (c, ==, "plain ascii");
}

/* Every needle, from one letter that is in nearly every text to one that
 * is in the last text only, matches exactly the rows that a plain strstr()
 * over the folded texts finds.
 */
static void
test_match_every_text (void)
{
  TurnoutMemberTableBuilder *builder = turnout_member_table_builder_new (1, turnout_channel_get_webinar ());
  g_autoptr(TurnoutMemberTable) table = NULL;
  static const char *needles[] = { "e", "a", "1", "@", "person7", "person1999.", "mail3", "zz", "q", "9@",
                                   "person1999.xy@mail9.example.com", "cto", "o2 ", "manager 1",
                                   /* Repeated letters and pairs, whole texts, ends of texts. */
                                   "anana", "nanas", "ananas b", "bananas bv", "nanab", "jansen", "ansen",
                                   "anna3", "com", ".com", "v", "nn" };
  const guint n_rows = 2000;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *first = g_strdup_printf ("Anna%u", i % 37);
      g_autofree char *email = g_strdup_printf ("person%u.%s@mail%u.example.com", i, i % 2 ? "xy" : "zz", i % 10);
      g_autofree char *company = i % 5 ? g_strdup_printf ("Company %u", i % 101) : g_strdup ("Bananas BV");
      g_autofree char *title = g_strdup_printf ("%s %u", i % 3 ? "Manager" : "CTO", i % 7);
      TurnoutMemberTableRow row = {
        .person_id = i + 1,
        .texts = { first, "Jansen", email, company, title, "" },
        .status = "invited",
        .live_minutes = -1,
        .ondemand_minutes = -1,
      };

      turnout_member_table_builder_add (builder, &row);
    }
  table = turnout_member_table_builder_end (builder);

  for (guint n = 0; n < G_N_ELEMENTS (needles); n++)
    {
      TurnoutMemberSearch *search = turnout_member_search_new (table);
      const guint8 *matches = turnout_member_search_run (search, needles[n]);
      guint expected = 0, found = 0;

      for (guint row = 0; row < n_rows; row++)
        {
          static const TurnoutMemberText searched[] = {
            TURNOUT_MEMBER_TEXT_FIRST_NAME, TURNOUT_MEMBER_TEXT_LAST_NAME, TURNOUT_MEMBER_TEXT_EMAIL,
            TURNOUT_MEMBER_TEXT_COMPANY, TURNOUT_MEMBER_TEXT_JOB_TITLE,
          };
          gboolean hit = FALSE;

          for (guint t = 0; t < G_N_ELEMENTS (searched); t++)
            {
              g_autofree char *folded = turnout_fold_for_search (turnout_member_table_get_text (table, row, searched[t]));

              hit = hit || strstr (folded, needles[n]) != NULL;
            }
          g_assert_cmpint (matches[row], ==, hit);
          expected += hit;
          found += matches[row];
        }
      g_assert_cmpuint (found, ==, expected);
      if (g_str_equal (needles[n], "e") || g_str_equal (needles[n], "@"))
        g_assert_cmpuint (found, ==, n_rows);
      if (g_str_equal (needles[n], "person1999.xy@mail9.example.com"))
        g_assert_cmpuint (found, ==, 1);
      turnout_member_search_free (search);
    }

  /* Typed a key at a time, with keys taken back and typed in the middle:
   * a search that looks again only at what matched the needle before
   * finds what a whole new search finds.
   */
  {
    static const char *typed[] = { "p", "pe", "per", "person1", "person19", "person199", "person1999.",
                                   "person1999.x", "person19", "e", "ex", "exa", "xa", "anna1", "anna 1",
                                   "anna1", "anna1 j", "anna1 ja", "cto 3", "cto", "c", "company 10",
                                   "company 100", "zzz", "zzzz", "a" };
    TurnoutMemberSearch *search = turnout_member_search_new (table);

    for (guint n = 0; n < G_N_ELEMENTS (typed); n++)
      {
        const guint8 *typed_matches = turnout_member_search_run (search, typed[n]);
        TurnoutMemberSearch *anew = turnout_member_search_new (table);
        const guint8 *matches = turnout_member_search_run (anew, typed[n]);

        for (guint row = 0; row < n_rows; row++)
          if (typed_matches[row] != matches[row])
            g_error ("\"%s\": row %u: %d typed, %d searched anew", typed[n], row, typed_matches[row], matches[row]);
        turnout_member_search_free (anew);
      }
    turnout_member_search_free (search);
  }
}

static void
test_search_and_filter (void)
{
  g_autoptr(TurnoutMemberTable) table = build_table ();
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();
  TurnoutChannel *webinar = turnout_channel_get_webinar ();

  turnout_member_list_set_table (list, table);
  wait_sorted (list);
  g_assert_cmpuint (n_items (list), ==, G_N_ELEMENTS (people));

  /* Accents and case do not matter, either way round. */
  turnout_member_list_set_search (list, "MULLER");
  g_assert_cmpuint (n_items (list), ==, 1);
  g_assert_cmpstr (first_name_at (list, 0), ==, "Zoë");
  turnout_member_list_set_search (list, "émile");
  g_assert_cmpuint (n_items (list), ==, 1);

  /* Name, e-mail, company and job title; not the status reason. */
  turnout_member_list_set_search (list, "acme");
  g_assert_cmpuint (n_items (list), ==, 2);
  turnout_member_list_set_search (list, "anna.j2@");
  g_assert_cmpuint (n_items (list), ==, 1);
  turnout_member_list_set_search (list, "cto");
  g_assert_cmpuint (n_items (list), ==, 2);
  turnout_member_list_set_search (list, "missing");
  g_assert_cmpuint (n_items (list), ==, 0);

  /* Across first and last name. */
  turnout_member_list_set_search (list, "anna jans");
  g_assert_cmpuint (n_items (list), ==, 2);
  turnout_member_list_set_search (list, "  ");
  g_assert_cmpuint (n_items (list), ==, G_N_ELEMENTS (people));

  /* The status filter, alone and with a search. */
  turnout_member_list_set_status_filter (list, turnout_channel_index_of (webinar, "attended"));
  g_assert_cmpuint (n_items (list), ==, 2);
  turnout_member_list_set_search (list, "bram");
  g_assert_cmpuint (n_items (list), ==, 1);
  turnout_member_list_set_search (list, "anna");
  g_assert_cmpuint (n_items (list), ==, 0);
  turnout_member_list_set_status_filter (list, -1);
  g_assert_cmpuint (n_items (list), ==, 2);

  g_assert_cmpuint (turnout_member_table_count_status (table, turnout_channel_index_of (webinar, "attended")), ==, 2);
  g_assert_cmpuint (turnout_member_table_count_status (table, turnout_channel_index_of (webinar, "rejected")), ==, 0);
}

static int
compare_for_column (TurnoutMemberTable  *table,
                    TurnoutMemberColumn  column,
                    guint                a,
                    guint                b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;
  TurnoutMemberText text;

  switch (column)
    {
    case TURNOUT_MEMBER_COLUMN_NAME:
      text = TURNOUT_MEMBER_TEXT_LAST_NAME;
      break;
    case TURNOUT_MEMBER_COLUMN_EMAIL:
      text = TURNOUT_MEMBER_TEXT_EMAIL;
      break;
    case TURNOUT_MEMBER_COLUMN_COMPANY:
      text = TURNOUT_MEMBER_TEXT_COMPANY;
      break;
    case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
      text = TURNOUT_MEMBER_TEXT_JOB_TITLE;
      break;
    case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
      text = TURNOUT_MEMBER_TEXT_STATUS_REASON;
      break;
    case TURNOUT_MEMBER_COLUMN_STATUS:
      return (int) turnout_member_table_get_status (table, a) - (int) turnout_member_table_get_status (table, b);
    case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
      return (turnout_member_table_get_member_date (table, a) > turnout_member_table_get_member_date (table, b))
             - (turnout_member_table_get_member_date (table, a) < turnout_member_table_get_member_date (table, b));
    case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
      return turnout_member_table_get_live_minutes (table, a) - turnout_member_table_get_live_minutes (table, b);
    case TURNOUT_MEMBER_COLUMN_STATUS_CHANGED:
    case TURNOUT_MEMBER_COLUMN_SUCCESS:
    case TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES:
    case TURNOUT_MEMBER_N_COLUMNS:
    default:
      return 0;
    }

  fa = turnout_fold_for_search (turnout_member_table_get_text (table, a, text));
  fb = turnout_fold_for_search (turnout_member_table_get_text (table, b, text));
  /* Blank sorts last. */
  if ((*fa == '\0') != (*fb == '\0'))
    return *fa == '\0' ? 1 : -1;
  return strcmp (fa, fb);
}

/* Whether @row has nothing to show in @column: such rows come last in
 * both directions.
 */
static gboolean
blank_for_column (TurnoutMemberTable  *table,
                  TurnoutMemberColumn  column,
                  guint                row)
{
  switch (column)
    {
    case TURNOUT_MEMBER_COLUMN_COMPANY:
      return *turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_COMPANY) == '\0';
    case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
      return *turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_JOB_TITLE) == '\0';
    case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
      return *turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_STATUS_REASON) == '\0';
    case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
      return turnout_member_table_get_member_date (table, row) == 0;
    case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
      return turnout_member_table_get_live_minutes (table, row) < 0;
    default:
      return FALSE;
    }
}

/* Positions @first to the end read as a range, away from the list, give
 * the same people as the list's rows at those positions. */
static void
assert_range_is_rows (TurnoutMemberList  *list,
                      TurnoutMemberTable *table,
                      guint               first)
{
  guint n = n_items (list) - first;
  g_autofree gint64 *ids = g_new0 (gint64, MAX (n, 1));
  TurnoutMemberRange range;

  g_assert_true (turnout_member_list_get_range (list, first, n, &range));
  g_assert_true (range.table == table);
  g_assert_true (turnout_member_table_get_range_person_ids (table, &range, ids));
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (ids[i], ==, turnout_member_table_get_person_id (table, turnout_member_list_get_row (list, first + i)));
  g_assert_false (turnout_member_list_get_range (list, first, n + 1, &range));
}

static void
test_sort_every_column (void)
{
  g_autoptr(TurnoutMemberTable) table = build_table ();
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();

  turnout_member_list_set_table (list, table);
  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    for (int descending = 0; descending < 2; descending++)
      {
        turnout_member_list_set_sort (list, column, descending);
        wait_sorted (list);
        g_assert_cmpint (turnout_member_list_get_sort_column (list), ==, column);
        g_assert_cmpuint (n_items (list), ==, G_N_ELEMENTS (people));
        assert_range_is_rows (list, table, 0);
        assert_range_is_rows (list, table, 2);
        for (guint i = 1; i < n_items (list); i++)
          {
            guint prev = turnout_member_list_get_row (list, i - 1);
            guint row = turnout_member_list_get_row (list, i);
            int cmp;

            if (blank_for_column (table, column, prev))
              {
                g_assert_true (blank_for_column (table, column, row));
                continue;
              }
            if (blank_for_column (table, column, row))
              continue;
            cmp = compare_for_column (table, column, prev, row);
            if (descending)
              g_assert_cmpint (cmp, >=, 0);
            else
              g_assert_cmpint (cmp, <=, 0);
          }
      }

  /* Spot checks a person would make. */
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_NAME, FALSE);
  wait_sorted (list);
  g_assert_cmpstr (first_name_at (list, 0), ==, "Chantal");          /* Bakker */
  g_assert_cmpstr (first_name_at (list, n_items (list) - 1), ==, "Zoë");  /* Müller */
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_LIVE_MINUTES, TRUE);
  wait_sorted (list);
  g_assert_cmpstr (first_name_at (list, 0), ==, "Bram");
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_MEMBER_DATE, FALSE);
  wait_sorted (list);
  g_assert_cmpstr (first_name_at (list, 0), ==, "Chantal");
  g_assert_cmpstr (first_name_at (list, n_items (list) - 1), ==, "anna");   /* no date: last */
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_MEMBER_DATE, TRUE);
  wait_sorted (list);
  g_assert_cmpstr (first_name_at (list, 0), ==, "Émile");
  g_assert_cmpstr (first_name_at (list, n_items (list) - 1), ==, "anna");   /* still last */
  /* Blank companies stay last when the sort turns around. */
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_COMPANY, TRUE);
  wait_sorted (list);
  g_assert_cmpstr (first_name_at (list, 0), ==, "anna");                    /* Tulp & Co */
  g_assert_cmpstr (first_name_at (list, n_items (list) - 1), ==, "Émile");  /* no company */
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_COMPANY, FALSE);
  wait_sorted (list);
  g_assert_cmpstr (first_name_at (list, n_items (list) - 1), ==, "Émile");

  /* As loaded, too; with a search or a status chosen the positions are
   * not the table's order, and no range is given. */
  turnout_member_list_set_sort (list, -1, FALSE);
  assert_range_is_rows (list, table, 0);
  {
    TurnoutMemberRange range;

    turnout_member_list_set_search (list, "anna");
    g_assert_false (turnout_member_list_get_range (list, 0, 1, &range));
    turnout_member_list_set_search (list, NULL);
    turnout_member_list_set_status_filter (list, turnout_member_table_get_status (table, 0));
    g_assert_false (turnout_member_list_get_range (list, 0, 1, &range));
    turnout_member_list_set_status_filter (list, -1);
    assert_range_is_rows (list, table, 0);
  }
}

static void
test_load_from_database (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Launch");
  gint64 other = turnout_test_add_program (db, "Other");
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(TurnoutMemberTable) empty = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gint64 ids[3];

  /* No memberships at all in the database yet. */
  empty = turnout_member_table_load (db, program, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_member_table_get_n_rows (empty), ==, 0);
  g_clear_pointer (&empty, turnout_member_table_unref);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);

      ids[i] = turnout_test_add_person (db, program, email, NULL);
    }
  turnout_test_add_person (db, other, "elsewhere@example.com", NULL);
  results = turnout_db_change_status (db, program, "registered", ids, 2, "Form", TURNOUT_SOURCE_BULK, &error);
  g_assert_no_error (error);
  /* One member with attendance reported, the others without. */
  g_assert_true (turnout_db_exec (db,
                                  "UPDATE memberships SET live_minutes = 45, ondemand_minutes = 0,"
                                  " engagement_score = 7.5, asked_questions = 2, answered_polls = 0,"
                                  " answered_surveys = 1, resources_downloaded = 5, launch_mode = 'Web'"
                                  " WHERE id = (SELECT min(id) FROM memberships)",
                                  &error));
  g_assert_no_error (error);

  table = turnout_member_table_load (db, program, NULL, &error);
  g_assert_no_error (error);
  members = turnout_db_list_members (db, program, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (turnout_member_table_get_n_rows (table), ==, members->len);
  for (guint i = 0; i < members->len; i++)
    {
      TurnoutMember *member = g_ptr_array_index (members, i);
      int row = turnout_member_table_find_person (table, member->person.id);

      g_assert_cmpint (row, >=, 0);
      g_assert_cmpstr (turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_EMAIL), ==, member->person.email);
      g_assert_cmpstr (turnout_member_table_get_status_key (table, row), ==, member->status);
      g_assert_cmpstr (turnout_member_table_get_text (table, row, TURNOUT_MEMBER_TEXT_STATUS_REASON), ==,
                       member->status_reason);
      g_assert_cmpint (turnout_member_table_get_member_date (table, row), >, 1700000000);
      g_assert_cmpint (turnout_member_table_get_live_minutes (table, row), ==, member->live_minutes);
      g_assert_cmpint (turnout_member_table_get_ondemand_minutes (table, row), ==, member->ondemand_minutes);
      g_assert_cmpint (turnout_member_table_get_push_state (table, row), ==, member->push_state);
      if (member->engagement_score < 0)
        g_assert_cmpfloat (turnout_member_table_get_engagement_score (table, row), <, 0);
      else
        g_assert_cmpfloat_with_epsilon (turnout_member_table_get_engagement_score (table, row),
                                        member->engagement_score, 0.001);
    }
  g_assert_cmpint (turnout_member_table_get_live_minutes (table, 0), ==, 45);
  g_assert_cmpint (turnout_member_table_get_ondemand_minutes (table, 0), ==, 0);
  g_assert_cmpint (turnout_member_table_get_live_minutes (table, 1), ==, -1);
  g_assert_cmpint (turnout_member_table_get_ondemand_minutes (table, 1), ==, -1);
  g_assert_cmpint (turnout_member_table_find_person (table, ids[0]), >=, 0);

  /* Questions, polls, surveys and downloads: columns hidden at first, blank
   * where ON24 reported nothing, and in the export. */
  {
    const TurnoutMemberActivity activities[] = {
      TURNOUT_MEMBER_ACTIVITY_ASKED_QUESTIONS, TURNOUT_MEMBER_ACTIVITY_ANSWERED_POLLS,
      TURNOUT_MEMBER_ACTIVITY_ANSWERED_SURVEYS, TURNOUT_MEMBER_ACTIVITY_RESOURCES_DOWNLOADED,
    };
    const TurnoutMemberColumn columns[] = {
      TURNOUT_MEMBER_COLUMN_ASKED_QUESTIONS, TURNOUT_MEMBER_COLUMN_ANSWERED_POLLS,
      TURNOUT_MEMBER_COLUMN_ANSWERED_SURVEYS, TURNOUT_MEMBER_COLUMN_RESOURCES_DOWNLOADED,
    };
    const char *texts[] = { "2", "0", "1", "5" };
    TurnoutMember *first = NULL;

    for (guint i = 0; i < members->len; i++)
      if (turnout_member_table_find_person (table, ((TurnoutMember *) g_ptr_array_index (members, i))->person.id) == 0)
        first = g_ptr_array_index (members, i);
    g_assert_nonnull (first);

    for (guint a = 0; a < G_N_ELEMENTS (activities); a++)
      {
        const TurnoutColumnInfo *info = turnout_column_for_view (columns[a]);
        g_autofree char *shown = info->cell_text (table, 0);
        g_autofree char *blank = info->cell_text (table, 1);

        g_assert_false (info->flags & TURNOUT_COLUMN_SHOWN);
        g_assert_true (info->flags & TURNOUT_COLUMN_IN_EXPORT);
        g_assert_cmpint (turnout_member_table_get_activity (table, 1, activities[a]), ==, -1);
        g_assert_cmpstr (shown, ==, texts[a]);
        g_assert_cmpstr (blank, ==, "");
        g_assert_true (info->is_blank (table, 1));
        g_assert_false (info->is_blank (table, 0));
      }
    g_assert_cmpint (turnout_member_table_get_activity (table, 0, TURNOUT_MEMBER_ACTIVITY_ASKED_QUESTIONS), ==, 2);
    g_assert_cmpint (first->asked_questions, ==, 2);
    g_assert_cmpint (first->resources_downloaded, ==, 5);
    g_assert_cmpstr (first->launch_mode, ==, "Web");
    {
      const TurnoutColumnInfo *launch = turnout_column_for_export (TURNOUT_EXPORT_LAUNCH_MODE);
      g_autofree char *cell = launch->export_cell (first, NULL, NULL);

      g_assert_cmpstr (launch->export_key, ==, "launch-mode");
      g_assert_cmpstr (cell, ==, "Web");
    }
  }

  /* Another program's members stay out (this one is most of the table,
   * read in one pass, and its count stops at a quarter of it); an empty
   * program loads empty.
   */
  g_assert_cmpint (turnout_member_table_get_n_rows (table), ==, 3);
  empty = turnout_member_table_load (db, turnout_test_add_program (db, "Empty"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_member_table_get_n_rows (empty), ==, 0);
  g_assert_nonnull (turnout_member_table_get_order (empty, TURNOUT_MEMBER_COLUMN_NAME));

  /* A program that does not exist is an error, not an empty table. */
  g_assert_null (turnout_member_table_load (db, 9999, NULL, &error));
  g_assert_error (error, TURNOUT_DB_ERROR, TURNOUT_DB_ERROR_NOT_FOUND);

  turnout_db_close (db);
}

/* The builder folds ASCII texts eight bytes at a time: every byte, at
 * every place in the word, folds as turnout_fold_for_search() folds it,
 * and a text that is ASCII only at its start is folded whole. Interned
 * texts come back as they went in.
 */
static void
test_fold_while_building (void)
{
  TurnoutMemberTableBuilder *builder = turnout_member_table_builder_new (1, turnout_channel_get_webinar ());
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0x01; c < 0x80; c++)
    for (guint at = 0; at < 9; at++)
      g_ptr_array_add (texts, g_strdup_printf ("%.*s%cQz-Yz-Qz-Yz", at, "AbCdEfGhI", c));
  g_ptr_array_add (texts, g_strdup ("ABCDEFGHIJKL Zoë MÜLLER"));
  g_ptr_array_add (texts, g_strdup ("Émile O'Brien, Ångström"));
  /* Addresses that are their own folded form, kept once (in the folded
   * texts), beside those that are not. */
  g_ptr_array_add (texts, g_strdup ("anna.bakker@example.org"));
  g_ptr_array_add (texts, g_strdup ("zoë@example.org"));
  g_ptr_array_add (texts, g_strdup ("x"));

  /* Each text as an e-mail address (kept as it is), then as a company
   * (interned, in a table that grows twice on the way) and again.
   */
  for (guint i = 0; i < texts->len * 3; i++)
    {
      const char *text = g_ptr_array_index (texts, i % texts->len);
      TurnoutMemberTableRow row = {
        .person_id = i + 1,
        .texts = { "", "", i < texts->len ? text : "", i < texts->len ? "" : text, "", "" },
        .status = "invited",
        .live_minutes = -1,
        .ondemand_minutes = -1,
      };

      turnout_member_table_builder_add (builder, &row);
    }
  table = turnout_member_table_builder_end (builder);

  for (guint i = 0; i < texts->len; i++)
    {
      TurnoutMemberSearch *search = turnout_member_search_new (table);
      g_autofree char *needle = turnout_fold_for_search (g_ptr_array_index (texts, i));
      const guint8 *matches = turnout_member_search_run (search, needle);

      for (guint copy = 0; copy < 3; copy++)
        g_assert_cmpint (matches[copy * texts->len + i], ==, TRUE);
      g_assert_cmpstr (turnout_member_table_get_text (table, texts->len + i, TURNOUT_MEMBER_TEXT_COMPANY),
                       ==, g_ptr_array_index (texts, i));
      g_assert_cmpstr (turnout_member_table_get_text (table, 2 * texts->len + i, TURNOUT_MEMBER_TEXT_COMPANY),
                       ==, g_ptr_array_index (texts, i));
      g_assert_cmpstr (turnout_member_table_get_text (table, i, TURNOUT_MEMBER_TEXT_EMAIL),
                       ==, g_ptr_array_index (texts, i));
      turnout_member_search_free (search);
    }
}

/* Checks that @table holds @program's members in membership order. */
static void
assert_membership_order (TurnoutDb          *db,
                         gint64              program,
                         TurnoutMemberTable *table)
{
  g_autoptr(GError) error = NULL;
  TurnoutStmt *stmt = turnout_db_prepare (db,
                                           "SELECT person_id FROM memberships WHERE program_id = ?1 ORDER BY id",
                                           &error);
  guint row = 0;

  g_assert_no_error (error);
  turnout_stmt_bind_int64 (stmt, 1, program);
  while (turnout_stmt_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpuint (row, <, turnout_member_table_get_n_rows (table));
      g_assert_cmpint (turnout_member_table_get_person_id (table, row), ==, turnout_stmt_column_int64 (stmt, 0));
      row++;
    }
  turnout_stmt_reset (stmt);
  g_assert_cmpuint (row, ==, turnout_member_table_get_n_rows (table));

  /* Many rows' people at once, in any order: here the last first. */
  {
    guint n = turnout_member_table_get_n_rows (table);
    g_autofree guint32 *rows = g_new (guint32, MAX (n, 1));
    g_autofree gint64 *ids = g_new0 (gint64, MAX (n, 1));

    for (guint i = 0; i < n; i++)
      rows[i] = n - 1 - i;
    turnout_member_table_get_person_ids (table, rows, n, ids);
    for (guint i = 0; i < n; i++)
      g_assert_cmpint (ids[i], ==, turnout_member_table_get_person_id (table, n - 1 - i));
  }
}

/* A large program is read in one pass over every membership, a small one
 * through the index (whose order is by person); both give their rows in
 * membership order. The SQL function the first way takes rows with cannot
 * be called from outside a load.
 */
static void
test_load_order (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 big = turnout_test_add_program (db, "Big");
  gint64 small = turnout_test_add_program (db, "Small");
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[6];
  static const char *dates[] = {
    "2026-03-04T05:06:07Z", "1999-12-31T23:59:59Z", "2026-03-04T05:06:07+02:00",
    "2026-03-04T05:06:0Z", "2026-03-04", "2026-03-04T05:06:07Z ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *email = g_strdup_printf ("b%u@example.com", i);

      ids[i] = turnout_test_add_person (db, big, email, NULL);
    }
  /* Two of eight memberships: a quarter, read through an index. The
   * later person, in the later status, joins first: both indexes (by
   * person and by status) disagree with membership order.
   */
  g_assert_cmpint (turnout_test_add_person (db, small, "b5@example.com", "registered"), ==, ids[5]);
  g_assert_cmpint (turnout_test_add_person (db, small, "b1@example.com", "invited"), ==, ids[1]);

  /* Dates as the store writes them are read by hand, others by GLib. */
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      TurnoutStmt *stmt = turnout_db_prepare (db, "UPDATE memberships SET member_date = ?1 WHERE person_id = ?2 AND program_id = ?3", &error);

      g_assert_no_error (error);
      turnout_db_bind_text (stmt, 1, dates[i]);
      turnout_stmt_bind_int64 (stmt, 2, ids[i]);
      turnout_stmt_bind_int64 (stmt, 3, big);
      g_assert_true (turnout_db_step_done (db, stmt, &error));
    }

  table = turnout_member_table_load (db, big, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_member_table_get_n_rows (table), ==, 6);
  assert_membership_order (db, big, table);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (dates[i], NULL);

      g_assert_cmpint (turnout_member_table_get_member_date (table, i), ==,
                       expected ? g_date_time_to_unix (expected) : 0);
    }
  g_assert_cmpint (turnout_member_table_get_member_date (table, 0), ==, 1772600767);
  g_clear_pointer (&table, turnout_member_table_unref);

  table = turnout_member_table_load (db, small, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_member_table_get_n_rows (table), ==, 2);
  assert_membership_order (db, small, table);
  g_assert_cmpint (turnout_member_table_get_person_id (table, 0), ==, ids[5]);
  g_assert_cmpstr (turnout_member_table_get_text (table, 0, TURNOUT_MEMBER_TEXT_EMAIL), ==, "b5@example.com");

  /* (SQLite's own way of loading; a team database has no such function) */
  if (turnout_test_engine_is_postgres ())
    {
      turnout_db_close (db);
      return;
    }
  g_assert_false (turnout_db_exec (db,
                                   "SELECT turnout_take_member (NULL, 1, 'a', 'b', 'c', 'd', 'e', '', 'invited',"
                                   " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, -1, -1, '', -1,"
                                   " -1, -1, -1, -1)",
                                   &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not loading a member table"));

  turnout_db_close (db);
}

/* Changed memberships keep their place: a team database reads rows where
 * its changes left them (a changed row's new version goes elsewhere in
 * the table), and the table still comes in membership order, over ids
 * that take more than one pass of the sort. */
static void
test_load_order_after_changes (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Changed");
  gint64 other = turnout_test_add_program (db, "Other");
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *email = g_strdup_printf ("c%03u@example.com", i);

      turnout_test_add_person (db, i % 7 == 0 ? other : program, email, NULL);
    }
  /* every third, the last first, and the first member once more */
  g_string_printf (sql, "UPDATE memberships SET status_reason = 'moved' WHERE program_id = %" G_GINT64_FORMAT
                   " AND id %% 3 = 0", program);
  g_assert_true (turnout_db_exec (db, sql->str, &error));
  g_assert_no_error (error);
  g_string_printf (sql, "UPDATE memberships SET status_reason = 'first' WHERE id ="
                   " (SELECT min(id) FROM memberships WHERE program_id = %" G_GINT64_FORMAT ")", program);
  g_assert_true (turnout_db_exec (db, sql->str, &error));
  g_assert_no_error (error);

  table = turnout_member_table_load (db, program, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_member_table_get_n_rows (table), ==, 300 - 43);
  assert_membership_order (db, program, table);
  g_assert_cmpstr (turnout_member_table_get_text (table, 0, TURNOUT_MEMBER_TEXT_STATUS_REASON), ==, "first");
  g_assert_cmpstr (turnout_member_table_get_text (table, 0, TURNOUT_MEMBER_TEXT_EMAIL), ==, "c001@example.com");

  turnout_db_close (db);
}

/* A load cancelled part way (the window leaves the program) stops
 * reading, says so, and leaves the connection ready for the next one:
 * on a team database the server is told to stop sending. */
static void
test_load_cancelled (void)
{
  g_autofree char *path = turnout_test_temp_db_path ();
  TurnoutDb *db = turnout_test_open_db (path);
  gint64 program = turnout_test_add_program (db, "Many");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autoptr(TurnoutImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("email\n");
  g_autoptr(GBytes) bytes = NULL;
  TurnoutImportOptions options = { .has_header = -1, .status = "invited" };

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (csv, "m%05u@example.com\n", i);
  bytes = g_bytes_new (csv->str, csv->len);
  report = turnout_import_apply (db, program, bytes, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_added, ==, 10000);

  g_cancellable_cancel (cancellable);
  g_assert_null (turnout_member_table_load (db, program, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  table = turnout_member_table_load (db, program, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turnout_member_table_get_n_rows (table), ==, 10000);
  assert_membership_order (db, program, table);

  turnout_db_close (db);
}

/* A table of @n people named "Pnnnnn", in that order by first name. */
static TurnoutMemberTable *
build_big_table (guint n)
{
  TurnoutMemberTableBuilder *builder = turnout_member_table_builder_new (1, turnout_channel_get_webinar ());

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *first = g_strdup_printf ("P%05u", i);
      g_autofree char *email = g_strdup_printf ("p%05u@example.com", i);
      TurnoutMemberTableRow row = {
        .person_id = 1000 + i,
        .texts = { first, "", email, "", "", "" },
        .status = i % 2 ? "registered" : "invited",
        .live_minutes = -1,
        .ondemand_minutes = -1,
      };

      turnout_member_table_builder_add (builder, &row);
    }
  return turnout_member_table_builder_end (builder);
}

static void
count_changed (TurnoutMemberRow *row,
               guint            *count)
{
  (*count)++;
}

/* Keeps the items of the first @n positions in @items, as a view keeps
 * those it shows, and counts each one's "changed" in changed[i].
 */
static void
watch_items (TurnoutMemberList *list,
             GPtrArray         *items,
             guint             *changed,
             guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      TurnoutMemberRow *row = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_signal_connect (row, "changed", G_CALLBACK (count_changed), &changed[i]);
      g_ptr_array_add (items, row);
    }
}

/* Calls turnout_member_list_update_stale() as a view does after each
 * frame, until nothing is left, and checks that no call adds or takes
 * away more than a step (32) of the positions below the 205th, where GTK
 * 4.8's views make row widgets.
 */
static void
settle (TurnoutMemberList *list)
{
  guint n = n_items (list);

  for (int i = 0; i < 100 && turnout_member_list_has_stale (list); i++)
    {
      guint before = n;

      turnout_member_list_update_stale (list);
      n = n_items (list);
      if (n > before)
        g_assert_true (n - before <= 32 || before + 32 >= 205);
      else
        g_assert_cmpuint (before - n, <=, 32);
    }
  g_assert_false (turnout_member_list_has_stale (list));
}

/* Items on screen are told of their new member at once, the others when
 * the view has painted; an item that scrolls on screen meanwhile at once.
 */
static void
test_view_range (void)
{
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();
  g_autoptr(TurnoutMemberTable) table = build_big_table (500);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint changed[300] = { 0 };

  turnout_member_list_set_table (list, table);
  wait_sorted (list);
  turnout_member_list_set_view_range (list, 0, 20);
  g_assert_false (turnout_member_list_has_stale (list));

  /* Live items, as a list view keeps about 200 of them. */
  watch_items (list, items, changed, G_N_ELEMENTS (changed));

  /* Only registered people: every position shows someone else. */
  turnout_member_list_set_status_filter (list, turnout_channel_index_of (turnout_channel_get_webinar (), "registered"));
  g_assert_cmpuint (n_items (list), ==, 250);
  for (guint i = 0; i < 250; i++)
    {
      TurnoutMemberRow *row = g_ptr_array_index (items, i);

      /* Every item already answers for its new member... */
      g_assert_cmpuint (turnout_member_row_get_index (row), ==, turnout_member_list_get_row (list, i));
      /* ...but only those on screen (and a margin) were told. */
      g_assert_cmpuint (changed[i], ==, i < 28 ? 1 : 0);
    }
  g_assert_true (turnout_member_list_has_stale (list));

  /* Scrolling to 100 tells the items there. */
  turnout_member_list_set_view_range (list, 100, 20);
  for (guint i = 40; i < 250; i++)
    g_assert_cmpuint (changed[i], ==, i >= 92 && i < 128 ? 1 : 0);

  /* After the frame, the rest; nobody twice. */
  g_assert_true (turnout_member_list_update_stale (list));
  g_assert_false (turnout_member_list_has_stale (list));
  for (guint i = 0; i < 250; i++)
    g_assert_cmpuint (changed[i], ==, 1);
  g_assert_false (turnout_member_list_update_stale (list));
}

/* A search that narrows the table to a few rows blanks the positions
 * beyond them (GTK 4.8's views would destroy a row widget for each at
 * once) and takes them away a step a frame; one that widens it again adds
 * a screenful first. The rows on screen are right at once either way.
 */
static void
test_narrow_and_widen (void)
{
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();
  g_autoptr(TurnoutMemberTable) table = build_big_table (1000);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint changed[205] = { 0 };

  turnout_member_list_set_table (list, table);
  wait_sorted (list);
  turnout_member_list_set_view_range (list, 0, 20);
  g_assert_cmpuint (n_items (list), ==, 1000);
  watch_items (list, items, changed, G_N_ELEMENTS (changed));

  /* Ten matches: positions up to the 205th (those GTK keeps a row
   * widget for) stay, blank.
   */
  turnout_member_list_set_search (list, "P0055");
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, 10);
  g_assert_cmpuint (n_items (list), ==, 205);
  for (guint i = 0; i < 205; i++)
    {
      TurnoutMemberRow *row = g_ptr_array_index (items, i);

      g_assert_cmpint (turnout_member_row_is_member (row), ==, i < 10);
      g_assert_cmpuint (turnout_member_list_get_row (list, i), ==, turnout_member_row_get_index (row));
      /* Those on screen (and a margin) told at once. */
      g_assert_cmpuint (changed[i], ==, i < 28 ? 1 : 0);
    }
  g_assert_cmpstr (first_name_at (list, 9), ==, "P00559");
  g_assert_cmpuint (turnout_member_list_get_row (list, 10), ==, TURNOUT_MEMBER_ROW_NONE);
  g_assert_cmpint (turnout_member_row_get_person_id (g_ptr_array_index (items, 10)), ==, 0);
  g_assert_cmpstr (turnout_member_row_get_text (g_ptr_array_index (items, 10), TURNOUT_MEMBER_TEXT_EMAIL), ==, "");
  g_assert_null (turnout_member_row_get_status_key (g_ptr_array_index (items, 10)));

  /* After each frame a step goes, from the end. */
  turnout_member_list_update_stale (list);
  g_assert_cmpuint (n_items (list), ==, 173);
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 10);

  /* Wider again: the 20 rows on screen first. */
  turnout_member_list_set_search (list, "P00");
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, 1000);
  g_assert_cmpuint (n_items (list), ==, 20);
  g_assert_cmpstr (first_name_at (list, 19), ==, "P00019");
  g_assert_true (turnout_member_list_has_stale (list));
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 1000);
  g_assert_cmpstr (first_name_at (list, 999), ==, "P00999");

  /* No match at all: every position blank, and a screenful of them
   * stays for when something matches again.
   */
  turnout_member_list_set_search (list, "P00[");
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, 0);
  g_assert_cmpuint (n_items (list), ==, 205);
  g_assert_false (turnout_member_row_is_member (g_ptr_array_index (items, 0)));
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 20);
  g_assert_cmpuint (turnout_member_list_get_row (list, 0), ==, TURNOUT_MEMBER_ROW_NONE);
  /* Ten blank positions fewer is little for GTK: at once. */
  turnout_member_list_set_search (list, "P0055");
  g_assert_cmpuint (n_items (list), ==, 10);
  g_assert_cmpstr (first_name_at (list, 9), ==, "P00559");

  /* From none at all (a few blank ones kept) to many: no row is made. */
  turnout_member_list_set_search (list, "P00[");
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 20);
  turnout_member_list_set_search (list, NULL);
  g_assert_cmpuint (n_items (list), ==, 20);
  g_assert_cmpstr (first_name_at (list, 19), ==, "P00019");
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 1000);

  /* Select All when nothing matches: nothing to select. */
  turnout_member_list_set_search (list, "P00[");
  turnout_member_list_show_all (list);
  g_assert_cmpuint (n_items (list), ==, 0);

  /* Showing all (Select All) and finding someone need every position now. */
  turnout_member_list_set_search (list, "P0");
  g_assert_cmpuint (n_items (list), ==, 20);
  turnout_member_list_show_all (list);
  g_assert_cmpuint (n_items (list), ==, 1000);
  turnout_member_list_set_search (list, "P0055");
  g_assert_cmpuint (n_items (list), ==, 205);
  turnout_member_list_show_all (list);
  g_assert_cmpuint (n_items (list), ==, 10);
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 10);
  g_assert_cmpuint (turnout_member_list_find_person (list, 1000 + 553), ==, 3);
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

/* A new table in a view: a screenful first, the rest after the frame. */
static void
test_reveal (void)
{
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();
  g_autoptr(TurnoutMemberTable) table = build_big_table (1000);
  g_autoptr(TurnoutMemberTable) small = build_table ();
  guint signals = 0;
  int position;

  /* No view has said what it shows: everything at once, once sorted. */
  turnout_member_list_set_table (list, table);
  wait_sorted (list);
  g_assert_cmpuint (n_items (list), ==, 1000);
  turnout_member_list_set_table (list, NULL);

  turnout_member_list_set_view_range (list, 0, 20);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_items_changed), &signals);
  turnout_member_list_set_table (list, table);
  g_assert_cmpuint (n_items (list), ==, 64);
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, 1000);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 64));
  g_assert_true (turnout_member_list_has_stale (list));

  /* The name order arriving keeps to the first batch. */
  wait_sorted (list);
  g_assert_cmpuint (n_items (list), ==, 64);
  g_assert_cmpstr (first_name_at (list, 0), ==, "P00000");
  g_assert_cmpstr (first_name_at (list, 63), ==, "P00063");

  /* A screen's worth of changes keeps it too; the rest comes after, a
   * step a frame until the positions beyond make no row widgets.
   */
  turnout_member_list_set_view_range (list, 0, 30);
  g_assert_cmpuint (n_items (list), ==, 64);
  signals = 0;
  g_assert_true (turnout_member_list_update_stale (list));
  g_assert_cmpuint (n_items (list), ==, 96);
  g_assert_cmpuint (signals, ==, 1);
  g_assert_true (turnout_member_list_has_stale (list));
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 1000);
  g_assert_cmpuint (signals, ==, 5);
  g_assert_cmpstr (first_name_at (list, 999), ==, "P00999");
  g_assert_false (turnout_member_list_has_stale (list));

  /* Looking for someone beyond the first batch reveals everyone. */
  turnout_member_list_set_table (list, NULL);
  turnout_member_list_set_table (list, table);
  wait_sorted (list);
  g_assert_cmpuint (n_items (list), ==, 64);
  position = turnout_member_list_find_person (list, 1000 + 500);
  g_assert_cmpint (position, ==, 500);
  g_assert_cmpuint (n_items (list), ==, 1000);

  /* A search while revealing shows what matches, within the batch. */
  turnout_member_list_set_table (list, NULL);
  turnout_member_list_set_table (list, table);
  turnout_member_list_set_search (list, "P009");
  g_assert_cmpuint (n_items (list), ==, 64);
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, 100);
  turnout_member_list_update_stale (list);
  g_assert_cmpuint (n_items (list), ==, 96);
  turnout_member_list_update_stale (list);
  g_assert_cmpuint (n_items (list), ==, 100);
  g_assert_false (turnout_member_list_has_stale (list));

  /* All of them again: the rows past the hundredth come a step a frame. */
  turnout_member_list_set_search (list, NULL);
  g_assert_cmpuint (n_items (list), ==, 100);
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 1000);

  /* A table smaller than a batch shows whole in an empty view. (Shown
   * over the same program's table, it would be a reload: the items stay
   * and the positions beyond it go a step a frame, as for a search.) */
  turnout_member_list_set_table (list, NULL);
  turnout_member_list_set_table (list, small);
  g_assert_cmpuint (n_items (list), ==, G_N_ELEMENTS (people));
  g_assert_false (turnout_member_list_has_stale (list));
}

/* A table of @n people whose order by any column is far from the order
 * they were added in: names from short lists (with accents, and case
 * variants that sort apart only by their raw text), e-mails in scrambled
 * order, and blanks in every column that can have them.
 */
static TurnoutMemberTable *
build_mixed_table (guint n)
{
  static const char *firsts[] = { "Anna", "anna", "Émile", "Bram", "Zoë", "zoe", "Chantal", "" };
  static const char *lasts[] = { "Jansen", "jansen", "de Vries", "Müller", "Muller", "Bakker", "" };
  static const char *companies[] = { "Acme BV", "acme bv", "Tulp & Co", "", "Kaas Export NL" };
  static const char *reasons[] = { "", "", "Live 45 minutes", "Form" };
  static const char *statuses[] = { "invited", "registered", "attended", "no-show", "rejected" };
  TurnoutMemberTableBuilder *builder = turnout_member_table_builder_new (1, turnout_channel_get_webinar ());

  for (guint i = 0; i < n; i++)
    {
      guint32 h = i * 2654435761u;
      g_autofree char *email = g_strdup_printf ("%08x@example.com", h);
      TurnoutMemberTableRow row = {
        .person_id = 1000 + i,
        .texts = { firsts[h % G_N_ELEMENTS (firsts)], lasts[(h >> 8) % G_N_ELEMENTS (lasts)],
                   email, companies[(h >> 12) % G_N_ELEMENTS (companies)],
                   i % 3 ? "CTO" : "", reasons[(h >> 16) % G_N_ELEMENTS (reasons)] },
        .status = statuses[(h >> 20) % G_N_ELEMENTS (statuses)],
        .member_date = i % 7 ? 1700000000 + (h >> 4) % 1000 : 0,
        .status_changed = 1700000000 + (h >> 6) % 50,
        .success_at = i % 4 ? 0 : 1700000000 + (h >> 3) % 100,
        .live_minutes = i % 3 ? (int) ((h >> 5) % 90) : -1,
        .ondemand_minutes = i % 5 ? -1 : (int) ((h >> 7) % 30),
        .push_state = (h >> 9) % 3,
        .engagement_score = i % 2 ? ((h >> 11) % 100) / 10.0 : -1,
      };

      turnout_member_table_builder_add (builder, &row);
    }
  return turnout_member_table_builder_end (builder);
}

/* Position @i of @column's order as the list shows it. */
static guint
shown_row (TurnoutMemberTable  *table,
           TurnoutMemberColumn  column,
           gboolean             descending,
           guint                i)
{
  const guint32 *order = turnout_member_table_get_order (table, column);
  guint n = turnout_member_table_get_n_rows (table);
  guint n_blank = turnout_member_table_get_n_blank (table, column);

  return order[descending && i < n - n_blank ? n - n_blank - 1 - i : i];
}

/* Dates are kept in 32 bits, and those that do not fit (before 1970,
 * from 2097) on the side: every one comes back as it went in, after the
 * rows are put in another order too, and sorts in its place. */
static void
test_dates_wide (void)
{
  static const gint64 dates[] = {
    0, 1, 1772600767, -315619200 /* 1960 */, 0xEFFFFFFF, 0xF0000000, 4102444800 /* 2100 */,
    G_GINT64_CONSTANT (253402300799) /* 9999 */, -1, 0x7FFFFFFF, 0xFFFFFFFF,
  };
  guint n = G_N_ELEMENTS (dates);
  TurnoutMemberTableBuilder *builder = turnout_member_table_builder_new (1, turnout_channel_get_webinar ());
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autofree guint32 *reversed = g_new (guint32, n);
  const guint32 *order;

  for (guint i = 0; i < n; i++)
    {
      TurnoutMemberTableRow row = {
        .person_id = 1 + i,
        .texts = { "", "", "", "", "", "" },
        .status = "attended",
        .member_date = dates[i],
        .status_changed = dates[(i + 1) % n],
        .success_at = dates[(i + 2) % n],
        .live_minutes = -1,
        .ondemand_minutes = -1,
      };

      turnout_member_table_builder_add (builder, &row);
      reversed[i] = n - 1 - i;
    }
  _turnout_member_table_builder_reorder (builder, reversed);
  table = turnout_member_table_builder_end (builder);

  for (guint row = 0; row < n; row++)
    {
      guint i = turnout_member_table_get_person_id (table, row) - 1;

      g_assert_cmpuint (i, ==, n - 1 - row);
      g_assert_cmpint (turnout_member_table_get_member_date (table, row), ==, dates[i]);
      g_assert_cmpint (turnout_member_table_get_status_changed (table, row), ==, dates[(i + 1) % n]);
      g_assert_cmpint (turnout_member_table_get_success_at (table, row), ==, dates[(i + 2) % n]);
    }

  /* By member date: oldest first, none last. */
  order = turnout_member_table_get_order (table, TURNOUT_MEMBER_COLUMN_MEMBER_DATE);
  g_assert_cmpuint (turnout_member_table_get_n_blank (table, TURNOUT_MEMBER_COLUMN_MEMBER_DATE), ==, 1);
  g_assert_cmpint (turnout_member_table_get_member_date (table, order[n - 1]), ==, 0);
  g_assert_cmpint (turnout_member_table_get_member_date (table, order[0]), ==, -315619200);
  for (guint k = 1; k + 1 < n; k++)
    g_assert_cmpint (turnout_member_table_get_member_date (table, order[k - 1]), <,
                     turnout_member_table_get_member_date (table, order[k]));
}

/* Waits until every column's order of @table is computed. */
static void
wait_all_orders (TurnoutMemberTable *table)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    while (turnout_member_table_peek_order (table, column) == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (500);
      }
}

/* While the table shown is read again, the list lets go of the orders of
 * the columns not shown and makes no more of them (a reload's new table is
 * made beside the old one): the rows shown stay as they are, a header
 * clicked meanwhile still sorts, and the orders come back after a reload
 * that failed and with the new table. */
static void
test_reload_lets_orders_go (void)
{
  g_autoptr(TurnoutMemberTable) table = build_mixed_table (3000);
  g_autoptr(TurnoutMemberTable) reloaded = build_mixed_table (3000);
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();
  guint n = turnout_member_table_get_n_rows (table);
  g_autofree guint32 *before = g_new (guint32, n);
  gint64 until;

  turnout_member_list_set_table (list, table);
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_COMPANY, FALSE);
  wait_sorted (list);
  wait_all_orders (table);
  for (guint i = 0; i < n; i++)
    before[i] = turnout_member_list_get_row (list, i);

  turnout_member_list_set_reloading (list, TRUE);
  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    if (column == TURNOUT_MEMBER_COLUMN_COMPANY)
      g_assert_nonnull (turnout_member_table_peek_order (table, column));
    else
      g_assert_null (turnout_member_table_peek_order (table, column));
  g_assert_cmpuint (n_items (list), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (turnout_member_list_get_row (list, i), ==, before[i]);

  /* Nothing makes them again meanwhile... */
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (turnout_member_table_peek_order (table, TURNOUT_MEMBER_COLUMN_NAME));

  /* ...but a column clicked is sorted, as it should be. */
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_EMAIL, FALSE);
  wait_sorted (list);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (turnout_member_table_get_text (table, turnout_member_list_get_row (list, i - 1),
                                                            TURNOUT_MEMBER_TEXT_EMAIL),
                             turnout_member_table_get_text (table, turnout_member_list_get_row (list, i),
                                                            TURNOUT_MEMBER_TEXT_EMAIL)), <, 0);
  g_assert_null (turnout_member_table_peek_order (table, TURNOUT_MEMBER_COLUMN_NAME));

  /* The reload failed: the table shown makes its orders again. */
  turnout_member_list_set_reloading (list, FALSE);
  wait_all_orders (table);

  /* The new table comes: it makes its own. */
  turnout_member_list_set_reloading (list, TRUE);
  turnout_member_list_set_table (list, reloaded);
  wait_sorted (list);
  wait_all_orders (reloaded);
}

/* A large table's orders, let go of for a reload, go back to the system
 * at once (they have pages of their own), and come back right. */
static void
test_trimmed_orders_given_back (void)
{
  g_autoptr(TurnoutMemberTable) table = NULL;
  g_autofree char *pin = NULL;
  guint n = 300000;
  double before, after;
  const guint32 *order;

#if defined(__SANITIZE_ADDRESS__) || !defined(__linux__)
  g_test_skip ("about the process's memory as Linux counts it, without a sanitizer's allocator");
  return;
#endif
  /* As the application has it: blocks under 8 MB from the heap. */
  turnout_member_table_tune_allocator ();
  table = build_mixed_table (n);
  turnout_member_table_prepare_orders (table);
  /* Something after the orders, so that freeing them is not merely the
   * heap's top shrinking: larger than any room left below them (the
   * sort's keys, 7.2 MB), still from the heap. */
  pin = g_malloc (7900 * 1024);
  before = turnout_test_rss_mb ();
  turnout_member_table_trim_orders (table, TURNOUT_MEMBER_COLUMN_NAME, -1);
  after = turnout_test_rss_mb ();
  g_test_message ("memory in use: %.1f MB with every order, %.1f MB with one", before, after);
  /* Sixteen orders of 1.2 MB each */
  g_assert_cmpfloat (before - after, >, 15);

  order = turnout_member_table_get_order (table, TURNOUT_MEMBER_COLUMN_EMAIL);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (turnout_member_table_get_text (table, order[i - 1], TURNOUT_MEMBER_TEXT_EMAIL),
                             turnout_member_table_get_text (table, order[i], TURNOUT_MEMBER_TEXT_EMAIL)), <, 0);
}

/* A column's sort, by its quicksort and by the heap sort it turns to
 * when the quicksort goes too deep: every row once, in order, for keys
 * all equal, few, sorted, reversed and random, short and long. */
static void
test_sort_rows (void)
{
  const guint sizes[] = { 0, 1, 2, 3, 16, 17, 100, 5000 };
  const guint depths[] = { 0, 1, 3, 64 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint kind = 0; kind < 5; kind++)
      for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
        {
          guint n = sizes[s];
          g_autofree guint64 *k1 = g_new (guint64, MAX (n, 1));
          g_autofree guint32 *rows = g_new (guint32, MAX (n, 1));
          g_autofree guint8 *seen = g_new0 (guint8, MAX (n, 1));

          for (guint i = 0; i < n; i++)
            k1[i] = kind == 0 ? 7
                    : kind == 1 ? (guint64) g_rand_int_range (rand, 0, 4)
                    : kind == 2 ? i
                    : kind == 3 ? n - i
                    : ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          _turnout_member_table_sort_rows (k1, n, depths[d], rows);
          for (guint i = 0; i < n; i++)
            {
              g_assert_cmpuint (rows[i], <, n);
              g_assert_false (seen[rows[i]]);
              seen[rows[i]] = 1;
              if (i > 0)
                g_assert_true (k1[rows[i - 1]] < k1[rows[i]] ||
                               (k1[rows[i - 1]] == k1[rows[i]] && rows[i - 1] < rows[i]));
            }
        }
}

/* The first rows found without sorting are those the sort puts first,
 * for every column both ways, among all rows or some.
 */
static void
test_find_first (void)
{
  g_autoptr(TurnoutMemberTable) table = build_mixed_table (3000);
  guint n = turnout_member_table_get_n_rows (table);
  g_autofree guint32 *all = g_new (guint32, n);
  g_autofree guint32 *some = g_new (guint32, n);
  g_autofree guint8 *in_some = g_new0 (guint8, n);
  guint32 first[100];
  guint n_some = 0;

  for (guint row = 0; row < n; row++)
    {
      all[row] = row;
      /* Out of row order, as a list may hand them over. */
      if (row % 3 == 0)
        {
          some[n_some++] = n - 1 - row;
          in_some[n - 1 - row] = 1;
        }
    }

  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    for (int descending = 0; descending < 2; descending++)
      {
        guint found;
        guint at = 0;

        found = turnout_member_table_find_first (table, column, descending, all, n, first, 100);
        g_assert_cmpuint (found, ==, 100);
        for (guint i = 0; i < found; i++)
          g_assert_cmpuint (first[i], ==, shown_row (table, column, descending, i));

        found = turnout_member_table_find_first (table, column, descending, some, n_some, first, 100);
        g_assert_cmpuint (found, ==, 100);
        for (guint i = 0; i < n && at < found; i++)
          {
            guint row = shown_row (table, column, descending, i);

            if (in_some[row])
              g_assert_cmpuint (first[at++], ==, row);
          }
        g_assert_cmpuint (at, ==, found);

        /* Fewer rows than asked for: all of them, in order. */
        found = turnout_member_table_find_first (table, column, descending, all, 7, first, 100);
        g_assert_cmpuint (found, ==, 7);
        for (guint i = 1; i < found; i++)
          {
            guint32 pair[2] = { first[i], first[i - 1] };
            guint32 ordered[2];

            turnout_member_table_find_first (table, column, descending, pair, 2, ordered, 2);
            g_assert_cmpuint (ordered[0], ==, first[i - 1]);
          }
        g_assert_cmpuint (turnout_member_table_find_first (table, column, descending, all, 0, first, 100), ==, 0);
      }
}

static void
record_rows (TurnoutMemberList *list,
             guint32           *rows,
             guint              n)
{
  for (guint i = 0; i < n; i++)
    rows[i] = turnout_member_list_get_row (list, i);
}

/* A new table shows its first rows before it is sorted: the same rows, in
 * the same items, as once it is; with a search and a filter too.
 */
static void
test_first_rows_while_sorting (void)
{
  g_autoptr(TurnoutMemberList) list = turnout_member_list_new ();
  g_autoptr(TurnoutMemberTable) table = build_mixed_table (100000);
  g_autoptr(TurnoutMemberTable) again = build_mixed_table (100000);
  g_autoptr(TurnoutMemberTable) third = build_mixed_table (100000);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint32 before[64];
  guint changed[64] = { 0 };
  guint registered = turnout_channel_index_of (turnout_channel_get_webinar (), "registered");
  guint n_matching;
  gint64 person;
  int position;

  turnout_member_list_set_view_range (list, 0, 20);
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_NAME, FALSE);
  turnout_member_list_set_table (list, table);
  g_assert_true (turnout_member_list_is_sorting (list));
  g_assert_null (turnout_member_table_peek_order (table, TURNOUT_MEMBER_COLUMN_NAME));
  g_assert_cmpuint (n_items (list), ==, 64);
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, 100000);
  record_rows (list, before, 64);
  watch_items (list, items, changed, 64);

  /* The first frame; then the order arrives and the rest is added, a
   * step a frame.
   */
  turnout_member_list_update_stale (list);
  g_assert_cmpuint (n_items (list), ==, 64);
  wait_sorted (list);
  g_assert_cmpuint (n_items (list), ==, 64);
  settle (list);
  g_assert_cmpuint (n_items (list), ==, 100000);
  for (guint i = 0; i < 64; i++)
    {
      g_assert_cmpuint (turnout_member_list_get_row (list, i), ==, before[i]);
      g_assert_cmpuint (before[i], ==, shown_row (table, TURNOUT_MEMBER_COLUMN_NAME, FALSE, i));
      g_assert_cmpuint (changed[i], ==, 0);
    }
  g_assert_cmpuint (turnout_member_list_get_row (list, 99999), ==,
                    shown_row (table, TURNOUT_MEMBER_COLUMN_NAME, FALSE, 99999));
  g_ptr_array_set_size (items, 0);

  /* A search and a filter in effect, a descending sort, and a table
   * whose order is not computed yet.
   */
  turnout_member_list_set_table (list, NULL);
  turnout_member_list_set_search (list, "ACME");
  turnout_member_list_set_status_filter (list, registered);
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_LIVE_MINUTES, TRUE);
  turnout_member_list_set_table (list, again);
  g_assert_true (turnout_member_list_is_sorting (list));
  n_matching = turnout_member_list_get_n_matching (list);
  g_assert_cmpuint (n_matching, >, 64);
  g_assert_cmpuint (n_items (list), ==, 64);
  record_rows (list, before, 64);
  turnout_member_list_update_stale (list);
  wait_sorted (list);
  settle (list);
  g_assert_cmpuint (turnout_member_list_get_n_matching (list), ==, n_matching);
  g_assert_cmpuint (n_items (list), ==, n_matching);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpuint (turnout_member_list_get_row (list, i), ==, before[i]);
  for (guint i = 0; i < n_matching; i++)
    {
      guint row = turnout_member_list_get_row (list, i);
      const char *company = turnout_member_table_get_text (again, row, TURNOUT_MEMBER_TEXT_COMPANY);

      g_assert_cmpuint (turnout_member_table_get_status (again, row), ==, registered);
      g_assert_true (g_ascii_strcasecmp (company, "acme bv") == 0);
    }

  /* Looking for someone beyond the first rows before the order is there
   * finds them where the order puts them.
   */
  turnout_member_list_set_table (list, NULL);
  turnout_member_list_set_search (list, NULL);
  turnout_member_list_set_status_filter (list, -1);
  turnout_member_list_set_sort (list, TURNOUT_MEMBER_COLUMN_NAME, FALSE);
  turnout_member_list_set_table (list, third);
  person = turnout_member_table_get_person_id (third, shown_row (table, TURNOUT_MEMBER_COLUMN_NAME, FALSE, 5000));
  position = turnout_member_list_find_person (list, person);
  g_assert_cmpint (position, ==, 5000);
  g_assert_cmpuint (turnout_member_list_get_row (list, position), ==,
                    shown_row (third, TURNOUT_MEMBER_COLUMN_NAME, FALSE, 5000));
  wait_sorted (list);
  g_assert_cmpuint (n_items (list), ==, 100000);

  /* Selecting them all first makes them all positions, in order. */
  turnout_member_list_set_table (list, NULL);
  g_clear_pointer (&third, turnout_member_table_unref);
  third = build_mixed_table (100000);
  turnout_member_list_set_table (list, third);
  g_assert_cmpuint (n_items (list), ==, 64);
  turnout_member_list_show_all (list);
  g_assert_false (turnout_member_list_is_sorting (list));
  g_assert_cmpuint (n_items (list), ==, 100000);
  for (guint i = 0; i < 100000; i += 997)
    g_assert_cmpuint (turnout_member_list_get_row (list, i), ==,
                      shown_row (third, TURNOUT_MEMBER_COLUMN_NAME, FALSE, i));
}

static gpointer
get_orders_thread (gpointer data)
{
  TurnoutMemberTable *table = data;
  const guint32 **orders = g_new (const guint32 *, TURNOUT_MEMBER_N_COLUMNS);

  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    orders[column] = turnout_member_table_get_order (table, column);
  return orders;
}

/* Threads asking for the same columns at once each get the one order. */
static void
test_orders_from_threads (void)
{
  g_autoptr(TurnoutMemberTable) table = build_mixed_table (50000);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("orders", get_orders_thread, table);
  turnout_member_table_prepare_orders (table);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree const guint32 **orders = g_thread_join (threads[i]);

      for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
        g_assert_true (orders[column] == turnout_member_table_peek_order (table, column));
    }
  for (int column = 0; column < TURNOUT_MEMBER_N_COLUMNS; column++)
    {
      guint32 first[10];

      turnout_member_table_find_first (table, column, FALSE, turnout_member_table_get_order (table, column),
                                       turnout_member_table_get_n_rows (table), first, 10);
      g_assert_cmpmem (first, sizeof first, turnout_member_table_peek_order (table, column), sizeof first);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/member-list/fold", test_fold);
  g_test_add_func ("/member-list/search-and-filter", test_search_and_filter);
  g_test_add_func ("/member-list/match-every-text", test_match_every_text);
  g_test_add_func ("/member-list/fold-while-building", test_fold_while_building);
  g_test_add_func ("/member-list/sort-every-column", test_sort_every_column);
  g_test_add_func ("/member-list/load-from-database", test_load_from_database);
  g_test_add_func ("/member-list/load-order", test_load_order);
  g_test_add_func ("/member-list/load-order-after-changes", test_load_order_after_changes);
  g_test_add_func ("/member-list/load-cancelled", test_load_cancelled);
  g_test_add_func ("/member-list/view-range", test_view_range);
  g_test_add_func ("/member-list/reveal", test_reveal);
  g_test_add_func ("/member-list/narrow-and-widen", test_narrow_and_widen);
  g_test_add_func ("/member-list/sort-rows", test_sort_rows);
  g_test_add_func ("/member-list/dates-wide", test_dates_wide);
  g_test_add_func ("/member-list/reload-lets-orders-go", test_reload_lets_orders_go);
  g_test_add_func ("/member-list/trimmed-orders-given-back", test_trimmed_orders_given_back);
  g_test_add_func ("/member-list/find-first", test_find_first);
  g_test_add_func ("/member-list/first-rows-while-sorting", test_first_rows_while_sorting);
  g_test_add_func ("/member-list/orders-from-threads", test_orders_from_threads);

  return g_test_run ();
}
