import datetime as dt

import pytest

from django.urls import reverse

from yiwang.calendar import services as calendar
from yiwang.calendar.models import CalendarYear, SpecialDay
from yiwang.errors import ActionRefused
from yiwang.workorders import deadlines, services
from yiwang.workorders.models import TimeLimitPolicy, WorkOrder

from ..conftest import at, dispatched, handling, new_order, replied, v


def warning(order):
    return deadlines.warning(order, deadlines.Clock.load())


def test_dispatch_deadline_is_two_hours_after_intake(org):
    order = new_order(org)
    assert order.deadline == order.created_at + dt.timedelta(hours=2)
    assert not order.deadline_in_workdays


def test_urgent_policy_is_more_specific_than_the_default(org):
    order = new_order(org, urgency="urgent")
    assert order.deadline == order.created_at + dt.timedelta(hours=1)


def test_type_policy_applies_to_consultations(org):
    order = dispatched(org, order_type="consult")
    assert order.handle_workdays == 3


def test_handling_deadline_is_five_working_days_at_end_of_day(org):
    order = dispatched(org)  # Wed 2026-11-25
    local = order.handle_deadline.astimezone(at(2026, 1, 1).tzinfo)
    assert (local.date(), local.time()) == (dt.date(2026, 12, 2), dt.time(23, 59, 59))


def test_handling_deadline_skips_the_national_day_holiday(org, fixed_time):
    fixed_time.move_to(at(2026, 9, 29, 10))
    order = dispatched(org)
    # 30 Sep, (holiday 1-7 Oct), 8, 9, 10 (make-up Saturday), 12 Oct.
    assert order.handle_deadline.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 10, 12)


def test_warning_levels_follow_the_working_days_left(org, fixed_time):
    order = handling(org)  # due Wed 2 Dec
    assert warning(order).level == deadlines.NORMAL
    fixed_time.move_to(at(2026, 12, 1, 9))  # Tue: today and Wed left
    assert warning(order).level == deadlines.YELLOW
    assert "2" in warning(order).text
    fixed_time.move_to(at(2026, 12, 2, 9))  # due today
    assert warning(order).level == deadlines.RED
    fixed_time.move_to(at(2026, 12, 3, 0, 1))
    assert warning(order).level == deadlines.OVERDUE


def test_hour_warning_levels_for_dispatch(org, fixed_time):
    order = new_order(org)  # two hours to dispatch
    assert warning(order).level == deadlines.NORMAL
    fixed_time.shift(dt.timedelta(minutes=65))
    assert warning(order).level == deadlines.YELLOW
    fixed_time.shift(dt.timedelta(minutes=40))
    assert warning(order).level == deadlines.RED
    fixed_time.shift(dt.timedelta(minutes=20))
    assert warning(order).level == deadlines.OVERDUE


def test_suspension_stops_the_clock_and_resuming_adds_the_days_stopped(org, fixed_time):
    order = handling(org)  # due Wed 2 Dec
    services.suspend(order=order, actor=org.supervisor, reason="等待鉴定", version=v(order))
    assert warning(order).level == deadlines.NONE
    fixed_time.move_to(at(2026, 11, 30, 9))  # Monday: Thu, Fri, Mon = 3 working days stopped
    services.resume(order=order, actor=org.supervisor, version=v(order))
    assert order.handle_deadline.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 12, 7)
    assert order.events.last().data == {"workdays_stopped": 3}


def test_return_is_refused_after_the_return_limit(org, fixed_time):
    order = handling(org)
    fixed_time.move_to(at(2026, 11, 28, 9))  # Saturday, after Thu 26 + Fri 27
    with pytest.raises(ActionRefused, match="退单时限"):
        services.send_back(order=order, actor=org.staff, reason="不属于本单位", version=v(order))


def test_extension_must_be_requested_before_the_deadline(org, fixed_time):
    order = handling(org)
    fixed_time.move_to(at(2026, 12, 3, 9))
    with pytest.raises(ActionRefused, match="届满前"):
        services.request_extension(order=order, actor=org.staff, workdays=2, reason="r", version=v(order))


def test_rework_gets_a_fresh_handling_limit(org, fixed_time):
    order = replied(org)
    fixed_time.move_to(at(2026, 12, 4, 10))  # Friday
    services.callback(order=order, actor=org.callback, satisfaction="unsatisfied", solved="no", version=v(order))
    assert order.handle_deadline.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 12, 11)


def test_callback_stage_has_its_own_limit(org):
    order = replied(org)
    assert order.deadline_in_workdays
    assert order.deadline.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 11, 27)


def test_administrator_changes_a_policy(org):
    TimeLimitPolicy.objects.filter(order_type="", urgency="").update(handle_workdays=10)
    assert dispatched(org, order_type="help").handle_workdays == 10  # falls back to the default policy
    assert dispatched(org, order_type="complaint").handle_workdays == 5  # has a policy of its own


def test_without_any_policy_intake_is_refused_clearly(org):
    TimeLimitPolicy.objects.all().delete()
    with pytest.raises(ActionRefused) as exc:
        new_order(org)
    assert exc.value.code == "no_policy"


def test_editing_the_calendar_recomputes_stored_deadlines(org):
    order = handling(org)  # due Wed 2 Dec
    calendar.set_day(dt.date(2026, 11, 30), False, "临时休假")
    order.refresh_from_db()
    assert order.handle_deadline.astimezone(at(2026, 1, 1).tzinfo).date() == dt.date(2026, 12, 3)
    assert WorkOrder.objects.get(pk=order.pk).deadline == order.handle_deadline


def local_day(moment):
    return moment.astimezone(at(2026, 1, 1).tzinfo).date()


def test_work_goes_on_across_an_unknown_year_and_follows_the_year_once_entered(org, fixed_time, client):
    fixed_time.move_to(at(2026, 12, 28, 10))
    order = new_order(org)
    services.dispatch(order=order, actor=org.dispatcher, lead_unit=org.bureau, version=v(order))
    assert not warning(order).provisional  # N6: the sign-for countdown is in hours, never provisional
    services.sign_for(order=order, actor=org.staff, version=v(order))
    # 29, 30, 31 Dec, Fri 1 Jan (counted: 元旦 is not entered yet), Mon 4 Jan.
    assert local_day(order.handle_deadline) == dt.date(2027, 1, 4)
    assert warning(order).provisional
    client.force_login(org.dispatcher)
    for url in (reverse("workorders:list"), reverse("workorders:detail", args=[order.number]),
                reverse("workorders:print", args=[order.number])):
        page = client.get(url).content.decode()
        assert "暂定" in page, url
    facts = client.get(reverse("workorders:detail", args=[order.number])).content.decode()
    assert "暂定" in facts[facts.index('id="deadline"'):facts.index("</dd>", facts.index('id="deadline"'))]
    calendar.add_year(2027)
    calendar.set_day(dt.date(2027, 1, 1), False, "元旦")
    order.refresh_from_db()
    assert local_day(order.handle_deadline) == dt.date(2027, 1, 5)  # recomputed: 1 Jan is a holiday now
    assert not warning(order).provisional
    assert "暂定" not in client.get(reverse("workorders:detail", args=[order.number])).content.decode()


def test_a_reply_whose_callback_limit_crosses_into_an_unknown_year_is_taken(org, fixed_time):
    order = handling(org)
    fixed_time.move_to(at(2026, 12, 31, 10))
    services.reply(order=order, actor=org.staff, answer="已修复", version=v(order))
    assert order.status == "pending_callback" and local_day(order.deadline) == dt.date(2027, 1, 4)
    assert warning(order).provisional


def test_deleting_a_year_or_adding_a_day_to_an_unknown_one_takes_no_page_down(org, fixed_time, client):
    calendar.add_year(2027)
    fixed_time.move_to(at(2026, 12, 28, 10))
    order = handling(org)
    admin = org.admin
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    year = CalendarYear.objects.get(year=2027)
    response = client.post(reverse("admin:workcalendar_calendaryear_delete", args=[year.pk]), {"post": "yes"})
    assert response.status_code == 302 and not CalendarYear.objects.filter(year=2027).exists()
    client.force_login(org.supervisor)
    for url in (reverse("workorders:list"), reverse("workorders:detail", args=[order.number]),
                reverse("workorders:export"), reverse("workorders:home")):
        assert client.get(url).status_code == 200, url
    client.force_login(admin)
    response = client.post(reverse("admin:workcalendar_specialday_add"), {
        "date": "2029-05-01", "is_workday": "", "name": "劳动节"})
    assert response.status_code == 200 and "2029" in response.content.decode()
    assert not SpecialDay.objects.filter(date__year=2029).exists()


def test_administrators_see_the_year_end_warning(org, client):
    admin = org.admin
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get(reverse("workorders:home")).url == reverse("admin:index")  # the admin's day starts there
    assert 'id="year-end-warning"' in client.get(reverse("admin:index")).content.decode()
    for user in (org.supervisor, org.leader):
        client.force_login(user)
        for url in (reverse("workorders:home"), reverse("dashboard:home")):
            assert 'id="year-end-warning"' in client.get(url, follow=True).content.decode(), (user, url)
    calendar.add_year(2027)
    client.force_login(admin)
    assert 'id="year-end-warning"' not in client.get(reverse("admin:index")).content.decode()


def test_a_rework_starts_its_own_limit_and_says_the_extension_is_over(org, client):
    order = handling(org)
    services.request_extension(order=order, actor=org.staff, workdays=5, reason="需协调", version=v(order))
    services.decide_extension(order=order, actor=org.supervisor, approve=True, version=v(order))
    services.reply(order=order, actor=org.staff, answer="已处理", version=v(order))
    services.callback(order=order, actor=org.callback, satisfaction="unsatisfied", solved="no", version=v(order))
    assert order.status == "handling" and order.extension_workdays == 0
    client.force_login(org.dispatcher)
    page = client.get(reverse("workorders:detail", args=[order.number])).content.decode()
    assert "已延期" not in page and "此前批准的 5 个工作日延期不适用于重办" in page


def test_with_a_shared_cache_each_process_reads_the_clock_once_until_it_changes(org, settings,
                                                                               django_capture_on_commit_callbacks):
    """Where the cache is shared by every server, the calendar and the policies are read once per
    process and version; a saved change gives a new version once it commits."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CLOCK_CACHE = True
    deadlines._loaded.clear()
    deadlines.Clock.load()
    with CaptureQueriesContext(connection) as captured:
        first = deadlines.Clock.load()
    assert len(captured.captured_queries) == 0
    policy = first.policy(WorkOrder(order_type="complaint", urgency="normal"))  # what new_order's order gets
    with django_capture_on_commit_callbacks(execute=True):
        policy.dispatch_hours = 7
        policy.save()
    again = deadlines.Clock.load()
    assert again.policies is not first.policies
    assert [p.dispatch_hours for p in again.policies if p.pk == policy.pk] == [7]
    with django_capture_on_commit_callbacks(execute=True):
        SpecialDay.objects.create(date=dt.date(2026, 12, 9), is_workday=False, name="测试假日")
    assert not deadlines.Clock.load().cal.is_workday(dt.date(2026, 12, 9))
    order = new_order(org)  # an order filed now counts on the new limit
    assert order.deadline == order.created_at + dt.timedelta(hours=7)
    settings.CLOCK_CACHE = False
    with CaptureQueriesContext(connection) as captured:
        deadlines.Clock.load()
    assert len(captured.captured_queries) == 3  # without a shared cache: read every time
