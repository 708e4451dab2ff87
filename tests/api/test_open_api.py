"""The JSON API end to end through the test client: lists, the workflow through the API with the
pages' rules, idempotent writes, applications with materials, ratings and reference data."""
import base64
import io
import uuid

import pytest
from django.db.models import F
from django.core.management import call_command

from tests.conftest import make_user, new_order, v
from tests.services.conftest import ID_NUMBER, make_item
from yiwang.api.models import IdempotentRequest
from yiwang.reviews.models import Rectification
from yiwang.services.models import Application
from yiwang.workorders.models import WorkOrder


def key_for(user, *scopes):
    out = io.StringIO()
    args = ["create", "--name", f"sys-{user.username}", "--user", user.username]
    for s in scopes:
        args += ["--scope", s]
    call_command("apikey", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


class Api:
    def __init__(self, client, key):
        self.client, self.key = client, key

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {self.key}")

    def post(self, path, body, idem=None):
        return self.client.post(f"/api/v1{path}", body, content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {self.key}",
                                HTTP_IDEMPOTENCY_KEY=idem or str(uuid.uuid4()))

    def patch(self, path, body, idem=None):
        return self.client.patch(f"/api/v1{path}", body, content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Bearer {self.key}",
                                 HTTP_IDEMPOTENCY_KEY=idem or str(uuid.uuid4()))


@pytest.fixture
def api_as(client):
    return lambda user, *scopes: Api(client, key_for(user, *scopes))


ORDER = {"order_type": "complaint", "title": "噪音扰民", "body": "夜间施工", "caller_phone": "13905310001"}


def test_a_retried_write_with_the_same_key_is_done_once_and_answered_the_same(org, api_as):
    api = api_as(org.agent, "workorders:write")
    first = api.post("/workorders", ORDER, idem="retry-1")
    again = api.post("/workorders", ORDER, idem="retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert WorkOrder.objects.count() == 1
    other = api.post("/workorders", dict(ORDER, title="别的事"), idem="retry-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    missing = api.client.post("/api/v1/workorders", ORDER, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Bearer {api.key}")
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"
    assert "Idempotency-Key" in missing.json()["message_en"]
    assert WorkOrder.objects.count() == 1 and IdempotentRequest.objects.count() == 1


def test_an_expired_key_is_free_again_and_the_daily_purge_removes_expired_keys(org, api_as, settings):
    import datetime as dt

    from yiwang.maintenance import retention

    api = api_as(org.agent, "workorders:write")
    assert api.post("/workorders", ORDER, idem="old-key").status_code == 201
    IdempotentRequest.objects.update(created_at=F("created_at") - dt.timedelta(hours=settings.IDEMPOTENCY_HOURS + 1))
    again = api.post("/workorders", dict(ORDER, title="新的一件"), idem="old-key")  # the key's day is over
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert WorkOrder.objects.count() == 2 and IdempotentRequest.objects.count() == 1
    assert api.post("/workorders", ORDER, idem="fresh").status_code == 201
    IdempotentRequest.objects.filter(key="fresh").update(
        created_at=F("created_at") - dt.timedelta(hours=settings.IDEMPOTENCY_HOURS + 1))
    assert retention.run(dry_run=True).counts["idempotency keys"] == 1
    retention.run()
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["old-key"]


def test_a_key_of_another_client_does_not_share_idempotency_keys(org, api_as):
    one, two = api_as(org.agent, "workorders:write"), api_as(org.dispatcher, "workorders:write")
    assert one.post("/workorders", ORDER, idem="same").status_code == 201
    assert two.post("/workorders", ORDER, idem="same").status_code == 201
    assert WorkOrder.objects.count() == 2


def test_the_order_list_pages_filters_and_masks_the_caller(org, api_as):
    for i in range(7):
        new_order(org, title=f"第{i}件")
    new_order(org, title="投诉物业", order_type="help")
    api = api_as(org.agent, "workorders:read")
    page = api.get("/workorders", limit=3, offset=3).json()
    assert page["count"] == 8 and page["limit"] == 3 and len(page["items"]) == 3
    assert page["items"][0]["caller"]["phone"] == "139****0001"
    only = api.get("/workorders", order_type="help").json()
    assert [o["title"] for o in only["items"]] == ["投诉物业"]
    bad = api.get("/workorders", limit=100000)
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "limit"


def test_a_unit_sees_only_its_orders_through_the_api(org, api_as):
    order = new_order(org, category=org.category)
    hidden = new_order(org)
    api_as(org.dispatcher, "workorders:write").post(f"/workorders/{order.number}/actions/dispatch",
                                                    {"version": v(order), "lead_unit_id": org.bureau.pk})
    unit = api_as(org.staff, "workorders:read")
    assert [o["number"] for o in unit.get("/workorders").json()["items"]] == [order.number]
    assert unit.get(f"/workorders/{hidden.number}").status_code == 404


def test_the_workflow_runs_through_the_api_with_the_pages_rules(org, api_as):
    order = new_order(org, category=org.category)
    dispatcher = api_as(org.dispatcher, "workorders:read", "workorders:write")
    staff = api_as(org.staff, "workorders:read", "workorders:write")
    assert [a["code"] for a in dispatcher.get(f"/workorders/{order.number}/actions").json()] == ["dispatch", "correct", "merge"]
    refused = staff.post(f"/workorders/{order.number}/actions/sign_for", {"version": v(order)})
    assert refused.status_code == 404  # not yet the unit's order
    done = dispatcher.post(f"/workorders/{order.number}/actions/dispatch",
                           {"version": v(order), "lead_unit_id": org.bureau.pk})
    assert done.status_code == 200 and done.json()["status"] == "pending_sign"
    assert done.json()["lead_unit"] == "城管局"
    stale = staff.post(f"/workorders/{order.number}/actions/sign_for", {"version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    wrong = staff.post(f"/workorders/{order.number}/actions/reply", {"version": v(order), "answer": "好了"})
    body = wrong.json()
    assert wrong.status_code == 409 and body["code"] == "not_allowed"
    assert "待签收" in body["message"] and "while the order is" in body["message_en"]
    signed = staff.post(f"/workorders/{order.number}/actions/sign_for", {"version": v(order)})
    assert signed.json()["status"] == "handling"
    replied = staff.post(f"/workorders/{order.number}/actions/reply", {"version": v(order), "answer": "已处理。"})
    assert replied.json()["status"] == "pending_callback"
    events = staff.get(f"/workorders/{order.number}/events").json()
    assert [e["action"] for e in events] == ["create", "dispatch", "sign_for", "reply"]


def test_a_key_without_the_scope_is_refused_even_if_the_user_could(org, api_as):
    order = new_order(org)
    api = api_as(org.dispatcher, "workorders:read")
    answer = api.post(f"/workorders/{order.number}/actions/dispatch", {"version": 1, "lead_unit_id": org.bureau.pk})
    assert answer.status_code == 403 and answer.json()["code"] == "scope_missing"


def test_an_application_is_submitted_with_its_materials_and_accepted_through_the_api(org, api_as):
    item = make_item(org.bureau)
    clerk = make_user("clerk", ["clerk"], org.centre)
    api = api_as(clerk, "applications:read", "applications:write")
    guide = api.get(f"/catalogue/items/{item.code}").json()
    materials = {m["name"]: m["id"] for m in guide["materials"]}
    scan = base64.b64encode(b"%PDF-1.4\nscan").decode()
    body = {"item_code": item.code, "applicant_kind": "person", "applicant_name": "李四", "delivery": "window",
            "contact_phone": "13905310002", "id_number": ID_NUMBER, "form": {"shop_name": "李记小吃"},
            "materials": [{"material_id": materials["营业执照"], "file_name": "licence.pdf", "content_base64": scan}]}
    incomplete = api.post("/applications", body)
    assert incomplete.status_code == 422
    assert {e["field"] for e in incomplete.json()["errors"]} == {f"material_{materials['身份证']}"}
    assert not Application.objects.exists()
    body["materials"].append({"material_id": materials["身份证"], "file_name": "id.pdf", "content_base64": scan})
    created = api.post("/applications", body)
    assert created.status_code == 201, created.content
    app = created.json()
    assert app["channel"] == "online" and app["id_number"] == "1101**********002X"
    refused = api.post(f"/applications/{app['number']}/actions/accept", {"version": app["version"]})
    assert refused.status_code == 409 and "经营场所平面图" in refused.json()["message"]
    assert refused.json()["message_en"].startswith("Required materials are missing")
    accepted = api.post(f"/applications/{app['number']}/actions/accept_with_pending",
                        {"version": app["version"], "due": "2026-12-10"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "in_review", accepted.json()


def test_a_bad_rating_through_the_api_opens_a_rectification_case(org, api_as):
    from tests.conftest import replied
    from yiwang.workorders import services
    order = replied(org)
    services.close(order=order, actor=org.callback, note="未接通", version=v(order))
    api = api_as(org.agent, "ratings:write", "ratings:read")
    answer = api.post("/ratings", {"case_kind": "workorder", "case_number": order.number, "level": 1,
                                   "indicators": {"speed": 1}, "comment": "拖了很久"})
    assert answer.status_code == 201, answer.content
    assert answer.json()["channel"] == "app" and answer.json()["rectification_number"]
    assert Rectification.objects.get().unit == org.bureau
    twice = api.post("/ratings", {"case_kind": "workorder", "case_number": order.number, "level": 5})
    assert twice.status_code == 409
    # The hotline's partner app records ratings; reading them takes a role of the rating pages.
    assert api.get("/ratings").json()["count"] == 0
    supervisor = api_as(org.supervisor, "ratings:read")
    listed = supervisor.get("/ratings", bad=True).json()
    assert listed["count"] == 1 and listed["items"][0]["level"] == 1
    assert supervisor.get("/rectifications").json()["count"] == 1


def test_reference_data_lists_codes_categories_units_and_the_calendar(org, api_as):
    api = api_as(org.agent, "workorders:read")
    codes = api.get("/reference/codes").json()
    assert {"value": "open311", "label": "Open311客户端"} in codes["channel"]
    units = {u["code"]: u for u in api.get("/reference/units").json()}
    assert units["S1-C1"]["parent_code"] == "S1" and units["S1"]["kind"] == "street"
    days = {d["date"]: d["workday"] for d in api.get("/reference/workdays", start="2026-09-30",
                                                     end="2026-10-10").json()}
    assert days["2026-10-01"] is False and days["2026-09-30"] is True
    assert [c["name"] for c in api.get("/reference/categories").json()] == ["城市管理"]


def test_no_two_schemas_share_a_name_so_the_openapi_components_are_each_theirs():
    """django-ninja names a component by its class: two classes of one name would share one
    component, and clients (and the fuzzing) would read the wrong fields for one of them."""
    import importlib
    import pkgutil

    from ninja import Schema

    import yiwang.api

    seen = {}
    for info in pkgutil.iter_modules(yiwang.api.__path__):
        module = importlib.import_module(f"yiwang.api.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                seen.setdefault(name, set()).add(module.__name__)
    shared = {name: modules for name, modules in seen.items() if len(modules) > 1}
    assert not shared, shared
