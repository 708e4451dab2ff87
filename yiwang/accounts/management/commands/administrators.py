"""yiwang administrators list|appoint|dismiss|reset: the three administrators (三员分立) at the
console, where the person at the server and the one who asked stand together. No page appoints an
administrator or resets one's password or second factor: one administrator must never take over
another's account. Every step is in the audit log, by "console"."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.audit.services import record
from yiwang.orgs import roles as R


class Command(BaseCommand):
    help = "The three administrators: list, appoint, dismiss, and reset a password and second factor."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="who holds each of the three roles")
        for name, text in (("appoint", "give USER one of the three roles"), ("dismiss", "take the role away")):
            one = sub.add_parser(name, help=text)
            one.add_argument("username")
            one.add_argument("role", choices=sorted(R.ADMINISTRATORS))
        reset = sub.add_parser("reset", help="a new password (printed once) and no second factor for USER")
        reset.add_argument("username")
        enrol = sub.add_parser("enrol", help="a one-time code (printed once) to bind USER's first authenticator app")
        enrol.add_argument("username")
        for one in sub.choices.values():
            one.add_argument("--by", default="", help="who asked for it (recorded)")

    def handle(self, *args, action, **opts):
        if action == "list":
            for role in sorted(R.ADMINISTRATORS):
                names = get_user_model().objects.filter(groups__name=role).values_list("username", flat=True)
                self.stdout.write(f"{R.label(role)}（{role}）：{'、'.join(names) or '—'}")
            return
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(_("No account is called %(name)s.") % {"name": opts["username"]})
        detail = {"by": opts["by"]} if opts["by"] else {}
        with transaction.atomic():
            if action == "enrol":
                from yiwang.accounts import enrolment

                code = enrolment.issue(user)
                self.stdout.write(_("The enrolment code of %(name)s (give it to them in person; valid %(hours)s hours, "
                                    "used once):") % {"name": user.username,
                                                      "hours": settings.TWO_FACTOR_ENROLMENT_HOURS})
                self.stdout.write(code)
            elif action == "appoint":
                self._appoint(user, opts["role"], detail)
            elif action == "dismiss":
                user.groups.remove(Group.objects.get(name=opts["role"]))
                record("administrator.dismissed", actor_name="console", target=f"user:{user.username}",
                       detail={"role": opts["role"], **detail})
                self.stdout.write(_("%(name)s is no longer %(role)s.") % {"name": user.username,
                                                                          "role": R.label(opts["role"])})
            else:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                removed = TOTPDevice.objects.filter(user=user).delete()[0]
                record("administrator.reset", actor_name="console", target=f"user:{user.username}",
                       detail={"second_factors_removed": removed, **detail})
                self.stdout.write(_("The new password of %(name)s (give it to them in person; they change it at "
                                    "the first log-in and set up their authenticator again):") % {"name": user.username})
                self.stdout.write(password)

    def _appoint(self, user, role, detail):
        held = R.roles_of(user)
        if held & R.ADMINISTRATORS - {role}:
            raise CommandError(_("The system administrator, the security administrator and the auditor are three "
                                 "different people: %(name)s already is %(role)s.") % {
                "name": user.username, "role": R.label(next(iter(held & R.ADMINISTRATORS)))})
        if held - R.ADMINISTRATORS:
            raise CommandError(_("An administrator does no business work: %(name)s holds the roles %(roles)s; use "
                                 "an account of its own.") % {
                "name": user.username, "roles": "、".join(str(R.label(r)) for r in sorted(held - R.ADMINISTRATORS))})
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        user.is_staff = role != R.AUDITOR  # the admin site is theirs; the auditor's page is /audit/
        user.save(update_fields=["is_staff"])
        record("administrator.appointed", actor_name="console", target=f"user:{user.username}",
               detail={"role": role, **detail})
        self.stdout.write(_("%(name)s is now %(role)s.") % {"name": user.username, "role": R.label(role)})
