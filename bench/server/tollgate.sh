# Starting and configuring Tollgate for the benchmarks (sourced after bench/lib.sh).
#   start_tollgate DATA_DIR LOG      sets SERVER_PID and BASE; waits for /health/ready
#   configure_tollgate               through the admin API: APIs https://{rs256,es256,opaque}.bench,
#                                    a client_secret_basic client granted all three, an introspector;
#                                    sets CLIENT_ID, CLIENT_SECRET, CLIENT_AUTH, INTROSPECTOR_AUTH
#   issue_pool URL AUTH BODY N FILE  N tokens from a token endpoint, one per line, or fails
# Needs ROOT (the repository), TOLLGATE_DLL (built) and LOG_LEVEL.

ROOT_SECRET="bench-root-secret-0123456789"

start_tollgate() { # data-dir log
  local port
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  Logging__LogLevel__Default=${LOG_LEVEL:-Warning} dotnet "$TOLLGATE_DLL" serve --urls "$BASE" \
    --Tollgate:DataDirectory="$1" --Tollgate:Bootstrap:RootClientSecret="$ROOT_SECRET" >"$2" 2>&1 &
  SERVER_PID=$!; started "$SERVER_PID"
  wait_ready "$BASE/health/ready" "$SERVER_PID" "$2" 120
}

admin_token() {
  curl -sf -u "tollgate-root:$ROOT_SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | jq -r .access_token
}

configure_tollgate() {
  local admin spec name format alg client introspector
  admin=$(admin_token) || die "no admin token from $BASE"
  admin_post() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$2" "$BASE$1" || die "admin POST $1 failed"; }
  for spec in rs256:jwt:RS256 es256:jwt:ES256 opaque:opaque:RS256; do
    IFS=: read -r name format alg <<<"$spec"
    admin_post /admin/apis "{\"identifier\":\"https://$name.bench\",\"name\":\"$name\",\"scopes\":[{\"value\":\"read:contacts\"},{\"value\":\"write:contacts\"}],\"token_format\":\"$format\",\"signing_alg\":\"$alg\",\"access_token_lifetime\":3600}" >/dev/null
  done
  client=$(admin_post /admin/clients '{"client_id":"bench","client_name":"bench","token_endpoint_auth_method":"client_secret_basic"}')
  CLIENT_ID=$(jq -r .client_id <<<"$client"); CLIENT_SECRET=$(jq -r .client_secret <<<"$client")
  for name in rs256 es256 opaque; do
    admin_post /admin/grants "{\"client_id\":\"$CLIENT_ID\",\"audience\":\"https://$name.bench\",\"scope\":[\"read:contacts\",\"write:contacts\"]}" >/dev/null
  done
  introspector=$(admin_post /admin/clients '{"client_id":"bench-introspector","client_name":"bench-introspector","token_endpoint_auth_method":"client_secret_basic","allow_introspection":true}')
  # Ids and generated secrets are URL-safe, so Basic needs no form-encoding here.
  CLIENT_AUTH="Basic $(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
  INTROSPECTOR_AUTH="Basic $(printf '%s:%s' "$(jq -r .client_id <<<"$introspector")" "$(jq -r .client_secret <<<"$introspector")" | base64 -w0)"
}

issue_pool() { # token-url authorization body count file
  local i
  for i in $(seq 1 "$4"); do
    (( i > 1 )) && echo next
    printf 'url = "%s"\nheader = "Authorization: %s"\ndata = "%s"\nwrite-out = "\\n"\n' "$1" "$2" "$3"
  done >"$WORK/pool.curl"
  curl -s -K "$WORK/pool.curl" | jq -r 'select(.access_token) | .access_token' >"$5"
  [[ $(wc -l <"$5") -eq $4 ]] || die "expected $4 pool tokens from $1, got $(wc -l <"$5")"
}
