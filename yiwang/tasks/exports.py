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


def meetings_workbook(meetings):
    sheet = Sheet(_("Meetings"), [_("Meeting number"), _("Held on"), _("Meeting"), _("Kind"), _("Command post"),
                                  _("Chair"), _("No."), _("What was decided"), _("Lead unit"), _("Due on"),
                                  _("Task number"), _("State")], widths=(16, 12, 30, 12, 14, 10, 6, 40, 18, 12, 20, 10))
    for m in meetings:
        for i in m.items.select_related("lead_unit", "task"):
            sheet.row([m.number, m.held_on, m.title, m.get_kind_display(), m.command_post, m.chair, i.seq, i.text,
                       i.lead_unit.name if i.lead_unit_id else "", i.due_on, i.task.number if i.task_id else "",
                       i.task.get_state_display() if i.task_id else ""], wrap=(7,))
    return sheet.content()


def board_workbook(visit, actions):
    """The results board: each action with its target and the value measured now."""
    sheet = Sheet(_("Action list and results board"), [
        _("Task number"), _("Action item"), _("Lead unit"), _("Deadline"), _("State"), _("Light"), _("Indicator"),
        _("Baseline"), _("Target"), _("Measured now"), _("Target met")],
        widths=(20, 34, 18, 12, 10, 8, 24, 8, 8, 10, 8), heading=f"{visit.destination} · {visit.theme}")
    for a in actions:
        t = a.target or {}
        sheet.row([a.number, a.title, a.lead_unit.name if a.lead_unit_id else "", a.deadline, a.get_state_display(),
                   Light(a.light).label, str(t["indicator"].label) if t else "", a.baseline, a.target_value,
                   t.get("value"), "" if not t or t.get("met") is None else (_("yes") if t["met"] else _("no"))])
    return sheet.content()
