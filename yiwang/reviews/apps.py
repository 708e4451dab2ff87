from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, case):
    from .selectors import visible_cases

    return visible_cases(user).filter(pk=case.pk).exists()


class ReviewsConfig(AppConfig):
    name = "yiwang.reviews"
    label = "reviews"
    verbose_name = _("Ratings and rectification")

    def ready(self):
        from yiwang import cases, inbox

        from . import signals  # noqa: F401
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        cases.register(cases.Kind("rectification", _("Rectification case"), "reviews.RectificationEvent", "case",
                                  "yiwang.reviews.workflow", _can_see))
