"""Where the shared citizen-message data is (../shared/data beside the project, see its README):
YIWANG_DATA if set, else ../shared/data next to this checkout, else /work/shared/data, the place the
project's machines keep it. A fresh clone elsewhere finds it through the last one or YIWANG_DATA."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder():
    candidates = [os.environ.get("YIWANG_DATA"), ROOT.parent / "shared" / "data", "/work/shared/data"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "messages-train.jsonl").exists():
            return Path(candidate)
    return Path(candidates[1])  # named in the error a missing file gives
