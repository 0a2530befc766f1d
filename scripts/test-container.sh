#!/usr/bin/env bash
# The container image end to end with podman (installed when missing): builds it (deploy/container/build.sh,
# which publishes the self-contained `tollgate` first), runs it with a read-only root file system and a named
# volume for the data directory, and checks: ready; runs as uid 65532, not root; a token from the root client;
# an admin change; a restart on the same volume keeps the keys (the old token still introspects active) and the
# change; the data directory's files belong to 65532 and are private. Every container and volume it makes is
# removed at the end, whatever the outcome. TOLLGATE_TEST_CONTAINER=0 makes scripts/test.sh skip it.
# Usage: scripts/test-container.sh        (SKIP_PUBLISH=1 reuses out/publish/linux-x64/tollgate)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
tag=localhost/tollgate:test-$$
name=tollgate-test-$$
volume=tollgate-test-data-$$
secret=container-root-secret-$$-0123456789
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }

deploy/container/build.sh "$tag"
cleanup() { podman rm -f "$name" >/dev/null 2>&1 || true; podman volume rm -f "$volume" >/dev/null 2>&1 || true; podman rmi -f "$tag" >/dev/null 2>&1 || true; }
trap cleanup EXIT
fail() { echo "test-container.sh: FAILED: $*" >&2; podman logs "$name" 2>&1 | tail -20 >&2 || true; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
run() {
  # runc and explicit limits: the sandboxes this runs in refuse crun's cgroup setup and podman's default rlimits.
  podman --runtime runc run -d --name "$name" --read-only --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 \
    -p "127.0.0.1:$port:8080" -v "$volume:/var/lib/tollgate" \
    -e Tollgate__Issuer=http://tollgate.container.test -e Tollgate__Bootstrap__RootClientSecret="$secret" "$tag" >/dev/null
  for _ in $(seq 1 60); do curl -sf "$base/health/ready" >/dev/null && return 0; sleep 0.5; done
  fail "not ready on $base within 30 s"
}
token() { curl -sf -u "$1:$2" -d grant_type=client_credentials ${3:+-d audience=$3} "$base/oauth2/token" | jq -r .access_token; }

run
[ "$(podman inspect --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}' "$name")" = "65532:65532 true" ] || fail "not the non-root user on a read-only root"
[ "$(podman top "$name" huser | tail -n 1 | tr -d ' ')" = 65532 ] || fail "the process does not run as uid 65532"
admin=$(token tollgate-root "$secret")
[ "${admin:-null}" != null ] || fail "no token for the root client"
curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$base/admin/apis" \
  -d '{"identifier":"https://orders.container.test","name":"Orders","scopes":[{"value":"read:orders"}]}' >/dev/null || fail "admin create API"
client=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$base/admin/clients" \
  -d '{"client_name":"reader","allow_introspection":true}') || fail "admin create client"
id=$(jq -r .client_id <<<"$client"); client_secret=$(jq -r .client_secret <<<"$client")
curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$base/admin/grants" \
  -d "{\"client_id\":\"$id\",\"audience\":\"https://orders.container.test\",\"scope\":[\"read:orders\"]}" >/dev/null || fail "admin grant"
before=$(token "$id" "$client_secret" https://orders.container.test)
[ "${before:-null}" != null ] || fail "no token for the new client"

podman stop -t 10 "$name" >/dev/null && podman rm "$name" >/dev/null
run
active=$(curl -sf -u "$id:$client_secret" -d "token=$before" "$base/oauth2/introspect" | jq -r .active)
[ "$active" = true ] || fail "after a restart on the same volume the earlier token is not active (keys or client lost)"
data=$(podman volume inspect --format '{{.Mountpoint}}' "$volume")
[ "$(stat -c %u "$data/tollgate.db")" = 65532 ] || fail "tollgate.db is not owned by 65532"
[ "$(stat -c %a "$data/system-secret")" = 600 ] || fail "the generated system secret is not private (mode $(stat -c %a "$data/system-secret"))"
echo "Container image tests passed: $(( $(date +%s) - started )) s in all"
