from django.dispatch import receiver
from django.utils import timezone

from yiwang.workorders.signals import order_corrected, order_filed


@receiver(order_filed)
@receiver(order_corrected)
def forget_rolled_day(sender, order, **kwargs):
    """An order entered with a past date (an import, a legacy system), or corrected later (its
    street or category), changes a day that may be rolled up already: forget that day, so it is
    counted live, with the order's values as they are now, until the next rollup."""
    from yiwang.supervision.models import RolledDay

    from .models import IntakeRolled

    day = timezone.localtime(order.created_at).date()
    if day < timezone.localdate():
        IntakeRolled.objects.filter(day=day).delete()
        RolledDay.objects.filter(day=day).delete()
