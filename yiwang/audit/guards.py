"""The database's own guards on the audit log (等保 2.0 安全审计: records kept from deletion,
change and overwriting), with no way around them for a session to ask for:

- no row is ever changed;
- no row younger than KEEP_DAYS is deleted: the retention purge removes only older rows (the law
  keeps network logs at least six months, 网络安全法 第二十一条), so the log's recent tail, what an
  intruder would want gone, cannot be cut, neither on PostgreSQL nor on SQLite;
- on PostgreSQL, TRUNCATE is refused (on SQLite there is no TRUNCATE).

A session flag would be open to every session of the application's role, so there is none. An
owner of the table can still disable a trigger; `yiwang audit verify` reports it, and the heads it
and every append write to the log (yiwang.audit.chain) show a cut made meanwhile."""
KEEP_DAYS = 180

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION yiwang_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{KEEP_DAYS} days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'audit_entry is append-only: rows are never changed, nor deleted before '
        || '{KEEP_DAYS} days';
END
$$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION yiwang_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE is refused';
END
$$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION yiwang_audit_append_only()",
]
SQLITE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
    # Django keeps times on SQLite as UTC text "YYYY-MM-DD HH:MM:SS.ffffff", which sorts as time.
    f"CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    f"WHEN OLD.at >= strftime('%Y-%m-%d %H:%M:%f', 'now', '-{KEEP_DAYS} days') "
    f"BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
]
# The triggers `audit verify` expects, by database.
TRIGGERS = {"postgresql": ("audit_entry_append_only", "audit_entry_no_truncate"),
            "sqlite": ("audit_entry_append_only", "audit_entry_no_delete")}


def install(execute, vendor):
    for statement in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, ()):
        execute(statement)
