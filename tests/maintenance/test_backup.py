"""`yiwang backup` and `yiwang restore`: a backup restored into a fresh database (and a fresh media
folder) holds the same rows and files; it carries no number in clear; a changed or cut backup, or
a database that holds data already, is refused."""
import os
import sqlite3
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yiwang.maintenance import backup
from yiwang.workorders.models import WorkOrder

from ..conftest import new_order

PHONE = "13905310001"
# pg_dump and a fresh process see only committed rows; the seeded policies come back after each test.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TABLES = ["workorders_workorder", "workorders_orderevent", "auth_user", "audit_entry"]


def counts_and_phones(cursor):
    out = {}
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        out[table] = cursor.fetchone()[0]
    cursor.execute("SELECT number, caller_phone FROM workorders_workorder ORDER BY number")
    out["phones"] = cursor.fetchall()
    return out


@pytest.fixture
def fresh_database(tmp_path):
    """(DATABASE_URL of an empty database, a way to open it)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "fresh.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    name = f"yiwang_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    opened = []

    def open_it():
        opened.append(psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}"))
        return opened[-1]

    yield f"postgres://postgres@127.0.0.1:5432/{name}", open_it
    for c in opened:
        c.close()
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def yiwang(*args, database_url, media_root):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DATABASE_URL=database_url,
               MEDIA_ROOT=str(media_root))
    return subprocess.run([sys.executable, "-m", "yiwang", *args], env=env, capture_output=True, text=True)


@committed
def test_a_backup_restored_into_a_fresh_database_holds_the_same(org, settings, tmp_path,
                                                                fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "attachments").mkdir(parents=True)
    (settings.MEDIA_ROOT / "attachments" / "scan.pdf").write_bytes(b"%PDF-1.4 scanned")
    for _ in range(3):
        new_order(org, caller_phone=PHONE)
    file = tmp_path / "yiwang.ywbk"
    call_command("backup", "--out", str(file))
    raw = file.read_bytes()
    assert raw.startswith(b"YWBK1") and PHONE.encode() not in raw and b"%PDF-1.4 scanned" not in raw
    manifest, unpacked = backup.open_backup(file, tmp_path / "opened")
    database = (unpacked / manifest["database"]).read_bytes()
    assert PHONE.encode() not in database  # inside too, the numbers are ciphertext
    with connection.cursor() as cursor:
        before = counts_and_phones(cursor)

    url, open_fresh = fresh_database
    restored_media = tmp_path / "restored-media"
    done = yiwang("restore", str(file), database_url=url, media_root=restored_media)
    assert done.returncode == 0, done.stderr
    fresh = open_fresh()
    after = counts_and_phones(fresh.cursor())
    assert after == before and after["workorders_workorder"] == 3
    assert (restored_media / "attachments" / "scan.pdf").read_bytes() == b"%PDF-1.4 scanned"
    # The restored deployment reads its numbers with the same keys.
    shown = yiwang("shell", "-c", "from yiwang.workorders.models import WorkOrder;"
                   "print(sorted({o.caller_phone for o in WorkOrder.objects.all()}))",
                   database_url=url, media_root=restored_media)
    assert f"['{PHONE}']" in shown.stdout, shown.stderr
    # A database that holds data is not overwritten unless told so.
    again = yiwang("restore", str(file), database_url=url, media_root=restored_media)
    assert again.returncode != 0 and "--replace" in again.stderr
    assert WorkOrder.objects.count() == 3


@committed
def test_a_changed_or_cut_backup_is_refused(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    new_order(org)
    file = tmp_path / "b.ywbk"
    call_command("backup", "--out", str(file))
    raw = bytearray(file.read_bytes())
    changed = tmp_path / "changed.ywbk"
    raw[len(raw) // 2] ^= 1
    changed.write_bytes(bytes(raw))
    cut = tmp_path / "cut.ywbk"
    cut.write_bytes(file.read_bytes()[:-100])
    for bad in (changed, cut):
        with pytest.raises(CommandError, match="损坏"):
            call_command("restore", str(bad), "--replace")
    assert WorkOrder.objects.count() == 1  # nothing was touched


@committed
def test_a_backup_made_under_another_key_names_it(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    new_order(org)
    file = tmp_path / "b.ywbk"
    call_command("backup", "--out", str(file))
    settings.BACKUP_KEY = "c29tZS1vdGhlci1iYWNrdXAta2V5LW9mLTMyLWJ5dGVzIQ"
    with pytest.raises(CommandError, match="YIWANG_BACKUP_KEY"):
        call_command("restore", str(file), "--replace")
