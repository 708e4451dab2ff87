"""Settings, read from the environment.

The defaults run the product on an embedded SQLite database with nothing else installed;
production sets DATABASE_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""
import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("YIWANG_HOME", Path.cwd() / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
_DEV_KEY = "insecure-development-key-only-for-debug-and-tests"
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        # Signed rating links, sessions and tokens would run on a published key: refuse to start.
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY is not set. Production needs a long random SECRET_KEY in the "
                                   "environment; `yiwang demo` makes one for itself, `yiwang serve` runs with DEBUG.")
    SECRET_KEY = _DEV_KEY
# "demo" when the key is the one `yiwang demo` made beside its data (cli.prepare): fine for the
# demo and the commands beside it, refused by `check --deploy`.
SECRET_KEY_SOURCE = os.environ.get("YIWANG_KEY_SOURCE", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind HTTPS in production; the local demo runs on plain http.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "yiwang.sessions"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts come only from the product's own static files,
# never inline; styles may be inline (ECharts sizes its canvases with them). The API's Swagger
# page (ninja) runs its own inline start-up script and keeps the default-free policy below.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"], "font-src": ["'self'", "data:"], "connect-src": ["'self'"],
        "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "captcha",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_celery_beat",
    "health_check",
    "yiwang.orgs",
    "yiwang.calendar",
    "yiwang.privacy",
    "yiwang.audit",
    "yiwang.accounts",
    "yiwang.maintenance",
    "yiwang.workorders",
    "yiwang.services",
    "yiwang.insight",
    "yiwang.reviews",
    "yiwang.tasks",
    "yiwang.suggestions",
    "yiwang.proposals",
    "yiwang.enterprises",
    "yiwang.policies",
    "yiwang.projects",
    "yiwang.assistance",
    "yiwang.supervision",
    "yiwang.dashboard",
    "ninja",  # serves the API docs page's Swagger UI from our static files instead of a CDN
    "yiwang.api",
    "yiwang.open311",
    "yiwang.webhooks",
    "django_prometheus",
    "yiwang.demo",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # metrics per view (yiwang/metrics.py)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yiwang.middleware.PrivateResponsesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yiwang.orgs.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yiwang.middleware_local.CurrentRequestMiddleware",
    "yiwang.audit.middleware.ExportAuditMiddleware",
    "yiwang.api.errors.JsonErrorsMiddleware",
    "yiwang.api.idempotency.IdempotencyMiddleware",
    "yiwang.middleware.StorableInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yiwang.accounts.middleware.AccountPolicyMiddleware",
    "yiwang.accounts.login.LoginThrottleMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "yiwang.urls"
WSGI_APPLICATION = "yiwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yiwang.orgs.context.roles",
                "yiwang.assistance.context.assistance",
            ],
            "builtins": ["yiwang.orgs.templatetags.people"],  # {{ user|who }} on every page
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{HOME / 'yiwang.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)),
    )
}
# A read replica (a streaming standby of the primary): the command centre, the assessment and
# exports read from it (yiwang.replica). Writes, sign-in and the audit chain stay on the primary.
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["REPLICA_DATABASE_URL"],
                                                 conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)))
REPLICA_READS = env_bool("REPLICA_READS", "replica" in DATABASES)
DATABASE_ROUTERS = ["yiwang.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Two people acting on one order at once: every transaction takes the write lock when it
    # begins (IMMEDIATE), so the second waits for the first (up to `timeout` seconds), then reads
    # the changed version and is told so. SQLite's default (DEFERRED) lets both read, then
    # cannot upgrade the loser's lock and answers "database is locked" at once. WAL lets pages
    # read while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 20, "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked account before any password is checked
    "yiwang.accounts.identity.ApplicantBackend",  # portal applicants: ID-card number or credit code
    "yiwang.orgs.backends.RoleBackend",      # the three administrators' permissions, by role (first: it refuses)
    "django.contrib.auth.backends.ModelBackend",
]

# Passwords (等保 2.0 身份鉴别): at least PASSWORD_MIN_LENGTH characters of PASSWORD_MIN_CLASSES of
# the four classes (lower, upper, digits, symbols), never only digits, not common, not like the
# user's name; staff change theirs every PASSWORD_MAX_AGE_DAYS days (0: never).
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", 10))
PASSWORD_MIN_CLASSES = int(os.environ.get("PASSWORD_MIN_CLASSES", 3))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", 90))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "yiwang.accounts.passwords.LengthValidator"},
    {"NAME": "yiwang.accounts.passwords.ClassesValidator"},
    {"NAME": "yiwang.accounts.passwords.NotOnlyDigitsValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "yiwang.accounts.passwords.PasswordAgeRecorder"},
]
# Failed log-ins (django-axes): the account locks after AXES_FAILURE_LIMIT failures in a row, for
# AXES_COOLOFF_MINUTES or until the security administrator unlocks it; each lock is audited.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 30)))
# By account and address: a stranger elsewhere cannot lock an administrator (or anyone) out with
# five wrong passwords; an address that keeps failing meets the captcha and then the refusal below.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# An address that keeps failing answers a captcha, then is refused (yiwang/accounts/login.py).
LOGIN_THROTTLE_MINUTES = int(os.environ.get("LOGIN_THROTTLE_MINUTES", 60))
LOGIN_CAPTCHA_AFTER = int(os.environ.get("LOGIN_CAPTCHA_AFTER", 10))
LOGIN_REFUSE_AFTER = int(os.environ.get("LOGIN_REFUSE_AFTER", 50))
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "yiwang.accounts.identity.login_name"  # never an ID number in clear
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_CLIENT_IP_CALLABLE = "yiwang.throttle.client_ip"
AXES_VERBOSE = False
# Sessions: end after SESSION_IDLE_MINUTES without a request, and at most SESSION_HOURS after log-in.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", 30))
SESSION_COOKIE_AGE = 3600 * int(os.environ.get("SESSION_HOURS", 8))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Mail (password-reset links): a server when EMAIL_HOST is set, else files in YIWANG_HOME/mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = HOME / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "yiwang@localhost")
# Two-factor log-in (TOTP, django-otp) is required of these roles when set (comma-separated).
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", "admin,security,auditor,supervisor,leader")
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
# The first authenticator app is bound only with a one-time code the security administrator gives
# out of band (yiwang/accounts/enrolment.py), valid this many hours.
TWO_FACTOR_ENROLMENT_CODE = env_bool("TWO_FACTOR_ENROLMENT_CODE", not DEBUG)
TWO_FACTOR_ENROLMENT_HOURS = int(os.environ.get("TWO_FACTOR_ENROLMENT_HOURS", "72"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "yiwang")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workorders:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", HOME / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", HOME / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploads: the limits a clerk or citizen is told about when a file is refused.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
ATTACHMENT_EXTENSIONS = env_list(
    "ATTACHMENT_EXTENSIONS", "jpg,jpeg,png,gif,webp,pdf,doc,docx,xls,xlsx,txt,mp3,amr,wav,mp4"
)
# At most this many files with one request or one upload (a citizen's form, an attachment).
ATTACHMENT_MAX_FILES = int(os.environ.get("ATTACHMENT_MAX_FILES", 10))
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# The audit log's heads (yiwang.audit.chain, one line per row appended; AUDIT_LOG_HEADS=0 for the
# demo, which has nothing to protect) go to the console and,
# with AUDIT_SYSLOG_ADDRESS ("/dev/log" or "host:514"), to syslog: a copy outside the database.
AUDIT_SYSLOG_ADDRESS = os.environ.get("AUDIT_SYSLOG_ADDRESS", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"yiwang.audit.chain": {"level": "INFO" if env_bool("AUDIT_LOG_HEADS", True) else "WARNING",
                                       "handlers": ["console"], "propagate": False}},
}
if AUDIT_SYSLOG_ADDRESS:
    _host, _sep, _port = AUDIT_SYSLOG_ADDRESS.rpartition(":")
    LOGGING["handlers"]["syslog"] = {"class": "logging.handlers.SysLogHandler", "address": (
        (_host, int(_port)) if _sep and _port.isdigit() else AUDIT_SYSLOG_ADDRESS)}
    LOGGING["loggers"]["yiwang.audit.chain"]["handlers"].append("syslog")

YIWANG_ROLE_LABELS = {
    "agent": _("Hotline agent"),
    "dispatcher": _("Dispatcher"),
    "unit_staff": _("Handling-unit staff"),
    "unit_head": _("Unit head"),
    "callback": _("Callback staff"),
    "supervisor": _("Supervisor"),
    "leader": _("Leader"),
    "admin": _("System administrator"),
    "clerk": _("Window clerk"),
    "butler": _("Project butler"),
    "inspector": _("Grid inspector"),
    "security": _("Security administrator"),
    "auditor": _("Auditor"),
    "assistance": _("Assistance centre analyst"),
}

# The cache: shared by every app server (rate limits, log-in throttling) when REDIS_URL is set;
# the embedded default keeps it in the one process.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Who may read /metrics/ (Prometheus): the monitoring host's addresses or networks, comma-separated.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
          if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each app process keeps the working calendar and the time-limit policies in memory under a version
# in the shared cache (yiwang.workorders.deadlines): on by default where the cache is Redis, which
# every server shares; without it they are read from the database on every use.
CLOCK_CACHE = env_bool("CLOCK_CACHE", bool(REDIS_URL))

# The demo's social-assistance records (yiwang.demo.assistance).
DEMO_ASSISTANCE_RECORDS = int(os.environ.get("YIWANG_DEMO_ASSISTANCE_RECORDS", "30000"))

# Personal numbers at rest (yiwang.privacy.crypto): Fernet keys, the first encrypting, and the key
# of the blind index; without them a key file beside the database (the deployment check warns).
DATA_KEYS = env_list("YIWANG_DATA_KEYS", "")
INDEX_KEY = os.environ.get("YIWANG_INDEX_KEY", "")
DATA_KEY_FILE = Path(os.environ.get("YIWANG_DATA_KEY_FILE", HOME / "data-keys"))

# Backups (`yiwang backup`): where they go, and their key (default: derived from the data key).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", HOME / "backups"))
BACKUP_KEY = os.environ.get("YIWANG_BACKUP_KEY", "")

# Portal accounts open when the link texted to the phone given is followed within these hours.
PORTAL_ACTIVATE_HOURS = int(os.environ.get("PORTAL_ACTIVATE_HOURS", 24))
# Show a queued text message on the page that queued it (the demo: no SMS gateway).
TEXTS_ON_PAGE = env_bool("TEXTS_ON_PAGE", False)

# The audit log (yiwang.audit): the key of its chain of digests (kept outside the database; by
# default derived from SECRET_KEY), the file that remembers verified heads, how long it is kept.
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")
AUDIT_ANCHOR_FILE = Path(os.environ.get("AUDIT_ANCHOR_FILE", HOME / "audit-anchors.txt"))
AUDIT_RETENTION_DAYS = max(180, int(os.environ.get("AUDIT_RETENTION_DAYS", 180)))
# Retention (`yiwang purge`, daily): citizens' personal data of finished cases, text messages and
# ended webhook deliveries are kept these many days.
RETENTION_PERSONAL_DAYS = int(os.environ.get("RETENTION_PERSONAL_DAYS", 3 * 365))
RETENTION_TEXT_DAYS = int(os.environ.get("RETENTION_TEXT_DAYS", 180))
RETENTION_WEBHOOK_DAYS = int(os.environ.get("RETENTION_WEBHOOK_DAYS", 90))

# Public pages (no log-in): posts allowed per client address and window, and after how many a
# captcha is asked: {group: [rate, captcha after]}. JSON in PUBLIC_LIMITS overrides.
PUBLIC_LIMITS = {"default": ["30/h", 5], "public-file": ["10/h", 3], "public-track": ["30/h", 5],
                 "rate": ["20/h", 5], "fault": ["10/h", 3], "appeal": ["10/h", 3], "register": ["10/h", 3],
                 "suggest": ["10/h", 3]}
PUBLIC_LIMITS.update(json.loads(os.environ.get("PUBLIC_LIMITS", "{}")))
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# An agent's look-ups of a caller's earlier orders by full number (each a reveal): a shift's calls.
CALLER_LOOKUP_RATE = os.environ.get("CALLER_LOOKUP_RATE", "120/h")
# Problems an enterprise raises from its portal (each a 12345 order), per account.
PORTAL_PROBLEM_RATE = os.environ.get("PORTAL_PROBLEM_RATE", "10/d")
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"  # digits and a sum: no language needed
CAPTCHA_TIMEOUT = 10  # minutes

# Urge and supervision notices: the word their numbers start with (督办〔2026〕12号), and the working
# days a work order's supervision notice is answered in unless the issuer sets another day.
NOTICE_NUMBER_PREFIX = os.environ.get("NOTICE_NUMBER_PREFIX", "督")
NOTICE_ANSWER_WORKDAYS = int(os.environ.get("NOTICE_ANSWER_WORKDAYS", 3))

# Text limits, the same on every page, in the API and in imports: a request's content, and
# every reply, reason, note or opinion typed into a case.
ORDER_BODY_MAX_CHARS = int(os.environ.get("ORDER_BODY_MAX_CHARS", 5000))
TEXT_MAX_CHARS = int(os.environ.get("TEXT_MAX_CHARS", 5000))

# Legacy imports: the largest file and the most rows taken in one upload.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 100_000))

# Service applications (一网通办)
SERVICE_UPLOAD_MAX_BYTES = int(os.environ.get("SERVICE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
# An application is "close to its limit" when this many working days or fewer are left.
SERVICE_WARN_WORKDAYS = int(os.environ.get("SERVICE_WARN_WORKDAYS", 1))
# From this month on, administrators are warned that next year's holidays are not entered yet.
YEAR_END_WARNING_MONTH = int(os.environ.get("YEAR_END_WARNING_MONTH", 11))
# The address printed in QR codes; empty: the address of the request that prints the notice.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
# The district as it publishes itself (OC4IDS publisher and public authority) and the prefix of
# its OC4IDS project identifiers (register one with the Open Contracting Partnership).
YIWANG_DISTRICT_NAME = os.environ.get("YIWANG_DISTRICT_NAME", "云溪区人民政府")
OC4IDS_PREFIX = os.environ.get("OC4IDS_PREFIX", "oc4ids-yiwang")

# Background work (training models, batch duplicate search): Celery. With no broker set, tasks
# run at once in the web process, which is what the embedded default wants.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# Without a broker, large imports and exports run in a thread of the server (yiwang.background).
BACKGROUND_THREADS = env_bool("BACKGROUND_THREADS", True)
# An export of more rows than this is built in the background, with a progress bar and a link.
EXPORT_INLINE_ROWS = int(os.environ.get("EXPORT_INLINE_ROWS", 2000))
# The most rows one export holds.
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", 200000))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The daily jobs (yiwang.maintenance.tasks) for `celery -A yiwang.worker beat`, or the same `yiwang`
# commands from cron. Beat keeps the schedule in the database (django-celery-beat), where the
# administrators change a job's time or pause it in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The command centre and the assessment read daily rollups; the nightly run (`yiwang rollup`)
# recomputes this many recent days, whose figures can still change as their orders are worked.
ROLLUP_REFRESH_DAYS = int(os.environ.get("ROLLUP_REFRESH_DAYS", 40))
# The assessment ranks a unit only when this many orders were dispatched to it in the month;
# fewer are shown, marked, and not ranked.
ASSESSMENT_MIN_DISPATCHED = int(os.environ.get("ASSESSMENT_MIN_DISPATCHED", 5))
# A list counts at most this many rows (it then reads "more than 10000", with a link that counts
# them all): counting a city's ten years of orders on every page costs seconds.
LIST_COUNT_CAP = int(os.environ.get("LIST_COUNT_CAP", 10000))
# The hot issues on the dashboard look at the newest this-many orders of the hot-issue window.
HOT_ISSUE_LIMIT = int(os.environ.get("HOT_ISSUE_LIMIT", 5000))
# How old the dashboard's hot-issue snapshot may be before a refresh is queued (minutes).
HOT_SNAPSHOT_MINUTES = int(os.environ.get("HOT_SNAPSHOT_MINUTES", 30))
# Grid inspectors report problems in the categories under this first-level category (城市管理).
GRID_CATEGORY_ROOT = os.environ.get("GRID_CATEGORY_ROOT", "城市管理")

# The open API (docs/api.md): how long an Idempotency-Key is remembered.
IDEMPOTENCY_HOURS = int(os.environ.get("IDEMPOTENCY_HOURS", 24))
NINJA_PAGINATION_MAX_LIMIT = 500
# Webhooks: attempts before a delivery is given up, and the back-off between them
# (the first retry after WEBHOOK_RETRY_SECONDS, doubling up to WEBHOOK_RETRY_MAX_SECONDS).
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", 10))
WEBHOOK_RETRY_SECONDS = int(os.environ.get("WEBHOOK_RETRY_SECONDS", 30))
WEBHOOK_RETRY_MAX_SECONDS = int(os.environ.get("WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", 10))
# Open311 GeoReport v2 (docs/open311.md): the district's jurisdiction id, contact and key service,
# and how far back GET /requests looks by default.
OPEN311_JURISDICTION = os.environ.get("OPEN311_JURISDICTION", "yiwang.local")
OPEN311_CONTACT = os.environ.get("OPEN311_CONTACT", "12345 政务服务便民热线")
OPEN311_KEY_SERVICE = os.environ.get("OPEN311_KEY_SERVICE", "向区12345中心申请 API key（scope: open311）")
OPEN311_DEFAULT_DAYS = int(os.environ.get("OPEN311_DEFAULT_DAYS", 90))
OPEN311_MAX_REQUESTS = int(os.environ.get("OPEN311_MAX_REQUESTS", 1000))
# The 12345 type a request from an Open311 client is filed as (consult, help, complaint, ...).
OPEN311_ORDER_TYPE = os.environ.get("OPEN311_ORDER_TYPE", "help")
