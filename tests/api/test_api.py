import io
import uuid

import pytest
from django.core.management import call_command

from yiwang.api.models import ApiKey
from yiwang.workorders.models import WorkOrder
from .test_open_api import api_as  # noqa: F401 (the fixture)


def issue(scope="workorders:write"):
    out = io.StringIO()
    call_command("apikey", "create", "--name", "省平台", "--scope", scope, "--scope", "workorders:read", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture
def key(org):
    return issue()


def post(client, key, **body):
    payload = {"order_type": "complaint", "title": "噪音扰民", "body": "夜间施工", "caller_phone": "13905310001"}
    payload.update(body)
    return client.post("/api/v1/workorders", payload, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))


def test_the_key_is_printed_on_the_last_line_and_stored_hashed(key):
    stored = ApiKey.objects.get()
    assert key.startswith("yw_") and key not in (stored.key_hash, stored.prefix)
    assert ApiKey.find(key) == stored


def test_api_intake_enters_the_same_loop_with_its_channel(org, client, key):
    response = post(client, key, street_code="S1")
    assert response.status_code == 201, response.content
    order = WorkOrder.objects.get(number=response.json()["number"])
    assert order.channel == "api" and order.status == "pending_dispatch" and order.street == org.street
    assert order.source_system == "省平台"
    got = client.get(f"/api/v1/workorders/{order.number}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert got["status"] == "pending_dispatch" and got["status_label"] == "待派单"
    events = client.get(f"/api/v1/workorders/{order.number}/events", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [e["action"] for e in events] == ["create"]


def test_bad_input_is_a_clear_json_error_in_chinese_and_english(org, client, key):
    response = post(client, key, order_type="gossip")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and [e["field"] for e in body["errors"]] == ["order_type"]
    # Not the shape the schema gives: 400, naming the field.
    response = post(client, key, caller_phone="123")
    assert response.status_code == 400 and [e["field"] for e in response.json()["errors"]] == ["caller_phone"]
    # The schema's shape, refused by the product's rules (the check digit): 422, saying what is wrong.
    response = post(client, key, caller_phone="0531-1234567", caller_id_number="110105194912310021")
    body = response.json()
    assert response.status_code == 422
    assert body["message"] == "请求有误。" and body["message_en"] == "The request has errors."
    assert [e["field"] for e in body["errors"]] == ["caller_id_number"]
    assert "校验位" in body["errors"][0]["message"] and "check digit" in body["errors"][0]["message_en"]
    assert not WorkOrder.objects.exists()


def test_unknown_or_revoked_key_is_refused(org, client, key):
    assert post(client, "yw_wrong").status_code == 401
    ApiKey.objects.get().revoke()
    assert post(client, key).status_code == 401


def test_key_without_the_write_scope_is_refused(org, client):
    key = issue(scope="workorders:read")
    assert post(client, key).status_code == 403


def test_same_source_reference_twice_is_a_conflict(org, client, key):
    assert post(client, key, source_ref="P-1").status_code == 201
    response = post(client, key, source_ref="P-1")
    assert response.status_code == 409 and response.json()["code"] == "duplicate"


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/workorders" in schema["paths"]


def test_a_units_staff_cannot_file_orders_through_the_api_with_their_session(org, client):
    client.force_login(org.staff)
    response = client.post("/api/v1/workorders", {"order_type": "help", "title": "t", "body": "b"},
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 403 and not WorkOrder.objects.exists()
    client.force_login(org.agent)
    response = client.post("/api/v1/workorders", {"order_type": "help", "title": "t", "body": "b"},
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 201


def test_an_unknown_or_revoked_key_gets_401_in_json_never_a_csrf_page(org, key):
    from django.test import Client

    browser_like = Client(enforce_csrf_checks=True)  # as a real client meets the CSRF check
    for wrong in ("yw_wrong", key):
        if wrong == key:
            ApiKey.objects.get().revoke()
        answer = post(browser_like, wrong)
        assert answer.status_code == 401, answer.content
        assert answer.json()["code"] == "unauthorized" and "CSRF" not in answer.json()["message_en"]


def test_schema_errors_are_in_chinese_naming_the_field_and_the_rule(org, api_as):  # noqa: F811
    api = api_as(org.agent, "workorders:write")
    answer = api.post("/workorders", {"order_type": "complaint", "title": "t" * 300}, idem="bad-1")
    assert answer.status_code == 400
    messages = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert messages["title"] == "title 的值无效：最多 200 个字符"
    assert messages["body"] == "body 的值无效：必须填写"
    english = {e["field"]: e["message_en"] for e in answer.json()["errors"]}
    assert english["title"] == "Invalid value for title: at most 200 characters"


def test_an_undeclared_method_is_405_before_any_idempotency_key_is_asked(org, api_as):  # noqa: F811
    """A POST to a read-only address answered 400 idempotency_key_required (security recheck N16)."""
    api = api_as(org.agent, "workorders:read")
    answer = api.client.post("/api/v1/reference/units", {}, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {api.key}")
    assert answer.status_code == 405 and answer.json()["code"] == "method_not_allowed"
    assert answer.json()["message"] == "此地址不接受该请求方法。"


def test_blank_means_the_same_to_the_schema_and_to_the_server():
    """A text of blanks only is refused by pydantic exactly where the published pattern refuses it,
    so a client validating against the OpenAPI schema never sends what the server turns away."""
    import re

    import pydantic

    from yiwang.api.base import NOT_BLANK

    class Text(pydantic.BaseModel):
        text: str = pydantic.Field(pattern=NOT_BLANK)

    blanks = ["\u0085", "\ufeff", "\u3000", "\x1c", " \t\n", "\u2028\u00a0"]
    for blank in blanks:
        assert re.search(NOT_BLANK, blank) is None
        assert not blank.strip() or blank == "\ufeff"  # Python's strip keeps U+FEFF; the pattern refuses it
        try:
            Text(text=blank)
        except pydantic.ValidationError:
            pass
        else:
            raise AssertionError(f"{blank!r} was accepted")
    for text in ["a", "\u3000办结", "x\u0085"]:
        assert Text(text=text).text == text
