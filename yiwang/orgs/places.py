"""The district map: its upload (GeoJSON of streets and grids, checked whole) and where a point
lies on it: the street, community and grid whose boundaries (the newest map) contain it. Intake uses it to place requests that arrive with
coordinates only (Open311, the API, apps), so street-specific routing rules apply to them too.

The polygons are indexed once per map (shapely's STRtree) and kept for the life of the process;
a newer map is picked up on the next lookup."""
import json
from dataclasses import dataclass

import shapely
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import shape

from yiwang.errors import ActionRefused

from .models import DistrictMap, Unit


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


def has_map():
    return DistrictMap.objects.exists()


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


# ---------------------------------------------------------------- upload

GEOMETRIES = ("Polygon", "MultiPolygon")


def _ring_ok(ring):
    return (isinstance(ring, list) and len(ring) >= 4 and all(
        isinstance(p, list) and len(p) >= 2 and all(isinstance(c, (int, float)) for c in p[:2])
        and -180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in ring))


def _geometry_error(geometry):
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRIES:
        return _("the geometry must be a Polygon or MultiPolygon")
    polygons = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    if not isinstance(polygons, list) or not polygons or not all(
            isinstance(poly, list) and poly and all(_ring_ok(r) for r in poly) for poly in polygons):
        return _("the coordinates are not rings of at least four [longitude, latitude] points")
    return None


def upload_map(*, content, actor, note=""):
    """Check a GeoJSON FeatureCollection of streets and grids and make it the district's map.
    Each feature names its unit by `code` (or by a unique `name`). Any error refuses the
    whole file, listing every bad feature; the previous map stays."""
    try:
        data = json.loads(content.decode("utf-8-sig") if isinstance(content, bytes) else content)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ActionRefused("bad_geojson", _("The file is not GeoJSON (JSON in UTF-8): %(e)s") % {"e": exc}) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list) or not data["features"]:
        raise ActionRefused("bad_geojson", _("The file must be a GeoJSON FeatureCollection with at least one "
                                             "feature."))
    units = list(Unit.objects.filter(kind__in=[Unit.Kind.STREET, Unit.Kind.GRID]))
    by_code = {u.code: u for u in units}
    by_name = {}
    for u in units:
        by_name.setdefault(u.name, []).append(u)
    errors, features, seen = [], [], set()
    for index, feature in enumerate(data["features"], start=1):
        props = (feature or {}).get("properties") or {} if isinstance(feature, dict) else {}
        label = props.get("code") or props.get("name") or "?"
        unit = by_code.get(str(props.get("code", "")))
        if unit is None and len(by_name.get(props.get("name"), [])) == 1:
            unit = by_name[props["name"]][0]
        problem = _geometry_error(feature.get("geometry")) if isinstance(feature, dict) else _("not a feature")
        if unit is None:
            problem = problem or _("no street or grid has this code or name")
        elif unit.pk in seen:
            problem = problem or _("this unit appears twice")
        if problem:
            errors.append(_("feature %(i)d (%(label)s): %(problem)s") % {"i": index, "label": label,
                                                                        "problem": problem})
            continue
        seen.add(unit.pk)
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "name": unit.name, "code": unit.code, "kind": unit.kind, "unit_id": unit.pk}})
    if errors:
        raise ActionRefused("bad_geojson", _("Nothing was changed. Fix these features and upload again: %(list)s")
                            % {"list": "; ".join(errors[:20]) + ("…" if len(errors) > 20 else "")})
    kinds = [f["properties"]["kind"] for f in features]
    return DistrictMap.objects.create(
        geojson={"type": "FeatureCollection", "features": features}, streets=kinds.count(Unit.Kind.STREET),
        grids=kinds.count(Unit.Kind.GRID), uploaded_at=timezone.now(), uploaded_by=actor, note=note[:200])
