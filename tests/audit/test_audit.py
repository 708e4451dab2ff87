"""The audit log: what it records, and that rewriting it is found."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from yiwang.audit import verify
from yiwang.audit.models import Entry
from yiwang.workorders.models import ImportBatch

from ..conftest import make_user, new_order


def actions():
    return list(Entry.objects.order_by("id").values_list("action", flat=True))


def test_log_ins_failures_reveals_exports_roles_and_timelines_are_recorded(org, client):
    client.post("/login/", {"username": "agent", "password": "wrong"})
    client.post("/login/", {"username": "agent", "password": "pw-for-tests-1"})
    order = new_order(org)
    client.post(f"/orders/{order.number}/reveal/caller_phone/")  # the agent may not: nothing recorded
    org.agent.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    client.post(f"/orders/{order.number}/reveal/caller_phone/")
    client.get("/orders/export.xlsx", {"status": "pending_dispatch"})
    org.staff.groups.add(Group.objects.get(name="unit_head"))
    got = actions()
    for wanted in ("login.failed", "login", "case.create", "permission.add", "reveal", "export", "role.add"):
        assert wanted in got, wanted
    failed = Entry.objects.get(action="login.failed")
    assert failed.actor_name == "agent" and failed.actor_id is None
    export = Entry.objects.get(action="export")
    assert export.actor == org.agent and "status=pending_dispatch" in export.detail["query"]


def test_renaming_a_user_does_not_rewrite_who_did_what(org):
    order = new_order(org)
    org.agent.username = "renamed"
    org.agent.save()
    entry = Entry.objects.get(action="case.create", target=f"workorder:{order.number}")
    assert entry.actor_name == "agent"
    call_command("audit", "verify", "--no-anchor")  # intact


def test_verify_names_the_first_row_that_was_changed_removed_or_cut(org, capsys, settings):
    for _ in range(3):
        new_order(org)
    call_command("audit", "verify")  # intact; the head goes into the anchor file
    assert "完整" in capsys.readouterr().out
    rows = list(Entry.objects.order_by("id"))
    middle = rows[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_append_only")
        cursor.execute("UPDATE audit_entry SET target = 'workorder:forged' WHERE id = %s", [middle.pk])
    with pytest.raises(CommandError, match=f"第 {middle.pk} 行"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert f"第 {middle.pk} 行：内容已被改动" in err
    assert "audit_entry_append_only " + ("已被停用" if connection.vendor == "postgresql" else "不存在") in err
    # A row removed from the middle breaks the link of the row after it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [middle.pk])
    found = verify.problems()
    assert any(p.row == rows[2].pk and "衔接不上" in p.message for p in found)
    # Emptied: the anchors still remember the rows it had.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry")
    assert any("已被清空或末尾被截去" in p.message for p in verify.problems())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and its trigger are PostgreSQL's")
def test_the_database_refuses_to_rewrite_or_truncate_the_histories(org):
    new_order(org)
    for sql in ("UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry",
                "TRUNCATE audit_entry", "TRUNCATE services_applicationevent", "TRUNCATE privacy_reveallog",
                "TRUNCATE reviews_rectificationevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL yiwang.allow_truncate = 'off'")
                cursor.execute(sql)


def test_imports_and_api_keys_are_recorded_and_the_auditor_reads_them_in_words(org, client,
                                                                                 django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yiwang.api.services import issue_key, revoke_key

    from ..workorders.test_import import csv_bytes, history_rows

    client.force_login(org.dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/orders/import/", {"source_system": "old", "file": SimpleUploadedFile(
            "old.csv", csv_bytes(history_rows()[:2]))})
    batch = ImportBatch.objects.get()
    client.post(f"/orders/import/{batch.pk}/undo/")
    key, _raw = issue_key(name="gateway", scopes=["workorders:read"])
    revoke_key(key)
    rows = {e.action: e for e in Entry.objects.filter(action__regex=r"^(import|apikey)\.")}
    assert set(rows) == {"import.uploaded", "import.finished", "import.undone", "apikey.issued", "apikey.revoked"}
    assert rows["import.uploaded"].actor == org.dispatcher and rows["import.uploaded"].detail["rows"] == 2
    assert rows["import.finished"].detail["created"] == 2 and rows["import.undone"].detail["removed"] == 2
    assert rows["apikey.issued"].target == f"apikey:{key.prefix}" and rows["apikey.issued"].detail["via"] == "console"
    call_command("audit", "verify", "--no-anchor")

    auditor = make_user("auditor1", ["auditor"], unit=org.centre)
    client.force_login(auditor)
    def rows_of(**query):
        return client.get("/audit/", query).content.decode().split("<tbody>")[1]

    page = rows_of(action="import.")
    assert "上传导入文件" in page and "撤销导入" in page and "签发 API 密钥" not in page
    steps = rows_of(action="case.")
    assert "工单 · 受理" in steps and ">case.create<" not in steps
