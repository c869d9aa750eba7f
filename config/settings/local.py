"""Local development and the demo: bound to localhost, debug on."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import LOGGING

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="haven-local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The demo accounts (sw.demo, tm.demo, sm.demo, hub.demo, hubmanager.demo, police.demo and
# school.demo: haven.demo.selectors.DEMO_USERNAMES) sign in with the password alone, but only from
# a browser on this computer (haven.core.mfa.demo_simple_sign_in_allowed); every other account
# still needs an authenticator app. On by default whenever DEBUG is (so by default here);
# HAVEN_DEMO_SIMPLE_SIGN_IN=false tries the full sign-in with a code.
HAVEN_DEMO_SIMPLE_SIGN_IN = env.bool("HAVEN_DEMO_SIMPLE_SIGN_IN", default=DEBUG)

# Notifications are printed at the console rather than sent (EMAIL_BACKEND=...smtp.EmailBackend
# and EMAIL_HOST to try a real mail server).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Readable log lines at the console; HAVEN_LOG_FORMAT=json shows what production writes. The same
# filter removes query strings either way.
if env.str("HAVEN_LOG_FORMAT", default="plain") != "json":
    LOGGING = {
        **LOGGING,
        "formatters": {"plain": {"()": "haven.core.logging.PlainFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "filters": ["redact_query_strings"],
            }
        },
    }
