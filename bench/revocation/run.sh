#!/usr/bin/env bash
# Revocation feed figures against the real server on loopback (not a test; prints numbers):
#   1. time from a revocation to the first refusal by a running authorizer at the default 5 s
#      interval, over TRIALS trials (p50/p90/p99);
#   2. for each of ENTRIES live revocation entries (seeded into the server's SQLite table before it
#      starts): full sync time/bytes/requests, authorizer heap and working set, one incremental
#      pull, and decisions/s on one thread (cache hits, unique tokens) with the feed vs no check.
#   TRIALS=50 ENTRIES="0 10000 1000000" bench/revocation/run.sh
#   MODE=scale ENTRIES=1000000 bench/revocation/run.sh      # only the scale part
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
trials="${TRIALS:-50}"
entries="${ENTRIES:-0 10000 1000000}"
mode="${MODE:-all}"

echo "building (Release)..." >&2
dotnet build -c Release "$root/src/Tollgate" -v quiet -nologo >&2
dotnet build -c Release "$here/Tollgate.Revocation.Bench" -v quiet -nologo >&2
export TOLLGATE_DLL="$root/src/Tollgate/bin/Release/net10.0/tollgate.dll"
bench="$here/Tollgate.Revocation.Bench/bin/Release/net10.0/Tollgate.Revocation.Bench.dll"

if [[ "$mode" == all || "$mode" == latency ]]; then
  echo "== revocation to refusal, $trials trials ==" 
  dotnet "$bench" latency --trials "$trials"
fi
if [[ "$mode" == all || "$mode" == scale ]]; then
  for n in $entries; do
    echo "== $n live entries =="
    dotnet "$bench" scale --entries "$n"
  done
fi
