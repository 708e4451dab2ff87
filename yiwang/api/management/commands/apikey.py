from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yiwang.api.models import SCOPES, ApiKey
from yiwang.api.services import issue_key, revoke_key


class Command(BaseCommand):
    help = "Issue or revoke an API key for another system. The new key is printed on the last line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", action="append", required=True,
                            help=f"repeat for several scopes; one of: {', '.join(SCOPES)}")
        create.add_argument("--user", help="act as this existing user (default: a new service user with the "
                                           "hotline-agent role)")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")
        sub.add_parser("list")

    def handle(self, *args, action, **opts):
        if action == "create":
            unknown = sorted(set(opts["scope"]) - set(SCOPES))
            if unknown:
                raise CommandError(f"unknown scope {', '.join(unknown)}; known scopes: {', '.join(SCOPES)}")
            user = None
            if opts.get("user"):
                user = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
                if user is None:
                    raise CommandError(f"no active user named {opts['user']}")
            key, raw = issue_key(name=opts["name"], scopes=opts["scope"], user=user)
            user = key.user
            self.stdout.write(f"API key for {key.name}, acting as {user.username} (scopes: {key.scopes}); "
                              "it is shown only once:")
            self.stdout.write(raw)
        elif action == "revoke":
            key = ApiKey.objects.filter(prefix=opts["prefix"], revoked_at__isnull=True).first()
            if key is None:
                raise CommandError(f"no active key with prefix {opts['prefix']}")
            revoke_key(key)
            self.stdout.write(f"revoked {key}")
        else:
            for key in ApiKey.objects.order_by("created_at"):
                state = "revoked" if key.revoked_at else "active"
                self.stdout.write(f"{key.prefix}  {key.name}  {key.user.username}  {key.scopes}  {state}")
