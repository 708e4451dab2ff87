"""Enterprise services and policy claims through the JSON API: the same checks, refusals and
workflow as the pages."""
from tests.api.test_open_api import api_as  # noqa: F401 (the fixture)
from tests.conftest import at
from tests.enterprises.conftest import credit_code, enterprise
from tests.policies.conftest import article, firms, policy  # noqa: F401 (fixtures)
from yiwang.enterprises.models import Enterprise, Visit
from yiwang.policies.models import Claim
from yiwang.workorders.models import WorkOrder


def test_an_enterprise_is_added_then_corrected_field_by_field(org, api_as):  # noqa: F811
    admin = api_as(org.supervisor, "enterprises:read", "enterprises:write")
    body = {"credit_code": credit_code(7), "name": "云溪精工机械有限公司", "industry": "34", "staff": 320,
            "revenue": 22000, "assets": 15000, "street_id": org.street.pk, "contact_phone": "13905319007"}
    added = admin.post("/enterprises", body)
    assert added.status_code == 201, added.content
    firm = added.json()
    # The size class and 规上 are computed from the industry and the figures, never sent.
    assert firm["section"] == "C" and firm["size"] == "medium" and firm["above_scale"] is True
    assert firm["contact_phone"] == "139****9007" and firm["street"] == org.street.name
    again = admin.post("/enterprises", dict(body, revenue=1500, staff=12))
    assert again.status_code == 409 and again.json()["code"] == "exists"  # adding never overwrites
    updated = admin.patch(f"/enterprises/{credit_code(7)}", {"revenue": 1500, "staff": 12})
    assert updated.status_code == 200 and updated.json()["above_scale"] is False
    assert updated.json()["assets"] == "15000.00" and updated.json()["street"] == org.street.name  # not sent: kept
    cleared = admin.patch(f"/enterprises/{credit_code(7)}", {"assets": None})
    assert cleared.json()["assets"] is None
    assert Enterprise.objects.count() == 1
    listed = admin.get("/enterprises?above_scale=true").json()
    assert listed["count"] == 0
    assert admin.get(f"/enterprises/{credit_code(7).lower()}").json()["name"] == "云溪精工机械有限公司"


def test_bad_enterprise_input_is_named_and_nothing_saved(org, api_as):  # noqa: F811
    admin = api_as(org.supervisor, "enterprises:write")
    wrong_check = credit_code(8)[:-1] + ("0" if credit_code(8)[-1] != "0" else "1")
    answer = admin.post("/enterprises", {"credit_code": wrong_check, "name": "x", "industry": "34"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "credit_code"
    answer = admin.post("/enterprises", {"credit_code": credit_code(8), "name": "x", "industry": "34",
                                         "street_id": org.bureau.pk})
    assert answer.status_code == 422 and "街道" in answer.json()["errors"][0]["message"]
    answer = admin.post("/enterprises", {"credit_code": credit_code(8), "name": "x", "industry": "34", "staff": True})
    assert answer.status_code in (400, 422)
    assert not Enterprise.objects.exists()
    citizenless = api_as(org.staff, "enterprises:write")  # a handling unit's staff may not edit the registry
    assert citizenless.post("/enterprises", {"credit_code": credit_code(8), "name": "x",
                                             "industry": "34"}).status_code == 403


def test_a_visit_recorded_through_the_api_sends_its_problem_into_the_12345_loop(org, api_as):  # noqa: F811
    firm = enterprise(org, 1)
    official = api_as(org.supervisor, "enterprises:read", "enterprises:write")
    made = official.post(f"/enterprises/{firm.credit_code}/visits", {
        "visited_on": "2026-11-24", "content": "了解生产经营情况。", "people": "王五",
        "problems": [{"text": "厂区门口道路破损，货车进出困难。", "route": "order"}]})
    assert made.status_code == 201, made.content
    problem = made.json()["problems"][0]
    order = WorkOrder.objects.get(number=problem["number"])
    assert order.channel == "enterprise" and "道路破损" in order.body
    assert official.get(f"/visits?credit_code={firm.credit_code}").json()["count"] == 1
    empty = official.post(f"/enterprises/{firm.credit_code}/visits", {"visited_on": "2026-11-24", "content": " "})
    assert empty.status_code == 400 and Visit.objects.count() == 1
    assert official.post(f"/enterprises/{credit_code(99)}/visits", {
        "visited_on": "2026-11-24", "content": "x"}).status_code == 404


def test_matching_both_ways_gives_the_reason_when_an_enterprise_does_not_qualify(org, policy, firms,  # noqa: F811
                                                                                  api_as):  # noqa: F811
    a = article(org, policy)
    reader = api_as(org.supervisor, "policies:read")
    matches = reader.get(f"/policies/articles/{a.pk}/matches").json()
    assert [m["name"] for m in matches["items"]] == ["云溪精密制造有限公司"]
    small = {x["article_id"]: x for x in reader.get(f"/enterprises/{firms['small'].credit_code}/articles").json()}
    assert small[a.pk]["qualifies"] is False
    assert any("营业收入 1,800 万元 < 2,000 万元" in r for r in small[a.pk]["reasons"])
    assert reader.get("/policies/articles/999999/matches").status_code == 404
    published = api_as(org.staff2, "policies:read").get("/policies").json()  # issued policies are public
    assert published["items"][0]["articles"][0]["conditions"] == ["revenue >= 2000", 'section == "C"']


def test_a_claim_goes_from_the_api_to_payment_and_never_twice(org, policy, firms, api_as, fixed_time):  # noqa: F811
    a = article(org, policy)
    partner = api_as(org.supervisor, "policies:read", "policies:write")
    filed = partner.post("/claims", {"credit_code": firms["big"].credit_code, "article_id": a.pk,
                                     "requested": 50000, "statement": "2025 年营业收入 2.6 亿元。"})
    assert filed.status_code == 201, filed.content
    claim = filed.json()
    assert claim["state"] == "submitted" and claim["channel"] == "api"
    again = partner.post("/claims", {"credit_code": firms["big"].credit_code, "article_id": a.pk, "requested": 50000})
    assert again.status_code == 409 and "已有" in again.json()["message"]
    unfit = partner.post("/claims", {"credit_code": firms["small"].credit_code, "article_id": a.pk,
                                     "requested": 50000})
    assert unfit.status_code == 422 and "1,800 万元" in unfit.json()["message"]
    issuer = api_as(org.staff, "policies:read", "policies:write")
    over = issuer.post(f"/claims/{claim['number']}/actions/approve", {"version": claim["version"], "amount": 60000})
    assert over.status_code in (409, 422) and "上限" in str(over.json()), over.json()
    outsider = api_as(org.staff2, "policies:read", "policies:write")
    refused = outsider.post(f"/claims/{claim['number']}/actions/approve", {"version": claim["version"],
                                                                          "amount": 50000})
    assert refused.status_code in (404, 409)
    reviewed = issuer.post(f"/claims/{claim['number']}/actions/approve", {"version": claim["version"],
                                                                         "amount": 50000}).json()
    assert reviewed["state"] == "reviewed"
    self_confirmed = issuer.post(f"/claims/{claim['number']}/actions/confirm_approval", {"version": reviewed["version"]})
    assert self_confirmed.status_code == 409 and "第二人" in self_confirmed.json()["message"]
    head = api_as(org.head, "policies:read", "policies:write")
    noticed = head.post(f"/claims/{claim['number']}/actions/confirm_approval", {"version": reviewed["version"]}).json()
    assert noticed["state"] == "notice" and noticed["notice_until"] == "2026-11-30"
    early = issuer.post(f"/claims/{claim['number']}/actions/pay", {"version": noticed["version"], "voucher": "PZ-1"})
    assert early.status_code == 409 and "公示" in early.json()["message"]
    fixed_time.move_to(at(2026, 12, 1, 9))
    paying = issuer.post(f"/claims/{claim['number']}/actions/pay", {"version": noticed["version"],
                                                                   "voucher": "PZ-2026-118"}).json()
    assert paying["state"] == "paying"
    paid = head.post(f"/claims/{claim['number']}/actions/confirm_payment", {"version": paying["version"]}).json()
    assert paid["state"] == "paid" and paid["voucher"] == "PZ-2026-118"
    events = [e["action"] for e in issuer.get(f"/claims/{claim['number']}/events").json()]
    assert events == ["submit", "approve", "confirm_approval", "pay", "confirm_payment"]
    assert Claim.objects.count() == 1
