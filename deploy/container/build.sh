#!/usr/bin/env bash
# Builds the Tollgate container image with podman, from nothing but Debian packages and this repository
# (no registry needed): a base root file system of the few libraries a self-contained .NET program loads
# (glibc, libstdc++, OpenSSL, ICU, zlib, CA certificates, time zones), then the image of deploy/container/Containerfile.
#
#   deploy/container/build.sh [TAG]      default tag: localhost/tollgate:latest
#   BASE=docker.io/library/debian:bookworm-slim deploy/container/build.sh   use a registry base instead
#   SKIP_PUBLISH=1 ...                   reuse out/publish/linux-x64/tollgate
set -euo pipefail
cd "$(dirname "$0")/../.."
tag=${1:-localhost/tollgate:latest}
base=${BASE:-localhost/tollgate-base:bookworm}

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
[ -n "${BASE:-}" ] || command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else echo "deploy/container/build.sh: missing ${need[*]}; install them or run as root" >&2; exit 1; fi
fi

[ "${SKIP_PUBLISH:-0}" = 1 ] && [ -x out/publish/linux-x64/tollgate ] || scripts/publish.sh linux-x64

work=$(mktemp -d -t tollgate-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "${BASE:-}" ] && ! podman image exists "$base"; then
  # --variant=extract unpacks exactly these packages (no shell, no package manager in the image).
  mmdebstrap --quiet --variant=extract --include=libc6,libgcc-s1,libstdc++6,libssl3,zlib1g,libicu72,tzdata,ca-certificates \
    bookworm "$work/root" http://deb.debian.org/debian
  root="$work/root"
  # What the packages' maintainer scripts would have made: the CA bundle, the users, the writable places.
  mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/var/lib/tollgate"
  find "$root/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat > "$root/etc/ssl/certs/ca-certificates.crt"
  printf 'root:x:0:0:root:/root:/sbin/nologin\ntollgate:x:65532:65532:tollgate:/var/lib/tollgate:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\ntollgate:x:65532:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  chown 65532:65532 "$root/var/lib/tollgate"
  chmod 0700 "$root/var/lib/tollgate"
  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/var/cache/apt" "$root/var/lib/apt/lists"
  tar -C "$root" --numeric-owner -cf "$work/base.tar" .
  podman import --quiet "$work/base.tar" "$base" >/dev/null
fi

cp deploy/container/Containerfile out/publish/linux-x64/tollgate "$work/"
podman build --quiet --runtime runc --build-arg "BASE=$base" -t "$tag" -f "$work/Containerfile" "$work" >/dev/null
echo "$tag ($(podman image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
