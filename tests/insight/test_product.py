"""The insight models inside the product: versions, rollback, suggestions, auto-dispatch,
similar orders and the pages."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from yiwang.errors import ActionRefused
from yiwang.insight import services
from yiwang.insight.models import ModelVersion, Prediction, Settings
from yiwang.workorders.models import Category, RoutingRule, Status, WorkOrder
from yiwang.workorders.selectors import responsible_unit

from ..conftest import new_order
from .conftest import jsonl, labelled_rows


@pytest.fixture
def categories(org):
    return {name: Category.objects.create(name=name) for name in ("环境保护", "劳动和社会保障", "教育文体")}


def upload(org, note=""):
    return services.start_training(actor=org.admin, source=ModelVersion.Source.UPLOAD,
                                   data=jsonl(labelled_rows()).encode(), note=note)


def trained(org, django_capture_on_commit_callbacks, note=""):
    with django_capture_on_commit_callbacks(execute=True):
        version = upload(org, note)
    version.refresh_from_db()
    return version


def test_first_trained_version_is_used_and_an_older_one_can_be_restored(org, django_capture_on_commit_callbacks):
    first = trained(org, django_capture_on_commit_callbacks, "first")
    assert first.state == ModelVersion.State.READY and first.is_active and first.number == 1
    assert first.evaluation["samples"] == 18 and first.labels == ["劳动和社会保障", "教育文体", "环境保护"]
    second = trained(org, django_capture_on_commit_callbacks, "second")
    assert not second.is_active  # a new version waits until an administrator chooses it
    services.activate(version=second, actor=org.admin)
    assert list(ModelVersion.objects.filter(is_active=True)) == [second]
    services.activate(version=first, actor=org.admin)  # rollback
    assert list(ModelVersion.objects.filter(is_active=True)) == [first]


def test_bad_training_data_is_refused_before_anything_is_stored(org):
    with pytest.raises(ActionRefused, match="line 1"):
        services.start_training(actor=org.admin, source=ModelVersion.Source.UPLOAD, data=b'{"title": "x"}\n')
    with pytest.raises(ActionRefused, match="两个类别"):
        services.start_training(actor=org.admin, source=ModelVersion.Source.UPLOAD,
                                data=jsonl([{"title": "a", "body": "b", "label": "x"}] * 3).encode())
    with pytest.raises(ActionRefused, match="两个类别"):
        services.start_training(actor=org.admin, source=ModelVersion.Source.ORDERS)  # no closed orders yet
    assert not ModelVersion.objects.exists()


def test_closed_orders_train_with_their_first_level_category(org, categories):
    child = Category.objects.create(name="油烟", parent=categories["环境保护"])
    order = new_order(org, title="餐馆油烟", category=child)
    WorkOrder.objects.filter(pk=order.pk).update(status=Status.CLOSED)
    new_order(org, title="还在办理", category=child)
    assert services.closed_order_rows() == [{"title": "餐馆油烟", "body": order.body, "label": "环境保护"}]


def test_a_version_that_is_not_ready_cannot_be_used(org):
    version = ModelVersion.objects.create(number=7, source="upload", state=ModelVersion.State.FAILED)
    with pytest.raises(ActionRefused):
        services.activate(version=version, actor=org.admin)


def test_routing_rules_prefer_the_category_and_street_most_specific(org, categories):
    env = categories["环境保护"]
    fumes = Category.objects.create(name="油烟", parent=env)
    assert responsible_unit(fumes, org.street) == org.street  # no rule: the street answers for its ground
    RoutingRule.objects.create(category=env, unit=org.bureau2)
    assert responsible_unit(fumes, org.street) == org.bureau2
    RoutingRule.objects.create(category=env, street=org.street, unit=org.bureau)
    assert responsible_unit(fumes, org.street) == org.bureau
    assert responsible_unit(fumes, org.other_street) == org.bureau2
    RoutingRule.objects.create(category=fumes, unit=org.street)
    assert responsible_unit(fumes, org.other_street) == org.street


def test_new_order_gets_a_prediction_and_is_dispatched_above_the_threshold(
        org, categories, django_capture_on_commit_callbacks):
    trained(org, django_capture_on_commit_callbacks)
    RoutingRule.objects.create(category=categories["环境保护"], unit=org.bureau)
    Settings.objects.create(auto_dispatch_confidence=0.5)
    with django_capture_on_commit_callbacks(execute=True):
        order = new_order(org, title="小区楼下烧烤店油烟扰民", body="每天晚上油烟和噪音影响居民休息")
    order.refresh_from_db()
    prediction = Prediction.objects.get(order=order)
    assert prediction.label == "环境保护" and prediction.category == categories["环境保护"]
    assert order.status == Status.PENDING_SIGN and order.lead_unit == org.bureau
    assert order.category == categories["环境保护"]
    event = order.events.get(action="dispatch")
    assert event.actor.username == services.AUTO_USERNAME and "v1" in event.note


def test_without_a_threshold_a_dispatcher_decides(org, categories, django_capture_on_commit_callbacks):
    trained(org, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        order = new_order(org, title="小区楼下烧烤店油烟扰民", body="每天晚上油烟和噪音影响居民休息")
    order.refresh_from_db()
    assert order.status == Status.PENDING_DISPATCH and Prediction.objects.filter(order=order).exists()
    top = services.suggestions(order)[0]
    assert top["category"] == categories["环境保护"] and top["unit"] == org.street


def test_similar_open_orders_are_found_through_their_stored_bands(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = new_order(org, title="翠湖小区门口下水道堵塞污水横流",
                          body="翠湖小区南门下水道堵了一个星期，污水流到马路上，臭气熏天。")
        new_order(org, title="公积金提取咨询", body="离职后公积金如何提取，需要哪些材料。")
        second = new_order(org, title="翠湖小区南门污水横流",
                           body="小区南门的下水道堵塞，污水横流好几天了，臭味很大，请尽快疏通。")
    assert [o for o, _ in services.similar_open_orders(second)] == [first]
    assert [[o.pk for o in g] for g in services.duplicate_groups()] == [[first.pk, second.pk]]


def test_classifier_pages_are_for_administrators_and_train_from_an_upload(client, org, categories,
                                                                        django_capture_on_commit_callbacks):
    client.force_login(org.dispatcher)
    assert client.get("/insight/models/").status_code == 403
    client.force_login(org.admin)
    page = client.get("/insight/models/")
    assert "还没有分类模型" in page.content.decode()
    data = SimpleUploadedFile("train.jsonl", jsonl(labelled_rows()).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/insight/models/train/", {"source": "upload", "data": data, "note": "试训练"},
                               follow=True)
    assert "版本 1" in response.content.decode()
    listing = client.get("/insight/models/").content.decode()
    assert 'data-version="1" class="active"' in listing and "试训练" in listing
    detail = client.get("/insight/models/1/").content.decode()
    assert "混淆矩阵" in detail and "教育文体" in detail
    response = client.post("/insight/models/settings/", {"auto_dispatch_confidence": "2", "suggestions": "3",
                                                         "duplicate_threshold": "0.35", "hot_days": "30"}, follow=True)
    assert "0.5 到 1" in response.content.decode() and Settings.current().auto_dispatch_confidence is None


def test_order_page_shows_suggestions_to_the_dispatcher(client, org, categories, django_capture_on_commit_callbacks):
    trained(org, django_capture_on_commit_callbacks)
    order = new_order(org, title="学校强制学生去工厂实习", body="希望教育局管一管")
    client.force_login(org.dispatcher)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert 'id="suggestions"' in page and "教育文体" in page and "分类模型 v1" in page
    client.force_login(org.staff)
    assert 'id="suggestions"' not in client.get(f"/orders/{order.number}/").content.decode()


def test_hot_issue_page_and_its_excel_export(client, org):
    for title in ["松林小区楼下烧烤油烟扰民", "松林小区烧烤店油烟噪音", "松林小区夜宵烧烤油烟严重"]:
        new_order(org, title=title, body="烧烤油烟和噪音，晚上无法休息。")
    client.force_login(org.leader)
    page = client.get("/insight/hot/").content.decode()
    assert "松林小区" in page and 'data-rank="1"' in page
    response = client.get("/insight/hot/?days=30&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "近 30 天热点问题"
    assert sheet["C3"].value == "松林小区" and sheet["F3"].value == 3
    client.force_login(org.staff)
    assert client.get("/insight/hot/").status_code == 403


def test_a_suggestion_routes_by_the_agents_finer_category_under_the_predicted_one(org, monkeypatch):
    from yiwang.insight import services as insight
    from yiwang.workorders.models import Category, RoutingRule

    from ..conftest import make_unit, new_order

    gas = Category.objects.create(name="燃气安全", parent=Category.objects.create(name="供气", parent=org.category))
    utility = make_unit("RQ", "燃气公司", "enterprise", org.district)
    RoutingRule.objects.create(category=gas, unit=utility)

    class Model:
        def predict(self, texts, top):
            return [[(org.category.name, 0.9)]]

    monkeypatch.setattr(insight, "active_model", lambda: (type("V", (), {"number": 1})(), Model()))
    order = new_order(org, category=gas)
    assert insight.suggestions(order)[0]["unit"] == utility
    assert insight.suggestions(new_order(org))[0]["unit"] == org.street  # no finer choice: the street (属地)
