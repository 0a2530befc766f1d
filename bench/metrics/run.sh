#!/usr/bin/env bash
# What metrics cost: the token endpoint (ES256 JWT) and GET /decisions (RS256 JWT, engine cache warm)
# against two Release Tollgate servers started the same way, one with metrics on (the default:
# both meters listened to by OpenTelemetry, /metrics scraped once a second during every run, as a
# busy Prometheus would) and one with Tollgate:Metrics:Enabled=false. The issue's budget: metrics
# on loses at most 3% of the requests per second.
#
#   bench/metrics/run.sh [--quick]
#
# Full: a warm-up, then 5 rounds of 10 s per row; quick: 1 round of 1 s. Within a round the on and
# off rows alternate (round 1: on first, round 2: off first, ...) so a change in the machine's load
# hits both alike. Every answer must be 200 (common.lua / get.lua fail the run otherwise).
# Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION, BENCH_RUNS, BENCH_WARMUP,
# BENCH_RESULTS (a directory: the runs go to metrics-runs.tsv there), BENCH_SCRAPE (1; 0: on, never scraped),
# BENCH_ROWS ("token-es256 decisions"), BENCH_NO_BUILD (set by
# bench/run-all.sh). Prints a markdown table; stops everything it started by pid (trap EXIT).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if (( QUICK )); then D_DURATION=1; D_RUNS=1; D_WARMUP=0; else D_DURATION=10; D_RUNS=5; D_WARMUP=3; fi
DURATION=${BENCH_DURATION:-$D_DURATION}
RUNS=${BENCH_RUNS:-$D_RUNS}
WARMUP=${BENCH_WARMUP:-$D_WARMUP}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LOG_LEVEL=Warning
RESULTS=${BENCH_RESULTS:-}
SCRAPE=${BENCH_SCRAPE:-1}   # 0: metrics on but never scraped during the runs
ROWS=(${BENCH_ROWS:-token-es256 decisions})
WORK=$(mktemp -d -t tollgate-metrics-bench.XXXXXX)
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/server/tollgate.sh"
trap 'stop_started; rm -rf "$WORK"' EXIT

install_missing wrk jq curl
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  log "building src/Tollgate (Release)"
  dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/Tollgate failed"; }
fi
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"
body="grant_type=client_credentials&resource=https%3A%2F%2Fes256.bench&scope=read%3Acontacts%20write%3Acontacts"
rules='{"rules":[{"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]}]}'

# One server per mode; each gets the same APIs, client and route rules (bench/server/tollgate.sh).
declare -A BASE_OF PID_OF LOG_OF AUTH_OF TOKEN_OF ADMIN_OF
for mode in on off; do
  extra=()
  [[ $mode == off ]] && extra=(--Tollgate:Metrics:Enabled=false)
  port=$(free_port); BASE="http://127.0.0.1:$port"
  Logging__LogLevel__Default=$LOG_LEVEL dotnet "$TOLLGATE_DLL" serve --urls "$BASE" --Tollgate:DataDirectory="$WORK/data-$mode" \
    --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" "${extra[@]}" >"$WORK/server-$mode.log" 2>&1 &
  SERVER_PID=$!; started "$SERVER_PID"
  wait_ready "$BASE/health/ready" "$SERVER_PID" "$WORK/server-$mode.log" 120
  configure_tollgate
  admin=$(admin_token)
  curl -sf -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$rules" \
    "$BASE/admin/apis/https%3A%2F%2Frs256.bench/routes" >/dev/null || die "PUT routes ($mode) failed"
  token=$(curl -sf -H "Authorization: $CLIENT_AUTH" -d "grant_type=client_credentials&resource=https%3A%2F%2Frs256.bench" "$BASE/oauth2/token" | jq -r .access_token)
  BASE_OF[$mode]=$BASE; PID_OF[$mode]=$SERVER_PID; LOG_OF[$mode]="$WORK/server-$mode.log"; AUTH_OF[$mode]=$CLIENT_AUTH; TOKEN_OF[$mode]=$token; ADMIN_OF[$mode]=$admin
done
scrape_status() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${ADMIN_OF[$1]}" "${BASE_OF[$1]}/metrics"; }
[[ $(scrape_status on) == 200 ]] || die "the metrics-on server does not serve /metrics"
[[ $(scrape_status off) == 404 ]] || die "the metrics-off server still serves /metrics"

decision_headers="X-Tollgate-Audience: https://rs256.bench|X-Original-Method: GET|X-Original-URI: /contacts/1"
run_row() { # row mode seconds round (0 = warm-up)
  local mode=$2 line scraper=""
  if [[ $mode == on && $SCRAPE == 1 ]]; then # scraped once a second while measured, as Prometheus would (a busy one)
    ( while sleep 1; do curl -s -o /dev/null -H "Authorization: Bearer ${ADMIN_OF[on]}" "${BASE_OF[on]}/metrics"; done ) &
    scraper=$!
  fi
  case $1 in
    token-es256) line=$(wrk_run "$3" "$ROOT/bench/server/token.lua" "${BASE_OF[$mode]}/oauth2/token" "${PID_OF[$mode]}" \
      "BENCH_AUTH=${AUTH_OF[$mode]}"$'\n'"BENCH_BODY=$body"$'\nBENCH_EXPECT="access_token":"') ;;
    decisions) line=$(wrk_run "$3" "$ROOT/bench/gateway/get.lua" "${BASE_OF[$mode]}/decisions" "${PID_OF[$mode]}" \
      "BENCH_AUTH=Bearer ${TOKEN_OF[$mode]}"$'\n'"BENCH_HEADERS=$decision_headers") ;;
  esac
  [[ -n $scraper ]] && { kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; }
  check_alive "${PID_OF[$mode]}" "${LOG_OF[$mode]}"
  if (( $4 > 0 )); then
    log "  $1 metrics-$mode run $4: $line"
    echo "$1 $mode $4 $line $(load1)" >>"$WORK/runs"
  fi
}
: >"$WORK/runs"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for row in "${ROWS[@]}"; do
  log "measuring $row: warm-up ${WARMUP}s each, then $RUNS x ${DURATION}s, on and off alternating"
  if (( WARMUP > 0 )); then run_row "$row" on "$WARMUP" 0; run_row "$row" off "$WARMUP" 0; fi
  for run in $(seq 1 "$RUNS"); do
    if (( run % 2 )); then order=(on off); else order=(off on); fi
    for mode in "${order[@]}"; do run_row "$row" "$mode" "$DURATION" "$run"; done
  done
done
if [[ -n $RESULTS ]]; then
  mkdir -p "$RESULTS"
  awk 'BEGIN {print "row\tmetrics\trun\trps\tp50_ms\tp99_ms\tnon200\trequests\tserver_cores\twrk_cores\tother_cores\tserver_us\twrk_us\tload1"} {$1 = $1; gsub(/ /, "\t"); print}' "$WORK/runs" >"$RESULTS/metrics-runs.tsv"
fi

# Columns of runs: row mode run rps p50 p99 non200 requests server_cores wrk_cores other server_us wrk_us load1
med() { awk -v r="$1" -v m="$2" -v c="$3" '$1 == r && $2 == m {print $c}' "$WORK/runs" | median; }
cat <<TABLE

## Metrics on vs off — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); load average before: $LOAD_BEFORE.
.NET SDK $(dotnet --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); wrk -t$THREADS -c$CONNECTIONS, $RUNS x ${DURATION}s per row, on and off alternating (medians). "on": the default$( (( SCRAPE )) && echo ", scraped once a second during the runs" || echo ", not scraped").

| Row | req/s on | req/s off | on / off | server CPU µs/req on | off | on / off | p50 ms on | off |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
TABLE
for row in "${ROWS[@]}"; do
  awk -v row="$row" -v ron="$(med "$row" on 4)" -v roff="$(med "$row" off 4)" -v uon="$(med "$row" on 12)" -v uoff="$(med "$row" off 12)" \
      -v pon="$(med "$row" on 5)" -v poff="$(med "$row" off 5)" 'BEGIN {
    printf "| %s | %.0f | %.0f | %.3f | %.1f | %.1f | %.3f | %.2f | %.2f |\n", row, ron, roff, ron / roff, uon, uoff, uon / uoff, pon, poff }'
done
echo
echo "on / off req/s below 0.97 breaks the 3% budget; CPU µs per request is the figure least moved by other load on the machine."
