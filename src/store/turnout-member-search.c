/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-member-search.c: a search over a members table, as it is typed.
 *
 * One pass over the table's distinct folded texts, stored one after
 * another, marks those that contain the needle; a pass over the rows then
 * marks the rows with a marked text. A needle typed on from the previous
 * one looks again at only what that one matched.
 */
#define G_LOG_DOMAIN "turnout-member-table"
#define _GNU_SOURCE   /* memmem () */

#include "config.h"

#include <string.h>

#include "turnout-member-search.h"
#include "turnout-member-table-private.h"

/* The id whose folded text contains @offset, searching forward from
 * @from (an id at or before it). The texts are stored in id order, so the
 * matches of one pass come in increasing order: a gallop from the previous
 * match finds the next one in a step or two when most texts match, and in
 * a logarithmic number of steps when they are far apart.
 */
static guint32
string_at (TurnoutMemberTable *self,
           guint32             from,
           gsize               offset)
{
  guint lo = from, hi, step = 1;

  /* fold_offsets[lo] <= offset holds throughout; find a hi beyond it. */
  hi = lo + 1;
  while (hi < self->strings->len && self->fold_offsets[hi] <= offset)
    {
      lo = hi;
      step *= 2;
      hi = MIN (lo + step, self->strings->len);
    }

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->fold_offsets[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static const TurnoutMemberText searched_texts[] = {
  TURNOUT_MEMBER_TEXT_FIRST_NAME, TURNOUT_MEMBER_TEXT_LAST_NAME, TURNOUT_MEMBER_TEXT_EMAIL,
  TURNOUT_MEMBER_TEXT_COMPANY, TURNOUT_MEMBER_TEXT_JOB_TITLE,
};

/* A needle made ready once for a search over many texts. memmem()
 * prepares its needle again on each call, and a search that matches most
 * texts calls it once per text: for needles of three bytes or more, a
 * Horspool search by the last two bytes of the window (pairs of letters
 * are rarer than letters) with its table made once. Shorter needles have
 * little to prepare and go to memmem().
 */
#define PAIR_HASH(a, b) (((guint) (a) << 3 ^ (guint) (b)) & 0xff)

typedef struct
{
  const guchar *needle;
  gsize         len;
  gsize         on_miss;       /* how far to move when the last pair matches but not all */
  gsize         shift[256];    /* by the window's last pair; 0: the needle's last pair */
} Finder;

static void
finder_init (Finder     *finder,
             const char *needle)
{
  const guchar *n = (const guchar *) needle;
  gsize len = strlen (needle);
  guint last;

  finder->needle = n;
  finder->len = len;
  if (len < 3)
    return;

  /* A window whose last pair is not in the needle moves on until only
   * that pair's second byte is left in it; one whose last pair is, until
   * the pair lines up with its last place in the needle (later places
   * give shorter moves, so a hash shared by several pairs keeps the
   * shortest).
   */
  for (guint h = 0; h < 256; h++)
    finder->shift[h] = len - 1;
  for (gsize i = 1; i + 1 < len; i++)
    finder->shift[PAIR_HASH (n[i - 1], n[i])] = len - 1 - i;
  last = PAIR_HASH (n[len - 2], n[len - 1]);
  finder->on_miss = finder->shift[last];
  finder->shift[last] = 0;
}

/* The first place in [p, end) where the needle is, or NULL. */
static const char *
finder_find (const Finder *finder,
             const char   *p,
             const char   *end)
{
  const guchar *at = (const guchar *) p;
  gsize len = finder->len;

  if (len < 3)
    return memmem (p, end - p, finder->needle, len);

  while ((gsize) ((const guchar *) end - at) >= len)
    {
      gsize shift = finder->shift[PAIR_HASH (at[len - 2], at[len - 1])];

      if (shift == 0)
        {
          if (memcmp (at, finder->needle, len) == 0)
            return (const char *) at;
          shift = finder->on_miss;
        }
      at += shift;
    }
  return NULL;
}

/* Marks in @hits the texts that contain @needle, in one pass over them
 * all; returns how many. The texts are stored one after another, each
 * ending in a NUL that no needle holds, so no match spans two.
 */
static guint
hit_texts (TurnoutMemberTable *self,
           const char         *needle,
           guint8             *hits)
{
  Finder finder;
  const char *p = self->folded;
  const char *end = self->folded + self->folded_len;
  guint32 id = 0;
  guint n_hits = 0;

  finder_init (&finder, needle);
  memset (hits, 0, self->strings->len);
  while (p < end)
    {
      const char *found = finder_find (&finder, p, end);

      if (found == NULL)
        break;
      id = string_at (self, id, found - self->folded);
      hits[id] = 1;
      n_hits++;
      p = self->folded + self->fold_offsets[id + 1];
    }
  return n_hits;
}

/* Of the texts marked in @hits, keeps those that contain @needle. */
static guint
narrow_texts (TurnoutMemberTable *self,
              const char         *needle,
              guint8             *hits)
{
  Finder finder;
  guint n_hits = 0;

  finder_init (&finder, needle);
  for (guint32 id = 0; id < self->strings->len; id++)
    if (hits[id])
      {
        const char *text = self->folded + self->fold_offsets[id];
        const char *text_end = self->folded + self->fold_offsets[id + 1];

        hits[id] = finder_find (&finder, text, text_end) != NULL;
        n_hits += hits[id];
      }
  return n_hits;
}

/* Sets matches[row], for every row or with @narrow only for those already
 * set, to whether one of its searched texts is in @hits, or (for a needle
 * with a space) its first and last name together contain @needle.
 */
static void
match_rows (TurnoutMemberTable *self,
            const char         *needle,
            const guint8       *hits,
            gboolean            narrow,
            guint8             *matches)
{
  /* "anna jans" spans first and last name: only then look at both. */
  gboolean spans_names = strchr (needle, ' ') != NULL;

  for (guint row = 0; row < self->n_rows; row++)
    {
      guint8 m = 0;

      if (narrow && !matches[row])
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (searched_texts) && !m; i++)
        m = hits[self->texts[searched_texts[i]][row]];

      if (!m && spans_names)
        {
          const char *first =
            _turnout_member_table_folded_text (self, self->texts[TURNOUT_MEMBER_TEXT_FIRST_NAME][row]);
          const char *last =
            _turnout_member_table_folded_text (self, self->texts[TURNOUT_MEMBER_TEXT_LAST_NAME][row]);
          char buf[512];

          g_snprintf (buf, sizeof buf, "%s %s", first, last);
          m = strstr (buf, needle) != NULL;
        }
      matches[row] = m;
    }
}

/* A search as it is typed */

struct _TurnoutMemberSearch
{
  TurnoutMemberTable *table;
  char               *needle;     /* what hits and matches are for; NULL: nothing yet */
  guint8             *hits;       /* per distinct text */
  guint               n_hits;
  guint8             *matches;    /* per row */
};

TurnoutMemberSearch *
turnout_member_search_new (TurnoutMemberTable *table)
{
  TurnoutMemberSearch *self = g_new0 (TurnoutMemberSearch, 1);

  self->table = turnout_member_table_ref (table);
  self->hits = g_new (guint8, MAX (1, table->strings->len));
  self->matches = g_new (guint8, MAX (1, table->n_rows));
  return self;
}

void
turnout_member_search_free (TurnoutMemberSearch *self)
{
  if (self == NULL)
    return;
  turnout_member_table_unref (self->table);
  g_free (self->needle);
  g_free (self->hits);
  g_free (self->matches);
  g_free (self);
}

/**
 * turnout_member_search_run:
 * @needle: from turnout_fold_for_search (), not empty
 *
 * Sets matches[row] to whether the row's name, e-mail, company or job
 * title contains @needle. A needle that contains the previous
 * one (a key typed at the end, or anywhere) can only match texts and rows
 * that it matched, so only those are looked at again; when they are more
 * than an eighth of the texts, one pass over all of them is quicker than
 * a search in each.
 *
 * Returns: (transfer none): matches[row], valid until the next call
 */
const guint8 *
turnout_member_search_run (TurnoutMemberSearch *self,
                           const char          *needle)
{
  TurnoutMemberTable *table = self->table;
  gboolean narrow;

  g_return_val_if_fail (needle != NULL && *needle != '\0', self->matches);

  narrow = self->needle != NULL && strstr (needle, self->needle) != NULL;
  if (narrow && g_str_equal (needle, self->needle))
    return self->matches;

  /* Looking again at only the texts that matched pays when they are few,
   * or when the finder serves the needle: it is prepared once, where
   * memmem() would prepare it again for each text.
   */
  if (narrow && (strlen (needle) >= 3 || self->n_hits <= table->strings->len / 8))
    self->n_hits = narrow_texts (table, needle, self->hits);
  else
    self->n_hits = hit_texts (table, needle, self->hits);
  match_rows (table, needle, self->hits, narrow, self->matches);

  g_free (self->needle);
  self->needle = g_strdup (needle);
  return self->matches;
}

