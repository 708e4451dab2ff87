from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "yiwang.dashboard"
    label = "dashboard"
    verbose_name = _("Command centre")

    def ready(self):
        from . import signals  # noqa: F401
