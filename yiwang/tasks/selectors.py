"""Reads of key tasks: who sees which, the lists and their filters, the counts by light and by
unit, the inbox queues, and a tracked hot issue's new orders week by week."""
import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import inbox
from yiwang.orgs import roles as R

from . import lights, workflow
from .models import Light, State, Task, TaskNotice

FOLLOWERS = workflow.ASSIGNERS  # the supervision office, leaders and administrators see every task


def may_open(user):
    return bool(R.roles_of(user) & (FOLLOWERS | R.UNIT_ROLES))


def visible_tasks(user, qs=None):
    """A unit sees the tasks it leads or takes part in; supervisors and leaders see all."""
    qs = Task.objects.all() if qs is None else qs
    user_roles = R.roles_of(user)
    if user_roles & FOLLOWERS:
        return qs
    unit = R.unit_of(user)
    if user_roles & R.UNIT_ROLES and unit is not None:
        return qs.filter(Q(lead_unit=unit) | Q(co_units=unit)).distinct()
    return qs.none()


def _item_of_unit(unit):
    return Q(lead_unit=unit) | Q(task__lead_unit=unit) | Q(task__co_units=unit)


def visible_meetings(user):
    """Followers see every meeting; a unit the meetings with an item it leads or takes part in."""
    from .models import Meeting

    if R.roles_of(user) & FOLLOWERS:
        return Meeting.objects.all()
    unit = R.unit_of(user)
    if not (R.roles_of(user) & R.UNIT_ROLES) or unit is None:
        return Meeting.objects.none()
    from .models import MeetingItem

    return Meeting.objects.filter(pk__in=MeetingItem.objects.filter(_item_of_unit(unit)).values("meeting_id"))


def visible_items(user, meeting):
    """A meeting's items as this user may read them: all for followers, a unit's own for a unit
    (not the other units' items, tasks and lights)."""
    items = meeting.items.select_related("lead_unit", "task__lead_unit")
    if R.roles_of(user) & FOLLOWERS:
        return items
    unit = R.unit_of(user)
    return items.filter(_item_of_unit(unit)).distinct() if unit else items.none()


def can_see(user, task):
    return visible_tasks(user, Task.objects.filter(pk=task.pk)).exists()


def _date(value):
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def _day_start(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


QUEUES = {
    "to_assign": lambda th, user: Q(state=State.PENDING),
    "closure_requests": lambda th, user: Q(state=State.CLOSURE_REQUESTED),
    "extension_requests": lambda th, user: Q(state=State.HANDLING, extension_to__isnull=False),
    "mine": lambda th, user: Q(state=State.HANDLING, lead_unit=R.unit_of(user)),
    "reports_due": lambda th, user: Q(state=State.HANDLING, lead_unit=R.unit_of(user), next_report_due__lte=th.today),
    # A task with a notice of its unit's still unanswered (a LEFT JOIN would also match tasks that never had one).
    "notices": lambda th, user: Q(state__in=[State.HANDLING, State.CLOSURE_REQUESTED]) & Q(Exists(
        TaskNotice.objects.filter(task=OuterRef("pk"), unit=R.unit_of(user), answered_at__isnull=True))),
    # The open tasks the user's unit takes part in as a co-unit (协办).
    "co": lambda th, user: Q(state__in=[State.HANDLING, State.CLOSURE_REQUESTED], co_units=R.unit_of(user)),
}


def search(user, params, th=None):
    """The list's filters: each one a parameter of the address, so every figure links to its list."""
    th = th or lights.thresholds()
    qs = visible_tasks(user).select_related("lead_unit")
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(requirement__icontains=q))
    for field in ("state", "source", "cadence"):
        if params.get(field):
            qs = qs.filter(**{field: params[field]})
    if params.get("light") in Light.values:
        qs = qs.filter(lights.q(params["light"], th))
    if (params.get("unit") or "").isdigit():
        qs = qs.filter(Q(lead_unit_id=params["unit"]) | Q(co_units=params["unit"])).distinct()
    if (params.get("lead_unit") or "").isdigit():
        qs = qs.filter(lead_unit_id=params["lead_unit"])
    if params.get("has_lead") == "1":
        qs = qs.filter(lead_unit__isnull=False)
    for field in ("meeting", "study_visit"):
        if (params.get(field) or "").isdigit():
            qs = qs.filter(**{f"{field}_id": params[field]})
    if params.get("queue") in QUEUES:
        qs = qs.filter(QUEUES[params["queue"]](th, user)).distinct()
    if params.get("report_late") == "1":
        qs = qs.filter(state=State.HANDLING, next_report_due__lt=th.report_late_before)
    # Deadlines in a span (the assessment's on-time rate opens its tasks this way).
    start, end = _date(params.get("due_from")), _date(params.get("due_to"))
    if start:
        qs = qs.filter(deadline__gte=_day_start(start))
    if end:
        qs = qs.filter(deadline__lt=_day_start(end + dt.timedelta(days=1)))
    if params.get("on_time") == "1":
        qs = qs.filter(closed_on_time=True)
    if params.get("due_passed") == "1":  # closed, or open past the deadline: what the on-time rate counts
        qs = qs.filter(Q(state=State.CLOSED) | Q(deadline__lt=th.now))
    order = {"deadline": ("deadline", "id"), "-created": ("-created_at", "-id")}.get(params.get("sort"))
    return qs.order_by(*(order or ("-created_at", "-id")))


def with_lights(tasks, th):
    """Each task with its `.light` (milestones fetched once for the lot)."""
    tasks = list(tasks)
    from .models import Milestone

    by_task = {}
    for m in Milestone.objects.filter(task__in=[t.pk for t in tasks]):
        by_task.setdefault(m.task_id, []).append(m)
    for t in tasks:
        t.light = lights.light(t, th, by_task.get(t.pk, []))
    return tasks


def light_counts(user, th=None, qs=None):
    th = th or lights.thresholds()
    qs = visible_tasks(user) if qs is None else qs
    return {code: qs.filter(lights.q(code, th)).count() for code in Light.values}


def by_unit(user, th=None):
    """[(unit id, name, {light: n})] of the lead units with open tasks, most red first."""
    th = th or lights.thresholds()
    qs = visible_tasks(user).filter(lead_unit__isnull=False)
    rows = {}
    for code in (Light.RED, Light.YELLOW, Light.GREEN, Light.UNASSIGNED):
        for row in qs.filter(lights.q(code, th)).values("lead_unit", "lead_unit__name").annotate(n=Count("pk")):
            entry = rows.setdefault(row["lead_unit"], {"unit": row["lead_unit"], "name": row["lead_unit__name"],
                                                      **dict.fromkeys(Light.values, 0)})
            entry[code] = row["n"]
    return sorted(rows.values(), key=lambda r: (-r[Light.RED], -r[Light.YELLOW], r["name"]))


def queue_counts(user, th=None):
    th = th or lights.thresholds()
    roles = R.roles_of(user)
    codes = []
    if roles & FOLLOWERS:
        codes += ["to_assign", "extension_requests"]
    if roles & workflow.APPROVERS:
        codes += ["closure_requests"]
    if roles & R.UNIT_ROLES and R.unit_of(user) is not None:
        codes += ["mine", "reports_due", "notices", "co"]
    labels = {"to_assign": _("To be assigned"), "closure_requests": _("Closure requests"),
              "extension_requests": _("Extension requests"), "mine": _("Led by my unit"),
              "reports_due": _("Progress reports due"), "notices": _("Notices to answer"),
              "co": _("Taken part in as a co-unit")}
    base = visible_tasks(user)
    return [(code, labels[code], base.filter(QUEUES[code](th, user)).distinct().count()) for code in codes]


def inbox_section(user):
    if not may_open(user):
        return None
    th = lights.thresholds()
    red = visible_tasks(user).filter(lights.q(Light.RED, th))
    entries = []
    for code, label, n in queue_counts(user, th):
        overdue = red.filter(QUEUES[code](th, user)).distinct().count() if code in ("mine", "to_assign") else 0
        entries.append(inbox.Entry(code=f"tasks-{code}", label=label, count=n, overdue=overdue,
                                   url=f"{reverse('tasks:list')}?queue={code}"))
    return inbox.Section(label=_("Key tasks (督查督办)"), entries=entries)


def issue_orders(tracked, start, end):
    """The work orders of a tracked hot issue filed in [start, end)."""
    from yiwang.insight.services import orders_like

    return orders_like(tracked.order_numbers, start, end)


def weekly_issue_orders(tracked, now=None):
    """[(week's first day, new orders that week)] from the week the issue was made a task, Monday
    to Sunday, up to this week; one query of the candidates for the whole span."""
    now = now or timezone.now()
    since = timezone.localtime(tracked.since)
    first = since.date() - dt.timedelta(days=since.weekday())
    found = issue_orders(tracked, tracked.since, now)
    weeks = []
    day = first
    while day <= timezone.localtime(now).date():
        nxt = day + dt.timedelta(days=7)
        n = sum(1 for o in found if day <= timezone.localtime(o.created_at).date() < nxt)
        weeks.append((day, n))
        day = nxt
    return weeks, found
