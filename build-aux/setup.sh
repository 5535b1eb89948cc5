#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what Direction Desk needs on Debian 12 (apt, with sudo when not
# root), then configures and builds it in ./build.  Sourced by demo.sh and
# test.sh; run on its own it just builds.
#
#   build-aux/setup.sh [extra meson options…]

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${DIRECTION_BUILD_DIR:-$top/build}

packages="
  gcc meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libshumate-dev
  libsoup-3.0-dev libsqlite3-dev libjson-glib-dev libsecret-1-dev libsodium-dev
  libx11-dev libxdamage-dev
  desktop-file-utils appstream
  xvfb xauth dbus dbus-x11 at-spi2-core
  python3 python3-gi python3-pyatspi python3-dogtail
  imagemagick poppler-utils locales sqlite3 curl openssl glib-networking
  wrk nginx-light
  gnome-keyring libsecret-tools
  fonts-noto-core
"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "These packages are missing and there is no sudo to install them:$missing" >&2
    exit 1
  fi
  # An upgrade of installed packages (glib, mesa) may come along: let it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if [ -f "$build_dir/build.ninja" ]; then
  meson configure "$build_dir" "$@" >/dev/null
else
  meson setup "$build_dir" "$top" "$@"
fi
ninja -C "$build_dir"
