import logging

from django.dispatch import Signal, receiver
from django.template.loader import render_to_string

from yiwang.workorders.signals import order_filed, order_page

log = logging.getLogger(__name__)

# Sent for each hot issue while the hot-issue page is built, with `issue` (its description,
# place and orders), `user` and `request`: a receiver returns an HTML fragment for the issue's
# row (or None), so other apps act on a hot issue (tasks: make it a key task, 每月一题) without the
# insight views knowing them.
hot_issue_page = Signal()


@receiver(order_filed)
def predict_new_order(sender, order, **kwargs):
    """Queue the suggestion, fingerprint and auto-dispatch. The order is already stored, so a
    failure here is logged for the operator and never reaches the person who filed it."""
    from .tasks import after_filing

    try:
        after_filing.delay(order.pk)
    except Exception:
        log.exception("insight could not process order %s", order.number)


@receiver(order_page)
def order_panels(sender, order, user, actions, request, **kwargs):
    """The suggested category and unit for whoever may dispatch the order, and similar open
    orders for whoever may merge it, on the order's page."""
    from . import services

    suggestions = services.suggestions(order) if actions & {"dispatch", "redispatch"} else []
    similar = services.similar_open_orders(order) if "merge" in actions else []
    if not (suggestions or similar):
        return None
    return render_to_string("insight/order_panels.html", {"order": order, "suggestions": suggestions,
                                                          "similar": similar}, request=request)
