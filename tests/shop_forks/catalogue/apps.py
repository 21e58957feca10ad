from oscar.apps.catalogue import apps


class CatalogueConfig(apps.CatalogueConfig):
    """The shop's catalogue fork, made with ``oscar_fork_app``; label ``catalogue``."""

    name = "tests.shop_forks.catalogue"
