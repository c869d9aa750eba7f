"""Benchmark settings: production-like (no debug), local database."""

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "haven-benchmark-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
