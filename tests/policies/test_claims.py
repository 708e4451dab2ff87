"""From a claim to its payment, and 免申即享: review, public notice and objections, payment, the
ledger that never pays twice, and a run confirmed by a reviewer."""
import datetime as dt

import pytest
from django.db import IntegrityError
from django.core.exceptions import ValidationError

from tests.conftest import at, make_user
from yiwang.errors import ActionRefused
from yiwang.policies import selectors, services, workflow
from yiwang.policies.models import Claim, ExemptRun

from .conftest import article, firms, policy  # noqa: F401 (fixtures)


def v(c):
    c.refresh_from_db()
    return c.version


def test_a_claim_goes_from_application_to_payment_through_notice_and_an_objection(  # noqa: F811
        org, policy, firms, fixed_time, client):  # noqa: F811
    a = article(org, policy)
    claim = services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000",
                                  statement="2025 年营业收入 2.6 亿元。")
    assert claim.number.startswith("JF") and claim.state == Claim.State.SUBMITTED
    with pytest.raises(ActionRefused, match="发文单位"):
        services.approve(claim=claim, actor=org.staff2, amount="50000", version=v(claim))
    with pytest.raises(ActionRefused, match="上限"):
        services.approve(claim=claim, actor=org.staff, amount="60000", version=v(claim))
    services.approve(claim=claim, actor=org.staff, amount="50000", version=v(claim))
    assert claim.state == Claim.State.NOTICE and claim.notice_until == dt.date(2026, 11, 30)
    page = client.get("/public/policies/").content.decode()
    assert "云溪精密制造有限公司" in page
    client.post(f"/public/policies/object/{claim.number}/", {"text": "该企业去年有安全生产事故。", "name": "市民"})
    objection = claim.objections.get()
    with pytest.raises(ActionRefused, match="公示"):
        services.pay(claim=claim, actor=org.staff, voucher="PZ-1", version=v(claim))
    fixed_time.move_to(at(2026, 12, 1, 9))
    with pytest.raises(ActionRefused, match="异议"):
        services.pay(claim=claim, actor=org.staff, voucher="PZ-1", version=v(claim))
    services.decide_objection(claim=claim, actor=org.head, objection=objection, uphold=False,
                              note="经核查，事故已整改且不属于重大事故。", version=v(claim))
    services.pay(claim=claim, actor=org.staff, voucher="PZ-2026-118", version=v(claim))
    assert claim.state == Claim.State.PAID and claim.paid_at
    assert list(claim.events.values_list("action", flat=True)) == [
        "submit", "approve", "object", "decide_objection", "pay"]


def test_the_same_article_is_never_paid_twice_for_a_year(org, policy, firms):  # noqa: F811
    a = article(org, policy)
    services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000")
    with pytest.raises(ActionRefused, match="已有"):
        services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000")
    assert Claim.objects.count() == 1
    # A refused claim may be made again; a paid one may not, even through another path.
    first = Claim.objects.get()
    services.reject(claim=first, actor=org.staff, reason="材料不全。", version=v(first))
    again = services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000")
    assert again.state == Claim.State.SUBMITTED
    with pytest.raises(IntegrityError):
        Claim.objects.create(enterprise=firms["big"], article=a, year=again.year, channel="api",
                             requested=1, created_at=again.created_at)


def test_a_claim_must_qualify_and_stay_within_the_cap(org, policy, firms):  # noqa: F811
    a = article(org, policy)
    with pytest.raises(ActionRefused, match="营业收入 1,800 万元 < 2,000 万元"):
        services.submit_claim(actor=None, enterprise=firms["small"], article=a, requested="50000")
    with pytest.raises(ValidationError) as caught:
        services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="90000")
    assert "requested" in caught.value.message_dict
    policy.valid_to = dt.date(2026, 6, 30)
    policy.save()
    with pytest.raises(ActionRefused, match="不在有效期"):
        services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000")


def test_a_free_run_grants_the_eligible_once_a_reviewer_confirms_and_never_twice(org, policy, firms):  # noqa: F811
    a = article(org, policy, mode="exempt", conditions="staff >= 50", amount="8000", cap="8000")
    with pytest.raises(ActionRefused):
        services.submit_claim(actor=None, enterprise=firms["soft"], article=a, requested="8000")
    run = services.start_run(actor=org.staff, article=a)
    assert {i["name"] for i in run.items} == {"云溪精密制造有限公司", "云溪软件有限公司"}
    assert not Claim.objects.exists()  # nothing is granted before the confirmation
    granted = services.confirm_run(run=run, actor=org.head, excluded=[firms["soft"].pk])
    assert [c.enterprise for c in granted] == [firms["big"]]
    assert granted[0].state == Claim.State.READY and granted[0].amount == 8000
    with pytest.raises(ActionRefused):
        services.confirm_run(run=run, actor=org.head)
    second = services.start_run(actor=org.staff, article=a)
    assert [i["name"] for i in second.items] == ["云溪软件有限公司"]
    assert [s["why"] for s in second.skipped] == ["claimed"]
    services.pay(claim=granted[0], actor=org.staff, voucher="PZ-9", version=v(granted[0]))
    totals = {r["name"]: r for r in selectors.totals(Claim.objects.all(), "unit")}
    assert totals["城管局"]["paid"] == 8000 and totals["城管局"]["paid_n"] == 1
    by_street = selectors.totals(Claim.objects.all(), "street")
    assert by_street[0]["name"] == "青山街道" and by_street[0]["paid"] == 8000
    assert ExemptRun.objects.filter(state="confirmed").count() == 1


def test_who_may_act_on_a_claim(org, policy, firms):  # noqa: F811
    a = article(org, policy)
    claim = services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000")
    assert {x.code for x in workflow.available(claim, org.staff)} == {"approve", "reject"}
    assert {x.code for x in workflow.available(claim, org.supervisor)} == {"approve", "reject"}
    assert not workflow.available(claim, org.staff2) and not workflow.available(claim, org.leader)
    assert selectors.visible_claims(org.staff2).count() == 0 and selectors.visible_claims(org.leader).count() == 1
    butler = make_user("butler2", ["butler"], org.centre)
    assert selectors.visible_claims(butler).count() == 0
    firms["big"].butler = butler
    firms["big"].save()
    assert selectors.visible_claims(butler).count() == 1
