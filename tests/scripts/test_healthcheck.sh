#!/usr/bin/env bash
# Black-box checks of `polls healthcheck [--ready]`, the probe a scratch container uses instead
# of curl: 0 when the server at the listen address answers 200 on /healthz (/readyz), 1 when
# nothing answers, the answer is not 200, or the listen address has no port (Docker reserves a
# health check's 2); a wildcard listen address is probed on loopback.
#
#   bash tests/scripts/test_healthcheck.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_live_and_ready() {
  local out err rc
  start_polls --database "sqlite://$WORK/h.db"
  run_capture out err rc "$POLLS" healthcheck --listen "127.0.0.1:$POLLS_PORT"
  assert_eq 0 "$rc" "healthcheck exit status (stderr: $err)"
  assert_eq "/healthz 200" "$out" "healthcheck output"
  run_capture out err rc "$POLLS" healthcheck --ready --listen "127.0.0.1:$POLLS_PORT"
  assert_eq 0 "$rc" "healthcheck --ready exit status (stderr: $err)"
  assert_eq "/readyz 200" "$out" "healthcheck --ready output"
  # What a container's config says: every interface; the probe dials loopback.
  POLLS_LISTEN="0.0.0.0:$POLLS_PORT" run_capture out err rc "$POLLS" healthcheck
  assert_eq 0 "$rc" "healthcheck on a wildcard listen address (stderr: $err)"
}

check_nothing_listening() {
  local out err rc port
  port=$(free_port) # a port where nothing listens: chosen in advance, on purpose
  run_capture out err rc "$POLLS" healthcheck --listen "127.0.0.1:$port"
  assert_eq 1 "$rc" "healthcheck with nothing listening"
  assert_contains "$err" "no answer from 127.0.0.1:$port/healthz" "stderr"
  run_capture out err rc "$POLLS" healthcheck --listen "127.0.0.1:0"
  assert_eq 1 "$rc" "healthcheck with port 0"
}

check "healthcheck and healthcheck --ready answer 0 for a running server" check_live_and_ready
check "healthcheck answers 1 when nothing listens, and without a port to probe" check_nothing_listening
finish
