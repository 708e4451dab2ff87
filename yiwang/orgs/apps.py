from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_roles(sender, **kwargs):
    """Each role is a group; the permission to see full personal numbers goes by default to
    the roles that must call people back. Administrators change this in the admin."""
    from django.contrib.auth.models import Group, Permission

    from . import roles

    for code in roles.ALL:
        Group.objects.get_or_create(name=code)
    perm = Permission.objects.filter(codename="reveal_personal_data", content_type__app_label="workorders").first()
    if perm is not None:
        for code in (roles.AGENT, roles.CALLBACK, roles.SUPERVISOR, roles.ADMIN, roles.CLERK, roles.BUTLER):
            group = Group.objects.get(name=code)
            if not group.permissions.filter(pk=perm.pk).exists() and not group.permissions.exists():
                group.permissions.add(perm)


class OrgsConfig(AppConfig):
    name = "yiwang.orgs"
    verbose_name = _("Organisation")

    def ready(self):
        from yiwang import checks  # noqa: F401  (the project's deployment checks)

        post_migrate.connect(ensure_roles, dispatch_uid="yiwang.orgs.ensure_roles")
