"""Shared factories. Every test runs at a fixed moment in a year the calendar knows, so the
suite gives the same answers whatever the real date is."""
import datetime as dt
import socket
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yiwang.orgs import places
from yiwang.orgs.models import Staff, Unit
from yiwang.workorders import services
from yiwang.workorders.models import Category

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# A Wednesday morning: 2026-11-25 09:00.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)


def at(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


def real_now():
    """The machine's time, which the database's own clock (now(), SQLite's 'now') reads."""
    return dt.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), tz=dt.timezone.utc)


# The suite empties its tables between transactional tests: with TRUNCATE on PostgreSQL, which the
# append-only histories refuse, and with DELETE on SQLite, which the audit log refuses for recent
# rows. In the suite's own database only, PostgreSQL's guard honours a flag the suite's
# connections set (tests/settings.py) and SQLite's delete guard never fires; the tests of the
# guards put the production ones back inside their transaction (relaxed_guards.restore).
TEST_ONLY_TRUNCATE = """
CREATE OR REPLACE FUNCTION yiwang_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('yiwang.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE is refused';
END
$$ LANGUAGE plpgsql
"""


class RelaxedGuards:
    @staticmethod
    def relax(connection):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(TEST_ONLY_TRUNCATE)
            else:
                cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
                cursor.execute("CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry WHEN 0 "
                               "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")

    @staticmethod
    def restore(connection):
        """The production guards, inside the calling test's transaction (rolled back after it)."""
        from yiwang.audit import guards

        with connection.cursor() as cursor:
            guards.install(cursor.execute, connection.vendor)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        RelaxedGuards.relax(connection)


@pytest.fixture
def relaxed_guards():
    return RelaxedGuards


@pytest.fixture(autouse=True)
def fixed_time():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits count in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def own_audit_anchors(settings, tmp_path):
    """Each test remembers the audit log's heads in a file of its own."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.txt"


@pytest.fixture(autouse=True)
def fresh_map_index():
    """Each test draws its own district map; SQLite may give a rolled-back map's id to the next."""
    places.forget()
    yield
    places.forget()


def picture(name="photo.jpg", color=(120, 160, 90)):
    """A real (tiny) JPEG or PNG upload: the upload rule opens pictures as pictures."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    kind = "PNG" if name.lower().endswith(".png") else "JPEG"
    Image.new("RGB", (8, 8), color).save(out, kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{kind.lower()}")


def make_unit(code, name, kind, parent=None, handles=True):
    return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, handles_orders=handles)


def free_port():
    """A TCP port on the loopback nobody listens on now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_user(username, roles, unit=None, perms=()):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-1")
    user.groups.set([Group.objects.get_or_create(name=r)[0] for r in roles])
    Staff.objects.create(user=user, unit=unit, display_name=username)
    return user


class Org:
    pass


@pytest.fixture
def org(db):
    o = Org()
    K = Unit.Kind
    o.district = make_unit("D", "测试区", K.DISTRICT, handles=False)
    o.centre = make_unit("C", "12345中心", K.CENTRE, o.district, handles=False)
    o.bureau = make_unit("B1", "城管局", K.BUREAU, o.district)
    o.bureau2 = make_unit("B2", "住建局", K.BUREAU, o.district)
    o.street = make_unit("S1", "青山街道", K.STREET, o.district)
    o.community = make_unit("S1-C1", "松林社区", K.COMMUNITY, o.street)
    o.other_street = make_unit("S2", "白鹭街道", K.STREET, o.district)
    o.agent = make_user("agent", ["agent"], o.centre)
    o.dispatcher = make_user("dispatcher", ["dispatcher"], o.centre)
    o.staff = make_user("staff", ["unit_staff"], o.bureau)
    o.head = make_user("head", ["unit_head"], o.bureau)
    o.staff2 = make_user("staff2", ["unit_staff"], o.bureau2)
    o.street_staff = make_user("street_staff", ["unit_staff"], o.street)
    o.callback = make_user("callback", ["callback"], o.centre)
    o.supervisor = make_user("supervisor", ["supervisor"], o.centre)
    o.leader = make_user("leader", ["leader"], o.district)
    o.admin = make_user("admin", ["admin"], o.centre)
    o.nobody = make_user("nobody", [], None)
    o.category = Category.objects.create(name="城市管理")
    return o


def new_order(org, **kwargs):
    fields = dict(actor=org.agent, channel="phone", order_type="complaint", title="路灯不亮",
                  body="翠湖路路灯连续多日不亮。", caller_name="张先生", caller_phone="13905310001",
                  caller_id_number="11010519491231002X", street=org.street, community=org.community,
                  address="翠湖路1号")
    fields.update(kwargs)
    return services.create_order(**fields)


def v(order):
    order.refresh_from_db()
    return order.version


def dispatched(org, **kwargs):
    order = new_order(org, **kwargs)
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, version=v(order))
    return order


def handling(org, **kwargs):
    order = dispatched(org, **kwargs)
    services.sign_for(order=order, actor=org.staff, version=v(order))
    return order


def replied(org, **kwargs):
    order = handling(org, **kwargs)
    services.reply(order=order, actor=org.staff, answer="已修复。", version=v(order))
    return order


BROKER = "amqp://guest:guest@127.0.0.1:5672//"


def broker_up():
    from kombu import Connection

    try:
        with Connection(BROKER, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:  # noqa: BLE001 (any failure to connect means no broker here)
        return False


@pytest.fixture
def broker_worker(settings):
    """A Celery worker on RabbitMQ (this machine's), in this process: the background tasks of a test
    go through the real broker instead of running eagerly."""
    from celery.contrib.testing.worker import start_worker

    from yiwang.worker import app

    if not broker_up():
        pytest.skip("RabbitMQ is not running on 127.0.0.1:5672")
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    import yiwang.assistance.tasks  # noqa: F401 (the worker must know the tasks)
    import yiwang.workorders.tasks  # noqa: F401

    app.control.purge()  # what an earlier run left queued is not this test's
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=120):
        yield
    app.conf.update(saved)
