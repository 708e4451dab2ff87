from django.db import migrations

# The append-only histories may lose rows (never change them) only inside a transaction that
# says so (SET LOCAL yiwang.purge = 'on', see yiwang.purge): undoing an import batch, and the
# retention purge. Any other DELETE or UPDATE is still refused by the database itself.
FUNCTION = """
CREATE OR REPLACE FUNCTION yiwang_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('yiwang.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END
$$ LANGUAGE plpgsql;
"""
ORIGINAL = """
CREATE OR REPLACE FUNCTION yiwang_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only';
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL)


class Migration(migrations.Migration):
    dependencies = [("workorders", "0008_suspension_requests")]
    operations = [migrations.RunPython(forwards, backwards)]
