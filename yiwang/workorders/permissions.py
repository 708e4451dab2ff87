"""What a user may see. Views, exports and the API all filter through here."""
from yiwang.orgs import roles as R

from .models import Assignment, WorkOrder

REVEAL_PERMISSION = "workorders.reveal_personal_data"


def visible_orders(user, qs=None):
    qs = WorkOrder.objects.all() if qs is None else qs
    user_roles = R.roles_of(user)
    if user_roles & R.CENTRE_ROLES:
        return qs
    unit = R.unit_of(user)
    if user_roles & R.UNIT_ROLES and unit is not None:
        return qs.filter(pk__in=Assignment.objects.filter(unit=unit).values("order_id"))
    return qs.none()


def can_see(user, order):
    return visible_orders(user, WorkOrder.objects.filter(pk=order.pk)).exists()


def caller_hidden(user, order):
    """A confidential order hides the caller from the handling units (GB/T 33358)."""
    return order.confidential and not (R.roles_of(user) & R.CENTRE_ROLES)


def can_reveal(user, order):
    return user.has_perm(REVEAL_PERMISSION) and not caller_hidden(user, order)


INTAKE_ROLES = {R.AGENT, R.DISPATCHER, R.ADMIN}


def can_take_orders(user):
    """Who may file an order on someone's behalf (the hotline's intake, other platforms' keys)."""
    return bool(R.roles_of(user) & INTAKE_ROLES)
