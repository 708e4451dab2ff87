"""yiwang keys: the keys of personal numbers at rest.

    yiwang keys new               print a fresh data key (for YIWANG_DATA_KEYS)
    yiwang keys status            how many values each key holds, and values still in clear
    yiwang keys rotate            re-encrypt every value under the first key, and rebuild the
                                  blind indexes (after YIWANG_INDEX_KEY changed)
    yiwang keys rotate --new-key  with the key file: add a fresh key first, then rotate

A rotation with keys in the environment: put the new key first in YIWANG_DATA_KEYS and keep the
old ones after it, restart, run `yiwang keys rotate`, then drop the old keys (keep them in escrow
as long as a backup made under them is kept)."""
from collections import Counter

from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yiwang.audit.services import record
from yiwang.privacy import crypto
from yiwang.privacy.fields import EncryptedCharField, update_derived


def encrypted_models():
    """[(model, [encrypted field names])] of every installed model with personal numbers."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if names:
            found.append((model, names))
    return found


def raw_values(model, names):
    """The values as stored (ciphertext or clear), without decrypting."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 (names from the models)
        yield from cursor.fetchall()


def rotate(out=None):
    """Re-save every row with personal numbers: each value is encrypted under the current key and
    its blind index recomputed. Returns the number of rows."""
    total = 0
    for model, names in encrypted_models():
        fields = None
        pks = list(model._base_manager.values_list("pk", flat=True).order_by("pk"))
        for start in range(0, len(pks), 500):
            with transaction.atomic():
                for row in model._base_manager.filter(pk__in=pks[start:start + 500]).only("pk", *names):
                    fields = fields or update_derived(row, *names)
                    row.save(update_fields=fields)
        total += len(pks)
        if out:
            out.write(f"  {model._meta.label}: {len(pks)}")
    return total


class Command(BaseCommand):
    help = "The keys of personal numbers at rest: new, status, rotate."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["new", "status", "rotate"])
        parser.add_argument("--new-key", action="store_true", help="with the key file: add a fresh key, then rotate")
        parser.add_argument("--drop-old", action="store_true", help="with the key file: forget older keys after")

    def handle(self, *args, action, new_key, drop_old, **options):
        if action == "new":
            self.stdout.write(Fernet.generate_key().decode())
            return
        if action == "status":
            return self.status()
        if new_key or drop_old:
            if settings.DATA_KEYS:
                raise CommandError("密钥在环境变量 YIWANG_DATA_KEYS 中：请把新密钥放在首位后重启，再运行 yiwang keys rotate。"
                                   "\nThe keys are in YIWANG_DATA_KEYS: put the new key first there, restart, and run "
                                   "`yiwang keys rotate`.")
            crypto.keyring()  # makes the key file if there is none
            stored = crypto.read_key_file(settings.DATA_KEY_FILE)
            if new_key:
                stored["data"].insert(0, Fernet.generate_key().decode())
                crypto.write_key_file(settings.DATA_KEY_FILE, stored)
                crypto.reset()
        self.stdout.write(f"当前密钥 / current key: {crypto.current_key_id()}")
        total = rotate(self.stdout)
        if drop_old and not settings.DATA_KEYS:
            stored = crypto.read_key_file(settings.DATA_KEY_FILE)
            stored["data"] = stored["data"][:1]
            crypto.write_key_file(settings.DATA_KEY_FILE, stored)
            crypto.reset()
        record("keys.rotated", actor_name="console", detail={"key": crypto.current_key_id(), "rows": total,
                                                             "new_key": new_key, "dropped_old": drop_old})
        self.stdout.write(self.style.SUCCESS(f"已重新加密 {total} 行 / {total} rows re-encrypted."))

    def status(self):
        current = crypto.current_key_id()
        self.stdout.write(f"当前密钥 / current key: {current}")
        for model, names in encrypted_models():
            counts = Counter()
            for row in raw_values(model, names):
                for value in row:
                    if value:
                        counts[crypto.encrypted_with(value) or "明文 / clear"] += 1
            shown = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "—"
            self.stdout.write(f"  {model._meta.label}: {shown}")
