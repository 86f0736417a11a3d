#!/usr/bin/env bash
# Acceptance: real KDAB hotspot 1.3.0 through BuildKit, on a machine that reaches Debian's archive but not GitHub.
#
# 1. Gets hotspot 1.3.0's upstream release tarball from Debian's source package (it includes 3rdparty/perfparser and
#    PrefixTickLabels) and imports it into a local git repository tagged v1.3.0: an "upstream fork" at a file:// URL.
# 2. Builds it with ./build.sh --target=Package in the Debian builder, cold (empty ccache volume), then again warm.
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
if [ ! -f "$work/hotspot_1.3.0.orig.tar.xz" ]; then
  if ! apt-get source --print-uris hotspot >/dev/null 2>&1; then
    mirror="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
              | grep -oE 'https?://[^ ]+' | grep -v security | head -n 1 || true)"
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\n' "$mirror" > /etc/apt/sources.list.d/buildkit-acceptance-src.sources
    apt-get update -qq
  fi
  # Only the upstream tarball is needed; Debian's own patch tarball may be gone from the archive, so its failure is ignored.
  (cd "$work" && apt-get source --download-only hotspot >/dev/null 2>&1 || true)
  test -f "$work/hotspot_1.3.0.orig.tar.xz" || { echo "could not download hotspot_1.3.0.orig.tar.xz" >&2; exit 1; }
fi

rm -rf "$work/src" "$work/hotspot.git"
mkdir -p "$work/src"
tar -C "$work/src" --strip-components=1 -xf "$work/hotspot_1.3.0.orig.tar.xz"
git -C "$work/src" init -q -b master
git -C "$work/src" add -A
GIT_AUTHOR_DATE='2021-07-06T12:00:00Z' GIT_COMMITTER_DATE='2021-07-06T12:00:00Z' \
  git -C "$work/src" -c user.name="hotspot 1.3.0 import" -c user.email=import@localhost commit -q -m "hotspot 1.3.0 (upstream release tarball)"
git -C "$work/src" tag -a -m v1.3.0 v1.3.0
git clone -q --bare "$work/src" "$work/hotspot.git"

build() {
  "$root/build.sh" --target=Package --products=hotspot --hotspot-repo="file://$work/hotspot.git" --hotspot-ref=v1.3.0 \
    --distribution=debian-12 --base-image="$base_image" --artifacts="$work/artifacts" --cache-dir="$work/cache"
}

# 2. Cold (empty ccache), then warm.
docker volume rm -f buildkit-hotspot-ccache >/dev/null
start=$(date +%s); build > "$work/cold.log" 2>&1 || { tail -n 60 "$work/cold.log"; exit 1; }; cold=$(( $(date +%s) - start ))
start=$(date +%s); build > "$work/warm.log" 2>&1 || { tail -n 60 "$work/warm.log"; exit 1; }; warm=$(( $(date +%s) - start ))

rpm="$(ls "$work"/artifacts/rpms/debian-12/hotspot-1.3.0-1*.x86_64.rpm)"
echo "rpm: $rpm"

# 3. Install into a fresh container and run it.
builder="$(grep -oE 'builder-image: [^ ]+' < <(rpm2cpio "$rpm" | cpio -i --quiet --to-stdout ./usr/share/doc/hotspot/BUILDINFO) | awk '{print $2}')"
version="$(docker run --rm -v "$rpm:/tmp/hotspot.rpm:ro" "$builder" bash -c \
  'rpm -i --nodeps /tmp/hotspot.rpm && QT_QPA_PLATFORM=offscreen hotspot --version' 2>/dev/null)"
echo "installed hotspot --version: $version"
case "$version" in *1.3.0*) ;; *) echo "FAIL: expected 1.3.0" >&2; exit 1 ;; esac

echo "cold build (Package target, empty ccache): ${cold} s"
echo "warm build (Package target, ccache):       ${warm} s"
echo "PASS"
