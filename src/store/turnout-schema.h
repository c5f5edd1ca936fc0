/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-schema.h: the ordered migrations of the database schema.
 *
 * Migration N (1-based) takes a database from user_version N-1 to N. Never
 * edit a migration that has shipped; add a new one.
 */
#pragma once

/* Migration 11, on both engines (see its step below): a member has a
 * place in the wait list (waitlist_at) exactly while wait listed, which
 * the move engine keeps; the wait list's index holds those rows, and its
 * queries name that condition. */
#define TURNOUT_SCHEMA_11_WAITLIST \
  "UPDATE memberships SET waitlist_at = coalesce (status_changed_at, member_date)" \
  " WHERE status = 'wait-listed' AND waitlist_at IS NULL;" \
  "UPDATE memberships SET waitlist_at = NULL, waitlist_priority = 0" \
  " WHERE status != 'wait-listed' AND waitlist_at IS NOT NULL;" \
  "DROP INDEX memberships_waiting;" \
  "CREATE INDEX memberships_waiting ON memberships (program_id, waitlist_priority, waitlist_at)" \
  " WHERE waitlist_at IS NOT NULL;"

static const char *const turnout_migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE channels ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL"
  ");"
  "CREATE TABLE channel_statuses ("
  "  channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  key TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  step INTEGER NOT NULL,"
  "  success INTEGER NOT NULL DEFAULT 0,"
  "  holds_seat INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (channel_id, key)"
  ");"
  "CREATE TABLE people ("
  "  id INTEGER PRIMARY KEY,"
  "  email TEXT NOT NULL,"
  "  email_key TEXT NOT NULL UNIQUE,"
  "  first_name TEXT NOT NULL DEFAULT '',"
  "  last_name TEXT NOT NULL DEFAULT '',"
  "  company TEXT NOT NULL DEFAULT '',"
  "  job_title TEXT NOT NULL DEFAULT '',"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE programs ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  channel_id INTEGER NOT NULL REFERENCES channels (id),"
  "  capacity INTEGER,"
  "  on24_event_id INTEGER,"
  "  live_start TEXT,"
  "  live_end TEXT,"
  "  time_zone TEXT NOT NULL DEFAULT '',"
  "  description TEXT NOT NULL DEFAULT '',"
  "  auto_promote INTEGER NOT NULL DEFAULT 0,"
  "  on24_event_email INTEGER NOT NULL DEFAULT 1,"
  "  created_at TEXT NOT NULL,"
  "  deleted_at TEXT,"
  "  last_refresh_at TEXT,"
  "  last_refresh_summary TEXT"
  ");"
  "CREATE UNIQUE INDEX programs_live_name ON programs (name) WHERE deleted_at IS NULL;"
  "CREATE TABLE memberships ("
  "  id INTEGER PRIMARY KEY,"
  "  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,"
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  status TEXT NOT NULL,"
  "  status_reason TEXT NOT NULL DEFAULT '',"
  "  member_date TEXT NOT NULL,"
  "  status_changed_at TEXT NOT NULL,"
  "  reached_success INTEGER NOT NULL DEFAULT 0,"
  "  success_at TEXT,"
  "  acquired_by TEXT NOT NULL,"
  "  waitlist_priority INTEGER NOT NULL DEFAULT 0,"
  "  waitlist_at TEXT,"
  "  on24_eventuserid INTEGER,"
  "  push_state TEXT NOT NULL DEFAULT '',"
  "  live_minutes INTEGER,"
  "  ondemand_minutes INTEGER,"
  "  engagement_score REAL,"
  "  UNIQUE (program_id, person_id)"
  ");"
  "CREATE INDEX memberships_status ON memberships (program_id, status);"
  "CREATE INDEX memberships_person ON memberships (person_id);"
  /* History keeps program and person ids but no foreign key to the
   * membership: it outlives it, and is never deleted. */
  "CREATE TABLE status_history ("
  "  id INTEGER PRIMARY KEY,"
  "  program_id INTEGER NOT NULL REFERENCES programs (id),"
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  old_status TEXT NOT NULL,"
  "  new_status TEXT NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  source TEXT NOT NULL,"
  "  at TEXT NOT NULL"
  ");"
  "CREATE INDEX status_history_member ON status_history (program_id, person_id);"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  program_id INTEGER NOT NULL REFERENCES programs (id),"
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  state TEXT NOT NULL DEFAULT 'pending',"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT NOT NULL DEFAULT '',"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX outbox_pending ON outbox (state, next_attempt_at);"
  "CREATE INDEX outbox_member ON outbox (program_id, person_id);"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");",

  /* 2: trigger rules, what they asked the desktop to say, and wait list
   * reordering with its reason, so a coordinator can say why a place moved */
  "CREATE TABLE trigger_rules ("
  "  id INTEGER PRIMARY KEY,"
  "  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,"
  "  on_status TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  to_status TEXT,"
  "  message TEXT NOT NULL DEFAULT '',"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX trigger_rules_program ON trigger_rules (program_id, on_status);"
  "CREATE TABLE rule_events ("
  "  id INTEGER PRIMARY KEY,"
  "  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,"
  "  person_id INTEGER REFERENCES people (id),"
  "  rule_id INTEGER,"
  "  kind TEXT NOT NULL,"
  "  message TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  delivered_at TEXT"
  ");"
  "CREATE INDEX rule_events_pending ON rule_events (delivered_at);"
  "CREATE TABLE waitlist_moves ("
  "  id INTEGER PRIMARY KEY,"
  "  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,"
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  old_position INTEGER NOT NULL,"
  "  new_position INTEGER NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  at TEXT NOT NULL"
  ");",

  /* 3: no index on memberships.person_id. Every lookup of a membership
   * names its program, which the (program_id, person_id) key covers, and
   * people are never deleted or renumbered, so the index was only ever
   * written: about 15 ms of a 100k-row import. */
  "DROP INDEX memberships_person;",

  /* 4: the members who reached success, per program, for the program
   * list's counts. Without it the count read every membership of the
   * program from the table: 0.4 s at a million, at start and after every
   * change. Only successes are indexed, so most writes never touch it. */
  "CREATE INDEX memberships_success ON memberships (program_id) WHERE reached_success;",

  /* 5: a pending push is claimed before it is sent: who claimed it and
   * until when (unix seconds). Two senders at once (the app and a cron
   * `turnout-cli sync`) then never push one registration twice, and the
   * claim of a process that died runs out. */
  "ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE outbox ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;",

  /* 6: the wait list in its order, per program. The next priority
   * (max + 1) and the first in line were found by reading every
   * membership of the program, once per member wait listed or promoted:
   * quadratic in a bulk change. Only waiting members are indexed. */
  "CREATE INDEX memberships_waiting ON memberships (program_id, waitlist_priority, waitlist_at)"
  " WHERE status = 'wait-listed';",

  /* 7: the reasons Turnout writes itself as a key and its values
   * (turnout-reason.h), put into words in the reader's language when
   * read; the text column keeps their English words, for search and older
   * readers. Reasons a person typed keep an empty key. The reasons older
   * versions wrote are recognised by their words
   * (turnout_db_recognise_reasons ()). */
  "ALTER TABLE memberships ADD COLUMN status_reason_key TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE memberships ADD COLUMN status_reason_args TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE status_history ADD COLUMN reason_key TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE status_history ADD COLUMN reason_args TEXT NOT NULL DEFAULT '';",

  /* 8: Undo of the window's last changes (turnout-undo.c). A change is a
   * transaction: the history and outbox rows it added, by where they start
   * and end, and each membership it changed or removed as it was before,
   * a copy of the memberships row (the first copy of a member in a change
   * is the one from before it). A column added to memberships later
   * must be added to change_members in the same migration. */
  "CREATE TABLE changes ("
  "  id INTEGER PRIMARY KEY,"
  "  program_id INTEGER NOT NULL,"
  "  made_at TEXT NOT NULL,"
  "  first_history INTEGER NOT NULL,"
  "  last_history INTEGER NOT NULL,"
  "  first_outbox INTEGER NOT NULL,"
  "  last_outbox INTEGER NOT NULL,"
  "  first_member INTEGER NOT NULL,"
  "  last_member INTEGER NOT NULL,"
  "  kept INTEGER NOT NULL DEFAULT 1,"
  "  undone_at TEXT"
  ");"
  /* No index: a change's rows are a range of rowids, as its history's
   * are, and an index written per member moved cost more than the rows. */
  "CREATE TABLE change_members AS SELECT 0 AS change_id, * FROM memberships WHERE 0;",

  /* 9: what an attendee did besides watching, as ON24 counts it (NULL:
   * not reported), and the questions they asked with the presenter's
   * answers, replaced per member by each refresh. change_members gets the
   * same columns in the same order, so a kept row still copies one of
   * memberships'. */
  "ALTER TABLE memberships ADD COLUMN asked_questions INTEGER;"
  "ALTER TABLE memberships ADD COLUMN answered_polls INTEGER;"
  "ALTER TABLE memberships ADD COLUMN answered_surveys INTEGER;"
  "ALTER TABLE memberships ADD COLUMN resources_downloaded INTEGER;"
  "ALTER TABLE memberships ADD COLUMN launch_mode TEXT;"
  "ALTER TABLE change_members ADD COLUMN asked_questions INTEGER;"
  "ALTER TABLE change_members ADD COLUMN answered_polls INTEGER;"
  "ALTER TABLE change_members ADD COLUMN answered_surveys INTEGER;"
  "ALTER TABLE change_members ADD COLUMN resources_downloaded INTEGER;"
  "ALTER TABLE change_members ADD COLUMN launch_mode TEXT;"
  "CREATE TABLE member_questions ("
  "  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,"
  "  person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  questionid INTEGER,"
  "  asked_at TEXT,"
  "  content TEXT NOT NULL,"
  "  answer TEXT,"
  "  presenter TEXT,"
  "  PRIMARY KEY (program_id, person_id, position)"
  ");",

  /* 10: Forget Person (turnout-forget.c). A keyed hash of each forgotten
   * address, so that a refresh or an import does not bring the person
   * back; the key is a random one of this database's, in settings, so a
   * hash matches nothing outside it. A forgotten person keeps their row in
   * people, with no e-mail address, names, company or job title. */
  "CREATE TABLE forgotten_addresses ("
  "  hash BLOB PRIMARY KEY,"
  "  forgotten_at TEXT NOT NULL"
  ");",

  /* 11: the wait list's index holds the members with a place in it
   * (waitlist_at, set while wait listed and only then), not the members
   * whose status is Wait Listed: the same rows, but on a team database a
   * status change no longer touches a column the index depends on, so
   * PostgreSQL can write the member's new row beside the old one without
   * new index entries (turnout-schema-pg.h's step 11). The rows are made
   * to agree first. */
  TURNOUT_SCHEMA_11_WAITLIST,
};
