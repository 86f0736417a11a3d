#!/bin/sh
# find-debuginfo for binaries BuildKit's builder compiled, before rpmbuild: their DWARF names the tree at SOURCE and the
# build folder at BUILD, which find-debuginfo would neither rewrite nor collect, since it only knows the rpm build folder
# (its last argument, where %prep unpacked the same tree from Source0). The paths are moved there first, the build
# folder (generated sources) is linked in beside them, and find-debuginfo then strips, writes the .debug files with their
# build-id links and collects the sources into the debugsource package as for any build.
# Usage: staged-debuginfo.sh SOURCE BUILD FIND-DEBUGINFO-ARGUMENTS...
set -e
source=$1 build=$2
shift 2
for base; do :; done
find "${RPM_BUILD_ROOT:?}" -type f | while IFS= read -r file; do
  [ "$(od -An -N4 -c "$file" | tr -d ' ')" = '177ELF' ] || continue
  mode=$(stat -c %a "$file")
  chmod u+w "$file"
  debugedit -b "$source" -d "$base" "$file"
  debugedit -b "$build" -d "$base/buildkit-build" "$file"
  chmod "$mode" "$file"
done
[ ! -d "$build" ] || ln -sfn "$build" "$base/buildkit-build"
exec find-debuginfo "$@"
