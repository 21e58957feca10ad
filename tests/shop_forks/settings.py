"""The test shop with its own fork of ``bidding`` (two services changed), its own
basket and checkout forks instead of oscar_bidding's,
and its own forks of Oscar's partner, catalogue and order apps, whose migration
histories part from Oscar's names after a while, as real shops' forks do."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

SHOP_FORKS = {
    "oscar_bidding.apps.BiddingConfig": "tests.shop_forks.bidding.apps.BiddingConfig",
    "oscar_bidding.basket.apps.BasketConfig": (
        "tests.shop_forks.basket.apps.BasketConfig"
    ),
    "oscar_bidding.checkout.apps.CheckoutConfig": (
        "tests.shop_forks.checkout.apps.CheckoutConfig"
    ),
    "oscar.apps.partner.apps.PartnerConfig": (
        "tests.shop_forks.partner.apps.PartnerConfig"
    ),
    "oscar.apps.catalogue.apps.CatalogueConfig": (
        "tests.shop_forks.catalogue.apps.CatalogueConfig"
    ),
    "oscar.apps.order.apps.OrderConfig": "tests.shop_forks.order.apps.OrderConfig",
}

INSTALLED_APPS = [SHOP_FORKS.get(app, app) for app in INSTALLED_APPS]
INSTALLED_APPS.insert(
    INSTALLED_APPS.index(SHOP_FORKS["oscar_bidding.apps.BiddingConfig"]) + 1,
    "oscar_bidding.apps.BiddingResourcesConfig",
)

# The bidding fork changes no model: it keeps the package's migrations, which
# BiddingResourcesConfig, in the package's folder, must not run again.
MIGRATION_MODULES = {
    "bidding": "oscar_bidding.migrations",
    "bidding_resources": None,
}
OSCAR_DYNAMIC_CLASS_LOADER = "oscar_bidding.loading.class_loader"
