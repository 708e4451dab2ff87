"""Correcting an order after filing (更正): the type, category, street, community and address,
with the history of every change, and figures that follow the corrected values."""
import datetime as dt

import pytest

from yiwang.dashboard import services as dashboard
from yiwang.dashboard.models import IntakeRolled
from yiwang.errors import ActionRefused
from yiwang.workorders import actions, selectors, services
from yiwang.workorders.models import Category, OrderEvent

from ..conftest import at, dispatched, make_unit, new_order, v


def test_a_dispatcher_moves_a_returned_order_to_the_street_it_belongs_to(org):
    order = dispatched(org)
    services.send_back(order=order, actor=org.staff, reason="该路段属白鹭街道", version=v(order))
    services.correct(order=order, actor=org.dispatcher, reason="退单说明属白鹭街道", version=v(order),
                     street=org.other_street, address="白鹭路2号")
    order.refresh_from_db()
    assert order.street == org.other_street and order.community is None and order.address == "白鹭路2号"
    event = order.events.get(action="correct")
    assert event.data["changes"] == {"street": ["青山街道", "白鹭街道"], "community": ["松林社区", ""],
                                     "address": ["翠湖路1号", "白鹭路2号"]}
    assert event.note == "退单说明属白鹭街道" and event.actor == org.dispatcher
    assert list(selectors.search(org.dispatcher, {"street": str(org.other_street.pk)})) == [order]
    assert not selectors.search(org.dispatcher, {"street": str(org.street.pk)}).exists()


def test_the_category_and_type_can_be_corrected_on_a_closed_order_too(org):
    lamp = Category.objects.create(name="路灯故障", parent=org.category)
    order = new_order(org, order_type="consult")
    services.answer_now(order=order, actor=org.agent, answer="已答复", version=v(order))
    services.correct(order=order, actor=org.agent, reason="误选分类", version=v(order), category=lamp,
                     order_type="help")
    order.refresh_from_db()
    assert order.category == lamp and order.order_type == "help" and order.status == "closed"


@pytest.mark.parametrize("fields, message", [
    ({}, "没有更改"),
    ({"community": "other"}, "不是所选街道下的社区"),
    ({"order_type": "nonsense"}, "未知的类型"),
])
def test_a_bad_correction_changes_nothing(org, fields, message):
    order = new_order(org)
    if fields.get("community") == "other":
        fields["community"] = make_unit("S2-C1", "鹭岛社区", "community", org.other_street)
    before = v(order)
    with pytest.raises(ActionRefused, match=message):
        services.correct(order=order, actor=org.dispatcher, reason="更正", version=before, **fields)
    assert v(order) == before and not order.events.filter(action="correct").exists()


def test_a_unit_may_not_correct_and_a_reason_is_required(org):
    order = dispatched(org)
    with pytest.raises(ActionRefused, match="您的角色"):
        services.correct(order=order, actor=org.staff, reason="x", version=v(order), address="别处")
    with pytest.raises(ActionRefused, match="更正原因"):
        services.correct(order=order, actor=org.dispatcher, reason=" ", version=v(order), address="别处")


def test_a_rolled_up_day_is_counted_again_after_a_correction(org, django_capture_on_commit_callbacks):
    with services.backfill_at(at(2026, 11, 20, 9)):
        order = new_order(org)
    dashboard.rollup(today=dt.date(2026, 11, 25), since=dt.date(2026, 11, 20))
    assert IntakeRolled.objects.filter(day=dt.date(2026, 11, 20)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.correct(order=order, actor=org.dispatcher, reason="属白鹭街道", version=v(order),
                         street=org.other_street)
    assert not IntakeRolled.objects.filter(day=dt.date(2026, 11, 20)).exists()


def test_an_order_without_category_is_categorised_at_dispatch(org):
    order = new_order(org, channel="web", category=None)
    with pytest.raises(ActionRefused, match="选择分类"):
        actions.run(order, org.dispatcher, "dispatch", {"version": v(order), "lead_unit": org.bureau.pk})
    actions.run(order, org.dispatcher, "dispatch", {"version": v(order), "lead_unit": org.bureau.pk,
                                                    "category": org.category.pk})
    order.refresh_from_db()
    assert order.category == org.category and order.status == "pending_sign"
    assert OrderEvent.objects.get(order=order, action="dispatch").data["changes"] == {"category": ["", "城市管理"]}


def test_the_correction_form_is_on_the_page_for_the_centre_only(org, client):
    order = dispatched(org)
    client.force_login(org.dispatcher)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert '<summary>更正工单信息</summary>' in page
    response = client.post(f"/orders/{order.number}/act/correct/", {
        "version": v(order), "order_type": "complaint", "street": org.other_street.pk, "community": "",
        "address": "白鹭路2号", "category": "", "reason": "地点有误"}, follow=True)
    assert "地点有误" in response.content.decode() and "青山街道 → 白鹭街道" in response.content.decode()
    client.force_login(org.staff)
    assert '<summary>更正工单信息</summary>' not in client.get(f"/orders/{order.number}/").content.decode()
