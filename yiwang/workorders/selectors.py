"""Reads: lists with filters, to-do queues and their counts."""
import datetime as dt

from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import Right
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.clock import on_days
from yiwang.orgs import roles as R
from yiwang.privacy.fields import lookup

from . import permissions
from .models import OPEN_STATUSES, Assignment, ExtensionRequest, Notice, Status, SuspensionRequest, WorkOrder

S = Status


def _lead(user):
    return Q(lead_unit=R.unit_of(user))


def _own(user):
    """District-wide for the centre's roles; what the unit leads for a unit's staff."""
    return Q() if R.is_centre(user) else _lead(user)


# Each queue: code, label, the roles that see it, and the filter (a function of the user).
QUEUES = [
    ("to_dispatch", _("To dispatch"), {R.DISPATCHER, R.AGENT}, lambda u: Q(status=S.PENDING_DISPATCH)),
    ("returned", _("Returned, to re-dispatch"), {R.DISPATCHER}, lambda u: Q(status=S.RETURNED)),
    ("mine_today", _("Taken by me today"), {R.AGENT}, lambda u: Q(
        created_by=u, created_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0))),
    ("to_sign", _("To sign for"), R.UNIT_ROLES, lambda u: _lead(u) & Q(status=S.PENDING_SIGN)),
    ("handling", _("Being handled"), R.UNIT_ROLES, lambda u: _lead(u) & Q(status=S.HANDLING)),
    ("co_handling", _("Co-handling"), R.UNIT_ROLES, lambda u: Q(pk__in=Assignment.objects.filter(
        unit=R.unit_of(u), role=Assignment.Role.CO, state=Assignment.State.ACTIVE).values("order_id"))
        & Q(status__in=[S.PENDING_SIGN, S.HANDLING])),
    ("notices", _("Notices to answer"), R.UNIT_ROLES, lambda u: Q(pk__in=Notice.objects.filter(
        unit=R.unit_of(u), answered_at__isnull=True).values("order_id"))),
    ("extensions", _("Extension requests"), {R.SUPERVISOR}, lambda u: Q(
        pk__in=ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).values("order_id"))),
    ("suspensions", _("Suspension requests"), {R.SUPERVISOR, R.DISPATCHER}, lambda u: Q(
        pk__in=SuspensionRequest.objects.filter(state=SuspensionRequest.State.PENDING).values("order_id"))),
    ("suspended", _("Suspended"), {R.SUPERVISOR, R.DISPATCHER}, lambda u: Q(status=S.SUSPENDED)),
    ("to_callback", _("To call back"), {R.CALLBACK, R.SUPERVISOR}, lambda u: Q(status=S.PENDING_CALLBACK)),
    ("overdue", _("Overdue"), {R.SUPERVISOR, R.LEADER, R.DISPATCHER, *R.UNIT_ROLES},
     lambda u: _own(u) & Q(status__in=OPEN_STATUSES, deadline__lt=timezone.now())),
]


def queues_for(user):
    held = R.roles_of(user)
    return [(code, label, fn) for code, label, roles, fn in QUEUES if held & set(roles)]


def queue_filter(user, code):
    for c, _label, fn in queues_for(user):
        if c == code:
            return fn(user)
    return None


def queue_counts(user):
    """Each of the user's queues with its count and how many of them are overdue: one query per
    queue, each narrow enough for an index (status and deadline, a unit and status, a pending
    request). One query with a filtered count per queue would read every order ever filed."""
    qs = permissions.visible_orders(user)
    now = timezone.now()
    out = []
    for code, label, fn in queues_for(user):
        # COUNT(*) and the limit only: the index on status (or a unit's status) and the limit serves both
        counts = qs.filter(fn(user)).aggregate(n=Count("*"), overdue=Count("deadline", filter=Q(deadline__lt=now)))
        out.append({"code": code, "label": label, "count": counts["n"], "overdue": counts["overdue"]})
    return out


# How a list may be sorted: received (newest first), the time left (least first), urgency.
SORTS = {"received": ["-created_at", "-pk"], "deadline": [F("deadline").asc(nulls_last=True), "-created_at"],
         "urgency": [Case(When(urgency="critical", then=0), When(urgency="urgent", then=1), default=2),
                     F("deadline").asc(nulls_last=True)]}
# A phone search in a list matches the last digits (尾号) only: as many as the masked number
# shows. A full number is a look-up of its own (find_caller), audited as a reveal.
PHONE_TAIL_DIGITS = 4


def inbox_section(user):
    """The user's work-order queues for 我的待办."""
    from django.urls import reverse

    from yiwang.inbox import Entry, Section

    url = reverse("workorders:list")
    return Section(_("Work orders (12345)"), [
        Entry(q["code"], q["label"], q["count"], f"{url}?queue={q['code']}", q["overdue"])
        for q in queue_counts(user)])


def search(user, params, caller_phone=None):
    """The filtered order list. `params` is a dict of strings (the query string); `caller_phone`
    a full number the user looked up (and was audited for)."""
    qs = permissions.visible_orders(user).select_related("lead_unit", "category", "street")
    queue = params.get("queue")
    if queue:
        q = queue_filter(user, queue)
        if q is not None:
            qs = qs.filter(q)
    text = (params.get("q") or "").strip()
    if text:
        # An imported order is also found by its number in the earlier system (callers quote it).
        qs = qs.filter(Q(number__icontains=text) | Q(source_ref__iexact=text) | Q(title__icontains=text)
                       | Q(body__icontains=text) | Q(address__icontains=text))
    for key, field in (("status", "status"), ("type", "order_type"), ("channel", "channel"),
                       ("urgency", "urgency"), ("unit", "lead_unit_id"), ("street", "street_id"),
                       ("category", "category_id"), ("grid", "grid_id")):
        value = params.get(key)
        if value == "none":  # the figure of orders without it (a chart's "not given")
            qs = qs.filter(**{f"{field}__isnull": True})
        elif value:
            qs = qs.filter(**{field: value})
    ids = [i for i in (params.get("ids") or "").split(",") if i.strip().isdigit()][:200]
    if ids:  # the orders behind a figure elsewhere (a hot issue on the dashboard)
        qs = qs.filter(pk__in=ids)
    root = params.get("root")
    if root == "none":
        qs = qs.filter(category__isnull=True)
    elif root:  # a first-level category and everything under it
        qs = qs.filter(Q(category_id=root) | Q(category__parent_id=root) | Q(category__parent__parent_id=root))
    centre = bool(R.roles_of(user) & R.CENTRE_ROLES)
    tail = "".join(ch for ch in (params.get("phone") or "") if ch.isdigit())
    if tail and centre and len(tail) == PHONE_TAIL_DIGITS:  # the same expression as the index on it
        qs = qs.alias(phone_tail=Right("caller_phone_masked", PHONE_TAIL_DIGITS)).filter(phone_tail=tail)
    elif tail and centre and len(tail) < PHONE_TAIL_DIGITS:
        qs = qs.filter(caller_phone_masked__endswith=tail)
    if caller_phone and centre:
        qs = qs.filter(**lookup("caller_phone", caller_phone))
    name = (params.get("caller") or "").strip()
    if name and centre:  # units do not search callers: a confidential caller is hidden from them
        qs = qs.filter(caller_name__icontains=name)
    # A unit's dispatches (assigned: those made to it, whatever became of them; returned_by:
    # those it returned), dated by the dispatch or the return: the assessment's denominators.
    returned_by, assigned = params.get("returned_by"), params.get("assigned")
    returns, dispatches = unit_steps(params)
    date_field = DATE_FIELDS.get(params.get("date"), "created_at")
    if date_field not in ("returned", "assigned"):
        for key, bound in (("from", "first"), ("to", "last")):
            try:
                day = dt.date.fromisoformat(params.get(key) or "")
            except ValueError:
                continue
            qs = qs.filter(**on_days(date_field, **{bound: day}))
    if returned_by:
        qs = qs.filter(pk__in=returns.values("order_id"))
    if assigned:
        qs = qs.filter(pk__in=dispatches.values("order_id"))
    for key, condition in FACT_FILTERS.items():
        if params.get(key) == "1":
            qs = qs.filter(condition)
    now = timezone.now()
    if params.get("open") == "1":
        qs = qs.filter(status__in=OPEN_STATUSES)
    if params.get("overdue") == "1":
        qs = qs.filter(deadline__lt=now)
    near = params.get("near")  # hours: open work whose current limit ends within them
    if near and near.isdigit():
        qs = qs.filter(deadline__gte=now, deadline__lt=now + dt.timedelta(hours=int(near)))
    return qs.order_by(*SORTS[sort_of(params)])


def sort_of(params):
    """The list's order: as asked, else a to-do queue's least time left first (the work to do
    next, and what the index on the limit reads in order), else the newest first."""
    asked = params.get("sort")
    if asked in SORTS:
        return asked
    return "deadline" if params.get("queue") else "received"


def unit_steps(params):
    """(returns, dispatches): a unit's lead dispatches and returns that the params name, dated by the
    dispatch or the return. The assessment counts these steps (an order dispatched twice to a unit,
    after a rework, is two dispatches to sign for)."""
    returned_by, assigned = params.get("returned_by"), params.get("assigned")
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD)
    returns = leads.filter(unit_id=returned_by or 0, state=Assignment.State.RETURNED)
    dispatches = (leads if assigned == "all" else leads.filter(unit_id=assigned or 0)).exclude(
        Assignment.awaiting_response(timezone.now()))
    if params.get("responded") == "1":
        dispatches = dispatches.filter(responded_on_time=True)
    date_field = DATE_FIELDS.get(params.get("date"), "created_at")
    for key, bound in (("from", "first"), ("to", "last")):
        try:
            day = dt.date.fromisoformat(params.get(key) or "")
        except ValueError:
            continue
        if date_field == "returned":
            returns = returns.filter(**on_days("ended_at", **{bound: day}))
        elif date_field == "assigned":
            dispatches = dispatches.filter(**on_days("dispatched_at", **{bound: day}))
    return returns, dispatches


def steps_listed(params, orders):
    """How many dispatches (or returns) a list filtered by a unit's steps shows, over the orders it
    lists: what the assessment's figure counts. None for a list of orders only."""
    returns, dispatches = unit_steps(params)
    if params.get("assigned"):
        return dispatches.filter(order__in=orders).count()
    if params.get("returned_by"):
        return returns.filter(order__in=orders).count()
    return None


# Which moment the list's from/to dates apply to.
DATE_FIELDS = {"received": "created_at", "dispatched": "dispatched_at", "signed": "signed_at",
               "replied": "replied_at", "called_back": "called_back_at", "returned": "returned",
               "assigned": "assigned"}
# The facts a rate counts, as list filters: each figure of the assessment opens its orders.
FACT_FILTERS = {"satisfied": Q(satisfaction__in=["satisfied", "basic"]), "solved": Q(solved=True),
                "solved_asked": Q(solved__isnull=False), "replied_on_time": Q(replied_on_time=True)}


def category_choices():
    """The active categories in tree order (each under its parent), with what a picker matches:
    [(category, path, search keys, keys of its own name)]. An agent types 路灯, ludeng or ldgz to find 路灯故障."""
    from yiwang.search import keys

    from .models import Category

    cats = list(Category.objects.filter(is_active=True).select_related("parent__parent"))
    rows = [(c, c.path) for c in cats]
    rows.sort(key=lambda r: r[1])
    return [(c, path, keys(path), keys(c.name)) for c, path in rows]


def earlier_orders_of_caller(phone, exclude=None, limit=10):
    if not phone:
        return WorkOrder.objects.none()
    qs = WorkOrder.objects.filter(**lookup("caller_phone", phone))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-created_at")[:limit]


def responsible_unit(category, street=None):
    """The unit the routing rules give for a category at a street, else the street itself
    (属地: a street answers for what happens on its ground), else None."""
    from .models import RoutingRule

    chain = []
    node = category
    while node is not None:
        chain.append(node.pk)
        node = node.parent
    if chain:
        rules = RoutingRule.objects.filter(is_active=True, category_id__in=chain, unit__is_active=True)
        rules = rules.filter(Q(street__isnull=True) | Q(street=street)) if street else \
            rules.filter(street__isnull=True)
        best = sorted(rules.select_related("unit"),
                      key=lambda r: (chain.index(r.category_id), r.street_id is None, -r.priority))
        if best:
            return best[0].unit
    if street is not None and street.handles_orders and street.is_active:
        return street
    return None
