#!/bin/sh
# bench-hub-referrals.sh
#
# Copyright 2026 The Direction Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Durable referral intake: POST /api/v1/referrals as fast as wrk can, each a
# new referral with its own Idempotency-Key, then SIGKILL the hub and count
# the rows.  Every referral answered 201 must be in the database after the
# kill, checked id by id.
#
# Usage: tests/bench/bench-hub-referrals.sh [BUILD_DIR]   (default: build)
#   DIRECTION_HUB      the direction-hub binary (default BUILD_DIR/src/hub/direction-hub)
#   BENCH_DURATION     wrk duration (default 10s)
#   BENCH_CONNECTIONS  concurrent connections (default 64)
#   BENCH_THREADS      wrk threads (default 2)
#
# Needs wrk, curl and sqlite3 (build-aux/setup.sh installs them); installs
# nothing.  Prints:
#   bench referrals_per_second N req/s   201s (durable referrals) per second
#   bench referrals_p99 N ms             99th percentile latency of a POST
#   bench referrals_rows N rows          rows in the database after the kill
# and exits 1 if a referral answered 201 is missing from the database, if any
# answer was not a 201, or if more rows were stored without a 201 than wrk
# left unanswered when it stopped.  wrk stops dead, abandoning the request in
# flight on each connection; those may well be stored (committed before
# their answer was written), which is right: a real client replays the key
# and gets the 201.  So rows = 201s + at most one per connection.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-build}
hub=${DIRECTION_HUB:-$build/src/hub/direction-hub}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
service=6f1c2d3e-4a5b-4c6d-8e7f-000000000001
password="bench password $$ $(date +%s)"

for tool in wrk curl sqlite3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-hub-referrals: $tool is not installed (see build-aux/setup.sh)" >&2
    exit 2
  fi
done
if [ ! -x "$hub" ]; then
  echo "bench-hub-referrals: no direction-hub at $hub (give BUILD_DIR or DIRECTION_HUB)" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-hub-referrals.XXXXXX")
hub_pid=
cleanup () {
  if [ -n "$hub_pid" ]; then
    kill -KILL "$hub_pid" 2>/dev/null || true
    wait "$hub_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# On a signal too (PIPE: piped into head), the hub goes down with the script.
trap 'exit 1' INT TERM HUP PIPE

db="$tmp/hub.db"
export DIRECTION_DATA_DIR="$top/data"

"$hub" init --db "$db" >/dev/null
"$hub" import --db "$db" "$top/tests/data/hub-directory.json" >/dev/null
"$hub" add-agency --db "$db" "Bench Agency" >/dev/null
printf '%s\n' "$password" |
  "$hub" add-user --db "$db" --agency "Bench Agency" --role referrer bench >/dev/null

# The request log goes to a file: one line per request is part of the work.
# serve.out exists before the hub (the background job opens it later).
: >"$tmp/serve.out"
"$hub" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.log" &
hub_pid=$!

url=
for _ in $(seq 1 100); do
  url=$(sed -n 's|^Listening on \(http://[^ ]*\)/$|\1|p' "$tmp/serve.out")
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "bench-hub-referrals: the hub did not start" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi

login=$(curl -sS -X POST -H 'Content-Type: application/json' \
          --data "{\"username\": \"bench\", \"password\": \"$password\"}" \
          "$url/api/v1/session")
token=$(printf '%s' "$login" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
if [ -z "$token" ]; then
  echo "bench-hub-referrals: sign-in failed: $login" >&2
  exit 1
fi

mkdir "$tmp/acked"
BENCH_TOKEN=$token BENCH_SERVICE=$service BENCH_ACKED_DIR="$tmp/acked" \
  wrk -t "$threads" -c "$connections" -d "$duration" --latency \
      -s "$here/bench-hub-referrals.lua" "$url/api/v1/referrals" >"$tmp/wrk.out"

# Crash the hub at once: whatever was answered 201 must already be on disk.
kill -KILL "$hub_pid"
wait "$hub_pid" 2>/dev/null || true
hub_pid=

result () {
  sed -n "s/^result $1 \([0-9]*\)$/\1/p" "$tmp/wrk.out"
}

created=$(result created)
other=$(result other)
unanswered=$(result unanswered)
duration_us=$(result duration_us)
socket_errors=$(result socket_errors)
p99_us=$(result p99_us)
rows=$(sqlite3 "$db" "SELECT count(*) FROM referral")
history=$(sqlite3 "$db" "SELECT count(*) FROM referral_history")
audits=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'referral.create'")

# Every id answered 201, checked against the database.
cat "$tmp"/acked/acked-*.txt >"$tmp/acked.txt"
acked=$(wc -l <"$tmp/acked.txt")
sqlite3 "$tmp/acked.db" "CREATE TABLE acked (id TEXT PRIMARY KEY)"
sqlite3 "$tmp/acked.db" ".import $tmp/acked.txt acked"
missing=$(sqlite3 "$tmp/acked.db" "ATTACH '$db' AS hub;
  SELECT count(*) FROM acked WHERE id NOT IN (SELECT id FROM hub.referral)")
unacknowledged=$(sqlite3 "$tmp/acked.db" "ATTACH '$db' AS hub;
  SELECT count(*) FROM hub.referral WHERE id NOT IN (SELECT id FROM acked)")

if [ -z "$created" ] || [ -z "$duration_us" ]; then
  echo "bench-hub-referrals: wrk gave no results" >&2
  cat "$tmp/wrk.out" >&2
  exit 1
fi

per_second=$(awk -v n="$created" -v us="$duration_us" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
p99_ms=$(awk -v us="$p99_us" 'BEGIN { printf "%.2f", us / 1000 }')

sed -n '/Latency Distribution/,/requests in/p' "$tmp/wrk.out" >&2
echo "201 answers: $created, other answers: $other, socket errors: $socket_errors," \
     "unanswered at the end: $unanswered" >&2
echo "rows after SIGKILL: referral $rows, history $history, referral.create audit $audits" >&2
echo "ids answered 201: $acked, of which missing from the database: $missing;" \
     "rows stored but never answered: $unacknowledged" >&2

echo "bench referrals_per_second $per_second req/s"
echo "bench referrals_p99 $p99_ms ms"
echo "bench referrals_rows $rows rows"

status=0
if [ "$acked" -ne "$created" ] || [ "$missing" -ne 0 ]; then
  echo "bench-hub-referrals: FAIL: $missing of $acked referrals answered 201 are not stored" >&2
  status=1
fi
if [ "$unacknowledged" -gt "$unanswered" ] || [ "$rows" -ne $((acked + unacknowledged)) ]; then
  echo "bench-hub-referrals: FAIL: $unacknowledged rows were never answered 201," \
       "but only $unanswered requests were left unanswered" >&2
  status=1
fi
if [ "$history" -ne "$rows" ] || [ "$audits" -ne "$rows" ]; then
  echo "bench-hub-referrals: FAIL: history ($history) or audit ($audits) rows differ from referrals ($rows)" >&2
  status=1
fi
if [ "$other" -ne 0 ]; then
  echo "bench-hub-referrals: FAIL: $other answers were not 201" >&2
  status=1
fi
exit $status
