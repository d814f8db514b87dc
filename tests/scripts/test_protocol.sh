#!/usr/bin/env bash
# Black-box checks of polls' HTTP/1.x handling with raw sockets: versions and keep-alive, HEAD
# and conditional GET, 100-continue, body and header limits, header injection through
# X-Request-ID, request smuggling, slow and idle clients, and random bytes.
#
#   bash tests/scripts/test_protocol.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SECRET_KEY=protocol-test-secret-key-0123456789abcdefghij
readonly MAX_BODY=4096

# pycheck [ARGS...] <<'PYTHON' ... : runs a Python check with port, question id and choice id
# as argv[1..3]; it fails with sys.exit("reason") or an AssertionError.
pycheck() {
  "$PY" - "$POLLS_PORT" "$QID" "$CID" "$@" || fail "the Python check above failed"
}

# Every check ends here: whatever it sent, polls is still up.
still_serving() {
  is_alive "$POLLS_PID" || fail "polls is no longer running"
  assert_eq 200 "$(http_status "$POLLS_URL/healthz")" "GET /healthz afterwards"
}

check_http10_without_host() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn
port = int(sys.argv[1])
c = Conn(port)
c.send("GET /healthz HTTP/1.0\r\n\r\n")
r = c.read_response(timeout=5)
assert r is not None, "no response to an HTTP/1.0 request without Host"
print("     %s %d" % (r.version, r.status))
assert r.status < 500, "server error %d" % r.status
assert c.closed_by_peer(3), "the connection stayed open after an HTTP/1.0 response"
PYTHON
  still_serving
}

check_keep_alive() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn
port = int(sys.argv[1])
c = Conn(port)
for path in ("/healthz", "/polls/", "/static/polls/style.css"):
    c.send("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (path, port))
    r = c.read_response(timeout=5)
    assert r is not None, "no response to %s on the kept-alive connection" % path
    assert r.status == 200, "%s answered %d" % (path, r.status)
    assert (r.header("Connection") or "").lower() != "close", "%s said Connection: close" % path
assert not c.eof, "the server closed the connection"
PYTHON
}

# HEAD gets GET's headers (same Content-Length) and no body.
check_head() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn
port = int(sys.argv[1])
VOLATILE = {"date", "x-request-id", "set-cookie"}

def fetch(method):
    c = Conn(port)
    c.send("%s / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % (method, port))
    r = c.read_response(timeout=5, head_only=True)
    assert r is not None, "no response to %s /" % method
    rest = c.rest(3)
    c.close()
    return r, rest

get, get_body = fetch("GET")
head, head_body = fetch("HEAD")
assert get.status == head.status == 200, "statuses GET %d, HEAD %d" % (get.status, head.status)
g = {k.lower(): v for k, v in get.headers if k.lower() not in VOLATILE}
h = {k.lower(): v for k, v in head.headers if k.lower() not in VOLATILE}
only_get = sorted(set(g.items()) - set(h.items()))
only_head = sorted(set(h.items()) - set(g.items()))
assert g == h, "headers differ: only in GET %s, only in HEAD %s" % (only_get, only_head)
assert int(g.get("content-length", -1)) == len(get_body), "GET's Content-Length is not its body's"
assert head_body == b"", "HEAD sent %d body bytes" % len(head_body)
PYTHON
}

check_conditional_get() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn, get
port = int(sys.argv[1])
path = "/static/polls/style.css"
first = get(port, path)
assert first.status == 200 and first.body, "GET %s: %r" % (path, first)
etag = first.header("ETag")
assert etag, "no ETag on %s" % path

def conditional(value):
    c = Conn(port)
    c.send("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: %s\r\nConnection: close\r\n\r\n"
           % (path, value))
    r = c.read_response(timeout=5)
    rest = c.rest(3)
    c.close()
    return r, rest

for value in (etag, "W/" + etag, '"nope", ' + etag):
    r, rest = conditional(value)
    assert r is not None and r.status == 304, "If-None-Match: %s gave %r" % (value, r)
    assert rest == b"", "a 304 carried %d body bytes" % len(rest)
    assert r.header("ETag") == etag, "304 without the ETag"
r, _ = conditional('"something-else"')
assert r is not None and r.status == 200, "a stale ETag gave %r" % r
PYTHON
}

# A browser-like vote sent with Expect: 100-continue: the 100 comes before the body is sent, the
# vote is counted; a body announced over the limit gets 413 instead of 100.
check_expect_100_continue() {
  local before
  before=$(votes_of "$DB" "$CID")
  pycheck "$MAX_BODY" <<'PYTHON'
import sys
from urllib.parse import urlencode
from rawhttp import Conn, csrf_form
port, qid, cid, max_body = (int(a) for a in sys.argv[1:5])
cookie, token = csrf_form(port, qid)
body = urlencode({"csrfmiddlewaretoken": token, "choice": cid})
head = ("POST /polls/%d/vote/ HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: csrftoken=%s\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
        % (qid, port, cookie))
c = Conn(port)
c.send(head + "Content-Length: %d\r\n\r\n" % len(body))
interim = c.read_response(timeout=3)
assert interim is not None, "no interim response before the body was sent"
assert (interim.version, interim.status) == ("HTTP/1.1", 100), "got %r instead of 100 Continue" % interim
c.send(body)
final = c.read_response(timeout=5)
assert final is not None and final.status == 302, "final response %r" % final
c.close()

c = Conn(port)
c.send(head + "Content-Length: %d\r\n\r\n" % (max_body * 4))
r = c.read_response(timeout=3)
assert r is not None and r.status == 413, "a body announced over the limit got %r" % r
c.close()
PYTHON
  assert_eq $((before + 1)) "$(votes_of "$DB" "$CID")" "votes after the 100-continue vote"
}

# A body announced over the limit is refused from its Content-Length, at once: a client that
# announces a terabyte and sends nothing must not hold a worker until the read timeout.
check_content_length_over_limit() {
  pycheck "$MAX_BODY" <<'PYTHON'
import sys
import time
from rawhttp import Conn
port, qid, cid, max_body = (int(a) for a in sys.argv[1:5])
problems = []
for length, send_body in ((max_body * 4, True), (max_body + 1, False), (10**12, False)):
    c = Conn(port)
    started = time.monotonic()
    c.send("POST /polls/%d/vote/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\n\r\n" % (qid, length))
    if send_body:
        try:
            c.send(b"a" * length)
        except OSError:
            pass
    r = c.read_response(timeout=5)
    took = time.monotonic() - started
    outcome = "%s after %.2f s" % (r.status if r else "no response", took)
    print("     Content-Length %d, %s: %s" % (length, "body sent" if send_body else "no body", outcome))
    if r is None or r.status != 413 or (not send_body and took > 0.5):
        problems.append("Content-Length %d (%s): expected 413 at once, got %s"
                        % (length, "body sent" if send_body else "no body", outcome))
    c.close()
assert not problems, "; ".join(problems)
PYTHON
  still_serving
}

check_chunked_over_limit() {
  pycheck "$MAX_BODY" <<'PYTHON'
import sys
from rawhttp import Conn
port, qid, cid, max_body = (int(a) for a in sys.argv[1:5])
c = Conn(port)
c.send("POST /polls/%d/vote/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
       "Content-Type: application/x-www-form-urlencoded\r\n\r\n" % qid)
sent = 0
try:
    for _ in range(64):  # 64 KiB, 16 times the limit
        c.send(b"400\r\n" + b"a" * 1024 + b"\r\n")
        sent += 1024
    c.send(b"0\r\n\r\n")
except OSError:
    pass
r = c.read_response(timeout=5)
if r is not None:
    print("     %d after %d bytes sent" % (r.status, sent))
    assert r.status == 413, "a chunked body of %d bytes got %d" % (sent, r.status)
else:
    assert c.eof, "neither a response nor a closed connection within 5 s"
    print("     connection closed after %d bytes sent" % sent)
PYTHON
  still_serving
}

check_too_many_headers() {
  pycheck <<'PYTHON'
import sys
from rawhttp import exchange
port = int(sys.argv[1])
headers = "".join("X-Header-%d: value\r\n" % i for i in range(200))
r = exchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % headers)
assert r is not None, "no response to 200 headers"
print("     %d" % r.status)
assert 400 <= r.status < 500, "200 headers got %d" % r.status
PYTHON
  still_serving
}

check_long_header_line() {
  pycheck <<'PYTHON'
import sys
from rawhttp import exchange
port = int(sys.argv[1])
r = exchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: %s\r\n\r\n" % ("a" * 20480))
assert r is not None, "no response to a 20 KB header line"
print("     %d" % r.status)
assert 400 <= r.status < 500, "a 20 KB header line got %d" % r.status
PYTHON
  still_serving
}

# X-Request-ID is reflected only when it is a short safe token; CR/LF, raw or percent-encoded,
# must never turn into a header of their own.
check_request_id_injection() {
  pycheck <<'PYTHON'
import re
import sys
from rawhttp import exchange
port = int(sys.argv[1])
SAFE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

def send(path, raw_value):
    r = exchange(port, b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-ID: " + raw_value
                 + b"\r\nConnection: close\r\n\r\n")
    return r

# Control: a safe id is echoed.
r = send(b"/healthz", b"client-id-42")
assert r is not None and r.header("X-Request-ID") == "client-id-42", "a safe id was not echoed: %r" % r

hostile = [
    b"abc%0D%0ASet-Cookie:%20pwned=1",
    b"abc%0d%0aSet-Cookie: pwned=1",
    b"abc\rSet-Cookie: pwned=1",
    b"abc\r Set-Cookie: pwned=1",
    b"abc\nSet-Cookie: pwned=1",
    b"abc\x00pwned=1",
    b"x" * 200,
]
for value in hostile:
    for path in (b"/healthz", b"/no/such/page", b"/polls/"):
        r = send(path, value)
        if r is None:
            print("     %r on %s: connection closed without a response" % (value[:40], path.decode()))
            continue
        assert b"pwned" not in r.head.lower(), "%r reached the response head:\n%s" % (value, r.head.decode("latin-1"))
        assert "pwned" not in r.names(), "a pwned header"
        echoed = r.header("X-Request-ID")
        assert echoed is not None, "no X-Request-ID on %s" % path
        assert SAFE.match(echoed), "unsafe X-Request-ID %r" % echoed
        assert echoed.encode("latin-1") != value, "the hostile value was reflected"
print("     every hostile value was replaced by a generated id or refused")
PYTHON
  still_serving
}

check_garbage_request_lines() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn
port = int(sys.argv[1])
for raw in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
            b"\x00\x01\x02\xff\r\n\r\n", b"GET /\x7f\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
            b"G E T / HTTP/1.1\r\n\r\n", b"\r\n\r\n"):
    c = Conn(port)
    c.send(raw)
    r = c.read_response(timeout=3)
    if r is None:
        assert c.eof, "%r: neither a response nor a close within 3 s" % raw
        outcome = "closed"
    else:
        assert r.status >= 400 and r.status != 500, "%r got %d" % (raw, r.status)
        outcome = str(r.status)
    print("     %r -> %s" % (raw, outcome))
    c.close()
PYTHON
  still_serving
}

# Content-Length and Transfer-Encoding together is how requests are smuggled: 400, and the
# connection must not be reused.
check_content_length_with_transfer_encoding() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn
port, qid = int(sys.argv[1]), int(sys.argv[2])
smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
for te in ("chunked", "Chunked", "gzip, chunked"):
    c = Conn(port)
    c.send("POST /polls/%d/vote/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
           "Transfer-Encoding: %s\r\n\r\n0\r\n\r\n%s" % (qid, te, smuggled))
    r = c.read_response(timeout=3)
    assert r is not None and r.status == 400, "Content-Length + Transfer-Encoding: %s got %r" % (te, r)
    second = c.read_response(timeout=2)
    assert second is None, "the smuggled request was answered (%r)" % second
    c.close()
PYTHON
  still_serving
}

# Framing a server must refuse, each on a fresh connection: a 4xx (or a close), never a 5xx, and
# no second request smuggled through. Content-Length negative, not a number, sent twice with two
# values (and twice with one, which RFC 9110 lets a server accept), a 100 KB request line.
check_malformed_framing() {
  pycheck <<'PYTHON'
import sys
from rawhttp import Conn
port, qid = int(sys.argv[1]), int(sys.argv[2])
vote = "POST /polls/%d/vote/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" % qid
smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
cases = [
    ("negative Content-Length", vote + "Content-Length: -5\r\n\r\nchoice" + smuggled, False),
    ("Content-Length -0", vote + "Content-Length: -0\r\n\r\n" + smuggled, False),
    ("non-numeric Content-Length", vote + "Content-Length: abc\r\n\r\n" + smuggled, False),
    ("Content-Length with a sign", vote + "Content-Length: +5\r\n\r\nchoice" + smuggled, False),
    ("Content-Length in hex", vote + "Content-Length: 0x10\r\n\r\n" + smuggled, False),
    ("Content-Length past 64 bits", vote + "Content-Length: 99999999999999999999999\r\n\r\n", False),
    ("two Content-Length values", vote + "Content-Length: 5\r\nContent-Length: 50\r\n\r\nchoic" + smuggled, False),
    ("one Content-Length listing two", vote + "Content-Length: 5, 50\r\n\r\nchoic" + smuggled, False),
    ("two equal Content-Length", vote + "Content-Length: 0\r\nContent-Length: 0\r\n\r\n", True),
    ("a 100 KB request line", "GET /polls/?" + "a" * 100 * 1024 + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", False),
    ("Transfer-Encoding and Content-Length", vote + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, False),
    ("unknown Transfer-Encoding", vote + "Transfer-Encoding: gzip\r\n\r\n" + smuggled, False),
    ("chunk size not hex", vote + "Transfer-Encoding: chunked\r\n\r\nzz\r\nchoice\r\n0\r\n\r\n" + smuggled, False),
    ("negative chunk size", vote + "Transfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n" + smuggled, False),
]
problems = []
for name, raw, may_succeed in cases:
    c = Conn(port)
    try:
        c.send(raw)
    except (BrokenPipeError, ConnectionResetError):
        pass
    r = c.read_response(timeout=5)
    if r is None:
        outcome = "closed" if c.eof else "no answer in 5 s"
        if not c.eof:
            problems.append("%s: %s" % (name, outcome))
    else:
        outcome = str(r.status)
        if r.status >= 500:
            problems.append("%s: answered %d" % (name, r.status))
        elif r.status < 400 and not may_succeed:
            problems.append("%s: accepted with %d" % (name, r.status))
        second = c.read_response(timeout=1)
        if second is not None and not may_succeed:
            problems.append("%s: a second request was answered (%d): smuggled" % (name, second.status))
    print("     %-40s -> %s" % (name, outcome))
    c.close()
assert not problems, "; ".join(problems)
PYTHON
  still_serving
}

# One header byte per 100 ms: the event loop holds such a client without a thread, others are
# served promptly meanwhile, and the head deadline cuts it with 408.
check_slowloris() {
  pycheck <<'PYTHON'
import select
import sys
import threading
import time
from rawhttp import Conn, healthy
port = int(sys.argv[1])
others = []

def other_clients():
    for _ in range(8):
        started = time.monotonic()
        others.append((healthy(port, 3), time.monotonic() - started))
        time.sleep(0.25)

c = Conn(port)
c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
started = time.monotonic()
helper = threading.Thread(target=other_clients)
helper.start()
cut_after, how = None, None
for i in range(100):  # 10 s at most
    readable, _, _ = select.select([c.sock], [], [], 0.1)
    if readable:
        try:
            data = c.sock.recv(4096)
        except OSError as e:
            data, how = b"", e.__class__.__name__
        cut_after = time.monotonic() - started
        how = how or (data.split(b"\r\n", 1)[0].decode("latin-1") if data else "closed")
        break
    try:
        c.sock.send(b"a")
    except OSError as e:
        cut_after, how = time.monotonic() - started, e.__class__.__name__
        break
helper.join(30)
c.close()
slowest = max(t for _, t in others)
print("     slow client cut after %s (%s); %d other requests, slowest %.3f s"
      % ("%.1f s" % cut_after if cut_after else "never (10 s)", how, len(others), slowest))
assert all(ok for ok, _ in others), "another client was not served during the slow one"
assert slowest < 1.0, "another client waited %.2f s" % slowest
# The head deadline (head_timeout_seconds = 2 here) holds for the whole head, not per read.
assert cut_after is not None and 1.8 < cut_after < 4, "slow client cut after %r" % cut_after
assert how == "HTTP/1.1 408 Request Timeout", "slow client got %r, not 408" % how
PYTHON
  still_serving
}

# starve IDLE_CLIENTS: holds that many idle keep-alive connections (each after one GET
# /healthz), then times a fresh GET /polls/, which must succeed within 2 s.
starve() {
  pycheck "$1" <<'PYTHON'
import sys
import time
from rawhttp import Conn, get
port, idle = int(sys.argv[1]), int(sys.argv[4])
conns, slowest = [], (0.0, 0)
started = time.monotonic()
try:
    for i in range(idle):
        # Bounded: 30 s for all of them.
        assert time.monotonic() - started < 30, "opening %d idle clients took over 30 s" % idle
        t0 = time.monotonic()
        c = Conn(port, timeout=10)
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        r = c.read_response(timeout=10)
        assert r is not None and r.status == 200, "idle client %d got %r" % (i, r)
        slowest = max(slowest, (time.monotonic() - t0, i))
        conns.append(c)
    opened = time.monotonic() - started
    t0 = time.monotonic()
    try:
        r = get(port, "/polls/", timeout=5)
    except OSError as e:
        r = e
    took = time.monotonic() - t0
    print("     %d idle clients in %.1f s (slowest: client %d, %.2f s); fresh GET /polls/: %r in %.2f s"
          % (idle, opened, slowest[1], slowest[0], r, took))
    assert not isinstance(r, Exception) and r is not None and r.status == 200, \
        "fresh client got %r after %.2f s" % (r, took)
    assert took < 2.0, "fresh client waited %.2f s" % took
    assert slowest[0] < 2.0, "idle client %d waited %.2f s for its answer" % (slowest[1], slowest[0])
finally:
    for c in conns:
        c.close()
PYTHON
}

check_starvation() {
  starve 300
  still_serving
}

check_random_bytes() {
  pycheck <<'PYTHON'
import os
import random
import socket
import sys
import threading
from rawhttp import HOST
port = int(sys.argv[1])
seed = int.from_bytes(os.urandom(8), "big")
print("     seed %d" % seed)
rng = random.Random(seed)
payloads = []
for i in range(200):
    data = rng.randbytes(rng.randint(0, 4096))
    if i % 2:  # half start like a request, to reach the header parser
        data = rng.choice([b"GET / HTTP/1.1\r\n", b"POST /polls/1/vote/ HTTP/1.1\r\nHost: x\r\n",
                           b"GET /static/", b"HEAD / HTTP/1.0\r\nContent-Length: "]) + data
    if i % 4 in (1, 2):  # and end like a head, so that the parser answers rather than waits
        data += b"\r\n\r\n"
    payloads.append(data)
lock = threading.Lock()
errors = []

statuses = {}

def worker(chunk):
    for data in chunk:
        try:
            s = socket.create_connection((HOST, port), timeout=3)
            try:
                s.sendall(data)
                s.settimeout(0.3)
                reply = s.recv(65536)
            except OSError:
                reply = b""
            finally:
                s.close()
        except OSError as e:
            with lock:
                errors.append(repr(e))
            continue
        status = "none"
        if reply.startswith(b"HTTP/1."):
            status = reply.split(b" ", 2)[1].decode("latin-1")
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            if status.startswith("5"):
                errors.append("%r... answered %s" % (data[:40], status))

threads = [threading.Thread(target=worker, args=(payloads[i::8],)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
print("     answers: %s" % ", ".join("%s x%d" % kv for kv in sorted(statuses.items())))
assert not errors, "connections failed or got a 5xx: %s" % errors[:3]
PYTHON
  still_serving
}

# One server for most checks; the database has one question with two choices.
DB=$WORK/protocol.db
read -r QID CID _ <<<"$(seed_question "$DB" "Which protocol?" "HTTP/1.1" "HTTP/2")"
# The crowds below come from one address (127.0.0.1): no per-address cap for this server
# (test_connections.sh tests the cap).
POLLS_MAX_BODY_BYTES=$MAX_BODY POLLS_READ_TIMEOUT_SECONDS=1 POLLS_HEAD_TIMEOUT_SECONDS=2 \
  POLLS_MAX_CONNECTIONS_PER_ADDRESS=0 POLLS_LOG_LEVEL=warn start_polls --database "sqlite://$DB"
MAIN_PID=$POLLS_PID MAIN_PORT=$POLLS_PORT MAIN_LOG=$POLLS_LOG

check "HTTP/1.0 without Host: a response, then close" check_http10_without_host
check "keep-alive: 3 requests on one connection" check_keep_alive
check "HEAD: GET's headers, no body" check_head
check "conditional GET on a static file: 304, no body" check_conditional_get
check "Expect: 100-continue before the body; 413 when too big" check_expect_100_continue
check "Content-Length over the limit: 413" check_content_length_over_limit
check "chunked body over the limit: 413 or closed" check_chunked_over_limit
check "200 headers: 4xx" check_too_many_headers
check "a 20 KB header line: 4xx" check_long_header_line
check "X-Request-ID with CR/LF is never reflected" check_request_id_injection
check "garbage request lines: 4xx or closed" check_garbage_request_lines
check "Content-Length with Transfer-Encoding: 400, not reused" check_content_length_with_transfer_encoding
check "malformed Content-Length, chunk sizes, a 100 KB request line: 4xx, never 5xx" \
  check_malformed_framing
check "a slowloris client does not hold up others" check_slowloris
check "300 idle keep-alive clients do not starve a new one" check_starvation
check "random bytes on 200 connections: no crash, no 5xx" check_random_bytes

# Back to the main server: still up, nothing it logged is an error, and it stops cleanly.
check_main_server_unharmed() {
  POLLS_PID=$MAIN_PID POLLS_URL="http://127.0.0.1:$MAIN_PORT" POLLS_LOG=$MAIN_LOG
  still_serving
  assert_not_contains "$(cat "$POLLS_LOG" "$POLLS_LOG.err")" '"level":"error"' "server log"
}
check "main server still healthy, no errors logged" check_main_server_unharmed
# Stopped here, in the shell that started it, so that its exit status can be read.
kill -TERM "$MAIN_PID"
wait_exit "$MAIN_PID" 5
check "main server exits 0 on SIGTERM" assert_eq 0 "$EXIT_RC" "exit status after SIGTERM"
finish
