import pytest
from django.core.management import call_command
from django.utils import timezone

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


def test_loaddemo_brings_a_catalogue_and_applications_in_every_state(db):
    from yiwang.services.models import Application, Bundle, ServiceItem
    from yiwang.services.models import Status as A
    call_command("loaddemo")
    assert ServiceItem.objects.filter(published=True).count() >= 30
    assert ServiceItem.objects.values("unit").distinct().count() >= 8
    assert Bundle.objects.filter(published=True).count() >= 2
    assert all(item.steps.filter(kind="decide").exists() and item.versions.exists()
               for item in ServiceItem.objects.all())
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses >= {A.SUBMITTED, A.CORRECTION, A.REJECTED, A.IN_REVIEW, A.SPECIAL, A.TO_DELIVER, A.DELIVERED}
    assert Application.objects.filter(bundle_case__isnull=False).count() == 5
    assert Application.objects.filter(promised_deadline__lt=timezone.now(), status=A.IN_REVIEW).exists()
