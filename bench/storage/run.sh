#!/usr/bin/env bash
# SQLite connection handling, in-process (why SqliteDatabase uses Microsoft.Data.Sqlite's pool and
# configures each native connection once).   bench/storage/run.sh [queries per round] [rounds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dotnet run -c Release --project Tollgate.Storage.Bench -- "$@"
