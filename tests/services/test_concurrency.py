"""Two clerks act on one application at the same moment: one wins, the other is told it
changed. Needs real row locks, so it runs on PostgreSQL."""
import pytest
from django.db import connection

from yiwang.services import services
from yiwang.services.models import Application

from ..workorders.test_concurrency import run_together
from .conftest import apply, v

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accept_and_reject_at_once_one_wins(hall):
    app = apply(hall)
    seen = v(app)
    outcomes = run_together(
        lambda: services.accept(app=Application.objects.get(pk=app.pk), actor=hall.clerk, version=seen),
        lambda: services.reject(app=Application.objects.get(pk=app.pk), actor=hall.clerk2, reason="不属于本机关",
                                version=seen),
    )
    assert sorted(outcomes) == ["ok", "stale"]
    app.refresh_from_db()
    assert app.version == seen + 1 and app.events.count() == 2
