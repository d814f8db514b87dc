# The check runner and its assertions, shared by the black-box tests (through lib.sh, which
# sources this) and by scripts/container-test: `check NAME FUNCTION` runs one check in a subshell
# with `set -e` and prints its outcome and time; `fail` and the assert_* end that check only;
# `finish` prints the summary and exits 1 if any failed. Also the small process and time helpers
# they need, and wait_serving, which reads the port a polls started on port 0 got from its log.
# The sourcing script sets WORK (a scratch folder) before its first check, and may set POLLS_LOG
# to a server log whose tail a failure shows.
# shellcheck shell=bash
# Variables set here are read by the scripts that source this file.
# shellcheck disable=SC2034

FAILED_CHECKS=()
SKIPPED_CHECKS=()
CHECK_COUNT=0
SCRIPT_STARTED=$(date +%s%N)
POLLS_LOG=""

# Whether a process runs (a zombie does not count).
is_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo X)
  [ "$state" != Z ] && [ "$state" != X ]
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

note() {
  local line
  while IFS= read -r line; do printf '     %s\n' "$line"; done <<<"$*"
}

# Prints the tail of the current server log (and its stderr), for a failure's context.
show_log_tail() {
  [ -n "$POLLS_LOG" ] && { [ -s "$POLLS_LOG" ] || [ -s "$POLLS_LOG.err" ]; } || return 0
  echo "---- last lines of $POLLS_LOG ----" >&2
  tail -n 20 "$POLLS_LOG" >&2 || true
  if [ -s "$POLLS_LOG.err" ]; then
    echo "---- stderr ----" >&2
    tail -n 10 "$POLLS_LOG.err" >&2 || true
  fi
  echo "----" >&2
}

fail() {
  printf '     FAIL: %s\n' "$*" >&2
  show_log_tail
  exit 1
}

assert_eq() { # EXPECTED ACTUAL WHAT
  [ "$1" = "$2" ] || fail "${3:-value}: expected [$1], got [$2]"
}

assert_contains() { # HAYSTACK NEEDLE WHAT
  case $1 in
    *"$2"*) ;;
    *) fail "${3:-output} does not contain [$2]; got: $(printf '%s' "$1" | head -c 600)" ;;
  esac
}

assert_not_contains() { # HAYSTACK NEEDLE WHAT
  case $1 in
    *"$2"*) fail "${3:-output} contains [$2]" ;;
    *) ;;
  esac
}

# check NAME FUNCTION [ARGS...]: runs one check and prints one line with its outcome and time.
check() {
  local name=$1 started rc
  shift
  CHECK_COUNT=$((CHECK_COUNT + 1))
  started=$(date +%s%N)
  rm -f "$WORK/check-skipped"
  set +e
  (
    set -e
    "$@"
  )
  rc=$?
  set -e
  if [ "$rc" -eq 0 ] && [ -e "$WORK/check-skipped" ]; then
    printf 'skip %s (%s ms)\n' "$name" "$(ms_since "$started")"
    SKIPPED_CHECKS+=("$name")
  elif [ "$rc" -eq 0 ]; then
    printf 'ok   %s (%s ms)\n' "$name" "$(ms_since "$started")"
  else
    printf 'FAIL %s (%s ms)\n' "$name" "$(ms_since "$started")"
    FAILED_CHECKS+=("$name")
  fi
}

# Ends the script: a summary, and exit 1 if any check failed.
finish() {
  local seconds
  seconds=$(awk -v ms="$(ms_since "$SCRIPT_STARTED")" 'BEGIN { printf "%.1f", ms / 1000 }')
  local skipped=""
  [ ${#SKIPPED_CHECKS[@]} -eq 0 ] || skipped=" (${#SKIPPED_CHECKS[@]} skipped on purpose)"
  if [ ${#FAILED_CHECKS[@]} -eq 0 ]; then
    echo "PASS $(basename "$0"): $CHECK_COUNT checks in ${seconds} s$skipped"
    exit 0
  fi
  echo "FAIL $(basename "$0"): ${#FAILED_CHECKS[@]} of $CHECK_COUNT checks failed in ${seconds} s:"
  printf '  - %s\n' "${FAILED_CHECKS[@]}"
  exit 1
}

# wait_until_answers PID URL [TRIES]: waits (TRIES x ~0.1 s, default 150) until URL answers 2xx
# while PID runs. Returns 0 once it answers, 1 if PID ended first, 2 if it never answered.
wait_until_answers() {
  local pid=$1 url=$2 tries=${3:-150} i
  for ((i = 0; i < tries; i++)); do
    is_alive "$pid" || return 1
    curl -fsS -o /dev/null -m 1 "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  return 2
}

# wait_serving PID LOG [TRIES]: waits (TRIES x ~0.1 s, default 150) for the polls process PID to
# write its start-up line "polls is serving" to LOG (its stdout), and reads from it the port it
# serves on. Scripts start polls on port 0, so the system picks a port free at the moment polls
# binds it (no other program can take it in between) and polls' log is where to learn it.
# Sets SERVING_PORT, and METRICS_PORT from the line "metrics are served apart" (empty when
# /metrics is served with the pages), which polls writes just before. Returns 0 once read, 1 if
# PID ended first, 2 if no such line came in time. polls writes these lines at every log level.
wait_serving() {
  local pid=$1 log=$2 tries=${3:-150} i line
  SERVING_PORT="" METRICS_PORT=""
  for ((i = 0; i < tries; i++)); do
    # Read only once the URL is whole (it ends with "/"): a line may be caught half written.
    if line=$(grep -m1 -F 'polls is serving' "$log" 2>/dev/null) &&
      SERVING_PORT=$(port_of_logged_url "$line"); then
      line=$(grep -m1 -F 'metrics are served apart' "$log") || return 0
      METRICS_PORT=$(port_of_logged_url "$line") || return 2
      return 0
    fi
    is_alive "$pid" || return 1
    sleep 0.1
  done
  return 2
}

# port_of_logged_url LINE: the port of the "url" field of one polls log line, JSON
# ("url":"http://127.0.0.1:41234/") or text (url=http://127.0.0.1:41234/); fails when there is
# none, or when it is 0.
port_of_logged_url() {
  local re='(^|[ ,])"?url"?[:=]"?http://([^"/ ]+)/' port
  [[ $1 =~ $re ]] || return 1
  port=${BASH_REMATCH[2]##*:}
  [[ $port =~ ^[1-9][0-9]*$ ]] || return 1
  echo "$port"
}

# A loopback port free right now (the kernel picks it; another program may take it before use),
# for what must be given a port in advance: not polls, which is started on port 0 (wait_serving),
# but a PostgreSQL server, or a port where nothing should listen.
free_port() {
  "${PY:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
