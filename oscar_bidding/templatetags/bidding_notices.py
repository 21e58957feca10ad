"""Bid notices in templates: ``{% bid_notices as notices %}`` is ``None``,
``"count"`` or ``"lowest"`` (``OSCAR_BIDDING_BID_NOTICES``); the numbers
themselves are annotations of the page's queryset
(:mod:`oscar_bidding.bid_notices`)."""

from django import template
from oscar.core.loading import get_class

register = template.Library()

mode = get_class("bidding.bid_notices", "mode")


@register.simple_tag
def bid_notices():
    return mode()
