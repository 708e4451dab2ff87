"""Reads that may come from a read replica: the command centre's figures, the monthly assessment and
exports, which read much and may be a few seconds behind. Everything else, and every read inside a
transaction that writes, stays on the primary.

    REPLICA_DATABASE_URL=postgres://yiwang@replica.internal:5432/yiwang

configures the replica (a PostgreSQL streaming standby of the primary; docs/deploy.md). Code marks a
read with `with replica.reads(): ...`; the router (settings.DATABASE_ROUTERS) sends the reads of that
block to the replica when one is configured and REPLICA_READS is on."""
import contextlib
import contextvars

from django.conf import settings
from django.db import connections

ALIAS = "replica"
_reading = contextvars.ContextVar("replica_reads", default=False)
# What is always read from the primary: sign-in, sessions and keys (a replica behind would refuse
# a fresh session), the audit chain (each row names the last one), idempotency records.
PRIMARY_ONLY = {"auth", "sessions", "contenttypes", "admin", "axes", "otp_static", "otp_totp", "audit", "api",
                "django_celery_beat", "django_celery_results"}


@contextlib.contextmanager
def reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def configured():
    return settings.REPLICA_READS and ALIAS in connections.databases


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reading.get() or not configured() or model._meta.app_label in PRIMARY_ONLY:
            return None
        if connections["default"].in_atomic_block:  # a transaction reads what it wrote
            return None
        return ALIAS

    def db_for_write(self, model, **hints):
        return "default"  # a standby refuses writes

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: an object read there relates to one here

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == ALIAS else None  # the standby copies the primary's schema and rows
