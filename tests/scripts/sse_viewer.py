#!/usr/bin/python3
"""A viewer of polls' live results for the black-box tests (test_live*.sh), and the waits the
checks make on what it saw. Python stdlib only; the stream is read with the benchmark's readers
(scripts/bench_lib/sse.py), so there is one SSE parser in the project's tooling.

    sse_viewer.py watch PORT QUESTION LOG [--last-event-id ID]
        GET /polls/QUESTION/events/ on 127.0.0.1:PORT (HTTP/1.1; with Last-Event-ID: ID, as a
        browser's EventSource reconnecting after an event with that id); writes one JSON line to LOG per
        thing seen, flushed at once, each with "t", the time.monotonic() at which it was read (the
        clock every process on the machine shares):
          {"kind": "head", "status": 200, "headers": {...}}  (lower-case names)
          {"kind": "retry", "ms": 3000}
          {"kind": "event", "id": "...", "total": N, "choices": C}  (C: how many choices)
          {"kind": "comment", "text": "heartbeat"}
          {"kind": "end"}     the last (zero-size) chunk: the server ended the stream cleanly
          {"kind": "closed"}  the server closed the connection
          {"kind": "error", "what": "..."}
        Runs until the server closes the connection (or SIGTERM).
    sse_viewer.py stall PORT QUESTION
        sends the same request, then never reads: a viewer whose socket buffers fill up (with the
        system's default sizes: a few large events do it). Runs until SIGTERM.
    sse_viewer.py wait LOG KIND [--total N] [--after T] [--timeout S]
        waits until LOG has a line of that KIND (for "event", with that total if given), read
        after monotonic time T if given; prints that line. Exit 1 naming what it saw instead if
        none came within S seconds (default 5).
    sse_viewer.py now
        prints time.monotonic(), to compare with the times in a LOG.
"""
import argparse
import json
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts", "bench_lib"))
from sse import Chunked, EventStream, ResponseHead  # noqa: E402

HOST = "127.0.0.1"


def request(port, question, last_event_id=None):
    extra = "Last-Event-ID: %s\r\n" % last_event_id if last_event_id else ""
    return ("GET /polls/%d/events/ HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\n"
            "Cache-Control: no-cache\r\n%s\r\n" % (question, HOST, port, extra)).encode()


def watch(args):
    out = open(args.log, "a", encoding="utf-8")

    def write(kind, **fields):
        fields.update(t=time.monotonic(), kind=kind)
        out.write(json.dumps(fields) + "\n")
        out.flush()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = socket.create_connection((HOST, args.port), timeout=10)
    sock.settimeout(None)
    sock.sendall(request(args.port, args.question, args.last_event_id))
    head, chunked, stream = ResponseHead(), None, EventStream()
    while True:
        try:
            data = sock.recv(1 << 20)
        except OSError as e:
            write("error", what=str(e))
            return
        if not data:
            write("closed")
            return
        if head.status is None:
            rest = head.feed(data)
            if rest is None:
                continue
            write("head", status=head.status, headers=head.headers)
            chunked, data = Chunked(), rest
        if "chunked" not in head.headers.get("transfer-encoding", ""):
            continue  # a refusal (503) or an error page: read to its end, not as a stream
        body = chunked.feed(data)
        for item in stream.feed(body):
            if item[0] == "event":
                write("event", id=item[1], total=item[2]["total"],
                      choices=len(item[2]["choices"]))
            elif item[0] == "comment":
                write("comment", text=item[1].strip())
            else:
                write("retry", ms=item[1])
        if chunked.error:
            write("error", what=chunked.error)
            return
        if chunked.ended:
            write("end")


def stall(args):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = socket.create_connection((HOST, args.port), timeout=10)
    sock.sendall(request(args.port, args.question))
    while True:
        time.sleep(3600)


def matches(line, args):
    if line["kind"] != args.kind:
        return False
    if args.total is not None and line.get("total") != args.total:
        return False
    return args.after is None or line["t"] > args.after


def wait(args):
    deadline = time.monotonic() + args.timeout
    seen = []
    while True:
        seen = []
        try:
            with open(args.log, encoding="utf-8") as f:
                for text in f:
                    if not text.endswith("\n"):
                        break  # half written: read again next time
                    line = json.loads(text)
                    seen.append(line)
                    if matches(line, args):
                        print(json.dumps(line))
                        return 0
        except FileNotFoundError:
            pass
        if time.monotonic() >= deadline:
            break
        time.sleep(0.02)
    summary = ["%s%s" % (line["kind"], "(total %s)" % line["total"] if "total" in line else "")
               for line in seen[-12:]]
    print("no %s%s%s within %.1f s in %s; the last seen: %s" % (
        args.kind, " with total %d" % args.total if args.total is not None else "",
        " after %.3f" % args.after if args.after is not None else "", args.timeout, args.log,
        ", ".join(summary) or "nothing"), file=sys.stderr)
    return 1


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("watch", "stall"):
        command = commands.add_parser(name)
        command.add_argument("port", type=int)
        command.add_argument("question", type=int)
        if name == "watch":
            command.add_argument("log")
            command.add_argument("--last-event-id")
    command = commands.add_parser("wait")
    command.add_argument("log")
    command.add_argument("kind")
    command.add_argument("--total", type=int)
    command.add_argument("--after", type=float)
    command.add_argument("--timeout", type=float, default=5.0)
    commands.add_parser("now")
    args = parser.parse_args()
    if args.command == "watch":
        watch(args)
    elif args.command == "stall":
        stall(args)
    elif args.command == "wait":
        sys.exit(wait(args))
    else:
        print("%.6f" % time.monotonic())


if __name__ == "__main__":
    main()
