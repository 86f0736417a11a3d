#!/usr/bin/env bash
# BuildKit's benchmark: medians over several runs, side by side in one run, written to benchmarks/RESULTS.md.
#   (a) the upstream build commands run directly in the builder vs the same build through ./build.sh --target=Build
#   (b) cold build vs warm rebuild after a one-line source change vs unchanged re-run (./build.sh --target=Package)
#   (c) builder provisioning cold (image removed) vs reused (the Provision stage's own time)
# Products: the fixtures under tests/fixtures (hotspot with its perfparser submodule, grafana). Real hotspot 1.3.0:
# tests/acceptance/hotspot-1.3.0.sh reports its cold and warm times.
# Needs root, a Docker Engine and buildkit-base:bookworm (tests/setup-machine.sh). Usage: benchmarks/run.sh [RUNS]
set -euo pipefail
command -v bc >/dev/null || { echo "benchmarks/run.sh needs bc (apt-get install bc)" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d /tmp/buildkit-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
base_image="${BUILDKIT_TEST_BASE_IMAGE:-buildkit-base:bookworm}"
registry="$(npm config get registry 2>/dev/null || true)"
export COREPACK_NPM_REGISTRY="$registry" npm_config_registry="$registry" COREPACK_INTEGRITY_KEYS=0
unset SSL_CERT_FILE NODE_EXTRA_CA_CERTS
[ -n "$registry" ] && export SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

bash "$root/tests/setup-machine.sh" >/dev/null
"$root/build.sh" --target=Plan --config="$root/specs/products.yaml" >/dev/null   # bootstrap outside the timings

git_commit() { git -C "$1" -c user.name=bench -c user.email=bench@localhost commit -q "${@:2}"; }
fixture_repo() {  # name [submodule-url]
  local name="$1" dir="$work/src/$1"
  mkdir -p "$dir" && cp -a "$root/tests/fixtures/$1/." "$dir/"
  git -C "$dir" init -q -b main
  if [ -n "${2:-}" ]; then git -C "$dir" -c protocol.file.allow=always submodule --quiet add "$2" 3rdparty/perfparser; fi
  git -C "$dir" add -A && git_commit "$dir" -m "$name"
  git clone -q --bare "$dir" "$work/$name.git"
}
fixture_repo perfparser
fixture_repo hotspot "file://$work/perfparser.git"
fixture_repo grafana

products_file="$work/products.yaml"
cat > "$products_file" <<YAML
products:
  hotspot: { repo: "file://$work/hotspot.git", ref: main, recipe: hotspot, spec: "$root/specs/hotspot.spec" }
  grafana: { repo: "file://$work/grafana.git", ref: main, recipe: grafana, spec: "$root/specs/grafana.spec" }
YAML

buildkit() {  # product target artifacts-dir [options...]
  "$root/build.sh" --config="$products_file" --products="$1" --target="$2" --artifacts="$3" --cache-dir="$work/cache" \
    --distribution=debian-12 --base-image="$base_image" "${@:4}" > "$work/last.log" 2>&1 \
    || { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | tail -n 40 >&2; exit 1; }
}
seconds() { local start; start=$(date +%s.%N); "$@" >/dev/null; printf '%.2f\n' "$(echo "$(date +%s.%N) - $start" | bc)"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }
stage_seconds() { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | grep -oE "\] (reused|built) buildkit-builder-[^ ]+ in [0-9.]+ s" | grep -oE '[0-9.]+ s$' | tr -d ' s'; }
image_of() { sed 's/\x1b\[[0-9;]*m//g' "$work/last.log" | grep -oE 'buildkit-builder-debian-12-[a-z0-9-]+:[0-9a-f]{16}' | head -n 1; }
one_line_change() {
  case "$1" in
    hotspot) echo "// bench $RANDOM" >> "$work/src/hotspot/src/main.cpp" ;;
    grafana) echo "// bench $RANDOM" >> "$work/src/grafana/pkg/server/server.go" ;;
  esac
  git -C "$work/src/$1" add -A && git_commit "$work/src/$1" -m "one-line change" && git -C "$work/src/$1" push -q "$work/$1.git" main
}
direct_build() {  # the recipe's upstream commands, typed by hand into a fresh builder container
  local product="$1" image="$2" tree="$work/direct-$1"
  rm -rf "$tree" && git clone -q --recurse-submodules -c protocol.file.allow=always "$work/$1.git" "$tree" 2>/dev/null
  case "$product" in
    hotspot) script='cmake -S /src -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DKDE_INSTALL_LIBEXECDIR=libexec -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null && cmake --build /tmp/build --parallel >/dev/null && DESTDIR=/tmp/stage cmake --install /tmp/build >/dev/null' ;;
    grafana) script='export HOME=/tmp/h COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY%/}"; mkdir -p $HOME; (command -v corepack || npm install -g --prefix $HOME/.local corepack) >/dev/null && export PATH=$HOME/.local/bin:$PATH && corepack yarn install --immutable >/dev/null && NODE_ENV=production corepack yarn run build >/dev/null && make gen-go >/dev/null && go run build.go -build-tags=oss build >/dev/null' ;;
  esac
  docker run --rm -v "$tree:/src" -w /src -v "buildkit-$product-go:/cache/go" -v "buildkit-$product-node:/cache/node" -v "buildkit-$product-ccache:/cache/ccache" \
    -e GOMODCACHE=/cache/go/mod -e GOCACHE=/cache/go/build -e npm_config_cache=/cache/node/npm -e COREPACK_HOME=/cache/node/corepack \
    -e YARN_GLOBAL_FOLDER=/cache/node/yarn -e CCACHE_DIR=/cache/ccache -e CCACHE_BASEDIR=/src \
    -e COREPACK_NPM_REGISTRY -e COREPACK_INTEGRITY_KEYS -e npm_config_registry \
    ${SSL_CERT_FILE:+-v "$SSL_CERT_FILE:/etc/buildkit/ca.crt:ro" -e NODE_EXTRA_CA_CERTS=/etc/buildkit/ca.crt -e npm_config_cafile=/etc/buildkit/ca.crt} \
    "$image" bash -c "$script"
}

declare -A result
for product in hotspot grafana; do
  echo "== $product" >&2
  cold_provision=(); reused_provision=(); cold=(); warm=(); unchanged=(); direct=(); pipeline=()
  for run in $(seq 1 "$runs"); do
    # (c) provisioning: rebuilt without any layer cache, then reused
    buildkit "$product" Provision "$work/a-$run" --rebuild-builder; cold_provision+=("$(stage_seconds)"); image="$(image_of)"
    buildkit "$product" Provision "$work/a-$run"; reused_provision+=("$(stage_seconds)")
    # (b) cold: empty cache volumes and no earlier build; warm: a one-line change; unchanged: the same again
    docker volume rm -f "buildkit-$product-go" "buildkit-$product-node" "buildkit-$product-ccache" >/dev/null
    cold+=("$(seconds buildkit "$product" Package "$work/b-$run")")
    one_line_change "$product"
    warm+=("$(seconds buildkit "$product" Package "$work/b-$run")")
    unchanged+=("$(seconds buildkit "$product" Package "$work/b-$run")")
    # (a) warm caches on both sides: the commands by hand vs the Build target through ./build.sh
    direct+=("$(seconds direct_build "$product" "$image")")
    rm -rf "$work/c-$run"
    pipeline+=("$(seconds buildkit "$product" Build "$work/c-$run")")
  done
  result[$product]="$(median "${direct[@]}") $(median "${pipeline[@]}") $(median "${cold[@]}") $(median "${warm[@]}") $(median "${unchanged[@]}") $(median "${cold_provision[@]}") $(median "${reused_provision[@]}")"
done

both_unchanged=$(seconds "$root/build.sh" --config="$products_file" --target=Package --artifacts="$work/b-$runs" --cache-dir="$work/cache" \
  --distribution=debian-12 --base-image="$base_image")

{
  echo "# BuildKit benchmark results"
  echo
  echo "Measured by \`benchmarks/run.sh $runs\` on $(date -u +%Y-%m-%d): medians of $runs runs, seconds of wall time."
  echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), Docker $(docker version --format '{{.Server.Version}}'), .NET $(dotnet --version)."
  echo "Builder: Debian 12 (apt family) from \`$base_image\`; products: the fixtures under tests/fixtures."
  echo
  echo "| product | (a) direct commands | (a) ./build.sh --target=Build | (a) overhead | (b) cold build | (b) warm after a one-line change | (b) warm / cold | (b) unchanged re-run | (c) provisioning cold | (c) provisioning reused |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for product in hotspot grafana; do
    read -r d p c w u pc pr <<< "${result[$product]}"
    echo "| $product | $d | $p | $(ratio "$p" "$d")x | $c | $w | $(ratio "$w" "$c")x | $u | $pc | $pr |"
  done
  echo
  echo "Unchanged re-run of both products together (./build.sh --target=Package): ${both_unchanged} s."
  echo
  echo "Targets: overhead <= 1.10x; warm <= 0.35x cold; unchanged re-run of both <= 10 s; reused provisioning <= 2 s."
  echo "(a) and (b) include ./build.sh's own start (SDK check, engine build check, Cake script compile: about 3 s) and a"
  echo "fresh container per step, which the fixtures' builds of a few seconds cannot hide: on them the overhead and"
  echo "warm/cold targets are not met. Real hotspot 1.3.0 (tests/acceptance/hotspot-1.3.0.sh) builds cold in 88 s and"
  echo "warm in 13 s after ccache (0.15x)."
} > "$root/benchmarks/RESULTS.md"
cat "$root/benchmarks/RESULTS.md"
