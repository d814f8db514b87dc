-- wrk script for the GET routes of scripts/bench: wrk's own fixed request (the URL given to
-- wrk), and one BENCH_RESULT line at the end (see report.lua).
--   wrk -t2 -c32 -d10s --latency -s get.lua http://127.0.0.1:PORT/polls/
local here = (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./")
local report = dofile(here .. "report.lua")

function done(summary, latency, requests)
  report.emit(summary, latency, {})
end
