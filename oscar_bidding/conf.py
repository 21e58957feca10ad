"""Read ``OSCAR_BIDDING_*`` settings, falling back to :mod:`oscar_bidding.defaults`."""

from django.conf import settings

from oscar_bidding import defaults


def setting(name):
    return getattr(settings, name, getattr(defaults, name))


def currency():
    return setting("OSCAR_BIDDING_CURRENCY") or settings.OSCAR_DEFAULT_CURRENCY
