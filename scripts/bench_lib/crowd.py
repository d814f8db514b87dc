#!/usr/bin/python3
"""A crowd of slow and idle HTTP clients against a server on loopback, for scripts/bench's crowd
scenario and tests/scripts/test_connections.sh.

    crowd.py --port PORT [--idle N] [--reask SECONDS] [--trickle M] [--trickle-every SECONDS]
             [--sources 127.0.0.1,127.0.0.3] [--path /polls/] [--duration SECONDS]

- idle: N keep-alive clients that each made one GET and keep the connection open; with --reask,
  each asks again every SECONDS (spread evenly), as open browser tabs do.
- trickle: M slowloris clients that send a request line and then one header byte every
  --trickle-every seconds, never finishing the head; one that is cut reconnects and starts over.
Connections are opened in batches (the server's accept backlog is finite) from the --sources
addresses in turn (a loopback address each; the server sees them as different peers). When all
are open it prints "READY <json>" and goes on until --duration or SIGTERM/SIGINT, then prints
"DONE <json>" with what happened: responses by status, cuts, reconnects, errors.
Only loopback addresses may be a target or a source.
"""
import argparse
import errno
import heapq
import json
import random
import select
import signal
import socket
import sys
import time

OPEN_BATCH = 200


def fresh_get(port, source="127.0.0.2", path="/polls/", timeout=5.0):
    """One GET on a new connection from `source`, as a new visitor: (status or error, seconds)."""
    started = time.monotonic()
    s = socket.socket()
    s.settimeout(timeout)
    try:
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                   % path).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.") else "closed"
    except OSError as e:
        status = repr(e)
    finally:
        s.close()
    return status, time.monotonic() - started


class Client:
    __slots__ = ("kind", "sock", "source", "state", "buf", "next_at", "sent")

    def __init__(self, kind, source):
        self.kind, self.source = kind, source
        self.sock, self.state, self.buf, self.next_at, self.sent = None, "connecting", b"", 0.0, 0


class Crowd:
    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.sources = args.sources
        self.ep = select.epoll()
        self.by_fd = {}
        self.clients = []
        self.timers = []  # (when, sequence, client): a trickle byte or a re-ask is due
        self.sequence = 0
        self.to_reconnect = []
        self.stopping = False
        self.counts = {"responses": {}, "cut": 0, "reconnects": 0, "connect_errors": 0,
                       "idle_closed_by_server": 0, "opened": 0}
        self.request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
                        % (args.path, args.port)).encode()
        self.trickle_start = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Slow: "
                              % (args.path, args.port)).encode()

    def source_for(self, i):
        return self.sources[i % len(self.sources)]

    def connect(self, client):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        if client.source != "127.0.0.1":
            s.bind((client.source, 0))
        err = s.connect_ex(("127.0.0.1", self.port))
        if err not in (0, errno.EINPROGRESS):
            s.close()
            self.counts["connect_errors"] += 1
            return False
        client.sock, client.state, client.buf = s, "connecting", b""
        self.by_fd[s.fileno()] = client
        self.ep.register(s.fileno(), select.EPOLLOUT)
        return True

    def schedule(self, client, when):
        client.next_at = when
        self.sequence += 1
        heapq.heappush(self.timers, (when, self.sequence, client))

    def drop(self, client):
        if client.sock is not None:
            fd = client.sock.fileno()
            self.by_fd.pop(fd, None)
            try:
                self.ep.unregister(fd)
            except OSError:
                pass
            client.sock.close()
            client.sock = None
        client.state = "closed"
        if client.kind == "trickle":
            self.to_reconnect.append(client)

    def send(self, client, data):
        try:
            client.sock.send(data)
            return True
        except OSError:
            return False

    def on_connected(self, client, now):
        if client.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
            self.counts["connect_errors"] += 1
            self.drop(client)
            return
        self.counts["opened"] += 1
        self.ep.modify(client.sock.fileno(), select.EPOLLIN)
        if client.kind == "idle":
            client.state = "asking"
            self.send(client, self.request)
        else:
            client.state = "trickling"
            self.send(client, self.trickle_start)
            self.schedule(client, now + self.args.trickle_every)

    def on_readable(self, client, now):
        try:
            data = client.sock.recv(65536)
        except OSError:
            data = b""
        if not data:
            if client.kind == "idle":
                self.counts["idle_closed_by_server"] += 1
            else:
                self.counts["cut"] += 1
            self.drop(client)
            return
        client.buf += data
        while True:
            head_end = client.buf.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = client.buf[:head_end].decode("latin-1")
            status = head.split(" ", 2)[1] if " " in head else "?"
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip() or 0)
            if len(client.buf) < head_end + 4 + length:
                return
            client.buf = client.buf[head_end + 4 + length:]
            self.counts["responses"][status] = self.counts["responses"].get(status, 0) + 1
            if client.kind == "idle":
                client.state = "idle"
                if self.args.reask:
                    self.schedule(client, now + self.args.reask * (0.5 + random.random()))
            else:
                self.counts["cut"] += 1
                self.drop(client)
                return

    def poll(self, timeout):
        now = time.monotonic()
        for fd, events in self.ep.poll(timeout):
            client = self.by_fd.get(fd)
            if client is None:
                continue
            if client.state == "connecting":
                self.on_connected(client, now)
            else:
                self.on_readable(client, now)

    def tick(self, now):
        if not self.stopping:
            waiting, self.to_reconnect = self.to_reconnect, []
            for client in waiting:
                if client.state == "closed":
                    self.counts["reconnects"] += 1
                    self.connect(client)
        while self.timers and self.timers[0][0] <= now:
            when, _, client = heapq.heappop(self.timers)
            if when != client.next_at:
                continue  # rescheduled since
            if client.state == "trickling":
                self.schedule(client, now + self.args.trickle_every)
                if not self.send(client, b"a"):
                    self.drop(client)
            elif client.state == "idle":
                client.state = "asking"
                if not self.send(client, self.request):
                    self.drop(client)

    def open_all(self):
        wanted = [("idle", i) for i in range(self.args.idle)] + \
                 [("trickle", i) for i in range(self.args.trickle)]
        started = time.monotonic()
        for start in range(0, len(wanted), OPEN_BATCH):
            batch = []
            for kind, i in wanted[start:start + OPEN_BATCH]:
                client = Client(kind, self.source_for(i))
                self.clients.append(client)
                if self.connect(client):
                    batch.append(client)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(
                    c.state in ("connecting", "asking") for c in batch):
                self.poll(0.05)
        return time.monotonic() - started

    def summary(self):
        states = {}
        for client in self.clients:
            key = "%s_%s" % (client.kind, client.state)
            states[key] = states.get(key, 0) + 1
        return dict(self.counts, states=states)

    def run(self):

        def stop(*_):
            self.stopping = True
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        took = self.open_all()
        print("READY " + json.dumps(dict(self.summary(), open_seconds=round(took, 2))), flush=True)
        ends = time.monotonic() + self.args.duration if self.args.duration else None
        while not self.stopping and (ends is None or time.monotonic() < ends):
            self.poll(0.05)
            self.tick(time.monotonic())
        print("DONE " + json.dumps(self.summary()), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle", type=int, default=0)
    parser.add_argument("--reask", type=float, default=0.0)
    parser.add_argument("--trickle", type=int, default=0)
    parser.add_argument("--trickle-every", type=float, default=2.0)
    parser.add_argument("--sources", default="127.0.0.1")
    parser.add_argument("--path", default="/polls/")
    parser.add_argument("--duration", type=float, default=0.0)
    args = parser.parse_args()
    args.sources = args.sources.split(",")
    for address in args.sources:
        if not address.startswith("127."):
            sys.exit("crowd.py: only loopback sources (127.0.0.0/8), got %s" % address)
    Crowd(args).run()


if __name__ == "__main__":
    main()
