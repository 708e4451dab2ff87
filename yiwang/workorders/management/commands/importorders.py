from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused
from yiwang.workorders import importer


class Command(BaseCommand):
    help = "Import legacy work orders (Excel or CSV, history included), as the import page does."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="legacy-12345", help="the source system's name")
        parser.add_argument("--user", required=True, help="who imports (a dispatcher's or administrator's log-in)")

    def handle(self, *args, file, source, user, **opts):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No user %(u)s.") % {"u": user}) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(f)s.") % {"f": file})
        try:
            results = importer.import_orders(name=path.name, content=path.read_bytes(), actor=actor,
                                             source_system=source)
        except ActionRefused as exc:
            raise CommandError(exc.message) from None
        counts = {o: sum(1 for r in results if r.outcome == o) for o in ("created", "skipped", "error")}
        self.stdout.write(_("%(c)d imported, %(s)d already there, %(e)d with errors") % {
            "c": counts["created"], "s": counts["skipped"], "e": counts["error"]})
        for r in results:
            if r.outcome == "error":
                self.stdout.write(f"  {r.row}\t{r.ref}\t{r.message}")
