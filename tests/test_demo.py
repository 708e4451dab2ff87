import pytest
from django.core.management import call_command

from yiwang.orgs.models import Unit
from yiwang.workorders.models import Status, WorkOrder


def test_loaddemo_fills_a_fresh_database_with_orders_in_every_state(db, capsys):
    call_command("loaddemo")
    out = capsys.readouterr().out
    assert "dispatcher" in out and "yiwang-demo" in out
    statuses = set(WorkOrder.objects.values_list("status", flat=True))
    assert statuses >= {Status.PENDING_DISPATCH, Status.PENDING_SIGN, Status.HANDLING, Status.RETURNED,
                        Status.PENDING_CALLBACK, Status.CLOSED, Status.SUSPENDED}
    assert Unit.objects.filter(kind=Unit.Kind.GRID).exists()
    assert WorkOrder.objects.filter(deadline__isnull=False).exists()


def test_loaddemo_refuses_a_database_that_has_orders(db):
    call_command("loaddemo")
    with pytest.raises(Exception, match="fresh database"):
        call_command("loaddemo")
