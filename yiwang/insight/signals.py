import logging

from django.dispatch import receiver

from yiwang.workorders.signals import order_filed

log = logging.getLogger(__name__)


@receiver(order_filed)
def predict_new_order(sender, order, **kwargs):
    """Queue the suggestion, fingerprint and auto-dispatch. The order is already stored, so a
    failure here is logged for the operator and never reaches the person who filed it."""
    from .tasks import after_filing

    try:
        after_filing.delay(order.pk)
    except Exception:
        log.exception("insight could not process order %s", order.number)
