from django.db import migrations

# The timeline and the personal-data audit log refuse UPDATE in the database itself, so no code
# path (a queryset update, a shell session) can rewrite history. PostgreSQL also refuses DELETE;
# on SQLite, Django's test flush deletes rows, so DELETE is left to the model and the PROTECT
# foreign key from the order.
TABLES = ["workorders_orderevent", "privacy_reveallog"]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION yiwang_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION yiwang_append_only()")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def backwards(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")


class Migration(migrations.Migration):
    dependencies = [("workorders", "0003_category_unique_root_name"), ("privacy", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
