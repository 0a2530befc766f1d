#!/usr/bin/env bash
# Renders tollgate.conf.template into a standalone nginx config (sed only, no envsubst needed).
#
#   LISTEN_PORT=8080 TOLLGATE_UPSTREAM=127.0.0.1:5000 CONTACTS_UPSTREAM=127.0.0.1:5080 \
#   API_AUDIENCE=https://contacts.example [TOKEN_HANDLER=on] [TLS_CERT=server.crt TLS_KEY=server.key] \
#     deploy/nginx/render.sh OUT_DIR      # writes OUT_DIR/nginx.conf, creates OUT_DIR/logs and OUT_DIR/tmp
#   deploy/nginx/render.sh -              # prints the config instead
#
# LISTEN_PORT is a port or address:port (127.0.0.1:8080, [::1]:8080); the upstreams are host:port;
# API_AUDIENCE is the API's identifier in Tollgate (an absolute URI or URN: the tokens' audience).
# TOKEN_HANDLER=on (default off) keeps the template's lines marked "#th#": browser apps with cookies, CORS
# preflights answered by Tollgate, its CORS headers copied onto every answer, Cookie not sent upstream.
# TLS_CERT and TLS_KEY (PEM file paths, both or neither) keep the lines marked "#tls#": HTTPS, optional
# client certificates forwarded to Tollgate (X-Client-Cert) for certificate-bound tokens (docs/mtls.md).
# Then run: nginx -p OUT_DIR -c OUT_DIR/nginx.conf -e OUT_DIR/logs/error.log -g 'daemon off;'
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUT_DIR|-}

LISTEN_PORT=${LISTEN_PORT:-8080}
TOLLGATE_UPSTREAM=${TOLLGATE_UPSTREAM:-127.0.0.1:5000}
CONTACTS_UPSTREAM=${CONTACTS_UPSTREAM:-127.0.0.1:5080}
API_AUDIENCE=${API_AUDIENCE:-https://contacts.example}
TOKEN_HANDLER=${TOKEN_HANDLER:-off}
TLS_CERT=${TLS_CERT:-}
TLS_KEY=${TLS_KEY:-}

check() { # name value pattern expectation
  if ! [[ $2 =~ $3 ]]; then echo "render.sh: $1='$2' is not $4" >&2; exit 2; fi
}
check LISTEN_PORT "$LISTEN_PORT" '^(([0-9.]+|\[[0-9A-Fa-f:.]+\]):)?[0-9]{1,5}$' 'a port or address:port'
check TOLLGATE_UPSTREAM "$TOLLGATE_UPSTREAM" '^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$' 'host:port'
check CONTACTS_UPSTREAM "$CONTACTS_UPSTREAM" '^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$' 'host:port'
# A URI's characters minus those that would end nginx's quoted string, start a variable ($) or
# mean something to sed (| & \): scheme ":" then unreserved, sub-delims and / ? # [ ] @ %.
check TOKEN_HANDLER "$TOKEN_HANDLER" '^(on|off)$' 'on or off'
if [ -n "$TLS_CERT$TLS_KEY" ]; then
  check TLS_CERT "$TLS_CERT" '^[A-Za-z0-9._/-]+$' 'a file path of letters, digits and . _ / -'
  check TLS_KEY "$TLS_KEY" '^[A-Za-z0-9._/-]+$' 'a file path of letters, digits and . _ / -'
fi
check API_AUDIENCE "$API_AUDIENCE" '^[A-Za-z][A-Za-z0-9+.-]*:[]A-Za-z0-9._~:/?#[@!()*+,;=%-]+$' 'an absolute URI or URN without quotes, spaces, $, | or &'

render() {
  local token_handler='/^ *#th#/d' tls='/^ *#tls#/d' plain='s|^\( *\)#plain# |\1|'
  [ "$TOKEN_HANDLER" = on ] && token_handler='s|^\( *\)#th# \{0,1\}|\1|'
  if [ -n "$TLS_CERT" ]; then tls='s|^\( *\)#tls# |\1|'; plain='/^ *#plain#/d'; fi
  sed -e "$token_handler" -e "$tls" -e "$plain" \
      -e "s|\${TLS_CERT}|${TLS_CERT}|g" \
      -e "s|\${TLS_KEY}|${TLS_KEY}|g" \
      -e "s|\${LISTEN_PORT}|${LISTEN_PORT}|g" \
      -e "s|\${TOLLGATE_UPSTREAM}|${TOLLGATE_UPSTREAM}|g" \
      -e "s|\${CONTACTS_UPSTREAM}|${CONTACTS_UPSTREAM}|g" \
      -e "s|\${API_AUDIENCE}|${API_AUDIENCE}|g" \
      "$here/tollgate.conf.template"
}

if [ "$out" = "-" ]; then render; exit 0; fi
mkdir -p "$out/logs" "$out/tmp"
render > "$out/nginx.conf"
echo "render.sh: wrote $out/nginx.conf" >&2
