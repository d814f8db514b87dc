"""Latency at a fixed request rate (scripts/bench --fixed-rate), with h2load (Debian's
nghttp2-client) over HTTP/1.1 keep-alive.

    fixed_rate.py URL RATE SECONDS LOG [--post BODY --cookie COOKIE]

Sends RATE requests a second for SECONDS (after one unmeasured second) and prints one JSON line:
target and achieved rate (over the seconds requests were sent in, also given), clients,
requests, non-2xx/3xx answers, requests not done, p50/p90/p99/max in ms
(from h2load's per-request log: the time from sending a request to the end of its response).

h2load paces each client (connection) at --rps; one client keeps up with about 300 requests a
second here (its timer), so the rate is spread over enough clients that each asks for at most
250 a second, and at least 32 (the acceptance runs' connection count), but at most 250: polls
admits 256 connections from one address (max_connections_per_address), and every client here
comes from 127.0.0.1. A connection silent for 5 s is given up (h2load -N). With one request in
flight per connection, a response slower than the pace delays that client's next request (the
load generator then falls behind: the achieved rate says so).
"""
import json
import math
import subprocess
import sys

PER_CLIENT = 250
MAX_CLIENTS = 250


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def main(argv):
    if len(argv) < 5:
        sys.exit(__doc__)
    url, rate, seconds, log = argv[1], float(argv[2]), int(argv[3]), argv[4]
    extra = []
    rest = argv[5:]
    while rest:
        if rest[0] == "--post" and len(rest) > 1:
            with open(log + ".body", "w") as f:
                f.write(rest[1])
            extra += ["-d", log + ".body", "-H", "content-type: application/x-www-form-urlencoded"]
            rest = rest[2:]
        elif rest[0] == "--cookie" and len(rest) > 1:
            extra += ["-H", "cookie: " + rest[1]]
            rest = rest[2:]
        else:
            sys.exit(f"fixed_rate.py: unknown argument {rest[0]}")
    clients = min(MAX_CLIENTS, max(32, math.ceil(rate / PER_CLIENT)))
    threads = 2 if clients >= 2 else 1
    command = ["h2load", "--h1", "-c", str(clients), "-t", str(threads),
               f"--rps={rate / clients:.3f}", "-D", str(seconds), "--warm-up-time=1", "-N", "5",
               f"--log-file={log}"] + extra + [url]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        sys.exit(f"h2load did not finish within {seconds + 60} s: {' '.join(command)}")
    if run.returncode != 0:
        sys.exit(f"h2load failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    times, starts, bad = [], [], 0
    with open(log) as f:
        for line in f:
            cells = line.split("\t")
            if len(cells) < 3:
                continue
            status, micros = int(cells[1]), int(cells[2])
            starts.append(int(cells[0]))
            if status < 200 or status >= 400:
                bad += 1  # h2load logs a request that failed with status -1: not timed
                if status <= 0:
                    continue
            times.append(micros / 1000)
    times.sort()
    errors = None
    for line in run.stdout.splitlines():
        if line.startswith("requests:"):
            # "requests: N total, N started, N done, N succeeded, F failed, E errored, T timeout":
            # what did not succeed (h2load's own failed and errored counts can wrap below zero
            # when a connection closes as the run ends).
            words = line.replace(",", "").split()
            started = int(words[words.index("started") - 1])
            succeeded = int(words[words.index("succeeded") - 1])
            errors = max(0, started - succeeded)
    # The rate over the span the requests were sent in: h2load's paced mode may stop sending
    # before the duration ends (seen here at -D 5: some 3 s of requests), so the count over the
    # duration would understate the rate the latencies were measured at.
    span = (max(starts) - min(starts)) / 1e6 if len(starts) > 1 else 0
    print(json.dumps({
        "target_rps": rate, "achieved_rps": len(times) / span if span else None,
        "sent_seconds": span, "clients": clients,
        "requests": len(times), "bad_status": bad, "errors": errors,
        "p50_ms": percentile(times, 0.5), "p90_ms": percentile(times, 0.9),
        "p99_ms": percentile(times, 0.99), "max_ms": times[-1] if times else None}))


if __name__ == "__main__":
    main(sys.argv)
