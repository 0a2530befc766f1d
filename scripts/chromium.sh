#!/usr/bin/env bash
# Debian's chromium for the admin console's browser tests (tests/Tollgate.Console.Tests): Playwright drives
# /usr/bin/chromium through ExecutablePath, so no Playwright browser download is needed. Installed when missing.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "scripts/chromium.sh: /usr/bin/chromium is missing; install it (apt-get install -y chromium) or run as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium
