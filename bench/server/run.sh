#!/usr/bin/env bash
# Tollgate server benchmark: token endpoint (RS256 JWT, ES256 JWT, opaque) and introspection of
# opaque tokens, measured with wrk against a Release build on loopback, next to an HTTP floor
# (bench/server/floor: a minimal ASP.NET Core app answering the same small form POST).
#
#   bench/server/run.sh [--quick]
#
# Full: 3 runs of 10 s per endpoint (medians reported), quick: 1 run of 3 s. Each endpoint gets an
# unreported warm-up run first. Every run fails loudly when any answer is not 200 or a sampled body
# lacks its token (see common.lua). Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64),
# BENCH_DURATION (seconds per run), BENCH_RUNS, BENCH_POOL (opaque tokens to introspect, 1000),
# BENCH_SERVER_LOG_LEVEL (Warning). Prints a markdown table; stops everything it started (trap EXIT).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH="$ROOT/bench/server"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if (( QUICK )); then DEFAULT_DURATION=3; DEFAULT_RUNS=1; WARMUP=2; else DEFAULT_DURATION=10; DEFAULT_RUNS=3; WARMUP=5; fi
DURATION=${BENCH_DURATION:-$DEFAULT_DURATION}
RUNS=${BENCH_RUNS:-$DEFAULT_RUNS}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
POOL=${BENCH_POOL:-1000}
LOG_LEVEL=${BENCH_SERVER_LOG_LEVEL:-Warning}
ROOT_SECRET="bench-root-secret-0123456789"
WORK=$(mktemp -d -t tollgate-bench.XXXXXX)
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

# --- Tools -----------------------------------------------------------------------------------------
install_missing() {
  local missing=()
  local tool
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  (( ${#missing[@]} == 0 )) && return
  log "installing ${missing[*]} (apt-get)"
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
}
install_missing wrk jq curl

log "building src/Tollgate and bench/server/floor (Release)"
dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/Tollgate failed"; }
dotnet build "$BENCH/floor" -c Release --nologo -v q >"$WORK/build-floor.log" 2>&1 || { cat "$WORK/build-floor.log" >&2; die "build of the floor app failed"; }
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"
FLOOR_DLL="$BENCH/floor/bin/Release/net10.0/floor.dll"

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port"
}

wait_ready() { # url pid log
  local i
  for i in $(seq 1 300); do
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; die "process $2 exited before $1 was ready"; }
    curl -sf -o /dev/null "$1" && return
    sleep 0.1
  done
  die "$1 not ready after 30 s"
}

# Fails the benchmark, with the end of the process's log and its exit code, if it has died.
check_alive() { # pid log
  kill -0 "$1" 2>/dev/null && return
  local rc=0
  wait "$1" || rc=$?
  tail -40 "$2" >&2
  die "process $1 exited with code $rc during the benchmark (137 = killed by SIGKILL, 143 = SIGTERM); its log's end is above"
}

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# CPU ticks (user+system) used so far by a process, and by the whole machine.
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # 0 once gone: check_alive reports it
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK)

# --- One wrk run: prints "rps p50 p99 non200 requests server_cores wrk_cores other_cores server_us wrk_us" ---
wrk_run() { # seconds script url server_pid
  local seconds=$1 script=$2 url=$3 pid=$4 out="$WORK/wrk.out" t0 t1 m0 m1 wrk_cpu
  t0=$(proc_ticks "$pid"); m0=$(machine_busy_ticks)
  local TIMEFORMAT='%U %S'
  { time wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$script" "$url" >"$out" 2>&1; } 2>"$WORK/wrk.time" \
    || { cat "$out" >&2; die "wrk run against $url failed (see above)"; }
  t1=$(proc_ticks "$pid"); m1=$(machine_busy_ticks)
  wrk_cpu=$(awk '{print $1 + $2}' "$WORK/wrk.time")
  local result
  result=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "wrk printed no RESULT line"; }
  awk -v r="$result" -v s="$seconds" -v srv=$((t1 - t0)) -v all=$((m1 - m0)) -v w="$wrk_cpu" -v hz="$CLK_TCK" 'BEGIN {
    n = split(r, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
    server = srv / hz / s; wrkc = w / s; other = all / hz / s - server - wrkc; if (other < 0) other = 0
    printf "%s %s %s %s %s %.2f %.2f %.2f %.1f %.1f\n", v["rps"], v["p50_ms"], v["p99_ms"], v["non200"], v["requests"], server, wrkc, other,
      1e6 * server / v["rps"], 1e6 * wrkc / v["rps"] }'
}

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# measure NAME SCRIPT URL PID: warm-up, RUNS runs; appends a row of medians to $WORK/rows.
measure() {
  local name=$1 script=$2 url=$3 pid=$4 run line
  local process_log="$WORK/server.log"
  [[ $name == floor ]] && process_log="$WORK/floor.log"
  log "measuring $name: warm-up ${WARMUP}s, then $RUNS x ${DURATION}s"
  wrk_run "$WARMUP" "$script" "$url" "$pid" >/dev/null
  check_alive "$pid" "$process_log"
  : >"$WORK/runs"
  for run in $(seq 1 "$RUNS"); do
    line=$(wrk_run "$DURATION" "$script" "$url" "$pid")
    check_alive "$pid" "$process_log"
    log "  run $run: $line"
    echo "$line" >>"$WORK/runs"
  done
  local col values=()
  for col in 1 2 3 6 7 8 9 10; do values+=("$(awk -v c=$col '{print $c}' "$WORK/runs" | median)"); done
  local non200 requests
  non200=$(awk '{s += $4} END {print s}' "$WORK/runs")
  requests=$(awk '{s += $5} END {print s}' "$WORK/runs")
  echo "$name ${values[*]} $non200 $requests" >>"$WORK/rows"
}

# --- The floor --------------------------------------------------------------------------------------
FLOOR_PORT=$(free_port)
Logging__LogLevel__Default=Warning dotnet "$FLOOR_DLL" --urls "http://127.0.0.1:$FLOOR_PORT" >"$WORK/floor.log" 2>&1 &
FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$FLOOR_PORT/" && break; sleep 0.1; done
: >"$WORK/rows"
BENCH_BODY="grant_type=client_credentials&audience=https%3A%2F%2Ffloor.bench" BENCH_EXPECT='"access_token"' BENCH_AUTH="" \
  measure "floor" "$BENCH/floor.lua" "http://127.0.0.1:$FLOOR_PORT/oauth2/token" "$FLOOR_PID"
stop "$FLOOR_PID"

# --- The server and its configuration -------------------------------------------------------------
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
Logging__LogLevel__Default=$LOG_LEVEL dotnet "$TOLLGATE_DLL" serve --urls "$BASE" \
  --Tollgate:DataDirectory="$WORK/data" --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
wait_ready "$BASE/health/ready" "$SERVER_PID" "$WORK/server.log"

ADMIN=$(curl -sf -u "tollgate-root:$ROOT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | jq -r .access_token)
admin_post() { curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
for spec in rs256:jwt:RS256 es256:jwt:ES256 opaque:opaque:RS256; do
  IFS=: read -r name format alg <<<"$spec"
  admin_post /admin/apis "{\"identifier\":\"https://$name.bench\",\"name\":\"$name\",\"scopes\":[{\"value\":\"read:contacts\"},{\"value\":\"write:contacts\"}],\"token_format\":\"$format\",\"signing_alg\":\"$alg\",\"access_token_lifetime\":3600}" >/dev/null
done
CLIENT=$(admin_post /admin/clients '{"client_name":"bench","token_endpoint_auth_method":"client_secret_basic"}')
CLIENT_ID=$(jq -r .client_id <<<"$CLIENT"); CLIENT_SECRET=$(jq -r .client_secret <<<"$CLIENT")
for name in rs256 es256 opaque; do
  admin_post /admin/grants "{\"client_id\":\"$CLIENT_ID\",\"audience\":\"https://$name.bench\",\"scope\":[\"read:contacts\",\"write:contacts\"]}" >/dev/null
done
INTROSPECTOR=$(admin_post /admin/clients '{"client_name":"bench-introspector","token_endpoint_auth_method":"client_secret_basic","allow_introspection":true}')
# Generated ids and secrets are URL-safe, so Basic needs no form-encoding here.
CLIENT_AUTH="Basic $(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
INTROSPECTOR_AUTH="Basic $(printf '%s:%s' "$(jq -r .client_id <<<"$INTROSPECTOR")" "$(jq -r .client_secret <<<"$INTROSPECTOR")" | base64 -w0)"

log "issuing $POOL opaque tokens to introspect"
for i in $(seq 1 "$POOL"); do
  (( i > 1 )) && echo next
  printf 'url = "%s/oauth2/token"\nheader = "Authorization: %s"\ndata = "grant_type=client_credentials&audience=https%%3A%%2F%%2Fopaque.bench"\nwrite-out = "\\n"\n' "$BASE" "$CLIENT_AUTH"
done >"$WORK/pool.curl"
curl -s -K "$WORK/pool.curl" | jq -r 'select(.access_token) | .access_token' >"$WORK/tokens"
[[ $(wc -l <"$WORK/tokens") -eq $POOL ]] || die "expected $POOL pool tokens, got $(wc -l <"$WORK/tokens")"

for name in rs256 es256 opaque; do
  BENCH_AUTH="$CLIENT_AUTH" BENCH_BODY="grant_type=client_credentials&audience=https%3A%2F%2F$name.bench" BENCH_EXPECT='"access_token":"' \
    measure "token-$name" "$BENCH/token.lua" "$BASE/oauth2/token" "$SERVER_PID"
done
BENCH_AUTH="$INTROSPECTOR_AUTH" BENCH_TOKENS_FILE="$WORK/tokens" BENCH_EXPECT='"active":true' \
  measure "introspect-opaque" "$BENCH/introspect.lua" "$BASE/oauth2/introspect" "$SERVER_PID"

# --- The table --------------------------------------------------------------------------------------
DOTNET_VERSION=$(dotnet --version)
RUNTIME_VERSION=$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v = $2} END {print v}')
cat <<EOF

## Tollgate server benchmark — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg).
.NET SDK $DOTNET_VERSION, ASP.NET Core $RUNTIME_VERSION, $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); wrk -t$THREADS -c$CONNECTIONS, $RUNS x ${DURATION}s per row (median), server log level $LOG_LEVEL.

| Endpoint | req/s | p50 ms | p99 ms | non-200 (share) | % of floor | server CPU (cores) | server CPU µs/req | wrk CPU | others' CPU | idle estimate req/s | target |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
EOF
FLOOR_RPS=$(awk '$1 == "floor" {print $2}' "$WORK/rows")
awk -v floor="$FLOOR_RPS" -v cores="$(nproc)" '
  BEGIN { t["token-rs256"] = 2400; t["token-es256"] = 10000; t["token-opaque"] = 8000; t["introspect-opaque"] = 20000 }
  {
    target = ($1 in t) ? sprintf("≥ %d: %s", t[$1], ($2 >= t[$1]) ? "met" : "**missed**") : "—"
    # $1 name, $2 rps, $3 p50, $4 p99, $5 server cores, $6 wrk cores, $7 others, $8 server µs/req, $9 wrk µs/req, $10 non200, $11 requests
    share = ($11 > 0) ? 100 * $10 / $11 : 0
    idle = cores * 1e6 / ($8 + $9)
    printf "| %s | %.0f | %.2f | %.2f | %d (%.2f%%) | %.0f%% | %.2f | %.0f | %.2f | %.2f | %.0f | %s |\n", $1, $2, $3, $4, $10, share, 100 * $2 / floor, $5, $8, $6, $7, idle, target
  }' "$WORK/rows"
echo
echo "server CPU / wrk CPU / others' CPU: cores busy during the measured runs (median), from /proc; $(nproc) cores in all."
echo "server CPU µs/req: the server's CPU time per answer (median of the runs), the figure least moved by other load on the machine."
echo "idle estimate: $(nproc) cores / (server + wrk CPU per request): what the row would reach with nothing else running; an estimate, not a measurement."
if (( ! QUICK )) && command -v openssl >/dev/null; then
  echo
  echo "Signing ceiling on one core (openssl speed, for comparison with server CPU µs/req):"
  echo
  echo '```'
  openssl speed -seconds 2 rsa2048 ecdsap256 2>/dev/null | grep -E '^(rsa 2048| 256 bits ecdsa)'
  echo '```'
fi
