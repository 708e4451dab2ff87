import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    """The State Council's schedule as chinesecalendar knows it at migration time."""
    import chinese_calendar

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    SpecialDay = apps.get_model("workcalendar", "SpecialDay")
    years = sorted({d.year for d in chinese_calendar.holidays})
    days = []
    for year in years:
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "seeded"})
        day = dt.date(year, 1, 1)
        while day.year == year:
            is_work = chinese_calendar.is_workday(day)
            if is_work != (day.weekday() < 5):
                _on, name = chinese_calendar.get_holiday_detail(day)
                label = chinese_calendar.Holiday(name).chinese if name else ""
                days.append(SpecialDay(date=day, is_workday=is_work, name=f"{label}调休" if is_work and label else label))
            day += dt.timedelta(days=1)
    SpecialDay.objects.bulk_create(days, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
