-- Shared by the wrk scripts of scripts/bench: `emit` prints one line "BENCH_RESULT {json}" with
-- wrk's summary and latency percentiles (in microseconds), which scripts/bench picks out of
-- wrk's output. Loaded with dofile() by get.lua and vote.lua; not a wrk script by itself.
local M = {}

local function num(x)
  if x ~= x or x == math.huge or x == -math.huge then return "null" end
  return string.format("%.3f", x)
end

-- extra: a flat table of name -> number added to the line (vote counters, for instance).
function M.emit(summary, latency, extra)
  local e = summary.errors
  local parts = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_us":%d', summary.duration),
    string.format('"bytes":%d', summary.bytes),
    string.format('"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}',
      e.connect, e.read, e.write, e.status, e.timeout),
    '"latency_us":{"mean":' .. num(latency.mean) .. ',"stdev":' .. num(latency.stdev) ..
      ',"max":' .. num(latency.max) .. ',"p50":' .. num(latency:percentile(50)) ..
      ',"p75":' .. num(latency:percentile(75)) .. ',"p90":' .. num(latency:percentile(90)) ..
      ',"p99":' .. num(latency:percentile(99)) .. '}',
  }
  local names = {}
  for name in pairs(extra or {}) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    parts[#parts + 1] = string.format('"%s":%d', name, extra[name])
  end
  io.write("BENCH_RESULT {" .. table.concat(parts, ",") .. "}\n")
end

return M
