"""The hidden product behind milestone lines belongs to oscar_bidding.

Every milestone line points at it, through a stock record under the vendor's
partner (:func:`oscar_bidding.services.payments.milestone_stockrecord`). That
stock record is what shows the product to the vendor in Oscar's catalogue
dashboard, whose fork (:mod:`oscar_bidding.dashboard.catalogue`) leaves it out
for vendors and refuses every change to it; deleting it is refused here, at the
model layer, whoever asks.
"""

from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from oscar_bidding.services.payments import MILESTONE_PRODUCT_UPC

BasketLine = get_model("basket", "Line")
OrderLine = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")


def is_milestone_product(product):
    return product is not None and product.upc == MILESTONE_PRODUCT_UPC


def without_milestone_product(products):
    """The products a dashboard user may pick or change: all but ours."""
    return products.exclude(upc=MILESTONE_PRODUCT_UPC)


def milestone_product_in_use(product):
    return (
        StockRecord.objects.filter(product=product).exists()
        or BasketLine.objects.filter(product=product).exists()
        or OrderLine.objects.filter(
            Q(product=product) | Q(stockrecord__product=product)
        ).exists()
    )


def require_deletable(product):
    """Refuse, as a protected foreign key would, to delete the milestone product
    in use: every vendor's stock record of it and every customer's milestone
    basket lines would go with it."""
    if is_milestone_product(product) and milestone_product_in_use(product):
        raise ProtectedError(
            _(
                "The milestone product is managed by oscar_bidding: it cannot be "
                "deleted while vendors' stock records, basket lines or order "
                "lines use it."
            ),
            {product},
        )
