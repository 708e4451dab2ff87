"""The assessment figures of a unit (三率 and the others): the one place that says how each is
counted. Facts are counted per unit over a period; a rate is one fact over another. Each
rate's formula text is shown beside the figure wherever it appears."""
import dataclasses
import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.reviews.models import Rectification, State
from yiwang.workorders.models import Assignment, Satisfaction, WorkOrder

# The facts, each counted per unit for a period [start, end), with what they are called.
FACT_LABELS = {
    "dispatched": _("orders dispatched to the unit (returned ones included)"),
    "responded_on_time": _("of which signed for in time"),
    "replied": _("replies"), "replied_on_time": _("replies in time"),
    "called_back": _("callbacks"), "satisfied": _("callbacks satisfied or basically satisfied"),
    "solved_asked": _("callbacks that asked whether it was solved"), "solved": _("callbacks: solved"),
    "returned": _("orders the unit returned"),
    "bad": _("bad ratings"), "bad_invalid": _("invalid bad ratings"), "bad_rectified": _("bad ratings rectified"),
    "tasks_due": _("key tasks the unit leads whose deadline fell in the period (closed, or past it)"),
    "tasks_on_time": _("of which closed on time"),
}
FACTS = list(FACT_LABELS)


@dataclasses.dataclass(frozen=True)
class Rate:
    code: str
    label: str
    numerator: str
    denominator: str
    formula: str
    higher_is_better: bool = True
    excluded: str = ""  # a fact taken out of the denominator

    @property
    def den_fact(self):
        """The fact whose list shows the denominator's orders or cases."""
        return "bad_counted" if self.excluded else self.denominator

    def value(self, facts):
        den = facts.get(self.denominator, 0) - (facts.get(self.excluded, 0) if self.excluded else 0)
        return None if den <= 0 else facts.get(self.numerator, 0) / den


RATES = [
    Rate("response", _("Response rate"), "responded_on_time", "dispatched",
         _("orders dispatched to the unit in the period and signed for within the sign-for limit ÷ orders "
           "dispatched to the unit in the period, those it returned included")),
    Rate("resolution", _("Resolution rate"), "solved", "solved_asked",
         _("callbacks in the period where the caller says the problem is solved ÷ callbacks in the period that "
           "asked")),
    Rate("satisfaction", _("Satisfaction rate"), "satisfied", "called_back",
         _("(satisfied + basically satisfied) callbacks in the period ÷ callbacks in the period")),
    Rate("on_time", _("On-time rate"), "replied_on_time", "replied",
         _("replies in the period before the handling deadline (extensions included) ÷ replies in the period")),
    Rate("returns", _("Return rate"), "returned", "dispatched",
         _("orders the unit returned in the period ÷ orders dispatched to the unit in the period"),
         higher_is_better=False),
    Rate("rectification", _("Bad-rating rectification rate"), "bad_rectified", "bad",
         _("bad ratings of the period rectified ÷ (bad ratings of the period − invalid bad ratings)"),
         excluded="bad_invalid"),
    Rate("tasks", _("Key-task on-time rate"), "tasks_on_time", "tasks_due",
         _("key tasks the unit leads, due in the period, closed by their deadline ÷ key tasks it leads due in the "
           "period that are closed or past their deadline")),
]
RATE = {r.code: r for r in RATES}
THREE = ["response", "resolution", "satisfaction"]

# Which list shows each fact's orders (or cases) for a unit and a period: every numerator and
# denominator of the assessment opens exactly what it counts.
DRILL = {
    "dispatched": ("workorders:list", {"date": "assigned", "assigned": None}),
    "responded_on_time": ("workorders:list", {"date": "assigned", "assigned": None, "responded": "1"}),
    "replied": ("workorders:list", {"date": "replied", "unit": None}),
    "replied_on_time": ("workorders:list", {"date": "replied", "unit": None, "replied_on_time": "1"}),
    "called_back": ("workorders:list", {"date": "called_back", "unit": None}),
    "satisfied": ("workorders:list", {"date": "called_back", "unit": None, "satisfied": "1"}),
    "solved_asked": ("workorders:list", {"date": "called_back", "unit": None, "solved_asked": "1"}),
    "solved": ("workorders:list", {"date": "called_back", "unit": None, "solved": "1"}),
    "returned": ("workorders:list", {"date": "returned", "returned_by": None}),
    "bad": ("reviews:list", {"source": "rating", "unit": None}),
    "bad_invalid": ("reviews:list", {"source": "rating", "unit": None, "state": State.INVALID}),
    "bad_rectified": ("reviews:list", {"source": "rating", "unit": None, "state": State.RECTIFIED}),
    "bad_counted": ("reviews:list", {"source": "rating", "unit": None, "not_state": State.INVALID}),
    "tasks_due": ("tasks:list", {"lead_unit": None, "due_passed": "1"}),
    "tasks_on_time": ("tasks:list", {"lead_unit": None, "due_passed": "1", "on_time": "1"}),
}
# The lists whose period is not from/to.
DATE_PARAMS = {"tasks:list": ("due_from", "due_to")}


def drill(fact, unit_id, first, last):
    """The address of the list of what `fact` counts for a unit over first..last (dates)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    name, params = DRILL[fact]
    query = {k: (unit_id if v is None else v) for k, v in params.items()}
    start, end = DATE_PARAMS.get(name, ("from", "to"))
    query.update({start: first.isoformat(), end: last.isoformat()})
    return f"{reverse(name)}?{urlencode(query)}"



def _add(out, rows, key, **names):
    for row in rows:
        unit = row.pop(key)
        if unit is None:
            continue
        facts = out.setdefault(unit, dict.fromkeys(FACTS, 0))
        for fact, column in names.items():
            facts[fact] += row[column]


def facts(start, end, units=None):
    """{unit id: {fact: count}} for [start, end), straight from the work orders and cases."""
    out = {}
    span = {"__gte": start, "__lt": end}

    def between(field):
        return {f"{field}{k}": v for k, v in span.items()}

    orders = WorkOrder.objects.all()
    assignments = Assignment.objects.filter(role=Assignment.Role.LEAD)
    cases = Rectification.objects.filter(source=Rectification.Source.RATING)
    if units is not None:
        orders, assignments, cases = (orders.filter(lead_unit__in=units), assignments.filter(unit__in=units),
                                      cases.filter(unit__in=units))
    # Per dispatch, not per order's current unit: an order the unit returned stays in its count;
    # one still inside its sign-for limit counts neither way yet.
    _add(out, assignments.filter(**between("dispatched_at")).exclude(
        Assignment.awaiting_response(timezone.now())).values("unit").annotate(
        n=Count("pk"), ok=Count("pk", filter=Q(responded_on_time=True))), "unit", dispatched="n",
        responded_on_time="ok")
    _add(out, orders.filter(**between("replied_at")).values("lead_unit").annotate(
        n=Count("pk"), ok=Count("pk", filter=Q(replied_on_time=True))), "lead_unit", replied="n", replied_on_time="ok")
    _add(out, orders.filter(**between("called_back_at")).values("lead_unit").annotate(
        n=Count("pk"), sat=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
        asked=Count("pk", filter=Q(solved__isnull=False)), solved=Count("pk", filter=Q(solved=True))),
        "lead_unit", called_back="n", satisfied="sat", solved_asked="asked", solved="solved")
    _add(out, assignments.filter(state=Assignment.State.RETURNED, **between("ended_at")).values("unit").annotate(
        n=Count("pk")), "unit", returned="n")
    _add(out, cases.filter(**between("created_at")).values("unit").annotate(
        n=Count("pk"), invalid=Count("pk", filter=Q(state=State.INVALID)),
        done=Count("pk", filter=Q(state=State.RECTIFIED))), "unit", bad="n", bad_invalid="invalid",
        bad_rectified="done")
    _add(out, _tasks_due(start, end, units).values("lead_unit").annotate(
        n=Count("pk"), ok=Count("pk", filter=Q(closed_on_time=True))), "lead_unit", tasks_due="n", tasks_on_time="ok")
    return out


def _tasks_due(start, end, units=None):
    from yiwang.tasks.models import State as TaskState
    from yiwang.tasks.models import Task

    qs = Task.objects.filter(lead_unit__isnull=False, deadline__gte=start, deadline__lt=end).filter(
        Q(state=TaskState.CLOSED) | Q(deadline__lt=timezone.now()))
    return qs if units is None else qs.filter(lead_unit__in=units)


def total(per_unit):
    """All units' facts added together (the district's figure)."""
    out = dict.fromkeys(FACTS, 0)
    for facts_ in per_unit.values():
        for k in FACTS:
            out[k] += facts_.get(k, 0)
    return out


def rates_of(facts_):
    return {r.code: r.value(facts_) for r in RATES}


def weighting(weights):
    """[(rate label, weight, fewer is better)] of every rate the score counts: the formula the page
    shows is read from the same rates and weights as the score, so the two never differ."""
    return [(r.label, getattr(weights, r.code), not r.higher_is_better) for r in RATES if getattr(weights, r.code)]


def score(rates, weights):
    """The weighted score (0–100) the assessment ranks by; a rate with nothing to count is left
    out and the other weights share its part."""
    parts = []
    for r in RATES:
        value, weight = rates.get(r.code), getattr(weights, r.code)
        if value is None or not weight:
            continue
        parts.append((weight, value if r.higher_is_better else 1 - value))
    if not parts:
        return None
    return 100 * sum(w * v for w, v in parts) / sum(w for w, _v in parts)


def month_bounds(month):
    """[first moment, first moment of the next month) of a date's month, in local time."""
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(dt.datetime.combine(first, dt.time()), tz),
            timezone.make_aware(dt.datetime.combine(nxt, dt.time()), tz))
