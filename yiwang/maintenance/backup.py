"""`yiwang backup` and `yiwang restore`: the database and the uploaded files in one encrypted file.

- **Consistent.** The database is copied as one snapshot (pg_dump's transaction on PostgreSQL, the
  SQLite online-backup API on the embedded default), then the files. Files are written before
  the rows that name them and never changed after, so every file the snapshot names is in it.
- **Encrypted.** The whole file is AES-256-GCM in segments (yiwang.maintenance.streaming), under
  YIWANG_BACKUP_KEY or, without it, a key derived from the current data key. Inside, personal
  numbers are ciphertext twice over: a backup carries no number in clear at any layer.
- **Checked.** A manifest lists every part with its SHA-256; restore checks them all before it
  touches the database, and refuses a database that already holds data unless told to replace it.

The file: YWBK1 header, then the encrypted stream of a tar with manifest.json, database.dump
(pg_dump custom format) or database.sqlite3, and media/..."""
import base64
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from yiwang.privacy import crypto

from . import streaming

FORMAT = 1


class RestoreRefused(Exception):
    pass


def _derive(secret):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"yiwang backup v1").derive(secret)


def keys():
    """{key id: 32-byte key}: the one backups are made with first."""
    if settings.BACKUP_KEY:
        raw = base64.urlsafe_b64decode(settings.BACKUP_KEY.encode() + b"==")
        return {"env:" + hashlib.sha256(raw).hexdigest()[:8]: _derive(raw)}
    data_keys = crypto.keyring()[0]
    return {crypto.key_id(k): _derive(k.encode()) for k in data_keys}


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pg_env():
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env, db["NAME"]


def dump_database(folder):
    """The database as one consistent snapshot into `folder`; returns the file's name."""
    if connection.vendor == "postgresql":
        env, name = _pg_env()
        target = folder / "database.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), name],
                       env=env, check=True, capture_output=True)
        return target.name
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = folder / "database.sqlite3"
        copy = sqlite3.connect(target)
        with copy:
            connection.connection.backup(copy)
        copy.close()
        return target.name
    raise RestoreRefused(f"backing up a {connection.vendor} database is not supported")


def make(out_path, *, media_root=None):
    """Write the encrypted backup to `out_path`; returns the manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    key_id, key = next(iter(keys().items()))
    with tempfile.TemporaryDirectory(prefix="yiwang-backup-") as tmp:
        folder = Path(tmp)
        db_file = dump_database(folder)  # first the snapshot, then the files it names
        parts = {db_file: _sha256(folder / db_file)}
        media = []
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                media.append((path, "media/" + path.relative_to(media_root).as_posix()))
        manifest = {
            "format": FORMAT, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            "engine": connection.vendor, "database": db_file,
            "migrations": sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()),
            "data_key": crypto.current_key_id(), "parts": parts,
            "media": {arc: _sha256(path) for path, arc in media},
        }
        archive = folder / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            tar.add(folder / db_file, arcname=db_file)
            for path, arc in media:
                tar.add(path, arcname=arc)
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        partial = out_path.with_name(out_path.name + ".partial")
        with open(archive, "rb") as source, open(partial, "wb") as target:
            streaming.encrypt(source, target, key, key_id)
        partial.chmod(0o600)
        os.replace(partial, out_path)
    return manifest


def open_backup(path, folder):
    """Decrypt and unpack a backup into `folder`, check every part; returns the manifest."""
    with open(path, "rb") as source:
        header, key_id = streaming.key_id_of(source)
        key = keys().get(key_id)
        if key is None:
            raise RestoreRefused(f"备份用密钥 {key_id} 加密，当前密钥中没有它 / the backup was made with key {key_id}, "
                                 f"which is not among the keys set (YIWANG_BACKUP_KEY or YIWANG_DATA_KEYS)")
        folder.mkdir(parents=True, exist_ok=True)
        archive = folder / "backup.tar"
        with open(archive, "wb") as target:
            streaming.decrypt(source, target, key, header)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "unpacked", filter="data")  # no path outside the folder, no devices
    unpacked = folder / "unpacked"
    manifest = json.loads((unpacked / "manifest.json").read_text())
    for name, digest in {**manifest["parts"], **manifest["media"]}.items():
        path = unpacked / name
        if not path.is_file() or _sha256(path) != digest:
            raise RestoreRefused(f"备份中的 {name} 缺失或与清单不符 / {name} is missing or differs from the manifest")
    return manifest, unpacked


def database_is_empty():
    tables = set(connection.introspection.table_names())
    if "workorders_workorder" not in tables:
        return True
    with connection.cursor() as cursor:
        for table in ("workorders_workorder", "services_application", "auth_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    return True


def restore(path, *, replace=False, media_root=None):
    """Restore a backup into this deployment's database and media folder; returns the manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="yiwang-restore-") as tmp:
        manifest, unpacked = open_backup(path, Path(tmp))
        if manifest["engine"] != connection.vendor:
            raise RestoreRefused(f"备份来自 {manifest['engine']}，此处是 {connection.vendor} / the backup is of a "
                                 f"{manifest['engine']} database, this one is {connection.vendor}")
        if not replace and not database_is_empty():
            raise RestoreRefused("目标数据库已有数据；确认要替换时加 --replace / the database holds data already; "
                                 "add --replace to replace it")
        source = unpacked / manifest["database"]
        if connection.vendor == "postgresql":
            env, name = _pg_env()
            connection.close()
            subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                            "--single-transaction", "--exit-on-error", "--dbname", name, str(source)],
                           env=env, check=True, capture_output=True)
        else:
            connection.ensure_connection()
            backup = sqlite3.connect(source)
            with backup:
                backup.backup(connection.connection)
            backup.close()
            connection.close()
        staged = media_root.with_name(media_root.name + ".restoring")
        if staged.exists():
            shutil.rmtree(staged)
        if (unpacked / "media").exists():
            shutil.copytree(unpacked / "media", staged)
        else:
            staged.mkdir(parents=True)
        if media_root.exists():
            shutil.rmtree(media_root)
        os.replace(staged, media_root)
    return manifest
