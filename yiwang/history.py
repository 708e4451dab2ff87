"""The database guards of an append-only history (a case's timeline), for a domain's migration:

    operations = [history.append_only("tasks_taskevent")]

On PostgreSQL the table refuses UPDATE and DELETE (DELETE only inside yiwang.purge.purging) and
TRUNCATE; on SQLite it refuses UPDATE. The functions are the ones the audit and work-order
migrations made (yiwang_append_only, yiwang_no_truncate)."""
from django.db import migrations


def append_only(table):
    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION yiwang_append_only()")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                                  f"FOR EACH STATEMENT EXECUTE FUNCTION yiwang_no_truncate()")
        elif vendor == "sqlite":
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                                  f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")

    return migrations.RunPython(forwards, backwards)
