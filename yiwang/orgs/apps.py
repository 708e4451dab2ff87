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

        post_migrate.connect(ensure_roles, dispatch_uid="yiwang.orgs.ensure_roles")
