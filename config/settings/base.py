"""Settings shared by every environment. Environment-dependent values come from config.env."""

import os

from config.database import database_config
from config.env import BASE_DIR, env

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "haven.core",
    "haven.workforce",
    "haven.access",
    "haven.people",
    "haven.referrals",
    "haven.assessments",
    "haven.meetings",
    "haven.plans",
    "haven.casework",
    "haven.search",
    "haven.drafts",
    "haven.notifications",
    "haven.frontdoor",
    "haven.api",
    "haven.census",
    "haven.inspection",
    "haven.demo",
]

MIDDLEWARE = [
    # First, so everything logged while a request is handled carries its id (R14).
    "haven.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "haven.core.middleware.SessionLifetimeMiddleware",
    "haven.core.middleware.NoStoreMiddleware",
    "haven.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "haven" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haven.core.context_processors.service",
                "haven.core.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "haven.core.forms.GovukFormRenderer"

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "casework:my_work"
LOGOUT_REDIRECT_URL = "core:sign_in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "haven" / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout 30 minutes and absolute lifetime 12 hours, enforced by
# haven.core.middleware.SessionLifetimeMiddleware (NIST SP 800-63B AAL2; security R16).
HAVEN_SESSION_IDLE_SECONDS = 30 * 60
HAVEN_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = HAVEN_SESSION_ABSOLUTE_SECONDS
# Brute-force protection on sign-in (security reference R35; haven.core.signin): 5 failures
# for one username within 15 minutes lock that username for 15 minutes, and 20 failures from
# one address throttle the address for 15 minutes, whatever the password.
HAVEN_SIGNIN_MAX_FAILURES = 5
HAVEN_SIGNIN_MAX_FAILURES_PER_IP = 20
HAVEN_SIGNIN_WINDOW_SECONDS = 15 * 60
HAVEN_SIGNIN_LOCK_SECONDS = 15 * 60
# Multi-factor sign-in (security reference R15; haven.core.mfa): a right password only starts a
# sign-in, finished by a code from an authenticator app (set up on first sign-in) within 5
# minutes. haven.core.checks refuses HAVEN_MFA_REQUIRED = False whenever DEBUG is off.
HAVEN_MFA_REQUIRED = True
HAVEN_MFA_PENDING_SECONDS = 5 * 60
# Local demo only (config/settings/local.py): the printed demo accounts sign in with the
# password alone from the same computer. haven.core.checks refuses it whenever DEBUG is off.
HAVEN_DEMO_SIMPLE_SIGN_IN = False
# How many proxies in front of Haven each append the address they saw to X-Forwarded-For.
# 0 (the default) uses REMOTE_ADDR. Behind the TLS-terminating proxy set it to 1, or every
# user shares the proxy's address and one guesser throttles them all.
HAVEN_TRUSTED_PROXY_COUNT = env.int("HAVEN_TRUSTED_PROXY_COUNT", default=0)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The authority Haven serves (its DfE LA number is used by census returns).
HAVEN_AUTHORITY_NAME = env.str("HAVEN_AUTHORITY_NAME", default="Haven Borough Council")
# The authority's 3-digit DfE LA number, the LEA of census returns (haven.census). The default
# 999 belongs to no English authority: it is for the demo only. haven.census.checks refuses a
# value that is not 3 digits.
HAVEN_LA_NUMBER = env.str("HAVEN_LA_NUMBER", default="999")

# The public "report a concern" pages (haven/frontdoor/public.py): the numbers to call and how
# many reports one address may send an hour. The default numbers are Ofcom's drama numbers.
HAVEN_CHILDRENS_SERVICES_PHONE = env.str("HAVEN_CHILDRENS_SERVICES_PHONE", default="01632 960 000")
HAVEN_CHILDRENS_SERVICES_HOURS = env.str(
    "HAVEN_CHILDRENS_SERVICES_HOURS", default="Monday to Friday, 9am to 5pm"
)
HAVEN_CHILDRENS_SERVICES_OUT_OF_HOURS_PHONE = env.str(
    "HAVEN_CHILDRENS_SERVICES_OUT_OF_HOURS_PHONE", default="01632 960 999"
)
HAVEN_PUBLIC_CONCERNS_PER_HOUR = env.int("HAVEN_PUBLIC_CONCERNS_PER_HOUR", default=5)

# Email (haven/notifications): the outbox sends through this SMTP server. EMAIL_TIMEOUT bounds
# each step of a send, so a mail server that stops answering cannot hold up a request or the
# worker. HAVEN_NOTIFICATIONS_SEND_ON_COMMIT tries each message straight after the change that
# enqueued it commits; the `send_notifications` worker sends whatever that leaves.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Haven <haven@localhost>")
HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = env.bool("HAVEN_NOTIFICATIONS_SEND_ON_COMMIT", default=True)

# Structured logs (security reference R13, R14): one JSON object per line on stderr, UTC
# times, a request id, no query strings and no exception messages. See haven/core/logging.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_query_strings": {"()": "haven.core.logging.RedactQueryStrings"}},
    "formatters": {"json": {"()": "haven.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact_query_strings"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's defaults give these their own plain handlers: django.server's prints whole
        # request lines, and mail_admins would email the request and a traceback's local
        # variables. Send both through the handler above instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # SQL is logged at DEBUG with its parameters (names, NHS numbers, note text).
        "django.db.backends": {"level": "INFO"},
    },
}

# The inspection lens runs its measures side by side on this many database connections
# (haven.inspection.selectors.lens_results); 1 runs them one after another. By default one per
# core up to 4: more connections than cores made the page slower (docs/benchmarks.md).
HAVEN_LENS_CONNECTIONS = env.int("HAVEN_LENS_CONNECTIONS", default=min(4, os.cpu_count() or 1))
# PostgreSQL's parallel workers for each of those connections' queries: none by default, since
# the measures already keep the cores busy side by side and more processes only compete for
# them (docs/benchmarks.md). Raise it on a database server with cores to spare.
HAVEN_LENS_PARALLEL_WORKERS = env.int("HAVEN_LENS_PARALLEL_WORKERS", default=0)
