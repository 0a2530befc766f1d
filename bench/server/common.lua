-- Shared wrk machinery for the Tollgate benchmark (wrk 4.x, LuaJIT).
--
-- Every response's status is counted per thread; one body in BENCH_SAMPLE_EVERY (default 50) must
-- contain BENCH_EXPECT. done() prints one RESULT line for run.sh and exits 1 when any answer was
-- not 200 or a sampled body lacked the expected text, so a benchmark of error answers never passes.
--
-- Requests: POST to the URL path given on the wrk command line, with BENCH_BODY (or, for
-- introspection, one body per token of BENCH_TOKENS_FILE, in turn) and an optional Authorization
-- header BENCH_AUTH (or one header per line of BENCH_AUTH_FILE, in turn: many clients). With
-- BENCH_DPOP_FILE, every request carries its own DPoP proof from that file (one per line, never
-- twice: a replayed jti is refused); thread i of BENCH_THREADS takes every n-th line.

local expect = os.getenv("BENCH_EXPECT") or ""
local sample_every = tonumber(os.getenv("BENCH_SAMPLE_EVERY") or "50")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

local function form_escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Thread-local state.
statuses = {}
non200 = 0
checked = 0
missing = 0
first_bad = ""
local seen = 0
local requests_pool = nil
local next_request = 1

function init(args)
  -- wrk.headers already holds Host: add to it, don't replace it.
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  local auth = os.getenv("BENCH_AUTH")
  if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
  wrk.method = "POST"

  local tokens_file = os.getenv("BENCH_TOKENS_FILE")
  local auth_file = os.getenv("BENCH_AUTH_FILE")
  local dpop_file = os.getenv("BENCH_DPOP_FILE")
  if dpop_file and dpop_file ~= "" then
    requests_pool = {}
    local body = os.getenv("BENCH_BODY") or ""
    local n, i, mine = tonumber(os.getenv("BENCH_THREADS") or "1"), 0, (thread_id or 1) - 1
    for proof in io.lines(dpop_file) do
      if proof ~= "" then
        if i % n == mine then
          local headers = {}
          for k, v in pairs(wrk.headers) do headers[k] = v end
          headers["DPoP"] = proof
          table.insert(requests_pool, wrk.format(nil, nil, headers, body))
        end
        i = i + 1
      end
    end
    if #requests_pool == 0 then error("no proofs in " .. dpop_file) end
    next_request = 1
  elseif auth_file and auth_file ~= "" then
    requests_pool = {}
    local body = os.getenv("BENCH_BODY") or ""
    for header in io.lines(auth_file) do
      if header ~= "" then
        -- wrk.format uses the headers given instead of wrk.headers: copy them.
        local headers = {}
        for k, v in pairs(wrk.headers) do headers[k] = v end
        headers["Authorization"] = header
        table.insert(requests_pool, wrk.format(nil, nil, headers, body))
      end
    end
    if #requests_pool == 0 then error("no headers in " .. auth_file) end
    next_request = ((thread_id or 1) * 7919) % #requests_pool + 1
  elseif tokens_file and tokens_file ~= "" then
    requests_pool = {}
    for token in io.lines(tokens_file) do
      if token ~= "" then
        table.insert(requests_pool, wrk.format(nil, nil, nil, "token=" .. form_escape(token)))
      end
    end
    if #requests_pool == 0 then error("no tokens in " .. tokens_file) end
    -- Threads start at different places in the pool.
    next_request = ((thread_id or 1) * 7919) % #requests_pool + 1
  else
    wrk.body = os.getenv("BENCH_BODY") or ""
  end
end

if (os.getenv("BENCH_TOKENS_FILE") or "") ~= "" or (os.getenv("BENCH_AUTH_FILE") or "") ~= "" or (os.getenv("BENCH_DPOP_FILE") or "") ~= "" then
  function request()
    local r = requests_pool[next_request]
    next_request = next_request % #requests_pool + 1
    return r
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
    return
  end
  seen = seen + 1
  if seen % sample_every == 1 then
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
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f non200=%d socket_errors=%d checked=%d missing=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total_non200, socket_errors, total_checked, total_missing))
  if total_non200 > 0 or total_missing > 0 or total_checked == 0 then
    io.write("FAIL: " .. total_non200 .. " non-200 answers, " .. total_missing .. " of " .. total_checked ..
      " sampled bodies without '" .. expect .. "'. First bad answer: " .. bad .. "\n")
    os.exit(1)
  end
end
