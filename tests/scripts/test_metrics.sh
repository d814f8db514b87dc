#!/usr/bin/env bash
# Black-box checks of GET /metrics on the real binary: what a Prometheus scraper reads there
# parses (Debian's python3-prometheus-client, the reference client's parser), each family has its
# type, histograms are cumulative with +Inf equal to the count, and the numbers follow traffic
# (pages, a vote, a 404, a malformed request). With --metrics-listen it is served on that address
# only, and the site's port answers 404.
#
#   bash tests/scripts/test_metrics.sh /path/to/polls
# Checks are functions called through `check NAME FUNCTION`, which shellcheck cannot follow.
# shellcheck disable=SC2317
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# scrape_and_check PORT SITE_PORT QID CID: traffic on the site, then the metrics at PORT parsed
# and checked; prints what failed and exits 1 on a failure.
scrape_and_check() {
  "$PY" - "$@" <<'PYTHON'
import sys
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families
from rawhttp import csrf_form, exchange, get, post_vote

metrics_port, site_port, qid, cid = (int(a) for a in sys.argv[1:5])
problems = []

def expect(condition, what):
    if not condition:
        problems.append(what)

for path in ("/", "/polls/", "/polls/%d/" % qid, "/nowhere/"):
    get(site_port, path)
cookie, token = csrf_form(site_port, qid)
status, _, _ = post_vote(site_port, qid, cid, cookie, token)
expect(status == 302, "the vote answered %s" % status)
exchange(site_port, b"NONSENSE\r\n\r\n")

with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % metrics_port, timeout=5) as response:
    expect(response.status == 200, "/metrics answered %d" % response.status)
    expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8",
           "Content-Type %r" % response.headers["Content-Type"])
    text = response.read().decode("utf-8")

families = {f.name: f for f in text_string_to_metric_families(text)}
expected_types = {
    "polls_http_requests": "counter",
    "polls_http_request_duration_seconds": "histogram",
    "polls_http_connections_open": "gauge",
    "polls_votes": "counter",
    "polls_db_connections": "gauge",
    "polls_db_connection_waits": "counter",
    "polls_db_query_duration_seconds": "histogram",
    "polls_build_info": "gauge",
    "process_start_time_seconds": "gauge",
    "process_resident_memory_bytes": "gauge",
    "process_cpu_seconds": "counter",
}
for name, kind in expected_types.items():
    expect(name in families, "no family " + name)
    if name in families:
        expect(families[name].type == kind, "%s is a %s" % (name, families[name].type))

def samples(family, suffix=""):
    return [s for s in families[family].samples if s.name == family + suffix]

def value(family, suffix="", **labels):
    found = [s.value for s in samples(family, suffix) if all(s.labels.get(k) == v for k, v in labels.items())]
    return found[0] if len(found) == 1 else None

# Every histogram series: cumulative buckets, ending at +Inf with the series' count.
for family in ("polls_http_request_duration_seconds", "polls_db_query_duration_seconds"):
    series = {}
    for s in samples(family, "_bucket"):
        key = tuple(sorted((k, v) for k, v in s.labels.items() if k != "le"))
        series.setdefault(key, []).append((float(s.labels["le"]), s.value))
    expect(series, family + " has no series")
    for key, buckets in series.items():
        counts = [c for _, c in buckets]
        expect(counts == sorted(counts), "%s%s buckets are not cumulative" % (family, key))
        expect(buckets[-1][0] == float("inf"), "%s%s does not end at +Inf" % (family, key))
        count = value(family, "_count", **dict(key))
        expect(counts[-1] == count, "%s%s: +Inf %s, count %s" % (family, key, counts[-1], count))

requests = "polls_http_requests"
expect(value(requests, "_total", method="GET", route="/", status="2xx") == 1, "GET / not counted once")
expect(value(requests, "_total", method="GET", route="/polls/<int:question_id>/", status="2xx") == 2,
       "the detail page (once by hand, once for the vote's form) not counted twice")
expect(value(requests, "_total", method="POST", route="/polls/<int:question_id>/vote/", status="3xx") == 1,
       "the vote's 302 not counted")
expect(value(requests, "_total", method="", route="unmatched", status="4xx") == 2,
       "the 404 and the malformed request not counted as unmatched 4xx")
expect(value("polls_votes", "_total") == 1, "polls_votes_total is not 1")
expect(value("polls_db_query_duration_seconds", "_count") >= 5, "too few statements timed")
expect(value("polls_build_info", backend="sqlite") == 1, "no build info for sqlite")
resident = value("process_resident_memory_bytes")
expect(resident is not None and 1 << 20 < resident < 512 << 20, "resident memory %s" % resident)

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
PYTHON
}

check_metrics_apart() {
  local qid cid out err rc
  read -r qid cid _ < <(seed_question "$WORK/m.db" "Measured?" "Yes" "No")
  start_polls --database "sqlite://$WORK/m.db" --metrics-listen 127.0.0.1:0
  [ -n "$POLLS_METRICS_PORT" ] || fail "no metrics address in the start log"
  run_capture out err rc scrape_and_check "$POLLS_METRICS_PORT" "$POLLS_PORT" "$qid" "$cid"
  assert_eq 0 "$rc" "metrics checks (problems: $out $err)"
  assert_eq 404 "$(http_status "$POLLS_URL/metrics")" "/metrics on the site's port"
  assert_eq 404 "$(http_status "$POLLS_METRICS_URL/")" "/ on the metrics port"
  assert_contains "$(cat "$POLLS_LOG")" "metrics are served apart" "the start log"
}

check_metrics_on_site_port() {
  local qid cid out err rc
  read -r qid cid < <(seed_question "$WORK/s.db" "Measured?" "Yes")
  start_polls --database "sqlite://$WORK/s.db"
  run_capture out err rc scrape_and_check "$POLLS_PORT" "$POLLS_PORT" "$qid" "$cid"
  assert_eq 0 "$rc" "metrics checks (problems: $out $err)"
}

check_taken_metrics_port() {
  local out err rc
  start_polls --database "sqlite://$WORK/t.db"
  # The metrics address is the port the first polls already has: the second must not start.
  run_capture out err rc "$POLLS" serve --database "sqlite://$WORK/t2.db" \
    --listen 127.0.0.1:0 --metrics-listen "127.0.0.1:$POLLS_PORT"
  assert_eq 1 "$rc" "exit status with the metrics port taken"
  assert_contains "$out$err" "cannot listen on 127.0.0.1:$POLLS_PORT" "the error"
}

check "/metrics on its own address parses as Prometheus text and follows traffic" check_metrics_apart
check "/metrics on the site's port by default" check_metrics_on_site_port
check "a metrics address already in use stops the start with a clear error" check_taken_metrics_port
finish
