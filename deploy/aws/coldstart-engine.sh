#!/usr/bin/env bash
# Cold start WITH the decision engine, on a real token: starts a local Tollgate server (fresh data
# directory, loopback port), creates the contacts API (RS256), a read client and its grant through
# the admin API, gets a token, writes a REST TOKEN event and the contacts route rules, then runs
# coldstart.sh (invoke mode) and coldstart-lambda.py (Lambda mode) against the published bootstrap.
# The JWKS is fetched from the server over loopback during each run: that is part of the measured cost.
#
#   deploy/aws/package.sh && deploy/aws/coldstart-engine.sh
#
# Environment: TOLLGATE_DLL   the server (default src/Tollgate/bin/Debug/net10.0/tollgate.dll; dotnet build src/Tollgate)
#              RUNS, WARMUP   passed to coldstart.sh (default 30 / 3); LAMBDA_RUNS for coldstart-lambda.py (default 15)
#              LAMBDA=0       skip the Lambda-mode measurement
#              MEASURE        a command run instead of coldstart.sh + coldstart-lambda.py, with EVENT and the engine's
#                             settings exported (coldstart-compare.sh: native vs ReadyToRun vs Node)
# Needs curl and jq. Stops the server it started (by its pid) on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
server_dll="${TOLLGATE_DLL:-$root/src/Tollgate/bin/Debug/net10.0/tollgate.dll}"
work="$(mktemp -d -t tollgate-coldstart-XXXXXX)"
secret="coldstart-root-secret-0123456789"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
audience="https://contacts.example"

[[ -f "$server_dll" ]] || { echo "No server at $server_dll: dotnet build src/Tollgate (or set TOLLGATE_DLL)" >&2; exit 1; }

Logging__LogLevel__Default=Warning dotnet "$server_dll" serve --urls "$url" \
  "--Tollgate:DataDirectory=$work/data" "--Tollgate:Bootstrap:RootClientSecret=$secret" >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 300); do
  curl -fs "$url/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

token_for() { curl -fsS -u "$1:$2" -d grant_type=client_credentials ${3:+-d "audience=$3"} "$url/oauth2/token" | jq -r .access_token; }
admin="$(token_for tollgate-root "$secret")"
post() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$2" "$url$1"; }

post /admin/apis "{\"identifier\":\"$audience\",\"name\":\"contacts\",\"scopes\":[{\"value\":\"read:contacts\"},{\"value\":\"write:contacts\"}],\"token_format\":\"jwt\",\"signing_alg\":\"RS256\",\"access_token_lifetime\":3600}" >/dev/null
client="$(post /admin/clients '{"client_name":"read service","token_endpoint_auth_method":"client_secret_basic"}')"
client_id="$(jq -r .client_id <<<"$client")"
post /admin/grants "{\"client_id\":\"$client_id\",\"audience\":\"$audience\",\"scope\":[\"read:contacts\"]}" >/dev/null
token="$(token_for "$client_id" "$(jq -r .client_secret <<<"$client")" "$audience")"

jq --arg auth "Bearer $token" '.authorizationToken = $auth' "$here/samples/rest-token-event.json" >"$work/event.json"
cat >"$work/rules.yaml" <<'RULES'
rules:
  - route: GET /contacts
    scopes: [read:contacts]
  - route: GET /contacts/{id}
    scopes: [read:contacts]
  - route: POST /contacts
    scopes: [write:contacts]
  - route: PUT /contacts/{id}
    scopes: [write:contacts]
  - route: DELETE /contacts/{id}
    scopes: [write:contacts]
RULES

export TOKEN_ISSUER="$(curl -fsS "$url/.well-known/oauth-authorization-server" | jq -r .issuer)"
export JWKS_URI="$(curl -fsS "$url/.well-known/oauth-authorization-server" | jq -r .jwks_uri)"
export AUDIENCE="$audience" TOLLGATE_RULES_FILE="$work/rules.yaml"
echo "Server: $url (pid $server_pid); client $client_id; uptime: $(uptime)"
if [[ -n "${MEASURE:-}" ]]; then
  # Not CLIENT_ID/CLIENT_SECRET: those are the adapter's introspection settings.
  BENCH_TOKEN_URL="$url/oauth2/token" BENCH_CLIENT_ID="$client_id" BENCH_CLIENT_SECRET="$(jq -r .client_secret <<<"$client")" \
    EVENT="$work/event.json" "$MEASURE"
  exit
fi
DECISION= EVENT="$work/event.json" "$here/coldstart.sh"
if [[ "${LAMBDA:-1}" != "0" ]]; then
  python3 "$here/coldstart-lambda.py" --event "$work/event.json" --runs "${LAMBDA_RUNS:-15}"
fi
echo "uptime after: $(uptime)"
