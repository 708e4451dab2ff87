"""Two people act on one order at the same moment: one wins, the other is told the order
changed, and nothing is lost. Needs real row locks, so it runs on PostgreSQL."""
import threading

import pytest
from django.db import connection, connections

from yiwang.errors import ActionRefused
from yiwang.workorders import services
from yiwang.workorders.models import Assignment, WorkOrder

from ..conftest import dispatched, v

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            call()
            outcomes[i] = "ok"
        except ActionRefused as exc:
            outcomes[i] = exc.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_for_and_return_at_once_one_wins(org):
    order = dispatched(org)
    seen = v(order)
    outcomes = run_together(
        lambda: services.sign_for(order=WorkOrder.objects.get(pk=order.pk), actor=org.staff, version=seen),
        lambda: services.send_back(order=WorkOrder.objects.get(pk=order.pk), actor=org.head, reason="不归我们管",
                                   version=seen),
    )
    assert sorted(outcomes) == ["ok", "stale"]
    order.refresh_from_db()
    assert order.version == seen + 1
    assert order.events.count() == 3  # create, dispatch, and exactly one of the two


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_dispatchers_at_once_leave_one_lead_unit(org):
    order = services.create_order(actor=org.agent, channel="phone", order_type="help", title="t", body="b")
    seen = v(order)
    outcomes = run_together(*[
        (lambda unit=unit: services.dispatch(order=WorkOrder.objects.get(pk=order.pk), actor=org.dispatcher,
                                             lead_unit=unit, version=seen))
        for unit in (org.bureau, org.bureau2)
    ])
    assert sorted(outcomes) == ["ok", "stale"]
    assert Assignment.objects.filter(order=order, role="lead", state="active").count() == 1
