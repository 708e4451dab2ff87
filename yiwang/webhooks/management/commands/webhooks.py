from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yiwang.webhooks import services
from yiwang import cases
from yiwang.webhooks.models import Subscription


class Command(BaseCommand):
    help = "Subscribe a system to case changes, list subscriptions, or send the deliveries that are due."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="the signing secret is printed on the last line")
        add.add_argument("--name", required=True)
        add.add_argument("--url", required=True)
        add.add_argument("--user", required=True, help="the events are those this user may see")
        add.add_argument("--kind", action="append", choices=sorted(k.code for k in cases.kinds()), help="repeat; default: all")
        sub.add_parser("list")
        sub.add_parser("retry", help="send every pending delivery that is due (run it from cron every minute)")

    def handle(self, *args, action, **opts):
        if action == "add":
            user = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user named {opts['user']}")
            s = Subscription(name=opts["name"], url=opts["url"], user=user,
                             kinds=",".join(opts["kind"] or sorted(k.code for k in cases.kinds())))
            s.full_clean()
            s.save()
            self.stdout.write(f"subscribed {s.name} to {s.kinds} at {s.url}; signing secret:")
            self.stdout.write(s.secret)
        elif action == "list":
            for s in Subscription.objects.order_by("pk"):
                self.stdout.write(f"{s.pk}  {s.name}  {s.url}  {s.kinds}  {'active' if s.is_active else 'off'}")
        else:
            done = services.retry_due()
            self.stdout.write(f"{len(done)} attempts made")
