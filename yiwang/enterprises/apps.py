from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "yiwang.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise services")

    def ready(self):
        from yiwang import inbox

        from .selectors import inbox_section

        inbox.provider(inbox_section)
