"""The two sanctioned removals from the append-only histories: undoing an import batch (its
orders never happened here) and the retention purge. Rows may be deleted inside `purging()`,
never changed; everywhere else the database refuses even a DELETE."""
import contextlib

from django.db import connection, transaction


@contextlib.contextmanager
def purging():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL yiwang.purge = 'on'")
        yield
        # On an error the (savepoint) rollback undoes the SET LOCAL itself.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL yiwang.purge = 'off'")
