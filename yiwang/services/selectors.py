"""Reads of the applications: queues, the searchable list and the efficiency monitor."""
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.calendar import services as calendar
from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from . import permissions
from .models import FINISHED_STATUSES, Application, ApplicationMaterial, Status


def _my_steps(user):
    unit = R.unit_of(user)
    if unit is None:
        return Q(pk__in=[])
    mine = Q(current_step__unit=unit) | Q(current_step__unit__isnull=True, item__unit=unit)
    if R.UNIT_HEAD not in R.roles_of(user):
        mine &= Q(current_step__role=R.UNIT_STAFF)
    return Q(status__in=[Status.IN_REVIEW, Status.SPECIAL]) & mine


def queues_for(user):
    """(code, label, filter) for each queue the user's roles work from."""
    roles = R.roles_of(user)
    queues = []
    if roles & permissions.INTAKE_ROLES:
        queues += [
            ("to_accept", _("Awaiting acceptance"), Q(status=Status.SUBMITTED)),
            ("correction", _("Awaiting correction"), Q(status=Status.CORRECTION)),
            ("pending", _("Materials to follow"), Q(materials__state=ApplicationMaterial.State.PENDING)
             & ~Q(status__in=FINISHED_STATUSES)),
            ("to_deliver", _("Results to hand out"), Q(status=Status.TO_DELIVER)),
            ("mine", _("My applications (first contact)"), Q(first_contact=user) & ~Q(status__in=FINISHED_STATUSES)),
        ]
    if roles & R.UNIT_ROLES:
        queues += [("my_steps", _("Awaiting my unit's step"), _my_steps(user))]
    if roles & R.UNIT_ROLES:
        unit = R.unit_of(user)
        queues += [("commitments", _("Commitments to check"),
                    Q(acceptance="commitment", commitment_checked="", item__unit=unit)
                    & ~Q(status__in=[Status.WITHDRAWN, Status.REVOKED]))]
    return queues


def queue_counts(user):
    base = permissions.visible_applications(user)
    return [(code, label, base.filter(q).distinct().count()) for code, label, q in queues_for(user)]


def inbox_section(user):
    """The user's application queues for 我的待办; late means past the promised limit."""
    from django.urls import reverse

    from yiwang.inbox import Entry, Section

    base, now, url = permissions.visible_applications(user), timezone.now(), reverse("services:list")
    entries = []
    for code, label, q in queues_for(user):
        mine = base.filter(q).distinct()
        entries.append(Entry(code, label, mine.count(), f"{url}?queue={code}",
                             mine.filter(promised_deadline__lt=now).exclude(status__in=FINISHED_STATUSES).count()))
    return Section(_("Applications (一网通办)"), entries)


def search(user, params):
    qs = permissions.visible_applications(user).select_related("item__unit", "current_step")
    queue = dict((c, q) for c, _label, q in queues_for(user)).get(params.get("queue"))
    if queue is not None:
        qs = qs.filter(queue)
    if params.get("status") in Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("unit", "").isdigit():
        qs = qs.filter(item__unit_id=int(params["unit"]))
    if params.get("channel") in Application.Channel.values:
        qs = qs.filter(channel=params["channel"])
    text = (params.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(applicant_name__icontains=text) | Q(item__name__icontains=text))
    return qs.distinct().order_by("-submitted_at", "-id")


def monitor(user, params=None, now=None):
    """效能监察: running applications that are close to or past their promised or statutory limit.
    Returns (rows by unit with counts, the queryset of the chosen level)."""
    params = params or {}
    now = now or timezone.now()
    cal = calendar.load()
    near_cutoff = cal.deadline(now, settings.SERVICE_WARN_WORKDAYS)
    visible = permissions.visible_applications(user)
    review = Q(status=Status.IN_REVIEW)
    # The limits of applications under review, and the two waits the hall itself answers for:
    # applications not yet accepted (online ones too) and results not yet handed out.
    levels = {
        "past_statutory": review & Q(statutory_deadline__lt=now),
        "near_statutory": review & Q(statutory_deadline__gte=now, statutory_deadline__lte=near_cutoff),
        "past_promised": review & Q(promised_deadline__lt=now, statutory_deadline__gte=now),
        "near": review & Q(promised_deadline__gte=now, promised_deadline__lte=near_cutoff),
        "to_accept": Q(status=Status.SUBMITTED),
        "to_deliver": Q(status__in=[Status.TO_DELIVER, Status.MAILED]),
    }
    watched = visible.filter(review | levels["to_accept"] | levels["to_deliver"])
    counts = (watched.values("item__unit").annotate(
        running=Count("id", filter=review), **{k: Count("id", filter=q) for k, q in levels.items()})
        .order_by("item__unit"))
    units = Unit.objects.in_bulk([c["item__unit"] for c in counts])
    rows = [{"unit": units[c["item__unit"]], **c} for c in counts]
    rows.sort(key=lambda r: (-r["past_statutory"], -r["near_statutory"], -r["past_promised"], -r["near"],
                             r["unit"].code))
    level = params.get("level")
    chosen = visible.filter(levels[level]) if level in levels else visible.filter(
        levels["past_statutory"] | levels["near_statutory"] | levels["past_promised"] | levels["near"])
    if str(params.get("unit", "")).isdigit():
        chosen = chosen.filter(item__unit_id=int(params["unit"]))
    return rows, chosen.select_related("item__unit", "current_step").order_by("promised_deadline")
