"""yiwang projects oc4ids | remind: the public projects as an OC4IDS 0.9 package on standard
output, and the monthly reports that are due."""
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yiwang.projects import oc4ids, services


class Command(BaseCommand):
    help = "Major projects: the OC4IDS package of the public projects, or the monthly reports due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("oc4ids", help="write the OC4IDS 0.9 project package to standard output")
        out.add_argument("--base-url", default="", help="the address the package is published at "
                                                        "(default: PUBLIC_BASE_URL)")
        out.add_argument("--check", action="store_true",
                         help="check the package against the OC4IDS schema and codelists instead of writing it")
        sub.add_parser("remind", help="the projects whose monthly report is due, with their butler")

    def handle(self, *args, action, **options):
        if action == "oc4ids":
            base = options["base_url"] or settings.PUBLIC_BASE_URL
            if not base and not options["check"]:
                # A package published with http://localhost/ in it would carry dead links.
                raise CommandError("未设置公开地址：请设置 PUBLIC_BASE_URL 或使用 --base-url，发布包中的链接指向该地址。 / "
                                   "No public address: set PUBLIC_BASE_URL or pass --base-url; the package links to it.")
            package = oc4ids.package(base or "http://localhost/")
            if options["check"]:
                found = oc4ids.problems(package)
                for line in found:
                    self.stderr.write(line)
                if found:
                    raise CommandError(f"{len(found)} problems against OC4IDS 0.9")
                self.stdout.write(f"{len(package['projects'])} projects, valid against OC4IDS 0.9")
                return
            self.stdout.write(json.dumps(package, ensure_ascii=False, indent=1))
            return
        due = services.remind_reports()
        for p, month, texted, note in due:
            self.stdout.write(f"{p.number}  {p.name}  {month:%Y-%m}  "
                              f"{p.butler.get_username() if p.butler_id else '—'}  "
                              f"{'已短信提醒业主' if texted else '业主无联系电话'}  {note}".rstrip())
        texted = sum(1 for _p, _m, t, _n in due if t)
        self.stdout.write(f"月报未报 {len(due)} 个项目，已短信提醒业主 {texted} 个 / {len(due)} monthly reports due, "
                          f"{texted} owners texted")
