#!/usr/bin/env bash
# Black-box checks of a polls process's life: start-up warnings, JSON logs, readiness, graceful
# stop on SIGTERM and SIGINT (also while a request is in flight), and a clear failure when the
# database cannot be opened.
#
#   bash tests/scripts/test_lifecycle.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly GOOD_KEY=lifecycle-test-secret-key-0123456789abcdefghij

# log_json LOG PYTHON_EXPRESSION: evaluates an expression over `lines` (the log's lines, each
# parsed as JSON) and prints it; fails if a line is not a JSON object.
log_json() {
  "$PY" - "$1" "$2" <<'PYTHON'
import json
import re
import sys

lines = []
with open(sys.argv[1], encoding="utf-8") as f:
    for number, text in enumerate(f, 1):
        try:
            value = json.loads(text)
        except ValueError as e:
            sys.exit("line %d is not JSON (%s): %r" % (number, e, text[:200]))
        if not isinstance(value, dict):
            sys.exit("line %d is not a JSON object: %r" % (number, text[:200]))
        lines.append(value)
print(eval(sys.argv[2], {"lines": lines, "re": re, "json": json}))
PYTHON
}

# stop_with SIGNAL: sends SIGNAL to the polls started last; it must exit 0 within 2 s and log
# "stopped".
stop_with() {
  kill -s "$1" "$POLLS_PID"
  wait_exit "$POLLS_PID" 2
  assert_eq 0 "$EXIT_RC" "exit status after SIG$1 (waited ${EXIT_MS} ms)"
  [ "$(log_json "$POLLS_LOG" 'any(l.get("msg") == "stopped" for l in lines)')" = True ] ||
    fail "no \"stopped\" line in the log after SIG$1"
  note "exited 0 in ${EXIT_MS} ms"
}

# Without SECRET_KEY polls still serves, but says so once, without printing the key it made up.
check_secret_key_warning() {
  local verdict
  start_polls --database "sqlite://$WORK/warn.db"
  stop_with TERM
  # One (level, has-a-long-token) pair per line that mentions SECRET_KEY in its message.
  verdict=$(log_json "$POLLS_LOG" '[(l.get("level"),
    bool(re.search(r"[A-Za-z0-9_-]{24,}", " ".join(str(v) for k, v in l.items() if k != "time"))))
    for l in lines if "SECRET_KEY" in l.get("msg", "")]')
  assert_eq "[('warn', False)]" "$verdict" "SECRET_KEY warning lines as (level, shows a long token)"
}

# With a key set there is no warning, and the key appears nowhere in the log.
check_secret_key_set_is_quiet() {
  SECRET_KEY=$GOOD_KEY start_polls --database "sqlite://$WORK/quiet.db"
  curl -fsS -o /dev/null "$POLLS_URL/polls/"
  stop_with TERM
  assert_not_contains "$(cat "$POLLS_LOG" "$POLLS_LOG.err")" "SECRET_KEY is not set" "log with SECRET_KEY set"
  assert_not_contains "$(cat "$POLLS_LOG" "$POLLS_LOG.err")" "$GOOD_KEY" "log with SECRET_KEY set"
}

# stdout is a file here, so log_format "auto" must give one JSON object per line, requests too.
check_json_logs() {
  local summary
  SECRET_KEY=$GOOD_KEY start_polls --database "sqlite://$WORK/json.db"
  curl -sS -o /dev/null "$POLLS_URL/"
  curl -sS -o /dev/null "$POLLS_URL/polls/"
  curl -sS -o /dev/null "$POLLS_URL/no/such/page"
  curl -sS -o /dev/null -H 'X-Request-ID: "quoted\value' "$POLLS_URL/polls/?q=%22%0A"
  stop_with TERM
  summary=$(log_json "$POLLS_LOG" '(len(lines),
    all({"time", "level", "msg"} <= set(l) for l in lines),
    sorted({l.get("status") for l in lines if l.get("msg") == "request"}))')
  note "lines, all have time/level/msg, request statuses: $summary"
  assert_contains "$summary" "True" "every line has time, level and msg"
  assert_contains "$summary" "[200, 404]" "request statuses logged"
}

check_sigterm_idle() {
  SECRET_KEY=$GOOD_KEY start_polls --database "sqlite://$WORK/term.db"
  stop_with TERM
}

check_sigint_idle() {
  SECRET_KEY=$GOOD_KEY start_polls --database "sqlite://$WORK/int.db"
  stop_with INT
}

check_readyz() {
  local body
  SECRET_KEY=$GOOD_KEY start_polls --database "sqlite://$WORK/ready.db"
  note "time to first 200: ${POLLS_STARTUP_MS} ms (informational)"
  assert_eq 200 "$(http_status "$POLLS_URL/readyz")" "GET /readyz status"
  body=$(curl -sS -m 5 "$POLLS_URL/readyz")
  assert_contains "$body" ready "GET /readyz body"
  assert_eq 200 "$(http_status "$POLLS_URL/healthz")" "GET /healthz status"
  stop_with TERM
}

# A vote waiting for a locked database when SIGTERM arrives is finished, not dropped: python
# holds the SQLite write lock, polls' UPDATE waits in its busy timeout, SIGTERM comes, the lock
# is released after ~1 s, the vote answers 302, is counted, and polls then exits 0.
check_sigterm_during_slow_vote() {
  local db=$WORK/slow.db ids qid cid
  ids=$(seed_question "$db" "Stop now?" "Yes" "No")
  read -r qid cid _ <<<"$ids"
  SECRET_KEY=$GOOD_KEY start_polls --database "sqlite://$db"
  "$PY" - "$POLLS_PORT" "$POLLS_PID" "$db" "$qid" "$cid" <<'PYTHON' || fail "the vote during SIGTERM went wrong"
import os
import signal
import sqlite3
import sys
import threading
import time

from rawhttp import csrf_form, post_vote, HOST
import socket

port, pid, db, qid, cid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
cookie, token = csrf_form(port, qid)

lock = sqlite3.connect(db, isolation_level=None, timeout=5)
lock.execute("BEGIN IMMEDIATE")  # the write lock: polls' UPDATE now waits
locked_at = time.monotonic()
result = {}
voter = threading.Thread(target=lambda: result.update(r=post_vote(port, qid, cid, cookie, token)))
voter.start()
time.sleep(0.3)
os.kill(pid, signal.SIGTERM)
time.sleep(0.2)
# Informational: after SIGTERM new connections should be refused.
try:
    socket.create_connection((HOST, port), timeout=0.5).close()
    print("     note: a new connection was still accepted 0.2 s after SIGTERM")
except OSError as e:
    print("     note: new connection after SIGTERM: %s" % e.__class__.__name__)
time.sleep(max(0.0, 1.0 - (time.monotonic() - locked_at)))
still_waiting = voter.is_alive()
lock.execute("ROLLBACK")
lock.close()
voter.join(30)
if "r" not in result:
    sys.exit("the vote got no response (thread alive: %s)" % voter.is_alive())
status, location, seconds = result["r"]
print("     vote: %d %s after %.2f s (still waiting when the lock was released: %s)"
      % (status, location, seconds, still_waiting))
if not still_waiting:
    sys.exit("the vote did not wait for the lock, so this check proved nothing")
if status != 302 or location != "/polls/%d/results/" % qid:
    sys.exit("expected 302 to /polls/%d/results/, got %d %s" % (qid, status, location))
PYTHON
  wait_exit "$POLLS_PID" 10
  assert_eq 0 "$EXIT_RC" "exit status after SIGTERM during a vote"
  assert_eq 1 "$(votes_of "$db" "$cid")" "votes stored for the choice"
}

# A database in a folder that does not exist: exit 1 at once, with a message naming it.
check_bad_database_path() {
  local out err rc db=$WORK/does/not/exist/polls.db
  run_capture out err rc "$POLLS" serve --listen 127.0.0.1:0 --database "sqlite://$db"
  assert_eq 1 "$rc" "polls serve with $db exit status"
  assert_contains "$out$err" "$db" "polls serve output"
  assert_contains "$out$err" "cannot" "polls serve output"
  note "$(printf '%s\n%s\n' "$out" "$err" | grep -m1 cannot)"
}

check "a warning without SECRET_KEY, key not shown" check_secret_key_warning
check "no warning and no key in the log with SECRET_KEY" check_secret_key_set_is_quiet
check "logs are JSON lines when stdout is not a terminal" check_json_logs
check "SIGTERM while idle: exit 0 within 2 s" check_sigterm_idle
check "SIGINT while idle: exit 0 within 2 s" check_sigint_idle
check "/readyz is 200 while serving" check_readyz
check "SIGTERM during a vote waiting on a lock: vote counted" check_sigterm_during_slow_vote
check "database in a missing folder: exit 1, clear message" check_bad_database_path
finish
