#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The demo: installs what is missing, builds, starts a local hub on loopback
# with the sample Bedfordshire directory, and opens Direction Desk pointed at
# it.  Closing the window stops the hub.  Everything it writes stays in
# build/demo/, so a second run starts from the same sample.
#
#   build-aux/demo.sh

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${DIRECTION_BUILD_DIR:-$top/build}
demo_dir=$build_dir/demo

"$top/build-aux/setup.sh"

hub=$build_dir/src/hub/direction-hub
desk=$build_dir/src/desk/direction-desk

rm -rf "$demo_dir"
mkdir -p "$demo_dir"

"$hub" init --db "$demo_dir/hub.db"
"$hub" import --db "$demo_dir/hub.db" "$top/data/sample-directory.json"

# Sample accounts to sign in with (Preferences → Sign In…).  Demo only:
# the password is printed here because this hub lives in build/demo.
demo_password="sample-demo-password"
"$hub" add-agency --db "$demo_dir/hub.db" "Sample Probation Delivery Unit (sample)" >/dev/null
echo "$demo_password" | "$hub" add-user --db "$demo_dir/hub.db" \
  --agency "Sample Probation Delivery Unit (sample)" --role referrer demo.referrer >/dev/null
echo "$demo_password" | "$hub" add-user --db "$demo_dir/hub.db" \
  --agency "Sample Probation Delivery Unit (sample)" --role volunteer demo.volunteer >/dev/null
echo "$demo_password" | "$hub" add-user --db "$demo_dir/hub.db" \
  --agency "Sample Probation Delivery Unit (sample)" --role advisor demo.advisor >/dev/null

# Port 0: the hub picks a free port and says which.
"$hub" serve --db "$demo_dir/hub.db" --listen 127.0.0.1:0 \
  --data-dir "$top/data" >"$demo_dir/hub.out" 2>"$demo_dir/hub.log" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true' EXIT INT TERM

url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's|^Listening on \(http://[^ ]*\)/$|\1|p' "$demo_dir/hub.out")
  [ -n "$url" ] && break
  if ! kill -0 "$hub_pid" 2>/dev/null; then
    echo "The hub did not start:" >&2
    cat "$demo_dir/hub.log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$url" ] || { echo "The hub did not say where it listens" >&2; exit 1; }
echo "Hub listening on $url (log: $demo_dir/hub.log)"
echo "Sign in (Preferences) as demo.referrer, demo.volunteer or demo.advisor," \
     "password $demo_password"

# The desk keeps its own copy of the directory, synced from the hub.
DIRECTION_DATA_DIR="$top/data" \
GSETTINGS_SCHEMA_DIR="$build_dir/data" \
DIRECTION_LOCALE_DIR="$build_dir/po" \
XDG_DATA_HOME="$demo_dir/desk-data" \
  "$desk" --db "$demo_dir/desk.db" --hub-url "$url"
