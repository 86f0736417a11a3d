#!/usr/bin/env bash
# Prepares a fresh machine for BuildKit's tests: installs the real tools the integration tests drive.
# As root it installs what is missing with apt-get; otherwise it says exactly what is missing and how to get it.
# The tests themselves skip a test whose tool is missing, except under CI=true, where they fail.
set -euo pipefail

packages=(git rpm rpmlint createrepo-c dnf gnupg)
commands=(git rpm rpmbuild rpmlint createrepo_c dnf gpg)

missing=()
for i in "${!commands[@]}"; do
  command -v "${commands[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-machine: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup-machine: missing tools: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]})." >&2
    echo "setup-machine: tests that need them are skipped here and fail under CI=true." >&2
  fi
fi
echo "setup-machine: ready"
