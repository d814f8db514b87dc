"""Results of scripts/bench: collected as JSON lines, printed as tables, written as JSON.

    report.py add FILE KIND key=value key:=json ...   appends {"kind": KIND, ...} to FILE
    report.py show FILE [--json OUT]                  prints the tables; OUT gets them as JSON
    report.py last FILE                               one progress line about the last run

Kinds: "meta" (the run's settings and machine), "server" (one per server: startup, memory, exit
status), "run" (one per wrk run: server, route, connections, and wrk's BENCH_RESULT as "wrk";
vote runs also carry db_before and db_after, the vote totals read with sqlite3, or with psql
for "polls-pg", polls on PostgreSQL), "crowd" (one per server in --crowd mode: the result of
crowd_scenario.py), "live" (one per polls server in --live mode: the result of live_scenario.py,
shown by live_report.py). "polls-base" is the --baseline binary; "polls-full" the same binary
with db_sqlite_synchronous = full (--full-sync).

The targets are the ones of issue 5 (for `wrk -t2 -c32` on 2 cores, wrk sharing them). They are
informational: scripts/bench never fails because one is missed. MiB throughout (the issue's
"MB" read as MiB).
"""
import json
import sys

from live_report import live_section

MIB = 1024 * 1024
ROUTES = ["/", "/polls/", "/polls/1/", "/polls/1/results/", "/polls/1/vote/"]
SERVERS = ["polls", "polls-full", "polls-base", "polls-pg", "django", "nginx"]
PAGE_ROUTES = ["/polls/", "/polls/1/", "/polls/1/results/"]


def add(path, kind, pairs):
    record = {"kind": kind}
    for pair in pairs:
        i = pair.index("=")
        if i > 0 and pair[i - 1] == ":":  # key:=json
            record[pair[:i - 1]] = json.loads(pair[i + 1:]) if pair[i + 1:] else None
        else:
            record[pair[:i]] = pair[i + 1:]
    with open(path, "a") as f:
        f.write(json.dumps(record) + "\n")


def load(path, crowds=None, lives=None, rates=None):
    meta, servers, runs = {}, {}, []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            kind = record.pop("kind")
            if kind == "meta":
                meta.update(record)
            elif kind == "server":
                servers.setdefault(record["server"], {}).update(record)
            elif kind == "run":
                runs.append(enrich(record))
            elif kind == "crowd" and crowds is not None:
                crowds.append(record["result"])
            elif kind == "live" and lives is not None:
                lives.append(record["result"])
            elif kind == "rate" and rates is not None:
                rates.append(record)
    return meta, servers, runs


def enrich(run):
    """Adds the derived figures to a run: req/s, latencies in ms, error counts, vote checks."""
    w = run.get("wrk") or {}
    seconds = w.get("duration_us", 0) / 1e6
    run["rps"] = w["requests"] / seconds if seconds else None
    lat = w.get("latency_us", {})
    for p in ("p50", "p75", "p90", "p99", "max", "mean"):
        run[f"{p}_ms"] = lat[p] / 1000 if lat.get(p) is not None else None
    e = w.get("errors", {})
    run["socket_errors"] = e.get("connect", 0) + e.get("read", 0) + e.get("write", 0)
    run["timeouts"] = e.get("timeout", 0)
    run["bad_status"] = e.get("status", 0)
    if run.get("method") == "POST" and "db_after" in run:
        added = run["db_after"] - run["db_before"]
        counted = w.get("s302", 0)  # a counted vote answers 302 to the results page
        run["votes"] = {
            "sent": w.get("sent", 0),
            "responses_2xx": w.get("s2xx", 0),
            "redirects_302": counted,
            "redirects_other_3xx": w.get("s3xx", 0),
            "responses_4xx": w.get("s4xx", 0),
            "responses_5xx": w.get("s5xx", 0),
            "db_added": added,
            # Votes answered 302 that the database does not hold.
            "lost": max(0, counted - added),
            # Votes the database holds whose response wrk did not read before it stopped.
            "in_flight_at_stop": max(0, added - counted),
            # Votes the database holds that were never sent (should be impossible).
            "extra": max(0, added - w.get("sent", 0)),
            "per_second": counted / seconds if seconds else None,
        }
    return run


def find(runs, server, route, connections):
    for run in runs:
        if run["server"] == server and run["route"] == route and run["connections"] == connections:
            return run
    return None


def fmt_int(x):
    return "-" if x is None else f"{x:,.0f}"


def fmt_ms(x):
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def fmt_mib(kb):
    return "-" if not kb else f"{kb / 1024:.1f}"


def fmt_ratio(x):
    return "-" if x is None else f"{x:.1f}x" if x >= 1 else f"{x:.2f}x"


def spread(samples):
    return "-" if not samples else f"{fmt_ms(min(samples))} - {fmt_ms(max(samples))}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def table(rows, aligns):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        cells = [str(c).rjust(w) if a == "r" else str(c).ljust(w)
                 for c, w, a in zip(r, widths, aligns)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def targets(meta, servers, runs):
    """Each target of issue 5 with polls' value and pass/miss ('not run' when not measured)."""
    result = []
    have_django = "django" in servers

    def entry(what, target, value, ok):
        result.append({"what": what, "target": target, "value": value,
                       "result": "not run" if ok is None else "pass" if ok else "miss"})

    r = find(runs, "polls", "/", 32)
    entry("GET / req/s (32 conns)", ">= 60,000",
          fmt_int(r and r["rps"]), None if not r else r["rps"] >= 60000)
    for route in PAGE_ROUTES:
        r = find(runs, "polls", route, 32)
        d = find(runs, "django", route, 32)
        rat = ratio(r and r["rps"], d and d["rps"])
        target = ">= 25,000 and >= 18x Django" if have_django else ">= 25,000 (18x Django: not run)"
        value = fmt_int(r and r["rps"]) + (f" ({fmt_ratio(rat)} Django)" if rat else "")
        ok = None if not r else r["rps"] >= 25000 and (rat is None or rat >= 18)
        entry(f"GET {route} req/s (32 conns)", target, value, ok)
    r = find(runs, "polls", "/polls/1/vote/", 32)
    entry("votes/s (32 conns)", ">= 5,000",
          fmt_int(r and r["votes"]["per_second"]),
          None if not r else r["votes"]["per_second"] >= 5000)
    votes = [x for x in runs if x["server"] == "polls" and "votes" in x]
    lost = sum(x["votes"]["lost"] + x["votes"]["extra"] for x in votes)
    entry("votes lost (all runs)", "none", str(lost) if votes else "-",
          None if not votes else lost == 0)
    r = find(runs, "polls", "/polls/", 256)
    value = None
    if r:
        value = (f"{r['socket_errors']} socket errors, {r['timeouts']} timeouts, "
                 f"p99 {fmt_ms(r['p99_ms'])} ms")
    entry("GET /polls/ at 256 conns", "no socket errors or timeouts, p99 < 100 ms", value or "-",
          None if not r else r["socket_errors"] == 0 and r["timeouts"] == 0 and r["p99_ms"] < 100)
    p = servers.get("polls", {})
    peak = (p.get("peak") or {}).get("hwm_kb")
    idle = (p.get("idle") or {}).get("rss_kb")
    entry("peak RSS under load (MiB)", "< 30", fmt_mib(peak),
          None if not peak else peak < 30 * 1024)
    entry("idle RSS (MiB)", "< 10", fmt_mib(idle), None if not idle else idle < 10 * 1024)
    ms = (p.get("startup") or {}).get("ms")
    entry("exec to first 200 of /polls/ (ms, median)", "< 20", fmt_ms(ms),
          None if ms is None else ms < 20)
    size = meta.get("binary_bytes")
    entry("binary size (MiB)", "< 10", "-" if not size else f"{size / MIB:.2f}",
          None if not size else size < 10 * MIB)
    return result


def goals_18(servers, runs, c):
    """The goals of issue 18 (performance, second round) at c connections (the first count; the
    issue's are at 32): pages against nginx
    serving the same bytes, votes against GET /, votes with synchronous=full, start-up, none lost."""
    result = []

    def entry(what, target, value, ok):
        result.append({"what": what, "target": target, "value": value,
                       "result": "not run" if ok is None else "pass" if ok else "miss"})

    nginx = find(runs, "nginx", "/polls/", c)
    for route in PAGE_ROUTES:
        r = find(runs, "polls", route, c)
        rat = ratio(r and r["rps"], nginx and nginx["rps"])
        entry(f"GET {route} / nginx's /polls/", ">= 0.8x", fmt_ratio(rat) if rat else "-",
              None if rat is None else rat >= 0.8)
    home = find(runs, "polls", "/", c)
    vote = find(runs, "polls", "/polls/1/vote/", c)
    rat = ratio(vote and vote["votes"]["per_second"], home and home["rps"])
    entry("votes/s / GET / req/s (synchronous=normal)", ">= 0.6x", fmt_ratio(rat) if rat else "-",
          None if rat is None else rat >= 0.6)
    full = find(runs, "polls-full", "/polls/1/vote/", c)
    entry("votes/s with synchronous=full (--full-sync)", ">= 10,000",
          fmt_int(full and full["votes"]["per_second"]),
          None if not full else full["votes"]["per_second"] >= 10000)
    pg = find(runs, "polls-pg", "/polls/1/vote/", c)
    for route in ROUTES:
        r, p = find(runs, "polls", route, c), find(runs, "polls-pg", route, c)
        rat = ratio(p and p["rps"], r and r["rps"])
        if rat is not None:
            entry(f"polls-pg / polls, {route}", ">= 0.7x", fmt_ratio(rat), rat >= 0.7)
    if pg is None:
        entry("polls-pg / polls per route (--postgres)", ">= 0.7x", "-", None)
    ms = (servers.get("polls", {}).get("startup") or {}).get("ms")
    entry("exec to first 200 of /polls/ (ms, median)", "< 10", fmt_ms(ms),
          None if ms is None else ms < 10)
    votes = [x for x in runs if "votes" in x and x["server"].startswith("polls")]
    lost = sum(x["votes"]["lost"] + x["votes"]["extra"] for x in votes)
    entry("votes lost (every polls server's runs)", "none", str(lost) if votes else "-",
          None if not votes else lost == 0)
    return result


def rate_section(rates, say):
    """--fixed-rate: latency at 50 % and 80 % of each route's measured maximum."""
    say("Latency at a fixed rate (--fixed-rate: h2load, HTTP/1.1 keep-alive; the rate is a fraction "
        "of the route's req/s above at the first connection count; ms from sending a request to "
        "the end of its response)")
    rows = [["route", "server", "of max", "target/s", "achieved/s", "sent s", "clients", "p50",
             "p90", "p99", "max", "bad status", "not done"]]
    for r in rates:
        x = r["result"]
        rows.append([r["route"], r["server"], f"{r['fraction'] * 100:.0f} %",
                     fmt_int(x["target_rps"]), fmt_int(x["achieved_rps"]),
                     f"{x['sent_seconds']:.1f}", x["clients"],
                     fmt_ms(x["p50_ms"]), fmt_ms(x["p90_ms"]), fmt_ms(x["p99_ms"]),
                     fmt_ms(x["max_ms"]), x["bad_status"],
                     "?" if x["errors"] is None else x["errors"]])
    say(table(rows, "llrrrrrrrrrrr"))
    say("  (achieved below target: the load generator fell behind, its clients each waiting for a "
        "response before the next request.)")
    say("")


def crowd_section(crowds, say):
    """The --crowd scenario: each server without and with the crowd, and issue 14's goals."""
    say("The crowd scenario (GET /polls/ with wrk; 'fresh' = a new connection from another "
        "address every 50 ms meanwhile)")
    rows = [["server", "crowd", "req/s", "p99", "fresh n", "fresh fail", "fresh p50",
             "fresh p99", "fresh max", "RSS MiB", "ratio"]]
    goals = []
    for c in crowds:
        name = c["server"]
        base = None
        for label, key, rss in (("none", "without_crowd", "rss_kb_before"),
                                (f"{c['idle']} idle + {c['trickle']} trickling", "with_crowd",
                                 "rss_kb_crowd_after_load")):
            w, p = c[key]["wrk"], c[key]["probes"]
            rps = w["requests"] / (w["duration_us"] / 1e6) if w.get("duration_us") else None
            base = rps if key == "without_crowd" else base
            rows.append([name if key == "without_crowd" else "", label, fmt_int(rps),
                         fmt_ms(w["latency_us"]["p99"] / 1000), p["count"], p["failures"],
                         fmt_ms(p["p50_ms"]), fmt_ms(p["p99_ms"]), fmt_ms(p["max_ms"]),
                         fmt_mib(c.get(rss)),
                         "" if key == "without_crowd" else fmt_ratio(ratio(rps, base))])
            if key == "with_crowd" and name == "polls":
                goals.append(("throughput with the crowd / without", ">= 0.6x",
                              fmt_ratio(ratio(rps, base)), (ratio(rps, base) or 0) >= 0.6))
                goals.append(("every fresh request answered within 1 s", "max < 1000 ms",
                              f"{fmt_ms(p['max_ms'])} ms, {p['failures']} failed",
                              p["failures"] == 0 and (p["max_ms"] or 1e9) < 1000))
                goals.append(("fresh requests p99", "< 100 ms", f"{fmt_ms(p['p99_ms'])} ms",
                              (p["p99_ms"] or 1e9) < 100))
                peak = max(c.get("rss_kb_crowd_open") or 0, c.get("rss_kb_crowd_after_load") or 0)
                goals.append(("RSS with the crowd", "< 100 MB", f"{fmt_mib(peak)} MiB",
                              peak < 100 * 1000 * 1000 / 1024))
        if c.get("large_idle"):
            rows.append(["", f"{c['large_idle']} idle, no load", "", "", "", "", "", "", "",
                         fmt_mib(c.get("rss_kb_large_idle")), ""])
            if name == "polls":
                kb = c.get("rss_kb_large_idle") or 0
                goals.append((f"RSS with {c['large_idle']} idle connections", "< 64 MB",
                              f"{fmt_mib(kb)} MiB", kb < 64 * 1000 * 1000 / 1024))
    say(table(rows, "llrrrrrrrrl"))
    polls = next((c for c in crowds if c["server"] == "polls"), None)
    base = next((c for c in crowds if c["server"] == "polls-base"), None)
    if polls and base:
        rate = lambda c: c["without_crowd"]["wrk"]["requests"] / c["without_crowd"]["wrk"]["duration_us"]
        goals.append(("throughput without the crowd / polls-base (A/B)", ">= 1x (noise: 10 %)",
                      fmt_ratio(rate(polls) / rate(base)), rate(polls) / rate(base) >= 0.9))
    say("")
    say("Goals of issue 14 (polls; informational)")
    rows = [["what", "target", "polls", "result"]]
    rows += [[w, t, v, "pass" if ok else "miss"] for w, t, v, ok in goals]
    say(table(rows, "llll"))
    say("")
    return goals


def throughput_section(runs, ran, conns, servers, say):
    """The per-route wrk runs of every server, side by side."""
    say("Throughput and latency (latencies in ms; 'sock err' = connect/read/write errors; "
        "'bad status' = non-2xx/3xx; ratio of req/s)")
    rows = [["route", "conns", "server", "req/s", "p50", "p99", "max", "sock err", "timeouts",
             "bad status", "ratio"]]
    for c in conns:
        for route in ROUTES:
            method = "POST" if route.endswith("/vote/") else "GET"
            group = [(s, find(runs, s, route, c)) for s in ran]
            group = [(s, r) for s, r in group if r]
            if not group:
                continue
            polls = find(runs, "polls", route, c)
            for n, (s, r) in enumerate(group):
                note = ""
                if s in ("polls-pg", "polls-full") and polls:
                    # polls on PostgreSQL against polls on SQLite.
                    rat = ratio(r["rps"], polls["rps"])
                    note = f"{s} / polls {fmt_ratio(rat)}" if rat else ""
                elif s == "polls-base" and polls:
                    rat = ratio(polls["rps"], r["rps"])
                    note = f"polls / polls-base {fmt_ratio(rat)} (A/B)" if rat else ""
                elif s != "polls" and polls:
                    rat = ratio(polls["rps"], r["rps"])
                    note = f"polls / {s} {fmt_ratio(rat)}" if rat else ""
                label = s if s != "nginx" else "nginx (static copy)"
                rows.append([f"{method} {route}" if n == 0 else "", str(c) if n == 0 else "",
                             label, fmt_int(r["rps"]), fmt_ms(r["p50_ms"]), fmt_ms(r["p99_ms"]),
                             fmt_ms(r["max_ms"]), r["socket_errors"], r["timeouts"],
                             r["bad_status"], note])
    say(table(rows, "lrlrrrrrrrl"))
    if "polls-pg" in servers:
        say("  (polls-pg: the same binary and flags on PostgreSQL; polls-pg / polls < 1x is what "
            "PostgreSQL costs against SQLite.)")
    if "django" in servers:
        say("  (Django has no route for /: not measured there.)")
    say("")


def show(path, json_out):
    crowds, lives, rates = [], [], []
    meta, servers, runs = load(path, crowds, lives, rates)
    lines = []
    say = lines.append
    ran = [s for s in SERVERS if s in servers]
    conns = meta.get("connections", [])

    say(f"polls benchmark: {meta.get('date', '')}")
    say(f"  command:  {meta.get('command', '')}")
    say(f"  machine:  {meta.get('machine', '')}")
    say(f"  load average at start: {meta.get('load_start', '?')}; at the end: "
        f"{meta.get('load_end', '?')} (the machine is shared: numbers are noisy)")
    if not lives:  # the live scenario does not use wrk
        say(f"  wrk:      {meta.get('wrk', '')}, -t{meta.get('wrk_threads')} "
            f"-d{meta.get('duration')}s --timeout 2s, keep-alive, on the same machine; warm-up "
            f"{meta.get('warmup')} s per GET route before the runs")
        if meta.get("pinned"):
            say(f"  pinned:   {meta['pinned']} (taskset)")
    for s in ran:
        say(f"  {s + ':':9} {servers[s].get('description', '')}")
    say("")

    if runs:  # not in the --crowd and --live scenarios
        throughput_section(runs, ran, conns, servers, say)
    if rates:
        rate_section(rates, say)

    vote_runs = [r for r in runs if "votes" in r]
    if vote_runs:
        say("Votes (POST /polls/1/vote/ with a valid CSRF token, over the 4 choices; the vote "
            "total is read with sqlite3" + (", or psql for polls-pg," if "polls-pg" in servers
                                            else "") + " before and after)")
        rows = [["conns", "server", "votes/s", "sent", "302", "other 2xx", "4xx", "5xx",
                 "db added", "lost", "in flight at stop", "check"]]
        for r in vote_runs:
            v = r["votes"]
            check = ("none lost" if v["lost"] == 0 and v["extra"] == 0 else
                     f"LOST {v['lost']}" if v["lost"] else f"EXTRA {v['extra']}")
            rows.append([r["connections"], r["server"], fmt_int(v["per_second"]), v["sent"],
                         v["redirects_302"], v["responses_2xx"], v["responses_4xx"],
                         v["responses_5xx"], v["db_added"], v["lost"], v["in_flight_at_stop"],
                         check])
        say(table(rows, "rlrrrrrrrrrl"))
        say("  lost = 302s wrk received minus votes added to the database (a lower bound: votes "
            "in flight when wrk stopped\n  may land after it); in flight = votes the database "
            "holds whose response wrk had not read when it stopped\n  (at most the connections); "
            "none lost = 302s <= votes added <= requests sent.")
        if any(r["server"] == "django" and r["votes"]["lost"] for r in vote_runs):
            say("  Django's tutorial view counts a vote as `selected_choice.votes += 1; "
                "selected_choice.save()`: a read-modify-write\n  race between its 5 worker "
                "processes, so concurrent votes overwrite each other (the tutorial's F() fix "
                "is not applied).")
        say("")

    say("Start-up, memory and size (memory of Django and nginx: sum over the master and its "
        "workers)")
    rows = [["what"] + ran]
    rows.append([f"exec to first 200 of /polls/ (ms, median of {meta.get('starts', 1)})"] +
                [fmt_ms((servers[s].get("startup") or {}).get("ms")) for s in ran])
    rows.append(["  fastest - slowest start (ms)"] +
                [spread((servers[s].get("startup") or {}).get("samples")) for s in ran])
    rows.append(["idle RSS, 1 s after the first 200 (MiB)"] +
                [fmt_mib((servers[s].get("idle") or {}).get("rss_kb")) for s in ran])
    rows.append(["peak RSS after the load, VmHWM (MiB)"] +
                [fmt_mib((servers[s].get("peak") or {}).get("hwm_kb")) for s in ran])
    rows.append(["PSS after the load (MiB)"] +
                [fmt_mib((servers[s].get("peak") or {}).get("pss_kb")) for s in ran])
    rows.append(["processes after the load"] +
                [str(len((servers[s].get("peak") or {}).get("pids", []))) for s in ran])
    rows.append(["exit status after SIGTERM"] +
                [str(servers[s].get("exit_status", "-")) for s in ran])
    rows.append(["lines logged (warnings and errors)"] +
                [str(servers[s].get("log_lines", "-")) for s in ran])
    size = meta.get("binary_bytes")
    rows.append(["binary size (MiB)"] + [f"{size / MIB:.2f}" if size and s.startswith("polls")
                                        else "-" for s in ran])
    say(table(rows, "l" + "r" * len(ran)))
    if "polls-pg" in servers:
        say("  (polls-pg's memory is the polls process's only, not the PostgreSQL server's; its "
            "start includes connecting to it.)")
    for s in ran:
        if servers[s].get("log_head"):
            say(f"  {s} logged, first lines:")
            say("\n".join("    " + line for line in servers[s]["log_head"].splitlines()))
    say("")

    crowd_goals = crowd_section(crowds, say) if crowds else []
    live_goals = live_section(lives, table, say) if lives else []
    goals = targets(meta, servers, runs) if runs else []
    goals18 = []
    if runs:
        say("Targets of issue 5 (polls; informational, nothing fails on a miss)")
        rows = [["what", "target", "polls", "result"]]
        rows += [[g["what"], g["target"], g["value"], g["result"]] for g in goals]
        say(table(rows, "llll"))
        passed = sum(g["result"] == "pass" for g in goals)
        missed = sum(g["result"] == "miss" for g in goals)
        say(f"  {passed} pass, {missed} miss, {len(goals) - passed - missed} not run")
        say("")
        first = conns[0] if conns else 32
        say(f"Goals of issue 18 ({first} connections; the issue's are at 32; informational)")
        goals18 = goals_18(servers, runs, first)
        rows = [["what", "target", "value", "result"]]
        rows += [[g["what"], g["target"], g["value"], g["result"]] for g in goals18]
        say(table(rows, "llll"))

    print("\n".join(lines))
    if json_out:
        ratios = []
        for r in runs:
            if r["server"] == "polls":
                continue
            p = find(runs, "polls", r["route"], r["connections"])
            if p:
                # versus polls-pg, other_over_polls is PostgreSQL / SQLite.
                ratios.append({"route": r["route"], "connections": r["connections"],
                               "versus": r["server"],
                               "polls_over_other": ratio(p["rps"], r["rps"]),
                               "other_over_polls": ratio(r["rps"], p["rps"])})
        with open(json_out, "w") as f:
            json.dump({"meta": meta, "servers": servers, "runs": runs, "ratios": ratios,
                       "targets": goals, "goals_18": goals18, "fixed_rate": rates,
                       "crowds": crowds, "lives": lives,
                       "live_goals": [{"what": w, "target": t, "value": v, "pass": ok}
                                      for w, t, v, ok in live_goals],
                       "crowd_goals": [{"what": w, "target": t, "value": v, "pass": ok}
                                       for w, t, v, ok in crowd_goals],
                       "table": "\n".join(lines)}, f, indent=2)
            f.write("\n")


def last(path):
    _, _, runs = load(path)
    r = runs[-1]
    line = (f"   {fmt_int(r['rps'])} req/s, p50 {fmt_ms(r['p50_ms'])} ms, "
            f"p99 {fmt_ms(r['p99_ms'])} ms, {r['socket_errors']} socket errors, "
            f"{r['timeouts']} timeouts, {r['bad_status']} non-2xx/3xx")
    if "votes" in r:
        v = r["votes"]
        line += (f"; {v['redirects_302']} votes answered 302, database +{v['db_added']}: "
                 + ("none lost" if v["lost"] == 0 else f"{v['lost']} LOST"))
    print(line)


def main(argv):
    if len(argv) == 3 and argv[1] == "last":
        last(argv[2])
    elif len(argv) >= 4 and argv[1] == "add":
        add(argv[2], argv[3], argv[4:])
    elif len(argv) in (3, 5) and argv[1] == "show":
        json_out = None
        if len(argv) == 5:
            if argv[3] != "--json":
                sys.exit(__doc__)
            json_out = argv[4]
        show(argv[2], json_out)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
