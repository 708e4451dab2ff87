from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, suggestion):
    from .selectors import can_see

    return can_see(user, suggestion)


class SuggestionsConfig(AppConfig):
    name = "yiwang.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestion campaigns (建议征询)")

    def ready(self):
        from yiwang import cases, inbox, tracking

        from . import signals  # noqa: F401
        from .selectors import find_suggestion, inbox_section

        inbox.provider(inbox_section)
        tracking.finder(find_suggestion)
        cases.register(cases.Kind("suggestion", _("Suggestion"), "suggestions.SuggestionEvent", "case",
                                  "yiwang.suggestions.workflow", _can_see))
