"""Red, yellow and green: one rule, the same for one task as for a list's filter and counts."""
import datetime as dt

from tests.conftest import at
from yiwang.tasks import lights, selectors, services
from yiwang.tasks.models import Cadence, Light, Task

from .conftest import DUE, EVIDENCE, SOON, new_task, v


def filtered(th):
    return {code: set(Task.objects.filter(lights.q(code, th)).values_list("number", flat=True))
            for code in Light.values}


def test_each_task_has_the_light_its_dates_give_and_the_filter_agrees(org, fixed_time):
    green = new_task(org, title="绿灯", deadline=DUE)
    near = new_task(org, title="临近时限", deadline=SOON)                      # two working days on: yellow
    milestone = new_task(org, title="节点临近", deadline=DUE, milestones=[("招标", SOON)])
    pending = new_task(org, title="待交办无时限", assign=False, deadline=None, lead=org.bureau)
    weekly = new_task(org, title="每周报送", deadline=DUE, cadence=Cadence.WEEKLY)
    closed = new_task(org, title="已销号", deadline=DUE)
    services.request_closure(task=closed, actor=org.staff, evidence=EVIDENCE, version=v(closed))
    services.approve_closure(task=closed, actor=org.supervisor, version=v(closed))

    th = lights.thresholds()
    # F6: a task nobody was given is not "on track" (it read 正常推进 on the list and the dashboard).
    expected = {green: Light.GREEN, near: Light.YELLOW, milestone: Light.YELLOW, pending: Light.UNASSIGNED,
                weekly: Light.GREEN, closed: Light.CLOSED}
    for task, light in expected.items():
        task.refresh_from_db()
        assert lights.light(task, th) == light, task.title
    by_filter = filtered(th)
    for task, light in expected.items():
        assert task.number in by_filter[light], (task.title, light)
    assert sum(len(s) for s in by_filter.values()) == Task.objects.count()  # every task has exactly one light

    # A week and a half on: the near task and the milestone are past their dates, the weekly
    # report is more than the grace late.
    fixed_time.move_to(at(2026, 12, 7, 9, 0))
    th = lights.thresholds()
    expected = {green: Light.GREEN, near: Light.RED, milestone: Light.RED, weekly: Light.YELLOW}
    by_filter = filtered(th)
    for task, light in expected.items():
        task.refresh_from_db()
        assert lights.light(task, th) == light, task.title
        assert task.number in by_filter[light], (task.title, light)
    assert lights.report_late(weekly, th)
    # A milestone done takes its light away.
    services.complete_milestone(task=milestone, actor=org.staff, milestone=milestone.milestones.get(), version=v(milestone))
    assert lights.light(milestone, lights.thresholds()) == Light.GREEN


def test_the_counts_by_light_and_by_unit_are_what_the_lists_hold(org, fixed_time):
    new_task(org, deadline=SOON)
    new_task(org, deadline=DUE, lead=org.bureau2)
    new_task(org, deadline=DUE)
    fixed_time.move_to(at(2026, 11, 30, 9, 0))
    th = lights.thresholds()
    counts = selectors.light_counts(org.supervisor, th)
    assert counts == {"green": 2, "yellow": 0, "red": 1, "unassigned": 0, "closed": 0}
    for code, n in counts.items():
        assert selectors.search(org.supervisor, {"light": code}, th).count() == n
    rows = selectors.by_unit(org.supervisor, th)
    assert [(r["name"], r["red"], r["green"]) for r in rows] == [("城管局", 1, 1), ("住建局", 0, 1)]
    # A unit counts only what it takes part in.
    assert selectors.light_counts(org.staff2, th)["green"] == 1


def test_the_yellow_window_is_counted_in_working_days(org):
    from yiwang.tasks.models import Settings

    Settings.objects.create(yellow_workdays=1)
    task = new_task(org, deadline=SOON)  # Friday; today is Wednesday: two working days
    assert lights.light(task, lights.thresholds()) == Light.GREEN
    Settings.objects.update(yellow_workdays=2)
    assert lights.light(task, lights.thresholds()) == Light.YELLOW
    assert lights.thresholds().yellow_day == dt.date(2026, 11, 27)
