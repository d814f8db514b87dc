#!/usr/bin/env bash
# scripts/bench works end to end (a one-second run at 8 connections against the binary under
# test): it exits 0 and writes its JSON, every page answered without an error status, and the
# votes were real: answered with 302, none answered 4xx or 5xx, and the database grew by exactly
# the votes answered 302, plus at most one vote per connection that was in flight when wrk
# stopped counting (stored, its answer never read). Its live-results scenario (--live, a few
# viewers and votes for a few seconds) reports every figure, and every viewer streamed from start
# to end: its first event, events while the votes arrived, none dropped, the final total seen.
# It asserts no speed: benchmarks are not tests.
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

readonly CONNECTIONS=8

check_bench_runs() {
  command -v wrk >/dev/null || fail "wrk is not installed (scripts/setup --test installs it)"
  local json=$WORK/bench.json out err rc
  # scripts/bench measures the repository's build/polls (the binary CTest passes here).
  command -v h2load >/dev/null || fail "h2load is not installed (scripts/setup --test installs it)"
  # --full-sync: a second polls with db_sqlite_synchronous = full; --fixed-rate: every route
  # again at 50 % and 80 % of its rate, paced by h2load.
  RUN_TIMEOUT=150 run_capture out err rc "$REPO_ROOT/scripts/bench" \
    --no-build --duration 1 --connections "$CONNECTIONS" --warmup 0 --starts 1 --json "$json" \
    --full-sync --fixed-rate
  assert_eq 0 "$rc" "scripts/bench exit status (stderr: ${err: -400})"
  [ -s "$json" ] || fail "scripts/bench wrote no JSON"
  assert_contains "$out" "none lost" "scripts/bench output"
  assert_not_contains "$out" "LOST" "scripts/bench output"
  "$PY" - "$json" "$CONNECTIONS" <<'PYTHON' || fail "the benchmark's figures above are wrong"
import json
import sys

results, connections = json.load(open(sys.argv[1])), int(sys.argv[2])
runs = results["runs"]
gets = [r for r in runs if r["method"] == "GET"]
votes = [r for r in runs if r["method"] == "POST"]
assert gets and votes, "expected GET and vote runs, got %r" % [(r["method"], r["route"]) for r in runs]
assert {r["server"] for r in votes} == {"polls", "polls-full"}, "expected votes on polls and polls-full"
rates = results["fixed_rate"]
routes = {r["route"] for r in runs}
for server in ("polls", "polls-full"):
    done = {(r["route"], r["fraction"]) for r in rates if r["server"] == server}
    assert done == {(route, f) for route in routes for f in (0.5, 0.8)}, \
        "%s: fixed-rate runs %r, expected every route at 0.5 and 0.8" % (server, sorted(done))
for r in rates:
    x = r["result"]
    assert x["requests"] > 0 and x["p99_ms"] is not None, "fixed rate %r: no request timed" % r
    assert abs(x["target_rps"] - r["fraction"] * next(
        run["rps"] for run in runs if run["server"] == r["server"] and run["route"] == r["route"])) <= 1, \
        "fixed rate %r: the target is not that fraction of the measured rate" % r
goals = {g["what"]: g for g in results["goals_18"]}
assert goals["votes/s with synchronous=full (--full-sync)"]["result"] != "not run", goals
for run in gets:
    assert run["wrk"]["requests"] > 0, "no GET %s was answered" % run["route"]
    assert run["bad_status"] == 0, "GET %s: %d answers were not 2xx/3xx" % (run["route"], run["bad_status"])
for run in votes:
    v = run["votes"]
    print("     %s: %d sent, %d answered 302, %d stored, %d 4xx, %d 5xx"
          % (run["route"], v["sent"], v["redirects_302"], v["db_added"], v["responses_4xx"],
             v["responses_5xx"]))
    assert v["redirects_302"] > 0, "no vote was answered with 302"
    assert (v["responses_2xx"] == 0 and v["redirects_other_3xx"] == 0 and v["responses_4xx"] == 0
            and v["responses_5xx"] == 0), \
        "votes were answered with something else than 302: %r" % v
    assert v["lost"] == 0, "%d votes answered 302 are not stored" % v["lost"]
    assert v["extra"] == 0, "%d votes are stored that were never sent" % v["extra"]
    assert v["db_added"] - v["redirects_302"] <= connections, \
        "%d votes stored beyond those answered: more than one in flight per connection" \
        % (v["db_added"] - v["redirects_302"])
PYTHON
}

# The live scenario's readers and its delay rule, on hand-made input: what its figures rest on.
check_live_helpers() {
  PYTHONPATH="$REPO_ROOT/scripts/bench_lib" "$PY" - <<'PYTHON' || fail "see the assertion above"
from live_delays import Histogram, seen_curve, viewer_delays, vote_thresholds
from sse import Chunked, EventStream

# A chunked event stream split at every byte gives the same items as in one piece.
body = (b"retry: 3000\n\nid: a1\ndata: {\"question\":1,\"total\":5,\"choices\":[]}\n\n"
        b": heartbeat\n\nid: a2\ndata: {\"question\":1,\"total\":6,\"choices\":[]}\n\n")
wire = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7])
                for i in range(0, len(body), 7)) + b"0\r\n\r\n"
chunked, stream, items = Chunked(), EventStream(), []
for i in range(len(wire)):
    items += stream.feed(chunked.feed(wire[i:i + 1]))
assert chunked.ended and chunked.error is None
assert [i[0] for i in items] == ["retry", "event", "comment", "event"], items
assert [i[2]["total"] for i in items if i[0] == "event"] == [5, 6]
bad = Chunked()
bad.feed(b"zz\r\n")
assert bad.error, "a chunk size that is not hex must be an error"

# Votes 0..3 sent at 1.0, 1.1, 1.2, 1.3, answered at 1.05, 1.35, 1.25, 1.4 (vote 1 slow: vote 3
# was sent before its answer, so seeing vote 1 needs a total of base + 3); vote 2 got a 500.
voter = {"sent": [1.0, 1.1, 1.2, 1.3], "acked": [1.05, 1.35, 1.25, 1.4],
         "status": [302, 302, 500, 302]}
votes = vote_thresholds(voter, 10, 0)
assert votes == [(11, 1.05), (13, 1.35), (13, 1.4)], votes
# A viewer saw 10 at 0.9, 11 at 1.0 (before the voter read its answer: clamped at 0), 12 at 1.5,
# then a stale 11 at 1.6 (ignored), 13 at 1.9: delays 0, 550 and 500 ms.
times, totals = seen_curve([[0.9, 10], [1.0, 11], [1.5, 12], [1.6, 11], [1.9, 13]])
histogram = Histogram()
missed, worst = viewer_delays(votes, times, totals, histogram)
assert missed == 0 and abs(worst - 0.55) < 1e-9, (missed, worst)
assert sorted(histogram.bins) == [0, 500, 550], histogram.bins
assert histogram.quantile_ms(0.5) == 501.0 and histogram.quantile_ms(1) == 551.0
# One that never got past 11 misses the last two.
assert viewer_delays(votes, [1.0], [11], Histogram())[0] == 2
PYTHON
}

readonly LIVE_VIEWERS=20

check_bench_live_runs() {
  local json=$WORK/bench-live.json out err rc
  run_capture out err rc timeout 120 "$REPO_ROOT/scripts/bench" --no-build --live --starts 1 \
    --live-viewers "$LIVE_VIEWERS" --live-rate 50 --live-warmup 1 --live-seconds 2 --json "$json"
  assert_eq 0 "$rc" "scripts/bench --live exit status (stderr: ${err: -400})"
  [ -s "$json" ] || fail "scripts/bench --live wrote no JSON"
  assert_contains "$out" "Goals of issue 16" "scripts/bench --live output"
  "$PY" - "$json" "$LIVE_VIEWERS" <<'PYTHON' || fail "the live scenario's figures above are wrong"
import json
import sys

results, viewers = json.load(open(sys.argv[1])), int(sys.argv[2])
assert [live["server"] for live in results["lives"]] == ["polls"], results["lives"]
live = results["lives"][0]
ready, voter, delays, seen = live["ready"], live["voter"], live["delays"], live["per_viewer"]
print("     %d viewers streaming, %d votes answered 302 of %d sent, delay p50 %s p99 %s max %s ms, "
      "events per viewer %r" % (ready["streaming"], voter["status_302"], voter["sent"],
                                delays["p50_ms"], delays["p99_ms"], delays["max_ms"],
                                seen["events_while_voting"]))
assert ready["streaming"] == viewers and not ready["failures"], "viewers refused: %r" % ready
assert voter["sent"] == voter["votes"] == voter["status_302"] > 0, "votes not all counted: %r" % voter
assert live["final_total"] == live["base_total"] + voter["status_302"], live
assert seen["dropped"] == 0, "viewers dropped: %r" % seen["drop_reasons"]
assert seen["events_while_voting"]["min"] >= 1, "a viewer got no event while the votes arrived"
assert seen["saw_final_total"] == viewers, "%d viewers never saw the final total" % (
    viewers - seen["saw_final_total"])
assert delays["pairs"] == delays["measured_votes"] * viewers > 0, delays
assert delays["pairs_never_seen"] == 0, delays
for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms"):
    assert isinstance(delays[key], (int, float)) and delays[key] >= 0, (key, delays)
assert delays["p50_ms"] <= delays["p99_ms"] <= delays["max_ms"] + 1, delays
for key in ("rss_kb_before", "rss_kb_viewers_open", "rss_kb_peak_voting", "hwm_kb"):
    assert live[key] > 0, (key, live[key])
assert [g["what"] for g in results["live_goals"]], "no goals reported"
PYTHON
}

check "scripts/bench runs end to end, every vote is real and stored" check_bench_runs
check "the live scenario's stream readers and delay rule hold on hand-made input" \
  check_live_helpers
check "scripts/bench --live runs end to end, every viewer streams to the final total" \
  check_bench_live_runs
finish
