"""yiwang enterprises import FILE | remind: the registry from the market-regulation export (each row
reported; re-importing updates, never duplicates), and the visits due this period."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.enterprises import services
from yiwang.errors import ActionRefused


class Command(BaseCommand):
    help = "The enterprise registry: import a file, or list the visits that are due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import the market-regulation export (Excel or CSV)")
        imp.add_argument("file")
        sub.add_parser("remind", help="the visits due this period, by official")

    def handle(self, *args, action, **options):
        if action == "remind":
            due = services.visits_due()
            for a in due:
                self.stdout.write(f"{a.official.get_username()}  {a.enterprise.name}  {a.period[0]} – {a.period[1]}")
            self.stdout.write(f"应走访未走访 {len(due)} 家次 / {len(due)} visits due")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            report = services.import_enterprises(actor=None, name=path.name, content=path.read_bytes())
        except ActionRefused as exc:
            raise CommandError(exc.message) from None
        for row in report:
            if row.outcome == "error":
                self.stderr.write(f"第 {row.line} 行 / row {row.line} {row.credit_code}: {'；'.join(row.errors)}")
        counts = {o: sum(1 for r in report if r.outcome == o) for o in ("created", "updated", "error")}
        self.stdout.write(f"新增 {counts['created']}，更新 {counts['updated']}，出错 {counts['error']} / "
                          f"created {counts['created']}, updated {counts['updated']}, errors {counts['error']}")
        if counts["error"]:
            raise SystemExit(1)
