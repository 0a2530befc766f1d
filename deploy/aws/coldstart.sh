#!/usr/bin/env bash
# Cold start of the published bootstrap: wall time from process start until `bootstrap invoke` has
# printed its decision and exited (an upper bound of "process start to first decision").
#
#   deploy/aws/coldstart.sh
#       adapter + .NET runtime only: renders a canned decision (samples/allow-decision.json)
#   DECISION= EVENT=my-event.json JWKS_URI=... TOKEN_ISSUER=... AUDIENCE=... deploy/aws/coldstart.sh
#       with the decision engine (after the merge): a real token in the event, engine settings in the env
#
# Environment: BOOTSTRAP   the binary (default deploy/aws/dist/publish-linux-x64/bootstrap; built by package.sh if missing)
#              EVENT       the event file (default samples/rest-token-event.json)
#              DECISION    a decision file; set it empty to run the engine (default samples/allow-decision.json)
#              RUNS        measured runs (default 30); WARMUP unmeasured runs first (default 3: page cache only)
# Uses hyperfine when installed (apt-get install -y hyperfine), else a date +%s%N loop.
# Lambda mode (the Runtime API loop, init + first invocation): deploy/aws/coldstart-lambda.py.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bootstrap="${BOOTSTRAP:-$here/dist/publish-linux-x64/bootstrap}"
event="${EVENT:-$here/samples/rest-token-event.json}"
decision="${DECISION-$here/samples/allow-decision.json}"
runs="${RUNS:-30}"
warmup="${WARMUP:-3}"

if [[ ! -x "$bootstrap" ]]; then
  echo "No published bootstrap at $bootstrap: running package.sh" >&2
  "$here/package.sh" >&2
fi

args=(invoke --event "$event")
if [[ -n "$decision" ]]; then
  args+=(--decision "$decision")
fi

echo "Command: $bootstrap ${args[*]}"
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
"$bootstrap" "${args[@]}" 2>/dev/null
status=$?
set -e
echo "Exit code: $status"

if command -v hyperfine >/dev/null 2>&1; then
  json="$(mktemp)"
  hyperfine --shell=none --ignore-failure --warmup "$warmup" --runs "$runs" --export-json "$json" "$bootstrap ${args[*]}"
  python3 -c 'import json,statistics,sys; t=sorted(json.load(open(sys.argv[1]))["results"][0]["times"]); print("Runs: %d  min %.1f ms  median %.1f ms  max %.1f ms" % (len(t), t[0]*1e3, statistics.median(t)*1e3, t[-1]*1e3))' "$json"
  rm -f "$json"
  exit 0
fi

for ((i = 0; i < warmup; i++)); do "$bootstrap" "${args[@]}" >/dev/null 2>&1 || true; done
times=()
for ((i = 0; i < runs; i++)); do
  start=$(date +%s%N)
  "$bootstrap" "${args[@]}" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  times+=($(((end - start) / 1000)))
done
printf '%s\n' "${times[@]}" | sort -n | awk '
  { t[NR] = $1; sum += $1 }
  END { printf "Runs: %d  min %.1f ms  median %.1f ms  mean %.1f ms  max %.1f ms\n",
        NR, t[1] / 1000, t[int((NR + 1) / 2)] / 1000, sum / NR / 1000, t[NR] / 1000 }'
