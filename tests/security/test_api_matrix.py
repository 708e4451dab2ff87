"""The API's permission matrix: every operation of the OpenAPI schema against every role, each
role calling with a key of all scopes that acts as its user (anonymous: no key). An operation
nobody placed in API_MATRIX fails the test; so does any change of who reaches what.

"Reaches" means: a list holds the sample record (an order, application, rating or case of the
bureau B1), a read or an action is not refused with 401, 403 or 404 (what the action may then do
is its workflow table's business), a write is not refused for who is asking. Reference data is
for every key."""
import base64
import json
import uuid

import pytest
from django.db import transaction
from django.test import Client

from yiwang.api.api import api
from yiwang.api.models import SCOPES
from yiwang.api.services import issue_key

from .matrix import ASSISTANCE_USERS, ROLES
from .test_permission_matrix import world  # noqa: F401 (the fixture)

KEYED = set(ROLES) - {"anonymous"}
CENTRE = {"agent", "dispatcher", "callback", "supervisor", "leader"}
FOLLOWERS = {"supervisor", "leader"}
B1 = {"unit_staff", "unit_head"}
READERS = CENTRE | B1 | {"other_unit", "clerk", "butler"}

API_MATRIX = {
    "create_workorder": {"agent", "dispatcher"},  # as the intake page
    "list_workorders": CENTRE | B1,
    "get_workorder": CENTRE | B1,
    "get_workorder_events": CENTRE | B1,
    "get_workorder_actions": CENTRE | B1,
    "act_on_workorder": CENTRE | B1,
    "create_application": {"clerk", "butler"},  # as the hall; applicants apply on the portal
    "list_applications": B1 | {"supervisor", "leader", "clerk", "butler"},
    "get_application": B1 | {"supervisor", "leader", "clerk", "butler"},
    "get_application_events": B1 | {"supervisor", "leader", "clerk", "butler"},
    "get_application_actions": B1 | {"supervisor", "leader", "clerk", "butler"},
    "act_on_application": B1 | {"supervisor", "leader", "clerk", "butler"},
    # A partner app records the citizen's rating of a case its key's user may see (here an order
    # still with the centre, so no unit).
    "create_rating": CENTRE,
    "list_ratings": {"dispatcher", "callback", "supervisor", "leader"} | B1,
    "list_rectifications": {"dispatcher", "callback", "supervisor", "leader"} | B1,
    "list_items": KEYED,
    "get_item": KEYED,
    "list_bundles": KEYED,
    "list_categories": KEYED,
    "list_units": KEYED,
    "list_codes": KEYED,
    "list_workdays": KEYED,
    # 督查督办: the supervision office and leaders see every task; a unit those it takes part in.
    "list_tasks": FOLLOWERS | B1,
    "create_task": FOLLOWERS,
    "get_task": FOLLOWERS | B1,
    "get_task_events": FOLLOWERS | B1,
    "get_task_actions": FOLLOWERS | B1,
    "act_on_task": FOLLOWERS | B1,
    "list_meetings": FOLLOWERS | B1,  # a unit its meetings, as on the pages (F14)
    "create_meeting": FOLLOWERS,
    "get_meeting": FOLLOWERS | B1,
    "meeting_tasks": FOLLOWERS,
    "list_campaigns": KEYED,
    "create_suggestion": KEYED,  # a partner platform passes on anyone's suggestion
    "list_suggestions": FOLLOWERS,
    "get_suggestion": FOLLOWERS,
    "act_on_suggestion": FOLLOWERS,
    "list_proposals": FOLLOWERS | B1,
    "create_proposal": {"supervisor"},
    "get_proposal": FOLLOWERS | B1,
    "get_proposal_events": FOLLOWERS | B1,
    "act_on_proposal": FOLLOWERS | B1,
    # Enterprise services: whoever serves enterprises reads the registry; its keepers change it.
    "list_enterprises": READERS,
    "get_enterprise": READERS,
    "add_enterprise": {"supervisor", "butler"},
    "correct_enterprise": {"supervisor", "butler"},
    "list_visits": set(),  # the sample has no visit
    "create_visit": READERS,
    "list_policies": KEYED,
    "article_matches": READERS,
    "enterprise_articles": READERS,
    "list_claims": FOLLOWERS | B1,  # the office and the issuing unit (B1)
    "get_claim": FOLLOWERS | B1,
    "get_claim_events": FOLLOWERS | B1,
    "create_claim": KEYED,  # a partner applies for an enterprise that qualifies
    "act_on_claim": FOLLOWERS | B1,
    # Major projects: read as the pages; registered and dated by the office and butlers; reports
    # by the office (or the project's own butler and owner); acceptances seen by the centre, the
    # butlers and the units that inspect (B1 here); interests followed by the office and butlers.
    "list_projects": READERS,
    "get_project": READERS,
    "get_project_events": READERS,
    "create_project": {"supervisor", "leader", "butler"},
    "set_milestone": {"supervisor", "leader", "butler"},
    "list_reports": READERS,
    "create_report": {"supervisor"},
    "list_acceptances": CENTRE | B1 | {"butler"},
    "get_acceptance": CENTRE | B1 | {"butler"},
    "get_acceptance_events": CENTRE | B1 | {"butler"},
    "apply_acceptance": {"supervisor", "leader", "butler"},
    "act_on_acceptance": CENTRE | B1 | {"butler"},
    "list_opportunities": KEYED,
    "create_interest": KEYED,
    "list_interests": {"supervisor", "leader", "butler"},
    "act_on_interest": {"supervisor", "leader", "butler"},
    # The assistance data centre, as its pages: the leaders and B1 (the department whose records
    # name the sample person); the visit by the warning's street or community only.
    "list_people": ASSISTANCE_USERS,
    "get_person": ASSISTANCE_USERS,
    "get_household": ASSISTANCE_USERS,
    "list_alerts": ASSISTANCE_USERS,
    "get_alert": ASSISTANCE_USERS,
    "record_visit": set(),
}


def operations():
    """(name, method, path) of every operation in the schema; the name is the view's."""
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            found.append((_view_name(op["operationId"]), method, path))
    return found


def _view_name(operation_id):
    for name in API_MATRIX:
        if operation_id.endswith("_" + name):
            return name
    return operation_id


def samples(w):
    scan = base64.b64encode(b"%PDF-1.4\nscan").decode()
    material = w.item.materials.first()
    return {
        "create_workorder": {"order_type": "complaint", "title": "噪音扰民", "body": "夜间施工",
                             "caller_phone": "13905310001"},
        "act_on_workorder": ("urge", {"version": w.order.version, "text": "请加快办理"}),
        "create_application": {"item_code": w.item.code, "applicant_kind": "person", "applicant_name": "李四",
                               "delivery": "window", "contact_phone": "13905310002",
                               "id_number": "110105198503120047", "form": {},
                               "materials": [{"material_id": material.pk, "file_name": "a.pdf",
                                              "content_base64": scan}]},
        "act_on_application": ("withdraw", {"version": w.app.version}),
        "create_rating": {"case_kind": "workorder", "case_number": w.public_order.number, "level": 5},
        "create_task": {"source": "instruction", "title": "背街小巷整治", "requirement": "整治 20 条。"},
        "act_on_task": ("report", {"version": w.task.version, "text": "进展。"}),
        "create_meeting": {"kind": "leadership", "title": "常务会", "held_on": "2026-11-24", "chair": "刘区长",
                           "items": [{"text": "河道清淤"}]},
        "create_suggestion": {"campaign": w.campaign.code, "title": "材料共享", "content": "减少重复提交。",
                              "proposer_name": "王先生"},
        "act_on_suggestion": ("publish", {"version": w.suggestion.version}),
        "create_proposal": {"kind": "cppcc", "year": 2026, "serial": 9, "title": "河道治理", "content": "加强治理。",
                            "proposers": "王委员", "received_on": "2026-11-20"},
        "act_on_proposal": ("answer", {"version": w.proposal.version, "text": "已研究。"}),
        "add_enterprise": {"credit_code": w.enterprise.credit_code, "name": w.enterprise.name, "industry": "39"},
        "correct_enterprise": {"staff": 40},
        "create_visit": {"visited_on": "2026-11-24", "content": "走访。"},
        "create_claim": {"credit_code": w.enterprise.credit_code, "article_id": w.article.pk, "requested": 500},
        "act_on_claim": ("reject", {"version": w.claim.version, "reason": "材料不全。"}),
        "create_project": {"name": "物流园", "kind": "industry", "total_investment": 1000},
        "set_milestone": {"version": w.project.version, "planned_on": "2026-12-18"},
        "create_report": {"month": "2026-11", "invested": 10, "progress": 60, "text": "装修。"},
        "apply_acceptance": {"applicant": "业主"},
        "act_on_acceptance": ("record", {"version": w.acceptance.version, "result": "pass"}),
        "create_interest": {"investor": "华南投资有限公司", "contact_name": "李总", "phone": "13905317002"},
        "act_on_interest": ("contact", {"version": w.interest.version}),
        "record_visit": {"found": "入户走访核实。", "outcome": "not_needed", "note": "家庭收入已恢复。"},
    }


def reaches(client, headers, name, method, path, w, body_of):
    numbers = {"record_visit": w.assistance_alert.number, "alert": w.assistance_alert.number,
               "claim": w.claim.number, "enterprise": w.enterprise.credit_code, "visit": w.enterprise.credit_code,
               "acceptance": w.acceptance.number, "interest": w.interest.number,
               "application": w.app.number, "meeting": w.meeting.number, "task": w.task.number,
               "suggestion": w.suggestion.number, "proposal": w.proposal.number}
    url = path.replace("/{code}", "")
    if "{number}" in path:
        url = url.replace("{number}", next((n for k, n in numbers.items() if k in name), w.order.number))
    if name == "get_item":
        url = f"/api/v1/catalogue/items/{w.item.code}"
    url = url.replace("{credit_code}", w.enterprise.credit_code).replace("{article_id}", str(w.article.pk))
    url = url.replace("{project_id}", str(w.project.pk)).replace("{milestone_code}", "completion")
    url = url.replace("{key}", f"{w.assistance_person.key}?purpose=analysis")
    url = url.replace("{household_id}", f"{w.assistance_person.household_id}?purpose=analysis")
    with transaction.atomic():
        if method == "get":
            response = client.get(url, **headers)
        else:
            body = body_of.get(name, {})
            if isinstance(body, tuple):  # an action: its code and body
                url, body = f"{url}/{body[0]}", body[1]
            response = client.generic(method.upper(), url, json.dumps(body), content_type="application/json",
                                      HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), **headers)
        transaction.set_rollback(True)
    if response.status_code in (401, 403, 404):
        return False
    lists = {"list_workorders": w.order.number, "list_applications": w.app.number, "list_ratings": w.order.number,
             "list_rectifications": w.case.number, "list_tasks": w.task.number, "list_meetings": w.meeting.number,
             "list_suggestions": w.suggestion.number, "list_proposals": w.proposal.number,
             "list_campaigns": w.campaign.code, "list_enterprises": w.enterprise.credit_code,
             "list_visits": "visited_on", "list_policies": w.policy.number, "article_matches": w.enterprise.credit_code,
             "enterprise_articles": w.policy.number, "list_claims": w.claim.number,
             "list_projects": w.project.name, "list_reports": "2026-10", "list_acceptances": w.acceptance.number,
             "list_opportunities": w.project.name, "list_interests": w.interest.number,
             "list_people": w.assistance_person.key, "list_alerts": w.assistance_alert.number}
    if name in lists:
        return lists[name] in json.dumps(response.json(), ensure_ascii=False)
    return True


@pytest.mark.django_db(transaction=False)
def test_every_role_reaches_exactly_what_the_api_matrix_says(world):  # noqa: F811
    keys = {}
    for role in KEYED:
        user = world.users[role]
        keys[role] = issue_key(name=f"matrix-{role}", scopes=list(SCOPES), user=user)[1]
    body_of = samples(world)
    unplaced, observed = [], {}
    for name, method, path in operations():
        if name not in API_MATRIX:
            unplaced.append(f"{method.upper()} {path}")
            continue
        got = []
        for role in ROLES:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {keys[role]}"} if role in keys else {}
            if reaches(Client(), headers, name, method, path, world, body_of):
                got.append(role)
        observed[name] = sorted(got)
    assert not unplaced, "API operations nobody placed in API_MATRIX: " + ", ".join(unplaced)
    wrong = {n: got for n, got in observed.items() if set(got) != set(API_MATRIX[n])}
    assert not wrong, "\n".join(f"{n}: the matrix says {sorted(API_MATRIX[n])}, got {got}" for n, got in wrong.items())
