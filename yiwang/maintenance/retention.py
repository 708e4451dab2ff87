"""The retention purge (`yiwang purge`): what is kept how long, each period a setting.

- citizens' personal data of finished cases, RETENTION_PERSONAL_DAYS after the case ended: the
  caller's, applicant's, rater's and reporter's name, numbers and mailing details are blanked
  (the case, its history and its figures stay, so the statistics do not change);
- text messages, RETENTION_TEXT_DAYS after they were queued;
- webhook deliveries that ended (acknowledged or given up), RETENTION_WEBHOOK_DAYS after;
- expired sessions;
- the audit log and the reveal log, AUDIT_RETENTION_DAYS (at least 180) after. The audit log is cut
  only here: the cut is itself a row (`audit.purged`) naming the digest the remaining chain starts
  from, so `yiwang audit verify` still holds the rest.

Every run is recorded in the audit log with what it removed."""
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.functions import Now
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from yiwang.audit.models import Entry
from yiwang.audit.services import record
from yiwang.privacy.fields import update_derived
from yiwang.privacy.models import RevealLog
from yiwang.purge import purging

ANONYMOUS = "（已匿名）"


@dataclass
class Report:
    counts: dict = field(default_factory=dict)

    def add(self, what, n):
        self.counts[what] = self.counts.get(what, 0) + n


def _blank(qs, fields, values=None, report=None, what=""):
    """Blank the personal fields of every row of qs still holding any (one row at a time, so the
    encrypted fields' indexes follow)."""
    n = 0
    for row in qs.iterator(chunk_size=500):
        for name in fields:
            setattr(row, name, (values or {}).get(name, ""))
        row.save(update_fields=update_derived(row, *fields))
        n += 1
    if report is not None:
        report.add(what, n)
    return n


def _personal(now, report, dry_run):
    from django.db.models import Q

    from yiwang.reviews.models import Rating, Rectification
    from yiwang.services.models import FINISHED_STATUSES, Application
    from yiwang.workorders.models import Status, WorkOrder

    cutoff = now - dt.timedelta(days=settings.RETENTION_PERSONAL_DAYS)
    orders = WorkOrder.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff).exclude(
        caller_name="", caller_phone="", caller_id_number="")
    apps = Application.objects.filter(status__in=FINISHED_STATUSES, finished_at__lt=cutoff).exclude(
        applicant_name=ANONYMOUS, contact_phone="")
    ratings = Rating.objects.filter(rated_at__lt=cutoff).exclude(rater_name="", rater_phone="")
    cases = Rectification.objects.filter(concluded_at__lt=cutoff).filter(~Q(reporter_name="") | ~Q(reporter_phone=""))
    if dry_run:
        for what, qs in (("workorders", orders), ("applications", apps), ("ratings", ratings),
                         ("rectifications", cases)):
            report.add(what, qs.count())
        return
    _blank(orders, ["caller_name", "caller_phone", "caller_id_number"], report=report, what="workorders")
    person_apps = apps.filter(applicant_kind="person")
    _blank(person_apps, ["applicant_name", "id_number", "contact_phone", "mail_recipient", "mail_phone",
                         "mail_address"], {"applicant_name": ANONYMOUS}, report, "applications")
    _blank(apps.exclude(applicant_kind="person"), ["contact_phone", "mail_recipient", "mail_phone", "mail_address"],
           {"applicant_name": ANONYMOUS}, report, "applications")
    _blank(ratings, ["rater_name", "rater_phone"], report=report, what="ratings")
    _blank(cases, ["reporter_name", "reporter_phone"], report=report, what="rectifications")


def _audit(now, report, dry_run):
    cutoff = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    # The database refuses to delete audit rows younger than its own clock allows (audit/guards.py):
    # the cut is made on that clock too.
    old = Entry.objects.filter(at__lt=cutoff).filter(at__lt=Now() - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS))
    reveals = RevealLog.objects.filter(at__lt=cutoff)
    if dry_run:
        report.add("audit", old.count())
        report.add("reveals", reveals.count())
        return
    last = old.order_by("-id").values_list("id", "digest").first()
    if last is None and not reveals.exists():
        return
    with purging():
        n_reveals = reveals.delete()[0]
        n = 0
        if last is not None:
            n = Entry.objects.filter(id__lte=last[0]).delete()[0]
            record("audit.purged", detail={"last_id": last[0], "last_digest": last[1], "rows": n,
                                           "before": cutoff.isoformat()})
    report.add("audit", n)
    report.add("reveals", n_reveals)


def run(*, now=None, dry_run=False):
    from yiwang.api.idempotency import expired_before
    from yiwang.api.models import IdempotentRequest
    from yiwang.reviews.models import TextMessage
    from yiwang.webhooks.models import Delivery

    now = now or timezone.now()
    report = Report()
    with transaction.atomic():
        _personal(now, report, dry_run)
        texts = TextMessage.objects.filter(created_at__lt=now - dt.timedelta(days=settings.RETENTION_TEXT_DAYS))
        report.add("texts", texts.count() if dry_run else texts.delete()[0])
        ended = Delivery.objects.filter(created_at__lt=now - dt.timedelta(days=settings.RETENTION_WEBHOOK_DAYS)).exclude(
            state=Delivery.State.PENDING)
        report.add("webhook deliveries", ended.count() if dry_run else ended.delete()[0])
        sessions = Session.objects.filter(expire_date__lt=now)
        report.add("sessions", sessions.count() if dry_run else sessions.delete()[0])
        keys = IdempotentRequest.objects.filter(created_at__lt=expired_before(now))
        report.add("idempotency keys", keys.count() if dry_run else keys.delete()[0])
        _audit(now, report, dry_run)
        if not dry_run:
            record("retention.purge", detail=report.counts)
    return report
