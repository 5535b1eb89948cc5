#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The whole test suite: installs what is missing, builds with warnings as
# errors, and runs every test (core, hub, and the GTK app under Xvfb).
# Ends with one line "N passed, N failed, N skipped" counted from meson's log.
#
#   build-aux/test.sh [meson test options…]

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${DIRECTION_BUILD_DIR:-$top/build}

"$top/build-aux/setup.sh" --werror

# Two cores: two tests at a time.
status=0
meson test -C "$build_dir" --print-errorlogs --num-processes 2 "$@" || status=$?

/usr/bin/python3 - "$build_dir/meson-logs/testlog.json" <<'PY'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
print("{passed} passed, {failed} failed, {skipped} skipped".format(**counts))
PY

exit $status
