#!/usr/bin/env bash
# How long `tollgate apply` takes to load N clients (each with a client name and one grant) into an
# empty server: with the default 8 requests in flight and, as the peer, one at a time (what a loop
# of `tollgate clients create` + `grants create` calls would at best do, without its process starts);
# then the second, no-op apply of the same file (reads the whole server, compares, sends nothing).
#
#   bench/cli/apply.sh [N]      (default 10000; prints a table; BENCH_RUNS (3) runs of each, alternating,
#                               medians reported; BENCH_NO_BUILD=1 to skip the Release build)
#
# Every run starts a fresh server (SQLite, the default); the CLI and the server share the cores.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
N=${1:-10000}
LOG_LEVEL=Warning
WORK=$(mktemp -d -t tollgate-apply.XXXXXX)
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/server/tollgate.sh"
trap 'stop_started; rm -rf "$WORK"' EXIT

install_missing curl jq
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  log "building src/Tollgate (Release)"
  dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/Tollgate failed"; }
fi
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"

{
  printf 'apis:\n- identifier: https://bench.example\n  scopes:\n  - value: read\n  - value: write\nclients:\n'
  for (( i = 0; i < N; i++ )); do printf -- '- client_id: svc-%05d\n  client_name: service %d\n' "$i" "$i"; done
  printf 'grants:\n'
  for (( i = 0; i < N; i++ )); do printf -- '- client_id: svc-%05d\n  audience: https://bench.example\n  scope: [read]\n' "$i"; done
} >"$WORK/tollgate.yaml"

seconds() { # command...: wall seconds, 2 decimals; fails with the command's output if it fails
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; die "$* failed"; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

export TOLLGATE_CLIENT_ID=tollgate-root TOLLGATE_CLIENT_SECRET=$ROOT_SECRET TOLLGATE_CONFIG_DIR="$WORK/config"
RUNS=${BENCH_RUNS:-3}
requests=$(( 2 * N + 1 ))
for (( run = 1; run <= RUNS; run++ )); do
  for parallelism in 8 1; do
    rm -rf "$WORK/data"
    start_tollgate "$WORK/data" "$WORK/server.log"
    export TOLLGATE_ENDPOINT=$BASE
    first=$(seconds dotnet "$TOLLGATE_DLL" apply -f "$WORK/tollgate.yaml" --parallelism "$parallelism" --secrets-out "$WORK/secrets.json")
    [[ $(jq length "$WORK/secrets.json") -eq $N ]] || die "expected $N secrets"
    rm -f "$WORK/secrets.json"
    noop=$(seconds dotnet "$TOLLGATE_DLL" apply -f "$WORK/tollgate.yaml")
    grep -q '^No changes' "$WORK/out" || { cat "$WORK/out" >&2; die "the second apply changed something"; }
    stop "$SERVER_PID"
    log "run $run, parallelism $parallelism: first apply $first s, no-op apply $noop s (load $(load1))"
    echo "$first" >>"$WORK/first-$parallelism"; echo "$noop" >>"$WORK/noop-$parallelism"
  done
done

printf 'clients\tparallelism\trequests\truns\tfirst_apply_s_median\trequests_per_s\tnoop_apply_s_median\n'
for parallelism in 8 1; do
  first=$(median <"$WORK/first-$parallelism"); noop=$(median <"$WORK/noop-$parallelism")
  printf '%d\t%d\t%d\t%d\t%s\t%s\t%s\n' "$N" "$parallelism" "$requests" "$RUNS" "$first" "$(awk -v r="$requests" -v s="$first" 'BEGIN { printf "%.0f", r / s }')" "$noop"
done
ratio() { awk -v a="$(median <"$WORK/first-1")" -v b="$(median <"$WORK/first-8")" 'BEGIN { printf "%.2f", a / b }'; }
printf 'speed-up of 8 in flight over 1 (first apply, medians): %sx\n' "$(ratio)"
