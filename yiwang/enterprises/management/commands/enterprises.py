"""yiwang enterprises import FILE [--source CODE] [--map JSON] [--dry-run] | remind: a department's
file into the registry (shown as the changes it makes, each problem reported by row; an enterprise
changes only in the file's columns and non-empty cells, and importing again changes nothing), and
the visits due this period."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.enterprises import importing, services
from yiwang.errors import ActionRefused


class Command(BaseCommand):
    help = "The enterprise registry: import a department's file, or list the visits that are due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a department's file (Excel or CSV)")
        imp.add_argument("file")
        imp.add_argument("--source", default="market", help="the source's code (a new code makes the source)")
        imp.add_argument("--source-name", default="", help="the name of a new source")
        imp.add_argument("--map", default="", help='the columns, kept for the source: {"行业门类代码": "industry", "备注": ""}')
        imp.add_argument("--dry-run", action="store_true", help="show what would change and save nothing")
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
            mapping = {importing.heading_key(k): v for k, v in json.loads(options["map"]).items()} if options["map"] else None
        except (ValueError, AttributeError):
            raise CommandError("--map 应为 JSON 对象，例如 {\"行业门类代码\": \"industry\"} / --map takes a JSON object") from None
        try:
            source = importing.source_for(options["source"], options["source_name"])
            batch = importing.upload(actor=None, name=path.name, content=path.read_bytes(), source=source,
                                     mapping=mapping)
            planned = importing.plan(batch) if options["dry_run"] else importing.apply(actor=None, batch=batch)
        except ActionRefused as exc:
            raise CommandError(exc.message) from None
        for p in planned:
            for change in p.changes if p.outcome in ("update",) else ():
                self.stdout.write(f"第 {p.line} 行 {p.credit_code} {change.label}：{change.old} → {change.new}")
            for message in p.errors:
                self.stderr.write(f"第 {p.line} 行 / row {p.line} {p.credit_code}：{message}")
            for label, message in p.problems:
                self.stderr.write(f"第 {p.line} 行 / row {p.line} {p.credit_code} {label}：{message}")
        counts = importing.summary(planned)
        verb = "将" if options["dry_run"] else "已"
        self.stdout.write(f"{verb}新增 {counts['new']}，{verb}更新 {counts['update']}，无变化 {counts['same']}，"
                          f"拒绝 {counts['error']} 行，略去 {counts['problems']} 格 / new {counts['new']}, changed "
                          f"{counts['update']}, unchanged {counts['same']}, refused {counts['error']}, cells left out "
                          f"{counts['problems']}")
        if options["dry_run"]:
            importing.discard(actor=None, batch=batch)
        if counts["error"]:
            raise SystemExit(1)
