# The Cake build.sh starts, as $cake_dll, with $root the checkout: sourced by build.sh and by the benchmark, whose
# empty-task row starts the same Cake. The pinned Cake, once restored, is started directly: finding it through the tool
# manifest costs 0.3 s a run.
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cake_version="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/.config/dotnet-tools.json" | head -n 1)"
cake_tool="$packages/cake.tool/$cake_version/tools/net10.0/any"
if [ ! -f "$cake_tool/Cake.dll" ]; then
  (cd "$root" && dotnet tool restore >/dev/null) || { echo "build.sh: 'dotnet tool restore' failed: Cake.Tool (see .config/dotnet-tools.json) could not be restored from your NuGet source." >&2; exit 2; }
fi
# Cake's assemblies are compiled ahead of time for this machine too, once per Cake version, with the crossgen2 the
# engine's publish restored: an empty task then takes 0.34 s instead of 0.44 s here. Roslyn stays as shipped: it takes
# 13 s to compile and a run from the script cache gains nothing by it. Without crossgen2, Cake runs as shipped.
compile_cake() {  # into $1, from the restored Cake
  local arch crossgen framework partial dll
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) return 0 ;; esac
  crossgen="$(ls -d "$packages"/microsoft.netcore.app.crossgen2.linux-"$arch"/*/tools/crossgen2 2>/dev/null \
    | sort -V | tail -n 1)"
  framework="$(dotnet --list-runtimes | sed -n 's/^Microsoft\.NETCore\.App \([^ ]*\) \[\(.*\)\]$/\2\/\1/p' \
    | sort -V | tail -n 1)"
  if [ ! -x "$crossgen" ] || [ ! -d "$framework" ]; then return 0; fi
  partial="$(mktemp -d "$1.partial.XXXXXX")" && chmod 755 "$partial" && cp -a "$cake_tool/." "$partial/"
  for dll in "$cake_tool"/*.dll; do
    case "${dll##*/}" in Microsoft.CodeAnalysis*|Basic.Reference.Assemblies*) continue ;; esac
    "$crossgen" "$dll" -o "$partial/${dll##*/}" -r "$framework/*.dll" -r "$cake_tool/*.dll" --targetos linux --targetarch "$arch" -O \
      >/dev/null 2>&1 || cp "$dll" "$partial/"
  done
  mv -T "$partial" "$1" 2>/dev/null || rm -rf "$partial"   # a run beside this one may have made it first
}
cake_dir="$root/build/bin/cake-$cake_version"
if [ ! -f "$cake_dir/Cake.dll" ]; then compile_cake "$cake_dir"; fi
if [ ! -f "$cake_dir/Cake.dll" ]; then cake_dir="$cake_tool"; fi
cake_dll="$cake_dir/Cake.dll"
