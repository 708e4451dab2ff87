"""Files chosen on a form that came back with errors (a bad credit code, a missing field): a browser
never fills a file input again, so each chosen file is held in storage under a random token kept in
the person's session, and taken again when the form is sent once more. Held files older than a day
are removed when new ones are held."""
import datetime as dt
import secrets

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

ROOT = "held"
KEY = "held_uploads"
KEEP = dt.timedelta(days=1)


def hold(session, upload):
    _sweep()
    token = secrets.token_urlsafe(16)
    upload.seek(0)
    path = default_storage.save(f"{ROOT}/{token}/{_safe(upload.name)}", upload)
    kept = session.get(KEY, {})
    kept[token] = {"path": path, "name": upload.name}
    session[KEY] = kept
    return token


def take(session, token):
    """The held file of this token, if it was held for this session (another's token finds nothing)."""
    info = session.get(KEY, {}).get(token or "")
    if not info or not default_storage.exists(info["path"]):
        return None
    handle = default_storage.open(info["path"], "rb")
    upload = File(handle, name=info["name"])
    upload.size = default_storage.size(info["path"])
    upload.content_type = ""
    return upload


def _safe(name):
    return "".join(c for c in (name or "file") if c.isalnum() or c in "._-（）()") or "file"


def _sweep():
    try:
        folders, _files = default_storage.listdir(ROOT)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - KEEP
    for folder in folders:
        for name in default_storage.listdir(f"{ROOT}/{folder}")[1]:
            path = f"{ROOT}/{folder}/{name}"
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
            except (FileNotFoundError, NotImplementedError):
                continue
