"""Refresh the catalogues: extract msgids into the .po files, keep their translations, compile .mo.

The zh_Hans .po file is the one source of the Chinese texts: translators edit it (Poedit,
Weblate, a text editor), and this script never writes a translation. A new msgid arrives
untranslated, and a guess msgmerge made from a similar msgid (fuzzy) is emptied, never kept: both
are listed, and tests/test_i18n.py fails until they have their Chinese text.

Run from the project root with the virtual environment's python: python scripts/i18n.py
Needs GNU gettext (xgettext, msgmerge) for the extraction; compiling uses polib.
"""
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "yiwang" / "locale"


def main():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yiwang.settings", DATABASE_URL="sqlite:///:memory:", DEBUG="1")
    subprocess.run([sys.executable, "-P", "-m", "django", "makemessages", "-l", "zh_Hans", "-l", "en", "--no-location",
                    "--no-obsolete", "-i", "demo/*", "-i", "locale/*"], cwd=ROOT / "yiwang", env=env, check=True)
    missing = []
    for lang in ("zh_Hans", "en"):
        po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.metadata["Language"] = lang
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;" if lang == "zh_Hans" else "nplurals=2; plural=(n != 1);"
        for entry in po:
            # msgmerge's notes of the msgid a guess came from are no text of ours (and polib writes a
            # plural one alone, which msgmerge then cannot read)
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            if lang == "zh_Hans" and not entry.translated():
                missing.append((entry.msgctxt, entry.msgid))
        po.save()
        po.save_as_mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    for context, msgid in missing:
        print(f"no Chinese text for: {msgid!r}" + (f" (context {context!r})" if context else ""))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
