"""Every transition and every refusal, through the services."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yiwang.errors import ActionRefused
from yiwang.workorders import services, workflow
from yiwang.workorders.models import Assignment, Callback, ExtensionRequest, Notice, OrderEvent, Status

from ..conftest import dispatched, handling, new_order, replied, v

S = Status


def events(order):
    return list(order.events.values_list("action", "from_status", "to_status"))


def test_intake_records_the_order_and_its_first_event(org):
    order = new_order(org)
    assert order.number and order.status == S.PENDING_DISPATCH
    assert events(order) == [("create", "", S.PENDING_DISPATCH)]
    assert order.deadline is not None


def test_intake_refuses_bad_input_and_writes_nothing(org):
    with pytest.raises(ValidationError) as exc:
        new_order(org, caller_phone="12345", caller_id_number="110105194912310021", title=" ",
                  order_type="gossip", channel="pigeon")
    assert set(exc.value.message_dict) == {"caller_phone", "caller_id_number", "title", "order_type", "channel"}
    assert not OrderEvent.objects.exists()


def test_intake_refuses_a_community_of_another_street(org):
    with pytest.raises(ValidationError) as exc:
        new_order(org, street=org.other_street, community=org.community)
    assert "community" in exc.value.message_dict


def test_agent_answers_a_consultation_at_once(org):
    order = new_order(org, order_type="consult")
    services.answer_now(order=order, actor=org.agent, answer="可网上办理。", version=v(order))
    assert order.status == S.CLOSED and order.answer == "可网上办理。" and order.closed_at


def test_answer_now_is_refused_for_a_complaint(org):
    order = new_order(org)
    with pytest.raises(ActionRefused, match="咨询"):
        services.answer_now(order=order, actor=org.agent, answer="x", version=v(order))


def test_dispatch_to_lead_and_co_units(org):
    order = new_order(org)
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, co_units=[org.street, org.bureau],
                      version=v(order))
    assert order.status == S.PENDING_SIGN and order.lead_unit == org.bureau
    roles = sorted(order.assignments.values_list("unit__code", "role"))
    assert roles == [("B1", "lead"), ("S1", "co")]  # the lead is not also a co-unit
    assert order.handle_deadline is not None


def test_dispatch_refused_for_an_agent_and_for_a_unit(org):
    order = new_order(org)
    for actor in (org.agent, org.staff):
        with pytest.raises(ActionRefused, match="您的角色"):
            services.dispatch(order=order, actor=actor, lead_unit=org.bureau, version=v(order))


def test_dispatch_refused_to_a_unit_that_takes_no_orders(org):
    order = new_order(org)
    with pytest.raises(ActionRefused):
        services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.district, version=v(order))


def test_lead_unit_signs_for(org):
    order = dispatched(org)
    services.sign_for(order=order, actor=org.staff, version=v(order))
    assert order.status == S.HANDLING
    assert order.assignments.get(role="lead").signed_by == org.staff


def test_another_unit_cannot_sign_for(org):
    order = dispatched(org)
    with pytest.raises(ActionRefused, match="主办单位"):
        services.sign_for(order=order, actor=org.staff2, version=v(order))


def test_sign_for_twice_is_refused_by_state(org):
    order = handling(org)
    with pytest.raises(ActionRefused, match="不能"):
        services.sign_for(order=order, actor=org.staff, version=v(order))


def test_return_needs_a_reason_then_redispatch_remembers_every_unit(org):
    order = handling(org)
    with pytest.raises(ActionRefused):
        services.send_back(order=order, actor=org.staff, reason="  ", version=v(order))
    services.send_back(order=order, actor=org.staff, reason="不属于本单位职责", version=v(order))
    assert order.status == S.RETURNED and order.lead_unit is None
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.street, version=v(order))
    assert order.status == S.PENDING_SIGN and order.lead_unit == org.street
    history = list(order.assignments.values_list("unit__code", "state", "note"))
    assert history == [("B1", "returned", "不属于本单位职责"), ("S1", "active", "")]
    assert [e[0] for e in events(order)] == ["create", "dispatch", "sign_for", "send_back", "redispatch"]


def test_co_unit_cannot_return_or_reply_for_the_lead(org):
    order = new_order(org)
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, co_units=[org.street],
                      version=v(order))
    with pytest.raises(ActionRefused, match="主办单位"):
        services.send_back(order=order, actor=org.street_staff, reason="x", version=v(order))
    services.co_sign_for(order=order, actor=org.street_staff, version=v(order))
    services.co_reply(order=order, actor=org.street_staff, opinion="已配合现场核查", version=v(order))
    assert order.status == S.PENDING_SIGN
    assert order.assignments.get(role="co").state == Assignment.State.DONE


def test_extension_requested_and_approved_moves_the_deadline(org):
    order = handling(org)
    before = order.handle_deadline
    services.request_extension(order=order, actor=org.staff, workdays=3, reason="需多部门会商", version=v(order))
    with pytest.raises(ActionRefused, match="已有延期申请"):
        services.request_extension(order=order, actor=org.staff, workdays=1, reason="x", version=v(order))
    services.decide_extension(order=order, actor=org.supervisor, approve=True, version=v(order))
    assert order.extension_workdays == 3 and order.handle_deadline > before
    assert ExtensionRequest.objects.get().state == "approved"


def test_extension_refused_by_supervisor_needs_a_reason_and_keeps_the_deadline(org):
    order = handling(org)
    before = order.handle_deadline
    services.request_extension(order=order, actor=org.staff, workdays=3, reason="r", version=v(order))
    with pytest.raises(ActionRefused):
        services.decide_extension(order=order, actor=org.supervisor, approve=False, note="", version=v(order))
    services.decide_extension(order=order, actor=org.supervisor, approve=False, note="理由不充分", version=v(order))
    assert order.handle_deadline == before and order.extension_workdays == 0


def test_extension_beyond_the_maximum_is_refused(org):
    order = handling(org)
    with pytest.raises(ActionRefused, match="最多 10"):
        services.request_extension(order=order, actor=org.staff, workdays=11, reason="r", version=v(order))


def test_unit_cannot_approve_its_own_extension(org):
    order = handling(org)
    services.request_extension(order=order, actor=org.staff, workdays=2, reason="r", version=v(order))
    with pytest.raises(ActionRefused, match="您的角色"):
        services.decide_extension(order=order, actor=org.head, approve=True, version=v(order))


def test_deciding_without_a_pending_request_is_refused(org):
    order = handling(org)
    with pytest.raises(ActionRefused, match="没有待审批"):
        services.decide_extension(order=order, actor=org.supervisor, approve=True, version=v(order))


def test_suspend_and_resume(org):
    order = handling(org)
    services.suspend(order=order, actor=org.supervisor, reason="等待法院判决", version=v(order))
    assert order.status == S.SUSPENDED and order.deadline is None
    with pytest.raises(ActionRefused):
        services.reply(order=order, actor=org.staff, answer="x", version=v(order))
    services.resume(order=order, actor=org.supervisor, version=v(order))
    assert order.status == S.HANDLING and order.deadline == order.handle_deadline


def test_unit_cannot_suspend(org):
    order = handling(org)
    with pytest.raises(ActionRefused, match="您的角色"):
        services.suspend(order=order, actor=org.staff, reason="x", version=v(order))


def test_reply_then_satisfied_callback_closes(org):
    order = replied(org)
    assert order.status == S.PENDING_CALLBACK and order.answer == "已修复。"
    services.callback(order=order, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(order))
    assert order.status == S.CLOSED and order.satisfaction == "satisfied" and order.closed_at


def test_basically_satisfied_also_closes(org):
    order = replied(org)
    services.callback(order=order, actor=org.callback, satisfaction="basic", solved="yes", version=v(order))
    assert order.status == S.CLOSED


def test_unsatisfied_callback_sends_the_order_back_for_rework(org):
    order = replied(org)
    services.callback(order=order, actor=org.callback, satisfaction="unsatisfied", solved="no", note="仍未修好", version=v(order))
    assert order.status == S.HANDLING and order.rework_count == 1 and order.lead_unit == org.bureau
    services.reply(order=order, actor=org.staff, answer="已更换灯具。", version=v(order))
    services.callback(order=order, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(order))
    assert order.status == S.CLOSED
    assert list(Callback.objects.values_list("satisfaction", "rework")) == [("unsatisfied", True),
                                                                          ("satisfied", False)]


def test_unsatisfied_may_be_closed_without_rework_only_with_a_reason(org):
    order = replied(org)
    with pytest.raises(ActionRefused):
        services.callback(order=order, actor=org.callback, satisfaction="unsatisfied", solved="no", rework=False,
                          version=v(order))
    services.callback(order=order, actor=org.callback, satisfaction="unsatisfied", solved="no", rework=False,
                      note="诉求超出政策范围，已解释", version=v(order))
    assert order.status == S.CLOSED


def test_callback_refused_for_a_unit_and_for_a_bad_value(org):
    order = replied(org)
    with pytest.raises(ActionRefused, match="您的角色"):
        services.callback(order=order, actor=org.staff, satisfaction="satisfied", solved="yes", version=v(order))
    with pytest.raises(ActionRefused):
        services.callback(order=order, actor=org.callback, satisfaction="meh", solved="yes", version=v(order))


@pytest.mark.parametrize("answers", [{"satisfaction": "", "solved": "yes"}, {"satisfaction": "satisfied", "solved": ""},
                                     {"satisfaction": "satisfied", "solved": None}])
def test_a_callback_asks_satisfaction_and_solved_and_assumes_neither(org, answers):
    order = replied(org)
    with pytest.raises(ActionRefused):
        services.callback(order=order, actor=org.callback, version=v(order), **answers)
    order.refresh_from_db()
    assert order.status == S.PENDING_CALLBACK and not order.callbacks.exists()


def test_the_callback_form_preselects_nothing(org, client):
    order = replied(org)
    client.force_login(org.callback)
    page = client.get(f"/orders/{order.number}/").content.decode()
    form = page[page.index('data-action="callback"'):]
    form = form[:form.index("</form>")]
    assert 'name="satisfaction"' in form and "checked" not in form
    response = client.post(f"/orders/{order.number}/act/callback/", {"version": v(order), "satisfaction": "satisfied"},
                           follow=True)
    assert "请询问来电人问题是否已解决" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.PENDING_CALLBACK


def test_close_without_callback_needs_a_reason(org):
    order = replied(org)
    with pytest.raises(ActionRefused):
        services.close(order=order, actor=org.callback, note="", version=v(order))
    services.close(order=order, actor=org.callback, note="三次未接通", version=v(order))
    assert order.status == S.CLOSED


def test_urge_and_supervise_notices_are_numbered_dated_and_each_answered_on_its_own(org):
    """H-m10: one answer used to close the oldest notice only, and 督办 had no answer date."""
    order = handling(org)
    services.issue_notice(order=order, actor=org.dispatcher, kind="urge", text="请加快办理", version=v(order))
    with pytest.raises(ActionRefused, match="不是工作日"):
        services.issue_notice(order=order, actor=org.leader, kind="supervise", text="限期办结", version=v(order),
                              answer_due=dt.date(2026, 11, 28))  # a Saturday
    services.issue_notice(order=order, actor=org.leader, kind="supervise", text="限期办结", version=v(order))
    with pytest.raises(ActionRefused, match="您的角色"):
        services.issue_notice(order=order, actor=org.leader, kind="urge", text="x", version=v(order))
    urge, supervise = Notice.objects.order_by("id")
    assert urge.reference == "督催〔2026〕1号" and supervise.reference == "督办〔2026〕1号"
    assert urge.answer_due is None and timezone.localtime(supervise.answer_due).date() == dt.date(2026, 11, 30)
    with pytest.raises(ActionRefused, match="多份未答复"):
        services.answer_notice(order=order, actor=org.staff, answer="已安排人员", version=v(order))
    services.answer_notice(order=order, actor=org.staff, answer="本周内办结", version=v(order), notice=supervise.pk)
    supervise.refresh_from_db()
    urge.refresh_from_db()
    assert supervise.answer == "本周内办结" and not urge.answered_at  # the one it answers, not the oldest
    services.answer_notice(order=order, actor=org.head, answer="已安排人员", version=v(order))  # the only one left
    assert Notice.objects.filter(answered_at__isnull=True).count() == 0
    with pytest.raises(ActionRefused, match="没有待答复"):
        services.answer_notice(order=order, actor=org.staff, answer="x", version=v(order))
    assert order.status == S.HANDLING


def test_urge_before_dispatch_is_refused(org):
    order = new_order(org)
    with pytest.raises(ActionRefused):
        services.issue_notice(order=order, actor=org.supervisor, kind="urge", text="x", version=v(order))


def test_merge_a_duplicate_into_its_master(org):
    master = new_order(org)
    dup = new_order(org, title="路灯又坏了")
    services.merge(order=dup, actor=org.agent, master=master, version=v(dup))
    assert dup.status == S.MERGED and dup.merged_into == master
    assert master.events.filter(action="absorb").exists()
    with pytest.raises(ActionRefused):
        services.merge(order=master, actor=org.agent, master=master, version=v(master))


def test_merge_into_a_closed_order_is_refused(org):
    master = new_order(org, order_type="consult")
    services.answer_now(order=master, actor=org.agent, answer="a", version=v(master))
    dup = new_order(org)
    with pytest.raises(ActionRefused, match="已结束"):
        services.merge(order=dup, actor=org.agent, master=master, version=v(dup))


def test_stale_version_is_refused_and_changes_nothing(org):
    order = dispatched(org)
    seen = v(order)
    services.sign_for(order=order, actor=org.staff, version=seen)
    with pytest.raises(ActionRefused) as exc:
        services.send_back(order=order, actor=org.staff, reason="r", version=seen)
    assert exc.value.code == "stale"
    order.refresh_from_db()
    assert order.status == S.HANDLING and order.events.count() == 3


def test_closed_order_accepts_no_workflow_action_but_a_correction(org):
    order = replied(org)
    services.callback(order=order, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(order))
    assert [a.code for a in workflow.available(order, org.dispatcher)] == ["correct"]


def test_timeline_is_append_only(org):
    event = new_order(org).events.get()
    event.note = "rewritten"
    with pytest.raises(Exception, match="append-only"):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        event.delete()


def test_every_event_records_actor_unit_and_states(org):
    order = replied(org)
    rows = list(order.events.values_list("action", "actor__username", "actor_unit__code", "from_status",
                                         "to_status"))
    assert rows == [
        ("create", "agent", "C", "", S.PENDING_DISPATCH),
        ("dispatch", "dispatcher", "C", S.PENDING_DISPATCH, S.PENDING_SIGN),
        ("sign_for", "staff", "B1", S.PENDING_SIGN, S.HANDLING),
        ("reply", "staff", "B1", S.HANDLING, S.PENDING_CALLBACK),
    ]


def test_available_actions_follow_the_table(org):
    order = handling(org)
    assert {a.code for a in workflow.available(order, org.staff)} == {"send_back", "request_extension",
                                                                     "request_suspension", "reply"}
    assert {a.code for a in workflow.available(order, org.staff2)} == set()
    assert {a.code for a in workflow.available(order, org.supervisor)} == {"suspend", "urge", "supervise", "correct"}
    assert workflow.available(order, org.nobody) == []


def test_the_database_itself_refuses_to_rewrite_the_timeline(org):
    from django.db import DatabaseError, connection, transaction

    order = new_order(org)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        OrderEvent.objects.filter(order=order).update(note="rewritten")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            OrderEvent.objects.filter(order=order)._raw_delete(OrderEvent.objects.db)
    assert order.events.get().note == ""


def test_a_malformed_version_is_refused_as_stale(org):
    order = dispatched(org)
    with pytest.raises(ActionRefused) as exc:
        services.sign_for(order=order, actor=org.staff, version="abc")
    assert exc.value.code == "stale"


def test_a_unit_asks_for_suspension_and_the_centre_decides(org):
    order = handling(org)
    services.request_suspension(order=order, actor=org.staff, reason="等待法院判决", version=v(order))
    assert order.status == S.HANDLING  # nothing stops until the centre approves
    with pytest.raises(ActionRefused):
        services.request_suspension(order=order, actor=org.staff, reason="再次申请", version=v(order))
    with pytest.raises(ActionRefused, match="您的角色"):
        services.decide_suspension(order=order, actor=org.staff, approve=True, version=v(order))
    with pytest.raises(ActionRefused, match="不批准的理由"):
        services.decide_suspension(order=order, actor=org.dispatcher, approve=False, version=v(order))
    services.decide_suspension(order=order, actor=org.dispatcher, approve=True, version=v(order))
    assert order.status == S.SUSPENDED and order.deadline is None and order.suspended_at is not None
    assert order.suspension_requests.get().state == "approved"
    assert [e.action for e in order.events.all()][-2:] == ["request_suspension", "decide_suspension"]


def test_a_refused_suspension_keeps_the_clock_running(org):
    order = handling(org)
    services.request_suspension(order=order, actor=org.staff, reason="等待", version=v(order))
    services.decide_suspension(order=order, actor=org.supervisor, approve=False, note="可先行处理", version=v(order))
    assert order.status == S.HANDLING and order.deadline is not None
    assert order.suspension_requests.get().decision_note == "可先行处理"
