"""The live-results section of scripts/bench's report (report.py calls live_section): one table per
polls server run with --live, and the goals of issue 16 (informational: nothing fails on a miss).
MiB throughout; the issue's "100 MB" read as 100 * 10^6 bytes."""


def fmt(x, unit=""):
    if x is None:
        return "-"
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.1f}{unit}"
    return f"{int(x):,}{unit}"


def mib(kb):
    return "-" if not kb else f"{kb / 1024:.1f}"


def live_section(lives, table, say):
    """Prints each live run's figures; returns the goals as (what, target, value, ok)."""
    goals = []
    for live in lives:
        name, d, v, pv = live["server"], live["delays"], live["voter"], live["per_viewer"]
        ready = live["ready"]
        refused = sum(ready["failures"].values())
        events = pv["events_while_voting"]
        peak = max(live.get("rss_kb_peak_voting") or 0, live.get("hwm_kb") or 0)
        say(f"Live results ({name}): {live['viewers']:,} viewers of /polls/{live['question']}/"
            f"events/ from {live['source_addresses']} loopback addresses, votes at "
            f"{fmt(live['rate'])}/s for {fmt(live['warmup'])} s of warm-up + "
            f"{fmt(live['seconds'])} s measured, then {fmt(live['drain'])} s for the last events")
        sample = ("every vote" if d["sample_every"] == 1
                  else f"every {d['sample_every']}th vote")
        rows = [["what", name],
                ["viewers streaming / refused (before the votes)",
                 f"{ready['streaming']:,} / {refused:,}"
                 + (f" {ready['failures']}" if refused else "")],
                ["votes sent / answered 302 / rate achieved (per s)",
                 f"{v['sent']:,} / {v['status_302']:,} / {fmt(v['rate_achieved'])}"],
                ["votes sent over 10 ms late (worst, ms)",
                 f"{v['late_over_10ms']:,} ({fmt(v['worst_late_ms'])})"],
                ["vote -> viewer delay p50 / p90 / p99 / max (ms)",
                 f"{fmt(d['p50_ms'])} / {fmt(d['p90_ms'])} / {fmt(d['p99_ms'])} / "
                 f"{fmt(d['max_ms'])}"],
                ["  over (vote, viewer) pairs", f"{d['pairs']:,} ({sample} of "
                 f"{d['measured_votes']:,} measured); never seen: {d['pairs_never_seen']:,}"],
                ["  viewers whose worst delay was over 1 s", f"{d['viewers_worst_over_1s']:,}"],
                ["events per viewer while voting (min / median / max)",
                 f"{events['min']} / {fmt(events['median'])} / {events['max']}"],
                ["viewers dropped during the run", f"{pv['dropped']:,}"
                 + (f" ({', '.join(pv['drop_reasons'])})" if pv["dropped"] else "")],
                ["viewers whose last event had the final total",
                 f"{pv['saw_final_total']:,} of {live['viewers']:,} "
                 f"(total {live['base_total']:,} -> {live['final_total']:,})"],
                ["RSS before viewers / viewers open / peak voting (MiB)",
                 f"{mib(live['rss_kb_before'])} / {mib(live['rss_kb_viewers_open'])} / "
                 f"{mib(live['rss_kb_peak_voting'])}"],
                ["VmHWM at the end (MiB)", mib(live["hwm_kb"])],
                ["CPU while voting, % of a core: polls / viewers / voter",
                 " / ".join(fmt(live["cpu_percent_while_voting"][k])
                            for k in ("polls", "viewers", "voter"))]]
        say(table(rows, "ll"))
        if live.get("polls_metrics"):
            say("  polls' /metrics about live results, before the viewers left:")
            say("\n".join("    " + line for line in live["polls_metrics"][:12]))
        say("  delay: from the vote's 302 to the first event whose total is at least the votes "
            "answered 302 that were\n  sent by then, which proves the event includes the vote "
            "(scripts/bench_lib/live_delays.py); clamped at 0.")
        say("")
        if name == "polls" or not goals:
            p99 = d["p99_ms"]
            goals = [
                ("every viewer sees each vote within 1 s (p99)", "< 1000 ms",
                 f"{fmt(p99)} ms", p99 is not None and p99 < 1000 and d["pairs_never_seen"] == 0),
                ("votes at the intended rate", f"{fmt(live['rate'])}/s",
                 f"{fmt(v['rate_achieved'])}/s",
                 (v["rate_achieved"] or 0) >= 0.98 * live["rate"]),
                ("polls' RSS with the viewers and the votes", "< 100 MB", f"{mib(peak)} MiB",
                 0 < peak < 100 * 1000 * 1000 / 1024),
                ("viewers refused or dropped", "none", f"{refused + pv['dropped']}",
                 refused + pv["dropped"] == 0),
            ]
    say("Goals of issue 16 (informational)")
    rows = [["what", "target", "value", "result"]]
    rows += [[w, t, val, "pass" if ok else "miss"] for w, t, val, ok in goals]
    say(table(rows, "llll"))
    say("")
    return goals
