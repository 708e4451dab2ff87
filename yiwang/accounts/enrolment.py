"""Binding a first authenticator app needs a one-time code given out of band (the security
administrator hands or texts it to the person; the console prints one), so that whoever holds a
leaked password cannot bind their own app first (等保 2.0 身份鉴别: the second factor is the person's).
A code is eight digits, valid TWO_FACTOR_ENROLMENT_HOURS, used once, and kept only as a salted hash."""
import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from yiwang.audit.services import record

from .models import EnrolmentCode


def required():
    return settings.TWO_FACTOR_ENROLMENT_CODE


def issue(user, *, by=None, request=None):
    """A new code for `user` (any earlier one no longer works); returned once, never stored plain."""
    code = f"{secrets.randbelow(10 ** 8):08d}"
    now = timezone.now()
    EnrolmentCode.objects.update_or_create(user=user, defaults={
        "digest": make_password(code), "issued_by": by, "issued_at": now,
        "expires_at": now + dt.timedelta(hours=settings.TWO_FACTOR_ENROLMENT_HOURS)})
    record("two_factor.enrolment_code", actor=by, target=f"user:{user.get_username()}", request=request)
    return code


def redeem(user, typed):
    """True, and the code used up, when `typed` is the user's current code."""
    typed = "".join(ch for ch in (typed or "") if ch.isdigit())
    held = EnrolmentCode.objects.filter(user=user, expires_at__gt=timezone.now()).first()
    if held is None or not typed or not check_password(typed, held.digest):
        return False
    held.delete()
    return True
