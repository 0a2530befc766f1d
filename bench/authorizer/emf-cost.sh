#!/usr/bin/env bash
# What the Lambda authorizer's CloudWatch EMF metrics cost: the steady-state decision rate in Lambda mode
# (node/lambda-steady.mjs: the bootstrap against a Node stand-in for the Runtime API, its stdout a drained pipe as in
# Lambda) of the same Native AOT bootstrap with TOLLGATE_METRICS=emf and =off, alternating which goes first, ROUNDS
# rounds, on real RS256 tokens from a local Tollgate (deploy/aws/coldstart-engine.sh sets it up). Prints every run and
# the medians, and the ratio emf / off of the medians: unique tokens/s, cache hits/s, and the bootstrap's own CPU time
# per invocation (from /proc; the steadiest of the three on a shared machine).
#
#   dotnet build src/Tollgate && bench/authorizer/emf-cost.sh          # ROUNDS (5), STEADY_UNIQUE (3000), STEADY_SECONDS (3)
#   NATIVE_DIST=deploy/aws/dist bench/authorizer/emf-cost.sh           # reuse a package.sh output instead of publishing
# stderr (the decision log lines) goes to /dev/null in both modes; BENCH_STDERR=pipe makes it a pipe, as in Lambda,
# where the EMF line is one more pipe write next to the log line.
# The machine is shared: only the ratio within one run means something.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -z "${EMF_COST_MEASURING:-}" ]]; then
  tmp="$(mktemp -d -t tollgate-emf-cost-XXXXXX)"
  trap 'rm -rf "$tmp"' EXIT
  # In process first: the listener, aggregation and JSON line alone (Tollgate.Aws.EmfBench), per invocation.
  dotnet build -c Release "$here/Tollgate.Aws.EmfBench" -v quiet -nologo >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
  micro="$here/Tollgate.Aws.EmfBench/bin/Release/net10.0/Tollgate.Aws.EmfBench.dll"
  echo "In process, per invocation (Tollgate.Aws.EmfBench: record a decision and its duration, flush; last of 5 rounds):"
  for mode in off null stdout; do
    dotnet "$micro" "$mode" 2>"$tmp/micro.err" | cat >/dev/null   # stdout is a pipe, as in Lambda
    echo "  $(tail -n 1 "$tmp/micro.err")"
  done
  native="${NATIVE_DIST:-$tmp/native}"
  [[ -x "$native/publish-linux-x64/bootstrap" ]] || DIST="$native" "$root/deploy/aws/package.sh" >"$tmp/native.log" 2>&1 || { cat "$tmp/native.log" >&2; exit 1; }
  EMF_COST_MEASURING=1 BOOTSTRAP="$native/publish-linux-x64/bootstrap" OUT="$tmp" MEASURE="$here/emf-cost.sh" "$root/deploy/aws/coldstart-engine.sh"
  exit
fi

# --- measuring: coldstart-engine.sh has exported EVENT, the engine's settings and BENCH_TOKEN_URL/_CLIENT_ID/_CLIENT_SECRET.
rounds="${ROUNDS:-5}"
unique="${STEADY_UNIQUE:-3000}"
seconds="${STEADY_SECONDS:-3}"
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds, $unique unique tokens, $seconds s of cache hits; stderr: ${BENCH_STDERR:-/dev/null}"
results="$OUT/results.jsonl"
: >"$results"
run() {
  local line
  line="$(TOLLGATE_METRICS="$1" AWS_LAMBDA_FUNCTION_NAME=tollgate-bench node "$here/node/lambda-steady.mjs" "$BOOTSTRAP" "$EVENT" "$unique" "$seconds")"
  echo "  round $2 $1: $line"
  jq -c --arg mode "$1" '. + {mode: $mode}' <<<"$line" >>"$results"
}
for round in $(seq "$rounds"); do
  if (( round % 2 )); then run emf "$round"; run off "$round"; else run off "$round"; run emf "$round"; fi
done
python3 - "$results" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
def med(mode, key): return statistics.median(r[key] for r in runs if r["mode"] == mode)
for key, label in (("uniqueTokensPerSecond", "unique RS256 tokens/s"), ("cacheHitsPerSecond", "cache hits/s"),
                   ("cpuMicrosPerInvocation", "bootstrap CPU µs/invocation")):
    emf, off = med("emf", key), med("off", key)
    print(f"{label:28} median: emf {emf:7.0f}  off {off:7.0f}  emf/off {emf / off:.3f}")
lines = [r["stdoutLines"] for r in runs if r["mode"] == "emf"]
print(f"EMF lines per emf run (stdout): min {min(lines)}; off runs: max {max(r['stdoutLines'] for r in runs if r['mode'] == 'off')}")
PY
