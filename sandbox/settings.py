"""A plain Oscar shop with oscar_bidding wired as docs/installation.rst tells shops to.

SQLite by default so that one command gives a working shop; ``DATABASE_URL``
selects another database (PostgreSQL in the tests). Celery runs tasks eagerly
unless ``CELERY_BROKER_URL`` is set.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from oscar.defaults import *  # noqa: F403

from oscar_bidding.navigation import MARKETPLACE_MANAGEMENT

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("SECRET_KEY", "sandbox-only-not-secret")
DEBUG = os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    # oscar_bidding comes first so that its templates extend Oscar's.
    "oscar_bidding.apps.BiddingConfig",
    "oscar_bidding.dashboard.apps.BiddingDashboardConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar_bidding.checkout.apps.CheckoutConfig",  # replaces Oscar's checkout
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar_bidding.basket.apps.BasketConfig",  # replaces Oscar's basket
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar_bidding.dashboard.orders.apps.OrdersDashboardConfig",  # replaces Oscar's
    # replaces Oscar's catalogue dashboard
    "oscar_bidding.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "oscar_bidding.basket.middleware.BasketLockMiddleware",
]

ROOT_URLCONF = "sandbox.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = (
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)

# Oscar's storefront searches products in "default"; the vendors' Open Projects
# search has its own connection, so that no project ever shows in the storefront.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": os.environ.get("WHOOSH_PATH", str(BASE_DIR / "whoosh_index")),
        "INCLUDE_SPELLING": True,
        "EXCLUDED_INDEXES": ["oscar_bidding.search_indexes.ProjectIndex"],
    },
    "bidding": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": os.environ.get(
            "WHOOSH_PROJECTS_PATH", str(BASE_DIR / "whoosh_projects_index")
        ),
        "EXCLUDED_INDEXES": ["oscar.apps.search.search_indexes.ProductIndex"],
    },
}
HAYSTACK_ROUTERS = [
    "oscar_bidding.search_routers.ProjectRouter",
    "haystack.routers.DefaultRouter",
]
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.RealtimeSignalProcessor"

LANGUAGE_CODE = "en-gb"
# The languages of Oscar's language switcher: oscar_bidding ships German and
# American English (which says "cart"), Oscar ships them all.
LANGUAGES = [
    ("en-gb", "British English"),
    ("en-us", "American English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BEAT_SCHEDULE = {
    "bidding-relay-outbox": {
        "task": "oscar_bidding.tasks.relay_outbox",
        "schedule": 60.0,
    },
    "bidding-reconcile-payments": {
        "task": "oscar_bidding.tasks.reconcile_payments",
        "schedule": 300.0,
    },
    "bidding-auto-approve": {
        "task": "oscar_bidding.tasks.auto_approve",
        "schedule": 3600.0,
    },
}

OSCAR_SHOP_NAME = "Bidding sandbox"
OSCAR_DEFAULT_CURRENCY = "GBP"
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Complete", "Cancelled"),
    "Being processed": ("Complete", "Cancelled"),
    "Complete": ("Refunded",),
    "Cancelled": (),
    "Refunded": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
# DEMO: takes no real money (sandbox/gateway.py); card 4000 0000 0000 0002 is
# declined. A shop sets its own gateway here.
OSCAR_BIDDING_PAYMENT_GATEWAY = "sandbox.gateway.DemoGateway"
DEMO_GATEWAY_LEDGER = os.environ.get(
    "DEMO_GATEWAY_LEDGER", str(BASE_DIR / "demo-gateway.jsonl")
)
OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [  # noqa: F405
    MARKETPLACE_MANAGEMENT
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"oscar_bidding": {"handlers": ["console"], "level": "INFO"}},
}

# The REST API (the ``api`` extra), as docs/api.rst tells shops to wire it:
# django-oscar-api's basket and checkout at /api/, the bidding API at
# /api/bidding/. Left out when Django REST framework is not installed.
API_INSTALLED = importlib.util.find_spec("rest_framework") is not None
if API_INSTALLED:
    # drf_spectacular needs no app, only its schema class. Installed, its
    # deployment check would generate the whole site's schema,
    # django-oscar-api's warnings included.
    INSTALLED_APPS += ["rest_framework", "oscarapi"]
    # Session cookies, with CSRF. django-oscar-api's Session-Id header sessions,
    # for trusted clients only, would replace SessionMiddleware with
    # oscarapi.middleware.HeaderSessionMiddleware (docs/api.rst).
    OSCARAPI_OVERRIDE_MODULES = ["oscar_bidding.api.oscarapi"]
    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    }
    SPECTACULAR_SETTINGS = {"TITLE": "Bidding sandbox API", "VERSION": "1"}
