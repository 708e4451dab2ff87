from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see_project(user, project):
    from .selectors import may_open

    return may_open(user)


def _can_see_acceptance(user, acceptance):
    from .selectors import visible_acceptances

    return visible_acceptances(user).filter(pk=acceptance.pk).exists()


def _can_see_interest(user, interest):
    from .selectors import may_follow

    return may_follow(user)


class ProjectsConfig(AppConfig):
    name = "yiwang.projects"
    label = "projects"
    verbose_name = _("Major projects")

    def ready(self):
        from yiwang import cases, inbox

        from . import signals  # noqa: F401
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        cases.register(cases.Kind("project", _("Major project"), "projects.ProjectEvent", "case",
                                  "yiwang.projects.workflow:PROJECT", _can_see_project))
        cases.register(cases.Kind("acceptance", _("Joint acceptance"), "projects.AcceptanceEvent", "case",
                                  "yiwang.projects.workflow:ACCEPTANCE", _can_see_acceptance))
        cases.register(cases.Kind("interest", _("Investor interest"), "projects.InterestEvent", "case",
                                  "yiwang.projects.workflow:INTEREST", _can_see_interest))
