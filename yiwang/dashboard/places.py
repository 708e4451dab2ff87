"""Where a point lies: the street, community and grid whose boundaries on the district map
(the newest uploaded GeoJSON) contain it. Intake uses it to place requests that arrive with
coordinates only (Open311, the API, apps), so street-specific routing rules apply to them too.

The polygons are indexed once per map (shapely's STRtree) and kept for the life of the process;
a newer map is picked up on the next lookup."""
from dataclasses import dataclass

import shapely
from shapely.geometry import shape

from yiwang.orgs.models import Unit

from .models import DistrictMap


@dataclass(frozen=True)
class Place:
    street: Unit | None = None
    community: Unit | None = None
    grid: Unit | None = None


NOWHERE = Place()
_index = {}  # map id -> (STRtree, [(unit id, kind)])


def _tree(map_id):
    if map_id not in _index:
        shapes, units = [], []
        geojson = DistrictMap.objects.values_list("geojson", flat=True).get(pk=map_id)
        for feature in geojson.get("features", []):
            props = feature["properties"]
            shapes.append(shape(feature["geometry"]))
            units.append((props["unit_id"], props["kind"]))
        _index.clear()
        _index[map_id] = (shapely.STRtree(shapes), units)
    return _index[map_id]


def forget():
    """Drop the indexed maps (tests, whose rolled-back maps may reuse an id)."""
    _index.clear()


def locate(latitude, longitude):
    """The place containing the point (WGS84 degrees), as far as the map knows it. A grid found
    gives its community and street from the org tree; else a street polygon gives the street."""
    if latitude is None or longitude is None:
        return NOWHERE
    map_id = DistrictMap.objects.values_list("pk", flat=True).first()
    if map_id is None:
        return NOWHERE
    tree, units = _tree(map_id)
    hits = [units[i] for i in tree.query(shapely.Point(float(longitude), float(latitude)), predicate="intersects")]
    found = {kind: unit_id for unit_id, kind in sorted(hits)}
    if Unit.Kind.GRID in found:
        grid = Unit.objects.filter(pk=found[Unit.Kind.GRID], is_active=True).select_related("parent__parent").first()
        if grid is not None and grid.parent is not None:
            return Place(street=grid.parent.parent, community=grid.parent, grid=grid)
    if Unit.Kind.STREET in found:
        return Place(street=Unit.objects.filter(pk=found[Unit.Kind.STREET], is_active=True).first())
    return NOWHERE


def complete(latitude, longitude, street, community):
    """The street, community and grid of a request that names no grid: what the caller gave,
    completed from the place around its coordinates where that agrees with it (a caller's
    explicit choice always stands)."""
    place = locate(latitude, longitude)
    if place.grid is not None and street in (None, place.street) and community in (None, place.community):
        return place.street, place.community, place.grid
    if street is None and community is None and place.street is not None:
        return place.street, None, None
    return street, community, None
