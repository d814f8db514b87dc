-- wrk script for the votes of scripts/bench: POSTs "choice=<id>&csrfmiddlewaretoken=<token>"
-- with the csrftoken cookie to the URL given to wrk (/polls/1/vote/), cycling over the choices,
-- and counts the responses: s302 (a counted vote redirects to the results), the other 3xx, and
-- by class. At the end it prints one BENCH_RESULT line (see report.lua) with sent (requests
-- written), s2xx, s302, s3xx (3xx other than 302), s4xx, s5xx (responses received).
--   wrk ... -s vote.lua http://127.0.0.1:PORT/polls/1/vote/ -- COOKIE TOKEN CHOICE_ID...
-- COOKIE is the csrftoken cookie's value, TOKEN the form's csrfmiddlewaretoken.
local here = (debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./")
local report = dofile(here .. "report.lua")

-- Per wrk thread (each has its own Lua state).
local requests = {}
local next_request = 1
sent, s2xx, s302, s3xx, s4xx, s5xx = 0, 0, 0, 0, 0, 0

function init(args)
  local cookie, token = args[1], args[2]
  if not cookie or not token or not args[3] then
    error("usage: wrk ... -s vote.lua URL -- COOKIE TOKEN CHOICE_ID...")
  end
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. cookie,
  }
  for i = 3, #args do
    local body = "choice=" .. args[i] .. "&csrfmiddlewaretoken=" .. token
    requests[#requests + 1] = wrk.format("POST", nil, headers, body)
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  sent = sent + 1
  return r
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status == 302 then s302 = s302 + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end

-- setup() and done() run in the main Lua state: keep the threads to read their counters.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests_)
  local totals = { sent = 0, s2xx = 0, s302 = 0, s3xx = 0, s4xx = 0, s5xx = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  report.emit(summary, latency, totals)
end
