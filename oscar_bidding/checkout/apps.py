from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """Replaces ``oscar.apps.checkout.apps.CheckoutConfig`` in ``INSTALLED_APPS``."""

    name = "oscar_bidding.checkout"
