"""Benchmark settings: production-like (no debug) against a separate database, so the large
borough never mixes with the demo one (`make bench`)."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

DEBUG = False
SECRET_KEY = "haven-benchmark-key"  # nosec B105 # noqa: S105 - benchmark-only, not production
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = env.str("HAVEN_BENCH_DATABASE", default="haven_bench")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
