"""Placing a request on the district map (street, community, grid from its coordinates) as the
map grows: a synthetic district of S streets, each cut into communities and grids, and random
points inside it. Prints the one-off index build, the median lookup (one query for the newest
map's id, the indexed search, one query for the grid's unit), and the ratio between a small and
a large map; the lookup should stay flat as grids multiply.

    python bench/places.py --grids 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yiwang_bench python bench/places.py

The database named in DATABASE_URL is dropped and made again first (bench/emptydb.py); default: a temporary SQLite file.
"""
import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"


def square(lon, lat, size):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                 [lon, lat + size], [lon, lat]]]}


def build(grids):
    """A square district at 120E 30N: streets in a row, each a column of communities, each a
    column of grid squares; about `grids` grids in all."""
    from yiwang.orgs import places
    from yiwang.orgs.models import Unit

    p = f"M{grids}-"  # each map's own units
    side = max(int(grids ** 0.5), 2)  # grids per side
    streets = max(side // 10, 1)
    cell = 0.002  # about 200 m
    district = Unit.objects.create(code=f"{p}D", name=f"{p}区", kind=Unit.Kind.DISTRICT)
    features, units = [], []
    per_street = side // streets
    for s in range(streets):
        street = Unit.objects.create(code=f"{p}S{s}", name=f"{p}街道{s}", kind=Unit.Kind.STREET, parent=district)
        features.append({"type": "Feature", "properties": {"code": street.code},
                         "geometry": square(120 + s * per_street * cell, 30, per_street * cell)})
        community = Unit.objects.create(code=f"{p}S{s}-C", name=f"{p}社区{s}", kind=Unit.Kind.COMMUNITY, parent=street)
        for i in range(per_street):
            for j in range(side):
                units.append(Unit(code=f"{p}S{s}-G{i}-{j}", name=f"{p}网格{s}-{i}-{j}", kind=Unit.Kind.GRID,
                                  parent=community, handles_orders=False))
                features.append({"type": "Feature", "properties": {"code": units[-1].code},
                                 "geometry": square(120 + (s * per_street + i) * cell, 30 + j * cell, cell)})
    Unit.objects.bulk_create(units, batch_size=5000)
    places.upload_map(content=json.dumps({"type": "FeatureCollection", "features": features}), actor=None)
    return len(units), (streets * per_street * cell, side * cell)


def measure(extent, runs):
    from yiwang.orgs import places

    places.forget()
    tracemalloc.start()
    t = time.perf_counter()
    places.locate(30.0001, 120.0001)
    build_ms = (time.perf_counter() - t) * 1000
    memory_mb = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    rng = random.Random(7)
    times, found = [], 0
    for _ in range(runs):
        lon, lat = 120 + rng.random() * extent[0], 30 + rng.random() * extent[1]
        t = time.perf_counter()
        place = places.locate(lat, lon)
        times.append((time.perf_counter() - t) * 1000)
        found += place.grid is not None
    return build_ms, memory_mb, statistics.median(times), found / runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--grids", type=int, default=20000, help="the large map")
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    import django

    import emptydb

    emptydb.recreate()
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; lookups: median of {args.runs} random points")
    rows = []
    for grids in (max(args.grids // 100, 100), args.grids):
        count, extent = build(grids)
        rows.append((count, *measure(extent, args.runs)))
    print(f"{'grids':>8} {'index build ms':>15} {'index peak MB':>14} {'lookup ms':>10} {'in a grid':>10}")
    for count, build_ms, memory_mb, lookup_ms, hit in rows:
        print(f"{count:8,} {build_ms:15.1f} {memory_mb:14.1f} {lookup_ms:10.3f} {hit:10.0%}")
    print(f"lookup ratio large/small: {rows[1][3] / rows[0][3]:.2f}x for {rows[1][0] / rows[0][0]:.0f}x the grids")


if __name__ == "__main__":
    main()
