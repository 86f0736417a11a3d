#!/usr/bin/env bash
# Acceptance: real KDAB hotspot 1.3.0 through BuildKit, on a machine that reaches Debian's archive but not GitHub.
#
# 1. Gets hotspot 1.3.0's upstream release tarball from Debian's source package into a local git repository tagged
#    v1.3.0 (tests/acceptance/hotspot-source.sh).
# 2. Builds it with ./build.sh --target=Package in the Debian builder (its cold and warm times: benchmarks/run.sh --real-hotspot).
# 3. Installs the RPM into a fresh builder container (nothing of ours installed) and runs
#    QT_QPA_PLATFORM=offscreen hotspot --version, which must print 1.3.0.
#
# Needs root (apt-get, docker), a running Docker Engine and the buildkit-base:bookworm image (tests/setup-machine.sh).
# Too slow for every CI run; rerun it by hand:  sudo tests/acceptance/hotspot-1.3.0.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${BUILDKIT_ACCEPTANCE_DIR:-/tmp/buildkit-acceptance-hotspot}"
base_image="${BUILDKIT_TEST_BASE_IMAGE:-buildkit-base:bookworm}"
mkdir -p "$work"

bash "$root/tests/setup-machine.sh"

# 1. The real source, from Debian's source package.
bash "$root/tests/acceptance/hotspot-source.sh" "$work"

build() {
  "$root/build.sh" --target=Package --products=hotspot --hotspot-repo="file://$work/hotspot.git" --hotspot-ref=v1.3.0 \
    --distribution=debian-12 --base-image="$base_image" --artifacts="$work/artifacts" --cache-dir="$work/cache"
}

# 2. Build it.
build > "$work/build.log" 2>&1 || { tail -n 60 "$work/build.log"; exit 1; }

rpm="$(ls "$work"/artifacts/rpms/debian-12/hotspot-1.3.0-1*.x86_64.rpm)"
echo "rpm: $rpm"

# 3. Install into a fresh container and run it.
builder="$(grep -oE 'builder-image: [^ ]+' < <(rpm2cpio "$rpm" | cpio -i --quiet --to-stdout ./usr/share/doc/hotspot/BUILDINFO) | awk '{print $2}')"
version="$(docker run --rm -v "$rpm:/tmp/hotspot.rpm:ro" "$builder" bash -c \
  'rpm -i --nodeps /tmp/hotspot.rpm && QT_QPA_PLATFORM=offscreen hotspot --version' 2>/dev/null)"
echo "installed hotspot --version: $version"
case "$version" in *1.3.0*) ;; *) echo "FAIL: expected 1.3.0" >&2; exit 1 ;; esac

echo "PASS"
