#!/usr/bin/env bash
# Black-box checks of the live results stream (GET /polls/<id>/events/) on SQLite, with a
# Python client (tests/scripts/sse_viewer.py) and votes posted like a browser's:
#  - a viewer sees an event with the new count within 1.5 s of a vote's response;
#  - a silent stream gets heartbeat comments (POLLS_LIVE_HEARTBEAT_SECONDS=1);
#  - a viewer that never reads, on a question with 3,000 choices (big events), is dropped and
#    counted as slow; the other viewer goes on getting every vote, pages answer;
#  - beyond POLLS_LIVE_MAX_VIEWERS=2 a stream is refused with 503 and Retry-After, counted;
#  - two polls processes on one SQLite file: a vote on either reaches the other's viewers
#    within 1.5 s (each polls the file's data_version), and the other's results page, kept
#    before the vote, at once;
#  - another process writes the file: the kept index, question and results pages show it at
#    once;
#  - SIGTERM ends open streams with their last chunk (curl exits 0) and polls exits promptly.
# The protocol's details (event format, Last-Event-ID, coalescing, HEAD, HTTP/1.0) are the
# in-process suite's (tests/http/live_results_test.cpp).
#
#   bash tests/scripts/test_live.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=live-test-secret-key-0123456789abcdefghijklmn
# open_viewer, wait_event, vote, within_bound, metric, wait_metric; EVENT_BOUND.
# shellcheck source-path=SCRIPTDIR source=live_lib.sh
source "$TESTS_DIR/scripts/live_lib.sh"

check_vote_reaches_viewer() {
  local ids voted seen
  read -r -a ids <<<"$(seed_question "$WORK/vote.db" "Live?" Yes No)"
  start_polls --database "sqlite://$WORK/vote.db"
  open_viewer "$POLLS_PORT" "${ids[0]}" vote
  wait_metric "$POLLS_URL" polls_live_viewers 1
  voted=$(vote "$POLLS_PORT" "${ids[0]}" "${ids[1]}")
  seen=$(wait_event vote 1)
  within_bound "$voted" "$seen" "the event with the vote"
  voted=$(vote "$POLLS_PORT" "${ids[0]}" "${ids[2]}")
  seen=$(wait_event vote 2)
  within_bound "$voted" "$seen" "the event with a second vote"
  [ "$(metric "$POLLS_URL" polls_live_events_sent_total)" -ge 2 ] ||
    fail "polls_live_events_sent_total: $(metric "$POLLS_URL" polls_live_events_sent_total)"
  # What the page's script reads: the stream's head and its retry field.
  "$PY" - "$WORK/vote.sse" <<'PYTHON' || fail "see above"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
head = lines[0]
assert head["kind"] == "head" and head["status"] == 200, head
assert head["headers"]["content-type"] == "text/event-stream; charset=utf-8", head
assert lines[1] == dict(lines[1], kind="retry", ms=3000), lines[1]
PYTHON
}

check_heartbeat() {
  local ids started
  read -r -a ids <<<"$(seed_question "$WORK/heartbeat.db" "Quiet?" Yes No)"
  POLLS_LIVE_HEARTBEAT_SECONDS=1 start_polls --database "sqlite://$WORK/heartbeat.db"
  started=$(monotonic_now)
  open_viewer "$POLLS_PORT" "${ids[0]}" heartbeat
  "$PY" "$VIEWER" wait "$WORK/heartbeat.sse" comment --timeout 2.5 >/dev/null ||
    fail "no heartbeat within 2.5 s (live_heartbeat_seconds = 1)"
  "$PY" - "$WORK/heartbeat.sse" "$started" <<'PYTHON' || fail "see above"
import json, sys, time
path, started = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + 3
while time.monotonic() < deadline:
    lines = [json.loads(l) for l in open(path)]
    beats = [l for l in lines if l["kind"] == "comment"]
    if len(beats) >= 3:
        break
    time.sleep(0.05)
assert len(beats) >= 3, "%d heartbeats in %.1f s" % (len(beats), time.monotonic() - started)
assert all(b["text"] == "heartbeat" for b in beats), beats
# One a second of silence: three take some two seconds or more, not a burst.
assert beats[2]["t"] - beats[0]["t"] > 1.5, [b["t"] for b in beats]
assert len([l for l in lines if l["kind"] == "event"]) == 1, "events besides the first"
PYTHON
}

check_slow_viewer_dropped() {
  local ids choices=() i votes=0 question last
  for ((i = 1; i <= 3000; i++)); do choices+=("choice number $i"); done
  read -r -a ids <<<"$(seed_question "$WORK/slow.db" "Which one?" "${choices[@]}")"
  question=${ids[0]} last=${ids[3000]}
  # Every vote its own event: at most one per 10 ms; a stream whose socket takes nothing of an
  # update for a second is dropped.
  POLLS_LIVE_COALESCE_MS=10 POLLS_WRITE_TIMEOUT_SECONDS=1 start_polls --database "sqlite://$WORK/slow.db"
  "$PY" "$VIEWER" stall "$POLLS_PORT" "$question" &
  track_pid $!
  open_viewer "$POLLS_PORT" "$question" reader
  wait_metric "$POLLS_URL" polls_live_viewers 2
  # Each event holds 3,000 counts (some 70 KB): the one that never reads fills its buffers soon.
  while [ "$(metric "$POLLS_URL" 'polls_live_viewers_dropped_total{reason="slow"}')" = 0 ]; do
    [ "$votes" -lt 200 ] || fail "no viewer dropped as slow after $votes votes"
    vote "$POLLS_PORT" "$question" "$last" >/dev/null
    votes=$((votes + 1))
    wait_event reader "$votes" >/dev/null
  done
  note "dropped after $votes votes"
  wait_metric "$POLLS_URL" polls_live_viewers 1
  assert_eq 1 "$(metric "$POLLS_URL" 'polls_live_viewers_dropped_total{reason="slow"}')" \
    "viewers dropped as slow (the reader reads)"
  # The server is fine: the reader goes on, pages answer, new viewers are served.
  vote "$POLLS_PORT" "$question" "$last" >/dev/null
  wait_event reader $((votes + 1)) >/dev/null
  assert_eq 200 "$(http_status "$POLLS_URL/polls/")" "/polls/ after the drop"
  assert_eq 200 "$(http_status "$POLLS_URL/polls/$question/results/")" "results after the drop"
  open_viewer "$POLLS_PORT" "$question" late
  wait_event late $((votes + 1)) >/dev/null
  is_alive "$POLLS_PID" || fail "polls exited"
}

check_viewer_limit() {
  local ids headers
  read -r -a ids <<<"$(seed_question "$WORK/limit.db" "Full?" Yes No)"
  POLLS_LIVE_MAX_VIEWERS=2 start_polls --database "sqlite://$WORK/limit.db"
  open_viewer "$POLLS_PORT" "${ids[0]}" first
  open_viewer "$POLLS_PORT" "${ids[0]}" second
  local second=$VIEWER_PID
  wait_metric "$POLLS_URL" polls_live_viewers 2
  headers=$(curl -sS -m 5 -o /dev/null -D - "$POLLS_URL/polls/${ids[0]}/events/" | tr -d '\r')
  assert_contains "$headers" "HTTP/1.1 503" "the third viewer's response"
  assert_contains "$headers" "Retry-After: " "the third viewer's response"
  assert_eq 1 "$(metric "$POLLS_URL" polls_live_viewers_refused_total)" "viewers refused"
  # Pages are not streams: they still answer.
  assert_eq 200 "$(http_status "$POLLS_URL/polls/${ids[0]}/results/")" "results at the limit"
  # A viewer who leaves frees a place.
  kill -TERM "$second"
  wait_metric "$POLLS_URL" polls_live_viewers 1
  open_viewer "$POLLS_PORT" "${ids[0]}" third
  vote "$POLLS_PORT" "${ids[0]}" "${ids[1]}" >/dev/null
  wait_event first 1 >/dev/null
  wait_event third 1 >/dev/null
}

check_two_processes_one_file() {
  local ids a b
  read -r -a ids <<<"$(seed_question "$WORK/shared.db" "Both?" Yes No)"
  votes_cross "sqlite://$WORK/shared.db" "${ids[0]}" "${ids[1]}" "${ids[2]}" on
}

# Another process writes the file (Python's sqlite3, as a script or a second tool would): the
# pages polls keeps show it on the very next request.
check_outside_write_shows_at_once() {
  local ids page
  read -r -a ids <<<"$(seed_question "$WORK/outside.db" "Before?" Yes No)"
  start_polls --database "sqlite://$WORK/outside.db"
  for page in / "/${ids[0]}/" "/${ids[0]}/results/"; do
    curl -fsS -m 5 -o /dev/null "$POLLS_URL/polls$page"
    assert_contains "$(curl -fsS -m 5 "$POLLS_URL/polls$page")" "Before?" "polls$page, kept"
  done
  kept_results "$POLLS_PORT" "${ids[0]}" 0
  "$PY" - "$WORK/outside.db" "${ids[0]}" "${ids[1]}" <<'PYTHON'
import sqlite3
import sys

db, question, choice = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with sqlite3.connect(db) as c:
    c.execute("UPDATE polls_question SET question_text = 'After?' WHERE id = ?", (question,))
    c.execute("UPDATE polls_choice SET votes = 7 WHERE id = ?", (choice,))
PYTHON
  for page in / "/${ids[0]}/" "/${ids[0]}/results/"; do
    assert_contains "$(curl -fsS -m 5 "$POLLS_URL/polls$page")" "After?" "polls$page at once"
  done
  assert_eq 7 "$(results_total "$POLLS_PORT" "${ids[0]}")" "the results page at once"
  [ "$(metric "$POLLS_URL" polls_page_cache_hits_total)" -ge 4 ] ||
    fail "polls_page_cache_hits_total: $(metric "$POLLS_URL" polls_page_cache_hits_total)"
}

check_sigterm_ends_streams() {
  local ids curl_pid
  read -r -a ids <<<"$(seed_question "$WORK/term.db" "Bye?" Yes No)"
  start_polls --database "sqlite://$WORK/term.db"
  open_viewer "$POLLS_PORT" "${ids[0]}" term
  curl -sS -N -m 20 -o "$WORK/term.curl" "$POLLS_URL/polls/${ids[0]}/events/" 2>"$WORK/term.err" &
  curl_pid=$!
  track_pid "$curl_pid"
  wait_metric "$POLLS_URL" polls_live_viewers 2
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 3
  assert_eq 0 "$EXIT_RC" "polls' exit status after SIGTERM with two streams open"
  note "polls exited in ${EXIT_MS} ms"
  wait_exit "$curl_pid" 3
  assert_eq 0 "$EXIT_RC" "curl's exit status (stderr: $(cat "$WORK/term.err"))"
  assert_contains "$(cat "$WORK/term.curl")" '"total":0' "what curl received"
  "$PY" "$VIEWER" wait "$WORK/term.sse" end --timeout 1 >/dev/null ||
    fail "the viewer did not get the last chunk"
  "$PY" "$VIEWER" wait "$WORK/term.sse" closed --timeout 1 >/dev/null ||
    fail "the connection was not closed after the last chunk"
}

check "a viewer sees a vote within ${EVENT_BOUND} s" check_vote_reaches_viewer
check "a silent stream gets a heartbeat every second" check_heartbeat
check "a viewer that never reads is dropped; the server is fine" check_slow_viewer_dropped
check "beyond live_max_viewers: 503 with Retry-After" check_viewer_limit
check "two processes on one SQLite file see each other's votes" check_two_processes_one_file
check "another process's write shows at once on kept pages" check_outside_write_shows_at_once
check "SIGTERM ends open streams cleanly and polls exits promptly" check_sigterm_ends_streams
finish
