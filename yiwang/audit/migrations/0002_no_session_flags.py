from django.db import migrations

from yiwang.audit import guards

# The audit log's guards no longer honour a session flag (yiwang.purge, yiwang.allow_truncate),
# which any session of the application's role could set: rows younger than guards.KEEP_DAYS are
# never deleted, on SQLite too, and TRUNCATE is refused outright (yiwang/audit/guards.py).
OLD_TRUNCATE = """
CREATE OR REPLACE FUNCTION yiwang_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('yiwang.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE is refused';
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    guards.install(schema_editor.execute, schema_editor.connection.vendor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(OLD_TRUNCATE)
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        schema_editor.execute("CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
                              "FOR EACH ROW EXECUTE FUNCTION yiwang_append_only()")
        schema_editor.execute("DROP FUNCTION IF EXISTS yiwang_audit_append_only()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
