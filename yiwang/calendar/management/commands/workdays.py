import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiwang.calendar import services
from yiwang.errors import ActionRefused


def parse_date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(v)s") % {"v": value}) from None


class Command(BaseCommand):
    help = "Working-day calendar: add N working days, check a day, seed or edit the calendar."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="print the date N working days after DATE")
        add.add_argument("date")
        add.add_argument("n", type=int)
        check = sub.add_parser("is", help="say whether DATE is a working day")
        check.add_argument("date")
        seed = sub.add_parser("seed", help="seed the years chinesecalendar knows")
        seed.add_argument("years", nargs="*", type=int)
        year = sub.add_parser("year", help="make a year known, to enter its holidays by hand")
        year.add_argument("year", type=int)
        for name, help_text in (("holiday", "mark DATE as a day off"), ("workday", "mark DATE as a working day")):
            p = sub.add_parser(name, help=help_text)
            p.add_argument("date")
            p.add_argument("--name", default="")

    def _provisional(self, cal, *days):
        """Say on standard error that an answer counted weekdays in a year nobody entered."""
        years = sorted({d.year for d in days if not cal.knows(d)})
        if years:
            self.stderr.write(_("Provisional: the calendar has no holidays for %(years)s yet, so those days were counted "
                                "Monday to Friday.") % {"years": "、".join(map(str, years))})

    def handle(self, *args, action, **opts):
        try:
            if action == "add":
                if opts["n"] < 0:
                    raise CommandError(_("N must be zero or more."))
                cal, start = services.load(), parse_date(opts["date"])
                day = cal.add_workdays(start, opts["n"])
                self.stdout.write(day.isoformat())
                self._provisional(cal, start, day)
            elif action == "is":
                cal, day = services.load(), parse_date(opts["date"])
                self.stdout.write(_("working day") if cal.is_workday(day) else _("day off"))
                self._provisional(cal, day)
            elif action == "seed":
                years = services.seed_from_chinesecalendar(opts["years"] or None)
                self.stdout.write(_("Seeded %(n)d years: %(years)s") % {"n": len(years),
                                                                       "years": ", ".join(map(str, years))})
            elif action == "year":
                services.add_year(opts["year"])
                self.stdout.write(_("%(year)s is in the calendar now (weekends off); enter its holidays and make-up "
                                    "days.") % {"year": opts["year"]})
            else:
                day = parse_date(opts["date"])
                services.set_day(day, action == "workday", opts["name"])
                self.stdout.write(_("%(date)s: working day") % {"date": day} if action == "workday"
                                  else _("%(date)s: day off") % {"date": day})
        except ActionRefused as exc:
            raise CommandError(exc.message) from None
