"""Reads of 好差评: rectification queues and lists, ratings lists, what each user may see."""
import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.orgs import roles as R

from .models import CONCLUDED, Rating, Rectification, State

STAFF = {R.SUPERVISOR, R.CALLBACK, R.LEADER, R.DISPATCHER, *R.UNIT_ROLES}
NAMED = ~Q(reporter_name="")

# Each queue: code, label, the roles that see it, the filter.
QUEUES = [
    ("to_verify", _("To verify"), R.UNIT_ROLES | {R.SUPERVISOR}, lambda: Q(state=State.PENDING_VERIFY)),
    ("rectifying", _("Being rectified"), R.UNIT_ROLES | {R.SUPERVISOR}, lambda: Q(state=State.RECTIFYING)),
    ("approval", _("Proposals to approve"), {R.SUPERVISOR}, lambda: Q(state=State.AWAITING_APPROVAL)),
    ("appeals", _("Appeals to review"), {R.SUPERVISOR}, lambda: Q(state=State.APPEALED)),
    ("feedback", _("Feedback to give"), R.UNIT_ROLES | {R.SUPERVISOR, R.CALLBACK},
     lambda: Q(state__in=CONCLUDED, feedback_at__isnull=True)),
    ("to_callback", _("Raters to call back"), {R.CALLBACK, R.SUPERVISOR},
     lambda: Q(state__in=[*CONCLUDED, State.APPEALED], called_back_at__isnull=True) & NAMED),
    ("overdue", _("Overdue"), STAFF,
     lambda: Q(state__in=[State.PENDING_VERIFY, State.RECTIFYING], due__lt=timezone.now())),
]


def _own_unit(user, qs):
    """District-wide for the centre's roles; a unit's staff see their own unit's rows; nobody
    outside STAFF sees any (the pages, the reveal, the exports and the API by one rule)."""
    if not may_open(user):
        return qs.none()
    if R.is_centre(user):
        return qs
    unit = R.unit_of(user)
    if R.roles_of(user) & R.UNIT_ROLES and unit is not None:
        return qs.filter(unit=unit)
    return qs.none()


def visible_cases(user, qs=None):
    return _own_unit(user, Rectification.objects.all() if qs is None else qs)


def visible_ratings(user, qs=None):
    return _own_unit(user, Rating.objects.all() if qs is None else qs)


def may_open(user):
    return bool(R.roles_of(user) & STAFF)


def queues_for(user):
    held = R.roles_of(user)
    return [(code, label, fn) for code, label, roles, fn in QUEUES if held & set(roles)]


def queue_counts(user, unit=None):
    """The counts of the user's queues; `unit` (an id) narrows them to one unit, as the list is."""
    queues = queues_for(user)
    if not queues:
        return []
    base = visible_cases(user)
    if unit and str(unit).isdigit():
        base = base.filter(unit_id=unit)
    counts = base.aggregate(**{code: Count("pk", filter=fn()) for code, _l, fn in queues})
    return [{"code": code, "label": label, "count": counts[code]} for code, label, _fn in queues]


def inbox_section(user):
    """The user's rectification queues for 我的待办."""
    from django.urls import reverse

    from yiwang.inbox import Entry, Section

    url = reverse("reviews:list")
    return Section(_("Bad-rating rectification"), [
        Entry(q["code"], q["label"], q["count"], f"{url}?queue={q['code']}", q["count"] if q["code"] == "overdue" else 0)
        for q in queue_counts(user)])


def _dates(qs, params, field):
    for key, lookup in (("from", f"{field}__date__gte"), ("to", f"{field}__date__lte")):
        try:
            qs = qs.filter(**{lookup: dt.date.fromisoformat(params.get(key) or "")})
        except ValueError:
            pass
    return qs


def search_cases(user, params):
    qs = visible_cases(user).select_related("unit", "rating")
    queue = dict((c, fn) for c, _l, fn in queues_for(user)).get(params.get("queue"))
    if queue is not None:
        qs = qs.filter(queue())
    for key, field in (("state", "state"), ("unit", "unit_id"), ("source", "source")):
        if params.get(key):
            qs = qs.filter(**{field: params[key]})
    if params.get("not_state"):
        qs = qs.exclude(state=params["not_state"])
    if params.get("open") == "1":  # still to be rectified: the supervision overview's figure
        qs = qs.filter(state__in=[State.PENDING_VERIFY, State.RECTIFYING])
    text = (params.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(summary__icontains=text) | Q(place__icontains=text))
    return _dates(qs, params, "created_at").order_by("-created_at", "-pk")


def search_ratings(user, params):
    qs = visible_ratings(user).select_related("unit", "order", "application", "rectification")
    for key, field in (("level", "level"), ("channel", "channel"), ("unit", "unit_id")):
        if params.get(key):
            qs = qs.filter(**{field: params[key]})
    if params.get("bad") == "1":
        qs = qs.filter(level__lte=2)
    return _dates(qs, params, "rated_at").order_by("-rated_at", "-pk")
