import logging

from django.dispatch import receiver

from yiwang.services.signals import application_finished
from yiwang.workorders.signals import order_closed

log = logging.getLogger(__name__)


@receiver(order_closed)
def rate_or_invite_closed_order(sender, order, action, **kwargs):
    """A callback that closed the order is its rating; otherwise the caller is invited to rate.
    The order is already closed, so a failure is logged and never undoes the closing."""
    from . import services

    try:
        if action == "callback":
            services.rate_from_callback(order)
        else:
            services.invite(order)
    except Exception:
        log.exception("reviews could not rate or invite for order %s", order.number)


@receiver(application_finished)
def invite_finished_application(sender, application, **kwargs):
    from . import services

    try:
        services.invite(application)
    except Exception:
        log.exception("reviews could not invite a rating for application %s", application.number)
