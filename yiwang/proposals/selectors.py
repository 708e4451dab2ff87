"""Reads of deputies' suggestions and CPPCC proposals: who sees which, the list, the inbox."""
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang import inbox
from yiwang.orgs import roles as R

from . import workflow
from .models import Proposal, State

FOLLOWERS = workflow.OFFICE | {R.LEADER}


def may_open(user):
    return bool(R.roles_of(user) & (FOLLOWERS | R.UNIT_ROLES))


def visible(user, qs=None):
    qs = Proposal.objects.all() if qs is None else qs
    roles = R.roles_of(user)
    if roles & FOLLOWERS:
        return qs
    unit = R.unit_of(user)
    if roles & R.UNIT_ROLES and unit is not None:
        return qs.filter(Q(lead_unit=unit) | Q(co_units=unit)).distinct()
    return qs.none()


def can_see(user, proposal):
    return visible(user, Proposal.objects.filter(pk=proposal.pk)).exists()


QUEUES = {
    "to_assign": lambda user: Q(state=State.RECEIVED),
    "complex": lambda user: Q(state=State.HANDLING, complex_approved__isnull=True) & ~Q(complex_reason=""),
    "to_rate": lambda user: Q(state=State.ANSWERED),
    "to_answer": lambda user: Q(state=State.HANDLING, lead_unit=R.unit_of(user)),
    "opinions": lambda user: Q(state=State.HANDLING, co_units=R.unit_of(user)) & ~Q(opinions__unit=R.unit_of(user)),
}
LABELS = {"to_assign": gettext_lazy("To be assigned"), "complex": gettext_lazy("Six months asked"),
          "to_rate": gettext_lazy("Answered, to rate"), "to_answer": gettext_lazy("To answer"),
          "opinions": gettext_lazy("Co-unit opinions to give")}


def search(user, params):
    qs = visible(user).select_related("lead_unit")
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(proposers__icontains=q) | Q(content__icontains=q))
    for field in ("kind", "state", "rating"):
        if params.get(field):
            qs = qs.filter(**{field: params[field]})
    if (params.get("year") or "").isdigit():
        qs = qs.filter(year=params["year"])
    if (params.get("unit") or "").isdigit():
        qs = qs.filter(lead_unit_id=params["unit"])
    if params.get("overdue") == "1":
        qs = qs.filter(state=State.HANDLING, due__lt=timezone.now())
    if params.get("queue") in QUEUES:
        qs = qs.filter(QUEUES[params["queue"]](user)).distinct()
    return qs.order_by("-year", "kind", "serial")


def queue_counts(user):
    roles = R.roles_of(user)
    codes = (["to_assign", "complex", "to_rate"] if roles & workflow.OFFICE else []) + (
        ["to_answer", "opinions"] if roles & R.UNIT_ROLES and R.unit_of(user) else [])
    base = visible(user)
    return [(code, str(LABELS[code]), base.filter(QUEUES[code](user)).distinct().count()) for code in codes]


def inbox_section(user):
    counts = queue_counts(user)
    if not counts:
        return None
    url = reverse("proposals:list")
    return inbox.Section(label=_("Deputies' suggestions and CPPCC proposals"), entries=[
        inbox.Entry(code=f"proposals-{code}", label=label, count=n, url=f"{url}?queue={code}")
        for code, label, n in counts])
