# What the benchmark scripts share: the fixtures as upstream repositories under $work, timing and medians.
# Sourced with $root (the checkout) and $work (the benchmark's temp folder) set.

git_commit() { git -C "$1" -c user.name=bench -c user.email=bench@localhost commit -q "${@:2}"; }

fixture_repo() {  # name [submodule-url]: tests/fixtures/NAME as a repository at $work/NAME.git, its work tree at $work/src/NAME
  local name="$1" dir="$work/src/$1"
  mkdir -p "$dir" && cp -a "$root/tests/fixtures/$1/." "$dir/"
  git -C "$dir" init -q -b main
  if [ -n "${2:-}" ]; then git -C "$dir" -c protocol.file.allow=always submodule --quiet add "$2" 3rdparty/perfparser; fi
  git -C "$dir" add -A && git_commit "$dir" -m "$name"
  git clone -q --bare "$dir" "$work/$name.git"
}

branch_of() { git -C "$work/src/$1" symbolic-ref --short HEAD; }

one_line_change() {  # product: one more line in a source file the build compiles, committed and pushed
  case "$1" in
    hotspot|real-hotspot) echo "// bench $RANDOM" >> "$work/src/$1/src/main.cpp" ;;
    grafana) echo "// bench $RANDOM" >> "$work/src/grafana/pkg/server/server.go" ;;
  esac
  git -C "$work/src/$1" add -A && git_commit "$work/src/$1" -m "one-line change" && git -C "$work/src/$1" push -q "$work/$1.git" "$(branch_of "$1")"
}

seconds() { local start; start=$(date +%s.%N); "$@" >/dev/null || { echo "benchmark step failed: $*" >&2; return 1; }; printf '%.2f\n' "$(echo "$(date +%s.%N) - $start" | bc)"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { low = $1 } { high = $1 } END { print low "-" high }'; }
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }
