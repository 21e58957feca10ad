from oscar.apps.order import apps


class OrderConfig(apps.OrderConfig):
    """The shop's order fork, made with ``oscar_fork_app``; label ``order``."""

    name = "tests.shop_forks.order"
