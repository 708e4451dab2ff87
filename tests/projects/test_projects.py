"""The project registry: codes checked part by part, milestones from the kind's steps with their
lights, status from the milestones, monthly progress against the year's plan, the approval days
against the cap, the problem list in the key-task loop."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import at, picture
from yiwang.errors import ActionRefused
from yiwang.projects import selectors, services
from yiwang.projects.models import Milestone, Project, ProgressReport, Status

from .conftest import butler, project  # noqa: F401 (fixtures)


@pytest.mark.parametrize("code, part", [
    ("2026-370112-26-01", "形如"), ("1999-370112-26-01-000123", "年份 1999"),
    ("2026-999999-26-01-000123", "行政区划代码 999999"), ("2026-370112-99-01-000123", "4754"),
    ("2026-370112-26-07-000123", "项目类型 07"), ("2026-370112-44-01-01234", "流水号“01234”应为 6 位数字"),
    ("2026-370112-AB-01-012345", "行业代码“AB”应为 2 位数字")])
def test_a_project_code_is_refused_naming_the_wrong_part(org, code, part):
    with pytest.raises(ValidationError) as caught:
        project(org, code=code)
    assert part in caught.value.message_dict["code"][0]
    assert not Project.objects.exists()


def test_a_code_typed_with_a_space_or_full_width_digits_is_read():
    assert services.check_code(" ２０２４－370112-44-01-012345 ") == "2024-370112-44-01-012345"


def test_a_project_has_its_kinds_milestones_and_its_status_follows_them(org, butler):  # noqa: F811
    p = project(org, butler)
    names = list(p.milestones.values_list("name", flat=True))
    assert names == ["签约", "立项", "用地", "规划许可", "施工许可", "开工", "主体完工", "竣工验收", "投产"]
    assert p.status == Status.OPPORTUNITY
    th = selectors.thresholds()  # today is 2026-11-25
    lights = {m.code: selectors.light(m, th) for m in p.milestones.all()}
    assert lights["signing"] == "red" and lights["structure"] == "yellow" and lights["operation"] == "green"
    for code, day in (("signing", dt.date(2026, 3, 2)), ("approval", dt.date(2026, 4, 3))):
        services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code=code),
                               planned_on=p.milestones.get(code=code).planned_on, actual_on=day)
    p.refresh_from_db()
    assert p.status == Status.APPROVING
    assert Project.objects.filter(selectors.lagging_q(th)).exists()  # 用地 is past its date
    services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code="start"), actual_on=dt.date(2026, 7, 20))
    p.refresh_from_db()
    assert p.status == Status.BUILDING
    with pytest.raises(ValidationError):
        services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code="structure"),
                               actual_on=dt.date(2026, 12, 1))  # in the future
    assert [e.action for e in p.events.all()] == ["create", "milestone", "milestone", "milestone"]


def test_the_second_project_of_a_code_is_refused(org):
    project(org)
    with pytest.raises(ValidationError) as caught:
        project(org, name="另一个")
    assert "registered already" in str(caught.value) or "已登记" in str(caught.value)


def test_monthly_progress_counts_against_the_years_plan_and_a_month_once(org, butler):  # noqa: F811
    p = project(org, butler)
    services.report_progress(actor=butler, project=p, month=dt.date(2026, 9, 1), invested="8000", progress=20,
                             text="基础施工。", photos=[picture("site.jpg")])
    services.report_progress(actor=butler, project=p, month=dt.date(2026, 10, 1), invested="7000", progress=35,
                             text="主体结构。")
    with pytest.raises(ActionRefused, match="2026-10"):
        services.report_progress(actor=butler, project=p, month=dt.date(2026, 10, 1), invested="1", progress=36,
                                 text="再报。")
    with pytest.raises(ValidationError) as caught:
        services.report_progress(actor=butler, project=p, month=dt.date(2026, 11, 1), invested="-1", progress=120,
                                 text="")
    assert set(caught.value.message_dict) == {"invested", "progress", "text"}
    with pytest.raises(ActionRefused):
        services.report_progress(actor=org.staff, project=p, month=dt.date(2026, 11, 1), invested="1", progress=40,
                                 text="x")
    done, planned, rate, total = selectors.invested(p)
    assert (done, planned, rate) == (15000, 30000, 50.0) and ProgressReport.objects.count() == 2
    assert selectors.latest_progress(p) == 35
    assert selectors.report_due(p) is None  # October is in; November's is due in December
    rows = selectors.totals(Project.objects.all(), "street")
    assert rows == [{"name": "青山街道", "projects": 1, "done": 15000, "planned": 30000, "rate": 50.0}]


def test_the_approval_days_count_from_project_approval_to_the_construction_permit(org):
    p = project(org)
    services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code="approval"),
                           actual_on=dt.date(2026, 4, 1))
    services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code="permit"),
                           actual_on=dt.date(2026, 6, 30))
    used, cap, finished = selectors.approval_workdays(p)
    assert cap == 120 and 55 <= used <= 62 and not finished  # about three months of working days


def test_a_problem_is_listed_as_a_key_task_of_its_unit(org):
    p = project(org)
    problem = services.add_problem(actor=org.supervisor, project=p, category="utilities", title="10kV 线路迁改",
                                   requirement="协调供电公司迁改线路。", lead_unit=org.bureau,
                                   deadline=dt.date(2026, 12, 18))
    assert problem.task.source == "project" and problem.task.state == "handling" and problem.task.lead_unit == org.bureau
    with pytest.raises(ActionRefused):
        services.add_problem(actor=org.staff, project=p, category="land", title="x", requirement="y",
                             lead_unit=org.bureau, deadline=dt.date(2026, 12, 18))
    assert Project.objects.filter(problems__task__state="handling").count() == 1
    assert p.events.filter(action="problem").exists()


def test_a_command_posts_timeline_places_every_milestone(org):
    post = services.create_command_post(actor=org.leader, name="科创园建设指挥部", leader="张副区长", units=[org.bureau])
    project(org, command_post=post)
    timeline = selectors.timeline(post)
    row = timeline["rows"][0]
    assert len(row["marks"]) == 9 and row["start"] < 1 and 0 < timeline["today"] < 100
    assert [m["label"] for m in timeline["months"]][:2] == ["2026-03", "2026-05"]  # every other month of 13
    with pytest.raises(ActionRefused):
        services.create_command_post(actor=org.staff, name="x", leader="y")


def test_milestones_are_the_kinds_own(org):
    p = project(org, kind="infrastructure", code="")
    assert p.milestones.last().name == "交付使用" and p.number.startswith("XM")
    assert Milestone.objects.filter(project=p).count() == 9


def test_the_command_centre_figures_open_exactly_what_they_count(org, client):
    """M5: 节点逾期 counted projects (2) while 4 milestones were overdue; 办理中的联合验收 1 opened 3."""
    import re

    from yiwang.dashboard.views import project_panel

    post = services.create_command_post(actor=org.leader, name="科创园建设指挥部", leader="张副区长")
    late = project(org, command_post=post)  # its milestones planned before today are red
    services.add_problem(actor=org.supervisor, project=late, category="land", title="征收", requirement="签订协议。",
                         lead_unit=org.bureau, deadline=dt.date(2026, 12, 18))
    project(org, code="2026-370112-26-01-000555", name="按期项目",
            planned={"signing": dt.date(2026, 11, 27)})  # due soon: yellow
    th = selectors.thresholds()
    overdue = [m for m in Milestone.objects.all() if m.planned_on and not m.actual_on and m.planned_on < th.today]
    assert len(overdue) > 1  # several milestones of one project: milestones, not projects, are counted
    panel = project_panel(org.leader)
    assert project_panel(org.staff) is None  # units see the projects, not the command centre's panel
    figures = {f["code"]: f for f in panel["figures"]}
    assert figures["red"]["n"] == len(overdue) and panel["posts"][0]["red"] == len(overdue)
    client.force_login(org.leader)
    for figure in panel["figures"] + [{"n": p["red"], "url": p["red_url"]} for p in panel["posts"]]:
        page = client.get(figure["url"]).content.decode()
        assert int(re.search(r'data-count="(\d+)"', page).group(1)) == figure["n"], figure
    assert "project-panel" in client.get("/dashboard/").content.decode()


def test_the_owner_reports_its_months_on_the_portal_and_sees_only_its_own_projects(org, client):
    from django.contrib.auth import get_user_model

    from yiwang.services.models import Applicant

    mine = project(org)
    project(org, code="2026-370112-26-01-000888", name="别家的项目", owner=None)
    user = get_user_model().objects.create_user("owner-portal", password="pw-for-tests-1")
    Applicant.objects.create(user=user, kind="org", name=mine.owner.name, credit_code=mine.owner.credit_code,
                             phone="13905319001")
    client.force_login(user)
    page = client.get("/portal/projects/").content.decode()
    assert "云溪新材料产业园一期" in page and "别家的项目" not in page
    client.post("/portal/projects/", {"project": mine.pk, "month": "2026-10", "invested": "6000", "progress": "30",
                                      "text": "主体结构施工。", "photos": [picture("site.jpg")]})
    report = ProgressReport.objects.get()
    assert report.project == mine and report.reported_by == user and report.photos.count() == 1
    other = Project.objects.get(name="别家的项目")
    assert client.post("/portal/projects/", {"project": other.pk, "month": "2026-10", "invested": "1", "progress": "1",
                                             "text": "x"}).status_code == 404


def test_the_project_map_places_each_project_with_its_light(org, client):
    import json

    from yiwang.orgs import places

    square = [[[117.0, 36.6], [117.2, 36.6], [117.2, 36.8], [117.0, 36.8], [117.0, 36.6]]]
    places.upload_map(actor=org.admin, content=json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": org.street.code},
         "geometry": {"type": "Polygon", "coordinates": square}}]}))
    project(org)
    project(org, code="2026-370112-26-01-000556", name="无坐标项目", latitude="", longitude="")
    client.force_login(org.staff)
    data = client.get("/projects/map.json").json()
    assert [f["properties"]["name"] for f in data["geo"]["features"]] == ["青山街道"]
    assert data["projects"] == [{"name": "云溪新材料产业园一期", "value": [117.12, 36.68], "light": "red",
                                 "status": "招商中（未签约）", "url": f"/projects/{Project.objects.get(code__endswith='123').pk}/"}]
    assert client.get("/projects/map.json?light=yellow").json()["projects"] == []
    assert "project-map" in client.get("/projects/map/").content.decode()


def test_every_project_list_exports_to_excel(org, client):
    import io

    from openpyxl import load_workbook

    post = services.create_command_post(actor=org.leader, name="科创园建设指挥部", leader="张副区长", units=[org.bureau])
    project(org, command_post=post)
    client.force_login(org.supervisor)
    for url, cell in (("/projects/?export=xlsx", "云溪新材料产业园一期"), ("/projects/posts/?export=xlsx", "科创园建设指挥部"),
                      ("/projects/acceptances/?export=xlsx", None), ("/projects/interests/?export=xlsx", None)):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert cell is None or cell in values, url
    # M3: money is a number a spreadsheet sums (not the text '26000.00'), the light is in Chinese.
    sheet = load_workbook(io.BytesIO(client.get("/projects/?export=xlsx").content)).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["总投资（万元）"].data_type == "n" and row["总投资（万元）"].value > 0
    assert row["亮灯"].value in {"已逾期", "临期", "正常", "已完成"}, row["亮灯"].value
    assert row[header[0]].value  # the product's own number before an investment code exists


def test_the_project_page_says_how_long_each_problem_has_been_open_or_took(org, client):
    from yiwang.tasks.models import Task

    p = project(org)
    problem = services.add_problem(actor=org.supervisor, project=p, category="land", title="征迁协调",
                                   requirement="完成地块征迁。", lead_unit=org.bureau, deadline=dt.date(2026, 12, 18))
    Task.objects.filter(pk=problem.task.pk).update(created_at=dt.datetime(2026, 11, 1, 9, tzinfo=dt.timezone.utc))
    client.force_login(org.supervisor)
    page = client.get(f"/projects/{p.pk}/").content.decode()
    assert "征迁协调" in page and "已历时 24 天" in page and "销号</span>" not in page
    Task.objects.filter(pk=problem.task.pk).update(state="closed",
                                                   closed_at=dt.datetime(2026, 11, 15, 9, tzinfo=dt.timezone.utc))
    page = client.get(f"/projects/{p.pk}/").content.decode()
    assert "历时 14 天销号" in page and "已历时" not in page


def test_a_point_outside_the_district_or_its_street_and_plans_above_the_total_are_refused(org, butler):  # noqa: F811
    """m3: (39.9, 116.4) in Beijing was accepted for a street of the district, and a year's plan of
    5,000 万元 against a total of 1,000 万元."""
    import json

    from yiwang.orgs import places

    square = {"type": "Polygon", "coordinates": [[[117.0, 36.6], [117.2, 36.6], [117.2, 36.8], [117.0, 36.8],
                                                  [117.0, 36.6]]]}
    places.upload_map(content=json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": org.street.code}, "geometry": square}]}), actor=org.admin)
    with pytest.raises(ValidationError) as caught:
        project(org, butler, latitude="39.9", longitude="116.4")
    assert "不在本区地图范围内" in caught.value.message_dict["latitude"][0]
    with pytest.raises(ValidationError) as caught:
        project(org, butler, latitude="36.7", longitude="117.1", total_investment="1000", year_plans={"2026": "5000"})
    assert "合计 5,000 万元，超过总投资 1,000 万元" in caught.value.message_dict["year_plans"][0]
    p = project(org, butler, latitude="36.7", longitude="117.1", total_investment="1000", year_plans={"2026": "600"})
    assert p.street == org.street and not Project.objects.exclude(pk=p.pk).exists()


def test_the_form_finds_the_owner_by_name_and_shows_every_error_at_once(org, client):
    """m2: an unknown owner hid the errors of the code, the latitude and the plan; the owner had to be
    typed as an 18-character code."""
    from tests.enterprises.conftest import enterprise

    owner = enterprise(org, 1, name="云溪新材料科技有限公司")
    enterprise(org, 2, name="云溪新材料贸易有限公司")
    client.force_login(org.supervisor)
    form = {"name": "新材料产业园", "kind": "industry", "total_investment": "1000", "code": "2026-370112-44-01-01234",
            "latitude": "200", "owner": "不存在的公司"}
    page = client.post("/projects/new/", form).content.decode()
    assert "不存在的公司" in page and "流水号“01234”应为 6 位数字" in page and "不是有效的坐标：200" in page
    assert not Project.objects.exists()
    page = client.post("/projects/new/", {**form, "code": "", "latitude": "", "owner": "云溪新材料"}).content.decode()
    assert "对应多家企业" in page and owner.credit_code in page
    response = client.post("/projects/new/", {**form, "code": "", "latitude": "", "owner": "云溪新材料科技"})
    assert response.status_code == 302 and Project.objects.get().owner == owner


def test_the_reminder_texts_the_owner_once_a_month_and_names_projects_without_a_butler(org, butler, fixed_time):  # noqa: F811
    """m10: `yiwang projects remind` only printed a list; 11 of 20 due projects had no butler."""
    from io import StringIO

    from django.core.management import call_command

    from yiwang.reviews.models import TextMessage

    p = project(org, butler)
    services.report_progress(actor=butler, project=p, month=dt.date(2026, 10, 1), invested="7000", progress=35,
                             text="主体结构。")
    lone = project(org, code="2026-370112-26-01-000556", name="无管家项目")
    for x in (p, lone):
        services.set_milestone(actor=org.supervisor, milestone=x.milestones.get(code="approval"),
                               actual_on=dt.date(2026, 9, 1))
    fixed_time.move_to(at(2027, 1, 10, 9))  # December's report is due (registered in November: a part month)
    out = StringIO()
    call_command("projects", "remind", stdout=out)
    text = out.getvalue()
    assert "无管家项目" in text and "未指定项目管家" in text and "已短信提醒业主" in text
    sent = TextMessage.objects.filter(purpose__startswith="project-report:")
    assert sent.count() == 2 and all("2026-12" in m.body and "/portal/projects/" in m.body for m in sent)
    call_command("projects", "remind", stdout=StringIO())
    assert sent.count() == 2  # once a month, not every day
