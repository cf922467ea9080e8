#!/usr/bin/env bash
# CI: the container image builds, runs as an unprivileged user, serves
# /healthz, /readyz and /status, reports healthy, stops cleanly on SIGTERM,
# keeps its data in the volume for the next container, and reads a mounted
# proxypulse.yaml. Installs and starts Docker's engine when missing (and
# stops the one it started). Usage: .ci/docker/check-image.sh [--keep-image]
#
# The containers use the host's network and listen on 127.0.0.1 only: no
# traffic leaves loopback (the engine started here has no bridge network).
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE=proxypulse:ci
NAME=proxypulse-ci-$$
VOLUME=proxypulse-ci-data-$$
keep_image=0
[ "${1:-}" = "--keep-image" ] && keep_image=1
started=$SECONDS
work="$(mktemp -d)"
dockerd_pid=""
containers=()

say() { echo "[docker-check +$((SECONDS - started))s] $*"; }
fail() { echo "[docker-check] FAILED: $*" >&2; exit 1; }

cleanup() {
  local code=$?
  if [ "$code" != 0 ]; then
    for c in "${containers[@]}"; do
      echo "----- logs of container $c -----" >&2
      docker logs "$c" >&2 2>&1 || true
      docker inspect --format 'state: {{json .State}}' "$c" >&2 2>/dev/null || true
    done
  fi
  for c in "${containers[@]}"; do docker rm -f "$c" > /dev/null 2>&1 || true; done
  docker volume rm -f "$VOLUME" > /dev/null 2>&1 || true
  if [ "$keep_image" = 0 ] && [ -n "$(docker image ls -q "$IMAGE" 2>/dev/null)" ]; then
    docker image rm -f "$IMAGE" > /dev/null 2>&1 || true
    docker image prune -f > /dev/null 2>&1 || true # the build stage's layers; the base images stay for the next run
  fi
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2> /dev/null || true
    for _ in $(seq 30); do kill -0 "$dockerd_pid" 2> /dev/null || break; sleep 1; done
  fi
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT

# 1. The engine.
if ! command -v dockerd > /dev/null; then
  say "installing docker.io"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io > /dev/null
fi
if ! docker info > /dev/null 2>&1; then
  say "starting dockerd"
  dockerd --bridge=none --iptables=false > "$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 60); do docker info > /dev/null 2>&1 && break; sleep 1; done
  docker info > /dev/null 2>&1 || { tail -20 "$work/dockerd.log" >&2; fail "dockerd did not start"; }
fi
say "engine $(docker version --format '{{.Server.Version}}')"

# 2. The base images, then the project's image.
bash .ci/docker/build-base-image.sh
say "building $IMAGE"
docker build --network host --force-rm -t "$IMAGE" . > "$work/build.log" 2>&1 || { tail -60 "$work/build.log" >&2; fail "docker build"; }
say "built: $(docker image ls --format '{{.Size}}' "$IMAGE")"

free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
# HTTP status of GET http://127.0.0.1:PORT/PATH (000 when nothing answers).
http_status() { node -e "fetch('http://127.0.0.1:$1$2').then((r) => console.log(r.status), () => console.log('000'))"; }
wait_for() { # port path
  for _ in $(seq 120); do
    [ "$(http_status "$1" "$2")" = 200 ] && return 0
    [ "$(docker inspect --format '{{.State.Running}}' "${containers[-1]}")" = true ] || fail "the container stopped"
    sleep 1
  done
  fail "GET $2 did not answer 200 within 120 s"
}
run() { # name port [extra docker run args]
  local name=$1 port=$2
  shift 2
  containers+=("$name")
  docker run -d --name "$name" --network host -e HOST=127.0.0.1 -e PORT="$port" \
    --health-interval 2s --health-start-period 60s \
    -v "$VOLUME:/data" "$@" "$IMAGE" > /dev/null
}
# Whether a container's log has a line matching PATTERN (read whole first: with
# pipefail, `docker logs | grep -q` fails when grep stops reading early).
log_has() { docker logs "$1" > "$work/container.log" 2>&1 && grep -q -- "$2" "$work/container.log"; }
data_fingerprint() { docker exec "$1" sha256sum /data/admin.token /data/secret.key | awk '{print $1}' | tr '\n' ' '; }

# 3. First container: a new volume, the built-in configuration.
docker volume create "$VOLUME" > /dev/null
port=$(free_port)
run "$NAME-1" "$port"
wait_for "$port" /healthz
say "first container answers /healthz"
for path in /readyz /status /api/status /login; do
  status=$(http_status "$port" "$path")
  [ "$status" = 200 ] || fail "GET $path answered $status"
done
uid=$(docker exec "$NAME-1" awk '/^Uid:/ { print $2 }' /proc/1/status)
[ "$uid" != 0 ] || fail "the server runs as root"
say "server process runs as uid $uid ($(docker exec "$NAME-1" id -un))"
docker exec "$NAME-1" sh -c 'touch /app/x 2> /dev/null' && fail "the app's files are writable by the server's user"
docker exec "$NAME-1" proxypulse --version > /dev/null || fail "the proxypulse command does not run in the image"
for _ in $(seq 60); do
  health=$(docker inspect --format '{{.State.Health.Status}}' "$NAME-1")
  [ "$health" = healthy ] && break
  sleep 1
done
[ "$health" = healthy ] || fail "HEALTHCHECK says $health"
say "HEALTHCHECK: healthy"
log_has "$NAME-1" "Configuration: built-in defaults" || fail "the first start did not use the built-in configuration"
log_has "$NAME-1" "Generated an admin token" || fail "the first start did not generate an admin token"
before=$(data_fingerprint "$NAME-1")
docker exec "$NAME-1" test -s /data/proxypulse.db || fail "no database in /data"

# 4. SIGTERM (docker stop): the app's own handler exits 0.
docker stop -t 30 "$NAME-1" > /dev/null
code=$(docker inspect --format '{{.State.ExitCode}}' "$NAME-1")
[ "$code" = 0 ] || fail "docker stop: exit code $code"
log_has "$NAME-1" "SIGTERM: stopping" || fail "SIGTERM did not reach the app's handler"
say "docker stop: clean exit"
docker rm "$NAME-1" > /dev/null

# 5. A new container on the same volume, with a proxypulse.yaml mounted read-only.
mkdir -p "$work/config"
cat > "$work/config/proxypulse.yaml" <<'YAML'
intervalSeconds: 3600
targets:
  - name: ci-target
    baseUrl: http://127.0.0.1:9/v1
    probe: models
proxies:
  - name: ci-direct
    url: direct
YAML
chmod 755 "$work" "$work/config"
chmod 644 "$work/config/proxypulse.yaml"
port=$(free_port)
run "$NAME-2" "$port" -v "$work/config:/config:ro"
wait_for "$port" /readyz
[ "$(data_fingerprint "$NAME-2")" = "$before" ] || fail "admin.token or secret.key changed across containers"
log_has "$NAME-2" "Generated an admin token" && fail "the second start generated a new admin token"
log_has "$NAME-2" "Configuration: /app/proxypulse.yaml" || fail "the mounted proxypulse.yaml was not read"
node -e "fetch('http://127.0.0.1:$port/api/status').then((r) => r.text()).then((t) => process.exit(t.includes('ci-target') ? 0 : 1))" \
  || fail "/api/status does not list the mounted file's target"
say "second container: same admin token and secret key, the mounted proxypulse.yaml read"

say "docker image check passed in $((SECONDS - started)) s"
