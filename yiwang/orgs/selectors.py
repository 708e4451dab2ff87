"""Reads of the org tree."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from yiwang.search import keys

from .models import Unit

# The groups a unit picker shows, in this order, by the kind of the unit's top-level branch.
GROUPS = [
    ({Unit.Kind.CENTRE, Unit.Kind.DISTRICT}, _("District and centre")),
    ({Unit.Kind.BUREAU, Unit.Kind.SECTION}, _("District bureaus")),
    ({Unit.Kind.STREET, Unit.Kind.COMMUNITY, Unit.Kind.GRID}, _("Streets and communities")),
    ({Unit.Kind.ENTERPRISE}, _("Enterprises and utilities")),  # and anything else
]


@dataclass
class TreeRow:
    unit: Unit
    depth: int
    path: str
    search: str
    name_keys: str

    @property
    def indent(self):
        return "　" * self.depth


def unit_tree(queryset):
    """The units of `queryset` in tree order, grouped like the org chart: [(group label, [TreeRow])].
    A unit appears under its nearest ancestor in the set (a section under its bureau, a
    community under its street), with the names above it as its path."""
    units = {u.pk: u for u in Unit.objects.filter(is_active=True).only("pk", "name", "kind", "parent_id", "code")}
    wanted = set(queryset.values_list("pk", flat=True))
    children = {}
    for u in units.values():
        children.setdefault(u.parent_id, []).append(u)
    for kids in children.values():
        kids.sort(key=lambda u: u.code)
    rows = []

    def walk(parent_id, depth, names):
        for u in children.get(parent_id, []):
            shown = u.pk in wanted
            if shown:
                path = " / ".join([*names, u.name])
                rows.append(TreeRow(u, depth, path, keys(path), keys(u.name)))
            walk(u.pk, depth + shown, [*names, u.name] if shown else names)

    walk(None, 0, [])
    groups = {label: [] for _kinds, label in GROUPS}
    for row in rows:
        kind = _top(row.unit, units).kind
        label = next((label for kinds, label in GROUPS if kind in kinds), GROUPS[-1][1])
        groups[label].append(row)
    return [(label, members) for label, members in groups.items() if members]


def _top(unit, units):
    """The highest ancestor below the district node: the bureau, street or enterprise a unit belongs to."""
    node = unit
    while node.parent_id in units and units[node.parent_id].kind != Unit.Kind.DISTRICT:
        node = units[node.parent_id]
    return node
