"""The only place that turns "N working days after T" into a date.

The calendar is small (a few hundred special days), so it is read whole into a WorkCalendar
snapshot: one pair of queries per request however many deadlines a page shows.

A year nobody has entered yet is counted Monday to Friday, so work never stops at the year
end; a date reached that way is provisional (WorkCalendar.provisional), shown as such, and
recomputed once the year's holidays are entered. Administrators are warned before it happens
(year_end_warning).
"""
import datetime as dt

from django.conf import settings
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
    """Raised only when someone enters a day of a year that is not in the calendar."""

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

    def knows(self, day):
        return day.year in self.years

    def provisional(self, moment):
        """Whether a date (or a datetime) lies in a year the calendar does not know, so that a
        working-day count reaching it was made on weekdays alone."""
        if moment is None:
            return False
        day = timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment
        return not self.knows(day)

    def is_workday(self, day):
        """Monday to Friday in a year nobody has entered: provisional, never a refusal."""
        if day.year in self.years and day in self.special:
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


def year_end_warning(today=None, cal=None):
    """The administrators' warning, or None: from YEAR_END_WARNING_MONTH on (November by
    default), next year's holidays and make-up days are not entered yet; at any time, this
    year's are missing. Deadlines in such a year are counted on weekdays only (provisional)."""
    today = today or timezone.localdate()
    cal = cal or load()
    missing = [y for y in (today.year, today.year + 1) if y not in cal.years
               and (y == today.year or today.month >= settings.YEAR_END_WARNING_MONTH)]
    if not missing:
        return None
    return _("The working-day calendar has no holidays and make-up days for %(years)s yet: deadlines in %(years)s "
             "are counted Monday to Friday and marked provisional until an administrator enters them "
             "(admin → Working-day calendar, or `yiwang workdays seed`).") % {
        "years": "、".join(str(y) for y in missing)}


def add_year(year, note=""):
    """Make a year known by hand (weekends off, weekdays on) so its holidays can be entered."""
    obj, _created = CalendarYear.objects.get_or_create(year=year, defaults={"note": note})
    calendar_changed.send(sender=CalendarYear)
    return obj


def remove_year(year):
    """Forget a year and its special days; its dates are then counted on weekdays (provisional)."""
    with transaction.atomic():
        SpecialDay.objects.filter(date__year=year).delete()
        CalendarYear.objects.filter(year=year).delete()
    calendar_changed.send(sender=CalendarYear)


def set_day(day, is_workday, name=""):
    """Enter one holiday or make-up day; the year must be entered first (add_year), so that a
    year is either known whole or not at all."""
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise CalendarUnknown(day)
    if is_workday == (day.weekday() < 5) and not name:
        SpecialDay.objects.filter(date=day).delete()
    else:
        SpecialDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})
    calendar_changed.send(sender=SpecialDay)
