"""What the audit log hears by itself: log-ins and failures, changes of roles and permissions,
every admin edit and every row of the case timelines. Reveals, exports, imports and API keys
are recorded where they happen (privacy.services, documents.excel via the middleware, the
importer, api.services)."""
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from yiwang import cases
from yiwang.middleware_local import current_request

from .services import record


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record("login", actor=user, request=request)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("logout", actor=user, request=request)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    from yiwang.accounts.identity import login_name

    record("login.failed", request=request, actor_name=login_name(request, credentials),
           detail={"path": getattr(request, "path", "")})


def _names(model, pks):
    return sorted(str(o) for o in model.objects.filter(pk__in=pks or ()))


@receiver(m2m_changed, sender=get_user_model().groups.through)
def roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # users added to or removed from a group
        target, change = f"role:{instance.name}", {"users": _names(model, pk_set)}
    else:
        target, change = f"user:{instance.get_username()}", {"roles": _names(model, pk_set)}
    record(f"role.{action[5:]}", request=current_request(), target=target, detail=change)


def _permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    codes = sorted(f"{p.content_type.app_label}.{p.codename}" for p in model.objects.filter(pk__in=pk_set or ())
                   .select_related("content_type")) if not reverse else []
    target = f"role:{instance.name}" if isinstance(instance, Group) else f"user:{instance}"
    record(f"permission.{action[5:]}", request=current_request(), target=target, detail={"permissions": codes})


m2m_changed.connect(_permissions_changed, sender=Group.permissions.through, dispatch_uid="audit.group_perms")
m2m_changed.connect(_permissions_changed, sender=get_user_model().user_permissions.through,
                    dispatch_uid="audit.user_perms")


@receiver(post_save, sender=LogEntry)
def admin_edit(sender, instance, created, **kwargs):
    if created:
        record(f"admin.{ {1: 'add', 2: 'change', 3: 'delete'}.get(instance.action_flag, 'edit') }",
               actor=instance.user, request=current_request(),
               target=f"{instance.content_type.app_label}.{instance.content_type.model}:{instance.object_id}",
               detail={"object": instance.object_repr, "change": instance.get_change_message()})


@receiver(post_save, dispatch_uid="audit.timeline_row")
def timeline_row(sender, instance, created, **kwargs):
    """Every state change already in a case's timeline is in the audit log too, for every kind
    of case registered in yiwang.cases."""
    if not created:
        return
    kind = cases.of_event(sender)
    if kind is None:
        return
    case = kind.case_of(instance)
    record(f"case.{instance.action}"[:40], actor=instance.actor, request=current_request(),
           target=f"{kind.code}:{getattr(case, 'number', case.pk)}",
           detail={"from": instance.from_status, "to": instance.to_status, **(
               {"legacy": True} if instance.data.get("legacy") else {})})
