#!/usr/bin/python3
"""scripts/bench --crowd: one server measured without and with a crowd of slow and idle clients.

    crowd_scenario.py NAME PORT PGID LIB_DIR DURATION IDLE TRICKLE LARGE_IDLE CONNECTIONS

On a server already running on 127.0.0.1:PORT (process group PGID):
  1. wrk -cCONNECTIONS on /polls/ for DURATION s, while a prober sends a fresh GET /polls/ (new
     connection, from 127.0.0.2) every 50 ms and times it;
  2. the same with a crowd open (crowd.py): IDLE keep-alive clients asking again every 4 s as
     open browser tabs do, and TRICKLE slowloris clients sending a header byte every 2 s (cut ones
     reconnect), from 127.0.1.1 to 127.0.1.60 (60 peers, so no one peer holds more than a
     browser-sized share); RSS is read with the crowd open and after the run;
  3. LARGE_IDLE idle keep-alive clients (no re-asking) and the server's RSS with them open.
Prints one JSON object: the two wrk results, the probes (count, failures, median, p99, max), the
RSS figures and what the crowd saw. Only loopback is a target; every step is bounded.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

from crowd import fresh_get

SOURCES = ",".join("127.0.1.%d" % i for i in range(1, 61))


def rss_kb(pgid):
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open("/proc/%s/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return total


class Prober(threading.Thread):
    """Fresh clients from another address, one at a time: what a new visitor waits."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.times, self.failures, self.stop = port, [], [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            status, seconds = fresh_get(self.port)
            if status != "200":
                self.failures.append(status)
            self.times.append(seconds * 1000)
            self.stop.wait(0.05)

    def result(self):
        t = sorted(self.times)
        pick = lambda q: round(t[min(len(t) - 1, int(q * len(t)))], 2) if t else None
        return {"count": len(t), "failures": len(self.failures),
                "failure_examples": self.failures[:3], "p50_ms": pick(0.5), "p99_ms": pick(0.99),
                "max_ms": round(t[-1], 2) if t else None}


def wrk(lib, port, duration, connections):
    out = subprocess.run(
        ["timeout", str(duration + 60), "wrk", "-t2", "-c%d" % connections, "-d%ds" % duration,
         "--timeout", "2s", "--latency", "-s", os.path.join(lib, "get.lua"),
         "http://127.0.0.1:%d/polls/" % port], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line[len("BENCH_RESULT "):])
    raise SystemExit("wrk gave no result:\n" + out[-2000:])


def measured_run(lib, port, duration, connections):
    prober = Prober(port)
    prober.start()
    result = wrk(lib, port, duration, connections)
    prober.stop.set()
    prober.join(10)
    return {"wrk": result, "probes": prober.result()}


class Crowd:
    def __init__(self, lib, port, *args):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(lib, "crowd.py"), "--port", str(port),
             "--sources", SOURCES, *args], stdout=subprocess.PIPE, text=True)
        self.ready = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith("READY "):
                self.ready = json.loads(line[6:])
                return
        self.stop()
        raise SystemExit("the crowd did not open within 120 s")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        for line in out.splitlines():
            if line.startswith("DONE "):
                return json.loads(line[5:])
        return None


def main(argv):
    name, port, pgid, lib = argv[1], int(argv[2]), int(argv[3]), argv[4]
    duration, idle, trickle, large_idle, connections = (int(a) for a in argv[5:10])
    report = {"server": name, "idle": idle, "trickle": trickle, "large_idle": large_idle,
              "connections": connections, "rss_kb_before": rss_kb(pgid)}
    report["without_crowd"] = measured_run(lib, port, duration, connections)
    crowd = Crowd(lib, port, "--idle", str(idle), "--reask", "4", "--trickle", str(trickle),
                  "--trickle-every", "2")
    report["crowd_ready"] = crowd.ready
    time.sleep(2)
    report["rss_kb_crowd_open"] = rss_kb(pgid)
    report["with_crowd"] = measured_run(lib, port, duration, connections)
    report["rss_kb_crowd_after_load"] = rss_kb(pgid)
    report["crowd_done"] = crowd.stop()
    time.sleep(1)
    if large_idle:
        crowd = Crowd(lib, port, "--idle", str(large_idle))
        time.sleep(2)
        report["rss_kb_large_idle"] = rss_kb(pgid)
        report["large_idle_ready"] = crowd.ready
        crowd.stop()
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv)
