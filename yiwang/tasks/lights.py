"""Red, yellow and green: the one rule for a task's and a milestone's light, as a Python answer
for one task and as a queryset filter for lists and counts (the two read the same thresholds).

- red: past its deadline, or a milestone not done past its date;
- yellow: its deadline or an open milestone within `yellow_workdays` working days, or its progress
  report more than `report_grace_days` late;
- unassigned: a task nobody has been given yet (待交办) is not "on track", whatever its dates,
  unless it is already overdue (red);
- green: otherwise; a closed task is "closed"."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from yiwang.calendar import services as calendar

from .models import OPEN_STATES, Light, Milestone, Settings, State


@dataclass(frozen=True)
class Thresholds:
    now: dt.datetime
    today: dt.date
    yellow_day: dt.date        # a date on or before this is close
    report_late_before: dt.date  # a report due before this is late


def thresholds(now=None, cal=None, settings=None):
    now = now or timezone.now()
    settings = settings or Settings.current()
    cal = cal or calendar.load()
    today = timezone.localtime(now).date()
    return Thresholds(now=now, today=today, yellow_day=cal.add_workdays(today, settings.yellow_workdays),
                      report_late_before=today - dt.timedelta(days=settings.report_grace_days))


def _local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def milestone_light(milestone, th):
    if milestone.done_at:
        return Light.CLOSED
    if milestone.due_on < th.today:
        return Light.RED
    if milestone.due_on <= th.yellow_day:
        return Light.YELLOW
    return Light.GREEN


def report_late(task, th):
    return task.is_open and task.next_report_due is not None and task.next_report_due < th.report_late_before


def light(task, th, milestones=None):
    """The task's light. `milestones` may be given to save a query (the task's milestones)."""
    if task.state == State.CLOSED:
        return Light.CLOSED
    milestones = list(task.milestones.all()) if milestones is None else milestones
    lights = {milestone_light(m, th) for m in milestones}
    if (task.deadline and task.deadline < th.now) or Light.RED in lights:
        return Light.RED
    if task.state == State.PENDING:
        return Light.UNASSIGNED
    if (task.deadline and _local_day(task.deadline) <= th.yellow_day) or Light.YELLOW in lights \
            or report_late(task, th):
        return Light.YELLOW
    return Light.GREEN


def _open_milestones(**due):
    return Exists(Milestone.objects.filter(task=OuterRef("pk"), done_at__isnull=True, **due))


def _red(th):
    return Q(deadline__lt=th.now) | Q(_open_milestones(due_on__lt=th.today))


def _yellow(th):
    end_of_yellow_day = timezone.make_aware(dt.datetime.combine(th.yellow_day, dt.time.max))
    return (Q(deadline__lte=end_of_yellow_day) | Q(_open_milestones(due_on__lte=th.yellow_day))
            | Q(next_report_due__lt=th.report_late_before))


def q(light_code, th):
    """The filter of the tasks whose light is `light_code` (the same rule as light())."""
    is_open = Q(state__in=OPEN_STATES)
    worked_on = Q(state__in=[s for s in OPEN_STATES if s != State.PENDING])
    if light_code == Light.RED:
        return is_open & _red(th)
    if light_code == Light.UNASSIGNED:
        return Q(state=State.PENDING) & ~_red(th)
    if light_code == Light.YELLOW:
        return worked_on & ~_red(th) & _yellow(th)
    if light_code == Light.GREEN:
        return worked_on & ~_red(th) & ~_yellow(th)
    if light_code == Light.CLOSED:
        return Q(state=State.CLOSED)
    raise ValueError(light_code)
