"""Writes of the command centre: the daily intake rollup, the hot-issue snapshot and the
district map upload."""
import datetime as dt
import json

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused
from yiwang.insight.models import Settings as InsightSettings
from yiwang.insight.selectors import hot_issues
from yiwang.orgs.models import Unit
from yiwang.supervision import services as supervision
from yiwang.workorders.models import Urgency, WorkOrder

from .models import DistrictMap, GridDay, HotSnapshot, IntakeDay, IntakeRolled

ROOT = Coalesce("category__parent__parent_id", "category__parent_id", "category_id")
URGENT = Q(urgency__in=[Urgency.URGENT, Urgency.CRITICAL])


def intake_rows(start, end):
    """Orders received in [start, end) by street, first-level category and channel."""
    return (WorkOrder.objects.filter(created_at__gte=start, created_at__lt=end)
            .values("street_id", "channel").annotate(root=ROOT).values("street_id", "channel", "root")
            .annotate(n=Count("pk"), urgent=Count("pk", filter=URGENT)))


def grid_rows(start, end):
    return (WorkOrder.objects.filter(created_at__gte=start, created_at__lt=end, grid__isnull=False)
            .values("grid_id").annotate(n=Count("pk")))


def rollup_intake_day(day):
    start, end = supervision.day_bounds(day)
    rows = [IntakeDay(day=day, street_id=r["street_id"], category_id=r["root"], channel=r["channel"], n=r["n"],
                      urgent=r["urgent"]) for r in intake_rows(start, end)]
    grids = [GridDay(day=day, grid_id=r["grid_id"], n=r["n"]) for r in grid_rows(start, end)]
    with transaction.atomic():
        IntakeDay.objects.filter(day=day).delete()
        GridDay.objects.filter(day=day).delete()
        IntakeDay.objects.bulk_create(rows)
        GridDay.objects.bulk_create(grids)
        IntakeRolled.objects.update_or_create(day=day, defaults={"computed_at": timezone.now()})


def rollup(today=None, since=None, refresh_days=None):
    """Roll up every day from `since` (default: the first order, at most 400 days back) to
    yesterday that is missing, plus the recent days whose figures can still change."""
    today = today or timezone.localdate()
    if since is None:
        first = WorkOrder.objects.aggregate(first=Min("created_at"))["first"]
        since = max(timezone.localtime(first).date() if first else today, today - dt.timedelta(days=400))
    refresh_days = settings.ROLLUP_REFRESH_DAYS if refresh_days is None else refresh_days
    done = set(IntakeRolled.objects.filter(day__gte=since, day__lt=today).values_list("day", flat=True))
    day, count = since, 0
    while day < today:
        if day not in done or (today - day).days <= refresh_days:
            rollup_intake_day(day)
            count += 1
        day += dt.timedelta(days=1)
    count += supervision.rollup(today, since, refresh_days)
    return count


def refresh_hot(top=10):
    """Recompute the hot issues for the dashboard (a background task in production)."""
    days = InsightSettings.current().hot_days
    issues = hot_issues(days, top=top, limit=settings.HOT_ISSUE_LIMIT)
    data = [{"rank": i.rank, "heat": round(i.heat, 2), "place": i.place, "description": i.description,
             "count": len(i.orders), "ids": [o.pk for o in i.orders][:100]} for i in issues]
    return HotSnapshot.objects.create(computed_at=timezone.now(), issues=data)


# ---------------------------------------------------------------- the district map

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
