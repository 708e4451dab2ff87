"""Open311 GeoReport v2, spoken to by a third-party client (georeport from PyPI) and by plain
form-encoded POSTs as the specification describes, against a live server."""
import io
import xml.etree.ElementTree as ET

import pytest
import requests
import xmltodict
from django.core.management import call_command
from georeport import GeoReport

from tests.conftest import new_order, v
from yiwang.workorders import services
from yiwang.workorders.models import Category, WorkOrder


@pytest.fixture
def services_offered(org):
    lamp = Category.objects.create(
        name="路灯不亮", parent=org.category, public=True, description="报告不亮或损坏的路灯",
        form_fields=[
            {"key": "pole", "label": "灯杆编号", "required": True, "datatype": "string"},
            {"key": "count", "label": "几盏", "datatype": "number"},
            {"key": "kind", "label": "情况", "datatype": "singlevaluelist",
             "values": [{"key": "dark", "name": "不亮"}, {"key": "blink", "name": "闪烁"}]},
        ])
    hidden = Category.objects.create(name="内部事项", parent=org.category, public=False)
    return lamp, hidden


def open311_key(scope="open311"):
    out = io.StringIO()
    call_command("apikey", "create", "--name", "市Open311网关", "--scope", scope, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture
def root(live_server):
    return f"{live_server.url}/open311/v2"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_third_party_client_lists_services_and_reads_their_attributes(org, services_offered, root, fmt):
    lamp, hidden = services_offered
    client = GeoReport(root, output_format=fmt)
    listed = client.get_service_list()
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict gives one element as a dict
    assert [s["service_code"] for s in listed] == [str(lamp.pk)]
    assert listed[0]["service_name"] == "路灯不亮" and listed[0]["group"] == "城市管理"
    assert str(listed[0]["metadata"]).lower() == "true"
    definition = client.get_service_definition(str(lamp.pk))
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    assert [a["code"] for a in attributes] == ["pole", "count", "kind"]
    kind = attributes[2]
    values = kind["values"] if fmt == "json" else kind["values"]["value"]
    assert kind["datatype"] == "singlevaluelist" and [v["name"] for v in values] == ["不亮", "闪烁"]


def _post(root, fmt, **form):
    return requests.post(f"{root}/requests.{fmt}", data=form, timeout=10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_posted_request_becomes_a_work_order_and_the_client_follows_it_to_closed(org, services_offered, root):
    lamp, _hidden = services_offered
    key = open311_key()
    answer = _post(root, "json", api_key=key, service_code=lamp.pk, lat="36.651200", long="117.120000",
                   address_string="翠湖路12号", description="路灯整晚不亮，电话13905310001", first_name="明",
                   last_name="李", phone="13905310001", **{"attribute[pole]": "A-17", "attribute[kind]": "dark"})
    assert answer.status_code == 200, answer.text
    [created] = answer.json()
    order = WorkOrder.objects.get(number=created["service_request_id"])
    assert order.channel == "open311" and order.status == "pending_dispatch" and order.category == lamp
    assert order.attributes == {"pole": "A-17", "kind": "dark"} and order.caller_name == "李明"
    assert order.source_system == "市Open311网关" and str(order.latitude) == "36.651200"

    client = GeoReport(root)
    seen = client.get_service_request(order.number)
    assert seen["status"] == "open" and seen["status_notes"] == "待派单" and seen["agency_responsible"] == ""
    assert "13905310001" not in seen["description"] and "139****0001" in seen["description"]
    assert seen["requested_datetime"].endswith("+08:00")

    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, version=v(order))
    seen = client.get_service_request(order.number)
    assert seen["agency_responsible"] == "城管局" and seen["expected_datetime"].endswith("+08:00")
    services.sign_for(order=order, actor=org.staff, version=v(order))
    services.reply(order=order, actor=org.staff, answer="已更换灯泡。", version=v(order))
    services.close(order=order, actor=org.callback, note="来电人未接", version=v(order))

    xml_seen = GeoReport(root, output_format="xml").get_service_request(order.number)
    assert xml_seen["status"] == "closed" and "已更换灯泡" in xml_seen["status_notes"]
    closed = client.get_service_requests(status="closed")
    assert [r["service_request_id"] for r in closed] == [order.number]
    assert client.get_service_requests(status="open") == []

    history = requests.get(f"{root}/requests/{order.number}.json", params={"extensions": "true"}, timeout=10).json()
    notes = history[0]["notes"]
    assert notes[0]["type"] == "opened" and notes[-1]["type"] == "closed"
    assert [n["description"] for n in notes] == ["待派单", "待签收", "办理中", "待回访", "已办结"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_posting_without_a_valid_key_or_location_gives_the_specifications_errors(org, services_offered, root):
    lamp, hidden = services_offered
    key = open311_key()
    wrong = _post(root, "xml", api_key="yw_nope", service_code=lamp.pk, address_string="翠湖路")
    assert wrong.status_code == 403
    errors = ET.fromstring(wrong.content)
    assert errors.tag == "errors" and errors.find("error/code").text == "403"
    assert wrong.headers["Content-Type"] == "text/xml; charset=utf-8"
    no_scope = _post(root, "json", api_key=open311_key(scope="workorders:read"), service_code=lamp.pk,
                     address_string="翠湖路")
    assert no_scope.status_code == 403
    nowhere = _post(root, "json", api_key=key, service_code=lamp.pk, **{"attribute[pole]": "A-1"})
    assert nowhere.status_code == 400 and nowhere.json()[0]["code"] == 400
    missing = _post(root, "json", api_key=key, service_code=lamp.pk, address_string="翠湖路",
                    **{"attribute[kind]": "melted"})
    descriptions = [e["description"] for e in missing.json()]
    assert missing.status_code == 400 and any("灯杆编号" in d for d in descriptions)
    assert any("melted" in d for d in descriptions)
    private = _post(root, "json", api_key=key, service_code=hidden.pk, address_string="翠湖路")
    assert private.status_code == 404
    assert requests.get(f"{root}/requests/NOPE.json", timeout=10).status_code == 404
    assert requests.get(f"{root}/services/{hidden.pk}.xml", timeout=10).status_code == 404
    assert not WorkOrder.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_list_pages_filters_by_date_and_hides_private_orders(org, services_offered, root):
    lamp, hidden = services_offered
    numbers = [new_order(org, category=lamp, title=f"灯{i}").number for i in range(5)]
    new_order(org, category=hidden)
    new_order(org, category=lamp, confidential=True)
    client = GeoReport(root)
    assert sorted(r["service_request_id"] for r in client.get_service_requests()) == sorted(numbers)
    page = requests.get(f"{root}/requests.json", params={"page_size": 2, "page": 3}, timeout=10).json()
    assert len(page) == 1
    assert client.get_service_requests(start_date="2020-01-01T00:00:00Z", end_date="2020-02-01T00:00:00Z") == []
    too_long = requests.get(f"{root}/requests.json", params={"start_date": "2026-01-01T00:00:00+08:00",
                                                              "end_date": "2026-11-01T00:00:00+08:00"}, timeout=10)
    assert too_long.status_code == 400
    both = client.get_service_requests(service_request_id=f"{numbers[0]},{numbers[1]}")
    assert {r["service_request_id"] for r in both} == set(numbers[:2])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_discovery_names_the_endpoint_and_its_formats(org, services_offered, root):
    doc = requests.get(f"{root}/discovery.xml", timeout=10)
    parsed = xmltodict.parse(doc.content)["discovery"]
    assert parsed["endpoints"]["endpoint"]["url"] == root
    assert parsed["endpoints"]["endpoint"]["formats"]["format"] == ["text/xml", "application/json"]
    assert doc.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    as_json = requests.get(f"{root}/discovery.json", timeout=10).json()
    assert as_json["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
