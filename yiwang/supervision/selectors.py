"""Reads for supervision: the per-unit overview of limits, the monthly assessment, notices."""
import datetime as dt

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from yiwang.orgs.models import Unit
from yiwang.reviews.models import Rectification
from yiwang.reviews.models import State as CaseState
from yiwang.workorders.models import OPEN_STATUSES, Notice, WorkOrder

from . import rates
from .models import RolledDay, UnitDay, Weights
from .services import unrolled_runs


def period_facts(first, last, today=None):
    """{unit id: facts} for the days first..last (dates, inclusive): rolled-up days from
    UnitDay, every other day (today, or a day not rolled yet) counted live."""
    today = today or timezone.localdate()
    rolled = set(RolledDay.objects.filter(day__gte=first, day__lte=last, day__lt=today)
                 .values_list("day", flat=True))
    out = {}
    for unit, facts_ in UnitDay.objects.filter(day__in=rolled).values_list("unit_id", "facts"):
        _merge(out, unit, facts_)
    for start, end in unrolled_runs(first, last, rolled):
        for unit, facts_ in rates.facts(start, end).items():
            _merge(out, unit, facts_)
    return out


def period_total(first, last, today=None):
    """The district's facts for the days first..last: `rates.total(period_facts(...))`, with the
    rolled-up days summed by the database (a year of units' days is ten thousand rows)."""
    return periods_total([(first, last)], today)[0]


def periods_total(periods, today=None):
    """period_total of each (first, last), from one query over the rolled-up days (grouped by
    period) plus a live count of each run of days not rolled up (today, as a rule)."""
    today = today or timezone.localdate()
    low, high = min(p[0] for p in periods), max(p[1] for p in periods)
    rolled = set(RolledDay.objects.filter(day__gte=low, day__lte=high, day__lt=today).values_list("day", flat=True))
    which = Case(*[When(day__gte=a, day__lte=b, then=Value(i)) for i, (a, b) in enumerate(periods)],
                 output_field=IntegerField())
    sums = {r["period"]: r for r in UnitDay.objects.filter(day__in=rolled).annotate(period=which).values("period")
            .annotate(**{k: Sum(Cast(KT(f"facts__{k}"), IntegerField())) for k in rates.FACTS})} if rolled else {}
    out = []
    for i, (first, last) in enumerate(periods):
        total = {k: sums.get(i, {}).get(k) or 0 for k in rates.FACTS}
        for start, end in unrolled_runs(first, last, rolled):
            for k, v in rates.total(rates.facts(start, end)).items():
                total[k] += v
        out.append(total)
    return out


def _merge(out, unit, facts_):
    target = out.setdefault(unit, dict.fromkeys(rates.FACTS, 0))
    for k in rates.FACTS:
        target[k] += facts_.get(k, 0)


def month_days(month, today=None):
    today = today or timezone.localdate()
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, min(last, today)


def assessment(month, today=None):
    """The monthly assessment: one row per unit with its facts, rates and score, ranked."""
    first, last = month_days(month, today)
    per_unit = period_facts(first, last, today) if first <= last else {}
    weights = Weights.current()
    units = Unit.objects.in_bulk(per_unit.keys())
    rows = []
    minimum = settings.ASSESSMENT_MIN_DISPATCHED
    for unit_id, facts_ in per_unit.items():
        unit_rates = rates.rates_of(facts_)
        rows.append({"unit": units[unit_id], "facts": facts_, "rates": unit_rates,
                     "score": rates.score(unit_rates, weights), "few": facts_["dispatched"] < minimum,
                     "links": {f: rates.drill(f, unit_id, first, last) for f in rates.DRILL}})
    # A unit with too few orders to judge is shown, marked, and ranked after the others: one
    # order answered well is not a 100-point unit.
    rows.sort(key=lambda r: (r["few"] or r["score"] is None, -(r["score"] or 0), r["unit"].code))
    rank = 0
    for row in rows:
        if row["score"] is not None and not row["few"]:
            rank += 1
            row["rank"] = rank
        else:
            row["rank"] = None
    district = rates.total(per_unit)
    month_end = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return {"rows": rows, "first": first, "last": last, "district": district,
            "district_rates": rates.rates_of(district), "weights": weights, "minimum": minimum,
            "weighting": rates.weighting(weights),
            "partial": last < month_end}


def overview(now=None):
    """Per unit: open work, what is close to its limit, what is past it, unanswered notices and
    overdue rectification cases."""
    now = now or timezone.now()
    near = now + dt.timedelta(hours=Weights.current().near_limit_hours)
    orders = (WorkOrder.objects.filter(status__in=OPEN_STATUSES, lead_unit__isnull=False).values("lead_unit")
              .annotate(open=Count("pk"), near=Count("pk", filter=Q(deadline__gte=now, deadline__lt=near)),
                        overdue=Count("pk", filter=Q(deadline__lt=now))))
    notices = (Notice.objects.filter(answered_at__isnull=True).values("unit")
               .annotate(n=Count("pk"), supervise=Count("pk", filter=Q(kind=Notice.Kind.SUPERVISE))))
    cases = (Rectification.objects.filter(state__in=[CaseState.PENDING_VERIFY, CaseState.RECTIFYING])
             .values("unit").annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due__lt=now))))
    rows = {}

    def row(unit_id):
        return rows.setdefault(unit_id, {"open": 0, "near": 0, "overdue": 0, "notices": 0, "supervise": 0,
                                         "cases": 0, "cases_overdue": 0})
    for o in orders:
        row(o["lead_unit"]).update(open=o["open"], near=o["near"], overdue=o["overdue"])
    for n in notices:
        row(n["unit"]).update(notices=n["n"], supervise=n["supervise"])
    for c in cases:
        row(c["unit"]).update(cases=c["n"], cases_overdue=c["overdue"])
    units = Unit.objects.in_bulk(rows.keys())
    result = [{"unit": units[k], **v} for k, v in rows.items()]
    result.sort(key=lambda r: (-r["overdue"], -r["near"], -r["open"], r["unit"].code))
    return result, near


NOTICE_FIELDS = ("pk", "source", "case_number", "kind", "year", "serial", "unit__name", "text", "issued_at",
                 "answer_due", "answered_at", "answer")


def notices(params, now=None):
    """The register of urge and supervision notices, work orders' and key tasks' in one list,
    newest first: by source, kind, unit and state (unanswered, answered, late: unanswered past the
    day it was to be answered by)."""
    from django.db.models import F, Value

    from yiwang.tasks.models import TaskNotice

    now = now or timezone.now()
    sources = {"order": Notice.objects.annotate(source=Value("order"), case_number=F("order__number")),
               "task": TaskNotice.objects.annotate(source=Value("task"), case_number=F("task__number"))}
    parts = []
    for code, qs in sources.items():
        if params.get("source") and params["source"] != code:
            continue
        if params.get("state") == "open":
            qs = qs.filter(answered_at__isnull=True)
        elif params.get("state") == "answered":
            qs = qs.filter(answered_at__isnull=False)
        elif params.get("state") == "late":
            qs = qs.filter(answered_at__isnull=True, answer_due__lt=now)
        for key, field in (("kind", "kind"), ("unit", "unit_id")):
            if params.get(key):
                qs = qs.filter(**{field: params[key]})
        parts.append(qs.order_by().values(*NOTICE_FIELDS))
    if not parts:
        return Notice.objects.none().values(*NOTICE_FIELDS)
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-issued_at", "-pk")
