"""Joint acceptance from one application to one opinion, through items to fix and a re-inspection,
against its limit in working days; 阳光发布 from a published opportunity through an investor's
interest to signing; the public projects as an OC4IDS package valid against the standard."""
import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.conftest import at
from yiwang.errors import ActionRefused
from yiwang.projects import oc4ids, services
from yiwang.projects.models import Acceptance, Interest, Status

from .conftest import butler, inspectors, project  # noqa: F401 (fixtures)


def v(case):
    case.refresh_from_db()
    return case.version


def finished_works(org, butler):  # noqa: F811
    p = project(org, butler)
    for code, day in (("signing", dt.date(2026, 3, 2)), ("approval", dt.date(2026, 4, 1)),
                      ("permit", dt.date(2026, 6, 30)), ("start", dt.date(2026, 7, 15)),
                      ("structure", dt.date(2026, 11, 20))):
        services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code=code), actual_on=day)
    return p


def test_joint_acceptance_goes_from_application_to_one_opinion_through_a_fix(org, butler, inspectors, client,  # noqa: F811
                                                                            fixed_time):
    units, staff = inspectors
    early = project(org, code="2026-370112-26-01-000999", name="未完工项目")
    with pytest.raises(ActionRefused, match="主体完工"):
        services.apply_acceptance(actor=butler, project=early, applicant="业主")
    p = finished_works(org, butler)
    case = services.apply_acceptance(actor=butler, project=p, applicant="云溪新材料有限公司", contact_phone="13905316001")
    assert case.number.startswith("YS") and case.inspections.count() == 3 and case.limit_workdays == 7
    services.guide(acceptance=case, actor=butler, text="消防通道宽度需满足 4 米；人防标识需补齐。", version=v(case))
    with pytest.raises(ValidationError):
        services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 11, 28), version=v(case))  # a Saturday
    services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 11, 26), version=v(case))
    fixed_time.move_to(at(2026, 11, 26, 10))
    with pytest.raises(ActionRefused):
        services.record_result(acceptance=case, actor=org.staff, result="pass", version=v(case))  # not inspecting
    services.record_result(acceptance=case, actor=staff["GH"], result="pass", version=v(case))
    with pytest.raises(ActionRefused, match="recorded|已"):
        services.record_result(acceptance=case, actor=staff["GH"], result="pass", version=v(case))
    with pytest.raises(ValidationError):
        services.record_result(acceptance=case, actor=staff["XF"], result="fix", items="", version=v(case))
    services.record_result(acceptance=case, actor=staff["XF"], result="fix", items="2 号厂房消防通道被占用。",
                           version=v(case))
    services.record_result(acceptance=case, actor=staff["RF"], result="pass", version=v(case))
    assert case.state == Acceptance.State.FIXING
    with pytest.raises(ActionRefused):
        services.issue_opinion(acceptance=case, actor=butler, text="合格。", version=v(case))
    services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 11, 27), version=v(case))  # re-inspection
    assert list(case.inspections.filter(round=2).values_list("unit__name", flat=True)) == ["消防救援大队"]
    fixed_time.move_to(at(2026, 11, 27, 10))
    services.record_result(acceptance=case, actor=staff["XF"], result="pass", version=v(case))
    assert case.state == Acceptance.State.PASSED
    services.issue_opinion(acceptance=case, actor=butler, text="经各单位联合验收，同意投入使用。", version=v(case))
    assert case.state == Acceptance.State.ISSUED and services.workdays_used(case) <= case.limit_workdays
    p.refresh_from_db()
    assert p.status == Status.COMPLETED and p.milestones.get(code="completion").actual_on == dt.date(2026, 11, 27)
    assert [e.action for e in case.events.all()] == ["apply", "guide", "schedule", "record", "record", "record",
                                                     "schedule", "record", "issue"]
    client.force_login(butler)
    pdf = client.get(f"/projects/acceptances/{case.number}/opinion.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "同意投入使用" in client.get(f"/public/projects/acceptance/{case.number}/").content.decode()


def test_an_opportunity_is_published_an_investor_registers_and_signing_starts_the_project(org, butler, client):  # noqa: F811
    p = project(org, butler, owner=None, code="", name="云溪数据中心项目")
    opportunity = services.publish(actor=butler, project=p, summary="建设 3000 机架数据中心。", terms="土地出让，政府配套电力。",
                                   how_to_join="登记意向后由区投资促进中心联系洽谈。", contact="区投资促进中心 0531-88000000")
    page = client.get("/public/projects/").content.decode()
    assert "云溪数据中心项目" in page
    answer = client.post(f"/public/projects/{p.pk}/", {"investor": "华北算力科技有限公司", "contact_name": "王总",
                                                       "phone": "1390531", "message": "有意向。"})
    assert "手机" in answer.content.decode() or "phone" in answer.content.decode()  # the phone is named
    assert not Interest.objects.exists()
    client.post(f"/public/projects/{p.pk}/", {"investor": "华北算力科技有限公司", "contact_name": "王总",
                                              "phone": "13905317001", "message": "有意向。"})
    interest = Interest.objects.get()
    assert interest.phone_masked == "139****7001"
    with pytest.raises(ActionRefused):
        services.follow_interest(interest=interest, actor=org.staff, code="contact", version=v(interest))
    services.follow_interest(interest=interest, actor=butler, code="contact", note="已电话联系。", version=v(interest))
    services.follow_interest(interest=interest, actor=butler, code="negotiate", version=v(interest))
    with pytest.raises(ActionRefused):
        services.follow_interest(interest=interest, actor=butler, code="drop", version=v(interest))  # no reason
    services.follow_interest(interest=interest, actor=butler, code="sign", note="签订投资协议。", version=v(interest))
    p.refresh_from_db()
    opportunity.refresh_from_db()
    assert p.public and opportunity.closed and p.status == Status.SIGNED
    assert p.milestones.get(code="signing").actual_on == dt.date(2026, 11, 25)
    detail = client.get(f"/public/projects/{p.pk}/").content.decode()
    assert "签约" in detail and "interest-form" not in detail
    client.force_login(butler)
    history = client.get(f"/projects/interests/{interest.number}/").content.decode()
    assert "投资方（公开页面）" in history  # who registered it, not a bare dash


def test_the_public_projects_make_an_oc4ids_package_valid_against_the_standard(org, butler, client, settings):  # noqa: F811
    p = finished_works(org, butler)
    services.report_progress(actor=butler, project=p, month=dt.date(2026, 10, 1), invested="7000", progress=60,
                             text="主体结构封顶。")
    type(p).objects.filter(pk=p.pk).update(public=True)
    project(org, code="2026-370112-26-01-000777", name="未公开项目")  # not public: not published
    data = client.get("/open/projects/oc4ids.json").json()
    assert oc4ids.problems(data) == []
    assert [x["title"] for x in data["projects"]] == ["云溪新材料产业园一期"]
    release = data["projects"][0]
    assert release["status"] == "implementation" and release["budget"]["amount"] == {"amount": 1.2e9, "currency": "CNY"}
    assert release["locations"][0]["geometry"]["coordinates"] == [117.12, 36.68]
    met = [m for m in release["milestones"] if m.get("status") == "met"]
    assert {m["title"] for m in met} == {"签约", "立项", "施工许可", "开工", "主体完工"}
    assert release["metrics"][0]["observations"][0]["measure"] == 60
    broken = json.loads(json.dumps(data))
    broken["projects"][0]["status"] = "building"
    broken["projects"][0]["sector"] = ["factories"]
    found = oc4ids.problems(broken)
    assert any("status" in f for f in found) and any("factories" in f for f in found)
    from io import StringIO

    out = StringIO()
    call_command("projects", "oc4ids", "--check", stdout=out)
    assert "1 projects, valid" in out.getvalue()
    from django.core.management import CommandError

    settings.PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="PUBLIC_BASE_URL"):  # m11: no package with localhost links
        call_command("projects", "oc4ids", stdout=StringIO())
    out = StringIO()
    call_command("projects", "oc4ids", "--base-url", "https://www.yunxi.gov.cn/", stdout=out)
    assert "https://www.yunxi.gov.cn/" in out.getvalue() and "localhost" not in out.getvalue()


def test_the_owners_fixing_time_does_not_count_against_the_limit(org, butler, inspectors, fixed_time):  # noqa: F811
    """m5: the 7-day clock ran on while the owner fixed what the units found (待整改)."""
    units, staff = inspectors
    p = finished_works(org, butler)
    case = services.apply_acceptance(actor=butler, project=p, applicant="云溪新材料有限公司")
    services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 11, 26), version=v(case))
    fixed_time.move_to(at(2026, 11, 26, 10))
    for code, result in (("GH", "pass"), ("XF", "fix"), ("RF", "pass")):
        services.record_result(acceptance=case, actor=staff[code], result=result, items="通道被占用。" * (result == "fix"),
                               version=v(case))
    assert case.state == Acceptance.State.FIXING
    fixed_time.move_to(at(2026, 12, 7, 10))  # the owner took 7 working days to fix it
    assert services.workdays_used(case) == 1  # 11-25 to 11-26; the fixing days are the owner's
    services.schedule(acceptance=case, actor=butler, day=dt.date(2026, 12, 8), version=v(case))
    assert case.due_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date() == dt.date(2026, 12, 15)  # 7 + 7 working days from 11-25
    fixed_time.move_to(at(2026, 12, 8, 10))
    services.record_result(acceptance=case, actor=staff["XF"], result="pass", version=v(case))
    services.issue_opinion(acceptance=case, actor=butler, text="同意投入使用。", version=v(case))
    assert services.workdays_used(case) == 2  # 11-26 and 12-08: well within the limit of 7
