#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The team mode tests' PostgreSQL server answers: ./build-aux/dev test starts
# one (build-aux/pg-throwaway) and names it in TURNOUT_TEST_PG_URI. Skipped
# (77) only when no server was given, never when the given one is down.
set -u

if [ -z "${TURNOUT_TEST_PG_URI:-}" ]; then
  echo "TURNOUT_TEST_PG_URI is not set: no PostgreSQL server to test against" \
    "(./build-aux/dev test starts one; by hand: build-aux/pg-throwaway start DIR)"
  exit 77
fi
if ! command -v psql >/dev/null 2>&1; then
  echo "no psql on PATH: install postgresql-client" >&2
  exit 1
fi

answer=$(psql "$TURNOUT_TEST_PG_URI" -X -tAc 'select 1' 2>&1)
if [ "$answer" != 1 ]; then
  echo "the server at $TURNOUT_TEST_PG_URI does not answer 'select 1': $answer" >&2
  exit 1
fi
echo "ok: $TURNOUT_TEST_PG_URI answers"
