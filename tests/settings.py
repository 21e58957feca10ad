"""The sandbox shop, on PostgreSQL only: the suite refuses any other database."""

import os
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
# Tasks run in the test's process, e-mails stay in memory; except in the real
# Celery worker tests/worker starts on these settings, with a broker and a
# folder for the e-mails it sends.
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH")
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH
    else "django.core.mail.backends.locmem.EmailBackend"
)
MEDIA_ROOT = tempfile.mkdtemp(prefix="bidding-media-")
HAYSTACK_CONNECTIONS = {
    alias: {**connection, "PATH": tempfile.mkdtemp(prefix=f"bidding-whoosh-{alias}-")}
    for alias, connection in HAYSTACK_CONNECTIONS.items()  # noqa: F405
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Oscar's checkout, which takes no money, unless a test installs a gateway: the
# sandbox's demo gateway asks for a card number (tests/functional/test_demo_gateway.py).
OSCAR_BIDDING_PAYMENT_GATEWAY = None
DEMO_GATEWAY_LEDGER = os.environ.get("DEMO_GATEWAY_LEDGER") or os.path.join(
    tempfile.mkdtemp(prefix="bidding-gateway-"), "demo-gateway.jsonl"
)
