"""Personal numbers at rest (等保 2.0 数据保密性, PIPL art. 28): ID-card and phone numbers are
stored encrypted (Fernet from `cryptography`: AES-128-CBC with an HMAC-SHA256 tag), and found by a
keyed blind index (HMAC-SHA256 of the normalised value), never by their ciphertext.

Keys come from the environment or, failing that, from a key file beside the database:

- YIWANG_DATA_KEYS: comma-separated Fernet keys; the first encrypts, all decrypt (so a rotation
  runs while old values are still being read). `yiwang keys new` prints a fresh one.
- YIWANG_INDEX_KEY: the key of the blind index. Changing it means `yiwang keys reindex`.
- Without them, DATA_KEY_FILE (YIWANG_HOME/data-keys, mode 0600) is made on first use; the
  deployment check warns, since a backup of that folder would carry the keys with the data.

A stored value is `enc:v1:<key id>:<token>`. Anything else is a value from before encryption and
is read as it is, so a database is converted in place by a migration and nothing is lost."""
import base64
import functools
import hashlib
import hmac
import json
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc:v1:"


def key_id(key):
    return hashlib.sha256(key.encode() if isinstance(key, str) else key).hexdigest()[:8]


def read_key_file(path):
    return json.loads(path.read_text())


def write_key_file(path, keys):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(keys, indent=1))
    tmp.chmod(0o600)
    os.replace(tmp, path)


def _from_file():
    path = settings.DATA_KEY_FILE
    if not path.exists():
        write_key_file(path, {"data": [Fernet.generate_key().decode()],
                              "index": base64.urlsafe_b64encode(os.urandom(32)).decode()})
    return read_key_file(path)


@functools.cache
def keyring():
    """(data keys, index key), the current data key first."""
    data = [k.strip() for k in settings.DATA_KEYS if k.strip()]
    index = settings.INDEX_KEY
    if not data or not index:
        stored = _from_file()
        data = data or stored["data"]
        index = index or stored["index"]
    try:
        fernets = [Fernet(k) for k in data]
    except ValueError as exc:
        raise ImproperlyConfigured(f"YIWANG_DATA_KEYS holds a key that is not a Fernet key: {exc}") from exc
    return data, fernets, index.encode()


def reset():
    """Forget the cached keys (after a rotation, or in tests that change them)."""
    keyring.cache_clear()


def current_key_id():
    return key_id(keyring()[0][0])


def encrypt(value):
    if not value:
        return value
    keys, fernets, _index = keyring()
    return f"{PREFIX}{key_id(keys[0])}:{fernets[0].encrypt(value.encode()).decode()}"


def encrypted_with(stored):
    """The key id a stored value was encrypted with; None for a value stored in clear."""
    if not stored or not stored.startswith(PREFIX):
        return None
    return stored[len(PREFIX):].split(":", 1)[0]


def decrypt(stored):
    if not stored or not stored.startswith(PREFIX):
        return stored
    _keys, fernets, _index = keyring()
    token = stored[len(PREFIX):].split(":", 1)[1]
    try:
        return MultiFernet(fernets).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A personal number in the database was encrypted with a key that is not in "
                                   "YIWANG_DATA_KEYS (or the key file); add the old key back and run "
                                   "`yiwang keys rotate`.") from exc


def normalise(kind, value):
    value = (value or "").strip().replace(" ", "")
    if kind == "phone":
        return value.replace("-", "")
    return value.upper()


def blind(kind, value):
    """The blind index of a value: equal values of one kind give equal digests; the digest says
    nothing of the value without the index key. Empty stays empty."""
    value = normalise(kind, value)
    if not value:
        return ""
    return hmac.new(keyring()[2], f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]


def encrypt_bytes(content):
    if content is None:
        return None
    _keys, fernets, _index = keyring()
    return fernets[0].encrypt(bytes(content))


def decrypt_bytes(content):
    if content is None:
        return None
    _keys, fernets, _index = keyring()
    return MultiFernet(fernets).decrypt(bytes(content))


def encrypt_existing(*models_fields):
    """A migration step: encrypt the values of `fields` stored in clear and fill their indexes.
    `models_fields` are (app_label, model_name, [field names]); the rows are saved one by one,
    so a half-run migration leaves every row readable (clear or encrypted) and runs again."""

    def run(apps, schema_editor):
        from .fields import update_derived

        for app_label, model_name, fields in models_fields:
            model = apps.get_model(app_label, model_name)
            for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
                row.save(update_fields=update_derived(row, *fields))

    return run
