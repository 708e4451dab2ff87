import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from yiwang.calendar import services
from yiwang.calendar.models import CalendarYear, SpecialDay
from yiwang.errors import ActionRefused

D = dt.date


@pytest.fixture
def cal(db):
    return services.load()


def test_issue_example_lands_on_a_make_up_sunday(cal):
    # 2026-09-18 is a Friday; 2026-09-20 is a Sunday worked in exchange for the National Day holiday.
    assert cal.add_workdays(D(2026, 9, 18), 1) == D(2026, 9, 20)


def test_statutory_holiday_is_not_a_working_day(cal):
    assert not cal.is_workday(D(2026, 10, 1))
    assert not cal.is_workday(D(2026, 10, 7))
    assert cal.is_workday(D(2026, 10, 8))


def test_make_up_saturday_is_a_working_day_and_ordinary_saturday_is_not(cal):
    assert cal.is_workday(D(2026, 10, 10))
    assert not cal.is_workday(D(2026, 10, 17))


def test_adding_across_the_national_day_week(cal):
    # Tue 29 Sep +1 → Wed 30 Sep; +2 jumps the holiday to Thu 8 Oct.
    assert cal.add_workdays(D(2026, 9, 29), 1) == D(2026, 9, 30)
    assert cal.add_workdays(D(2026, 9, 29), 2) == D(2026, 10, 8)


def test_zero_days_is_the_same_day_and_negative_is_refused(cal):
    assert cal.add_workdays(D(2026, 11, 25), 0) == D(2026, 11, 25)
    with pytest.raises(ValueError):
        cal.add_workdays(D(2026, 11, 25), -1)


def test_unknown_year_is_an_error_not_a_guess(cal):
    with pytest.raises(ActionRefused) as exc:
        cal.add_workdays(D(2026, 12, 30), 3)
    assert exc.value.code == "calendar_unknown"
    assert "2027" in exc.value.message


def test_year_boundary_after_entering_next_year_by_hand(db):
    services.add_year(2027)
    services.set_day(D(2027, 1, 1), False, "元旦")
    cal = services.load()
    # Wed 30 Dec 2026 → Thu 31 Dec (1) → Mon 4 Jan 2027 (2), skipping the holiday and the weekend.
    assert cal.add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)
    assert CalendarYear.objects.get(year=2027).source == CalendarYear.Source.MANUAL


def test_make_up_day_entered_by_hand(db):
    services.add_year(2027)
    services.set_day(D(2027, 2, 20), True, "春节调休")  # a Saturday
    assert services.load().is_workday(D(2027, 2, 20))


def test_setting_a_day_in_an_unknown_year_is_refused(db):
    with pytest.raises(ActionRefused):
        services.set_day(D(2031, 5, 1), False, "劳动节")


def test_workdays_between_counts_the_half_open_interval(cal):
    assert cal.workdays_between(D(2026, 11, 25), D(2026, 11, 27)) == 2
    assert cal.workdays_between(D(2026, 11, 27), D(2026, 11, 25)) == -2


def test_seed_is_idempotent_and_keeps_manual_years(db):
    before = SpecialDay.objects.count()
    assert services.seed_from_chinesecalendar([2026]) == [2026]
    assert SpecialDay.objects.count() == before
    assert SpecialDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert SpecialDay.objects.get(date=D(2026, 9, 20)).name == "国庆节调休"


def test_workdays_command_prints_the_date(db, capsys):
    call_command("workdays", "add", "2026-09-18", "1")
    assert capsys.readouterr().out.strip() == "2026-09-20"


def test_workdays_command_gives_a_clear_error_outside_the_calendar(db):
    with pytest.raises(CommandError, match="2027"):
        call_command("workdays", "add", "2026-12-31", "1")


def test_workdays_command_rejects_a_malformed_date(db):
    with pytest.raises(CommandError, match="not a date"):
        call_command("workdays", "add", "2026-13-01", "1")


def test_console_command_prints_the_issue_example(tmp_path):
    import os
    import subprocess
    import sys

    # Its own throw-away database, whichever database the suite runs on.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yiwang.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    subprocess.run([sys.executable, "-m", "yiwang", "migrate", "-v0"], env=env, check=True)
    out = subprocess.run([sys.executable, "-m", "yiwang", "workdays", "add", "2026-09-18", "1"], env=env,
                         check=True, capture_output=True, text=True).stdout
    assert out.strip() == "2026-09-20"
