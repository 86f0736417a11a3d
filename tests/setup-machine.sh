#!/usr/bin/env bash
# Prepares a fresh machine for BuildKit's tests: installs the real tools the integration tests drive, starts a
# Docker Engine, and makes the Debian base images the builder tests start FROM (no image can be pulled here).
# As root it installs what is missing with apt-get; otherwise it says exactly what is missing and how to get it.
# The tests themselves skip a test whose tool is missing, except under CI=true, where they fail.
set -euo pipefail

bookworm_image="${BUILDKIT_TEST_BASE_IMAGE:-buildkit-base:bookworm}"
trixie_image="${BUILDKIT_TEST_TRIXIE_BASE_IMAGE:-buildkit-base:trixie}"
packages=(git rpm rpmlint createrepo-c dnf gnupg debootstrap docker.io npm golang-go podman uidmap slirp4netns catatonit)
commands=(git rpmbuild rpmlint createrepo_c dnf gpg debootstrap dockerd npm go podman newuidmap slirp4netns catatonit)

is_root() { [ "$(id -u)" = 0 ]; }

missing=()
for i in "${!commands[@]}"; do
  command -v "${commands[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if is_root && command -v apt-get >/dev/null 2>&1; then
    echo "setup-machine: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup-machine: missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]})." >&2
    echo "setup-machine: tests that need them are skipped here and fail under CI=true." >&2
  fi
fi

# The GitHub Actions workflow validator the workflow specs run, from the npm registry, at a pinned version.
validator="@action-validator/cli@0.6.0"
if ! command -v action-validator >/dev/null 2>&1; then
  if is_root && command -v npm >/dev/null 2>&1; then
    echo "setup-machine: installing $validator"
    npm install --global --no-audit --no-fund --loglevel=error "$validator" >/dev/null
  else
    echo "setup-machine: missing: action-validator. Install it (npm install --global $validator)." >&2
  fi
fi

# A Docker Engine: start dockerd when none answers and we may.
if command -v docker >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then
  if is_root && command -v dockerd >/dev/null 2>&1; then
    echo "setup-machine: starting dockerd"
    mkdir -p /var/log
    nohup dockerd > /var/log/buildkit-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { echo "setup-machine: dockerd did not start; see /var/log/buildkit-dockerd.log" >&2; tail -n 20 /var/log/buildkit-dockerd.log >&2; }
  else
    echo "setup-machine: no Docker daemon answers. Start one (sudo systemctl start docker, or sudo dockerd &)." >&2
  fi
fi

# The base images: Debian 12 (bookworm) and 13 (trixie) from this machine's own Debian mirror, made with debootstrap.
mirror="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
          | grep -oE 'https?://[^ ]+' | grep -v security | head -n 1 || true)"

make_base_image() {
  local suite="$1" image="$2"
  docker image inspect "$image" >/dev/null 2>&1 && return 0
  if ! is_root || ! command -v debootstrap >/dev/null 2>&1 || [ -z "$mirror" ]; then
    echo "setup-machine: cannot make $image (needs root, debootstrap and a Debian mirror in /etc/apt)." >&2
    return 0
  fi
  echo "setup-machine: making $image with debootstrap"
  local rootfs log="/var/log/buildkit-debootstrap-$suite.log"
  rootfs="$(mktemp -d)"
  if ! debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" > "$log" 2>&1; then
    echo "setup-machine: debootstrap $suite failed; see $log" >&2
    tail -n 20 "$log" >&2
    rm -rf "$rootfs"
    exit 1
  fi
  tar -C "$rootfs" -c . | docker import - "$image" >/dev/null
  rm -rf "$rootfs"
}

if docker info >/dev/null 2>&1; then
  make_base_image bookworm "$bookworm_image"
  make_base_image trixie "$trixie_image"
fi

# Podman: the bookworm base image in its own store, as in docker's. Rootful podman raises a container's open-file and
# process limits to its own maximum, which a machine whose root lacks CAP_SYS_RESOURCE (a sandbox like this one)
# refuses for every container; there the limits are the ones it has.
if command -v podman >/dev/null 2>&1 && is_root && docker image inspect "$bookworm_image" >/dev/null 2>&1; then
  podman image exists "$bookworm_image" || docker save "$bookworm_image" | podman load -q >/dev/null
  # Rootless podman's network (slirp4netns) opens /dev/net/tun as the user, which every user may on a standard machine.
  [ ! -c /dev/net/tun ] || chmod 0666 /dev/net/tun
  if ! podman run --rm "$bookworm_image" true >/dev/null 2>&1; then
    mkdir -p /etc/containers/containers.conf.d
    printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=32768:32768"]\n' "$(ulimit -Hn)" "$(ulimit -Hn)" \
      > /etc/containers/containers.conf.d/buildkit-tests-ulimits.conf
    podman run --rm "$bookworm_image" true >/dev/null 2>&1 || echo "setup-machine: podman cannot start a container; see 'podman run --rm $bookworm_image true'" >&2
  fi
fi
echo "setup-machine: ready"
