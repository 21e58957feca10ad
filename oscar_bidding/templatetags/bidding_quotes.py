"""Quote requests in templates.

``{% quote_terms product as terms %}``: how ``product`` is quoted
(:class:`oscar_bidding.quotes.QuoteTerms`: ``quote_only``), or ``None`` when
it cannot be. ``{% quote_count as count %}``: how many products the
customer's quote list holds (the session only: no query).
"""

from django import template
from oscar.core.loading import get_class

register = template.Library()

Quotability = get_class("bidding.quotes", "Quotability")
QuoteList = get_class("bidding.quotes", "QuoteList")


@register.simple_tag
def quote_terms(product):
    if not product.is_public or product.is_parent:
        return None
    return Quotability().terms(product)


@register.simple_tag(takes_context=True)
def quote_count(context):
    request = context.get("request")
    session = getattr(request, "session", None)
    return len(QuoteList(session)) if session is not None else 0
