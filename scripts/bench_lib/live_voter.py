#!/usr/bin/python3
"""Votes at a fixed rate for scripts/bench --live: an open-loop load, so that the rate does not
bend to the server's answers as a closed loop (wrk) would.

    live_voter.py --port PORT --path /polls/1/vote/ --rate R --seconds S --connections C
                  --out FILE -- COOKIE TOKEN CHOICE_ID...

Vote i is due at start + i / R (i < R * S), POSTed with the CSRF cookie and form token over the
choices in turn, on whichever of C keep-alive connections is free (each carries one request at a
time); a vote due while all are busy waits for one, and is late. Writes FILE (JSON): the start,
per vote its send time, the time its response was read and its status (0 for none), all
time.monotonic(), the clock every process of the benchmark shares; prints "DONE <json>" with the
rate achieved and how late votes went out. Only 127.0.0.1 is a target; it stops at S + 30 s
whatever happens.
"""
import argparse
import json
import select
import socket
import sys
import time

from sse import ResponseHead

LATE_S = 0.010  # a vote sent this long after it was due counts as late


class Connection:
    __slots__ = ("sock", "head", "body_left", "vote")

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.setblocking(False)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.head, self.body_left, self.vote = None, 0, None


class Voter:
    def __init__(self, args):
        self.args = args
        self.count = int(args.rate * args.seconds)
        self.sent = [None] * self.count
        self.acked = [None] * self.count
        self.status = [0] * self.count
        self.ep = select.epoll()
        self.by_fd = {}
        self.free = []
        self.reconnects = 0
        for _ in range(args.connections):
            self.add_connection()
        cookie, token, choices = args.csrf[0], args.csrf[1], args.csrf[2:]
        self.requests = []
        for choice in choices:
            body = "choice=%s&csrfmiddlewaretoken=%s" % (choice, token)
            self.requests.append((
                "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: csrftoken=%s\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s"
                % (args.path, args.port, cookie, len(body), body)).encode())

    def add_connection(self):
        c = Connection(self.args.port)
        self.by_fd[c.sock.fileno()] = c
        self.ep.register(c.sock.fileno(), select.EPOLLIN)
        self.free.append(c)

    def drop(self, c):
        self.ep.unregister(c.sock.fileno())
        del self.by_fd[c.sock.fileno()]
        c.sock.close()

    def send(self, c, i):
        c.vote, c.head, c.body_left = i, ResponseHead(), 0
        self.sent[i] = time.monotonic()
        # A request is a few hundred bytes: an empty socket buffer takes it whole.
        c.sock.send(self.requests[i % len(self.requests)])

    def on_readable(self, c):
        try:
            data = c.sock.recv(65536)
        except OSError:
            data = b""
        now = time.monotonic()
        if not data:  # the server closed: a vote in flight has no answer (status 0)
            self.drop(c)
            if c in self.free:
                self.free.remove(c)
            self.reconnects += 1
            self.add_connection()
            return
        if c.vote is None:
            return
        if c.head.status is None:
            rest = c.head.feed(data)
            if rest is None:
                return
            c.body_left = int(c.head.headers.get("content-length", "0")) - len(rest)
        else:
            c.body_left -= len(data)
        if c.body_left <= 0:
            self.acked[c.vote], self.status[c.vote] = now, c.head.status
            c.vote = None
            if c.head.headers.get("connection", "").lower() == "close":
                self.drop(c)
                self.reconnects += 1
                self.add_connection()
            else:
                self.free.append(c)

    def run(self):
        start = time.monotonic()
        give_up = start + self.args.seconds + 30
        late, worst = 0, 0.0
        i = 0
        while time.monotonic() < give_up:
            now = time.monotonic()
            while i < self.count and self.free and start + i / self.args.rate <= now:
                behind = now - (start + i / self.args.rate)
                late += behind > LATE_S
                worst = max(worst, behind)
                self.send(self.free.pop(), i)
                i += 1
            if i == self.count and len(self.free) == len(self.by_fd):
                break
            wait = 0.05
            if i < self.count and self.free:
                wait = max(0.0, start + i / self.args.rate - time.monotonic())
            for fd, _ in self.ep.poll(wait):
                c = self.by_fd.get(fd)
                if c is not None:
                    self.on_readable(c)
        sends = [t for t in self.sent if t is not None]
        span = sends[-1] - sends[0] if len(sends) > 1 else 0.0
        summary = {"votes": self.count, "sent": len(sends),
                   "answered": sum(t is not None for t in self.acked),
                   "status_302": self.status.count(302),
                   "rate_achieved": round((len(sends) - 1) / span, 1) if span else None,
                   "late_over_10ms": late, "worst_late_ms": round(worst * 1000, 1),
                   "reconnects": self.reconnects}
        with open(self.args.out, "w") as f:
            json.dump({"start": start, "rate": self.args.rate, "sent": self.sent,
                       "acked": self.acked, "status": self.status, "summary": summary}, f)
        print("DONE " + json.dumps(summary), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--out", required=True)
    parser.add_argument("csrf", nargs="+", help="COOKIE TOKEN CHOICE_ID...")
    args = parser.parse_args()
    if len(args.csrf) < 3:
        sys.exit("live_voter.py: give the CSRF cookie, the form token and at least one choice")
    Voter(args).run()


if __name__ == "__main__":
    main()
