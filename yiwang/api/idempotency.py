"""Idempotency-Key for every write to the API and Open311: the first request with a key is done
and its answer kept; a retry with the same key and body gets that answer again, unchanged, and
nothing is written twice. The same key with a different body, or while the first is still
running, is refused. Keys are kept for settings.IDEMPOTENCY_HOURS."""
import datetime as dt
import hashlib
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import response
from .models import IdempotentRequest

# The API and Open311 write with POST only; any other method goes on to the router, which answers
# 405 (add a method here when an endpoint takes it).
WRITES = {"POST", "PATCH"}
HEADER = "Idempotency-Key"
# What a key may be (the OpenAPI schema says the same): 1 to 200 printable ASCII characters, no
# space at either end.
KEY_PATTERN = r"^[!-~]([ -~]{0,198}[!-~])?$"
KEY_SHAPE = re.compile(KEY_PATTERN)
# A request still marked running after this long died with its worker; its key may be reused.
ABANDONED = dt.timedelta(minutes=5)


def _owner(request):
    """Whose key space this is: the credentials sent, so two clients never share keys."""
    credentials = request.headers.get("Authorization", "")
    if not credentials and request.path.startswith("/open311/"):
        credentials = "api_key:" + (request.GET.get("api_key") or request.POST.get("api_key") or "")
    if not credentials and request.user.is_authenticated:
        credentials = f"user:{request.user.pk}"
    return hashlib.sha256((credentials or "anonymous").encode()).hexdigest()


def _declared(request):
    """Whether the API declares this method at this address. An undeclared one goes on to its 405;
    asking it for an Idempotency-Key first would answer 400 for a method that is not there. django-
    ninja keeps the operations on the PathView its view function closes over."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    for cell in match.func.__closure__ or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return any(request.method in op.methods for op in operations)
    return True


def expired_before(now):
    """Keys made before this moment are no longer honoured."""
    return now - dt.timedelta(hours=settings.IDEMPOTENCY_HOURS)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _scope(self, request):
        if request.method not in WRITES:
            return None
        if request.path.startswith("/api/v1/"):
            return "required" if _declared(request) else None
        if request.path.startswith("/open311/"):
            return "optional"
        return None

    def __call__(self, request):
        scope = self._scope(request)
        if scope is None:
            return self.get_response(request)
        key = request.headers.get(HEADER) or ""
        if not key:
            if scope == "required":
                return response(400, "idempotency_key_required",
                                _("Send an Idempotency-Key header (a unique value per write, reused on retry)."))
            return self.get_response(request)
        if not KEY_SHAPE.match(key):
            return response(400, "invalid", _("The Idempotency-Key must be 1 to 200 printable ASCII characters, with no space at either end."))
        fingerprint = hashlib.sha256(b"\n".join([request.method.encode(), request.get_full_path().encode(),
                                                 request.body])).hexdigest()
        owner = _owner(request)
        now = timezone.now()
        # Expired keys are removed by the daily purge (yiwang purge), not on every write; one met
        # here is removed and the key is free again.
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(owner=owner, key=key, fingerprint=fingerprint, created_at=now)
        except IntegrityError:
            record = IdempotentRequest.objects.filter(owner=owner, key=key).first()
            if record is not None and record.created_at < expired_before(now):
                IdempotentRequest.objects.filter(pk=record.pk, created_at=record.created_at).delete()
                record = None
            if record is None:  # expired, or removed between the two queries
                return self(request)
            if record.fingerprint != fingerprint:
                return response(422, "idempotency_key_reused",
                                _("This Idempotency-Key was used for a different request."))
            if record.status_code is None:
                if now - record.created_at < ABANDONED:
                    return response(409, "idempotency_in_progress",
                                    _("A request with this Idempotency-Key is still being processed; retry later."))
                record.created_at = now
                record.save(update_fields=["created_at"])
            else:
                replay = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type)
                replay["Idempotent-Replayed"] = "true"
                return replay
        answer = self.get_response(request)
        if answer.status_code >= 500 or answer.status_code in (401, 429) or answer.streaming:
            record.delete()  # nothing was done (or we cannot tell): let a retry run again
        else:
            record.status_code = answer.status_code
            record.content_type = answer.get("Content-Type", "")
            record.body = answer.content
            record.save(update_fields=["status_code", "content_type", "body"])
        return answer
