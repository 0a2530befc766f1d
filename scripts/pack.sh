#!/usr/bin/env bash
# Packs the NuGet packages (Tollgate.Authorizer, Tollgate.Client, Tollgate.AspNetCore) into
# artifacts/packages. Usage: scripts/pack.sh [extra dotnet pack arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/packages
mkdir -p "$out"
rm -f "$out"/Tollgate.*.nupkg
meta=(-p:RepositoryCommit="$(git rev-parse HEAD 2>/dev/null || echo unknown)")
if url=$(git remote get-url origin 2>/dev/null); then meta+=(-p:RepositoryUrl="$url"); fi
for project in src/Tollgate.Authorizer src/Tollgate.Client src/Tollgate.AspNetCore; do
  dotnet pack "$project" -c Release -o "$out" -v:q -nologo -warnaserror "${meta[@]}" "$@"
done
ls "$out"
