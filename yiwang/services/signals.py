from django.dispatch import receiver

from yiwang.calendar.services import calendar_changed


@receiver(calendar_changed)
def recompute_after_calendar_change(sender, **kwargs):
    from .services import recompute_deadlines

    recompute_deadlines()
