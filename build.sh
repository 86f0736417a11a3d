#!/usr/bin/env bash
# BuildKit bootstrap: checks the .NET SDK, restores the pinned Cake tool, builds the engine, runs build/build.cake.
# Every argument reaches build.cake through Cake; the exit code is Cake's.
set -euo pipefail
# Cake stops at an empty value (--products=) and at a bare word (hotspot), and answers --help and --version with its own
# text, all before build.cake runs. An empty value goes on as --name "", which Cake passes through for the engine to
# name; the others go after --, where Cake leaves them for build.cake. A word right after --name is that option's value.
cake_args=() handed_on=() takes_value=false
for arg in "$@"; do
  case "$arg" in
    -h|--help|--version|--) handed_on+=("$arg"); takes_value=false ;;
    -*=?*) cake_args+=("$arg"); takes_value=false ;;
    --*=) cake_args+=("${arg%=}" ""); takes_value=false ;;
    -*) cake_args+=("$arg"); takes_value=true ;;
    *) if $takes_value; then cake_args+=("$arg"); else handed_on+=("$arg"); fi; takes_value=false ;;
  esac
done
set -- ${cake_args[@]+"${cake_args[@]}"} ${handed_on[@]+-- "${handed_on[@]}"}
# Colour only on a terminal: Cake colours whenever TERM looks like one, even into a pipe or a file, but honours NO_COLOR.
if [ ! -t 1 ] || [ ! -t 2 ]; then export NO_COLOR=1; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Relative paths on the command line (--config, --artifacts, ...) are the caller's: build.cake resolves them from here.
export BUILDKIT_CALLER_DIR="$PWD"
cd "$root"

required_sdk=10
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET SDK ${required_sdk} or newer is required and 'dotnet' is not on PATH." >&2
  echo "          Install it from https://dotnet.microsoft.com/download (or your distribution's dotnet-sdk-${required_sdk}.0 package), then run ./build.sh again." >&2
  exit 2
fi
sdk_major="$(dotnet --list-sdks 2>/dev/null | sed -E 's/^([0-9]+)\..*/\1/' | sort -n | tail -n 1)"
if [ -z "$sdk_major" ] || [ "$sdk_major" -lt "$required_sdk" ]; then
  echo "build.sh: the .NET SDK ${required_sdk} or newer is required; found '${sdk_major:-none}' ($(command -v dotnet))." >&2
  echo "          Install it from https://dotnet.microsoft.com/download, then run ./build.sh again." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The engine is rebuilt only when a source is newer than the built assembly: a no-op run should not pay for MSBuild.
# It is compiled ahead of time for this machine (ReadyToRun), so that a run does not wait for the JIT: 50 ms of an
# unchanged re-run's 0.25 s beyond Cake's own start. The tests build src/BuildKit apart, into its own bin folder.
engine_dir="build/bin/engine" engine="$engine_dir/BuildKit.dll"
if [ ! -f "$engine" ] || [ -n "$(find src/BuildKit Directory.Build.props -newer "$engine" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  publish=(dotnet publish src/BuildKit/BuildKit.csproj -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true
    -o "$engine_dir" -nologo -v quiet -clp:ErrorsOnly)
  "${publish[@]}" >/dev/null || { "${publish[@]}" || true; echo "build.sh: the engine (src/BuildKit) does not build; see the errors above." >&2; exit 2; }
  touch "$engine"   # MSBuild leaves an up-to-date assembly's time alone; the check above needs it newer than the sources
fi
# Cake compiles build.cake once and reuses the assembly while the script is unchanged; the cache is dropped whenever the
# engine it was compiled against is newer.
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true CAKE_PATHS_CACHE="$root/build/bin/script-cache"
if [ -d "$CAKE_PATHS_CACHE" ] && [ "$engine" -nt "$CAKE_PATHS_CACHE" ]; then rm -rf "$CAKE_PATHS_CACHE"; fi
. build/cake.sh
exec dotnet "$cake_dll" build/build.cake "$@"
