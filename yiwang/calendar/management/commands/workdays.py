import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from yiwang.calendar import services
from yiwang.errors import ActionRefused


def parse_date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


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

    def handle(self, *args, action, **opts):
        try:
            if action == "add":
                if opts["n"] < 0:
                    raise CommandError("N must be zero or more")
                day = services.load().add_workdays(parse_date(opts["date"]), opts["n"])
                self.stdout.write(day.isoformat())
            elif action == "is":
                day = parse_date(opts["date"])
                self.stdout.write("workday" if services.load().is_workday(day) else "day off")
            elif action == "seed":
                years = services.seed_from_chinesecalendar(opts["years"] or None)
                self.stdout.write(f"seeded {len(years)} years: {', '.join(map(str, years))}")
            elif action == "year":
                services.add_year(opts["year"])
                self.stdout.write(f"{opts['year']} is known; enter its holidays and make-up days")
            else:
                services.set_day(parse_date(opts["date"]), action == "workday", opts["name"])
                self.stdout.write(f"{opts['date']}: {action}")
        except ActionRefused as exc:
            raise CommandError(exc.message) from None
