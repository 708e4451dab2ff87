from yiwang.audit.services import record

from .models import RevealLog


def record_reveal(*, user, subject, field, ip=None, request=None):
    """Someone saw a full number: the reveal log (shown per record) and the audit log."""
    entry = RevealLog.objects.create(user=user, subject=subject, field=field, ip=ip)
    record("reveal", actor=user, target=subject, detail={"field": field}, request=request)
    return entry
