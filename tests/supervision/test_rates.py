"""The assessment's formulas, counted from real orders; rollups agree with live counting."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from yiwang.reviews import services as reviews
from yiwang.supervision import rates, selectors
from yiwang.supervision import services as rollups
from yiwang.workorders import services

from ..conftest import at, dispatched, handling, replied, v
from ..tasks.conftest import EVIDENCE


def month():
    return rates.month_bounds(timezone.localdate())


def test_each_rate_is_its_numerator_over_its_denominator():
    facts = dict.fromkeys(rates.FACTS, 0) | {"dispatched": 4, "responded_on_time": 3, "called_back": 5, "satisfied": 4,
                                             "solved_asked": 4, "solved": 2, "replied": 2, "replied_on_time": 1,
                                             "returned": 1, "bad": 4, "bad_invalid": 2, "bad_rectified": 1,
                                             "tasks_due": 4, "tasks_on_time": 3}
    assert rates.rates_of(facts) == {"response": 0.75, "resolution": 0.5, "satisfaction": 0.8, "on_time": 0.5,
                                     "returns": 0.25, "rectification": 0.5, "tasks": 0.75}
    assert rates.rates_of(dict.fromkeys(rates.FACTS, 0))["response"] is None  # nothing to count: no figure


def test_score_weights_the_rates_and_leaves_out_what_has_no_figure():
    class W:
        response, resolution, satisfaction, on_time, returns, rectification, tasks = 1, 1, 0, 0, 1, 0, 0
    assert rates.score({"response": 1.0, "resolution": 0.5, "returns": 0.5, "satisfaction": None}, W) == \
        pytest.approx(100 * (1.0 + 0.5 + 0.5) / 3)
    assert rates.score({}, W) is None


def test_facts_count_what_happened_to_the_units_orders(org, fixed_time):
    late = dispatched(org)
    fixed_time.shift(dt.timedelta(hours=5))  # the sign-for limit is 4 hours
    services.sign_for(order=late, actor=org.staff, version=v(late))
    on_time = replied(org)
    services.callback(order=on_time, actor=org.callback, satisfaction="basic", solved="no", rework=False,
                      version=v(on_time))
    returned = dispatched(org)
    services.send_back(order=returned, actor=org.staff, reason="不归我管", version=v(returned))
    facts = rates.facts(*month())[org.bureau.pk]
    # The returned order stays in the unit's dispatches: returning does not escape the response rate.
    assert facts["dispatched"] == 3 and facts["responded_on_time"] == 1 and facts["returned"] == 1
    assert facts["replied"] == facts["replied_on_time"] == 1
    assert facts["called_back"] == facts["satisfied"] == 1 and facts["solved_asked"] == 1 and facts["solved"] == 0


def test_rectification_rate_leaves_invalid_bad_ratings_out(org):
    cases = []
    for _i in range(3):
        order = replied(org)
        services.callback(order=order, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(order))
        cases.append(reviews.rate(case=order, level=1, channel="portal").rectification)
    reviews.rectify(case=cases[0], actor=org.staff, result="改了", version=cases[0].version)
    reviews.propose(case=cases[1], actor=org.head, conclusion="invalid", reason="误评", version=cases[1].version)
    reviews.decide(case=cases[1], actor=org.supervisor, approve=True, version=cases[1].version)
    facts = rates.facts(*month())[org.bureau.pk]
    assert (facts["bad"], facts["bad_invalid"], facts["bad_rectified"]) == (3, 1, 1)
    assert rates.RATE["rectification"].value(facts) == 0.5


def test_rolled_up_days_give_the_same_figures_as_live_counting(org, fixed_time):
    with services.backfill_at(at(2026, 11, 10, 10)):
        order = dispatched(org)
    with services.backfill_at(at(2026, 11, 10, 11)):
        services.sign_for(order=order, actor=org.staff, version=v(order))
    handling(org)
    first, last = dt.date(2026, 11, 1), dt.date(2026, 11, 25)
    live = selectors.period_facts(first, last)
    assert rollups.rollup(dt.date(2026, 11, 25), first, refresh_days=0) == 24
    assert selectors.period_facts(first, last) == live
    assert live[org.bureau.pk]["dispatched"] == 2
    # The district's total summed by the database from the rolled-up days, plus today live
    total = selectors.period_total(first, last)
    assert total == rates.total(live) and total["dispatched"] == 2
    # Several periods from one query: each the same as on its own
    periods = [(first, dt.date(2026, 11, 10)), (dt.date(2026, 11, 11), last), (dt.date(2026, 10, 1), dt.date(2026, 10, 31))]
    assert selectors.periods_total(periods) == [selectors.period_total(a, b) for a, b in periods]
    assert [t["dispatched"] for t in selectors.periods_total(periods)] == [1, 1, 0]


def test_the_assessment_ranks_units_shows_formulas_and_exports(org, client, settings):
    settings.ASSESSMENT_MIN_DISPATCHED = 1
    for unit_staff, unit in ((org.staff, org.bureau), (org.staff2, org.bureau2)):
        order = dispatched(org)
        if unit != org.bureau:
            services.send_back(order=order, actor=org.staff, reason="错派", version=v(order))
            services.dispatch(order=order, actor=org.dispatcher, lead_unit=unit, version=v(order))
        services.sign_for(order=order, actor=unit_staff, version=v(order))
    client.force_login(org.supervisor)
    response = client.get(reverse("supervision:assessment"))
    page = response.content.decode()
    rows = response.context["rows"]
    assert [r["rank"] for r in rows] == [1, 2]
    assert rows[0]["unit"] == org.bureau2  # it returned nothing
    for r in rates.RATES:
        assert str(r.formula) in page
    export = client.get(reverse("supervision:assessment") + "?export=xlsx")
    assert export["Content-Disposition"].startswith('attachment; filename="assessment-2026-11')


@pytest.mark.parametrize("name, status", [("leader", 200), ("supervisor", 200), ("staff", 403), ("agent", 403)])
def test_supervision_pages_are_for_supervisors_and_leaders(org, client, name, status):
    client.force_login(getattr(org, name))
    for url in ("supervision:overview", "supervision:assessment", "supervision:notices"):
        assert client.get(reverse(url)).status_code == status


def test_the_overview_counts_near_and_overdue_work_per_unit(org, client, fixed_time):
    handling(org)
    fixed_time.shift(dt.timedelta(days=10))
    client.force_login(org.supervisor)
    rows = client.get(reverse("supervision:overview")).context["rows"]
    assert [(r["unit"], r["open"], r["overdue"]) for r in rows] == [(org.bureau, 1, 1)]


def test_every_numerator_and_denominator_opens_exactly_what_it_counts(org, client, settings):
    settings.ASSESSMENT_MIN_DISPATCHED = 1
    for satisfaction, solved in (("satisfied", "yes"), ("unsatisfied", "no"), ("basic", "yes")):
        order = replied(org)
        services.callback(order=order, actor=org.callback, satisfaction=satisfaction, solved=solved, rework=False,
                          note="理由", version=v(order))
    returned = dispatched(org)
    services.send_back(order=returned, actor=org.staff, reason="不归我管", version=v(returned))
    closed = replied(org)
    services.callback(order=closed, actor=org.callback, satisfaction="satisfied", solved="yes", version=v(closed))
    reviews.rate(case=closed, level=1, channel="portal")
    # Key tasks the bureau leads: one closed on time, one past its deadline, one not yet due.
    from tests.tasks.conftest import new_task
    from yiwang.tasks import services as tasks
    from yiwang.tasks.models import Task

    on_time = new_task(org, deadline=dt.date(2026, 11, 25))
    tasks.request_closure(task=on_time, actor=org.staff, evidence=EVIDENCE, version=on_time.version)
    on_time.refresh_from_db()
    tasks.approve_closure(task=on_time, actor=org.supervisor, version=on_time.version)
    late = new_task(org, deadline=dt.date(2026, 11, 25), title="未完成")
    Task.objects.filter(pk=late.pk).update(deadline=at(2026, 11, 24, 23, 59, 59))  # yesterday's deadline
    new_task(org, deadline=dt.date(2026, 11, 27), title="未到期")
    client.force_login(org.supervisor)
    row = next(r for r in client.get(reverse("supervision:assessment")).context["rows"] if r["unit"] == org.bureau)
    for r in rates.RATES:
        for fact in (r.numerator, r.den_fact):
            listed = client.get(row["links"][fact]).context["page"].paginator.count
            expected = row["facts"][r.numerator] if fact == r.numerator else \
                row["facts"][r.denominator] - (row["facts"][r.excluded] if r.excluded else 0)
            assert listed == expected, (r.code, fact)
    assert row["facts"]["dispatched"] == 5 and row["facts"]["returned"] == 1
    assert row["facts"]["tasks_due"] == 2 and row["facts"]["tasks_on_time"] == 1


def test_units_with_few_orders_are_marked_and_not_ranked_and_the_month_is_partial(org, client):
    handling(org)
    client.force_login(org.supervisor)
    response = client.get(reverse("supervision:assessment"))
    row = response.context["rows"][0]
    assert row["few"] and row["rank"] is None
    page = response.content.decode()
    assert "样本过少" in page and 'id="partial-month"' in page
    previous = client.get(reverse("supervision:assessment"), {"month": "2026-10"})
    assert 'id="partial-month"' not in previous.content.decode()


def test_the_excel_assessment_speaks_chinese_in_per_cent(org, client, settings):
    import io

    from openpyxl import load_workbook

    settings.ASSESSMENT_MIN_DISPATCHED = 1
    handling(org)
    client.force_login(org.supervisor)
    sheet = load_workbook(io.BytesIO(client.get(reverse("supervision:assessment"), {"export": "xlsx"}).content)).active
    headers = [c.value for c in sheet[2]]
    assert "响应率 (%)" in headers and "派至本单位的工单（含退回的）" in headers
    assert not any(h and h.isascii() and "_" in h for h in headers)  # no code names
    assert sheet.cell(row=3, column=3).value == 100.0  # the response rate, in per cent


def test_a_dispatch_still_inside_its_sign_for_limit_counts_neither_way(org, fixed_time):
    waiting = dispatched(org)
    facts = rates.facts(*month()).get(org.bureau.pk, {})
    assert facts.get("dispatched", 0) == 0  # not yet a response, not yet a failure
    fixed_time.shift(dt.timedelta(hours=5))  # the 4 hours passed unsigned: a failure
    facts = rates.facts(*month())[org.bureau.pk]
    assert (facts["dispatched"], facts["responded_on_time"]) == (1, 0)
    services.sign_for(order=waiting, actor=org.staff, version=v(waiting))
    assert rates.facts(*month())[org.bureau.pk]["responded_on_time"] == 0  # signed, but late
