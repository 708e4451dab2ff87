"""Rolling the unit facts up by day. Figures of a day keep changing while its orders are still
being worked (an order dispatched on the 3rd is signed for on the 4th), so the nightly run
recomputes the last `ROLLUP_REFRESH_DAYS` days; older days are left as they are."""
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yiwang.clock import day_start

from . import rates
from .models import RolledDay, UnitDay


def day_bounds(day):
    start = day_start(day)
    return start, start + dt.timedelta(days=1)


def unrolled_runs(first, last, rolled):
    """The days in first..last (inclusive) missing from `rolled`, as [start, end) datetimes of
    consecutive runs: each run is counted live with one query."""
    runs, day, start = [], first, None
    while day <= last + dt.timedelta(days=1):
        missing = day <= last and day not in rolled
        if missing and start is None:
            start = day
        elif not missing and start is not None:
            runs.append((day_bounds(start)[0], day_bounds(day)[0]))
            start = None
        day += dt.timedelta(days=1)
    return runs


def rollup_day(day):
    start, end = day_bounds(day)
    per_unit = rates.facts(start, end)
    with transaction.atomic():
        UnitDay.objects.filter(day=day).delete()
        UnitDay.objects.bulk_create([UnitDay(day=day, unit_id=unit, facts=f) for unit, f in per_unit.items()])
        RolledDay.objects.update_or_create(day=day, defaults={"computed_at": timezone.now()})


def days_to_roll(today, first_day, refresh_days=None):
    """Days before today that are not rolled yet, plus the last `refresh_days` days."""
    refresh_days = settings.ROLLUP_REFRESH_DAYS if refresh_days is None else refresh_days
    done = set(RolledDay.objects.filter(day__gte=first_day, day__lt=today).values_list("day", flat=True))
    days, day = [], first_day
    while day < today:
        if day not in done or (today - day).days <= refresh_days:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def rollup(today, first_day, refresh_days=None):
    days = days_to_roll(today, first_day, refresh_days)
    for day in days:
        rollup_day(day)
    return len(days)
