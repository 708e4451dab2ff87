from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    name = "yiwang.workorders"
    verbose_name = _("Work orders (12345)")

    def ready(self):
        from yiwang import inbox, tracking

        from . import signals  # noqa: F401  (connects the calendar-change receiver)
        from .public import find_order
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        tracking.finder(find_order)
