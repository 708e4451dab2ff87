from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "yiwang.insight"
    label = "insight"
    verbose_name = _("Insight")

    def ready(self):
        from . import signals  # noqa: F401
