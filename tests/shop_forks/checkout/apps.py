from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """The shop's checkout fork; its label stays Oscar's ``checkout``."""

    name = "tests.shop_forks.checkout"
