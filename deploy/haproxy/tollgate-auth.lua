-- Tollgate forward-auth for HAProxy 2.6+ (Lua 5.3, core.httpclient): the action lua.tollgate_auth
-- asks Tollgate's GET /decisions about the request, as nginx's auth_request does, and
--   2xx      sets the identity headers for the backend (X-Client-Id, X-Scopes, X-Tollgate-Jti, and
--            Authorization when Tollgate returns a phantom token) and txn.tollgate_allowed = "1";
--   401/403/429  answers the caller with Tollgate's answer as it is (status, WWW-Authenticate or Retry-After, JSON body);
--   else     (Tollgate's 500 for a misconfigured audience, Tollgate unreachable: the HTTP client's own
--            503, a timeout, a Lua error) leaves txn.tollgate_allowed = "0", and haproxy.cfg refuses
--            the request with 500: fail closed, as nginx's auth_request does.
-- Settings from the environment: TOLLGATE_DECISIONS_URL (http://host:port/decisions; an address,
-- Lua in HAProxy has no DNS at run time), API_AUDIENCE (the API's identifier in Tollgate),
-- TOLLGATE_TIMEOUT_MS (default 5000). See docs/haproxy.md.

local decisions = os.getenv("TOLLGATE_DECISIONS_URL") or error("TOLLGATE_DECISIONS_URL is not set")
local audience = os.getenv("API_AUDIENCE") or error("API_AUDIENCE is not set")
local timeout_ms = tonumber(os.getenv("TOLLGATE_TIMEOUT_MS") or "5000")

-- The caller's headers Tollgate reads; nothing else of the request is sent (no body).
local forwarded = { "authorization", "dpop", "cookie", "origin", "access-control-request-method" }
-- Tollgate's answer headers passed to the caller on a refusal.
local refusal_headers = { "www-authenticate", "content-type", "cache-control", "access-control-allow-origin",
                          "access-control-allow-credentials", "vary", "retry-after" }
-- Tollgate's answer headers set on the request to the backend, by the backend's name.
local identity_headers = { ["x-tollgate-client-id"] = "X-Client-Id", ["x-tollgate-scopes"] = "X-Scopes",
                           ["x-tollgate-jti"] = "X-Tollgate-Jti" }

-- HAProxy header tables: lower-case names, values indexed from 0.
local function first(headers, name)
  local values = headers[name]
  if values == nil then return nil end
  return values[0] or values[1]
end

local function lowered(headers)
  local out = {}
  for name, values in pairs(headers or {}) do out[string.lower(name)] = values end
  return out
end

local function decide(txn)
  local request = txn.http:req_get_headers()
  local headers = {
    ["x-tollgate-audience"] = { audience },
    ["x-original-method"] = { txn.sf:method() },
    ["x-original-uri"] = { txn.sf:pathq() },
    ["x-forwarded-for"] = { txn.sf:src() },
    ["x-forwarded-proto"] = { txn.sf:ssl_fc() and "https" or "http" },
  }
  local host = first(request, "host")
  if host then headers["x-forwarded-host"] = { host } end
  for _, name in ipairs(forwarded) do
    local value = first(request, name)
    if value then headers[name] = { value } end
  end
  return core.httpclient():get({ url = decisions, headers = headers, timeout = timeout_ms })
end

core.register_action("tollgate_auth", { "http-req" }, function(txn)
  txn:set_var("txn.tollgate_allowed", "0")
  local ok, response = pcall(decide, txn)
  if not ok or response == nil or response.status == nil or response.status == 0 then
    core.Warning("tollgate_auth: no decision from " .. decisions .. ": " .. tostring(ok and "no answer" or response))
    return
  end
  local answer = lowered(response.headers)
  if response.status >= 200 and response.status < 300 then
    for from, to in pairs(identity_headers) do
      txn.http:req_set_header(to, first(answer, from) or "")
    end
    local phantom = first(answer, "x-tollgate-authorization")
    if phantom then txn.http:req_set_header("Authorization", phantom) end
    txn:set_var("txn.tollgate_allowed", "1")
    return
  end
  if response.status ~= 401 and response.status ~= 403 and response.status ~= 429 then
    core.Warning("tollgate_auth: " .. decisions .. " answered " .. response.status .. ": refused")
    return
  end
  local reply = { status = response.status, headers = {}, body = response.body or "" }
  for _, name in ipairs(refusal_headers) do
    local value = first(answer, name)
    if value then reply.headers[name] = { value } end
  end
  txn:done(txn:reply(reply))
end)
