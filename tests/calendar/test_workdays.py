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


def test_an_unknown_year_counts_weekdays_and_says_it_is_provisional(cal):
    # Wed 30 Dec 2026 → Thu 31 (1) → Fri 1 Jan 2027 (2: 元旦 unknown yet) → Mon 4 Jan (3).
    assert cal.add_workdays(D(2026, 12, 30), 3) == D(2027, 1, 4)
    assert cal.provisional(D(2027, 1, 4)) and not cal.provisional(D(2026, 12, 31))
    assert not cal.is_workday(D(2027, 1, 2)) and cal.is_workday(D(2027, 1, 1))


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


def test_workdays_command_answers_outside_the_calendar_and_says_so_on_stderr(db, capsys):
    call_command("workdays", "add", "2026-12-31", "1")
    out, err = capsys.readouterr()
    assert out.strip() == "2027-01-01"
    assert "2027" in err and "暂定" in err
    call_command("workdays", "add", "2026-09-18", "1")
    assert capsys.readouterr().err == ""


def test_workdays_command_rejects_a_malformed_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("workdays", "add", "2026-13-01", "1")


def test_workdays_command_speaks_chinese(db, capsys):
    call_command("workdays", "year", "2027")
    call_command("workdays", "holiday", "2027-01-01", "--name", "元旦")
    assert "2027-01-01：休息日" in capsys.readouterr().out
    with pytest.raises(CommandError, match="工作日历中没有 2031 年"):
        call_command("workdays", "holiday", "2031-05-01")


def test_removing_a_year_forgets_its_days(db):
    services.add_year(2027)
    services.set_day(D(2027, 1, 1), False, "元旦")
    services.remove_year(2027)
    assert not SpecialDay.objects.filter(date__year=2027).exists()
    assert services.load().is_workday(D(2027, 1, 1))


@pytest.mark.parametrize("today, years", [
    (D(2026, 10, 31), None), (D(2026, 11, 1), "2027"), (D(2026, 12, 31), "2027"), (D(2027, 3, 1), "2027")])
def test_administrators_are_warned_from_november_when_next_year_is_missing(db, today, years):
    warning = services.year_end_warning(today)
    assert (warning is None) if years is None else (years in warning)


def test_the_warning_goes_once_the_year_is_entered(db):
    services.add_year(2027)
    assert services.year_end_warning(D(2026, 12, 1)) is None


def test_yiwang_check_warns_at_the_year_end(db, capsys):
    call_command("check")
    assert "yiwang.W001" in capsys.readouterr().err  # the suite's clock stands in November 2026


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
