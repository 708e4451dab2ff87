"""What a service hall meets every day: a material that must be redone, the result mailed to the
address given online and received, the 告知承诺书 printed and its signed scan kept."""
import datetime as dt

import pytest
from django.urls import reverse

from yiwang.errors import ActionRefused
from yiwang.services import documents, services, workflow
from yiwang.services.models import ApplicationMaterial, Status

from .conftest import apply, decided, pdf, v
from .test_pages import register


def test_a_defective_material_is_sent_back_and_redone_online(client, hall):
    register(client, contact_phone="13905310002")
    app = apply(hall, channel="online", portal_user=None, materials={
        m.pk: {"file": pdf()} for m in hall.item.materials.all()})
    plan = app.materials.get(name="经营场所平面图")
    with pytest.raises(ActionRefused, match="存在的问题"):
        services.request_correction(app=app, actor=hall.clerk, note="", version=v(app), defective={plan.pk: ""})
    services.request_correction(app=app, actor=hall.clerk, note="", version=v(app),
                                defective={plan.pk: "须标明各房间面积"})
    app.refresh_from_db()
    plan.refresh_from_db()
    assert app.status == Status.CORRECTION and plan.state == ApplicationMaterial.State.DEFECTIVE
    assert "需重新提交：经营场所平面图（须标明各房间面积）" in app.correction_text
    page = client.get(reverse("portal:application", args=[app.number])).content.decode()
    assert f'name="file_{plan.pk}"' in page and "须标明各房间面积" in page
    refused = client.post(reverse("portal:act", args=[app.number, "supply_correction"]), {"version": v(app),
                                                                                          "note": "已改"}, follow=True)
    assert "须修改后重新提交" in refused.content.decode()
    client.post(reverse("portal:act", args=[app.number, "supply_correction"]),
                {"version": v(app), f"file_{plan.pk}": pdf("plan-v2.pdf")})
    app.refresh_from_db()
    plan.refresh_from_db()
    assert app.status == Status.SUBMITTED and plan.state == "received" and plan.file_name == "plan-v2.pdf"


def test_the_clerk_marks_a_received_material_defective_through_the_page(client, hall):
    app = apply(hall)
    plan = app.materials.get(name="经营场所平面图")
    client.force_login(hall.clerk)
    client.post(reverse("services:act", args=[app.number, "request_correction"]), {
        "version": v(app), f"defect_{plan.pk}": "1", f"defect_reason_{plan.pk}": "比例尺不对"})
    plan.refresh_from_db()
    assert plan.state == "defective" and plan.defect == "比例尺不对"


def test_online_applicants_choose_delivery_and_give_the_address(client, hall):
    register(client)
    item = hall.item
    mats = {m.name: m.pk for m in item.materials.all()}
    base = {"contact_phone": "13905310009", "form_shop_name": "赵家面馆", f"material_{mats['营业执照']}": pdf(),
            f"material_{mats['身份证']}": pdf(), f"material_{mats['经营场所平面图']}": pdf()}
    page = client.post(reverse("portal:apply", args=[item.code]), base).content.decode()
    assert "请选择领取方式" in page
    page = client.post(reverse("portal:apply", args=[item.code]), dict(base, delivery="mail", **{
        f"material_{mats['营业执照']}": pdf(), f"material_{mats['身份证']}": pdf(),
        f"material_{mats['经营场所平面图']}": pdf()})).content.decode()
    assert "请填写完整的邮寄地址" in page
    client.post(reverse("portal:apply", args=[item.code]), dict(
        base, delivery="mail", mail_address="云溪区翠湖路1号3单元", mail_phone="13905310009", **{
            f"material_{mats['营业执照']}": pdf(), f"material_{mats['身份证']}": pdf(),
            f"material_{mats['经营场所平面图']}": pdf()}))
    app = item.applications.get()
    assert (app.delivery, app.mail_address, app.mail_phone) == ("mail", "云溪区翠湖路1号3单元", "13905310009")


def test_mailing_uses_the_address_given_and_waits_for_the_receipt(client, hall):
    app = decided(hall, delivery="mail", mail_address="翠湖路1号", mail_phone="13905310002")
    client.force_login(hall.clerk)
    page = client.get(reverse("services:detail", args=[app.number])).content.decode()
    form = page[page.index('data-action="mail"'):]
    form = form[:form.index("</form>")]
    assert "翠湖路1号" in form and "13905310002" not in form  # the phone is not read off the screen
    client.post(reverse("services:act", args=[app.number, "mail"]), {"version": v(app), "tracking_number": "SF1234567890"})
    app.refresh_from_db()
    assert app.status == Status.MAILED and app.mail_phone == "13905310002" and app.finished_at is None
    assert "confirm_receipt" in {a.code for a in workflow.available(app, hall.clerk)}
    client.post(reverse("services:act", args=[app.number, "confirm_receipt"]), {"version": v(app)})
    app.refresh_from_db()
    assert app.status == Status.DELIVERED and app.finished_at is not None


def test_the_commitment_is_printed_signed_and_its_scan_kept(client, hall, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    complete = apply(hall)
    assert "accept_on_commitment" not in {a.code for a in workflow.available(complete, hall.clerk)}
    app = apply(hall, received=("营业执照", "身份证"))
    assert "commitment" in documents.available(app)
    client.force_login(hall.clerk)
    pdf_response = client.get(reverse("services:document", args=[app.number, "commitment"]))
    assert pdf_response.status_code == 200 and pdf_response.content.startswith(b"%PDF")
    client.post(reverse("services:act", args=[app.number, "accept_on_commitment"]), {
        "version": v(app), "commitment": "本人承诺材料真实。", "signed": "1", "commitment_scan": pdf("signed.pdf")})
    app.refresh_from_db()
    assert app.acceptance == "commitment" and app.commitment_scan.name.endswith(".pdf")


def test_materials_to_follow_cannot_be_due_after_the_statutory_limit(hall):
    app = apply(hall, received=("营业执照", "身份证"))
    with pytest.raises(ActionRefused, match="法定办结时限"):
        services.accept_with_pending(app=app, actor=hall.clerk, due=dt.date(2027, 3, 1), version=v(app))
    services.accept_with_pending(app=app, actor=hall.clerk, due=dt.date(2026, 12, 2), version=v(app))


def test_the_correction_facts_go_once_corrected(client, hall):
    app = apply(hall, received=("营业执照", "身份证"))
    services.request_correction(app=app, actor=hall.clerk, note="", version=v(app))
    client.force_login(hall.clerk)
    assert 'id="correction"' in client.get(reverse("services:detail", args=[app.number])).content.decode()
    services.supply_correction(app=app, actor=hall.clerk, version=v(app), note="已补")
    assert 'id="correction"' not in client.get(reverse("services:detail", args=[app.number])).content.decode()


def test_the_monitor_watches_the_statutory_limit_and_the_halls_own_waits(client, hall, fixed_time):
    from tests.conftest import at

    from .conftest import accepted

    app = accepted(hall)  # promised 5, statutory 20 working days
    waiting = apply(hall)
    ready = decided(hall)
    fixed_time.move_to(at(2026, 12, 22, 10))  # the last working day before the statutory limit
    client.force_login(hall.org.supervisor)
    response = client.get(reverse("services:monitor"))
    row = next(r for r in response.context["rows"] if r["unit"] == hall.org.bureau)
    assert (row["near_statutory"], row["to_accept"], row["to_deliver"]) == (1, 1, 1)
    listed = client.get(reverse("services:monitor"), {"level": "near_statutory", "unit": hall.org.bureau.pk})
    assert [a.number for a in listed.context["page"].object_list] == [app.number]
    assert 'id="monitor-filter"' in listed.content.decode() and "临近法定时限" in listed.content.decode()
    assert [a.number for a in client.get(reverse("services:monitor"), {"level": "to_accept"})
            .context["page"].object_list] == [waiting.number]
    assert [a.number for a in client.get(reverse("services:monitor"), {"level": "to_deliver"})
            .context["page"].object_list] == [ready.number]
