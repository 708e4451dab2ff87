from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial"), ("orgs", "0002_districtmap")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="DistrictMap")]),
    ]
