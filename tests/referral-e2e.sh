#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# referral-e2e.sh APP HUB DIRECTORY_JSON: runs tests/referral-e2e.py in a
# session of its own: Xvfb first (so that the accessibility bus, started
# by the session bus, has a display for synthesized keys and clicks),
# then a session bus, then gnome-keyring unlocked on it; a temporary home
# for the keyring, caches and settings.  Everything goes when it ends.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
for program in xvfb-run dbus-run-session gnome-keyring-daemon /usr/bin/python3; do
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "referral-e2e.sh: $program is needed (build-aux/setup.sh installs it)" >&2
    exit 1
  fi
done
if ! /usr/bin/python3 -c 'import pyatspi, dogtail' 2>/dev/null; then
  echo "referral-e2e.sh: python3-pyatspi and python3-dogtail are needed" >&2
  exit 1
fi

home=$(mktemp -d "${TMPDIR:-/tmp}/referral-e2e-XXXXXX")
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/data" "$home/runtime" "$home/config" "$home/cache"
XDG_DATA_HOME=$home/data
XDG_RUNTIME_DIR=$home/runtime
XDG_CONFIG_HOME=$home/config
XDG_CACHE_HOME=$home/cache
export XDG_DATA_HOME XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_CACHE_HOME
# GTK's accessibility on (the other app tests turn it off).
unset GTK_A11Y NO_AT_BRIDGE

xvfb-run -a -s '-screen 0 1280x1024x24' \
  dbus-run-session -- sh -c '
    printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
    exec /usr/bin/python3 "$0" "$@"
  ' "$here/referral-e2e.py" "$@"
