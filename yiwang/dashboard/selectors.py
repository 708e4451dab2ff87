"""The command centre's figures. Days before today come from the daily rollups (a few thousand
rows); today, and any day not rolled up yet, is counted live from the work orders, whose
indexes keep a single day small. Open and overdue work is counted live on a partial index."""
import datetime as dt
from collections import Counter

from django.db.models import Count, Q, Sum
from django.utils import timezone

from yiwang.orgs.models import Unit
from yiwang.supervision import rates
from yiwang.supervision.selectors import periods_total
from yiwang.supervision.services import unrolled_runs
from yiwang.workorders.models import OPEN_STATUSES, Category, Channel, Urgency, WorkOrder

from . import services
from yiwang.orgs.models import DistrictMap

from .models import GridDay, HotSnapshot, IntakeDay, IntakeRolled

TREND_MONTHS = 12


def intake(first, last, today):
    """Received orders in first..last by channel, category, street and grid."""
    rolled = set(IntakeRolled.objects.filter(day__gte=first, day__lte=last, day__lt=today)
                 .values_list("day", flat=True))
    by = {"channel": Counter(), "category": Counter(), "street": Counter(), "grid": Counter()}
    urgent = 0
    rows = (IntakeDay.objects.filter(day__in=rolled).values("channel", "category_id", "street_id")
            .annotate(n=Sum("n"), urgent=Sum("urgent")))
    grid_rows = GridDay.objects.filter(day__in=rolled).values("grid_id").annotate(n=Sum("n"))
    live = [(services.intake_rows(a, b), services.grid_rows(a, b)) for a, b in unrolled_runs(first, last, rolled)]
    for batch in [rows] + [r for r, _g in live]:
        for r in batch:
            by["channel"][r["channel"]] += r["n"]
            by["category"][r.get("category_id", r.get("root"))] += r["n"]
            by["street"][r["street_id"]] += r["n"]
            urgent += r["urgent"]
    for batch in [grid_rows] + [g for _r, g in live]:
        for r in batch:
            by["grid"][r["grid_id"]] += r["n"]
    return {"total": sum(by["channel"].values()), "urgent": urgent, **by}


def open_work(now):
    """Open and overdue orders, in all and by street and grid. Every column it reads is in the
    partial index of open orders, so PostgreSQL answers from the index alone (COUNT(*), not
    COUNT(id): the id is not in the index)."""
    rows = (WorkOrder.objects.filter(status__in=OPEN_STATUSES).values("street_id", "grid_id")
            .annotate(n=Count("*"), overdue=Count("deadline", filter=Q(deadline__lt=now))))
    out = {"open": 0, "overdue": 0, "street": Counter(), "street_overdue": Counter(), "grid": Counter(),
           "grid_overdue": Counter()}
    for r in rows:
        out["open"] += r["n"]
        out["overdue"] += r["overdue"]
        out["street"][r["street_id"]] += r["n"]
        out["street_overdue"][r["street_id"]] += r["overdue"]
        if r["grid_id"]:
            out["grid"][r["grid_id"]] += r["n"]
            out["grid_overdue"][r["grid_id"]] += r["overdue"]
    return out


def _months_back(today, n):
    first = today.replace(day=1)
    months = [first]
    for _i in range(n - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return list(reversed(months))


def rate_trend(today, months=TREND_MONTHS):
    periods = [(first, min((first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), today))
               for first in _months_back(today, months)]
    out = []
    for (first, last), facts in zip(periods, periods_total(periods, today), strict=True):
        out.append({"month": first.strftime("%Y-%m"), "first": first.isoformat(), "last": last.isoformat(),
                    **{code: rates.RATE[code].value(facts) for code in rates.THREE}, "facts": facts})
    return out


def urgent_orders(limit=10):
    return list(WorkOrder.objects.filter(urgency__in=[Urgency.URGENT, Urgency.CRITICAL], status__in=OPEN_STATUSES)
                .select_related("street", "lead_unit").order_by("-created_at")[:limit])


def hot(now):
    return HotSnapshot.objects.order_by("-computed_at").first()


def figures(now=None):
    """Everything the dashboard shows, as plain data (the page and data.json share it)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    month_first = today.replace(day=1)
    day = intake(today, today, today)
    month = intake(month_first, today, today)
    work = open_work(now)
    trend = rate_trend(today)
    names = _names(day, month, work)
    return {"now": now, "today": today, "month_first": month_first, "day": day, "month": month, "work": work,
            "trend": trend, "rates": trend[-1], "urgent": urgent_orders(), "hot": hot(now), "names": names,
            "map": DistrictMap.objects.first()}


def _names(*parts):
    unit_ids, category_ids = set(), set()
    for part in parts:
        for key in ("street", "grid", "street_overdue", "grid_overdue"):
            unit_ids.update(k for k in part.get(key, {}) if k)
        category_ids.update(k for k in part.get("category", {}) if k)
    return {"unit": {u.pk: u.name for u in Unit.objects.filter(pk__in=unit_ids)},
            "category": {c.pk: c.name for c in Category.objects.filter(pk__in=category_ids)},
            "channel": dict(Channel.choices)}
