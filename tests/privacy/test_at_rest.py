"""Personal numbers at rest: encrypted in the database, found by a keyed blind index, re-encrypted
by `yiwang keys rotate`, and never recovered through a look-up."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from yiwang.audit.models import Entry
from yiwang.privacy import crypto
from yiwang.privacy.fields import lookup
from yiwang.reviews.models import TextMessage
from yiwang.services.models import Applicant
from yiwang.workorders.models import WorkOrder

from ..conftest import new_order

PHONE, ID = "13812340001", "110105198503120047"


def stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture(autouse=True)
def fresh_keys():
    crypto.reset()
    yield
    crypto.reset()


def test_the_database_holds_ciphertext_and_the_model_the_number(org):
    order = new_order(org, caller_phone=PHONE, caller_id_number=ID)
    raw_phone, raw_id = stored("workorders_workorder", "caller_phone", order.pk), stored(
        "workorders_workorder", "caller_id_number", order.pk)
    for raw, plain in ((raw_phone, PHONE), (raw_id, ID)):
        assert raw.startswith("enc:v1:") and plain not in raw and plain[-4:] not in raw
    assert stored("workorders_workorder", "caller_phone_masked", order.pk) == "138****0001"
    again = WorkOrder.objects.get(pk=order.pk)
    assert (again.caller_phone, again.caller_id_number) == (PHONE, ID)
    assert WorkOrder.objects.filter(**lookup("caller_phone", PHONE)).get() == order
    assert WorkOrder.objects.filter(**lookup("caller_phone", "138 1234 0001")).get() == order  # normalised
    assert not WorkOrder.objects.filter(**lookup("caller_phone", "13812340002")).exists()


def test_an_encrypted_column_refuses_to_be_compared_by_value(org):
    new_order(org, caller_phone=PHONE)
    with pytest.raises(FieldError, match="blind index"):
        list(WorkOrder.objects.filter(caller_phone=PHONE))
    with pytest.raises(FieldError):
        list(WorkOrder.objects.filter(caller_phone__endswith="0001"))
    assert WorkOrder.objects.filter(caller_phone="").count() == 0  # empty stays comparable


def test_the_blind_index_depends_on_its_key(org, settings):
    first = crypto.blind("phone", PHONE)
    settings.INDEX_KEY = "another-index-key"
    crypto.reset()
    assert crypto.blind("phone", PHONE) != first and len(first) == 40 and PHONE not in first


def test_values_stored_before_encryption_are_read_and_converted(org):
    order = new_order(org, caller_phone=PHONE)
    with connection.cursor() as cursor:  # a row from before the migration: clear, no index
        cursor.execute("UPDATE workorders_workorder SET caller_phone = %s, caller_phone_index = '' WHERE id = %s",
                       [PHONE, order.pk])
    assert WorkOrder.objects.get(pk=order.pk).caller_phone == PHONE
    out = io.StringIO()
    call_command("keys", "status", stdout=out)
    assert "明文 / clear: 1" in out.getvalue()
    call_command("keys", "rotate", stdout=io.StringIO())
    assert stored("workorders_workorder", "caller_phone", order.pk).startswith("enc:v1:")
    assert WorkOrder.objects.filter(**lookup("caller_phone", PHONE)).get() == order


def test_rotation_moves_every_value_to_the_first_key(org, settings):
    old, new = settings.DATA_KEYS[1], settings.DATA_KEYS[0]
    settings.DATA_KEYS = [old]
    crypto.reset()
    order = new_order(org, caller_phone=PHONE, caller_id_number=ID)
    TextMessage.objects.create(phone=PHONE, body="x", purpose="t", created_at=order.created_at)
    assert crypto.encrypted_with(stored("workorders_workorder", "caller_phone", order.pk)) == crypto.key_id(old)
    settings.DATA_KEYS = [new, old]  # the new key first, the old still readable
    crypto.reset()
    call_command("keys", "rotate", stdout=io.StringIO())
    settings.DATA_KEYS = [new]  # the old key retired
    crypto.reset()
    for table in ("workorders_workorder",):
        assert crypto.encrypted_with(stored(table, "caller_phone", order.pk)) == crypto.key_id(new)
    assert WorkOrder.objects.get(pk=order.pk).caller_id_number == ID
    assert TextMessage.objects.get().phone == PHONE
    rotated = Entry.objects.get(action="keys.rotated")  # a rotation is in the audit log
    assert rotated.actor_name == "console" and rotated.detail["key"] == crypto.key_id(new)


def test_the_key_file_is_made_once_and_rotated_with_a_new_key(org, settings, tmp_path):
    settings.DATA_KEYS, settings.INDEX_KEY = [], ""
    settings.DATA_KEY_FILE = tmp_path / "data-keys"
    crypto.reset()
    order = new_order(org, caller_phone=PHONE)
    assert (settings.DATA_KEY_FILE.stat().st_mode & 0o777) == 0o600
    before = crypto.current_key_id()
    call_command("keys", "rotate", "--new-key", "--drop-old", stdout=io.StringIO())
    assert crypto.current_key_id() != before
    assert len(crypto.read_key_file(settings.DATA_KEY_FILE)["data"]) == 1
    assert WorkOrder.objects.get(pk=order.pk).caller_phone == PHONE


def test_an_applicant_logs_in_with_the_number_but_is_not_named_by_it(client, db):
    user = get_user_model().objects.create_user("p0123456789abcd", password="a-long-pass-93")
    Applicant.objects.create(user=user, kind="person", name="韩梅梅", id_number=ID, phone=PHONE)
    assert stored("services_applicant", "id_number", Applicant.objects.get().pk).startswith("enc:v1:")
    client.post("/portal/login/", {"username": ID, "password": "wrong-one"})
    failed = Entry.objects.get(action="login.failed")
    assert ID not in failed.actor_name and failed.actor_name == "p0123456789abcd"
    client.post("/portal/login/", {"username": "110101199003070134", "password": "wrong-one"})
    assert Entry.objects.filter(action="login.failed", actor_name__startswith="id:").exists()
    from axes.models import AccessAttempt

    assert not any(ID in a.username or "110101199003070134" in a.username for a in AccessAttempt.objects.all())
    response = client.post("/portal/login/", {"username": ID.lower(), "password": "a-long-pass-93"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
