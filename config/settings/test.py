"""Settings for the test suite: fast hashing, no debug."""

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "haven-test-key"  # nosec B105 # noqa: S105 - test-only key, not production
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# As in production: the tests sign in with a code (haven.core.tests.factories, tests/browser).
HAVEN_MFA_REQUIRED = True
HAVEN_DEMO_SIMPLE_SIGN_IN = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
