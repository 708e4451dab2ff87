"""yiwang assistance: the social-assistance data centre from the console.

    yiwang assistance import --source MZ-DB 低保.xlsx [--map '{"困难类型": "help"}'] [--name 民政低保] [--help-kind dibao]
    yiwang assistance link        join the records to people and households again
    yiwang assistance evaluate    run the rules: layers, help qualified for, warnings and their visit tasks
    yiwang assistance people      one JSON line per person: {"person": ID, "records": [{"source", "row"}]}"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R


class Command(BaseCommand):
    help = "Social assistance: import a department's file, link, evaluate the rules, list people."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a department's file (a new code creates the source)")
        imp.add_argument("file")
        imp.add_argument("--source", required=True)
        imp.add_argument("--map", default="", help='JSON: {"heading": "field"}, kept for the source')
        imp.add_argument("--name", default="")
        imp.add_argument("--help-kind", default="", dest="help_kind")
        imp.add_argument("--fact", default="")
        imp.add_argument("--no-link", action="store_true", dest="no_link")
        sub.add_parser("link", help="join records to people and households")
        ev = sub.add_parser("evaluate", help="run the rules")
        ev.add_argument("--as", dest="username", default="", help="the analyst the warnings are raised by")
        sub.add_parser("people", help="one JSON line per person")

    def handle(self, *args, action, **options):
        from yiwang.assistance import importing, linking, services

        if action == "import":
            path = Path(options["file"])
            if not path.exists():
                raise CommandError(f"没有这个文件 / no such file: {path}")
            try:
                mapping = json.loads(options["map"]) if options["map"] else None
                source = importing.source_for(options["source"], name=options["name"], help=options["help_kind"],
                                              fact=options["fact"])
                if mapping:
                    source.mapping = {**source.mapping, **importing.check_mapping(mapping)}
                    source.save(update_fields=["mapping"])
                parsed = importing.read(name=path.name, content=path.read_bytes(), source=source)
                run = importing.replace(source, parsed, file_name=path.name)
            except json.JSONDecodeError as exc:
                raise CommandError(f"--map 不是 JSON / --map is not JSON: {exc}") from None
            except ActionRefused as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"{source.code}: {run.rows} 行 / rows, 新增 {run.added} added, 未变 {run.kept} unchanged, "
                              f"结束 {run.ended} ended, 问题 {len(run.problems)} problems")
            for p in run.problems[:50]:
                self.stdout.write(f"  第{p['row']}行 row {p['row']} {p['column']}: {p['message']}")
            if not options["no_link"]:
                self.stdout.write(json.dumps(linking.run(), ensure_ascii=False))
        elif action == "link":
            self.stdout.write(json.dumps(linking.run(), ensure_ascii=False))
        elif action == "evaluate":
            from django.contrib.auth import get_user_model

            users = get_user_model().objects.filter(groups__name=R.ASSISTANCE, is_active=True)
            user = (users.filter(username=options["username"]) if options["username"] else users).first()
            if user is None:
                raise CommandError("没有救助中心分析员账号 / no assistance analyst account (--as USERNAME)")
            raised = services.evaluate(actor=user)
            self.stdout.write(f"新预警 {len(raised)} / new warnings {len(raised)}")
        elif action == "people":
            for line in linking.people_lines():
                self.stdout.write(line)
