"""What a unit is asked to answer, what it takes part in, and what the 督查室 follows: numbered
notices with their answer dates in one register, each figure counting what it says."""
import datetime as dt

from django.utils import timezone

from yiwang.tasks import selectors, services
from yiwang.tasks.models import TaskNotice
from yiwang.workorders import services as orders

from ..conftest import handling
from .conftest import co_staff, new_task, v  # noqa: F401 (fixture)


def test_notices_to_answer_counts_only_tasks_with_an_unanswered_notice(org):
    """F1: the queue counted every active task that never had a notice (a LEFT JOIN's NULL)."""
    quiet = new_task(org, title="没有催督办")
    urged = new_task(org, title="有催办")
    services.urge(task=urged, actor=org.supervisor, text="请加快。", version=v(urged))
    counts = {code: n for code, _label, n in selectors.queue_counts(org.staff)}
    assert counts["notices"] == 1 and counts["mine"] == 2
    listed = selectors.search(org.staff, {"queue": "notices"})
    assert [t.number for t in listed] == [urged.number] and quiet not in listed
    services.answer_notice(task=urged, actor=org.staff, notice=urged.notices.get(), text="已加派人手。",
                           version=v(urged))
    assert {code: n for code, _label, n in selectors.queue_counts(org.staff)}["notices"] == 0


def test_a_co_unit_has_a_queue_of_the_tasks_it_takes_part_in(org, co_staff):  # noqa: F811
    """F10: a co-unit's inbox had only the lead unit's queues."""
    task = new_task(org, co=[org.street])
    counts = {code: n for code, _label, n in selectors.queue_counts(co_staff)}
    assert counts["co"] == 1 and counts["mine"] == 0
    assert [t.number for t in selectors.search(co_staff, {"queue": "co"})] == [task.number]


def test_a_supervision_notice_is_numbered_has_its_day_and_prints(org, client):
    task = new_task(org)
    services.supervise(task=task, actor=org.supervisor, text="请于期限内书面答复。", version=v(task),
                       answer_due=dt.date(2026, 12, 2))
    notice = TaskNotice.objects.get()
    assert notice.reference == "督办〔2026〕1号" and timezone.localtime(notice.answer_due).date() == dt.date(2026, 12, 2)
    client.force_login(org.staff)  # the unit it is addressed to prints it too
    pdf = client.get(f"/supervision/notices/task/{notice.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(org.staff2)
    assert client.get(f"/supervision/notices/task/{notice.pk}.pdf").status_code == 404


def test_the_register_lists_work_order_and_task_notices_and_the_late_ones(org, client, fixed_time):
    """F8: task 督办单 were missing from the register, and nothing showed an answer overdue."""
    task = new_task(org)
    services.supervise(task=task, actor=org.supervisor, text="督办。", version=v(task))
    order = handling(org)
    orders.issue_notice(order=order, actor=org.dispatcher, kind="urge", text="催办。", version=order.version)
    client.force_login(org.supervisor)
    page = client.get("/supervision/notices/").content.decode()
    assert task.number in page and order.number in page and "督办〔2026〕1号" in page and "督催〔2026〕1号" in page
    fixed_time.shift(dt.timedelta(days=10))
    client.force_login(org.supervisor)
    late = client.get("/supervision/notices/", {"state": "late"}).content.decode()
    assert task.number in late and order.number not in late  # the urge has no answer date
    only_tasks = client.get("/supervision/notices/", {"source": "task"}).content.decode()
    assert task.number in only_tasks and order.number not in only_tasks


def test_the_command_centre_says_how_many_units_it_does_not_show(org, client, settings):
    """F5: the by-unit table was cut to 10 units without a word, and its columns did not add up."""
    from yiwang.dashboard import views as dashboard
    from yiwang.orgs.models import Unit

    for n in range(12):
        unit = Unit.objects.create(code=f"U{n:02d}", name=f"测试单位{n:02d}", kind=Unit.Kind.BUREAU)
        new_task(org, title=f"任务{n}", lead=unit)
    new_task(org, title="待交办", assign=False)  # 城管局's, not assigned yet: not "on track"
    panel = dashboard.task_panel(org.leader)
    assert len(panel["units"]) == 10 and panel["more"] == 3
    assert panel["totals"]["green"] == 12 and panel["totals"]["unassigned"] == 1
    client.force_login(org.leader)
    assert "另有 3 个单位未列出" in client.get("/dashboard/").content.decode()
    every = client.get("/tasks/units/").content.decode()
    assert every.count("测试单位") == 12 and "城管局" in every
    listed = client.get("/tasks/", {"has_lead": "1", "light": "unassigned"}).content.decode()
    assert "共 1 项" in listed  # the total opens exactly its one task


def test_the_scores_formula_names_every_weight_the_score_uses(org, client):
    """F7: the text left out the key-task weight the score counts."""
    client.force_login(org.supervisor)
    page = client.get("/supervision/assessment/").content.decode()
    formula = page[page.index('id="score-formula"'):page.index("</dd>", page.index('id="score-formula"'))]
    assert "督办事项按期完成率 10" in formula and "（1 − 退单率） 10" in formula


def test_the_history_says_what_was_decided(org, client):
    """F9: 交办 named no unit or deadline, 审批延期 neither approved nor refused nor the dates."""
    task = new_task(org, co=[org.street])
    services.request_extension(task=task, actor=org.staff, until="2026-12-31", reason="招标延后。", version=v(task))
    services.decide_extension(task=task, actor=org.supervisor, approve=False, note="不延期。", version=v(task))
    client.force_login(org.supervisor)
    page = client.get(f"/tasks/{task.number}/").content.decode()
    assert "牵头单位 城管局；协办单位 青山街道；完成时限 2026-12-18" in page
    assert "不同意延期至 2026-12-31，时限仍为 2026-12-18" in page
