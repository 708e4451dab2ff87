import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from yiwang.dashboard import services


class Command(BaseCommand):
    help = ("Roll the work orders up by day for the command centre and the assessment (run nightly), "
            "and refresh the dashboard's hot issues.")

    def add_arguments(self, parser):
        parser.add_argument("--since", help="recompute every day from this date (YYYY-MM-DD), e.g. after an import")
        parser.add_argument("--refresh-days", type=int, help="recompute this many recent days (default: setting)")
        parser.add_argument("--no-hot", action="store_true", help="do not recompute the hot issues")

    def handle(self, *args, since=None, refresh_days=None, no_hot=False, **opts):
        try:
            since = dt.date.fromisoformat(since) if since else None
        except ValueError:
            raise CommandError(f"--since must be a date like 2026-11-01, not {since!r}") from None
        if since is not None:
            refresh_days = 100000  # everything from `since` on
        days = services.rollup(since=since, refresh_days=refresh_days)
        self.stdout.write(f"rolled up {days} day(s)")
        if not no_hot:
            snapshot = services.refresh_hot()
            self.stdout.write(f"hot issues: {len(snapshot.issues)}")
