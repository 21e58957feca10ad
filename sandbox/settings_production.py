"""The sandbox shop as it runs behind HTTPS in production.

``DJANGO_SETTINGS_MODULE=sandbox.settings_production`` with, in the environment:

- ``SECRET_KEY`` (required): a long random string, such as Django's
  ``django.core.management.utils.get_random_secret_key()`` gives;
- ``ALLOWED_HOSTS`` (required): the site's host names, comma-separated;
- ``DATABASE_URL`` (required; PostgreSQL): without it the sandbox would fall
  back to a SQLite file;
- ``CELERY_BROKER_URL``, as for the sandbox; ``EMAIL_BACKEND`` is SMTP unless set;
- ``OSCAR_BIDDING_PAYMENT_GATEWAY``: the dotted path of the shop's payment
  gateway; without it milestones go through the sandbox's DEMO gateway, which
  takes no real money, and ``check --deploy`` warns (``oscar_bidding.W301``);
- optionally ``CSRF_TRUSTED_ORIGINS`` (comma-separated ``https://`` origins),
  ``SECURE_HSTS_SECONDS`` and ``SECURE_SSL_REDIRECT=0`` when the proxy in front
  already redirects to HTTPS.

``python manage.py check --deploy`` passes with them.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from sandbox.settings import *  # noqa: F403


def env_list(name):
    return [
        item.strip() for item in os.environ.get(name, "").split(",") if item.strip()
    ]


def required(name, value):
    if not value:
        raise ImproperlyConfigured(
            f"Set {name} in the environment: sandbox.settings_production needs it."
        )
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY", os.environ.get("SECRET_KEY"))
ALLOWED_HOSTS = required("ALLOWED_HOSTS", env_list("ALLOWED_HOSTS"))
# sandbox.settings has already read it into DATABASES.
required("DATABASE_URL", os.environ.get("DATABASE_URL"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
OSCAR_BIDDING_PAYMENT_GATEWAY = os.environ.get(
    "OSCAR_BIDDING_PAYMENT_GATEWAY",
    OSCAR_BIDDING_PAYMENT_GATEWAY,  # noqa: F405
)

# HTTPS only: the proxy in front terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Real e-mail, not the console.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
