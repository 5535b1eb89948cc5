#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sync-trials.sh: kill -9 trials of the desk side of the directory sync.
#
#   tests/sync-trials.sh            (not run by `meson test`)
#
# Makes a hub database from data/sample-directory.json plus $EXTRA (default
# 2000) synthetic services, serves it on 127.0.0.1 (a free port), then runs
# $TRIALS (default 100) trials.  Each trial starts from an empty desk
# database and runs build/tests/sync-pull with --limit $LIMIT (default 50,
# so dozens of pages), kills it with SIGKILL after a random delay, does that
# $KILLS (default 2) times in a row, then resumes with a last sync-pull that
# must finish.  It then runs `sync-pull --compare` on the desk database:
# PRAGMA integrity_check must say ok, and the desk's services (ids and JSON
# texts) must equal the hub's.  Every fifth trial also changes and deletes
# a few services on the hub between the kills, so resumed pulls meet new
# changes and tombstones.
#
# Output: "trials N, integrity ok N, equal to hub N"; exit status 0 only when
# all three are equal.  Environment: DIRECTION_BUILD_DIR (default build/),
# TRIALS, EXTRA, LIMIT, KILLS, MAX_DELAY_MS (default: measured from one
# uninterrupted pull).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${DIRECTION_BUILD_DIR:-$top/build}
hub_bin=$build/src/hub/direction-hub
pull_bin=$build/tests/sync-pull
trials=${TRIALS:-100}
extra=${EXTRA:-2000}
limit=${LIMIT:-50}
kills=${KILLS:-2}

for bin in "$hub_bin" "$pull_bin"; do
  if [ ! -x "$bin" ]; then
    echo "# sync-trials: no $bin; build first or set DIRECTION_BUILD_DIR"
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sync-trials-XXXXXX")
hub_pid=

cleanup () {
  if [ -n "$hub_pid" ]; then
    kill "$hub_pid" 2>/dev/null
    wait "$hub_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Synthetic ORUK services: the sample directory's shape, fresh UUIDs.
# $1 = how many, $2 = output file, $3 = name suffix (for changed copies),
# $4 = first index.
gen_services () {
  python3 - "$1" "$2" "$3" "${4:-0}" <<'PY'
import json, sys
n, out, suffix, first = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
towns = ["Bedford", "Luton", "Dunstable", "Leighton Buzzard", "Biggleswade", "Sandy"]
services = []
for i in range(first, first + n):
    town = towns[i % len(towns)]
    services.append({
        "id": "%08x-5e1f-4000-8000-%012x" % (i, i),
        "name": "Synthetic service %d in %s%s" % (i, town, suffix),
        "description": "Synthetic record %d for sync trials: help for people in %s." % (i, town),
        "status": "active",
        "last_modified": "2026-01-%02dT10:00:00Z" % (1 + i % 28),
        "organization": {"id": "%08x-0e1f-4000-8000-000000000000" % (i // 10),
                         "name": "Synthetic Trust %d" % (i // 10)},
        "service_at_locations": [{"id": "sl", "location": {
            "id": "lo", "location_type": "physical",
            "latitude": round(51.8 + (i % 500) / 1000.0, 6),
            "longitude": round(-0.7 + (i % 700) / 1000.0, 6)}}],
    })
json.dump({"contents": services}, open(out, "w"))
PY
}

start_hub () {
  "$hub_bin" serve --db "$work/hub.db" --listen 127.0.0.1:0 >"$work/hub.out" 2>"$work/hub.log" &
  hub_pid=$!
  for _ in $(seq 1 100); do
    url=$(sed -n 's#^Listening on \(http://127.0.0.1:[0-9]*\)/.*#\1#p' "$work/hub.out")
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "# sync-trials: the hub did not start"; cat "$work/hub.log"
  exit 1
}

"$hub_bin" init --db "$work/hub.db" >/dev/null || exit 1
"$hub_bin" import --db "$work/hub.db" "$top/data/sample-directory.json" >/dev/null || exit 1
gen_services "$extra" "$work/extra.json" ""
"$hub_bin" import --db "$work/hub.db" "$work/extra.json" >/dev/null || exit 1
start_hub
echo "# hub $url: sample directory + $extra synthetic services, limit $limit"

# How long one uninterrupted bootstrap takes: kills land anywhere in it.
t0=$(date +%s%N)
"$pull_bin" --db "$work/probe.db" --hub "$url" --limit "$limit" >/dev/null || exit 1
t1=$(date +%s%N)
full_ms=$(( (t1 - t0) / 1000000 ))
max_delay=${MAX_DELAY_MS:-$(( full_ms + full_ms / 5 + 1 ))}
echo "# one uninterrupted bootstrap: $full_ms ms; kill delays 0..$max_delay ms"

n_trials=0
n_integrity=0
n_equal=0
n_killed=0
change_round=0

for trial in $(seq 1 "$trials"); do
  desk=$work/desk-$trial.db
  for k in $(seq 1 "$kills"); do
    "$pull_bin" --db "$desk" --hub "$url" --limit "$limit" >/dev/null 2>&1 &
    pid=$!
    delay=$(( RANDOM * 32768 + RANDOM ))
    delay=$(( delay % (max_delay + 1) ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
      n_killed=$((n_killed + 1))
    fi
    wait "$pid" 2>/dev/null

    if [ $((trial % 5)) -eq 0 ] && [ "$k" -eq 1 ]; then
      # The hub changes under the interrupted desk: 20 services renamed,
      # 5 deleted (dir_store through the import CLI cannot delete; sqlite3
      # DELETE on the hub's service table fires the feed's triggers).
      change_round=$((change_round + 1))
      gen_services 20 "$work/changed.json" " (round $change_round)" $((change_round * 37 % extra))
      "$hub_bin" import --db "$work/hub.db" "$work/changed.json" >/dev/null || exit 1
      if command -v sqlite3 >/dev/null 2>&1; then
        sqlite3 "$work/hub.db" ".timeout 5000" \
          "DELETE FROM service WHERE id IN (SELECT id FROM service WHERE id LIKE '%-5e1f-%' ORDER BY random() LIMIT 5);" \
          >/dev/null 2>&1 || true
      fi
    fi
  done

  # Resume: this one must finish.
  if ! "$pull_bin" --db "$desk" --hub "$url" --limit "$limit" >"$work/resume.out" 2>&1; then
    echo "# trial $trial: the resumed pull failed:"; sed 's/^/#   /' "$work/resume.out"
  fi

  n_trials=$((n_trials + 1))
  "$pull_bin" --db "$desk" --compare "$work/hub.db" >"$work/compare.out" 2>&1
  grep -q '^integrity ok$' "$work/compare.out" && n_integrity=$((n_integrity + 1))
  if grep -q '^equal yes' "$work/compare.out"; then
    n_equal=$((n_equal + 1))
  else
    echo "# trial $trial:"; sed 's/^/#   /' "$work/compare.out"
  fi
  rm -f "$desk" "$desk-wal" "$desk-shm"
done

echo "# $n_killed pulls killed with SIGKILL mid-way (the rest had finished)"
echo "trials $n_trials, integrity ok $n_integrity, equal to hub $n_equal"
[ "$n_trials" -eq "$n_integrity" ] && [ "$n_trials" -eq "$n_equal" ]
