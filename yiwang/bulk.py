"""Updating many rows at once. Django's bulk_update writes one CASE WHEN per row and field, which
costs seconds per thousand rows (most of a city's link run went there); django-fast-update writes
UPDATE ... FROM (VALUES ...) on PostgreSQL and SQLite alike, through the same fields' preparation
(encrypted fields stay encrypted)."""
from fast_update.query import FastUpdateQuerySet


def update_many(model, objs, fields, batch_size=2000):
    """Write `fields` of every instance in `objs` (each once, each with its pk); returns rows changed."""
    objs = list(objs)
    if not objs:
        return 0
    return FastUpdateQuerySet(model=model).fast_update(objs, fields, batch_size=batch_size)
