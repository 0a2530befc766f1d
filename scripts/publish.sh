#!/usr/bin/env bash
# A self-contained `tollgate` for servers and containers: one executable per runtime, nothing to install.
#
#   scripts/publish.sh [RID ...]            ReadyToRun single file (the .NET runtime inside; every part,
#                                           the console too); default RIDs linux-x64 linux-arm64;
#                                           output out/publish/<rid>/tollgate
#   scripts/publish.sh --native [RID ...]   Native AOT (docs/native.md): machine code, starts in tens of
#                                           milliseconds, no console and no Swagger UI page; default RID
#                                           this machine's (cross-compiling needs that platform's linker);
#                                           output out/publish/<rid>-native/tollgate
# Warnings are errors in both, trimming and AOT analysis warnings included.
set -euo pipefail
cd "$(dirname "$0")/.."
native=0
if [[ "${1:-}" == "--native" ]]; then native=1; shift; fi
rids=("$@")
if [ ${#rids[@]} -eq 0 ]; then
  if (( native )); then rids=("linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"); else rids=(linux-x64 linux-arm64); fi
fi
for rid in "${rids[@]}"; do
  if (( native )); then
    out="out/publish/$rid-native"
    rm -rf "$out"
    dotnet publish src/Tollgate -c Release -r "$rid" -nologo -v:q -warnaserror \
      -p:PublishAot=true -p:StripSymbols=true -p:CopyOutputSymbolsToPublishDirectory=false -p:DebugType=none -o "$out"
    rm -f "$out"/*.pdb "$out"/*.xml "$out"/*.dbg "$out"/*.staticwebassets.*.json   # the console's asset map: no console here
  else
    out="out/publish/$rid"
    rm -rf "$out"
    dotnet publish src/Tollgate -c Release -r "$rid" --self-contained -nologo -v:q -warnaserror \
      -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishReadyToRun=true \
      -p:DebugType=none -o "$out"
  fi
  echo "$out/tollgate ($(du -h "$out/tollgate" | cut -f1))"
done
