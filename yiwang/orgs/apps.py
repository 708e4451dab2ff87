from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_roles(sender, **kwargs):
    """Each role is a group. A group made here gets its default permissions once (see
    roles.DEFAULT_PERMISSIONS); after that the permissions are the security administrator's, and
    no migration or upgrade puts back what they took away."""
    from django.contrib.auth.models import Group, Permission
    from django.db import DatabaseError

    from . import roles
    from .models import RoleSetup

    try:
        done = set(RoleSetup.objects.values_list("role", flat=True))
    except DatabaseError:  # migrating to before RoleSetup existed
        return
    for code in roles.ALL:
        group, created = Group.objects.get_or_create(name=code)
        if code in done and not created:
            continue
        wanted = roles.DEFAULT_PERMISSIONS.get(code, ())
        perms = [Permission.objects.filter(codename=c, content_type__app_label=a).first() for a, c in wanted]
        if any(p is None for p in perms):
            continue  # the permission is made later in this migrate run (its app's post_migrate)
        from yiwang.audit.services import quiet

        with quiet():  # the product's own defaults, not an administrator's change
            group.permissions.add(*perms)
        RoleSetup.objects.get_or_create(role=code)


class OrgsConfig(AppConfig):
    name = "yiwang.orgs"
    verbose_name = _("Organisation")

    def ready(self):
        from yiwang import checks  # noqa: F401  (the project's deployment checks)

        _name_the_second_factor()

        post_migrate.connect(ensure_roles, dispatch_uid="yiwang.orgs.ensure_roles")


def _name_the_second_factor():
    """django-otp names its app "Otp_Totp" and its model "TOTP device", in English whatever the
    language: the admin shows our names for them."""
    from django.apps import apps
    from django.utils.translation import gettext_lazy as _

    if apps.is_installed("django_otp.plugins.otp_totp"):
        apps.get_app_config("otp_totp").verbose_name = _("Two-factor log-in")
        device = apps.get_model("otp_totp", "TOTPDevice")
        device._meta.verbose_name = _("second factor (authenticator app)")
        device._meta.verbose_name_plural = _("second factors (authenticator apps)")
