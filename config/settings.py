"""Paddock settings: one module, configured from the environment.

No environment at all gives the embedded mode (SQLite, Celery tasks run eagerly in-process).
DATABASE_URL switches to PostgreSQL, REDIS_URL to a real Celery broker + Redis cache.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.email_url import email_settings
from config.logging import LOG_FORMATS, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE_WORDS = ("1", "true", "yes", "on")
_FALSE_WORDS = ("0", "false", "no", "off")


def envbool(name: str, default: bool = False) -> bool:
    """1/0, true/false, yes/no, on/off (any case, spaces ignored); anything else refuses to start."""
    raw = os.getenv(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE_WORDS:
        return True
    if value in _FALSE_WORDS:
        return False
    # Why: "DEBUG=ture" or "SECURE_SSL_REDIRECT=disabled" read as False would silently
    # switch a setting the operator meant to set; say which variable is wrong instead.
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of {', '.join(_TRUE_WORDS)} or {', '.join(_FALSE_WORDS)}"
    )


def envint(name: str, default: str) -> int:
    raw = os.getenv(name, default)
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Why: a production deployment silently running with a known key is worse than not starting.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# The site's public address: every link in an e-mail starts with it (championships.links).
# SITE_ROOT is its former name, still read.
PADDOCK_PUBLIC_URL = (os.getenv("PADDOCK_PUBLIC_URL") or os.getenv("SITE_ROOT") or "http://127.0.0.1:8000").rstrip("/")
if not PADDOCK_PUBLIC_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"PADDOCK_PUBLIC_URL={PADDOCK_PUBLIC_URL!r} must start with https:// (or http://)")
SITE_ROOT = PADDOCK_PUBLIC_URL

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "championships",
    "entries",
    "results",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    # Static files (the admin's CSS included) straight from gunicorn, compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "championships.middleware.StaffMfaRequiredMiddleware",
    "championships.login_limits.KnownDeviceMiddleware",
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
                "config.context_processors.nav_links",
            ],
            # {{ person|person_for:user }} on every page (championships.scoping.person_label).
            "builtins": ["championships.templatetags.people"],
        },
    },
]

# Database: SQLite unless DATABASE_URL is given.
DATABASE_URL = os.getenv("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3 connection pool; persistent connections must stay off with a pool.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": envint("DB_POOL_MIN", "1"),
            "max_size": envint("DB_POOL_MAX", "10"),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.getenv("SQLITE_PATH", str(BASE_DIR / "paddock.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Celery: eager in-process without Redis, a real broker with it.
REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # Redis accelerates, it is never needed to serve a page: config.cache falls back to local memory.
    CACHES = {"default": {"BACKEND": "config.cache.DegradingRedisCache", "LOCATION": REDIS_URL}}
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Why short: a task is sent on commit of a user's save; with the broker down the send must
# give up in about a second (and be logged) rather than hold the request. The beat re-send
# below delivers it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Why every 5 s: this is how soon a season whose run died (its PostgreSQL run lock gone, see
    # results.standings.services) is sent again; one small query when nothing is pending.
    "resend-pending-recalculations": {
        "task": "results.standings.tasks.resend_pending_recalculations_task",
        "schedule": float(envint("PADDOCK_RESEND_EVERY_S", "5")),
    },
    "worker-heartbeat": {"task": "results.standings.tasks.worker_heartbeat", "schedule": 30.0},
    # E-mails whose task was lost (broker down) or failed: sent again (championships.notify).
    "resend-unsent-emails": {"task": "championships.tasks.resend_unsent_emails_task", "schedule": 120.0},
    "daily-digests": {"task": "championships.tasks.send_daily_digests_task", "schedule": 24 * 3600.0},
}
# The worker renders a season's public standings pages and API bodies after each recalculation,
# before they commit (results.standings.prerender): in server mode, where a shared cache holds them.
PADDOCK_PRERENDER = envbool("PADDOCK_PRERENDER", bool(REDIS_URL))
# /healthz answers 503 when no worker has run the heartbeat for this long (beat sends it every 30 s).
PADDOCK_HEARTBEAT_MAX_AGE_S = envint("HEARTBEAT_MAX_AGE_S", "120")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): e-mail login, verified addresses, MFA for staff.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "championships.accounts.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "championships.accounts_forms.SignupNamesForm"
# Why: a TOTP code is accepted once only (championships.totp).
MFA_FORMS = {
    "authenticate": "championships.totp.OnceOnlyAuthenticateForm",
    "reauthenticate": "championships.totp.OnceOnlyReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Paddock"
# Accept the code of the previous/next 30 s step too: a code typed as the step rolls over
# (or a phone clock a few seconds off) must not lock a steward out.
MFA_TOTP_TOLERANCE = 1
# Staff must enrol a TOTP authenticator before using the admin (championships.middleware).
PADDOCK_STAFF_MFA_REQUIRED = envbool("STAFF_MFA_REQUIRED", True)
LOGIN_URL = "account_login"
# Each role finds its work on its home (config.home).
LOGIN_REDIRECT_URL = "/home/"

# E-mail: EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://...:465, console:, locmem:)
# or EMAIL_BACKEND; the console (e-mails printed) without either.
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if os.getenv("EMAIL_URL"):
    globals().update(email_settings(os.environ["EMAIL_URL"]))
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "paddock@localhost")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "static-collected")))
# `manage.py collectstatic` fills STATIC_ROOT (compressed copies with hashed names for far-future
# caching); WhiteNoise serves it. Tests and DEBUG runs read the apps' files directly instead.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # DEBUG (runserver, the README's demo) reads the apps' files; a server reads the manifest.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Request bodies other than files (DATA_) and the share of an uploaded file kept in memory
# before Django spools it to disk (FILE_). The size limit of a classification file is not
# here: results.classifications.parsing.check_size is the one place that decides it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The public JSON API (/api/v1/) is read-only and anonymous: only published data leaves it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Paddock public API",
    "DESCRIPTION": "Read-only: series, seasons, calendars, entry lists, classifications and standings.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Production (issue 11): login limits, error reports, log format ------------------------
# Failed logins are counted per client IP and per account ("key" = the e-mail typed): one
# person's guesses lock their own account and address, never the others behind the same proxy.
# The client IP is the REMOTE_ADDR unless proxies we run are in front: then PADDOCK_TRUSTED_PROXY_COUNT
# says how many X-Forwarded-For hops to trust (or a header such as X-Real-IP names the client).
# The counters live in the default cache: local memory in embedded mode (one process), Redis in
# server mode, so every web worker shares them. With Redis down they are counted per web process
# (config.cache): sign-in keeps working and still limited, at most (processes x limit) tries.
# The per-account part applies only from devices and addresses the account never signed in from
# (championships.login_limits.login_failed_rates decides per attempt; these are its rates).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,30/h/ip,5/5m/key"}
ALLAUTH_TRUSTED_PROXY_COUNT = envint("PADDOCK_TRUSTED_PROXY_COUNT", "0")
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"PADDOCK_TRUSTED_PROXY_COUNT={ALLAUTH_TRUSTED_PROXY_COUNT} must be 0 or more")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.getenv("PADDOCK_TRUSTED_CLIENT_IP_HEADER") or None

SENTRY_DSN = os.getenv("SENTRY_DSN", "")
if SENTRY_DSN:
    from config.logging import init_error_reporting

    init_error_reporting(
        SENTRY_DSN,
        environment=os.getenv("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.getenv("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

PADDOCK_LOG_FORMAT = os.getenv("PADDOCK_LOG_FORMAT", "text").strip().lower()
if PADDOCK_LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(f"PADDOCK_LOG_FORMAT={PADDOCK_LOG_FORMAT!r}: use one of {', '.join(LOG_FORMATS)}")
LOGGING = logging_config(PADDOCK_LOG_FORMAT, os.getenv("LOG_LEVEL", "WARNING"))
