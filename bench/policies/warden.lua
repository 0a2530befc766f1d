-- The warden: POST /warden/allowed with the JSON bodies of BENCH_BODIES_FILE in turn (requests spread
-- over every policy), caller a client with allow_introspection (BENCH_AUTH); every sampled body must
-- hold "allowed" (true or false: both are 200 answers). RESULT line and failure rules from common.lua.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../server/?.lua;" .. package.path
require("common")

local pool = {}
local next_body = 1

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
  for body in io.lines(os.getenv("BENCH_BODIES_FILE")) do
    if body ~= "" then table.insert(pool, wrk.format(nil, nil, nil, body)) end
  end
  if #pool == 0 then error("no bodies in " .. os.getenv("BENCH_BODIES_FILE")) end
  next_body = ((thread_id or 1) * 7919) % #pool + 1
end

function request()
  local r = pool[next_body]
  next_body = next_body % #pool + 1
  return r
end
