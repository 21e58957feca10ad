"""How a milestone line is priced and named: from its item, never the catalogue.

Oscar prices a basket line through ``line.purchase_info``; the basket fork's
line answers it from here for milestone lines, so the shop's own strategy keeps
pricing every other product. No offer or voucher discounts a milestone line:
the customer pays the amount the vendor and the customer agreed on.
"""

from oscar.apps.partner.availability import Available
from oscar.apps.partner.prices import FixedPrice
from oscar.apps.partner.strategy import PurchaseInfo


def milestone_purchase_info(line):
    item = line.milestone_item
    unit_tax = item.tax / item.quantity
    return PurchaseInfo(
        price=FixedPrice(line.price_currency, item.unit_price, unit_tax),
        availability=Available(),
        stockrecord=line.stockrecord,
    )


def prepare_milestone_line(line):
    """Fit the line's own, unsaved copy of the shared milestone product to the
    line, whatever the catalogue says of the product.

    Its title is the item's description, so that the basket, the checkout and
    the order lines Oscar copies from it all show the milestone's breakdown.
    It is never discountable: Oscar's offer conditions and benefits, vouchers
    included, skip the lines of a product that is not.
    """
    if line.milestone_item_id:
        item = line.milestone_item
        line.product.title = f"{item.milestone.title}: {item.description}"
        line.product.is_discountable = False
