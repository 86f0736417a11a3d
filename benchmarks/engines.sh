#!/usr/bin/env bash
# The same build on every engine BuildKit runs on, side by side: the hotspot fixture through ./build.sh --target=Package,
# cold (empty caches, no earlier build), warm after a one-line change, and unchanged, on
#   docker   this machine's Docker Engine, folders bind-mounted
#   podman   rootful podman on this machine, folders bind-mounted
#   remote   a Docker Engine that sees none of this machine's files, over TCP (tests/remote-engine.sh): folders copied
# Medians of RUNS runs (min-max), written as the "Engines" section at the end of benchmarks/RESULTS.md.
# Needs root, docker, podman and buildkit-base:bookworm in both stores (tests/setup-machine.sh).
# Usage: benchmarks/engines.sh [RUNS]   (RUNS defaults to 3)
set -euo pipefail
shopt -s inherit_errexit
command -v bc >/dev/null || { echo "benchmarks/engines.sh needs bc (apt-get install bc)" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
case "$runs" in ''|*[!0-9]*) echo "usage: benchmarks/engines.sh [RUNS]" >&2; exit 2 ;; esac
work="$(mktemp -d /tmp/buildkit-engines.XXXXXX)"
. "$root/benchmarks/lib.sh"
base_image="${BUILDKIT_TEST_BASE_IMAGE:-buildkit-base:bookworm}"
remote=""
cleanup() {
  [ -z "$remote" ] || "$root/tests/remote-engine.sh" stop "${remote%% *}" || true
  for engine in docker podman; do "$engine" volume ls -q | grep "^buildkit-$(printf '%s' "$work/cache" | sha256sum | cut -c1-8)-" | xargs -r "$engine" volume rm -f >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
unset DOCKER_HOST SSL_CERT_FILE NODE_EXTRA_CA_CERTS

bash "$root/tests/setup-machine.sh" >/dev/null
fixture_repo perfparser
fixture_repo hotspot "file://$work/perfparser.git"
printf 'products:\n  hotspot: { repo: "file://%s/hotspot.git", ref: main, recipe: hotspot, spec: "%s/specs/hotspot.spec" }\n' "$work" "$root" > "$work/products.yaml"

buildkit() {  # engine artifacts-dir [options...]
  local engine="$1"; shift
  local -a env=() options=(--engine=docker)
  case "$engine" in
    podman) options=(--engine=podman) ;;
    remote) env=(DOCKER_HOST="${remote#* }") ;;
  esac
  env "${env[@]}" "$root/build.sh" --config="$work/products.yaml" --target=Package --artifacts="$1" --cache-dir="$work/cache" \
    --distribution=debian-12 --base-image="$base_image" "${options[@]}" "${@:2}" > "$work/last.log" 2>&1 \
    || { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | tail -n 40 >&2; exit 1; }
}
empty_caches() {  # engine
  local volume; volume="buildkit-$(printf '%s' "$work/cache" | sha256sum | cut -c1-8)-hotspot-ccache"
  case "$1" in
    podman) podman volume rm -f "$volume" >/dev/null ;;
    remote) DOCKER_HOST="${remote#* }" docker volume rm -f "$volume" >/dev/null ;;
    *) docker volume rm -f "$volume" >/dev/null ;;
  esac
  rm -rf "$work/cache/steps"
}

# Every engine's builder is provisioned outside the timings; the remote one gets this machine's docker builder.
buildkit docker "$work/provision" --target=Provision
builder="$(sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | grep -oE 'buildkit-builder-debian-12-[a-z0-9-]+:[0-9a-f]{16}' | head -n 1)"
buildkit podman "$work/provision" --target=Provision
remote="$("$root/tests/remote-engine.sh" start "$builder")"

declare -A result spreads
for engine in docker podman remote; do
  echo "== $engine" >&2
  cold=(); warm=(); unchanged=()
  for run in $(seq 1 "$runs"); do
    empty_caches "$engine"
    cold+=("$(seconds buildkit "$engine" "$work/$engine-$run")")
    one_line_change hotspot
    warm+=("$(seconds buildkit "$engine" "$work/$engine-$run")")
    unchanged+=("$(seconds buildkit "$engine" "$work/$engine-$run")")
  done
  result[$engine]="$(median "${cold[@]}") $(median "${warm[@]}") $(median "${unchanged[@]}")"
  spreads[$engine]="$(spread "${cold[@]}") $(spread "${warm[@]}") $(spread "${unchanged[@]}")"
  echo "   $engine: ${result[$engine]}" >&2
done

section="$(
  echo "## Engines"
  echo
  echo "Measured by \`benchmarks/engines.sh $runs\` on $(date -u +%Y-%m-%d): the hotspot fixture through ./build.sh --target=Package,"
  echo "medians of $runs runs (min-max), seconds. docker $(docker version --format '{{.Server.Version}}'), podman $(podman version --format '{{.Client.Version}}') rootful;"
  echo "remote: a Docker Engine in a container of its own, over TCP on 127.0.0.1, sharing no folder (tests/remote-engine.sh)."
  echo
  echo "| engine | folders | cold build | warm after a one-line change | unchanged re-run |"
  echo "|---|---|---|---|---|"
  for engine in docker podman remote; do
    read -r c w u <<< "${result[$engine]}"; read -r sc sw su <<< "${spreads[$engine]}"
    echo "| $engine | $([ "$engine" = remote ] && echo "copied in and out" || echo "bind-mounted") | $c ($sc) | $w ($sw) | $u ($su) |"
  done
)"
# This section replaces the one before it, at the end of RESULTS.md, where benchmarks/run.sh keeps it.
results="$root/benchmarks/RESULTS.md"
{ sed '/^## Engines$/,$d' "$results"; printf '%s\n' "" "$section"; } > "$work/RESULTS.md" && mv "$work/RESULTS.md" "$results"
printf '%s\n' "$section"
