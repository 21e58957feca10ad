"""How a milestone line is priced and named: from its item, never the catalogue.

Oscar prices a basket line through ``line.purchase_info``; the basket fork's
line answers it from here for milestone lines, so the shop's own strategy keeps
pricing every other product. No offer or voucher discounts a milestone line:
the customer pays the amount the vendor and the customer agreed on.
"""

from django.utils.translation import gettext as _
from oscar.apps.partner.availability import Available
from oscar.apps.partner.prices import FixedPrice
from oscar.apps.partner.strategy import PurchaseInfo


def milestone_purchase_info(line):
    milestone = line.milestone
    return PurchaseInfo(
        price=FixedPrice(line.price_currency, milestone.amount_excl_tax, milestone.tax),
        availability=Available(),
        stockrecord=line.stockrecord,
    )


def prepare_milestone_line(line):
    """Fit the line's own, unsaved copy of the shared milestone product to the
    line, whatever the catalogue says of the product.

    Its title is the milestone's, so that the basket, the checkout and the
    order line Oscar copies from it all name the milestone it pays.
    It is never discountable: Oscar's offer conditions and benefits, vouchers
    included, skip the lines of a product that is not.
    """
    if line.milestone_id:
        milestone = line.milestone
        line.product.title = _("Milestone %(number)s: %(title)s") % {
            "number": milestone.number,
            "title": milestone.title,
        }
        line.product.is_discountable = False
