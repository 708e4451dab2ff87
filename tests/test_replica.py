"""The read replica (yiwang.replica): with one configured, the command centre's figures, the monthly
assessment and the order export read from it, and everything else (sign-in, writes, the audit
chain, any read inside a writing transaction) from the primary. On PostgreSQL a second database on
the same server stands for the replica; rows written into it directly stand for replication."""
import subprocess

import pytest
from django.db import connection, connections, transaction

from yiwang import replica
from yiwang.audit.models import Entry
from yiwang.workorders.models import WorkOrder

from .conftest import new_order

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the replica is a second PostgreSQL database"),
    pytest.mark.django_db(databases=["default", "replica"], transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module", autouse=True)
def replica_schema(django_db_setup, django_db_blocker):
    """The standby's schema is the primary's (a real standby copies it; migrate never runs on it)."""
    with django_db_blocker.unblock():
        primary, standby = connections["default"].settings_dict, connections["replica"].settings_dict
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT to_regclass('workorders_workorder') IS NULL")
            empty = cursor.fetchone()[0]
        connections["replica"].close()
        if empty:  # migrate made only its own table there
            with connections["replica"].cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS django_migrations")
            connections["replica"].close()
            schema = subprocess.run(["pg_dump", "--schema-only", *_where(primary), primary["NAME"]], capture_output=True,
                                    text=True, check=True).stdout
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", *_where(standby), standby["NAME"]], input=schema,
                           capture_output=True, text=True, check=True)


def _where(db):
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


def _replicate():
    """What streaming replication does, at this moment: the standby holds every row the primary has
    committed. Rows written after it are what a standby behind has not received yet."""
    primary, standby = connections["default"].settings_dict, connections["replica"].settings_dict
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = 'public'")
        cursor.execute(f"TRUNCATE {cursor.fetchone()[0]} CASCADE")
    connections["replica"].close()
    rows = subprocess.run(["pg_dump", "--data-only", "--disable-triggers", *_where(primary), primary["NAME"]],
                          capture_output=True, text=True, check=True).stdout
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", *_where(standby), standby["NAME"]], input=rows,
                   capture_output=True, text=True, check=True)


def test_marked_reads_go_to_the_replica_and_the_rest_stays_on_the_primary(org, settings):
    settings.REPLICA_READS = True
    _replicate()
    entries = Entry.objects.count()
    new_order(org)  # not on the standby yet
    assert WorkOrder.objects.count() == 1 and Entry.objects.count() > entries
    with replica.reads():
        assert WorkOrder.objects.count() == 0
        assert Entry.objects.count() > entries  # the audit chain is read from the primary, always
        with transaction.atomic():  # inside a writing transaction: the primary, which holds its writes
            assert WorkOrder.objects.count() == 1
    settings.REPLICA_READS = False
    with replica.reads():
        assert WorkOrder.objects.count() == 1  # switched off: the primary


def test_the_dashboard_assessment_and_export_read_the_replica_when_one_is_configured(org, client, settings):
    import io

    from openpyxl import load_workbook

    for _i in range(2):
        new_order(org)
    _replicate()
    new_order(org)  # the standby is one order behind
    client.force_login(org.dispatcher)
    assert client.get("/dashboard/data.json").json()["today"]["total"] == 3
    settings.REPLICA_READS = True
    assert client.get("/dashboard/data.json").json()["today"]["total"] == 2
    assert client.get("/dashboard/").status_code == 200
    sheet = load_workbook(io.BytesIO(client.get("/orders/export.xlsx").content)).active
    assert sheet.max_row - 1 == 2  # below the heading: the orders the standby has
    assert client.get("/supervision/assessment/").status_code == 200
    # the list, the session and sign-in are read from the primary
    assert client.get("/orders/").context["page"].paginator.count == 3
    assert connections["replica"].settings_dict["NAME"] != connections["default"].settings_dict["NAME"]
