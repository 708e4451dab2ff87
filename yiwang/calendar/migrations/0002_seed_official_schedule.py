from django.db import migrations


def seed(apps, schema_editor):
    """The State Council's schedule as chinesecalendar knows it at migration time."""
    from yiwang.calendar import official

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    SpecialDay = apps.get_model("workcalendar", "SpecialDay")
    days = []
    for year in official.known_years():
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "seeded"})
        days += [SpecialDay(date=d, is_workday=w, name=n) for d, w, n in official.special_days(year)]
    SpecialDay.objects.bulk_create(days, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
