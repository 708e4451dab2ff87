from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from yiwang.calendar.models import CalendarYear, SpecialDay
from yiwang.calendar.services import calendar_changed

from . import deadlines
from .models import TimeLimitPolicy

# A change to the calendar or the policies makes every process read them again (deadlines.Clock).
for model in (CalendarYear, SpecialDay, TimeLimitPolicy):
    post_save.connect(deadlines.changed, sender=model, dispatch_uid=f"clock-{model.__name__}-saved")
    post_delete.connect(deadlines.changed, sender=model, dispatch_uid=f"clock-{model.__name__}-deleted")
calendar_changed.connect(deadlines.changed, dispatch_uid="clock-calendar-changed")


@receiver(calendar_changed)
def recompute_after_calendar_change(sender, **kwargs):
    from .services import recompute_deadlines

    recompute_deadlines()


# Sent once an order is stored (after its transaction commits), with `order`: other apps
# (insight: suggestions, duplicates, auto-dispatch) react without workorders knowing them.
order_filed = Signal()

# Sent after commit when an order is closed (answered at once, called back, or closed without a
# callback), with `order` and `action`: reviews records the callback's rating and invites the
# caller to rate; the dashboard's figures need nothing from it.
order_closed = Signal()

# Sent after commit when an order's type, category, street, community or address is corrected,
# with `order` and `changes` ({field: [old, new]}): the dashboard re-counts the order's day.
order_corrected = Signal()

# Sent while an order's page is built, with `order`, `user`, `actions` (the codes the user may
# take now) and `request`: a receiver returns an HTML section for the page's side column (or
# None), so other apps add their panels (insight: suggestions and similar orders) without the
# work-order views knowing them.
order_page = Signal()
