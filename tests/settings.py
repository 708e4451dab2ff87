"""Production settings, less what a test run over plain http cannot use."""
import os
import tempfile

# A key of the suite's own (production refuses to start without one); subprocesses inherit it.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
# A home of the suite's own: what a person ran before in this folder (the demo's key and data in
# var/) never reaches the suite or the commands it starts.
os.environ["YIWANG_HOME"] = tempfile.mkdtemp(prefix="yiwang-tests-")
os.environ.pop("YIWANG_KEY_SOURCE", None)

from yiwang.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Threads of the live server and the concurrency tests must not keep connections open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The captcha answers "PASSED" in tests (django-simple-captcha's test mode).
CAPTCHA_TEST_MODE = True
# Links that leave the product (QR codes, text messages) are absolute on the public address.
PUBLIC_BASE_URL = "https://12345.example.gov.cn"
# The suite empties tables between transactional tests (TRUNCATE), which the append-only
# histories refuse; in the suite's own database only (tests/conftest.py relaxes the guard there),
# a connection that says so may; each test that checks the guard unsets it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c yiwang.allow_truncate=on"  # noqa: F405
# On PostgreSQL a second database on the same server stands for a read replica (yiwang.replica):
# tests/test_replica.py switches its reads on and writes into it directly, as replication would.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "NAME": DATABASES["default"]["NAME"] + "_replica"}  # noqa: F405
REPLICA_READS = False
# The audit log's heads are logged only where a test asks (caplog).
LOGGING["loggers"]["yiwang.audit.chain"]["level"] = "WARNING"  # noqa: F405
# The audit anchors of the suite go to a file of its own.
AUDIT_ANCHOR_FILE = Path(os.environ.get("YIWANG_TEST_ANCHORS", "/tmp/yiwang-test-audit-anchors.txt"))  # noqa: F405
# The suite logs in with one factor; the two-factor tests switch it on.
TWO_FACTOR_REQUIRED = False
# The suite's own keys for personal numbers at rest (two data keys: rotation is tested).
DATA_KEYS = ["q0hD7s3cmkcGQ0yb5Vk2i1V2tJ1iYyb1y3y2qVvRk1Y=", "mAq7XaP2s1J9Sx0n6h3D8vQeR4tU5wZ7yB1cE3gH5jI="]
INDEX_KEY = "suite-blind-index-key"
# The demo's assistance data centre at a size the suite loads in seconds.
DEMO_ASSISTANCE_RECORDS = 1500
# Background work runs inline in the suite; tests/workorders/test_export_jobs.py tries the thread.
BACKGROUND_THREADS = False
