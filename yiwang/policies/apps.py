from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, claim):
    from .selectors import visible_claims

    return visible_claims(user).filter(pk=claim.pk).exists()


class PoliciesConfig(AppConfig):
    name = "yiwang.policies"
    label = "policies"
    verbose_name = _("Enterprise policies (惠企政策)")

    def ready(self):
        from yiwang import cases, inbox

        from . import signals  # noqa: F401
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        cases.register(cases.Kind("claim", _("Policy claim"), "policies.ClaimEvent", "case",
                                  "yiwang.policies.workflow", _can_see))
