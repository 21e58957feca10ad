from oscar.apps.basket import apps


class BasketConfig(apps.BasketConfig):
    """Replaces ``oscar.apps.basket.apps.BasketConfig`` in ``INSTALLED_APPS``."""

    name = "oscar_bidding.basket"
