#!/usr/bin/env bash
# A Docker Engine of its own inside a container, reached over TCP on 127.0.0.1 and sharing no folder with this machine:
# what a build host behind DOCKER_HOST=tcp://... or ssh://... is, for the remote-engine test and benchmarks/engines.sh.
#   tests/remote-engine.sh start [IMAGE...]   starts one, copies the images from this machine's engine into it unless it
#                                            has them, and prints "NAME tcp://127.0.0.1:PORT"
#   tests/remote-engine.sh stop NAME         removes the volumes builds made in it, then the engine and all it runs
# Its storage is a volume of its own, kept between runs, so that images loaded into it once are there the next time.
# It gets every capability but one instead of --privileged, which a machine whose root lacks CAP_SYS_RESOURCE (a
# sandbox) refuses; the cgroup folders are the host's, for its containers' limits.
set -euo pipefail
base_image="${BUILDKIT_TEST_BASE_IMAGE:-buildkit-base:bookworm}"
storage=buildkit-test-remote-engine-storage
unset DOCKER_HOST

case "${1:-}" in
  start)
    containerfile="FROM $base_image
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null && rm -rf /var/lib/apt/lists/*"
    image="buildkit-test-remote-engine:$(printf '%s' "$containerfile" | sha256sum | cut -c1-12)"
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      context="$(mktemp -d)"; trap 'rm -rf "$context"' EXIT
      printf '%s\n' "$containerfile" > "$context/Containerfile"
      DOCKER_BUILDKIT=0 docker build --quiet --tag "$image" --file "$context/Containerfile" "$context" >/dev/null
    fi
    name="buildkit-test-remote-engine-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    docker run --detach --rm --name "$name" --cap-add ALL --cap-drop SYS_RESOURCE \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
      --cgroupns=host --volume /sys/fs/cgroup:/sys/fs/cgroup:rw --volume "$storage:/var/lib/docker" --publish 127.0.0.1::2375 \
      "$image" dockerd --host tcp://0.0.0.0:2375 --tls=false --cgroup-parent="/$name" >/dev/null
    host="tcp://$(docker port "$name" 2375/tcp | head -n 1)"
    for _ in $(seq 1 60); do DOCKER_HOST="$host" docker info >/dev/null 2>&1 && break; sleep 1; done
    DOCKER_HOST="$host" docker info >/dev/null 2>&1 || { echo "remote-engine: the engine in $name did not answer within 60 s" >&2; docker logs "$name" 2>&1 | tail -n 20 >&2; docker rm -f "$name" >/dev/null; exit 1; }
    for loaded in "${@:2}"; do
      DOCKER_HOST="$host" docker image inspect "$loaded" >/dev/null 2>&1 || docker save "$loaded" | DOCKER_HOST="$host" docker load --quiet >/dev/null
    done
    echo "$name $host"
    ;;
  stop)
    name="${2:?usage: tests/remote-engine.sh stop NAME}"
    host="tcp://$(docker port "$name" 2375/tcp | head -n 1)"
    DOCKER_HOST="$host" docker volume ls --quiet | xargs --no-run-if-empty env DOCKER_HOST="$host" docker volume rm --force >/dev/null || true
    docker rm --force "$name" >/dev/null
    ;;
  *) echo "usage: tests/remote-engine.sh start [IMAGE...] | stop NAME" >&2; exit 2 ;;
esac
