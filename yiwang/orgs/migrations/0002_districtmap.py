import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The district map belongs with the org tree (intake places requests on it); it was the
# dashboard's. The table is renamed and its model moves; dashboard 0002 forgets its copy.


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("dashboard", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                "ALTER TABLE dashboard_districtmap RENAME TO orgs_districtmap",
                "ALTER TABLE orgs_districtmap RENAME TO dashboard_districtmap")],
            state_operations=[migrations.CreateModel(
                name="DistrictMap",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("geojson", models.JSONField()),
                    ("streets", models.PositiveIntegerField(default=0)),
                    ("grids", models.PositiveIntegerField(default=0)),
                    ("uploaded_at", models.DateTimeField()),
                    ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                    ("uploaded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                                      related_name="+", to=settings.AUTH_USER_MODEL)),
                ],
                options={"verbose_name": "district map", "verbose_name_plural": "district maps",
                         "ordering": ["-uploaded_at", "-id"]},
            )],
        ),
    ]
