from oscar.apps.partner import apps


class PartnerConfig(apps.PartnerConfig):
    """The shop's partner fork, made with ``oscar_fork_app``; label ``partner``."""

    name = "tests.shop_forks.partner"
