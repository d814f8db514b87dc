# Helpers of the live results checks (test_live.sh on SQLite, test_live_postgres.sh), sourced
# after lib.sh: viewers of a question's stream (tests/scripts/sse_viewer.py, run in the
# background, logging what it reads to $WORK/NAME.sse with monotonic times), waits on what they
# saw, votes posted like a browser's, and the /metrics series the checks read.
# shellcheck shell=bash
# Variables set here are read by the scripts that source this file.
# shellcheck disable=SC2034

VIEWER=$TESTS_DIR/scripts/sse_viewer.py
# A vote's event must reach a viewer within this many seconds of the vote's response (the issue
# asks for a second; the margin is for a loaded test machine).
EVENT_BOUND=1.5

# open_viewer PORT QUESTION NAME [LAST_EVENT_ID]: a viewer of QUESTION's stream on polls at PORT,
# logging to $WORK/NAME.sse (sse_viewer.py watch); returns once the stream's first event (the
# current counts) arrived, or with LAST_EVENT_ID (sent as Last-Event-ID) once its retry field
# did (an event may follow). Sets VIEWER_PID.
open_viewer() {
  local log=$WORK/$3.sse first=event
  "$PY" "$VIEWER" watch "$1" "$2" "$log" ${4:+--last-event-id "$4"} &
  VIEWER_PID=$!
  track_pid "$VIEWER_PID"
  [ -z "${4:-}" ] || first=retry
  "$PY" "$VIEWER" wait "$log" "$first" >/dev/null || fail "no first $first on $3's stream"
}

# events_of NAME: the events viewer NAME saw so far, one a line: "TOTAL ID".
events_of() {
  "$PY" -c 'import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["kind"] == "event":
        print(e["total"], e["id"])' "$WORK/$1.sse"
}

# wait_event NAME TOTAL [SECONDS [AFTER]]: waits (default 5 s) until viewer NAME saw an event
# with that total (read after the monotonic time AFTER, if given); prints the monotonic time it
# was read.
wait_event() {
  local line
  line=$("$PY" "$VIEWER" wait "$WORK/$1.sse" event --total "$2" --timeout "${3:-5}" \
    ${4:+--after "$4"}) || fail "viewer $1 saw no event with total $2${4:+ after $4}"
  "$PY" -c 'import json, sys; print(json.loads(sys.argv[1])["t"])' "$line"
}

# monotonic_now: the clock of the viewers' logs, now.
monotonic_now() { "$PY" "$VIEWER" now; }

# vote_status PORT QUESTION CHOICE: votes like a browser (GET the form, POST it); prints the
# status (000 when there was no answer) and the monotonic time at which the response had arrived.
vote_status() {
  "$PY" -c 'import sys, time; from rawhttp import *
port, q, c = map(int, sys.argv[1:])
try:
    cookie, token = csrf_form(port, q)
    status = post_vote(port, q, c, cookie, token)[0]
except (OSError, AssertionError):
    status = "000"
print(status, "%.6f" % time.monotonic())' "$@"
}

# vote PORT QUESTION CHOICE: vote_status, which must answer 302; prints the monotonic time at
# which the response had arrived.
vote() {
  local out
  out=$(vote_status "$@") || fail "the vote on port $1 failed: $out"
  [ "${out%% *}" = 302 ] || fail "the vote on port $1 answered ${out%% *}, not 302"
  echo "${out#* }"
}

# within_bound VOTED SEEN WHAT: the event read at SEEN came at most EVENT_BOUND s after the
# vote's response at VOTED (monotonic seconds); notes the delay.
within_bound() {
  local ms
  ms=$(awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }')
  note "$3: ${ms} ms after the vote's response"
  awk -v ms="$ms" -v bound="$EVENT_BOUND" 'BEGIN { exit !(ms <= bound * 1000) }' ||
    fail "$3 came ${ms} ms after the vote's response (bound: ${EVENT_BOUND} s)"
}

# metric URL SERIES: the value of one series at URL/metrics (a number, or empty).
metric() {
  curl -fsS -m 5 "$1/metrics" | awk -v s="$2" '$1 == s { print $2 }'
}

# wait_metric URL SERIES VALUE: waits up to 3 s until a series reads VALUE (the loop files a
# stream a moment after its head is out, and closes one a moment after its client left).
wait_metric() {
  local i
  for ((i = 0; i < 60; i++)); do
    [ "$(metric "$1" "$2")" = "$3" ] && return 0
    sleep 0.05
  done
  fail "$2 reads $(metric "$1" "$2"), expected $3"
}

# results_total PORT QUESTION: the total the results page shows ("2 votes" -> 2).
results_total() {
  curl -fsS -m 5 "http://127.0.0.1:$1/polls/$2/results/" |
    sed -n 's/.*<span class="total-votes">\([0-9]*\) votes\{0,1\}<.*/\1/p'
}

# kept_results PORT QUESTION TOTAL: the results page shows TOTAL, asked twice so that the second
# answer comes from the page cache.
kept_results() {
  assert_eq "$3" "$(results_total "$1" "$2")" "the results page's total on port $1"
  assert_eq "$3" "$(results_total "$1" "$2")" "the results page's total on port $1, kept"
}

# votes_cross DATABASE_URL QUESTION CHOICE_A CHOICE_B NAME: two polls processes on one database
# (their ports in `a` and `b`), a viewer of QUESTION on each ($WORK/NAME_a.sse, NAME_b.sse); a
# vote for CHOICE_A on A must reach B's viewer, and one for CHOICE_B on B A's, each within
# EVENT_BOUND of its response; and each process's results page, kept before the vote, shows the
# other's vote the moment it was answered. The question starts with no votes.
votes_cross() {
  local voted seen
  start_polls --database "$1"
  a=$POLLS_PORT
  start_polls --database "$1"
  b=$POLLS_PORT
  open_viewer "$a" "$2" "$5_a"
  open_viewer "$b" "$2" "$5_b"
  kept_results "$a" "$2" 0
  kept_results "$b" "$2" 0
  voted=$(vote "$a" "$2" "$3")
  assert_eq 1 "$(results_total "$b" "$2")" "B's results page at once after a vote on A"
  seen=$(wait_event "$5_b" 1)
  within_bound "$voted" "$seen" "a vote on A, on B's stream"
  wait_event "$5_a" 1 >/dev/null
  kept_results "$a" "$2" 1
  voted=$(vote "$b" "$2" "$4")
  assert_eq 2 "$(results_total "$a" "$2")" "A's results page at once after a vote on B"
  seen=$(wait_event "$5_a" 2)
  within_bound "$voted" "$seen" "a vote on B, on A's stream"
  wait_event "$5_b" 2 >/dev/null
}
