"""Major projects through the JSON API: the same checks, workflow and permissions as the pages."""
import base64

from tests.api.test_open_api import api_as  # noqa: F401 (the fixture)
from tests.conftest import at, picture
from tests.projects.conftest import butler, inspectors, project  # noqa: F401 (fixtures)
from yiwang.projects.models import Acceptance, Interest, Project
from yiwang.projects import services


def test_a_project_is_registered_dated_and_reported_through_the_api(org, api_as, butler):  # noqa: F811
    office = api_as(org.supervisor, "projects:read", "projects:write")
    made = office.post("/projects", {"name": "云溪冷链物流园", "kind": "industry", "total_investment": 42000,
                                     "code": "2026-370112-54-03-000321", "year_plans": {"2026": 12000},
                                     "planned": {"signing": "2026-03-02", "approval": "2026-12-18"}})
    assert made.status_code == 201, made.content
    p = made.json()
    assert p["status"] == "opportunity" and len(p["milestones"]) == 9 and p["year_plans"] == {"2026": "12000.00"}
    assert {m["code"]: m["light"] for m in p["milestones"]}["signing"] == "red"
    bad = office.post("/projects", {"name": "x", "kind": "industry", "total_investment": 1,
                                    "code": "2026-999999-54-03-000321"})
    assert bad.status_code == 422 and "行政区划代码" in bad.json()["errors"][0]["message"]
    dated = office.post(f"/projects/{p['id']}/milestones/signing", {"version": p["version"],
                                                                    "actual_on": "2026-03-05"})
    assert dated.status_code == 200 and dated.json()["status"] == "signed"
    stale = office.post(f"/projects/{p['id']}/milestones/approval", {"version": p["version"],
                                                                     "planned_on": "2026-12-21"})
    assert stale.status_code == 409
    photo = base64.b64encode(picture("site.jpg").read()).decode()
    report = office.post(f"/projects/{p['id']}/reports", {"month": "2026-10", "invested": 3000, "progress": 20,
                                                         "text": "场地平整。",
                                                         "photos": [{"file_name": "site.jpg", "content_base64": photo}]})
    assert report.status_code == 201 and report.json()["photos"] == 1
    again = office.post(f"/projects/{p['id']}/reports", {"month": "2026-10", "invested": 1, "progress": 21,
                                                        "text": "再报。"})
    assert again.status_code == 409 and "2026-10" in again.json()["message"]
    unit = api_as(org.staff, "projects:read", "projects:write")
    assert unit.post(f"/projects/{p['id']}/reports", {"month": "2026-11", "invested": 1, "progress": 22,
                                                     "text": "x"}).status_code == 403
    assert unit.get("/projects").json()["count"] == 1  # units read projects
    assert Project.objects.count() == 1


def test_joint_acceptance_and_an_interest_through_the_api(org, api_as, butler, inspectors, fixed_time):  # noqa: F811
    import datetime as dt

    units, staff = inspectors
    p = project(org, butler)
    services.set_milestone(actor=org.supervisor, milestone=p.milestones.get(code="structure"),
                           actual_on=dt.date(2026, 11, 20))
    office = api_as(org.supervisor, "projects:read", "projects:write")
    case = office.post(f"/projects/{p.pk}/acceptances", {"applicant": "云溪新材料有限公司"}).json()
    case = office.post(f"/acceptances/{case['number']}/actions/schedule", {"version": case["version"],
                                                                          "day": "2026-11-26"}).json()
    planner = api_as(staff["GH"], "projects:read", "projects:write")
    assert planner.get(f"/acceptances/{case['number']}").status_code == 200  # an inspecting unit sees it
    outsider = api_as(org.staff2, "projects:read", "projects:write")
    assert outsider.get(f"/acceptances/{case['number']}").status_code == 404
    early = api_as(staff["GH"], "projects:write").post(f"/acceptances/{case['number']}/actions/record", {
        "version": case["version"], "result": "pass"})
    assert early.status_code in (409, 422) and "2026-11-26" in early.json()["message"] + str(early.json())
    fixed_time.move_to(at(2026, 11, 26, 10))  # the inspection day
    foreign = api_as(staff["GH"], "projects:write").post(f"/acceptances/{case['number']}/actions/record", {
        "version": case["version"], "result": "pass", "unit_id": units["XF"].pk})
    assert foreign.status_code == 409 and units["XF"].name in foreign.json()["message"]  # refused, not replaced
    for code in ("GH", "XF", "RF"):
        case = api_as(staff[code], "projects:write").post(f"/acceptances/{case['number']}/actions/record", {
            "version": case["version"], "result": "pass"}).json()
    assert case["state"] == "passed"
    assert {i["unit_id"] for i in case["inspections"]} == {u.pk for u in units.values()}
    issued = office.post(f"/acceptances/{case['number']}/actions/issue", {"version": case["version"],
                                                                         "text": "同意投入使用。"})
    assert issued.json()["state"] == "issued" and Acceptance.objects.get().opinion == "同意投入使用。"
    events = [e["action"] for e in office.get(f"/acceptances/{case['number']}/events").json()]
    assert events == ["apply", "schedule", "record", "record", "record", "issue"]

    services.publish(actor=org.supervisor, project=p, summary="二期厂房。", terms="租赁。", how_to_join="登记。", contact="投促中心")
    partner = api_as(org.agent, "projects:write")
    assert partner.post(f"/opportunities/{p.pk}/interests", {"investor": "华南投资", "contact_name": "李总",
                                                             "phone": "1390"}).status_code in (400, 422)
    made = partner.post(f"/opportunities/{p.pk}/interests", {"investor": "华南投资有限公司", "contact_name": "李总",
                                                             "phone": "13905317002"})
    assert made.status_code == 201 and made.json()["phone"] == "139****7002"
    number = made.json()["number"]
    assert partner.post(f"/interests/{number}/actions/contact", {"version": 1}).status_code == 403
    followed = office.post(f"/interests/{number}/actions/contact", {"version": 1, "note": "已联系。"})
    assert followed.json()["state"] == "contacted" and Interest.objects.get().state == "contacted"


def test_the_owner_reads_its_own_projects_and_acceptances_through_the_api(org, api_as, butler, inspectors):  # noqa: F811
    """m12: the owner's key got 403 on its own project yet could report on it, and saw none of its
    joint acceptances; as on the portal, it reads its own and nothing else."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from yiwang.services.models import Applicant

    mine = project(org, butler)
    other = project(org, butler, code="2026-370112-26-01-000888", name="别家的项目", owner=None)
    user = get_user_model().objects.create_user("owner-api", password="pw-for-tests-1")
    Applicant.objects.create(user=user, kind="org", name=mine.owner.name, credit_code=mine.owner.credit_code,
                             phone="13905319001")
    services.set_milestone(actor=org.supervisor, milestone=mine.milestones.get(code="structure"),
                           actual_on=dt.date(2026, 11, 20))
    services.apply_acceptance(actor=org.supervisor, project=mine, applicant=mine.owner.name)
    owner = api_as(user, "projects:read", "projects:write")
    listed = owner.get("/projects").json()
    assert [p["id"] for p in listed["items"]] == [mine.pk]
    assert owner.get(f"/projects/{mine.pk}").status_code == 200
    assert owner.get(f"/projects/{mine.pk}/reports").status_code == 200
    assert owner.get(f"/projects/{other.pk}").status_code == 404  # another's project is not there for it
    assert owner.get("/acceptances").json()["count"] == 1
    stranger = get_user_model().objects.create_user("citizen-api", password="pw-for-tests-1")
    assert api_as(stranger, "projects:read").get("/projects").status_code == 403
