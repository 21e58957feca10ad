"""The test shop with its own basket and checkout forks instead of oscar_bidding's."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

SHOP_FORKS = {
    "oscar_bidding.basket.apps.BasketConfig": (
        "tests.shop_forks.basket.apps.BasketConfig"
    ),
    "oscar_bidding.checkout.apps.CheckoutConfig": (
        "tests.shop_forks.checkout.apps.CheckoutConfig"
    ),
}

INSTALLED_APPS = [SHOP_FORKS.get(app, app) for app in INSTALLED_APPS]
