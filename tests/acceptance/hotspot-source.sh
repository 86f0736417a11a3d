#!/usr/bin/env bash
# Real KDAB hotspot 1.3.0 as an "upstream fork" at a file:// URL, for a machine that reaches Debian's archive but not
# GitHub: the upstream release tarball from Debian's source package (it includes 3rdparty/perfparser and
# PrefixTickLabels), imported into WORK/src (branch master, tag v1.3.0) and cloned bare to WORK/hotspot.git.
# Needs root (apt-get). Usage: tests/acceptance/hotspot-source.sh WORK
set -euo pipefail
work="${1:?usage: hotspot-source.sh WORK}"
mkdir -p "$work"
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
