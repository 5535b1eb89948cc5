#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-hub.sh: read throughput of direction-hub against nginx serving the
# very same bytes as static files.
#
#   tests/bench/bench-hub.sh
#
# Builds nothing: uses the direction-hub in build/ (or $DIRECTION_BUILD_DIR).
# Needs wrk, nginx (Debian's nginx-light is enough; run as you, no root) and
# curl.  It makes a temporary hub database from data/sample-directory.json,
# starts the hub on 127.0.0.1 (a free port) and nginx on another free loopback
# port with a throw-away config (daemon off, access_log off), saves the hub's
# answers to GET /api/v1/services/{id} and GET /api/v1/changes?since=0&limit=N
# as nginx's static files, then runs
#   wrk -t2 -c64 -d${BENCH_DURATION:-10s} --latency
# against each URL on both servers, BENCH_ROUNDS times, hub and nginx in
# turn (so a load that comes and goes on the machine weighs on both alike).
#
# Output: only lines "bench <name> <value> <unit>" and comments starting "#"
# (one per round); each figure is the median of the rounds:
#   bench services_id_hub_rps / _nginx_rps (req/s), services_id_ratio (x, the
#   median of each round's hub/nginx), services_id_hub_p99 / _nginx_p99 (ms),
#   services_id_hub_cpu_us (the hub's CPU time per request, all threads, µs),
#   and the same for changes_*.
# Targets: hub ≥ 0.5 × nginx at 64 connections, hub p99 ≤ 50 ms.
#
# Environment: DIRECTION_BUILD_DIR, BENCH_DURATION (wrk -d, default 10s),
# BENCH_ROUNDS (default 3), BENCH_CHANGES_LIMIT (default 100),
# BENCH_CONNECTIONS (default 64), BENCH_HUB_ARGS (more serve options, e.g.
# "--threads 1"), BENCH_NGINX_WORKERS (default 1), BENCH_WRK_CPUS and BENCH_SERVER_CPUS (taskset -c lists:
# e.g. 0 and 1 give wrk one core and the server under test the other, for
# comparing what each server does with one core).
# If tests/bench/bench-hub-referrals.sh exists it runs last and its lines
# are passed through.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${DIRECTION_BUILD_DIR:-$top/build}
hub_bin=$build/src/hub/direction-hub
duration=${BENCH_DURATION:-10s}
limit=${BENCH_CHANGES_LIMIT:-100}
connections=${BENCH_CONNECTIONS:-64}
rounds=${BENCH_ROUNDS:-3}
wrk_pin=
server_pin=
[ -n "${BENCH_WRK_CPUS:-}" ] && wrk_pin="taskset -c $BENCH_WRK_CPUS"
[ -n "${BENCH_SERVER_CPUS:-}" ] && server_pin="taskset -c $BENCH_SERVER_CPUS"

for tool in wrk nginx curl python3; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "# bench-hub: $tool is missing (apt-get install -y wrk nginx-light curl)"
    exit 1
  fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -x "$hub_bin" ]; then
  echo "# bench-hub: no $hub_bin; build first or set DIRECTION_BUILD_DIR"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-hub-XXXXXX")
hub_pid=
nginx_pid=

cleanup () {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
# On a signal too (PIPE: piped into head), the servers go down with the script.
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

free_port () {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

export DIRECTION_DATA_DIR="$top/data"
db=$work/hub.db
"$hub_bin" init --db "$db" >/dev/null
"$hub_bin" import --db "$db" "$top/data/sample-directory.json" >/dev/null

# The hub logs one line per request to stderr: into a file, as in production.
# shellcheck disable=SC2086 # BENCH_HUB_ARGS is words
# shellcheck disable=SC2086 # so is server_pin
$server_pin "$hub_bin" serve --db "$db" --listen 127.0.0.1:0 ${BENCH_HUB_ARGS:-} >"$work/hub.out" 2>"$work/hub.log" &
hub_pid=$!
i=0
until grep -q '^Listening on ' "$work/hub.out" 2>/dev/null; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then echo "# bench-hub: the hub did not start"; cat "$work/hub.log" | sed 's/^/# /'; exit 1; fi
  sleep 0.05
done
hub_url=$(sed -n 's/^Listening on \(http:[^ ]*\)\/$/\1/p' "$work/hub.out")

# A service id, and the bytes nginx will serve.
id=$(curl -sf "$hub_url/api/v1/changes?limit=1" |
     python3 -c 'import json, sys; print(json.load(sys.stdin)["changes"][0]["id"])')
mkdir -p "$work/www/api/v1/services" "$work/www/api/v1/changes" "$work/nginx/logs"
curl -sf -o "$work/www/api/v1/services/$id" "$hub_url/api/v1/services/$id"
curl -sf -o "$work/www/api/v1/changes/page" "$hub_url/api/v1/changes?since=0&limit=$limit"

nginx_port=$(free_port)
# Started by root, nginx's worker would switch to "nobody" and could not read
# our private temp dir: keep it as the current user.
user_line=
[ "$(id -u)" = 0 ] && user_line="user $(id -un) $(id -gn);"
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes ${BENCH_NGINX_WORKERS:-1};
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location = /api/v1/changes { try_files /api/v1/changes/page =404; }
  }
}
CONF
# shellcheck disable=SC2086
$server_pin "$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>"$work/nginx/start.log" &
nginx_pid=$!
nginx_url=http://127.0.0.1:$nginx_port
i=0
until curl -sf -o /dev/null "$nginx_url/api/v1/services/$id"; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then echo "# bench-hub: nginx did not start"; tail -n 5 "$work/nginx/logs/error.log" | sed "s/^/# /"; sed 's/^/# /' "$work/nginx/start.log"; exit 1; fi
  sleep 0.05
done

# Same bytes on both sides, or the comparison means nothing.
for path in "/api/v1/services/$id" "/api/v1/changes?since=0&limit=$limit"; do
  a=$(curl -sf "$hub_url$path" | cksum)
  b=$(curl -sf "$nginx_url$path" | cksum)
  if [ "$a" != "$b" ]; then echo "# bench-hub: nginx and the hub differ on $path"; exit 1; fi
done

hub_threads=$(sed -n 's/.*Serving with \([0-9]*\) thread.*/\1/p' "$work/hub.log" | head -n 1)
echo "# hub $hub_url ($hub_threads serving threads), nginx $nginx_url (${BENCH_NGINX_WORKERS:-1} workers), wrk -t2 -c$connections -d$duration, $rounds rounds; $(nproc) CPUs${wrk_pin:+; wrk on CPUs $BENCH_WRK_CPUS, servers on CPUs $BENCH_SERVER_CPUS}"
echo "# services_id: $(wc -c <"$work/www/api/v1/services/$id") bytes; changes: limit=$limit, $(wc -c <"$work/www/api/v1/changes/page") bytes"

# Prints "<req/s> <p99 ms> <requests>" for one wrk run.
run_wrk () {
  # shellcheck disable=SC2086
  $wrk_pin wrk -t2 -c"$connections" -d"$duration" --latency "$1" >"$work/wrk.out" 2>&1 || true
  python3 - "$work/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
n = re.search(r"^\s*(\d+) requests in", text, re.M)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    print("# wrk: %s non-2xx answers" % errors.group(1), file=sys.stderr)
scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
print("%s %s %s" % (rps.group(1) if rps else "0",
                    "%.2f" % (float(p99.group(1)) * scale[p99.group(2)]) if p99 else "nan",
                    n.group(1) if n else "0"))
PY
}

# The hub's CPU time so far (user + system, all threads), in clock ticks.
hub_ticks () {
  awk '{ print $14 + $15 }' "/proc/$hub_pid/stat"
}

bench_pair () {
  name=$1
  path=$2
  results=
  for round in $(seq 1 "$rounds"); do
    ticks_before=$(hub_ticks)
    set -- $(run_wrk "$hub_url$path")
    hub_rps=$1; hub_p99=$2; hub_n=$3
    ticks=$(( $(hub_ticks) - ticks_before ))
    set -- $(run_wrk "$nginx_url$path")
    nginx_rps=$1; nginx_p99=$2
    echo "# $name round $round: hub $hub_rps req/s p99 $hub_p99 ms ($ticks ticks for $hub_n requests), nginx $nginx_rps req/s p99 $nginx_p99 ms"
    results="$results $hub_rps,$hub_p99,$ticks,$hub_n,$nginx_rps,$nginx_p99"
  done
  python3 - "$name" "$(getconf CLK_TCK)" $results <<'PY'
import statistics, sys
name, tck = sys.argv[1], float(sys.argv[2])
rounds = [[float(x) for x in r.split(",")] for r in sys.argv[3:]]
med = lambda xs: statistics.median(xs)
hub = med([r[0] for r in rounds]); nginx = med([r[4] for r in rounds])
ratio = med([r[0] / r[4] if r[4] else 0 for r in rounds])
cpu = med([r[2] / tck * 1e6 / r[3] if r[3] else 0 for r in rounds])
print("bench %s_hub_rps %.2f req/s" % (name, hub))
print("bench %s_nginx_rps %.2f req/s" % (name, nginx))
print("bench %s_ratio %.2f x" % (name, ratio))
print("bench %s_hub_p99 %.2f ms" % (name, med([r[1] for r in rounds])))
print("bench %s_nginx_p99 %.2f ms" % (name, med([r[5] for r in rounds])))
print("bench %s_hub_cpu_us %.1f us/req" % (name, cpu))
PY
}

bench_pair services_id "/api/v1/services/$id" 2>&1
bench_pair changes "/api/v1/changes?since=0&limit=$limit" 2>&1

if [ -f "$here/bench-hub-referrals.sh" ]; then
  echo "# bench-hub-referrals.sh"
  BUILD_DIR=$build DIRECTION_BUILD_DIR=$build DIRECTION_HUB=$hub_bin \
    sh "$here/bench-hub-referrals.sh" >"$work/referrals.out" 2>&1 || echo "# bench-hub-referrals.sh failed"
  grep -E '^(bench |#)' "$work/referrals.out" || true
  grep -vE '^(bench |#)' "$work/referrals.out" | sed 's/^/# /' || true
fi
