"""Webhooks: an event for every state change of a work order, application or rectification case,
queued per subscriber after the change commits, signed, and retried with exponential back-off
until the subscriber answers 2xx or the attempts run out. Every attempt is logged.

Signature: header `X-Yiwang-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`."""
import datetime as dt
import hashlib
import hmac
import json
import time
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from yiwang import cases

from .models import Attempt, Delivery, Subscription


def sign(secret, timestamp, body):
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret, header, body, tolerance=300, now=None):
    """For subscribers (and the tests): is `header` a fresh, valid signature of `body`?"""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def backoff(attempts):
    """Seconds to wait after the given number of failed attempts."""
    return min(settings.WEBHOOK_RETRY_SECONDS * 2 ** max(attempts - 1, 0), settings.WEBHOOK_RETRY_MAX_SECONDS)


def emit(kind, case, event):
    """Queue `event` (a case's timeline row) for every subscriber who may see the case; sent after
    the transaction that made the change commits."""
    if event.to_status == event.from_status:
        return
    subscriptions = [s for s in Subscription.objects.filter(is_active=True).select_related("user")
                     if s.wants(kind)]
    if not subscriptions:
        return
    payload = {
        "id": str(uuid.uuid4()), "type": f"{kind}.status_changed", "occurred_at": event.at,
        "case": {"kind": kind, "number": case.number}, "action": event.action,
        "from_status": event.from_status, "to_status": event.to_status,
    }
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    now = timezone.now()
    created = [Delivery.objects.create(subscription=s, event_id=payload["id"], event=payload["type"],
                                       payload=payload, created_at=now, next_attempt_at=now)
               for s in subscriptions if cases.get(kind).can_see(s.user, case)]
    if created:
        ids = [d.pk for d in created]
        transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids, countdown=None):
    from .tasks import deliver
    for pk in ids:
        if settings.CELERY_TASK_ALWAYS_EAGER and countdown:
            continue  # no worker to wait: `yiwang webhooks retry` (cron) sends it when it is due
        deliver.apply_async((pk,), countdown=countdown)


def attempt(delivery_id):
    """Try one delivery once, if it is still pending; log the attempt and plan the next."""
    import requests  # here, not at the top: the catalogue tools run inside the package, where our
    # `calendar` app would shadow the standard module that requests needs
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(skip_locked=True).select_related("subscription")
                    .filter(pk=delivery_id, state=Delivery.State.PENDING).first())
        if delivery is None:
            return None
        body = json.dumps(delivery.payload, ensure_ascii=False).encode()
        timestamp = int(time.time())
        sub = delivery.subscription
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "yiwang-webhooks/1",
                   "X-Yiwang-Event": delivery.event, "X-Yiwang-Delivery": str(delivery.event_id),
                   "X-Yiwang-Signature": sign(sub.secret, timestamp, body)}
        started, status, error = time.monotonic(), None, ""
        try:
            answer = requests.post(sub.url, data=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
                                   allow_redirects=False)
            status = answer.status_code
            if not 200 <= status < 300:
                error = answer.text[:500]
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        now = timezone.now()
        took = int((time.monotonic() - started) * 1000)
        Attempt.objects.create(delivery=delivery, at=now, status=status, error=error, duration_ms=took)
        delivery.attempts += 1
        delivery.last_status, delivery.last_error = status, error
        if status is not None and 200 <= status < 300:
            delivery.state, delivery.delivered_at, delivery.next_attempt_at = Delivery.State.DELIVERED, now, None
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.state, delivery.next_attempt_at = Delivery.State.FAILED, None
        else:
            delivery.next_attempt_at = now + dt.timedelta(seconds=backoff(delivery.attempts))
        delivery.save()
    if delivery.state == Delivery.State.PENDING:
        wait = backoff(delivery.attempts)
        transaction.on_commit(lambda: _enqueue([delivery.pk], countdown=wait))
    return delivery


def retry_due(now=None):
    """Send every pending delivery whose next attempt is due (the cron job, and a worker's safety net)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at")
    done = [attempt(pk) for pk in due.values_list("pk", flat=True)[:1000]]
    return [d for d in done if d is not None]


def redeliver(delivery):
    """An administrator sends a failed or delivered event again, as a new attempt series."""
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.PENDING, attempts=0,
                                                   next_attempt_at=timezone.now())
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
