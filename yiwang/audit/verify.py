"""Checking the audit log: every row's digest, every row's link to the one before, the rows the
anchor file remembers, and (on PostgreSQL) that the triggers guarding the table are enabled.

A purge by the retention command leaves an `audit.purged` row naming the digest the remaining
chain starts from; any other missing beginning is reported."""
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from .models import Entry
from .services import GENESIS, digest

TRIGGERS = ("audit_entry_append_only", "audit_entry_no_truncate")


@dataclass
class Problem:
    row: int | None
    message: str


def problems():
    found = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass")
            state = dict(cursor.fetchall())
        for name in TRIGGERS:
            if name not in state:
                found.append(Problem(None, f"the trigger {name} is missing"))
            elif state[name] == "D":
                found.append(Problem(None, f"the trigger {name} is disabled"))
    purged = {e.detail.get("last_digest") for e in Entry.objects.filter(action="audit.purged")}
    expected, seen = None, {}
    for row in Entry.objects.order_by("id").iterator():
        if expected is None:
            if row.previous != GENESIS and row.previous not in purged:
                found.append(Problem(row.pk, f"row {row.pk}: the rows before it are missing (the log does not start "
                                             f"at its beginning nor after a recorded purge)"))
        elif row.previous != expected:
            found.append(Problem(row.pk, f"row {row.pk}: it does not follow the row before it (a row was removed, "
                                         f"inserted or reordered)"))
        if digest(row.previous, row) != row.digest:
            found.append(Problem(row.pk, f"row {row.pk}: its content was changed ({row.action} {row.target})"))
        expected = row.digest
        seen[row.pk] = row.digest
    first = min(seen) if seen else None
    for row_id, anchored in anchors():
        if row_id in seen:
            if seen[row_id] != anchored:
                found.append(Problem(row_id, f"row {row_id}: it differs from the anchor recorded earlier"))
        elif first is None or row_id >= first:
            found.append(Problem(row_id, f"row {row_id}: anchored earlier, now missing (the table was emptied or "
                                         f"cut)"))
    return sorted(found, key=lambda p: (p.row is not None, p.row or 0))


def anchors():
    path = Path(settings.AUDIT_ANCHOR_FILE)
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            out.append((int(parts[0]), parts[1]))
    return out


def anchor():
    """Remember the chain's head outside the database (after a clean verification)."""
    head = Entry.objects.order_by("-id").values_list("id", "digest", "at").first()
    if head is None:
        return None
    path = Path(settings.AUDIT_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        f.write(f"{head[0]} {head[1]} {head[2].isoformat()}\n")
    return head
