"""The key-task pages: who sees what, the actions through the page, the list's filters, Excel
and the 督查通报."""
import io

from openpyxl import load_workbook

from tests.conftest import at
from yiwang.tasks import circular, lights
from yiwang.tasks.models import State, Task

from .conftest import DUE, SOON, new_task


def test_a_unit_sees_the_tasks_it_takes_part_in_and_no_other(org, client, co_staff):
    mine = new_task(org, title="城管局牵头", co=[org.street])
    theirs = new_task(org, title="住建局牵头", lead=org.bureau2)
    client.force_login(org.staff)
    page = client.get("/tasks/").content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(f"/tasks/{theirs.number}/").status_code == 404
    client.force_login(co_staff)
    assert mine.number in client.get("/tasks/").content.decode()
    for user in (org.agent, org.dispatcher, org.callback, org.nobody):
        client.force_login(user)
        assert client.get("/tasks/").status_code == 403, user
    client.force_login(org.leader)
    page = client.get("/tasks/").content.decode()
    assert mine.number in page and theirs.number in page


def test_the_whole_loop_through_the_page(org, client):
    client.force_login(org.supervisor)
    response = client.post("/tasks/new/", {
        "source": "instruction", "title": "背街小巷整治", "requirement": "年底前完成 20 条背街小巷整治。",
        "lead_unit": org.bureau.pk, "deadline": "2026-12-18", "cadence": "weekly", "assign": "1",
        "milestone_title": ["摸排", ""], "milestone_due": ["2026-11-27", ""]})
    task = Task.objects.get()
    assert response["Location"] == f"/tasks/{task.number}/" and task.state == State.HANDLING
    client.force_login(org.staff)
    page = client.get(f"/tasks/{task.number}/").content.decode()
    assert "报送进展" in page and "退回" in page
    client.post(f"/tasks/{task.number}/act/report/", {"version": task.version, "text": "已摸排 20 条。", "progress": 30})
    task.refresh_from_db()
    client.post(f"/tasks/{task.number}/act/complete_milestone/",
                {"version": task.version, "milestone": task.milestones.get().pk})
    task.refresh_from_db()
    client.post(f"/tasks/{task.number}/act/request_closure/", {"version": task.version, "evidence": "20 条背街小巷的整治已完成，并通过街道验收。"})
    client.force_login(org.supervisor)
    task.refresh_from_db()
    response = client.post(f"/tasks/{task.number}/act/approve_closure/", {"version": task.version}, follow=True)
    assert "已完成：销号" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.CLOSED


def test_a_refused_action_says_why_and_changes_nothing(org, client):
    task = new_task(org)
    client.force_login(org.staff)
    response = client.post(f"/tasks/{task.number}/act/request_extension/",
                            {"version": task.version, "until": "2026-12-26", "reason": "x"}, follow=True)
    assert "不是工作日" in response.content.decode()
    task.refresh_from_db()
    assert task.extension_to is None


def test_the_form_names_its_errors_and_keeps_what_was_typed(org, client):
    client.force_login(org.supervisor)
    page = client.post("/tasks/new/", {"source": "instruction", "title": "我的标题", "requirement": "",
                                       "deadline": "2026-11-28", "assign": "1"}).content.decode()
    assert "请填写工作要求" in page and "不是工作日" in page and "我的标题" in page
    assert not Task.objects.exists()
    page = client.post("/tasks/new/", {"source": "instruction", "title": "我的标题", "requirement": "",
                                       "deadline": "2026-12-18", "milestone_title": ["摸排底数", "", "集中整治"],
                                       "milestone_due": ["2026-11-27", "", "2026-12-11"]}).content.decode()
    assert 'value="摸排底数"' in page and 'value="2026-11-27"' in page and 'value="集中整治"' in page
    assert page.count('name="milestone_title"') == 5  # the two typed rows and three empty ones


def test_a_closed_task_shows_its_state_once_and_the_report_form_names_its_two_fields(org, client):
    task = new_task(org)
    client.force_login(org.staff)
    page = client.get(f"/tasks/{task.number}/").content.decode()
    assert "工作进展 *" in page and "完成比例（%）" in page and 'id="light"' in page
    Task.objects.filter(pk=task.pk).update(state=State.CLOSED)
    page = client.get(f"/tasks/{task.number}/").content.decode()
    assert page.count("已销号") == 1 and 'id="light"' not in page


def test_the_list_filters_exports_and_prints_the_circular(org, client, fixed_time):
    new_task(org, title="超期任务", deadline=SOON)
    new_task(org, title="正常任务", deadline=DUE, lead=org.bureau2)
    fixed_time.move_to(at(2026, 11, 30, 9))
    client.force_login(org.supervisor)
    red = client.get("/tasks/", {"light": "red"}).content.decode()
    assert "超期任务" in red and "正常任务" not in red
    by_unit = client.get("/tasks/", {"unit": org.bureau2.pk}).content.decode()
    assert "正常任务" in by_unit and "超期任务" not in by_unit
    export = client.get("/tasks/", {"light": "red", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][0] == "任务编号" and len(rows) == 2 and rows[1][9] == "已超期"
    pdf = client.get("/tasks/circular.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    data = circular.summary(Task.objects.select_related("lead_unit"), lights.thresholds())
    assert data["totals"]["red"] == 1 and [u["name"] for u in data["named"]] == ["城管局"]
    assert data["named"][0]["tasks"][0].days_over == 1  # Friday 11-27 to Monday 11-30: one working day
    client.force_login(org.staff)
    assert client.get("/tasks/circular.pdf").status_code == 403


def test_a_circular_is_numbered_when_issued_and_kept_as_issued(org, client, fixed_time):
    """U9: the circular had no issue number, named the user's unit as issuer and counted calendar days."""
    from yiwang.audit.models import Entry
    from yiwang.tasks.models import Circular, Settings

    new_task(org, title="超期任务", deadline=SOON)
    fixed_time.move_to(at(2026, 11, 30, 9))
    client.force_login(org.supervisor)
    page = client.get("/tasks/circulars/", {"light": "red"}).content.decode()
    assert "云溪区人民政府督查室" in page and 'name="query" value="light=red"' in page
    client.post("/tasks/circulars/", {"query": "light=red", "title": "十一月重点任务"})
    settings = Settings.current()
    settings.circular_issuer = "云溪区委督查室"
    settings.save()
    client.post("/tasks/circulars/", {"query": "", "title": ""})
    first, second = Circular.objects.order_by("serial")
    assert (first.reference, second.reference) == ("2026年第1期", "2026年第2期")
    assert (first.issuer, second.issuer, first.query, first.title) == (
        "云溪区人民政府督查室", "云溪区委督查室", "light=red", "十一月重点任务")
    kept = bytes(first.pdf)
    new_task(org, title="后来的任务", deadline=DUE)
    opened = client.get(f"/tasks/circulars/{first.pk}.pdf")
    assert opened.content == kept and kept.startswith(b"%PDF")  # as issued, not made again
    assert Entry.objects.filter(action="tasks.circular").count() == 2
    listed = client.get("/tasks/circulars/").content.decode()
    assert "2026年第1期" in listed and "十一月重点任务" in listed
    client.force_login(org.staff)
    assert client.get(f"/tasks/circulars/{first.pk}.pdf").status_code == 403


def test_the_inbox_shows_what_each_one_has_to_do(org, client, fixed_time):
    from yiwang.tasks import services

    from .conftest import v

    task = new_task(org, cadence="weekly")
    services.request_extension(task=task, actor=org.staff, until="2026-12-31", reason="设备延迟", version=v(task))
    fixed_time.move_to(at(2026, 12, 3, 9))
    client.force_login(org.staff)
    home = client.get("/").content.decode()
    assert "督查督办" in home and "待报送进展" in home
    client.force_login(org.supervisor)
    home = client.get("/").content.decode()
    assert "延期申请" in home


def test_the_command_centre_shows_tasks_by_light_and_unit_each_opening_its_list(org, client, fixed_time):
    new_task(org, title="超期任务", deadline=SOON)
    new_task(org, title="正常任务", deadline=DUE, lead=org.bureau2)
    fixed_time.move_to(at(2026, 11, 30, 9))
    client.force_login(org.leader)
    panel = client.get("/dashboard/").context["tasks"]
    lights_ = {row["code"]: row for row in panel["lights"]}
    assert lights_["red"]["n"] == 1 and lights_["green"]["n"] == 1
    assert client.get(lights_["red"]["url"]).context["page"].paginator.count == 1
    first = panel["units"][0]
    assert first["name"] == "城管局" and client.get(first["red_url"]).context["page"].paginator.count == 1
    client.force_login(org.dispatcher)
    assert client.get("/dashboard/").context["tasks"] is None


def test_meetings_and_the_results_board_export_to_excel(org, client):
    import datetime as dt

    from yiwang.tasks import services

    meeting = services.record_meeting(actor=org.supervisor, kind="command_post", title="例会", held_on=dt.date(2026, 11, 24),
                                      chair="王指挥长", items=[{"text": "拆除围墙", "lead_unit": org.bureau, "due_on": DUE}])
    services.items_to_tasks(meeting=meeting, actor=org.supervisor)
    visit = services.record_visit(actor=org.supervisor, theme="审批提速", destination="苏州工业园区",
                                  starts_on=dt.date(2026, 11, 10), ends_on=dt.date(2026, 11, 12))
    new_task(org, study_visit=visit, indicator="unit_response_rate", indicator_params={"unit": org.bureau.pk},
             baseline=80, target_value=95, title="响应率提升")
    client.force_login(org.leader)
    rows = list(load_workbook(io.BytesIO(client.get("/tasks/meetings/", {"export": "xlsx"}).content)).active.values)
    assert rows[1][7] == "拆除围墙" and rows[1][11] == "办理中"
    board = list(load_workbook(io.BytesIO(client.get(f"/tasks/benchmarking/{visit.number}/",
                                                     {"export": "xlsx"}).content)).active.values)
    assert board[0][0] == "苏州工业园区 · 审批提速" and board[2][1] == "响应率提升" and board[2][6] == "单位响应率"
    page = client.get(f"/tasks/benchmarking/{visit.number}/").content.decode()
    # U6: an empty measurement says why, and the trend has its dates and window
    assert "近 30 天没有可计算的数据" in page and "每个点为截至该日的 30 天" in page
    assert "<span class=\"nowrap\" title=\"2026-11-25\">11-25 —</span>" in page  # the latest window ends today
