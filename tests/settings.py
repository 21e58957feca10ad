"""The sandbox shop, on PostgreSQL only: the suite refuses any other database."""

import tempfile

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sandbox.settings import *  # noqa: F403

DATABASES = {"default": dj_database_url.config(env="DATABASE_URL")}
if DATABASES["default"].get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The tests run on PostgreSQL: set DATABASE_URL, or run `make test`, "
        "which starts a throwaway cluster."
    )

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
MEDIA_ROOT = tempfile.mkdtemp(prefix="bidding-media-")
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": tempfile.mkdtemp(prefix="bidding-whoosh-"),
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
