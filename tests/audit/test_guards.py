"""The audit log's guards hold without any session flag, on PostgreSQL and on SQLite: recent rows
are never deleted, nothing is changed or truncated; `audit verify` finds a missing guard, an
emptied log and a cut end, also against heads kept in the log collector."""
import datetime as dt
import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from yiwang.audit import verify
from yiwang.audit.models import Entry
from yiwang.audit.services import record

from ..conftest import real_now


def disable_the_guard(cursor):
    """What an owner of the table could do (SQLite's delete guard is lifted in the suite's database)."""
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")


def test_recent_rows_are_never_deleted_even_by_a_session_that_sets_the_old_flags(db, fixed_time, relaxed_guards):
    fixed_time.move_to(real_now())
    relaxed_guards.restore(connection)
    for n in range(3):
        record("test.row", target=f"row:{n}")
    attempts = ["DELETE FROM audit_entry", "UPDATE audit_entry SET action = 'x'"]
    if connection.vendor == "postgresql":
        attempts += ["TRUNCATE audit_entry", "TRUNCATE workorders_orderevent"]
    for sql in attempts:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL yiwang.purge = 'on'")
                    cursor.execute("SET LOCAL yiwang.allow_truncate = 'on'")
                cursor.execute(sql)
    assert Entry.objects.count() == 3


def test_rows_older_than_the_legal_period_may_go_and_the_rest_still_verifies(db, fixed_time, relaxed_guards,
                                                                              settings):
    now = real_now()
    fixed_time.move_to(now - dt.timedelta(days=200))
    record("test.old")
    fixed_time.move_to(now)
    relaxed_guards.restore(connection)
    record("test.new")
    call_command("purge", stdout=io.StringIO())
    assert list(Entry.objects.values_list("action", flat=True).order_by("id")) == [
        "test.new", "audit.purged", "retention.purge"]
    call_command("audit", "verify", "--no-anchor", stdout=io.StringIO())


def test_verify_finds_a_missing_or_disabled_guard(db, relaxed_guards, capsys):
    relaxed_guards.restore(connection)
    record("test.row")
    call_command("audit", "verify", "--no-anchor", stdout=io.StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_truncate")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--no-anchor", stdout=io.StringIO())
    assert "审计日志的数据库防护" in capsys.readouterr().err


def test_an_emptied_log_is_found_without_any_anchor(org, client):
    client.post("/login/", {"username": "agent", "password": "pw-for-tests-1"})
    assert verify.problems() == []
    with connection.cursor() as cursor:
        disable_the_guard(cursor)
        cursor.execute("DELETE FROM audit_entry")
    assert any("已被清空" in p.message for p in verify.problems())


def test_each_new_head_goes_to_the_log_and_a_cut_end_is_found_against_those_lines(db, caplog, tmp_path,
                                                                                   django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="yiwang.audit.chain")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            record("test.row", target=f"row:{n}")
    heads = [r.getMessage() for r in caplog.records if r.name == "yiwang.audit.chain"]
    last = Entry.objects.order_by("-id").first()
    assert heads[-1] == f"yiwang.audit head {last.pk} {last.digest}"
    collected = tmp_path / "syslog.txt"
    collected.write_text("".join(f"Dec  7 10:00:00 app1 yiwang: {line}\n" for line in heads))
    call_command("audit", "verify", "--no-anchor", "--anchors", str(collected), stdout=io.StringIO())
    with connection.cursor() as cursor:
        disable_the_guard(cursor)
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match=f"第 {last.pk} 行"):
        call_command("audit", "verify", "--no-anchor", "--anchors", str(collected), stdout=io.StringIO())
