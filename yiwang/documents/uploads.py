"""The one rule for every uploaded file: work-order attachments, grid photos, application
materials, rectification evidence. A file is refused when its type is not accepted there, when
it is too large, or when its content is not what its name says (an executable named .pdf, a
text file named .jpg); pictures must open as pictures."""
import io
import os

from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused

# The first bytes of each type; a type absent here (txt, csv) must merely not be a program.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "ofd": (b"PK\x03\x04",), "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "zip": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "wav": (b"RIFF",), "amr": (b"#!AMR",),
    "mp4": (),  # checked below: "ftyp" at byte 4
}
IMAGES = {"png", "jpg", "jpeg", "gif", "webp"}
# Programs and scripts, whatever their name says.
EXECUTABLES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!/", b"#! /")


def extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _head(f, n=64):
    f.seek(0)
    head = f.read(n)
    f.seek(0)
    return head


def problem(f, *, allowed, max_bytes, label=""):
    """Why the upload `f` is refused here, or None. `allowed`: the extensions accepted."""
    prefix = f"{label}：" if label else ""
    ext = extension(f.name)
    if ext not in allowed:
        return prefix + _("“%(name)s” is not an accepted file type (accepted: %(allowed)s).") % {
            "name": f.name, "allowed": ", ".join(allowed)}
    if f.size > max_bytes:
        return prefix + _("“%(name)s” is larger than the %(mb)s MB allowed.") % {
            "name": f.name, "mb": max_bytes // (1024 * 1024)}
    if f.size == 0:
        return prefix + _("“%(name)s” is empty.") % {"name": f.name}
    head = _head(f)
    lies = head.startswith(EXECUTABLES)
    if ext == "mp4":
        lies = lies or head[4:8] != b"ftyp"
    elif SIGNATURES.get(ext):
        lies = lies or not any(head.startswith(sig) for sig in SIGNATURES[ext])
    if not lies and ext in IMAGES:
        lies = not _opens_as_picture(f)
    if lies:
        return prefix + _("“%(name)s” is not really a .%(ext)s file.") % {"name": f.name, "ext": ext}
    return None


def _opens_as_picture(f):
    from PIL import Image, UnidentifiedImageError

    try:
        f.seek(0)
        with Image.open(io.BytesIO(f.read())) as picture:
            picture.verify()
        return True
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False
    finally:
        f.seek(0)


def check(f, **kwargs):
    reason = problem(f, **kwargs)
    if reason:
        raise ActionRefused("bad_file", reason)


def check_all(files, **kwargs):
    """Every problem of a set of files, or nothing: nothing is stored unless all are right."""
    reasons = [r for r in (problem(f, **kwargs) for f in files) if r]
    if reasons:
        raise ActionRefused("bad_file", "；".join(reasons))
