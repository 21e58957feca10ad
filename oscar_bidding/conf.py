"""Read ``OSCAR_BIDDING_*`` settings, falling back to :mod:`oscar_bidding.defaults`."""

import importlib.util

from django.conf import settings

from oscar_bidding import defaults


def setting(name):
    return getattr(settings, name, getattr(defaults, name))


def currency():
    return setting("OSCAR_BIDDING_CURRENCY") or settings.OSCAR_DEFAULT_CURRENCY


def uses_celery():
    """Whether e-mails go to a Celery worker: ``OSCAR_BIDDING_OUTBOX_CELERY``,
    or, when that is ``None``, whether Celery is installed."""
    chosen = setting("OSCAR_BIDDING_OUTBOX_CELERY")
    if chosen is None:
        return importlib.util.find_spec("celery") is not None
    return chosen
