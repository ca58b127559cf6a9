"""Settings for qinglian, driven by environment variables (django-environ).

Nothing here needs editing to deploy: every value that differs between a
laptop and a hospital server is read from the environment. Without any
variables the product runs on SQLite and Celery's filesystem broker under
``var/``; with DATABASE_URL and REDIS_URL it runs on PostgreSQL and Redis.

One module of about 400 lines, on purpose: the sections below (database,
cache, security, language, files, e-mail, Celery, logging, product) are
read top to bottom as one list of what an operator can set, and splitting
them would hide which environment variable sets what.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from qinglian.directory import (
    DEFAULT_EMPLOYEE_NUMBER_ATTRIBUTE,
    DEFAULT_TIMEOUT_SECONDS,
    DEFAULT_USER_SEARCH_FILTER,
    directory_settings,
)

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Everything the product writes at run time (SQLite, uploads, the dev secret
# key, the filesystem broker) lives under one folder that is never served.
VAR_DIR = Path(env.str("QINGLIAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key():
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：生产环境必须通过环境变量提供（开发时可设置 DEBUG=true 自动生成）。"
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "guardian",
    # Object permissions as predicates: each app's rules.py is imported at start-up.
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "django_htmx",
    "bootstrap",
    # Lists: sortable, paged tables (django-tables2) with filter forms (django-filter).
    "django_tables2",
    "django_filters",
    # qinglian
    "core",
    "accounts",
    "notifications",
    "workcalendar",
    "departments",
    "hospital",
    "documents",
    "appraisal",
    "veto",
    "publicity",
    "onboarding",
    # The year-round work (docs/yearwork.md)
    "workplan",
    "reports",
    "integrity",
    "risks",
    "supervision",
    "responsibility",
    "analysis",
    # Coverage toward the target (docs/coverage.md): reads titles, units and results.
    "coverage",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Chinese unless the user chose English; never Accept-Language (accounts/language.py).
    "accounts.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A password set by someone else (an account slip) is changed before anything else.
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A DomainError a service raised (stale form, broken rule) becomes a message.
    "core.middleware.DomainErrorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qinglian.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hospital.context_processors.hospital",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread_count",
            ],
        },
    },
]

WSGI_APPLICATION = "qinglian.wsgi.application"

# --- database -----------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: WAL lets readers
    # go on while one writer writes, IMMEDIATE takes the write lock at BEGIN so
    # select_for_update-style sections serialise instead of failing midway.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Connections are kept between requests on SQLite too: a new SQLite connection
# reads the whole schema again on its first query, ~8 ms of every signed-in
# request under gunicorn (measured with benchmarks/load).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ----------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # A down Redis makes a cache miss, not an error page (core/cache.py).
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "qinglian",
            # Fail fast when Redis is down or hangs, rather than holding the page.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # Shared between gunicorn workers and the Celery worker on one machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- accounts and security ----------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with each user's permissions kept in the cache between requests.
    "accounts.backends.CachedPermissionsBackend",
    # Each app's rules.py: who may do what to which object (docs/architecture.md). Asked
    # before django-guardian's backend, which then answers only what no rule allowed.
    "rules.permissions.ObjectPermissionBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Directory sign-in (LDAP / Active Directory), after the local accounts: it
    # does nothing while LDAP_SERVER_URI is empty (section below).
    "departments.directory.DirectoryBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous never holds grants
GUARDIAN_RAISE_403 = False

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The default first; the initial passwords' hasher after it, so Django re-hashes
# such a password with the default at sign-in (accounts/hashers.py).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "accounts.hashers.InitialPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: five failures lock the pair (username, address) for 30 minutes,
# so a colleague behind the same hospital NAT is not locked out by someone
# else's typos, and one account cannot be guessed from many addresses faster.
# (Setting names checked against django-axes 8.3.1's axes/conf.py.)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A lock lasts 30 minutes from the fifth failure: trying again while locked
# (even with the right password) does not start the 30 minutes over.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# django-ipware is not installed, so axes' AXES_IPWARE_* settings would do
# nothing; the address comes from our own function, which believes
# X-Forwarded-For only as far as our own proxies wrote it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip_address"
AXES_VERBOSE = False

# Idle timeout: the session expires after this many seconds without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# The idle timeout runs from the last request: core.middleware.SessionIdleRefreshMiddleware
# saves the session again when its last refresh is a minute old (not on every request).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (core.middleware): everything is served by the app
# itself and no template carries inline script.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Health probes (docker compose, load balancers) speak plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)

# --- language and time ------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files ----------------------------------------------------------------------------

STATIC_URL = "static/"
# The Docker image collects static files at build time outside QINGLIAN_VAR_DIR
# (a volume), so a new image never serves the previous image's files.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (evidence, imports) are private: no URL serves MEDIA_ROOT;
# downloads go through views that check permissions.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# whitenoise compresses every static file at collectstatic (gzip and brotli), except
# these: already compressed, or (.map) read only by a developer's browser tools.
# Bootstrap's source maps were most of that time, in the image build, the
# offline installation and the suite.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# The largest spreadsheet an import accepts.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)

# --- e-mail -------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="qinglian@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[清廉科室] "
EMAIL_TIMEOUT = 10

# --- Celery ---------------------------------------------------------------------------------

# "localhost" only keeps kombu from warning that no host was given; the
# filesystem transport has none.
# Sending a message tries the connection twice, not for kombu's default four
# seconds: every message sent on commit has a sweep behind it (core/broker.py),
# so a down Redis costs a page a moment, not a timeout. The worker's own
# connection keeps retrying (CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP below).
REDIS_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost//")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Exchange tables (fanout, remote control); kombu's default is ./control.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Every list's table (core/lists.py) looks the same, whether or not its Meta says so.
DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Sweeps, not timers: each task finds what is due and acts once (a conditional update;
# never a Celery ETA days ahead, which Redis would redeliver).
CELERY_BEAT_SCHEDULE = {
    "appraisal-close-due-applications": {
        "task": "appraisal.tasks.close_due_applications",
        "schedule": timedelta(minutes=1),
    },
    "appraisal-send-due-reminders": {
        "task": "appraisal.tasks.send_due_reminders",
        "schedule": timedelta(minutes=15),
    },
    "appraisal-send-due-review-reminders": {
        "task": "appraisal.tasks.send_due_review_reminders",
        "schedule": timedelta(minutes=15),
    },
    "publicity-close-due-publicities": {
        "task": "publicity.tasks.close_due_publicities",
        "schedule": timedelta(minutes=1),
    },
    "publicity-render-pending-documents": {
        "task": "publicity.tasks.render_pending_documents",
        "schedule": timedelta(minutes=1),
    },
    "veto-end-due-rectifications": {
        "task": "veto.tasks.end_due_rectifications",
        "schedule": timedelta(minutes=15),
    },
    "supervision-send-due-ledger-reminders": {
        "task": "supervision.tasks.send_due_ledger_reminders",
        "schedule": timedelta(minutes=15),
    },
    "reports-send-due-report-reminders": {
        "task": "reports.tasks.send_due_report_reminders",
        "schedule": timedelta(minutes=15),
    },
    "notifications-send-pending-email": {
        "task": "notifications.tasks.send_pending_email",
        "schedule": timedelta(minutes=1),
    },
}
# If the broker is down when a transaction commits, the page still answers;
# the sweep above delivers what was left pending.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- directory sign-in (LDAP / Active Directory) -----------------------------------------------

# Off while LDAP_SERVER_URI is empty. A directory user signs in to the account
# of the roster person whose employee number the directory holds
# (departments.directory); local accounts keep working beside it.
vars().update(
    directory_settings(
        server_uri=env.str("LDAP_SERVER_URI", default=""),
        bind_dn=env.str("LDAP_BIND_DN", default=""),
        bind_password=env.str("LDAP_BIND_PASSWORD", default=""),
        user_search_base=env.str("LDAP_USER_SEARCH_BASE", default=""),
        user_search_filter=env.str("LDAP_USER_SEARCH_FILTER", default=DEFAULT_USER_SEARCH_FILTER),
        employee_number_attribute=env.str(
            "LDAP_EMPLOYEE_NUMBER_ATTRIBUTE", default=DEFAULT_EMPLOYEE_NUMBER_ATTRIBUTE
        ),
        start_tls=env.bool("LDAP_START_TLS", default=False),
        ca_cert_file=env.str("LDAP_CA_CERT_FILE", default=""),
        timeout=env.int("LDAP_TIMEOUT", default=DEFAULT_TIMEOUT_SECONDS),
    )
)

# --- import / export -----------------------------------------------------------------------

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- product ----------------------------------------------------------------------------------
# The first values of the hospital's settings: the administrator's settings page
# (hospital app) takes over once saved, and these stand in until then.

HOSPITAL_NAME = env.str("HOSPITAL_NAME", default="示范人民医院")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Official notices (GB/T 9704): who issues them and how they are numbered,
# e.g. 院党〔2026〕12号.
NOTICE_ISSUING_BODY = env.str("NOTICE_ISSUING_BODY", default=f"中共{HOSPITAL_NAME}委员会")
NOTICE_NUMBER_PREFIX = env.str("NOTICE_NUMBER_PREFIX", default="院党")
# Their typefaces (documents/fonts.py), each a comma-separated list, best first:
# the first family installed is used, Noto CJK when none is. Read at each render.
NOTICE_FONT_BODY = env.list("NOTICE_FONT_BODY", default=["仿宋_GB2312", "FangSong_GB2312", "仿宋"])
NOTICE_FONT_TITLE = env.list(
    "NOTICE_FONT_TITLE", default=["方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"]
)
NOTICE_FONT_MARKER = env.list(
    "NOTICE_FONT_MARKER", default=["方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"]
)
NOTICE_FONT_HEADING = env.list("NOTICE_FONT_HEADING", default=["黑体", "SimHei"])
NOTICE_FONT_PAGE_NUMBER = env.list("NOTICE_FONT_PAGE_NUMBER", default=["宋体", "SimSun"])
# The rectification notice (整改通知书) is the discipline commission's (seed 001),
# numbered in its own sequence: 院纪〔2026〕3号.
RECTIFICATION_ISSUING_BODY = env.str(
    "RECTIFICATION_ISSUING_BODY", default=f"中共{HOSPITAL_NAME}纪律检查委员会"
)
RECTIFICATION_NUMBER_PREFIX = env.str("RECTIFICATION_NUMBER_PREFIX", default="院纪")
# The title's wording on notices, certificates and the board (seed 001: 清廉示范科室).
TITLE_WORDING = env.str("TITLE_WORDING", default="清廉科室")
# The publicity board: readable without login when the intranet is trusted.
PUBLICITY_BOARD_PUBLIC = env.bool("PUBLICITY_BOARD_PUBLIC", default=False)
# Who takes objections, printed on the board and the notice unless a publicity says otherwise.
PUBLICITY_CONTACT = env.str("PUBLICITY_CONTACT", default="纪检监察室")
