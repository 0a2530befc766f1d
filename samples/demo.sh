#!/usr/bin/env bash
# The README quickstart in one go: builds Tollgate and the contacts sample, starts Tollgate, the
# contacts API and nginx (deploy/nginx, auth_request to Tollgate) on free loopback ports in a
# temporary directory, sets everything up through the admin API, and calls the API through nginx
# as a read service, a write service and strangers, printing each status next to the expected one.
#
#   samples/demo.sh            # exits 1 if any answer differs from the expected status
#   KEEP=1 samples/demo.sh     # leaves everything running until Enter is pressed, to try more calls
#
# Needs the .NET 10 SDK, curl, jq and nginx (with the auth_request module); installs the last
# three with apt-get when missing and run as root. Stops everything it started, by pid, on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d -t tollgate-demo.XXXXXX)
PIDS=()
API=https://contacts.example

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
say() { printf '\n%s%s%s\n' "$BOLD" "$*" "$PLAIN"; }
die() { echo "demo.sh: $*" >&2; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- Tools ------------------------------------------------------------------------------------------
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
[ -n "$NGINX" ] || missing+=(nginx-light)
if (( ${#missing[@]} )); then
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (apt-get install -y ${missing[*]}) or run as root"
  say "Installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi

say "Building src/Tollgate and samples/Contacts"
dotnet build "$ROOT/src/Tollgate" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "build failed"; }
dotnet build "$ROOT/samples/Contacts" -nologo -v q >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "build failed"; }

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port"
}

wait_for() { # url pid log
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { cat "$3"; die "process $2 exited before $1 answered"; }
    curl -sf -o /dev/null "$1" && return
    sleep 0.1
  done
  die "$1 did not answer within 60 s"
}

TOLLGATE_PORT=$(free_port); CONTACTS_PORT=$(free_port); GATEWAY_PORT=$(free_port)
T=http://127.0.0.1:$TOLLGATE_PORT
G=http://127.0.0.1:$GATEWAY_PORT

# --- 1. Tollgate ----------------------------------------------------------------------------------
say "1. Starting Tollgate on $T (data in $WORK/data)"
Logging__LogLevel__Default=Warning dotnet "$ROOT/src/Tollgate/bin/Debug/net10.0/tollgate.dll" serve \
  --urls "$T" --Tollgate:DataDirectory="$WORK/data" >"$WORK/tollgate.log" 2>&1 &
PIDS+=($!); wait_for "$T/health/ready" "$!" "$WORK/tollgate.log"

ROOT_SECRET=$(jq -r .client_secret "$WORK/data/root-client.json")
ADMIN=$(curl -s -u "tollgate-root:$ROOT_SECRET" -d grant_type=client_credentials "$T/oauth2/token" | jq -r .access_token)
adm() { curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$@"; }

# --- 2. The API, its scopes and its route rules ------------------------------------------------------
say "2. Registering the API $API with read:contacts and write:contacts, and its route rules"
adm "$T/admin/apis" -d '{"identifier":"'$API'","name":"Contacts",
  "scopes":[{"value":"read:contacts"},{"value":"write:contacts"}]}' | jq -c '{id, identifier, scopes: [.scopes[].value]}'
adm -X PUT "$T/admin/apis/https%3A%2F%2Fcontacts.example/routes" -d '{"rules":[
  {"route":"GET /contacts",         "any":["read:contacts","write:contacts"]},
  {"route":"GET /contacts/{id}",    "any":["read:contacts","write:contacts"]},
  {"route":"POST /contacts",        "scopes":["write:contacts"]},
  {"route":"PUT /contacts/{id}",    "scopes":["write:contacts"]},
  {"route":"DELETE /contacts/{id}", "scopes":["write:contacts"]}]}' | jq -c '[.rules[].route]'

# --- 3. Two services and their grants ----------------------------------------------------------------
say "3. A read service and a write service, with their grants"
READER=$(adm "$T/admin/clients" -d '{"client_name":"read service"}')
WRITER=$(adm "$T/admin/clients" -d '{"client_name":"write service"}')
adm "$T/admin/grants" -d '{"client_id":"'"$(jq -r .client_id <<<"$READER")"'","audience":"'$API'","scope":["read:contacts"]}' | jq -c '{client_id, scope}'
adm "$T/admin/grants" -d '{"client_id":"'"$(jq -r .client_id <<<"$WRITER")"'","audience":"'$API'","scope":["read:contacts","write:contacts"]}' | jq -c '{client_id, scope}'

# --- 4. Tokens -------------------------------------------------------------------------------------
say "4. Each service gets a token (client credentials)"
token() { curl -s -u "$(jq -r .client_id <<<"$1"):$(jq -r .client_secret <<<"$1")" \
  -d grant_type=client_credentials -d audience=$API "$T/oauth2/token" | jq -r .access_token; }
READ_TOKEN=$(token "$READER"); WRITE_TOKEN=$(token "$WRITER")
echo "read service:  ${READ_TOKEN:0:40}…"
echo "write service: ${WRITE_TOKEN:0:40}…"

# --- 5. The contacts API and nginx -----------------------------------------------------------------
say "5. Starting the contacts API on :$CONTACTS_PORT and nginx on :$GATEWAY_PORT"
(cd "$WORK" && exec dotnet "$ROOT/samples/Contacts/bin/Debug/net10.0/Contacts.dll" --urls "http://127.0.0.1:$CONTACTS_PORT" \
  --Contacts:Database="$WORK/contacts.db" >"$WORK/contacts.log" 2>&1) &
PIDS+=($!); wait_for "http://127.0.0.1:$CONTACTS_PORT/health" "$!" "$WORK/contacts.log"
LISTEN_PORT=127.0.0.1:$GATEWAY_PORT TOLLGATE_UPSTREAM=127.0.0.1:$TOLLGATE_PORT CONTACTS_UPSTREAM=127.0.0.1:$CONTACTS_PORT \
  API_AUDIENCE=$API "$ROOT/deploy/nginx/render.sh" "$WORK/gw"
"$NGINX" -p "$WORK/gw" -c "$WORK/gw/nginx.conf" -e "$WORK/gw/logs/error.log" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
PIDS+=($!); wait_for "$G/health" "$!" "$WORK/nginx.log"

# --- 6. Calls through nginx ------------------------------------------------------------------------
say "6. Calling the API through nginx"
FAILED=0
call() { # expected who method path [json]
  local expected=$1 who=$2 method=$3 path=$4 json=${5:-} token=() body=() status
  case $who in read) token=(-H "Authorization: Bearer $READ_TOKEN") ;; write) token=(-H "Authorization: Bearer $WRITE_TOKEN") ;;
    garbage) token=(-H "Authorization: Bearer not-a-token") ;; esac
  [ -n "$json" ] && body=(-H 'Content-Type: application/json' -d "$json")
  status=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$method" "${token[@]}" "${body[@]}" "$G$path")
  local mark=ok; [ "$status" = "$expected" ] || { mark="EXPECTED $expected"; FAILED=1; }
  printf '%-8s %-7s %-14s -> %s %-3s %s\n' "$who" "$method" "$path" "$status" "$mark" "$(head -c 110 "$WORK/body")"
}
call 401 nobody  GET    /contacts
call 401 garbage GET    /contacts
call 200 read    GET    /contacts
call 403 read    POST   /contacts '{"name":"Ada Lovelace"}'
call 201 write   POST   /contacts '{"name":"Ada Lovelace","email":"ada@example.com"}'
call 200 read    GET    /contacts/1
call 403 read    DELETE /contacts/1
call 200 write   PUT    /contacts/1 '{"name":"Ada King","email":"ada@example.com"}'
call 204 write   DELETE /contacts/1
call 404 read    GET    /contacts/1

say "7. The read service's token is revoked: refused on the next call"
curl -sf -u "$(jq -r .client_id <<<"$READER"):$(jq -r .client_secret <<<"$READER")" -d token="$READ_TOKEN" "$T/oauth2/revoke"
call 401 read    GET    /contacts

echo
echo "nginx access log (client id and token id per request, never the token):"
tail -n 4 "$WORK/gw/logs/access.log"
if [ -n "${KEEP:-}" ]; then
  say "Running: Tollgate $T, gateway $G (READ_TOKEN and WRITE_TOKEN above). Press Enter to stop everything."
  echo "export T=$T G=$G WRITE_TOKEN=$WRITE_TOKEN"
  read -r _
fi
(( FAILED == 0 )) || die "some answers differ from the expected status (see above)"
say "Done: every answer as expected."
