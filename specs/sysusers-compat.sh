#!/bin/sh
# Prints groupadd/useradd commands for the u and g lines of a sysusers.d file: the %pre fallback that
# specs/macros.buildkit gives %sysusers_create_compat where systemd's rpm macros are missing.
set -eu
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in ''|'#'*) continue ;; esac
  eval "set -- $line"
  type=$1 name=$2 gecos=${4:-} home=${5:--} shell=${6:--}
  [ "$home" != - ] || home=/
  [ "$shell" != - ] || shell=/sbin/nologin
  case "$type" in
    g) echo "getent group '$name' >/dev/null || groupadd -r '$name'" ;;
    u) echo "getent group '$name' >/dev/null || groupadd -r '$name'"
       echo "getent passwd '$name' >/dev/null || useradd -r -g '$name' -d '$home' -s '$shell' -c '$gecos' '$name'" ;;
  esac
done < "$1"
