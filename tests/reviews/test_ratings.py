"""好差评: one rating per finished case, bad ratings open rectification cases, the states and
who may move them, 找茬, the rater's appeal."""
import pytest
from django.urls import reverse

from yiwang.errors import ActionRefused
from yiwang.reviews import services as reviews
from yiwang.reviews.models import Rating, Rectification, State, TextMessage
from yiwang.workorders import services

from ..conftest import make_user, new_order, replied, v


def closed(org, satisfaction="satisfied", **kw):
    order = replied(org, **kw)
    services.callback(order=order, actor=org.callback, satisfaction=satisfaction, rework=False, solved="yes",
                      note="" if satisfaction != "unsatisfied" else "来电人不满意。", version=v(order))
    return order


def test_an_open_order_cannot_be_rated(org):
    order = replied(org)
    with pytest.raises(ActionRefused) as exc:
        reviews.rate(case=order, level=5, channel="portal")
    assert exc.value.code == "not_rateable"
    assert not Rating.objects.exists()


def test_a_finished_order_is_rated_once_and_may_be_supplemented(org):
    order = closed(org)
    rating = reviews.rate(case=order, level=4, channel="portal", comment="不错", indicators={"speed": 5})
    # A 12345 request is rated on the hotline's indicators, not the online hall's.
    assert rating.unit == org.bureau and rating.indicator_set == "hotline" and not rating.is_bad
    with pytest.raises(ActionRefused):
        reviews.rate(case=order, level=1, channel="sms")
    reviews.supplement(rating=rating, text="后来又来复查了")
    with pytest.raises(ActionRefused):
        reviews.supplement(rating=rating, text="再补充")
    rating.refresh_from_db()
    assert rating.level == 4 and rating.supplement == "后来又来复查了"


@pytest.mark.parametrize("level, bad", [(5, False), (4, False), (3, False), (2, True), (1, True)])
def test_only_the_two_lowest_levels_open_a_rectification_case(org, level, bad):
    order = closed(org)
    reviews.rate(case=order, level=level, channel="portal", comment="评价")
    assert Rectification.objects.filter(unit=org.bureau).exists() is bad


def test_bad_input_is_refused_with_a_reason_and_nothing_stored(org):
    order = closed(org)
    for kwargs, code in [({"level": 6}, "bad_level"), ({"level": 3, "channel": "fax"}, "bad_channel"),
                         ({"level": 3, "indicators": {"efficiency": 4}}, "bad_indicator"),
                         ({"level": 3, "indicators": {"speed": 9}}, "bad_indicator"),
                         ({"level": 3, "rater_phone": "12"}, "bad_phone")]:
        with pytest.raises(ActionRefused) as exc:
            reviews.rate(case=order, **{"channel": "portal", **kwargs})
        assert exc.value.code == code
    assert not Rating.objects.exists()


def test_the_callback_that_closes_an_order_is_its_rating(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = closed(org, satisfaction="unsatisfied")
    rating = Rating.objects.get(order=order)
    assert rating.channel == "callback" and rating.level == 2 and rating.rater_name == "张先生"
    case = rating.rectification
    assert case.state == State.PENDING_VERIFY and case.unit == org.bureau and case.due is not None
    assert case.is_named


def test_an_order_closed_without_callback_invites_the_caller_by_text(org, django_capture_on_commit_callbacks):
    order = replied(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.close(order=order, actor=org.callback, note="三次未接通", version=v(order))
    message = TextMessage.objects.get()
    assert message.phone == "13905310001" and order.number in message.body and "/public/rate/o/" in message.body


def bad_case(org, name="李女士"):
    order = closed(org)
    return reviews.rate(case=order, level=1, channel="sms", comment="态度差", rater_name=name,
                        rater_phone="13800000000").rectification


def test_rectification_runs_verify_rectify_feedback_callback(org):
    case = bad_case(org)
    reviews.verify(case=case, actor=org.staff, note="属实", version=case.version)
    assert case.state == State.RECTIFYING
    reviews.rectify(case=case, actor=org.staff, result="已整改", version=case.version)
    assert case.state == State.RECTIFIED and case.concluded_at
    reviews.give_feedback(case=case, actor=org.staff, text="已整改，谢谢", version=case.version)
    reviews.call_back(case=case, actor=org.callback, note="认可", version=case.version)
    assert case.called_back_at and [e.action for e in case.events.all()] == [
        "open", "verify", "rectify", "give_feedback", "call_back"]


def test_another_unit_cannot_touch_the_case(org):
    case = bad_case(org)
    with pytest.raises(ActionRefused):
        reviews.verify(case=case, actor=org.staff2, note="属实", version=case.version)
    with pytest.raises(ActionRefused):
        reviews.rectify(case=case, actor=org.dispatcher, result="x", version=case.version)


@pytest.mark.parametrize("conclusion", [State.CANNOT, State.INVALID])
def test_cannot_and_invalid_need_a_supervisors_approval(org, conclusion):
    case = bad_case(org)
    reviews.propose(case=case, actor=org.head, conclusion=conclusion, reason="无法律依据", version=case.version)
    assert case.state == State.AWAITING_APPROVAL
    with pytest.raises(ActionRefused):  # the unit cannot approve its own proposal
        reviews.decide(case=case, actor=org.head, approve=True, version=case.version)
    with pytest.raises(ActionRefused):  # refusing needs a reason
        reviews.decide(case=case, actor=org.supervisor, approve=False, note="", version=case.version)
    reviews.decide(case=case, actor=org.supervisor, approve=False, note="应当整改", version=case.version)
    assert case.state == State.RECTIFYING and case.proposed == ""
    reviews.propose(case=case, actor=org.head, conclusion=conclusion, reason="确实无法", version=case.version)
    reviews.decide(case=case, actor=org.supervisor, approve=True, version=case.version)
    assert case.state == conclusion


def test_the_rater_appeals_once_and_a_supervisor_reopens_or_upholds(org):
    case = bad_case(org)
    with pytest.raises(ActionRefused):  # nothing concluded yet
        reviews.appeal(case=case, text="不同意")
    reviews.rectify(case=case, actor=org.staff, result="已整改", version=case.version)
    reviews.give_feedback(case=case, actor=org.staff, text="已整改", version=case.version)
    reviews.appeal(case=case, text="根本没有整改")
    assert case.state == State.APPEALED and case.appeal_from == State.RECTIFIED
    reviews.review_appeal(case=case, actor=org.supervisor, reopen=True, note="复核属实", version=case.version)
    assert case.state == State.RECTIFYING and case.feedback_at is None
    reviews.rectify(case=case, actor=org.staff, result="重新整改", version=case.version)
    with pytest.raises(ActionRefused):  # one appeal only
        reviews.appeal(case=case, text="还是不同意")


def test_a_stale_version_is_refused(org):
    case = bad_case(org)
    old = case.version
    reviews.verify(case=case, actor=org.staff, note="属实", version=old)
    with pytest.raises(ActionRefused) as exc:
        reviews.rectify(case=case, actor=org.staff, result="x", version=old)
    assert exc.value.code == "stale"


def test_the_history_is_append_only(org):
    from yiwang.workorders.models import AppendOnlyError

    event = bad_case(org).events.first()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_a_fault_report_opens_a_case_and_its_page_takes_the_appeal(org, client):
    response = client.post(reverse("rate:fault"), {"unit": org.bureau.pk, "description": "窗口人员离岗",
                                                   "name": "王先生", "phone": ""})
    assert "phone" in response.context["errors"]  # a named reporter must leave a number
    response = client.post(reverse("rate:fault"), {"unit": org.bureau.pk, "description": "窗口人员离岗",
                                                   "place": "3号窗口"}, follow=True)
    case = Rectification.objects.get()
    assert case.source == "fault" and case.unit == org.bureau and not case.is_named
    url = reviews.case_url(case)
    assert response.status_code == 200 and url in response.content.decode()
    assert client.get(url.replace(url.rsplit("/", 2)[1], "forged")).status_code == 404
    reviews.rectify(case=case, actor=org.staff, result="已批评教育", version=case.version)
    client.post(url, {"appeal": "没有改"})
    case.refresh_from_db()
    assert case.state == State.APPEALED


def test_the_public_rating_link_rates_with_its_channel(org, client):
    order = closed(org)
    url = reviews.rating_url(order, "qr")
    assert client.get(url).status_code == 200
    client.post(url, {"level": "2", "comment": "慢", "ind_speed": "2"})
    rating = Rating.objects.get(order=order)
    assert rating.channel == "qr" and rating.indicators == {"speed": 2} and rating.rectification
    bad = url.replace(url.split("/")[-2], "x" * 20)
    assert client.get(bad).status_code == 404


def test_the_hall_pad_is_for_the_hall(org, client):
    from yiwang.services.models import Application  # noqa: F401  (the pad 404s on an unknown number)

    client.force_login(org.staff)
    assert client.get(reverse("reviews:pad", args=["NOPE"])).status_code == 403
    clerk = make_user("clerk1", ["clerk"], org.bureau)
    client.force_login(clerk)
    assert client.get(reverse("reviews:pad", args=["NOPE"])).status_code == 404


def test_units_see_only_their_own_cases_and_phones_are_masked(org, client):
    case = bad_case(org)
    client.force_login(org.staff2)
    page = client.get(reverse("reviews:list")).content.decode()
    assert case.number not in page  # (not just "ZG": a random CSRF token may contain it)
    client.force_login(org.staff)
    page = client.get(reverse("reviews:list")).content.decode()
    assert case.number in page and "138****0000" in page and "13800000000" not in page
    client.force_login(org.nobody)
    assert client.get(reverse("reviews:list")).status_code == 403
    new_order(org)  # the exports mask too
    client.force_login(org.supervisor)
    response = client.get(reverse("reviews:ratings") + "?export=xlsx")
    import io

    from openpyxl import load_workbook

    cells = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "138****0000" in cells and "13800000000" not in cells


def test_a_bad_rating_of_an_order_the_hotline_answered_opens_a_case_for_the_hotline_centre(org):
    order = new_order(org, order_type="consult")
    services.answer_now(order=order, actor=org.agent, answer="已告知办理流程", version=v(order))
    rating = reviews.rate(case=order, level=1, channel="sms", comment="答非所问", rater_phone="13905310001")
    assert rating.unit == org.centre
    case = Rectification.objects.get(rating=rating)
    assert case.unit == org.centre


def test_the_centre_works_a_case_against_itself_and_a_second_supervisor_approves(org, client):
    """N2: a case against the centre had nobody who could verify, rectify or propose it."""
    order = new_order(org, order_type="consult")
    services.answer_now(order=order, actor=org.agent, answer="已告知办理流程", version=v(order))
    case = Rectification.objects.get(rating=reviews.rate(case=order, level=1, channel="sms", comment="答非所问"))
    client.force_login(org.dispatcher)
    page = client.get(f"/reviews/{case.number}/").content.decode()
    assert 'data-action="verify"' in page or "/act/verify/" in page
    reviews.verify(case=case, actor=org.dispatcher, note="坐席答复不准确，属实。", version=case.version)
    reviews.propose(case=case, actor=org.supervisor, conclusion=State.CANNOT, reason="来电人要求超出政策",
                    version=case.version)
    with pytest.raises(ActionRefused, match="另一名"):
        reviews.decide(case=case, actor=org.supervisor, approve=True, version=case.version)
    second = make_user("supervisor_b", ["supervisor"], org.centre)
    reviews.decide(case=case, actor=second, approve=True, version=case.version)
    assert case.state == State.CANNOT
    with pytest.raises(ActionRefused):  # a bureau's case stays the bureau's: the centre does not rectify it
        reviews.rectify(case=bad_case(org), actor=org.dispatcher, result="x", version=1)


def test_every_rater_with_a_phone_is_sent_their_case_and_appeal_link(org, client):
    order = closed(org)
    response = client.post(reviews.rating_url(order, "sms").replace("https://12345.example.gov.cn", ""),
                           {"level": 1, "comment": "没修好", "phone": "13905310001"}, follow=True)
    case = Rectification.objects.get()
    link = reviews.case_url(case)
    assert link.startswith("https://12345.example.gov.cn/public/case/")
    assert link in response.content.decode()  # shown on the page after the rating
    opened = TextMessage.objects.get(purpose=f"case:{case.number}:opened")
    assert opened.phone == "13905310001" and link in opened.body and case.unit.name in opened.body
    reviews.verify(case=case, actor=org.staff, note="属实", version=case.version)
    case.refresh_from_db()
    reviews.rectify(case=case, actor=org.staff, result="已重新维修", version=case.version)
    case.refresh_from_db()
    reviews.give_feedback(case=case, actor=org.staff, text="已重新维修，请再看看", version=case.version)
    feedback = TextMessage.objects.get(purpose=f"case:{case.number}:feedback")
    assert link in feedback.body and "申诉" in feedback.body


def test_links_that_leave_the_product_are_absolute_and_deploy_needs_the_address(org, settings):
    from django.core.checks import run_checks

    order = closed(org)
    assert reviews.rating_url(order, "qr").startswith("https://12345.example.gov.cn/public/rate/")
    settings.PUBLIC_BASE_URL = ""
    assert "yiwang.E001" in [e.id for e in run_checks(include_deployment_checks=True)]
    settings.PUBLIC_BASE_URL = "http://12345.example.gov.cn"
    assert "yiwang.E002" in [e.id for e in run_checks(include_deployment_checks=True)]


def test_only_the_unit_head_proposes_that_a_bad_rating_is_invalid_or_cannot_be_rectified(org):
    case = bad_case(org)
    with pytest.raises(ActionRefused, match="您的角色"):
        reviews.propose(case=case, actor=org.staff, conclusion="invalid", reason="误评", version=case.version)
    reviews.propose(case=case, actor=org.head, conclusion="invalid", reason="误评", version=case.version)
    case.refresh_from_db()
    assert case.state == State.AWAITING_APPROVAL
