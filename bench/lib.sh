# Shared shell machinery of the benchmarks (sourced by bench/server/run.sh, bench/growth/run.sh and
# bench/run-all.sh). Expects `set -euo pipefail`, and WORK (a scratch directory) set by the caller.
# Every process started through `started PID` is stopped by its id when the script exits.

PIDS=()
CLK_TCK=$(getconf CLK_TCK)

log() { printf '%s\n' "$*" >&2; }
die() { log "${0##*/}: $*"; exit 1; }

started() { PIDS+=("$1"); }

stop_started() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
}

install_missing() { # tool[:debian-package] ...
  local missing=() spec tool package
  for spec in "$@"; do
    tool=${spec%%:*}; package=${spec#*:}
    command -v "$tool" >/dev/null || missing+=("$package")
  done
  (( ${#missing[@]} == 0 )) && return
  log "installing ${missing[*]} (apt-get)"
  apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
}

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port"
}

wait_ready() { # url pid log [seconds]
  local i tries=$(( ${4:-30} * 10 ))
  for i in $(seq 1 "$tries"); do
    kill -0 "$2" 2>/dev/null || { tail -40 "$3" >&2; die "process $2 exited before $1 was ready (its log's end is above)"; }
    curl -s -o /dev/null "$1" && return
    sleep 0.1
  done
  tail -40 "$3" >&2
  die "$1 not ready after ${4:-30} s"
}

# Fails, with the end of the process's log and its exit code, if it has died.
check_alive() { # pid log
  kill -0 "$1" 2>/dev/null && return
  local rc=0
  wait "$1" || rc=$?
  tail -40 "$2" >&2
  die "process $1 exited with code $rc during the benchmark (137 = killed by SIGKILL, 143 = SIGTERM); its log's end is above"
}

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# CPU ticks (user+system) used so far by a process, and by the whole machine.
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # 0 once gone: check_alive reports it
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# One wrk run with a Lua script of bench/server (common.lua: fails on any non-200 answer).
# Environment for the script: the lines "K=V" of $5. Prints
# "rps p50 p99 non200 requests server_cores wrk_cores other_cores server_us wrk_us".
wrk_run() { # seconds script url server_pid env-lines
  local seconds=$1 script=$2 url=$3 pid=$4 out="$WORK/wrk.out" t0 t1 m0 m1 wrk_cpu envs=()
  [[ -n ${5:-} ]] && mapfile -t envs <<<"$5"
  t0=$(proc_ticks "$pid"); m0=$(machine_busy_ticks)
  local TIMEFORMAT='%U %S'
  # Variables the Lua scripts read are cleared first, so none leaks in from the caller.
  { time env -u BENCH_TOKENS_FILE -u BENCH_AUTH_FILE -u BENCH_DPOP_FILE -u BENCH_AUTH -u BENCH_BODY -u BENCH_EXPECT "${envs[@]}" wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-64}" -d"${seconds}s" --latency -s "$script" "$url" >"$out" 2>&1; } 2>"$WORK/wrk.time" \
    || { cat "$out" >&2; die "wrk run against $url failed (see above)"; }
  t1=$(proc_ticks "$pid"); m1=$(machine_busy_ticks)
  wrk_cpu=$(awk '{print $1 + $2}' "$WORK/wrk.time")
  local result
  result=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "wrk printed no RESULT line"; }
  awk -v r="$result" -v s="$seconds" -v srv=$((t1 - t0)) -v all=$((m1 - m0)) -v w="$wrk_cpu" -v hz="$CLK_TCK" 'BEGIN {
    n = split(r, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
    server = srv / hz / s; wrkc = w / s; other = all / hz / s - server - wrkc; if (other < 0) other = 0
    printf "%s %s %s %s %s %.2f %.2f %.2f %.1f %.1f\n", v["rps"], v["p50_ms"], v["p99_ms"], v["non200"], v["requests"], server, wrkc, other,
      1e6 * server / v["rps"], 1e6 * wrkc / v["rps"] }'
}
