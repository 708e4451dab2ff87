from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "yiwang.assistance"
    label = "assistance"
    verbose_name = _("Social assistance")

    def ready(self):
        from yiwang import inbox

        from .selectors import inbox_section

        inbox.provider(inbox_section)
