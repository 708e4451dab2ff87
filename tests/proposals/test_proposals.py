"""Deputies' suggestions and CPPCC proposals: every transition and refusal, the answer limit of
three months (six when approved complex), the proposer's rating sending it back, the report."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import at, make_user
from yiwang.errors import ActionRefused
from yiwang.proposals import services, workflow
from yiwang.proposals.models import Kind, Proposal, Rating, State


def v(p):
    p.refresh_from_db()
    return p.version


def register(org, serial=45, kind=Kind.DEPUTY):
    return services.register(actor=org.supervisor, kind=kind, year=2026, serial=serial, title="关于增设社区养老服务站的建议",
                             content="建议在老旧小区集中的街道增设养老服务站。", proposers="张代表、李代表",
                             received_on=dt.date(2026, 11, 20))


@pytest.fixture
def co(org):
    return make_user("co_staff", ["unit_staff"], org.street)


def test_a_proposal_is_assigned_answered_rated_and_concluded(org, co, client):
    p = register(org)
    assert p.number == "RD2026-045" and p.state == State.RECEIVED
    services.assign(proposal=p, actor=org.supervisor, lead_unit=org.bureau, co_units=[org.street], version=v(p))
    assert p.state == State.HANDLING and p.due.date() == dt.date(2027, 2, 25)  # three months
    services.co_opinion(proposal=p, actor=co, text="街道可提供场地。", version=v(p))
    services.answer(proposal=p, actor=org.staff, text="经研究，明年在青山街道试点建设 2 个养老服务站。", version=v(p))
    assert p.state == State.ANSWERED and p.answered_on_time
    services.rate(proposal=p, actor=org.supervisor, rating=Rating.BASIC, version=v(p))
    assert p.state == State.CLOSED
    client.force_login(org.staff)
    page = client.get(f"/proposals/{p.number}/").content.decode()
    assert "基本满意" in page and "街道可提供场地" in page


def test_an_unsatisfied_rating_sends_it_back_to_be_handled_again(org, fixed_time):
    p = register(org)
    services.assign(proposal=p, actor=org.supervisor, lead_unit=org.bureau, version=v(p))
    services.answer(proposal=p, actor=org.staff, text="正在研究。", version=v(p))
    fixed_time.move_to(at(2026, 12, 10, 9))
    services.rate(proposal=p, actor=org.supervisor, rating=Rating.UNSATISFIED, note="答复空泛。", version=v(p))
    # A month on is Sunday 2027-01-10: due the next working day (F11).
    assert p.state == State.HANDLING and p.rework_count == 1 and p.due.date() == dt.date(2027, 1, 11)
    assert "answer" in {a.code for a in workflow.available(p, org.staff)}
    services.answer(proposal=p, actor=org.staff, text="已落实。", version=v(p))
    services.rate(proposal=p, actor=org.supervisor, rating=Rating.SATISFIED, version=v(p))
    from django.test import Client

    client = Client()
    client.force_login(org.supervisor)
    page = client.get(f"/proposals/{p.number}/").content.decode()
    assert "评价：不满意" in page and "评价：满意" in page  # F9: the first rating stays in the history


def test_a_complex_one_gets_six_months_only_when_approved(org):
    p = register(org)
    services.assign(proposal=p, actor=org.supervisor, lead_unit=org.bureau, version=v(p))
    with pytest.raises(ActionRefused):
        services.decide_complex(proposal=p, actor=org.supervisor, approve=True, version=v(p))
    services.ask_complex(proposal=p, actor=org.staff, reason="涉及规划调整和多部门资金。", version=v(p))
    with pytest.raises(ActionRefused, match="已申请"):
        services.ask_complex(proposal=p, actor=org.staff, reason="再次", version=v(p))
    services.decide_complex(proposal=p, actor=org.supervisor, approve=True, version=v(p))
    assert p.due.date() == dt.date(2027, 5, 25)


def test_who_may_do_what(org, co):
    p = register(org)
    with pytest.raises(ActionRefused):
        services.assign(proposal=p, actor=org.leader, lead_unit=org.bureau, version=v(p))
    services.assign(proposal=p, actor=org.supervisor, lead_unit=org.bureau, co_units=[org.street], version=v(p))
    assert {a.code for a in workflow.available(p, org.staff)} == {"ask_complex", "answer"}
    assert {a.code for a in workflow.available(p, co)} == {"co_opinion"}
    assert {a.code for a in workflow.available(p, org.staff2)} == set()
    with pytest.raises(ActionRefused, match="牵头单位"):
        services.answer(proposal=p, actor=co, text="x", version=v(p))
    with pytest.raises(ActionRefused, match="满意"):
        services.rate(proposal=p, actor=org.supervisor, rating="great", version=v(p))


def test_registration_checks_each_field_and_its_number(org):
    register(org)
    with pytest.raises(ValidationError) as caught:
        register(org)
    assert "已登记" in caught.value.message_dict["serial"][0]
    with pytest.raises(ValidationError) as caught:
        services.register(actor=org.supervisor, kind="x", year=1900, serial=0, title="", content="", proposers="",
                          received_on=None)
    assert set(caught.value.message_dict) == {"kind", "year", "serial", "title", "content", "proposers", "received_on"}
    assert register(org, kind=Kind.CPPCC).number == "ZX2026-045"  # the other body's numbering


def test_the_yearly_report_by_unit(org, client, fixed_time, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0  # the clock moves months on
    done, late, open_ = register(org, 1), register(org, 2), register(org, 3)
    for p in (done, late, open_):
        services.assign(proposal=p, actor=org.supervisor, lead_unit=org.bureau, version=v(p))
    services.answer(proposal=done, actor=org.staff, text="已落实。", version=v(done))
    services.rate(proposal=done, actor=org.supervisor, rating=Rating.SATISFIED, version=v(done))
    fixed_time.move_to(at(2027, 3, 1, 9))
    services.answer(proposal=late, actor=org.staff, text="已落实。", version=v(late))
    rows = services.yearly_report(2026)
    assert rows == [{"unit": org.bureau.pk, "name": "城管局", "assigned": 3, "answered": 2, "on_time": 1, "satisfied": 1,
                     "basic": 0, "unsatisfied": 0, "reworked": 0, "open": 2}]
    client.force_login(org.leader)
    assert "城管局" in client.get("/proposals/report/", {"year": 2026}).content.decode()
    assert client.get("/proposals/report/", {"year": 2026, "export": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxml")
    client.force_login(org.staff)
    assert client.get("/proposals/report/").status_code == 403


def test_a_unit_sees_its_own_and_the_office_registers_through_the_page(org, client):
    client.force_login(org.supervisor)
    response = client.post("/proposals/new/", {"kind": "cppcc", "year": "2026", "serial": "12", "title": "关于河道治理的提案",
                                               "proposers": "王委员", "received_on": "2026-11-18", "content": "建议加强河道治理。"})
    p = Proposal.objects.get()
    assert response["Location"] == f"/proposals/{p.number}/"
    client.post(f"/proposals/{p.number}/act/assign/", {"version": p.version, "lead_unit": org.bureau2.pk})
    client.force_login(org.staff2)
    assert p.number in client.get("/proposals/").content.decode()
    client.force_login(org.staff)
    assert p.number not in client.get("/proposals/").content.decode()
    assert client.get(f"/proposals/{p.number}/").status_code == 404
    assert client.get("/proposals/RD9999-1/").status_code == 404
