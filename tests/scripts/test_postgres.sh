#!/usr/bin/env bash
# Black-box checks of polls on PostgreSQL, on a server of its own (scripts/postgres-server) that
# the checks stop and start:
#  - it serves pages, votes and readiness, and never logs the password;
#  - two polls processes on one database take 8 concurrent voters and lose no vote;
#  - on a once-per-browser poll, 80 parallel votes with one voter cookie over both processes
#    count once;
#  - replicas migrating at once: one applies, the others find it done;
#  - the database stopped mid-run: /readyz and pages answer 503 promptly, the process stays up,
#    and everything recovers on its own when the server is back;
#  - at start, wrong credentials or an unknown host exit 2 at once with a clear message; an
#    unreachable server is retried with backoff for db_connect_retry_seconds, and polls comes up
#    if the server does within that time;
#  - in an empty root (as in a scratch image: no /etc/passwd, no NSS libraries, only /etc/hosts and
#    /etc/resolv.conf) it connects by host name.
# Without PostgreSQL 15 (POLLS_PG_BIN, as scripts/postgres-server) or root (the empty-root check)
# it fails, unless POLLS_TEST_SKIP leaves out postgres (the script) or root (that check).
#
#   bash tests/scripts/test_postgres.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=postgres-test-secret-key-0123456789abcdefghij
# How many migrations polls has for PostgreSQL (each is recorded once).
MIGRATIONS=$(find "$REPO_ROOT/assets/migrations/postgres" -name '*.sql' | wc -l)

# The private server, BASE_URL, new_database, sql and seed.
# shellcheck source=tests/scripts/private_postgres.sh
source "$TESTS_DIR/scripts/private_postgres.sh"

# vote_once PORT QUESTION CHOICE: votes like a browser (GET the form, POST it); prints the status.
vote_once() {
  "$PY" -c 'import sys; from rawhttp import *
port, q, c = map(int, sys.argv[1:])
cookie, token = csrf_form(port, q)
print(post_vote(port, q, c, cookie, token)[0])' "$@"
}

check_serves_and_hides_password() {
  local url ids password
  url=$(new_database serves)
  read -r -a ids <<<"$(seed "$url" 'Which database?' 'SQLite' 'PostgreSQL')"
  start_polls --database "$url"
  assert_eq 200 "$(http_status "$POLLS_URL/readyz")" "/readyz"
  assert_eq 200 "$(http_status "$POLLS_URL/polls/")" "/polls/"
  assert_contains "$(curl -fsS "$POLLS_URL/polls/")" "Which database?" "/polls/"
  assert_eq 302 "$(vote_once "$POLLS_PORT" "${ids[0]}" "${ids[2]}")" "vote"
  assert_eq 1 "$(sql "$url" "SELECT votes FROM polls_choice WHERE id = ${ids[2]}")" "votes stored"
  password=${BASE_URL#*://*:}
  password=${password%%@*}
  assert_contains "$(cat "$POLLS_LOG")" "postgres polls@127.0.0.1" "the log names the database"
  assert_not_contains "$(cat "$POLLS_LOG" "$POLLS_LOG.err")" "$password" "the log"
  # Server notices ("already exists, skipping" on a second start) must not reach stderr.
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 5
  start_polls --database "$url"
  assert_eq "" "$(cat "$POLLS_LOG.err")" "polls' stderr on a second start"
}

check_two_processes_lose_no_vote() {
  local url ids first second total
  url=$(new_database twoprocs)
  read -r -a ids <<<"$(seed "$url" 'Which database?' 'SQLite' 'PostgreSQL')"
  start_polls --database "$url"
  first=$POLLS_PORT
  start_polls --database "$url"
  second=$POLLS_PORT
  # 8 voters, 25 votes each, alternating between the two processes.
  "$PY" - "$first" "$second" "${ids[0]}" "${ids[1]}" <<'PYTHON'
import sys
import threading
from rawhttp import csrf_form, post_vote

ports = [int(sys.argv[1]), int(sys.argv[2])]
question, choice = int(sys.argv[3]), int(sys.argv[4])
failures = []

def voter(n):
    for i in range(25):
        port = ports[(n + i) % 2]
        cookie, token = csrf_form(port, question)
        status = post_vote(port, question, choice, cookie, token)[0]
        if status != 302:
            failures.append(status)

threads = [threading.Thread(target=voter, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert not failures, "votes answered %r" % failures
PYTHON
  total=$(sql "$url" "SELECT votes FROM polls_choice WHERE id = ${ids[1]}")
  assert_eq 200 "$total" "votes counted from 8 voters x 25 over two processes"
}

check_two_processes_one_voter_counts_once() {
  local url warm ids first second total
  url=$(new_database oncevoter)
  read -r -a warm <<<"$(seed "$url" 'Warm-up?' 'Yes' 'No')"
  read -r -a ids <<<"$(seed "$url" 'Tea or coffee?' 'Tea' 'Coffee')"
  sql "$url" "INSERT INTO polls_question_rules VALUES (${warm[0]}, 'browser', false, NULL, 'always'),
    (${ids[0]}, 'browser', false, NULL, 'always')" >/dev/null
  start_polls --database "$url"
  first=$POLLS_PORT
  start_polls --database "$url"
  second=$POLLS_PORT
  # One browser's cookies (the voter cookie comes with its first vote, on the warm-up poll), then
  # 8 threads x 10 votes with them, alternating between the processes and the two choices.
  "$PY" - "$first" "$second" "${warm[0]}" "${warm[1]}" "${ids[0]}" "${ids[1]}" "${ids[2]}" <<'PYTHON'
import http.client
import sys
import threading
from collections import Counter
from urllib.parse import urlencode
from rawhttp import HOST, csrf_form

ports = [int(sys.argv[1]), int(sys.argv[2])]
warm_q, warm_c, question, tea, coffee = map(int, sys.argv[3:])
csrf, token = csrf_form(ports[0], question)

def vote(port, q, choice, cookies):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("POST", "/polls/%d/vote/" % q,
                 body=urlencode({"csrfmiddlewaretoken": token, "choice": str(choice)}),
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Cookie": cookies, "Origin": "http://%s:%d" % (HOST, port)})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response

first = vote(ports[0], warm_q, warm_c, "csrftoken=" + csrf)
voter = [v.split(";", 1)[0] for k, v in first.getheaders()
         if k.lower() == "set-cookie" and v.startswith("polls_voter=")]
assert first.status == 302 and voter, "the warm-up vote: %d, no voter cookie" % first.status
cookies = "csrftoken=%s; %s" % (csrf, voter[0])
statuses = Counter()

def voter_thread(n):
    for i in range(10):
        response = vote(ports[(n + i) % 2], question, tea if (n + i) % 2 else coffee, cookies)
        statuses[response.status] += 1

threads = [threading.Thread(target=voter_thread, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert statuses == Counter({302: 1, 409: 79}), "answers: %r" % dict(statuses)
PYTHON
  total=$(sql "$url" "SELECT sum(votes) FROM polls_choice WHERE question_id = ${ids[0]}")
  assert_eq 1 "$total" "votes counted from 80 parallel votes of one browser over two processes"
  assert_eq 1 "$(sql "$url" "SELECT count(*) FROM polls_vote_receipt WHERE question_id = ${ids[0]}")" \
    "receipts"
}

check_concurrent_migrations() {
  local url pids=() pid applied=0 i
  url=$(new_database migrators)
  for i in 1 2 3 4; do
    "$POLLS" migrate --database "$url" >"$WORK/migrate.$i.out" 2>"$WORK/migrate.$i.err" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || fail "a concurrent polls migrate failed: $(cat "$WORK"/migrate.*.err)"
  done
  applied=$(cat "$WORK"/migrate.*.out | grep -c '^applied 0001_initial' || true)
  assert_eq 1 "$applied" "processes that applied 0001_initial"
  assert_eq "$MIGRATIONS" "$(sql "$url" "SELECT count(*) FROM polls_migrations")" \
    "migrations recorded"
}

check_database_restart_mid_run() {
  local url ids started ms
  url=$(new_database restart)
  read -r -a ids <<<"$(seed "$url" 'Which database?' 'SQLite' 'PostgreSQL')"
  start_polls --database "$url"
  assert_eq 200 "$(http_status "$POLLS_URL/polls/")" "/polls/ before the stop"
  "$PG_SERVER" stop-server "$WORK/pg" >/dev/null
  started=$(date +%s%N)
  assert_eq 503 "$(http_status "$POLLS_URL/readyz")" "/readyz with the database stopped"
  assert_eq 503 "$(http_status "$POLLS_URL/polls/")" "/polls/ with the database stopped"
  assert_eq 503 "$(http_status "$POLLS_URL/polls/${ids[0]}/")" "detail with the database stopped"
  ms=$(ms_since "$started")
  [ "$ms" -lt 8000 ] || fail "answering 503 three times took ${ms} ms: it should not wait long"
  assert_eq 200 "$(http_status "$POLLS_URL/healthz")" "/healthz (the process is alive)"
  is_alive "$POLLS_PID" || fail "polls exited while the database was down"
  "$PG_SERVER" start-server "$WORK/pg" >/dev/null
  # Recovery on its own: the pool pauses 1 s between failed connection attempts.
  for ((i = 0; i < 50; i++)); do
    [ "$(http_status "$POLLS_URL/readyz")" = 200 ] && break
    sleep 0.2
  done
  assert_eq 200 "$(http_status "$POLLS_URL/readyz")" "/readyz after the restart"
  assert_eq 200 "$(http_status "$POLLS_URL/polls/")" "/polls/ after the restart"
  assert_eq 302 "$(vote_once "$POLLS_PORT" "${ids[0]}" "${ids[1]}")" "a vote after the restart"
  assert_eq 1 "$(sql "$url" "SELECT votes FROM polls_choice WHERE id = ${ids[1]}")" "votes"
}

check_wrong_credentials_exit_2() {
  local out err rc started
  started=$(date +%s%N)
  run_capture out err rc "$POLLS" serve --listen 127.0.0.1:0 \
    --database "postgres://polls:wrong-password@127.0.0.1:$POLLS_TEST_PG_PORT/polls"
  assert_eq 2 "$rc" "exit status with a wrong password"
  assert_contains "$out$err" "password authentication failed" "the error"
  assert_not_contains "$out$err" "wrong-password" "the error"
  [ "$(ms_since "$started")" -lt 5000 ] || fail "a wrong password must not be retried"
}

check_unknown_host_exit_2() {
  local out err rc
  run_capture out err rc "$POLLS" migrate \
    --database "postgres://polls:x@no-such-host.invalid:5432/polls"
  assert_eq 2 "$rc" "exit status with an unknown host"
  assert_contains "$out$err" "no-such-host.invalid" "the error"
}

check_unreachable_is_retried_then_fails() {
  local out err rc port
  port=$(free_port)
  run_capture out err rc env POLLS_DB_CONNECT_RETRY_SECONDS=2 "$POLLS" migrate \
    --database "postgres://polls:x@127.0.0.1:$port/polls"
  assert_eq 1 "$rc" "exit status when the server stays unreachable"
  [ "$(grep -c 'retrying' <<<"$out$err")" -ge 2 ] || fail "expected retries in: $out$err"
  assert_contains "$out$err" "Connection refused" "the error"
}

check_server_that_comes_up_late() {
  local url
  url=$(new_database late)
  "$PG_SERVER" stop-server "$WORK/pg" >/dev/null
  ( sleep 2; "$PG_SERVER" start-server "$WORK/pg" >/dev/null ) &
  track_pid $!
  POLLS_DB_CONNECT_RETRY_SECONDS=30 start_polls --database "$url"
  assert_eq 200 "$(http_status "$POLLS_URL/readyz")" "/readyz once the server came up"
  grep -q retrying "$POLLS_LOG" || fail "polls did not log its retries"
}

# As in a FROM scratch container: a root holding only the binary and the two files Kubernetes
# mounts, a numeric user without a passwd entry. The host name is known only to /etc/hosts.
check_scratch_root_connects_by_name() {
  local root=$WORK/scratch out err rc url
  [ "$(id -u)" -eq 0 ] || skip_check_or_fail root "chroot into an empty root needs root"
  url=$(new_database scratch)
  mkdir -p "$root/etc"
  cp "$POLLS" "$root/polls"
  printf '127.0.0.1\tlocalhost\n127.0.0.1\tpolls-db.internal\n' >"$root/etc/hosts"
  printf 'nameserver 127.0.0.1\noptions ndots:1 timeout:1 attempts:1\n' >"$root/etc/resolv.conf"
  url=${url/@127.0.0.1:/@polls-db.internal:}
  run_capture out err rc chroot --userspec=65532:65532 "$root" /polls migrate --database "$url"
  assert_eq 0 "$rc" "polls migrate in an empty root (stderr: $err)"
  assert_contains "$out" "applied 0001_initial" "polls migrate output"
  assert_eq "$MIGRATIONS" "$(sql "${url/@polls-db.internal:/@127.0.0.1:}" \
    "SELECT count(*) FROM polls_migrations")" "migrations recorded"
}

check "serves pages and votes, and never logs the password" check_serves_and_hides_password
check "two processes, 8 concurrent voters: no vote lost" check_two_processes_lose_no_vote
check "two processes, 80 parallel votes of one browser on a once-per-browser poll: one counts" \
  check_two_processes_one_voter_counts_once
check "four polls migrate at once: one applies" check_concurrent_migrations
check "database stopped mid-run: 503, then recovery without a restart" \
  check_database_restart_mid_run
check "wrong password: exit 2 at once, password not shown" check_wrong_credentials_exit_2
check "unknown host: exit 2 naming it" check_unknown_host_exit_2
check "unreachable server: retried with backoff, then exit 1" \
  check_unreachable_is_retried_then_fails
check "a server that comes up during the retries: polls starts" check_server_that_comes_up_late
check "in an empty root filesystem polls connects by host name" \
  check_scratch_root_connects_by_name
finish
