"""Reads of the enterprise registry and the visits: who may open them, the lists and filters, the
coverage of visits by official and by unit, the inbox, and what one enterprise's page joins."""
import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import inbox
from yiwang.orgs import roles as R

from . import industries, services
from .models import Assignment, Enterprise, Problem, Visit

READERS = R.CENTRE_ROLES | R.UNIT_ROLES | R.HALL_ROLES


def may_open(user):
    return bool(R.roles_of(user) & READERS)


def may_edit(user):
    return bool(R.roles_of(user) & services.EDITORS)


def search(params):
    qs = Enterprise.objects.select_related("street")
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__icontains=q.upper()) | Q(legal_rep__icontains=q))
    for field in ("section", "size", "park"):
        if params.get(field):
            qs = qs.filter(**{field: params[field]})
    if params.get("industry"):
        qs = qs.filter(industry__startswith=params["industry"])
    if params.get("above_scale") == "1":
        qs = qs.filter(above_scale=True)
    if (params.get("street") or "").isdigit():
        qs = qs.filter(street_id=params["street"])
    if params.get("label"):
        qs = qs.filter(labels__code=params["label"]).distinct()
    if (params.get("butler") or "").isdigit():
        qs = qs.filter(butler_id=params["butler"])
    if params.get("mine") == "1" and params.get("_user") is not None:
        qs = qs.filter(assignments__official=params["_user"], assignments__ended_on=None).distinct()
    if params.get("due") == "1" and params.get("_user") is not None:  # not visited yet in this period
        qs = qs.filter(pk__in=[a.enterprise_id for a in services.visits_due(official=params["_user"])])
    return qs.order_by("name")


def visible_visits(user):
    """Supervisors, leaders and administrators see every visit; others their own, their unit's and
    those of the enterprises they are butler of."""
    qs = Visit.objects.select_related("enterprise", "official__staff")
    if R.roles_of(user) & {R.SUPERVISOR, R.LEADER}:
        return qs
    unit = R.unit_of(user)
    mine = Q(official=user) | Q(enterprise__butler=user)
    return qs.filter(mine | Q(official__staff__unit=unit) if unit else mine)


OPEN_PROBLEM = (Q(route=Problem.Route.ORDER) & ~Q(order__status__in=["closed", "merged"])) | (
    Q(route=Problem.Route.TASK) & ~Q(task__state="closed"))


def open_problems_of_butler(user):
    """The problems raised at the enterprises `user` is butler of that are not closed yet."""
    return Problem.objects.filter(OPEN_PROBLEM, visit__enterprise__butler=user)


def kept_rate(assignment, days, first, last, today):
    """Whether the official visited as often as the assignment's rate asks over [first, last]: at
    least once in the window, and in every period of its rate that has ended within it (a monthly
    assignment over a quarter needs a visit each month; the period under way is not owed yet)."""
    if not any(first <= d <= last for d in days):
        return False
    start = max(first, assignment.since)
    end = min(last, assignment.ended_on or last, today)
    day = start
    while day <= end:
        begins, next_begins = services.period(assignment.rate, day)
        if next_begins <= today and next_begins - dt.timedelta(days=1) <= last:
            lo, hi = max(begins, start), next_begins - dt.timedelta(days=1)
            if not any(lo <= d <= hi for d in days):
                return False
        day = next_begins
    return True


def coverage(first, last, by="official"):
    """Per official (or unit): enterprises assigned, visited in [first, last] as often as their
    rate asks (kept_rate), coverage, and the problems raised on those visits and how many are closed."""
    assignments = Assignment.objects.filter(since__lte=last).filter(Q(ended_on=None) | Q(ended_on__gte=first))
    visits = Visit.objects.filter(visited_on__gte=first, visited_on__lte=last)
    problems = Problem.objects.filter(visit__in=visits).select_related("order", "task", "visit__official__staff__unit")
    rows = {}

    def key_of(user):
        staff = getattr(user, "staff", None)
        if by == "unit":
            unit = staff.unit if staff else None
            return (unit.pk if unit else None), (unit.name if unit else "—")
        return user.pk, (staff.display_name if staff and staff.display_name else user.get_username())

    def row(user):
        key, name = key_of(user)
        return rows.setdefault(key, {"key": key, "name": name, "assigned": set(), "visited": set(), "visits": 0,
                                     "problems": 0, "closed": 0})

    days = {}
    for v in visits.select_related("official__staff__unit"):
        r = row(v.official)
        r["visits"] += 1
        days.setdefault((v.official_id, v.enterprise_id), []).append(v.visited_on)
    today = timezone.localdate()
    for a in assignments.select_related("official__staff__unit"):
        r = row(a.official)
        pair = (a.official_id, a.enterprise_id)
        r["assigned"].add(pair)
        if kept_rate(a, days.get(pair, []), first, last, today):
            r["visited"].add(pair)
    for p in problems:
        r = row(p.visit.official)
        r["problems"] += 1
        r["closed"] += p.closed
    out = []
    for r in rows.values():
        assigned, visited = len(r["assigned"]), len(r["visited"])
        out.append({**r, "assigned": assigned, "visited": visited,
                    "coverage": None if not assigned else round(100 * visited / assigned, 1),
                    "closure": None if not r["problems"] else round(100 * r["closed"] / r["problems"], 1)})
    return sorted(out, key=lambda r: (r["coverage"] is None, r["coverage"] or 0, r["name"]))


def inbox_section(user):
    if not getattr(user, "is_authenticated", False):
        return None
    due = services.visits_due(official=user)
    entries = []
    if due or Assignment.objects.filter(official=user, ended_on=None).exists():
        entries.append(inbox.Entry(code="enterprises-due", label=_("Visits due this period"), count=len(due),
                                   url=reverse("enterprises:list") + "?mine=1&due=1"))
    if Enterprise.objects.filter(butler=user).exists():
        entries.append(inbox.Entry(code="enterprises-problems", label=_("My enterprises' problems still open"),
                                   count=open_problems_of_butler(user).count(),
                                   url=reverse("enterprises:visits") + "?butler=1&open=1"))
    return inbox.Section(label=_("Enterprise visits"), entries=entries) if entries else None


def orders_of(enterprise):
    """The enterprise's own work orders: the problems raised on its visits and on its portal. Never
    joined by a phone number: the contact's phone is a person's, whose own complaints are not the
    enterprise's."""
    from yiwang.workorders.models import WorkOrder

    return WorkOrder.objects.filter(Q(enterprise_problem__visit__enterprise=enterprise)
                                    | Q(portal_problem__enterprise=enterprise)).distinct()


def ratings_of(enterprise):
    """好差评 of the enterprise's own orders and applications."""
    from yiwang.reviews.models import Rating

    return (Rating.objects.filter(Q(order__in=orders_of(enterprise).values("pk"))
                                  | Q(application__credit_code=enterprise.credit_code))
            .select_related("order", "application__item", "unit").order_by("-rated_at"))


def problems_for_portal(enterprise, request=None):
    """What the enterprise raised (on its portal and on visits), with the state and, for a closed
    order not yet rated, the link to rate it."""
    from yiwang.reviews import services as reviews
    from yiwang.workorders.models import Status as OrderStatus

    rows = []
    for p in enterprise.portal_problems.select_related("order__rating"):
        rows.append(_problem_row(p.order, p.order.body, _("raised here"), p.raised_at, reviews, OrderStatus, request))
    for p in Problem.objects.filter(visit__enterprise=enterprise).select_related("visit", "order__rating", "task"):
        when = timezone.make_aware(dt.datetime.combine(p.visit.visited_on, dt.time(9)))
        if p.order_id:
            rows.append(_problem_row(p.order, p.text, _("raised on a visit"), when, reviews, OrderStatus, request))
        else:
            rows.append({"number": p.task.number, "text": p.text, "source": _("raised on a visit"), "at": when,
                         "state": p.task.get_state_display(), "closed": p.task.state == "closed", "rating": None,
                         "rate_url": None})
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def _problem_row(order, text, source, at, reviews, OrderStatus, request):
    rating = getattr(order, "rating", None)
    closed = order.status == OrderStatus.CLOSED
    return {"number": order.number, "text": text, "source": source, "at": at, "state": order.get_status_display(),
            "closed": closed, "rating": rating,
            "rate_url": reviews.rating_url(order, "portal", request) if closed and rating is None else None}


def joined(enterprise, user):
    """What the registry itself knows of an enterprise: its applications, the work orders of its
    problems, its visits, the ratings of its orders and applications and its 阳光 questions."""
    from yiwang.services.models import Application
    from yiwang.workorders.models import WorkOrder
    from yiwang.workorders.permissions import visible_orders

    applications = Application.objects.filter(credit_code=enterprise.credit_code).select_related("item").order_by(
        "-submitted_at")[:50]
    orders = orders_of(enterprise).select_related("lead_unit").order_by("-created_at")[:50]
    visible = set(visible_orders(user, WorkOrder.objects.filter(pk__in=[o.pk for o in orders])).values_list(
        "pk", flat=True))
    for o in orders:
        o.may_open = o.pk in visible  # a title is shown only to whoever may open the order
    visits = enterprise.visits.select_related("official__staff").prefetch_related("problems__order",
                                                                                   "problems__task")[:50]
    return {"applications": applications, "orders": orders, "visits": visits, "ratings": ratings_of(enterprise)[:50],
            "questions": enterprise.questions.select_related("session", "unit").order_by("-asked_at")[:50],
            "labels": enterprise.held_labels.select_related("label"),
            "assignments": enterprise.assignments.filter(ended_on=None).select_related("official__staff"),
            "size_rule": industries.classify(enterprise.industry, enterprise.staff, enterprise.revenue,
                                             enterprise.assets)[1],
            "today": timezone.localdate(), "year_ago": timezone.localdate() - dt.timedelta(days=365)}
