#!/usr/bin/env bash
# Policies: in-engine cost per decision and warden decisions/s with 10 / 1,000 / 10,000 policies,
# requests spread over all of them (bench/policies/Tollgate.Policies.Bench/Workload.cs). The
# in-engine figures are medians over BENCH_RUNS runs on one thread; the warden figures come from wrk
# against `tollgate serve` (SQLite) with the policies created through the admin API, next to
# introspection of opaque tokens on the same server in the same run (the same caller
# authentication and HTTP work, no policies: the endpoint's floor). Prints a markdown table and
# the 10,000/10 ratios (target for the in-engine cost: at most 2).
#
#   bench/policies/run.sh [--quick]     BENCH_COUNTS ("10 1000 10000"), BENCH_DURATION, BENCH_RUNS
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if (( QUICK )); then
  COUNTS=${BENCH_COUNTS:-"10 1000"}; DURATION=${BENCH_DURATION:-1}; RUNS=${BENCH_RUNS:-1}; SECONDS_PER_RUN=0.5
else
  COUNTS=${BENCH_COUNTS:-"10 1000 10000"}; DURATION=${BENCH_DURATION:-5}; RUNS=${BENCH_RUNS:-3}; SECONDS_PER_RUN=2
fi
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LOG_LEVEL=Warning
WORK=$(mktemp -d -t tollgate-policies.XXXXXX)
RESULTS=${BENCH_RESULTS:-$WORK/results}
mkdir -p "$RESULTS/policies"
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/server/tollgate.sh"
trap 'stop_started; rm -rf "$WORK"' EXIT

install_missing wrk jq curl
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  log "building src/Tollgate and the policies bench (Release)"
  for project in src/Tollgate bench/policies/Tollgate.Policies.Bench; do
    dotnet build "$ROOT/$project" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of $project failed"; }
  done
fi
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"
BENCH_DLL="$ROOT/bench/policies/Tollgate.Policies.Bench/bin/Release/net10.0/Tollgate.Policies.Bench.dll"

# --- In-engine: one process, every count, with the policies and warden bodies written for below ------
log "in-engine decisions (${COUNTS// /, } policies, $RUNS runs)"
nice dotnet "$BENCH_DLL" --counts "${COUNTS// /,}" --seconds "$SECONDS_PER_RUN" --runs "$RUNS" --write-bodies "$WORK/workload" >"$RESULTS/policies/engine.jsonl"

# --- Warden over HTTP: a fresh server per count, policies created through the admin API --------------
echo -e "endpoint\tpolicies\trun\trps\tp50_ms\tp99_ms\tnon200\trequests\tserver_cores\twrk_cores\tother_cores\tserver_us\twrk_us" >"$RESULTS/policies/warden.tsv"
for n in $COUNTS; do
  start_tollgate "$WORK/data-$n" "$WORK/server-$n.log"
  configure_tollgate
  admin=$(admin_token)
  log "creating $(wc -l <"$WORK/workload/policies-$n.jsonl") policies through POST /admin/policies"
  first_line=1
  while IFS= read -r body; do
    (( first_line )) || echo next
    first_line=0
    printf 'url = "%s/admin/policies"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = %s\nwrite-out = "%%{http_code}\\n"\noutput = /dev/null\n' \
      "$BASE" "$admin" "$(jq -Rs . <<<"$body")"
  done <"$WORK/workload/policies-$n.jsonl" >"$WORK/policies.curl"
  created=$(curl -s -K "$WORK/policies.curl" | grep -c '^201$' || true)
  [[ $created -eq $(wc -l <"$WORK/workload/policies-$n.jsonl") ]] || die "created $created of $(wc -l <"$WORK/workload/policies-$n.jsonl") policies"
  if [[ $n == "${COUNTS%% *}" ]]; then
    issue_pool "$BASE/oauth2/token" "$CLIENT_AUTH" "grant_type=client_credentials&resource=https%3A%2F%2Fopaque.bench" 200 "$WORK/pool.txt"
    for run in $(seq 1 "$RUNS"); do
      row=$(wrk_run "$DURATION" "$ROOT/bench/server/introspect.lua" "$BASE/oauth2/introspect" "$SERVER_PID" \
        "BENCH_TOKENS_FILE=$WORK/pool.txt"$'\n'"BENCH_AUTH=$INTROSPECTOR_AUTH"$'\n'"BENCH_EXPECT=\"active\":true")
      echo -e "introspect\t-\t$run\t${row// /$'\t'}" >>"$RESULTS/policies/warden.tsv"
    done
  fi
  for run in $(seq 1 "$RUNS"); do
    row=$(wrk_run "$DURATION" "$ROOT/bench/policies/warden.lua" "$BASE/warden/allowed" "$SERVER_PID" \
      "BENCH_BODIES_FILE=$WORK/workload/bodies-$n.txt"$'\n'"BENCH_AUTH=$INTROSPECTOR_AUTH"$'\n'"BENCH_EXPECT=\"allowed\"")
    echo -e "warden\t$n\t$run\t${row// /$'\t'}" >>"$RESULTS/policies/warden.tsv"
  done
  stop "$SERVER_PID"
done

# --- Report --------------------------------------------------------------------------------------------
med() { awk -F'\t' -v e="$1" -v n="$2" -v c="$3" '$1 == e && $2 == n {print $c}' "$RESULTS/policies/warden.tsv" | median; }
echo "## Policies ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS ${DURATION}s, median of $RUNS)"
echo
echo "| policies | in-engine ns/decision | in-engine decisions/s (1 thread) | warden decisions/s | warden p99 ms | warden server µs CPU/decision |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $COUNTS; do
  engine=$(jq -r --argjson n "$n" 'select(.policies == $n) | "\(.ns_per_decision) | \(.decisions_per_s)"' "$RESULTS/policies/engine.jsonl")
  echo "| $n | $engine | $(med warden "$n" 4) | $(med warden "$n" 6) | $(med warden "$n" 12) |"
done
echo
echo "Introspection on the same server, same run (the floor of an authenticated POST): $(med introspect - 4) requests/s, p99 $(med introspect - 6) ms."
first=${COUNTS%% *}; last=${COUNTS##* }
echo
jq -r 'select(.ratio) | "In-engine cost ratio \(.ratio) policies: \(.cost_ratio)× (target ≤ \(.target)×)."' "$RESULTS/policies/engine.jsonl"
awk -v a="$(med warden "$first" 4)" -v b="$(med warden "$last" 4)" -v f="$first" -v l="$last" \
  'BEGIN { printf "Warden throughput %s/%s policies: %.2f× (decisions/s with %s over decisions/s with %s).\n", l, f, b / a, l, f }'
