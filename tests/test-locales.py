#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The real direction-desk under each language of po/LINGUAS, and under a test
# language built here, reading what its window shows through AT-SPI.
#
#   test-locales.py ui SRCDIR BUILDDIR DIRECTION_DESK
#   test-locales.py complete SRCDIR
#
# "complete": every po/<lang>.po of po/LINGUAS passes msgfmt --check and,
# merged with a direction.pot made from the sources now, has every message
# translated and none fuzzy.  Checked on the test language too, and on a
# copy of it with one message left out and one fuzzy, which must fail.
#
# "ui" runs under xvfb-run and dbus-run-session (tests/meson.build does so),
# with Debian's /usr/bin/python3 for pyatspi.  For each language:
#
# - its locale is generated with localedef into a temporary LOCPATH (no root,
#   nothing installed);
# - the desk starts with LANG=<ll_CC>.UTF-8 and DIRECTION_LOCALE_DIR at the
#   build tree's po/ (the test language: at its own catalogue);
# - every string of direction.pot that the window shows in English must show
#   as its msgstr from the .po, and its English msgid must not show.
#
# The test language "xx" is a pseudo-translation of every message ("⟦Map⟧"):
# it runs now, while po/LINGUAS is empty, and catches strings that reach the
# screen without going through gettext.  Right-to-left languages must also
# mirror the window.

import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

pyatspi = None   # imported by the "ui" mode only

# The locale each language's UI runs under.
LOCALES = {
    "bn": "bn_BD", "it": "it_IT", "lt": "lt_LT", "pa": "pa_IN",
    "pl": "pl_PL", "pt": "pt_PT", "ro": "ro_RO", "ur": "ur_PK",
}
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "ur", "yi"}

# The test language: a locale built from en_GB's definition under a name
# no real language has, and a pseudo-translation of every message.
TEST_LANGUAGE = "xx"
TEST_LOCALE = "xx_XX"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

# meson's i18n.gettext(preset: 'glib') (mesonbuild/modules/i18n.py), plus
# the project's own args from po/meson.build.
GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

APP_NAME = "direction-desk"
SRCDIR = "."
START_TIMEOUT_S = 30


class Failure(Exception):
    pass


def log(message):
    print(message, flush=True)


# --- .po files ---------------------------------------------------------------

def unquote(text):
    """The value of a "…" PO string (C escapes)."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise Failure("not a PO string: %r" % text)
    out = []
    i = 1
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
               "f": "\f", "v": "\v"}
    while i < len(text) - 1:
        c = text[i]
        if c == "\\" and i + 1 < len(text) - 1:
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_po(path):
    """The entries of a PO file: dicts with msgctxt, msgid, msgid_plural,
    msgstr (a list of forms), fuzzy and obsolete."""
    entries = []
    entry = None
    field = None

    def finish():
        nonlocal entry, field
        if entry is not None and entry.get("msgid") is not None:
            entries.append(entry)
        entry = None
        field = None

    def new_entry():
        return {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": [],
                "fuzzy": False, "obsolete": False}

    with open(path, encoding="utf-8") as po:
        for raw in po:
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            if not line.strip():
                finish()
                continue
            if line.startswith("#"):
                if entry is not None and entry["msgstr"]:
                    finish()
                if entry is None:
                    entry = new_entry()
                if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                    entry["fuzzy"] = True
                continue
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and entry is not None and entry["msgstr"]:
                finish()
            if entry is None:
                entry = new_entry()
            entry["obsolete"] = entry["obsolete"] or obsolete
            if line.startswith('"'):
                if field is None:
                    raise Failure("%s: a string with no keyword: %r" % (path, line))
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += unquote(line)
                else:
                    entry[field[0]] += unquote(line)
                continue
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword == "msgstr" or match:
                index = int(match.group(1)) if match else 0
                while len(entry["msgstr"]) <= index:
                    entry["msgstr"].append("")
                entry["msgstr"][index] = unquote(rest)
                field = ("msgstr", index)
            elif keyword in ("msgctxt", "msgid", "msgid_plural"):
                entry[keyword] = unquote(rest)
                field = (keyword, None)
            else:
                raise Failure("%s: cannot read %r" % (path, line))
    finish()
    return [e for e in entries if not e["obsolete"]]


def read_mo_msgids(path):
    """The msgids of a compiled catalogue (GNU .mo, either byte order)."""
    with open(path, "rb") as mo:
        data = mo.read()
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412de else ">"
    count, originals = struct.unpack(order + "2I", data[8:16])
    msgids = set()
    for i in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * i:originals + 8 * i + 8])
        msgid = data[offset:offset + length].decode("utf-8", "replace").split("\0")[0]
        msgids.add(msgid.split("\x04")[-1])
    return msgids


def toolkit_msgids():
    """What GTK and libadwaita translate themselves ("Close" on the window's
    title bar): a string we share with them may show in their words."""
    msgids = set()
    for domain in ("gtk40", "libadwaita"):
        for language in ("de", "fr", "pl", "es"):
            path = "/usr/share/locale/%s/LC_MESSAGES/%s.mo" % (language, domain)
            if os.path.exists(path):
                msgids |= {strip_mnemonic(m) for m in read_mo_msgids(path)}
                break
    return msgids


def read_linguas(srcdir):
    with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as linguas:
        return [word for line in linguas for word in line.split("#", 1)[0].split()]


def make_pot(srcdir, workdir):
    """direction.pot made from the sources as meson's direction-pot makes it,
    without touching the source tree."""
    with open(os.path.join(srcdir, "po", "POTFILES.in"), encoding="utf-8") as potfiles:
        files = [line.strip() for line in potfiles if line.strip() and not line.startswith("#")]
    with open(os.path.join(srcdir, "po", "meson.build"), encoding="utf-8") as build:
        extra = re.findall(r"'(--[^']*)'", build.read())
    pot = os.path.join(workdir, "direction.pot")
    subprocess.run(["xgettext", "--package-name=direction", "--directory", srcdir,
                    "--output", pot] + GLIB_PRESET + extra + files, check=True)
    return pot


def make_pseudo_catalogue(pot, workdir, localedir):
    """Every message of the pot translated as ⟦message⟧, compiled into
    localedir/xx/LC_MESSAGES/direction.mo."""
    english = os.path.join(workdir, "en.po")
    pseudo = os.path.join(workdir, TEST_LANGUAGE + ".po")
    subprocess.run(["msgen", "--output-file", english, pot], check=True)
    with open(english, encoding="utf-8") as po:
        text = po.read()
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    text = text.replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);")
    text = text.replace('"Language: \\n"', '"Language: %s\\n"' % TEST_LANGUAGE)
    text = text.replace("PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE", "PO-Revision-Date: 2026-01-01 00:00+0000")
    text = text.replace("Last-Translator: FULL NAME <EMAIL@ADDRESS>", "Last-Translator: test-locales.py")
    text = text.replace("Language-Team: LANGUAGE <LL@li.org>", "Language-Team: none")
    text = re.sub(r'#, fuzzy\nmsgid ""\n', 'msgid ""\n', text, count=1)
    with open(english, "w", encoding="utf-8") as po:
        po.write(text)
    subprocess.run(["msgfilter", "--keep-header", "--input", english, "--output-file", pseudo,
                    "sed", "-e", "s/^/%s/" % PSEUDO_OPEN, "-e", "s/$/%s/" % PSEUDO_CLOSE],
                   check=True)
    messages = os.path.join(localedir, TEST_LANGUAGE, "LC_MESSAGES")
    os.makedirs(messages)
    subprocess.run(["msgfmt", "--check", "--output-file",
                    os.path.join(messages, "direction.mo"), pseudo], check=True)
    return pseudo


def make_locale(locpath, source, name):
    """The compiled locale LOCPATH/<name>.UTF-8 from glibc's source for
    `source` (from Debian's locales package; no root needed)."""
    out = os.path.join(locpath, name + ".UTF-8")
    result = subprocess.run(["localedef", "--quiet", "-c", "-i", source, "-f", "UTF-8", out],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not os.path.isdir(out):
        raise Failure("localedef %s: %s" % (source, result.stdout))
    return name + ".UTF-8"


# --- the desk through AT-SPI -------------------------------------------------

def strip_mnemonic(text):
    return re.sub(r"_(?=[^_])", "", text).replace("__", "_")


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == APP_NAME and app.get_process_id() == pid:
                return app
        except Exception:  # an application that just went away
            continue
    return None


def walk(acc, texts, places, depth=0):
    if depth > 60:
        return
    try:
        role = acc.getRoleName()
        for text in (acc.name, acc.description):
            if text:
                texts.add(text)
        try:
            ti = acc.queryText()
            text = ti.getText(0, ti.characterCount)
            if text:
                texts.add(text)
        except NotImplementedError:
            pass
        if role == "frame":
            extents = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            places.setdefault("", (extents.x, extents.width))
        if role in ("push button", "toggle button", "entry") and acc.name:
            try:
                extents = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
                if extents.width > 0:
                    places.setdefault(acc.name, (extents.x, extents.width))
            except NotImplementedError:
                pass
        count = acc.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, texts, places, depth + 1)


def shown_texts(desk, env, home):
    """What the desk's window shows: names, descriptions and texts of every
    accessible, once the tree has settled; and the x of named buttons."""
    db = os.path.join(home, "directory.db")
    process = subprocess.Popen([desk, "--db", db], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        app = None
        while app is None:
            if process.poll() is not None:
                raise Failure("the desk exited with %d:\n%s" % (process.returncode,
                                                                process.stdout.read()))
            if time.monotonic() > deadline:
                raise Failure("the desk's window did not appear on the accessibility bus")
            time.sleep(0.3)
            app = find_app(process.pid)

        # Until two walks in a row find the same.
        previous = None
        while True:
            texts, places = set(), {}
            try:
                walk(app, texts, places)
            except Exception:
                texts = set()
            if texts and texts == previous:
                return texts, places
            if time.monotonic() > deadline:
                raise Failure("the desk's window never settled")
            previous = texts
            time.sleep(0.7)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def desk_env(home, lang, locpath, localedir):
    env = dict(os.environ)
    env.setdefault("DIRECTION_DATA_DIR", os.path.join(SRCDIR, "data"))
    for name in ("LC_ALL", "LANGUAGE", "GTK_A11Y", "NO_AT_BRIDGE", "DIRECTION_HUB_URL",
                 "G_DEBUG", "MALLOC_CHECK_"):
        env.pop(name, None)
    env["LANG"] = lang
    if locpath is not None:
        env["LOCPATH"] = locpath
    env["DIRECTION_LOCALE_DIR"] = localedir
    env["GSETTINGS_BACKEND"] = "memory"
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"):
        path = os.path.join(home, name.lower())
        os.makedirs(path, mode=0o700, exist_ok=True)
        env[name] = path
    return env


# --- the checks --------------------------------------------------------------

def translatable(entry):
    msgid = entry["msgid"]
    return (msgid and entry["msgid_plural"] is None and "%" not in msgid
            and len(strip_mnemonic(msgid)) > 1)


def check_language(language, po_entries, english_texts, toolkit, texts):
    """Every message of ours the English window shows shows translated."""
    by_msgid = {}
    for entry in po_entries:
        if translatable(entry):
            by_msgid.setdefault(strip_mnemonic(entry["msgid"]), []).append(entry)

    shown = [msgid for msgid in by_msgid if msgid in english_texts and msgid not in toolkit]
    problems = []
    n_same = 0
    for msgid in sorted(shown):
        translations = {strip_mnemonic(e["msgstr"][0]) for e in by_msgid[msgid]
                        if e["msgstr"] and e["msgstr"][0] and not e["fuzzy"]}
        if not translations:
            problems.append("“%s” has no translation" % msgid)
            continue
        if msgid in translations:
            n_same += 1         # the same word in both languages
            continue
        if not translations & texts:
            problems.append("“%s” does not show as %s" % (
                msgid, " or ".join("“%s”" % t for t in sorted(translations))))
        elif msgid in texts:
            problems.append("“%s” shows in English beside its translation" % msgid)

    if len(shown) < 20:
        problems.append("only %d strings of the catalogue were found in the English window" %
                        len(shown))

    log("%s: %d strings of the window checked, %d the same in English, %d problems" %
        (language, len(shown), n_same, len(problems)))
    return problems


# Buttons at one end of the header bars, found by their accessible names
# (English, or as the language's catalogue translates them).
DIRECTION_MARKERS = ("Main Menu", "Refresh Directory", "Filters")


def check_direction(language, rtl, po_entries, english_places, places):
    """Right to left, the window is mirrored: the buttons at the left end of
    the English window are at the right end, and the other way round."""
    names = {name: {name} for name in DIRECTION_MARKERS}
    for entry in po_entries:
        msgid = strip_mnemonic(entry["msgid"] or "")
        if msgid in names and entry["msgstr"] and entry["msgstr"][0] and not entry["fuzzy"]:
            names[msgid].add(strip_mnemonic(entry["msgstr"][0]))

    middle = english_places.get("", (0, 1000))[1] / 2
    problems = []
    n_checked = 0
    for name in DIRECTION_MARKERS:
        if name not in english_places:
            continue
        here = [places[n] for n in names[name] if n in places]
        if not here:
            problems.append("the “%s” button is not in the window" % name)
            continue
        (x_en, w_en), (x, w) = english_places[name], here[0]
        mirrored = (x_en + w_en / 2 < middle) != (x + w / 2 < middle)
        n_checked += 1
        if mirrored != rtl:
            problems.append("the “%s” button is at x = %d (English: %d): the window is %s" % (
                name, x, x_en, "not mirrored" if rtl else "mirrored"))
    if n_checked == 0:
        problems.append("none of the buttons %s could be compared" % ", ".join(DIRECTION_MARKERS))
    log("%s: %s, %d buttons checked" % (language, "right to left" if rtl else "left to right",
                                        n_checked))
    return problems


def report(failures):
    for failure in failures:
        log("FAIL " + failure)
    return 1 if failures else 0


def completeness_problems(po, pot, workdir):
    """What keeps a translation from being complete: msgfmt --check's
    complaints, then the messages of the pot it leaves untranslated or
    fuzzy."""
    checked = subprocess.run(["msgfmt", "--check", "--output-file", os.devnull, po],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if checked.returncode != 0:
        return ["msgfmt --check: " + line for line in checked.stdout.splitlines()]

    merged = os.path.join(workdir, "merged.po")
    subprocess.run(["msgmerge", "--quiet", "--output-file", merged, po, pot], check=True)
    problems = []
    for entry in read_po(merged):
        if entry["msgid"] == "":
            continue
        label = entry["msgid"] if entry["msgctxt"] is None else \
            "%s (context %s)" % (entry["msgid"], entry["msgctxt"])
        if entry["fuzzy"]:
            problems.append("fuzzy: “%s”" % label)
        elif not entry["msgstr"] or not all(entry["msgstr"]):
            problems.append("not translated: “%s”" % label)
    return problems


def main_complete(srcdir):
    workdir = tempfile.mkdtemp(prefix="test-translations-")
    failures = []
    try:
        pot = make_pot(srcdir, workdir)
        n_messages = len([e for e in read_po(pot) if e["msgid"]])
        log("direction.pot: %d messages" % n_messages)

        # The checker on the test language: complete, then not.
        pseudo = make_pseudo_catalogue(pot, workdir, os.path.join(workdir, "locale"))
        problems = completeness_problems(pseudo, pot, workdir)
        if problems:
            failures.append("the complete test catalogue fails: %s" % problems[:3])
        with open(pseudo, encoding="utf-8") as po:
            text = po.read()
        first = re.search(r'\nmsgid "(?!")[^\n]*\nmsgstr "[^\n]*"\n', text)
        second = re.search(r'\n\n(?:#[^\n]*\n)*msgid "(?!")', text[first.end():])
        broken = (text[:first.start()] + re.sub(r'msgstr "[^\n]*"', 'msgstr ""',
                                                 text[first.start():first.end()]) +
                  text[first.end():first.end() + second.start()] + "\n\n#, fuzzy" +
                  text[first.end() + second.start() + 1:])
        incomplete = os.path.join(workdir, "incomplete.po")
        with open(incomplete, "w", encoding="utf-8") as po:
            po.write(broken)
        problems = completeness_problems(incomplete, pot, workdir)
        if sorted(p.split(":")[0] for p in problems) != ["fuzzy", "not translated"]:
            failures.append("a catalogue with one message untranslated and one fuzzy gave %s" %
                            problems)

        for language in read_linguas(srcdir):
            po = os.path.join(srcdir, "po", language + ".po")
            if not os.path.exists(po):
                failures.append("%s: po/%s.po is missing" % (language, language))
                continue
            problems = completeness_problems(po, pot, workdir)
            log("%s: %d of %d messages translated" % (language, n_messages - len(problems),
                                                      n_messages))
            failures += ["%s: %s" % (language, problem) for problem in problems[:20]]
            if len(problems) > 20:
                failures.append("%s: and %d more" % (language, len(problems) - 20))
    except (Failure, subprocess.CalledProcessError) as failure:
        failures.append(str(failure))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    return report(failures)


def main_ui(srcdir, builddir, desk):
    global pyatspi, SRCDIR
    SRCDIR = srcdir
    # libatspi warns (dbind: no cache object in GTK 4) on every run: not
    # fatal here, whatever the test environment says.
    os.environ.pop("G_DEBUG", None)
    import gi
    gi.require_version("Atspi", "2.0")
    import pyatspi as atspi
    pyatspi = atspi

    if "DISPLAY" not in os.environ or "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
        log("needs a display and a session bus: run under xvfb-run and dbus-run-session")
        return 1

    workdir = tempfile.mkdtemp(prefix="test-locales-")
    failures = []
    try:
        locpath = os.path.join(workdir, "locales")
        os.makedirs(locpath)
        home = os.path.join(workdir, "home")

        pot = make_pot(srcdir, workdir)
        pseudo_dir = os.path.join(workdir, "pseudo-locale")
        pseudo_po = make_pseudo_catalogue(pot, workdir, pseudo_dir)

        english_texts, english_places = shown_texts(
            desk, desk_env(home, "C.UTF-8", None, pseudo_dir), home)
        log("English: %d texts in the window" % len(english_texts))

        toolkit = toolkit_msgids()

        # The mirroring check itself: Hebrew, which GTK translates, and so
        # mirrors.  GLib lets GTK translate only when the application's own
        # domain has a catalogue for the language: the pseudo one stands in.
        he_messages = os.path.join(pseudo_dir, "he", "LC_MESSAGES")
        os.makedirs(he_messages)
        shutil.copy(os.path.join(pseudo_dir, TEST_LANGUAGE, "LC_MESSAGES", "direction.mo"),
                    he_messages)
        texts, places = shown_texts(desk, desk_env(home, make_locale(locpath, "he_IL", "he_IL"),
                                                   locpath, pseudo_dir), home)
        for problem in check_direction("he", True, read_po(pseudo_po), english_places, places):
            failures.append("he (GTK's own right to left): %s" % problem)

        runs = [(TEST_LANGUAGE, make_locale(locpath, "en_GB", TEST_LOCALE), pseudo_dir, pseudo_po)]
        for language in read_linguas(srcdir):
            source = LOCALES.get(language)
            if source is None:
                failures.append("%s is in po/LINGUAS but this test has no locale for it: "
                                "add it to LOCALES" % language)
                continue
            po = os.path.join(srcdir, "po", language + ".po")
            runs.append((language, make_locale(locpath, source, source),
                         os.path.join(builddir, "po"), po))

        for language, lang, localedir, po in runs:
            mo = os.path.join(localedir, language, "LC_MESSAGES", "direction.mo")
            if not os.path.exists(mo):
                failures.append("%s: %s is not built" % (language, mo))
                continue
            entries = read_po(po)
            texts, places = shown_texts(desk, desk_env(home, lang, locpath, localedir), home)
            problems = check_language(language, entries, english_texts, toolkit, texts)
            problems += check_direction(language, language in RTL_LANGUAGES, entries,
                                        english_places, places)
            failures += ["%s: %s" % (language, problem) for problem in problems]
    except (Failure, subprocess.CalledProcessError) as failure:
        failures.append(str(failure))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    return report(failures)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "complete":
        return main_complete(sys.argv[2])
    if len(sys.argv) == 5 and sys.argv[1] == "ui":
        return main_ui(*sys.argv[2:5])
    print("usage: test-locales.py ui SRCDIR BUILDDIR DIRECTION_DESK\n"
          "       test-locales.py complete SRCDIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
