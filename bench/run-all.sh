#!/usr/bin/env bash
# The whole benchmark in one command: Tollgate side by side with its peers, its floors, and how its
# cost grows; then the report (docs/benchmarks.md, generated section) and charts (docs/benchmarks/).
#
#   bench/run-all.sh           full run (~15 min on 2 cores); rewrites the report and the charts
#   bench/run-all.sh --quick   smoke run (about a minute after the build); figures not comparable; writes its report
#                              under bench/results/ only (BENCH_WRITE_DOCS=1 to write docs anyway)
#
# Installs what it needs (apt: wrk jq curl sqlite3 openssl librsvg2-bin; npm ci of the pinned
# packages). Raw results: bench/results/<UTC time>[-quick]/ (gitignored); the full run's summary is
# copied to bench/results/last-full-summary.json (committed). Fails when any step fails: a peer that
# does not start, any non-200 answer, a token count that does not add up.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QUICK=0; MODE=full; FLAG=()
[[ "${1:-}" == "--quick" ]] && { QUICK=1; MODE=quick; FLAG=(--quick); }
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
SUFFIX=""; (( QUICK )) && SUFFIX=-quick
RESULTS="$ROOT/bench/results/$STAMP$SUFFIX"
mkdir -p "$RESULTS"
WORK=$(mktemp -d -t tollgate-all.XXXXXX)
source "$ROOT/bench/lib.sh"
trap 'stop_started; rm -rf "$WORK"' EXIT
BEGAN=$SECONDS
step() { log "== [$(( SECONDS - BEGAN ))s] $*"; }

step "tools"
install_missing wrk jq curl sqlite3 openssl rsvg-convert:librsvg2-bin
for dir in bench/peers/oidc-provider bench/authorizer/node; do
  (cd "$ROOT/$dir" && npm ci --no-audit --no-fund --silent) || die "npm ci in $dir failed"
done

step "build (Release): src/Tollgate, the HTTP floor, the authorizer, .NET packages and policies benches"
for project in src/Tollgate bench/server/floor bench/authorizer/Tollgate.Authorizer.Bench bench/dotnet/DotnetBench bench/policies/Tollgate.Policies.Bench; do
  dotnet build "$ROOT/$project" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of $project failed"; }
done
export BENCH_NO_BUILD=1

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if (( QUICK )); then
  SERVER_ENV=(BENCH_DURATION=1 BENCH_RUNS=1 BENCH_WARMUP=0 BENCH_POOL=200); AUTH_ENV=(RUNS=1 TOKENS=1000); CRYPTO_SECONDS=0.3; CRYPTO_RUNS=1; OPENSSL_SECONDS=1
else
  SERVER_ENV=(BENCH_DURATION=8 BENCH_RUNS=3 BENCH_WARMUP=3); AUTH_ENV=(RUNS=3 TOKENS=5000); CRYPTO_SECONDS=1; CRYPTO_RUNS=3; OPENSSL_SECONDS=2
fi

step "1-2. token endpoint and introspection: Tollgate vs oidc-provider, HTTP floor (bench/server/run.sh)"
env "${SERVER_ENV[@]}" BENCH_RESULTS="$RESULTS" "$ROOT/bench/server/run.sh" "${FLAG[@]}" >"$RESULTS/server.md" || die "server benchmark failed"

step "3. JWT verification in-process (bench/authorizer/run.sh)"
env "${AUTH_ENV[@]}" BENCH_RESULTS="$RESULTS" "$ROOT/bench/authorizer/run.sh" >"$RESULTS/authorizer.md" || die "authorizer benchmark failed"

step "4. crypto floor (openssl speed, .NET sign/verify loop)"
openssl speed -seconds "$OPENSSL_SECONDS" rsa2048 ecdsap256 2>/dev/null | grep -E '^(rsa 2048| 256 bits ecdsa)' >"$RESULTS/openssl.txt" || die "openssl speed failed"
AUTHORIZER_DLL="$ROOT/bench/authorizer/Tollgate.Authorizer.Bench/bin/Release/net10.0/Tollgate.Authorizer.Bench.dll"
: >"$RESULTS/crypto-floor.jsonl"
for _ in $(seq 1 "$CRYPTO_RUNS"); do dotnet "$AUTHORIZER_DLL" --crypto-floor --seconds "$CRYPTO_SECONDS" >>"$RESULTS/crypto-floor.jsonl"; done

step "5. growth: clients, route rules, opaque tokens (bench/growth/run.sh)"
BENCH_RESULTS="$RESULTS" BENCH_AUTHORIZER_TOKENS="$RESULTS/authorizer/tokens.json" "$ROOT/bench/growth/run.sh" "${FLAG[@]}" >"$RESULTS/growth.log" 2>&1 \
  || { tail -30 "$RESULTS/growth.log" >&2; die "growth benchmark failed"; }
rm -f "$RESULTS/authorizer/tokens.json" # large, and only the runs' figures matter

step "6. cluster: change propagation across three nodes on PostgreSQL (bench/cluster/run.sh)"
BENCH_RESULTS="$RESULTS" "$ROOT/bench/cluster/run.sh" "${FLAG[@]}" >"$RESULTS/cluster.log" 2>&1 \
  || { tail -30 "$RESULTS/cluster.log" >&2; die "cluster benchmark failed"; }

step "7. .NET packages: Tollgate.AspNetCore vs JwtBearer under wrk, Tollgate.Client handler overhead (bench/dotnet/run.sh)"
BENCH_RESULTS="$RESULTS" "$ROOT/bench/dotnet/run.sh" "${FLAG[@]}" >"$RESULTS/dotnet.md" 2>"$RESULTS/dotnet.log" \
  || { tail -30 "$RESULTS/dotnet.log" >&2; die ".NET packages benchmark failed"; }

step "8. policies: in-engine cost and warden decisions/s with 10 / 1,000 / 10,000 policies (bench/policies/run.sh)"
BENCH_RESULTS="$RESULTS" "$ROOT/bench/policies/run.sh" "${FLAG[@]}" >"$RESULTS/policies.md" 2>"$RESULTS/policies.log" \
  || { tail -30 "$RESULTS/policies.log" >&2; die "policies benchmark failed"; }

step "9. metrics: the token endpoint and /decisions with metrics on vs off (bench/metrics/run.sh)"
BENCH_RESULTS="$RESULTS" "$ROOT/bench/metrics/run.sh" "${FLAG[@]}" >"$RESULTS/metrics.md" 2>"$RESULTS/metrics.log" \
  || { tail -30 "$RESULTS/metrics.log" >&2; die "metrics benchmark failed"; }

step "report"
pkg_version() { jq -r .version "$ROOT/$1/node_modules/$2/package.json"; }
jq -n \
  --arg mode "$MODE" --arg date "$(date -u +%Y-%m-%dT%H:%MZ)" --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo -)" \
  --arg nproc "$(nproc)" --arg cpu "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
  --arg mem "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)" \
  --arg load_before "$LOAD_BEFORE" --arg load_after "$(cut -d' ' -f1-3 /proc/loadavg)" --arg seconds "$(( SECONDS - BEGAN ))" \
  --arg dotnet "$(dotnet --version)" --arg aspnet "$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v = $2} END {print v}')" \
  --arg node "$(node --version)" --arg wrk "$(wrk --version 2>&1 | head -1 | cut -d' ' -f2)" --arg openssl "$(openssl version)" \
  --arg sqlite "$(sqlite3 --version | cut -d' ' -f1)" \
  --arg oidc "$(pkg_version bench/peers/oidc-provider oidc-provider)" --arg awsjwt "$(pkg_version bench/authorizer/node aws-jwt-verify)" \
  --arg jose "$(pkg_version bench/authorizer/node jose)" --arg jsonwebtoken "$(pkg_version bench/authorizer/node jsonwebtoken)" \
  --arg jwksrsa "$(pkg_version bench/authorizer/node jwks-rsa)" --arg server_env "${SERVER_ENV[*]}" --arg auth_env "${AUTH_ENV[*]}" \
  '{mode: $mode, date: $date, commit: $commit, nproc: $nproc, cpu: $cpu, mem: $mem, load_before: $load_before, load_after: $load_after,
    seconds: ($seconds | tonumber), versions: {dotnet_sdk: $dotnet, aspnetcore: $aspnet, node: $node, wrk: $wrk, openssl: $openssl, sqlite3: $sqlite,
    "oidc-provider": $oidc, "aws-jwt-verify": $awsjwt, jose: $jose, jsonwebtoken: $jsonwebtoken, "jwks-rsa": $jwksrsa},
    settings: {server: $server_env, authorizer: $auth_env}}' >"$RESULTS/machine.json"

DOCS=0
(( ! QUICK || ${BENCH_WRITE_DOCS:-0} )) && DOCS=1
CHARTS="$RESULTS/charts"
node "$ROOT/bench/report/report.mjs" "$RESULTS" "$CHARTS" >"$RESULTS/report.md" || die "report generation failed"
for svg in "$CHARTS"/*.svg; do rsvg-convert -b white -o "${svg%.svg}.png" "$svg" || die "rsvg-convert $svg failed"; done
if (( DOCS )); then
  mkdir -p "$ROOT/docs/benchmarks"
  cp "$CHARTS"/*.png "$ROOT/docs/benchmarks/"
  node "$ROOT/bench/report/splice.mjs" "$ROOT/docs/benchmarks.md" "$RESULTS/report.md" || die "could not update docs/benchmarks.md"
  (( QUICK )) || cp "$RESULTS/summary.json" "$ROOT/bench/results/last-full-summary.json"
  log "updated docs/benchmarks.md and docs/benchmarks/*.png"
fi
step "done: $RESULTS/report.md, charts in $CHARTS"
