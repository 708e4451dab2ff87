from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "yiwang.reviews"
    label = "reviews"
    verbose_name = _("Ratings and rectification")

    def ready(self):
        from yiwang import inbox

        from . import signals  # noqa: F401
        from .selectors import inbox_section

        inbox.provider(inbox_section)
