#!/usr/bin/env bash
# Native AOT `tollgate serve` against the JIT builds, in one run (docs/native.md):
#   - start to /health/ready on an empty data directory and RSS at idle (startup.py, the builds alternating);
#   - the token endpoint (ES256, RS256, opaque) and introspection of opaque tokens with wrk, the builds
#     alternating within each round (bench/server/common.lua: every answer must be 200), and RSS after the load.
# Builds: native (scripts/publish.sh --native), r2r (scripts/publish.sh linux-x64: ReadyToRun single file, the
# documented self-contained executable) and jit (dotnet tollgate.dll, Release).
#
#   bench/native/run.sh [--quick]      NATIVE_EXE, R2R_EXE: existing executables to reuse (else published here)
#
# Full: 10 start-ups per build, warm-up, then 3 rounds of 10 s per row; quick: 3 start-ups, 1 round of 2 s.
# Environment: BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION, BENCH_RUNS, BENCH_POOL (1000).
# Prints a markdown table; stops everything it started by pid.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if (( QUICK )); then D_STARTS=3; D_DURATION=2; D_RUNS=1; WARMUP=0; else D_STARTS=10; D_DURATION=10; D_RUNS=3; WARMUP=3; fi
STARTS=${BENCH_STARTS:-$D_STARTS}
DURATION=${BENCH_DURATION:-$D_DURATION}
RUNS=${BENCH_RUNS:-$D_RUNS}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
POOL=${BENCH_POOL:-1000}
LOG_LEVEL=Warning
WORK=$(mktemp -d -t tollgate-native-bench.XXXXXX)
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/server/tollgate.sh"
trap 'stop_started; rm -rf "$WORK"' EXIT
install_missing wrk jq curl python3

rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
log "building: Release tollgate.dll$([[ -z ${R2R_EXE:-} ]] && echo ', the ReadyToRun executable')$([[ -z ${NATIVE_EXE:-} ]] && echo ', the native executable') (a few minutes)"
dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build failed"; }
[[ -n ${R2R_EXE:-} ]] || { "$ROOT/scripts/publish.sh" "$rid" >"$WORK/r2r.log" 2>&1 || { cat "$WORK/r2r.log" >&2; die "ReadyToRun publish failed"; }; R2R_EXE="$ROOT/out/publish/$rid/tollgate"; }
[[ -n ${NATIVE_EXE:-} ]] || { "$ROOT/scripts/publish.sh" --native >"$WORK/native.log" 2>&1 || { cat "$WORK/native.log" >&2; die "native publish failed"; }; NATIVE_EXE="$ROOT/out/publish/$rid-native/tollgate"; }
declare -A CMD=([native]="$NATIVE_EXE" [r2r]="$R2R_EXE" [jit]="dotnet $ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll")
BUILDS=(native r2r jit)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "start-up: $STARTS per build, alternating"
python3 "$ROOT/bench/native/startup.py" "$STARTS" "native=${CMD[native]}" "r2r=${CMD[r2r]}" "jit=${CMD[jit]}" >"$WORK/startup.jsonl"

declare -A BASE_OF PID_OF AUTH_OF INTRO_OF
for b in "${BUILDS[@]}"; do
  port=$(free_port); BASE="http://127.0.0.1:$port"
  # shellcheck disable=SC2086
  Logging__LogLevel__Default=$LOG_LEVEL ${CMD[$b]} serve --urls "$BASE" --Tollgate:DataDirectory="$WORK/data-$b" \
    --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" >"$WORK/server-$b.log" 2>&1 &
  SERVER_PID=$!; started "$SERVER_PID"
  wait_ready "$BASE/health/ready" "$SERVER_PID" "$WORK/server-$b.log" 120
  configure_tollgate
  issue_pool "$BASE/oauth2/token" "$CLIENT_AUTH" "grant_type=client_credentials&resource=https%3A%2F%2Fopaque.bench" "$POOL" "$WORK/tokens-$b"
  BASE_OF[$b]=$BASE; PID_OF[$b]=$SERVER_PID; AUTH_OF[$b]=$CLIENT_AUTH; INTRO_OF[$b]=$INTROSPECTOR_AUTH
done

: >"$WORK/runs"
run_row() { # row build seconds round
  local line
  case $1 in
    introspect) line=$(wrk_run "$3" "$ROOT/bench/server/introspect.lua" "${BASE_OF[$2]}/oauth2/introspect" "${PID_OF[$2]}" \
      "BENCH_AUTH=${INTRO_OF[$2]}"$'\n'"BENCH_TOKENS_FILE=$WORK/tokens-$2"$'\nBENCH_EXPECT="active":true') ;;
    *) line=$(wrk_run "$3" "$ROOT/bench/server/token.lua" "${BASE_OF[$2]}/oauth2/token" "${PID_OF[$2]}" \
      "BENCH_AUTH=${AUTH_OF[$2]}"$'\n'"BENCH_BODY=grant_type=client_credentials&resource=https%3A%2F%2F${1#token-}.bench"$'\nBENCH_EXPECT="access_token":"') ;;
  esac
  check_alive "${PID_OF[$2]}" "$WORK/server-$2.log"
  if (( $4 > 0 )); then log "  $1 $2 run $4: $line"; echo "$1 $2 $4 $line $(rss_kib "${PID_OF[$2]}")" >>"$WORK/runs"; fi
}
ROWS=(token-es256 token-rs256 token-opaque introspect)
for row in "${ROWS[@]}"; do
  log "measuring $row: $RUNS x ${DURATION}s per build, alternating"
  if (( WARMUP > 0 )); then for b in "${BUILDS[@]}"; do run_row "$row" "$b" "$WARMUP" 0; done; fi
  for run in $(seq 1 "$RUNS"); do
    if (( run % 2 )); then order=("${BUILDS[@]}"); else order=(jit r2r native); fi
    for b in "${order[@]}"; do run_row "$row" "$b" "$DURATION" "$run"; done
  done
done

# runs: row build round rps p50 p99 non200 requests server_cores wrk_cores other server_us wrk_us rss_kib ($14)
med() { awk -v r="$1" -v b="$2" -v c="$3" '$1 == r && $2 == b {print $c}' "$WORK/runs" | median; }
start() { jq -r --arg n "$1" "select(.name == \$n) | .$2" "$WORK/startup.jsonl"; }
size() { local f=${CMD[$1]%% *}; [[ $1 == jit ]] && du -sh "$ROOT/src/Tollgate/bin/Release/net10.0" | cut -f1 || du -h "$f" | cut -f1; }
cat <<TABLE

## Native AOT vs JIT: tollgate serve — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); load average before: $LOAD_BEFORE. .NET SDK $(dotnet --version); wrk -t$THREADS -c$CONNECTIONS, $RUNS x ${DURATION}s per row, builds alternating (medians); $STARTS start-ups per build.

| Build | start → ready ms (median, min–max) | idle RSS MiB | size | RSS after load MiB |
| --- | ---: | ---: | ---: | ---: |
TABLE
for b in "${BUILDS[@]}"; do
  printf '| %s | %s (%s–%s) | %s | %s | %.0f |\n' "$b" "$(start "$b" ready_ms_median)" "$(start "$b" ready_ms_min)" "$(start "$b" ready_ms_max)" \
    "$(start "$b" idle_rss_mib_median)" "$(size "$b")" "$(awk -v b="$b" '$2 == b {r = $14} END {print r / 1024}' "$WORK/runs")"
done
echo
echo "| Row | native req/s | r2r req/s | jit req/s | native / jit | native CPU µs/req | r2r | jit |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for row in "${ROWS[@]}"; do
  awk -v row="$row" -v n="$(med "$row" native 4)" -v r="$(med "$row" r2r 4)" -v j="$(med "$row" jit 4)" \
      -v un="$(med "$row" native 12)" -v ur="$(med "$row" r2r 12)" -v uj="$(med "$row" jit 12)" \
      'BEGIN { printf "| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f |\n", row, n, r, j, n / j, un, ur, uj }'
done
echo
echo "size: the native and r2r executables (self-contained); jit: the Release output directory (needs the .NET runtime installed)."
