"""Where tasks come from: a meeting's decision items, a benchmarking visit's action list with
measured targets, a hot issue made a key task (每月一题), and a leader's list in Excel."""
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from tests.conftest import at, new_order
from yiwang.errors import ActionRefused
from yiwang.tasks import importer, indicators, selectors, services
from yiwang.tasks.models import Meeting, Source, State, Task
from yiwang.workorders.models import WorkOrder

from .conftest import DUE, SOON, new_task, v


def meeting(org, items=None):
    return services.record_meeting(
        actor=org.supervisor, kind=Meeting.Kind.COMMAND_POST, title="起步区第一指挥部第 12 次例会",
        held_on=dt.date(2026, 11, 24), chair="王指挥长", attendees="区城管局、青山街道", minutes="研究桥头绿化和拆违。",
        command_post="第一指挥部", items=items if items is not None else [
            {"text": "拆除大桥出口处大棚围墙", "lead_unit": org.street, "due_on": SOON},
            {"text": "桥头绿化方案报审", "lead_unit": org.bureau, "due_on": DUE},
            {"text": "研究渣土车夜间通行", "lead_unit": None, "due_on": None}])


def test_a_meetings_items_become_tasks_in_one_step_and_the_meeting_shows_how_they_stand(org, client):
    m = meeting(org)
    assert m.number.startswith("HY20261124") and m.items.count() == 3
    made, refused = services.items_to_tasks(meeting=m, actor=org.supervisor)
    assert len(made) == 3 and not refused
    first = m.items.get(seq=1).task
    assert first.source == Source.MEETING and first.meeting == m and first.state == State.HANDLING
    assert first.lead_unit == org.street and first.leader == "王指挥长"
    assert m.items.get(seq=3).task.state == State.PENDING  # no unit or date: waits to be assigned
    with pytest.raises(ActionRefused, match="已是督办事项"):
        services.item_to_task(item=m.items.get(seq=1), actor=org.supervisor)
    client.force_login(org.supervisor)
    page = client.get(f"/tasks/meetings/{m.number}/").content.decode()
    assert first.number in page and "办理中" in page and "待交办" in page


def test_a_meeting_without_items_or_with_an_item_due_before_it_is_refused(org):
    with pytest.raises(ValidationError) as caught:
        meeting(org, items=[])
    assert "items" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        meeting(org, items=[{"text": "x", "lead_unit": org.bureau, "due_on": dt.date(2026, 11, 1)}])
    assert "item_1" in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_a_meeting_is_recorded_and_its_items_made_tasks_through_the_pages(org, client):
    client.force_login(org.supervisor)
    response = client.post("/tasks/meetings/new/", {
        "kind": "leadership", "title": "区政府常务会议", "held_on": "2026-11-24", "chair": "刘区长",
        "item_text": ["老旧小区改造年底前开工", "", "河道清淤"], "item_unit": [str(org.bureau2.pk), "", str(org.bureau.pk)],
        "item_due": ["2026-12-18", "", "2026-12-31"]})
    m = Meeting.objects.get()
    assert response["Location"] == f"/tasks/meetings/{m.number}/"
    assert m.items.count() == 2
    client.post(f"/tasks/meetings/{m.number}/tasks/")
    assert Task.objects.filter(meeting=m, state=State.HANDLING).count() == 2


def test_a_benchmarking_target_is_measured_from_the_applications(org, client):
    from tests.services.conftest import Hall, apply, make_item
    from tests.conftest import make_user
    from yiwang.services.models import Application

    hall = Hall()
    hall.org, hall.clerk = org, make_user("clerk", ["clerk"], org.centre)
    hall.item = make_item(org.bureau)
    visit = services.record_visit(actor=org.supervisor, theme="审批提速", destination="苏州工业园区",
                                  starts_on=dt.date(2026, 11, 10), ends_on=dt.date(2026, 11, 12), participants="区审批局",
                                  lessons="一窗受理、并联审批，审批时限从 3 个工作日压缩到 1 个。")
    action = new_task(org, source=Source.BENCHMARKING, title="食品经营许可审批 3→1 个工作日", study_visit=visit,
                      indicator="item_workdays", indicator_params={"item": hall.item.code}, baseline=3,
                      target_value=1)
    assert indicators.measure_now(action) is None  # nothing finished yet
    # Two applications finished in the last 30 days: accepted Monday, ready Wednesday (2 days) and
    # accepted Monday, ready Tuesday (1 day).
    for accepted, ready in ((at(2026, 11, 16, 10), at(2026, 11, 18, 15)), (at(2026, 11, 23, 10), at(2026, 11, 24, 9))):
        app = apply(hall)
        Application.objects.filter(pk=app.pk).update(accepted_at=accepted, ready_at=ready, suspended_workdays=0)
    assert indicators.measure_now(action) == 1.5
    assert indicators.attainment(action, 1.5) == 75.0 and indicators.met(action, 1.5) is False
    assert indicators.met(action, 1.0) is True
    client.force_login(org.leader)
    board = client.get(f"/tasks/benchmarking/{visit.number}/").content.decode()
    assert action.title in board and "1.5" in board and "食品经营许可" in board
    assert "1.5" in client.get(f"/tasks/{action.number}/").content.decode()


def test_a_target_needs_a_known_indicator_its_parameters_and_a_value(org):
    for indicator, params, target, field in (("nonsense", {}, 1, "indicator"), ("item_workdays", {}, 1, "indicator"),
                                             ("item_workdays", {"item": "NOPE"}, 1, "indicator"),
                                             ("unit_response_rate", {"unit": org.bureau.pk}, None, "target_value")):
        with pytest.raises(ValidationError) as caught:
            new_task(org, indicator=indicator, indicator_params=params, target_value=target)
        assert field in caught.value.message_dict, indicator


def test_a_hot_issue_made_a_key_task_shows_its_new_orders_week_by_week(org, fixed_time,
                                                                      django_capture_on_commit_callbacks):
    def order(title, body, when):
        fixed_time.move_to(when)
        with django_capture_on_commit_callbacks(execute=True):
            return new_order(org, title=title, body=body, caller_phone="")

    same = ("青山小区楼下烧烤摊油烟扰民", "青山小区楼下烧烤摊每晚油烟很大，窗户都不敢开。")
    members = [order(*same, at(2026, 11, 20 + i, 21)) for i in range(3)]
    other = order("翠湖路路灯不亮", "翠湖路路灯连续多日不亮，晚上很黑。", at(2026, 11, 24, 20))
    fixed_time.move_to(at(2026, 11, 25, 9))
    task = services.track_hot_issue(actor=org.leader, description="青山小区烧烤油烟扰民", place="青山小区",
                                    order_numbers=[m.number for m in members], lead_unit=org.street, deadline=DUE)
    assert task.source == Source.MONTHLY_TOPIC and task.state == State.HANDLING
    order("青山小区烧烤油烟太大", "青山小区楼下烧烤摊油烟很大，严重扰民。", at(2026, 11, 26, 22))
    order("青山小区楼下烧烤油烟扰民", "楼下烧烤摊油烟扰民，请处理。青山小区。", at(2026, 12, 3, 22))
    order("翠湖路路灯又不亮", "翠湖路路灯又不亮了。", at(2026, 12, 3, 23))
    fixed_time.move_to(at(2026, 12, 9, 9))
    weeks, found = selectors.weekly_issue_orders(task.tracked_issue)
    assert weeks == [(dt.date(2026, 11, 23), 1), (dt.date(2026, 11, 30), 1), (dt.date(2026, 12, 7), 0)]
    assert other.number not in {o.number for o in found}


def test_the_hot_issue_page_offers_leaders_to_make_an_issue_a_task(org, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            new_order(org, title="青山小区楼下烧烤摊油烟扰民", body=f"烧烤油烟很大，第 {i} 次反映。青山小区。",
                      caller_phone=f"1390531000{i}")
    client.force_login(org.leader)
    page = client.get("/insight/hot/").content.decode()
    assert "列为重点任务（每月一题）" in page
    client.force_login(org.dispatcher)
    assert "列为重点任务" not in client.get("/insight/hot/").content.decode()
    client.force_login(org.leader)
    numbers = ",".join(WorkOrder.objects.values_list("number", flat=True))
    response = client.post("/tasks/from-hot-issue/", {"description": "青山小区烧烤油烟扰民", "place": "青山小区",
                                                      "orders": numbers, "lead_unit": org.street.pk,
                                                      "deadline": "2026-12-18", "leader": "刘书记"})
    task = Task.objects.get()
    assert response["Location"] == f"/tasks/{task.number}/" and task.tracked_issue.order_numbers
    assert "每周新增工单" in client.get(response["Location"]).content.decode()


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append([h for h, _f, _r in importer.COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_list_of_tasks_is_imported_whole_or_not_at_all(org):
    good = ["", "领导批示", "老旧小区加装电梯", "年内完成 3 个试点。", "城管局", "青山街道、住建局", dt.date(2026, 12, 18), "每月",
            "刘书记", "方案:2026-12-04；招标:2026-12-11"]
    pending = ["", "重点工作", "河道清淤", "汛前完成。", "", "", "", "", "", ""]
    bad = ["", "小道消息", "", "x", "不存在的局", "", "2026-13-40", "每小时", "", "节点:2027-05-01"]
    report = importer.import_tasks(actor=org.supervisor, name="tasks.xlsx", content=workbook([good, pending, bad]))
    assert not report.saved and Task.objects.count() == 0
    errors = {r.line: "；".join(r.errors) for r in report.errors}
    assert set(errors) == {4}
    for text in ("小道消息", "不存在的局", "2026-13-40", "每小时"):
        assert text in errors[4]
    report = importer.import_tasks(actor=org.supervisor, name="tasks.xlsx", content=workbook([good, pending]))
    assert len(report.saved) == 2
    first = Task.objects.get(title="老旧小区加装电梯")
    assert first.state == State.HANDLING and set(first.co_units.all()) == {org.street, org.bureau2}
    assert first.milestones.count() == 2 and first.events.first().action == "import"
    assert Task.objects.get(title="河道清淤").state == State.PENDING


def test_importing_the_same_list_again_makes_no_task_twice(org):
    """F3: the same file uploaded again made every task again and assigned it again."""
    by_title = ["", "领导批示", "背街小巷环境整治", "整治 20 条。", "城管局", "", dt.date(2026, 12, 18), "每月", "", ""]
    by_number = ["2027-01", "领导批示", "河道清淤", "汛前完成。", "城管局", "", dt.date(2026, 12, 18), "", "", ""]
    first = importer.import_tasks(actor=org.supervisor, name="t.xlsx", content=workbook([by_title, by_number]))
    assert len(first.saved) == 2
    again = importer.import_tasks(actor=org.supervisor, name="t.xlsx", content=workbook([by_title, by_number]))
    assert not again.saved and not again.errors and Task.objects.count() == 2
    assert [r.existing for r in again.rows] == [t.number for t in first.saved]
    renamed = list(by_number)
    renamed[2] = "河道清淤（第二轮）"  # its own number says it is the same task
    assert importer.import_tasks(actor=org.supervisor, name="t.xlsx", content=workbook([renamed])).rows[0].existing
    twice = importer.import_tasks(actor=org.supervisor, name="t.xlsx", content=workbook([
        ["", "领导批示", "新任务", "x", "城管局", "", dt.date(2026, 12, 18), "", "", ""]] * 2))
    assert not twice.saved and "与第 2 行是同一项任务" in "".join(twice.rows[1].errors)


def test_an_import_row_the_service_refuses_saves_nothing(org):
    late = ["", "领导批示", "节点晚于时限", "x", "城管局", "", "2026-12-18", "每月", "", "节点:2027-01-08"]
    fine = ["", "领导批示", "正常任务", "x", "城管局", "", "2026-12-18", "每月", "", ""]
    report = importer.import_tasks(actor=org.supervisor, name="t.xlsx", content=workbook([fine, late]))
    assert not report.saved and Task.objects.count() == 0
    assert "晚于" in "".join(report.errors[0].errors)


def test_the_import_page_and_its_template(org, client):
    client.force_login(org.supervisor)
    assert client.get("/tasks/import/template.xlsx")["Content-Type"].startswith("application/vnd.openxml")
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post("/tasks/import/", {"file": SimpleUploadedFile("t.csv", "来源,标题\n领导批示,x\n".encode("gbk"))},
                       follow=True).content.decode()
    assert "工作要求" in page  # the missing column is named
    client.force_login(org.staff)
    assert client.get("/tasks/import/").status_code == 403


def test_a_reply_crossing_tasks_keeps_versions_apart(org):
    a, b = new_task(org, title="甲"), new_task(org, title="乙")
    services.report(task=a, actor=org.staff, text="甲进展。", version=v(a))
    services.report(task=b, actor=org.staff, text="乙进展。", version=v(b))
    assert a.reports.count() == b.reports.count() == 1


def test_a_hot_issue_already_followed_links_to_its_task_instead(org, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members = [new_order(org, title="青山小区楼下烧烤摊油烟扰民", body=f"烧烤油烟很大，第 {i} 次反映。青山小区。",
                             caller_phone=f"1390531000{i}") for i in range(3)]
    task = services.track_hot_issue(actor=org.leader, description="青山小区烧烤油烟扰民", place="青山小区",
                                    order_numbers=[m.number for m in members], lead_unit=org.street, deadline=DUE)
    client.force_login(org.leader)
    page = client.get("/insight/hot/").content.decode()
    assert "已列为重点任务" in page and task.number in page and "列为重点任务（每月一题）" not in page
