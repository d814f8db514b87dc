#!/usr/bin/python3
"""Viewers of a question's live results for scripts/bench --live: N Server-Sent Events clients of
GET PATH on 127.0.0.1:PORT, run from one epoll loop (a thread each would cost more than the
server under test), each a separate connection from one of the --sources loopback addresses in
turn, as browsers on different machines.

    live_viewers.py --port PORT --path /polls/1/events/ --viewers N --sources A,B,... --out FILE

Connections are opened in batches (the server's accept backlog is finite). When every viewer has
its first event, or has failed, it prints "READY <json>" (how many are streaming, their totals,
the failures by reason) and reads on until SIGTERM or SIGINT; then it writes FILE (JSON: per
viewer its status, the time and vote total of every event in the order received, heartbeats,
and whether and when the server closed the stream) and prints "DONE". Times are
time.monotonic(), the clock every process of the benchmark shares, taken as each read returns:
when this client saw the bytes, so a client that falls behind makes the delays longer, never
shorter. Only loopback addresses may be a target or a source.
"""
import argparse
import errno
import json
import resource
import select
import signal
import socket
import sys
import time

from sse import Chunked, EventStream, ResponseHead

OPEN_BATCH = 200
READY_TIMEOUT_S = 60


class Viewer:
    __slots__ = ("source", "sock", "state", "head", "chunked", "stream", "status", "events",
                 "heartbeats", "retry", "closed_at", "error")

    def __init__(self, source):
        self.source = source
        self.sock = None
        self.state = "connecting"  # then: head, streaming, closed, failed
        self.head, self.chunked, self.stream = ResponseHead(), None, EventStream()
        self.status = None
        self.events = []  # [time, total]
        self.heartbeats = 0
        self.retry = None
        self.closed_at = None
        self.error = None

    def result(self):
        return {"source": self.source, "status": self.status, "state": self.state,
                "error": self.error, "events": self.events, "heartbeats": self.heartbeats,
                "retry": self.retry, "closed_at": self.closed_at}


class Viewers:
    def __init__(self, args):
        self.args = args
        self.ep = select.epoll()
        self.by_fd = {}
        self.viewers = [Viewer(args.sources[i % len(args.sources)]) for i in range(args.viewers)]
        self.request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n"
                        "Cache-Control: no-cache\r\n\r\n" % (args.path, args.port)).encode()
        self.stopping = False

    def connect(self, viewer):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.bind((viewer.source, 0))
        err = s.connect_ex(("127.0.0.1", self.args.port))
        if err not in (0, errno.EINPROGRESS):
            s.close()
            self.fail(viewer, "connect: " + errno.errorcode.get(err, str(err)))
            return
        viewer.sock = s
        self.by_fd[s.fileno()] = viewer
        self.ep.register(s.fileno(), select.EPOLLOUT)

    def close(self, viewer, state):
        if viewer.sock is not None:
            self.by_fd.pop(viewer.sock.fileno(), None)
            try:
                self.ep.unregister(viewer.sock.fileno())
            except OSError:
                pass
            viewer.sock.close()
            viewer.sock = None
        viewer.state = state

    def fail(self, viewer, error):
        viewer.error = error
        self.close(viewer, "failed")

    def on_event(self, viewer, fd):
        if viewer.state == "connecting":
            err = viewer.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                self.fail(viewer, "connect: " + errno.errorcode.get(err, str(err)))
                return
            viewer.state = "head"
            self.ep.modify(fd, select.EPOLLIN)
            try:
                viewer.sock.sendall(self.request)  # a few dozen bytes: the buffer takes them
            except OSError as e:
                self.fail(viewer, "send: %s" % e)
            return
        try:
            data = viewer.sock.recv(65536)
        except OSError as e:
            self.fail(viewer, "recv: %s" % e)
            return
        now = time.monotonic()
        if not data:
            if viewer.state == "streaming":
                viewer.closed_at = now
                self.close(viewer, "closed")
            else:
                self.fail(viewer, "closed before the response head")
            return
        if viewer.state == "head":
            data = viewer.head.feed(data)
            if data is None:
                return
            viewer.status = viewer.head.status
            kind = viewer.head.headers.get("content-type", "")
            if viewer.status != 200 or not kind.startswith("text/event-stream"):
                self.fail(viewer, "status %s, %s" % (viewer.status, kind or "no content type"))
                return
            if viewer.head.headers.get("transfer-encoding", "").lower() == "chunked":
                viewer.chunked = Chunked()
            viewer.state = "streaming"
        self.read_stream(viewer, data, now)

    def read_stream(self, viewer, data, now):
        if viewer.chunked is not None:
            data = viewer.chunked.feed(data)
            if viewer.chunked.error:
                self.fail(viewer, viewer.chunked.error)
                return
        for item in viewer.stream.feed(data):
            if item[0] == "event":
                viewer.events.append([now, item[2]["total"]])
            elif item[0] == "comment":
                viewer.heartbeats += 1
            else:
                viewer.retry = item[1]
        if viewer.chunked is not None and viewer.chunked.ended:
            viewer.closed_at = now
            self.close(viewer, "closed")

    def poll(self, timeout):
        for fd, _ in self.ep.poll(timeout):
            viewer = self.by_fd.get(fd)
            if viewer is not None:
                self.on_event(viewer, fd)

    def settled(self, viewers):
        return all(v.state in ("failed", "closed") or v.events for v in viewers)

    def open_all(self):
        deadline = time.monotonic() + READY_TIMEOUT_S
        for start in range(0, len(self.viewers), OPEN_BATCH):
            batch = self.viewers[start:start + OPEN_BATCH]
            for viewer in batch:
                self.connect(viewer)
            while not self.stopping and time.monotonic() < deadline and not self.settled(batch):
                self.poll(0.05)

    def ready_summary(self):
        streaming = [v for v in self.viewers if v.state == "streaming" and v.events]
        failures = {}
        for v in self.viewers:
            if v not in streaming:
                reason = v.error or ("no event yet" if v.state == "streaming" else v.state)
                failures[reason] = failures.get(reason, 0) + 1
        return {"viewers": len(self.viewers), "streaming": len(streaming),
                "totals": sorted({v.events[0][1] for v in streaming}), "failures": failures}

    def run(self):
        def stop(*_):
            self.stopping = True
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.open_all()
        print("READY " + json.dumps(self.ready_summary()), flush=True)
        while not self.stopping:
            self.poll(0.1)
        with open(self.args.out, "w") as f:
            json.dump({"viewers": [v.result() for v in self.viewers]}, f)
        print("DONE", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--viewers", type=int, required=True)
    parser.add_argument("--sources", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    args.sources = args.sources.split(",")
    for address in args.sources:
        if not address.startswith("127."):
            sys.exit("live_viewers.py: only loopback sources (127.0.0.0/8), got %s" % address)
    # A file per viewer: take the hard limit, as the server does.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    Viewers(args).run()


if __name__ == "__main__":
    main()
