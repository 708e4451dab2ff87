"""Writing the audit log. One function (`record`) appends a row: it takes a lock so that rows
are chained one after another, and computes the row's keyed digest over its content and the
digest of the row before. The key (AUDIT_KEY) is not in the database, so whoever can write to
the database alone cannot forge a row that `verify` accepts."""
import contextlib
import contextvars
import datetime as dt
import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Entry

GENESIS = "0" * 64
# Every append's new head goes to the log (to syslog or the district's collector in production), so
# that a copy of the chain's heads lives where the application cannot rewrite it.
chain_log = logging.getLogger("yiwang.audit.chain")
_quiet = contextvars.ContextVar("yiwang_audit_quiet", default=False)


@contextlib.contextmanager
def quiet():
    """What the product does to itself while migrating (the roles' default permissions) is not
    someone's action: it goes unrecorded."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)
_LOCK = 7_318_101  # the PostgreSQL advisory lock that orders the appends


def _key():
    configured = settings.AUDIT_KEY
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"yiwang.audit", hashlib.sha256).digest()


def canonical(entry):
    """The content a row's digest covers, as it is stored (times to the microsecond)."""
    return json.dumps({
        "at": entry.at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"), "actor": entry.actor_id,
        "actor_name": entry.actor_name, "actor_display": entry.actor_display, "action": entry.action,
        "target": entry.target, "detail": entry.detail, "ip": entry.ip,
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(previous, entry):
    return hmac.new(_key(), f"{previous}|{canonical(entry)}".encode(), hashlib.sha256).hexdigest()


def client_ip(request):
    if request is None:
        return None
    from yiwang.throttle import client_ip as ip

    return ip(request) or None


def _who(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "", ""
    staff = getattr(user, "staff", None)
    applicant = getattr(user, "applicant", None)
    display = staff.display_name if staff else applicant.name if applicant else ""
    return user.pk, user.get_username(), display


def record(action, *, actor=None, target="", detail=None, request=None, actor_name=None):
    """Append one row. `actor_name` names who tried when there is no user (a failed log-in)."""
    if _quiet.get():
        return None
    actor_id, name, display = _who(actor if actor is not None else getattr(request, "user", None))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        last = Entry.objects.order_by("-id").values_list("digest", flat=True).first() or GENESIS
        entry = Entry(at=timezone.now(), actor_id=actor_id,
                      actor_name=(actor_name if actor_name is not None else name)[:150], actor_display=display[:100],
                      action=action[:40], target=str(target)[:120], detail=detail or {}, ip=client_ip(request),
                      previous=last)
        entry.detail = json.loads(json.dumps(entry.detail, ensure_ascii=False, default=str))
        entry.digest = digest(last, entry)
        entry.save()
        transaction.on_commit(lambda: log_head(entry.pk, entry.digest))
    return entry


def log_head(row_id, row_digest):
    chain_log.info("yiwang.audit head %s %s", row_id, row_digest)
