#!/usr/bin/env bash
# BuildKit's benchmark: medians (with min and max) over several runs, side by side in one run, written to benchmarks/RESULTS.md.
#   (a) the upstream build commands run directly in the builder vs the same build through ./build.sh --target=Build,
#       both from empty caches (cache volumes and reusable step outputs removed), so that both sides do the build's work,
#       each side first in every other run
#   (b) cold build (empty caches, no earlier build) vs warm rebuild after a one-line source change vs unchanged re-run
#       (./build.sh --target=Package)
#   (c) builder provisioning cold (no layer cache) vs reused (the Provision stage's own time)
#   and Cake itself, running an empty task from its cached script, beside the unchanged re-runs: BuildKit's own start-up
# Products: the fixtures under tests/fixtures (hotspot with its perfparser submodule, grafana) and, with --real-hotspot,
# real hotspot 1.3.0 as product real-hotspot (tests/acceptance/hotspot-source.sh; it shares the fixture's builder, so it skips (c)).
# Needs root, a Docker Engine and buildkit-base:bookworm (tests/setup-machine.sh).
# Usage: benchmarks/run.sh [RUNS] [--real-hotspot]   (RUNS defaults to 5: figures on a small machine move by up to 2x)
set -euo pipefail
shopt -s inherit_errexit
command -v bc >/dev/null || { echo "benchmarks/run.sh needs bc (apt-get install bc)" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5 real_hotspot=no
for argument in "$@"; do
  case "$argument" in
    --real-hotspot) real_hotspot=yes ;;
    ''|*[!0-9]*) echo "usage: benchmarks/run.sh [RUNS] [--real-hotspot]" >&2; exit 2 ;;
    *) runs="$argument" ;;
  esac
done
work="$(mktemp -d /tmp/buildkit-bench.XXXXXX)"
. "$root/benchmarks/lib.sh"
# The cache volumes of the benchmark's own cache folder go with it.
cleanup() {
  docker volume ls -q --filter "name=buildkit-$(printf '%s' "$work/cache" | sha256sum | cut -c1-8)-" 2>/dev/null | xargs -r docker volume rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
base_image="${BUILDKIT_TEST_BASE_IMAGE:-buildkit-base:bookworm}"
registry="$(npm config get registry 2>/dev/null || true)"
export COREPACK_NPM_REGISTRY="$registry" npm_config_registry="$registry" COREPACK_INTEGRITY_KEYS=0
unset SSL_CERT_FILE NODE_EXTRA_CA_CERTS
[ -n "$registry" ] && export SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

bash "$root/tests/setup-machine.sh" >/dev/null
"$root/build.sh" --target=Plan --config="$root/specs/products.yaml" >/dev/null   # bootstrap outside the timings

fixture_repo perfparser
fixture_repo hotspot "file://$work/perfparser.git"
fixture_repo grafana

products=(hotspot grafana)
products_file="$work/products.yaml"
cat > "$products_file" <<YAML
products:
  hotspot: { repo: "file://$work/hotspot.git", ref: main, recipe: hotspot, spec: "$root/specs/hotspot.spec" }
  grafana: { repo: "file://$work/grafana.git", ref: main, recipe: grafana, spec: "$root/specs/grafana.spec" }
YAML
if [ "$real_hotspot" = yes ]; then
  bash "$root/tests/acceptance/hotspot-source.sh" "$work/real" >/dev/null
  mv "$work/real/src" "$work/src/real-hotspot" && mv "$work/real/hotspot.git" "$work/real-hotspot.git"
  printf 'products:\n  hotspot: { repo: "file://%s", ref: master, recipe: hotspot, spec: "%s" }\n' \
    "$work/real-hotspot.git" "$root/specs/hotspot.spec" > "$work/real-products.yaml"
  products+=(real-hotspot)
fi

# real-hotspot is the product hotspot (its spec's name) from a products file of its own.
product_of() { if [ "$1" = real-hotspot ]; then echo hotspot; else echo "$1"; fi; }
config_of() { if [ "$1" = real-hotspot ]; then echo "$work/real-products.yaml"; else echo "$products_file"; fi; }
buildkit() {  # product target artifacts-dir [options...]
  "$root/build.sh" --config="$(config_of "$1")" --products="$(product_of "$1")" --target="$2" --artifacts="$3" --cache-dir="$work/cache" \
    --distribution=debian-12 --base-image="$base_image" "${@:4}" > "$work/last.log" 2>&1 \
    || { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | tail -n 40 >&2; exit 1; }
}
# What a developer waits for after a one-line change, as a share of the cold build (issue 24's targets).
warm_target() { case "$1" in real-hotspot) echo 0.10 ;; hotspot) echo 0.15 ;; *) echo 0.20 ;; esac; }
verdict() { if [ "$(echo "$1 <= $2" | bc)" = 1 ]; then echo met; else echo "NOT MET"; fi; }
stage_seconds() { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | grep -oE "\] (reused|built) buildkit-builder-[^ ]+ in [0-9.]+ s" | grep -oE '[0-9.]+ s$' | tr -d ' s'; }
image_of() { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | grep -oE 'buildkit-builder-debian-12-[a-z0-9-]+:[0-9a-f]{16}' | head -n 1; }
# BuildKit's cache volumes belong to the cache folder: buildkit-HASH-PRODUCT-KIND, HASH from the folder's full path.
volume() { echo "buildkit-$(printf '%s' "$work/cache" | sha256sum | cut -c1-8)-$1-$2"; }
empty_caches() {
  local product; product="$(product_of "$1")"
  docker volume rm -f "$(volume "$product" go)" "$(volume "$product" node)" "$(volume "$product" ccache)" >/dev/null
  rm -rf "$work/cache/steps/$product"
}
direct_build() {  # the recipe's upstream commands and build settings, typed by hand into a fresh builder container
  local product; product="$(product_of "$1")"; local image="$2" tree="$work/direct-$1"
  rm -rf "$tree" && git -c protocol.file.allow=always clone -q --recurse-submodules "$work/$1.git" "$tree"
  case "$product" in
    # hotspot: as the recipe does, only the files its install copies (1.3 adds its tests whatever BUILD_TESTING says)
    hotspot) script='set -e -o pipefail
      cmake -S /src -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DKDE_INSTALL_LIBEXECDIR=libexec -DBUILD_TESTING=OFF -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
      made="$(ninja -C /tmp/build -t targets all | sed "s/: [^ ]*\$//" | sort -u)"
      installed="$({ grep -rhoE "\"/tmp/build/[^\"]+\"" --include=cmake_install.cmake /tmp/build || true; } | tr -d "\"" | sed "s|^/tmp/build/||" | sort -u | comm -12 - <(echo "$made"))"
      cmake --build /tmp/build --parallel $(nproc) --target ${installed:-all} >/dev/null && DESTDIR=/tmp/stage cmake --install /tmp/build >/dev/null' ;;
    grafana) script='export HOME=/tmp/h COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY%/}"; mkdir -p $HOME; (command -v corepack || npm install -g --prefix $HOME/.local corepack) >/dev/null && export PATH=$HOME/.local/bin:$PATH && corepack yarn install --immutable >/dev/null && NODE_ENV=production corepack yarn run build >/dev/null && export COMMIT_SHA="$(cat /tmp/commit)" BUILD_BRANCH=main CGO_ENABLED=1 GOFLAGS="-trimpath -buildvcs=false" && make gen-go >/dev/null && go run build.go -build-tags=oss build >/dev/null' ;;
  esac
  git -C "$tree" rev-parse HEAD > "$work/commit"
  docker run --rm -v "$tree:/src" -w /src -v "$work/commit:/tmp/commit:ro" -v "$(volume "$product" go):/cache/go" -v "$(volume "$product" node):/cache/node" -v "$(volume "$product" ccache):/cache/ccache" \
    -e GOMODCACHE=/cache/go/mod -e GOCACHE=/cache/go/build -e npm_config_cache=/cache/node/npm -e COREPACK_HOME=/cache/node/corepack \
    -e YARN_GLOBAL_FOLDER=/cache/node/yarn -e CCACHE_DIR=/cache/ccache -e CCACHE_BASEDIR=/src \
    -e COREPACK_NPM_REGISTRY -e COREPACK_INTEGRITY_KEYS -e npm_config_registry \
    ${SSL_CERT_FILE:+-v "$SSL_CERT_FILE:/etc/buildkit/ca.crt:ro" -e NODE_EXTRA_CA_CERTS=/etc/buildkit/ca.crt -e npm_config_cafile=/etc/buildkit/ca.crt} \
    "$image" bash -c "$script" > "$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; return 1; }
}

declare -A result spreads
for product in "${products[@]}"; do
  echo "== $product" >&2
  cold_provision=(); reused_provision=(); cold=(); warm=(); unchanged=(); direct=(); pipeline=()
  for run in $(seq 1 "$runs"); do
    # (c) provisioning: rebuilt without any layer cache, then reused
    if [ "$product" = real-hotspot ]; then
      buildkit "$product" Provision "$work/$product-a-$run"; image="$(image_of)"
    else
      buildkit "$product" Provision "$work/$product-a-$run" --rebuild-builder; cold_provision+=("$(stage_seconds)"); image="$(image_of)"
      buildkit "$product" Provision "$work/$product-a-$run"; reused_provision+=("$(stage_seconds)")
    fi
    # (b) cold: empty caches and no earlier build; warm: a one-line change; unchanged: the same again
    empty_caches "$product"
    cold+=("$(seconds buildkit "$product" Package "$work/$product-b-$run")")
    one_line_change "$product"
    warm+=("$(seconds buildkit "$product" Package "$work/$product-b-$run")")
    unchanged+=("$(seconds buildkit "$product" Package "$work/$product-b-$run")")
    # (a) empty caches on both sides: the commands by hand vs the Build target through ./build.sh, which goes first
    # in every other run, so that neither side always follows the other's build
    for side in $(if [ $((run % 2)) = 1 ]; then echo direct pipeline; else echo pipeline direct; fi); do
      empty_caches "$product"
      case "$side" in
        direct) direct+=("$(seconds direct_build "$product" "$image")") ;;
        pipeline) pipeline+=("$(seconds buildkit "$product" Build "$work/$product-c-$run")") ;;
      esac
    done
  done
  provision="- -"
  [ ${#cold_provision[@]} -eq 0 ] || provision="$(median "${cold_provision[@]}") $(median "${reused_provision[@]}")"
  result[$product]="$(median "${direct[@]}") $(median "${pipeline[@]}") $(median "${cold[@]}") $(median "${warm[@]}") $(median "${unchanged[@]}") $provision"
  spreads[$product]="$(spread "${direct[@]}") $(spread "${pipeline[@]}") $(spread "${cold[@]}") $(spread "${warm[@]}") $(spread "${unchanged[@]}")"
  echo "   $product: ${result[$product]}" >&2
done

both() { "$root/build.sh" --config="$products_file" --products=hotspot,grafana --target=Package --artifacts="$work/both" \
  --cache-dir="$work/cache" --distribution=debian-12 --base-image="$base_image"; }
both >/dev/null 2>&1   # the first build of both into one artifacts folder; the unchanged re-run is timed
both_unchanged=$(seconds both)

# Cake itself: the pinned Cake running an empty task from its cached script, as build.sh starts it.
. "$root/build/cake.sh"
printf 'Task("Empty");\nRunTarget("Empty");\n' > "$work/empty.cake"
empty_cake() { CAKE_SETTINGS_ENABLESCRIPTCACHE=true CAKE_PATHS_CACHE="$work/empty-cake-cache" dotnet "$cake_dll" "$work/empty.cake"; }
empty_cake >/dev/null   # compiled once, outside the timings
cake_runs=(); for run in $(seq 1 "$runs"); do cake_runs+=("$(seconds empty_cake)"); done
cake_empty="$(median "${cake_runs[@]}")"

by_hand="$(sed -n '/^## Measured by hand/,$p' "$root/benchmarks/RESULTS.md" 2>/dev/null)"
{
  echo "# BuildKit benchmark results"
  echo
  echo "Measured by \`benchmarks/run.sh $runs\` on $(date -u +%Y-%m-%d): medians of $runs runs (min-max in brackets), seconds of wall time."
  echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), Docker $(docker version --format '{{.Server.Version}}'), .NET $(dotnet --version)."
  echo "Builder: Debian 12 (apt family) from \`$base_image\`; products: the fixtures under tests/fixtures$([ "$real_hotspot" = no ] || echo ", and real hotspot 1.3.0")."
  echo
  echo "| product | (a) direct commands | (a) ./build.sh --target=Build | (a) overhead | (b) cold build | (b) warm after a one-line change | (b) warm / cold | (b) unchanged re-run | (c) provisioning cold | (c) provisioning reused |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for product in "${products[@]}"; do
    read -r d p c w u pc pr <<< "${result[$product]}"
    read -r sd sp sc sw su <<< "${spreads[$product]}"
    echo "| $product | $d ($sd) | $p ($sp) | $(ratio "$p" "$d")x | $c ($sc) | $w ($sw) | $(ratio "$w" "$c")x | $u ($su) | $pc | $pr |"
  done
  echo
  echo "Unchanged re-run of both fixtures together (./build.sh --target=Package): ${both_unchanged} s."
  echo "Cake itself, an empty task from its cached script: $cake_empty s ($(spread "${cake_runs[@]}")); the unchanged re-run beyond it:$(for product in "${products[@]}"; do read -r d p c w u pc pr <<< "${result[$product]}"; printf ' %s %.2f s' "$product" "$(echo "$u - $cake_empty" | bc)"; done)."
  echo
  echo "Targets, judged on the figures above:"
  for product in "${products[@]}"; do
    read -r d p c w u pc pr <<< "${result[$product]}"
    [ "$product" = real-hotspot ] || echo "- $product: (a) overhead $(ratio "$p" "$d")x <= 1.05x $(verdict "$(ratio "$p" "$d")" 1.05); (c) reused provisioning $pr s <= 2 s $(verdict "$pr" 2)"
    echo "- $product: (b) warm $(ratio "$w" "$c")x <= $(warm_target "$product")x cold $(verdict "$(ratio "$w" "$c")" "$(warm_target "$product")")"
    [ "$product" = real-hotspot ] || echo "- $product: (b) unchanged re-run beyond Cake's empty task $(printf '%.2f' "$(echo "$u - $cake_empty" | bc)") s <= 0.3 s $(verdict "$(echo "$u - $cake_empty" | bc)" 0.3)"
  done
  echo "- both fixtures: (b) unchanged re-run $both_unchanged s <= 10 s $(verdict "$both_unchanged" 10)"
  echo
  echo "(a) starts both sides from empty caches, so both do the build's work; (b) cold also starts from empty caches and no"
  echo "earlier build. What ./build.sh adds to a build is a fixed cost (Cake's start with its cached script, planning, fetch,"
  echo "the builder check, one builder container per stage with an exec per step), so (a) is a ratio only where the build"
  echo "does real work: the hotspot fixture compiles 16 Qt model units and the grafana fixture an HTTP API with net/http, as"
  echo "the real products do."
  # Figures measured by hand on real repositories (which no script here may name) are kept as they were.
  [ -z "$by_hand" ] || printf '\n%s\n' "$by_hand"
} > "$root/benchmarks/RESULTS.md"
cat "$root/benchmarks/RESULTS.md"
