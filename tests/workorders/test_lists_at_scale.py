"""The lists and queues a city's clerks open all day, written so that their cost follows the open
work, not the years of closed orders: a capped count, dates as ranges of moments, the 尾号 on its
own index, queues sorted by their limit, and on PostgreSQL no query of them that must read the
whole order table."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yiwang.dashboard import selectors as dashboard
from yiwang.workorders import selectors
from yiwang.workorders import services

from ..conftest import at, dispatched, handling, new_order


def test_a_long_list_counts_up_to_the_cap_and_counts_them_all_when_asked(org, client, settings):
    settings.LIST_COUNT_CAP = 2
    for _i in range(3):
        new_order(org)
    client.force_login(org.dispatcher)
    response = client.get("/orders/")
    html = response.content.decode()
    assert response.context["page"].paginator.capped and 'data-capped="1"' in html
    assert "超过 2 件工单" in html and "count=all" in html
    exact = client.get("/orders/", {"count": "all"})
    assert exact.context["page"].paginator.count == 3 and 'data-capped' not in exact.content.decode()
    settings.LIST_COUNT_CAP = 3  # exactly the cap: the figure is exact
    assert not client.get("/orders/").context["page"].paginator.capped


def test_the_date_filter_is_the_local_day_from_its_first_to_its_last_moment(org, client):
    for moment, title in ((at(2026, 11, 20, 0, 0), "头"), (at(2026, 11, 21, 23, 59), "尾"),
                          (at(2026, 11, 19, 23, 59), "前"), (at(2026, 11, 22, 0, 0), "后")):
        with services.backfill_at(moment):
            new_order(org, title=title, received_at=moment)
    client.force_login(org.dispatcher)
    page = client.get("/orders/", {"from": "2026-11-20", "to": "2026-11-21"}).context["page"]
    assert sorted(o.title for o in page.object_list) == ["头", "尾"]


def test_the_tail_filter_reads_the_last_four_digits_and_fewer_still_work(org, client):
    new_order(org, title="甲", caller_phone="13800001234")
    new_order(org, title="乙", caller_phone="13800004321")
    client.force_login(org.agent)
    assert [o.title for o in client.get("/orders/", {"phone": "1234"}).context["page"].object_list] == ["甲"]
    assert [o.title for o in client.get("/orders/", {"phone": "21"}).context["page"].object_list] == ["乙"]


def test_a_queue_lists_the_least_time_left_first_unless_sorted_otherwise(org, client, fixed_time):
    with services.backfill_at(at(2026, 11, 24, 9)):
        dispatched(org, title="早派")  # its sign-for limit ends a day earlier
    dispatched(org, title="后派")
    client.force_login(org.staff)
    response = client.get("/orders/", {"queue": "to_sign"})
    assert [o.title for o in response.context["page"].object_list] == ["早派", "后派"]
    assert response.context["sort"] == "deadline" and 'value="deadline" selected' in response.content.decode()
    newest = client.get("/orders/", {"queue": "to_sign", "sort": "received"}).context["page"].object_list
    assert [o.title for o in newest] == ["后派", "早派"]


def test_queue_counts_and_their_overdue_parts(org, fixed_time):
    with services.backfill_at(at(2026, 11, 10, 9)):
        handling(org)  # its handling limit long past
    handling(org)
    counts = {q["code"]: q for q in selectors.queue_counts(org.staff)}
    assert (counts["handling"]["count"], counts["handling"]["overdue"]) == (2, 1)
    assert counts["overdue"]["count"] == 1


def _history(org, n):
    """n orders closed a year ago, each with its dispatch: the bulk of a real table."""
    from yiwang.workorders.models import Assignment, Status, WorkOrder

    then = at(2025, 10, 1, 9)
    WorkOrder.objects.bulk_create([WorkOrder(
        number=f"H{i:07d}", order_type="complaint", channel="phone", title="旧事", body="旧事", street=org.street,
        category=org.category, status=Status.CLOSED, status_changed_at=then, created_at=then - dt.timedelta(minutes=i),
        lead_unit=org.bureau, caller_phone_masked=f"139****{i % 10000:04d}") for i in range(n)], batch_size=1000)
    Assignment.objects.bulk_create([Assignment(order_id=pk, unit=org.bureau, role="lead", state="done",
                                               dispatched_at=then) for pk in
                                    WorkOrder.objects.filter(number__startswith="H").values_list("pk", flat=True)])


def _examined(node, relations):
    """Rows each scan of the given tables read (returned and filtered out), through the plan."""
    out = []
    if node.get("Relation Name") in relations:
        loops = node.get("Actual Loops", 1)
        out.append((node["Relation Name"], node["Node Type"],
                    (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                     + node.get("Rows Removed by Index Recheck", 0)) * loops))
    for child in node.get("Plans", []):
        out += _examined(child, relations)
    return out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_no_queue_list_or_dashboard_query_reads_the_years_of_closed_orders(org, client, settings):
    """Over a table that is mostly last year's closed orders, every query of the lists, the queues
    and the command centre's live figures reads a small part of it (EXPLAIN ANALYZE, with
    sequential scans priced out so that the plan is the one an index allows at a city's size)."""
    import json

    settings.LIST_COUNT_CAP = 100  # a city's 10,000 against its millions
    history = 3000
    _history(org, history)
    handling(org)
    new_order(org, urgency="critical")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queries = []
    for user, urls in ((org.dispatcher, ["/orders/", "/orders/?queue=overdue", "/orders/?status=handling",
                                         f"/orders/?category={org.category.pk}", "/orders/?phone=0001",
                                         "/orders/?from=2026-11-01&to=2026-11-30", "/"]),
                       (org.staff, ["/orders/?queue=handling", "/orders/?queue=to_sign", "/"])):
        client.force_login(user)
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            queries += [(url, q["sql"]) for q in captured.captured_queries]
    with CaptureQueriesContext(connection) as captured:
        selectors.queue_counts(org.dispatcher), selectors.queue_counts(org.staff)
        dashboard.open_work(dashboard.timezone.now()), dashboard.urgent_orders()
        dashboard.rate_trend(dashboard.timezone.localdate(), months=1)
    queries += [("dashboard", q["sql"]) for q in captured.captured_queries]
    heavy = []
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for where, sql in queries:
                if not sql.lstrip().upper().startswith("SELECT") or "workorders_" not in sql:
                    continue
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                for table, kind, rows in _examined(plan[0]["Plan"], {"workorders_workorder", "workorders_assignment"}):
                    if rows > history // 10:
                        heavy.append((where, table, kind, rows, sql[:200]))
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert not heavy, heavy
