# Sourced by bench/gateway/run.sh: prints the markdown report from $WORK/runs
# (lines "row round rps p50_ms p99_ms non200 requests cpu_us_per_request").

median_of() { # row column
  awk -v r="$1" -v c="$2" '$1 == r {print $c}' "$WORK/runs" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
# Median over rounds of (row_a column / row_b column), or of the difference with op "-".
paired() { # row_a row_b column op
  awk -v a="$1" -v b="$2" -v c="$3" -v op="$4" '
    $1 == a {x[$2] = $c} $1 == b {y[$2] = $c}
    END { for (k in x) if (k in y) print (op == "/" ? x[k] / y[k] : x[k] - y[k]) }' "$WORK/runs" \
    | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

RUNTIME=$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v = $2} END {print v}')
cat <<HEAD

## Gateway benchmark — $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)); ASP.NET Core $RUNTIME; $("$NGINX" -v 2>&1 | cut -d' ' -f3); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2).
Load before: \`${LOAD_BEFORE#*load average: }\`; after: \`${LOAD_AFTER#*load average: }\` (uptime load averages, 1/5/15 min).
$RUNS round(s) of ${DURATION}s per row, rows interleaved, medians; wrk -t$THREADS -c$CONNECTIONS (the -c1 rows: -t1 -c1); RS256 JWT; Tollgate, contacts and floor at log level Warning.

| Row | What | req/s | p50 ms | p99 ms | server CPU µs/req | non-200 |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
HEAD
describe() {
  case $1 in
    nginx-noauth) echo "nginx → contacts \`GET /contacts/1\`, no auth_request" ;;
    nginx-auth) echo "nginx → Tollgate \`/decisions\` → contacts, as deployed" ;;
    decisions) echo "Tollgate \`GET /decisions\` alone, valid token" ;;
    floor) echo "minimal ASP.NET Core GET (bench/server/floor)" ;;
    nginx-noauth-c1) echo "no auth_request, one connection" ;;
    nginx-auth-c1) echo "as deployed, one connection" ;;
    nginx-cookie) echo "nginx (TOKEN_HANDLER=on) → \`/decisions\` (cookies, phantom cache warm) → contacts, GET" ;;
    decisions-cookie) echo "Tollgate \`/decisions\` alone, a browser app's POST (origin, 2 decryptions, CSRF, phantom cache warm)" ;;
  esac
}
for row in "${ROWS[@]}"; do
  non200=$(awk -v r="$row" '$1 == r {s += $6} END {print s + 0}' "$WORK/runs")
  printf '| %s | %s | %.0f | %.2f | %.2f | %.0f | %d |\n' "$row" "$(describe "$row")" \
    "$(median_of "$row" 3)" "$(median_of "$row" 4)" "$(median_of "$row" 5)" "$(median_of "$row" 8)" "$non200"
done

OVER_C1=$(paired nginx-auth-c1 nginx-noauth-c1 4 -)
OVER_CN=$(paired nginx-auth nginx-noauth 4 -)
OVER_CPU=$(paired nginx-auth nginx-noauth 8 -)
RATIO=$(paired decisions floor 3 /)
verdict() { awk -v x="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<") ? x < t : x >= t; print ok ? "met" : "**missed**" }'; }
cat <<TAIL

"server CPU µs/req": CPU time of the processes on the path (nginx worker, contacts, and Tollgate
for the auth rows) per answered request, from /proc: the figure least moved by other load.

| Figure | Value (median over rounds of the paired difference or ratio) | Target |
| --- | ---: | --- |
| authorization overhead at p50, one connection (nginx-auth-c1 − nginx-noauth-c1) | $(printf '%.3f' "$OVER_C1") ms | < 1 ms: $(verdict "$OVER_C1" "<" 1) |
| authorization overhead at p50, $CONNECTIONS connections (nginx-auth − nginx-noauth) | $(printf '%.3f' "$OVER_CN") ms | (info) |
| authorization CPU per request, all processes (nginx-auth − nginx-noauth) | $(printf '%.0f' "$OVER_CPU") µs | (info) |
| \`/decisions\` req/s as a share of the minimal GET (decisions / floor) | $(awk -v r="$RATIO" 'BEGIN {printf "%.0f%%", 100 * r}') | ≥ 50%: $(verdict "$RATIO" ">=" 0.5) |
TAIL
if (( COOKIES )); then
  COOKIE_P50=$(paired nginx-cookie nginx-auth 4 -)
  COOKIE_CPU=$(paired nginx-cookie nginx-auth 8 -)
  COOKIE_RATIO=$(paired decisions-cookie decisions 3 /)
  cat <<COOKIES
| cookie vs bearer through nginx at p50, $CONNECTIONS connections (nginx-cookie − nginx-auth) | $(printf '%.3f' "$COOKIE_P50") ms | (info) |
| cookie vs bearer CPU per request, all processes (nginx-cookie − nginx-auth) | $(printf '%.0f' "$COOKIE_CPU") µs | (info) |
| cookie POST decisions/s as a share of bearer GET decisions/s (decisions-cookie / decisions) | $(awk -v r="$COOKIE_RATIO" 'BEGIN {printf "%.0f%%", 100 * r}') | (info) |
COOKIES
fi
