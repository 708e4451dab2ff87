"""The State Council's holiday schedule as the chinesecalendar package knows it. Pure: no
models, so the seed migration and the seed service share it."""
import datetime as dt


def known_years():
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})


def special_days(year):
    """(date, is_workday, name) for each day of `year` that differs from Monday-to-Friday."""
    import chinese_calendar

    day, days = dt.date(year, 1, 1), []
    while day.year == year:
        is_work = chinese_calendar.is_workday(day)
        if is_work != (day.weekday() < 5):
            _on_holiday, name = chinese_calendar.get_holiday_detail(day)
            label = chinese_calendar.Holiday(name).chinese if name else ""
            days.append((day, is_work, f"{label}调休" if is_work and label else label))
        day += dt.timedelta(days=1)
    return days
