"""Terms and conditions in templates.

``{% shop_terms as shop %}``: the shop's terms now (``title``, ``url``,
``text``) or ``None``. ``{% project_terms project as terms %}``: a project's
terms now (:class:`oscar_bidding.terms.Terms`).
"""

from django import template
from oscar.core.loading import get_class

register = template.Library()

Terms = get_class("bidding.terms", "Terms")
read_shop_terms = get_class("bidding.terms", "shop_terms")


@register.simple_tag
def shop_terms():
    return read_shop_terms()


@register.simple_tag
def project_terms(project):
    return Terms(project)
