"""The public pages: limited per client address, a captcha after a few posts, and the phone of
a tracking look-up never in an address."""
import pytest
from django.urls import reverse

from yiwang.workorders.models import WorkOrder

from .conftest import new_order


@pytest.fixture
def limits(settings):
    settings.PUBLIC_LIMITS = dict(settings.PUBLIC_LIMITS, **{"public-file": ["4/h", 2], "public-track": ["5/h", 2]})


FILING = {"order_type": "help", "title": "路灯", "body": "路灯不亮", "caller_name": "张", "caller_phone": "13905310001"}


def test_filing_asks_a_captcha_after_a_few_and_stops_at_the_limit(client, db, limits):
    for _ in range(2):
        assert client.post("/public/", FILING).status_code == 302
    page = client.get("/public/").content.decode()
    assert 'id="captcha"' in page
    refused = client.post("/public/", FILING)  # the third, without the captcha's answer
    assert refused.status_code == 200 and WorkOrder.objects.count() == 2
    assert client.post("/public/", dict(FILING, captcha_0="x", captcha_1="PASSED")).status_code == 302
    assert WorkOrder.objects.count() == 3
    over = client.post("/public/", dict(FILING, captcha_0="x", captcha_1="PASSED"))
    assert over.status_code == 429 and "尝试次数过多" in over.content.decode() and WorkOrder.objects.count() == 3


def test_another_address_is_not_held_up(client, db, limits):
    for _ in range(4):
        client.post("/public/", dict(FILING, captcha_0="x", captcha_1="PASSED"))
    assert client.post("/public/", FILING, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_tracking_is_posted_and_cannot_walk_phones(client, org, limits):
    order = new_order(org)
    assert client.get("/public/track/", {"number": order.number, "phone": "13905310001"}).context["found"] is None
    for guess in ("13905310000", "13905310002"):
        assert "没有与该编号和电话相符" in client.post("/public/track/", {"number": order.number,
                                                                         "phone": guess}).content.decode()
    # The third try needs the captcha; the right phone alone does not get through.
    assert client.post("/public/track/", {"number": order.number, "phone": "13905310001"}).context["found"] is None
    found = client.post("/public/track/", {"number": order.number, "phone": "13905310001",
                                           "captcha_0": "x", "captcha_1": "PASSED"})
    assert found.context["found"] and order.number in found.content.decode()
    for _ in range(2):
        last = client.post("/public/track/", {"number": order.number, "phone": "13905310001",
                                              "captcha_0": "x", "captcha_1": "PASSED"})
    assert last.status_code == 429


def test_a_window_application_is_found_by_its_number_and_phone(client, db):
    from tests.services.conftest import make_item
    from yiwang.services import services
    from yiwang.services.models import Application

    from .conftest import make_unit, make_user

    unit = make_unit("SJ", "市场监管局", "bureau")
    clerk = make_user("clerk", ["clerk"], unit)
    item = make_item(unit)
    app = services.create_application(
        actor=clerk, item=item, channel=Application.Channel.WINDOW, applicant_kind="person", applicant_name="赵六",
        contact_phone="13905310009", id_number="11010519491231002X", form_data={"shop_name": "面馆"}, materials={})
    page = client.post(reverse("public:track"), {"number": app.number, "phone": "13905310009"}).content.decode()
    assert app.number in page and item.name in page and "11010519491231002X" not in page
