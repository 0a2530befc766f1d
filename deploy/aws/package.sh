#!/usr/bin/env bash
# Builds the Lambda deployment package: src/Tollgate.Aws as one Native AOT executable, `bootstrap`,
# at the root of the zip (runtime provided.al2023). No .NET runtime in the package, no JIT at start.
#
#   deploy/aws/package.sh                 # -> deploy/aws/dist/tollgate-authorizer-linux-x64.zip (Native AOT)
#   RID=linux-arm64 deploy/aws/package.sh # Graviton (set Architectures: arm64 in the templates; needs the arm64 cross linker)
#   BUILD=r2r deploy/aws/package.sh       # self-contained ReadyToRun instead (the build before Native AOT; see docs/aws.md)
#   BUILD=r2r TRIM=1 deploy/aws/package.sh      # ReadyToRun, also trim unused framework code (smaller zip)
#   BUILD=r2r COMPOSITE=0 deploy/aws/package.sh # per-assembly ReadyToRun: faster build, slower cold start
#   RULES_FILE=rules.yaml deploy/aws/package.sh  # ship a route rules file at /var/task/<name> (TOLLGATE_RULES_FILE)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rid="${RID:-linux-x64}"
dist="${DIST:-$root/deploy/aws/dist}"
publish="$dist/publish-$rid"
zipfile="$dist/tollgate-authorizer-$rid.zip"

build="${BUILD:-native}"
extra=()
case "$build" in
  native)
    # Zero trim/AOT warnings is enforced: warnings are errors here as everywhere (Directory.Build.props).
    extra+=(-p:PublishAot=true -p:StripSymbols=true -p:CopyOutputSymbolsToPublishDirectory=false)
    ;;
  r2r)
    extra+=(--self-contained -p:PublishReadyToRun=true)
    # Composite ReadyToRun: the framework and the app precompiled as one version bubble, so generic code
    # instantiated across assemblies (async state machines in HttpClient and the engine, collections
    # over our types) is precompiled too: 542 -> 209 methods JIT-compiled on a cold start with the engine.
    if [[ "${COMPOSITE:-1}" == "1" ]]; then
      extra+=(-p:PublishReadyToRunComposite=true)
    fi
    if [[ "${TRIM:-0}" == "1" ]]; then
      extra+=(-p:PublishTrimmed=true)
    fi
    ;;
  *) echo "BUILD must be native or r2r; got '$build'." >&2; exit 64 ;;
esac

rm -rf "$publish" "$zipfile"
mkdir -p "$dist"
dotnet publish "$root/src/Tollgate.Aws/Tollgate.Aws.csproj" \
  -c Release -r "$rid" \
  -p:DebugType=none -p:GenerateDocumentationFile=false \
  "${extra[@]}" \
  -o "$publish"
chmod +x "$publish/bootstrap"
if [[ -n "${RULES_FILE:-}" ]]; then
  cp "$RULES_FILE" "$publish/"
  echo "Rules file: set TOLLGATE_RULES_FILE=/var/task/$(basename "$RULES_FILE")"
fi

# bootstrap must be at the root of the zip, executable.
if command -v zip >/dev/null 2>&1; then
  (cd "$publish" && zip -q -r -9 "$zipfile" .)
elif command -v python3 >/dev/null 2>&1; then
  (cd "$publish" && python3 -m zipfile -c "$zipfile" ./*)
else
  echo "Neither zip nor python3 found: install zip (apt-get install -y zip)." >&2
  exit 1
fi

# The name the SAM and Serverless templates use: the package just built, whatever its architecture
# (set the templates' Architecture to arm64 for RID=linux-arm64).
cp "$zipfile" "$dist/tollgate-authorizer.zip"
echo "Package ($build): $zipfile ($(du -h "$zipfile" | cut -f1)); unzipped $(du -sh "$publish" | cut -f1)"
