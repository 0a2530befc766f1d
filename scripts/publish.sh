#!/usr/bin/env bash
# A self-contained `tollgate` for servers and containers: one executable per runtime (the .NET
# runtime inside, nothing to install), ReadyToRun-compiled so it starts without JIT work.
#
#   scripts/publish.sh [RID ...]      default: linux-x64 linux-arm64; output in out/publish/<rid>/tollgate
set -euo pipefail
cd "$(dirname "$0")/.."
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)
for rid in "${rids[@]}"; do
  out="out/publish/$rid"
  rm -rf "$out"
  dotnet publish src/Tollgate -c Release -r "$rid" --self-contained -nologo -v:q -warnaserror \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishReadyToRun=true \
    -p:DebugType=none -o "$out"
  echo "$out/tollgate ($(du -h "$out/tollgate" | cut -f1))"
done
