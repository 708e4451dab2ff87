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

from .conftest import approved, article, firms, paid, policy  # noqa: F401 (fixtures)


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
    assert claim.state == Claim.State.REVIEWED  # proposed: a second person confirms
    with pytest.raises(ActionRefused, match="第二人"):
        services.confirm_approval(claim=claim, actor=org.staff, version=v(claim))
    services.confirm_approval(claim=claim, actor=org.head, version=v(claim))
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
    with pytest.raises(ActionRefused, match="尚未到来"):
        services.pay(claim=claim, actor=org.staff, voucher="PZ-2026-118", paid_on=dt.date(2026, 12, 2),
                     version=v(claim))
    services.pay(claim=claim, actor=org.staff, voucher="PZ-2026-118", version=v(claim))
    assert claim.state == Claim.State.PAYING and claim.paid_on == dt.date(2026, 12, 1)
    with pytest.raises(ActionRefused, match="第二人"):
        services.confirm_payment(claim=claim, actor=org.staff, version=v(claim))
    services.confirm_payment(claim=claim, actor=org.head, version=v(claim))
    assert claim.state == Claim.State.PAID and claim.paid_at
    assert list(claim.events.values_list("action", flat=True)) == [
        "submit", "approve", "confirm_approval", "object", "decide_objection", "pay", "confirm_payment"]


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
    with pytest.raises(ActionRefused, match="第二人"):
        services.confirm_run(run=run, actor=org.staff)
    granted = services.confirm_run(run=run, actor=org.head, excluded=[firms["soft"].pk])
    assert [c.enterprise for c in granted] == [firms["big"]]
    assert granted[0].state == Claim.State.READY and granted[0].amount == 8000
    with pytest.raises(ActionRefused):
        services.confirm_run(run=run, actor=org.head)
    run.refresh_from_db()
    assert run.excluded == [firms["soft"].pk]
    second = services.start_run(actor=org.staff, article=a)
    assert [(i["name"], i["left_out_before"]) for i in second.items] == [("云溪软件有限公司", True)]
    assert [s["why"] for s in second.skipped] == ["claimed"]
    paid(granted[0], org, voucher="PZ-9")
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
    services.approve(claim=claim, actor=org.staff, amount="50000", version=v(claim))
    assert {x.code for x in workflow.available(claim, org.staff)} == {"reject"}  # not its own confirmation
    assert {x.code for x in workflow.available(claim, org.head)} == {"confirm_approval", "return_review", "reject"}
    assert not workflow.available(claim, org.staff2) and not workflow.available(claim, org.leader)
    assert selectors.visible_claims(org.staff2).count() == 0 and selectors.visible_claims(org.leader).count() == 1
    butler = make_user("butler2", ["butler"], org.centre)
    assert selectors.visible_claims(butler).count() == 0
    firms["big"].butler = butler
    firms["big"].save()
    assert selectors.visible_claims(butler).count() == 1


def test_money_moves_only_by_the_unit_that_owns_it_and_two_people(org, policy, firms):  # noqa: F811
    """F4: 城管局's clerk started and confirmed a run on another unit's article and granted 160,000 元."""
    from yiwang.policies import services as policy_services

    other = policy_services.create_document(actor=org.supervisor, number="云文旅发〔2026〕2号", title="文旅消费",
                                            issuing_unit=org.bureau2, valid_from=dt.date(2026, 1, 1),
                                            valid_to=dt.date(2026, 12, 31))
    policy_services.set_budget(actor=org.supervisor, document=other, year=2026, amount="100000")
    a = article(org, other, mode="exempt", conditions="staff >= 50", amount="8000", cap="8000")
    with pytest.raises(ActionRefused, match="发文单位"):
        services.start_run(actor=org.staff, article=a)  # org.staff is of org.bureau, not the issuer
    run = services.start_run(actor=org.staff2, article=a)
    with pytest.raises(ActionRefused, match="发文单位"):
        services.confirm_run(run=run, actor=org.head, excluded=[])
    with pytest.raises(ActionRefused, match="第二人"):
        services.confirm_run(run=run, actor=org.staff2, excluded=[])
    granted = services.confirm_run(run=run, actor=org.supervisor, excluded=[])  # the office is the second person
    assert len(granted) == 2


def test_grants_never_exceed_the_policys_budget_for_the_year(org, policy, firms):  # noqa: F811
    services.set_budget(actor=org.supervisor, document=policy, year=2026, amount="60000")
    a = article(org, policy)
    first = approved(services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000"), org)
    assert first.state == Claim.State.NOTICE
    b = article(org, policy, seq=2, conditions="staff >= 50", amount="20000", cap="20000")
    second = services.submit_claim(actor=None, enterprise=firms["soft"], article=b, requested="20000")
    services.approve(claim=second, actor=org.staff, amount="20000", version=v(second))
    with pytest.raises(ActionRefused, match="超出.*预算.*剩余 1 万元"):
        services.confirm_approval(claim=second, actor=org.head, version=v(second))
    with pytest.raises(ValidationError):
        services.set_budget(actor=org.supervisor, document=policy, year=2026, amount="40000")  # below what is committed
    services.set_budget(actor=org.supervisor, document=policy, year=2026, amount="70000")
    services.confirm_approval(claim=second, actor=org.head, version=v(second))
    assert selectors.budget_of(policy, 2026)["left"] == 0
    policy_2027 = services.submit_claim(actor=None, enterprise=firms["big"], article=b, requested="20000", year=2027)
    services.approve(claim=policy_2027, actor=org.staff, amount="20000", version=v(policy_2027))
    with pytest.raises(ActionRefused, match="2027 年度尚未设定"):
        services.confirm_approval(claim=policy_2027, actor=org.head, version=v(policy_2027))


def test_the_reviewer_opens_the_materials_and_the_ledger_totals_what_was_asked(org, policy, firms, client):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = article(org, policy)
    pdf = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    claim = services.submit_claim(actor=None, enterprise=firms["big"], article=a, requested="50000", files=[pdf])
    client.force_login(org.staff)
    page = client.get(f"/policies/claims/{claim.number}/").content.decode()
    f = claim.files.get()
    assert f'href="/policies/claims/{claim.number}/files/{f.pk}/"' in page
    opened = client.get(f"/policies/claims/{claim.number}/files/{f.pk}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content).startswith(b"%PDF")
    client.force_login(org.staff2)  # not the issuing unit: neither the claim nor its files
    assert client.get(f"/policies/claims/{claim.number}/files/{f.pk}/").status_code == 404
    client.force_login(org.supervisor)
    ledger = client.get("/policies/ledger/", {"year": 2026}).content.decode()
    assert "5 万元" in ledger and 'class="total"' in ledger
    listed = client.get("/policies/claims/", {"state": "asked", "year": 2026}).content.decode()
    assert f"/policies/claims/{claim.number}/" in listed and "共 1 条" in listed


def test_the_proposer_is_told_a_second_person_confirms(org, policy, firms, client):  # noqa: F811
    services.set_budget(actor=org.supervisor, document=policy, year=2026, amount="100000")
    claim = services.submit_claim(actor=None, enterprise=firms["big"], article=article(org, policy), requested="50000")
    services.approve(claim=claim, actor=org.staff, amount="50000", version=v(claim))
    client.force_login(org.staff)
    page = client.get(f"/policies/claims/{claim.number}/").content.decode()
    assert 'data-held="confirm_approval"' in page and "第二人复核" in page
    assert 'data-action="confirm_approval"' not in page
    client.force_login(org.head)  # the second person of the unit: the action, no note
    page = client.get(f"/policies/claims/{claim.number}/").content.decode()
    assert 'data-action="confirm_approval"' in page and 'data-held="confirm_approval"' not in page
