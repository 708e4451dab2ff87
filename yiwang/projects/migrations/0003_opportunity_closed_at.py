from django.db import migrations, models


def date_the_closed(apps, schema_editor):
    """An opportunity closed before this field closed when its project was signed: its sign event."""
    Opportunity = apps.get_model("projects", "Opportunity")
    ProjectEvent = apps.get_model("projects", "ProjectEvent")
    for opportunity in Opportunity.objects.filter(closed=True, closed_at__isnull=True):
        signed = ProjectEvent.objects.filter(case_id=opportunity.project_id, action="sign").order_by("at").first()
        if signed is not None:
            Opportunity.objects.filter(pk=opportunity.pk).update(closed_at=signed.at)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0002_default_steps_and_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='opportunity',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed at'),
        ),
        migrations.RunPython(date_the_closed, migrations.RunPython.noop),
    ]
