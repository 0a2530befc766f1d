#!/usr/bin/env bash
# Gateway benchmark: what Tollgate's forward-auth decision costs behind real nginx.
#
#   bench/gateway/run.sh [--quick] [--cookies]
#
# In one run, on loopback, with Release builds: the contacts API (samples/Contacts) behind nginx
# rendered from deploy/nginx, GET /contacts/1 with an RS256 JWT,
#   nginx-auth    every request asks Tollgate's /decisions first (auth_request), as deployed;
#   nginx-noauth  the same rendered config with the auth_request lines taken out (identity headers
#                 set empty): the same proxying, headers and logging, no decision;
#   decisions     Tollgate's GET /decisions alone (valid token, engine cache warm);
#   floor         a minimal ASP.NET Core GET with two headers and no body (bench/server/floor);
# with --cookies also, for browser apps (token handler, docs/token-handler.md), serve's token
# handler on (AllowBearer too, for the rows above) and an opaque-token API:
#   nginx-cookie      GET /contacts/1 through nginx rendered with TOKEN_HANDLER=on: Cookie (the
#                     encrypted opaque token and CSRF cookies), Origin and the CSRF header;
#                     /decisions decrypts, checks the origin, exchanges the opaque token for a JWT
#                     (phantom exchange cache warm after the warm-up) and nginx forwards the JWT;
#   decisions-cookie  Tollgate's /decisions alone for a browser app's POST /contacts: origin, both
#                     cookies decrypted, CSRF header compared, phantom cache warm, JWT returned;
# at BENCH_CONNECTIONS (throughput) and, for the two nginx rows, one connection (latency without
# queueing). Rows are interleaved within each round; RUNS rounds; medians reported. Every answer
# must be 200 (get.lua counts statuses and fails the run otherwise). Full: a warm-up, then 3 rounds
# of 10 s per row (~5 min); quick: 1 round of 3 s. Environment: BENCH_THREADS (2),
# BENCH_CONNECTIONS (32), BENCH_DURATION, BENCH_RUNS. Stops everything it started by pid.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/gateway"
QUICK=0; COOKIES=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --cookies) COOKIES=1 ;;
    *) echo "run.sh: unknown argument '$arg' (expected --quick and/or --cookies)" >&2; exit 2 ;;
  esac
done
if (( QUICK )); then D_DURATION=3; D_RUNS=1; WARMUP=2; else D_DURATION=10; D_RUNS=3; WARMUP=5; fi
DURATION=${BENCH_DURATION:-$D_DURATION}
RUNS=${BENCH_RUNS:-$D_RUNS}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ROOT_SECRET="gateway-bench-root-secret-0123456789"
API=https://contacts.example
SPA_API=https://spa.contacts.example
ORIGIN=https://app.example
PREFIX=example
WORK=$(mktemp -d -t tollgate-gateway-bench.XXXXXX)
PIDS=()

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- Tools and builds ----------------------------------------------------------------------------
missing=()
for tool in wrk jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
[ -n "$NGINX" ] || missing+=(nginx-light)
if (( ${#missing[@]} )); then
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them or run as root"
  log "installing ${missing[*]} (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi
LOAD_BEFORE=$(uptime)
log "building src/Tollgate, samples/Contacts and bench/server/floor (Release)"
for project in src/Tollgate samples/Contacts bench/server/floor; do
  dotnet build "$ROOT/$project" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of $project failed"; }
done

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port"
}
wait_for() { # url pid log
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { tail -40 "$3" >&2; die "process $2 exited before $1 answered"; }
    curl -s -o /dev/null "$1" && return
    sleep 0.1
  done
  die "$1 did not answer within 60 s"
}

# --- Processes ----------------------------------------------------------------------------------
TOLLGATE_PORT=$(free_port); CONTACTS_PORT=$(free_port); FLOOR_PORT=$(free_port); AUTH_PORT=$(free_port); NOAUTH_PORT=$(free_port); COOKIE_PORT=$(free_port)
T=http://127.0.0.1:$TOLLGATE_PORT
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"
TOKEN_HANDLER_ARGS=()
if (( COOKIES )); then
  COOKIE_KEY=$(openssl rand -hex 32 2>/dev/null || od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  TOKEN_HANDLER_ARGS=(--Tollgate:Decisions:TokenHandler:TrustedWebOrigins:0="$ORIGIN" --Tollgate:Decisions:TokenHandler:CookieNamePrefix="$PREFIX"
    --Tollgate:Decisions:TokenHandler:EncryptionKey="$COOKIE_KEY" --Tollgate:Decisions:TokenHandler:UsePhantomToken=true
    --Tollgate:Decisions:TokenHandler:AllowBearer=true)
fi
Logging__LogLevel__Default=Warning dotnet "$TOLLGATE_DLL" serve --urls "$T" \
  --Tollgate:DataDirectory="$WORK/data" --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" "${TOKEN_HANDLER_ARGS[@]}" >"$WORK/tollgate.log" 2>&1 &
TOLLGATE_PID=$!; PIDS+=("$TOLLGATE_PID")
(cd "$WORK" && Logging__LogLevel__Default=Warning exec dotnet "$ROOT/samples/Contacts/bin/Release/net10.0/Contacts.dll" \
  --urls "http://127.0.0.1:$CONTACTS_PORT" --Contacts:Database="$WORK/contacts.db" >"$WORK/contacts.log" 2>&1) &
CONTACTS_PID=$!; PIDS+=("$CONTACTS_PID")
Logging__LogLevel__Default=Warning dotnet "$ROOT/bench/server/floor/bin/Release/net10.0/floor.dll" --urls "http://127.0.0.1:$FLOOR_PORT" >"$WORK/floor.log" 2>&1 &
FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
wait_for "$T/health/ready" "$TOLLGATE_PID" "$WORK/tollgate.log"
wait_for "http://127.0.0.1:$CONTACTS_PORT/health" "$CONTACTS_PID" "$WORK/contacts.log"
wait_for "http://127.0.0.1:$FLOOR_PORT/decisions" "$FLOOR_PID" "$WORK/floor.log"

# --- Set-up through the admin API ------------------------------------------------------------------
ADMIN=$(curl -sf -u "tollgate-root:$ROOT_SECRET" -d grant_type=client_credentials "$T/oauth2/token" | jq -r .access_token)
adm() { curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$@" >/dev/null; }
adm "$T/admin/apis" -d '{"identifier":"'$API'","scopes":[{"value":"read:contacts"},{"value":"write:contacts"}],"signing_alg":"RS256"}'
adm -X PUT "$T/admin/apis/https%3A%2F%2Fcontacts.example/routes" -d '{"rules":[
  {"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]},{"route":"POST /contacts","scopes":["write:contacts"]}]}'
CLIENT=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$T/admin/clients" -d '{"client_name":"bench service"}')
CLIENT_ID=$(jq -r .client_id <<<"$CLIENT")
adm "$T/admin/grants" -d '{"client_id":"'"$CLIENT_ID"'","audience":"'$API'","scope":["read:contacts","write:contacts"]}'
TOKEN=$(curl -sf -u "$CLIENT_ID:$(jq -r .client_secret <<<"$CLIENT")" -d grant_type=client_credentials -d audience=$API "$T/oauth2/token" | jq -r .access_token)
[ "$(cut -d. -f1 <<<"$TOKEN" | base64 -d 2>/dev/null | jq -r .alg)" = RS256 ] || die "expected an RS256 JWT"
if (( COOKIES )); then
  # A browser session as an OAuth Agent makes it: an opaque token and a CSRF value in encrypted cookies.
  adm "$T/admin/apis" -d '{"identifier":"'$SPA_API'","scopes":[{"value":"read:contacts"},{"value":"write:contacts"}],"token_format":"opaque"}'
  adm -X PUT "$T/admin/apis/https%3A%2F%2Fspa.contacts.example/routes" -d '{"rules":[
    {"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]},{"route":"POST /contacts","scopes":["write:contacts"]}]}'
  adm "$T/admin/grants" -d '{"client_id":"'"$CLIENT_ID"'","audience":"'$SPA_API'","scope":["read:contacts","write:contacts"]}'
  OPAQUE=$(curl -sf -u "$CLIENT_ID:$(jq -r .client_secret <<<"$CLIENT")" -d grant_type=client_credentials -d audience=$SPA_API "$T/oauth2/token" | jq -r .access_token)
  [[ $OPAQUE == tgat_* ]] || die "expected an opaque tgat_ token for $SPA_API"
  CSRF=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  encrypt() { printf %s "$1" | dotnet "$TOLLGATE_DLL" encrypt-cookie --key "$COOKIE_KEY" --value -; }
  COOKIE_HEADERS="Cookie: $PREFIX-at=$(encrypt "$OPAQUE"); $PREFIX-csrf=$(encrypt "$CSRF")|Origin: $ORIGIN|x-$PREFIX-csrf: $CSRF"
fi

# --- nginx: as deployed, and the same config without the decision ---------------------------------
LISTEN_PORT=127.0.0.1:$AUTH_PORT TOLLGATE_UPSTREAM=127.0.0.1:$TOLLGATE_PORT CONTACTS_UPSTREAM=127.0.0.1:$CONTACTS_PORT \
  API_AUDIENCE=$API "$ROOT/deploy/nginx/render.sh" "$WORK/gw-auth" 2>/dev/null
mkdir -p "$WORK/gw-noauth/logs" "$WORK/gw-noauth/tmp"
sed -e '/^ *auth_request \/_tollgate;/d' -e 's/^\( *\)auth_request_set \(\$[a-z_]*\) .*$/\1set \2 "";/' \
    -e "s/listen 127.0.0.1:$AUTH_PORT;/listen 127.0.0.1:$NOAUTH_PORT;/" "$WORK/gw-auth/nginx.conf" >"$WORK/gw-noauth/nginx.conf"
grep -qE '^ *auth_request' "$WORK/gw-noauth/nginx.conf" && die "the no-auth config still has auth_request"
GATEWAYS=(gw-auth gw-noauth)
if (( COOKIES )); then
  LISTEN_PORT=127.0.0.1:$COOKIE_PORT TOLLGATE_UPSTREAM=127.0.0.1:$TOLLGATE_PORT CONTACTS_UPSTREAM=127.0.0.1:$CONTACTS_PORT \
    API_AUDIENCE=$SPA_API TOKEN_HANDLER=on "$ROOT/deploy/nginx/render.sh" "$WORK/gw-cookie" 2>/dev/null
  GATEWAYS+=(gw-cookie)
fi
NGINX_PIDS=()
for gw in "${GATEWAYS[@]}"; do
  "$NGINX" -p "$WORK/$gw" -c "$WORK/$gw/nginx.conf" -e "$WORK/$gw/logs/error.log" -g 'daemon off;' >"$WORK/$gw.log" 2>&1 &
  PIDS+=($!); NGINX_PIDS+=($!)
done
G_AUTH=http://127.0.0.1:$AUTH_PORT; G_NOAUTH=http://127.0.0.1:$NOAUTH_PORT; G_COOKIE=http://127.0.0.1:$COOKIE_PORT
wait_for "$G_AUTH/health" "${NGINX_PIDS[0]}" "$WORK/gw-auth/logs/error.log"
wait_for "$G_NOAUTH/health" "${NGINX_PIDS[1]}" "$WORK/gw-noauth/logs/error.log"
(( COOKIES )) && wait_for "$G_COOKIE/health" "${NGINX_PIDS[2]}" "$WORK/gw-cookie/logs/error.log"
sleep 0.2 # nginx's worker
worker() { cat "/proc/$1/task/$1/children" | tr ' ' '\n' | grep -m1 . ; } # the master's one worker, by parent pid
AUTH_WORKER=$(worker "${NGINX_PIDS[0]}"); NOAUTH_WORKER=$(worker "${NGINX_PIDS[1]}")
(( COOKIES )) && COOKIE_WORKER=$(worker "${NGINX_PIDS[2]}")
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"Bench Contact"}' "$G_AUTH/contacts" >/dev/null \
  || die "POST /contacts through nginx failed"
for url in "$G_AUTH/contacts/1" "$G_NOAUTH/contacts/1"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")" = 200 ] || die "GET $url is not 200"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$G_AUTH/contacts/1")" = 401 ] || die "nginx-auth let a request without a token through"
if (( COOKIES )); then
  curl_cookie() { local -a h=(); local pair; IFS='|' read -ra pairs <<<"$COOKIE_HEADERS"; for pair in "${pairs[@]}"; do h+=(-H "$pair"); done; curl -s -o /dev/null -w '%{http_code}' "${h[@]}" "$@"; }
  [ "$(curl_cookie "$G_COOKIE/contacts/1")" = 200 ] || die "GET /contacts/1 with cookies through nginx is not 200"
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" "$G_COOKIE/contacts/1")" = 401 ] || die "nginx-cookie let a request without cookies through"
  [ "$(curl_cookie -H "X-Tollgate-Audience: $SPA_API" -H 'X-Original-Method: POST' -H 'X-Original-URI: /contacts' "$T/decisions")" = 200 ] \
    || die "a cookie POST decision is not 200"
fi

# --- Measuring --------------------------------------------------------------------------------------
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
CLK_TCK=$(getconf CLK_TCK)
DECISION_HEADERS="X-Tollgate-Audience: $API|X-Original-Method: GET|X-Original-URI: /contacts/1"
COOKIE_DECISION_HEADERS="X-Tollgate-Audience: $SPA_API|X-Original-Method: POST|X-Original-URI: /contacts|${COOKIE_HEADERS:-}"

# row -> "threads connections url headers expect pids"
row_spec() {
  case $1 in
    nginx-noauth)    echo "$THREADS $CONNECTIONS $G_NOAUTH/contacts/1" ;;
    nginx-auth)      echo "$THREADS $CONNECTIONS $G_AUTH/contacts/1" ;;
    decisions)       echo "$THREADS $CONNECTIONS $T/decisions" ;;
    floor)           echo "$THREADS $CONNECTIONS http://127.0.0.1:$FLOOR_PORT/decisions" ;;
    nginx-noauth-c1) echo "1 1 $G_NOAUTH/contacts/1" ;;
    nginx-auth-c1)   echo "1 1 $G_AUTH/contacts/1" ;;
    nginx-cookie)    echo "$THREADS $CONNECTIONS $G_COOKIE/contacts/1" ;;
    decisions-cookie) echo "$THREADS $CONNECTIONS $T/decisions" ;;
  esac
}
row_pids() {
  case $1 in
    nginx-noauth*) echo "$NOAUTH_WORKER $CONTACTS_PID" ;;
    nginx-auth*)   echo "$AUTH_WORKER $CONTACTS_PID $TOLLGATE_PID" ;;
    nginx-cookie)  echo "$COOKIE_WORKER $CONTACTS_PID $TOLLGATE_PID" ;;
    decisions*)    echo "$TOLLGATE_PID" ;;
    floor)         echo "$FLOOR_PID" ;;
  esac
}
# prints "rps p50 p99 non200 requests cpu_us_per_request"
wrk_run() { # row seconds
  local threads conns url headers="" expect='"Bench Contact"' pids t0 t1 result
  read -r threads conns url <<<"$(row_spec "$1")"
  local auth="Bearer $TOKEN"
  [[ $1 == decisions || $1 == floor ]] && { headers=$DECISION_HEADERS; expect=""; }
  [[ $1 == nginx-cookie ]] && { headers=$COOKIE_HEADERS; auth=""; }
  [[ $1 == decisions-cookie ]] && { headers=$COOKIE_DECISION_HEADERS; auth=""; expect=""; }
  read -ra pids <<<"$(row_pids "$1")"
  t0=$(ticks "${pids[@]}")
  BENCH_AUTH="$auth" BENCH_HEADERS="$headers" BENCH_EXPECT="$expect" \
    wrk -t"$threads" -c"$conns" -d"${2}s" --latency -s "$HERE/get.lua" "$url" >"$WORK/wrk.out" 2>&1 \
    || { cat "$WORK/wrk.out" >&2; die "wrk run $1 against $url failed (see above)"; }
  t1=$(ticks "${pids[@]}")
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || die "process $p died during $1"; done
  result=$(grep '^RESULT ' "$WORK/wrk.out") || { cat "$WORK/wrk.out" >&2; die "wrk printed no RESULT line"; }
  awk -v r="$result" -v ticks=$((t1 - t0)) -v hz="$CLK_TCK" 'BEGIN {
    n = split(r, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
    printf "%s %s %s %s %s %.1f\n", v["rps"], v["p50_ms"], v["p99_ms"], v["non200"], v["requests"], 1e6 * ticks / hz / v["requests"] }'
}

ROWS=(nginx-noauth nginx-auth decisions floor nginx-noauth-c1 nginx-auth-c1)
(( COOKIES )) && ROWS+=(nginx-cookie decisions-cookie)
log "warm-up: ${WARMUP}s per row"
for row in "${ROWS[@]}"; do wrk_run "$row" "$WARMUP" >/dev/null; done
: >"$WORK/runs"
for run in $(seq 1 "$RUNS"); do
  for row in "${ROWS[@]}"; do
    line=$(wrk_run "$row" "$DURATION")
    log "  round $run $row: $line"
    echo "$row $run $line" >>"$WORK/runs"
  done
done
LOAD_AFTER=$(uptime)

# --- Report -----------------------------------------------------------------------------------------
source "$HERE/report.sh"
