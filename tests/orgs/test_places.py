"""Requests that arrive with coordinates only are placed on the district map: the street,
community and grid around the point, so street-specific routing rules apply to them."""
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from yiwang.orgs import places
from yiwang.orgs.models import Unit
from yiwang.workorders import selectors
from yiwang.workorders.models import Category, RoutingRule, WorkOrder

from ..conftest import make_unit, new_order


def square(lon, lat, size):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                 [lon, lat + size], [lon, lat]]]}


@pytest.fixture
def mapped(org):
    """青山街道 covers 120.0–120.2 E, 30.0–30.2 N; its grid 松林一网格 the corner 120.0–120.1, 30.0–30.1."""
    grid = make_unit("S1-C1-G1", "松林一网格", Unit.Kind.GRID, org.community, handles=False)
    features = [{"type": "Feature", "properties": {"code": "S1"}, "geometry": square(120.0, 30.0, 0.2)},
                {"type": "Feature", "properties": {"code": "S1-C1-G1"}, "geometry": square(120.0, 30.0, 0.1)}]
    places.upload_map(content=json.dumps({"type": "FeatureCollection", "features": features}), actor=org.admin)
    return grid


def test_a_point_in_a_grid_gives_grid_community_and_street(org, mapped):
    place = places.locate(Decimal("30.05"), Decimal("120.05"))
    assert (place.street, place.community, place.grid) == (org.street, org.community, mapped)
    street_only = places.locate(30.15, 120.15)
    assert (street_only.street, street_only.community, street_only.grid) == (org.street, None, None)
    assert places.locate(31.0, 121.0) == places.NOWHERE
    assert places.locate(None, 120.0) == places.NOWHERE


def test_a_newer_map_is_read_on_the_next_lookup(org, mapped):
    assert places.locate(30.05, 120.05).grid == mapped
    moved = [{"type": "Feature", "properties": {"code": "S2"}, "geometry": square(120.0, 30.0, 0.2)}]
    places.upload_map(content=json.dumps({"type": "FeatureCollection", "features": moved}), actor=org.admin)
    place = places.locate(30.05, 120.05)
    assert (place.street, place.grid) == (org.other_street, None)


def test_an_order_with_coordinates_only_is_placed_and_the_history_says_so(org, mapped):
    order = new_order(org, street=None, community=None, latitude=Decimal("30.05"), longitude=Decimal("120.05"))
    assert (order.street, order.community, order.grid) == (org.street, org.community, mapped)
    assert order.events.get(action="create").data == {"channel": "phone", "located": True}


def test_a_place_the_caller_chose_is_kept(org, mapped):
    order = new_order(org, street=org.other_street, community=None, latitude=30.05, longitude=120.05)
    assert (order.street, order.community, order.grid) == (org.other_street, None, None)
    assert "located" not in order.events.get(action="create").data
    unmapped = new_order(org, street=None, community=None, latitude=31.0, longitude=121.0)
    assert (unmapped.street, unmapped.grid) == (None, None)


def test_an_open311_request_with_lat_long_is_routed_by_its_street(client, org, mapped):
    lamp = Category.objects.create(name="路灯不亮", parent=org.category, public=True)
    RoutingRule.objects.create(category=org.category, unit=org.bureau2)
    RoutingRule.objects.create(category=org.category, street=org.street, unit=org.bureau)
    out = io.StringIO()
    call_command("apikey", "create", "--name", "市Open311网关", "--scope", "open311", stdout=out)
    answer = client.post("/open311/v2/requests.json", {
        "api_key": out.getvalue().strip().splitlines()[-1], "service_code": lamp.pk,
        "lat": "30.05", "long": "120.05", "description": "灯不亮"})
    assert answer.status_code == 200, answer.content
    order = WorkOrder.objects.get(number=answer.json()[0]["service_request_id"])
    assert (order.street, order.grid) == (org.street, mapped)
    assert selectors.responsible_unit(order.category, order.street) == org.bureau
