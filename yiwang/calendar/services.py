"""The only place that turns "N working days after T" into a date.

The calendar is small (a few hundred special days), so it is read whole into a WorkCalendar
snapshot: one pair of queries per request however many deadlines a page shows.
"""
import datetime as dt

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused

from . import official
from .models import CalendarYear, SpecialDay

# Sent after the calendar changes, so that stored deadlines can be recomputed.
calendar_changed = Signal()


class CalendarUnknown(ActionRefused):
    def __init__(self, day):
        super().__init__(
            "calendar_unknown",
            _("The working-day calendar has no data for %(year)s (date %(date)s). "
              "An administrator must enter that year's holidays and make-up days first.")
            % {"year": day.year, "date": day.isoformat()},
        )


class WorkCalendar:
    def __init__(self, years, special):
        self.years = frozenset(years)
        self.special = dict(special)

    @classmethod
    def load(cls):
        return cls(
            CalendarYear.objects.values_list("year", flat=True),
            SpecialDay.objects.values_list("date", "is_workday"),
        )

    def is_workday(self, day):
        if day.year not in self.years:
            raise CalendarUnknown(day)
        if day in self.special:
            return self.special[day]
        return day.weekday() < 5

    def add_workdays(self, day, n):
        """The date that is n working days after `day` (n=0: `day` itself)."""
        if n < 0:
            raise ValueError("n must not be negative")
        count = 0
        while count < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return day

    def workdays_between(self, start, end):
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def deadline(self, start, workdays):
        """End of the working day that is `workdays` working days after `start` (a datetime)."""
        local = timezone.localtime(start)
        day = self.add_workdays(local.date(), workdays)
        end = dt.datetime.combine(day, dt.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_current_timezone())


def load():
    return WorkCalendar.load()


def seed_from_chinesecalendar(years=None):
    """Store the official schedule for the years chinesecalendar knows (or the ones given).
    Years an administrator entered by hand are left alone. Returns the years seeded."""
    known = official.known_years()
    manual = set(CalendarYear.objects.filter(source=CalendarYear.Source.MANUAL).values_list("year", flat=True))
    seeded = [y for y in (years or known) if y in known and y not in manual]
    with transaction.atomic():
        for year in seeded:
            CalendarYear.objects.update_or_create(year=year, defaults={"source": CalendarYear.Source.SEEDED})
            for day, is_work, name in official.special_days(year):
                SpecialDay.objects.update_or_create(date=day, defaults={"is_workday": is_work, "name": name})
    if seeded:
        transaction.on_commit(lambda: calendar_changed.send(sender=CalendarYear))
    return seeded


def add_year(year, note=""):
    """Make a year known by hand (weekends off, weekdays on) so its holidays can be entered."""
    obj, _created = CalendarYear.objects.get_or_create(year=year, defaults={"note": note})
    calendar_changed.send(sender=CalendarYear)
    return obj


def set_day(day, is_workday, name=""):
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise CalendarUnknown(day)
    if is_workday == (day.weekday() < 5) and not name:
        SpecialDay.objects.filter(date=day).delete()
    else:
        SpecialDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})
    calendar_changed.send(sender=SpecialDay)
