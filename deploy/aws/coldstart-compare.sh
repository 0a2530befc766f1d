#!/usr/bin/env bash
# Native AOT vs composite ReadyToRun vs a minimal Node authorizer on aws-jwt-verify, in one run, on a
# real RS256 token from a local Tollgate (coldstart-engine.sh sets it up; the JWKS is fetched from it
# over loopback in every run):
#   - invoke mode: process start -> printed Allow and exit (hyperfine, the three side by side);
#   - Lambda mode: init (start -> first `next`) and the first invocation (coldstart-lambda.py), both builds;
#   - peak RSS of one invoke run (the process exits right after its first decision);
#   - steady-state decision rate in Lambda mode, unique RS256 tokens and cache hits (lambda-steady.mjs), in
#     alternating rounds (STEADY_ROUNDS, 3), the bootstrap pinned to one CPU (STEADY_PIN=0: not), see docs/aws.md;
#   - package size, zipped and unzipped.
#
#   dotnet build src/Tollgate && deploy/aws/coldstart-compare.sh      # RUNS (30), LAMBDA_RUNS (15)
#   deploy/aws/coldstart-compare.sh --quick                            # 3 runs each: a smoke run for bench/run-all.sh
#
# Environment: NATIVE_DIST, R2R_DIST  existing package.sh outputs (DIST=...) to reuse; built into a temp dir otherwise
#              (the composite ReadyToRun build takes a few minutes of CPU).
# Installs hyperfine with apt when missing (as root); needs node/npm (bench/authorizer/node), curl, jq, python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -z "${COMPARE_MEASURING:-}" ]]; then
  if [[ "${1:-}" == "--quick" ]]; then export RUNS=3 WARMUP=1 LAMBDA_RUNS=3; fi
  if ! command -v hyperfine >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]]; then apt-get install -y -qq hyperfine >/dev/null; else echo "Install hyperfine (apt-get install -y hyperfine)." >&2; exit 1; fi
  fi
  [[ -d "$root/bench/authorizer/node/node_modules" ]] || (cd "$root/bench/authorizer/node" && npm ci --no-audit --no-fund --loglevel=error)
  tmp="$(mktemp -d -t tollgate-compare-XXXXXX)"
  trap 'rm -rf "$tmp"' EXIT
  native="${NATIVE_DIST:-$tmp/native}"
  r2r="${R2R_DIST:-$tmp/r2r}"
  [[ -x "$native/publish-linux-x64/bootstrap" ]] || DIST="$native" "$here/package.sh" >"$tmp/native.log" 2>&1 || { cat "$tmp/native.log" >&2; exit 1; }
  [[ -x "$r2r/publish-linux-x64/bootstrap" ]] || BUILD=r2r DIST="$r2r" "$here/package.sh" >"$tmp/r2r.log" 2>&1 || { cat "$tmp/r2r.log" >&2; exit 1; }
  COMPARE_MEASURING=1 NATIVE="$native" R2R="$r2r" MEASURE="$here/coldstart-compare.sh" "$here/coldstart-engine.sh"
  exit
fi

# --- measuring: coldstart-engine.sh has exported EVENT, TOKEN_ISSUER, JWKS_URI, AUDIENCE, TOLLGATE_RULES_FILE.
runs="${RUNS:-30}"
native_bin="$NATIVE/publish-linux-x64/bootstrap"
r2r_bin="$R2R/publish-linux-x64/bootstrap"
node_cmd="node $root/bench/authorizer/node/lambda-authorizer.mjs $EVENT"
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

for cmd in "$native_bin invoke --event $EVENT" "$r2r_bin invoke --event $EVENT" "$node_cmd"; do
  out="$($cmd 2>/dev/null)" || { echo "Not an Allow from: $cmd" >&2; echo "$out" >&2; exit 1; }
  grep -q '"Effect":"Allow"' <<<"$out" || { echo "Not an Allow from: $cmd: $out" >&2; exit 1; }
done
echo "All three print the Allow."

# The same rules as JSON, to show what reading YAML (YamlDotNet's representation model) costs the native start.
rules_json="${TOLLGATE_RULES_FILE%.*}.json"
python3 - "$TOLLGATE_RULES_FILE" "$rules_json" <<'PY'
import json, re, sys
rules, rule = [], None
for line in open(sys.argv[1]):
    if m := re.match(r"\s*- route: (.+)", line): rule = {"route": m.group(1).strip()}; rules.append(rule)
    elif m := re.match(r"\s*scopes: \[(.*)\]", line): rule["scopes"] = [s.strip() for s in m.group(1).split(",")]
json.dump({"rules": rules}, open(sys.argv[2], "w"))
PY

json="$(mktemp)"
hyperfine -N --warmup "${WARMUP:-3}" --runs "$runs" --export-json "$json" \
  -n native "$native_bin invoke --event $EVENT" -n readytorun "$r2r_bin invoke --event $EVENT" -n node-aws-jwt-verify "$node_cmd" \
  -n native-json-rules "env TOLLGATE_RULES_FILE=$rules_json $native_bin invoke --event $EVENT" >/dev/null
python3 - "$json" <<'PY'
import json, statistics, sys
results = {r["command"]: sorted(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
median = {name: statistics.median(t) * 1e3 for name, t in results.items()}
print("invoke, process start -> printed Allow and exit (hyperfine):")
for name, t in results.items():
    cpu = next(r for r in json.load(open(sys.argv[1]))["results"] if r["command"] == name)
    print(f"  {name:20} median {median[name]:7.1f} ms  min {t[0]*1e3:7.1f}  max {t[-1]*1e3:7.1f}  "
          f"CPU user+sys mean {(cpu['user'] + cpu['system']) * 1e3:6.1f} ms  ({len(t)} runs)")
print(f"  ratio: ReadyToRun / native {median['readytorun'] / median['native']:.1f}x, "
      f"Node / native {median['node-aws-jwt-verify'] / median['native']:.1f}x; "
      f"native with the rules as JSON instead of YAML: {median['native-json-rules'] - median['native']:+.1f} ms")
PY
rm -f "$json"

for name in native r2r; do
  bin="$native_bin"; [[ "$name" == r2r ]] && bin="$r2r_bin"
  echo "Lambda mode, $name:"
  python3 "$here/coldstart-lambda.py" --bootstrap "$bin" --event "$EVENT" --runs "${LAMBDA_RUNS:-15}" | sed 's/^/  /'
done

echo "Peak RSS of one invoke run (exits after its first decision):"
for cmd in "$native_bin invoke --event $EVENT" "$r2r_bin invoke --event $EVENT" "$node_cmd"; do
  python3 -c 'import os,subprocess,sys
p = subprocess.Popen(sys.argv[1].split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
print(f"  {usage.ru_maxrss / 1024:6.1f} MB  {sys.argv[1].split()[0]}")' "$cmd"
done

echo "Steady state, Lambda mode (bench/authorizer/node/lambda-steady.mjs: unique RS256 tokens, then cache hits; rounds alternate):"
steady_unique="${STEADY_UNIQUE:-3000}"; steady_seconds="${STEADY_SECONDS:-4}"; steady_rounds="${STEADY_ROUNDS:-3}"
[[ "$runs" -le 3 ]] && { steady_unique=200; steady_seconds=1; steady_rounds=1; }
# Pinned (the default when there are two CPUs or more): the bootstrap alone on CPU 1, the harness on CPU 0, as a
# function of up to 1,769 MB has one vCPU; STEADY_PIN=0: both share every CPU (the harness then competes with it).
pinned=(env BENCH_PIN=1 taskset -c 0); label=", pinned"
if [[ "${STEADY_PIN:-1}" == 0 ]] || (( $(nproc) < 2 )); then pinned=(); label=""; fi
for round in $(seq 1 "$steady_rounds"); do
  for bin in "$native_bin" "$r2r_bin"; do
    echo "  round $round$label: $("${pinned[@]}" node "$root/bench/authorizer/node/lambda-steady.mjs" "$bin" "$EVENT" "$steady_unique" "$steady_seconds")  $bin"
  done
done

echo "Package size:"
for dist in "$NATIVE" "$R2R"; do
  echo "  $(du -h "$dist"/tollgate-authorizer-linux-x64.zip | cut -f1) zipped, $(du -sh "$dist/publish-linux-x64" | cut -f1) unzipped  $dist"
done
