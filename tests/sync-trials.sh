#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sync-trials.sh: kill -9 trials of the sync, both sides.
#
#   tests/sync-trials.sh            (not run by `meson test`)
#
# Makes a hub database from data/sample-directory.json plus $EXTRA (default
# 2000) synthetic services, serves it on 127.0.0.1 (a free port), then runs
# three kinds of trials ($PARTS, default "pull push hub"):
#
# pull: $TRIALS (default 100) trials.  Each trial starts from an empty desk
# database and runs build/tests/sync-pull with --limit $LIMIT (default 50,
# so dozens of pages), kills it with SIGKILL after a random delay, does that
# $KILLS (default 2) times in a row, then resumes with a last sync-pull that
# must finish.  It then runs `sync-pull --compare` on the desk database:
# PRAGMA integrity_check must say ok, and the desk's services (ids and JSON
# texts) must equal the hub's.  Every fifth trial also changes and deletes
# a few services on the hub between the kills, so resumed pulls meet new
# changes and tombstones.
#
# push: trials of killing the desk while it pushes, until $PUSH_TRIALS
# (default 100) of them had a kill land mid-push.  Each trial uses a fresh
# outbox (build/tests/sync-push, the key in a key file: no keyring) and,
# $KILLS times, queues $REFERRALS (default 25) more referrals, runs the
# desk's sync (a directory pull, sign-in, the push and the status pull, as
# `direction-desk --sync-now` does) and kills it with SIGKILL after a
# random delay; then resumes with a run that must leave nothing waiting.
#
# hub: the same, until $HUB_TRIALS (default 100) trials had a kill mid-push,
# but the hub gets the SIGKILL and is started again at once on the same
# port; the desk's run goes on or fails, then a resumed run must leave
# nothing waiting.
#
# After each push or hub trial, `sync-push --check`: integrity_check ok on
# the outbox and on the hub's database, every local referral at the hub
# exactly once (by its id, the Idempotency-Key) and, when sent, under the
# reference the desk keeps: 0 lost, 0 duplicated; and `sync-pull
# --compare`: the desk's directory equal to the hub's.  At the end the hub
# must hold exactly as many referrals as were created, all distinct.
#
# The kills of push and hub trials aim at the push: the script waits until
# the run has marked a referral "sending" in its outbox, then waits a random
# time up to half of how long an uninterrupted push takes (measured first); a kill
# counts as mid-push when that run had sent some of its referrals and not
# all, and the script says how many did.
#
# Output: for pull, "trials N, integrity ok N, equal to hub N"; for push
# and hub, "desk trials N: lost 0, duplicated 0, integrity ok N, hub
# integrity ok N, equal to hub N, all sent N" (and "hub trials …"); then
# "hub referrals N, distinct N, created N".  Exit status 0 only when
# every count is as it must be.  Environment: DIRECTION_BUILD_DIR (default
# build/), PARTS, TRIALS, PUSH_TRIALS, HUB_TRIALS, EXTRA, LIMIT, KILLS,
# REFERRALS, MAX_DELAY_MS (default: measured from one uninterrupted run).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${DIRECTION_BUILD_DIR:-$top/build}
hub_bin=$build/src/hub/direction-hub
pull_bin=$build/tests/sync-pull
push_bin=$build/tests/sync-push
trials=${TRIALS:-100}
push_trials=${PUSH_TRIALS:-100}
hub_trials=${HUB_TRIALS:-100}
extra=${EXTRA:-2000}
limit=${LIMIT:-50}
kills=${KILLS:-2}
referrals=${REFERRALS:-25}
parts=${PARTS:-pull push hub}
password="correct horse battery staple"

# No keyring for the trials (the outbox key goes in a key file), and never
# an autolaunched session bus.
export DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/sync-trials-bus
unset DISPLAY WAYLAND_DISPLAY

want () {
  case " $parts " in *" $1 "*) return 0 ;; esac
  return 1
}

for bin in "$hub_bin" "$pull_bin" "$push_bin"; do
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

# $1: the address to listen on (default a free port).
start_hub () {
  # Emptied here, not by the child's redirection: that may come after the
  # first look below, which would then read the last hub's address.
  : >"$work/hub.out"
  "$hub_bin" serve --db "$work/hub.db" --listen "${1:-127.0.0.1:0}" \
    >>"$work/hub.out" 2>>"$work/hub.log" &
  hub_pid=$!
  for _ in $(seq 1 100); do
    url=$(sed -n 's#^Listening on \(http://127.0.0.1:[0-9]*\)/.*#\1#p' "$work/hub.out")
    [ -n "$url" ] && return 0
    if ! kill -0 "$hub_pid" 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  echo "# sync-trials: the hub did not start"; tail -5 "$work/hub.log"
  exit 1
}

# A random whole number of milliseconds from 0 to $1.
random_delay () {
  local d=$(( RANDOM * 32768 + RANDOM ))
  echo $(( d % ($1 + 1) ))
}

sleep_ms () {
  sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

"$hub_bin" init --db "$work/hub.db" >/dev/null || exit 1
"$hub_bin" import --db "$work/hub.db" "$top/data/sample-directory.json" >/dev/null || exit 1
gen_services "$extra" "$work/extra.json" ""
"$hub_bin" import --db "$work/hub.db" "$work/extra.json" >/dev/null || exit 1
"$hub_bin" add-agency --db "$work/hub.db" "Trial Probation" >/dev/null || exit 1
printf '%s\n' "$password" | "$hub_bin" add-user --db "$work/hub.db" --agency "Trial Probation" \
  --role referrer trial-desk >/dev/null || exit 1
start_hub
echo "# hub $url: sample directory + $extra synthetic services, limit $limit"
status=0

if want pull; then
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
      sleep_ms "$(random_delay "$max_delay")"
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
  if [ "$n_trials" -ne "$n_integrity" ] || [ "$n_trials" -ne "$n_equal" ]; then
    status=1
  fi
fi

# ---- push and hub trials ------------------------------------------------------

# A service for the trial signposts, one the hub will not delete.
service=$(sqlite3 "$work/hub.db" ".timeout 5000" \
  "SELECT id FROM service WHERE id NOT LIKE '%-5e1f-%' ORDER BY id LIMIT 1")
created=0

# The desk side's sync: directory, sign-in, push, status pull.  Not a
# pipeline: run with & it must be the process that gets the SIGKILL.
(umask 077 && printf '%s\n' "$password" >"$work/password")
desk_sync () {
  "$push_bin" --outbox "$1" --db "$2" --hub "$url" --user trial-desk --limit "$limit" \
    --timeout 5 <"$work/password"
}

# After a trial: nothing lost or doubled, both databases sound, the
# directory the hub's.  $1 outbox, $2 desk db, $3 label.  Sets the counters.
check_trial () {
  local out
  out=$("$push_bin" --outbox "$1" --check "$work/hub.db" 2>&1)
  echo "$out" | grep -q '^integrity ok$' && t_integrity=$((t_integrity + 1))
  echo "$out" | grep -q '^hub_integrity ok$' && t_hub_integrity=$((t_hub_integrity + 1))
  t_lost=$((t_lost + $(echo "$out" | sed -n 's/^lost //p')))
  t_duplicated=$((t_duplicated + $(echo "$out" | sed -n 's/^duplicated //p')))
  if ! echo "$out" | grep -q "^sent $((kills * referrals))$"; then
    echo "# $3: not all sent:"; echo "$out" | sed 's/^/#   /'
    t_unsent=$((t_unsent + 1))
  fi
  if "$pull_bin" --db "$2" --compare "$work/hub.db" >"$work/compare.out" 2>&1 &&
     grep -q '^equal yes' "$work/compare.out"; then
    t_equal=$((t_equal + 1))
  else
    echo "# $3:"; sed 's/^/#   /' "$work/compare.out"
  fi
}

# $1: desk or hub (what gets killed), $2: how many trials.
push_trials () {
  local who=$1 n=$2 t k pid port delay
  t_trials=0 t_integrity=0 t_hub_integrity=0 t_lost=0 t_duplicated=0 t_equal=0
  t_unsent=0 t_killed=0 t_mid_push=0 t_sending=0 t_trials_mid=0

  # When the push runs in one uninterrupted sync from the same start as a
  # trial: the kills aim at it (the directory pull and the sign-in before
  # it are what the pull trials and the process start cover).
  "$push_bin" --outbox "$work/probe-out.db" --create "$referrals" --service "$service" \
    >/dev/null || exit 1
  cp "$work/template.db" "$work/probe-desk.db"
  desk_sync "$work/probe-out.db" "$work/probe-desk.db" >"$work/probe.out" 2>&1 || exit 1
  created=$((created + referrals))
  local push_start push_end
  push_start=$(sed -n 's/^push_start_ms //p' "$work/probe.out")
  push_end=$(sed -n 's/^push_end_ms //p' "$work/probe.out")
  # Half of it: pushes vary with the load, and a kill after the end is wasted.
  local max_delay=${MAX_DELAY_MS:-$(( (push_end - push_start) / 2 ))}
  echo "# $who trials: an uninterrupted sync pushes its $referrals referrals in" \
       "$((push_end - push_start)) ms; kills come 0..$max_delay ms after a run's push begins"
  rm -f "$work"/probe-*

  # Until $n trials had a kill land mid-push (at most 3 × $n trials).
  t=0
  while [ "$t_trials_mid" -lt "$n" ] && [ "$t" -lt $((3 * n)) ]; do
    t=$((t + 1))
    local out="$work/out-$who-$t.db" desk="$work/desk-$who-$t.db"
    cp "$work/template.db" "$desk"
    mid_trial=0

    for k in $(seq 1 "$kills"); do
      # Each killed run has a whole batch of its own to push.
      "$push_bin" --outbox "$out" --create "$referrals" --service "$service" >/dev/null || exit 1
      created=$((created + referrals))
      before=$(sqlite3 "$out" ".timeout 5000" "SELECT count(*) FROM referral WHERE state = 'sent'")
      "$push_bin" --outbox "$out" --db "$desk" --hub "$url" --user trial-desk \
        --limit "$limit" --timeout 5 <"$work/password" >"$work/run.out" 2>&1 &
      pid=$!
      # The push has begun when this run has marked a referral sending (or
      # sent one): then a random delay within how long a push takes.
      for _ in $(seq 1 2000); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$(sqlite3 "$out" ".timeout 5000" "SELECT count(*) FROM referral WHERE \
              state IN ('sending', 'sent')")" -gt "$before" ] && break
        sleep 0.005
      done
      delay=$(random_delay "$max_delay")
      sleep_ms "$delay"
      if [ "$who" = desk ]; then
        kill -9 "$pid" 2>/dev/null && t_killed=$((t_killed + 1))
        wait "$pid" 2>/dev/null
      else
        port=${url##*:}
        running=0
        kill -0 "$pid" 2>/dev/null && running=1
        kill -9 "$hub_pid" 2>/dev/null && t_killed=$((t_killed + running))
        wait "$hub_pid" 2>/dev/null
        hub_pid=
        start_hub "127.0.0.1:$port"
        wait "$pid" 2>/dev/null
      fi
      # Mid-push: this run had sent some of what it had to, not all.
      after=$(sqlite3 "$out" ".timeout 5000" \
        "SELECT count(*) FROM referral WHERE state = 'sent'")
      sending=$(sqlite3 "$out" ".timeout 5000" \
        "SELECT count(*) FROM referral WHERE state = 'sending'")
      if [ "$after" -gt "$before" ] && [ "$after" -lt $(( k * referrals )) ]; then
        t_mid_push=$((t_mid_push + 1))
        mid_trial=1
      fi
      [ "$sending" -gt 0 ] && t_sending=$((t_sending + 1))
    done
    [ "$mid_trial" -eq 1 ] && t_trials_mid=$((t_trials_mid + 1))

    # Resume: this one must leave nothing waiting.
    if ! desk_sync "$out" "$desk" >"$work/resume.out" 2>&1; then
      echo "# $who trial $t: the resumed sync failed:"; sed 's/^/#   /' "$work/resume.out"
      echo "# the hub ($hub_pid): $(grep '^State' "/proc/$hub_pid/status" 2>/dev/null);" \
           "its log ends:"
      tail -8 "$work/hub.log" | sed 's/^/#   /'
      cat "$work/hub.out" | sed 's/^/#   out: /'
      ss -tanp 2>/dev/null | grep ":${url##*:}" | sed 's/^/#   ss: /'

    fi

    t_trials=$((t_trials + 1))
    check_trial "$out" "$desk" "$who trial $t"
    rm -f "$out" "$out-wal" "$out-shm" "$out.key" "$desk" "$desk-wal" "$desk-shm"
  done

  echo "# $t_killed kills while the desk ran; $t_mid_push of them mid-push (some of the" \
       "referrals sent, not all), $t_sending leaving a referral SENDING;" \
       "$t_trials_mid trials with a kill mid-push"
  echo "$who trials $t_trials ($t_trials_mid with a kill mid-push): lost $t_lost," \
       "duplicated $t_duplicated," \
       "integrity ok $t_integrity, hub integrity ok $t_hub_integrity," \
       "equal to hub $t_equal, all sent $((t_trials - t_unsent))"
  if [ "$t_lost" -ne 0 ] || [ "$t_duplicated" -ne 0 ] || [ "$t_unsent" -ne 0 ] ||
     [ "$t_integrity" -ne "$t_trials" ] || [ "$t_hub_integrity" -ne "$t_trials" ] ||
     [ "$t_equal" -ne "$t_trials" ] || [ "$t_trials_mid" -lt "$n" ]; then
    status=1
  fi
}

if want push || want hub; then
  # The desk's directory as a trial starts: bootstrapped, so the kills land
  # in the push rather than in a long first pull.
  "$pull_bin" --db "$work/template.db" --hub "$url" >/dev/null || exit 1
  want push && push_trials desk "$push_trials"
  want hub && push_trials hub "$hub_trials"

  counts=$("$push_bin" --count "$work/hub.db")
  hub_total=$(echo "$counts" | sed -n 's/^hub_referrals //p')
  hub_distinct=$(echo "$counts" | sed -n 's/^hub_distinct //p')
  echo "hub referrals $hub_total, distinct $hub_distinct, created $created"
  if [ "$hub_total" -ne "$created" ] || [ "$hub_distinct" -ne "$created" ]; then
    status=1
  fi
fi

exit $status
