from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, order):
    from .permissions import can_see

    return can_see(user, order)


class WorkordersConfig(AppConfig):
    name = "yiwang.workorders"
    verbose_name = _("Work orders (12345)")

    def ready(self):
        from yiwang import cases, inbox, tracking

        from . import signals  # noqa: F401  (connects the calendar-change receiver)
        from .public import find_order
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        tracking.finder(find_order)
        cases.register(cases.Kind("workorder", _("Work order"), "workorders.OrderEvent", "order",
                                  "yiwang.workorders.workflow", _can_see))
