#!/usr/bin/python3
# check-potfiles.py: po/POTFILES.in must list, sorted and without missing
# files, every source file with strings marked for translation.
#
# Copyright 2026 The Direction Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT

import os
import re
import sys

# A C call that marks a string: _("…"), N_("…"), C_("ctx", "…"), NC_(…), ngettext (…)
C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?)\s*\(')
# String and character literals (kept) or comments (blanked), left to right,
# so that "https://…" is not taken for a comment.
C_TOKENS = re.compile(r'("(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')|(/\*.*?\*/|//[^\n]*)', re.S)
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')

SCANNED_DIRS = ('src', 'ui', 'data')
# Always translated through their format, whatever their content.
ALWAYS = re.compile(r'(\.desktop\.in|\.metainfo\.xml\.in|\.gschema\.xml)$')


def needs_translation(path):
    if ALWAYS.search(path):
        return True
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if path.endswith(('.c', '.h')):
        # Blank out comments ("marked N_() for gettext" in a comment is not
        # a translatable string); keep literals intact.
        text = C_TOKENS.sub(lambda m: m.group(1) if m.group(1) is not None else ' ', text)
        return C_MARK.search(text) is not None
    if path.endswith('.ui'):
        return UI_MARK.search(text) is not None
    return False


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    root = os.path.abspath(root)
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    errors = []

    with open(potfiles, encoding='utf-8') as f:
        listed = [line.strip() for line in f
                  if line.strip() and not line.lstrip().startswith('#')]

    if listed != sorted(listed):
        for a, b in zip(listed, sorted(listed)):
            if a != b:
                errors.append(f'POTFILES.in is not sorted: “{a}” is where “{b}” belongs')
                break

    seen = set()
    for path in listed:
        if path in seen:
            errors.append(f'POTFILES.in lists {path} twice')
        seen.add(path)
        if not os.path.isfile(os.path.join(root, path)):
            errors.append(f'POTFILES.in lists {path}, which does not exist')

    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                if not name.endswith(('.c', '.h', '.ui', '.in', '.gschema.xml')):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root).replace(os.sep, '/')
                if rel not in seen and needs_translation(full):
                    errors.append(f'{rel} has translatable strings but is not in po/POTFILES.in')

    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print(f'po/POTFILES.in: {len(listed)} files, sorted and complete')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
