#!/usr/bin/env bash
# Tollgate authorizer benchmark: in-process decisions/s on one thread (unique RS256 and ES256
# tokens, repeated tokens), against aws-jwt-verify, jose and jsonwebtoken + jwks-rsa verifying the
# very same tokens in the same run. Prints medians over RUNS runs and the ratios against the targets.
#   RUNS=5 TOKENS=10000 bench/authorizer/run.sh
# The machine is shared: figures are only comparable within one run of this script; the *_cpu
# figures (per CPU-second) move less than the wall-clock ones. BENCH_RESULTS=DIR keeps every run's
# JSON (and tokens.json) in DIR/authorizer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${RUNS:-3}"
tokens="${TOKENS:-10000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [[ -z "${BENCH_NO_BUILD:-}" ]]; then # run-all.sh builds and installs once, before every step
  echo "building (Release)..." >&2
  dotnet build -c Release "$here/Tollgate.Authorizer.Bench" -v quiet -nologo >&2
  (cd "$here/node" && npm ci --no-audit --no-fund --silent)
fi
bench="$here/Tollgate.Authorizer.Bench/bin/Release/net10.0/Tollgate.Authorizer.Bench.dll"

# Mint once; every run (and node) verifies the same tokens. Each run is a fresh process, so the
# decision cache starts empty and every "unique" decision verifies a signature.
for run in $(seq "$runs"); do
  echo "run $run/$runs" >&2
  # Alternate which side goes first (run 1 mints, so .NET starts), so a trend in the machine's
  # load favours neither.
  if (( run % 2 )); then
    dotnet "$bench" --tokens "$tokens" --file "$out/tokens.json" > "$out/dotnet-$run.json"
    node "$here/node/bench.mjs" "$out/tokens.json" > "$out/node-$run.json"
  else
    node "$here/node/bench.mjs" "$out/tokens.json" > "$out/node-$run.json"
    dotnet "$bench" --tokens "$tokens" --file "$out/tokens.json" > "$out/dotnet-$run.json"
  fi
done
node "$here/node/report.mjs" "$out"
if [[ -n "${BENCH_RESULTS:-}" ]]; then
  mkdir -p "$BENCH_RESULTS/authorizer"
  cp "$out"/*.json "$BENCH_RESULTS/authorizer/"
fi
