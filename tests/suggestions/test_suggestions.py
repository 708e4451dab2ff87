"""Suggestion campaigns (建议征询): submitted on the public page, by the hotline or the API, grouped
with their near-duplicates, reviewed and answered, published with consent, rewarded from the
fund, followed as a key task; the proposer follows it on a page of their own."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import new_order
from yiwang.errors import ActionRefused
from yiwang.reviews.models import TextMessage
from yiwang.suggestions import services, workflow
from yiwang.suggestions.models import Channel, State, Suggestion
from yiwang.tasks.models import Source, State as TaskState


@pytest.fixture
def campaign(org):
    return services.create_campaign(actor=org.supervisor, code="reform-2026", title="营商环境改革金点子",
                                    description="围绕审批提速、政策兑现征集改革建议。", starts_on=dt.date(2026, 11, 1),
                                    ends_on=dt.date(2026, 12, 31), award_fund="10000", rules="采纳的建议给予奖励。")


def suggest(campaign, title="审批材料网上共享", content="已在政府部门存档的营业执照不再让企业重复提交。", **kwargs):
    fields = dict(proposer_name="王先生", phone="13905310008", organisation="云溪科技", consent_publish=True)
    fields.update(kwargs)
    return services.submit(campaign=campaign, title=title, content=content, **fields)


def v(s):
    s.refresh_from_db()
    return s.version


def test_a_suggestion_runs_from_the_public_page_to_its_award_and_key_task(org, client, campaign):
    page = client.get("/public/suggestions/reform-2026/").content.decode()
    assert "营商环境改革金点子" in page and "采纳的建议给予奖励" in page
    response = client.post("/public/suggestions/reform-2026/", {
        "title": "审批材料网上共享", "content": "已在政府部门存档的营业执照不再让企业重复提交。", "name": "王先生",
        "phone": "13905310008", "organisation": "云溪科技", "consent": "1"})
    s = Suggestion.objects.get()
    assert response["Location"] == "/public/suggestions/reform-2026/done/"
    done = client.get(response["Location"]).content.decode()
    assert s.number in done
    assert TextMessage.objects.get(purpose=f"suggestion:{s.number}:in").body.startswith("【一网】")
    services.review(suggestion=s, actor=org.supervisor, decision=State.ADOPTED, reason="可操作，成本低。",
                    answer="您的建议已采纳，将于明年一季度上线材料共享。", version=v(s))
    services.publish(suggestion=s, actor=org.supervisor, version=v(s))
    services.award(suggestion=s, actor=org.leader, amount="2000", version=v(s))
    services.confirm_award(suggestion=s, actor=org.supervisor, version=v(s))
    services.follow_up(suggestion=s, actor=org.supervisor, lead_unit=org.bureau, deadline=dt.date(2026, 12, 18),
                       version=v(s))
    assert s.task.source == Source.SUGGESTION and s.task.state == TaskState.HANDLING
    assert list(s.events.values_list("action", flat=True)) == [
        "submit", "review", "publish", "award", "confirm_award", "follow_up"]
    follow = client.get(services.follow_url(s).replace("https://12345.example.gov.cn", "")).content.decode()
    assert "已采纳" in follow and "明年一季度" in follow and "2,000 元" in follow
    public = client.get("/public/suggestions/reform-2026/").content.decode()
    assert "审批材料网上共享" in public and "王先生" in public
    assert TextMessage.objects.filter(purpose=f"suggestion:{s.number}:ans").exists()


def test_every_review_needs_a_reason_and_an_answer_and_only_reviewers_act(org, campaign):
    s = suggest(campaign)
    with pytest.raises(ActionRefused, match="原因"):
        services.review(suggestion=s, actor=org.supervisor, decision=State.NOT_ADOPTED, reason="", answer="x",
                        version=v(s))
    with pytest.raises(ActionRefused, match="答复"):
        services.review(suggestion=s, actor=org.supervisor, decision=State.NOT_ADOPTED, reason="x", answer="",
                        version=v(s))
    with pytest.raises(ActionRefused):
        services.review(suggestion=s, actor=org.staff, decision=State.ADOPTED, reason="x", answer="y", version=v(s))
    with pytest.raises(ActionRefused, match="采纳"):
        services.review(suggestion=s, actor=org.supervisor, decision="maybe", reason="x", answer="y", version=v(s))
    services.review(suggestion=s, actor=org.supervisor, decision=State.NOT_ADOPTED, reason="已有同类政策。",
                    answer="感谢建议，现行政策已覆盖。", version=v(s))
    assert {a.code for a in workflow.available(s, org.supervisor)} == set()  # nothing to publish or award
    with pytest.raises(ActionRefused, match="未采纳"):
        services.award(suggestion=s, actor=org.supervisor, amount="1000", version=v(s))


def test_publication_needs_consent_and_awards_never_overdraw_the_fund(org, campaign):
    shy = suggest(campaign, consent_publish=False, title="窗口延时服务")
    bold = suggest(campaign, title="一网通办移动端", content="把常用事项做到手机上，随时可办。")
    for s in (shy, bold):
        services.review(suggestion=s, actor=org.supervisor, decision=State.PARTLY, reason="部分可行。", answer="部分采纳。",
                        version=v(s))
    with pytest.raises(ActionRefused, match="不同意公开"):
        services.publish(suggestion=shy, actor=org.supervisor, version=v(shy))
    services.award(suggestion=shy, actor=org.supervisor, amount="9000", version=v(shy))
    with pytest.raises(ActionRefused, match="1,000 元"):  # a proposed award holds its money too
        services.award(suggestion=bold, actor=org.supervisor, amount="1500", version=v(bold))
    with pytest.raises(ActionRefused, match="大于零"):
        services.award(suggestion=bold, actor=org.supervisor, amount="-5", version=v(bold))
    services.award(suggestion=bold, actor=org.supervisor, amount="1000", version=v(bold))
    assert services.fund_used(campaign) == 10000


def test_an_award_follows_the_rules_needs_a_second_person_and_is_corrected_with_a_reason(org):
    """F4: 85000.001 emptied the fund, rounded without a word, by one person, with no way back."""
    c = services.create_campaign(actor=org.supervisor, code="gold", title="金点子", description="征集",
                                 starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 12, 31), award_fund="100000",
                                 award_min="500", award_max="5000")
    s = suggest(c)
    services.review(suggestion=s, actor=org.supervisor, decision=State.ADOPTED, reason="可行。", answer="已采纳。",
                    version=v(s))
    for typed, words in (("85000.001", "两位小数"), ("85000", "500 元至 5,000 元"), ("abc", "不是金额"), ("100", "500 元")):
        with pytest.raises(ActionRefused, match=words):
            services.award(suggestion=s, actor=org.supervisor, amount=typed, version=v(s))
    services.award(suggestion=s, actor=org.supervisor, amount="3000", version=v(s))
    assert s.award is None and s.award_proposed == 3000  # proposed, not awarded
    with pytest.raises(ActionRefused, match="第二人"):
        services.confirm_award(suggestion=s, actor=org.supervisor, version=v(s))
    services.confirm_award(suggestion=s, actor=org.leader, version=v(s))
    assert s.award == 3000 and s.award_proposed is None
    services.correct_award(suggestion=s, actor=org.leader, amount="2000", reason="评审委员会复核后调整。", version=v(s))
    assert s.award == 3000  # until a second person confirms the correction
    services.confirm_award(suggestion=s, actor=org.supervisor, version=v(s))
    assert s.award == 2000
    correction = s.events.get(action="correct_award")
    assert correction.note == "评审委员会复核后调整。" and correction.data == {"from": "3000.00", "to": "2000"}


def test_near_duplicates_are_grouped_as_they_come_in(org, campaign):
    first = suggest(campaign, title="建议企业开办一天办结", content="企业开办涉及的营业执照、刻章、税务登记一天内办结，减少跑腿。")
    again = suggest(campaign, title="企业开办一天办结", content="希望企业开办的营业执照、刻章和税务登记在一天内办结。")
    other = suggest(campaign, title="增加公园停车位", content="周末公园周边停车难，建议增加停车位。")
    assert again.group == first and other.group is None
    groups = services.regroup(campaign)
    assert len(groups) == 1
    again.refresh_from_db()
    assert again.group == first


def test_a_closed_campaign_and_bad_input_are_refused_by_field(org, campaign):
    campaign.ends_on = dt.date(2026, 11, 20)
    campaign.save()
    with pytest.raises(ValidationError) as caught:
        services.submit(campaign=campaign, title="", content="", proposer_name="", phone="123")
    assert set(caught.value.message_dict) == {"campaign", "title", "content", "proposer_name", "phone"}
    assert not Suggestion.objects.exists()


def test_the_hotline_puts_a_suggestion_order_into_a_campaign(org, client, campaign):
    order = new_order(org, order_type="suggestion", title="建议公交站加装座椅", body="翠湖路公交站没有座椅，老人等车辛苦。")
    client.force_login(org.agent)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert "营商环境改革金点子" in page
    client.post(f"/suggestions/from-order/{order.number}/", {"campaign": campaign.pk})
    s = Suggestion.objects.get()
    assert s.order == order and s.channel == Channel.HOTLINE and s.phone == order.caller_phone
    # F17: the order no longer waits for dispatch with its clock running; it is closed with the
    # suggestion's number, which the caller is told and can follow.
    order.refresh_from_db()
    assert order.status == "closed" and s.number in order.answer and "营商环境改革金点子" in order.answer
    assert order.events.filter(action="to_campaign").exists()
    with pytest.raises(ActionRefused, match="已纳入"):
        services.from_order(order=order, campaign=campaign, actor=org.agent)
    complaint = new_order(org)
    with pytest.raises(ActionRefused):
        services.from_order(order=complaint, campaign=campaign, actor=org.agent)


def test_the_tracking_page_finds_a_suggestion_by_number_and_phone(org, client, campaign):
    s = suggest(campaign)
    found = client.post("/public/track/", {"number": s.number, "phone": "13905310008"}).content.decode()
    assert "营商环境改革金点子" in found and "待评审" in found
    wrong = client.post("/public/track/", {"number": s.number, "phone": "13905310009"}).content.decode()
    assert "营商环境改革金点子" not in wrong


def test_the_reviewers_pages(org, client, campaign):
    s = suggest(campaign)
    client.force_login(org.supervisor)
    page = client.get("/suggestions/c/reform-2026/").content.decode()
    assert s.number in page and "1 万元" in page  # the fund as officials read it
    client.post(f"/suggestions/s/{s.number}/act/review/", {"version": s.version, "decision": "adopted",
                                                           "reason": "可行。", "answer": "采纳。"})
    s.refresh_from_db()
    assert s.state == State.ADOPTED
    export = client.get("/suggestions/c/reform-2026/", {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxml")
    client.force_login(org.staff)
    assert client.get("/suggestions/").status_code == 403
    response = client.post("/suggestions/new/", {"code": "bad code", "title": "", "description": "x"})
    assert response.status_code == 403
    client.force_login(org.leader)
    page = client.post("/suggestions/new/", {"code": "bad code", "title": "", "description": "x",
                                             "starts_on": "2026-12-01", "ends_on": "2026-11-01"}).content.decode()
    assert "字母" in page and "请填写主题" in page and "早于" in page


def test_the_inbox_opens_the_suggestions_it_counts_and_the_public_site_links_the_campaigns(org, client, campaign):
    """U5: 待评审建议 32 opened the campaign list; U11: /public/ had no way to the campaigns."""
    from yiwang import inbox

    first, second = suggest(campaign), suggest(campaign, title="窗口延时服务", content="午间和周末开放综合窗口。")
    services.review(suggestion=second, actor=org.supervisor, decision=State.ADOPTED, reason="可行。",
                    answer="已采纳。", version=v(second))
    services.award(suggestion=second, actor=org.leader, amount="800", version=v(second))
    entries = {e.code: e for s in inbox.sections(org.supervisor) for e in s.entries}
    waiting, award = entries["suggestions-review-reform-2026"], entries["suggestions-award-reform-2026"]
    assert (waiting.count, award.count) == (1, 1) and "营商环境改革金点子" in waiting.label
    client.force_login(org.supervisor)
    for entry, number in ((waiting, first.number), (award, second.number)):
        page = client.get(entry.url).content.decode()
        listed = page[page.index('id="suggestions"'):]
        assert listed.count('href="/suggestions/s/') == entry.count and number in listed
    client.logout()
    assert 'href="/public/suggestions/"' in client.get("/public/").content.decode()
