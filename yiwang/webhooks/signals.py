"""Every state change is a timeline row; a new row with a new state is a webhook event, for every
kind of case registered in yiwang.cases."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from yiwang import cases

from . import services


@receiver(post_save, dispatch_uid="webhooks.timeline_row")
def timeline_row(sender, instance, created, **kwargs):
    if not created:
        return
    kind = cases.of_event(sender)
    if kind is not None:
        services.emit(kind.code, kind.case_of(instance), instance)
