#!/usr/bin/python3
"""scripts/bench --live: a question's live results watched by many viewers while votes arrive at a
fixed rate, on a server already running on 127.0.0.1:PORT (process group PGID).

    live_scenario.py --name NAME --port PORT --pgid PGID --work DIR [--question 1]
                     [--viewers 2000] [--rate 1000] [--seconds 10] [--warmup 2]
                     [--processes 2] [--drain 3]

  1. --viewers Server-Sent Events clients of GET /polls/Q/events/ (live_viewers.py, split over
     --processes processes), from loopback addresses 127.0.2.x, at most 100 per address (under
     polls' per-address cap of 256, as viewers on different machines would be); each must get
     the question's current state as its first event, and all must agree on the total (base);
  2. votes on question Q at --rate per second for --warmup + --seconds seconds (live_voter.py,
     open loop); the votes of the first --warmup seconds are not measured;
  3. --drain seconds for the last events, then the viewers stop.
Measures, for every (measured vote, viewer) pair, the delay defined in live_delays.py (p50, p90,
p99, max; the votes sampled evenly if the pairs would exceed 4 million), events and heartbeats
per viewer, viewers refused, dropped or never seeing the final total, the rate achieved, polls'
RSS (sampled every 0.2 s: before the viewers, with them open, the peak while votes arrive) and
VmHWM, CPU used by polls and by the clients while votes arrive, and polls' /metrics lines about
live results. Prints one JSON object. Only loopback is a target; every step is bounded.
"""
import argparse
import http.client
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time

from client import csrf_values, group_members, status_kb
from live_delays import Histogram, seen_curve, sample_every, viewer_delays, vote_thresholds

HERE = os.path.dirname(os.path.abspath(__file__))
VIEWERS_PER_ADDRESS = 100
MAX_PAIRS = 4_000_000
TICKS = os.sysconf("SC_CLK_TCK")


def group_rss_kb(pgid):
    return sum(status_kb(p, "VmRSS") for p in group_members(pgid))


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return total / TICKS


class RssSampler(threading.Thread):
    """The server's RSS every 0.2 s, as (time, KiB)."""

    def __init__(self, pgid):
        super().__init__(daemon=True)
        self.pgid, self.samples, self.stop = pgid, [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.samples.append((time.monotonic(), group_rss_kb(self.pgid)))
            self.stop.wait(0.2)

    def peak(self, start, end):
        return max((kb for t, kb in self.samples if start <= t <= end), default=None)


def start_viewers(args, sources):
    procs, share = [], -(-args.viewers // args.processes)
    for n in range(args.processes):
        count = min(share, args.viewers - n * share)
        if count <= 0:
            break
        out = os.path.join(args.work, "live-viewers-%d.json" % n)
        procs.append((subprocess.Popen(
            [sys.executable, os.path.join(HERE, "live_viewers.py"), "--port", str(args.port),
             "--path", "/polls/%d/events/" % args.question, "--viewers", str(count),
             "--sources", ",".join(sources), "--out", out],
            stdout=subprocess.PIPE, text=True), out))
    ready = []
    for proc, _ in procs:
        line = proc.stdout.readline()  # live_viewers.py says READY within its own 60 s
        if not line.startswith("READY "):
            stop_viewers(procs)
            raise SystemExit("a viewer process did not get ready: %r" % line)
        ready.append(json.loads(line[6:]))
    return procs, ready


def stop_viewers(procs):
    results = []
    for proc, _ in procs:
        proc.send_signal(signal.SIGTERM)
    for proc, out in procs:
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
        if os.path.exists(out):
            with open(out) as f:
                results.extend(json.load(f)["viewers"])
    return results


def vote(args, csrf):
    out = os.path.join(args.work, "live-votes.json")
    proc = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "live_voter.py"), "--port", str(args.port),
         "--path", "/polls/%d/vote/" % args.question, "--rate", str(args.rate),
         "--seconds", str(args.warmup + args.seconds), "--out", out, "--", *csrf],
        stdout=subprocess.PIPE, text=True)
    return proc, out


def live_metrics(port):
    """polls' /metrics lines about live results (the names are polls'; none if it has none)."""
    try:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        con.request("GET", "/metrics")
        text = con.getresponse().read().decode("utf-8", "replace")
        con.close()
    except OSError as e:
        return ["(no /metrics: %s)" % e]
    return [line for line in text.splitlines() if "live" in line and not line.startswith("#")]


def delays(viewers, voter, base, first_measured):
    votes = vote_thresholds(voter, base, first_measured)
    streaming = [v for v in viewers if v["events"]]
    sampled, every = sample_every(votes, len(streaming), MAX_PAIRS)
    histogram, never, worst = Histogram(), 0, []
    for v in streaming:
        times, totals = seen_curve(v["events"])
        missed, slowest = viewer_delays(sampled, times, totals, histogram)
        never += missed
        worst.append(slowest)
    return {"measured_votes": len(votes), "sample_every": every, "pairs": histogram.count,
            "pairs_never_seen": never,
            "p50_ms": histogram.quantile_ms(0.5), "p90_ms": histogram.quantile_ms(0.9),
            "p99_ms": histogram.quantile_ms(0.99), "max_ms": round(histogram.max_s * 1000, 1),
            "viewers_worst_over_1s": sum(w > 1.0 for w in worst)}


def per_viewer(viewers, voting_from, final_total):
    """Events per viewer while the votes arrived, and the viewers that streamed and then lost
    their stream (those refused at the start are in the READY failures instead)."""
    streamed = [v for v in viewers if v["events"]]
    counts = [sum(1 for t, _ in v["events"] if t >= voting_from) for v in streamed]
    dropped = [v for v in streamed if v["state"] != "streaming"]
    return {"events_while_voting": {"min": min(counts, default=0),
                                    "median": statistics.median(counts) if counts else 0,
                                    "max": max(counts, default=0)},
            "heartbeats": sum(v["heartbeats"] for v in viewers),
            "dropped": len(dropped),
            "drop_reasons": sorted({v["error"] or v["state"] for v in dropped}),
            "saw_final_total": sum(v["events"][-1][1] == final_total for v in streamed)}


def open_viewers(args, sources, report):
    """Starts the viewers; returns their processes and the total they all saw first."""
    opened = time.monotonic()
    procs, ready = start_viewers(args, sources)
    report["open_seconds"] = round(time.monotonic() - opened, 2)
    totals = sorted({t for r in ready for t in r["totals"]})
    failures = {}
    for r in ready:
        for reason, n in r["failures"].items():
            failures[reason] = failures.get(reason, 0) + n
    report["ready"] = {"streaming": sum(r["streaming"] for r in ready), "failures": failures,
                       "totals": totals}
    if len(totals) != 1:
        stop_viewers(procs)
        raise SystemExit("no viewer got a stream: %r" % failures if not totals else
                         "the viewers disagree on the question's total before any vote: %r "
                         "(failures: %r)" % (totals, failures))
    return procs, totals[0]


def run_voter(args, csrf, procs, pgid):
    """The votes, start to end; returns the voter's record, when they began and ended, and the
    CPU used meanwhile (% of one core) by polls, the viewers and the voter."""
    polls_pids = group_members(pgid)
    client_pids = [proc.pid for proc, _ in procs]
    before = (cpu_seconds(polls_pids), cpu_seconds(client_pids))
    began = time.monotonic()
    proc, out = vote(args, csrf)
    try:
        proc.communicate(timeout=args.warmup + args.seconds + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
    ended = time.monotonic()
    if proc.returncode != 0 or not os.path.exists(out):
        stop_viewers(procs)
        raise SystemExit("the voter failed (exit status %s)" % proc.returncode)
    after = (cpu_seconds(polls_pids), cpu_seconds(client_pids))
    # The voter is the only child reaped so far: the children's usage is its own.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = ended - began
    cpu = {"polls": round(100 * (after[0] - before[0]) / wall, 1),
           "viewers": round(100 * (after[1] - before[1]) / wall, 1),
           "voter": round(100 * (children.ru_utime + children.ru_stime) / wall, 1)}
    with open(out) as f:
        return json.load(f), began, ended, cpu


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name, kind, default in (("name", str, None), ("port", int, None), ("pgid", int, None),
                                ("work", str, None), ("question", int, 1),
                                ("viewers", int, 2000), ("rate", float, 1000.0),
                                ("seconds", float, 10.0), ("warmup", float, 2.0),
                                ("processes", int, 2), ("drain", float, 3.0)):
        p.add_argument("--" + name, type=kind, default=default, required=default is None)
    args = p.parse_args()
    addresses = min(250, max(1, -(-args.viewers // VIEWERS_PER_ADDRESS)))
    sources = ["127.0.2.%d" % i for i in range(1, addresses + 1)]
    report = {"server": args.name, "viewers": args.viewers, "rate": args.rate,
              "seconds": args.seconds, "warmup": args.warmup, "drain": args.drain,
              "processes": args.processes, "source_addresses": addresses,
              "question": args.question}
    sampler = RssSampler(args.pgid)
    sampler.start()
    csrf = csrf_values(args.port, "/polls/%d/" % args.question)
    report["rss_kb_before"] = group_rss_kb(args.pgid)
    procs, base = open_viewers(args, sources, report)
    time.sleep(1)
    report["rss_kb_viewers_open"] = group_rss_kb(args.pgid)
    voter, began, ended, cpu = run_voter(args, csrf, procs, args.pgid)
    time.sleep(args.drain)
    metrics = live_metrics(args.port)  # with the viewers still connected
    viewers = stop_viewers(procs)
    sampler.stop.set()
    sampler.join(5)

    final_total = base + voter["status"].count(302)
    report.update({
        "base_total": base, "final_total": final_total, "voter": voter["summary"],
        "delays": delays(viewers, voter, base, int(args.rate * args.warmup)),
        "per_viewer": per_viewer(viewers, began, final_total),
        "rss_kb_peak_voting": sampler.peak(began, ended + args.drain),
        "rss_kb_after": group_rss_kb(args.pgid),
        "hwm_kb": sum(status_kb(p, "VmHWM") for p in group_members(args.pgid)),
        "cpu_percent_while_voting": cpu,
        "polls_metrics": metrics,
    })
    print(json.dumps(report))


if __name__ == "__main__":
    main()
