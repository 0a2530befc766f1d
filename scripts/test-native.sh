#!/usr/bin/env bash
# The AWS authorizer's process tests against the published Native AOT `bootstrap`, so that a trimming
# or AOT break (reflection that the JIT build tolerates) fails CI. Publishes once (deploy/aws/package.sh
# into a temporary directory), then runs, with TOLLGATE_BOOTSTRAP naming that executable:
#   - tests/Tollgate.Aws.Tests  InvokeProcessTests: invoke mode on every event kind, exit codes, init errors
#     in both modes (the Lambda init/error post); EmfProcessTests: Lambda mode's CloudWatch EMF lines on stdout
#     (counts per decision kind and reason, TOLLGATE_METRICS=off, bad metrics settings), invoke --emf;
#   - tests/Tollgate.Interop.Tests  all but the encrypt-cookie CLI test (JwtBearer, Node clients, persistence, the
#     revocation feed), against a real Tollgate server; among them Aws/* and TokenHandlerTests: REST TOKEN,
#     REST REQUEST, HTTP API v2 simple and IAM in invoke mode with real RS256/ES256 tokens and the JWKS over
#     loopback, Lambda mode on the Runtime API, the revocation feed, token-handler cookies with the phantom
#     exchange through introspection.
# and the server as a Native AOT executable too (scripts/publish.sh --native), named by TOLLGATE_EXE, so the
# same Interop runs start the native `tollgate serve` (token, introspection, revocation feed, admin API,
# routes, the token handler's introspection), and then, through real nginx, tests/Tollgate.EndToEnd.Tests
# AccessMatrixTests, RefusalTests and TokenHandlerTests against it (decisions on the contacts matrix, refusals, and
# serve's own token handler bound from Tollgate:Decisions:TokenHandler:* flags: cookies, CSRF, CORS, the phantom exchange).
# Expects the test projects built (scripts/test.sh builds them first; or pass BUILD=1).
# Usage: scripts/test-native.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BUILD:-0}" == "1" ]]; then
  dotnet build tests/Tollgate.Aws.Tests/Tollgate.Aws.Tests.csproj -c Debug -warnaserror -v:q -nologo
  dotnet build tests/Tollgate.Interop.Tests/Tollgate.Interop.Tests.csproj -c Debug -warnaserror -v:q -nologo
  dotnet build tests/Tollgate.EndToEnd.Tests/Tollgate.EndToEnd.Tests.csproj -c Debug -warnaserror -v:q -nologo
fi

dist=$(mktemp -d -t tollgate-native-aws.XXXXXX)
trap 'rm -rf "$dist"' EXIT
started=$(date +%s)
BUILD=native DIST="$dist" deploy/aws/package.sh >"$dist/publish.log" 2>&1 || { cat "$dist/publish.log" >&2; exit 1; }
tail -n 1 "$dist/publish.log"
echo "Native AOT publish: $(( $(date +%s) - started )) s"

export TOLLGATE_BOOTSTRAP="$dist/publish-linux-x64/bootstrap"
# A native executable, not an apphost for bootstrap.dll: no managed assembly next to it.
if [[ -e "$dist/publish-linux-x64/bootstrap.dll" ]]; then echo "test-native.sh: $dist holds bootstrap.dll: not a Native AOT build" >&2; exit 1; fi

server_started=$(date +%s)
scripts/publish.sh --native >"$dist/publish-server.log" 2>&1 || { cat "$dist/publish-server.log" >&2; exit 1; }
tail -n 1 "$dist/publish-server.log"
echo "Native AOT server publish: $(( $(date +%s) - server_started )) s"
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
export TOLLGATE_EXE="$PWD/out/publish/$rid-native/tollgate"
if [[ -e "$(dirname "$TOLLGATE_EXE")/tollgate.dll" ]]; then echo "test-native.sh: tollgate.dll next to $TOLLGATE_EXE: not a Native AOT build" >&2; exit 1; fi

dotnet test tests/Tollgate.Aws.Tests/Tollgate.Aws.Tests.csproj -c Debug --no-build -v:q -nologo \
  --filter "FullyQualifiedName~Tollgate.Aws.Tests.Local.InvokeProcessTests|FullyQualifiedName~Tollgate.Aws.Tests.Metrics.EmfProcessTests" "$@"
dotnet test tests/Tollgate.Interop.Tests/Tollgate.Interop.Tests.csproj -c Debug --no-build -v:q -nologo \
  --filter "FullyQualifiedName!~Tollgate.Interop.Tests.EncryptCookieCliTests" "$@"
dotnet test tests/Tollgate.EndToEnd.Tests/Tollgate.EndToEnd.Tests.csproj -c Debug --no-build -v:q -nologo \
  --filter "FullyQualifiedName~Tollgate.EndToEnd.Tests.AccessMatrixTests|FullyQualifiedName~Tollgate.EndToEnd.Tests.RefusalTests|FullyQualifiedName~Tollgate.EndToEnd.Tests.TokenHandlerTests" "$@"
echo "Native AOT tests: $(( $(date +%s) - started )) s in all"
