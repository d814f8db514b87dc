#!/usr/bin/env bash
# Crash durability, on SQLite and on PostgreSQL: votes arrive from 8 clients at once, polls is
# killed with SIGKILL in the middle of them, and then
#  - every vote that was answered with a 302 is stored (per choice; at most one vote per client
#    may be stored without its answer having arrived: the one in flight at the kill);
#  - SQLite's PRAGMA integrity_check says ok;
#  - polls starts again on the same database, serves its pages and counts a new vote.
# The PostgreSQL half uses the server named by POLLS_TEST_DATABASE_URL (scripts/test starts one);
# without it that half fails, unless POLLS_TEST_SKIP leaves out postgres.
#
#   bash tests/scripts/test_crash_durability.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=crash-test-secret-key-0123456789abcdefghijkl
readonly CLIENTS=8

# vote_until_killed QUESTION CHOICE...: 8 clients vote (each on its own keep-alive connection,
# cycling over the choices) until some 300 votes are answered, then polls gets SIGKILL. Prints
# one line "CHOICE ANSWERED_302" per choice, and "total ANSWERED".
vote_until_killed() {
  "$PY" - "$POLLS_PORT" "$POLLS_PID" "$CLIENTS" "$@" <<'PYTHON'
import http.client
import os
import signal
import sys
import threading
import time
from urllib.parse import urlencode
from rawhttp import HOST, csrf_form

port, pid, clients, question = (int(a) for a in sys.argv[1:5])
choices = [int(c) for c in sys.argv[5:]]
answered = {c: 0 for c in choices}
other = []
lock = threading.Lock()
stop = threading.Event()

def client(n):
    cookie, token = csrf_form(port, question)
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    i = n
    while not stop.is_set():
        choice = choices[i % len(choices)]
        i += 1
        body = urlencode({"csrfmiddlewaretoken": token, "choice": str(choice)})
        try:
            conn.request("POST", "/polls/%d/vote/" % question, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "csrftoken=" + cookie})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        with lock:
            if response.status == 302:
                answered[choice] += 1
            else:
                other.append(response.status)

threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in threads:
    t.start()
deadline = time.monotonic() + 20
while sum(answered.values()) < 300 and time.monotonic() < deadline and not other:
    time.sleep(0.01)
os.kill(pid, signal.SIGKILL)
stop.set()
for t in threads:
    t.join(15)
assert not other, "votes answered with something else than 302: %r" % other[:5]
assert sum(answered.values()) >= 300, "only %d votes answered in 20 s" % sum(answered.values())
for choice, n in answered.items():
    print(choice, n)
print("total", sum(answered.values()))
PYTHON
}

# compare_votes ANSWERED_FILE STORED...: stored per choice (in the file's order) against answered.
compare_votes() {
  local file=$1 choice answered stored total_answered=0 total_stored=0 i=0
  shift
  local stored_counts=("$@")
  while read -r choice answered; do
    [ "$choice" = total ] && continue
    stored=${stored_counts[$i]}
    i=$((i + 1))
    note "choice $choice: $answered answered 302, $stored stored"
    [ "$stored" -ge "$answered" ] || fail "choice $choice: $answered votes answered 302 but only $stored stored"
    total_answered=$((total_answered + answered))
    total_stored=$((total_stored + stored))
  done <"$file"
  [ $((total_stored - total_answered)) -le "$CLIENTS" ] ||
    fail "$total_stored votes stored for $total_answered answered: more than one in flight per client"
}

# serves_and_counts QUESTION CHOICE: polls serves again and counts a vote.
serves_and_counts() {
  assert_eq 200 "$(http_status "$POLLS_URL/polls/")" "/polls/ after the restart"
  assert_eq 200 "$(http_status "$POLLS_URL/polls/$1/results/")" "results after the restart"
  local status
  status=$("$PY" -c 'import sys; from rawhttp import *
port, q, c = map(int, sys.argv[1:])
cookie, token = csrf_form(port, q)
print(post_vote(port, q, c, cookie, token)[0])' "$POLLS_PORT" "$1" "$2")
  assert_eq 302 "$status" "a vote after the restart"
}

check_sqlite() {
  local db=$WORK/crash.db qid choices stored before after
  read -r qid choices <<<"$(seed_question "$db" "Crash?" A B C D)"
  # shellcheck disable=SC2206 # ids are numbers
  choices=($choices)
  start_polls --database "sqlite://$db" --log-level warn
  vote_until_killed "$qid" "${choices[@]}" >"$WORK/answered-sqlite"
  wait_exit "$POLLS_PID" 5
  [ "$EXIT_RC" != timeout ] || fail "polls did not die of SIGKILL"
  stored=()
  for c in "${choices[@]}"; do stored+=("$(votes_of "$db" "$c")"); done
  compare_votes "$WORK/answered-sqlite" "${stored[@]}"
  assert_eq ok "$("$PY" -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$db")" \
    "PRAGMA integrity_check"
  start_polls --database "sqlite://$db" --log-level warn
  before=$(votes_of "$db" "${choices[0]}")
  assert_eq "${stored[0]}" "$before" "votes of choice ${choices[0]} after the restart"
  serves_and_counts "$qid" "${choices[0]}"
  after=$(votes_of "$db" "${choices[0]}")
  assert_eq $((before + 1)) "$after" "votes after one more"
}

check_postgres() {
  [ -n "${POLLS_TEST_DATABASE_URL:-}" ] ||
    skip_check_or_fail postgres "POLLS_TEST_DATABASE_URL is not set (scripts/postgres-server start prints it)"
  local base=$POLLS_TEST_DATABASE_URL name url qid choices stored before after
  name=crash_$$_$RANDOM
  psql -q -X "$base" -c "CREATE DATABASE $name" >/dev/null
  url="${base%/*}/$name"
  "$POLLS" migrate --database "$url" >/dev/null
  qid=$(psql -X -A -t -q "$url" -c "INSERT INTO polls_question (question_text, pub_date)
    VALUES ('Crash?', now() - interval '1 hour') RETURNING id" | head -n1)
  # shellcheck disable=SC2207 # ids are numbers
  choices=($(psql -X -A -t -q "$url" -c "INSERT INTO polls_choice (question_id, choice_text, votes)
    VALUES ($qid, 'A', 0), ($qid, 'B', 0), ($qid, 'C', 0), ($qid, 'D', 0) RETURNING id" | head -n4))
  start_polls --database "$url" --log-level warn
  vote_until_killed "$qid" "${choices[@]}" >"$WORK/answered-postgres"
  wait_exit "$POLLS_PID" 5
  [ "$EXIT_RC" != timeout ] || fail "polls did not die of SIGKILL"
  stored=()
  for c in "${choices[@]}"; do
    stored+=("$(psql -X -A -t -q "$url" -c "SELECT votes FROM polls_choice WHERE id = $c")")
  done
  compare_votes "$WORK/answered-postgres" "${stored[@]}"
  start_polls --database "$url" --log-level warn
  serves_and_counts "$qid" "${choices[0]}"
  after=$(psql -X -A -t -q "$url" -c "SELECT votes FROM polls_choice WHERE id = ${choices[0]}")
  assert_eq $((stored[0] + 1)) "$after" "votes after one more"
  psql -q -X "$base" -c "DROP DATABASE $name WITH (FORCE)" >/dev/null 2>&1 || true
}

check "SQLite: SIGKILL mid-votes loses no answered vote, the file is intact, polls restarts" \
  check_sqlite
check "PostgreSQL: SIGKILL mid-votes loses no answered vote, polls restarts" check_postgres
finish
