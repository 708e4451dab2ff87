from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_see(user, task):
    from .selectors import can_see

    return can_see(user, task)


class TasksConfig(AppConfig):
    name = "yiwang.tasks"
    label = "tasks"
    verbose_name = _("Key tasks (督查督办)")

    def ready(self):
        from yiwang import cases, inbox

        from . import signals  # noqa: F401
        from .selectors import inbox_section

        inbox.provider(inbox_section)
        cases.register(cases.Kind("task", _("Key task"), "tasks.TaskEvent", "case", "yiwang.tasks.workflow", _can_see))
