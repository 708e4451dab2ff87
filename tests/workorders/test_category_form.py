"""The category's own questions (its form fields, which Open311 clients are asked) on the
hotline's intake page and on the order page."""
import json
import re

import pytest

from yiwang.orgs.models import Unit
from yiwang.workorders.models import Category, WorkOrder

from ..conftest import make_unit, new_order


@pytest.fixture
def lamp(org):
    return Category.objects.create(name="路灯不亮", parent=org.category, form_fields=[
        {"key": "pole", "label": "灯杆编号", "required": True, "datatype": "string"},
        {"key": "count", "label": "几盏", "datatype": "number"},
        {"key": "kind", "label": "情况", "datatype": "multivaluelist",
         "values": [{"key": "dark", "name": "不亮"}, {"key": "blink", "name": "闪烁"}]},
    ])


def _intake(client, org, lamp, **answers):
    client.force_login(org.agent)
    form = {"order_type": "report", "channel": "phone", "urgency": "normal", "title": "路灯不亮",
            "body": "翠湖路路灯不亮", "category": lamp.pk, "caller_phone": "13905310001", **answers}
    return client.post("/orders/new/", form)


def test_the_agent_records_the_answers_and_the_unit_reads_them_by_name(client, org, lamp):
    answer = _intake(client, org, lamp, **{"attribute[pole]": "QS-0412", "attribute[kind][]": ["dark", "blink"]})
    assert answer.status_code == 302
    order = WorkOrder.objects.get()
    assert order.attributes == {"pole": "QS-0412", "kind": ["dark", "blink"]}
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert "<dt>灯杆编号</dt><dd class=\"answer\">QS-0412</dd>" in page
    assert "<dt>情况</dt><dd class=\"answer\">不亮、闪烁</dd>" in page


def test_a_caller_who_does_not_know_the_pole_number_is_still_taken(client, org, lamp):
    assert _intake(client, org, lamp).status_code == 302
    assert WorkOrder.objects.get().attributes == {}


def test_a_wrong_answer_is_shown_and_nothing_is_stored(client, org, lamp):
    answer = _intake(client, org, lamp, **{"attribute[count]": "三"})
    assert answer.status_code == 200
    assert "几盏 须为数字" in answer.content.decode()
    assert not WorkOrder.objects.exists()
    kept = re.search(r'<script id="category-answers" type="application/json">(.*?)</script>', answer.content.decode())
    assert json.loads(kept.group(1)) == {"count": "三"}  # kept for the form to show again


def test_the_intake_page_carries_each_category_form(client, org, lamp):
    client.force_login(org.agent)
    page = client.get("/orders/new/").content.decode()
    assert f'"{lamp.pk}": [{{"key": "pole"' in page and str(org.category.pk) + '": [' not in page


def test_the_order_page_shows_the_grid_the_photo_link_and_a_removed_field(client, org, lamp):
    grid = make_unit("S1-C1-G1", "松林一网格", Unit.Kind.GRID, org.community, handles=False)
    order = new_order(org, category=lamp, attributes={"pole": "QS-1"}, media_url="https://img.example/1.jpg",
                      grid=grid)
    WorkOrder.objects.filter(pk=order.pk).update(attributes={"pole": "QS-1", "old": "x"})  # an answer from before
    lamp.form_fields = lamp.form_fields[1:]  # the pole question was removed later
    lamp.save()
    client.force_login(org.dispatcher)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert "松林一网格" in page
    assert "<dt>pole</dt>" in page and "<dt>old</dt>" in page
    assert 'href="https://img.example/1.jpg" rel="noopener noreferrer nofollow"' in page
