#!/usr/bin/env bash
# How Tollgate's cost grows: token-endpoint throughput with 10 / 10,000 / 100,000 registered
# clients, decision cost with 10 / 1,000 / 10,000 route rules (in-process), and the server's RSS
# and database size while opaque tokens are issued (towards 1,000,000, bounded in time), on SQLite and
# on PostgreSQL: sealed tokens are stored nowhere, so the run fails if a row is written or PostgreSQL
# grows with them.
#
#   bench/growth/run.sh [--quick]      (writes TSV/JSON to BENCH_RESULTS, default a temp directory)
#
# Clients are inserted straight into a copy of the database while the server is stopped
# (bench/growth/clients.mjs); wrk then cycles through 1,000 of them picked at random (ES256 tokens,
# the cheapest signature, so lookups weigh most). Environment: BENCH_CLIENT_COUNTS ("10 10000
# 100000"), BENCH_RULE_COUNTS ("10 1000 10000"), BENCH_OPAQUE_TOKENS (1000000),
# BENCH_OPAQUE_SECONDS (time cap, 180), BENCH_DURATION, BENCH_RUNS, BENCH_WARMUP, BENCH_AUTHORIZER_TOKENS
# (tokens.json of the authorizer bench, minted when absent).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
if (( QUICK )); then
  CLIENT_COUNTS=${BENCH_CLIENT_COUNTS:-"10 1000"}; RULE_COUNTS=${BENCH_RULE_COUNTS:-"10 1000"}
  OPAQUE_TOKENS=${BENCH_OPAQUE_TOKENS:-5000}; OPAQUE_SECONDS=${BENCH_OPAQUE_SECONDS:-3}; CHUNK=1
  DURATION=${BENCH_DURATION:-1}; RUNS=${BENCH_RUNS:-1}; WARMUP=${BENCH_WARMUP:-0}; DECISIONS=100000
else
  CLIENT_COUNTS=${BENCH_CLIENT_COUNTS:-"10 10000 100000"}; RULE_COUNTS=${BENCH_RULE_COUNTS:-"10 1000 10000"}
  OPAQUE_TOKENS=${BENCH_OPAQUE_TOKENS:-1000000}; OPAQUE_SECONDS=${BENCH_OPAQUE_SECONDS:-180}; CHUNK=15
  DURATION=${BENCH_DURATION:-8}; RUNS=${BENCH_RUNS:-3}; WARMUP=${BENCH_WARMUP:-3}; DECISIONS=1000000
fi
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LOG_LEVEL=Warning
WORK=$(mktemp -d -t tollgate-growth.XXXXXX)
RESULTS=${BENCH_RESULTS:-$WORK/results}
mkdir -p "$RESULTS"
source "$ROOT/bench/lib.sh"
source "$ROOT/bench/server/tollgate.sh"
PG_STARTED=0
trap 'stop_started; (( PG_STARTED )) && "$ROOT/scripts/postgres.sh" stop "$WORK/pg"; rm -rf "$WORK"' EXIT

install_missing wrk jq curl sqlite3 psql:postgresql-client
if [[ -z ${BENCH_NO_BUILD:-} ]]; then # run-all.sh builds once, before every step
  log "building src/Tollgate and the authorizer bench (Release)"
  dotnet build "$ROOT/src/Tollgate" -c Release --nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build of src/Tollgate failed"; }
  dotnet build "$ROOT/bench/authorizer/Tollgate.Authorizer.Bench" -c Release --nologo -v q >"$WORK/build2.log" 2>&1 || { cat "$WORK/build2.log" >&2; die "build of the authorizer bench failed"; }
fi
TOLLGATE_DLL="$ROOT/src/Tollgate/bin/Release/net10.0/tollgate.dll"
AUTHORIZER_DLL="$ROOT/bench/authorizer/Tollgate.Authorizer.Bench/bin/Release/net10.0/Tollgate.Authorizer.Bench.dll"
ES256_BODY="grant_type=client_credentials&resource=https%3A%2F%2Fes256.bench&scope=read%3Acontacts%20write%3Acontacts"
OPAQUE_BODY="grant_type=client_credentials&resource=https%3A%2F%2Fopaque.bench&scope=read%3Acontacts%20write%3Acontacts"

# --- A configured database, the starting point of every step ------------------------------------------
start_tollgate "$WORK/base" "$WORK/base.log"
configure_tollgate
stop "$SERVER_PID"
BASE_AUTH=$CLIENT_AUTH

# --- Registered clients ----------------------------------------------------------------------------------
echo -e "clients\trun\trps\tp50_ms\tp99_ms\tnon200\trequests\tserver_cores\twrk_cores\tother_cores\tserver_us\twrk_us\tload1\tstart_s\trss_mib_idle" >"$RESULTS/growth-clients.tsv"
for n in $CLIENT_COUNTS; do
  rm -rf "$WORK/clients"; cp -r "$WORK/base" "$WORK/clients"
  log "clients: inserting $n into a copy of the database"
  node "$ROOT/bench/growth/clients.mjs" "$n" https://es256.bench "$WORK/headers" | sqlite3 "$WORK/clients/tollgate.db" || die "inserting $n clients failed"
  began=$(date +%s.%N)
  start_tollgate "$WORK/clients" "$WORK/clients.log"
  start_s=$(awk -v b="$began" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - b}')
  rss_idle=$(awk -v k="$(rss_kib "$SERVER_PID")" 'BEGIN {printf "%.0f", k / 1024}')
  envs="BENCH_AUTH_FILE=$WORK/headers"$'\n'"BENCH_BODY=$ES256_BODY"$'\nBENCH_EXPECT="access_token":"'
  log "clients: $n registered, server ready in ${start_s}s, RSS ${rss_idle} MiB; warm-up ${WARMUP}s, $RUNS x ${DURATION}s"
  if (( WARMUP > 0 )); then wrk_run "$WARMUP" "$ROOT/bench/server/token.lua" "$BASE/oauth2/token" "$SERVER_PID" "$envs" >/dev/null; fi
  for run in $(seq 1 "$RUNS"); do
    line=$(wrk_run "$DURATION" "$ROOT/bench/server/token.lua" "$BASE/oauth2/token" "$SERVER_PID" "$envs")
    check_alive "$SERVER_PID" "$WORK/clients.log"
    log "  run $run: $line"
    echo "$n $run $line $(load1) $start_s $rss_idle" | tr ' ' '\t' >>"$RESULTS/growth-clients.tsv"
  done
  stop "$SERVER_PID"
done

# --- Route rules (in-process decision engine) -------------------------------------------------------------
TOKENS_FILE=${BENCH_AUTHORIZER_TOKENS:-$WORK/tokens.json}
: >"$RESULTS/growth-rules.jsonl"
for n in $RULE_COUNTS; do
  log "rules: $n"
  dotnet "$AUTHORIZER_DLL" --rules "$n" --tokens 1000 --file "$TOKENS_FILE" --decisions "$DECISIONS" >>"$RESULTS/growth-rules.jsonl" \
    || die "the rules bench failed with $n rules"
done

# --- Opaque tokens: RSS and database size while they pile up ----------------------------------------------
# issue_opaque NAME DATA-DIR LOG SIZE-FUNCTION: issues opaque tokens in chunks through a node started
# on DATA-DIR (with the environment of the caller), recording RSS and what SIZE-FUNCTION prints
# ("total-MiB file-MiB wal-MiB") into growth-NAME.tsv; sets ISSUED.
issue_opaque() {
  local name=$1 data=$2 logfile=$3 sizes=$4 began row line rps requests server_us
  start_tollgate "$data" "$logfile"
  echo -e "tokens\tchunk_rps\tserver_us\trss_mib\tdb_mib\tdb_file_mib\twal_mib\tload1" >"$RESULTS/growth-$name.tsv"
  echo "0 0 0 $(awk -v k="$(rss_kib "$SERVER_PID")" 'BEGIN {printf "%.0f", k / 1024}') $($sizes) $(load1)" | tr ' ' '\t' >>"$RESULTS/growth-$name.tsv"
  ISSUED=0; began=$SECONDS
  local envs="BENCH_AUTH=$BASE_AUTH"$'\n'"BENCH_BODY=$OPAQUE_BODY"$'\nBENCH_EXPECT="access_token":"'
  log "$name: issuing up to $OPAQUE_TOKENS tokens in chunks of ${CHUNK}s, for at most ${OPAQUE_SECONDS}s"
  while (( ISSUED < OPAQUE_TOKENS && SECONDS - began < OPAQUE_SECONDS )); do
    line=$(wrk_run "$CHUNK" "$ROOT/bench/server/token.lua" "$BASE/oauth2/token" "$SERVER_PID" "$envs")
    check_alive "$SERVER_PID" "$logfile"
    read -r rps _ _ _ requests _ _ _ server_us _ <<<"$line"
    ISSUED=$(( ISSUED + requests ))
    row="$ISSUED $rps $server_us $(awk -v k="$(rss_kib "$SERVER_PID")" 'BEGIN {printf "%.0f", k / 1024}') $($sizes) $(load1)"
    log "  $row"
    echo "$row" | tr ' ' '\t' >>"$RESULTS/growth-$name.tsv"
  done
  stop "$SERVER_PID"
  (( ISSUED > 0 )) || die "$name: no opaque token issued"
}

# On SQLite: the database file and its write-ahead log, apart (under sustained writes the WAL grows).
rm -rf "$WORK/opaque"; cp -r "$WORK/base" "$WORK/opaque"
file_mib() { [[ -f $1 ]] && awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f", b / 1048576}' || echo 0; }
sqlite_sizes() { echo "$(du -cb "$WORK"/opaque/tollgate.db* | awk 'END {printf "%.1f", $1 / 1048576}') $(file_mib "$WORK/opaque/tollgate.db") $(file_mib "$WORK/opaque/tollgate.db-wal")"; }
issue_opaque opaque "$WORK/opaque" "$WORK/opaque.log" sqlite_sizes
# Sealed opaque tokens are stored nowhere: the table must stay empty and the file must not grow.
stored=$(sqlite3 "$WORK/opaque/tollgate.db" 'SELECT count(*) FROM opaque_tokens')
(( stored == 0 )) || die "$stored opaque token rows written; sealed tokens must write none"
for db in "$WORK/opaque/tollgate.db" "$WORK/base/tollgate.db"; do sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null; done
jq -n --argjson issued "$ISSUED" --argjson stored "$stored" --argjson bytes "$(du -cb "$WORK"/opaque/tollgate.db* | awk 'END {print $1}')" \
  --argjson base "$(du -cb "$WORK"/base/tollgate.db* | awk 'END {print $1}')" \
  '{issued: $issued, stored: $stored, db_bytes: $bytes, empty_db_bytes: $base, bytes_per_token: (($bytes - $base) / $issued)}' >"$RESULTS/growth-opaque.json"
log "opaque: $(jq -c . "$RESULTS/growth-opaque.json")"

# On PostgreSQL (BENCH_POSTGRES=0 skips it): pg_database_size after a checkpoint, before and after.
if (( ${BENCH_POSTGRES:-1} )); then
  pg_conn=$("$ROOT/scripts/postgres.sh" start "$WORK/pg")
  PG_STARTED=1
  pg_field() { sed -E "s/.*$1=([^;]*).*/\1/" <<<"$pg_conn"; }
  pg_sql() { PGPASSWORD=$(pg_field Password) psql -h 127.0.0.1 -p "$(pg_field Port)" -U tollgate -d postgres -Atqc "$1"; }
  pg_bytes() { pg_sql 'CHECKPOINT' >/dev/null; pg_sql 'SELECT pg_database_size(current_database())'; }
  pg_sizes() { awk -v b="$(pg_sql 'SELECT pg_database_size(current_database())')" 'BEGIN {printf "%.1f %.1f 0", b / 1048576, b / 1048576}'; }
  export Tollgate__Storage__Provider=postgres Tollgate__Storage__ConnectionString="$(sed -E 's/Password=[^;]*;?//' <<<"$pg_conn")" \
    Tollgate__Storage__Password="$(pg_field Password)"
  start_tollgate "$WORK/pg-data" "$WORK/pg-setup.log"
  configure_tollgate
  BASE_AUTH=$CLIENT_AUTH
  stop "$SERVER_PID"
  pg_base=$(pg_bytes)
  issue_opaque pg-opaque "$WORK/pg-data" "$WORK/pg-opaque.log" pg_sizes
  pg_after=$(pg_bytes)
  unset Tollgate__Storage__Provider Tollgate__Storage__ConnectionString Tollgate__Storage__Password
  jq -n --argjson issued "$ISSUED" --argjson bytes "$pg_after" --argjson base "$pg_base" \
    '{issued: $issued, db_bytes: $bytes, configured_db_bytes: $base, bytes_per_token: (($bytes - $base) / $issued)}' >"$RESULTS/growth-pg-opaque.json"
  log "pg-opaque: $(jq -c . "$RESULTS/growth-pg-opaque.json")"
  # Nothing per token: a database that grew by a byte per token is writing something it must not.
  (( pg_after - pg_base < ISSUED )) || die "PostgreSQL grew by $(( pg_after - pg_base )) bytes over $ISSUED opaque tokens; sealed tokens must write nothing"
fi
log "growth results in $RESULTS"
