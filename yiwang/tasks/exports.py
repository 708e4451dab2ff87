"""Excel out of the key-task list (the same rows the page's filters hold)."""
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet

from . import lights
from .models import Light, Milestone


def tasks_workbook(tasks, th):
    tasks = list(tasks)
    milestones = {}
    for m in Milestone.objects.filter(task__in=[t.pk for t in tasks]):
        milestones.setdefault(m.task_id, []).append(m)
    sheet = Sheet(_("Key tasks"), [
        _("Task number"), _("Source"), _("Title"), _("Requirement"), _("Lead unit"), _("Co-units"),
        _("Responsible leader"), _("Deadline"), _("State"), _("Light"), _("Progress (%)"), _("Next report due"),
        _("Last report"), _("Closed at"), _("Closed on time")],
        widths=(20, 14, 30, 40, 18, 24, 10, 18, 10, 8, 8, 12, 18, 18, 8))
    for t in tasks:
        light = lights.light(t, th, milestones.get(t.pk, []))
        sheet.row([t.number, t.get_source_display(), t.title, t.requirement, t.lead_unit.name if t.lead_unit else "",
                   "、".join(u.name for u in t.co_units.all()), t.leader, t.deadline, t.get_state_display(),
                   Light(light).label, t.progress, t.next_report_due, t.last_report_at, t.closed_at,
                   "" if t.closed_on_time is None else (_("yes") if t.closed_on_time else _("no"))], wrap=(3,))
    return sheet.content()
