"""`yiwang purge`: what the retention settings no longer keep goes, what they keep stays, and the
audit log cut by it still verifies."""
import datetime as dt
import io

from django.core.management import call_command


from yiwang.audit.models import Entry
from yiwang.audit.services import record
from yiwang.reviews.models import TextMessage
from yiwang.workorders.models import WorkOrder

from ..conftest import real_now, new_order
from ..reviews.test_ratings import closed


def test_personal_data_of_cases_finished_long_ago_is_blanked_and_the_rest_stays(org, settings, fixed_time):
    old = closed(org)
    TextMessage.objects.create(phone="13905310001", body="x", purpose="t", created_at=old.closed_at)
    fixed_time.shift(dt.timedelta(days=settings.RETENTION_PERSONAL_DAYS + 1))
    recent = closed(org)
    still_open = new_order(org)
    out = io.StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert "workorders: 1" in out.getvalue()
    assert WorkOrder.objects.get(pk=old.pk).caller_phone  # a dry run changes nothing
    call_command("purge", stdout=io.StringIO())
    old = WorkOrder.objects.get(pk=old.pk)
    assert (old.caller_name, old.caller_phone, old.caller_id_number, old.caller_phone_index) == ("", "", "", "")
    assert old.title and old.events.exists()  # the case and its history stay
    for kept in (recent, still_open):
        assert WorkOrder.objects.get(pk=kept.pk).caller_phone == "13905310001"
    assert not TextMessage.objects.exists()
    run = Entry.objects.get(action="retention.purge")
    assert run.detail["workorders"] == 1 and run.detail["texts"] == 1


def test_the_audit_log_is_cut_only_after_its_period_and_still_verifies(db, settings, fixed_time):
    # On the machine's clock, which the database's guard reads: it deletes nothing younger.
    now = real_now()
    fixed_time.move_to(now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS + 1))
    old = [record("test.old", target=f"row:{n}") for n in range(3)]
    fixed_time.move_to(now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS - 1))
    record("test.young")
    fixed_time.move_to(now)
    call_command("purge", stdout=io.StringIO())
    cut = Entry.objects.get(action="audit.purged")
    assert cut.detail["rows"] == len(old) and cut.detail["last_digest"] == old[-1].digest
    assert not Entry.objects.filter(action="test.old").exists()
    assert Entry.objects.filter(action="test.young").count() == 1
    call_command("audit", "verify", stdout=io.StringIO())  # the rest of the chain holds
