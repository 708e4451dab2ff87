from django.core.management.base import BaseCommand, CommandError

from yiwang.demo import data, loader


def print_logins(write):
    """Every log-in the demo made, staff and portal, as they are in the database."""
    from django.contrib.auth import get_user_model

    from yiwang.orgs import roles as R

    users = (get_user_model().objects.filter(is_active=True).select_related("staff__unit", "applicant")
             .prefetch_related("groups").order_by("pk"))
    write("演示账号（密码均为 %s）/ demo log-ins (password for all):" % data.PASSWORD)
    for user in users:
        staff, applicant = getattr(user, "staff", None), getattr(user, "applicant", None)
        if applicant is not None:
            login = applicant.credit_code or applicant.id_number  # applicants log in with their number
            write(f"  {login:<20} {applicant.name} · 网上办事大厅 /portal/login/")
        elif staff is not None:
            roles = "、".join(str(R.label(g.name)) for g in user.groups.all())
            write(f"  {user.username:<20} {staff.display_name} · {staff.unit.name if staff.unit else ''} · {roles}")


class Command(BaseCommand):
    help = "Load the fictional district 云溪区 with users, categories and work orders."

    def handle(self, *args, **opts):
        try:
            loader.load(out=self.stdout.write)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        print_logins(self.stdout.write)
