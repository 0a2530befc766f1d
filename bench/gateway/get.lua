-- wrk 4.x (LuaJIT) script for bench/gateway/run.sh and bench/dotnet/run.sh: GET the URL given on
-- the command line with an optional Authorization header (BENCH_AUTH, or in turn "Bearer <line>"
-- for each line of BENCH_TOKENS_FILE: a pool of unique tokens, threads starting at different
-- places) and extra headers (BENCH_HEADERS, "Name: value" pairs separated by "|"). Every status is counted per thread; one 200 body in 50 must contain
-- BENCH_EXPECT (when set). done() prints one RESULT line and exits 1 when any answer was not 200
-- or a sampled body lacked the text, so a benchmark of refusals never passes.

local expect = os.getenv("BENCH_EXPECT") or ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

non200 = 0
checked = 0
missing = 0
first_bad = ""
local seen = 0
local pool = nil
local next_request = 1

function init(args)
  wrk.method = "GET"
  local auth = os.getenv("BENCH_AUTH")
  if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
  for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
    if not name then error("BENCH_HEADERS: not 'Name: value': " .. pair) end
    wrk.headers[name] = value
  end
  local file = os.getenv("BENCH_TOKENS_FILE") or ""
  if file ~= "" then
    pool = {}
    for line in io.lines(file) do
      if line ~= "" then
        local headers = {}
        for k, v in pairs(wrk.headers) do headers[k] = v end
        headers["Authorization"] = "Bearer " .. line
        table.insert(pool, wrk.format(nil, nil, headers, nil))
      end
    end
    if #pool == 0 then error("no tokens in " .. file) end
    next_request = ((thread_id or 1) * 7919) % #pool + 1
  end
end

if (os.getenv("BENCH_TOKENS_FILE") or "") ~= "" then
  function request()
    local r = pool[next_request]
    next_request = next_request % #pool + 1
    return r
  end
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200):gsub("%s+", " ") end
    return
  end
  seen = seen + 1
  if expect ~= "" and seen % 50 == 1 then
    checked = checked + 1
    if not string.find(body or "", expect, 1, true) then
      missing = missing + 1
      if first_bad == "" then first_bad = "200 without '" .. expect .. "': " .. string.sub(body or "", 1, 200) end
    end
  end
end

function done(summary, latency, requests)
  local total_non200, total_checked, total_missing, bad = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    total_non200 = total_non200 + t:get("non200")
    total_checked = total_checked + t:get("checked")
    total_missing = total_missing + t:get("missing")
    if bad == "" then bad = t:get("first_bad") end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f non200=%d socket_errors=%d checked=%d missing=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, total_non200, socket_errors, total_checked, total_missing))
  if total_non200 > 0 or total_missing > 0 or summary.requests == 0 or (expect ~= "" and total_checked == 0) then
    io.write("FAIL: " .. total_non200 .. " non-200 answers, " .. total_missing .. " of " .. total_checked ..
      " sampled bodies without '" .. expect .. "'. First bad answer: " .. bad .. "\n")
    os.exit(1)
  end
end
