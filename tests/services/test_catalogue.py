"""The catalogue: guide versions, Chinese search, bundles split into applications."""
import pytest
from django.core.exceptions import ValidationError

from yiwang.errors import ActionRefused
from yiwang.services import bundles, catalogue
from yiwang.services.models import Application, BundleCase, ServiceItem

from .conftest import CREDIT_CODE, make_bundle, make_item, pdf

pytestmark = pytest.mark.django_db


def test_publishing_a_changed_guide_keeps_the_old_version(hall):
    item = hall.item
    assert item.version == 1
    assert catalogue.publish_guide(item).number == 1  # nothing changed: no new version
    item.promised_days = 3
    item.save()
    catalogue.publish_guide(item)
    item.refresh_from_db()
    assert item.version == 2
    old, new = item.versions.order_by("number")
    assert old.snapshot["promised_days"] == 5 and new.snapshot["promised_days"] == 3
    assert [m["name"] for m in old.snapshot["materials"]][0] == "营业执照"


def test_an_application_records_the_guide_version_it_was_made_under(hall):
    from .conftest import apply
    item = hall.item
    item.fee = "每件10元"
    item.save()
    catalogue.publish_guide(item)
    assert apply(hall).guide_version == 2


def test_guide_rules_are_checked(hall):
    item = hall.item
    item.promised_days = 30
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "promised_days" in exc.value.message_dict
    item.promised_days = 5
    item.form_fields = [{"key": "a", "label": "甲"}, {"key": "a", "label": "乙"}]
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert "重复" in exc.value.message_dict["form_fields"][0]


def test_search_finds_items_by_the_words_of_a_chinese_question(hall):
    make_item(hall.org.bureau2, code="X-2", name="建筑工程施工许可", keywords="施工 建筑 开工",
              conditions="已取得建设工程规划许可证。", result_name="建筑工程施工许可证")
    make_item(hall.org.bureau2, code="X-3", name="城镇污水排入排水管网许可", keywords="排水",
              conditions="排水设施符合要求。", result_name="排水许可证")
    names = [i.name for i in catalogue.search_items("我想开一家小吃店，怎么办理食品经营许可？")]
    assert names[0] == "食品经营许可"
    assert "城镇污水排入排水管网许可" not in names
    assert [i.name for i in catalogue.search_items("施工许可")][0] == "建筑工程施工许可"
    unpublished = ServiceItem.objects.get(code="X-3")
    unpublished.published = False
    unpublished.save()
    assert not catalogue.search_items("排水")


def test_bundle_form_asks_each_shared_field_and_material_once(hall):
    bundle = make_bundle(hall)
    _items, fields, materials = bundles.form_of(bundle)
    assert [f["key"] for f in fields] == ["company_name", "capital"]
    assert [m.name for m in materials] == ["身份证", "公司章程", "印模"]


def test_bundle_is_split_into_one_application_per_item_and_finishes_with_the_last(hall):
    bundle = make_bundle(hall)
    case = bundles.submit(
        actor=hall.clerk, bundle=bundle, channel="window",
        applicant={"applicant_kind": "org", "applicant_name": "云溪科技有限公司", "credit_code": CREDIT_CODE,
                   "contact_phone": "13905310003", "legal_rep": "王五"},
        form_data={"company_name": "云溪科技有限公司", "capital": "100"},
        materials={"id_card": {"file": pdf("id.pdf")}, "m%d" % bundle.items.get(code="B-REG").materials.get(
            name="公司章程").pk: {"received": True}})
    apps = list(case.applications.order_by("id"))
    assert [a.item.code for a in apps] == ["B-REG", "B-SEAL"]
    assert all(a.materials.get(name="身份证").file_name == "id.pdf" for a in apps)
    assert apps[1].form_data == {"company_name": "云溪科技有限公司"}
    _apps, finished = bundles.progress(case)
    assert not finished
    from yiwang.services import services
    for a in apps:
        services.reject(app=a, actor=hall.clerk, reason="测试", version=a.version)
    assert bundles.progress(case)[1]


def test_a_bad_bundle_saves_nothing(hall):
    bundle = make_bundle(hall)
    with pytest.raises(ValidationError) as exc:
        bundles.submit(actor=hall.clerk, bundle=bundle, channel="window",
                       applicant={"applicant_kind": "org", "applicant_name": "某公司", "credit_code": "123",
                                  "contact_phone": "13905310003"},
                       form_data={"company_name": "某公司"}, materials={})
    assert {"credit_code", "form_capital"} <= set(exc.value.message_dict)
    assert BundleCase.objects.count() == 0 and Application.objects.count() == 0


def test_a_bundle_refuses_a_wrongly_typed_shared_upload(hall):
    from django.core.files.uploadedfile import SimpleUploadedFile
    bundle = make_bundle(hall)
    with pytest.raises(ActionRefused, match="不是真正的"):
        bundles.submit(actor=hall.clerk, bundle=bundle, channel="window",
                       applicant={"applicant_kind": "org", "applicant_name": "某公司", "credit_code": CREDIT_CODE,
                                  "contact_phone": "13905310003"},
                       form_data={"company_name": "某公司", "capital": "1"},
                       materials={"id_card": {"file": SimpleUploadedFile("id.png", b"GIF89a")}})
    assert BundleCase.objects.count() == 0
