"""Writes of the command centre: the daily intake rollup and the hot-issue snapshot."""
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from yiwang.insight.models import Settings as InsightSettings
from yiwang.insight.selectors import hot_issues
from yiwang.supervision import services as supervision
from yiwang.workorders.models import Urgency, WorkOrder

from .models import GridDay, HotSnapshot, IntakeDay, IntakeRolled

ROOT = Coalesce("category__parent__parent_id", "category__parent_id", "category_id")
URGENT = Q(urgency__in=[Urgency.URGENT, Urgency.CRITICAL])


def intake_rows(start, end):
    """Orders received in [start, end) by street, first-level category and channel."""
    return (WorkOrder.objects.filter(created_at__gte=start, created_at__lt=end)
            .values("street_id", "channel").annotate(root=ROOT).values("street_id", "channel", "root")
            .annotate(n=Count("pk"), urgent=Count("pk", filter=URGENT)))


def grid_rows(start, end):
    return (WorkOrder.objects.filter(created_at__gte=start, created_at__lt=end, grid__isnull=False)
            .values("grid_id").annotate(n=Count("pk")))


def rollup_intake_day(day):
    start, end = supervision.day_bounds(day)
    rows = [IntakeDay(day=day, street_id=r["street_id"], category_id=r["root"], channel=r["channel"], n=r["n"],
                      urgent=r["urgent"]) for r in intake_rows(start, end)]
    grids = [GridDay(day=day, grid_id=r["grid_id"], n=r["n"]) for r in grid_rows(start, end)]
    with transaction.atomic():
        IntakeDay.objects.filter(day=day).delete()
        GridDay.objects.filter(day=day).delete()
        IntakeDay.objects.bulk_create(rows)
        GridDay.objects.bulk_create(grids)
        IntakeRolled.objects.update_or_create(day=day, defaults={"computed_at": timezone.now()})


def rollup(today=None, since=None, refresh_days=None):
    """Roll up every day from `since` (default: the first order, at most 400 days back) to
    yesterday that is missing, plus the recent days whose figures can still change."""
    today = today or timezone.localdate()
    if since is None:
        first = WorkOrder.objects.aggregate(first=Min("created_at"))["first"]
        since = max(timezone.localtime(first).date() if first else today, today - dt.timedelta(days=400))
    refresh_days = settings.ROLLUP_REFRESH_DAYS if refresh_days is None else refresh_days
    done = set(IntakeRolled.objects.filter(day__gte=since, day__lt=today).values_list("day", flat=True))
    day, count = since, 0
    while day < today:
        if day not in done or (today - day).days <= refresh_days:
            rollup_intake_day(day)
            count += 1
        day += dt.timedelta(days=1)
    count += supervision.rollup(today, since, refresh_days)
    return count


def refresh_hot(top=10):
    """Recompute the hot issues for the dashboard (a background task in production)."""
    days = InsightSettings.current().hot_days
    issues = hot_issues(days, top=top, limit=settings.HOT_ISSUE_LIMIT)
    data = [{"rank": i.rank, "heat": round(i.heat, 2), "place": i.place, "description": i.description,
             "count": len(i.orders), "ids": [o.pk for o in i.orders][:100]} for i in issues]
    return HotSnapshot.objects.create(computed_at=timezone.now(), issues=data)
