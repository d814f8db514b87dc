#!/usr/bin/env bash
# Black-box checks of the live results stream across replicas on PostgreSQL (a vote NOTIFYs
# polls_results; every polls LISTENs on a connection of its own), on a server of its own
# (scripts/postgres-server) that a check stops and starts again:
#  - two polls processes on one database: a vote on A reaches the viewers on B (within 1.5 s of
#    the vote's response) and on A, and the other way round; both give the same counts the same
#    event id, so a viewer moving from A to B with that Last-Event-ID gets only later changes;
#  - PostgreSQL restarted: B logs that it stopped hearing other replicas' votes and that it hears
#    them again, its viewer's stream stays open and gets a full refresh once the database is
#    back (an event with the current total, though nothing changed), and a vote on A after the
#    restart reaches B's viewer within 1.5 s: B's listener reconnected and listens again.
# Without PostgreSQL 15 (POLLS_PG_BIN, as scripts/postgres-server) it fails, unless
# POLLS_TEST_SKIP leaves out postgres.
#
#   bash tests/scripts/test_live_postgres.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# open_viewer, events_of, wait_event, vote, vote_status, within_bound, metric, wait_metric;
# EVENT_BOUND.
# shellcheck source-path=SCRIPTDIR source=live_lib.sh
source "$TESTS_DIR/scripts/live_lib.sh"

export SECRET_KEY=live-postgres-test-secret-key-0123456789abcdefghij
# The private server, BASE_URL, new_database, sql and seed.
# shellcheck source=tests/scripts/private_postgres.sh
source "$TESTS_DIR/scripts/private_postgres.sh"

# wait_log LOG TEXT SECONDS: waits until a line of LOG holds TEXT.
wait_log() {
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    grep -qF "$2" "$1" && return 0
    sleep 0.05
  done
  fail "no line with \"$2\" in $1 within $3 s"
}

check_vote_reaches_other_process() {
  local url ids a b id_a
  url=$(new_database replicas)
  read -r -a ids <<<"$(seed "$url" 'Live across replicas?' 'Yes' 'No')"
  votes_cross "$url" "${ids[0]}" "${ids[1]}" "${ids[2]}" replicas
  # Both name the same counts with the same event id, so a browser whose stream moves to the
  # other replica (Last-Event-ID) gets only what changed since.
  id_a=$(events_of replicas_a | awk '$1 == 2 { print $2 }')
  [ -n "$id_a" ] || fail "A's event with total 2 has no id"
  assert_eq "$id_a" "$(events_of replicas_b | awk '$1 == 2 { print $2 }')" "B's id of A's counts"
  open_viewer "$b" "${ids[0]}" moved "$id_a"
  vote "$a" "${ids[0]}" "${ids[1]}" >/dev/null
  wait_event moved 3 >/dev/null
  assert_eq 3 "$(events_of moved | cut -d' ' -f1 | tr '\n' ' ' | xargs)" \
    "the totals sent to a viewer that came with the current counts' id"
}

check_listener_reconnects_after_restart() {
  local url ids a b b_log b_url lost out i voted seen
  url=$(new_database restart)
  read -r -a ids <<<"$(seed "$url" 'Live across replicas?' 'Yes' 'No')"
  start_polls --database "$url"
  a=$POLLS_PORT
  start_polls --database "$url"
  b=$POLLS_PORT b_log=$POLLS_LOG b_url=$POLLS_URL
  open_viewer "$b" "${ids[0]}" restart_b
  vote "$a" "${ids[0]}" "${ids[1]}" >/dev/null
  wait_event restart_b 1 >/dev/null

  "$PG_SERVER" stop-server "$WORK/pg" >/dev/null
  wait_log "$b_log" "live results: not hearing other replicas' votes" 5
  lost=$(monotonic_now)
  "$PG_SERVER" start-server "$WORK/pg" >/dev/null
  wait_log "$b_log" "live results: hearing other replicas' votes again" 10
  # Nothing changed meanwhile, yet the viewer gets the counts again: it may have missed a vote.
  seen=$(wait_event restart_b 1 5 "$lost")
  note "B's viewer got a full refresh $(awk -v a="$lost" -v b="$seen" \
    'BEGIN { printf "%d", (b - a) * 1000 }') ms after B noticed the loss"
  # The viewer stayed: its stream was neither ended nor closed during the outage.
  assert_eq 1 "$(metric "$b_url" polls_live_viewers)" "B's viewers after the restart"
  if grep -qE '"kind": "(end|closed|error)"' "$WORK/restart_b.sse"; then
    fail "B's stream ended during the outage: $(cat "$WORK/restart_b.sse")"
  fi

  # A's pool comes back on its own (it pauses 1 s between failed connection attempts).
  for ((i = 0; i < 50; i++)); do
    out=$(vote_status "$a" "${ids[0]}" "${ids[2]}")
    [ "${out%% *}" = 302 ] && break
    sleep 0.2
  done
  [ "${out%% *}" = 302 ] || fail "a vote on A after the restart answered ${out%% *}"
  voted=${out#* }
  seen=$(wait_event restart_b 2)
  within_bound "$voted" "$seen" "a vote on A after the restart, on B's stream"
}

check "a vote on one process reaches the viewers of both; event ids agree" check_vote_reaches_other_process
check "PostgreSQL restarted: B listens again, refreshes its viewers, hears A's votes" \
  check_listener_reconnects_after_restart
finish
