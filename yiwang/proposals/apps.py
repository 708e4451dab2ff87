from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, proposal):
    from .selectors import can_see

    return can_see(user, proposal)


class ProposalsConfig(AppConfig):
    name = "yiwang.proposals"
    label = "proposals"
    verbose_name = _("Deputies' suggestions and CPPCC proposals")

    def ready(self):
        from yiwang import cases, inbox

        from .selectors import inbox_section

        inbox.provider(inbox_section)
        cases.register(cases.Kind("proposal", _("Deputy's suggestion or proposal"), "proposals.ProposalEvent", "case",
                                  "yiwang.proposals.workflow", _can_see))
