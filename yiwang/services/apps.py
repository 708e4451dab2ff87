from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, application):
    from .permissions import can_see

    return can_see(user, application)


class ServicesConfig(AppConfig):
    name = "yiwang.services"
    label = "services"
    verbose_name = _("Service applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang import cases, inbox, tracking

        from . import signals  # noqa: F401  (connects the calendar-change receiver)
        from .portal import find_application
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        tracking.finder(find_application)
        cases.register(cases.Kind("application", _("Application"), "services.ApplicationEvent", "application",
                                  "yiwang.services.workflow", _can_see))
