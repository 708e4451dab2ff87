"""The benchmarks start from an empty database made for the run.

The histories and the audit log are append-only in the database itself: PostgreSQL refuses to
TRUNCATE them and SQLite refuses to delete recent audit rows, so Django's `flush` cannot empty a
database that has run the product. Instead the database named in DATABASE_URL is dropped and made
again (PostgreSQL) or its file removed (SQLite). Call before django.setup()."""
import os
from pathlib import Path

import dj_database_url


def recreate():
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"].endswith("sqlite3"):
        Path(config["NAME"]).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    params = {"host": config.get("HOST") or None, "port": config.get("PORT") or None,
              "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True,
                         **{k: v for k, v in params.items() if v}) as conn:
        name = sql.Identifier(config["NAME"])
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
