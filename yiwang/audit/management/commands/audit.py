from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiwang.audit import verify
from yiwang.audit.models import Entry


class Command(BaseCommand):
    help = "The audit log: verify its chain of digests (exit 1 naming the first broken row)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="check every row, its link and the anchors")
        check.add_argument("--no-anchor", action="store_true", help="do not record the head in the anchor file")
        check.add_argument("--anchors", metavar="FILE", action="append", default=[],
                           help="heads kept elsewhere: lines 'ID DIGEST' or the log's 'yiwang.audit head ID DIGEST'")

    def handle(self, *args, action, **opts):
        extra = [a for path in opts["anchors"] for a in verify.read_anchors(path)]
        found = verify.problems(extra)
        if found:
            for problem in found:
                self.stderr.write(problem.message)
            first = next((p.row for p in found if p.row is not None), None)
            raise CommandError(_("The audit log is broken%(at)s.") % {
                "at": _(" at row %(n)s") % {"n": first} if first else ""})
        head = None if opts["no_anchor"] else verify.anchor()
        self.stdout.write(_("The audit log is intact: %(n)d rows.") % {"n": Entry.objects.count()}
                          + (f" (head {head[0]} {head[1][:12]}…)" if head else ""))
