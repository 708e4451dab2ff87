"""Checking the audit log: every row's digest, every row's link to the one before, the rows the
anchors remember (the anchor file, and heads kept elsewhere, e.g. from the log collector), that
the database's guards are in place (yiwang/audit/guards.py), and that a product people have
logged in to has a log at all.

A purge by the retention command leaves an `audit.purged` row naming the digest the remaining
chain starts from; any other missing beginning is reported."""
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _

from .guards import TRIGGERS
from .models import Entry
from .services import GENESIS, digest


@dataclass
class Problem:
    row: int | None
    message: str


def _triggers():
    """{trigger name: enabled} of the audit table's triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass")
            return {name: state != "D" for name, state in cursor.fetchall()}
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'")
        return {name: True for (name,) in cursor.fetchall()}


def problems(extra_anchors=()):
    found = []
    state = _triggers()
    for name in TRIGGERS.get(connection.vendor, ()):
        if name not in state:
            found.append(Problem(None, _("The database guard %(name)s of the audit log is missing.") % {"name": name}))
        elif not state[name]:
            found.append(Problem(None, _("The database guard %(name)s of the audit log is disabled.") % {"name": name}))
    purged = {e.detail.get("last_digest") for e in Entry.objects.filter(action="audit.purged")}
    expected, seen = None, {}
    for row in Entry.objects.order_by("id").iterator():
        if expected is None:
            if row.previous != GENESIS and row.previous not in purged:
                found.append(Problem(row.pk, _("Row %(n)s: the rows before it are missing (the log neither starts at its "
                                               "beginning nor after a recorded purge).") % {"n": row.pk}))
        elif row.previous != expected:
            found.append(Problem(row.pk, _("Row %(n)s: it does not follow the row before it (a row was removed, "
                                           "inserted or reordered).") % {"n": row.pk}))
        if digest(row.previous, row) != row.digest:
            found.append(Problem(row.pk, _("Row %(n)s: its content was changed (%(action)s %(target)s).")
                                 % {"n": row.pk, "action": row.action, "target": row.target}))
        expected = row.digest
        seen[row.pk] = row.digest
    first = min(seen) if seen else None
    missing = []
    for row_id, anchored in {*anchors(), *extra_anchors}:
        if row_id in seen:
            if seen[row_id] != anchored:
                found.append(Problem(row_id, _("Row %(n)s: it differs from the head recorded earlier.") % {"n": row_id}))
        elif first is None or row_id >= first:
            missing.append(row_id)
    if missing:
        found.append(Problem(max(missing), _("Row %(n)s, recorded earlier as the log's head, is missing: the log was "
                                             "emptied or its end was cut.") % {"n": max(missing)}))
    if not seen and get_user_model().objects.filter(last_login__isnull=False).exists():
        found.append(Problem(None, _("The audit log is empty although people have logged in: it was emptied.")))
    return sorted(found, key=lambda p: (p.row is not None, p.row or 0))


def read_anchors(path):
    """(row id, digest) of each line "ID DIGEST ..." of an anchor file or of lines taken from the
    log collector ("... yiwang.audit head ID DIGEST")."""
    out = []
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if "head" in parts:
            parts = parts[parts.index("head") + 1:]
        if len(parts) >= 2 and parts[0].isdigit() and len(parts[1]) == 64:
            out.append((int(parts[0]), parts[1]))
    return out


def anchors():
    path = Path(settings.AUDIT_ANCHOR_FILE)
    return read_anchors(path) if path.exists() else []


def anchor():
    """Remember the chain's head outside the database (after a clean verification): in the
    anchor file and in the log."""
    from .services import log_head

    head = Entry.objects.order_by("-id").values_list("id", "digest", "at").first()
    if head is None:
        return None
    path = Path(settings.AUDIT_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        f.write(f"{head[0]} {head[1]} {head[2].isoformat()}\n")
    log_head(head[0], head[1])
    return head
