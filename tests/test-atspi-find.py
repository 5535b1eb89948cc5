#!/usr/bin/python3
# test-atspi-find.py: the real Direction Desk driven as a person would, over
# AT-SPI: type a postcode in "Near" and a word in the search box, then read
# the first result and its distance off the screen.
#
# Copyright 2026 The Direction Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by meson (suite "app") as
#   xvfb-run -a dbus-run-session -- /usr/bin/python3 test-atspi-find.py
# so that DISPLAY is set before the session bus starts: the AT-SPI registry
# the bus starts then synthesises dogtail's key presses and clicks (XTest).
#
# The expected answer is worked out here, independently of the program:
# from data/sample-directory.json and the postcode table, with this file's
# own word matching, great-circle distance, order and formatting.
#
# Environment: DIRECTION_DESK, DIRECTION_HUB (the built programs),
# DIRECTION_DATA_DIR (data/), GSETTINGS_SCHEMA_DIR (the compiled schema).

import csv
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

POSTCODE = "MK42 8BT"
QUERY = "library"

# As the store sorts them (src/core/dir-store.c): a service known only by
# its area sorts as this much farther than the centre of that area.
AREA_ORDER_PENALTY_M = 2000.0
EARTH_RADIUS_M = 6371008.8


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def fold(text):
    """Lower case, accents removed, as FTS5's unicode61 remove_diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text):
    return re.findall(r"[^\W_]+", fold(text or ""))


def matches(service, query):
    """Every word of the query is the start of a word of the service's name,
    organisation, description, other names or translated names."""
    direction = service.get("direction") or {}
    fields = [service.get("name"), (service.get("organization") or {}).get("name"),
              service.get("description")]
    fields += direction.get("aliases") or []
    fields += [t.get("name") for t in (direction.get("translations") or {}).values()]
    service_words = [w for f in fields for w in words(f)]
    return all(any(w.startswith(q) for w in service_words) for q in words(query))


def great_circle_m(lat1, lon1, lat2, lon2):
    r = math.radians
    a = (math.sin(r(lat2 - lat1) / 2) ** 2 +
         math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def format_distance(metres):
    """As the results list writes it: to 10 m under a kilometre, else
    kilometres with one decimal."""
    if metres < 995:
        return "%.0f m" % (round(metres / 10.0) * 10.0)
    return "%.1f km" % (metres / 1000.0)


def expected_first(directory, postcodes, postcode, query):
    with open(postcodes, newline="", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f)
                   if r["postcode"].replace(" ", "") == postcode.replace(" ", ""))
    lat, lon = float(row["lat"]), float(row["lon"])

    with open(directory, encoding="utf-8") as f:
        document = json.load(f)
    services = document["contents"] if isinstance(document, dict) else document

    ranked = []
    for service in services:
        # Closed services are not listed unless asked for.
        if service.get("status") in ("inactive", "defunct"):
            continue
        if not matches(service, query):
            continue
        direction = service.get("direction") or {}
        point = None
        if not direction.get("confidential"):
            for sal in service.get("service_at_locations") or []:
                location = sal.get("location") or {}
                if location.get("latitude") is not None and location.get("longitude") is not None:
                    point = (location["latitude"], location["longitude"])
                    break
        if point is not None:
            d = great_circle_m(lat, lon, *point)
            ranked.append((d, d, service["name"]))
        elif (direction.get("area") or {}).get("latitude") is not None:
            area = direction["area"]
            d = great_circle_m(lat, lon, area["latitude"], area["longitude"])
            ranked.append((d + AREA_ORDER_PENALTY_M, d, service["name"]))

    ranked.sort()
    if len(ranked) < 2:
        fail("the sample directory has fewer than two services matching “%s”" % query)
    # A clear winner, so ties and rounding cannot decide the test.
    if ranked[1][0] - ranked[0][0] < 20:
        fail("“%s” and “%s” are too close to %s to tell apart"
             % (ranked[0][2], ranked[1][2], postcode))
    return ranked[0][2], format_distance(ranked[0][1])


def with_retries(what, function, timeout=30):
    """GTK 4 rebuilds parts of its accessible tree as the list changes: ask
    again until it answers, or give up."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = function()
            if result:
                return result
        except Exception as e:  # GLib.GError "The application no longer exists", …
            last = e
        time.sleep(0.25)
    fail("timed out waiting for %s%s" % (what, " (%s)" % last if last else ""))


def main():
    desk = os.environ["DIRECTION_DESK"]
    hub = os.environ["DIRECTION_HUB"]
    data_dir = os.environ["DIRECTION_DATA_DIR"]
    directory = os.path.join(data_dir, "sample-directory.json")
    postcodes = os.path.join(data_dir, "geo", "bedfordshire-postcodes.csv")

    name, distance = expected_first(directory, postcodes, POSTCODE, QUERY)
    print("expecting “%s”, %s from %s" % (name, distance, POSTCODE), flush=True)

    import dogtail.config
    dogtail.config.config.checkForA11y = False
    dogtail.config.config.logDebugToFile = False
    dogtail.config.config.searchCutoffCount = 3
    import dogtail.rawinput
    import dogtail.tree

    tmp = tempfile.mkdtemp(prefix="desk-atspi-")
    app = None
    try:
        # The directory, imported by the hub into a database the desk opens.
        db = os.path.join(tmp, "directory.db")
        for args in (["init", "--db", db], ["import", "--db", db, directory]):
            subprocess.run([hub] + args, check=True, stdout=subprocess.DEVNULL)

        # Settings of its own: no hub, and map tiles from nowhere (the
        # discard port), so nothing leaves this machine.
        config = os.path.join(tmp, "config")
        os.makedirs(os.path.join(config, "glib-2.0", "settings"))
        with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
            f.write("[io/github/directionhub/Desk]\n"
                    "tile-url-template='http://127.0.0.1:9/{z}/{x}/{y}.png'\n")
        env = dict(os.environ,
                   GSETTINGS_BACKEND="keyfile",
                   XDG_CONFIG_HOME=config,
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"),
                   XDG_DATA_HOME=os.path.join(tmp, "data"),
                   GTK_A11Y="atspi")
        env.pop("DIRECTION_HUB_URL", None)
        env.pop("NO_AT_BRIDGE", None)
        app = subprocess.Popen([desk, "--db", db], env=env)

        root = dogtail.tree.root
        desk_app = with_retries("the desk on the accessibility bus",
                                lambda: root.application("direction-desk", retry=False))
        near = with_retries("the Near entry",
                            lambda: desk_app.child(name="Near", roleName="text", retry=False))
        search = with_retries("the search box",
                              lambda: desk_app.child(name="Search services", roleName="entry", retry=False))

        # As a person would: click, type, Enter.
        near.click()
        time.sleep(0.3)
        dogtail.rawinput.typeText(POSTCODE)
        dogtail.rawinput.pressKey("Return")
        with_retries("“Nearest to %s first”" % POSTCODE,
                     lambda: desk_app.child(name="Nearest to %s first" % POSTCODE,
                                            roleName="label", retry=False))
        search.click()
        time.sleep(0.3)
        dogtail.rawinput.typeText(QUERY)

        services = with_retries("the results list",
                                lambda: desk_app.child(name="Services", roleName="list", retry=False))

        def first_row():
            items = [c for c in services.children if c.roleName == "list item"]
            if not items:
                return None
            labels = [n.name for n in items[0].findChildren(
                lambda n: n.roleName == "label" and n.name)]
            # The results for the last keystroke: the first name matches the
            # query (earlier ones were for shorter prefixes).
            if not labels or QUERY not in fold(" ".join(labels)):
                return None
            return labels

        def settled():
            a = first_row()
            time.sleep(0.5)
            b = first_row()
            return a if a and a == b else None

        labels = with_retries("the first result", settled)
        print("first row: %s" % " | ".join(labels), flush=True)
        if labels[0] != name:
            fail("the first result is “%s”, not “%s”" % (labels[0], name))
        if distance not in labels:
            fail("the first result shows no distance “%s”: %s" % (distance, labels))
        print("PASS: “%s”, %s" % (name, distance), flush=True)
    finally:
        if app is not None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
