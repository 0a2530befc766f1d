#!/usr/bin/env bash
# Change propagation across three Tollgate nodes on one PostgreSQL database: for each trial, a
# grant is created through node 1's admin API, and the time is measured from that answer to the
# first token node 2 issues on it (node 2 learns of the grant only through the change feed). A
# second series does the same through node 1 and reads node 3. Prints p50/p90/p99/max in ms.
#
#   bench/cluster/run.sh [--quick]      (BENCH_TRIALS, default 300; quick: 30)
#
# Starts a throwaway PostgreSQL (scripts/postgres.sh) and three `tollgate serve` processes (Release),
# stops every one by pid on exit.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
TRIALS=${BENCH_TRIALS:-$(( QUICK ? 30 : 300 ))}
WORK=$(mktemp -d -t tollgate-cluster.XXXXXX)
RESULTS=${BENCH_RESULTS:-$WORK/results}
mkdir -p "$RESULTS"
source "$ROOT/bench/lib.sh"
trap 'stop_started; "$ROOT/scripts/postgres.sh" stop "$WORK/pg"; rm -rf "$WORK"' EXIT

install_missing curl jq
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  log "building src/Tollgate (Release)"
  dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/Tollgate failed"; }
fi
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"

log "starting PostgreSQL"
CONN=$("$ROOT/scripts/postgres.sh" start "$WORK/pg")
PASSWORD=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$CONN")
CONN_NO_PASSWORD=$(sed -E 's/Password=[^;]*;?//' <<<"$CONN")
ROOT_SECRET="bench-root-secret-0123456789"
BASES=()
for n in 1 2 3; do
  port=$(free_port)
  base="http://127.0.0.1:$port"
  Logging__LogLevel__Default=Warning Tollgate__Storage__Provider=postgres Tollgate__Storage__ConnectionString="$CONN_NO_PASSWORD" \
    Tollgate__Storage__Password="$PASSWORD" Tollgate__Issuer=http://tollgate.bench Tollgate__Secrets__System__0=bench-cluster-system-secret-0123 \
    dotnet "$TOLLGATE_DLL" serve --urls "$base" --Tollgate:DataDirectory="$WORK/node$n" --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" \
    >"$WORK/node$n.log" 2>&1 &
  pid=$!; started "$pid"
  wait_ready "$base/health/ready" "$pid" "$WORK/node$n.log" 120
  BASES+=("$base")
  log "node $n: $base (pid $pid)"
done

node "$ROOT/bench/cluster/propagation.mjs" "$TRIALS" "$ROOT_SECRET" "${BASES[@]}" >"$RESULTS/cluster-propagation.json"
jq -r '.series[] | "\(.from) -> \(.to): \(.trials) trials, p50 \(.p50_ms) ms, p90 \(.p90_ms) ms, p99 \(.p99_ms) ms, max \(.max_ms) ms"' "$RESULTS/cluster-propagation.json"
log "results in $RESULTS"
