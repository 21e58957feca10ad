from oscar.apps.basket import apps


class BasketConfig(apps.BasketConfig):
    """The shop's basket fork; its label stays Oscar's ``basket``."""

    name = "tests.shop_forks.basket"
