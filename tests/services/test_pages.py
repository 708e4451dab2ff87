"""The hall's, the back office's and the portal's pages, through the test client."""
import io
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yiwang.privacy.models import RevealLog
from yiwang.reviews.models import TextMessage
from yiwang.services import documents, services
from yiwang.services.models import Applicant, Application, Status

from .conftest import ID_NUMBER, accepted, apply, decided, make_bundle, pdf, v

pytestmark = pytest.mark.django_db


def pdf_objects(body):
    """The PDF's objects with their compressed streams inflated, to look for the embedded font."""
    out = [body]
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", body, re.S):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return b"".join(out)


def login(client, user):
    client.force_login(user)
    return client


def test_clerk_takes_an_application_at_the_window_page(client, hall):
    login(client, hall.clerk)
    item = hall.item
    materials = {m.name: m.pk for m in item.materials.all()}
    response = client.post(reverse("services:new", args=[item.code]), {
        "applicant_kind": "person", "applicant_name": "李四", "id_number": ID_NUMBER, "contact_phone": "13905310002",
        "form_shop_name": "李记小吃", f"received_{materials['营业执照']}": "1", f"received_{materials['身份证']}": "1",
        f"material_{materials['经营场所平面图']}": pdf("plan.pdf"), "assist_kind": "proxy"})
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/hall/applications/{app.number}/")
    assert app.assist_kind == "proxy" and app.assisted_by == hall.clerk
    assert app.materials.get(name="经营场所平面图").file_name == "plan.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "受理" in page and "容缺受理" not in page  # nothing missing: only plain acceptance is offered
    assert "李记小吃" in page and "帮代办" in page


def test_window_page_shows_each_error_and_keeps_nothing(client, hall):
    login(client, hall.clerk)
    response = client.post(reverse("services:new", args=[hall.item.code]), {
        "applicant_kind": "person", "applicant_name": "李四", "id_number": "110105194912310021",
        "contact_phone": "13905310002"})
    page = response.content.decode()
    assert response.status_code == 200 and Application.objects.count() == 0
    assert "不是有效的身份证号" in page and "请填写店铺名称" in page


def test_a_refused_window_form_keeps_its_ticks_and_chosen_files(client, hall):
    """H-m1: after a bad identity number the 已核验 ticks were cleared and every file had to be chosen again."""
    import re

    login(client, hall.clerk)
    materials = {m.name: m.pk for m in hall.item.materials.all()}
    form = {"applicant_kind": "person", "applicant_name": "李四", "id_number": "110105194912310021",
            "contact_phone": "13905310002", "form_shop_name": "李记小吃", f"received_{materials['营业执照']}": "1",
            f"received_{materials['身份证']}": "1"}
    page = client.post(reverse("services:new", args=[hall.item.code]),
                       {**form, f"material_{materials['经营场所平面图']}": pdf("plan.pdf")}).content.decode()
    assert "不是有效的身份证号" in page and Application.objects.count() == 0
    assert f'name="received_{materials["营业执照"]}" value="1" checked' in page
    assert f'name="received_{materials["经营场所平面图"]}" value="1">' in page  # what was not ticked stays unticked
    assert "已保留：plan.pdf" in page
    token = re.search(rf'name="held_{materials["经营场所平面图"]}" value="([^"]+)"', page).group(1)
    response = client.post(reverse("services:new", args=[hall.item.code]), {
        **form, "id_number": ID_NUMBER, f"held_{materials['经营场所平面图']}": token})
    app = Application.objects.get()
    assert response.status_code == 302 and app.materials.get(name="经营场所平面图").file_name == "plan.pdf"
    other = client_of(hall.clerk2)  # a token held for one session finds nothing in another
    other.post(reverse("services:new", args=[hall.item.code]), {
        **form, "id_number": ID_NUMBER, "applicant_name": "王五", f"held_{materials['经营场所平面图']}": token})
    others = Application.objects.exclude(pk=app.pk)
    assert not any(m.file_name for a in others for m in a.materials.filter(name="经营场所平面图"))


def client_of(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_unit_acts_on_its_step_through_the_page_and_sees_only_its_items(client, hall):
    app = accepted(hall)
    login(client, hall.org.staff2)
    assert client.get(reverse("services:detail", args=[app.number])).status_code == 404
    login(client, hall.org.staff)
    page = client.get(reverse("services:detail", args=[app.number])).content.decode()
    assert "完成本环节" in page
    client.post(reverse("services:act", args=[app.number, "pass_step"]), {"version": v(app), "opinion": "同意"})
    app.refresh_from_db()
    assert app.current_step.name == "决定"
    listing = client.get(reverse("services:list") + "?queue=my_steps").content.decode()
    assert app.number not in listing  # the decision is for the head
    login(client, hall.org.head)
    assert app.number in client.get(reverse("services:list") + "?queue=my_steps").content.decode()


def test_a_refused_action_shows_its_reason(client, hall):
    app = apply(hall, received=("营业执照",))
    login(client, hall.clerk)
    response = client.post(reverse("services:act", args=[app.number, "accept"]), {"version": v(app)}, follow=True)
    assert "缺少必要材料：身份证、经营场所平面图" in response.content.decode()


def test_notices_are_pdfs_with_the_product_font(client, hall):
    app = apply(hall, received=("营业执照",))
    services.request_correction(app=app, actor=hall.clerk, note="", version=v(app))
    login(client, hall.clerk)
    response = client.get(reverse("services:document", args=[app.number, "correction"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF") and b"+YiwangSans" in pdf_objects(body)  # the bundled font, not a system one
    assert client.get(reverse("services:document", args=[app.number, "result"])).status_code == 404


def test_each_document_appears_when_its_moment_comes(hall):
    app = apply(hall, received=("营业执照",))
    assert documents.available(app) == ["commitment"]  # the 告知承诺书 to print and sign, as the item allows one
    services.request_correction(app=app, actor=hall.clerk, note="", version=v(app))
    app.refresh_from_db()
    assert documents.available(app) == ["correction"]
    done = decided(hall)
    assert documents.available(done) == ["acceptance", "result"]
    refused = apply(hall)
    services.reject(app=refused, actor=hall.clerk, reason="不属于本机关职权", version=v(refused))
    refused.refresh_from_db()
    assert documents.available(refused) == ["refusal"]


def test_the_qr_link_follows_the_application_without_personal_data(client, hall):
    app = accepted(hall)
    url = documents.follow_url(app)
    page = client.get(url).content.decode()
    assert "审批中" in page and app.number in page
    assert "13905310002" not in page and ID_NUMBER not in page and "李四" not in page
    assert client.get(reverse("portal:follow", args=[app.number, "forged"])).status_code == 404


def test_full_numbers_are_masked_and_revealing_one_is_audited(client, hall):
    app = apply(hall)
    login(client, hall.clerk)
    page = client.get(reverse("services:detail", args=[app.number])).content.decode()
    assert ID_NUMBER not in page and "139****0002" in page
    response = client.post(reverse("services:reveal", args=[app.number, "id_number"]))
    assert response.json()["value"] == ID_NUMBER
    assert RevealLog.objects.filter(subject=f"application:{app.number}", field="id_number").count() == 1
    login(client, hall.org.staff)
    assert client.post(reverse("services:reveal", args=[app.number, "id_number"])).status_code == 403


def test_export_is_masked(client, hall):
    apply(hall)
    login(client, hall.clerk)
    response = client.get(reverse("services:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "办件编号" and len(rows) == 2
    assert ID_NUMBER not in str(rows[1]) and "13905310002" not in str(rows[1])


def test_monitor_counts_by_unit_and_lists_what_is_late(client, hall, fixed_time):
    from tests.conftest import at
    app = accepted(hall)
    fixed_time.move_to(at(2026, 12, 3, 10))  # past the promised limit (2 December)
    login(client, hall.org.supervisor)
    page = client.get(reverse("services:monitor")).content.decode()
    assert "城管局" in page and app.number in page
    page = client.get(reverse("services:monitor") + "?level=past_statutory").content.decode()
    assert app.number not in page
    response = client.get(reverse("services:monitor") + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == app.number and rows[1][-1] == "超承诺时限"
    login(client, hall.clerk)
    assert client.get(reverse("services:monitor")).status_code == 403


def test_public_guide_search_and_versions(client, hall):
    page = client.get(reverse("portal:guides") + "?q=食品经营").content.decode()
    assert "食品经营许可" in page
    item = hall.item
    item.promised_days = 3
    item.save()
    from yiwang.services import catalogue
    catalogue.publish_guide(item)
    page = client.get(reverse("portal:guide", args=[item.code])).content.decode()
    assert "《中华人民共和国食品安全法》" in page and "经营场所平面图" in page and "可容缺后补" in page
    old = client.get(reverse("portal:guide_version", args=[item.code, 1])).content.decode()
    assert "早期版本" in old and "'promised_days': 5" not in old and "promised_days: 5" in old


def register(client, **extra):
    """Register on the portal and follow the link texted to the phone: the activation's answer
    (302 to the portal), or the registration's when it was refused."""
    data = {"applicant_kind": "person", "applicant_name": "赵六", "id_number": ID_NUMBER,
            "contact_phone": "13905310009", "password1": "a-long-pass-93", "password2": "a-long-pass-93"}
    data.update(extra)
    response = client.post(reverse("portal:register"), data)
    text = TextMessage.objects.filter(purpose__startswith="register:").order_by("-id").first()
    if text is None:
        return response
    return client.get(re.search(r"https?://[^/\s]+(/portal/activate/\S+/)", text.body).group(1))


def test_citizen_registers_applies_online_answers_a_correction_and_downloads_the_result(client, hall):
    assert register(client).status_code == 302
    user = Applicant.objects.get().user
    assert ID_NUMBER not in user.username  # the log-in name is not the ID number
    item = hall.item
    mats = {m.name: m.pk for m in item.materials.all()}
    response = client.post(reverse("portal:apply", args=[item.code]), {
        "contact_phone": "13905310009", "delivery": "window", "form_shop_name": "赵家面馆", "id_number": "110101199003070134",
        f"material_{mats['营业执照']}": pdf(), f"material_{mats['身份证']}": pdf(),
        f"material_{mats['经营场所平面图']}": pdf()})
    app = Application.objects.get()
    assert response.status_code == 302 and app.portal_user == user and app.channel == "online"
    assert app.id_number == ID_NUMBER and app.applicant_name == "赵六"  # the account's identity, not the post
    services.request_correction(app=app, actor=hall.clerk, note="平面图须标明面积。", version=v(app))
    page = client.get(reverse("portal:application", args=[app.number])).content.decode()
    assert "平面图须标明面积" in page and "提交补正材料" in page
    client.post(reverse("portal:act", args=[app.number, "supply_correction"]),
                {"version": v(app), "note": "已标明面积"})
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    services.accept(app=app, actor=hall.clerk, version=v(app))
    services.pass_step(app=app, actor=hall.org.staff, opinion="同意", version=v(app))
    services.decide(app=app, actor=hall.org.head, decision="approve", reasons="", version=v(app))
    response = client.get(reverse("portal:document", args=[app.number, "result"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.post(reverse("portal:act", args=[app.number, "deliver"]), {"version": v(app)}).status_code == 404


def test_portal_application_needs_every_required_upload(client, hall):
    register(client)
    response = client.post(reverse("portal:apply", args=[hall.item.code]), {"form_shop_name": "赵家面馆",
                                                                            "contact_phone": "13905310009"})
    assert response.status_code == 200 and Application.objects.count() == 0
    assert "为必要材料，请上传" in response.content.decode()


def test_registration_refuses_a_bad_identity(client, hall):
    response = register(client, applicant_kind="org", applicant_name="某公司", id_number="", credit_code="9111")
    assert response.status_code == 200 and "不是有效的统一社会信用代码" in response.content.decode()
    assert not Applicant.objects.exists()


def test_an_applicant_sees_only_their_own_applications(client, hall, django_user_model):
    app = apply(hall)
    register(client)
    assert client.get(reverse("portal:application", args=[app.number])).status_code == 404
    assert client.get(reverse("services:detail", args=[app.number])).status_code == 403


def test_bundle_through_the_portal(client, hall):
    bundle = make_bundle(hall)
    register(client, applicant_kind="org", applicant_name="云溪科技有限公司", id_number="",
             credit_code="91110000600037341L")
    statute = bundle.items.get(code="B-REG").materials.get(name="公司章程")
    response = client.post(reverse("portal:apply_bundle", args=[bundle.code]), {
        "contact_phone": "13905310003", "delivery": "mail", "mail_address": "云溪区科创路8号", "mail_phone": "13905310003", "form_company_name": "云溪科技有限公司", "form_capital": "100",
        "material_id_card": pdf(), f"material_m{statute.pk}": pdf()})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "企业设立登记" in page and "印章刻制备案" in page and "办理中" in page


def test_admin_edits_an_item_and_saving_publishes_a_new_guide_version(client, hall, django_user_model):
    admin_client = login(client, django_user_model.objects.create_superuser("root", password="pw-for-tests-1"))
    item = hall.item
    url = reverse("admin:services_serviceitem_change", args=[item.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "经营场所平面图" in page.content.decode()
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | dict)}
    data.update({"form_fields": '[{"key": "shop_name", "label": "店铺名称", "required": true}]', "unit": item.unit_id,
                 "promised_days": 3, "published": "on", "online": "on", "commitment_allowed": "on"})
    for inline in page.context["inline_admin_formsets"]:
        fs = inline.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = len(fs.forms)
        data[f"{fs.prefix}-INITIAL_FORMS"] = fs.initial_form_count()
        for i, f in enumerate(fs.forms):
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if value is None or value is False or (hasattr(value, "field") and not value):
                    continue  # unset values and empty file fields are not posted
                data[f"{fs.prefix}-{i}-{name}"] = "on" if value is True else getattr(value, "pk", value)
    response = admin_client.post(url, data)
    errors = [f.errors for f in [response.context["adminform"].form]] if response.status_code == 200 else []
    errors += [fs.formset.errors for fs in response.context["inline_admin_formsets"]] if errors else []
    assert response.status_code == 302, errors
    item.refresh_from_db()
    assert item.promised_days == 3 and item.version == 2
    assert item.versions.get(number=1).snapshot["promised_days"] == 5


def test_the_list_does_not_query_per_application(client, hall):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    login(client, hall.clerk)
    apply(hall)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("services:list"))
    for _ in range(5):
        apply(hall)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("services:list"))
    assert len(six) == len(one)


def test_a_window_application_belongs_to_its_applicants_portal_account(client, hall):
    app = apply(hall, received=("营业执照", "身份证"))  # taken at the window for ID_NUMBER, phone 13905310002
    services.request_correction(app=app, actor=hall.clerk, note="补交平面图", version=v(app))
    register(client, contact_phone="13905310002")
    home = client.get(reverse("portal:home")).content.decode()
    assert app.number in home
    page = client.get(reverse("portal:application", args=[app.number]))
    assert page.status_code == 200 and "补交平面图" in page.content.decode()
    plan = app.materials.get(name="经营场所平面图")
    client.post(reverse("portal:act", args=[app.number, "supply_correction"]), {"version": v(app), f"file_{plan.pk}": pdf()})
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED  # the applicant answered the window's correction online


def test_an_enterprise_sees_its_window_applications_by_credit_code(client, hall):
    from .conftest import CREDIT_CODE

    app = apply(hall, applicant_kind="org", applicant_name="某某餐饮有限公司", id_number="", credit_code=CREDIT_CODE,
                legal_rep="王五", contact_phone="13905310007")
    other = apply(hall)
    register(client, applicant_kind="org", applicant_name="某某餐饮有限公司", id_number="", credit_code=CREDIT_CODE,
             legal_rep="王五", contact_phone="13905310007")
    home = client.get(reverse("portal:home")).content.decode()
    assert app.number in home and other.number not in home


def test_the_same_id_number_with_another_phone_does_not_open_a_window_application(client, hall):
    app = apply(hall)
    register(client, contact_phone="13905319999")  # an account is not real-name verified
    assert app.number not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("portal:application", args=[app.number])).status_code == 404


def test_a_credit_code_registered_under_another_name_is_refused_at_the_window(hall):
    """Recheck N18: a credit code registered as 云溪小满餐饮管理有限公司 was taken under another name."""
    from django.core.exceptions import ValidationError

    from yiwang.enterprises.models import Enterprise

    from .conftest import CREDIT_CODE

    Enterprise.objects.create(credit_code=CREDIT_CODE, name="云溪小满餐饮管理有限公司", industry="62", section="H",
                              updated_at=timezone.now())
    with pytest.raises(ValidationError) as caught:
        apply(hall, applicant_kind="org", applicant_name="云溪新芽科技有限公司", id_number="", credit_code=CREDIT_CODE,
              legal_rep="王五", contact_phone="13905310007")
    assert "登记为“云溪小满餐饮管理有限公司”" in caught.value.message_dict["applicant_name"][0]
    app = apply(hall, applicant_kind="org", applicant_name="云溪小满餐饮管理有限公司 ", id_number="",
                credit_code=CREDIT_CODE, legal_rep="王五", contact_phone="13905310007")
    assert app.applicant_name == "云溪小满餐饮管理有限公司"
