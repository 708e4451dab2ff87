"""督查督办 through the JSON API: the same workflow and refusals as the pages."""
import datetime as dt

from tests.api.test_open_api import api_as  # noqa: F401 (the fixture)
from yiwang.suggestions import services as suggestion_services
from yiwang.suggestions.models import Suggestion
from yiwang.tasks.models import State, Task


def test_a_task_is_set_reported_and_closed_through_the_api(org, api_as):  # noqa: F811
    boss = api_as(org.supervisor, "tasks:read", "tasks:write")
    created = boss.post("/tasks", {"source": "instruction", "title": "背街小巷整治", "requirement": "整治 20 条。",
                                   "lead_unit_id": org.bureau.pk, "deadline": "2026-12-18", "assign": True,
                                   "milestones": [{"title": "摸排", "due_on": "2026-11-27"}]})
    assert created.status_code == 201, created.content
    task = created.json()
    assert task["state"] == "handling" and task["light"] == "yellow" and task["milestones"][0]["title"] == "摸排"
    unit = api_as(org.staff, "tasks:read", "tasks:write")
    assert {a["code"] for a in unit.get(f"/tasks/{task['number']}/actions").json()} == {
        "send_back", "report", "complete_milestone", "request_extension"}
    closing = unit.post(f"/tasks/{task['number']}/actions/request_closure", {"version": task["version"],
                                                                               "evidence": "完成。"})
    assert closing.status_code == 409 and "摸排" in closing.json()["message"]  # the milestone is open
    done = unit.post(f"/tasks/{task['number']}/actions/complete_milestone",
                     {"version": task["version"], "milestone_id": task["milestones"][0]["id"]}).json()
    asked = unit.post(f"/tasks/{task['number']}/actions/request_closure", {"version": done["version"],
                                                                            "evidence": "20 条背街小巷已整治完毕，照片和验收单已上传。"}).json()
    stale = boss.post(f"/tasks/{task['number']}/actions/approve_closure", {"version": done["version"]})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    closed = boss.post(f"/tasks/{task['number']}/actions/approve_closure", {"version": asked["version"]}).json()
    assert closed["state"] == "closed" and closed["closed_on_time"] is True
    events = [e["action"] for e in boss.get(f"/tasks/{task['number']}/events").json()]
    assert events == ["create", "assign", "complete_milestone", "request_closure", "approve_closure"]
    other = api_as(org.staff2, "tasks:read")
    assert other.get(f"/tasks/{task['number']}").status_code == 404
    assert other.get("/tasks").json()["count"] == 0


def test_bad_input_is_named_and_nothing_saved(org, api_as):  # noqa: F811
    boss = api_as(org.supervisor, "tasks:write")
    answer = boss.post("/tasks", {"source": "instruction", "title": "x", "requirement": "y", "deadline": "2026-11-28",
                                  "lead_unit_id": True})
    assert answer.status_code == 400  # true is not a unit id
    answer = boss.post("/tasks", {"source": "instruction", "title": "x", "requirement": "y", "deadline": "2026-11-28"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "deadline"
    assert not Task.objects.exists()
    unit = api_as(org.staff, "tasks:write")
    assert unit.post("/tasks", {"source": "instruction", "title": "x", "requirement": "y"}).status_code == 403


def test_a_meeting_and_its_items_through_the_api(org, api_as):  # noqa: F811
    boss = api_as(org.leader, "tasks:read", "tasks:write")
    meeting = boss.post("/meetings", {"kind": "command_post", "title": "指挥部例会", "held_on": "2026-11-24",
                                      "chair": "王指挥长", "items": [{"text": "拆除围墙", "lead_unit_id": org.street.pk,
                                                                   "due_on": "2026-11-27"}]}).json()
    made = boss.post(f"/meetings/{meeting['number']}/tasks", {}).json()
    assert made["items"][0]["task_state"] == State.HANDLING


def test_a_partner_submits_a_suggestion_and_a_reviewer_answers_it(org, api_as):  # noqa: F811
    campaign = suggestion_services.create_campaign(actor=org.supervisor, code="c1", title="金点子", description="征集",
                                                   starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 12, 31),
                                                   award_fund=500)
    partner = api_as(org.agent, "suggestions:write")
    assert partner.get("/campaigns").json()["items"][0]["open"] is True
    receipt = partner.post("/suggestions", {"campaign": "c1", "title": "材料共享", "content": "减少重复提交。",
                                            "proposer_name": "王先生", "phone": "13905310008"})
    assert receipt.status_code == 201 and receipt.json()["follow_url"].startswith("https://")
    s = Suggestion.objects.get()
    assert s.channel == "api" and s.campaign == campaign
    assert partner.get("/suggestions").status_code == 403  # the scope, not the role, is missing
    reviewer = api_as(org.supervisor, "suggestions:read", "suggestions:write")
    reviewed = reviewer.post(f"/suggestions/{s.number}/actions/review", {
        "version": s.version, "decision": "adopted", "reason": "可行。", "answer": "已采纳。"}).json()
    over = reviewer.post(f"/suggestions/{s.number}/actions/award", {"version": reviewed["version"], "amount": 600})
    assert over.status_code == 422 and over.json()["code"] == "over_fund"


def test_a_proposal_through_the_api(org, api_as):  # noqa: F811
    office = api_as(org.supervisor, "proposals:read", "proposals:write")
    p = office.post("/proposals", {"kind": "deputy", "year": 2026, "serial": 7, "title": "养老服务站",
                                   "content": "建议增设。", "proposers": "张代表", "received_on": "2026-11-20"}).json()
    assert p["number"] == "RD2026-007"
    again = office.post("/proposals", {"kind": "deputy", "year": 2026, "serial": 7, "title": "x", "content": "y",
                                       "proposers": "z", "received_on": "2026-11-20"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "serial"
    assigned = office.post(f"/proposals/{p['number']}/actions/assign", {"version": p["version"],
                                                                         "lead_unit_id": org.bureau.pk}).json()
    assert assigned["due"].startswith("2027-02-25")
    unit = api_as(org.staff, "proposals:read", "proposals:write")
    answered = unit.post(f"/proposals/{p['number']}/actions/answer", {"version": assigned["version"],
                                                                       "text": "明年试点。"}).json()
    assert answered["state"] == "answered" and answered["answered_on_time"] is True
