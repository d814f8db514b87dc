# Shared helpers for the black-box tests in this folder, sourced by each test_<feature>.sh:
#
#   bash tests/scripts/test_X.sh /path/to/polls
#
# Sourcing this file checks the argument, clears the environment of polls settings, makes a
# temporary folder and cds into it, and arranges for every polls started here to be stopped and
# the folder removed on exit (POLLS_TEST_KEEP=1 keeps the folder, for a post-mortem).
#
# A test is a list of checks, each a function run by `check NAME FUNCTION`: in a subshell with
# `set -e`, so a failing command or a `fail` ends that check only; the script goes on with the
# next one and exits 1 at `finish` if any failed. Only 127.0.0.1 is ever a target.
#
# Nothing is skipped quietly: what cannot run here fails, unless the person running the tests
# left it out by name with POLLS_TEST_SKIP (scripts/lib.sh): then `skip_script_or_fail` ends the
# script with 77 (CTest reports it as skipped) and `skip_check_or_fail` ends one check as
# skipped; both say so in the output and in $POLLS_TEST_SKIP_LOG.
# shellcheck shell=bash
# Variables set here are read by the scripts that source this file.
# shellcheck disable=SC2034

set -euo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: bash $0 /path/to/polls  (got: ${1:-nothing})" >&2
  exit 2
fi
POLLS=$(realpath "$1")
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$TESTS_DIR/.." && pwd)
# opted_out, shared with scripts/test.
# shellcheck source=scripts/lib.sh
source "$REPO_ROOT/scripts/lib.sh"
# Debian's interpreter: its stdlib (and python3-django, where needed) and nothing else.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
export PYTHONDONTWRITEBYTECODE=1
# The Python checks use assert: -O (PYTHONOPTIMIZE) would turn them into no-ops.
unset PYTHONOPTIMIZE
export LC_ALL=C

# The caller's settings must not change what is tested.
while IFS= read -r name; do
  case $name in
    # How the test run is set up (the PostgreSQL server and its binaries), not polls settings.
    POLLS_TEST_* | POLLS_PG_BIN) ;;
    POLLS_* | PORT | DATABASE_URL | SECRET_KEY) unset "$name" ;;
  esac
done < <(compgen -e)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/polls-test.XXXXXX")
cd "$WORK"
: >"$WORK/pids"
export PYTHONPATH="$WORK"
# check, fail, assert_*, finish, is_alive, ms_since, note, wait_until_answers, wait_serving.
# shellcheck source=tests/scripts/checks.sh
source "$TESTS_DIR/scripts/checks.sh"

# Stops every polls (and helper) this script started, whatever the way out.
cleanup() {
  local pid tries
  while read -r pid; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done <"$WORK/pids"
  while read -r pid; do
    for ((tries = 0; tries < 30; tries++)); do
      is_alive "$pid" || break
      sleep 0.1
    done
    if is_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done <"$WORK/pids"
  cd /
  if [ "${POLLS_TEST_KEEP:-0}" = 1 ]; then
    echo "kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# Remembers a background process for cleanup.
track_pid() { echo "$1" >>"$WORK/pids"; }

# Records a stage left out on purpose for the run's summary.
record_skip() { # STAGE WHY
  if [ -n "${POLLS_TEST_SKIP_LOG:-}" ]; then
    printf '%s: %s (%s)\n' "$1" "$2" "$(basename "$0")" >>"$POLLS_TEST_SKIP_LOG"
  fi
}

# skip_script_or_fail STAGE WHY: this whole script cannot run here.
skip_script_or_fail() {
  if opted_out "$1"; then
    record_skip "$1" "$2"
    echo "SKIP $(basename "$0"): $2 (POLLS_TEST_SKIP=$1)"
    exit 77
  fi
  echo "FAIL $(basename "$0"): $2 (to leave it out on purpose: POLLS_TEST_SKIP=$1)" >&2
  exit 1
}

# skip_check_or_fail STAGE WHY: the current check cannot run here.
skip_check_or_fail() {
  if opted_out "$1"; then
    record_skip "$1" "$2"
    : >"$WORK/check-skipped"
    note "skipped: $2 (POLLS_TEST_SKIP=$1)"
    exit 0
  fi
  fail "$2 (to leave it out on purpose: POLLS_TEST_SKIP=$1)"
}

# start_polls [ARGS...]: starts `polls serve --listen 127.0.0.1:0 ARGS...` in the background, in
# the current folder (so the default database is ./polls.db), with the current environment, and
# waits until /healthz answers 200. Port 0: the system picks a free port as polls binds it, and
# polls names it in its log (wait_serving). Sets POLLS_PID, POLLS_PORT, POLLS_URL, POLLS_LOG
# (stdout; stderr is $POLLS_LOG.err), POLLS_STARTUP_MS (launch to first 200), and
# POLLS_METRICS_PORT and POLLS_METRICS_URL when /metrics is served apart (ARGS such as
# --metrics-listen 127.0.0.1:0), else empty.
start_polls() { launch_polls "$POLLS" serve --listen 127.0.0.1:0 "$@"; }

# launch_polls COMMAND...: start_polls for a COMMAND that runs `polls serve --listen ...:0` some
# other way (under prlimit, say). The vote limit is off unless POLLS_VOTE_RATE_LIMIT says
# otherwise: these tests vote from one address many times faster than a person.
launch_polls() {
  local started rc=0
  export POLLS_VOTE_RATE_LIMIT=${POLLS_VOTE_RATE_LIMIT:-0}
  POLLS_LOG=$(mktemp "$WORK/polls.XXXXXX.log")
  started=$(date +%s%N)
  "$@" >"$POLLS_LOG" 2>"$POLLS_LOG.err" &
  POLLS_PID=$!
  track_pid "$POLLS_PID"
  wait_serving "$POLLS_PID" "$POLLS_LOG" || rc=$?
  case $rc in
    1) fail "polls exited before serving (command: $*)" ;;
    2) fail "polls did not log \"polls is serving\" with its URL within 15 s (command: $*)" ;;
  esac
  POLLS_PORT=$SERVING_PORT
  POLLS_URL="http://127.0.0.1:$POLLS_PORT"
  POLLS_METRICS_PORT=$METRICS_PORT
  POLLS_METRICS_URL=${METRICS_PORT:+http://127.0.0.1:$METRICS_PORT}
  wait_until_answers "$POLLS_PID" "$POLLS_URL/healthz" 50 ||
    fail "polls logged that it serves on $POLLS_URL, but /healthz did not answer 200 there"
  POLLS_STARTUP_MS=$(ms_since "$started")
}

# wait_exit PID SECONDS: waits for a child process to end, at most SECONDS. Sets EXIT_RC (its exit
# status, or "timeout") and EXIT_MS.
wait_exit() {
  local pid=$1 limit_ms=$(($2 * 1000)) started tries
  started=$(date +%s%N)
  EXIT_RC=timeout
  for ((tries = 0; tries < 100000; tries++)); do
    if ! is_alive "$pid"; then
      EXIT_RC=0
      wait "$pid" 2>/dev/null || EXIT_RC=$?
      break
    fi
    [ "$(ms_since "$started")" -ge "$limit_ms" ] && break
    sleep 0.02
  done
  EXIT_MS=$(ms_since "$started")
}

# http_status URL [CURL ARGS...]: the status code of one request (000 when there was none).
http_status() {
  local url=$1
  shift
  curl -sS -o /dev/null -w '%{http_code}' -m 10 "$@" "$url" 2>/dev/null || true
}

# run_capture OUT_VAR ERR_VAR RC_VAR COMMAND...: runs a command bounded to $RUN_TIMEOUT seconds
# (default 20; exit status 124 when it ran out), capturing stdout, stderr and the exit status
# without tripping `set -e`. A shell function given as COMMAND must bound its own time.
run_capture() {
  local -n _out=$1 _err=$2 _rc=$3
  shift 3
  _rc=0
  if declare -F "$1" >/dev/null; then
    "$@" >"$WORK/run.out" 2>"$WORK/run.err" || _rc=$? # a shell function bounds itself
  else
    timeout "${RUN_TIMEOUT:-20}" "$@" >"$WORK/run.out" 2>"$WORK/run.err" || _rc=$?
  fi
  _out=$(cat "$WORK/run.out")
  _err=$(cat "$WORK/run.err")
}

# seed_question DB TEXT CHOICE...: migrates the SQLite file DB with polls, then adds a question
# published an hour ago with its choices (0 votes), stored the way Django stores them. Prints
# "QUESTION_ID CHOICE_ID...".
seed_question() {
  local db=$1
  "$POLLS" migrate --database "sqlite://$db" >/dev/null
  "$PY" - "$@" <<'PYTHON'
import datetime
import sqlite3
import sys

db, text, choices = sys.argv[1], sys.argv[2], sys.argv[3:]
now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
pub_date = (now - datetime.timedelta(hours=1)).isoformat(" ")
with sqlite3.connect(db) as c:
    qid = c.execute("INSERT INTO polls_question (question_text, pub_date) VALUES (?, ?)",
                    (text, pub_date)).lastrowid
    ids = [c.execute("INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (?, ?, 0)",
                     (qid, choice)).lastrowid for choice in choices]
print(qid, *ids)
PYTHON
}

# votes_of DB CHOICE_ID: the vote count stored for a choice.
votes_of() {
  "$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT votes FROM polls_choice WHERE id = ?", (int(sys.argv[2]),)).fetchone()[0])' "$1" "$2"
}

# Python helpers for raw HTTP over a socket, importable from the checks' inline scripts as
# `from rawhttp import *`.
cat >"$WORK/rawhttp.py" <<'PYTHON'
"""Raw HTTP/1.x over a TCP socket to 127.0.0.1, for protocol checks that http.client smooths over."""
import socket
import time

HOST = "127.0.0.1"


class Response:
    def __init__(self, version, status, reason, headers, head, body):
        self.version, self.status, self.reason = version, status, reason
        self.headers, self.head, self.body = headers, head, body

    def header(self, name, default=None):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return default

    def names(self):
        return [key.lower() for key, _ in self.headers]

    def __repr__(self):
        return "<%s %s, %d header(s), %d body bytes>" % (
            self.version, self.status, len(self.headers), len(self.body))


class Conn:
    """A socket with a read buffer, so that bytes past one response are kept for the next."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""
        self.eof = False

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("latin-1")
        self.sock.sendall(data)

    def _fill(self, deadline):
        """Reads more bytes; False on EOF, reset or deadline."""
        if self.eof:
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            self.eof = True
            return False
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def read_response(self, timeout=5.0, head_only=False):
        """The next response, or None if the connection ended (or timed out) before one."""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buf:
            if not self._fill(deadline):
                return None
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        version, status = parts[0], int(parts[1])
        reason = parts[2] if len(parts) > 2 else ""
        headers = []
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers.append((key.strip(), value.strip()))
        response = Response(version, status, reason, headers, head, b"")
        if head_only or status < 200 or status in (204, 304):
            return response
        length = response.header("Content-Length")
        if length is not None:
            length = int(length)
            while len(self.buf) < length and self._fill(deadline):
                pass
            response.body, self.buf = self.buf[:length], self.buf[length:]
        elif "chunked" in (response.header("Transfer-Encoding") or "").lower():
            response.body = self._read_chunked(deadline)
        else:
            while self._fill(deadline):
                pass
            response.body, self.buf = self.buf, b""
        return response

    def _read_chunked(self, deadline):
        body = b""
        while True:
            while b"\r\n" not in self.buf:
                if not self._fill(deadline):
                    return body
            size_line, self.buf = self.buf.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(self.buf) < size + 2 and self._fill(deadline):
                pass
            body, self.buf = body + self.buf[:size], self.buf[size + 2:]
            if size == 0:
                return body

    def rest(self, timeout=2.0):
        """Every byte until the server closes the connection (or the timeout)."""
        deadline = time.monotonic() + timeout
        while self._fill(deadline):
            pass
        data, self.buf = self.buf, b""
        return data

    def closed_by_peer(self, timeout=2.0):
        """Whether the server closes the connection within the timeout (unread bytes are dropped)."""
        self.rest(timeout)
        return self.eof

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def get(port, path, headers=None, timeout=5.0):
    """One GET on a fresh connection (Connection: close)."""
    conn = Conn(port, timeout)
    try:
        extra = "".join("%s: %s\r\n" % kv for kv in (headers or {}).items())
        conn.send("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s\r\n"
                  % (path, port, extra))
        return conn.read_response(timeout)
    finally:
        conn.close()


def exchange(port, data, timeout=5.0):
    """Sends raw bytes on a fresh connection; the first response, or None if there was none."""
    conn = Conn(port, timeout)
    try:
        try:
            conn.send(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return conn.read_response(timeout)
    finally:
        conn.close()


def healthy(port, timeout=3.0):
    try:
        response = get(port, "/healthz", timeout=timeout)
    except OSError:
        return False
    return response is not None and response.status == 200


def csrf_form(port, question_id, timeout=5.0):
    """GETs a question's page like a browser: (csrftoken cookie, csrfmiddlewaretoken) for a vote."""
    import http.client
    import re
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", "/polls/%d/" % question_id)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        if response.status != 200:
            raise AssertionError("GET /polls/%d/ answered %d" % (question_id, response.status))
        cookie = None
        for key, value in response.getheaders():
            if key.lower() == "set-cookie" and value.startswith("csrftoken="):
                cookie = value.split(";", 1)[0].split("=", 1)[1]
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if cookie is None or match is None:
            raise AssertionError("no csrftoken cookie or form token on /polls/%d/" % question_id)
        return cookie, match.group(1)
    finally:
        conn.close()


def post_vote(port, question_id, choice_id, cookie, token, timeout=30.0):
    """POSTs a vote like a browser: (status, Location header, seconds taken)."""
    import http.client
    import time as _time
    from urllib.parse import urlencode
    body = urlencode({"csrfmiddlewaretoken": token, "choice": str(choice_id)})
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = _time.monotonic()
    try:
        conn.request("POST", "/polls/%d/vote/" % question_id, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "csrftoken=" + cookie,
            "Origin": "http://%s:%d" % (HOST, port),
            "Referer": "http://%s:%d/polls/%d/" % (HOST, port, question_id),
        })
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location"), _time.monotonic() - started
    finally:
        conn.close()
PYTHON
