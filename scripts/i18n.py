"""Refresh the catalogues: extract msgids, fill zh_Hans from scripts/zh_hans.py, compile .mo.

Run from the project root with the virtual environment's python: python scripts/i18n.py
Needs GNU gettext (xgettext) for the extraction; compiling uses polib.
"""
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from zh_hans import ZH  # noqa: E402

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
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            if lang == "en":
                continue
            text = ZH.get(entry.msgid)
            if text is None:
                missing.append(entry.msgid)
            elif entry.msgid_plural:
                entry.msgstr_plural = {0: text}
            else:
                entry.msgstr = text
        po.save()
        po.save_as_mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    for msgid in missing:
        print(f"no Chinese text for: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
