"""Input the database cannot store (the NUL character) never reaches it: forged session cookies
are no session, and query strings or form fields carrying NUL get a clear 400 in the format the
address speaks (a page, the JSON API, Open311)."""
import pytest


@pytest.mark.django_db
def test_a_forged_session_cookie_is_no_session(client, org):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    answer = client.get("/api/v1/workorders")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    page = client.get("/orders/")
    assert page.status_code == 302 and "/login" in page["Location"]


@pytest.mark.django_db
def test_nul_in_an_api_query_is_bad_input(client, org):
    client.force_login(org.supervisor)
    answer = client.get("/api/v1/applications", {"q": "a\x00b"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "q"
    assert "NUL" in body["errors"][0]["message_en"]


@pytest.mark.django_db
def test_nul_in_a_page_query_or_form_is_bad_input(client, org):
    client.force_login(org.supervisor)
    page = client.get("/orders/", {"q": "\x00"})
    assert page.status_code == 400
    assert "q" in page.content.decode()
    form = client.post("/orders/new/", {"description": "漏水\x00"})
    assert form.status_code == 400


@pytest.mark.django_db
def test_nul_in_open311_gets_the_specification_error_shape(client, org):
    answer = client.get("/open311/v2/requests.json", {"service_code": "a\x00"})
    assert answer.status_code == 400
    assert answer.json()[0]["code"] == 400
    xml = client.get("/open311/v2/requests.xml", {"service_code": "a\x00"})
    assert xml.status_code == 400 and b"<errors>" in xml.content


@pytest.mark.django_db
def test_a_multipart_body_without_a_boundary_is_bad_input(client, org):
    client.force_login(org.supervisor)
    answer = client.generic("POST", "/api/v1/workorders", b"x", content_type="multipart/form-data",
                            HTTP_IDEMPOTENCY_KEY="k1")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid"


@pytest.mark.django_db
def test_an_open311_post_sent_as_multipart_is_read(client, org):
    """Idempotency reads the raw body before the form is parsed, so a multipart Open311 post works."""
    answer = client.post("/open311/v2/requests.json", {"service_code": "nosuch", "lat": "1"},
                         HTTP_IDEMPOTENCY_KEY="k2")
    assert answer.status_code in (400, 403), answer.content
    assert isinstance(answer.json(), list)


@pytest.mark.django_db
def test_nul_in_a_json_body_names_the_field(client, org):
    from yiwang.workorders.models import WorkOrder
    before = WorkOrder.objects.count()
    client.force_login(org.supervisor)
    answer = client.post("/api/v1/workorders", {"order_type": "help", "title": "\x00", "body": "0"},
                         content_type="application/json", HTTP_IDEMPOTENCY_KEY="k3")
    assert answer.status_code == 422, answer.content  # the schema cannot say it; the product's rule
    assert answer.json()["errors"][0]["field"] == "title"
    assert "NUL" in answer.json()["errors"][0]["message_en"]
    assert WorkOrder.objects.count() == before


@pytest.mark.django_db
def test_a_time_with_any_offset_python_accepts_is_read(client, org):
    """PostgreSQL takes offsets only up to ±15:59; the API turns every time into local time first."""
    client.force_login(org.supervisor)
    answer = client.get("/api/v1/workorders", {"updated_since": "2026-11-24T22:39:04-16:55"})
    assert answer.status_code == 200, answer.content
    far = client.get("/api/v1/workorders", {"updated_since": "9999-12-31T23:00:00-16:55"})
    assert far.status_code == 400
    assert far.json()["code"] == "invalid"


@pytest.mark.django_db
def test_open311_reads_a_time_with_a_wide_offset(client, org):
    answer = client.get("/open311/v2/requests.json", {"start_date": "2026-11-01T00:00:00-16:55",
                                                      "end_date": "2026-11-25T00:00:00+18:00"})
    assert answer.status_code == 200, answer.content
    far = client.get("/open311/v2/requests.json", {"start_date": "9999-12-31T23:00:00-16:55"})
    assert far.status_code == 400
