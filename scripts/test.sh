#!/usr/bin/env bash
# The whole test suite, from a fresh clone on a bare machine: installs what the tests need
# (the .NET SDK must be present; npm packages, nginx, caddy, haproxy, PostgreSQL, Debian's chromium) and runs every test project.
# Then the AWS authorizer's process tests again, against its published Native AOT build (scripts/test-native.sh;
# about 1.5 min, most of it the native link; TOLLGATE_TEST_NATIVE=0 skips it), and the container image with podman
# (scripts/test-container.sh: publish, image from Debian packages, run read-only; TOLLGATE_TEST_CONTAINER=0 skips it).
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v caddy >/dev/null || need_apt+=(caddy)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need_apt+=(haproxy)
# Native AOT links with the system's C toolchain.
command -v clang >/dev/null || command -v gcc >/dev/null || need_apt+=(clang)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"; else
    echo "scripts/test.sh: missing ${need_apt[*]}; install them or run as root" >&2; exit 1; fi
fi

# The admin console's browser tests (tests/Tollgate.Console.Tests) drive Debian's chromium through Playwright.
scripts/chromium.sh

if [ -f tests/interop/package-lock.json ] && [ ! -d tests/interop/node_modules ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet build Tollgate.slnx -c Debug -warnaserror -v:q -nologo

# One throwaway PostgreSQL server for every test project (each test makes its own database);
# installed when missing, stopped by pid when the run ends, whatever its outcome.
if [ -z "${TOLLGATE_TEST_POSTGRES:-}" ]; then
  pg_dir=$(mktemp -d -t tollgate-test-pg.XXXXXX)
  trap 'scripts/postgres.sh stop "$pg_dir/pg"; rm -rf "$pg_dir"' EXIT
  trap 'exit 130' INT TERM   # so that an interrupted run still stops its PostgreSQL
  TOLLGATE_TEST_POSTGRES=$(scripts/postgres.sh start "$pg_dir/pg")
  export TOLLGATE_TEST_POSTGRES
fi

# Each project also writes a TRX file, so that a failed run prints every failure's message and stack
# (the console output at -v:q names the failed tests only).
results=$(mktemp -d -t tollgate-test-results.XXXXXX)
if ! dotnet test Tollgate.slnx -c Debug --no-build -v:q -nologo --logger trx --results-directory "$results" "$@"; then
  if ! command -v python3 > /dev/null; then grep -h -A12 '<Message>' "$results"/*.trx | cut -c1-400; rm -rf "$results"; exit 1; fi
  python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") == "Failed":
            info = r.find(".//t:ErrorInfo", ns)
            text = lambda tag: (info.findtext("t:" + tag, "", ns) if info is not None else "").strip()
            print(f"\n=== FAILED {r.get('testName')}\n{text('Message')}\n{text('StackTrace')[:3000]}")
PY
  rm -rf "$results"
  exit 1
fi
rm -rf "$results"

if [ "${TOLLGATE_TEST_NATIVE:-1}" != 0 ]; then
  scripts/test-native.sh
fi

if [ "${TOLLGATE_TEST_CONTAINER:-1}" != 0 ]; then
  scripts/test-container.sh
fi
