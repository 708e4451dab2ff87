"""Every state change is a timeline row; a new row with a new state is a webhook event."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from yiwang.reviews.models import RectificationEvent
from yiwang.services.models import ApplicationEvent
from yiwang.workorders.models import OrderEvent

from . import services


@receiver(post_save, sender=OrderEvent)
def order_changed(sender, instance, created, **kwargs):
    if created:
        services.emit("workorder", instance.order, instance)


@receiver(post_save, sender=ApplicationEvent)
def application_changed(sender, instance, created, **kwargs):
    if created:
        services.emit("application", instance.application, instance)


@receiver(post_save, sender=RectificationEvent)
def rectification_changed(sender, instance, created, **kwargs):
    if created:
        services.emit("rectification", instance.case, instance)
