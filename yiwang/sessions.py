"""Django's database sessions, refusing a cookie that no session key could be.

Django makes session keys from lowercase letters and digits only. A forged cookie with any other
character (a NUL byte above all) is treated as no session, instead of being looked up and failing
inside PostgreSQL, which cannot compare text containing NUL."""
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

_VALID = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and _VALID.issuperset(key)
