#!/usr/bin/env bash
# Black-box checks of the command line: version and help texts, exit codes of usage and
# configuration errors, `polls config` (sources, redaction), a port already in use, the binary
# itself (static, small) and `polls migrate`.
#
#   bash tests/scripts/test_cli.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Exit codes from src/cli/runtime.hpp.
readonly EXIT_FAILURE=1 EXIT_CONFIG=2

check_version() {
  local out err rc want commit
  run_capture out err rc "$POLLS" --version
  assert_eq 0 "$rc" "polls --version exit status"
  [[ $out =~ ^polls\ ([0-9]+\.[0-9]+\.[0-9]+) ]] || fail "first line is not 'polls X.Y.Z': $out"
  # The version the build declares, when the sources are beside this script.
  want=$(sed -n 's/^project(polls VERSION \([0-9.]*\).*/\1/p' "$REPO_ROOT/CMakeLists.txt" 2>/dev/null || true)
  [ -z "$want" ] || assert_eq "$want" "${BASH_REMATCH[1]}" "version against CMakeLists.txt"
  assert_contains "$out" "cpp-httplib " "polls --version"
  assert_contains "$out" "libpq 15." "polls --version"
  # The repository's own build names the commit it was built from, even when that build
  # directory was configured at an older one (the commit is read at build time).
  if [ "$(realpath "$POLLS")" = "$(realpath "$REPO_ROOT/build/polls" 2>/dev/null)" ] &&
    commit=$(git -C "$REPO_ROOT" rev-parse --short=12 HEAD 2>/dev/null); then
    assert_contains "$out" "(commit $commit)" "polls --version of build/polls"
  fi
  note "$(echo "$out" | tr '\n' ' ')"
}

# `polls --help` is the general help: every command, and the global options.
check_general_help() {
  local out err rc
  run_capture out err rc "$POLLS" --help
  assert_eq 0 "$rc" "polls --help exit status"
  for word in serve migrate config --version; do assert_contains "$out" "$word" "polls --help"; done
}

check_command_help() {
  local out err rc
  run_capture out err rc "$POLLS" serve --help
  assert_eq 0 "$rc" "polls serve --help exit status"
  for word in --config --listen --database --threads --time-zone --log-format --log-level \
    --assets-dir POLLS_THREADS SECRET_KEY DATABASE_URL; do
    assert_contains "$out" "$word" "polls serve --help"
  done
  # Each setting's line names its default (config/polls.toml's values).
  echo "$out" | grep -Eq '^  max_connections +POLLS_MAX_CONNECTIONS +default 10000$' ||
    fail "polls serve --help: max_connections' line does not say 'default 10000'"
  echo "$out" | grep -Eq '^  secret_key +POLLS_SECRET_KEY, SECRET_KEY +default \(not set\)$' ||
    fail "polls serve --help: secret_key's default is not '(not set)'"
  # Port 0 is allowed, and said to mean any free port.
  [ "$(grep -c 'port 0: any free port' <<<"$out")" -ge 2 ] ||
    fail "polls serve --help does not say port 0 means any free port for listen and metrics_listen"

  run_capture out err rc "$POLLS" migrate --help
  assert_eq 0 "$rc" "polls migrate --help exit status"
  for word in --config --database; do assert_contains "$out" "$word" "polls migrate --help"; done

  run_capture out err rc "$POLLS" config --help
  assert_eq 0 "$rc" "polls config --help exit status"
  for word in --config --listen; do assert_contains "$out" "$word" "polls config --help"; done
}

check_unknown_command() {
  local out err rc
  run_capture out err rc "$POLLS" frobnicate
  assert_eq "$EXIT_CONFIG" "$rc" "polls frobnicate exit status"
  assert_contains "$err" "unknown command" "stderr of polls frobnicate"
  assert_contains "$err" "frobnicate" "stderr of polls frobnicate"
}

check_unknown_flag() {
  local out err rc
  run_capture out err rc "$POLLS" serve --frobnicate
  assert_eq "$EXIT_CONFIG" "$rc" "polls serve --frobnicate exit status"
  assert_contains "$err" "--frobnicate" "stderr of polls serve --frobnicate"

  run_capture out err rc "$POLLS" serve --listen
  assert_eq "$EXIT_CONFIG" "$rc" "polls serve --listen (no value) exit status"
  assert_contains "$err" "--listen" "stderr of polls serve --listen"
}

# With no command polls serves, so flags may come first; an unknown one is still a usage error,
# not a crash.
check_unknown_flag_without_command() {
  local out err rc
  run_capture out err rc "$POLLS" --frobnicate
  assert_eq "$EXIT_CONFIG" "$rc" "polls --frobnicate exit status (stderr: $err)"
  assert_contains "$err" "--frobnicate" "stderr of polls --frobnicate"
}

# With no command polls serves, so `polls --listen ...` must serve (until timeout stops it).
check_flags_without_command_serve() {
  local out err rc
  RUN_TIMEOUT=2 run_capture out err rc "$POLLS" --listen 127.0.0.1:0 \
    --database "sqlite://$WORK/noflag.db"
  assert_eq 124 "$rc" "polls --listen 127.0.0.1:0 --database ... (no command) still serving after 2 s; stderr: $err"
  assert_contains "$out" "polls is serving" "log of polls with flags and no command"
}

# logged_port LOG MESSAGE PATH: the port in the "url" of LOG's line MESSAGE, which must be
# http://127.0.0.1:<port>PATH.
logged_port() {
  local line re="\"url\":\"http://127\\.0\\.0\\.1:([0-9]+)$3\""
  line=$(grep -F "\"msg\":\"$2\"" "$1") || fail "no \"$2\" line in the log"
  [[ $line =~ $re ]] || fail "no url http://127.0.0.1:<port>$3 in: $line"
  echo "${BASH_REMATCH[1]}"
}

# Port 0 means any free port (the scripts here start polls that way): polls logs the port it got,
# for the pages and for /metrics apart, at any log level, and answers there.
check_listen_on_port_zero() {
  local port mport
  "$POLLS" serve --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 --log-level warn \
    --database "sqlite://$WORK/zero.db" >"$WORK/zero.log" 2>"$WORK/zero.err" &
  POLLS_PID=$!
  POLLS_LOG=$WORK/zero.log
  track_pid "$POLLS_PID"
  wait_serving "$POLLS_PID" "$POLLS_LOG" || fail "no \"polls is serving\" line (wait_serving: $?)"
  port=$(logged_port "$POLLS_LOG" "polls is serving" /)
  mport=$(logged_port "$POLLS_LOG" "metrics are served apart" /metrics)
  [ "$port" -gt 0 ] || fail "the log says polls serves on port 0"
  [ "$mport" -gt 0 ] || fail "the log says /metrics is served on port 0"
  [ "$port" != "$mport" ] || fail "the pages and /metrics on one port, $port"
  assert_eq 200 "$(http_status "http://127.0.0.1:$port/healthz")" "/healthz on the logged port"
  assert_eq 404 "$(http_status "http://127.0.0.1:$port/metrics")" "/metrics on the logged port"
  assert_contains "$(curl -fsS -m 10 "http://127.0.0.1:$mport/metrics")" polls_build_info \
    "/metrics on the logged metrics port"
  assert_eq 404 "$(http_status "http://127.0.0.1:$mport/healthz")" "/healthz on the metrics port"
  note "--listen 127.0.0.1:0 got $port, --metrics-listen 127.0.0.1:0 got $mport"
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 5
  assert_eq 0 "$EXIT_RC" "exit status after SIGTERM"
}

# Each source shows up in `polls config`: default, file (with its line), env and flag.
check_config_sources() {
  local out err rc
  printf '# a comment\nlog_level = "warn"\n' >"$WORK/sources.toml"
  run_capture out err rc env POLLS_THREADS=4 "$POLLS" config --config "$WORK/sources.toml" \
    --listen 127.0.0.1:9999
  assert_eq 0 "$rc" "polls config exit status (stderr: $err)"
  assert_line "$out" 'threads = 4' '# env POLLS_THREADS'
  assert_line "$out" 'log_level = "warn"' "# file $WORK/sources.toml:2"
  assert_line "$out" 'listen = "127.0.0.1:9999"' '# flag --listen'
  assert_line "$out" 'time_zone = "UTC"' '# default'
  assert_contains "$out" "# config file: $WORK/sources.toml" "polls config"
}

# assert_line OUTPUT START END: some line of OUTPUT starts with START and ends with END.
assert_line() {
  local line
  while IFS= read -r line; do
    [[ $line == "$2"* && $line == *"$3" ]] && return 0
  done <<<"$1"
  fail "no line starting [$2] and ending [$3] in: $1"
}

check_config_redacts_secrets() {
  local out err rc key=0123456789abcdef0123456789abcdef-not-for-show
  run_capture out err rc env SECRET_KEY="$key" \
    DATABASE_URL=postgres://u:hunter2@db.example:5432/polls "$POLLS" config
  assert_eq 0 "$rc" "polls config exit status (stderr: $err)"
  assert_not_contains "$out$err" hunter2 "polls config output"
  assert_not_contains "$out$err" "$key" "polls config output"
  assert_line "$out" 'secret_key = ********' '# env SECRET_KEY'
  assert_line "$out" 'database_url = "postgres://u:' '# env DATABASE_URL'
  assert_contains "$out" "db.example:5432/polls" "database_url line"
  # POLLS_DATABASE_URL wins over DATABASE_URL, and is redacted too.
  run_capture out err rc env POLLS_DATABASE_URL=postgresql://admin:s3cr3t@h/db "$POLLS" config
  assert_eq 0 "$rc" "polls config exit status"
  assert_not_contains "$out$err" s3cr3t "polls config output"
}

# expect_config_error DESCRIPTION NEEDLE... -- COMMAND...: the command exits 2 and its stderr
# names every needle.
expect_config_error() {
  local what=$1 needles=() out err rc needle
  shift
  while [ "$1" != -- ]; do
    needles+=("$1")
    shift
  done
  shift
  run_capture out err rc "$@"
  assert_eq "$EXIT_CONFIG" "$rc" "exit status for $what (stderr: $err)"
  for needle in "${needles[@]}"; do assert_contains "$err" "$needle" "stderr for $what"; done
  note "$what: $err"
}

check_config_errors() {
  local f=$WORK/bad.toml
  printf 'threads = 4\n\nthreadz = 8\n' >"$f"
  expect_config_error "unknown key in a file" "$f:3" threadz -- "$POLLS" config --config "$f"

  printf 'log_level = "info"\nthreads = "eight"\n' >"$f"
  expect_config_error "wrong type in a file" "$f:2" threads -- "$POLLS" config --config "$f"

  printf 'threads = 0\n' >"$f"
  expect_config_error "threads = 0 in a file" "$f:1" threads -- "$POLLS" config --config "$f"

  expect_config_error "POLLS_THREADS=abc" threads POLLS_THREADS -- \
    env POLLS_THREADS=abc "$POLLS" config

  # serve validates the same way, before it touches the network or the database.
  expect_config_error "serve with threads = 0" "$f:1" threads -- \
    "$POLLS" serve --config "$f" --listen 127.0.0.1:0 --database "sqlite://$WORK/never.db"
  [ ! -e "$WORK/never.db" ] || fail "serve created the database despite a configuration error"

  # A file named on the command line must exist.
  expect_config_error "missing --config file" "$WORK/nope.toml" -- \
    "$POLLS" config --config "$WORK/nope.toml"
}

# listen_fails_on PORT WHAT: polls serve on a taken port exits non-zero, naming the address.
listen_fails_on() {
  local port=$1 what=$2 out err rc
  RUN_TIMEOUT=5 run_capture out err rc "$POLLS" serve --listen "127.0.0.1:$port" \
    --database "sqlite://$WORK/inuse.db"
  [ "$rc" != 0 ] || fail "polls serve on a port held by $what exited 0"
  [ "$rc" != 124 ] || fail "polls serve on port $port, held by $what, started serving (no error within 5 s)"
  assert_contains "$out$err" "127.0.0.1:$port" "output of polls serve on a port held by $what"
  [[ "$out$err" == *"in use"* || "$out$err" == *"cannot listen"* ]] ||
    fail "no clear message for a port held by $what: $out $err"
  note "port held by $what: exit $rc"
}

check_listen_port_in_use() {
  local holder port tries
  # A plain listening socket from another program.
  "$PY" -c 'import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(60)' >"$WORK/holder.port" &
  holder=$!
  track_pid "$holder"
  for ((tries = 0; tries < 50; tries++)); do
    [ -s "$WORK/holder.port" ] && break
    sleep 0.1
  done
  port=$(cat "$WORK/holder.port")
  [ -n "$port" ] || fail "the port holder did not start"
  listen_fails_on "$port" "another program"
  kill "$holder"
}

# A second polls on the port of a running one must fail too, not share the port silently
# (SO_REUSEPORT would let both listen and split the traffic between two versions).
check_listen_port_held_by_polls() {
  start_polls --database "sqlite://$WORK/first.db"
  listen_fails_on "$POLLS_PORT" "another polls"
}

check_static_and_small() {
  local ldd_out size max=$((10 * 1024 * 1024))
  ldd_out=$(ldd "$POLLS" 2>&1 || true)
  assert_contains "$ldd_out" "not a dynamic executable" "ldd $POLLS"
  size=$(stat -c %s "$POLLS")
  [ "$size" -le "$max" ] || fail "binary is $size bytes, more than 10 MB ($max)"
  note "$size bytes"
}

check_migrate() {
  local out err rc db=$WORK/m/fresh.db tables
  mkdir -p "$WORK/m"
  run_capture out err rc "$POLLS" migrate --database "sqlite://$db"
  assert_eq 0 "$rc" "first polls migrate exit status (stderr: $err)"
  assert_contains "$out" "applied 0001_initial" "first polls migrate"
  [ -f "$db" ] || fail "polls migrate did not create $db"
  tables=$("$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(" ".join(r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = '"'table'"' ORDER BY name")))' "$db")
  assert_contains "$tables" polls_question "tables after migrate"
  assert_contains "$tables" polls_choice "tables after migrate"

  run_capture out err rc "$POLLS" migrate --database "sqlite://$db"
  assert_eq 0 "$rc" "second polls migrate exit status"
  assert_not_contains "$out" "applied" "second polls migrate"
  assert_contains "$out" "nothing to do" "second polls migrate"

  # The same through the environment, with a relative path (resolved from the current folder).
  run_capture out err rc env DATABASE_URL=sqlite://m/env.db "$POLLS" migrate
  assert_eq 0 "$rc" "polls migrate with DATABASE_URL exit status (stderr: $err)"
  [ -f "$WORK/m/env.db" ] || fail "DATABASE_URL=sqlite://m/env.db did not create m/env.db"
}

check_migrate_unusable_path() {
  local out err rc
  run_capture out err rc "$POLLS" migrate --database "sqlite://$WORK/no/such/dir/x.db"
  assert_eq "$EXIT_FAILURE" "$rc" "polls migrate into a missing folder exit status"
  assert_contains "$out$err" "$WORK/no/such/dir/x.db" "polls migrate into a missing folder"
}

check "--version names polls and cpp-httplib" check_version
check "--help lists the commands" check_general_help
check "COMMAND --help lists the command's options" check_command_help
check "unknown command exits 2" check_unknown_command
check "unknown flag exits 2" check_unknown_flag
check "unknown flag without a command exits 2" check_unknown_flag_without_command
check "flags without a command serve" check_flags_without_command_serve
check "listen and metrics_listen on port 0: the log names the ports, which answer" \
  check_listen_on_port_zero
check "config shows each value's source" check_config_sources
check "config redacts SECRET_KEY and the database password" check_config_redacts_secrets
check "config errors exit 2 naming key and source" check_config_errors
check "listen on a port in use fails clearly" check_listen_port_in_use
check "listen on a port held by another polls fails" check_listen_port_held_by_polls
# Several replicas may start at once on one database: every migrate succeeds, exactly one
# applies 0001_initial, and Django's record of it is written once.
check_migrate_concurrently() {
  local db=$WORK/concurrent.db i pids=() applied=0 rc records
  mkdir -p "$WORK/concurrent"
  for i in 1 2 3 4; do
    "$POLLS" migrate --database "sqlite://$db" >"$WORK/concurrent/$i.out" 2>&1 &
    pids+=($!)
  done
  for i in 0 1 2 3; do
    rc=0
    wait "${pids[$i]}" || rc=$?
    assert_eq 0 "$rc" "migrate process $((i + 1)) exit status ($(cat "$WORK/concurrent/$((i + 1)).out"))"
  done
  applied=$(cat "$WORK"/concurrent/*.out | grep -c "applied 0001_initial" || true)
  assert_eq 1 "$applied" "processes that applied 0001_initial"
  records=$("$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM django_migrations WHERE app = '"'polls'"'").fetchone()[0])' "$db")
  assert_eq 1 "$records" "django_migrations rows for polls"
}

# Live template editing: a copy of assets/ with a changed template and stylesheet is served as
# it changes, without a restart.
check_assets_dir() {
  local assets=$WORK/assets page css
  cp -r "$REPO_ROOT/assets" "$assets"
  start_polls --database "sqlite://$WORK/assets.db" --assets-dir "$assets"
  sed -i 's|<h1>Polls</h1>|<h1>Polls, edited live</h1>|' "$assets/templates/polls/index.html"
  page=$(curl -fsS "$POLLS_URL/polls/")
  assert_contains "$page" "Polls, edited live" "/polls/ served from --assets-dir"
  printf '\n/* edited */\n' >>"$assets/static/polls/style.css"
  css=$(curl -fsS "$POLLS_URL/static/polls/style.css")
  assert_contains "$css" "/* edited */" "style.css served from --assets-dir"
  sed -i 's|Polls, edited live|Polls, edited twice|' "$assets/templates/polls/index.html"
  page=$(curl -fsS "$POLLS_URL/polls/")
  assert_contains "$page" "Polls, edited twice" "/polls/ after a second edit"
  kill -TERM "$POLLS_PID"
  wait_exit "$POLLS_PID" 5
}

check "binary is static and at most 10 MB" check_static_and_small
check "migrate creates the database, then has nothing to do" check_migrate
check "migrate into a missing folder exits 1 naming it" check_migrate_unusable_path
check "four migrate processes at once: all succeed, the schema is made once" check_migrate_concurrently
check "serve --assets-dir serves templates and CSS from disk, live" check_assets_dir
finish
