from django.dispatch import Signal, receiver

from yiwang.calendar.services import calendar_changed


@receiver(calendar_changed)
def recompute_after_calendar_change(sender, **kwargs):
    from .services import recompute_deadlines

    recompute_deadlines()


# Sent once an order is stored (after its transaction commits), with `order`: other apps
# (insight: suggestions, duplicates, auto-dispatch) react without workorders knowing them.
order_filed = Signal()
