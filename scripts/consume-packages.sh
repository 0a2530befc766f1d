#!/usr/bin/env bash
# Packs the NuGet packages, then restores and runs tests/packages/Consumer from them as a user
# would (its nuget.config points at artifacts/packages). The environment names a running Tollgate
# server (see tests/packages/Consumer/Program.cs). Run by PackagesConsumerTests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/pack.sh >/dev/null
rm -rf artifacts/consumer-packages/tollgate.*
dotnet run --project tests/packages/Consumer -c Release -v:q -nologo
