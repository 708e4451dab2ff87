"""包联 and visits: a problem raised on a visit enters the 12345 loop (channel 企业走访) or becomes a
key task; coverage and closure by official and unit; the visits due are reminded."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import at, v
from yiwang.enterprises import selectors, services
from yiwang.enterprises.models import Problem, Rate
from yiwang.workorders import services as orders
from yiwang.workorders.models import Channel, Status

from .conftest import butler, enterprise  # noqa: F401 (fixtures)


def test_a_visits_problem_becomes_a_work_order_and_its_closure_shows(org, butler, client):  # noqa: F811
    e = enterprise(org)
    services.assign(actor=org.supervisor, official=butler, enterprise=e, rate=Rate.QUARTERLY)
    visit = services.record_visit(actor=butler, enterprise=e, visited_on=dt.date(2026, 11, 24), people="王五",
                                  content="了解企业生产经营情况。",
                                  problems=[{"text": "厂区门口道路破损，货车进出困难", "route": "order"}])
    problem = visit.problems.get()
    order = problem.order
    assert order.channel == Channel.ENTERPRISE and order.status == Status.PENDING_DISPATCH
    assert order.caller_phone == "13905319001" and "厂区门口道路破损" in order.title and e.name in order.title
    assert not problem.closed
    orders.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, version=v(order))
    orders.sign_for(order=order, actor=org.staff, version=v(order))
    orders.reply(order=order, actor=org.staff, answer="已修复。", version=v(order))
    orders.callback(order=order, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(order))
    problem.refresh_from_db()
    assert problem.closed
    client.force_login(butler)
    page = client.get(f"/enterprises/{e.credit_code}/").content.decode()
    assert order.number in page and "已办结" in page


def test_a_problem_becomes_a_key_task_only_for_those_who_set_tasks(org, butler):  # noqa: F811
    e = enterprise(org)
    with pytest.raises(ValidationError) as caught:
        services.record_visit(actor=butler, enterprise=e, visited_on=dt.date(2026, 11, 24), content="走访",
                              problems=[{"text": "用地指标不足", "route": "task"}])
    assert "problem_0" in caught.value.message_dict
    visit = services.record_visit(actor=org.supervisor, enterprise=e, visited_on=dt.date(2026, 11, 24),
                                  content="走访", problems=[{"text": "用地指标不足", "route": "task"}])
    task = visit.problems.get().task
    assert task.source == "enterprise" and task.state == "pending"


def test_a_visit_needs_its_day_and_content(org, butler):  # noqa: F811
    e = enterprise(org)
    with pytest.raises(ValidationError) as caught:
        services.record_visit(actor=butler, enterprise=e, visited_on=dt.date(2026, 12, 30), content="")
    assert set(caught.value.message_dict) == {"visited_on", "content"}


def test_coverage_and_the_visits_due_by_official_and_unit(org, butler, fixed_time):  # noqa: F811
    first, second = enterprise(org, 1), enterprise(org, 2, name="第二家企业")
    for e in (first, second):
        services.assign(actor=org.supervisor, official=butler, enterprise=e, rate=Rate.QUARTERLY,
                        since=dt.date(2026, 10, 1))
    services.assign(actor=org.supervisor, official=org.staff, enterprise=first, rate=Rate.MONTHLY,
                    since=dt.date(2026, 10, 1))
    services.record_visit(actor=butler, enterprise=first, visited_on=dt.date(2026, 11, 2), content="走访",
                          problems=[{"text": "用电报装慢", "route": "order"}])
    due = services.visits_due(dt.date(2026, 11, 25))
    assert {(a.official.username, a.enterprise.name) for a in due} == {("butler1", "第二家企业"),
                                                                        ("staff", first.name)}
    rows = {r["name"]: r for r in selectors.coverage(dt.date(2026, 10, 1), dt.date(2026, 12, 31))}
    assert (rows["butler1"]["assigned"], rows["butler1"]["visited"], rows["butler1"]["coverage"]) == (2, 1, 50.0)
    assert rows["butler1"]["problems"] == 1 and rows["butler1"]["closed"] == 0
    by_unit = {r["name"]: r for r in selectors.coverage(dt.date(2026, 10, 1), dt.date(2026, 12, 31), by="unit")}
    assert by_unit["城管局"]["assigned"] == 1 and by_unit["城管局"]["visited"] == 0
    # In the next quarter the butler's first enterprise is due again.
    fixed_time.move_to(at(2027, 1, 5, 9))
    assert first in {a.enterprise for a in services.visits_due(dt.date(2027, 1, 5), official=butler)}


def test_the_visit_form_and_the_coverage_page(org, butler, client):  # noqa: F811
    e = enterprise(org)
    services.assign(actor=org.supervisor, official=butler, enterprise=e)
    client.force_login(butler)
    assert "本期应走访" in client.get("/", follow=True).content.decode()  # the hall, their inbox
    client.post(f"/enterprises/{e.credit_code}/visit/", {"visited_on": "2026-11-24", "content": "走访了解用工需求。",
                                                         "problem_text": ["缺少 20 名技术工人", ""],
                                                         "problem_route": ["order", "order"]})
    assert Problem.objects.get().order.title.endswith("缺少 20 名技术工人")
    page = client.get(f"/enterprises/{e.credit_code}/").content.decode()
    assert page.count('name="problem_text"') == 5  # F18: a visit had room for two problems only
    client.post(f"/enterprises/{e.credit_code}/visit/", {"visited_on": "2026-11-25", "content": "再次走访。",
                                                         "problem_text": ["用电报装慢", "道路破损", "招工难"],
                                                         "problem_route": ["order", "order", "order"]})
    assert Problem.objects.count() == 4
    assert client.get("/enterprises/coverage/").status_code == 403
    client.force_login(org.supervisor)
    page = client.get("/enterprises/coverage/", {"from": "2026-10-01", "to": "2026-12-31"}).content.decode()
    assert "butler1" in page and "100.0" in page


def test_the_enterprises_butler_follows_its_problems_from_the_inbox(org, butler, client):  # noqa: F811
    from yiwang.errors import ActionRefused

    e = enterprise(org)
    with pytest.raises(ActionRefused, match="企业管家"):
        services.appoint_butler(actor=org.supervisor, enterprise=e, butler=org.staff)  # not a butler
    with pytest.raises(ActionRefused):
        services.appoint_butler(actor=org.staff, enterprise=e, butler=butler)  # may not appoint
    client.force_login(org.supervisor)
    client.post(f"/enterprises/{e.credit_code}/butler/", {"butler": butler.pk})
    e.refresh_from_db()
    assert e.butler == butler
    visit = services.record_visit(actor=org.supervisor, enterprise=e, visited_on=dt.date(2026, 11, 24),
                                  content="座谈。", problems=[{"text": "周边路灯不亮", "route": "order"},
                                                             {"text": "招工难", "route": "order"}])
    first, second = [p.order for p in visit.problems.order_by("pk")]
    orders.dispatch(order=second, actor=org.dispatcher, lead_unit=org.bureau, version=v(second))
    orders.sign_for(order=second, actor=org.staff, version=v(second))
    orders.reply(order=second, actor=org.staff, answer="已对接人社部门专场招聘。", version=v(second))
    orders.callback(order=second, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(second))
    assert selectors.open_problems_of_butler(butler).count() == 1
    client.force_login(butler)
    home = client.get("/", follow=True).content.decode()
    assert "我服务企业的诉求未办结" in home
    listed = client.get("/enterprises/visits/?butler=1&open=1").content.decode()
    assert first.number in listed
    listed = client.get("/enterprises/visits/?butler=1").content.decode()
    assert "已对接人社部门专场招聘" in listed  # the reply, without opening the order


def test_a_monthly_assignment_is_covered_over_a_quarter_only_if_visited_each_month(org, butler, fixed_time):  # noqa: F811
    """F17: one visit in October counted a monthly assignment as covered for the whole fourth quarter."""
    e = enterprise(org, 1)
    services.assign(actor=org.supervisor, official=org.staff, enterprise=e, rate=Rate.MONTHLY,
                    since=dt.date(2026, 10, 1))
    services.record_visit(actor=org.staff, enterprise=e, visited_on=dt.date(2026, 10, 9), content="走访")

    def covered():
        rows = {r["name"]: r for r in selectors.coverage(dt.date(2026, 10, 1), dt.date(2026, 12, 31))}
        return rows["staff"]["visited"]

    assert covered() == 1  # 11-25: October, the month that has ended, was visited; November is under way
    fixed_time.move_to(at(2026, 12, 3, 9))
    assert covered() == 0  # November ended without a visit
    services.record_visit(actor=org.staff, enterprise=e, visited_on=dt.date(2026, 11, 20), content="补录走访")
    assert covered() == 1
    fixed_time.move_to(at(2027, 1, 5, 9))
    assert covered() == 0  # and December had none
