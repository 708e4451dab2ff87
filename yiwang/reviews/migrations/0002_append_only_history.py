from django.db import migrations

# The rectification history refuses UPDATE (and on PostgreSQL DELETE) in the database itself,
# like the orders' and applications' histories (workorders 0004).
TABLE = "reviews_rectificationevent"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                              f"FOR EACH ROW EXECUTE FUNCTION yiwang_append_only()")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE ON {TABLE} "
                              f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("workorders", "0004_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
