"""阳光答辩 and 阳光质询, and the enterprise's own page in the portal."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.enterprises.conftest import enterprise
from yiwang.errors import ActionRefused
from yiwang.policies import selectors, services
from yiwang.policies.models import Claim, PolicyDocument, Session
from yiwang.services.models import Applicant

from .conftest import article, firms, policy  # noqa: F401 (fixtures)


def test_an_inquiry_names_the_units_whose_policies_went_undelivered(org, policy, firms):  # noqa: F811
    session = services.create_session(actor=org.supervisor, document=policy, kind=Session.Kind.INQUIRY,
                                      title="“新20条”兑现情况阳光质询", held_on=dt.date(2026, 11, 25),
                                      open_until=dt.date(2026, 12, 10))
    q = services.ask(session=session, enterprise=firms["big"], text="去年的技改补贴为什么还没到账？")
    assert q.unit == org.bureau and q.answer_due.date() == dt.date(2026, 12, 2)
    with pytest.raises(ActionRefused):
        services.answer(question=q, actor=org.staff2, text="不是我们")
    services.answer(question=q, actor=org.staff, text="已于 11 月完成审核，12 月拨付。")
    with pytest.raises(ActionRefused):
        services.rate_answer(question=q, enterprise=firms["soft"], rating="satisfied")
    services.rate_answer(question=q, enterprise=firms["big"], rating="unsatisfied", delivered=False)
    assert [(r["unit__name"], r["undelivered"]) for r in selectors.undelivered_units()] == [("城管局", 1)]
    draft = services.create_document(actor=org.supervisor, number="征求意见稿1", title="草案", issuing_unit=org.bureau,
                                     valid_from=dt.date(2027, 1, 1), valid_to=dt.date(2027, 12, 31),
                                     state=PolicyDocument.State.DRAFT)
    with pytest.raises(ValidationError):
        services.create_session(actor=org.supervisor, document=draft, kind=Session.Kind.INQUIRY, title="x",
                                held_on=dt.date(2026, 12, 1), open_until=dt.date(2026, 12, 5))


def test_an_enterprise_sees_its_policies_applies_and_follows_its_claims_in_the_portal(  # noqa: F811
        org, policy, firms, client, settings):  # noqa: F811
    from django.contrib.auth import get_user_model

    settings.PORTAL_PROBLEM_RATE = "3/d"

    article(org, policy)
    user = get_user_model().objects.create_user("ent-portal", password="pw-for-tests-1")
    Applicant.objects.create(user=user, kind="org", name=firms["big"].name, credit_code=firms["big"].credit_code,
                             phone="13905319001")
    client.force_login(user)
    page = client.get("/portal/enterprise/").content.decode()
    assert "规上工业企业奖励" in page and "符合" in page
    client.post(f"/portal/enterprise/apply/{policy.articles.get().pk}/", {"requested": "50000", "statement": "申请"})
    claim = Claim.objects.get()
    assert claim.channel == "portal" and claim.enterprise == firms["big"]
    assert claim.number in client.get("/portal/enterprise/").content.decode()
    client.post("/portal/enterprise/problem/", {"text": "厂区用电负荷不足，急需增容。"})
    from yiwang.workorders.models import WorkOrder

    assert WorkOrder.objects.get().channel == "enterprise"
    # One account cannot flood the 12345 loop from the portal.
    for n in range(3):
        last = client.post("/portal/enterprise/problem/", {"text": f"问题 {n}"})
    assert last.status_code == 429 and WorkOrder.objects.count() == 3
    stranger = get_user_model().objects.create_user("person-portal", password="pw-for-tests-1")
    Applicant.objects.create(user=stranger, kind="person", name="韩梅梅", id_number="110105198503120047", phone="1")
    client.force_login(stranger)
    assert client.get("/portal/enterprise/").status_code == 403


def test_the_staff_pages_and_the_ledger(org, policy, firms, client):  # noqa: F811
    a = article(org, policy)
    services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000")
    client.force_login(org.staff)
    assert "云溪精密制造有限公司" in client.get(f"/policies/a/{a.pk}/").content.decode()
    assert client.get("/policies/claims/", {"export": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/policies/ledger/").status_code == 200
    response = client.post(f"/policies/d/{policy.pk}/article/", {"seq": 2, "title": "x", "content": "y", "cap": "1"})
    assert response.status_code == 403  # a unit does not write policies
    client.force_login(org.supervisor)
    page = client.post(f"/policies/d/{policy.pk}/article/", {"seq": 2, "title": "x", "content": "y", "cap": "1",
                                                             "amount": "1", "conditions": "revnue > 1"}).content.decode()
    assert "revnue" in page and policy.articles.count() == 1
    e = enterprise(org, 5, name="面板企业", industry="34", revenue="5000")
    assert "规上工业企业奖励" in client.get(f"/enterprises/{e.credit_code}/").content.decode()
