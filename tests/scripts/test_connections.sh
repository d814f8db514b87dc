#!/usr/bin/env bash
# Black-box checks of polls' connection layer against the real binary, loopback only, bounded in
# count and time (scripts/bench_lib/crowd.py holds the crowds; 127.0.0.2 and up stand for other
# clients):
#  - trickling clients are cut at the head deadline with 408;
#  - with thousands of idle keep-alive clients (asking again every few seconds) and 2,000
#    trickling ones open, fresh clients from another address are answered within 1 s each;
#  - one address is held to max_connections_per_address (503), another is still served;
#  - requests beyond max_queued_requests are answered 503 with Retry-After, at once;
#  - pipelined requests are answered in order;
#  - the open-file soft limit is raised to the hard limit at start (and a limit too small for
#    max_connections is said in the log);
#  - SIGTERM with a crowd open: idle connections are closed at once, exit 0.
#
#   bash tests/scripts/test_connections.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=connections-test-secret-key-0123456789abcdefgh
CROWD=$REPO_ROOT/scripts/bench_lib/crowd.py
DB=$WORK/connections.db
read -r QID _ <<<"$(seed_question "$DB" "Crowded?" "Yes" "No")"

# This script's own sockets: a crowd of 5,000 needs as many files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FILES=$(ulimit -n)
IDLE=3000
TRICKLE=2000
if [ "$FILES" -lt $((IDLE + TRICKLE + 500)) ]; then
  IDLE=$(((FILES - 500) * 3 / 5))
  TRICKLE=$(((FILES - 500) * 2 / 5))
fi

# start_crowd ARGS...: crowd.py against the current polls, in the background, until it is READY.
# Sets CROWD_PID and CROWD_OUT.
start_crowd() {
  CROWD_OUT=$(mktemp "$WORK/crowd.XXXXXX")
  "$PY" "$CROWD" --port "$POLLS_PORT" "$@" >"$CROWD_OUT" 2>&1 &
  CROWD_PID=$!
  track_pid "$CROWD_PID"
  local tries
  for ((tries = 0; tries < 600; tries++)); do
    grep -q '^READY ' "$CROWD_OUT" && return 0
    is_alive "$CROWD_PID" || fail "crowd.py ended early: $(tail -n 5 "$CROWD_OUT")"
    sleep 0.1
  done
  fail "the crowd did not open within 60 s: $(tail -n 5 "$CROWD_OUT")"
}

# stop_crowd: SIGTERM, and the DONE line's JSON in CROWD_DONE.
stop_crowd() {
  kill -TERM "$CROWD_PID" 2>/dev/null || true
  wait_exit "$CROWD_PID" 10
  CROWD_DONE=$(sed -n 's/^DONE //p' "$CROWD_OUT")
}

# fresh_clients SOURCE COUNT: COUNT fresh GET /polls/ from SOURCE, one after another, each on a
# new connection; fails unless every one is a 200 within 1 s. Prints the slowest.
fresh_clients() {
  "$PY" - "$POLLS_PORT" "$1" "$2" "$(dirname "$CROWD")" <<'PYTHON'
import sys
import time
port, source, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sys.path.insert(0, sys.argv[4])
from crowd import fresh_get
took, problems = [], []
for i in range(count):
    status, seconds = fresh_get(port, source, timeout=3)
    took.append(seconds)
    if status != "200":
        problems.append("request %d: %s" % (i, status))
    time.sleep(0.05)
took.sort()
print("     %d fresh requests from %s: median %.1f ms, slowest %.1f ms"
      % (count, source, took[len(took) // 2] * 1000, took[-1] * 1000))
assert not problems, "; ".join(problems[:5])
assert took[-1] < 1.0, "a fresh request took %.2f s" % took[-1]
PYTHON
}

check_trickling_cut_at_head_deadline() {
  POLLS_HEAD_TIMEOUT_SECONDS=2 POLLS_LOG_LEVEL=warn start_polls --database "sqlite://$DB"
  start_crowd --trickle 200 --trickle-every 0.5 --duration 4
  sleep 3.5
  stop_crowd
  note "crowd: $CROWD_DONE"
  "$PY" - "$CROWD_DONE" <<'PYTHON'
import json, sys
done = json.loads(sys.argv[1])
assert done["responses"].get("408", 0) >= 200, "expected every trickler cut with 408: %r" % done
assert set(done["responses"]) == {"408"}, "answers other than 408: %r" % done["responses"]
PYTHON
  fresh_clients 127.0.0.2 5
}

check_fresh_clients_answered_in_a_crowd() {
  POLLS_MAX_CONNECTIONS_PER_ADDRESS=0 POLLS_HEAD_TIMEOUT_SECONDS=30 POLLS_LOG_LEVEL=warn \
    start_polls --database "sqlite://$DB"
  start_crowd --idle "$IDLE" --reask 4 --trickle "$TRICKLE" --trickle-every 2 --duration 60
  note "crowd open: $(sed -n 's/^READY //p' "$CROWD_OUT")"
  fresh_clients 127.0.0.2 40
  local metrics
  metrics=$(curl -fsS "$POLLS_URL/metrics")
  note "$(grep -E '^polls_http_connections\{|^process_resident_memory_bytes' <<<"$metrics")"
  local open
  open=$(awk '/^polls_http_connections_open /{print $2}' <<<"$metrics")
  [ "${open%.*}" -ge $((IDLE + TRICKLE)) ] || fail "only $open connections open during the crowd"
  stop_crowd
  "$PY" -c 'import json, sys
done = json.loads(sys.argv[1])
bad = {k: v for k, v in done["responses"].items() if k != "200"}
assert not bad and done["idle_closed_by_server"] == 0, "the idle crowd was not served: %r" % done' \
    "$CROWD_DONE"
}

check_per_address_cap() {
  POLLS_MAX_CONNECTIONS_PER_ADDRESS=50 POLLS_LOG_LEVEL=warn start_polls --database "sqlite://$DB"
  start_crowd --idle 50 --sources 127.0.0.3
  "$PY" - "$POLLS_PORT" <<'PYTHON'
import socket
import sys
port = int(sys.argv[1])
s = socket.socket()
s.bind(("127.0.0.3", 0))
s.settimeout(3)
s.connect(("127.0.0.1", port))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
data = s.recv(65536)
assert data.startswith(b"HTTP/1.1 503"), "the 51st connection from 127.0.0.3 got %r" % data[:40]
assert b"Retry-After: 1" in data, "no Retry-After in %r" % data
print("     the 51st connection from 127.0.0.3: 503 with Retry-After")
PYTHON
  fresh_clients 127.0.0.4 5
  stop_crowd
}

# One worker whose request waits for the rest of its body, max_queued_requests=2: two more
# complete heads wait in the queue, the next request is refused at once.
check_queue_bound_503() {
  POLLS_THREADS=1 POLLS_MAX_THREADS=1 POLLS_MAX_QUEUED_REQUESTS=2 POLLS_READ_TIMEOUT_SECONDS=10 \
    POLLS_LOG_LEVEL=warn start_polls --database "sqlite://$DB"
  "$PY" - "$POLLS_PORT" "$QID" <<'PYTHON'
import socket, sys, time
port, qid = int(sys.argv[1]), int(sys.argv[2])
def conn():
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    return s
busy = conn()
busy.sendall(("POST /polls/%d/vote/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nchoice=" % qid).encode())
time.sleep(0.3)
queued = [conn() for _ in range(2)]
for s in queued:
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
time.sleep(0.3)
refused = conn()
started = time.monotonic()
refused.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
data = refused.recv(65536)
took = time.monotonic() - started
assert data.startswith(b"HTTP/1.1 503"), "the request past the queue got %r" % data[:60]
assert b"Retry-After: 1" in data, "no Retry-After: %r" % data
assert took < 1, "the 503 took %.2f s" % took
busy.sendall(b"x" * 93)  # the rest of the body: the worker is free again
for s in queued:
    answer = s.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), "a queued request got %r" % answer[:60]
print("     past max_queued_requests: 503 + Retry-After in %.0f ms; the queued two then 200" % (took * 1000))
PYTHON
}

check_pipelining() {
  POLLS_LOG_LEVEL=warn start_polls --database "sqlite://$DB"
  "$PY" - "$POLLS_PORT" "$QID" <<'PYTHON'
import sys
from rawhttp import Conn
port, qid = int(sys.argv[1]), int(sys.argv[2])
paths = ["/healthz", "/polls/", "/polls/%d/" % qid, "/polls/%d/results/" % qid, "/readyz"] * 2
c = Conn(port)
c.send("".join("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % p for p in paths))
want = [b"ok\n", b"Crowded?", b"Crowded?", b"Crowded?", b"ready\n"] * 2
for p, expected in zip(paths, want):
    r = c.read_response(timeout=5)
    assert r is not None and r.status == 200, "%s: %r" % (p, r)
    assert expected in r.body, "%s: the answer of another request? %r" % (p, r.body[:80])
print("     %d pipelined requests answered in order on one connection" % len(paths))
c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
r = c.read_response(timeout=5)
assert r is not None and r.status == 200 and c.closed_by_peer(), "the last one: %r" % r
PYTHON
}

check_open_file_limit_raised() {
  command -v prlimit >/dev/null || fail "prlimit (util-linux) is missing"
  local hard
  hard=$(ulimit -Hn)
  [ "$hard" -gt 1024 ] ||
    skip_check_or_fail file_limit "this shell's hard limit on open files is $hard: no higher limit to raise it to"
  POLLS_LOG_LEVEL=info start_polls_limited 1024 "$hard"
  local soft
  soft=$(awk '/^Max open files/{print $4}' "/proc/$POLLS_PID/limits")
  assert_eq "$hard" "$soft" "polls' soft limit on open files (started with 1024)"
  grep -q '"msg":"open-file limit raised","from":1024,"to":'"$hard" "$POLLS_LOG" ||
    fail "no log line saying the limit was raised: $(head -c 600 "$POLLS_LOG")"
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 5
  # A hard limit below what max_connections needs: said, and fewer connections in effect.
  POLLS_LOG_LEVEL=info start_polls_limited 512 512
  grep -q 'the open-file limit is below what max_connections needs' "$POLLS_LOG" ||
    fail "no warning about a small open-file limit: $(head -c 600 "$POLLS_LOG")"
  grep -q '"max_connections_in_effect":384' "$POLLS_LOG" ||
    fail "max_connections in effect not 384 (512 files less 128): $(head -c 800 "$POLLS_LOG")"
}

# start_polls_limited SOFT HARD: start_polls under an open-file limit (prlimit).
start_polls_limited() {
  launch_polls prlimit --nofile="$1:$2" "$POLLS" serve --listen 127.0.0.1:0 \
    --database "sqlite://$DB" --log-format json
}

check_sigterm_closes_idle_at_once() {
  POLLS_MAX_CONNECTIONS_PER_ADDRESS=0 POLLS_LOG_LEVEL=warn start_polls --database "sqlite://$DB"
  start_crowd --idle 1000 --trickle 200
  local started
  started=$(date +%s%N)
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 10
  assert_eq 0 "$EXIT_RC" "exit status after SIGTERM"
  [ "$(ms_since "$started")" -lt 2000 ] || fail "polls took $(ms_since "$started") ms to stop"
  note "stopped in $(ms_since "$started") ms with 1,200 connections open"
  stop_crowd
  "$PY" -c 'import json, sys
done = json.loads(sys.argv[1])
assert done["idle_closed_by_server"] >= 1000, "idle connections were not closed: %r" % done' \
    "$CROWD_DONE"
}

check "trickling clients are cut at the head deadline with 408" check_trickling_cut_at_head_deadline
check "a crowd of $IDLE idle and $TRICKLE trickling clients: fresh clients answered within 1 s" \
  check_fresh_clients_answered_in_a_crowd
check "one address holds max_connections_per_address; another is served" check_per_address_cap
check "past max_queued_requests: 503 with Retry-After at once" check_queue_bound_503
check "pipelined requests are answered in order" check_pipelining
check "the open-file limit is raised at start, and a small one is said" \
  check_open_file_limit_raised
check "SIGTERM with a crowd open: idle connections closed at once, exit 0" \
  check_sigterm_closes_idle_at_once
finish
