from django.db import migrations

from yiwang import history


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial"), ("workorders", "0009_purge_under_flag"), ("audit", "0001_initial")]
    operations = [history.append_only("policies_claimevent")]
