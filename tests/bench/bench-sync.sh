#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-sync.sh: the desk's directory pull (DirSync) against the real hub.
#
#   tests/bench/bench-sync.sh
#
# Builds nothing: uses direction-hub and tests/sync-pull from build/ (or
# $DIRECTION_BUILD_DIR).  Makes a hub database with $SERVICES (default
# 100,000) synthetic ORUK services (python3, stdlib only), serves it on
# 127.0.0.1 (a free port), then:
#   1. bootstrap: sync-pull into an empty desk database under /usr/bin/time -v
#      → bench sync_bootstrap_wall (s), sync_bootstrap_peak_rss (MB),
#        sync_bootstrap_wire (MB), sync_bootstrap_requests
#   2. 1 % delta: re-imports 1 % of the services with changed names on the hub
#      → bench sync_delta_wire (kB), sync_delta_upserts, sync_delta_wall (s)
#   3. no change: → bench sync_nochange_requests, sync_nochange_not_modified
#   4. sync-pull --compare: the desk equals the hub (comment line).
# Output: only "bench <name> <value> <unit>" lines and "#" comments.
# Targets: bootstrap ≤ 20 s and ≤ 150 MB peak RSS; delta ≤ 200 kB on the
# wire; no change = 1 request answered 304.
# Environment: DIRECTION_BUILD_DIR, SERVICES, LIMIT (page size, default 500).

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${DIRECTION_BUILD_DIR:-$top/build}
hub_bin=$build/src/hub/direction-hub
pull_bin=$build/tests/sync-pull
n=${SERVICES:-100000}
limit=${LIMIT:-500}

for bin in "$hub_bin" "$pull_bin" /usr/bin/time; do
  if [ ! -x "$bin" ]; then
    echo "# bench-sync: no $bin (build first, set DIRECTION_BUILD_DIR, apt-get install time)"
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-sync-XXXXXX")
hub_pid=
cleanup () {
  if [ -n "$hub_pid" ]; then
    kill "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

gen_services () {
  python3 - "$1" "$2" "$3" <<'PY'
import json, random, sys
n, out, suffix = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(20261122)
towns = ["Bedford", "Luton", "Dunstable", "Leighton Buzzard", "Biggleswade", "Sandy",
         "Northampton", "Milton Keynes", "Cambridge", "Peterborough"]
kinds = ["housing advice", "night shelter", "drug and alcohol service", "mental health team",
         "women's centre", "job coaching", "food bank", "mentoring"]
with open(out, "w") as f:
    f.write('{"contents":[')
    for i in range(n):
        town, kind = towns[i % len(towns)], kinds[(i * 7) % len(kinds)]
        s = {
            "id": "%08x-0000-4000-8000-%012x" % (i, i),
            "name": "%s %s %d%s" % (town, kind, i, suffix),
            "description": "Synthetic record %d: %s for people in %s and around; "
                           "call first, drop-in on weekdays." % (i, kind, town),
            "status": "active",
            "last_modified": "2026-%02d-%02dT10:00:00Z" % (1 + i % 10, 1 + i % 28),
            "organization": {"id": "%08x-1111-4000-8000-000000000000" % (i // 7),
                             "name": "%s Trust %d" % (town, i // 7)},
            "phones": [{"id": "p", "number": "01632 960%03d" % (i % 1000)}],
            "languages": [{"id": "l", "code": "en"}],
            "schedules": [{"id": "s", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                           "opens_at": "09:00", "closes_at": "17:00"}],
            "service_at_locations": [{"id": "sl", "location": {
                "id": "lo", "location_type": "physical",
                "latitude": round(rnd.uniform(50.6, 53.6), 6),
                "longitude": round(rnd.uniform(-3.2, 1.6), 6)}}],
        }
        if i:
            f.write(",")
        f.write(json.dumps(s, separators=(",", ":")))
    f.write("]}")
PY
}

value () { sed -n "s/^$1 //p" "$2"; }

echo "# generating $n services"
gen_services "$n" "$work/all.json" ""
"$hub_bin" init --db "$work/hub.db" >/dev/null
t0=$(date +%s%N)
"$hub_bin" import --db "$work/hub.db" "$work/all.json" >/dev/null
echo "# hub import: $(( ($(date +%s%N) - t0) / 1000000 )) ms"

"$hub_bin" serve --db "$work/hub.db" --listen 127.0.0.1:0 >"$work/hub.out" 2>"$work/hub.log" &
hub_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's#^Listening on \(http://127.0.0.1:[0-9]*\)/.*#\1#p' "$work/hub.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "# bench-sync: the hub did not start"; exit 1; }

# 1. bootstrap
t0=$(date +%s%N)
/usr/bin/time -v "$pull_bin" --db "$work/desk.db" --hub "$url" --limit "$limit" \
  >"$work/boot.out" 2>"$work/boot.time"
t1=$(date +%s%N)
rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/boot.time")
echo "bench sync_bootstrap_wall $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }') s"
echo "bench sync_bootstrap_peak_rss $(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB"
echo "bench sync_bootstrap_wire $(awk -v b="$(value wire_bytes "$work/boot.out")" 'BEGIN { printf "%.2f", b / 1e6 }') MB"
echo "bench sync_bootstrap_requests $(value requests "$work/boot.out") requests"
echo "bench sync_bootstrap_upserts $(value upserts "$work/boot.out") services"

# 2. a 1 % delta: the first 1 % renamed and re-imported
delta=$(( n / 100 ))
gen_services "$delta" "$work/delta.json" " (renamed)"
"$hub_bin" import --db "$work/hub.db" "$work/delta.json" >/dev/null
t0=$(date +%s%N)
"$pull_bin" --db "$work/desk.db" --hub "$url" --limit "$limit" >"$work/delta.out"
t1=$(date +%s%N)
echo "bench sync_delta_wire $(awk -v b="$(value wire_bytes "$work/delta.out")" 'BEGIN { printf "%.1f", b / 1000 }') kB"
echo "bench sync_delta_upserts $(value upserts "$work/delta.out") services"
echo "bench sync_delta_requests $(value requests "$work/delta.out") requests"
echo "bench sync_delta_wall $(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }') s"

# 3. no change
"$pull_bin" --db "$work/desk.db" --hub "$url" --limit "$limit" >"$work/none.out"
echo "bench sync_nochange_requests $(value requests "$work/none.out") requests"
echo "bench sync_nochange_not_modified $(value not_modified "$work/none.out") bool"
echo "bench sync_nochange_wire $(value wire_bytes "$work/none.out") bytes"

# 4. the desk equals the hub
"$pull_bin" --db "$work/desk.db" --compare "$work/hub.db" | sed 's/^/# /'
