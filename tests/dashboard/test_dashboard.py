import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from yiwang.dashboard import selectors
from yiwang.dashboard import services as dashboard
from yiwang.errors import ActionRefused
from yiwang.orgs import places
from yiwang.orgs.models import DistrictMap, Unit
from yiwang.workorders import services
from yiwang.workorders.models import Category, WorkOrder

from ..conftest import NOW, at, handling, make_unit, make_user, new_order, picture, v

SQUARE = {"type": "Polygon", "coordinates": [[[120.1, 30.2], [120.2, 30.2], [120.2, 30.3], [120.1, 30.3],
                                               [120.1, 30.2]]]}


def test_figures_count_today_the_month_open_and_overdue(org):
    with services.backfill_at(NOW - dt.timedelta(days=12)):
        handling(org)  # received this month, overdue now
    new_order(org, channel="web")
    new_order(org, street=org.other_street, community=None, urgency="critical")
    fig = selectors.figures()
    assert fig["day"]["total"] == 2 and fig["day"]["channel"] == {"web": 1, "phone": 1}
    assert fig["month"]["total"] == 3 and fig["month"]["street"][org.street.pk] == 2
    assert fig["work"]["open"] == 3 and fig["work"]["overdue"] == 1
    assert [o.urgency for o in fig["urgent"]] == ["critical"]


def test_rollups_and_live_counting_agree(org):
    for day in (3, 4, 20):
        with services.backfill_at(at(2026, 11, day, 10)):
            new_order(org, category=org.category)
    live = selectors.intake(dt.date(2026, 11, 1), dt.date(2026, 11, 25), dt.date(2026, 11, 25))
    dashboard.rollup(today=dt.date(2026, 11, 25), since=dt.date(2026, 11, 1))
    rolled = selectors.intake(dt.date(2026, 11, 1), dt.date(2026, 11, 25), dt.date(2026, 11, 25))
    assert rolled == live and live["total"] == 3 and live["category"][org.category.pk] == 3


def test_an_order_entered_for_a_past_day_unrolls_that_day(org, django_capture_on_commit_callbacks):
    dashboard.rollup(today=dt.date(2026, 11, 25), since=dt.date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True), services.backfill_at(at(2026, 11, 21, 9)):
        new_order(org, received_at=at(2026, 11, 21, 9))
    assert selectors.intake(dt.date(2026, 11, 21), dt.date(2026, 11, 21), dt.date(2026, 11, 25))["total"] == 1


def test_the_map_upload_matches_units_and_refuses_a_bad_file_whole(org):
    grid = make_unit("S1-C1-G1", "松林一网格", Unit.Kind.GRID, org.community, handles=False)
    good = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "S1"}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"name": "松林一网格"}, "geometry": SQUARE}]}
    m = places.upload_map(content=json.dumps(good), actor=org.admin)
    assert (m.streets, m.grids) == (1, 1) and m.geojson["features"][1]["properties"]["unit_id"] == grid.pk
    bad = {"type": "FeatureCollection", "features": [
        good["features"][0], {"type": "Feature", "properties": {"code": "NOPE"}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"code": "S2"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}
    with pytest.raises(ActionRefused) as exc:
        places.upload_map(content=json.dumps(bad), actor=org.admin)
    assert "第 2 个要素（NOPE）" in exc.value.message and "第 3 个要素（S2）" in exc.value.message
    with pytest.raises(ActionRefused):
        places.upload_map(content=b"{not json", actor=org.admin)
    assert DistrictMap.objects.count() == 1


@pytest.mark.parametrize("name, status", [("leader", 200), ("supervisor", 200), ("admin", 403), ("staff", 403),
                                          ("agent", 403)])
def test_the_dashboard_is_for_leaders_and_the_centre(org, client, name, status):
    client.force_login(getattr(org, name))
    assert client.get(reverse("dashboard:home")).status_code == status
    assert client.get(reverse("dashboard:data")).status_code == status


def test_every_figure_links_to_the_orders_behind_it(org, client):
    new_order(org, category=org.category, channel="web")
    client.force_login(org.leader)
    data = client.get(reverse("dashboard:data")).json()
    link = data["today"]["channel"][0]["url"]
    listed = client.get(link).context["page"].paginator.count
    assert data["today"]["channel"][0]["value"] == listed == 1
    category_link = data["month"]["category"][0]["url"]
    assert client.get(category_link).context["page"].paginator.count == 1
    assert client.get(data["work"]["open_url"]).context["page"].paginator.count == data["work"]["open"]


def test_a_grid_inspector_reports_with_a_photo_into_the_loop(org, client):
    root = Category.objects.create(name="城市管理x")
    vendors = Category.objects.create(name="占道经营", parent=Category.objects.create(name="市容环境", parent=root))
    grid = make_unit("S1-C1-G1", "松林一网格", Unit.Kind.GRID, org.community, handles=False)
    inspector = make_user("inspector", ["inspector"], grid)
    client.force_login(inspector)
    url = reverse("workorders:grid_report")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.conf.settings.GRID_CATEGORY_ROOT", "城市管理x")
        response = client.post(url, {"category": vendors.pk, "address": "松林路"})
        assert "photo" in response.context["errors"] and not WorkOrder.objects.exists()
        photo = picture("p.jpg")
        client.post(url, {"category": vendors.pk, "address": "松林路", "latitude": "30.3", "longitude": "120.1",
                          "photo": photo})
    order = WorkOrder.objects.get()
    assert (order.channel, order.grid, order.community, order.street) == ("grid", grid, org.community, org.street)
    assert order.attachments.count() == 1 and order.category == vendors
    client.force_login(org.staff)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("value, expected", [("30.3", Decimal("30.300000")), ("-90", Decimal("-90.000000")),
                                             ("90.1", None), ("NaN", None), ("Infinity", None), ("北纬", None),
                                             (None, None)])
def test_a_coordinate_is_a_finite_number_in_range_or_nothing(value, expected):
    from yiwang.workorders.grid import coordinate
    assert coordinate(value, -90, 90) == expected


def test_the_nightly_rollup_command(org):
    import io

    from django.core.management import CommandError, call_command

    from yiwang.dashboard.models import HotSnapshot, IntakeRolled

    new_order(org)
    out = io.StringIO()
    call_command("rollup", "--since", "2026-11-20", stdout=out)
    assert "rolled up" in out.getvalue() and IntakeRolled.objects.count() == 5 and HotSnapshot.objects.exists()
    with pytest.raises(CommandError):
        call_command("rollup", "--since", "yesterday")


def test_each_figure_and_each_map_measure_opens_exactly_the_orders_it_counts(org, client, fixed_time):
    with services.backfill_at(NOW - dt.timedelta(days=3)):
        late = new_order(org, category=None, street=org.other_street, community=None)  # overdue: never dispatched
    new_order(org, category=org.category)
    new_order(org, category=None, channel="web")
    order = handling(org, category=org.category)
    services.reply(order=order, actor=org.staff, answer="好了", version=v(order))
    services.callback(order=order, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(order))
    client.force_login(org.leader)
    data = client.get(reverse("dashboard:data")).json()

    def count(url):
        return client.get(url).context["page"].paginator.count

    for part in ("today", "month"):
        for key in ("channel", "category"):
            for item in data[part][key]:
                assert count(item["url"]) == item["value"], (part, key, item["name"])
    assert any(i["name"] == "未填写" for i in data["month"]["category"])
    for street in data["streets"]:
        for measure in ("value", "open", "overdue"):
            assert count(street["urls"][measure]) == street[measure], (street["name"], measure)
    assert count(data["work"]["overdue_url"]) == data["work"]["overdue"] >= 1
    assert late.number in client.get(data["work"]["overdue_url"]).content.decode()
    response = next(r for r in data["rates"] if r["code"] == "response")
    assert count(response["url"]) == 1  # the one dispatch of the month
    assert data["trend"][-1]["partial"] and not data["trend"][-2]["partial"]
