"""Every rule of the window and the back office, through the services."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests.conftest import at
from yiwang.calendar import services as calendar
from yiwang.errors import ActionRefused
from yiwang.services import deadlines, services
from yiwang.services.models import Application, ApplicationEvent, ApplicationMaterial, Status

from .conftest import CREDIT_CODE, ID_NUMBER, accepted, apply, decided, pdf, v

pytestmark = pytest.mark.django_db


def test_window_application_records_the_checked_materials_and_the_first_contact(hall):
    app = apply(hall, received=("营业执照",))
    assert app.number.startswith("SQ20261125")
    assert app.status == Status.SUBMITTED and app.first_contact == hall.clerk
    states = dict(app.materials.values_list("name", "state"))
    assert states == {"营业执照": "received", "身份证": "missing", "经营场所平面图": "missing", "其他说明材料": "missing"}
    assert app.events.get().action == "submit"


@pytest.mark.parametrize("kwargs,field", [
    ({"id_number": "110105194912310021"}, "id_number"),
    ({"applicant_kind": "org", "credit_code": "91110000600037341A", "id_number": ""}, "credit_code"),
    ({"applicant_kind": "org", "credit_code": "", "id_number": ""}, "credit_code"),
    ({"contact_phone": "12345"}, "contact_phone"),
    ({"form_data": {}}, "form_shop_name"),
])
def test_bad_input_is_refused_and_nothing_is_saved(hall, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        apply(hall, **kwargs)
    assert field in exc.value.message_dict
    assert Application.objects.count() == 0 and ApplicationMaterial.objects.count() == 0


def test_legal_person_applies_with_a_valid_credit_code(hall):
    app = apply(hall, applicant_kind="org", applicant_name="云溪食品有限公司", credit_code=CREDIT_CODE.lower(),
                id_number=ID_NUMBER)
    assert app.credit_code == CREDIT_CODE and app.id_number == ""


def test_online_application_needs_every_required_material_that_may_not_follow_later(hall):
    materials = {m.pk: {"file": pdf()} for m in hall.item.materials.filter(name="营业执照")}
    with pytest.raises(ValidationError) as exc:
        apply(hall, channel="online", materials=materials)
    missing = [k for k in exc.value.message_dict if k.startswith("material_")]
    assert len(missing) == 1 and "身份证" in exc.value.message_dict[missing[0]][0]
    assert Application.objects.count() == 0
    materials.update({m.pk: {"file": pdf()} for m in hall.item.materials.filter(name="身份证")})
    app = apply(hall, channel="online", materials=materials)
    assert app.materials.get(name="经营场所平面图").state == "missing"  # the clerk decides on 容缺 at acceptance


def test_an_upload_that_is_not_its_declared_type_or_too_big_is_refused(hall, settings):
    licence = hall.item.materials.get(name="营业执照")
    bad = {licence.pk: {"file": SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")}}
    with pytest.raises(ValidationError) as exc:
        apply(hall, materials=bad)
    assert "不是真正的" in exc.value.message_dict[f"material_{licence.pk}"][0]
    with pytest.raises(ValidationError) as exc:
        apply(hall, materials={licence.pk: {"file": SimpleUploadedFile("licence.exe", b"%PDF", "application/pdf")}})
    assert "不是可接受的文件类型" in exc.value.message_dict[f"material_{licence.pk}"][0]
    settings.SERVICE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        apply(hall, materials={licence.pk: {"file": pdf(size=200)}})
    assert "大于" in exc.value.message_dict[f"material_{licence.pk}"][0]
    assert Application.objects.count() == 0


def test_accept_needs_every_required_material(hall):
    app = apply(hall, received=("营业执照",))
    with pytest.raises(ActionRefused, match="身份证"):
        services.accept(app=app, actor=hall.clerk, version=v(app))
    assert Application.objects.get(pk=app.pk).status == Status.SUBMITTED


def test_accept_starts_the_clock_and_the_first_step(hall):
    app = accepted(hall)
    assert app.status == Status.IN_REVIEW and app.acceptance == "normal"
    assert app.current_step.name == "审查"
    # 2026-11-25 is a Wednesday: 5 working days → Wednesday 2 December; 20 → 23 December.
    assert app.promised_deadline == at(2026, 12, 2, 23, 59, 59)
    assert app.statutory_deadline == at(2026, 12, 23, 23, 59, 59)
    assert app.step_deadline == at(2026, 11, 27, 23, 59, 59)


def test_correction_lists_everything_missing_and_keeps_the_clock_stopped(hall):
    app = apply(hall, received=("营业执照",))
    services.request_correction(app=app, actor=hall.clerk, note="请补充法定代表人签字。", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.CORRECTION and app.accepted_at is None and app.promised_deadline is None
    for name in ("身份证", "经营场所平面图", "请补充法定代表人签字。"):
        assert name in app.correction_text
    assert "其他说明材料" not in app.correction_text  # not required
    rows = {m.name: m.pk for m in app.materials.all()}
    services.supply_correction(app=app, actor=hall.clerk, version=v(app), materials={
        rows["身份证"]: {"file": pdf("id.pdf")}, rows["经营场所平面图"]: {"received": True}})
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.accepted_at is None
    services.accept(app=app, actor=hall.clerk, version=v(app))
    app.refresh_from_db()
    assert app.accepted_at is not None and app.materials.get(name="身份证").file_name == "id.pdf"


def test_correction_with_nothing_to_say_is_refused(hall):
    app = apply(hall)
    with pytest.raises(ActionRefused, match="没有缺少"):
        services.request_correction(app=app, actor=hall.clerk, note="", version=v(app))


def test_reject_needs_a_reason_and_finishes_the_application(hall):
    app = apply(hall)
    with pytest.raises(ActionRefused, match="不予受理的理由"):
        services.reject(app=app, actor=hall.clerk, reason=" ", version=v(app))
    services.reject(app=app, actor=hall.clerk, reason="不属于本机关职权范围。", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.REJECTED and app.finished_at and app.rejection_reason


def test_accept_with_pending_only_for_deferrable_materials_and_by_a_future_date(hall):
    app = apply(hall, received=("营业执照",))
    with pytest.raises(ActionRefused, match="身份证"):
        services.accept_with_pending(app=app, actor=hall.clerk, due=dt.date(2026, 12, 10), version=v(app))
    app2 = apply(hall, received=("营业执照", "身份证"))
    with pytest.raises(ActionRefused, match="将来"):
        services.accept_with_pending(app=app2, actor=hall.clerk, due=dt.date(2026, 11, 25), version=v(app2))
    services.accept_with_pending(app=app2, actor=hall.clerk, due=dt.date(2026, 12, 10), version=v(app2))
    app2.refresh_from_db()
    assert app2.acceptance == "pending" and app2.pending_due == dt.date(2026, 12, 10)
    assert app2.materials.get(name="经营场所平面图").state == "pending"
    assert app2.accepted_at is not None


def test_result_is_not_handed_out_until_the_pending_materials_arrive(hall):
    app = apply(hall, received=("营业执照", "身份证"))
    services.accept_with_pending(app=app, actor=hall.clerk, due=dt.date(2026, 12, 10), version=v(app))
    services.pass_step(app=app, actor=hall.org.staff, opinion="同意", version=v(app))
    services.decide(app=app, actor=hall.org.head, decision="approve", reasons="", version=v(app))
    with pytest.raises(ActionRefused, match="经营场所平面图"):
        services.deliver(app=app, actor=hall.clerk, version=v(app))
    row = app.materials.get(name="经营场所平面图")
    services.supply_pending(app=app, actor=hall.clerk, materials={row.pk: {"file": pdf("plan.pdf")}}, version=v(app))
    services.deliver(app=app, actor=hall.clerk, version=v(app))
    app.refresh_from_db()
    assert app.status == Status.DELIVERED and app.delivery == "window"


def test_accept_on_commitment_needs_the_item_to_allow_it_and_a_signed_text(hall):
    app = apply(hall, received=("营业执照", "身份证"))
    with pytest.raises(ActionRefused, match="承诺"):
        services.accept_on_commitment(app=app, actor=hall.clerk, commitment="", version=v(app))
    services.accept_on_commitment(app=app, actor=hall.clerk, commitment="本人承诺经营场所符合要求。李四", version=v(app))
    app.refresh_from_db()
    assert app.acceptance == "commitment" and app.materials.get(name="经营场所平面图").state == "committed"
    hall.item.commitment_allowed = False
    hall.item.save()
    other = apply(hall)
    with pytest.raises(ActionRefused, match="不适用告知承诺"):
        services.accept_on_commitment(app=other, actor=hall.clerk, commitment="承诺", version=v(other))


def test_a_false_commitment_revokes_the_result(hall):
    app = apply(hall, received=("营业执照", "身份证"))
    services.accept_on_commitment(app=app, actor=hall.clerk, commitment="本人承诺。李四", version=v(app))
    services.pass_step(app=app, actor=hall.org.staff, opinion="同意", version=v(app))
    services.decide(app=app, actor=hall.org.head, decision="approve", reasons="", version=v(app))
    services.deliver(app=app, actor=hall.clerk, version=v(app))
    with pytest.raises(ActionRefused, match="实施主体"):
        services.check_commitment(app=app, actor=hall.org.staff2, kept=False, note="场所不符", version=v(app))
    with pytest.raises(ActionRefused, match="核查发现"):
        services.check_commitment(app=app, actor=hall.org.staff, kept=False, note="", version=v(app))
    services.check_commitment(app=app, actor=hall.org.staff, kept=False, note="现场核查场所与承诺不符。", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.REVOKED and app.commitment_checked == "false"
    with pytest.raises(ActionRefused, match="已撤销"):
        services.check_commitment(app=app, actor=hall.org.staff, kept=True, note="", version=v(app))


def test_steps_are_done_only_by_their_unit_and_role(hall):
    app = accepted(hall)
    with pytest.raises(ActionRefused, match="当前环节"):
        services.pass_step(app=app, actor=hall.org.staff2, opinion="同意", version=v(app))
    with pytest.raises(ActionRefused, match="决定环节"):
        services.decide(app=app, actor=hall.org.head, decision="approve", reasons="", version=v(app))
    services.pass_step(app=app, actor=hall.org.staff, opinion="同意", version=v(app))
    app.refresh_from_db()
    assert app.current_step.name == "决定"
    with pytest.raises(ActionRefused, match="单位负责人"):
        services.decide(app=app, actor=hall.org.staff, decision="approve", reasons="", version=v(app))
    with pytest.raises(ActionRefused, match="不予.*理由"):
        services.decide(app=app, actor=hall.org.head, decision="deny", reasons="", version=v(app))
    services.decide(app=app, actor=hall.org.head, decision="deny", reasons="场所面积不足。", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.TO_DELIVER and app.decision == "deny" and app.result_number == ""
    assert app.ready_at is not None and app.current_step is None


def test_approval_gets_a_result_number_and_can_be_mailed_with_tracking(hall):
    app = decided(hall)
    assert app.decision == "approve" and app.result_number
    with pytest.raises(ActionRefused, match="运单号"):
        services.mail(app=app, actor=hall.clerk, recipient="李四", phone="13905310002", address="翠湖路1号",
                      tracking_number="", version=v(app))
    with pytest.raises(ActionRefused, match="8 至 30 位"):
        services.mail(app=app, actor=hall.clerk, recipient="李四", phone="13905310002", address="翠湖路1号",
                      tracking_number="EMS-1", version=v(app))
    services.mail(app=app, actor=hall.clerk, recipient="李四", phone="13905310002", address="翠湖路1号",
                  tracking_number="EMS1234567890", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.MAILED and app.delivery == "mail" and app.tracking_number == "EMS1234567890"
    assert app.finished_at is None  # it is finished when it has been received
    services.confirm_receipt(app=app, actor=hall.clerk, version=v(app))
    app.refresh_from_db()
    assert app.status == Status.DELIVERED and app.finished_at is not None


def test_special_procedure_stops_the_clock(hall, fixed_time):
    app = accepted(hall)
    services.start_special(app=app, actor=hall.org.staff, kind="inspection", reason="需现场核查。", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.SPECIAL
    assert deadlines.standing(app, calendar.load(), at(2026, 12, 4, 9)).level == deadlines.STOPPED
    fixed_time.move_to(at(2026, 12, 2, 10))  # five working days later
    services.end_special(app=app, actor=hall.org.staff, outcome="现场核查合格。", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.suspended_workdays == 5
    assert app.promised_deadline == at(2026, 12, 9, 23, 59, 59)
    assert deadlines.days_used(app, calendar.load(), at(2026, 12, 2, 10)) == 0
    assert app.special_procedures.get().workdays == 5


def test_days_used_and_the_levels_against_promised_and_statutory(hall):
    app = accepted(hall)
    cal = calendar.load()
    assert deadlines.standing(app, cal, at(2026, 11, 26, 9)).level == deadlines.NORMAL
    near = deadlines.standing(app, cal, at(2026, 12, 1, 9))
    assert near.level == deadlines.NEAR and near.used == 4
    assert deadlines.standing(app, cal, at(2026, 12, 3, 9)).level == deadlines.PAST_PROMISED
    assert deadlines.standing(app, cal, at(2026, 12, 24, 9)).level == deadlines.PAST_STATUTORY


def test_first_contact_stays_with_the_first_clerk(hall):
    app = apply(hall, actor=hall.clerk, received=("营业执照",))
    services.request_correction(app=app, actor=hall.clerk2, note="", version=v(app))
    app.refresh_from_db()
    assert app.first_contact == hall.clerk


def test_online_application_gets_its_first_contact_from_the_first_clerk_who_acts(hall):
    files = {m.pk: {"file": pdf()} for m in hall.item.materials.filter(required=True)}
    app = apply(hall, actor=None, channel="online", materials=files)
    assert app.first_contact is None
    services.accept(app=app, actor=hall.clerk2, version=v(app))
    app.refresh_from_db()
    assert app.first_contact == hall.clerk2


def test_assisted_handling_is_recorded_on_the_application_and_its_events(hall):
    app = apply(hall, actor=hall.butler, assist_kind="butler")
    assert app.assisted_by == hall.butler and app.assist_kind == "butler"
    services.accept(app=app, actor=hall.butler, version=v(app))
    assert list(app.events.values_list("on_behalf", flat=True)) == [True, True]
    with pytest.raises(ValidationError):
        apply(hall, actor=hall.org.staff, assist_kind="proxy")


def test_a_stale_version_is_refused(hall):
    app = apply(hall)
    old = v(app)
    services.accept(app=app, actor=hall.clerk, version=old)
    app2 = Application.objects.get(pk=app.pk)
    with pytest.raises(ActionRefused, match="别人"):
        services.withdraw(app=app2, actor=hall.clerk, reason="申请人撤回", version=old)


def test_withdraw_by_the_portal_owner(hall, django_user_model):
    owner = django_user_model.objects.create_user("citizen", password="pw")
    app = apply(hall, portal_user=owner)
    with pytest.raises(ActionRefused):
        services.withdraw(app=app, actor=hall.org.staff, reason="不办了", version=v(app))
    services.withdraw(app=app, actor=owner, reason="不办了", version=v(app))
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN


def test_every_change_is_kept_in_the_history(hall):
    app = decided(hall)
    actions = list(app.events.values_list("action", flat=True))
    assert actions == ["submit", "accept", "pass_step", "decide"]
    e = app.events.get(action="decide")
    assert e.from_status == "in_review" and e.to_status == "to_deliver" and e.actor == hall.org.head


def test_the_history_cannot_be_edited_in_the_database(hall):
    app = apply(hall)
    event = app.events.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE services_applicationevent SET note = 'x' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM services_applicationevent WHERE id = %s", [event.pk])
    assert ApplicationEvent.objects.get(pk=event.pk).note == ""


def test_unpublished_or_offline_items_refuse_applications(hall):
    hall.item.online = False
    hall.item.save()
    with pytest.raises(ActionRefused, match="不能在网上"):
        apply(hall, channel="online", actor=None)
    hall.item.published = False
    hall.item.save()
    with pytest.raises(ActionRefused, match="不受理申请"):
        apply(hall)


def test_item_for_legal_persons_refuses_a_natural_person(hall):
    hall.item.applicant_kinds = "org"
    hall.item.save()
    with pytest.raises(ValidationError) as exc:
        apply(hall)
    assert "applicant_kind" in exc.value.message_dict


def test_item_without_a_decision_step_cannot_be_accepted(hall):
    hall.item.steps.filter(kind="decide").delete()
    app = apply(hall)
    with pytest.raises(ActionRefused, match="决定环节"):
        services.accept(app=app, actor=hall.clerk, version=v(app))


def test_calendar_change_moves_the_stored_limits(hall):

    app = accepted(hall)
    calendar.set_day(dt.date(2026, 11, 30), False, "测试假日")
    app.refresh_from_db()
    assert app.promised_deadline == at(2026, 12, 3, 23, 59, 59)


def test_a_kept_commitment_is_checked_once(hall):
    app = apply(hall, received=("营业执照", "身份证"))
    services.accept_on_commitment(app=app, actor=hall.clerk, commitment="本人承诺。李四", version=v(app))
    services.check_commitment(app=app, actor=hall.org.head, kept=True, note="", version=v(app))
    app.refresh_from_db()
    assert app.commitment_checked == "true" and app.status == Status.IN_REVIEW
    with pytest.raises(ActionRefused, match="已经核查"):
        services.check_commitment(app=app, actor=hall.org.head, kept=True, note="", version=v(app))
