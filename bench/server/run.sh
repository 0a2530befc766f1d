#!/usr/bin/env bash
# Server benchmark: the token endpoint (RS256 JWT, ES256 JWT, opaque, ES256 JWT bound to a DPoP key with a
# fresh ES256 proof per request: token-dpop-es256) and introspection of opaque
# tokens, measured with wrk on loopback against a Release build of Tollgate and, side by side, the
# same requests against npm oidc-provider (bench/peers/oidc-provider) configured the same way, next
# to an HTTP floor (bench/server/floor: a minimal ASP.NET Core app answering the same small form POST),
# and a second Tollgate node on PostgreSQL (pg-* rows; BENCH_POSTGRES=0 leaves it out).
#
#   bench/server/run.sh [--quick]
#
# Full: 3 runs of 10 s per row (medians) after an unreported warm-up; quick: 1 run of 1 s, no
# warm-up. The runs of Tollgate and the peer alternate (run 1: Tollgate first, run 2: the peer first,
# ...) so a change in the machine's load hits both alike. Every run fails loudly when any answer is
# not 200 or a sampled body lacks its token (see common.lua); the script fails when the peer does
# not start. Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (seconds per
# run), BENCH_RUNS, BENCH_WARMUP (seconds), BENCH_POOL (opaque tokens to introspect, 1000),
# BENCH_SERVER_LOG_LEVEL (Warning), BENCH_PEERS (1; 0 skips oidc-provider), BENCH_RESULTS (a
# directory: every run is appended to server-runs.tsv there). Prints a markdown table; stops
# everything it started (trap EXIT).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH="$ROOT/bench/server"
PEER="$ROOT/bench/peers/oidc-provider"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if (( QUICK )); then DEFAULT_DURATION=1; DEFAULT_RUNS=1; DEFAULT_WARMUP=0; else DEFAULT_DURATION=10; DEFAULT_RUNS=3; DEFAULT_WARMUP=5; fi
DURATION=${BENCH_DURATION:-$DEFAULT_DURATION}
RUNS=${BENCH_RUNS:-$DEFAULT_RUNS}
WARMUP=${BENCH_WARMUP:-$DEFAULT_WARMUP}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
POOL=${BENCH_POOL:-1000}
LOG_LEVEL=${BENCH_SERVER_LOG_LEVEL:-Warning}
PEERS=${BENCH_PEERS:-1}
POSTGRES=${BENCH_POSTGRES:-1}   # a second Tollgate node on PostgreSQL, measured beside the SQLite one
RESULTS=${BENCH_RESULTS:-}
WORK=$(mktemp -d -t tollgate-bench.XXXXXX)
source "$ROOT/bench/lib.sh"
source "$BENCH/tollgate.sh"
trap 'stop_started; (( POSTGRES )) && "$ROOT/scripts/postgres.sh" stop "$WORK/pg"; rm -rf "$WORK"' EXIT

install_missing wrk jq curl
if [[ -z ${BENCH_NO_BUILD:-} ]]; then # run-all.sh builds once, before every step
  log "building src/Tollgate and bench/server/floor (Release)"
  dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/Tollgate failed"; }
  dotnet build "$BENCH/floor" -c Release --nologo -v q >"$WORK/build-floor.log" 2>&1 || { cat "$WORK/build-floor.log" >&2; die "build of the floor app failed"; }
fi
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"
FLOOR_DLL="$BENCH/floor/bin/Release/net10.0/floor.dll"
if (( PEERS )) && [[ ! -d "$PEER/node_modules/oidc-provider" ]]; then
  (cd "$PEER" && npm ci --no-audit --no-fund --silent) || die "npm ci in $PEER failed"
fi

# --- Rows: name -> "script url pid log" and the script's environment -------------------------------
declare -A SPEC ENVS PROOF_HTU
row() { SPEC[$1]="$2 $3 $4 $5"; ENVS[$1]=$6; }
# A DPoP row: every request needs an unused proof, so a fresh file is made before each run (dpop-proofs.mjs).
dpop_row() { # name url pid log auth
  PROOF_HTU[$1]=$2
  row "$1" "$BENCH/token.lua" "$2" "$3" "$4" \
    "BENCH_AUTH=$5"$'\n'"BENCH_BODY=$(body es256)"$'\n'"BENCH_DPOP_FILE=$WORK/proofs-$1"$'\n'"BENCH_THREADS=$THREADS"$'\nBENCH_EXPECT="token_type":"DPoP"'
}

FLOOR_PORT=$(free_port)
Logging__LogLevel__Default=Warning dotnet "$FLOOR_DLL" --urls "http://127.0.0.1:$FLOOR_PORT" >"$WORK/floor.log" 2>&1 &
FLOOR_PID=$!; started "$FLOOR_PID"
wait_ready "http://127.0.0.1:$FLOOR_PORT/" "$FLOOR_PID" "$WORK/floor.log"
row floor "$BENCH/floor.lua" "http://127.0.0.1:$FLOOR_PORT/oauth2/token" "$FLOOR_PID" "$WORK/floor.log" \
  $'BENCH_BODY=grant_type=client_credentials&audience=https%3A%2F%2Ffloor.bench\nBENCH_EXPECT="access_token"'

start_tollgate "$WORK/data" "$WORK/server.log"
configure_tollgate
# The same parameters for both servers: RFC 8707 resource and both scopes.
body() { echo "grant_type=client_credentials&resource=https%3A%2F%2F$1.bench&scope=read%3Acontacts%20write%3Acontacts"; }
log "issuing $POOL opaque tokens (Tollgate) to introspect"
issue_pool "$BASE/oauth2/token" "$CLIENT_AUTH" "$(body opaque)" "$POOL" "$WORK/tokens"
for name in rs256 es256 opaque; do
  row "token-$name" "$BENCH/token.lua" "$BASE/oauth2/token" "$SERVER_PID" "$WORK/server.log" \
    "BENCH_AUTH=$CLIENT_AUTH"$'\n'"BENCH_BODY=$(body $name)"$'\nBENCH_EXPECT="access_token":"'
done
row introspect-opaque "$BENCH/introspect.lua" "$BASE/oauth2/introspect" "$SERVER_PID" "$WORK/server.log" \
  "BENCH_AUTH=$INTROSPECTOR_AUTH"$'\n'"BENCH_TOKENS_FILE=$WORK/tokens"$'\nBENCH_EXPECT="active":true'
dpop_row token-dpop-es256 "$BASE/oauth2/token" "$SERVER_PID" "$WORK/server.log" "$CLIENT_AUTH"

if (( POSTGRES )); then
  SQLITE_BASE=$BASE; SQLITE_PID=$SERVER_PID; SQLITE_CLIENT_AUTH=$CLIENT_AUTH; SQLITE_INTROSPECTOR_AUTH=$INTROSPECTOR_AUTH
  log "starting PostgreSQL and a Tollgate node on it"
  pg_conn=$("$ROOT/scripts/postgres.sh" start "$WORK/pg")
  Tollgate__Storage__Provider=postgres Tollgate__Storage__ConnectionString="$(sed -E 's/Password=[^;]*;?//' <<<"$pg_conn")" \
    Tollgate__Storage__Password="$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$pg_conn")" start_tollgate "$WORK/data-pg" "$WORK/server-pg.log"
  configure_tollgate
  issue_pool "$BASE/oauth2/token" "$CLIENT_AUTH" "$(body opaque)" "$POOL" "$WORK/pg-tokens"
  for name in rs256 es256 opaque; do
    row "pg-token-$name" "$BENCH/token.lua" "$BASE/oauth2/token" "$SERVER_PID" "$WORK/server-pg.log" \
      "BENCH_AUTH=$CLIENT_AUTH"$'\n'"BENCH_BODY=$(body $name)"$'\nBENCH_EXPECT="access_token":"'
  done
  row pg-introspect-opaque "$BENCH/introspect.lua" "$BASE/oauth2/introspect" "$SERVER_PID" "$WORK/server-pg.log" \
    "BENCH_AUTH=$INTROSPECTOR_AUTH"$'\n'"BENCH_TOKENS_FILE=$WORK/pg-tokens"$'\nBENCH_EXPECT="active":true'
  dpop_row pg-token-dpop-es256 "$BASE/oauth2/token" "$SERVER_PID" "$WORK/server-pg.log" "$CLIENT_AUTH"
  BASE=$SQLITE_BASE; SERVER_PID=$SQLITE_PID; CLIENT_AUTH=$SQLITE_CLIENT_AUTH; INTROSPECTOR_AUTH=$SQLITE_INTROSPECTOR_AUTH
fi

if (( PEERS )); then
  PEER_PORT=$(free_port)
  PEER_BASE="http://127.0.0.1:$PEER_PORT"
  peer_secret=$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_'); introspector_secret=$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_')
  node "$PEER/server.mjs" "$PEER_PORT" "bench:$peer_secret" "bench-introspector:$introspector_secret" >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!; started "$PEER_PID"
  wait_ready "$PEER_BASE/.well-known/openid-configuration" "$PEER_PID" "$WORK/peer.log"
  PEER_AUTH="Basic $(printf 'bench:%s' "$peer_secret" | base64 -w0)"
  PEER_INTROSPECTOR_AUTH="Basic $(printf 'bench-introspector:%s' "$introspector_secret" | base64 -w0)"
  log "issuing $POOL opaque tokens (oidc-provider) to introspect"
  issue_pool "$PEER_BASE/token" "$PEER_AUTH" "$(body opaque)" "$POOL" "$WORK/peer-tokens"
  for name in rs256 es256 opaque; do
    row "oidc-provider-token-$name" "$BENCH/token.lua" "$PEER_BASE/token" "$PEER_PID" "$WORK/peer.log" \
      "BENCH_AUTH=$PEER_AUTH"$'\n'"BENCH_BODY=$(body $name)"$'\nBENCH_EXPECT="access_token":"'
  done
  row oidc-provider-introspect-opaque "$BENCH/introspect.lua" "$PEER_BASE/token/introspection" "$PEER_PID" "$WORK/peer.log" \
    "BENCH_AUTH=$PEER_INTROSPECTOR_AUTH"$'\n'"BENCH_TOKENS_FILE=$WORK/peer-tokens"$'\nBENCH_EXPECT="active":true'
fi

# --- Measuring: per group, warm-ups, then RUNS rounds in alternating order --------------------------
: >"$WORK/runs"
run_row() { # name seconds run-number (0 = warm-up)
  local script url pid plog line
  read -r script url pid plog <<<"${SPEC[$1]}"
  if [[ -n ${PROOF_HTU[$1]:-} ]]; then # enough unused proofs for a fast run, made just now (iat within the 60 s window)
    node "$BENCH/dpop-proofs.mjs" $(( $2 * 8000 + 2000 )) "${PROOF_HTU[$1]}" >"$WORK/proofs-$1" || die "dpop-proofs.mjs failed"
  fi
  line=$(wrk_run "$2" "$script" "$url" "$pid" "${ENVS[$1]}")
  check_alive "$pid" "$plog"
  if (( $3 > 0 )); then
    log "  $1 run $3: $line"
    echo "$1 $3 $line $(load1)" >>"$WORK/runs"
  fi
}
measure_group() { # names...
  local names=("$@") name run i
  log "measuring ${names[*]}: warm-up ${WARMUP}s each, then $RUNS x ${DURATION}s, alternating"
  if (( WARMUP > 0 )); then for name in "${names[@]}"; do run_row "$name" "$WARMUP" 0; done; fi
  for run in $(seq 1 "$RUNS"); do
    for i in "${!names[@]}"; do
      (( run % 2 )) && name=${names[$i]} || name=${names[$(( ${#names[@]} - 1 - i ))]}
      run_row "$name" "$DURATION" "$run"
    done
  done
}
peer() { (( PEERS )) && echo "oidc-provider-$1" || true; }
pg() { (( POSTGRES )) && echo "pg-$1" || true; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
measure_group floor
for name in token-rs256 token-es256 token-dpop-es256 token-opaque introspect-opaque; do
  # shellcheck disable=SC2046
  [[ $name == token-dpop-es256 ]] && { measure_group "$name" $(pg "$name"); continue; }   # no DPoP in the peer's configuration
  measure_group "$name" $(pg "$name") $(peer "$name")
done
if [[ -n $RESULTS ]]; then
  mkdir -p "$RESULTS"
  awk 'BEGIN {print "name\trun\trps\tp50_ms\tp99_ms\tnon200\trequests\tserver_cores\twrk_cores\tother_cores\tserver_us\twrk_us\tload1"} {$1 = $1; gsub(/ /, "\t"); print}' "$WORK/runs" >"$RESULTS/server-runs.tsv"
fi

# --- The table ---------------------------------------------------------------------------------------
# Medians per row: name rps p50 p99 server_cores wrk_cores other server_us wrk_us non200 requests min_rps max_rps
for name in floor token-rs256 $(pg token-rs256) $(peer token-rs256) token-es256 $(pg token-es256) $(peer token-es256) token-dpop-es256 $(pg token-dpop-es256) token-opaque $(pg token-opaque) $(peer token-opaque) \
    introspect-opaque $(pg introspect-opaque) $(peer introspect-opaque); do
  values=()
  for col in 3 4 5 8 9 10 11 12; do values+=("$(awk -v n="$name" -v c=$col '$1 == n {print $c}' "$WORK/runs" | median)"); done
  awk -v n="$name" -v v="${values[*]}" '$1 == n {s6 += $6; s7 += $7; if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3}
    END {print n, v, s6, s7, min, max}' "$WORK/runs"
done >"$WORK/rows"

DOTNET_VERSION=$(dotnet --version)
RUNTIME_VERSION=$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v = $2} END {print v}')
cat <<TABLE

## Tollgate server benchmark — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average before: $LOAD_BEFORE.
.NET SDK $DOTNET_VERSION, ASP.NET Core $RUNTIME_VERSION, Node $(node --version 2>/dev/null || echo -), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); wrk -t$THREADS -c$CONNECTIONS, $RUNS x ${DURATION}s per row (median, min–max), server log level $LOG_LEVEL.

| Endpoint | req/s | req/s min–max | p50 ms | p99 ms | non-200 (share) | % of floor | server CPU (cores) | server CPU µs/req | wrk CPU | others' CPU | idle estimate req/s |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
TABLE
FLOOR_RPS=$(awk '$1 == "floor" {print $2}' "$WORK/rows")
awk -v floor="$FLOOR_RPS" -v cores="$(nproc)" '{
    # $1 name, $2 rps, $3 p50, $4 p99, $5 server cores, $6 wrk cores, $7 others, $8 server µs, $9 wrk µs, $10 non200, $11 requests, $12 min, $13 max
    share = ($11 > 0) ? 100 * $10 / $11 : 0
    printf "| %s | %.0f | %.0f–%.0f | %.2f | %.2f | %d (%.2f%%) | %.0f%% | %.2f | %.0f | %.2f | %.2f | %.0f |\n", $1, $2, $12, $13, $3, $4, $10, share, 100 * $2 / floor, $5, $8, $6, $7, cores * 1e6 / ($8 + $9)
  }' "$WORK/rows"
echo
echo "server CPU / wrk CPU / others' CPU: cores busy during the measured runs (median), from /proc; $(nproc) cores in all."
echo "server CPU µs/req: the server's CPU time per answer (median of the runs), the figure least moved by other load on the machine."
echo "idle estimate: $(nproc) cores / (server + wrk CPU per request): what the row would reach with nothing else running; an estimate, not a measurement."
(( PEERS )) && echo "oidc-provider: one Node process (one core at most), tokens in memory; Tollgate: one .NET process, opaque tokens sealed, stored nowhere."
(( POSTGRES )) && echo "pg-*: a second Tollgate node on PostgreSQL (scripts/postgres.sh, loopback): the hot paths read memory, so its rows should match the SQLite ones."
if (( ! QUICK )) && [[ -z $RESULTS ]] && command -v openssl >/dev/null; then
  echo
  echo "Signing ceiling on one core (openssl speed, for comparison with server CPU µs/req):"
  echo
  echo '```'
  openssl speed -seconds 2 rsa2048 ecdsap256 2>/dev/null | grep -E '^(rsa 2048| 256 bits ecdsa)'
  echo '```'
fi
