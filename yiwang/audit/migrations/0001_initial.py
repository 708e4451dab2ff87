import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The audit table refuses UPDATE and DELETE in the database itself (DELETE only inside the
# retention purge, see yiwang.purge) and, on PostgreSQL, TRUNCATE too; the other append-only
# histories get the same TRUNCATE guard. Whoever disables a trigger is found by `audit verify`.
# The test suite empties tables between tests with TRUNCATE; its connections set
# yiwang.allow_truncate (tests/settings.py). A deployment never does, and a TRUNCATE done anyway
# (with the trigger dropped or disabled) is found by `yiwang audit verify` against its anchors.
TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION yiwang_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('yiwang.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE is refused';
END
$$ LANGUAGE plpgsql;
"""
HISTORIES = ["workorders_orderevent", "privacy_reveallog", "services_applicationevent", "reviews_rectificationevent"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(TRUNCATE_FUNCTION)
        schema_editor.execute("CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
                              "FOR EACH ROW EXECUTE FUNCTION yiwang_append_only()")
        for table in ["audit_entry", *HISTORIES]:
            name = "audit_entry_no_truncate" if table == "audit_entry" else f"{table}_no_truncate"
            schema_editor.execute(f"CREATE TRIGGER {name} BEFORE TRUNCATE ON {table} "
                                  f"FOR EACH STATEMENT EXECUTE FUNCTION yiwang_no_truncate()")
    elif vendor == "sqlite":
        schema_editor.execute("CREATE TRIGGER audit_entry_append_only BEFORE UPDATE ON audit_entry "
                              "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        for table in ["audit_entry", *HISTORIES]:
            name = "audit_entry_no_truncate" if table == "audit_entry" else f"{table}_no_truncate"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_append_only")


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("workorders", "0009_purge_under_flag"),
        ("services", "0002_append_only_history"),
        ("reviews", "0002_append_only_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, verbose_name="time")),
                ("actor_name", models.CharField(blank=True, db_index=True, max_length=150, verbose_name="log-in")),
                ("actor_display", models.CharField(blank=True, max_length=100, verbose_name="name")),
                ("action", models.CharField(db_index=True, max_length=40, verbose_name="action")),
                ("target", models.CharField(blank=True, db_index=True, max_length=120, verbose_name="record")),
                ("detail", models.JSONField(blank=True, default=dict, verbose_name="detail")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address")),
                ("previous", models.CharField(max_length=64)),
                ("digest", models.CharField(max_length=64)),
                ("actor", models.ForeignKey(blank=True, db_constraint=False, null=True,
                                            on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                            to=settings.AUTH_USER_MODEL, verbose_name="user")),
            ],
            options={"verbose_name": "audit entry", "verbose_name_plural": "audit log", "ordering": ["-id"],
                     "permissions": [("read_audit_log", "Read and export the audit log")]},
        ),
        migrations.RunPython(forwards, backwards),
    ]
