from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from yiwang.api.models import SCOPES, ApiKey
from yiwang.orgs import roles


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
            User = get_user_model()
            if opts.get("user"):
                user = User.objects.filter(username=opts["user"], is_active=True).first()
                if user is None:
                    raise CommandError(f"no active user named {opts['user']}")
            else:
                user, _created = User.objects.get_or_create(username=f"api:{opts['name']}"[:150])
                user.set_unusable_password()
                user.save()
                user.groups.add(Group.objects.get_or_create(name=roles.AGENT)[0])
            key, raw = ApiKey.issue(name=opts["name"], scopes=opts["scope"], user=user)
            self.stdout.write(f"API key for {key.name}, acting as {user.username} (scopes: {key.scopes}); "
                              "it is shown only once:")
            self.stdout.write(raw)
        elif action == "revoke":
            key = ApiKey.objects.filter(prefix=opts["prefix"], revoked_at__isnull=True).first()
            if key is None:
                raise CommandError(f"no active key with prefix {opts['prefix']}")
            key.revoke()
            self.stdout.write(f"revoked {key}")
        else:
            for key in ApiKey.objects.order_by("created_at"):
                state = "revoked" if key.revoked_at else "active"
                self.stdout.write(f"{key.prefix}  {key.name}  {key.user.username}  {key.scopes}  {state}")
