"""One settings file for every environment, read from environment variables.

Defaults are safe for a developer's machine (SQLite, DEBUG off unless asked); production sets
SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and the email variables. See docs/deployment.md.
"""

import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING") or "pytest" in sys.modules
# Demo mode loads demo users with documented passwords; never on in production.
DEMO_MODE = env_bool("DEMO_MODE", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE or TESTING):
        raise RuntimeError("SECRET_KEY must be set (or run with DEBUG=1 / DEMO_MODE=1)")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "config.apps.AxesConfig",  # django-axes, named in Chinese
    "rest_framework.authtoken",
    # The second factor of staff accounts (accounts/second_factor.py): TOTP and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "config.apps.TasksConfig",  # django-tasks-db, named in Chinese
    "core",
    "accounts",
    "reference",
    "directory",
    "catalog",
    "portal",
    "notifications",
    "follows",
    "opendata",
    "documents",
    "calls",
    "notices",
    "showcase",
    "profiles",
    "publicity",
    "provincial",
    "reviews",
    "programs",
    "drafts",
    "consultation",
    "drafting",
    "analytics",
    "topics",
    "workspace",
    "insight",
    "ops",
    "api",
    "demo",
]
if TESTING:  # the workflow engine's example process, exercised by core/tests/test_workflow_*.py
    INSTALLED_APPS.append("testing.example")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "core.middleware.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions: the second factor before anything else, idle and absolute lifetimes.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.SecurityHeadersMiddleware",  # Permissions-Policy
    "core.middleware.CSPMiddleware",  # django-csp's, with the header built once
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.site",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default; production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", True
):
    # Values bound by the server and a statement run 5 times on a connection prepared there:
    # PostgreSQL then skips parsing and planning the pages' repeated queries (its CPU per
    # signed-in workspace page halves). Off (0) behind PgBouncer in transaction pooling mode,
    # where a prepared statement does not survive the next transaction's connection.
    # Django's backend told the 65,535 parameters a server-bound statement may carry.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections too (DB_CONN_MAX_AGE): opening one per request (file, WAL pragmas)
    # cost more than the whole search. Idle connections hold no lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out credentials
    "accounts.backends.PasswordBackend",  # ModelBackend, refusing the demo password unless DEMO_MODE
]
# Lockout after repeated failures (django-axes): per user name and address, released after a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its start-up banner lands in every command's output
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
# Reads X-Forwarded-For from AXES_PROXY_COUNT trusted proxies (django-ipware is not installed).
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# Anonymous posts that create accounts or send email: (posts, seconds) per address (core.ratelimit).
POST_RATE_LIMITS = {
    "register": (env_int("REGISTER_RATE_PER_HOUR", 10), 3600),
    "password_reset": (env_int("PASSWORD_RESET_RATE_PER_HOUR", 10), 3600),
    # Objections to a publicity notice (公示异议), signed in or not.
    "objection": (env_int("OBJECTION_RATE_PER_HOUR", 20), 3600),
    # Public comments on drafts (征求意见), page and API, per client address.
    "consultation_comment": (env_int("CONSULTATION_COMMENT_RATE_PER_HOUR", 20), 3600),
    # Downloads a stranger can ask for (catalog export, validity report), per client address.
    "export": (env_int("EXPORT_RATE_PER_HOUR", 30), 3600),
    "validity": (env_int("VALIDITY_RATE_PER_HOUR", 120), 3600),
    "confirmation_resend": (env_int("CONFIRMATION_RESEND_RATE_PER_HOUR", 10), 3600),
}
# Exports (core.exports): at most this many rows in the request itself (anonymous visitors get
# no more); larger ones run in the background for signed-in users, files kept this long.
EXPORT_SYNC_ROWS = env_int("EXPORT_SYNC_ROWS", 2_000)
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
EXPORT_MAX_PENDING = env_int("EXPORT_MAX_PENDING", 3)
# One more confirmation email per account at most this often (on top of the per-address limit).
ACCOUNT_CONFIRMATION_RESEND_SECONDS = env_int("ACCOUNT_CONFIRMATION_RESEND_SECONDS", 300)
# Signed email-confirmation links stay valid this long.
ACCOUNT_CONFIRMATION_DAYS = env_int("ACCOUNT_CONFIRMATION_DAYS", 3)
# The second factor (TOTP, django-otp) of officers' and administrators' accounts
# (accounts/second_factor.py). The issuer is the name the authenticator app shows.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "济宁标准化平台")
# Wrong codes in one session before it is signed out (the password must be given again, which
# django-axes counts); django-otp also slows each device down after a failure.
SECOND_FACTOR_MAX_FAILURES = env_int("SECOND_FACTOR_MAX_FAILURES", 5)
POST_RATE_LIMITS["second_factor"] = (env_int("SECOND_FACTOR_RATE_PER_HOUR", 30), 3600)
# Sessions of accounts that need the second factor end after this long without a request, and
# this long after signing in whatever happens; everyone else's last SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_DAYS", 14) * 24 * 3600
SESSION_ENGINE = "core.sessions"  # Django's database sessions, read through a compiled query
# The login audit (accounts.LoginEvent) is kept this many days (`manage.py prune_login_events`).
LOGIN_AUDIT_DAYS = env_int("LOGIN_AUDIT_DAYS", 180)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Django's, leaving no partial file behind on a full disk (core/storage.py).
    "default": {"BACKEND": "core.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Open data (opendata): the daily bulk export sets, outside MEDIA_ROOT (they are rebuilt, not
# backed up); `manage.py export_open_data` writes them, /open-data/ serves the latest.
OPEN_DATA_ROOT = Path(env("OPEN_DATA_ROOT", str(BASE_DIR / "var" / "open-data")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Upload bodies are capped while they stream (core.uploads): per request, and tighter where a
# stranger may post (the validity check takes files of at most 2 MB).
FILE_UPLOAD_HANDLERS = [
    "core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_REQUEST_BYTES = env_int(
    "UPLOAD_MAX_REQUEST_BYTES", 3 * max(DOCUMENT_MAX_BYTES, IMPORT_MAX_UPLOAD_BYTES)
)
UPLOAD_PATH_LIMITS = {
    "/api/v1/standards/validity/": 3 * 1024 * 1024,
    "/standards/validity/": 3 * 1024 * 1024,
    "/standards/import/": IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024,
}
# DOCX/XLSX are ZIP archives: refused before reading if they declare more than this (core.archives).
ARCHIVE_MAX_MEMBERS = env_int("ARCHIVE_MAX_MEMBERS", 10_000)
ARCHIVE_MAX_UNCOMPRESSED_BYTES = env_int("ARCHIVE_MAX_UNCOMPRESSED_BYTES", 256 * 1024 * 1024)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Absolute links in emails (confirmation, password reset, notifications) start with this. `make run`
# derives it from HOST and PORT; in production it must be set, to a host in ALLOWED_HOSTS (a startup
# check refuses to start otherwise: accounts/checks.py).
SITE_URL = env(
    "SITE_URL", "http://127.0.0.1:8000" if (DEBUG or DEMO_MODE or TESTING) else ""
).rstrip("/")
if (DEBUG or DEMO_MODE) and SITE_URL:
    # `make run HOST=… SITE_URL=…`: the demo answers at the address its emails name.
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlsplit(SITE_URL).hostname or "localhost"]
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "济宁市标准化平台 <noreply@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)  # the site is served over HTTPS
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# HSTS (sent on HTTPS responses only): a year by default once the site is HTTPS; 0 switches it off.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
# The platform's own host name has no subdomains of its own: include them once HTTPS is on.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_COOKIES)
# Submitting the host to the browsers' preload list binds it to HTTPS for months: the bureau's
# decision (SECURE_HSTS_PRELOAD=1), so `check --deploy` does not ask for it (security.W021).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Usually the TLS proxy redirects http → https; set this when nothing in front does.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page uses (config.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict CSP: no inline scripts or styles anywhere; every asset is vendored and served locally.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Organizations' own systems: "Authorization: Token <key>" (profile page → 接口令牌).
        # Enterprise and expert accounts only: officers' and staff's tokens are refused.
        "api.authentication.OrganizationTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON only: people read the API through /api/docs/ (in Chinese); DRF's browsable pages
    # (English, "Api Root") only when API_BROWSABLE=1 (default: in DEBUG).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(
            ["rest_framework.renderers.BrowsableAPIRenderer"]
            if env_bool("API_BROWSABLE", DEBUG)
            else []
        ),
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", "600/minute"),
        "user": env("API_USER_RATE", "3000/minute"),
    },
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "济宁市标准化平台开放接口",
    "DESCRIPTION": "标准目录、有效性确认、机构名录等数据接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set shared by several fields; `manage.py spectacular --validate
    # --fail-on-warn` must stay clean (api/tests/test_schema.py).
    "ENUM_NAME_OVERRIDES": {
        "StandardKindEnum": "catalog.choices.Kind",
        "OrganizationKindEnum": "directory.choices.OrganizationKind",
        "NotificationKindEnum": "notifications.choices.Kind",
        "VerificationStateEnum": "directory.choices.VerificationState",
        "ProjectKindEnum": "drafting.choices.ProjectKind",
        "AwardKindEnum": "programs.choices.AwardKind",
        "AwardRoleEnum": "programs.choices.AwardRole",
        "DraftingRoleEnum": "catalog.choices.DraftingRole",
        "TopicKindEnum": "topics.choices.TopicKind",
    },
}

# Background tasks (django-tasks): in production the database queue, run by `manage.py db_worker`;
# tests and the demo run tasks at once in the request (TASKS_BACKEND overrides).
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or DEMO_MODE
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
# Public holidays and weekend working days (调休) for working-day deadlines, ISO dates, per year.
WORKFLOW_HOLIDAYS = env_list("WORKFLOW_HOLIDAYS")
WORKFLOW_EXTRA_WORKDAYS = env_list("WORKFLOW_EXTRA_WORKDAYS")

# Rate limits and throttles count in the cache: with several gunicorn workers or servers they are
# exact only in a shared cache. Production sets REDIS_URL; the embedded default is per process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "jining"),
    }
# Whole pages for anonymous visitors (home, standards, topics, …; core/pagecache.py) are kept this
# many seconds, in a cache of their own (pages never push rate-limit counters out of a per-process
# cache); 0 turns it off. Off in tests: every test builds its pages.
PAGE_CACHE_SECONDS = 0 if TESTING else env_int("PAGE_CACHE_SECONDS", 30)
CACHES["pages"] = (
    {**CACHES["default"]}
    if env("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 3000},  # pages are 10–40 kB: at most ~100 MB per process
    }
)
# Site analytics (analytics/): counts buffered in Redis when the cache is Redis, else in each
# process, and written to daily rows every ANALYTICS_FLUSH_SECONDS by a thread of the process and
# by `manage.py flush_analytics` (cron, every minute). Search texts are shown publicly only when
# searched at least ANALYTICS_PUBLIC_MIN_SEARCHES times; per-term and per-standard day rows are
# kept ANALYTICS_RETENTION_DAYS (`manage.py purge_analytics`, daily).
ANALYTICS_FLUSH_SECONDS = 0 if TESTING else env_int("ANALYTICS_FLUSH_SECONDS", 60)
ANALYTICS_PUBLIC_MIN_SEARCHES = env_int("ANALYTICS_PUBLIC_MIN_SEARCHES", 5)
ANALYTICS_RETENTION_DAYS = env_int("ANALYTICS_RETENTION_DAYS", 400)
ANALYTICS_MAX_TERMS_PER_FLUSH = env_int("ANALYTICS_MAX_TERMS_PER_FLUSH", 5000)
ANALYTICS_REDIS_URL = env("ANALYTICS_REDIS_URL")
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/minute", "user": "10000/minute"}
    POST_RATE_LIMITS = {scope: (10000, 60) for scope in POST_RATE_LIMITS}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# What the site shows about who runs it; configurable per deployment, nothing city-specific in code.
SITE = {
    "name": env("SITE_NAME", "济宁市标准化综合管理与公共服务平台"),
    "short_name": env("SITE_SHORT_NAME", "济宁标准化平台"),
    "bureau_name": env("SITE_BUREAU_NAME", "济宁市市场监督管理局"),
    "contact_phone": env("SITE_CONTACT_PHONE", "0537-12345"),
    "address": env("SITE_ADDRESS", "山东省济宁市"),
    "icp_number": env("SITE_ICP_NUMBER", "鲁ICP备00000000号"),
    "accessibility_url": env("SITE_ACCESSIBILITY_URL", "/accessibility/"),
    "region_code": env("SITE_REGION_CODE", "3708"),
    "province_code": env("SITE_PROVINCE_CODE", "37"),
}

# Follow and alerts: how many days ahead the digest warns of a followed standard taking effect or
# being abolished, and how much one user may follow.
FOLLOW_UPCOMING_DAYS = env_int("FOLLOW_UPCOMING_DAYS", 30)
FOLLOW_MAX_STANDARDS = env_int("FOLLOW_MAX_STANDARDS", 500)
FOLLOW_MAX_SAVED_SEARCHES = env_int("FOLLOW_MAX_SAVED_SEARCHES", 20)

# Search: an embedded tantivy index derived from the database (docs/deployment.md). "inline"
# applies the catalog outbox right after each commit; "worker" leaves it to
# `manage.py run_search_indexer` (one per server, each with its own index directory).
SEARCH_INDEXER = env("SEARCH_INDEXER", "inline")
if SEARCH_INDEXER not in {"inline", "worker"}:
    raise RuntimeError('SEARCH_INDEXER must be "inline" or "worker"')
if TESTING and not env("SEARCH_INDEX_DIR"):
    import tempfile

    # Never share an index between test processes.
    SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="search-index-test-"))
else:
    SEARCH_INDEX_DIR = Path(env("SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search-index")))
# Searches repeated on the same index generation (results, facets, rows, labels) are answered
# from bounded per-process caches emptied by every index commit (catalog/search/caches.py); 0: off.
SEARCH_CACHE_ENTRIES = env_int("SEARCH_CACHE_ENTRIES", 1000)
# This app node's name: each node keeps its own index directory and its own cursor over the
# catalog's change outbox (`search:<SEARCH_NODE>`). Unique per node; stable across restarts.
SEARCH_NODE = env("SEARCH_NODE", "") or socket.gethostname()
