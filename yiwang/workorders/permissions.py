"""What a user may see. Views, exports and the API all filter through here."""
from yiwang.orgs import roles as R
from yiwang.privacy.masking import mask_numbers_in_text
from yiwang.privacy.permissions import PERMISSION, may_reveal

from .models import Assignment, WorkOrder

REVEAL_PERMISSION = PERMISSION


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


def readable_text(user, order):
    """(title, body) as this viewer reads them: on an order whose caller is hidden from them, the
    numbers written in the text are masked too (a caller's number typed into the body)."""
    if caller_hidden(user, order):
        return mask_numbers_in_text(order.title), mask_numbers_in_text(order.body)
    return order.title, order.body


def can_reveal(user, order):
    return may_reveal(user, hidden=caller_hidden(user, order))


INTAKE_ROLES = {R.AGENT, R.DISPATCHER}


def can_take_orders(user):
    """Who may file an order on someone's behalf (the hotline's intake, other platforms' keys)."""
    return bool(R.roles_of(user) & INTAKE_ROLES)
