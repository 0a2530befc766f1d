#!/usr/bin/env bash
# .NET packages benchmark: the per-request cost of protecting an ASP.NET Core API in-process, and
# the Tollgate.Client handler's overhead per outgoing call.
#
#   bench/dotnet/run.sh [--quick]
#
# One run, loopback, Release builds, a real `tollgate serve` (RS256 API, route rules, a caller and
# the API's own allow_introspection client). dotnet-bench api (DotnetBench/ApiHost.cs), one process
# per mode, GET /contacts/1 under wrk (bench/gateway/get.lua):
#   none                          no authentication (the floor); the token is sent and ignored
#   tollgate-{unique,repeated}    Tollgate.AspNetCore, revocation feed on, RequireScope("read:contacts")
#   rules-{unique,repeated}       Tollgate.AspNetCore with the server's route rules, no attribute
#   jwtbearer-{unique,repeated}   Microsoft.AspNetCore.Authentication.JwtBearer (8.0.34) with the same checks
# unique: each request the next token of a pool of BENCH_TOKENS (20,000; larger than Tollgate's
# 10,000-entry decision cache, so every request verifies a signature); repeated: one token.
# Rows interleaved within each round; RUNS rounds; medians, and ratios taken within each round.
# CPU per request is the API process's utime+stime (/proc/PID/stat) over its requests. Then
# `dotnet-bench client`: Tollgate.Client's handler with a warm cache, over loopback and in memory.
# Full: 3 rounds of 8 s per row after a 3 s warm-up (~4 min); quick: 1 round of 1 s, 300 tokens.
# Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION, BENCH_RUNS, BENCH_TOKENS,
# BENCH_RESULTS (a directory for the raw rounds). Stops everything it started by pid.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/dotnet"
QUICK=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    *) echo "run.sh: unknown argument '$arg' (expected --quick)" >&2; exit 2 ;;
  esac
done
if (( QUICK )); then D_DURATION=1; D_RUNS=1; WARMUP=0; D_TOKENS=300; C_SECONDS=0.5; C_RUNS=1
else D_DURATION=8; D_RUNS=3; WARMUP=3; D_TOKENS=20000; C_SECONDS=3; C_RUNS=5; fi
DURATION=${BENCH_DURATION:-$D_DURATION}
RUNS=${BENCH_RUNS:-$D_RUNS}
TOKENS=${BENCH_TOKENS:-$D_TOKENS}
export THREADS=${BENCH_THREADS:-2} CONNECTIONS=${BENCH_CONNECTIONS:-64}
ROOT_SECRET="dotnet-bench-root-secret-0123456789"
API=https://contacts.example
WORK=$(mktemp -d -t tollgate-dotnet-bench.XXXXXX)
source "$ROOT/bench/lib.sh"
trap 'stop_started; rm -rf "$WORK"' EXIT

install_missing wrk jq curl
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -z ${BENCH_NO_BUILD:-} ]] || [[ ! -f "$HERE/DotnetBench/bin/Release/net10.0/dotnet-bench.dll" ]]; then
  log "building src/Tollgate and bench/dotnet/DotnetBench (Release)"
  for project in src/Tollgate bench/dotnet/DotnetBench; do
    dotnet build "$ROOT/$project" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of $project failed"; }
  done
fi
BENCH="$HERE/DotnetBench/bin/Release/net10.0/dotnet-bench.dll"

# --- Tollgate and its set-up through the admin API ------------------------------------------------
T=http://127.0.0.1:$(free_port)
Logging__LogLevel__Default=Warning dotnet "$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll" serve --urls "$T" \
  --Tollgate:DataDirectory="$WORK/data" --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" >"$WORK/tollgate.log" 2>&1 &
TOLLGATE_PID=$!; started "$TOLLGATE_PID"
wait_ready "$T/health/ready" "$TOLLGATE_PID" "$WORK/tollgate.log" 60
ADMIN=$(curl -sf -u "tollgate-root:$ROOT_SECRET" -d grant_type=client_credentials "$T/oauth2/token" | jq -r .access_token)
adm() { curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$@"; }
adm "$T/admin/apis" -d '{"identifier":"'$API'","scopes":[{"value":"read:contacts"},{"value":"write:contacts"}],"signing_alg":"RS256"}' >/dev/null
adm -X PUT "$T/admin/apis/https%3A%2F%2Fcontacts.example/routes" -d '{"rules":[
  {"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]},{"route":"POST /contacts","scopes":["write:contacts"]}]}' >/dev/null
CALLER=$(adm "$T/admin/clients" -d '{"client_name":"bench caller"}')
CALLER_ID=$(jq -r .client_id <<<"$CALLER"); CALLER_SECRET=$(jq -r .client_secret <<<"$CALLER")
adm "$T/admin/grants" -d '{"client_id":"'"$CALLER_ID"'","audience":"'$API'","scope":["read:contacts"]}' >/dev/null
APIC=$(adm "$T/admin/clients" -d '{"client_name":"bench api","allow_introspection":true}')
API_ID=$(jq -r .client_id <<<"$APIC"); API_SECRET=$(jq -r .client_secret <<<"$APIC")

log "minting $TOKENS unique tokens"
dotnet "$BENCH" mint --token-endpoint "$T/oauth2/token" --client-id "$CALLER_ID" --client-secret "$CALLER_SECRET" \
  --audience "$API" --count "$TOKENS" --out "$WORK/tokens.txt" || die "minting tokens failed"
TOKEN=$(head -1 "$WORK/tokens.txt")
[ "$(cut -d. -f1 <<<"$TOKEN" | base64 -d 2>/dev/null | jq -r .alg)" = RS256 ] || die "expected an RS256 JWT"

# --- The API, one process per mode -----------------------------------------------------------------
declare -A PID URL
for mode in none tollgate tollgate-rules jwtbearer; do
  port=$(free_port)
  dotnet "$BENCH" api --mode "$mode" --authority "$T" --audience "$API" --client-id "$API_ID" --client-secret "$API_SECRET" \
    --urls "http://127.0.0.1:$port" >"$WORK/api-$mode.log" 2>&1 &
  PID[$mode]=$!; URL[$mode]="http://127.0.0.1:$port"; started "${PID[$mode]}"
done
for mode in "${!PID[@]}"; do wait_ready "${URL[$mode]}/health" "${PID[$mode]}" "$WORK/api-$mode.log" 60; done
for mode in "${!PID[@]}"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${URL[$mode]}/contacts/1")" = 200 ] || die "$mode: GET /contacts/1 with a token is not 200"
  [[ $mode == none ]] && continue
  [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL[$mode]}/contacts/1")" = 401 ] || die "$mode let a request without a token through"
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${TOKEN%?}x" "${URL[$mode]}/contacts/1")" = 401 ] || die "$mode accepted a token with a broken signature"
done

# row -> mode and token source
row_mode() { case $1 in none) echo none ;; tollgate-*) echo tollgate ;; rules-*) echo tollgate-rules ;; jwtbearer-*) echo jwtbearer ;; esac; }
row_env() { case $1 in *-unique) printf 'BENCH_TOKENS_FILE=%s\nBENCH_EXPECT="Bench Contact"\n' "$WORK/tokens.txt" ;; *) printf 'BENCH_AUTH=Bearer %s\nBENCH_EXPECT="Bench Contact"\n' "$TOKEN" ;; esac; }
ROWS=(none tollgate-unique tollgate-repeated rules-unique rules-repeated jwtbearer-unique jwtbearer-repeated)
run_row() { # row seconds
  local mode; mode=$(row_mode "$1")
  wrk_run "$2" "$ROOT/bench/gateway/get.lua" "${URL[$mode]}/contacts/1" "${PID[$mode]}" "$(row_env "$1")"
  check_alive "${PID[$mode]}" "$WORK/api-$mode.log"
}
if (( WARMUP > 0 )); then
  log "warm-up: ${WARMUP}s per row"
  for row in "${ROWS[@]}"; do run_row "$row" "$WARMUP" >/dev/null; done
fi
RUNS_FILE="$WORK/runs.tsv"; : >"$RUNS_FILE"
for run in $(seq 1 "$RUNS"); do
  for row in "${ROWS[@]}"; do
    line=$(run_row "$row" "$DURATION")
    log "  round $run $row: $line"
    echo "$row $run $line" >>"$RUNS_FILE"
  done
done

log "client handler overhead"
dotnet "$BENCH" client --authority "$T" --client-id "$CALLER_ID" --client-secret "$CALLER_SECRET" --audience "$API" \
  --seconds "$C_SECONDS" --runs "$C_RUNS" >"$WORK/client.out" || { cat "$WORK/client.out" >&2; die "client benchmark failed"; }
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -n ${BENCH_RESULTS:-} ]]; then mkdir -p "$BENCH_RESULTS/dotnet"; cp "$RUNS_FILE" "$WORK/client.out" "$BENCH_RESULTS/dotnet/"; fi

# --- Report ------------------------------------------------------------------------------------------
# runs.tsv: row run rps p50 p99 non200 requests server_cores wrk_cores other_cores server_us wrk_us
col() { awk -v r="$1" -v c="$2" '$1 == r {print $c}' "$RUNS_FILE" | median; }
# Within each round: ratio (or difference) of a column between two rows; then the median.
per_round() { # row other column op
  awk -v a="$1" -v b="$2" -v c="$3" -v op="$4" '$1 == a {x[$2] = $c} $1 == b {y[$2] = $c}
    END {for (r in x) if (r in y) print (op == "ratio" ? x[r] / y[r] : x[r] - y[r])}' "$RUNS_FILE" | median
}
echo "#### .NET packages benchmark — $(date -u +%Y-%m-%dT%H:%MZ)$( (( QUICK )) && echo ' (quick: figures not comparable)')"
echo
echo "$(nproc) cores, load $LOAD_BEFORE before, $LOAD_AFTER after; wrk -t$THREADS -c$CONNECTIONS, $RUNS round(s) of ${DURATION}s per row,"
echo "rows interleaved; $TOKENS unique RS256 tokens; medians; ratios and differences taken within each round."
echo "CPU µs/request: the API process's utime+stime over its requests (/proc/PID/stat)."
echo
echo "| row | requests/s | p50 ms | p99 ms | CPU µs/request | CPU over none (µs) | CPU ×none | requests/s ×none | CPU ×JwtBearer (same tokens) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for row in "${ROWS[@]}"; do
  vs_jwt="—"
  case $row in
    tollgate-*|rules-*) vs_jwt=$(printf '%.2f' "$(per_round "$row" "jwtbearer-${row#*-}" 11 ratio)") ;;
  esac
  if [[ $row == none ]]; then over="—"; cpu_x="1.00"; rps_x="1.00"
  else over=$(printf '%.1f' "$(per_round "$row" none 11 diff)"); cpu_x=$(printf '%.2f' "$(per_round "$row" none 11 ratio)"); rps_x=$(printf '%.2f' "$(per_round "$row" none 3 ratio)"); fi
  printf '| %s | %.0f | %.2f | %.2f | %.1f | %s | %s | %s | %s |\n' "$row" "$(col "$row" 3)" "$(col "$row" 4)" "$(col "$row" 5)" "$(col "$row" 11)" "$over" "$cpu_x" "$rps_x" "$vs_jwt"
done
echo
echo "Tollgate.Client's handler, warm cache, one call in flight, $C_RUNS round(s) of ${C_SECONDS}s per row, medians"
echo "(CPU: this whole process, both ends of the loopback):"
echo
grep '^|' "$WORK/client.out"
