"""Cut the CJK font the product's PDFs embed: Noto Sans SC (SIL Open Font License) reduced to
GB 2312 (the 6,763 common hanzi and its symbols), Latin and CJK punctuation, so that notices and
certificates print their Chinese on a server with no CJK fonts installed.

Run once on a machine with Debian's fonts-noto-cjk; the output is committed.
    .venv/bin/python scripts/make_font.py
"""
import pathlib

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
SC_INDEX = 2  # the Simplified Chinese face inside the collection
OUT = pathlib.Path(__file__).resolve().parent.parent / "yiwang" / "documents" / "fonts"


def gb2312_characters():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main():
    text = gb2312_characters() | {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    text |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF00, 0xFF70)}
    text |= set("—–‘’“”…·•※№℃〇")
    for weight in ("Regular", "Bold"):
        font = TTCollection(SOURCE.format(weight=weight)).fonts[SC_INDEX]
        options = subset.Options()
        options.name_IDs = ["*"]
        options.layout_features = ["*"]
        options.flavor = "woff2"
        sub = subset.Subsetter(options)
        sub.populate(text="".join(sorted(text)))
        sub.subset(font)
        target = OUT / f"NotoSansSC-{weight}-GB2312.woff2"
        font.flavor = "woff2"
        font.save(target)
        print(target, target.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main()
