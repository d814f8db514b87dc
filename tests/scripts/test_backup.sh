#!/usr/bin/env bash
# Black-box checks of `polls backup FILE`: a consistent copy of the SQLite database taken while
# polls serves and votes keep arriving (no vote lost, the copy passes integrity_check and holds
# a count between the votes before and after it), and the refusals: an existing FILE is never
# overwritten, a missing database or PostgreSQL is an error.
#
#   bash tests/scripts/test_backup.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=$WORK/live.db

integrity() { "$PY" -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"; }

check_backup_while_voting() {
  local qid cid out err rc before after copied voted
  read -r qid cid < <(seed_question "$DB" "Backed up?" "Yes")
  start_polls --database "sqlite://$DB"
  # Voters for about 3 s in the background; they print how many votes got their 302.
  "$PY" - "$POLLS_PORT" "$qid" "$cid" >"$WORK/voted" <<'PYTHON' &
import sys, time
from rawhttp import csrf_form, post_vote
port, qid, cid = (int(a) for a in sys.argv[1:4])
cookie, token = csrf_form(port, qid)
ok, end = 0, time.time() + 3
while time.time() < end:
    status, _, _ = post_vote(port, qid, cid, cookie, token)
    ok += status == 302
print(ok)
PYTHON
  local voters=$!
  sleep 1
  before=$(votes_of "$DB" "$cid")
  run_capture out err rc "$POLLS" backup "$WORK/copy.db" --database "sqlite://$DB"
  after=$(votes_of "$DB" "$cid")
  assert_eq 0 "$rc" "polls backup exit status (stderr: $err)"
  assert_contains "$out" "backed up $DB to $WORK/copy.db" "polls backup output"
  assert_contains "$out" "1 questions, 1 choices" "polls backup output"
  wait "$voters"
  voted=$(cat "$WORK/voted")
  [ "$voted" -gt 0 ] || fail "no vote went through while backing up"
  assert_eq "ok" "$(integrity "$WORK/copy.db")" "integrity_check of the copy"
  copied=$(votes_of "$WORK/copy.db" "$cid")
  # The copy is one moment between the reads before and after it.
  [ "$before" -le "$copied" ] && [ "$copied" -le "$after" ] ||
    fail "votes in the copy ($copied) not between $before and $after"
  assert_eq "$voted" "$(votes_of "$DB" "$cid")" "votes stored (none lost during the backup)"
  [ -z "$(find "$WORK" -name '*.partial-*')" ] || fail "a temporary file was left behind"
  # The copy is a database polls serves.
  start_polls --database "sqlite://$WORK/copy.db"
  assert_contains "$(curl -fsS -m 5 "$POLLS_URL/polls/")" "Backed up?" "GET /polls/ on the copy"
}

check_refusals() {
  local out err rc
  seed_question "$WORK/other.db" "Other?" "A" >/dev/null
  echo "precious" >"$WORK/taken.db"
  run_capture out err rc "$POLLS" backup "$WORK/taken.db" --database "sqlite://$WORK/other.db"
  assert_eq 1 "$rc" "exit status when FILE exists"
  assert_contains "$err" "exists; a backup never overwrites a file" "stderr"
  assert_eq "precious" "$(cat "$WORK/taken.db")" "the existing file"
  run_capture out err rc "$POLLS" backup "$WORK/new.db" --database "sqlite://$WORK/missing.db"
  assert_eq 1 "$rc" "exit status for a missing database"
  assert_contains "$err" "no database at $WORK/missing.db" "stderr"
  [ ! -e "$WORK/missing.db" ] || fail "backup created the missing source database"
  run_capture out err rc "$POLLS" backup "$WORK/nofolder/x.db" --database "sqlite://$WORK/other.db"
  assert_eq 1 "$rc" "exit status for a missing folder"
  run_capture out err rc "$POLLS" backup "$WORK/pg.db" --database "postgres://u:p@127.0.0.1:1/db"
  assert_eq 2 "$rc" "exit status for PostgreSQL"
  assert_contains "$err" "pg_dump" "stderr"
  run_capture out err rc "$POLLS" backup
  assert_eq 2 "$rc" "exit status without FILE"
}

check "a backup while votes arrive is consistent and loses no vote" check_backup_while_voting
check "an existing file, a missing database and PostgreSQL are refused" check_refusals
finish
