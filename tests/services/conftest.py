import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_user
from yiwang.services import catalogue, services
from yiwang.services.models import ApprovalStep, Bundle, BundleItem, Material, ServiceItem

ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91110000600037341L"


def pdf(name="scan.pdf", size=0):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def make_item(unit, code="11330100MB0000001", name="食品经营许可", steps=None, materials=None, **kwargs):
    fields = dict(code=code, name=name, item_type="licensing", unit=unit, legal_basis="《中华人民共和国食品安全法》第三十五条",
                  conditions="有与经营的食品品种、数量相适应的经营场所。", statutory_days=20, promised_days=5,
                  place="区政务服务中心一楼综合窗口", hours="工作日 9:00-17:00", consult="0531-12345",
                  complain="0531-12345-2", result_name="食品经营许可证", commitment_allowed=True, published=True,
                  form_fields=[{"key": "shop_name", "label": "店铺名称", "required": True}])
    fields.update(kwargs)
    item = ServiceItem.objects.create(**fields)
    for i, (mname, kw) in enumerate(materials if materials is not None else [
            ("营业执照", {"shared_key": "business_license"}),
            ("身份证", {"shared_key": "id_card", "file_types": "pdf,jpg,png"}),
            ("经营场所平面图", {"deferrable": True}),
            ("其他说明材料", {"required": False})]):
        Material.objects.create(item=item, position=i, name=mname, **kw)
    for i, (sname, kind, role, days) in enumerate(steps if steps is not None else [
            ("审查", "review", "unit_staff", 2), ("决定", "decide", "unit_head", 1)]):
        ApprovalStep.objects.create(item=item, position=i, name=sname, kind=kind, role=role, limit_days=days)
    catalogue.publish_guide(item)
    item.refresh_from_db()
    return item


class Hall:
    pass


@pytest.fixture
def hall(org):
    h = Hall()
    h.org = org
    h.clerk = make_user("clerk", ["clerk"], org.centre)
    h.clerk2 = make_user("clerk2", ["clerk"], org.centre)
    h.butler = make_user("butler", ["butler"], org.centre)
    h.item = make_item(org.bureau)
    return h


CLERK = object()


def apply(hall, item=None, actor=CLERK, received=("营业执照", "身份证", "经营场所平面图"), **kwargs):
    item = item or hall.item
    materials = {m.pk: {"received": m.name in received} for m in item.materials.all()}
    fields = dict(actor=hall.clerk if actor is CLERK else actor, item=item, channel="window", applicant_kind="person",
                  applicant_name="李四", contact_phone="13905310002", id_number=ID_NUMBER,
                  form_data={"shop_name": "李记小吃"}, materials=materials, delivery="window")
    fields.update(kwargs)
    return services.create_application(**fields)


def v(app):
    app.refresh_from_db()
    return app.version


def accepted(hall, **kwargs):
    app = apply(hall, **kwargs)
    services.accept(app=app, actor=hall.clerk, version=v(app))
    return app


def reviewed(hall, **kwargs):
    app = accepted(hall, **kwargs)
    services.pass_step(app=app, actor=hall.org.staff, opinion="材料齐全，符合条件。", version=v(app))
    return app


def decided(hall, decision="approve", **kwargs):
    app = reviewed(hall, **kwargs)
    services.decide(app=app, actor=hall.org.head, decision=decision, reasons="符合法定条件。", version=v(app))
    return app


def make_bundle(hall, code="KB01", name="开办企业一件事"):
    org = hall.org
    reg = make_item(org.bureau, code="B-REG", name="企业设立登记", applicant_kinds="org",
                    form_fields=[{"key": "company_name", "label": "企业名称", "required": True},
                                 {"key": "capital", "label": "注册资本（万元）", "required": True}],
                    materials=[("身份证", {"shared_key": "id_card"}), ("公司章程", {})])
    seal = make_item(org.bureau2, code="B-SEAL", name="印章刻制备案", applicant_kinds="org", item_type="filing",
                     form_fields=[{"key": "company_name", "label": "企业名称", "required": True}],
                     materials=[("身份证", {"shared_key": "id_card"}), ("印模", {"required": False})])
    bundle = Bundle.objects.create(code=code, name=name, published=True)
    BundleItem.objects.create(bundle=bundle, item=reg, position=0)
    BundleItem.objects.create(bundle=bundle, item=seal, position=1)
    return bundle
