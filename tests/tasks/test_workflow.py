"""A key task's every transition and refusal, through the services."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import at, make_user, picture
from yiwang.errors import ActionRefused
from yiwang.tasks import services, workflow
from yiwang.tasks.models import Cadence, Source, State, Task, TaskNotice

from .conftest import DUE, EVIDENCE, SOON, new_task, v


def actions(task, user):
    return {a.code for a in workflow.available(task, user)}


def test_a_task_runs_from_its_setting_to_its_closure_on_evidence(org, co_staff):
    task = new_task(org, assign=False, co=[org.street], milestones=[("方案制定", SOON)])
    assert task.number.startswith("DB20261125") and task.state == State.PENDING
    services.assign(task=task, actor=org.supervisor, lead_unit=org.bureau, co_units=[org.street], deadline=DUE,
                    version=v(task))
    assert task.state == State.HANDLING and task.next_report_due == dt.date(2026, 12, 25)
    services.report(task=task, actor=co_staff, text="街道已摸排 12 个小区。", version=v(task))
    services.report(task=task, actor=org.staff, text="已确定 3 个试点小区。", progress=40, files=[picture()],
                    version=v(task))
    assert task.progress == 40 and task.reports.count() == 2 and task.files.count() == 1
    services.complete_milestone(task=task, actor=org.staff, milestone=task.milestones.get(), note="方案已印发",
                                version=v(task))
    services.request_closure(task=task, actor=org.staff, evidence=EVIDENCE, version=v(task))
    assert task.state == State.CLOSURE_REQUESTED
    services.approve_closure(task=task, actor=org.supervisor, version=v(task))
    assert task.state == State.CLOSED and task.closed_on_time and task.progress == 100
    assert list(task.events.values_list("action", flat=True)) == [
        "create", "assign", "report", "report", "complete_milestone", "request_closure", "approve_closure"]
    assert [workflow.event_label(a) for a in ("create", "approve_closure")] == ["任务创建", "销号"]


def test_who_may_do_what(org, co_staff):
    task = new_task(org, co=[org.street])
    assert actions(task, org.staff) == {"send_back", "report", "request_extension", "request_closure"}
    assert actions(task, co_staff) == {"report"}
    assert actions(task, org.staff2) == set()  # another bureau
    assert actions(task, org.supervisor) == {"urge", "supervise"}
    assert actions(task, org.leader) == {"urge", "supervise"}
    assert actions(task, org.agent) == set()
    with pytest.raises(ActionRefused, match="牵头单位"):
        services.request_closure(task=task, actor=co_staff, evidence="完成", version=v(task))
    with pytest.raises(ActionRefused):
        services.report(task=task, actor=org.staff2, text="不是我们的", version=v(task))


def test_only_the_roles_that_set_tasks_may_set_one(org):
    for user in (org.staff, org.agent, org.dispatcher, org.nobody):
        with pytest.raises(ActionRefused, match="不能设立"):
            new_task(org, actor=user)
    assert new_task(org, actor=org.leader).state == State.HANDLING


def test_bad_input_names_every_field_and_saves_nothing(org):
    with pytest.raises(ValidationError) as caught:
        services.create(actor=org.supervisor, source="rumour", title=" ", requirement="", deadline=dt.date(2026, 11, 28),
                        cadence="hourly", milestones=[("节点", dt.date(2027, 1, 4))], assign=True)
    errors = caught.value.message_dict
    assert set(errors) >= {"source", "title", "requirement", "deadline", "cadence", "lead_unit"}
    assert "不是工作日" in errors["deadline"][0]  # a Saturday
    assert Task.objects.count() == 0
    with pytest.raises(ValidationError) as caught:
        new_task(org, deadline=dt.date(2026, 11, 20))
    assert "已过" in caught.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as caught:
        new_task(org, milestones=[("晚于时限的节点", DUE + dt.timedelta(days=3))])
    assert "晚于" in caught.value.message_dict["milestone_0"][0]


def test_the_lead_unit_sends_back_a_task_that_is_not_theirs_and_it_is_assigned_again(org):
    task = new_task(org)
    with pytest.raises(ActionRefused, match="填写"):
        services.send_back(task=task, actor=org.staff, reason=" ", version=v(task))
    services.send_back(task=task, actor=org.staff, reason="属住建局职责。", version=v(task))
    assert task.state == State.PENDING and task.lead_unit is None
    assert task.events.last().data == {"unit": "城管局"}
    services.assign(task=task, actor=org.supervisor, lead_unit=org.bureau2, version=v(task))
    assert task.state == State.HANDLING and task.lead_unit == org.bureau2


def test_closure_needs_the_milestones_done_and_a_supervisors_approval(org):
    task = new_task(org, milestones=[("招标", SOON)])
    assert "request_closure" not in actions(task, org.staff)
    with pytest.raises(ActionRefused, match="招标"):
        services.request_closure(task=task, actor=org.staff, evidence="完成", version=v(task))
    services.complete_milestone(task=task, actor=org.staff, milestone=task.milestones.get(), version=v(task))
    with pytest.raises(ActionRefused, match="佐证"):
        services.request_closure(task=task, actor=org.staff, evidence="", version=v(task))
    with pytest.raises(ActionRefused, match="至少用 20 个字"):  # F15: "已完成" alone shows nothing
        services.request_closure(task=task, actor=org.staff, evidence="已完成", version=v(task))
    services.request_closure(task=task, actor=org.staff, evidence=EVIDENCE, version=v(task))
    with pytest.raises(ActionRefused):  # a leader follows tasks but the supervision office closes them
        services.approve_closure(task=task, actor=org.leader, version=v(task))
    with pytest.raises(ActionRefused, match="填写"):
        services.refuse_closure(task=task, actor=org.supervisor, reason="", version=v(task))
    services.refuse_closure(task=task, actor=org.supervisor, reason="缺少现场照片。", version=v(task))
    assert task.state == State.HANDLING and task.closure_requested_at is None
    assert task.closure_note == ""  # F15: the refused evidence is no longer shown as current


def test_a_task_closed_after_its_deadline_is_late(org, fixed_time):
    task = new_task(org, deadline=SOON)
    fixed_time.move_to(at(2026, 11, 30, 10, 0))
    services.request_closure(task=task, actor=org.staff, evidence=EVIDENCE, version=v(task))
    services.approve_closure(task=task, actor=org.supervisor, version=v(task))
    assert task.closed_on_time is False


def test_an_extension_is_asked_and_decided(org):
    task = new_task(org)
    with pytest.raises(ActionRefused, match="晚于"):
        services.request_extension(task=task, actor=org.staff, until="2026-12-01", reason="x", version=v(task))
    with pytest.raises(ActionRefused, match="不是工作日"):
        services.request_extension(task=task, actor=org.staff, until="2026-12-26", reason="x", version=v(task))
    services.request_extension(task=task, actor=org.staff, until="2026-12-31", reason="设备到货延迟。", version=v(task))
    assert "request_extension" not in actions(task, org.staff)
    with pytest.raises(ActionRefused, match="填写"):
        services.decide_extension(task=task, actor=org.supervisor, approve=False, note="", version=v(task))
    services.decide_extension(task=task, actor=org.supervisor, approve=True, version=v(task))
    assert task.deadline.date() == dt.date(2026, 12, 31) and task.extension_to is None
    assert "decide_extension" not in actions(task, org.supervisor)


def test_urge_and_supervision_notices_are_answered_one_by_one(org):
    task = new_task(org)
    assert "answer_notice" not in actions(task, org.staff)
    services.urge(task=task, actor=org.supervisor, text="请加快进度。", version=v(task))
    services.supervise(task=task, actor=org.leader, text="请于三日内书面说明进展。", version=v(task))
    supervise = task.notices.get(kind=TaskNotice.Kind.SUPERVISE)
    assert supervise.answer_due.date() == dt.date(2026, 11, 30)  # three working days
    services.answer_notice(task=task, actor=org.staff, notice=supervise.pk, text="已落实。", version=v(task))
    assert task.notices.filter(answered_at__isnull=True).get().kind == TaskNotice.Kind.URGE
    with pytest.raises(ActionRefused, match="尚未答复"):
        services.answer_notice(task=task, actor=org.staff, notice=supervise.pk, text="again", version=v(task))


def test_a_stale_version_is_refused(org):
    task = new_task(org)
    old = task.version
    services.report(task=task, actor=org.staff, text="进展一。", version=old)
    with pytest.raises(ActionRefused, match="他人更改"):
        services.report(task=task, actor=org.staff, text="进展二。", version=old)


def test_a_state_that_does_not_allow_the_action_is_named(org):
    task = new_task(org, assign=False)
    with pytest.raises(ActionRefused, match="待交办"):
        services.report(task=task, actor=org.staff, text="x", version=v(task))


def test_reports_are_reminded_once_per_due_date(org, fixed_time):
    weekly = new_task(org, cadence=Cadence.WEEKLY)
    new_task(org, cadence=Cadence.NONE, title="不定期任务")
    assert services.remind_reports() == []
    fixed_time.move_to(at(2026, 12, 2, 8, 0))
    assert services.remind_reports() == [weekly]
    assert services.remind_reports() == []  # once per due date
    event = weekly.events.get(action="remind")
    assert event.actor is None and event.data == {"due": "2026-12-02"} and "城管局" in event.note
    services.report(task=weekly, actor=org.staff, text="本周进展。", version=v(weekly))
    assert weekly.next_report_due == dt.date(2026, 12, 9)


def test_the_command_reminds(org, fixed_time, capsys):
    from django.core.management import call_command

    task = new_task(org, cadence=Cadence.WEEKLY)
    fixed_time.move_to(at(2026, 12, 3, 8, 0))
    call_command("tasks", "remind")
    assert task.number in capsys.readouterr().out


def test_a_source_from_every_kind_is_taken(org):
    for code in Source.values:
        assert new_task(org, source=code, title=f"任务 {code}").source == code


def test_a_unit_no_longer_active_is_refused(org):
    org.bureau2.is_active = False
    org.bureau2.save()
    with pytest.raises(ValidationError):
        new_task(org, lead=org.bureau2)


def test_progress_must_be_a_percentage(org):
    task = new_task(org)
    with pytest.raises(ActionRefused, match="0 到 100"):
        services.report(task=task, actor=org.staff, text="x", progress=140, version=v(task))


def test_files_of_a_report_are_checked_by_the_upload_rule(org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = new_task(org)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ActionRefused):
        services.report(task=task, actor=org.staff, text="x", files=[fake], version=v(task))
    assert task.reports.count() == 0


def test_a_unit_head_acts_like_its_staff(org):
    task = new_task(org)
    services.report(task=task, actor=org.head, text="负责人报送。", version=v(task))
    assert task.reports.get().unit == org.bureau
    assert make_user("x", ["unit_head"], org.bureau2) and actions(task, org.head) >= {"report"}
