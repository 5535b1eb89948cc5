#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# keyring-run.sh PROGRAM [ARGS…]: runs PROGRAM with a real Secret Service,
# a gnome-keyring-daemon of its own on a session bus of its own
# (dbus-run-session), its login keyring made and unlocked with the password
# "test" in a temporary XDG_DATA_HOME.  Nothing of the user's keyring or
# session bus is touched; everything goes when PROGRAM ends.
#
# The tests that need the keyring (test-account, test-outbox) run under
# this; test-outbox also runs without it (DIRECTION_TEST_NO_KEYRING=1) for
# the no-keyring case.

set -eu

if ! command -v dbus-run-session >/dev/null 2>&1 ||
   ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "keyring-run.sh: dbus-run-session and gnome-keyring-daemon are needed" \
       "(build-aux/setup.sh installs them)" >&2
  exit 1
fi

home=$(mktemp -d "${TMPDIR:-/tmp}/keyring-run-XXXXXX")
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/data" "$home/runtime" "$home/config"

XDG_DATA_HOME=$home/data
XDG_RUNTIME_DIR=$home/runtime
XDG_CONFIG_HOME=$home/config
export XDG_DATA_HOME XDG_RUNTIME_DIR XDG_CONFIG_HOME
# No X server: the session bus must not be autolaunched through X11, and
# gnome-keyring must not ask a prompter for anything.
unset DISPLAY WAYLAND_DISPLAY

dbus-run-session -- sh -c '
  printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
  exec "$@"
' keyring-run "$@"
